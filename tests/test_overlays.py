"""Overlays (``extends``, ``patch``, ``remove``, several ``--curriculum``): what they
change, and every error on the exact ``path:line:col`` that caused it.

Each test runs in its own temporary directory holding ``base/``, a copy of the
small fixture curriculum, so locations read as a mentor sees them.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest

from learning_path import load_curriculum, loader
from learning_path.errors import CurriculumError, Location
from learning_path.loader import load
from learning_path.model import TOPIC_FIELDS, AnyOf
from learning_path.resources import data_path
from tests.conftest import CLI

SMALL = Path(__file__).parent / "fixtures" / "small"


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(SMALL, tmp_path / "base")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def default_is_base(cwd: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``extends: default`` reads ``base/`` instead of the bundled curriculum."""
    monkeypatch.setattr(loader, "data_path", lambda name: Path("base"))


def write(name: str, text: str) -> str:
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return name


def errors(*paths: str) -> list[str]:
    """Every diagnostic of loading and checking ``paths`` (applied in order)."""
    with pytest.raises(CurriculumError) as info:
        load_curriculum(list(paths))
    return [str(d) for d in info.value.diagnostics]


BASE_FILES = ["base/00-goals.yaml", "base/01-topics.yaml"]


# --- extends -------------------------------------------------------------------------------


def test_extends_default_reads_the_bundled_curriculum(cwd: Path) -> None:
    write("o.yaml", "version: 1\nextends: default\n")
    bundled = sorted(data_path("curriculum").glob("*.yaml"))
    # bundled files are named default:NAME, never by their install path
    assert load("o.yaml").sources == [f"default:{p.name}" for p in bundled] + ["o.yaml"]


def test_extends_default_adds_topics_and_goals(default_is_base: None) -> None:
    write(
        "o.yaml",
        """
        version: 1
        extends: default
        name: Tiny ML for the reading group
        topics:
          capstone:
            title: Capstone
            summary: Ship a text classifier behind an API.
            hours: 20
            prerequisites: [text-classifier, serving]
        goals:
          capstone: {title: Capstone, targets: [capstone]}
        """,
    )
    curriculum = load_curriculum("o.yaml")
    assert curriculum.sources == [f"default:{Path(f).name}" for f in BASE_FILES] + ["o.yaml"]
    assert curriculum.name == "Tiny ML for the reading group"
    assert curriculum.description == "A small curriculum for tests."
    assert list(curriculum.goals) == ["classify", "deploy", "capstone"]
    assert list(curriculum.topics)[-1] == "capstone"
    assert curriculum.locate("topic", "capstone") == Location("o.yaml", 5, 3)
    assert curriculum.locate("prereq", "capstone", "1") == Location("o.yaml", 9, 38)
    assert curriculum.locate("target", "capstone", "0") == Location("o.yaml", 11, 41)
    assert curriculum.locate("topic", "numpy") == Location("default:01-topics.yaml", 11, 3)


def test_extends_a_directory_relative_to_the_overlay_file(cwd: Path) -> None:
    # Relative to the file, not to the working directory.
    write("mentor/o.yaml", "version: 1\nextends: ../base\npatch:\n  numpy: {hours: 6}\n")
    curriculum = load_curriculum("mentor/o.yaml")
    assert curriculum.sources == [*BASE_FILES, "mentor/o.yaml"]
    assert curriculum.topics["numpy"].hours == 6


def test_extends_a_file(cwd: Path) -> None:
    write("o.yaml", "version: 1\nextends: base/01-topics.yaml\nremove: [tf-serving]\n")
    write("p.yaml", "version: 1\nextends: o.yaml\n")
    curriculum = load("o.yaml")
    assert curriculum.sources == ["base/01-topics.yaml", "o.yaml"]
    assert curriculum.goals == {}
    # The serving topic still wants tf-serving.
    assert errors("p.yaml") == [
        "base/01-topics.yaml:80:38: unknown topic 'tf-serving', which is removed at "
        "o.yaml:3:10; patch 'serving' too"
    ]


