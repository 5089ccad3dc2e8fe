"""YAML files -> :class:`Curriculum`, with every problem located as file:line:col.

This module finds the files of each layer (a file, or a directory's YAML files),
follows ``extends`` chains and keeps the result in the cache
(:mod:`learning_path.cache`) for the next run; the work is done by
:mod:`learning_path.yamlread` (bounded YAML -> data and positions),
:mod:`learning_path.messages` (pydantic's errors -> located messages),
:mod:`learning_path.locations` (where each part is written) and
:mod:`learning_path.overlays` (merging the layers).
"""

from __future__ import annotations

import itertools
import os
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import cache as cache_store
from . import collector
from .errors import Context, CurriculumError, Location
from .files import ReadError, kind_of, os_reason, read_capped
from .model import Curriculum
from .resources import data_path
from .text import did_you_mean
from .yamlread import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_FLOW_DEPTH,
    MAX_SCALAR_CHARS,
    MAX_TOKENS,
    ParsedFile,
    read_file,
)

if TYPE_CHECKING:
    from .overlays import Merger

__all__ = [
    "MAX_DEPTH",
    "MAX_DIRECTORY_BYTES",
    "MAX_DIRECTORY_ENTRIES",
    "MAX_DIRECTORY_FILES",
    "MAX_EXTENDS",
    "MAX_FILE_BYTES",
    "MAX_FLOW_DEPTH",
    "MAX_SCALAR_CHARS",
    "MAX_TOKENS",
    "load",
]

MAX_DIRECTORY_FILES = 1000
"""YAML files one curriculum directory may hold (the bundled one has ten)."""
MAX_DIRECTORY_BYTES = 100 * 1024 * 1024
"""Their total size."""
MAX_DIRECTORY_ENTRIES = 10_000
"""Entries looked at in a curriculum directory and its subdirectories, YAML or not:
naming ``/`` or ``/usr`` by mistake ends quickly."""
_YAML_SUFFIXES = (".yaml", ".yml")


def _files_of(path: Path, ctx: Context) -> list[Path]:
    """The YAML files of a curriculum: ``path`` itself, or the ``*.yaml``/``*.yml``
    files of a directory and its subdirectories (hidden ones skipped), in path order.

    Anything named ``*.yaml`` that cannot be read as a file (a broken or looping
    symlink, a FIFO, a device) and any subdirectory that cannot be listed is an
    error at its path; too many entries, files or bytes stop the walk with one.
    """
    if not path.is_dir():
        return [path]
    found: list[Path] = []
    total = 0
    entries = 0
    seen: set[tuple[int, int]] = set()
    pending = [path]
    while pending:
        directory = pending.pop()
        try:
            info = directory.stat()
            if (info.st_dev, info.st_ino) in seen:
                continue  # a symlink back up the tree
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(directory) as listing:
                children = list(itertools.islice(listing, MAX_DIRECTORY_ENTRIES + 1 - entries))
        except OSError as exc:
            ctx.error(Location(_shown(directory)), f"cannot read directory: {exc.strerror}")
            continue
        entries += len(children)
        if entries > MAX_DIRECTORY_ENTRIES:
            ctx.error(
                Location(_shown(path)),
                f"more than {MAX_DIRECTORY_ENTRIES:,} entries in this directory and its "
                "subdirectories; is it a curriculum directory?",
            )
            return []
        for entry in children:
            if entry.name.startswith("."):
                continue
            child = Path(entry.path)
            try:
                info = os.stat(child)
            except OSError as exc:
                if entry.name.endswith(_YAML_SUFFIXES):  # the link, not where it points
                    ctx.error(Location(str(Path(_shown(directory), entry.name))), os_reason(exc))
                continue
            if stat.S_ISDIR(info.st_mode):
                pending.append(child)
            elif not entry.name.endswith(_YAML_SUFFIXES):
                continue
            elif not stat.S_ISREG(info.st_mode):
                ctx.error(
                    Location(_shown(child)),
                    f"is {kind_of(info.st_mode)}, not a regular file; a curriculum file "
                    "must be a regular YAML file",
                )
            else:
                found.append(child)
                total += info.st_size
                problem = ""
                if len(found) > MAX_DIRECTORY_FILES:
                    problem = f"more than {MAX_DIRECTORY_FILES:,} YAML files"
                elif total > MAX_DIRECTORY_BYTES:
                    problem = f"more than {MAX_DIRECTORY_BYTES // 2**20} MiB of YAML files"
                if problem:
                    ctx.error(
                        Location(_shown(path)),
                        f"{problem} in this directory and its subdirectories; "
                        "is it a curriculum directory?",
                    )
                    return []
    return sorted(found, key=lambda p: p.relative_to(path).as_posix())


