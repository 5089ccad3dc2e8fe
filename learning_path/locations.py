"""Where every part of a curriculum is written: one file's index, looked up lazily,
and the merged curriculum's map from topics, goals and patches to the files that
wrote them (behind :meth:`learning_path.model.Curriculum.locate`)."""

from __future__ import annotations

from typing import ClassVar

from yaml.nodes import MappingNode, Node, ScalarNode

from .errors import Location
from .yamlread import ParsedFile, child, location_of

_LISTS = {
    "prerequisites": "prereq",
    "after": "after",
    "replaces": "replaces",
    "resources": "resource",
    "targets": "target",
}
"""List fields whose items are located one by one, and the key each item gets."""
_ITEM_FIELDS = {item: name for name, item in _LISTS.items()}


class FileIndex:
    """Where each part of one file is written, looked up only when asked for.

    Keys: ``("section", name)`` for a top-level key; ``(kind, id)`` for a topic, goal
    or patch entry (kind ``topic``, ``goal`` or ``patch``); ``(kind, id, field)`` for
    one of its keys; ``(kind, id, field, index)`` for an item of one of its lists;
    ``("remove", index)`` for an item of ``remove``. Building every location of a
    large curriculum up front costs more than the rest of loading it.
    """

    _SECTIONS: ClassVar[dict[str, str]] = {"topic": "topics", "goal": "goals", "patch": "patch"}

    def __init__(self, file: ParsedFile) -> None:
        self.file = file
        self._entries: dict[str, dict[str, tuple[Node, Node]]] = {}

    def _entry(self, kind: str, ident: str) -> tuple[Node, Node] | None:
        section = self._SECTIONS.get(kind)
        if section is None:
            return None
        if section not in self._entries:
            _, mapping = child(self.file.root, section)
            pairs = mapping.value if isinstance(mapping, MappingNode) else []
            self._entries[section] = {
                k.value: (k, v) for k, v in reversed(pairs) if isinstance(k, ScalarNode)
            }
        return self._entries[section].get(ident)

    def get(self, key: tuple[str, ...]) -> Location | None:
        node: Node | None = None
        if key[0] == "section":
            node = child(self.file.root, key[1])[0]
        elif key[0] == "remove":
            node = child(child(self.file.root, "remove")[1], int(key[1]))[1]
        else:
            entry = self._entry(key[0], key[1])
            if entry is None:
                return None
            node = entry[0]
            if len(key) >= 3:
                node, value = child(entry[1], key[2])
                if len(key) == 4:
                    node = child(value, int(key[3]))[1]
        return None if node is None else location_of(self.file.path, node)

    def __getitem__(self, key: tuple[str, ...]) -> Location:
        found = self.get(key)
        return found if found is not None else Location(self.file.path)

    def __contains__(self, key: tuple[str, ...]) -> bool:
        return self.get(key) is not None


class Locations:
    """Where every part of a merged curriculum comes from (see Curriculum.locate).

    Remembers which file defined each topic and goal and which patches changed
    which fields, and asks those files' indexes only when a location is needed.
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
