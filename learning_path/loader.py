"""YAML files -> :class:`Curriculum`, with every problem located as file:line:col.

The YAML is composed into nodes by libyaml (safe: no tag is ever turned into a
Python object), then turned into plain data by a small walker of ours that
keeps each node's position, refuses repeated keys, unknown tags and alias
expansion past a sane limit. Pydantic validates the data; its error paths are
mapped back to the nodes so each message points at the line that caused it.
Overlays (``extends``/``patch``/``remove``) are applied here too.
"""

from __future__ import annotations

import gc
import itertools
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any, ClassVar

import yaml
from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import CurriculumError, Diagnostic, Location
from .files import ReadError, kind_of, os_reason, read_capped
from .model import (
    ID_PATTERN,
    AnyOf,
    Curriculum,
    CurriculumFile,
    Goal,
    Resource,
    Topic,
    TopicPatch,
)
from .resources import data_path
from .text import did_you_mean

MAX_FILE_BYTES = 25 * 1024 * 1024
"""Larger files are refused before parsing."""
MAX_SCALAR_CHARS = 100_000
"""No field of a curriculum needs a longer text."""
MAX_DEPTH = 64
"""Curricula nest about six levels; deeper documents are refused."""
MAX_FLOW_DEPTH = 1000
"""Bracket nesting checked before libyaml runs (it recurses in C)."""
MAX_TOKENS = 3_000_000
"""Upper bound on separators (commas, colons, dashes, brackets, line breaks) in one
file, checked before parsing; the 30,000-topic benchmark file has about 1.4 million."""
_TOKEN_CHARS = ",:-[{\n"
_DEEP_BLOCK = re.compile(r"^[ \t?:-]{4096,}", re.MULTILINE)
"""A line whose structure prefix alone nests thousands of block levels."""

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_IMPLICIT_FIRST = frozenset(yaml.SafeLoader.yaml_implicit_resolvers)
"""First characters of plain scalars that may be something other than text."""


class _Loader(_BaseLoader):  # type: ignore[misc]
    """libyaml's safe loader with a faster tag resolver (called once per node).

    Same tags as PyYAML's: a plain scalar whose first character cannot start a
    number, boolean, null or date is text without trying every pattern.
    """

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if implicit[0] and value[:1] in _IMPLICIT_FIRST:
                return super().resolve(kind, value, implicit)  # type: ignore[no-any-return]
            return _STR
        return _TAG + ("seq" if kind is SequenceNode else "map")

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """No path resolvers are registered; nothing to track."""

    def ascend_resolver(self) -> None:
        """No path resolvers are registered; nothing to track."""


_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_TAG + t for t in ("str", "int", "float", "bool", "null"))
_PLAIN_TAGS = {_TAG + t for t in ("str", "timestamp", "merge")}
_SCALARS = yaml.constructor.SafeConstructor()
_ID_RE = re.compile(ID_PATTERN)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


@dataclass
class _File:
    """One parsed file: its data, its node tree (for locations) and its model."""

    path: str
    root: Node
    data: dict[str, Any]
    model: CurriculumFile | None = None
    source: Path | None = None
    """The file on disk (``path`` is how messages show it)."""


