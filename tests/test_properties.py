"""Property tests of make_plan on random acyclic curricula.

Curricula are built directly as models (fast); one test also writes them as
YAML and loads them fresh. Each topic may only require topics created before
it, so every curriculum is acyclic; ids are shuffled names and the topics are
stored in a shuffled order so that neither hints at a valid order.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import tempfile
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import yaml
from hypothesis import Phase, example, given, settings
from hypothesis import strategies as st

from learning_path import load_curriculum
from learning_path.checks import check
from learning_path.model import AnyOf, Curriculum, Goal, Topic
from learning_path.planner import Plan, known_closure, make_plan
from learning_path.render import render


def _data(value: Any) -> Any:
    """``value`` (from ``dataclasses.asdict``) without the keys whose value is None, at
    every depth, as a curriculum file leaves them out."""
    if isinstance(value, dict):
        return {key: _data(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_data(item) for item in value]
    return value


# Hypothesis draws hundreds of curricula: the full suite runs them, the fast loop does not.
pytestmark = pytest.mark.slow

NAMES = [
    "python",
    "numpy",
    "pandas",
    "linear-algebra",
    "calculus",
    "probability",
    "pytorch",
    "tensorflow",
    "cnn",
    "rnn",
    "transformers",
    "serving",
    "mlops",
    "sql",
]
HOURS = [0.5, 1, 2, 2.5, 3, 4, 6, 8, 12.5, 20]
PACES = [1, 2.5, 4, 6, 10, 40]


@st.composite
def curricula(draw: st.DrawFn, max_topics: int = 10) -> Curriculum:
    count = draw(st.integers(1, max_topics))
    ids = draw(st.permutations(NAMES))[:count]  # ids[i] may require ids[:i] only
    topics: dict[str, Topic] = {}
    for i, ident in enumerate(ids):
        earlier = ids[:i]
        items: list[str | AnyOf] = []
        for _ in range(draw(st.integers(0, min(3, len(earlier))))):
            if len(earlier) >= 2 and draw(st.booleans()):
                members = draw(
                    st.lists(st.sampled_from(earlier), min_size=2, max_size=3, unique=True)
                )
                items.append(AnyOf(any_of=members))
            else:
                items.append(draw(st.sampled_from(earlier)))
        topics[ident] = Topic(
            title=ident.replace("-", " ").title(),
            summary=f"Learn {ident}.",
            hours=draw(st.sampled_from(HOURS)),
            prerequisites=items,
        )
    shuffled = draw(st.permutations(ids))
    goals = {
        f"goal-{n}": Goal(
            title=f"Goal {n}",
            targets=draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True)),
        )
        for n in range(draw(st.integers(0, 3)))
    }
    return Curriculum(name="Random", topics={t: topics[t] for t in shuffled}, goals=goals)


@dataclass
class Case:
    curriculum: Curriculum
    goals: list[str]
    targets: list[str]
    known: list[str]
    prefer: list[str]
    hours_per_week: float | None

    def plan(self, curriculum: Curriculum | None = None) -> Plan:
        return make_plan(
            curriculum or self.curriculum,
            goals=self.goals,
            targets=self.targets,
            known=self.known,
            prefer=self.prefer,
            hours_per_week=self.hours_per_week,
        )

    @property
    def all_targets(self) -> list[str]:
        wanted = [t for g in self.goals for t in self.curriculum.goals[g].targets]
        return list(dict.fromkeys(wanted + self.targets))


@st.composite
def cases(draw: st.DrawFn) -> Case:
    curriculum = draw(curricula())
    ids = list(curriculum.topics)
    goals = (
        draw(st.lists(st.sampled_from(list(curriculum.goals)), max_size=2))
        if curriculum.goals
        else []
    )
    targets = draw(st.lists(st.sampled_from(ids), min_size=0 if goals else 1, max_size=4))
    return Case(
        curriculum=curriculum,
        goals=goals,
        targets=targets,
        known=draw(st.lists(st.sampled_from(ids), max_size=3)),
        prefer=draw(st.lists(st.sampled_from(ids), max_size=2)),
        hours_per_week=draw(st.none() | st.sampled_from(PACES)),
    )


@st.composite
def many_target_cases(draw: st.DrawFn) -> Case:
    """Several direct targets, so one target's group can meet another's needs."""
    curriculum = draw(curricula())
    ids = list(curriculum.topics)
    return Case(
        curriculum=curriculum,
        goals=[],
        targets=draw(
            st.lists(st.sampled_from(ids), min_size=min(2, len(ids)), max_size=6, unique=True)
        ),
        known=draw(st.lists(st.sampled_from(ids), max_size=1)),
        prefer=draw(st.lists(st.sampled_from(ids), max_size=1)),
        hours_per_week=None,
    )


def _topic(*prerequisites: str | AnyOf) -> Topic:
    return Topic(title="T", summary="S", hours=1, prerequisites=list(prerequisites))


SHARED_MEMBER = Case(
    # a's group picks x (first listed); c's group picks b, whose group {x, a} is met
    # only then: it must take a (a target, in every plan), not x (in the plan only
    # because of a's choice), though both are in the plan by now.
    curriculum=Curriculum(
        topics={
            "x": _topic(),
            "y": _topic(),
            "a": _topic(AnyOf(any_of=["x", "y"])),
            "b": _topic(AnyOf(any_of=["x", "a"])),
            "c": _topic(AnyOf(any_of=["b", "y"])),
        }
    ),
    goals=[],
    targets=["a", "c"],
    known=[],
    prefer=[],
    hours_per_week=None,
)


@st.composite
def shared_member_cases(draw: st.DrawFn) -> Case:
    """The shape of SHARED_MEMBER (two groups sharing a member, a target that is
    another member of the second group, met only after a choice) inside a random
    curriculum, with random names, extra prerequisites and extra targets."""
    base = draw(curricula(max_topics=6))
    earlier = list(base.topics)
    rest = draw(st.permutations([n for n in NAMES if n not in base.topics]))
    shared, other, first, middle, other2, second = rest[:6]

    def extra() -> list[str | AnyOf]:
        return list(draw(st.lists(st.sampled_from(earlier), max_size=1))) if earlier else []

    topics = dict(base.topics)
    topics[shared] = _topic(*extra())
    topics[other] = _topic(*extra())
    topics[first] = _topic(AnyOf(any_of=[shared, other]), *extra())
    topics[middle] = _topic(*extra(), AnyOf(any_of=[shared, first]))
    topics[other2] = _topic(*extra())
    topics[second] = _topic(AnyOf(any_of=[middle, other2]), *extra())
    order = draw(st.permutations(list(topics)))
    more = draw(st.lists(st.sampled_from(earlier), max_size=2)) if earlier else []
    return Case(
        curriculum=Curriculum(name="Random", topics={t: topics[t] for t in order}),
        goals=[],
        targets=[first, second, *more],
        known=[],
        prefer=[],
        hours_per_week=None,
    )


def implied_known(curriculum: Curriculum, known: list[str]) -> set[str]:
    """Reference: the known topics and everything they require through plain prerequisites."""
    result: set[str] = set()
    todo = list(known)
    while todo:
        ident = todo.pop()
        if ident not in result:
            result.add(ident)
            todo += [p for p in curriculum.topics[ident].prerequisites if isinstance(p, str)]
    return result


def forced(case: Case, known: set[str]) -> set[str]:
    """Topics every valid plan contains: targets and their plain prerequisites, less known."""
    result: set[str] = set()
    todo = [t for t in case.all_targets if t not in known]
    while todo:
        ident = todo.pop()
        if ident not in result:
            result.add(ident)
            todo += [
                p
                for p in case.curriculum.topics[ident].prerequisites
                if isinstance(p, str) and p not in known
            ]
    return result


def groups(case: Case, plan: Plan) -> list[tuple[list[str], str]]:
    """(members, chosen member) of every any_of group of every step."""
    found = []
    for step in plan.steps:
        items = case.curriculum.topics[step.id].prerequisites
        for item, chosen in zip(items, step.prerequisites, strict=True):
            if isinstance(item, AnyOf):
                found.append((item.any_of, chosen))
    return found


SETTINGS = settings(max_examples=80, deadline=None, database=None)


@SETTINGS
@given(cases())
def test_steps_resolve_each_topics_own_prerequisites(case: Case) -> None:
    plan = case.plan()
    ids = [step.id for step in plan.steps]
    assert len(ids) == len(set(ids))
    assert [step.position for step in plan.steps] == list(range(1, len(ids) + 1))
    for step in plan.steps:
        items = case.curriculum.topics[step.id].prerequisites
        assert len(step.prerequisites) == len(items)
        for item, resolved in zip(items, step.prerequisites, strict=True):
            if isinstance(item, AnyOf):
                assert resolved in item.any_of
            else:
                assert resolved == item


@SETTINGS
@given(cases())
def test_every_step_comes_after_its_prerequisites(case: Case) -> None:
    plan = case.plan()
    position = {step.id: step.position for step in plan.steps}
    for step in plan.steps:
        for prereq in step.prerequisites:
            if prereq in position:
                assert position[prereq] < step.position, (prereq, step.id)


def _small_case(topics: dict[str, Topic], targets: list[str], known: list[str]) -> Case:
    return Case(Curriculum(topics=topics), [], targets, known, [], None)


@SETTINGS
@given(cases())
# A known prerequisite, or one already selected, listed before another: the other
# must still be selected (random draws rarely build these; CI draws fixed ones).
@example(_small_case({"k": _topic(), "y": _topic(), "t": _topic("k", "y")}, ["t"], ["k"]))
@example(
    _small_case(
        {"a": _topic(), "x": _topic("a"), "b": _topic(), "t": _topic("x", "a", "b")}, ["t"], []
    )
)
def test_plan_covers_everything_required(case: Case) -> None:
    plan = case.plan()
    known = implied_known(case.curriculum, case.known)
    position = {step.id: step.position for step in plan.steps}
    for target in case.all_targets:
        assert target in position or target in known, target
    for step in plan.steps:
        for prereq in step.prerequisites:
            assert position.get(prereq, math.inf) < step.position or prereq in known, prereq


@SETTINGS
@given(cases())
def test_plan_contains_nothing_else(case: Case) -> None:
    plan = case.plan()
    needed = set(case.all_targets)
    for step in plan.steps:
        needed.update(step.prerequisites)
    assert {step.id for step in plan.steps} <= needed


@SETTINGS
@given(cases())
def test_known_topics_and_what_they_require_are_skipped(case: Case) -> None:
    known = implied_known(case.curriculum, case.known)
    assert known_closure(case.curriculum, case.known) == known
    plan = case.plan()
    assert not known & {step.id for step in plan.steps}
    assert plan.known == list(dict.fromkeys(case.known))


@SETTINGS
@given(cases())
def test_any_of_takes_a_known_member(case: Case) -> None:
    known = implied_known(case.curriculum, case.known)
    for members, chosen in groups(case, case.plan()):
        if known & set(members):
            assert chosen in known, (members, chosen)


@SETTINGS
@given(cases(), st.data())
def test_any_of_takes_a_done_member_unless_one_is_known(case: Case, data: st.DataObject) -> None:
    done = data.draw(st.lists(st.sampled_from(list(case.curriculum.topics)), max_size=3))
    plan = make_plan(
        case.curriculum, goals=case.goals, targets=case.targets, known=case.known, done=done
    )
    known = implied_known(case.curriculum, case.known)
    for members, chosen in groups(case, plan):
        if not known & set(members) and set(done) & set(members):
            assert chosen in done, (members, chosen, done)


@pytest.mark.slow
@settings(
    max_examples=300,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
)
@given(st.one_of(cases(), many_target_cases(), shared_member_cases()))
@example(SHARED_MEMBER)
def test_any_of_takes_a_member_already_in_the_plan(case: Case) -> None:
    # A member every plan must contain anyway (a target or a plain prerequisite
    # of one) beats adding another member.
    known = implied_known(case.curriculum, case.known)
    must = forced(case, known)
    for members, chosen in groups(case, case.plan()):
        if not known & set(members) and must & set(members):
            assert chosen in must, (members, chosen, sorted(must))


def test_any_of_member_needed_by_a_later_target_is_taken() -> None:
    # The smallest case of the property above: t2 needs y anyway, so t1's
    # group {x, y} is satisfied by y, whatever the order of the targets.
    def topic(*prerequisites: str | AnyOf) -> Topic:
        return Topic(title="T", summary="S", hours=1, prerequisites=list(prerequisites))

    curriculum = Curriculum(
        topics={
            "x": topic(),
            "y": topic(),
            "t1": topic(AnyOf(any_of=["x", "y"])),
            "t2": topic("y"),
        }
    )
    for targets in (["t2", "t1"], ["t1", "t2"]):
        plan = make_plan(curriculum, targets=targets)
        assert sorted(step.id for step in plan.steps) == ["t1", "t2", "y"], targets
        assert next(s for s in plan.steps if s.id == "t1").prerequisites == ["y"]


def test_any_of_member_that_is_a_target_beats_one_an_earlier_choice_added() -> None:
    # SHARED_MEMBER, in the fast loop too: b's group {x, a} takes the target a.
    plan = SHARED_MEMBER.plan()
    assert {s.id: s.prerequisites for s in plan.steps} == {
        "x": [],
        "a": ["x"],
        "b": ["a"],
        "c": ["b"],
    }


def test_any_of_takes_the_preferred_member() -> None:
    def topic(*prerequisites: str | AnyOf) -> Topic:
        return Topic(title="T", summary="S", hours=1, prerequisites=list(prerequisites))

    curriculum = Curriculum(
        topics={
            "numpy": topic(),
            "pytorch": topic("numpy"),
            "tensorflow": topic("numpy"),
            "nn": topic(AnyOf(any_of=["pytorch", "tensorflow"])),
        }
    )
    assert [s.id for s in make_plan(curriculum, targets=["nn"]).steps] == ["numpy", "pytorch", "nn"]
    assert [s.id for s in make_plan(curriculum, targets=["nn"], prefer=["tensorflow"]).steps] == [
        "numpy",
        "tensorflow",
        "nn",
    ]
    assert [
        s.id
        for s in make_plan(
            curriculum, targets=["nn"], known=["tensorflow"], prefer=["pytorch"]
        ).steps
    ] == ["nn"]


@settings(max_examples=40, deadline=None, database=None)
@given(cases())
def test_same_input_same_output(case: Case) -> None:
    first, second = case.plan(), case.plan()
    assert first.to_dict() == second.to_dict()
    assert render(first) == render(second)
    assert render(first, "json") == render(second, "json")
    fresh = copy.deepcopy(case.curriculum)
    assert case.plan(fresh).to_dict() == first.to_dict()


@settings(max_examples=20, deadline=None, database=None)
@given(cases())
def test_same_output_after_a_fresh_load_from_yaml(case: Case) -> None:
    data = {
        "version": 1,
        "name": case.curriculum.name,
        "goals": {g: _data(dataclasses.asdict(goal)) for g, goal in case.curriculum.goals.items()},
        "topics": {
            t: _data(dataclasses.asdict(topic)) for t, topic in case.curriculum.topics.items()
        },
    }
    expected = case.plan()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "curriculum.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        loaded = [case.plan(load_curriculum(path)) for _ in range(2)]
    for plan in loaded:
        assert plan.to_dict() == expected.to_dict()
        assert render(plan) == render(expected)


@SETTINGS
@given(cases())
def test_weeks_and_schedule(case: Case) -> None:
    plan = case.plan()
    total = sum(Fraction(step.hours) for step in plan.steps)
    assert Fraction(plan.total_hours) == total
    if case.hours_per_week is None:
        assert plan.weeks is None
        assert all(s.start_week is None and s.end_week is None for s in plan.steps)
        return
    pace = Fraction(case.hours_per_week)
    assert plan.weeks == math.ceil(total / pace)
    done = Fraction(0)
    previous = (1, 1)
    for step in plan.steps:
        assert step.start_week is not None and step.end_week is not None
        assert step.start_week <= step.end_week
        assert step.start_week >= previous[0] and step.end_week >= previous[1]
        assert step.start_week == math.floor(done / pace) + 1
        done += Fraction(step.hours)
        assert step.end_week == max(step.start_week, math.ceil(done / pace))
        previous = (step.start_week, step.end_week)
    if plan.steps:
        assert plan.steps[-1].end_week == plan.weeks


@SETTINGS
@given(curricula(max_topics=12))
def test_validate_warns_of_exactly_the_implied_prerequisites(curriculum: Curriculum) -> None:
    # Reference: c's plain prerequisite a is implied when another plain prerequisite
    # b of c requires a through plain prerequisites (networkx finds the path); the
    # warning names the first such b. A prerequisite listed twice is warned once.
    plain = {
        t: [p for p in topic.prerequisites if isinstance(p, str)]
        for t, topic in curriculum.topics.items()
    }
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(plain)
    graph.add_edges_from((p, t) for t, prereqs in plain.items() for p in prereqs)
    expected = set()
    for t, prereqs in plain.items():
        for i, a in enumerate(prereqs):
            if a in prereqs[:i]:
                expected.add(f"prerequisite '{a}' is listed twice")
                continue
            through = [b for b in prereqs if b != a and nx.has_path(graph, a, b)]
            if through:
                expected.add(
                    f"prerequisite '{a}' is implied: '{t}' also requires "
                    f"'{through[0]}', which requires '{a}'"
                )
    found = {
        d.message.split(" (also at")[0] for d in check(curriculum) if "prerequisite" in d.message
    }
    assert found == expected