def test_chained_extends_apply_from_the_bottom_up(cwd: Path) -> None:
    write(
        "team/o1.yaml", "version: 1\nextends: ../base\npatch:\n  numpy: {hours: 6, level: null}\n"
    )
    write(
        "me/o2.yaml",
        """
        version: 1
        extends: ../team/o1.yaml
        topics:
          pandas: {title: pandas, summary: Tables., hours: 5, prerequisites: [numpy]}
        patch:
          numpy: {hours: 7}
        """,
    )
    curriculum = load_curriculum("me/o2.yaml")
    assert curriculum.sources == [*BASE_FILES, "team/o1.yaml", "me/o2.yaml"]
    numpy = curriculum.topics["numpy"]
    assert (numpy.hours, numpy.level, numpy.title) == (7, None, "NumPy")
    assert curriculum.locate("field", "numpy", "hours") == Location("me/o2.yaml", 6, 11)
    assert curriculum.locate("field", "numpy", "level") == Location("team/o1.yaml", 4, 21)
    assert curriculum.locate("field", "numpy", "title") == Location("base/01-topics.yaml", 12, 5)
    assert curriculum.locate("patch", "numpy") == Location("me/o2.yaml", 6, 3)


def test_extends_itself_is_a_loop(cwd: Path) -> None:
    write("o.yaml", "version: 1\nextends: o.yaml\n")
    assert errors("o.yaml") == ["o.yaml:2:10: 'extends' makes a loop: o.yaml -> o.yaml"]


def test_extends_loop_through_two_files(cwd: Path) -> None:
    write("a.yaml", "version: 1\nextends: b.yaml\n")
    write("b.yaml", "version: 1\n\nextends: ./a.yaml\n")
    assert errors("a.yaml") == ["b.yaml:3:10: 'extends' makes a loop: a.yaml -> b.yaml -> a.yaml"]


def test_extends_own_directory_is_a_loop(cwd: Path) -> None:
    write("mine/o.yaml", "version: 1\nextends: .\n")
    assert errors("mine") == ["mine/o.yaml:2:10: 'extends' makes a loop: mine -> mine"]


def test_extends_a_missing_path(cwd: Path) -> None:
    write("mentor/o.yaml", "version: 1\nextends: ../bsae\n")
    assert errors("mentor/o.yaml") == [
        "mentor/o.yaml:2:10: extends '../bsae', but ../bsae does not exist"
    ]


def test_files_of_one_directory_must_extend_the_same_base(cwd: Path) -> None:
    write("base2/c.yaml", "version: 1\n")
    write("mine/1.yaml", "version: 1\nextends: ../base\n")
    write("mine/2.yaml", "version: 1\nextends: ../base/\n")
    write("mine/3.yaml", "version: 1\nextends: ../base2\n")
    assert errors("mine") == [
        "mine/3.yaml:2:10: extends '../base2', but mine/1.yaml:2:10 extends '../base'; "
        "the files of one curriculum must extend the same base"
    ]


def test_a_directory_overlay_applies_all_its_files(cwd: Path) -> None:
    write(
        "mine/1.yaml",
        "version: 1\nextends: ../base\ntopics:\n  a: {title: A, summary: S, hours: 1}\n",
    )
    write("mine/2.yaml", "version: 1\npatch:\n  a: {hours: 2}\n  numpy: {hours: 3}\n")
    curriculum = load_curriculum("mine")
    assert curriculum.sources == [*BASE_FILES, "mine/1.yaml", "mine/2.yaml"]
    assert (curriculum.topics["a"].hours, curriculum.topics["numpy"].hours) == (2, 3)


# --- new topics and goals ------------------------------------------------------------------


def test_new_topic_with_an_existing_id_names_both_places(cwd: Path) -> None:
    write(
        "o.yaml",
        """
        version: 1
        extends: base
        topics:
          numpy: {title: NumPy 2, summary: Arrays., hours: 4}
        """,
    )
    assert errors("o.yaml") == [
        "o.yaml:4:3: topic 'numpy' is defined twice (also at base/01-topics.yaml:11:3); "
        "use 'patch' to change it"
    ]


def test_new_topic_defined_twice_within_the_overlay(cwd: Path) -> None:
    write(
        "mine/1.yaml",
        "version: 1\nextends: ../base\ntopics:\n  a: {title: A, summary: S, hours: 1}\n",
    )
    write("mine/2.yaml", "version: 1\ntopics:\n  a: {title: A, summary: S, hours: 1}\n")
    assert errors("mine") == [
        "mine/2.yaml:3:3: topic 'a' is defined twice (also at mine/1.yaml:4:3)"
    ]


def test_goal_in_an_overlay_replaces_the_goal(cwd: Path) -> None:
    write(
        "o.yaml",
        """
        version: 1
        extends: base
        goals:
          deploy:
            title: Ship a PyTorch model
            targets: [torchserve, serving]
        """,
    )
    curriculum = load_curriculum("o.yaml")
    assert list(curriculum.goals) == ["classify", "deploy"]
    deploy = curriculum.goals["deploy"]
    assert (deploy.title, deploy.description, deploy.targets) == (
        "Ship a PyTorch model",
        None,
        ["torchserve", "serving"],
    )
    assert curriculum.locate("goal", "deploy") == Location("o.yaml", 4, 3)
    assert curriculum.locate("target", "deploy", "1") == Location("o.yaml", 6, 27)


