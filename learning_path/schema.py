"""The JSON Schema of the curriculum format (``learning-path schema``).

Generated from the pydantic models, so it cannot drift from what the loader
accepts; field docstrings become descriptions, which editors show on hover.
Ids used as keys (topics, goals, patches) must be kebab-case: the schema says so
with ``propertyNames``, so other keys are refused. Checks that span files (ids
defined once, references, cycles) are beyond a schema: ``learning-path
validate`` does those.
"""

from __future__ import annotations

from typing import Any

from .model import ID_PATTERN, CurriculumFile

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "urn:learning-path:curriculum:1"
"""Names the schema; no server hosts it (save it next to the curriculum instead)."""


def curriculum_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one curriculum file, format version 1."""
    generated = CurriculumFile.model_json_schema()
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
