"""Understanding a plan: everything about one topic (``show``) and why it is in a
goal's plan (``explain``: the chain of topics from it to the goal's target)."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

from .graph import build_graph
from .model import AnyOf, Curriculum
from .planner import Plan, Step, known_closure
from .progress import Progress
from .text import hours as _hours
from .text import wrap


def _name(curriculum: Curriculum, topic_id: str) -> str:
    return f"{topic_id} ({curriculum.topics[topic_id].title})"


def dependents(curriculum: Curriculum, topic_id: str) -> list[str]:
    """Topics that list ``topic_id`` as a prerequisite (alone or in an any_of group)."""
    graph = build_graph(curriculum)
    following = set(graph.successors(topic_id))
    return [t for t in curriculum.topics if t in following]


def show(curriculum: Curriculum, topic_id: str, progress: Progress) -> str:
    """Everything about a topic, as ``learning-path show`` prints it."""
    topic = curriculum.topics[topic_id]
    facts = [f"{_hours(topic.hours)} h", *(x for x in (topic.level, topic.area) if x)]
    lines = [
        f"{topic.title} ({topic_id})",
        " · ".join(facts),
        "",
        *wrap(topic.summary),
        "",
    ]
    needs = [
        "one of " + " or ".join(_name(curriculum, m) for m in p.any_of)
        if isinstance(p, AnyOf)
        else _name(curriculum, p)
        for p in topic.prerequisites
    ]
    lines += _listing("Prerequisites", needs, "none")
    lines += _listing("Unlocks", [_name(curriculum, t) for t in dependents(curriculum, topic_id)])
    resources = []
    for r in topic.resources:
        extra = f" · {_hours(r.hours)} h" if r.hours else ""
        resources.append(
            f"{r.title} · {r.kind} · {'free' if r.free else 'paid'}{extra}\n    {r.url}"
        )
    lines += _listing("Resources", resources)
    lines += _listing("Projects", list(topic.projects))
    if topic_id in progress.done:
        day = progress.done[topic_id]
        lines.append(f"You marked it done{f' on {day.isoformat()}' if day else ''}.")
    elif topic_id in known_closure(curriculum, progress.known):
        lines.append("You already know it.")
    return "\n".join(lines).rstrip("\n") + "\n"


def _listing(title: str, items: list[str], empty: str = "") -> list[str]:
    if not items:
        return [f"{title}: {empty}", ""] if empty else []
    return [f"{title}:", *(f"  - {item}" for item in items), ""]


def chain(plan: Plan, topic_id: str, targets: Sequence[str]) -> list[str] | None:
    """The shortest chain of plan topics from ``topic_id`` to the first of ``targets``
    that needs it (goals list their main targets first), each topic a prerequisite
    of the next; ties go to the earlier steps. None when no target needs the topic."""
    unlocks: dict[str, list[str]] = {step.id: [] for step in plan.steps}
    for step in plan.steps:
        for prereq in step.prerequisites:
            if prereq in unlocks:
                unlocks[prereq].append(step.id)
    if topic_id not in unlocks:
        return None
    parent: dict[str, str | None] = {topic_id: None}
    queue = deque([topic_id])
    while queue:
        current = queue.popleft()
        for following in unlocks[current]:
            if following not in parent:
                parent[following] = current
                queue.append(following)
    best = next((t for t in targets if t in parent), None)
    if best is None:
        return None
    path = [best]
    while (previous := parent[path[-1]]) is not None:
        path.append(previous)
    return path[::-1]


def explain(curriculum: Curriculum, plan: Plan, topic_id: str) -> str:
    """Why ``topic_id`` is in ``plan`` (one chain per goal), or why it is not."""
    goals = ", ".join(plan.goals)
    step = next((s for s in plan.steps if s.id == topic_id), None)
    if step is None:
        return (
            f"{topic_id} is not in your plan for {goals}: {_absent(curriculum, plan, topic_id)}\n"
        )
    lines = [
        f"{_name(curriculum, topic_id)} is step {step.position} of {len(plan.steps)} "
        f"in your plan for {goals}{' (done)' if step.done else ''}."
    ]
    for goal_id in plan.goals:
        path = chain(plan, topic_id, curriculum.goals[goal_id].targets)
        if path is not None:
            lines.append(f"  {' -> '.join(path)} ({goal_id})")
    following = [s.id for s in plan.steps if topic_id in s.prerequisites]
    if following:
        lines.append("It unlocks next: " + ", ".join(_name(curriculum, t) for t in following) + ".")
    else:
        lines.append("Nothing in the plan builds on it: it is a goal's target.")
    lines.extend(wrap(" ".join(_placement(curriculum, plan, step))))
    return "\n".join(lines) + "\n"


_GAP = 3
"""Steps between a topic and the last topic it needs beyond which explain says why."""


def _placement(curriculum: Curriculum, plan: Plan, step: Step) -> list[str]:
    """Sentences on what moved ``step`` from where the curriculum writes it (written
    order only): topics written later that it needs, or that needed it; or the
    curriculum's own placement when it comes well after what it needs."""
    if plan.sequence != "written":
        return []
    position = {s.id: s.position for s in plan.steps}
    rank = {topic_id: i for i, topic_id in enumerate(curriculum.topics)}
    said = []
    later = sorted(
        (t for t, by in plan.pulled_by.items() if by == step.id and rank[t] > rank[step.id]),
        key=position.__getitem__,
    )
    if later:
        said.append(
            f"It comes after {', '.join(later)}: the curriculum writes "
            f"{'them' if len(later) > 1 else 'it'} later, but {step.id} needs "
            f"{'them' if len(later) > 1 else 'it'}."
        )
    by = plan.pulled_by.get(step.id)
    if by is not None:
        said.append(
            f"The curriculum writes it later ({curriculum.locate('topic', step.id)}); it "
            f"comes this early because {by} needs it."
        )
    elif step.prerequisites:
        last = max(
            (p for p in step.prerequisites if p in position),
            key=position.__getitem__,
            default=None,
        )
        if last is not None and step.position - position[last] > _GAP:
            said.append(
                f"It comes {step.position - position[last]} steps after {last}, the last "
                "topic it needs, where the curriculum writes it "
                f"({curriculum.locate('topic', step.id)})."
            )
    return said


def _absent(curriculum: Curriculum, plan: Plan, topic_id: str) -> str:
    """Why a topic is not in the plan."""
    if topic_id in known_closure(curriculum, plan.known):
        return "you already know it."
    for step in plan.steps:
        for item in curriculum.topics[step.id].prerequisites:
            if isinstance(item, AnyOf) and topic_id in item.any_of:
                taken = next((m for m in item.any_of if m in step.prerequisites), item.any_of[0])
                return (
                    f"{step.id} needs one of {', '.join(item.any_of)}, and the plan takes "
                    f"{taken} (--prefer {topic_id} to take this one instead)."
                )
    return "none of its goals needs it."
