"""What overlays change (``learning-path diff``): two loaded curricula compared.

Topics are added, removed, or patched (with the names of the fields whose value
differs); goals are added, removed or replaced (any field differs). For every
goal of either curriculum, the newcomer's plan (no known topics, no
preferences) is compared: its number of topics and its hours, before and after.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .model import TOPIC_FIELDS, Curriculum
from .planner import plan_size
from .text import hours as _hours


@dataclass
class PlanChange:
    """A goal's newcomer plan before and after; None where the goal does not exist."""

    goal: str
    before: tuple[int, float] | None
    """(topics, hours) in the base curriculum."""
    after: tuple[int, float] | None
    """(topics, hours) with the overlays applied."""


@dataclass
class CurriculumDiff:
    """The differences between a base curriculum and the same with overlays."""

    topics_added: list[str] = field(default_factory=list)
    topics_removed: list[str] = field(default_factory=list)
    topics_patched: dict[str, list[str]] = field(default_factory=dict)
    """Topic id -> names of the fields whose value changed, in the format's order."""
    goals_added: list[str] = field(default_factory=list)
    goals_removed: list[str] = field(default_factory=list)
    goals_replaced: list[str] = field(default_factory=list)
    plans: list[PlanChange] = field(default_factory=list)

    def text(self) -> str:
        """What ``learning-path diff`` prints."""
        return format_text(self)

    def to_dict(self) -> dict[str, Any]:
        """JSON data of this diff."""

        def size(value: tuple[int, float] | None) -> dict[str, Any] | None:
            return None if value is None else {"topics": value[0], "hours": value[1]}

        return {
            "topics": {
                "added": list(self.topics_added),
                "removed": list(self.topics_removed),
                "patched": {t: list(f) for t, f in self.topics_patched.items()},
            },
            "goals": {
                "added": list(self.goals_added),
                "removed": list(self.goals_removed),
                "replaced": list(self.goals_replaced),
            },
            "plans": [
                {"goal": p.goal, "before": size(p.before), "after": size(p.after)}
                for p in self.plans
            ],
        }


def diff_curricula(before: Curriculum, after: Curriculum) -> CurriculumDiff:
    """How ``after`` differs from ``before`` (both loaded and checked)."""
    result = CurriculumDiff(
        topics_added=[t for t in after.topics if t not in before.topics],
        topics_removed=[t for t in before.topics if t not in after.topics],
        goals_added=[g for g in after.goals if g not in before.goals],
        goals_removed=[g for g in before.goals if g not in after.goals],
        goals_replaced=[
            g for g, goal in before.goals.items() if g in after.goals and after.goals[g] != goal
        ],
    )
    for topic_id, old in before.topics.items():
        new = after.topics.get(topic_id)
        if new is None:
            continue
        changed = [name for name in TOPIC_FIELDS if getattr(old, name) != getattr(new, name)]
        if changed:
            result.topics_patched[topic_id] = changed
    for goal_id in [*before.goals, *result.goals_added]:
        result.plans.append(
            PlanChange(goal_id, _plan_size(before, goal_id), _plan_size(after, goal_id))
        )
    return result


def _plan_size(curriculum: Curriculum, goal_id: str) -> tuple[int, float] | None:
    if goal_id not in curriculum.goals:
        return None
    return plan_size(curriculum, goals=[goal_id])


def format_text(diff: CurriculumDiff) -> str:
    """The changes, one category a line, then a table of each goal's plan."""
    lines: list[str] = []
    for label, ids in (
        ("topics added", diff.topics_added),
        ("topics removed", diff.topics_removed),
    ):
        if ids:
            lines.append(f"{label} ({len(ids)}): {', '.join(ids)}")
    if diff.topics_patched:
        lines.append(f"topics patched ({len(diff.topics_patched)}):")
        lines += [f"  {t}: {', '.join(f)}" for t, f in diff.topics_patched.items()]
    for label, ids in (
        ("goals added", diff.goals_added),
        ("goals removed", diff.goals_removed),
        ("goals replaced", diff.goals_replaced),
    ):
        if ids:
            lines.append(f"{label} ({len(ids)}): {', '.join(ids)}")
    if not lines:
        lines.append("no topic or goal changes")

    def change(before: float | None, after: float | None) -> str:
        old = "-" if before is None else _hours(before)
        new = "-" if after is None else _hours(after)
        if before is None or after is None or before == after:
            return f"{old} -> {new}"
        delta = round(after - before, 2)
        return f"{old} -> {new} ({'+' if delta > 0 else ''}{_hours(delta)})"

    rows = []
    for plan in diff.plans:
        topics_before, hours_before = plan.before or (None, None)
        topics_after, hours_after = plan.after or (None, None)
        rows.append(
            [
                plan.goal,
                change(topics_before, topics_after),
                change(hours_before, hours_after),
            ]
        )
    if rows:
        header = ["GOAL", "TOPICS", "HOURS"]
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
        lines.append("")
        lines += [
            f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]}" for row in [header, *rows]
        ]
    return "\n".join(lines) + "\n"
