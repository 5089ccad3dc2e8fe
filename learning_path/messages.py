"""Located messages: diagnostics collected while loading, and pydantic's validation
errors mapped back to the YAML nodes that caused them, in words a curriculum author
reads (``unknown key 'hour'; did you mean 'hours'?``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError
from yaml.nodes import Node

from .errors import Context
from .fileformat import ID_PATTERN, AnyOf, CurriculumFile, Goal, Resource, Topic, TopicPatch
from .text import did_you_mean
from .yamlread import ParsedFile, child, location_of

_ID_RE = re.compile(ID_PATTERN)


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


def validate_file(file: ParsedFile, ctx: Context) -> bool:
    """Validate ``file``'s data into its model; on errors, note each one located and
    keep the valid parts as the model. True when the file is valid."""
    try:
        file.model = CurriculumFile.model_validate(file.data)
        return True
    except ValidationError as exc:
        for error in exc.errors():
            raw_path: list[str | int] = list(error["loc"])
            # Drop the tags of the prerequisite union (see fileformat.Prerequisite).
            path = [p for i, p in enumerate(raw_path) if not _is_union_tag(raw_path, i)]
            key_node: Node | None = None
            root = file.nodes()
            node: Node | None = root
            parent: Node | None = root
            for part in path:
                if part == "[key]":
                    node = key_node
                    break
                parent = node
                key_node, node = child(node, part)
                if node is None:
                    break
            if error["type"] == "extra_forbidden" and key_node is not None:
                target = key_node
            elif node is not None:
                target = node
            else:
                target = parent or root
            value = error.get("input")
            if path and path[-1] == "[key]":
                path = path[:-1]
            ctx.error(location_of(file.path, target), _friendly(error, path, value))
        file.model = _partial(file.data)
        return False


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
