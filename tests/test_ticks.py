"""Ticks in a Markdown plan are progress: writing the plan again, or ``done --from``,
records the boxes the learner ticked and unticked, and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from learning_path.progress import load
from learning_path.ticks import read
from tests.conftest import CLI

SMALL = Path(__file__).parent / "fixtures" / "small"


@pytest.fixture
def progress(tmp_path: Path) -> Path:
    return tmp_path / "p.yaml"


@pytest.fixture
def run(cli: CLI, progress: Path) -> CLI:
    """The command line on the fixture curriculum, with ``progress`` as the progress file."""
    return cli.with_options("--curriculum", SMALL, "--progress", progress)


def tick(plan: Path, topic: str, mark: str = "x") -> None:
    """Set the box of ``topic``'s step, as a learner does in an editor."""
    text = plan.read_text(encoding="utf-8")
    line = re.compile(rf"^- \[[ xX]\](.*<!-- topic: {topic} -->)$", re.M)
    assert line.search(text), topic
    plan.write_text(line.sub(rf"- [{mark}]\1", text), encoding="utf-8")


def test_writing_a_plan_again_records_its_ticks_first(
    run: CLI, tmp_path: Path, progress: Path
) -> None:
    plan = tmp_path / "plan.md"
    assert run("plan", "--goal", "classify", "-o", str(plan))[0] == 0
    tick(plan, "python")
    tick(plan, "numpy", "X")
    code, _, err = run("plan", "-o", str(plan))
    assert code == 0
    assert f"{plan}: 2 ticks (python, numpy) recorded as done" in err
    assert set(load(progress).done) == {"python", "numpy"}
    text = plan.read_text(encoding="utf-8")
    assert re.search(r"^- \[x\] .*<!-- topic: python -->$", text, re.M)
    assert text.rstrip().endswith("<!-- learning-path: done when written: python numpy -->")
    # writing it again with nothing changed records nothing
    code, _, err = run("plan", "-o", str(plan))
    assert code == 0 and "recorded" not in err


def test_an_untick_is_recorded_and_a_later_done_is_not_undone(
    run: CLI, tmp_path: Path, progress: Path
) -> None:
    plan = tmp_path / "plan.md"
    run("done", "python", "numpy", "--on", "2025-01-06")
    run("plan", "--goal", "classify", "-o", str(plan))
    tick(plan, "numpy", " ")  # taken back in the editor
    run("done", "linear-algebra", "--on", "2025-01-07")  # after the plan was written
    code, _, err = run("plan", "-o", str(plan))
    assert code == 0 and "1 untick (numpy) recorded as not done" in err
    assert set(load(progress).done) == {"python", "linear-algebra"}


def test_done_from_a_plan_reads_its_ticks_on_demand(
    run: CLI, tmp_path: Path, progress: Path
) -> None:
    plan = tmp_path / "plan.md"
    run("plan", "--goal", "classify", "-o", str(plan))
    tick(plan, "python")
    code, _, err = run("done", "--from", str(plan), "--on", "2025-02-03")
    assert code == 0 and "1 tick (python) recorded as done" in err
    assert str(load(progress).done["python"]) == "2025-02-03"
    other = tmp_path / "notes.md"
    other.write_text("- [x] my own list\n", encoding="utf-8")
    code, _, err = run("done", "--from", str(other), expect=2)
    assert code == 2 and "no Markdown plan written by learning-path" in err
    assert run("done", expect=2)[0] == 2  # neither topics nor a plan


def test_read_ignores_text_that_is_no_plan_and_untouched_boxes() -> None:
    assert read("- [x] **1. A** <!-- topic: a -->\n") is None  # no footer: not ours
    text = (
        "- [x] **1. A** <!-- topic: a -->\n- [ ] **2. B** <!-- topic: b -->\n"
        "- [x] **3. C** <!-- topic: c -->\n"
        "<!-- learning-path: done when written: a c -->\n"
    )
    ticks = read(text)
    assert ticks is not None and not ticks
    ticks = read(text.replace("- [ ] **2", "- [x] **2").replace("- [x] **3", "- [ ] **3"))
    assert ticks is not None and ticks.ticked == ["b"] and ticks.unticked == ["c"]
