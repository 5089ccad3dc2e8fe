"""The JSON Schema of the curriculum format (``learning-path schema``).

Generated from the pydantic models, so it cannot drift from what the loader
accepts; field docstrings become descriptions, which editors show on hover.
Ids used as keys (topics, goals, patches) must be kebab-case: the schema says so
with ``propertyNames``, so other keys are refused. Checks that span files (ids
defined once, references, cycles) are beyond a schema: ``learning-path
validate`` does those.
"""

from __future__ import annotations

import ast
import inspect
from typing import Any

from . import fileformat
from .fileformat import ID_PATTERN, CurriculumFile

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "urn:learning-path:curriculum:1"
"""Names the schema; no server hosts it (save it next to the curriculum instead)."""


def curriculum_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one curriculum file, format version 1."""
    generated = CurriculumFile.model_json_schema()
    _describe_fields(generated)
    _ids_as_keys(generated)
    generated.pop("title", None)
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        "title": "learning-path curriculum, format version 1",
        **generated,
    }


def _ids_as_keys(node: Any) -> None:
    """Every mapping keyed by ids accepts kebab-case keys only."""
    if isinstance(node, dict):
        if "patternProperties" in node:
            node["propertyNames"] = {"pattern": ID_PATTERN}
        for value in node.values():
            _ids_as_keys(value)
    elif isinstance(node, list):
        for value in node:
            _ids_as_keys(value)


def _field_docstrings() -> dict[str, dict[str, str]]:
    """Class name -> field name -> the docstring written under that field in fileformat.py."""
    found: dict[str, dict[str, str]] = {}
    for node in ast.parse(inspect.getsource(fileformat)).body:
        if not isinstance(node, ast.ClassDef):
            continue
        fields = found.setdefault(node.name, {})
        for statement, following in zip(node.body, node.body[1:], strict=False):
            if (
                isinstance(statement, ast.AnnAssign)
                and isinstance(statement.target, ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                fields[statement.target.id] = inspect.cleandoc(following.value.value)
    return found


def _describe_fields(generated: dict[str, Any]) -> None:
    """Give each property of each model the description its docstring holds."""
    docs = _field_docstrings()
    models = {"CurriculumFile": generated, **generated.get("$defs", {})}
    for name, schema in models.items():
        for field, prop in schema.get("properties", {}).items():
            doc = docs.get(name, {}).get(field)
            if doc and "description" not in prop:
                prop["description"] = doc
