"""Pydantic models of the curriculum format (version 1).

The attribute docstrings become the descriptions in the JSON Schema that
`learning-path schema` prints (learning_path.schema reads them from this file,
so loading a curriculum does not pay for it), so they are written for curriculum
authors.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    StringConstraints,
    Tag,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from .errors import Location

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
MAX_HOURS = 10_000
"""Most hours one topic or resource may take: sums over any curriculum stay finite."""
Hours = Annotated[float, Field(gt=0, le=MAX_HOURS, allow_inf_nan=False)]

TopicId = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Level = Literal["beginner", "intermediate", "advanced"]
ResourceKind = Literal[
    "book", "course", "video", "article", "docs", "tutorial", "paper", "dataset", "exercise"
]
Url = Annotated[str, StringConstraints(pattern=r"^[hH][tT][tT][pP][sS]?://[^\s/$.?#][^\s]*$")]
Text = Annotated[str, StringConstraints(min_length=1)]
SequenceRule = Literal["written", "just-in-time"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, defer_build=True)


class AnyOf(_Strict):
    """A group of alternatives: knowing any one member satisfies the prerequisite."""

    any_of: Annotated[list[TopicId], Field(min_length=2)]
    """Topic ids, in the curriculum author's order of recommendation."""


def _prerequisite_kind(value: Any) -> str:
    return "group" if isinstance(value, (dict, AnyOf)) else "id"


Prerequisite = Annotated[
    Annotated[TopicId, Tag("id")] | Annotated[AnyOf, Tag("group")],
    Discriminator(_prerequisite_kind),
]
"""A topic id, or an ``{any_of: [...]}`` group of them."""


class Resource(_Strict):
    """Something to read, watch or do to learn a topic."""

    title: Text
    """The resource's own title, as its publisher writes it."""
    url: Url
    """An http or https address."""
    kind: ResourceKind
    """What sort of resource this is."""
    free: bool = False
    """True when the whole resource can be used without paying."""
    hours: Hours | None = None
    """Estimated hours to work through it, if known."""
    framework: TopicId | None = None
    """The topic id of the framework this resource teaches with (e.g. `pytorch`), when it
    is tied to one: a plan that takes another alternative of that framework leaves it out."""


class Topic(_Strict):
    """One thing to learn: a node of the knowledge graph."""

    title: Text
    """Short name shown in plans."""
    summary: Text
    """One to three sentences on what a learner will be able to do."""
    hours: Hours
    """Estimated study time in hours for a motivated beginner."""
    level: Level | None = None
    """How advanced the topic is."""
    area: str | None = None
    """Free-form grouping (foundations, nlp, ...) used when rendering."""
    tags: list[str] = []
    """Free-form labels."""
    prerequisites: list[Prerequisite] = []
    """What must be mastered first: topic ids, or any_of groups of ids."""
    after: list[TopicId] = []
    """Soft order: when both are in a plan, this topic comes after these. Never pulls a
    topic into a plan."""
    replaces: list[TopicId] = []
    """Old ids this topic stands for (a renamed topic, or each part of a split one), so
    progress files and overlays that name them keep working."""
    resources: list[Resource] = []
    """Where to learn it."""
    projects: list[Text] = []
    """Hands-on ideas to practise it."""


_PATCH_LISTS = ("tags", "prerequisites", "after", "resources", "projects")
_PATCH_NULLABLE = ("level", "area")


def _patch_schema(schema: dict[str, Any]) -> None:
    """In the JSON Schema, only the fields a patch may unset accept null."""
    for name, prop in schema["properties"].items():
        if name not in _PATCH_NULLABLE:
            (value,) = (b for b in prop.pop("anyOf") if b != {"type": "null"})
            prop.update(value)
            del prop["default"]


