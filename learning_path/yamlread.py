"""Bounded YAML reading: one file's text -> plain data and the positions messages need.

Files, texts, nesting, separators and numbers are all bounded before or while
reading, each with a message located as file:line:col; no tag is ever turned into
a Python object.

Reading streams libyaml's events into plain data, recording the positions a
message may name (:class:`learning_path.locations.FileIndex`) and never holding a
node tree: memory stays proportional to the data kept. Anything out of the
ordinary (a YAML error, a repeated key, a tag, a number YAML 1.1 and 1.2 read
differently, aliases past the limits...) sends the file to the node reader:
libyaml composes the node tree and a small walker of ours builds the data from it,
refusing repeated keys, unknown tags and alias expansion past a sane limit with
messages located at the node. A good file reads the same either way (tested).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Location
from .files import ReadError, read_capped
from .locations import ENTRY_SECTIONS, FileIndex, pack

if TYPE_CHECKING:
    from .fileformat import CurriculumFile

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
_WORD_TAGS = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"}
_WORD_FIRST = frozenset(
    first
    for first, found in yaml.SafeLoader.yaml_implicit_resolvers.items()
    if first.isalpha() and {tag for tag, _ in found} <= _WORD_TAGS
)
"""First letters of plain scalars that may be a YAML 1.1 boolean or null: a word of at
most five letters (``false``), so anything else starting so is text (a title, an id)."""


def may_not_be_text(value: str) -> bool:
    """Whether the plain scalar ``value`` may resolve to something other than text
    (whether PyYAML's resolver needs to look at it)."""
    first = value[:1]
    if first not in _IMPLICIT_FIRST:
        return False
    if first not in _WORD_FIRST:
        return True
    # The resolvers' patterns end in ``$``, which also accepts one final line break.
    word = value[:-1] if value.endswith("\n") else value
    return len(word) <= 5 and word.isalpha()


class _Loader(_BaseLoader):  # type: ignore[misc]
    """libyaml's safe loader with a faster tag resolver (called once per node).

    Same tags as PyYAML's: a plain scalar whose first character cannot start a
    number, boolean, null or date is text without trying every pattern.
    """

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if implicit[0] and may_not_be_text(value):
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
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


Report = Callable[[Location, str], None]
"""Where a reader notes a problem it can read past (a repeated key, say)."""


@dataclass
class ParsedFile:
    """One parsed file: its data, where its parts are written, and its model.

    The text is kept until the file is validated, in case a message needs the node
    tree (:meth:`nodes`); :meth:`release` lets both go.
    """

    path: str
    """The file as messages show it."""
    data: dict[str, Any]
    index: FileIndex
    text: str | None = None
    root: Node | None = None
    model: CurriculumFile | None = None
    source: Path | None = None
    """The file on disk (``path`` is how messages show it)."""

    def nodes(self) -> Node:
        """The file's node tree (composed again from the text if it was not kept)."""
        if self.root is None:
            assert self.text is not None, "nodes() after release()"
            root = yaml.compose(self.text, Loader=_Loader)
            assert root is not None, "nodes() of a file that did not read"
            self.root = root
        return self.root

    def release(self, *, data: bool) -> None:
        """Drop the text and the node tree (and the data too, if ``data``)."""
        self.text = None
        self.root = None
        if data:
            self.data = {}


def location_of(path: str, node: Node) -> Location:
    """Where ``node`` starts in the file shown as ``path``."""
    mark = node.start_mark
    return Location(path, mark.line + 1, mark.column + 1)


def child(node: Node | None, part: str | int) -> tuple[Node | None, Node | None]:
    """(key node, value node) one step down ``part`` from ``node``."""
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == str(part):
                return key_node, value_node
    elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
        item = node.value[part]
        return item, item
    return None, None


class _Builder:
    """Turns a composed node tree into plain Python data, checking as it goes."""

    def __init__(self, path: str, report: Report, budget: int, chars: int) -> None:
        self.path = path
        self.report = report
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
                location_of(self.path, node),
                f"aliases repeat this text until the document holds more than "
                f"{self.chars_budget:,} characters; anchors and aliases may only repeat "
                "small parts",
            )

    def build(self, node: Node, depth: int = 0) -> Any:
        self.visits += 1
        if self.visits > self.budget:
            raise _Abort(
                location_of(self.path, node),
                f"aliases expand this document past {self.budget:,} values; "
                "anchors and aliases may only repeat small parts",
            )
        if depth > MAX_DEPTH:
            raise _Abort(location_of(self.path, node), f"nested more than {MAX_DEPTH} levels deep")
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
                self.report(location_of(self.path, key_node), "a key must be a plain string")
                continue
            key = key_node.value
            self._count(key_node, len(key))
            if key in first:
                where = location_of(self.path, first[key])
                self.report(
                    location_of(self.path, key_node),
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
            raise _Abort(location_of(self.path, node), _tag_message(node.tag))

    def _scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        value: str = node.value
        if len(value) > MAX_SCALAR_CHARS:
            raise _Abort(
                location_of(self.path, node),
                f"a text of {len(value):,} characters is longer than the limit of "
                f"{MAX_SCALAR_CHARS:,}",
            )
        self._count(node, len(value))
        if tag == _STR or tag in _PLAIN_TAGS:
            return value
        if tag in (_INT, _FLOAT):
            problem = number_problem(value)
            if problem is not None:
                raise _Abort(location_of(self.path, node), problem)
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
        raise _Abort(location_of(self.path, node), _tag_message(tag))


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


def read_file(
    path: Path,
    shown: str,
    report: Report,
    *,
    max_tokens: int = MAX_TOKENS,
    nodes: bool = False,
    on_bytes: Callable[[bytes], None] | None = None,
) -> ParsedFile | None:
    """Parse one YAML file into data and positions; None (with errors noted) on failure.

    ``shown`` is the path as messages show it; ``max_tokens`` bounds the separators
    (see :data:`MAX_TOKENS`). ``nodes`` reads through the node tree, as a file with
    problems is read anyway (for tests that compare the two readers). ``on_bytes`` is
    given the file's content once read (the loader keeps a digest of it).
    """
    where = Location(shown)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            report(
                where,
                f"file is {size / 2**20:.1f} MiB; the limit is {MAX_FILE_BYTES / 2**20:.0f} MiB",
            )
            return None
        raw = read_capped(path, MAX_FILE_BYTES)
        if on_bytes is not None:
            on_bytes(raw)
    except OSError as exc:
        report(where, f"cannot read file: {exc.strerror or exc}")
        return None
    except ReadError as exc:
        hint = "; a curriculum file must be a regular YAML file" if exc.cause == "type" else ""
        report(where, exc.message + hint)
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        report(Location(shown, line, column), "not UTF-8 text (is this a YAML file?)")
        return None
    if _flow_depth(text) > MAX_FLOW_DEPTH:
        too_deep = _Scan(text).too_deep
        if too_deep >= 0:
            line = text.count("\n", 0, too_deep) + 1
            column = too_deep - (text.rfind("\n", 0, too_deep) + 1) + 1
            report(
                Location(shown, line, column),
                f"brackets nest more than {MAX_FLOW_DEPTH} levels deep",
            )
            return None
    deep = _DEEP_BLOCK.search(text)
    if deep is not None:
        line = text.count("\n", 0, deep.start()) + 1
        report(Location(shown, line, 1), "nested too deeply (indentation or '- ' markers)")
        return None
    tokens = sum(text.count(c) for c in _TOKEN_CHARS)
    if tokens > max_tokens:  # separators in comments and quoted texts make no values
        tokens -= _Scan(text).skipped_tokens
    if tokens > max_tokens:
        report(
            where,
            f"file holds about {tokens:,} values; the limit is {max_tokens:,} "
            "(split it into several files)",
        )
        return None
    # Without aliases a document has fewer nodes than twice its separators;
    # anything past that is alias expansion.
    # Nor more characters of text than the file has.
    budget, chars = 2 * tokens + 10_000, 2 * len(text) + 1_000_000
    if nodes:
        return _read_nodes(text, shown, report, budget, chars)
    index = FileIndex(shown)
    try:
        data = _Events(text, budget, chars).read(index)
    except (_Irregular, yaml.YAMLError):
        pass  # read again below, once what was read so far is freed with the traceback
    else:
        return ParsedFile(shown, data, index, text)
    return _read_nodes(text, shown, report, budget, chars)


def _read_nodes(
    text: str, shown: str, report: Report, budget: int, chars: int
) -> ParsedFile | None:
    """Read ``text`` through libyaml's node tree, reporting every problem found."""
    where = Location(shown)
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
        report(loc, f"YAML syntax error: {problem}{context}")
        return None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        report(
            Location(shown, line, column),
            f"control character #x{exc.character:04x} is not allowed in YAML text",
        )
        return None
    except yaml.YAMLError as exc:
        report(where, "YAML error: " + " ".join(str(exc).split()))
        return None
    if root is None or (isinstance(root, ScalarNode) and root.tag == _NULL):
        report(where, "file is empty; a curriculum file starts with 'version: 1'")
        return None
    if not isinstance(root, MappingNode):
        report(location_of(shown, root), "expected a mapping of keys (version, topics, goals, ...)")
        return None
    builder = _Builder(shown, report, budget=budget, chars=chars)
    try:
        data = builder.build(root)
    except _Abort as abort:
        report(abort.location, abort.message)
        return None
    except RecursionError:
        report(where, "document is nested too deeply")
        return None
    return ParsedFile(shown, data, index_nodes(root, shown), text, root)


def index_nodes(root: Node, shown: str) -> FileIndex:
    """The positions of a node tree, as :class:`_Events` records them while reading."""
    index = FileIndex(shown)
    marks = index.marks
    index.root = _position(root)
    if not isinstance(root, MappingNode):
        return index
    for key, value in root.value:
        if not isinstance(key, ScalarNode) or key.value in index.sections:
            continue
        index.sections[key.value] = (_position(key), _position(value))
        kind = ENTRY_SECTIONS.get(key.value)
        if kind is not None and isinstance(value, MappingNode):
            entries = index.entries[kind]
            for entry_key, entry in value.value:
                if not isinstance(entry_key, ScalarNode) or entry_key.value in entries:
                    continue
                offset = entries[entry_key.value] = len(marks)
                marks.extend((_position(entry_key), 0))
                if not isinstance(entry, MappingNode):
                    continue
                for field_key, field in entry.value:
                    if not isinstance(field_key, ScalarNode):
                        continue
                    marks[offset + 1] += 1
                    marks.extend((index.field_code(field_key.value), _position(field_key)))
                    items = field.value if isinstance(field, SequenceNode) else []
                    marks.append(len(items))
                    marks.extend(_position(item) for item in items)
        elif key.value == "remove" and isinstance(value, SequenceNode):
            index.remove = [_position(item) for item in value.value]
    return index


def _position(node: Node) -> int:
    return pack(node.start_mark.line, node.start_mark.column)


class _Irregular(Exception):
    """Something :class:`_Events` leaves to the node reader, which words the message."""


_MAP, _SEQ = _TAG + "map", _TAG + "seq"
_UNTAGGED = (None, "!")


class _Events:
    """Reads one document from libyaml's event stream into plain data.

    Builds exactly what the node reader's :class:`_Builder` builds, counting values
    and characters the same way, and raises :class:`_Irregular` wherever that reader
    would report anything (or might: the checks here are never looser), so a file
    that reads here would have read there without a message. An alias shares the
    data its anchor built (nothing changes data after reading) and adds what the
    anchor counted; one where a position is recorded goes to the node reader.
    """

    def __init__(self, text: str, budget: int, chars: int) -> None:
        self.parser = _Loader(text)
        self.next = self.parser.get_event
        self.budget = budget
        self.visits = 0
        self.chars_budget = chars
        self.chars = 0
        self.deepest = 0
        """Depth of the deepest collection read so far (bounds what an anchor holds)."""
        self.anchors: dict[str, tuple[Any, int, int, int] | None] = {}
        """Anchor -> (data, values, characters, height); None while it is being read."""
        self.open_anchors: list[tuple[str, int, int, int, int]] = []
        """Anchored collections being read: (anchor, values, characters, deepest, depth)
        when each opened."""

    def read(self, index: FileIndex) -> dict[str, Any]:
        try:
            next_event = self.next
            if next_event().__class__ is not StreamStartEvent:
                raise _Irregular
            if next_event().__class__ is not DocumentStartEvent:
                raise _Irregular  # an empty file
            event = next_event()
            if event.__class__ is not MappingStartEvent or event.anchor is not None:
                raise _Irregular
            index.root = _event_position(event)
            data = self._root(event, index)
            if next_event().__class__ is not DocumentEndEvent:
                raise _Irregular
            if next_event().__class__ is not StreamEndEvent:
                raise _Irregular  # a second document
        finally:
            self.parser.dispose()
        if self.visits > self.budget or self.chars > self.chars_budget:
            raise _Irregular
        return data

    # --- the parts whose positions are recorded -------------------------------------------

    def _open(self, event: Any, depth: int, tag: str) -> None:
        """Checks and counts for a mapping or sequence starting at ``depth``."""
        self.visits += 1
        if depth >= MAX_DEPTH or (event.tag not in _UNTAGGED and event.tag != tag):
            raise _Irregular
        if event.anchor is not None:
            self._anchor_starts(event.anchor)
            self.open_anchors.append(
                (event.anchor, self.visits - 1, self.chars, self.deepest, depth)
            )
            self.deepest = depth
        elif depth > self.deepest:
            self.deepest = depth

    def _close(self, event: Any, value: Any) -> None:
        if event.anchor is None:
            return
        anchor, visits, chars, outer, depth = self.open_anchors.pop()
        deepest = self.deepest
        # Its values sit up to one level below its deepest collection.
        height = deepest - depth + 1
        self.anchors[anchor] = (value, self.visits - visits, self.chars - chars, height)
        self.deepest = max(outer, deepest)

    def _key(self, event: Any, taken: dict[str, Any]) -> str:
        if event.__class__ is not ScalarEvent or event.anchor is not None:
            raise _Irregular
        key: str = sys.intern(event.value)
        if key in taken:
            raise _Irregular
        self.chars += len(key)
        return key

    def _root(self, start: Any, index: FileIndex) -> dict[str, Any]:
        self._open(start, 0, _MAP)
        result: dict[str, Any] = {}
        next_event = self.next
        while (event := next_event()).__class__ is not MappingEndEvent:
            key = self._key(event, result)
            key_at = _event_position(event)
            event = next_event()
            if event.__class__ is AliasEvent:
                raise _Irregular
            index.sections[key] = (key_at, _event_position(event))
            kind = ENTRY_SECTIONS.get(key)
            if kind is not None and event.__class__ is MappingStartEvent:
                result[key] = self._entries(event, index, index.entries[kind])
            elif key == "remove" and event.__class__ is SequenceStartEvent:
                result[key] = self._items(event, 1, index.remove)
            else:
                result[key] = self._value(event, 1)
        self._close(start, result)
        return result

    def _entries(self, start: Any, index: FileIndex, entries: dict[str, int]) -> dict[str, Any]:
        self._open(start, 1, _MAP)
        result: dict[str, Any] = {}
        marks = index.marks
        next_event = self.next
        while (event := next_event()).__class__ is not MappingEndEvent:
            key = self._key(event, result)
            offset = entries[key] = len(marks)
            marks.append(_event_position(event))
            marks.append(0)
            event = next_event()
            if event.__class__ is MappingStartEvent:
                result[key] = self._fields(event, index, offset)
            else:
                result[key] = value = self._value(event, 2)
                if isinstance(value, dict):
                    raise _Irregular  # an alias: the positions are the anchor's
        self._close(start, result)
        return result

    def _fields(self, start: Any, index: FileIndex, offset: int) -> dict[str, Any]:
        self._open(start, 2, _MAP)
        result: dict[str, Any] = {}
        marks = index.marks
        next_event = self.next
        count = 0
        while (event := next_event()).__class__ is not MappingEndEvent:
            key = self._key(event, result)
            marks.append(index.field_code(key))
            marks.append(_event_position(event))
            count += 1
            event = next_event()
            if event.__class__ is SequenceStartEvent:
                items: list[int] = []
                result[key] = self._items(event, 3, items)
                marks.append(len(items))
                marks.extend(items)
            elif event.__class__ is ScalarEvent:
                marks.append(0)
                result[key] = self._scalar(event)
            else:
                marks.append(0)
                result[key] = value = self._value(event, 3)
                if isinstance(value, list):
                    raise _Irregular  # an alias: the positions are the anchor's
        marks[offset + 1] = count
        self._close(start, result)
        return result

    def _items(self, start: Any, depth: int, positions: list[int]) -> list[Any]:
        self._open(start, depth, _SEQ)
        result: list[Any] = []
        next_event = self.next
        while (event := next_event()).__class__ is not SequenceEndEvent:
            if event.__class__ is AliasEvent:
                raise _Irregular
            positions.append(_event_position(event))
            if event.__class__ is ScalarEvent:
                result.append(self._scalar(event))
            else:
                result.append(self._value(event, depth + 1))
        self._close(start, result)
        return result

    # --- any value ------------------------------------------------------------------------

    def _value(self, event: Any, depth: int) -> Any:
        kind = event.__class__
        if kind is ScalarEvent:
            return self._scalar(event)
        next_event = self.next
        if kind is MappingStartEvent:
            self._open(event, depth, _MAP)
            mapping: dict[str, Any] = {}
            while (key := next_event()).__class__ is not MappingEndEvent:
                name = self._key(key, mapping)
                value = next_event()
                if value.__class__ is ScalarEvent:
                    mapping[name] = self._scalar(value)
                else:
                    mapping[name] = self._value(value, depth + 1)
            self._close(event, mapping)
            return mapping
        if kind is SequenceStartEvent:
            self._open(event, depth, _SEQ)
            sequence = []
            while (item := next_event()).__class__ is not SequenceEndEvent:
                sequence.append(self._value(item, depth + 1))
            self._close(event, sequence)
            return sequence
        if kind is AliasEvent:
            return self._alias(event.anchor, depth)
        raise _Irregular

    def _scalar(self, event: Any) -> Any:
        value: str = event.value
        self.visits += 1
        self.chars += len(value)
        if len(value) > MAX_SCALAR_CHARS:
            raise _Irregular
        tag = event.tag
        if tag in _UNTAGGED:
            if not (event.implicit[0] and may_not_be_text(value)):
                if event.anchor is not None:
                    self._anchor_starts(event.anchor)
                    self.anchors[event.anchor] = (value, 1, len(value), 0)
                return value
            tag = self.parser.resolve(ScalarNode, value, event.implicit)
        result: Any
        if tag == _STR or tag in _PLAIN_TAGS:
            result = value
        elif tag in (_INT, _FLOAT):
            if number_problem(value) is not None:
                raise _Irregular
            node = ScalarNode(tag, value)
            if tag == _INT:
                result = _SCALARS.construct_yaml_int(node)
            else:
                result = _SCALARS.construct_yaml_float(node)
        elif tag == _BOOL:
            result = value.lower() == "true" if value.lower() in ("true", "false") else value
        elif tag == _NULL:
            result = None
        else:
            raise _Irregular
        if event.anchor is not None:
            self._anchor_starts(event.anchor)
            self.anchors[event.anchor] = (result, 1, len(value), 0)
        return result

    # --- anchors and aliases --------------------------------------------------------------

    def _anchor_starts(self, anchor: str) -> None:
        if anchor in self.anchors:
            raise _Irregular  # libyaml's composer refuses a repeated anchor
        self.anchors[anchor] = None

    def _alias(self, anchor: str, depth: int) -> Any:
        found = self.anchors.get(anchor)
        if found is None:
            raise _Irregular  # undefined, or an alias inside its own anchor
        value, visits, chars, height = found
        self.visits += visits
        self.chars += chars
        if (
            depth + height > MAX_DEPTH
            or self.visits > self.budget
            or self.chars > self.chars_budget
        ):
            raise _Irregular
        if depth + height - 1 > self.deepest:
            self.deepest = depth + height - 1
        return value


def _event_position(event: Any) -> int:
    mark = event.start_mark
    return pack(mark.line, mark.column)
