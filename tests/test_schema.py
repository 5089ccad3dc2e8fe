"""``learning-path schema``: a JSON Schema that accepts every bundled and fixture
curriculum file, refuses what the loader refuses file by file, and describes
every field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from learning_path.resources import data_path
from tests.conftest import CLI

PROJECT = Path(__file__).resolve().parent.parent
CURRICULUM_FILES = sorted(
    p for p in data_path("curriculum").rglob("*") if p.suffix in (".yaml", ".yml")
)
FIXTURE_FILES = sorted(
    p for p in (PROJECT / "tests" / "fixtures").rglob("*") if p.suffix in (".yaml", ".yml")
)


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    result = CLI()("schema")  # the cli fixture's runner, once for the module
    assert result.exit_code == 0, result.stderr
    printed: dict[str, Any] = json.loads(result.stdout)
    return printed


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def problems(validator: jsonschema.Draft202012Validator, data: Any) -> list[str]:
    return sorted(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)
    )


def test_schema_header(schema: dict[str, Any]) -> None:
    assert list(schema)[:3] == ["$schema", "$id", "title"]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "urn:learning-path:curriculum:1"
    assert schema["title"] == "learning-path curriculum, format version 1"


def test_bundled_curriculum_has_files() -> None:
    assert len(CURRICULUM_FILES) >= 2


@pytest.mark.parametrize(
    "path", CURRICULUM_FILES, ids=lambda p: str(p.relative_to(data_path("curriculum")))
)
def test_every_bundled_file_is_valid(
    validator: jsonschema.Draft202012Validator, path: Path
) -> None:
    assert problems(validator, yaml.safe_load(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: str(p.relative_to(PROJECT)))
def test_every_fixture_file_is_valid(
    validator: jsonschema.Draft202012Validator, path: Path
) -> None:
    assert problems(validator, yaml.safe_load(path.read_text(encoding="utf-8"))) == []


TOPIC = {"title": "T", "summary": "S", "hours": 1}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"name": "No version"}, [": 'version' is a required property"]),
        ({"version": 2}, ["version: 1 was expected"]),
        (
            {"version": 1, "topics": {"Bad_Id": TOPIC}},
            ["topics: 'Bad_Id' does not match '^[a-z0-9]+(-[a-z0-9]+)*$'"],
        ),
        (
            {"version": 1, "goals": {"My Goal": {"title": "G", "targets": ["a"]}}},
            ["goals: 'My Goal' does not match '^[a-z0-9]+(-[a-z0-9]+)*$'"],
        ),
        (
            {"version": 1, "topics": {"a": {**TOPIC, "levl": "beginner"}}},
            ["topics/a: Additional properties are not allowed ('levl' was unexpected)"],
        ),
        (
            {"version": 1, "topics": {"a": {**TOPIC, "hours": 0}}},
            ["topics/a/hours: 0 is less than or equal to the minimum of 0"],
        ),
        (
            {"version": 1, "topics": {"a": {**TOPIC, "prerequisites": [{"any_of": ["b"]}]}}},
            [
                "topics/a/prerequisites/0: {'any_of': ['b']} is not valid under any of "
                "the given schemas"
            ],
        ),
        (
            {
                "version": 1,
                "topics": {
                    "a": {
                        **TOPIC,
                        "resources": [{"title": "R", "url": "ftp://x.org", "kind": "docs"}],
                    }
                },
            },
            [
                "topics/a/resources/0/url: 'ftp://x.org' does not match "
                "'^[hH][tT][tT][pP][sS]?://[^\\\\s/$.?#][^\\\\s]*$'"
            ],
        ),
        (
            {"version": 1, "extends": "default", "patch": {"a": {"title": None, "level": None}}},
            ["patch/a/title: None is not of type 'string'"],
        ),
        (
            {"version": 1, "remove": ["Not An Id"]},
            ["remove/0: 'Not An Id' does not match '^[a-z0-9]+(-[a-z0-9]+)*$'"],
        ),
    ],
)
def test_schema_refuses(
    validator: jsonschema.Draft202012Validator, data: Any, expected: list[str]
) -> None:
    assert problems(validator, data) == expected


def test_an_overlay_is_valid(validator: jsonschema.Draft202012Validator) -> None:
    overlay = {
        "version": 1,
        "extends": "default",
        "topics": {"capstone": {**TOPIC, "prerequisites": ["a", {"any_of": ["b", "c"]}]}},
        "goals": {"g": {"title": "G", "targets": ["capstone"]}},
        "patch": {"a": {"hours": 3, "level": None, "resources": []}},
        "remove": ["b"],
    }
    assert problems(validator, overlay) == []


def test_every_property_is_described(schema: dict[str, Any]) -> None:
    undescribed = []
    for name, model in [("CurriculumFile", schema), *schema["$defs"].items()]:
        assert model.get("description"), name
        undescribed += [
            f"{name}.{p}" for p, v in model["properties"].items() if not v.get("description")
        ]
    assert undescribed == []