def test_goal_defined_twice_within_the_overlay(cwd: Path) -> None:
    write(
        "mine/1.yaml",
        "version: 1\nextends: ../base\ngoals:\n  deploy: {title: A, targets: [numpy]}\n",
    )
    write("mine/2.yaml", "version: 1\ngoals:\n  deploy: {title: B, targets: [numpy]}\n")
    assert errors("mine") == [
        "mine/2.yaml:3:3: goal 'deploy' is defined twice (also at mine/1.yaml:4:3)"
    ]


def test_a_replaced_goal_with_a_missing_target_is_located_in_the_overlay(cwd: Path) -> None:
    write("o.yaml", "version: 1\nextends: base\ngoals:\n  deploy: {title: A, targets: [numpi]}\n")
    assert errors("o.yaml") == ["o.yaml:4:32: unknown topic 'numpi' (did you mean 'numpy'?)"]


# --- patch ---------------------------------------------------------------------------------


def test_patch_changes_only_the_fields_given(cwd: Path) -> None:
    write(
        "o.yaml",
        """
        version: 1
        extends: base
        patch:
          numpy:
            hours: 6
            tags: [arrays]
            resources:
              - {title: NumPy user guide, url: "https://numpy.org/doc/stable/user/", kind: docs}
        """,
    )
    base = load_curriculum("base").topics["numpy"]
    numpy = load_curriculum("o.yaml").topics["numpy"]
    assert numpy.hours == 6
    assert numpy.tags == ["arrays"]
    assert [r.title for r in numpy.resources] == ["NumPy user guide"]  # the list is replaced
    kept = {name for name in TOPIC_FIELDS if name not in ("hours", "tags", "resources")}
    assert {name: getattr(numpy, name) for name in kept} == {
        name: getattr(base, name) for name in kept
    }


def test_patched_prerequisites_are_located_in_the_overlay(cwd: Path) -> None:
    write(
        "o.yaml",
        """
        version: 1
        extends: base
        patch:
          neural-networks:
            prerequisites:
              - linear-algebra
              - any_of: [tensorflow, pytorch]
        """,
    )
    curriculum = load_curriculum("o.yaml")
    assert curriculum.topics["neural-networks"].prerequisites == [
        "linear-algebra",
        AnyOf(any_of=["tensorflow", "pytorch"]),
    ]
    assert curriculum.locate("prereq", "neural-networks", "0") == Location("o.yaml", 6, 9)
    assert curriculum.locate("prereq", "neural-networks", "1") == Location("o.yaml", 7, 9)
    assert curriculum.locate("field", "neural-networks", "prerequisites") == Location(
        "o.yaml", 5, 5
    )
    assert curriculum.locate("field", "neural-networks", "hours") == Location(
        "base/01-topics.yaml", 46, 5
    )


def test_shorter_patched_prerequisites_leave_no_stale_locations(cwd: Path) -> None:
    write("o.yaml", "version: 1\nextends: base\npatch:\n  neural-networks: {prerequisites: []}\n")
    curriculum = load_curriculum("o.yaml")
    assert curriculum.topics["neural-networks"].prerequisites == []
    assert ("prereq", "neural-networks", "0") not in curriculum._locations


def test_patch_unknown_topic_suggests_a_close_one(cwd: Path) -> None:
    write("o.yaml", "version: 1\nextends: base\npatch:\n  numpi: {hours: 6}\n")
    assert errors("o.yaml") == [
        "o.yaml:4:3: cannot patch unknown topic 'numpi' (did you mean 'numpy'?)"
    ]


def test_patch_of_a_removed_topic_says_where_it_was_removed(cwd: Path) -> None:
    write(
        "o.yaml",
        """
        version: 1
        extends: base
        remove: [tf-serving]
        patch:
          tf-serving: {hours: 6}
        """,
    )
    assert errors("o.yaml") == [
        # reported in the same run: what the removal leaves dangling in the base
        "base/01-topics.yaml:80:38: unknown topic 'tf-serving', which is removed at "
        "o.yaml:3:10; patch 'serving' too",
        "o.yaml:5:3: cannot patch unknown topic 'tf-serving'; it is removed at o.yaml:3:10",
    ]


