"""Time the calendar export of a plan of 60+ topics at 6 h/week (three 2 h sessions).

    python benchmarks/calendar_bench.py

Prints the best of several runs of: the export itself in one process (plan, sessions,
reviews, icalendar), a re-export over the previous file (read back and compared),
and the whole ``learning-path calendar`` command as a fresh process. The target is
under 1 s for the export.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from learning_path import load_curriculum
from learning_path.calendar_export import export
from learning_path.progress import Progress
from learning_path.report import learner_plan
from learning_path.sessions import Settings

RUNS = 5
GOALS = ["production"]
SETTINGS = Settings(("mon", "wed", "sat"), "19:00", 2.0, "Europe/Paris", "bench")


def best(run: object) -> float:
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    curriculum = load_curriculum()
    progress = Progress(goals=GOALS)
    plan = learner_plan(curriculum, progress, GOALS)
    now = datetime(2025, 1, 6, tzinfo=timezone.utc)

    def fresh() -> str:
        return export(
            curriculum,
            progress,
            GOALS,
            SETTINGS,
            start=date(2025, 1, 6),
            zone="Europe/Paris",
            now=now,
        ).text

    text = fresh()
    done = Progress(goals=GOALS, done={s.id: date(2025, 1, 6) for s in plan.steps[:5]})

    def again() -> None:
        export(
            curriculum, done, GOALS, SETTINGS, start=date(2025, 1, 6), zone="Europe/Paris",
            now=now, previous=text,
        )  # fmt: skip

    events = text.count("BEGIN:VEVENT")
    print(f"plan: {len(plan.steps)} topics, {plan.hours_remaining:g} h, {events} events")
    print(f"export, in process:             {best(fresh):.3f} s")
    print(f"re-export over the previous:    {best(again):.3f} s")
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "LEARNING_PATH_PROGRESS": str(Path(folder) / "p.yaml"),
            "LEARNING_PATH_TODAY": "2025-01-06",
        }
        command = [
            sys.executable, "-m", "learning_path", "calendar", "--goal", GOALS[0],
            "--days", "mon,wed,sat", "--at", "19:00", "--session", "2h", "--tz",
            "Europe/Paris", "-o", str(Path(folder) / "plan.ics"),
        ]  # fmt: skip
        cwd = Path(__file__).resolve().parent.parent

        def cli() -> None:
            subprocess.run(command, env=env, cwd=cwd, check=True, capture_output=True)

        print(f"learning-path calendar, fresh process: {best(cli):.3f} s")


if __name__ == "__main__":
    main()
