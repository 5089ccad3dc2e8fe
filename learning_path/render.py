"""Plan -> text: JSON directly, everything else through Jinja templates.

Templates load from the user's directory first (``--templates``), then the
bundled ones; ``default:NAME`` always names the bundled template, so a user
template can ``{% extends "default:plan.md.j2" %}`` and override one block.
Every user template runs in Jinja's sandbox; all run with StrictUndefined.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .errors import TemplateError
from .planner import Plan
from .resources import data_path
from .text import hours

FORMATS = {"markdown": "plan.md.j2", "html": "plan.html.j2"}
"""Output format -> bundled template name (``json`` needs no template)."""

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>~])")
"""Inline markup: emphasis, code, links, HTML and (GitHub's) ~strikethrough~."""
_MD_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
"""An ampersand that would start an entity (``&amp;``, ``&#60;``): escaped, so the
text shows as written."""
_MD_NUMBERED = re.compile(r"^(\d+)[.)](?:\s|$)")
_MD_BLOCK_START = frozenset("#+-=|~")
_MD_FIRST = _MD_BLOCK_START | {" "}
_MD_CHANGED = re.compile(
    "[\\\\`*_\\[\\]<>~&\t-\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)
"""A character :func:`_md` may change: one it escapes, or whitespace other than a
space (every character ``str.isspace`` takes, but ``' '``; a test checks the list)."""


def _md(text: str) -> str:
    """Escape the characters that would change Markdown's meaning, on one line.

    Besides inline markup, a line may not open a block: a heading (``#``), a list
    (``-``, ``+``, ``1.``), a rule, a table or a fence.
    """
    if (
        type(text) is str
        and text
        and _MD_CHANGED.search(text) is None
        and "  " not in text
        and text[0] not in _MD_FIRST
        and text[-1] != " "
        and not text[0].isdigit()
    ):  # most text: nothing to escape or join; one scan finds that out
        return text
    line = _MD_ENTITY.sub(r"\\&", _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split())))
    number = _MD_NUMBERED.match(line)
    if number is not None:
        return line[: number.end(1)] + "\\" + line[number.end(1) :]
    return "\\" + line if line[:1] in _MD_BLOCK_START else line


def _md_url(url: str) -> str:
    """A URL safe inside ``(...)``: parentheses, spaces and backslashes (a final one
    would escape the closing parenthesis) percent-encoded."""
    return url.replace("\\", "%5C").replace("(", "%28").replace(")", "%29").replace(" ", "%20")


_HTTP = re.compile(r"^https?://", re.IGNORECASE)


def _safe_url(url: str) -> str:
    """Only http(s) URLs reach a rendered link; anything else becomes '#'."""
    return url if _HTTP.match(url) else "#"


MAX_TEMPLATE_VALUE = 10_000_000
"""Longest text or list a user template may build in one step (``*``, ``ljust``,
``center``, ``join``, ``replace``...; the sandbox already bounds ``range``); past it
rendering stops instead of exhausting memory."""
MAX_INTEGER_BITS = 100_000
"""Largest integer a user template may compute (about 30,000 digits)."""
MAX_OUTPUT_CHARS = 50_000_000
"""Longest text a user template may render."""
MAX_RENDER_SECONDS = 10.0
"""Longest a user template may take to render."""
MAX_RENDER_MEMORY = 256 * 1024 * 1024
"""Memory a user template may take while rendering, beyond what the process holds."""
_WIDTH_METHODS = frozenset(["ljust", "rjust", "center", "zfill", "expandtabs"])