def _resolved(path: Path) -> Path:
    """``path`` resolved, or made absolute where it cannot be (a symlink loop)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _shown(path: Path) -> str:
    """A path as the user would write it: ``default:NAME`` for a file of the bundled
    curriculum (never an install path), else relative to the working directory if below
    it, else as given."""
    resolved = _resolved(path)
    bundled = _resolved(data_path("curriculum"))
    if resolved.is_relative_to(bundled) and resolved != bundled:
        return "default:" + resolved.relative_to(bundled).as_posix()
    try:
        return str(resolved.relative_to(Path.cwd().resolve()))
    except (ValueError, RuntimeError, OSError):  # elsewhere, or a symlink loop
        return str(path)


def _read_layer(path: Path, ctx: Context, reads: cache_store.Manifest) -> list[ParsedFile]:
    """The files of one layer, read and validated (and noted in ``reads``)."""
    if not path.exists():
        looping = path.is_symlink() and _resolved(path) == path.absolute()
        ctx.error(
            Location(_shown(path)), "symbolic link loop" if looping else "no such file or directory"
        )
        return []
    before = len(ctx.diagnostics)
    files = _files_of(path, ctx)
    if not files:
        if len(ctx.diagnostics) == before:
            ctx.error(Location(_shown(path)), "no .yaml or .yml files in this directory")
        return []
    from .messages import validate_file  # pydantic: only when files are read

    parsed = []
    noted: list[tuple[str, str, bytes]] = []
    reads.append((str(path), noted))
    for file_path in files:
        shown = _shown(file_path)

        def note(content: bytes, path: Path = file_path, shown: str = shown) -> None:
            noted.append((str(path), shown, cache_store.digest(content)))

        read = read_file(file_path, shown, ctx.error, max_tokens=MAX_TOKENS, on_bytes=note)
        if read is not None:
            read.source = file_path
            valid = validate_file(read, ctx)
            # What merging needs is in the model and the index now; the data of a
            # file with errors is kept, to tell topics left out from ones never there.
            read.release(data=valid)
            parsed.append(read)
    return parsed


def _extends_of(files: list[ParsedFile], ctx: Context) -> tuple[str, Location, Path] | None:
    """The layer's ``extends``: its value, where it is written, and the path it names.

    Files of one directory must agree on it.
    """
    found: tuple[str, Location, Path] | None = None
    for file in files:
        assert file.model is not None and file.source is not None
        name = file.model.extends
        if name is None:
            continue
        where = file.index.get(("value", "extends")) or file.index.start()
        base = data_path("curriculum") if name == "default" else file.source.parent / name
        if found is None:
            found = (name, where, base)
        elif _resolved(base) != _resolved(found[2]):
            ctx.error(
                where,
                f"extends '{name}', but {found[1]} extends '{found[0]}'; "
                "the files of one curriculum must extend the same base",
            )
    return found


MAX_EXTENDS = 64
"""Overlays one ``extends`` chain may stack (a mentor's overlay on a group's on a base...)."""


def _apply_layer(
    merger: Merger | None,
    path: Path,
    ctx: Context,
    chain: tuple[Path, ...],
    reads: cache_store.Manifest,
) -> Merger | None:
    """Read one layer and merge it into ``merger`` (or, first, into a new one).

    A first layer with ``extends`` is applied on its base, read first (and so on
    down a chain of overlays); a later layer always applies on the result so far.
    ``chain`` holds the resolved paths on the way, to refuse loops. None when no
    curriculum could be read (the errors are in ``ctx``).
    """
    files = [f for f in _read_layer(path, ctx, reads) if f.model is not None]
    if not files:
        return merger
    overlay = merger is not None
    extends = _extends_of(files, ctx)
    if merger is None and extends is not None:
        name, where, base = extends
        resolved = _resolved(base)
        if len(chain) >= MAX_EXTENDS:
            ctx.error(
                where,
                f"more than {MAX_EXTENDS} files extend one another in a chain, starting "
                f"at {_shown(chain[0])}; the limit is {MAX_EXTENDS}",
            )
            return None
        if resolved in chain:
            loop = " -> ".join(_shown(p) for p in (*chain, resolved))
            ctx.error(where, f"'extends' makes a loop: {loop}")
            return None
        if not base.exists():
            hint = did_you_mean(name, ["default"])
            ctx.error(where, f"extends '{name}', but {name} does not exist{hint}")
            return None
        merger = _apply_layer(None, base, ctx, (*chain, resolved), reads)
        if merger is None:
            return None
        overlay = True
    if merger is None:
        from .overlays import Merger

        merger = Merger(ctx)
    merger.add_layer(files, overlay=overlay)
    return merger


def load(
    paths: Sequence[str | Path] | str | Path | None = None,
    *,
    cache: bool = True,
    check: Callable[[Curriculum], object] | None = None,
) -> Curriculum:
    """Read a curriculum: the bundled one, or files/directories applied in order.

    Each path after the first is an overlay on the result so far; a first path
    whose files say ``extends`` is an overlay on that base. Raises
    :class:`CurriculumError` with every problem found, each located.
    References and cycles are checked by :func:`learning_path.graph.build_graph`.

    With ``cache`` (and the cache not turned off, see :mod:`learning_path.cache`), a
    curriculum loaded before from files that have not changed since is taken from
    the cache, without reading YAML; one loaded now is stored there. ``check`` runs on
    a loaded curriculum before it is stored (:func:`learning_path.load_curriculum`
    passes the graph checks, so the graph they build is stored too); a
    :class:`CurriculumError` it raises is raised after storing the curriculum
    without what the check left on it, so the next run reports the same.
    """
    if paths is None:
        layers: list[Path] = [data_path("curriculum")]
    elif isinstance(paths, (str, Path)):
        layers = [Path(paths)]
    else:
        layers = [Path(p) for p in paths] or [data_path("curriculum")]
    folder = cache_store.directory() if cache else None
    entry: Path | None = None
    if folder is not None:
        key = (
            str(_resolved(data_path("curriculum"))),
            [str(_resolved(layer)) for layer in layers],
        )
        entry = cache_store.entry_path(folder, key)
        cached = _cached(entry)
        if cached is not None:
            found, manifest = cached
            if check is None or found.built_graph() is not None:
                return found
            return _checked(found, check, entry, manifest)
    ctx = Context()
    reads: cache_store.Manifest = []
    merger: Merger | None = None
    # Parsing makes millions of small objects and no cyclic garbage; without this
    # the cyclic collector takes most of the time on large curricula.
    with collector.paused():
        for layer in layers:
            merger = _apply_layer(merger, layer, ctx, (_resolved(layer),), reads)
            if merger is None:
                break
    if ctx.diagnostics:
        error = CurriculumError(ctx.diagnostics)
        if merger is not None:
            error.partial = merger.result()
            error.broken = frozenset(merger.broken)
        raise error
    assert merger is not None
    curriculum = merger.result()
    if check is not None:
        return _checked(curriculum, check, entry, reads)
    if entry is not None:
        cache_store.write(entry, reads, curriculum)
    return curriculum


def _checked(
    curriculum: Curriculum,
    check: Callable[[Curriculum], object],
    entry: Path | None,
    manifest: cache_store.Manifest,
) -> Curriculum:
    """``curriculum`` once ``check`` has passed, stored in the cache at ``entry`` either
    way (with the graph only if the check passed)."""
    try:
        check(curriculum)
    except CurriculumError:
        curriculum.keep_graph(None)
        if entry is not None:
            cache_store.write(entry, manifest, curriculum)
        raise
    if entry is not None:
        cache_store.write(entry, manifest, curriculum)
    return curriculum


def _cached(entry: Path) -> tuple[Curriculum, cache_store.Manifest] | None:
    """The curriculum stored at ``entry`` (and the entry's manifest) if every file it
    was read from is as it was (same files found, same names shown, same contents),
    else None."""
    found = cache_store.read(entry)
    if found is None:
        return None
    for layer, files in found.manifest:
        ctx = Context()
        paths = _files_of(Path(layer), ctx)
        if ctx.diagnostics or [str(p) for p in paths] != [f[0] for f in files]:
            return None
        for path, (_, shown, digest) in zip(paths, files, strict=True):
            if _shown(path) != shown:
                return None
            try:
                content = read_capped(path, MAX_FILE_BYTES)
            except (OSError, ReadError):
                return None
            if cache_store.digest(content) != digest:
                return None
    curriculum = found.value()
    return (curriculum, found.manifest) if isinstance(curriculum, Curriculum) else None
