"""The session every learner's command works on: the progress file is read before the
curriculum (its errors come first), and what a command records stays as the learner
wrote it."""

from __future__ import annotations

import os
import re
from pathlib import Path

from learning_path import prompts
from learning_path.progress import load
from tests.conftest import CLI, SMALL


def _progress() -> Path:
    return Path(os.environ["LEARNING_PATH_PROGRESS"])


def test_done_from_a_plan_records_its_ticks_whatever_else_is_given(
    cli: CLI, tmp_path: Path
) -> None:
    """``--hours`` names one topic done; with none named it is moot, and the ticks of
    ``--from`` are still recorded (never lost to a usage error)."""
    run = cli.with_options("--curriculum", SMALL)
    plan = tmp_path / "plan.md"
    run("plan", "--target", "numpy", "-o", plan)
    text = plan.read_text(encoding="utf-8")
    plan.write_text(re.sub(r"- \[ \] \*\*1\.", "- [x] **1.", text, count=1), encoding="utf-8")
    run("done", "--from", plan, "--hours", "2")
    assert list(load(_progress()).done) == ["python"]
    _, _, err = run("done", "python", "numpy", "--hours", "2", expect=2)
    assert "--hours goes with one topic done" in err


def test_a_broken_progress_file_is_reported_before_a_broken_curriculum(
    cli: CLI, tmp_path: Path
) -> None:
    """Every learner's command says first what is wrong with the learner's own file."""
    _progress().write_text("goals: [classify\n", encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text("version: 1\ntopics:\n  a: {title: A}\n", encoding="utf-8")
    for command in (
        ("explain", "python"),
        ("done", "python"),
        ("review", "--rating", "python=good"),
        ("status",),
        ("next",),
        ("show", "python"),
        ("undo", "python"),
    ):
        _, _, err = cli(*command, "--curriculum", broken, expect=1)
        assert err.startswith(f"error: {_progress()}:"), (command, err)


def test_explain_asks_for_a_goal_before_looking_up_the_topic(cli: CLI) -> None:
    _, _, err = cli("explain", "no-such-topic", "--curriculum", SMALL, expect=2)
    assert "name a --goal" in err


class _Console:
    """Answers every question with its default, and keeps the defaults offered."""

    def __init__(self) -> None:
        self.defaults: list[str] = []

    def screen(self, title: str) -> None:
        pass

    def ask(self, question: str, default: str, check: object) -> str:
        self.defaults.append(default)
        return default


def test_the_remembered_pace_is_offered_as_written() -> None:
    """A pace of 7.125 h offered as "7.12" would be saved back rounded."""
    console = _Console()
    assert prompts.ask_hours(console, 7.125) == 7.125  # type: ignore[arg-type]
    assert console.defaults == ["7.125"]


def test_the_library_raises_its_own_errors_not_clicks(tmp_path: Path) -> None:
    """``load_curriculum`` is a library call: its errors are the project's, and the
    command line shows them (one line per problem, exit 1)."""
    import click
    import pytest

    from learning_path import load_curriculum
    from learning_path.errors import CurriculumError

    broken = tmp_path / "broken.yaml"
    broken.write_text("version: 1\ntopics:\n  a: {title: A}\n", encoding="utf-8")
    with pytest.raises(CurriculumError) as caught:
        load_curriculum(broken)
    assert not isinstance(caught.value, click.ClickException)
    assert caught.value.diagnostics and str(broken) in str(caught.value)
