"""Plan -> text: JSON directly, everything else through Jinja templates.

Templates load from the user's directory first (``--templates``), then the
bundled ones; ``default:NAME`` always names the bundled template, so a user
template can ``{% extends "default:plan.md.j2" %}`` and override one block.
Every user template runs in Jinja's sandbox; all run with StrictUndefined.
"""

from __future__ import annotations

import contextlib
import json
import re
import traceback
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .errors import TemplateError
from .planner import Plan
from .resources import data_path

FORMATS = {"markdown": "plan.md.j2", "html": "plan.html.j2"}
"""Output format -> bundled template name (``json`` needs no template)."""

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_MD_NUMBERED = re.compile(r"^(\d+)[.)](?:\s|$)")
_MD_BLOCK_START = frozenset("#+-=|~")


def _hours(value: float | int | None) -> str:
    """8.0 -> '8', 2.5 -> '2.5'."""
    if value is None:
        return ""
    return f"{value:g}" if value == round(value, 2) else f"{value:.2f}"


def _md(text: str) -> str:
    """Escape the characters that would change Markdown's meaning, on one line.

    Besides inline markup, a line may not open a block: a heading (``#``), a list
    (``-``, ``+``, ``1.``), a rule, a table or a fence.
    """
    line = _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    number = _MD_NUMBERED.match(line)
    if number is not None:
        return line[: number.end(1)] + "\\" + line[number.end(1) :]
    return "\\" + line if line[:1] in _MD_BLOCK_START else line


def _md_url(url: str) -> str:
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")


def _safe_url(url: str) -> str:
    """Only http(s) URLs reach a rendered link; anything else becomes '#'."""
    return url if re.match(r"^https?://", url, re.IGNORECASE) else "#"


MAX_TEMPLATE_VALUE = 10_000_000
"""Longest text or list a user template may build with ``*`` or ``**`` (the
sandbox already bounds ``range``); past it rendering stops instead of
exhausting memory."""


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, also refusing ``*`` and ``**`` results too large to hold."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                sized = isinstance(seq, (str, list, tuple)) and isinstance(count, int)
                if sized and len(seq) * count > MAX_TEMPLATE_VALUE:
                    raise jinja2.exceptions.SecurityError(
                        f"a value of {len(seq) * count:,} items is too large"
                    )
        integers = isinstance(left, int) and isinstance(right, int)
        if operator == "**" and integers and abs(left) > 1 and right * left.bit_length() > 65536:
            raise jinja2.exceptions.SecurityError("a number that large is not allowed")
        return super().call_binop(context, operator, left, right)


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
        loaders.append(jinja2.FileSystemLoader(str(extra_dir)))
    if templates_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(templates_dir)))
    loaders += [jinja2.PrefixLoader({"default": bundled}, delimiter=":"), bundled]
    trusted = templates_dir is None and extra_dir is None
    environment = jinja2.Environment if trusted else _Sandbox
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
    env.filters.update(hours=_hours, md=_md, md_url=_md_url, safe_url=_safe_url)
    return env


def context(plan: Plan, *, graph: str | None = None, **extra: Any) -> dict[str, Any]:
    """What a template sees: the JSON data, plus ``by_id`` (step id -> step),
    ``week_dates`` (week -> (first day, last day) as ISO dates, empty without a
    start date) and ``graph`` (the plan's Mermaid flowchart with ``--with-graph``,
    else None)."""
    data = plan.to_dict()
    data["by_id"] = {step["id"]: step for step in data["steps"]}
    data["week_dates"] = plan.week_dates()
    data["graph"] = graph
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
    try:
        template = env.get_template(name)
        return template.render(context(plan, graph=graph, **extra))
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or exc.name or name
        raise TemplateError(f"{where}:{exc.lineno}: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template not found: {exc.name}") from None
    except _RENDER_ERRORS as exc:
        raise TemplateError(f"{_template_position(exc, name)}: {_describe(exc)}") from None


_RENDER_ERRORS = (
    jinja2.TemplateError,
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
