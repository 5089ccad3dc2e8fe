"""The curriculum as every stage after loading works on it: plain classes.

The loader checks each file against the pydantic models of the format
(:mod:`learning_path.fileformat`) and turns what passed into these classes. They
hold no validation, so a run that takes its curriculum from the cache never builds a
pydantic model (which costs more than the rest of a small plan), and they pickle as a
constructor call with their fields, the fastest form to read back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from .errors import Location

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
MAX_HOURS = 10_000
"""Most hours one topic or resource may take: sums over any curriculum stay finite."""

Level = Literal["beginner", "intermediate", "advanced"]
ResourceKind = Literal[
    "book", "course", "video", "article", "docs", "tutorial", "paper", "dataset", "exercise"
]
SequenceRule = Literal["written", "just-in-time"]


@dataclass(slots=True)
class AnyOf:
    """A group of alternatives: knowing any one member satisfies the prerequisite."""

    any_of: list[str]

    def __reduce__(self) -> tuple[type[AnyOf], tuple[list[str]]]:
        return AnyOf, (self.any_of,)


Prerequisite = str | AnyOf
"""A topic id, or a group of alternatives."""


@dataclass(slots=True)
class Resource:
    """Something to read, watch or do to learn a topic."""

    title: str
    url: str
    kind: ResourceKind
    free: bool = False
    hours: float | None = None
    framework: str | None = None

    def __reduce__(self) -> tuple[type[Resource], tuple[Any, ...]]:
        return Resource, (self.title, self.url, self.kind, self.free, self.hours, self.framework)


@dataclass(slots=True)
class Topic:
    """One thing to learn: a node of the knowledge graph (see the format document for
    what each field means)."""

    title: str
    summary: str
    hours: float
    level: Level | None = None
    area: str | None = None
    tags: list[str] = field(default_factory=list)
    prerequisites: list[Prerequisite] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    replaces: list[str] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)

    def __reduce__(self) -> tuple[type[Topic], tuple[Any, ...]]:
        return Topic, (
            self.title,
            self.summary,
            self.hours,
            self.level,
            self.area,
            self.tags,
            self.prerequisites,
            self.after,
            self.replaces,
            self.resources,
            self.projects,
        )


TOPIC_FIELDS = tuple(f.name for f in fields(Topic))
"""A topic's fields, in the order the format document lists them."""


@dataclass(slots=True)
class Goal:
    """Something a learner wants to get good at, reached through target topics."""

    title: str
    targets: list[str]
    description: str | None = None

    def __reduce__(self) -> tuple[type[Goal], tuple[Any, ...]]:
        return Goal, (self.title, self.targets, self.description)


class Curriculum:
    """A loaded, merged curriculum: what every later stage works on."""

    def __init__(
        self,
        *,
        name: str | None = None,
        description: str | None = None,
        sequence: SequenceRule = "written",
        goals: dict[str, Goal] | None = None,
        topics: dict[str, Topic] | None = None,
        sources: list[str] | None = None,
        notes: list[Any] | None = None,
    ) -> None:
        self.name = name
        self.description = description
        self.sequence: SequenceRule = sequence
        self.goals: dict[str, Goal] = {} if goals is None else goals
        self.topics: dict[str, Topic] = {} if topics is None else topics
        self.sources: list[str] = [] if sources is None else sources
        """The files it was read from, in order."""
        self.notes: list[Any] = [] if notes is None else notes
        """Diagnostics of severity ``note``: old ids an overlay names, read as the topics
        that replace them."""
        self._locations: Any = {}
        """Mapping-like: ``get(key)`` and ``in`` (the loader fills it)."""
        self._graph: Any = None
        self._source_paths: list[Any] = []
        """The files read, as paths (``sources`` names them for messages:
        ``default:NAME``)."""

    def content(self) -> dict[str, Any]:
        """What the curriculum says, as plain data (for comparing two of them)."""
        from dataclasses import asdict

        return {
            "name": self.name,
            "description": self.description,
            "sequence": self.sequence,
            "goals": {key: asdict(goal) for key, goal in self.goals.items()},
            "topics": {key: asdict(topic) for key, topic in self.topics.items()},
            "sources": list(self.sources),
        }

    @property
    def source_paths(self) -> list[Path]:
        """The files read, as paths, in the order of ``sources``."""
        return [Path(path) for path in self._source_paths]

    def add_source_path(self, path: Any) -> None:
        """Note one more file read, as a path (after its name in ``sources``)."""
        self._source_paths.append(path)

    def replaced(self) -> dict[str, list[str]]:
        """Old id -> the topics that ``replace`` it, in written order (a split has several)."""
        found: dict[str, list[str]] = {}
        for topic_id, topic in self.topics.items():
            for old in topic.replaces:
                found.setdefault(old, []).append(topic_id)
        return found

    def current_ids(self, ids: Iterable[str]) -> list[str]:
        """``ids`` with each replaced old id swapped for the topics that replace it (ids
        defined or unknown stay as they are), each once, in order."""
        renamed = self.replaced()
        result: dict[str, None] = {}
        for ident in ids:
            if ident in self.topics or ident not in renamed:
                result[ident] = None
            else:
                result.update(dict.fromkeys(renamed[ident]))
        return list(result)

    def built_graph(self) -> Any:
        """The prerequisite graph :func:`learning_path.graph.build_graph` built and
        checked for this curriculum, or None before it has."""
        return self._graph

    def keep_graph(self, graph: Any) -> None:
        """Remember ``graph`` as this curriculum's checked graph (None: forget it)."""
        self._graph = graph

    def keep_locations(self, locations: Any) -> None:
        """Remember where each part was written (what :meth:`locate` answers from)."""
        self._locations = locations

    def has_location(self, *key: str) -> bool:
        """Whether :meth:`locate` knows where ``key`` was written."""
        return key in self._locations

    def locate(self, *key: str) -> Location:
        """Where a part was defined, e.g. ``locate("topic", "numpy")``.

        Keys: ("topic", id), ("goal", id), ("prereq", topic, index),
        ("target", goal, index), ("resource", topic, index), ("field", topic,
        name) where a field was last set (its topic or a patch), ("patch", topic)
        for the last patch of a topic, ("removed", topic) for a removal. Unknown
        keys give the first source file without a line.
        """
        found: Location | None = self._locations.get(key)
        if found is not None:
            return found
        return Location(self.sources[0] if self.sources else "<curriculum>")