def test_patch_cannot_null_a_required_field_or_a_list(cwd: Path) -> None:
    write(
        "o.yaml",
        """
        version: 1
        extends: base
        patch:
          numpy:
            title: null
            level: null
            tags: ~
        """,
    )
    with pytest.raises(CurriculumError) as info:
        load("o.yaml")
    assert [str(d) for d in info.value.diagnostics] == [
        "o.yaml:5:12: title: cannot be null in a patch; give a new value",
        "o.yaml:7:11: tags: cannot be null in a patch; give a new value ([] empties a list)",
    ]


def test_patch_unset_level(cwd: Path) -> None:
    write("o.yaml", "version: 1\nextends: base\npatch:\n  numpy: {level: null, area: null}\n")
    numpy = load_curriculum("o.yaml").topics["numpy"]
    assert (numpy.level, numpy.area) == (None, None)


def test_patch_with_an_unknown_field(cwd: Path) -> None:
    write("o.yaml", "version: 1\nextends: base\npatch:\n  numpy: {hour: 6}\n")
    assert errors("o.yaml") == ["o.yaml:4:11: unknown key 'hour' (did you mean 'hours'?)"]


def test_a_cycle_made_by_a_patch_is_located_in_the_overlay(cwd: Path) -> None:
    write(
        "o.yaml", "version: 1\nextends: base\npatch:\n  numpy: {prerequisites: [python, pytorch]}\n"
    )
    assert errors("o.yaml") == [
        "base/01-topics.yaml:35:21: prerequisite cycle numpy -> pytorch -> numpy: "
        "'pytorch' requires 'numpy' here",
        "o.yaml:4:35: prerequisite cycle numpy -> pytorch -> numpy: "
        "'numpy' requires 'pytorch' here; remove one of the cycle's edges",
    ]


def test_patch_and_remove_outside_an_overlay_are_errors(cwd: Path) -> None:
    write(
        "c.yaml",
        """
        version: 1
        topics:
          a: {title: A, summary: S, hours: 1}
        patch:
          a: {hours: 2}
        remove: [a]
        """,
    )
    assert errors("c.yaml") == [
        "c.yaml:4:1: 'patch' is only allowed in an overlay (a file with 'extends', "
        "or a later --curriculum)",
        "c.yaml:6:1: 'remove' is only allowed in an overlay (a file with 'extends', "
        "or a later --curriculum)",
    ]


# --- remove --------------------------------------------------------------------------------


def test_remove_with_its_dependents_patched(cwd: Path) -> None:
    write(
        "o.yaml",
        """
        version: 1
        extends: base
        remove: [tensorflow, tf-serving]
        patch:
          neural-networks: {prerequisites: [linear-algebra, pytorch]}
          serving: {prerequisites: [neural-networks, torchserve]}
        """,
    )
    curriculum = load_curriculum("o.yaml")
    assert "tensorflow" not in curriculum.topics
    assert curriculum.locate("removed", "tensorflow") == Location("o.yaml", 3, 10)


def test_remove_unknown_topic(cwd: Path) -> None:
    write("o.yaml", "version: 1\nextends: base\nremove: [tf-servin, tf-serving, tf-serving]\n")
    assert errors("o.yaml") == [
        "base/01-topics.yaml:80:38: unknown topic 'tf-serving', which is removed at "
        "o.yaml:3:21; patch 'serving' too",
        "o.yaml:3:10: cannot remove unknown topic 'tf-servin' (did you mean 'tf-serving'?)",
        "o.yaml:3:33: topic 'tf-serving' is already removed at o.yaml:3:21",
    ]


def test_remove_leaving_references_dangling(cwd: Path) -> None:
    write("o.yaml", "version: 1\nextends: base\nremove:\n  - pytorch\n  - text-classifier\n")
    assert errors("o.yaml") == [
        "base/00-goals.yaml:8:15: unknown topic 'text-classifier', which is removed at "
        "o.yaml:5:5; redefine goal 'classify' too",
        "base/01-topics.yaml:49:37: unknown topic 'pytorch', which is removed at "
        "o.yaml:4:5; patch 'neural-networks' too",
        "base/01-topics.yaml:66:21: unknown topic 'pytorch', which is removed at "
        "o.yaml:4:5; patch 'torchserve' too",
    ]


def test_remove_and_define_anew_replaces_a_topic(cwd: Path) -> None:
    write(
        "o.yaml",
        """
        version: 1
        extends: base
        remove: [numpy]
        topics:
          numpy: {title: NumPy, summary: Arrays., hours: 2}
        """,
    )
    curriculum = load_curriculum("o.yaml")
    assert curriculum.topics["numpy"].prerequisites == []
    assert curriculum.locate("topic", "numpy") == Location("o.yaml", 5, 3)
    assert ("prereq", "numpy", "0") not in curriculum._locations


# --- several --curriculum, and errors all at once ------------------------------------------


