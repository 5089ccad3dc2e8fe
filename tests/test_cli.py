"""The command line: exact output on the fixture curriculum, exit codes, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import CLI


def test_goals_lists_topics_and_hours(cli: CLI, small: Path) -> None:
    code, out, _ = cli("goals", "--curriculum", str(small))
    assert code == 0
    assert out == (
        "GOAL      TOPICS  HOURS  TITLE\n"
        "classify       6   50.5  Classify text\n"
        "deploy         7   52.5  Ship a model\n"
    )


def test_goals_json(cli: CLI, small: Path) -> None:
    code, out, _ = cli("goals", "--curriculum", str(small), "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [(r["id"], r["topics"], r["hours"]) for r in rows] == [
        ("classify", 6, 50.5),
        ("deploy", 7, 52.5),
    ]


def test_plan_markdown_matches_golden(cli: CLI, small: Path, golden) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("plan", "--curriculum", str(small), "--goal", "classify")
    assert code == 0
    golden("classify.md", out)


def test_plan_paced_markdown_matches_golden(cli: CLI, small: Path, golden) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli(
        "plan",
        "--curriculum",
        str(small),
        "--goal",
        "deploy",
        "--known",
        "python",
        "--prefer",
        "tensorflow",
        "--hours-per-week",
        "8",
        "--start",
        "2025-01-06",
    )
    assert code == 0
    golden("deploy-paced.md", out)


def test_plan_json_contract(cli: CLI, small: Path) -> None:
    code, out, _ = cli(
        "plan",
        "--curriculum",
        str(small),
        "--target",
        "neural-networks",
        "--known",
        "numpy",
        "--format",
        "json",
        "--hours-per-week",
        "6",
    )
    assert code == 0
    data = json.loads(out)
    assert data["format_version"] == 1
    assert data["curriculum"] == "Tiny ML"
    assert data["goals"] == [] and data["targets"] == ["neural-networks"]
    assert data["known"] == ["numpy"]
    assert [s["id"] for s in data["steps"]] == ["linear-algebra", "pytorch", "neural-networks"]
    assert data["total_hours"] == 30.5
    assert data["hours_per_week"] == 6.0 and data["weeks"] == 6
    step = data["steps"][2]
    assert step["position"] == 3
    assert step["prerequisites"] == ["linear-algebra", "pytorch"]
    assert set(step) >= {
        "position",
        "id",
        "title",
        "summary",
        "hours",
        "level",
        "area",
        "prerequisites",
        "resources",
    }
    first = data["steps"][0]["resources"][0]
    assert first == {
        "title": "Essence of linear algebra",
        "url": "https://www.3blue1brown.com/topics/linear-algebra",
        "kind": "video",
        "free": True,
        "hours": None,
        "framework": None,
    }
    assert data["sequence"] == "just-in-time"  # the fixture's own rule


def test_prefer_switches_framework_branch(cli: CLI, small: Path) -> None:
    def ids(*extra: str) -> list[str]:
        code, out, _ = cli(
            "plan",
            "--curriculum",
            str(small),
            "--goal",
            "deploy",
            "--format",
            "json",
            *extra,
        )
        assert code == 0
        return [s["id"] for s in json.loads(out)["steps"]]

    assert "pytorch" in ids() and "torchserve" in ids() and "tensorflow" not in ids()
    tf = ids("--prefer", "tensorflow")
    assert "tensorflow" in tf and "tf-serving" in tf
    assert "pytorch" not in tf and "torchserve" not in tf
    known_tf = ids("--known", "tensorflow")
    assert "tf-serving" in known_tf and "torchserve" not in known_tf


def test_plan_writes_file_and_reports(cli: CLI, small: Path, tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    code, out, err = cli(
        "plan", "--curriculum", str(small), "--goal", "classify", "-o", str(target)
    )
    assert code == 0
    assert out == ""
    progress = tmp_path / "learning-path-progress.yaml"  # the conftest's LEARNING_PATH_PROGRESS
    assert err == f"wrote {target}\nremembered in {progress}: goals classify (was none)\n"
    assert target.read_text().startswith("# Study plan: Classify text\n")


def test_plan_requires_goal_or_target(cli: CLI, small: Path) -> None:
    code, _, err = cli("plan", "--curriculum", str(small), expect=2)
    assert code == 2
    assert "name at least one --goal or --target" in err


def test_unknown_goal_is_usage_error_with_suggestion(cli: CLI, small: Path) -> None:
    code, out, err = cli("plan", "--curriculum", str(small), "--goal", "clasify", expect=2)
    assert code == 2
    assert out == ""
    assert err == (
        "error: unknown goal 'clasify' (did you mean 'classify'?); valid goals: classify, deploy\n"
    )


def test_unknown_topic_is_usage_error(cli: CLI, small: Path) -> None:
    code, _, err = cli(
        "plan", "--curriculum", str(small), "--goal", "deploy", "--known", "pytorh", expect=2
    )
    assert code == 2
    assert err.startswith("error: unknown topic 'pytorh' (did you mean 'pytorch'?)")


def test_bad_pace_is_usage_error(cli: CLI, small: Path) -> None:
    for pace in ("0", "-3", "nan", "inf", "abc"):
        code, _, err = cli(
            "plan",
            "--curriculum",
            str(small),
            "--goal",
            "deploy",
            "--hours-per-week",
            pace,
            expect=2,
        )
        assert code == 2, pace
        assert "--hours-per-week" in err


def test_failed_run_leaves_existing_output_untouched(cli: CLI, small: Path, tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    target.write_text("my notes\n")
    code, _, _ = cli(
        "plan", "--curriculum", str(small), "--goal", "nope", "-o", str(target), expect=2
    )
    assert code == 2
    assert target.read_text() == "my notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.md"]


def test_bad_curriculum_leaves_output_untouched(cli: CLI, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("version: 1\ntopics:\n  a: {title: A, summary: s}\n")
    target = tmp_path / "plan.md"
    target.write_text("keep me\n")
    code, out, err = cli(
        "plan", "--curriculum", str(broken), "--target", "a", "-o", str(target), expect=1
    )
    assert code == 1
    assert out == ""
    assert err.splitlines()[0].endswith(
        "broken.yaml:3:6: topic 'a' is missing required key 'hours'"
    )
    assert target.read_text() == "keep me\n"


def test_validate_ok_summary(cli: CLI, small: Path) -> None:
    code, out, _ = cli("validate", str(small))
    assert code == 0
    assert out == "ok: 10 topics, 2 goals, 10 prerequisite links in 2 files\n"


def test_validate_reports_every_error_sorted(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_text(
        "version: 1\ntopics:\n  x: {title: X, summary: s, hours: 1, prerequisites: [missing]}\n"
    )
    (tmp_path / "a.yaml").write_text(
        "version: 1\ntopics:\n  y:\n    title: Y\n    summary: s\n    hour: 2\n"
    )
    code, out, err = cli("validate", str(tmp_path), expect=1)
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert lines[0].endswith("a.yaml:4:5: topic 'y' is missing required key 'hours'")
    assert lines[1].endswith("a.yaml:6:5: unknown key 'hour' (did you mean 'hours'?)")
    # References are checked in the same run, despite the schema errors above.
    assert lines[2].endswith("b.yaml:3:55: unknown topic 'missing'")
    assert lines[-1] == "3 errors found"


def test_validate_nonexistent_path_is_usage_error(cli: CLI, tmp_path: Path) -> None:
    code, _, err = cli("validate", str(tmp_path / "nope"), expect=2)
    assert code == 2
    assert "does not exist" in err


def test_python_dash_m_runs_the_same_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "learning_path", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "Usage: learning-path" in result.stdout
    for command in ("plan", "goals", "validate"):
        assert command in result.stdout


def test_output_is_byte_identical_across_runs(cli: CLI, small: Path) -> None:
    args = ["plan", "--curriculum", str(small), "--goal", "deploy", "--hours-per-week", "5"]
    assert cli(*args)[1] == cli(*args)[1]
    args += ["--format", "json"]
    assert cli(*args)[1] == cli(*args)[1]


def test_output_path_problems_are_usage_errors(cli: CLI, small: Path, tmp_path: Path) -> None:
    args = ["plan", "--curriculum", str(small), "--goal", "deploy", "-o"]
    code, _, err = cli(*args, str(tmp_path / "missing" / "plan.md"), expect=2)
    assert code == 2
    missing = tmp_path / "missing"
    assert err == f"error: {missing / 'plan.md'}: directory {missing} does not exist\n"


def test_free_only_says_when_a_topic_has_no_free_resource(cli: CLI, small: Path) -> None:
    args = ["plan", "--curriculum", str(small), "--target", "text-classifier"]
    code, out, _ = cli(*args, "--free-only")
    assert code == 0
    pytorch = out.split("**3. PyTorch**")[1].split("**4.")[0]
    assert "\n  *No free resource is listed for this topic.*\n" in pytorch
    assert "[SMS Spam Collection]" in out  # free: kept
    assert "[Hands-On Machine Learning]" not in out  # paid: left out
    assert "[Hands-On Machine Learning]" not in cli(*args)[1]  # remembered
    assert "[Hands-On Machine Learning]" in cli(*args, "--all-resources")[1]


def test_output_under_a_regular_file_names_it(cli: CLI, small: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("keep\n")
    args = ["plan", "--curriculum", str(small), "--goal", "deploy", "-o", str(blocker / "p.md")]
    code, _, err = cli(*args, expect=2)
    assert code == 2
    assert err == f"error: {blocker / 'p.md'}: directory {blocker} is not a directory\n"
    assert blocker.read_text() == "keep\n"


def test_prefer_of_a_topic_that_is_no_alternative_warns(cli: CLI, small: Path) -> None:
    args = ["plan", "--curriculum", str(small), "--goal", "deploy", "--format", "json"]
    code, out, err = cli(*args, "--prefer", "numpy")
    assert code == 0
    assert err.startswith(
        "warning: --prefer numpy changes nothing: it is not one of the alternatives "
        "of an any_of group\nremembered in "
    )
    default = json.loads(cli(*args)[1])
    assert json.loads(out)["steps"] == default["steps"]  # the plan is the default one
    assert "warning" not in cli(*args, "--prefer", "tensorflow")[2]
