"""Pydantic models of the curriculum format (version 1): what one file may say.

The loader validates each file against :class:`CurriculumFile` and turns what passed
into the plain classes of :mod:`learning_path.model` (``plain()``), which every later
stage works on.

The attribute docstrings become the descriptions in the JSON Schema that
`learning-path schema` prints (learning_path.schema reads them from this file,
so loading a curriculum does not pay for it), so they are written for curriculum
authors.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from . import model
from .model import ID_PATTERN, MAX_HOURS, Level, ResourceKind, SequenceRule

__all__ = [
    "ID_PATTERN",
    "AnyOf",
    "CurriculumFile",
    "Goal",
    "Resource",
    "Topic",
    "TopicPatch",
]

Hours = Annotated[float, Field(gt=0, le=MAX_HOURS, allow_inf_nan=False)]

TopicId = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Url = Annotated[str, StringConstraints(pattern=r"^[hH][tT][tT][pP][sS]?://[^\s/$.?#][^\s]*$")]
Text = Annotated[str, StringConstraints(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, defer_build=True)


class AnyOf(_Strict):
    """A group of alternatives: knowing any one member satisfies the prerequisite."""

    any_of: Annotated[list[TopicId], Field(min_length=2)]
    """Topic ids, in the curriculum author's order of recommendation."""

    def plain(self) -> model.AnyOf:
        return model.AnyOf(self.any_of)


def _plain_prerequisites(items: list[str | AnyOf]) -> list[model.Prerequisite]:
    return [item if isinstance(item, str) else item.plain() for item in items]


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

    def plain(self) -> model.Resource:
        return model.Resource(
            self.title, self.url, self.kind, self.free, self.hours, self.framework
        )


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

    def plain(self) -> model.Topic:
        return model.Topic(
            self.title,
            self.summary,
            self.hours,
            self.level,
            self.area,
            self.tags,
            _plain_prerequisites(self.prerequisites),
            self.after,
            self.replaces,
            [resource.plain() for resource in self.resources],
            self.projects,
        )


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

    def changes(self) -> dict[str, Any]:
        """Field name -> new value (as the plain classes hold it), for each key given."""
        found: dict[str, Any] = {}
        for name in self.model_fields_set:
            value = getattr(self, name)
            if name == "prerequisites":
                value = _plain_prerequisites(value)
            elif name == "resources":
                value = [resource.plain() for resource in value]
            found[name] = value
        return found


class Goal(_Strict):
    """Something a learner wants to get good at, reached through target topics."""

    title: Text
    """Name shown when a learner chooses goals."""
    description: str | None = None
    """What a learner will be able to do once the goal is reached."""
    targets: Annotated[list[TopicId], Field(min_length=1)]
    """Topic ids that together make up the goal."""

    def plain(self) -> model.Goal:
        return model.Goal(self.title, self.targets, self.description)


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
