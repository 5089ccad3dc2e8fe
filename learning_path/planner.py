"""Curriculum + a learner's choices -> :class:`Plan`: selection, order and pace.

Selection follows the format document: the chosen goals' targets and any
topics named directly, plus everything they require, less what the learner
knows and everything that implies. An ``any_of`` group takes a member the
learner knows, else one marked done, else one already in the plan, else one the
learner prefers (or that builds on a preferred or already-chosen topic), else
the first listed.

Order follows the curriculum's ``sequence``. ``written`` (the default): the order
the curriculum is written in, wherever prerequisites (and soft ``after`` edges)
allow; a prerequisite written after a topic that needs it is pulled in just before
that topic (see :func:`_written_order`). ``just-in-time``: a depth-first walk from
the targets puts each topic right after the prerequisites it needs, then a local
search moves topics to bring prerequisites closer still (see :func:`_closest`).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Container, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate, repeat
from operator import sub
from typing import Any

import networkx as nx

from . import collector
from .errors import InputError
from .graph import build_graph
from .model import AnyOf, Curriculum, Resource, SequenceRule
from .request import REMEMBERED, PlanRequest, pace_problem
from .text import did_you_mean

FORMAT_VERSION = 1
_SIZE_CAP = 64
_LOCAL_SEARCH_LIMIT = 2000
"""Plans up to this many steps get the local search of :func:`_closest`."""
SEQUENCES: tuple[SequenceRule, ...] = ("written", "just-in-time")
"""The ordering rules a curriculum (or ``--sequence``) can choose."""


@dataclass
class Step:
    """One topic of a plan, in study order."""

    position: int
    id: str
    title: str
    summary: str
    hours: float
    level: str | None
    area: str | None
    prerequisites: list[str]
    """Direct prerequisites, any_of groups resolved to the chosen member."""
    resources: list[Resource]
    """The topic's resources this plan lists (its framework's, free ones if asked)."""
    projects: list[str]
    start_week: int | None = None
    end_week: int | None = None
    start_date: date | None = None
    """First day of ``start_week`` (weeks are seven days from the plan's start date)."""
    end_date: date | None = None
    """Last day of ``end_week``."""
    done: bool = False
    """Marked done by the learner: kept in place, but not scheduled."""

    def to_dict(self) -> dict[str, Any]:
        """This step as JSON data (a copy: changing it leaves the step alone)."""
        return {
            "position": self.position,
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "hours": self.hours,
            "level": self.level,
            "area": self.area,
            "prerequisites": list(self.prerequisites),
            "resources": [resource_dict(r) for r in self.resources],
            "projects": list(self.projects),
            "start_week": self.start_week,
            "end_week": self.end_week,
            "start_date": _iso(self.start_date),
            "end_date": _iso(self.end_date),
            "done": self.done,
        }


@dataclass
class Plan:
    """What one learner has to study, in order, and at what pace."""

    curriculum: str
    goals: list[str]
    targets: list[str]
    known: list[str]
    prefer: list[str]
    hours_per_week: float | None
    steps: list[Step] = field(default_factory=list)
    goal_titles: dict[str, str] = field(default_factory=dict)
    free_only: bool = False
    start_date: date | None = None
    sequence: SequenceRule = "written"
    remembered: list[str] = field(default_factory=list)
    """The choices taken from the progress file (goals, known, prefer, hours_per_week,
    free_only) rather than given: plans say so."""
    skipped: list[str] = field(default_factory=list)
    """Topics the targets need that are known, or implied by a known topic (written order)."""
    skipped_hours: float = 0.0
    pulled_by: dict[str, str] = field(default_factory=dict)
    """Written order only: topic -> the topic that needs it and pulled it in before
    its written place (the topic is written later in the curriculum)."""

    @property
    def total_hours(self) -> float:
        return round(sum((step.hours for step in self.steps), 0.0), 2)

    @property
    def hours_done(self) -> float:
        return round(sum((step.hours for step in self.steps if step.done), 0.0), 2)

    @property
    def hours_remaining(self) -> float:
        return round(sum((step.hours for step in self.steps if not step.done), 0.0), 2)

    @property
    def weeks(self) -> int | None:
        """Weeks the remaining (not done) topics take at the plan's pace."""
        if self.hours_per_week is None:
            return None
        return math.ceil(self.hours_remaining / self.hours_per_week - 1e-9)

    @property
    def end_date(self) -> date | None:
        """Last day of the last week, when the plan has a start date and some weeks."""
        if self.start_date is None or not self.weeks:
            return None
        return self.start_date + timedelta(weeks=self.weeks, days=-1)

    def week_dates(self) -> dict[int, tuple[str, str]]:
        """Week number -> its first and last day (ISO dates); empty without a start date."""
        if self.start_date is None or not self.weeks:
            return {}
        firsts = (self.start_date + timedelta(weeks=w) for w in range(self.weeks))
        return {
            week: (first.isoformat(), (first + timedelta(days=6)).isoformat())
            for week, first in enumerate(firsts, start=1)
        }

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract (``format_version`` 1); templates see the same data."""
        return {
            "format_version": FORMAT_VERSION,
            "curriculum": self.curriculum,
            "goals": self.goals,
            "goal_titles": self.goal_titles,
            "targets": self.targets,
            "known": self.known,
            "prefer": self.prefer,
            "remembered": self.remembered,
            "skipped": self.skipped,
            "hours_skipped": self.skipped_hours,
            "free_only": self.free_only,
            "sequence": self.sequence,
            "done": [step.id for step in self.steps if step.done],
            "total_hours": self.total_hours,
            "hours_done": self.hours_done,
            "hours_remaining": self.hours_remaining,
            "hours_per_week": self.hours_per_week,
            "weeks": self.weeks,
            "start_date": _iso(self.start_date),
            "end_date": _iso(self.end_date),
            "steps": [step.to_dict() for step in self.steps],
        }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def check_topic_ids(curriculum: Curriculum, given: Iterable[str]) -> list[str]:
    """Topic ids once each, in order; an old id a topic ``replaces`` stands for the
    topic(s) that replace it; an id that is neither is an :class:`InputError`."""
    given = list(given)
    topics = curriculum.topics
    if all(ident in topics for ident in given):
        # The usual case, answered without the old ids (a pass over every topic).
        return list(dict.fromkeys(given))
    renamed = curriculum.replaced()
    return _check_ids("topic", curriculum.current_ids(given), topics, renamed)


def _check_ids(
    kind: str,
    given: Iterable[str],
    valid: Collection[str],
    renamed: Iterable[str] = (),
) -> list[str]:
    """Deduplicate ``given`` (keeping order) and refuse unknown ids (not in ``valid``:
    ids, or a mapping keyed by them) as usage errors."""
    seen: list[str] = []
    for ident in given:
        if ident not in valid:
            choices = list(valid)
            hint = did_you_mean(ident, [*choices, *renamed])
            listing = f"; valid {kind}s: {', '.join(choices)}" if len(choices) <= 12 else ""
            raise InputError(f"unknown {kind} '{ident}'{hint}{listing}")
        if ident not in seen:
            seen.append(ident)
    return seen


def known_closure(curriculum: Curriculum, known: Iterable[str]) -> set[str]:
    """``known`` plus everything it requires through plain prerequisites.

    A known topic's ``any_of`` group tells only that one member is known, not which,
    so members are not added (unless known for another reason).
    """
    result: set[str] = set()
    stack = list(known)
    while stack:
        topic_id = stack.pop()
        if topic_id in result:
            continue
        result.add(topic_id)
        stack.extend(p for p in curriculum.topics[topic_id].prerequisites if isinstance(p, str))
    return result


class _Selector:
    """Works out the set of topics a plan needs and how each any_of group resolves."""

    def __init__(
        self,
        curriculum: Curriculum,
        graph: nx.DiGraph[str],
        known: set[str],
        prefer: list[str],
        done: set[str] | frozenset[str] = frozenset(),
        roots: Iterable[str] = (),
    ) -> None:
        """``roots``: the targets the selection will be :meth:`add`-ed from."""
        self.topics = curriculum.topics
        self.graph = graph
        self.roots = list(roots)
        self._reach: Container[str] | None = None
        self.known = known
        self.done = done
        self.prefer = set(prefer)
        # Alternatives already taken (or known): later choices follow them, so a
        # learner who knows TensorFlow gets TensorFlow Serving, not TorchServe.
        self.aligned: set[str] = _alternatives_among(curriculum, graph, known | done)
        self.selected: dict[str, None] = {}
        self.choice: dict[tuple[str, int], str] = {}
        self.pending: list[tuple[str, int]] = []
        # Known topics the selection reached (it stops at them): targets, prerequisites
        # of selected topics, or members chosen for their groups.
        self.met: set[str] = set()
        # Topics that are, or build on, a preferred / an aligned topic; grown lazily.
        # Only alternatives carry a preference on (TensorFlow -> TensorFlow Serving);
        # a foundation such as linear algebra is no choice and sways nothing.
        self.on_prefer = self._descendants(
            _alternatives_among(curriculum, graph, self.prefer), set()
        )
        self.on_aligned = self._descendants(self.aligned, set())

    def add(self, root: str) -> None:
        stack = [root]
        while stack:
            topic_id = stack.pop()
            if topic_id in self.selected:
                continue
            if topic_id in self.known:
                self.met.add(topic_id)
                continue
            self.selected[topic_id] = None
            items = self.topics[topic_id].prerequisites
            for index in range(len(items) - 1, -1, -1):
                item = items[index]
                if isinstance(item, AnyOf):
                    self.pending.append((topic_id, index))
                else:
                    stack.append(item)

    def resolve(self) -> None:
        """Resolve every pending group, satisfied ones first, then in discovery order."""
        # What the targets need whatever the groups choose: a member in it is free.
        forced = set(self.selected)
        while self.pending:
            still: list[tuple[str, int]] = []
            # A member known, else done, else needed anyway, else already chosen.
            pools = (self.known, self.done, forced, self.selected)
            for key in self.pending:
                members = self._members(key)
                settled = next((m for pool in pools for m in members if m in pool), None)
                if settled is None:
                    still.append(key)
                else:
                    self.choice[key] = settled
                    self._align(settled)
                    self.add(settled)  # a done member joins the plan, ticked
            self.pending = still
            if not still:
                return
            key = self.pending.pop(0)
            member = self._pick(self._members(key))
            self.choice[key] = member
            self._align(member)
            self.add(member)

    def _align(self, member: str) -> None:
        if member not in self.aligned:
            self.aligned.add(member)
            self._descendants([member], self.on_aligned)

    def _members(self, key: tuple[str, int]) -> list[str]:
        item = self.topics[key[0]].prerequisites[key[1]]
        assert isinstance(item, AnyOf)
        return item.any_of

    def _descendants(self, roots: Iterable[str], into: set[str]) -> set[str]:
        """Add ``roots`` and everything that requires them to ``into``, as far as
        :meth:`reach` goes: only members of groups there are ever asked about, and a
        path to one runs through its prerequisites, all of them in reach too."""
        stack = [r for r in roots if r not in into]
        into.update(stack)
        if not stack:
            return into
        reach = self.reach()
        successors = self.graph.successors
        while stack:
            for successor in successors(stack.pop()):
                if successor in reach and successor not in into:
                    into.add(successor)
                    stack.append(successor)
        return into

    def reach(self) -> Container[str]:
        """The roots and everything they need, through every member of every group
        (whatever the choices); worked out once, when first asked. When the selection
        is already most of the curriculum, finding that part costs more than it saves:
        every topic stands for it."""
        if self._reach is None and 2 * len(self.selected) > len(self.topics):
            self._reach = self.topics
        if self._reach is None:
            reach = set(self.roots)
            stack = list(reach)
            predecessors = self.graph.predecessors
            while stack:
                for prereq in predecessors(stack.pop()):
                    if prereq not in reach:
                        reach.add(prereq)
                        stack.append(prereq)
            self._reach = reach
        return self._reach

    def _pick(self, members: list[str]) -> str:
        ranked = sorted(
            range(len(members)),
            key=lambda i: (members[i] not in self.on_prefer, members[i] not in self.on_aligned, i),
        )
        return members[ranked[0]]


def _order(selected: dict[str, None], needs: dict[str, list[str]], roots: list[str]) -> list[str]:
    """Depth-first post-order from the roots: prerequisites just before their topic."""
    emitted: dict[str, None] = {}

    def pending_size(start: str) -> int:
        """Topics still to emit in ``start``'s subtree, counted up to a cap (beyond it
        the exact size matters little and would cost quadratic time on big plans)."""
        seen = {start}
        stack = [start]
        while stack and len(seen) < _SIZE_CAP:
            for prereq in needs[stack.pop()]:
                if prereq not in seen and prereq not in emitted:
                    seen.add(prereq)
                    stack.append(prereq)
        return len(seen)

    def children(topic_id: str) -> list[str]:
        todo = [p for p in needs[topic_id] if p not in emitted]
        if len(todo) > 1:
            sizes = {p: pending_size(p) for p in todo}
            todo.sort(key=lambda p: -sizes[p])  # stable: ties keep the curriculum's order
        return todo

    for root in [*roots, *selected]:
        if root in emitted or root not in selected:
            continue
        stack: list[tuple[str, list[str]]] = [(root, children(root))]
        while stack:
            topic_id, todo = stack[-1]
            while todo and todo[0] in emitted:
                todo.pop(0)
            if todo:
                nxt = todo.pop(0)
                stack.append((nxt, children(nxt)))
            else:
                stack.pop()
                if topic_id not in emitted:
                    emitted[topic_id] = None
    return list(emitted)


def _closest(order: list[str], needs: dict[str, list[str]]) -> list[str]:
    """Reorder to bring prerequisites closer, keeping every prerequisite first.

    The summed distance over prerequisite edges is sum(position(x) * w(x)) with
    w(x) = (#prerequisites of x in the plan) - (#topics in the plan needing x), so
    moving one topic changes it by a sum over the topics it jumps. Each topic is
    moved to its best place between its last prerequisite and its first dependent
    until no move helps. This runs from the depth-first order and from networkx's
    topological order; the better result wins (ties: depth-first).
    """
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(order)
    graph.add_edges_from((p, t) for t in order for p in needs[t])
    candidates = [
        _insertion_search(order, needs),
        _insertion_search(list(nx.topological_sort(graph)), needs),
    ]
    costs = [mean_prerequisite_distance(c, needs) for c in candidates]
    return candidates[costs.index(min(costs))]


def _insertion_search(start: list[str], needs: dict[str, list[str]]) -> list[str]:
    order = list(start)
    dependents: dict[str, list[str]] = {t: [] for t in order}
    for topic_id in order:
        for prereq in needs[topic_id]:
            dependents[prereq].append(topic_id)
    weight = {t: len(needs[t]) - len(dependents[t]) for t in order}
    weights = [weight[t] for t in order]  # weights[k] is the weight of order[k]
    position = {t: i for i, t in enumerate(order)}
    for _ in range(len(order)):
        moved = False
        for topic_id in list(order):
            i = position[topic_id]
            low = max(map(position.__getitem__, needs[topic_id]), default=-1) + 1
            high = min(map(position.__getitem__, dependents[topic_id]), default=len(order)) - 1
            w = weight[topic_id]
            best_gain, best_j = 0, i
            if high > i:
                # Moved just after order[j], j = i+1, i+2, ...: gains the summed
                # (weight - w) of the topics it jumps. The first best place wins.
                gains = list(accumulate(map(sub, weights[i + 1 : high + 1], repeat(w))))
                top = max(gains)
                if top > best_gain:
                    best_gain, best_j = top, i + 1 + gains.index(top)
            if low < i:
                # Moved just before order[j], j = i-1, i-2, ...: gains (w - weight).
                gains = list(accumulate(map(sub, repeat(w), reversed(weights[low:i]))))
                top = max(gains)
                if top > best_gain:
                    best_gain, best_j = top, i - 1 - gains.index(top)
            if best_j != i:
                order.pop(i)
                order.insert(best_j, topic_id)
                weights.pop(i)
                weights.insert(best_j, w)
                for k in range(min(i, best_j), max(i, best_j) + 1):
                    position[order[k]] = k
                moved = True
        if not moved:
            break
    return order


def _select(
    curriculum: Curriculum,
    goals: list[str],
    targets: list[str],
    known: list[str],
    prefer: list[str],
    done: set[str] | frozenset[str] = frozenset(),
) -> tuple[_Selector, list[str]]:
    """The resolved selection for (checked) ids, and the targets it was built for."""
    all_targets: list[str] = []
    for goal_id in goals:
        all_targets.extend(curriculum.goals[goal_id].targets)
    all_targets.extend(targets)
    all_targets = list(dict.fromkeys(all_targets))
    selector = _Selector(
        curriculum,
        build_graph(curriculum),
        known_closure(curriculum, known),
        prefer,
        done,
        roots=all_targets,
    )
    for target in all_targets:
        selector.add(target)
    selector.resolve()
    return selector, all_targets


def _alternatives_among(
    curriculum: Curriculum, graph: nx.DiGraph[str], ids: Iterable[str]
) -> set[str]:
    """The topics of ``ids`` that are a member of some any_of group: found through the
    topics that need them (``graph``: the curriculum's), not a pass over every topic."""
    topics = curriculum.topics
    return {
        topic_id
        for topic_id in ids
        if topic_id in graph
        and any(
            isinstance(item, AnyOf) and topic_id in item.any_of
            for needer in graph.successors(topic_id)
            for item in topics[needer].prerequisites
        )
    }


def idle_preferences(curriculum: Curriculum, prefer: Iterable[str]) -> list[str]:
    """The preferred topics that can sway no choice: they are no any_of member."""
    prefer = list(prefer)
    alternatives = _alternatives_among(curriculum, build_graph(curriculum), prefer)
    return [topic_id for topic_id in prefer if topic_id not in alternatives]


def plan_topics(
    curriculum: Curriculum,
    *,
    goals: Iterable[str] = (),
    targets: Iterable[str] = (),
    known: Iterable[str] = (),
    prefer: Iterable[str] = (),
) -> list[str]:
    """The topics :func:`make_plan` would include, unordered and unscheduled (cheap)."""
    selector, _ = _select(
        curriculum,
        _check_ids("goal", goals, curriculum.goals),
        check_topic_ids(curriculum, targets),
        check_topic_ids(curriculum, known),
        check_topic_ids(curriculum, prefer),
    )
    return list(selector.selected)


def plan_size(curriculum: Curriculum, *, goals: Iterable[str]) -> tuple[int, float]:
    """Topics and hours of a newcomer's plan for ``goals``, without ordering it."""
    topics = plan_topics(curriculum, goals=goals)
    return len(topics), round(sum(curriculum.topics[t].hours for t in topics), 2)


@collector.paused()
def make_plan(
    curriculum: Curriculum,
    request: PlanRequest | None = None,
    *,
    goals: Iterable[str] = (),
    targets: Iterable[str] = (),
    known: Iterable[str] = (),
    prefer: Iterable[str] = (),
    hours_per_week: float | None = None,
    start: date | None = None,
    done: Iterable[str] = (),
    free_only: bool = False,
    sequence: SequenceRule | None = None,
) -> Plan:
    """Build the plan for one learner. Unknown ids raise :class:`InputError`; an old id
    that a topic ``replaces`` stands for the topic(s) that replace it.

    ``start`` (needs ``hours_per_week``) dates the weeks: week 1 runs from ``start``
    for seven days, and so on. ``done`` topics stay in place, marked done, and take
    no time in the schedule. ``free_only`` keeps only each topic's free resources.
    ``sequence`` overrides the curriculum's ordering rule. Resources tied to a
    framework the plan does not take are left out (see :func:`_fitting_resources`).

    A ``request`` (the learner's merged choices) stands for all the keywords.
    """
    if request is not None:
        plan = make_plan(
            curriculum,
            goals=request.goals,
            targets=request.targets,
            known=request.known,
            prefer=request.prefer,
            hours_per_week=request.hours_per_week,
            start=request.start,
            done=request.done,
            free_only=request.free_only,
            sequence=request.sequence,
        )
        plan.remembered = [name for name in REMEMBERED if name in request.remembered]
        return plan
    build_graph(curriculum)  # a broken curriculum is reported before the ids
    goal_ids = _check_ids("goal", goals, curriculum.goals)
    direct = check_topic_ids(curriculum, targets)
    known_ids = check_topic_ids(curriculum, known)
    prefer_ids = check_topic_ids(curriculum, prefer)
    done_ids = set(check_topic_ids(curriculum, done))
    if hours_per_week is not None:
        check_pace(hours_per_week)
    if start is not None and hours_per_week is None:
        raise InputError("a start date needs a pace (hours per week)")

    selector, all_targets = _select(curriculum, goal_ids, direct, known_ids, prefer_ids, done_ids)

    topics = curriculum.topics
    selected = selector.selected
    # Each topic's direct prerequisites, any_of groups resolved to the chosen member;
    # and what must come before it in the plan: those and its ``after``, once each.
    needs: dict[str, list[str]] = {}
    in_plan: dict[str, list[str]] = {}
    for topic_id in selected:
        topic = topics[topic_id]
        resolved = [
            selector.choice[(topic_id, index)] if isinstance(item, AnyOf) else item
            for index, item in enumerate(topic.prerequisites)
        ]
        needs[topic_id] = resolved
        before = _unique([*resolved, *topic.after] if topic.after else resolved)
        in_plan[topic_id] = [p for p in before if p in selected]
    rule = sequence or curriculum.sequence
    if rule not in SEQUENCES:
        raise InputError(f"unknown sequence '{rule}'; choose {' or '.join(SEQUENCES)}")
    pulled_by: dict[str, str] = {}
    if rule == "written":
        written = [topic_id for topic_id in topics if topic_id in selected]
        order = _written_order(written, in_plan, pulled_by)
    else:
        order = _order(selected, in_plan, all_targets)
        if len(order) <= _LOCAL_SEARCH_LIMIT:
            order = _closest(order, in_plan)
    taken = set(selected) | selector.known | done_ids
    skipped = _skipped(curriculum, selector)

    plan = Plan(
        curriculum=curriculum.name or "Curriculum",
        goals=goal_ids,
        targets=all_targets,
        known=known_ids,
        prefer=prefer_ids,
        hours_per_week=hours_per_week,
        goal_titles={g: curriculum.goals[g].title for g in goal_ids},
        free_only=free_only,
        start_date=start,
        sequence=rule,
        skipped=skipped,
        skipped_hours=round(sum(topics[t].hours for t in skipped), 2),
        pulled_by=pulled_by,
    )
    named: set[str] = set()  # the frameworks the plan's resources are tied to
    for position, topic_id in enumerate(order, start=1):
        topic = topics[topic_id]
        resources = list(topic.resources)
        for resource in resources:
            if resource.framework is not None:
                named.add(resource.framework)
        plan.steps.append(
            Step(
                position=position,
                id=topic_id,
                title=topic.title,
                summary=topic.summary.strip(),
                hours=topic.hours,
                level=topic.level,
                area=topic.area,
                prerequisites=needs[topic_id],
                resources=resources,
                projects=list(topic.projects),
                done=topic_id in done_ids,
            )
        )
    out = _left_out_frameworks(curriculum, named, taken)
    if out or free_only:
        for step in plan.steps:
            step.resources = [
                r for r in _fitting_resources(step.resources, out) if r.free or not free_only
            ]
    if hours_per_week is not None:
        _schedule(plan.steps, hours_per_week, start)
    return plan


def resource_dict(resource: Resource) -> dict[str, object]:
    """A resource as JSON data."""
    return {
        "title": resource.title,
        "url": resource.url,
        "kind": resource.kind,
        "free": resource.free,
        "hours": resource.hours,
        "framework": resource.framework,
    }


def _skipped(curriculum: Curriculum, selector: _Selector) -> list[str]:
    """The known topics (or implied by known ones) that the targets need, through plain
    prerequisites and the any_of members chosen, in written order. A known topic's own
    any_of groups are not followed: which member is known is not said.

    The selection met the known topics they need directly (:attr:`_Selector.met`);
    what those imply through plain prerequisites is known too."""
    found = known_closure(curriculum, selector.met)
    return [t for t in curriculum.topics if t in found] if found else []


def _frameworks(curriculum: Curriculum) -> set[str]:
    """Every topic some resource names as its ``framework``."""
    return {
        r.framework
        for topic in curriculum.topics.values()
        for r in topic.resources
        if r.framework is not None
    }


def _left_out_frameworks(curriculum: Curriculum, named: set[str], taken: set[str]) -> set[str]:
    """Of the frameworks ``named`` by the plan's resources, those the plan does not take,
    when it takes some framework (one any resource names); else none. The pass over the
    whole curriculum is made only when the plan's own resources cannot tell."""
    if named and (named & taken or _frameworks(curriculum) & taken):
        return named - taken
    return set()


def _unique(ids: list[str]) -> list[str]:
    """``ids`` once each, in order."""
    return list(dict.fromkeys(ids)) if len(ids) > 1 else ids


def _fitting_resources(resources: list[Resource], out: set[str]) -> list[Resource]:
    """``resources`` less those tied to a framework in ``out`` (frameworks the plan does
    not take, while it takes another), unless that would leave the topic none."""
    kept = [r for r in resources if r.framework not in out]
    return kept or list(resources)


def _written_order(
    written: list[str],
    needs: dict[str, list[str]],
    pulled_by: dict[str, str],
) -> list[str]:
    """The written order, each topic moved later only as far as what it needs forces.

    Topics are taken in written order (``written``: the selected ones, in the order
    the curriculum writes them; ``needs`` names only those); before each, whatever it
    needs that is not yet placed is placed (in written order, recursively), so a
    prerequisite written after a topic that needs it comes just before that topic.
    ``pulled_by`` receives, for each topic placed early that way, the topic that
    needed it.
    """
    emitted: dict[str, None] = {}
    rank = {topic_id: i for i, topic_id in enumerate(written)}

    def ranked(ids: list[str]) -> list[str]:
        return sorted(ids, key=rank.__getitem__) if len(ids) > 1 else ids

    for root in written:
        if root in emitted:
            continue
        stack: list[tuple[str, list[str]]] = [(root, ranked(needs[root])[::-1])]
        while stack:
            topic_id, todo = stack[-1]
            while todo and todo[-1] in emitted:
                todo.pop()
            if todo:
                prereq = todo.pop()
                pulled_by.setdefault(prereq, topic_id)  # written after `root`: pulled in
                stack.append((prereq, ranked(needs[prereq])[::-1]))
            else:
                stack.pop()
                emitted[topic_id] = None
    return list(emitted)


def check_pace(hours_per_week: float) -> None:
    """Refuse a pace the planner does not take (InputError)."""
    problem = pace_problem(hours_per_week)
    if problem:
        raise InputError(f"hours per week: {problem}")


def _schedule(steps: list[Step], hours_per_week: float, start: date | None) -> None:
    """Lay the steps not done over weeks of ``hours_per_week``; a long topic spans
    several weeks. With a ``start`` date, each scheduled step gets its weeks' dates."""
    elapsed = 0.0
    for step in steps:
        if step.done:
            continue
        begin = elapsed
        elapsed += step.hours
        step.start_week = math.floor(begin / hours_per_week + 1e-9) + 1
        step.end_week = max(step.start_week, math.ceil(elapsed / hours_per_week - 1e-9))
        if start is not None:
            try:
                step.start_date = start + timedelta(weeks=step.start_week - 1)
                step.end_date = start + timedelta(weeks=step.end_week, days=-1)
            except OverflowError:
                raise InputError(
                    f"at this pace the plan runs past the year {date.max.year}; "
                    "choose an earlier --start or more hours per week"
                ) from None


def mean_prerequisite_distance(order: Sequence[str], needs: dict[str, list[str]]) -> float:
    """Mean number of steps between a topic and each of its in-plan prerequisites."""
    position = {topic_id: i for i, topic_id in enumerate(order)}
    distances = [
        position[t] - position[p] for t in order for p in needs.get(t, []) if p in position
    ]
    return sum(distances) / len(distances) if distances else 0.0


def alternative_groups(
    curriculum: Curriculum, goals: Sequence[str], known: Sequence[str]
) -> list[tuple[str, list[str]]]:
    """The ``any_of`` choices that matter for ``goals``: (topic that needs one, members).

    The most fundamental choice comes first: a group whose members build on a
    member of another group is asked after it (PyTorch or TensorFlow before TFX or
    framework-neutral pipelines), otherwise groups follow the plan. Groups with a
    known member are settled already, and a group whose every member is or builds
    on a member of an earlier group follows that choice (TorchServe after PyTorch,
    TensorFlow Serving after TensorFlow), so neither is asked.
    """
    graph = build_graph(curriculum)
    plan = make_plan(curriculum, goals=goals, known=known)
    knows = known_closure(curriculum, known)
    found = [
        (step.id, list(item.any_of))
        for step in plan.steps
        for item in curriculum.topics[step.id].prerequisites
        if isinstance(item, AnyOf)
    ]
    covered: set[str] = set()
    groups: list[tuple[str, list[str]]] = []
    for needer, members in _fundamental_first(graph, found):
        if not knows.intersection(members) and not covered.issuperset(members):
            groups.append((needer, members))
        for member in members:  # settled or asked: later choices follow this one
            covered |= {member, *nx.descendants(graph, member)}
    return groups


def _fundamental_first(
    graph: nx.DiGraph[str], groups: list[tuple[str, list[str]]]
) -> list[tuple[str, list[str]]]:
    """``groups`` (in plan order) reordered so that a group comes after every group
    one of whose members its members build on; plan order breaks ties (and orders
    groups that build on each other both ways)."""
    order: nx.DiGraph[int] = nx.DiGraph()
    order.add_nodes_from(range(len(groups)))
    below = [set().union(*(nx.ancestors(graph, m) for m in members)) for _, members in groups]
    for first, (_, members) in enumerate(groups):
        for later in range(len(groups)):
            if below[later].intersection(members):
                order.add_edge(first, later)
    blocks = nx.condensation(order)
    ranked = nx.lexicographical_topological_sort(
        blocks, key=lambda block: min(blocks.nodes[block]["members"])
    )
    return [groups[i] for block in ranked for i in sorted(blocks.nodes[block]["members"])]
