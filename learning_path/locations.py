"""Where every part of a curriculum is written: one file's positions, packed, and the
merged curriculum's map from topics, goals and patches to the files that wrote them
(behind :meth:`learning_path.model.Curriculum.locate`).

A large curriculum has millions of positions and needs a handful of them, for
messages; keeping libyaml's node tree around to look them up cost more memory than
everything else loaded. A file's index keeps only the positions a message can name,
as integers in one array.
"""

from __future__ import annotations

from array import array
from typing import Any

from .errors import Location

_LISTS = {
    "prerequisites": "prereq",
    "after": "after",
    "replaces": "replaces",
    "resources": "resource",
    "targets": "target",
}
"""List fields whose items are located one by one, and the key each item gets."""
_ITEM_FIELDS = {item: name for name, item in _LISTS.items()}

ENTRY_SECTIONS = {"topics": "topic", "goals": "goal", "patch": "patch"}
"""Top-level sections whose entries are located, and the kind of key each entry gets."""

_COLUMN_BITS = 32
_COLUMN_MASK = (1 << _COLUMN_BITS) - 1


def pack(line: int, column: int) -> int:
    """One position (0-based line and column, as libyaml's marks) as one integer."""
    return (line << _COLUMN_BITS) | column


class FileIndex:
    """Where the parts of one file are written.

    Keys: ``("section", name)`` for a top-level key; ``(kind, id)`` for a topic, goal
    or patch entry (kind ``topic``, ``goal`` or ``patch``); ``(kind, id, field)`` for
    one of its keys; ``(kind, id, field, index)`` for an item of one of its lists;
    ``("remove", index)`` for an item of ``remove``; ``("value", name)`` for the value
    of a top-level key.

    Filled in document order by the reader (:mod:`learning_path.yamlread`): an
    entry's positions are ``[key, number of fields]`` then, for each field, ``[field
    code, key, number of items, item...]`` in :attr:`marks`. Where a key is written
    twice (an error reported elsewhere), the first one counts, as for a reader of
    the file.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.root = 0
        self.sections: dict[str, tuple[int, int]] = {}
        """Top-level key -> (position of the key, position of its value)."""
        self.remove: list[int] = []
        self.entries: dict[str, dict[str, int]] = {kind: {} for kind in ENTRY_SECTIONS.values()}
        """Kind -> entry id -> offset of the entry in :attr:`marks`."""
        self.fields: list[str] = []
        """Field names by code (a curriculum uses a dozen)."""
        self.codes: dict[str, int] = {}
        self.marks = array("q")

    # --- filling (the reader) -----------------------------------------------------------

    def field_code(self, name: str) -> int:
        code = self.codes.get(name)
        if code is None:
            code = self.codes[name] = len(self.fields)
            self.fields.append(name)
        return code

    # --- looking up ---------------------------------------------------------------------

    def _location(self, position: int) -> Location:
        return Location(self.path, (position >> _COLUMN_BITS) + 1, (position & _COLUMN_MASK) + 1)

    def _field(self, offset: int, name: str) -> tuple[int, int] | None:
        """(key position, offset of the items count) of field ``name`` of an entry."""
        code = self.codes.get(name)
        if code is None:
            return None
        marks = self.marks
        at = offset + 2
        for _ in range(marks[offset + 1]):
            if marks[at] == code:
                return marks[at + 1], at + 2
            at += 3 + marks[at + 2]
        return None

    def get(self, key: tuple[str, ...]) -> Location | None:
        kind = key[0]
        if kind == "section":
            found = self.sections.get(key[1])
            return None if found is None else self._location(found[0])
        if kind == "value":
            found = self.sections.get(key[1])
            return None if found is None else self._location(found[1])
        if kind == "remove":
            index = int(key[1])
            return self._location(self.remove[index]) if index < len(self.remove) else None
        entries = self.entries.get(kind)
        offset = None if entries is None else entries.get(key[1])
        if offset is None:
            return None
        if len(key) == 2:
            return self._location(self.marks[offset])
        field = self._field(offset, key[2])
        if field is None:
            return None
        if len(key) == 3:
            return self._location(field[0])
        index, count = int(key[3]), self.marks[field[1]]
        return self._location(self.marks[field[1] + 1 + index]) if index < count else None

    def __getitem__(self, key: tuple[str, ...]) -> Location:
        found = self.get(key)
        return found if found is not None else Location(self.path)

    def __contains__(self, key: tuple[str, ...]) -> bool:
        return self.get(key) is not None

    def start(self) -> Location:
        """Where the file's document starts."""
        return self._location(self.root)

    def to_data(self) -> tuple[Any, ...]:
        """Everything the index holds, as plain data (to compare two indexes)."""
        return (
            self.path,
            self.root,
            self.sections,
            self.remove,
            self.entries,
            self.fields,
            self.marks.tobytes(),
        )


class Locations:
    """Where every part of a merged curriculum comes from (see Curriculum.locate).

    Remembers which file defined each topic and goal and which patches changed
    which fields, and asks those files' indexes when a location is needed.
    """

    def __init__(self) -> None:
        self.eager: dict[tuple[str, ...], Location] = {}
        self.topics: dict[str, FileIndex] = {}
        self.goals: dict[str, FileIndex] = {}
        self.patches: dict[str, list[tuple[FileIndex, frozenset[str]]]] = {}

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
