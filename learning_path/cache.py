"""A cache of loaded curricula, so that a run whose files have not changed skips YAML
and validation.

One entry per list of layers (the paths given, resolved), in the per-user cache
directory (``platformdirs.user_cache_dir("learning-path")``; ``LEARNING_PATH_CACHE_DIR``
names another, ``LEARNING_PATH_NO_CACHE=1`` turns the cache off). An entry holds a
manifest (every file read, in order, with the name messages show for it and a digest
of its content) and the loaded curriculum; :mod:`learning_path.loader` checks the
manifest against the files as they are now and uses the curriculum only if nothing
changed.

The cache is an optimisation only. An entry is checked whole (a digest of its bytes)
before it is unpickled, and only if the file is the user's own and not writable by
others; anything wrong with it (corrupt, truncated, foreign, unreadable, stale) is a
miss, and the curriculum is loaded from its files and stored again. Entries are
written to a temporary file and renamed into place, so writers running at once
cannot leave a broken one; a directory that cannot be written is skipped.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from . import collector

DIR_VAR = "LEARNING_PATH_CACHE_DIR"
"""Names the cache directory (default: the per-user cache directory)."""
OFF_VAR = "LEARNING_PATH_NO_CACHE"
"""Set (to anything but empty or 0) to turn the cache off."""

FORMAT = 1
"""Version of the entry layout; a change makes every older entry a miss."""
_MAGIC = b"learning-path cache\n"
_DIGEST = 32
_SUFFIX = ".pickle"
_TEMP = ".tmp-"
STALE_DAYS = 30
"""Entries not used for this long are removed when another is written."""

Manifest = list[tuple[str, list[tuple[str, str, bytes]]]]
"""What a load read, in order: each layer read (a file or directory, as given, with
``extends`` bases in the order they were read) and its files as (path, shown name,
digest of the content)."""


def digest(content: bytes) -> bytes:
    """The digest of one file's content, as a manifest keeps it."""
    return hashlib.blake2b(content, digest_size=20).digest()


def directory() -> Path | None:
    """The cache directory, or None when the cache is turned off."""
    if os.environ.get(OFF_VAR, "") not in ("", "0"):
        return None
    named = os.environ.get(DIR_VAR)
    if named:
        return Path(named)
    import platformdirs

    return Path(platformdirs.user_cache_dir("learning-path"))


def entry_path(folder: Path, key: object) -> Path:
    """The file of the entry for ``key`` (plain data: what the loaded curriculum depends
    on besides its files' contents, such as the paths given), for this version of the
    tool and of the code whose objects an entry holds."""
    from . import __version__

    text = repr((FORMAT, __version__, sys.version_info[:2], _code(), key))
    return folder / (hashlib.blake2b(text.encode(), digest_size=16).hexdigest() + _SUFFIX)


_PICKLED = ("learning_path.model", "learning_path.locations", "learning_path.errors")
"""Modules whose classes an entry holds, besides networkx's."""
_RULES = ("learning_path.fileformat", "learning_path.overlays", "pydantic")
"""Modules whose rules decide what an entry holds (what is valid, how layers merge),
though none of their objects is stored in it."""


def _code() -> list[tuple[str, int, int]]:
    """Size and time of change of the source of every module whose objects an entry
    holds or whose rules made it: an upgrade of networkx or pydantic, or an edit of
    the tool's classes or of the format's rules, is a miss even where the version
    numbers stay the same (a development install)."""
    import importlib.util

    found = []
    for name in (*_PICKLED, *_RULES, "networkx"):
        try:
            spec = importlib.util.find_spec(name)
            origin = spec.origin if spec is not None else None
            info = os.stat(origin) if origin else None
        except (ImportError, ValueError, OSError):
            info = None
        found.append((name, info.st_size, info.st_mtime_ns) if info else (name, 0, 0))
    return found


class Entry:
    """A cache entry as read: its manifest now, the curriculum on demand."""

    def __init__(self, manifest: Manifest, body: memoryview, path: Path) -> None:
        self.manifest = manifest
        self._body = body
        self.path = path

    def value(self) -> Any | None:
        """The stored curriculum, or None if it cannot be read back."""
        # Reading back makes hundreds of thousands of objects and no garbage; the cyclic
        # collector, let run, takes most of the time (six times the rest at 10,000 topics).
        try:
            with collector.paused():
                value = pickle.loads(self._body)
        except Exception:  # a foreign or damaged entry is a miss, whatever it holds
            return None
        with contextlib.suppress(OSError):
            os.utime(self.path)  # recently used: not removed as stale
        return value


def read(path: Path) -> Entry | None:
    """The entry at ``path``, checked whole, or None (missing, foreign, damaged, or not
    the user's own)."""
    try:
        with open(path, "rb") as file:
            info = os.fstat(file.fileno())
            if not _trusted(info):
                return None
            blob = file.read()
    except OSError:
        return None
    head = len(_MAGIC) + _DIGEST + 8
    if len(blob) < head or not blob.startswith(_MAGIC):
        return None
    view = memoryview(blob)
    stored = view[len(_MAGIC) : len(_MAGIC) + _DIGEST]
    if hashlib.blake2b(view[len(_MAGIC) + _DIGEST :], digest_size=_DIGEST).digest() != stored:
        return None
    size = int.from_bytes(view[head - 8 : head], "little")
    try:
        manifest = pickle.loads(view[head : head + size])
    except Exception:  # a foreign or damaged entry is a miss, whatever it holds
        return None
    if not isinstance(manifest, list):
        return None
    return Entry(manifest, view[head + size :], path)


def _trusted(info: os.stat_result) -> bool:
    """A regular file of the user's own, writable by nobody else: unpickling runs what
    the file says, as importing a module's cached bytecode does."""
    getuid = getattr(os, "getuid", None)
    own = getuid is None or info.st_uid == getuid()
    return stat.S_ISREG(info.st_mode) and own and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def write(path: Path, manifest: Manifest, value: Any) -> bool:
    """Store an entry at ``path`` (atomically); False if it could not be written."""
    try:
        head = pickle.dumps(manifest, protocol=pickle.HIGHEST_PROTOCOL)
        body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # something in it does not pickle: nothing to cache
        return False
    payload = len(head).to_bytes(8, "little") + head + body
    check = hashlib.blake2b(payload, digest_size=_DIGEST).digest()
    folder = path.parent
    temp: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, temp = tempfile.mkstemp(prefix=_TEMP, dir=folder)
        with os.fdopen(fd, "wb") as file:
            file.write(_MAGIC + check + payload)
        os.replace(temp, path)
        temp = None
    except OSError:
        return False
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
    _tidy(folder, keep=path)
    return True


def _tidy(folder: Path, keep: Path) -> None:
    """Remove entries unused for :data:`STALE_DAYS` and temporary files of writers that
    died (older than an hour)."""
    now = time.time()
    try:
        with os.scandir(folder) as listing:
            for found in listing:
                name = found.name
                if name.startswith(_TEMP):
                    limit = 3600.0
                elif name.endswith(_SUFFIX) and found.path != str(keep):
                    limit = STALE_DAYS * 86400.0
                else:
                    continue
                with contextlib.suppress(OSError):
                    if now - found.stat(follow_symlinks=False).st_mtime > limit:
                        os.unlink(found.path)
    except OSError:
        return
