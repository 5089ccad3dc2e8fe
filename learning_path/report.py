"""The learner's side of a plan: what is ready now (``next``) and how far along (``status``).

Both work on the plan :func:`learner_plan` builds from the progress file: known
topics skipped, done topics kept in place and marked done.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .model import Curriculum
from .planner import Plan, Step, make_plan
from .progress import Progress
from .request import Choices, merge
from .text import hours as _hours
from .text import plural, table, wrap

if TYPE_CHECKING:
    from .placement import Placement


def learner_plan(
    curriculum: Curriculum,
    progress: Progress,
    goals: Sequence[str],
    *,
    hours_per_week: float | None = None,
    prefer: Sequence[str] = (),
) -> Plan:
    """The plan for ``goals`` given what ``progress`` records (its ids must all exist),
    with ``prefer`` and ``hours_per_week`` (when given) over the remembered ones."""
    given = Choices(goals=tuple(goals), prefer=tuple(prefer), hours_per_week=hours_per_week)
    return make_plan(curriculum, merge(given, progress))


def ready(plan: Plan) -> list[Step]:
    """Steps not done whose prerequisites are all done or known, in plan order."""
    open_ids = {step.id for step in plan.steps if not step.done}
    return [
        step
        for step in plan.steps
        if not step.done and not any(p in open_ids for p in step.prerequisites)
    ]


def format_next(plan: Plan, limit: int | None = None) -> str:
    """What ``learning-path next`` prints: the ready topics (the first ``limit`` of them)."""
    goals = ", ".join(plan.goals)
    left = [step for step in plan.steps if not step.done]
    if not plan.steps:
        return f"Nothing to study for {goals}: you already know everything it needs.\n"
    if not left:
        return f"Nothing left for {goals}: all {len(plan.steps)} topics are done.\n"
    steps = ready(plan)
    shown = steps[:limit] if limit is not None else steps
    count = "one" if len(shown) == 1 else str(len(shown))
    first = f"; the first {count} below" if len(shown) < len(steps) else ""
    lines = [
        f"Ready to study now for {goals} ({len(steps)} of the {len(left)} topics left{first}):",
        "",
    ]
    for step in shown:
        facts = [f"{_hours(step.hours)} h", *(x for x in (step.level, step.area) if x)]
        lines.append(f"{step.position}. {step.title} ({step.id}) · {' · '.join(facts)}")
        lines += wrap(step.summary, "   ")
        for r in step.resources:
            extra = f" · {_hours(r.hours)} h" if r.hours else ""
            cost = "free" if r.free else "paid"
            lines.append(f"   - {r.title} · {r.kind} · {cost}{extra}")
            lines.append(f"     {r.url}")
        lines.append("")
    lines.append("Mark a topic learned with: learning-path done TOPIC")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Counts:
    """Topics and hours done and remaining in one plan, and weeks left at a pace."""

    done: int
    remaining: int
    hours_done: float
    hours_remaining: float
    weeks_left: int | None

    @classmethod
    def of(cls, plan: Plan, hours_per_week: float | None) -> Counts:
        done = sum(1 for step in plan.steps if step.done)
        weeks = None
        if hours_per_week is not None:
            weeks = math.ceil(plan.hours_remaining / hours_per_week - 1e-9)
        return cls(done, len(plan.steps) - done, plan.hours_done, plan.hours_remaining, weeks)

    def to_dict(self) -> dict[str, Any]:
        return {
            "done": self.done,
            "remaining": self.remaining,
            "hours_done": self.hours_done,
            "hours_remaining": self.hours_remaining,
            "weeks_left": self.weeks_left,
        }

    def lines(self, title: str, hours_per_week: float | None) -> list[str]:
        """The title, then the done and remaining lines of ``status``."""
        return [
            title,
            f"  done:      {_topics(self.done)}, {_hours(self.hours_done)} h",
            f"  remaining: {_topics(self.remaining)}, "
            f"{_hours(self.hours_remaining)} h{_weeks(self.weeks_left, hours_per_week)}",
        ]


def _topics(count: int) -> str:
    return plural(count, "topic")


def _weeks(weeks: int | None, hours_per_week: float | None) -> str:
    if weeks is None or hours_per_week is None:
        return ""
    return f", {plural(weeks, 'week')} at {_hours(hours_per_week)} h/week"


def format_placement(curriculum: Curriculum, placement: Placement, saved_to: Path) -> str:
    """What ``learning-path assess`` prints once every topic is settled."""
    known = [t for t in curriculum.topics if t in placement.known()]
    unknown = [t for t in curriculum.topics if t in placement.unknown()]
    lines = [
        f"{plural(placement.asked, 'answer')} settled {_topics(placement.total)}.",
        f"You already know {_topics(len(known))}"
        + (": " + ", ".join(known) + "." if known else "."),
        f"You have {_topics(len(unknown))} to learn"
        + (": " + ", ".join(unknown) + "." if unknown else "."),
        f"Saved to {saved_to}: plans now skip what you know.",
    ]
    return "\n".join(lines) + "\n"


@dataclass
class GoalsReport:
    """What ``learning-path goals`` lists: each goal with its plan from scratch."""

    rows: list[dict[str, Any]]

    def to_dict(self) -> list[dict[str, Any]]:
        """JSON data: one object per goal (id, title, description, topics, hours)."""
        return [dict(row) for row in self.rows]

    def text(self) -> str:
        """A table: goal, topics, hours, title."""
        rows = [(r["id"], str(r["topics"]), _hours(r["hours"]), r["title"]) for r in self.rows]
        return "\n".join(table(("GOAL", "TOPICS", "HOURS", "TITLE"), rows, "lrrl")) + "\n"


def goals_report(curriculum: Curriculum) -> GoalsReport:
    """Every goal of ``curriculum`` with the topics and hours it needs from scratch."""
    from .planner import plan_size

    rows: list[dict[str, Any]] = []
    for goal_id, goal in curriculum.goals.items():
        topics, hours = plan_size(curriculum, goals=[goal_id])
        rows.append(
            {
                "id": goal_id,
                "title": goal.title,
                "description": goal.description,
                "topics": topics,
                "hours": hours,
            }
        )
    return GoalsReport(rows)


@dataclass
class StatusReport:
    """What ``learning-path status`` reports: counts overall and per goal (title,
    counts), then what the history adds (forecast, reviews due, activity)."""

    overall: Counts
    goals: dict[str, tuple[str, Counts]]
    pace: float | None
    progress_file: Path
    history: dict[str, Any] = field(default_factory=dict)
    history_lines: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        goals = {g: {"title": title, **c.to_dict()} for g, (title, c) in self.goals.items()}
        return {
            **self.overall.to_dict(),
            "goals": goals,
            "progress_file": str(self.progress_file),
            **self.history,
        }

    def text(self) -> str:
        from .progress import shown

        lines: list[str] = []
        rows = [(f"{g} ({title})", counts) for g, (title, counts) in self.goals.items()]
        if len(rows) > 1:
            rows.append(("All goals together", self.overall))
        for title, counts in rows:
            lines += counts.lines(title, self.pace)
        if self.pace is None:
            lines.append("Give your pace with --hours-per-week H to see the weeks left.")
        lines += self.history_lines
        lines.append(f"Progress file: {shown(self.progress_file)}")
        return "\n".join(lines) + "\n"


def status_report(
    curriculum: Curriculum,
    progress: Progress,
    goals: Sequence[str],
    pace: float | None,
    prefer: Sequence[str],
    *,
    progress_file: Path,
    today: date,
) -> StatusReport:
    """Done and remaining per goal at ``pace``, with the forecast, reviews due and
    activity from ``progress``'s history."""
    from .forecast import history_report

    overall = Counts.of(learner_plan(curriculum, progress, goals, prefer=prefer), pace)
    per_goal = {
        goal_id: (
            curriculum.goals[goal_id].title,
            Counts.of(learner_plan(curriculum, progress, [goal_id], prefer=prefer), pace),
        )
        for goal_id in goals
    }
    extra, lines = history_report(curriculum, progress, list(goals), today, pace)
    return StatusReport(overall, per_goal, pace, progress_file, extra, lines)
