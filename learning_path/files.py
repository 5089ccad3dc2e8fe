"""Reading and writing the user's files without losing, overwriting or hanging on anything.

- Reads take regular files only, with a size cap enforced while reading (a device or
  a FIFO named as input is an error at once, not a read that never ends).
- Writes to a regular file go to a temporary file beside it, then a rename (never
  half a file; a reader with the old file open keeps reading the old content). A
  symlink is followed and its target replaced, so the link stays a link. Devices
  and FIFOs (``/dev/null``, ``/dev/stdout``) are written directly, never replaced.
- A temporary file left behind by a killed write is removed by the next write.
- :func:`locked` serialises read-modify-write cycles of one file across processes.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import stat
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .errors import InputError, OutputError

LOCK_TIMEOUT = 10.0
"""Seconds to wait for another run to finish changing a file before giving up."""
_TEMP_SUFFIX = ".tmp"


class ReadError(Exception):
    """A file could not be read; ``message`` says why (without the path)."""

    def __init__(self, message: str, *, cause: str = "os") -> None:
        super().__init__(message)
        self.message = message
        self.cause = cause
        """``type`` (not a regular file), ``size`` (past the limit) or ``os`` (an OS error)."""


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_capped(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``; :class:`ReadError` if it is anything
    else (device, FIFO, directory...), cannot be read, or holds more than ``limit``
    bytes (counted while reading, so a file that grows cannot get past it)."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise ReadError(os_reason(exc)) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise ReadError(f"is {kind_of(mode)}, not a regular file", cause="type")
        with contextlib.suppress(OSError, AttributeError):
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise ReadError(f"larger than the limit of {_size(limit)}", cause="size")
        return b"".join(chunks)
    except OSError as exc:
        raise ReadError(os_reason(exc)) from None
    finally:
        os.close(fd)


def _size(limit: int) -> str:
    if limit >= 1 << 20:
        return f"{limit / (1 << 20):g} MiB"
    return f"{limit / 1024:g} KiB"


def os_reason(exc: OSError) -> str:
    """Why ``exc`` stopped a read, in words."""
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT:
        return "no such file, or a broken symbolic link (its target does not exist)"
    return f"cannot read: {exc.strerror or exc}"


def same_file(one: Path | str, other: Path | str) -> bool:
    """Whether two paths name the same regular file (by device and inode, after
    symlinks): a hard link or another spelling of an input is still that input."""
    try:
        first, second = os.stat(one), os.stat(other)
    except (OSError, ValueError):
        return False
    return (
        stat.S_ISREG(first.st_mode)
        and first.st_dev == second.st_dev
        and first.st_ino == second.st_ino
    )


def write_target(path: Path) -> Path:
    """The file a write to ``path`` changes: symlinks followed (a dangling link names
    the file to create); the path itself for a device or FIFO."""
    with contextlib.suppress(OSError):
        if not stat.S_ISREG(os.stat(path).st_mode):
            return path
    if not os.path.islink(path):
        return path
    target = Path(os.path.realpath(path))
    if os.path.islink(target):
        raise OutputError(f"{path}: symbolic link loop; cannot write")
    return target


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path``: a regular file (or a new one) is replaced in one
    step, and on failure the old file stays as it was; a device or FIFO is written
    directly. Errors (a full disk, say) raise :class:`OutputError`."""
    target = write_target(path)
    try:
        mode = os.stat(target).st_mode
    except (FileNotFoundError, NotADirectoryError):
        mode = None
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise InputError(f"{path}: is a directory; name a file to write")
    if mode is not None and (not stat.S_ISREG(mode) or _is_descriptor(path)):
        _write_directly(path, text)
        return
    directory = target.parent
    if not directory.is_dir():
        what = "is not a directory" if directory.exists() else "does not exist"
        raise InputError(f"{path}: directory {directory} {what}")
    _remove_stale_temps(target)
    try:
        import tempfile

        fd, temp = tempfile.mkstemp(
            prefix=f".{target.name}.{os.getpid()}.", suffix=_TEMP_SUFFIX, dir=directory
        )
    except OSError as exc:
        raise OutputError(f"{path}: cannot write here: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        _copy_mode(target, temp)
        os.replace(temp, target)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot write: {exc.strerror}") from None
        raise


def _is_descriptor(path: Path) -> bool:
    """``/dev/stdout``, ``/dev/fd/N``, ``/proc/self/fd/N``: an open descriptor of this
    process (``-o /dev/stdout >> log`` appends to the log, as the shell set it up)."""
    name = os.path.abspath(path)
    return name.startswith(("/dev/", "/proc/"))


def _copy_mode(target: Path, temp: str) -> None:
    """Give the new file the old one's permissions (and owner, where allowed); a new
    file gets the usual ones (0666 less the umask), not mkstemp's 0600."""
    try:
        old = os.stat(target)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)
        return
    os.chmod(temp, stat.S_IMODE(old.st_mode))
    new = os.stat(temp)
    if (new.st_uid, new.st_gid) != (old.st_uid, old.st_gid):
        with contextlib.suppress(OSError):
            os.chown(temp, old.st_uid, old.st_gid)