def _too_large(size: int) -> jinja2.exceptions.SecurityError:
    return jinja2.exceptions.SecurityError(f"a value of {size:,} items is too large")


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _DictFirst(jinja2.Environment):
    """``step.title`` on a plain dict: the key at once. Jinja tries the attribute
    first and takes the key when that raises, which is the same value for any name
    that is not an attribute of ``dict`` (``items``, ``get``...), at the price of
    an exception: a large plan has hundreds of thousands of these look-ups."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


class _Sandbox(_DictFirst, SandboxedEnvironment):
    """Jinja's sandbox, also refusing values too large to hold: ``*`` and ``**``
    results, huge integers, and the text methods that take a width or multiply text.
    (A key of a plain dict needs no check: the sandbox returns it unchecked too.)"""

    intercepted_binops = frozenset(["*", "**", "+", "-", "//", "%"])

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                sized = isinstance(seq, (str, list, tuple)) and isinstance(count, int)
                if sized and len(seq) * count > MAX_TEMPLATE_VALUE:
                    raise _too_large(len(seq) * count)
        integers = isinstance(left, int) and isinstance(right, int)
        if operator == "**" and integers and abs(left) > 1 and right * left.bit_length() > 65536:
            raise jinja2.exceptions.SecurityError("a number that large is not allowed")
        if integers and operator != "**":
            bits = left.bit_length() + right.bit_length()
            if bits > MAX_INTEGER_BITS:
                raise jinja2.exceptions.SecurityError(
                    f"a number of more than {MAX_INTEGER_BITS:,} bits is too large"
                )
        if operator == "%" and isinstance(left, str):
            _check_widths(left)
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``text.format(...)``: the format string's widths are checked first."""
        text = getattr(value, "__self__", None)
        if isinstance(text, str) and getattr(value, "__name__", "") in ("format", "format_map"):
            _check_widths(text)
        return super().wrap_str_format(value)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        text = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(text, str):
            _check_text_call(text, name, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)