@dataclass
class _Context:
    """Diagnostics collected while loading; raised together at the end."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, location: Location, message: str) -> None:
        self.diagnostics.append(Diagnostic(location, message))

    def raise_if_any(self) -> None:
        if self.diagnostics:
            raise CurriculumError(self.diagnostics)


def _mark(path: str, node: Node) -> Location:
    mark = node.start_mark
    return Location(path, mark.line + 1, mark.column + 1)


class _Builder:
    """Turns a composed node tree into plain Python data, checking as it goes."""

    def __init__(self, path: str, ctx: _Context, budget: int, chars: int) -> None:
        self.path = path
        self.ctx = ctx
        self.budget = budget
        self.visits = 0
        self.chars_budget = chars
        """Characters of text (keys and values) the document may hold once aliases
        are expanded: a few aliases of one long text add up fast."""
        self.chars = 0

    def _count(self, node: Node, size: int) -> None:
        self.chars += size
        if self.chars > self.chars_budget:
            raise _Abort(
                _mark(self.path, node),
                f"aliases repeat this text until the document holds more than "
                f"{self.chars_budget:,} characters; anchors and aliases may only repeat "
                "small parts",
            )

    def build(self, node: Node, depth: int = 0) -> Any:
        self.visits += 1
        if self.visits > self.budget:
            raise _Abort(
                _mark(self.path, node),
                f"aliases expand this document past {self.budget:,} values; "
                "anchors and aliases may only repeat small parts",
            )
        if depth > MAX_DEPTH:
            raise _Abort(_mark(self.path, node), f"nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if isinstance(node, SequenceNode):
            self._check_tag(node, _TAG + "seq")
            return [self._child(item, depth + 1) for item in node.value]
        assert isinstance(node, MappingNode)
        self._check_tag(node, _TAG + "map")
        result: dict[str, Any] = {}
        first: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.ctx.error(_mark(self.path, key_node), "a key must be a plain string")
                continue
            key = key_node.value
            self._count(key_node, len(key))
            if key in first:
                where = _mark(self.path, first[key])
                self.ctx.error(
                    _mark(self.path, key_node),
                    f"duplicate key '{key}' (first defined at line {where.line}:{where.column})",
                )
                continue
            first[key] = key_node
            result[key] = self._child(value_node, depth + 1)
        return result

    def _child(self, node: Node, depth: int) -> Any:
        """``build`` with a fast path for the commonest node: a short text."""
        if node.__class__ is ScalarNode and node.tag == _STR:
            value: str = node.value
            if len(value) <= MAX_SCALAR_CHARS:
                self.visits += 1
                self.chars += len(value)
                if self.chars > self.chars_budget:
                    self._count(node, 0)
                return value
        return self.build(node, depth)

    def _check_tag(self, node: Node, expected: str) -> None:
        if node.tag != expected:
            raise _Abort(_mark(self.path, node), _tag_message(node.tag))

    def _scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        value: str = node.value
        if len(value) > MAX_SCALAR_CHARS:
            raise _Abort(
                _mark(self.path, node),
                f"a text of {len(value):,} characters is longer than the limit of "
                f"{MAX_SCALAR_CHARS:,}",
            )
        self._count(node, len(value))
        if tag == _STR or tag in _PLAIN_TAGS:
            return value
        if tag in (_INT, _FLOAT):
            problem = number_problem(value)
            if problem is not None:
                raise _Abort(_mark(self.path, node), problem)
            if tag == _INT:
                return _SCALARS.construct_yaml_int(node)
            return _SCALARS.construct_yaml_float(node)
        if tag == _BOOL:
            # YAML 1.2: only true/false are booleans; yes/no/on/off stay text
            # (pydantic still reads "yes" as true where a boolean is expected).
            if value.lower() in ("true", "false"):
                return value.lower() == "true"
            return value
        if tag == _NULL:
            return None
        raise _Abort(_mark(self.path, node), _tag_message(tag))


MAX_NUMBER_CHARS = 40
"""No number in a curriculum or progress file needs more characters."""
_YAML12_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_YAML12_FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)


def number_problem(text: str) -> str | None:
    """What is wrong with a plain scalar that YAML 1.1 (PyYAML) reads as a number:
    None when YAML 1.2 reads it as the same number, else a message saying what the
    two would make of it and what to write instead (so ``1:30`` never becomes 90)."""
    if len(text) > MAX_NUMBER_CHARS:
        return (
            f"a number of {len(text):,} characters is longer than the limit of "
            f"{MAX_NUMBER_CHARS}; quote it if it is text"
        )
    digits = text.lstrip("+-")
    if _YAML12_INT.fullmatch(text) or (
        _YAML12_FLOAT.fullmatch(text) and not re.fullmatch(r"0[0-9]+", digits)
    ):
        return None
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:  # pragma: no cover - PyYAML resolved it as a number
        value = text
    quote = "; write it in decimal, or quote it if it is text"
    if ":" in text:
        return (
            f"'{text}' is {value} in YAML 1.1 (base 60: 1:30 is 90) and text in YAML 1.2"
            "; write a decimal number (1.5 for an hour and a half), or quote it if it is text"
        )
    if "_" in text:
        return f"'{text}' groups digits with '_' ({value} in YAML 1.1, text in YAML 1.2){quote}"
    base = {"0x": "16", "0o": "8", "0b": "2"}.get(digits[:2].lower())
    if base is not None:
        return f"'{text}' is a number in base {base} ({value}){quote}"
    if re.fullmatch(r"[0-9]+", digits):
        return (
            f"'{text}' has a leading zero: YAML 1.1 reads it as octal {value}, YAML 1.2 "
            f"as {int(digits, 10)}; write it without the leading zero, or quote it if it is text"
        )
    return f"'{text}' is not a plain decimal number in YAML 1.2{quote}"


def _tag_message(tag: str) -> str:
    shown = "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
    return f"the tag {shown} is not allowed: a curriculum holds plain data only"


class _Abort(Exception):
    """Stops reading one file at a problem that makes the rest meaningless."""

    def __init__(self, location: Location, message: str) -> None:
        super().__init__(message)
        self.location = location
        self.message = message


def _flow_depth(text: str) -> int:
    """Deepest nesting of ``[`` and ``{`` (quotes not excluded, so an upper bound).

    libyaml composes flow collections recursively in C and crashes the process
    on tens of thousands of levels; this bounds the depth before it runs.
    """
    opens = text.count("[") + text.count("{")
    if opens <= MAX_FLOW_DEPTH:
        return opens
    brackets = _NOT_BRACKET.sub("", text)
    return max(accumulate(1 if c in "[{" else -1 for c in brackets), default=0)


_SCAN_STOPS = re.compile(r"[\[\]{}'\"#]")
_SINGLE_QUOTED = re.compile(r"'(?:[^']|'')*'")
_DOUBLE_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_LINE_START = re.compile(r"[ \t]*(?:[-?:][ \t]+)*")
_AFTER_COLON = re.compile(r":[ \t]+\Z")
_IN_FLOW = re.compile(r"[\[{,][ \t]*\Z")


class _Scan:
    """Brackets outside quoted texts and comments, for the rare file whose bracket
    count alone exceeds a limit: the real flow depth (and where it first exceeds
    :data:`MAX_FLOW_DEPTH`), and the separators that quoted texts and comments hold.

    A quote opens a quoted text only where YAML starts a value (a line's start,
    after ``- ``, ``: ``, or after ``[``, ``{`` or ``,`` inside brackets), so an
    apostrophe in plain text cannot hide brackets that libyaml would nest.
    """

    def __init__(self, text: str) -> None:
        self.too_deep = -1
        self.skipped_tokens = 0
        depth = 0
        position = 0
        while True:
            stop = _SCAN_STOPS.search(text, position)
            if stop is None:
                return
            index = stop.start()
            char = text[index]
            position = index + 1
            if char in "[{":
                depth += 1
                if depth > MAX_FLOW_DEPTH and self.too_deep < 0:
                    self.too_deep = index
            elif char in "]}":
                depth = max(0, depth - 1)
            elif char == "#":
                if index == 0 or text[index - 1] in " \t\n":
                    end = text.find("\n", index)
                    position = len(text) if end < 0 else end
                    self._skip(text, index, position)
            elif self._value_starts(text, index, depth):
                quoted = (_SINGLE_QUOTED if char == "'" else _DOUBLE_QUOTED).match(text, index)
                if quoted is not None:
                    position = quoted.end()
                    self._skip(text, index, position)

    def _skip(self, text: str, start: int, end: int) -> None:
        self.skipped_tokens += sum(text.count(c, start, end) for c in _TOKEN_CHARS)

    @staticmethod
    def _value_starts(text: str, index: int, depth: int) -> bool:
        line_start = text.rfind("\n", max(0, index - 200), index) + 1
        before = text[max(line_start, index - 200) : index]
        if line_start >= index - 200 and _LINE_START.fullmatch(before):
            return True
        tail = before[-20:]
        if _AFTER_COLON.search(tail):
            return True
        return depth > 0 and _IN_FLOW.search(tail) is not None


def _read_file(path: Path, shown: str, ctx: _Context) -> _File | None:
    """Parse one YAML file into data and nodes; None (with errors noted) on failure."""
    where = Location(shown)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            ctx.error(
                where,
                f"file is {size / 2**20:.1f} MiB; the limit is {MAX_FILE_BYTES / 2**20:.0f} MiB",
            )
            return None
        raw = read_capped(path, MAX_FILE_BYTES)
    except OSError as exc:
        ctx.error(where, f"cannot read file: {exc.strerror or exc}")
        return None
    except ReadError as exc:
        hint = "; a curriculum file must be a regular YAML file" if exc.cause == "type" else ""
        ctx.error(where, exc.message + hint)
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        ctx.error(Location(shown, line, column), "not UTF-8 text (is this a YAML file?)")
        return None
    if _flow_depth(text) > MAX_FLOW_DEPTH:
        too_deep = _Scan(text).too_deep
        if too_deep >= 0:
            line = text.count("\n", 0, too_deep) + 1
            column = too_deep - (text.rfind("\n", 0, too_deep) + 1) + 1
            ctx.error(
                Location(shown, line, column),
                f"brackets nest more than {MAX_FLOW_DEPTH} levels deep",
            )
            return None
    deep = _DEEP_BLOCK.search(text)
    if deep is not None:
        line = text.count("\n", 0, deep.start()) + 1
        ctx.error(Location(shown, line, 1), "nested too deeply (indentation or '- ' markers)")
        return None
    tokens = sum(text.count(c) for c in _TOKEN_CHARS)
    if tokens > MAX_TOKENS:  # separators in comments and quoted texts make no values
        tokens -= _Scan(text).skipped_tokens
    if tokens > MAX_TOKENS:
        ctx.error(
            where,
            f"file holds about {tokens:,} values; the limit is {MAX_TOKENS:,} "
            "(split it into several files)",
        )
        return None
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(shown, mark.line + 1, mark.column + 1) if mark else where
        problem = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        lines = text.splitlines()
        written = lines[mark.line] if mark and mark.line < len(lines) else ""
        indent = written[: mark.column + 1] if mark else ""
        if "\t" in indent and not indent.strip(" \t"):
            problem, context = "a tab in the indentation; YAML indents with spaces only", ""
        ctx.error(loc, f"YAML syntax error: {problem}{context}")
        return None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        ctx.error(
            Location(shown, line, column),
            f"control character #x{exc.character:04x} is not allowed in YAML text",
        )
        return None
    except yaml.YAMLError as exc:
        ctx.error(where, "YAML error: " + " ".join(str(exc).split()))
        return None
    if root is None or (isinstance(root, ScalarNode) and root.tag == _NULL):
        ctx.error(where, "file is empty; a curriculum file starts with 'version: 1'")
        return None
    if not isinstance(root, MappingNode):
        ctx.error(_mark(shown, root), "expected a mapping of keys (version, topics, goals, ...)")
        return None
    # Without aliases a document has fewer nodes than twice its separators;
    # anything past that is alias expansion.
    # Nor more characters of text than the file has.
    builder = _Builder(shown, ctx, budget=2 * tokens + 10_000, chars=2 * len(text) + 1_000_000)
    try:
        data = builder.build(root)
    except _Abort as abort:
        ctx.error(abort.location, abort.message)
        return None
    except RecursionError:
        ctx.error(where, "document is nested too deeply")
        return None
    return _File(shown, root, data)


# --- mapping pydantic errors back to nodes ----------------------------------------------


def _child(node: Node | None, part: str | int) -> tuple[Node | None, Node | None]:
    """(key node, value node) one step down ``part`` from ``node``."""
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == str(part):
                return key_node, value_node
    elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
        item = node.value[part]
        return item, item
    return None, None


def _model_at(path: Sequence[str | int]) -> type[BaseModel]:
    """The model class whose fields are checked at a (union-tag free) error path."""
    model: type[BaseModel] = CurriculumFile
    names = [p for p in path if isinstance(p, str)]
    if len(names) >= 2 and names[0] in ("topics", "patch", "goals"):
        sections: dict[str, type[BaseModel]] = {"topics": Topic, "patch": TopicPatch, "goals": Goal}
        model = sections[names[0]]
        rest = names[2:]
        if rest[:1] == ["resources"] and len(path) >= 4:
            model = Resource
        elif rest[:1] == ["prerequisites"] and len(path) >= 4:
            model = AnyOf
    return model


def _describe(path: Sequence[str | int]) -> str:
    """Human name of what an error path points into."""
    if len(path) >= 2 and path[0] in ("topics", "goals", "patch"):
        kind = {"topics": "topic", "goals": "goal", "patch": "patch of topic"}[str(path[0])]
        return f"{kind} '{path[1]}'"
    return "the file"


def _friendly(error: Any, path: list[str | int], value: Any) -> str:
    kind = error["type"]
    last = path[-1] if path else ""
    if kind == "extra_forbidden":
        fields = _model_at(path[:-1]).model_fields
        return f"unknown key '{last}'{did_you_mean(str(last), fields)}"
    if kind == "missing":
        return f"{_describe(path)} is missing required key '{last}'"
    if kind == "string_pattern_mismatch":
        if "://" in error["ctx"]["pattern"]:
            return f"'{value}' is not an http(s) URL"
        suggestion = re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")
        hint = f"; try '{suggestion}'" if suggestion and _ID_RE.match(suggestion) else ""
        return f"'{value}' is not a valid id: ids are lowercase kebab-case{hint}"
    if kind == "literal_error":
        if last == "version":
            return f"unsupported version {value!r}; this tool reads version 1"
        expected = error["ctx"]["expected"].replace("'", "")
        return (
            f"{last} must be one of {expected}, not {value!r}"
            f"{did_you_mean(str(value), expected.replace(' or ', ', ').split(', '))}"
        )
    if kind == "too_short" and last == "any_of":
        return f"an any_of group needs at least two topics (got {value!r})"
    if kind == "too_short" and last == "targets":
        return "a goal needs at least one target topic"
    if kind in ("bool_parsing", "bool_type"):
        return f"{last}: expected true or false, not {value!r}"
    if kind in ("float_parsing", "float_type"):
        return f"{last}: expected a number, not {value!r}"
    if kind == "finite_number":
        return f"{last}: must be a finite number (got {value!r})"
    if kind in ("greater_than", "less_than_equal", "too_short", "string_too_short"):
        label = last if isinstance(last, str) else "value"
        return f"{label}: {error['msg'][0].lower()}{error['msg'][1:]} (got {value!r})"
    label = f"{last}: " if isinstance(last, str) else ""
    return f"{label}{error['msg']}"


def _validate(file: _File, ctx: _Context) -> None:
    try:
        file.model = CurriculumFile.model_validate(file.data)
    except ValidationError as exc:
        for error in exc.errors():
            raw_path: list[str | int] = list(error["loc"])
            # Drop the tags of the prerequisite union (see model.Prerequisite).
            path = [p for i, p in enumerate(raw_path) if not _is_union_tag(raw_path, i)]
            key_node: Node | None = None
            node: Node | None = file.root
            parent: Node | None = file.root
            for part in path:
                if part == "[key]":
                    node = key_node
                    break
                parent = node
                key_node, node = _child(node, part)
                if node is None:
                    break
            if error["type"] == "extra_forbidden" and key_node is not None:
                target = key_node
            elif node is not None:
                target = node
            else:
                target = parent or file.root
            value = error.get("input")
            if path and path[-1] == "[key]":
                path = path[:-1]
            ctx.error(_mark(file.path, target), _friendly(error, path, value))
        file.model = _partial(file.data)


def _partial(data: dict[str, Any]) -> CurriculumFile | None:
    """The valid parts of a file that failed validation, so that checks across
    files (ids defined twice) still report everything in one run."""
    sections: dict[str, Any] = {}
    for key in ("name", "description", "extends", "sequence", "remove"):
        try:
            CurriculumFile.model_validate({"version": 1, key: data.get(key)})
        except ValidationError:
            continue
        sections[key] = data.get(key)
    for section, model in (("topics", Topic), ("goals", Goal), ("patch", TopicPatch)):
        entries = data.get(section)
        if not isinstance(entries, dict):
            continue
        kept = {}
        for key, value in entries.items():
            if not _ID_RE.match(str(key)):
                continue
            try:
                kept[key] = model.model_validate(value)
            except ValidationError:
                continue
        sections[section] = kept
    try:
        return CurriculumFile.model_validate({"version": 1, **sections})
    except ValidationError:
        return None


def _is_union_tag(path: list[str | int], index: int) -> bool:
    """Pydantic names the union member it tried; those parts are not in the YAML."""
    part = path[index]
    return (
        index >= 1
        and isinstance(path[index - 1], int)
        and index >= 2
        and path[index - 2] == "prerequisites"
        and isinstance(part, str)
        and part in ("id", "group")
    )


# --- locations and merging ---------------------------------------------------------------


_LISTS = {
    "prerequisites": "prereq",
    "after": "after",
    "replaces": "replaces",
    "resources": "resource",
    "targets": "target",
}
"""List fields whose items are located one by one, and the key each item gets."""
_ITEM_FIELDS = {item: name for name, item in _LISTS.items()}


class _FileIndex:
    """Where each part of one file is written, looked up only when asked for.

    Keys: ``("section", name)`` for a top-level key; ``(kind, id)`` for a topic, goal
    or patch entry (kind ``topic``, ``goal`` or ``patch``); ``(kind, id, field)`` for
    one of its keys; ``(kind, id, field, index)`` for an item of one of its lists;
    ``("remove", index)`` for an item of ``remove``. Building every location of a
    large curriculum up front costs more than the rest of loading it.
    """

    _SECTIONS: ClassVar[dict[str, str]] = {"topic": "topics", "goal": "goals", "patch": "patch"}

    def __init__(self, file: _File) -> None:
        self.file = file
        self._entries: dict[str, dict[str, tuple[Node, Node]]] = {}

    def _entry(self, kind: str, ident: str) -> tuple[Node, Node] | None:
        section = self._SECTIONS.get(kind)
        if section is None:
            return None
        if section not in self._entries:
            _, mapping = _child(self.file.root, section)
            pairs = mapping.value if isinstance(mapping, MappingNode) else []
            self._entries[section] = {
                k.value: (k, v) for k, v in reversed(pairs) if isinstance(k, ScalarNode)
            }
        return self._entries[section].get(ident)

    def get(self, key: tuple[str, ...]) -> Location | None:
        node: Node | None = None
        if key[0] == "section":
            node = _child(self.file.root, key[1])[0]
        elif key[0] == "remove":
            node = _child(_child(self.file.root, "remove")[1], int(key[1]))[1]
        else:
            entry = self._entry(key[0], key[1])
            if entry is None:
                return None
            node = entry[0]
            if len(key) >= 3:
                node, value = _child(entry[1], key[2])
                if len(key) == 4:
                    node = _child(value, int(key[3]))[1]
        return None if node is None else _mark(self.file.path, node)

    def __getitem__(self, key: tuple[str, ...]) -> Location:
        found = self.get(key)
        return found if found is not None else Location(self.file.path)

    def __contains__(self, key: tuple[str, ...]) -> bool:
        return self.get(key) is not None


class _Locations:
    """Where every part of a merged curriculum comes from (see Curriculum.locate).

    Remembers which file defined each topic and goal and which patches changed
    which fields, and asks those files' indexes only when a location is needed.
    """

    def __init__(self) -> None:
        self.eager: dict[tuple[str, ...], Location] = {}
        self.topics: dict[str, _FileIndex] = {}
        self.goals: dict[str, _FileIndex] = {}
        self.patches: dict[str, list[tuple[_FileIndex, frozenset[str]]]] = {}

    def _field(self, topic_id: str, name: str, item: str | None = None) -> Location | None:
        for index, changed in reversed(self.patches.get(topic_id, [])):
            if name in changed:
                key = ("patch", topic_id, name)
                return index.get(key if item is None else (*key, item))
        source = self.topics.get(topic_id)
        if source is None:
            return None
        key = ("topic", topic_id, name)
        return source.get(key if item is None else (*key, item))

    def get(self, key: tuple[str, ...]) -> Location | None:
        if key in self.eager:
            return self.eager[key]
        kind, ident, *rest = key if len(key) >= 2 else (key[0], "")
        if kind == "topic" and ident in self.topics:
            return self.topics[ident].get(key)
        if kind == "goal" and ident in self.goals:
            return self.goals[ident].get(key)
        if kind == "patch" and self.patches.get(ident):
            return self.patches[ident][-1][0].get(key)
        if kind == "field" and rest:
            return self._field(ident, rest[0])
        if kind == "target" and rest and ident in self.goals:
            return self.goals[ident].get(("goal", ident, "targets", rest[0]))
        if kind in _ITEM_FIELDS and rest:
            return self._field(ident, _ITEM_FIELDS[kind], rest[0])
        return None

    def __contains__(self, key: tuple[str, ...]) -> bool:
        return self.get(key) is not None


MAX_DIRECTORY_FILES = 1000
"""YAML files one curriculum directory may hold (the bundled one has ten)."""
MAX_DIRECTORY_BYTES = 100 * 1024 * 1024
"""Their total size."""
MAX_DIRECTORY_ENTRIES = 10_000
"""Entries looked at in a curriculum directory and its subdirectories, YAML or not:
naming ``/`` or ``/usr`` by mistake ends quickly."""
_YAML_SUFFIXES = (".yaml", ".yml")


def _files_of(path: Path, ctx: _Context) -> list[Path]:
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


def _shown(path: Path) -> str:
    """A path as the user would write it: ``default:NAME`` for a file of the bundled
    curriculum (never an install path), else relative to the working directory if below
    it, else as given."""
    resolved = path.resolve()
    bundled = data_path("curriculum").resolve()
    if resolved.is_relative_to(bundled) and resolved != bundled:
        return "default:" + resolved.relative_to(bundled).as_posix()
    try:
        return str(resolved.relative_to(Path.cwd().resolve()))
    except (ValueError, RuntimeError, OSError):  # elsewhere, or a symlink loop
        return str(path)


def _read_layer(path: Path, ctx: _Context) -> list[_File]:
    if not path.exists():
        ctx.error(Location(_shown(path)), "no such file or directory")
        return []
    before = len(ctx.diagnostics)
    files = _files_of(path, ctx)
    if not files:
        if len(ctx.diagnostics) == before:
            ctx.error(Location(_shown(path)), "no .yaml or .yml files in this directory")
        return []
    parsed = []
    for file_path in files:
        read = _read_file(file_path, _shown(file_path), ctx)
        if read is not None:
            read.source = file_path
            _validate(read, ctx)
            parsed.append(read)
    return parsed


class _Merger:
    """Builds one curriculum from a base and the layers applied on it.

    Within one overlay file, ``remove`` applies first (so a topic can be removed
    and defined anew), then new topics, then goals, then ``patch``.
    """

    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx
        self.curriculum = Curriculum()
        self.locations = _Locations()
        self.broken: set[str] = set()
        self.broken_at: dict[str, Location] = {}
        """Where each topic left out for its errors is written (to catch ids written twice)."""
        """Topics written in a file but dropped for errors already reported:
        patching or removing them raises no second error."""

    def add_layer(self, files: list[_File], overlay: bool) -> None:
        """Merge one ``--curriculum`` (or ``extends``) layer: a file or a directory's files."""
        earlier_topics = set(self.curriculum.topics) if overlay else set()
        earlier_goals = set(self.curriculum.goals) if overlay else set()
        for file in files:
            model = file.model
            assert model is not None
            here = _FileIndex(file)
            dropped = _dropped(file, model)
            for topic_id in sorted(dropped):
                self._note_broken(topic_id, here[("topic", topic_id)], earlier_topics)
            self.broken |= dropped
            if overlay:
                self._take_header(model, replace=True)
                self._remove(model.remove, here)
            else:
                self._take_header(model, replace=False)
                for section in ("patch", "remove"):
                    if getattr(model, section):
                        self.ctx.error(
                            here[("section", section)],
                            f"'{section}' is only allowed in an overlay (a file with "
                            "'extends', or a later --curriculum)",
                        )
            for topic_id, topic in model.topics.items():
                self._add_topic(topic_id, topic, here, earlier=topic_id in earlier_topics)
            for goal_id, goal in model.goals.items():
                replaces = goal_id in earlier_goals
                if goal_id in self.curriculum.goals and not replaces:
                    self.ctx.error(
                        here[("goal", goal_id)],
                        f"goal '{goal_id}' is defined twice (also at "
                        f"{self.locations.get(('goal', goal_id))})",
                    )
                    continue
                earlier_goals.discard(goal_id)
                self.curriculum.goals[goal_id] = goal
                self.locations.goals[goal_id] = here
            for topic_id, patch in model.patch.items():
                self._patch(topic_id, patch, here)
            self.curriculum.sources.append(file.path)
            if file.source is not None:
                self.curriculum._source_paths.append(file.source)

    def _note_broken(self, topic_id: str, where: Location, earlier: set[str]) -> None:
        """Remember a topic that failed validation; one defined twice is still reported."""
        first = self.broken_at.get(topic_id)
        if first is None and topic_id in self.curriculum.topics and topic_id not in earlier:
            first = self.locations.get(("topic", topic_id))
        if first is not None:
            self.ctx.error(where, f"topic '{topic_id}' is defined twice (also at {first})")
        else:
            self.broken_at[topic_id] = where

    def _take_header(self, model: CurriculumFile, replace: bool) -> None:
        if model.name is not None and (replace or self.curriculum.name is None):
            self.curriculum.name = model.name
        if model.description is not None and (replace or self.curriculum.description is None):
            self.curriculum.description = model.description
        if model.sequence is not None:
            self.curriculum.sequence = model.sequence

    def _add_topic(self, topic_id: str, topic: Topic, here: _FileIndex, earlier: bool) -> None:
        if topic_id in self.broken_at and not earlier:
            self.ctx.error(
                here[("topic", topic_id)],
                f"topic '{topic_id}' is defined twice (also at {self.broken_at[topic_id]})",
            )
            return
        if topic_id in self.curriculum.topics:
            hint = "; use 'patch' to change it" if earlier else ""
            self.ctx.error(
                here[("topic", topic_id)],
                f"topic '{topic_id}' is defined twice (also at "
                f"{self.locations.get(('topic', topic_id))}){hint}",
            )
            return
        self.curriculum.topics[topic_id] = topic
        self.locations.topics[topic_id] = here
        self.locations.patches.pop(topic_id, None)

    def _renamed(self, topic_id: str, where: Location) -> list[str]:
        """The topics that replace ``topic_id`` (an old id), with a note; else []."""
        if topic_id in self.curriculum.topics:
            return []
        parts = self.curriculum.replaced().get(topic_id, [])
        if parts:
            now = " and ".join(f"'{p}'" for p in parts)
            self.curriculum.notes.append(
                Diagnostic(where, f"'{topic_id}' is now {now}; read as such", severity="note")
            )
        return parts

    def _remove(self, remove: list[str], here: _FileIndex) -> None:
        for index, named in enumerate(remove):
            where = here[("remove", str(index))]
            for topic_id in self._renamed(named, where) or [named]:
                self._remove_one(topic_id, where)

    def _remove_one(self, topic_id: str, where: Location) -> None:
        if topic_id in self.curriculum.topics:
            del self.curriculum.topics[topic_id]
            self.locations.eager[("removed", topic_id)] = where
            return
        removed = self.locations.get(("removed", topic_id))
        if removed is not None:
            self.ctx.error(where, f"topic '{topic_id}' is already removed at {removed}")
        elif topic_id not in self.broken:
            self.ctx.error(
                where,
                f"cannot remove unknown topic '{topic_id}'"
                f"{did_you_mean(topic_id, self._choices())}",
            )

    def _choices(self) -> list[str]:
        """Ids a did-you-mean may suggest: topics, and old ids topics replace."""
        return [*self.curriculum.topics, *self.curriculum.replaced()]

    def _patch(self, named: str, patch: TopicPatch, here: _FileIndex) -> None:
        where = here[("patch", named)]
        for topic_id in self._renamed(named, where) or [named]:
            self._patch_one(topic_id, patch, here, where)

    def _patch_one(
        self, topic_id: str, patch: TopicPatch, here: _FileIndex, where: Location
    ) -> None:
        topic = self.curriculum.topics.get(topic_id)
        if topic is None:
            if topic_id in self.broken:
                return
            removed = self.locations.get(("removed", topic_id))
            why = (
                f"; it is removed at {removed}"
                if removed is not None
                else did_you_mean(topic_id, self._choices())
            )
            self.ctx.error(where, f"cannot patch unknown topic '{topic_id}'{why}")
            return
        changed = patch.model_fields_set
        self.curriculum.topics[topic_id] = topic.model_copy(
            update={name: getattr(patch, name) for name in changed}
        )
        self.locations.patches.setdefault(topic_id, []).append((here, frozenset(changed)))

    def result(self) -> Curriculum:
        self.curriculum._locations = self.locations
        self._rename_references()
        return self.curriculum

    def _rename_references(self) -> None:
        """Read old ids in prerequisites, ``after``, goal targets and resource frameworks
        as the topics that replace them (a split id as all of its parts), with a note."""
        curriculum = self.curriculum
        renamed = curriculum.replaced()
        if not renamed:
            return
        topics = curriculum.topics

        def old(ident: str) -> bool:
            return ident in renamed and ident not in topics

        def note(key: tuple[str, ...], ident: str) -> None:
            now = " and ".join(f"'{p}'" for p in renamed[ident])
            curriculum.notes.append(
                Diagnostic(curriculum.locate(*key), f"'{ident}' is now {now}; read as such", "note")
            )

        for topic_id, topic in list(topics.items()):
            update: dict[str, Any] = {}
            items: list[Any] = []
            extra: list[str] = []
            for index, item in enumerate(topic.prerequisites):
                key = ("prereq", topic_id, str(index))
                if isinstance(item, AnyOf):
                    if any(old(m) for m in item.any_of):
                        for member in filter(old, item.any_of):
                            note(key, member)
                        item = AnyOf(any_of=curriculum.current_ids(item.any_of))
                elif old(item):
                    note(key, item)
                    first, *rest = renamed[item]
                    item, extra = first, [*extra, *rest]
                items.append(item)
            if extra or items != topic.prerequisites:
                update["prerequisites"] = [*items, *(e for e in extra if e not in items)]
            if any(old(a) for a in topic.after):
                for index, other in enumerate(topic.after):
                    if old(other):
                        note(("after", topic_id, str(index)), other)
                update["after"] = curriculum.current_ids(topic.after)
            if any(r.framework is not None and old(r.framework) for r in topic.resources):
                resources = []
                for index, r in enumerate(topic.resources):
                    if r.framework is not None and old(r.framework):
                        note(("resource", topic_id, str(index)), r.framework)
                        r = r.model_copy(update={"framework": renamed[r.framework][0]})
                    resources.append(r)
                update["resources"] = resources
            if update:
                topics[topic_id] = topic.model_copy(update=update)
        for goal_id, goal in list(curriculum.goals.items()):
            if any(old(t) for t in goal.targets):
                for index, target in enumerate(goal.targets):
                    if old(target):
                        note(("target", goal_id, str(index)), target)
                curriculum.goals[goal_id] = goal.model_copy(
                    update={"targets": curriculum.current_ids(goal.targets)}
                )


def _dropped(file: _File, model: CurriculumFile) -> set[str]:
    """Topics of ``file`` left out of ``model`` because they failed validation."""
    entries = file.data.get("topics")
    if not isinstance(entries, dict):
        return set()
    return {key for key in entries if key not in model.topics}


def _extends_of(files: list[_File], ctx: _Context) -> tuple[str, Location, Path] | None:
    """The layer's ``extends``: its value, where it is written, and the path it names.

    Files of one directory must agree on it.
    """
    found: tuple[str, Location, Path] | None = None
    for file in files:
        assert file.model is not None and file.source is not None
        name = file.model.extends
        if name is None:
            continue
        where = _mark(file.path, _child(file.root, "extends")[1] or file.root)
        base = data_path("curriculum") if name == "default" else file.source.parent / name
        if found is None:
            found = (name, where, base)
        elif base.resolve() != found[2].resolve():
            ctx.error(
                where,
                f"extends '{name}', but {found[1]} extends '{found[0]}'; "
                "the files of one curriculum must extend the same base",
            )
    return found


MAX_EXTENDS = 64
"""Overlays one ``extends`` chain may stack (a mentor's overlay on a group's on a base...)."""


def _apply_layer(
    merger: _Merger | None, path: Path, ctx: _Context, chain: tuple[Path, ...]
) -> _Merger | None:
    """Read one layer and merge it into ``merger`` (or, first, into a new one).

    A first layer with ``extends`` is applied on its base, read first (and so on
    down a chain of overlays); a later layer always applies on the result so far.
    ``chain`` holds the resolved paths on the way, to refuse loops. None when no
    curriculum could be read (the errors are in ``ctx``).
    """
    files = [f for f in _read_layer(path, ctx) if f.model is not None]
    if not files:
        return merger
    overlay = merger is not None
    extends = _extends_of(files, ctx)
    if merger is None and extends is not None:
        name, where, base = extends
        resolved = base.resolve()
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
        merger = _apply_layer(None, base, ctx, (*chain, resolved))
        if merger is None:
            return None
        overlay = True
    if merger is None:
        merger = _Merger(ctx)
    merger.add_layer(files, overlay=overlay)
    return merger


def load(paths: Sequence[str | Path] | str | Path | None = None) -> Curriculum:
    """Read a curriculum: the bundled one, or files/directories applied in order.

    Each path after the first is an overlay on the result so far; a first path
    whose files say ``extends`` is an overlay on that base. Raises
    :class:`CurriculumError` with every problem found, each located.
    References and cycles are checked by :func:`learning_path.graph.build_graph`.
    """
    if paths is None:
        layers: list[Path] = [data_path("curriculum")]
    elif isinstance(paths, (str, Path)):
        layers = [Path(paths)]
    else:
        layers = [Path(p) for p in paths] or [data_path("curriculum")]
    ctx = _Context()
    merger: _Merger | None = None
    # Parsing makes millions of small objects and no cyclic garbage; without this
    # the cyclic collector takes most of the time on large curricula.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for layer in layers:
            merger = _apply_layer(merger, layer, ctx, (layer.resolve(),))
            if merger is None:
                break
    finally:
        if collecting:
            gc.enable()
    if ctx.diagnostics:
        error = CurriculumError(ctx.diagnostics)
        if merger is not None:
            error.partial = merger.result()
            error.broken = frozenset(merger.broken)
        raise error
    assert merger is not None
    return merger.result()