def test_several_layers_apply_in_order(cwd: Path) -> None:
    write(
        "o1.yaml",
        "version: 1\ntopics:\n  a: {title: A, summary: S, hours: 1}\npatch:\n  numpy: {hours: 6}\n",
    )
    # A later layer extends the result so far, whatever its 'extends' says.
    write("o2.yaml", "version: 1\nextends: default\npatch:\n  a: {hours: 2}\n  numpy: {hours: 7}\n")
    curriculum = load_curriculum(["base", "o1.yaml", "o2.yaml"])
    assert curriculum.sources == [*BASE_FILES, "o1.yaml", "o2.yaml"]
    assert (curriculum.topics["a"].hours, curriculum.topics["numpy"].hours) == (2, 7)
    assert errors("base", "o2.yaml") == ["o2.yaml:4:3: cannot patch unknown topic 'a'"]


def test_errors_of_base_and_overlay_come_together(cwd: Path) -> None:
    write(
        "base/02-more.yaml",
        "version: 1\ntopics:\n  pandas: {title: pandas, summary: Tables., hours: 0}\n",
    )
    write(
        "o.yaml", "version: 1\nextends: base\npatch:\n  pandas: {hours: 3}\n  numpi: {hours: 2}\n"
    )
    # The broken topic is reported once: patching it adds no second error.
    assert errors("o.yaml") == [
        "base/02-more.yaml:3:52: hours: input should be greater than 0 (got 0)",
        "o.yaml:5:3: cannot patch unknown topic 'numpi' (did you mean 'numpy'?)",
    ]


def test_an_overlay_with_a_schema_error_is_still_an_overlay(cwd: Path) -> None:
    write(
        "o.yaml", "version: 1\nextends: base\nremove: [tf-serving]\npatch:\n  numpy: {hours: -1}\n"
    )
    assert errors("o.yaml") == [
        "base/01-topics.yaml:80:38: unknown topic 'tf-serving', which is removed at "
        "o.yaml:3:10; patch 'serving' too",
        "o.yaml:5:18: hours: input should be greater than 0 (got -1)",
    ]


# --- the command line ----------------------------------------------------------------------


def test_plan_with_an_overlay_end_to_end(cli: CLI, cwd: Path) -> None:
    write(
        "o.yaml",
        """
        version: 1
        extends: base
        remove: [tensorflow, tf-serving]
        topics:
          onnx: {title: ONNX, summary: Export models., hours: 2, prerequisites: [pytorch]}
        patch:
          neural-networks: {prerequisites: [linear-algebra, pytorch]}
          serving: {hours: 8, prerequisites: [neural-networks, torchserve, onnx]}
        """,
    )
    code, out, err = cli("plan", "--curriculum", "o.yaml", "--goal", "deploy", "--format", "json")
    assert code == 0 and err.startswith("remembered in "), err
    plan = json.loads(out)
    # Which topics, not their order (the planner's business, tested elsewhere).
    assert sorted(s["id"] for s in plan["steps"]) == [
        "linear-algebra",
        "neural-networks",
        "numpy",
        "onnx",
        "python",
        "pytorch",
        "serving",
        "torchserve",
    ]
    assert plan["steps"][-1]["prerequisites"] == ["neural-networks", "torchserve", "onnx"]
    assert plan["total_hours"] == 57.5


def test_goals_with_two_curriculum_options(cli: CLI, cwd: Path) -> None:
    write("o.yaml", "version: 1\npatch:\n  serving: {hours: 8}\n")
    code, out, _ = cli("goals", "--curriculum", "base", "--curriculum", "o.yaml")
    assert code == 0
    assert out == (
        "GOAL      TOPICS  HOURS  TITLE\n"
        "classify       6   50.5  Classify text\n"
        "deploy         7   55.5  Ship a model\n"
    )


def test_validate_reports_overlay_errors_at_their_lines(cli: CLI, cwd: Path) -> None:
    write("o.yaml", "version: 1\nextends: base\nremove: [tf-serving]\n")
    code, out, err = cli("validate", "o.yaml", expect=1)
    assert (code, out) == (1, "")
    assert err == (
        "base/01-topics.yaml:80:38: unknown topic 'tf-serving', which is removed at "
        "o.yaml:3:10; patch 'serving' too\n"
        "1 error found\n"
    )


def test_extends_a_misspelt_default_suggests_it(cwd: Path) -> None:
    write("o.yaml", "version: 1\nextends: defualt\n")
    assert errors("o.yaml") == [
        "o.yaml:2:10: extends 'defualt', but defualt does not exist (did you mean 'default'?)"
    ]