def _write_directly(path: Path, text: str) -> None:
    """A device or FIFO: write through it, as a shell redirection would. Appending:
    a descriptor's file (``/dev/stdout >> log``) is never truncated behind the shell."""
    try:
        with open(path, "a", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None


def _remove_stale_temps(target: Path) -> None:
    """Remove temporary files of earlier writes to ``target`` whose process is gone
    (killed mid-write); another run's write in progress is left alone."""
    pattern = re.compile(re.escape(f".{target.name}.") + r"(\d+)\.[^.]*" + re.escape(_TEMP_SUFFIX))
    try:
        names = os.listdir(target.parent)
    except OSError:
        return
    for name in names:
        found = pattern.fullmatch(name)
        if found is None or _alive(int(found.group(1))):
            continue
        with contextlib.suppress(OSError):
            os.unlink(target.parent / name)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _can_create(path: Path) -> bool:
    """Whether the lock file exists or can be made (never making its directory)."""
    try:
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o644))
    except OSError:
        return False
    return True


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an OS lock on ``path`` (through a hidden ``.NAME.lock`` file beside the
    file it names) so that one run at a time reads, changes and replaces it.

    Waits while other runs keep replacing the file (a queue of runs started together
    all land, however slow the machine); fails with :class:`OutputError` when the
    file has not changed for :data:`LOCK_TIMEOUT` seconds while another run held the
    lock (a stuck run), or after :data:`LOCK_MAX_WAIT` in all. A device or FIFO needs
    no lock; where no lock file can be made (a read-only directory) the write that
    follows fails anyway, so the cycle runs unlocked and reports that write's error.
    """
    import filelock

    target = write_target(path)
    try:
        special = not stat.S_ISREG(os.stat(target).st_mode)
    except OSError:
        special = False
    lock: filelock.BaseFileLock | None = None
    lock_path = target.parent / f".{target.name}.lock"
    if not special and _can_create(lock_path):
        lock = filelock.FileLock(lock_path)
        try:
            _acquire(lock, target, path)
        except OSError:
            lock = None
    try:
        yield
    finally:
        if lock is not None:
            lock.release()


LOCK_MAX_WAIT = 300.0
"""Seconds a run waits for the lock at most, however busy the file is."""


def _acquire(lock: Any, target: Path, path: Path) -> None:
    import filelock

    start = idle_since = time.monotonic()
    seen = _version(target)
    while True:
        try:
            lock.acquire(timeout=min(0.5, LOCK_TIMEOUT))
            return
        except filelock.Timeout:
            now, version = time.monotonic(), _version(target)
            if version != seen:  # another run finished a change: the queue moves
                seen, idle_since = version, now
            if now - idle_since >= LOCK_TIMEOUT or now - start >= LOCK_MAX_WAIT:
                raise OutputError(
                    f"{path}: another learning-path run has been changing this file for "
                    f"{round(now - idle_since, 1):g} s; try again when it has finished "
                    f"(lock: {lock.lock_file})"
                ) from None


def _version(path: Path) -> tuple[int, int, int] | None:
    """Identity of the file's current content (each replace makes a new inode)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)


