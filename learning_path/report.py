"""The learner's side of a plan: what is ready now (``next``) and how far along (``status``).

Both work on the plan :func:`learner_plan` builds from the progress file: known
topics skipped, done topics kept in place and marked done.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .model import Curriculum
from .planner import Plan, Step, check_topic_ids, make_plan
from .progress import Progress
from .request import Choices, merge
from .text import hours as _hours

if TYPE_CHECKING:
    from .placement import Placement


TEXT_WIDTH = 88
"""Summaries are wrapped to this width: the same output on every terminal."""


def wrap(text: str, indent: str = "") -> list[str]:
    """``text`` as lines of at most :data:`TEXT_WIDTH` characters, each starting ``indent``."""
    return textwrap.wrap(
        " ".join(text.split()),
        TEXT_WIDTH,
        initial_indent=indent,
        subsequent_indent=indent,
        break_on_hyphens=False,
        break_long_words=False,
    )


def check_topics(ids: Iterable[str], curriculum: Curriculum) -> list[str]:
    """``ids`` once each, in order (an old id stands for the topics that replace it);
    an id the curriculum lacks is a usage error."""
    return check_topic_ids(curriculum, ids)


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
            extra = f" · {_hours(r['hours'])} h" if r["hours"] else ""
            cost = "free" if r["free"] else "paid"
            lines.append(f"   - {r['title']} · {r['kind']} · {cost}{extra}")
            lines.append(f"     {r['url']}")
        lines.append("")
    lines.append("Mark a topic learned with: learning-path done TOPIC")
    return "\n".join(lines) + "\n"


def _counts(plan: Plan, hours_per_week: float | None) -> dict[str, Any]:
    done = sum(1 for step in plan.steps if step.done)
    remaining = plan.hours_remaining
    weeks = None
    if hours_per_week is not None:
        weeks = math.ceil(remaining / hours_per_week - 1e-9)
    return {
        "done": done,
        "remaining": len(plan.steps) - done,
        "hours_done": plan.hours_done,
        "hours_remaining": remaining,
        "weeks_left": weeks,
    }


def status(
    curriculum: Curriculum,
    progress: Progress,
    goals: Sequence[str],
    hours_per_week: float | None,
    prefer: Sequence[str] = (),
) -> dict[str, Any]:
    """Done and remaining topics and hours, and weeks left, overall and per goal.

    Overall counts each topic once, however many goals share it.
    """
    result = _counts(learner_plan(curriculum, progress, goals, prefer=prefer), hours_per_week)
    result["goals"] = {}
    for goal_id in goals:
        plan = learner_plan(curriculum, progress, [goal_id], prefer=prefer)
        counts = _counts(plan, hours_per_week)
        result["goals"][goal_id] = {"title": curriculum.goals[goal_id].title, **counts}
    return result


def format_status(data: dict[str, Any], hours_per_week: float | None) -> str:
    """What ``learning-path status`` prints."""
    lines: list[str] = []
    rows = [(f"{g} ({d['title']})", d) for g, d in data["goals"].items()]
    if len(rows) > 1:
        rows.append(("All goals together", data))
    for title, counts in rows:
        lines += [
            title,
            f"  done:      {_topics(counts['done'])}, {_hours(counts['hours_done'])} h",
            f"  remaining: {_topics(counts['remaining'])}, "
            f"{_hours(counts['hours_remaining'])} h{_weeks(counts['weeks_left'], hours_per_week)}",
        ]
    if hours_per_week is None:
        lines.append("Give your pace with --hours-per-week H to see the weeks left.")
    return "\n".join(lines) + "\n"


def _topics(count: int) -> str:
    return f"{count} topic{'s' if count != 1 else ''}"


def _weeks(weeks: int | None, hours_per_week: float | None) -> str:
    if weeks is None or hours_per_week is None:
        return ""
    return f", {weeks} week{'s' if weeks != 1 else ''} at {_hours(hours_per_week)} h/week"


def format_placement(curriculum: Curriculum, placement: Placement, saved_to: Path) -> str:
    """What ``learning-path assess`` prints once every topic is settled."""
    known = [t for t in curriculum.topics if t in placement.known()]
    unknown = [t for t in curriculum.topics if t in placement.unknown()]
    lines = [
        f"{placement.asked} answer{'s' if placement.asked != 1 else ''} settled "
        f"{_topics(placement.total)}.",
        f"You already know {_topics(len(known))}"
        + (": " + ", ".join(known) + "." if known else "."),
        f"You have {_topics(len(unknown))} to learn"
        + (": " + ", ".join(unknown) + "." if unknown else "."),
        f"Saved to {saved_to}: plans now skip what you know.",
    ]
    return "\n".join(lines) + "\n"