def _check_text_call(text: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a call of a ``str`` method whose result would be too large to hold."""
    values = [*args, *kwargs.values()]
    if name in _WIDTH_METHODS:
        widths = [v for v in values if isinstance(v, int)]
        size = len(text) * max([1, *widths]) if name == "expandtabs" else max([0, *widths])
        if size > MAX_TEMPLATE_VALUE:
            raise _too_large(size)
    elif name == "join" and values:
        items = values[0]
        if isinstance(items, (list, tuple)):
            size = sum(len(str(i)) for i in items) + len(text) * max(0, len(items) - 1)
            if size > MAX_TEMPLATE_VALUE:
                raise _too_large(size)
    elif name == "replace" and len(values) >= 2:
        old, new = str(values[0]), str(values[1])
        count = text.count(old) if old else len(text) + 1
        size = len(text) + count * (len(new) - len(old))
        if size > MAX_TEMPLATE_VALUE:
            raise _too_large(size)


_WIDTH = re.compile(r"(?:%[-+ #0]*(?:\d*\.)?|\{[^{}]*:[^{}]*?)(\d{6,})")


def _check_widths(text: str) -> None:
    """A format string (``{:>N}``, ``%Nd``) with a width or precision past the limit."""
    for digits in _WIDTH.findall(text):
        if len(digits) > 9 or int(digits) > MAX_TEMPLATE_VALUE:
            raise _too_large(int(digits) if len(digits) <= 30 else 10**30)


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    """Jinja's ``lipsum`` with at most 100 paragraphs of at most 1,000 words."""
    from jinja2.utils import generate_lorem_ipsum

    if not (0 <= n <= 100 and 0 <= min <= 1000 and 0 <= max <= 1000):
        raise jinja2.exceptions.SecurityError("lipsum makes at most 100 paragraphs of 1,000 words")
    return str(generate_lorem_ipsum(n=n, html=html, min=min, max=max))


MAX_TEMPLATE_BYTES = 1024 * 1024
"""Largest template file read."""


class _UserLoader(jinja2.FileSystemLoader):
    """Templates from the user's directory: regular files only, size capped. Anything
    else under a template's name (a FIFO, a device, a broken symlink) is an error, not
    a read that never ends or a silent fall back to the bundled template."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        from .files import ReadError, read_capped

        pieces = jinja2.loaders.split_template_path(template)
        for searchpath in self.searchpath:
            filename = os.path.join(searchpath, *pieces)
            if not os.path.lexists(filename) or os.path.isdir(filename):
                continue
            try:
                raw = read_capped(Path(filename), MAX_TEMPLATE_BYTES)
                text = raw.decode(self.encoding)
            except ReadError as exc:
                message = f"{filename}: {exc.message}; a template must be a file"
                raise TemplateError(message) from None
            except UnicodeDecodeError:
                raise TemplateError(f"{filename}: not UTF-8 text") from None
            mtime = os.path.getmtime(filename)
            return text, os.path.normpath(filename), functools.partial(_unchanged, filename, mtime)
        raise jinja2.TemplateNotFound(template)


def _unchanged(filename: str, mtime: float) -> bool:
    try:
        return os.path.getmtime(filename) == mtime
    except OSError:
        return False


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's compiled bundled templates, kept in its per-user temporary cache
    directory so a run need not compile them again; a cache that cannot be read
    or written is simply skipped."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    try:
        return _QuietBytecodeCache()
    except (OSError, RuntimeError):  # no usable temporary directory
        return None


def _environment(templates_dir: Path | None, extra_dir: Path | None) -> jinja2.Environment:
    """User templates run sandboxed; the bundled ones alone are trusted code of ours
    and skip the sandbox's per-attribute checks (a large plan renders faster)."""
    bundled = jinja2.FileSystemLoader(str(data_path("templates")))
    loaders: list[jinja2.BaseLoader] = []
    if extra_dir is not None:
        loaders.append(_UserLoader(str(extra_dir)))
    if templates_dir is not None:
        loaders.append(_UserLoader(str(templates_dir)))
    loaders += [jinja2.PrefixLoader({"default": bundled}, delimiter=":"), bundled]
    trusted = templates_dir is None and extra_dir is None
    environment = _DictFirst if trusted else _Sandbox
    env = environment(
        loader=jinja2.ChoiceLoader(loaders),
        bytecode_cache=_bytecode_cache() if trusted else None,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "htm", "html.j2", "htm.j2"), default_for_string=False
        ),
    )
    env.filters.update(hours=hours, md=_md, md_url=_md_url, safe_url=_safe_url)
    if not trusted:
        env.globals["lipsum"] = _lipsum
    return env


def context(plan: Plan, *, graph: str | None = None, **extra: Any) -> dict[str, Any]:
    """What a template sees: the JSON data, plus ``by_id`` (step id -> step),
    ``week_dates`` (week -> (first day, last day) as ISO dates, empty without a
    start date), ``graph`` (the plan's Mermaid flowchart with ``--with-graph``,
    else None) and ``activity`` (the last weeks' study as a grid, or None); each
    step also has ``needs``, the ids of its prerequisites in the plan (those
    ``by_id`` has), worked out here once rather than filtered in the template."""
    data = plan.to_dict()
    by_id = data["by_id"] = {step["id"]: step for step in data["steps"]}
    for step in data["steps"]:
        step["needs"] = [p for p in step["prerequisites"] if p in by_id]
    data["week_dates"] = plan.week_dates()
    data["graph"] = graph
    data["activity"] = None
    data.update(extra)
    return data


def render(
    plan: Plan,
    fmt: str = "markdown",
    *,
    templates_dir: Path | None = None,
    template_file: Path | None = None,
    graph: str | None = None,
    **extra: Any,
) -> str:
    """The plan as text in ``fmt``, or through ``template_file`` when given.

    Any failure of a template (syntax, an undefined name, a sandbox refusal, a
    runtime error) raises :class:`TemplateError` as ``file:line: message``.
    """
    if fmt == "json" and template_file is None:
        return json.dumps(plan.to_dict(), indent=2, ensure_ascii=False) + "\n"
    env = _environment(templates_dir, template_file.parent if template_file else None)
    name = template_file.name if template_file is not None else FORMATS[fmt]
    data = context(plan, graph=graph, **extra)
    try:
        if not isinstance(env, _Sandbox):
            return env.get_template(name).render(data)
        with _limits():  # compiling folds constants: ``'x'|center(10**9)`` runs here
            return _bounded(env.get_template(name).generate(data))
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or exc.name or name
        raise TemplateError(f"{where}:{exc.lineno}: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template not found: {exc.name}") from None
    except _RENDER_ERRORS as exc:
        raise TemplateError(f"{_template_position(exc, name)}: {_describe(exc)}") from None


