"""Real time spent (``done --hours``), the honest forecast and the heatmap in
``status``, and ``plan --by``."""

from __future__ import annotations

import json
import math
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from learning_path import load_curriculum
from learning_path.forecast import activity, forecast, pace_for
from learning_path.progress import Progress, load
from learning_path.report import learner_plan
from tests.conftest import CLI

START = date(2025, 1, 6)


def on(day: str) -> dict[str, str | None]:
    """The environment of a command run on ``day`` (LEARNING_PATH_TODAY)."""
    return {"LEARNING_PATH_TODAY": day}


def simulate(sessions: dict[int, float], slowness: float, today: date) -> tuple[Progress, date]:
    """A learner who studies ``sessions`` (weekday -> hours) every week from START,
    takes ``slowness`` times the estimates and marks each topic done, with its real
    hours, on the day they finish it: what they recorded by ``today``, and the day
    they truly finish."""
    curriculum = load_curriculum()
    plan = learner_plan(curriculum, Progress(), ["nlp"])
    done: dict[str, date | None] = {}
    hours: dict[str, float] = {}
    day, studied, need = START, 0.0, 0.0
    for step in plan.steps:
        need += step.hours * slowness
        while studied < need - 1e-9:
            studied += sessions.get(day.weekday(), 0.0)
            day += timedelta(days=1)
        finished = day - timedelta(days=1)
        if finished <= today:
            done[step.id] = finished
            hours[step.id] = step.hours * slowness
    return Progress(goals=["nlp"], done=done, hours=hours), finished