class TopicPatch(_Strict):
    """Changes to an existing topic, field by field: each key given replaces that
    field (a list replaces the whole list); keys left out keep their value."""

    model_config = ConfigDict(json_schema_extra=_patch_schema)

    title: Text | None = None
    """New title."""
    summary: Text | None = None
    """New summary."""
    hours: Hours | None = None
    """New estimated study time in hours."""
    level: Level | None = None
    """New level; null removes it."""
    area: str | None = None
    """New area; null removes it."""
    tags: list[str] | None = None
    """New labels (replace the list)."""
    prerequisites: list[Prerequisite] | None = None
    """New prerequisites: replace the whole list, so repeat the ones to keep."""
    after: list[TopicId] | None = None
    """New soft-order list (replaces the list)."""
    resources: list[Resource] | None = None
    """New resources: replace the whole list, so repeat the ones to keep."""
    projects: list[Text] | None = None
    """New project ideas (replace the list)."""

    @field_validator(
        "title",
        "summary",
        "hours",
        "tags",
        "prerequisites",
        "after",
        "resources",
        "projects",
        mode="before",
    )
    @classmethod
    def _not_null(cls, value: Any, info: ValidationInfo) -> Any:
        """Only ``level`` and ``area`` may be unset; a null anywhere else is a mistake."""
        if value is None:
            hint = " ([] empties a list)" if info.field_name in _PATCH_LISTS else ""
            raise PydanticCustomError(
                "patch_null", "cannot be null in a patch; give a new value{hint}", {"hint": hint}
            )
        return value


class Goal(_Strict):
    """Something a learner wants to get good at, reached through target topics."""

    title: Text
    """Name shown when a learner chooses goals."""
    description: str | None = None
    """What a learner will be able to do once the goal is reached."""
    targets: Annotated[list[TopicId], Field(min_length=1)]
    """Topic ids that together make up the goal."""


class CurriculumFile(_Strict):
    """One YAML file of a curriculum (several files may make one curriculum)."""

    version: Literal[1]
    """Format version; 1 is the only version so far."""

    @field_validator("version", mode="before")
    @classmethod
    def _not_a_boolean(cls, value: Any) -> Any:
        # YAML's `true` is Python's True, which equals 1; it is not a version.
        if isinstance(value, bool):
            raise PydanticCustomError("literal_error", "Input should be 1", {"expected": "1"})
        return value

    name: Text | None = None
    """The curriculum's name, shown as the plan's title."""
    description: str | None = None
    """What the curriculum is about."""
    extends: Text | None = None
    """Makes this file an overlay: `default` (the bundled curriculum) or a path."""
    sequence: SequenceRule | None = None
    """How plans are ordered where prerequisites leave a choice: `written` (the default:
    the order topics are written in) or `just-in-time` (each topic just before the first
    topic that needs it, for generated graphs whose written order means nothing)."""
    goals: dict[TopicId, Goal] = {}
    """Goal id -> goal. In an overlay, an existing id replaces that goal."""
    topics: dict[TopicId, Topic] = {}
    """Topic id -> topic. An id may be defined only once."""
    patch: dict[TopicId, TopicPatch] = {}
    """Overlays only: topic id -> fields to change on an existing topic."""
    remove: list[TopicId] = []
    """Overlays only: topics to drop."""


class Curriculum(BaseModel):
    """A loaded, merged curriculum: what every later stage works on."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    name: str | None = None
    description: str | None = None
    sequence: SequenceRule = "written"
    goals: dict[str, Goal] = {}
    topics: dict[str, Topic] = {}
    sources: list[str] = []
    """The files it was read from, in order."""

    notes: list[Any] = []
    """Diagnostics of severity ``note``: old ids an overlay names, read as the topics that
    replace them."""
    _locations: Any = PrivateAttr(default_factory=dict)
    """Mapping-like: ``get(key)`` and ``in`` (the loader fills it lazily)."""
    _graph: Any = PrivateAttr(default=None)
    _source_paths: list[Any] = PrivateAttr(default_factory=list)
    """The files read, as paths (``sources`` names them for messages: ``default:NAME``)."""

    @property
    def source_paths(self) -> list[Path]:
        """The files read, as paths, in the order of ``sources``."""
        return [Path(path) for path in self._source_paths]

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
