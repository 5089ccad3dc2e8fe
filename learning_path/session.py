"""What a command works on: the curriculum, and the learner's progress file.

A :class:`Session` reads each lazily and once, so a command can refuse bad usage
before anything is loaded. The :func:`with_session` decorator adds the shared
``--curriculum`` and ``--progress`` options (and ``--sequence`` where asked) to a
command and hands it a session instead, as mkdocs's ``common_options`` do.
:func:`emit` and :func:`show` are the one way commands print.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import click

from .options import NO_CACHE, F, curriculum_option, progress_option, sequence_option

if TYPE_CHECKING:
    from .model import Curriculum, SequenceRule
    from .progress import Progress


class Report(Protocol):
    """What a command reports: JSON data and the text a person reads."""

    def to_dict(self) -> object:
        """Plain data for ``json.dumps``."""
        ...

    def text(self) -> str:
        """The text a person reads, ending with a newline."""
        ...


def show(report: Report, fmt: str = "text") -> None:
    """Print ``report`` as ``fmt``: ``json`` (indented, UTF-8) or ``text``."""
    if fmt == "json":
        import json

        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(report.text(), nl=False)


def emit(text: str, output: Path | None, inputs: dict[str, Path]) -> None:
    """Print to stdout, or write the file in one step (never half a file). An output
    that is one of the ``inputs`` (what -> path) is refused: never written over."""
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
        return
    from .files import refuse_input, write_atomic

    refuse_input(output, inputs)
    write_atomic(output, text)
    click.echo(f"wrote {output}", err=True)


def load(
    curricula: Sequence[Path], sequence: SequenceRule | None = None, *, cache: bool = True
) -> Curriculum:
    """The curriculum of ``--curriculum`` paths (the bundled one without), its notes
    said on stderr; ``sequence`` overrides its ordering rule; ``cache=False`` reads
    every file (see :mod:`learning_path.cache`)."""
    from . import load_curriculum

    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.find_root().meta.get(NO_CACHE):
        cache = False
    curriculum = load_curriculum(list(curricula) or None, cache=cache)
    for note in curriculum.notes:
        click.echo(str(note), err=True)
    if sequence is not None:
        curriculum.sequence = sequence
    return curriculum


@dataclass
class Session:
    """One command's curriculum and learner, each read on first use."""

    curricula: tuple[Path, ...] = ()
    progress_option: Path | None = None
    sequence: SequenceRule | None = None
    learner: bool = True
    """The command reads a progress file: a broken one is reported before the
    curriculum is read."""
    cache: bool = True
    """The curriculum may come from the cache (``validate`` always reads the files)."""
    _progress: tuple[Path, Progress] | None = field(default=None, repr=False)

    def _read_progress(self) -> tuple[Path, Progress]:
        if self._progress is None:
            from . import learner

            self._progress = learner.load(self.progress_option)
        return self._progress

    @property
    def path(self) -> Path:
        """The progress file (it may not exist yet)."""
        return self._read_progress()[0]

    @property
    def stored(self) -> Progress:
        """The progress file as written (ids of any curriculum)."""
        return self._read_progress()[1]

    @cached_property
    def curriculum(self) -> Curriculum:
        """The curriculum (after the progress file, whose errors come first)."""
        if self.learner:
            self._read_progress()
        return load(self.curricula, self.sequence, cache=self.cache)

    @cached_property
    def remembered(self) -> Progress:
        """The progress file in the curriculum's ids: old ids mapped, unknown ones left
        out (each said once on stderr)."""
        from . import learner

        return learner.usable(self.stored, self.curriculum)

    def goals(self, given: Sequence[str]) -> list[str]:
        """The goals given, else the remembered ones; neither is a usage error."""
        from . import learner

        return learner.goals_for(given, self.remembered, self.path)

    def topics(self, ids: Sequence[str]) -> list[str]:
        """``ids`` as the curriculum's topic ids (an old id said once, and mapped); an
        unknown one is a usage error with a did-you-mean."""
        from .learner import note_renamed
        from .planner import check_topic_ids

        note_renamed(self.curriculum, ids)
        return check_topic_ids(self.curriculum, ids)

    def note_renamed(self, ids: Sequence[str]) -> None:
        """Say on stderr which of ``ids`` are old ids, and what stands for them now."""
        from .learner import note_renamed

        note_renamed(self.curriculum, ids)

    def keep(self, stored: Progress) -> None:
        """``stored`` is the progress file now (written by the caller)."""
        self._progress = (self.path, stored)
        self.__dict__.pop("remembered", None)

    def remember(self, **changes: Any) -> Progress:
        """Write ``changes`` to the progress file (locked, merged with a concurrent
        writer's), if anything changed."""
        from . import learner

        updated = learner.remember(self.path, self.stored, **changes)
        self.keep(updated)
        return updated

    def inputs(
        self, templates_dir: Path | None = None, template_file: Path | None = None
    ) -> dict[str, Path]:
        """Every file this command read (or may read), named for a message."""
        from .files import files_under
        from .resources import data_path

        found = {
            f"curriculum file {shown}": Path(path)
            for shown, path in zip(
                self.curriculum.sources, self.curriculum.source_paths, strict=False
            )
        }
        if self.learner:
            found[f"progress file {self.path}"] = self.path
        if template_file is not None:
            found[f"template {template_file}"] = template_file
        for directory in (templates_dir, data_path("templates")):
            if directory is not None:
                for name in files_under(directory):
                    found[f"template {name}"] = name
        return found

    def emit(
        self,
        text: str,
        output: Path | None,
        templates_dir: Path | None = None,
        template_file: Path | None = None,
    ) -> None:
        """:func:`emit` ``text``, refusing to write over any file this command read."""
        emit(text, output, self.inputs(templates_dir, template_file))


def with_session(*, progress: bool = True, sequence: bool = False) -> Callable[[F], F]:
    """Add ``--curriculum`` (and ``--progress``, ``--sequence``) to a command, which
    then takes a ``session`` argument instead of them. The shared options come after
    the command's own in ``--help``."""

    def decorate(command: F) -> F:
        @functools.wraps(command)
        def run(
            *args: Any,
            curricula: tuple[Path, ...] = (),
            progress_path: Path | None = None,
            **kwargs: Any,
        ) -> Any:
            session = Session(curricula, progress_path, kwargs.pop("sequence", None), progress)
            return command(*args, session=session, **kwargs)

        own: list[Any] = getattr(run, "__click_params__", [])
        run.__click_params__ = []  # type: ignore[attr-defined]
        shared = [curriculum_option]
        if progress:
            shared.append(progress_option)
        if sequence:
            shared.append(sequence_option)
        for option in reversed(shared):
            option(run)
        run.__click_params__ += own  # type: ignore[attr-defined]
        return run  # type: ignore[return-value]

    return decorate