@pytest.mark.slow
@pytest.mark.parametrize("weeks", range(6, 111, 4))
def test_forecast_of_a_slower_learner_is_within_a_week(weeks: int) -> None:
    """Planned 6 h/week; studies 4 h/week (a little every day) and takes 1.5x the
    estimates; the forecast, made every four weeks from week 14 to the last topics,
    is within a week of the day they finish (in weeks 6 and 10, with a month or two
    of history for a plan of three years, within three weeks)."""
    today = START + timedelta(weeks=weeks)
    progress, truth = simulate({day: 4 / 7 for day in range(7)}, 1.5, today)
    curriculum = load_curriculum()
    plan = learner_plan(curriculum, progress, ["nlp"])
    result = forecast(curriculum, progress, plan, today, 6)
    assert result is not None
    assert abs((result.finish - truth).days) <= (7 if weeks >= 14 else 21), (result.finish, truth)
    assert result.ratio == pytest.approx(1.5)
    assert result.days_behind is not None and result.days_behind > 0
    assert result.planned_finish == today + timedelta(days=-(-plan.hours_remaining * 7 // 6))


def test_no_forecast_without_two_days_of_progress() -> None:
    curriculum = load_curriculum()
    progress = Progress(done={"what-is-machine-learning": START})
    plan = learner_plan(curriculum, progress, ["nlp"])
    assert forecast(curriculum, progress, plan, START, 6) is None


@pytest.mark.parametrize(("apart", "shown"), [(1, False), (6, False), (7, True), (12, True)])
def test_a_forecast_needs_a_week_of_history(apart: int, shown: bool) -> None:
    """Two busy days in a row are no pace to forecast months from; a week apart are."""
    curriculum = load_curriculum()
    later = START + timedelta(days=apart)
    progress = Progress(done={"what-is-machine-learning": START, "learning-paradigms": later})
    plan = learner_plan(curriculum, progress, ["nlp"])
    assert (forecast(curriculum, progress, plan, later, 6) is not None) is shown


def test_status_says_how_far_behind(cli: CLI, tmp_path: Path) -> None:
    where = ("--progress", str(tmp_path / "p.yaml"))
    done = ("done", "what-is-machine-learning", "--on", "2025-01-06", "--hours", "3", *where)
    assert cli(*done, env=on("2025-01-06"))[0] == 0
    code, out, _ = cli(
        "done",
        "learning-paradigms",
        "--on",
        "2025-01-13",
        "--hours",
        "3.5",
        *where,
        env=on("2025-01-13"),
    )
    assert code == 0 and out.endswith("logged: learning-paradigms took 3.5 h\n")
    code, out, _ = cli(
        "status", "--goal", "nlp", "--hours-per-week", "6", *where, env=on("2025-01-13")
    )
    assert code == 0
    lines = out.splitlines()
    topics = load_curriculum().topics
    estimated = topics["what-is-machine-learning"].hours + topics["learning-paradigms"].hours
    assert lines[3:5] == [
        f"Real time: {6.5 / estimated:.2f}x the estimates on 2 topics with hours logged.",
        "Pace: 3.5 h/week studied from 2025-01-06 to 2025-01-13 (planned 6 h/week).",
    ]
    forecast_line = re.fullmatch(
        r"Forecast: done on (\S+); (\d+) days behind the plan \((\S+)\)\.", lines[5]
    )
    assert forecast_line, lines[5]
    behind = int(forecast_line[2])
    finish, planned = date.fromisoformat(forecast_line[1]), date.fromisoformat(forecast_line[3])
    assert (finish - planned).days == behind > 0
    assert "Activity, 12 weeks to 2025-01-13 (one column a week):" in out
    assert "  Mon ..........++" in lines  # 3 h and 3.5 h on two Mondays
    code, out, _ = cli(
        "status",
        "--goal",
        "nlp",
        "--hours-per-week",
        "6",
        "--format",
        "json",
        *where,
        env=on("2025-01-13"),
    )
    data = json.loads(out)
    assert data["forecast"]["days_behind"] == behind
    assert data["activity"]["days"] == {"2025-01-06": 3.0, "2025-01-13": 3.5}
    assert load(tmp_path / "p.yaml").hours == {
        "what-is-machine-learning": 3.0,
        "learning-paradigms": 3.5,
    }


def test_done_hours_needs_one_topic(cli: CLI, tmp_path: Path) -> None:
    where = ("--progress", str(tmp_path / "p.yaml"))
    code, _, err = cli(
        "done", "numpy", "pandas", "--hours", "3", *where, env=on("2025-01-06"), expect=2
    )
    assert code == 2 and "--hours goes with one topic" in err
    code, _, err = cli("done", "numpy", "--hours", "0", *where, env=on("2025-01-06"), expect=2)
    assert code == 2 and "--hours" in err
    assert not (tmp_path / "p.yaml").exists()


def test_heatmap_levels() -> None:
    curriculum = load_curriculum()
    progress = Progress(
        done={"numpy": date(2025, 3, 3), "pandas": date(2025, 3, 5)},
        hours={"numpy": 1.5, "pandas": 9},
        reviews={"numpy": [(date(2025, 3, 4), "good")]},
    )
    seen = activity(curriculum, progress, date(2025, 3, 9), weeks=2)
    assert seen is not None
    assert seen.lines() == [
        "Activity, 2 weeks to 2025-03-09 (one column a week):",
        "  Mon .-",
        "  Tue .-",
        "  Wed .#",
        "  Thu ..",
        "  Fri ..",
        "  Sat ..",
        "  Sun ..",
        "  . none  - up to 2 h  + up to 4 h  # more",
    ]
    assert activity(curriculum, progress, date(2026, 1, 1)) is None


def test_pace_for_a_date() -> None:
    assert pace_for(60, START, START + timedelta(weeks=10, days=-1)) == 6
    assert pace_for(60, START, START + timedelta(weeks=10, days=5)) == 6  # whole weeks only
    assert pace_for(1, START, START + timedelta(weeks=10)) == 0.5
    with pytest.raises(ValueError, match="more than the 60 h/week"):
        pace_for(610, START, START + timedelta(weeks=10))


def test_plan_by_a_date(cli: CLI, tmp_path: Path) -> None:
    code, out, err = cli(
        "plan", "--goal", "nlp", "--by", "2025-12-31", "--start", "2025-01-06", env=on("2025-01-03")
    )
    assert code == 0
    hours = learner_plan(load_curriculum(), Progress(), ["nlp"]).total_hours
    needed = math.ceil(hours / 51 * 10 - 1e-9) / 10  # 51 whole weeks to 2025-12-28
    assert err.startswith(
        f"to finish {hours:g} h by 2025-12-31 from 2025-01-06: {needed:g} h/week\n"
    )
    assert "## Week 51 · 2025-12-22 to 2025-12-28" in out and "## Week 52" not in out
    code, out, err = cli(
        "plan",
        "--goal",
        "nlp",
        "--by",
        "2025-06-30",
        "--hours-per-week",
        "6",
        "--start",
        "2025-01-06",
        env=on("2025-01-03"),
    )
    assert code == 0
    assert err.startswith("by 2025-06-30 at 6 h/week you finish: ")
    assert "topics (" in err and "remain" in err
    code, _, err = cli(
        "plan",
        "--goal",
        "nlp",
        "--by",
        "2025-02-01",
        "--start",
        "2025-01-06",
        env=on("2025-01-03"),
        expect=2,
    )
    assert code == 2
    needed = math.ceil(hours / 3 * 10 - 1e-9) / 10  # three whole weeks
    assert err == (
        f"error: --by: finishing {hours:g} h by 2025-02-01 takes {needed:g} h/week, more "
        "than the 60 h/week a person can keep up; choose a later date or fewer goals\n"
    )
    code, _, err = cli(
        "plan", "--goal", "nlp", "--by", "2025-01-01", env=on("2025-01-03"), expect=2
    )
    assert code == 2 and err == "error: --by 2025-01-01 is in the past (today is 2025-01-03)\n"
    code, _, err = cli(
        "plan", "--goal", "nlp", "--by", "2025-13-01", env=on("2025-01-03"), expect=2
    )
    assert code == 2 and "is not a date like" in err


@pytest.mark.slow
def test_forecast_of_a_twice_a_week_learner_is_within_three_weeks() -> None:
    """The same learner in two 2 h sessions a week (Monday, Thursday) finishes topics
    only on those days, so the measured pace is lumpier: from week 30 on, the forecast
    stays within three weeks (median error under a week; see the README)."""
    curriculum = load_curriculum()
    errors = []
    for weeks in range(30, 125, 4):
        today = START + timedelta(weeks=weeks)
        progress, truth = simulate({0: 2, 3: 2}, 1.5, today)
        plan = learner_plan(curriculum, progress, ["nlp"])
        result = forecast(curriculum, progress, plan, today, 6)
        assert result is not None
        errors.append(abs((result.finish - truth).days))
    assert max(errors) <= 21, errors
