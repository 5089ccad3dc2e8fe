"""learning-path: turn a curriculum of topics into a personal study plan."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Curriculum

__version__ = "0.1.0"
__all__ = ["__version__", "load_curriculum"]


def load_curriculum(
    paths: str | Path | list[str | Path] | None = None, *, cache: bool = True
) -> Curriculum:
    """The loaded, checked curriculum: the bundled one when ``paths`` is None.

    A path or a list of paths (files or directories) is applied in order, each
    later one as an overlay on the result so far. Raises
    :class:`learning_path.errors.CurriculumError` listing every problem.
    ``cache=False`` reads every file even when the cache holds the same curriculum
    (see :mod:`learning_path.cache`; ``LEARNING_PATH_NO_CACHE=1`` turns it off too).
    """
    from .errors import CurriculumError
    from .graph import build_graph
    from .loader import load

    try:
        # The graph checks run before the curriculum is cached, so the graph is too.
        curriculum = load(paths, cache=cache, check=build_graph)
    except CurriculumError as error:
        if error.partial is None:
            raise
        # Report references and cycles too, in the same run as the file errors.
        try:
            build_graph(error.partial, broken=error.broken)
        except CurriculumError as more:
            raise CurriculumError(error.diagnostics + more.diagnostics) from None
        raise
    build_graph(curriculum)
    return curriculum