class _TooLong(Exception):
    """A user template rendered for longer than :data:`MAX_RENDER_SECONDS`."""


class _TooMuchOutput(Exception):
    """A user template rendered more than :data:`MAX_OUTPUT_CHARS` characters."""


def _bounded(chunks: Iterator[str]) -> str:
    parts: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT_CHARS:
            raise _TooMuchOutput(f"more than {MAX_OUTPUT_CHARS:,} characters of output")
        parts.append(chunk)
    return "".join(parts)


@contextlib.contextmanager
def _limits() -> Iterator[None]:
    """Stop a user template after :data:`MAX_RENDER_SECONDS` (a timer signal; only in
    the main thread) and past :data:`MAX_RENDER_MEMORY` more memory (the address
    space limit; where the platform has one), so no template runs away."""
    import signal

    def expire(signum: int, frame: Any) -> None:
        raise _TooLong(f"took longer than {MAX_RENDER_SECONDS:g} s (a loop that never ends?)")

    try:
        previous = signal.signal(signal.SIGALRM, expire)
    except (ValueError, AttributeError, OSError):  # not the main thread, or no SIGALRM
        previous = None
    else:
        signal.setitimer(signal.ITIMER_REAL, MAX_RENDER_SECONDS)
    memory = _limit_memory()
    try:
        yield
    finally:
        if previous is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        if memory is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, memory)


def _limit_memory() -> tuple[int, int] | None:
    """Lower the address-space limit to what the process uses plus the allowance;
    the old limits, to restore (None where this cannot be done)."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            used = int(statm.read().split()[0]) * resource.getpagesize()
        old = resource.getrlimit(resource.RLIMIT_AS)
        wanted = used + MAX_RENDER_MEMORY
        if old[0] != resource.RLIM_INFINITY and old[0] <= wanted:
            return None
        hard = old[1]
        resource.setrlimit(
            resource.RLIMIT_AS,
            (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard),
        )
        return old
    except (ImportError, OSError, ValueError, IndexError):
        return None


_RENDER_ERRORS = (
    jinja2.TemplateError,
    _TooLong,
    _TooMuchOutput,
    MemoryError,
    ArithmeticError,
    AttributeError,
    LookupError,
    RecursionError,
    TypeError,
    ValueError,
)
"""What a template's own code can raise while rendering (a recursive macro included)."""


def _describe(exc: Exception) -> str:
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return f"not allowed in a template: {exc}"
    if isinstance(exc, RecursionError):
        return "too deeply nested (a macro or include that calls itself?)"
    if isinstance(exc, MemoryError):
        return f"needs more than {MAX_RENDER_MEMORY // 2**20} MiB of memory; stopped"
    if isinstance(exc, (_TooLong, _TooMuchOutput)):
        return f"rendering stopped: {exc}"
    return str(exc) or type(exc).__name__


def _template_position(exc: BaseException, fallback: str) -> str:
    """file:line of the innermost template frame of a rendering error.

    Jinja rewrites the traceback so that each frame of template code becomes a
    frame whose globals hold ``__jinja_exception__``, with the template's file
    name and line; whatever the template file is called.
    """
    where = fallback
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if "__jinja_exception__" in frame.f_globals:
            where = f"{frame.f_code.co_filename}:{lineno}"
    return where