def refuse_input(output: Path, inputs: dict[str, Path]) -> None:
    """A usage error (exit 2) if ``output`` is the same file as one of ``inputs``
    (what -> path), however it is spelled: a symlink, a hard link, ``./x``."""
    for what, path in inputs.items():
        if same_file(output, path):
            raise InputError(
                f"-o {output} is the {what}, an input of this command; "
                "name another output file (it would be written over)"
            )


MAX_LISTED_FILES = 1000
"""How many files of a directory :func:`files_under` looks at, at most."""


def files_under(directory: Path, limit: int = MAX_LISTED_FILES) -> list[Path]:
    """Up to ``limit`` regular files in ``directory`` and its subdirectories (not
    following symlinked directories); unreadable parts are skipped."""
    found: list[Path] = []
    for root, _dirs, names in os.walk(directory):
        for name in names:
            path = Path(root, name)
            with contextlib.suppress(OSError):
                if stat.S_ISREG(os.stat(path).st_mode):
                    found.append(path)
            if len(found) >= limit:
                return found
    return found


def run_writing_stdout(run: Callable[[], object]) -> int | str | None:
    """Run a command (``run`` ends in ``SystemExit``) and return its exit code; standard
    output that cannot be written (closed, a full disk, ``/dev/full``) is one line on
    stderr and exit 1, never a traceback or a silent success."""
    if sys.stdout is None:  # started with stdout closed (`learning-path plan >&-`)
        sys.stdout = _ClosedOutput()
    code: int | str | None = 0
    try:
        run()
    except SystemExit as exit_:
        code = exit_.code
    except OSError as exc:
        if not _from_stdout(exc):
            raise
        code = _stdout_failed(exc)
    if code in (0, None) and not _stdout_works():
        code = _stdout_failed(None)
    return code


class _ClosedOutput(io.TextIOWrapper):
    """Standard output when the process started without one: every write fails."""

    def __init__(self) -> None:
        super().__init__(io.BytesIO(), encoding="utf-8")
        self.failed = False

    def write(self, text: str) -> int:
        if self.failed:
            return len(text)
        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        pass


def _from_stdout(exc: OSError) -> bool:
    """Whether ``exc`` was raised writing standard output (through ``click.echo``)."""
    import traceback

    for frame, _ in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_name == "echo" and frame.f_globals.get("__name__") == "click.utils":
            target = frame.f_locals.get("file")
            if target is sys.stdout or not frame.f_locals.get("err", True):
                return True
    return False


def _stdout_works() -> bool:
    stream = sys.stdout
    if isinstance(stream, _ClosedOutput):
        return not stream.failed
    try:
        stream.flush()
    except (OSError, ValueError):
        return False
    return True


def _stdout_failed(exc: OSError | None) -> int:
    """Report that standard output could not be written; exit code 1."""
    reason = "write failed"
    if exc is not None:
        reason = exc.strerror or str(exc)
    elif isinstance(sys.stdout, _ClosedOutput):
        reason = "standard output is closed"
    else:
        try:
            sys.stdout.flush()
        except OSError as again:
            reason = again.strerror or str(again)
        except ValueError:
            reason = "standard output is closed"
    if isinstance(sys.stdout, _ClosedOutput):
        sys.stdout.failed = True
    else:
        # Point the descriptor at /dev/null so the flush at exit cannot fail again.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        except (OSError, ValueError, io.UnsupportedOperation):
            pass
    if exc is None or exc.errno != errno.EPIPE:  # a closed pipe (`| head`) is no news
        with contextlib.suppress(OSError, ValueError, AttributeError):
            sys.stderr.write(f"error: cannot write to standard output: {reason}\n")
            sys.stderr.flush()
    return 1
