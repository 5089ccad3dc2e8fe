"""Planner rules on the fixture curriculum: which member of an any_of group is taken."""

from __future__ import annotations

from learning_path import load_curriculum
from learning_path.planner import make_plan, plan_topics
from tests.conftest import SMALL

CURRICULUM = load_curriculum(SMALL)


def ids(**options: object) -> list[str]:
    return [step.id for step in make_plan(CURRICULUM, **options).steps]  # type: ignore[arg-type]


def test_default_takes_first_listed_member() -> None:
    assert ids(goals=["deploy"]) == [
        "python",
        "numpy",
        "pytorch",
        "linear-algebra",
        "neural-networks",
        "torchserve",
        "serving",
    ]


def test_done_member_is_taken_and_later_choices_follow_it() -> None:
    plan = make_plan(CURRICULUM, goals=["deploy"], done=["tensorflow"])
    chosen = [(s.id, s.done) for s in plan.steps]
    assert ("tensorflow", True) in chosen
    assert [s for s, _ in chosen if s in ("pytorch", "torchserve")] == []
    assert "tf-serving" in [s for s, _ in chosen]


def test_done_member_steers_a_group_whose_own_choice_is_not_in_the_plan() -> None:
    # neural-networks is known, so its {pytorch, tensorflow} group is never resolved;
    # the done tensorflow alone must still pull serving's group to tf-serving.
    plan = make_plan(
        CURRICULUM, targets=["serving"], known=["neural-networks"], done=["tensorflow"]
    )
    chosen = {s.id: s.done for s in plan.steps}
    assert chosen == {
        "python": False,
        "numpy": False,
        "tensorflow": True,
        "tf-serving": False,
        "serving": False,
    }


def test_done_member_beats_preference_and_members_the_plan_needs() -> None:
    plan = make_plan(CURRICULUM, goals=["deploy"], done=["tensorflow"], prefer=["pytorch"])
    needs = {s.id: s.prerequisites for s in plan.steps}
    assert needs["neural-networks"] == ["linear-algebra", "tensorflow"]
    plan = make_plan(CURRICULUM, targets=["neural-networks", "pytorch"], done=["tensorflow"])
    needs = {s.id: s.prerequisites for s in plan.steps}
    assert needs["neural-networks"] == ["linear-algebra", "tensorflow"]


def test_later_choices_follow_a_member_chosen_because_the_plan_needs_it() -> None:
    # tensorflow is a target, so neural-networks' group takes it; serving's group
    # then follows it to tf-serving instead of pulling in torchserve and pytorch.
    plan = make_plan(CURRICULUM, targets=["tensorflow", "serving"])
    needs = {s.id: s.prerequisites for s in plan.steps}
    assert needs["serving"] == ["neural-networks", "tf-serving"]
    assert "pytorch" not in needs and "torchserve" not in needs


def test_known_member_beats_preference_which_still_rules_open_choices() -> None:
    plan = make_plan(CURRICULUM, goals=["deploy"], known=["pytorch"], prefer=["tensorflow"])
    needs = {s.id: s.prerequisites for s in plan.steps}
    assert needs["neural-networks"] == ["linear-algebra", "pytorch"]  # known: taken
    assert needs["serving"] == ["neural-networks", "tf-serving"]  # open: preference


def test_member_already_needed_by_another_target_is_taken_whatever_the_order() -> None:
    first = ids(targets=["neural-networks", "tf-serving"])
    second = ids(targets=["tf-serving", "neural-networks"])
    assert "pytorch" not in first and "pytorch" not in second
    assert sorted(first) == sorted(second)


def test_plan_topics_is_the_plan_without_order() -> None:
    for goal in CURRICULUM.goals:
        assert sorted(plan_topics(CURRICULUM, goals=[goal])) == sorted(ids(goals=[goal]))


def test_pace_must_be_half_an_hour_to_a_full_week() -> None:
    import math
    from datetime import date

    import pytest

    from learning_path.errors import InputError

    for pace in (0.0, 0.4, 168.5, math.inf, math.nan, -1.0):
        with pytest.raises(InputError, match=r"from 0\.5 to 168"):
            make_plan(CURRICULUM, goals=["deploy"], hours_per_week=pace)
    assert make_plan(CURRICULUM, goals=["deploy"], hours_per_week=168).weeks == 1
    with pytest.raises(InputError, match="past the year 9999"):
        make_plan(CURRICULUM, goals=["deploy"], hours_per_week=1, start=date(9999, 12, 27))


def test_unknown_ids_are_refused_by_plan_topics_too() -> None:
    import pytest

    from learning_path.errors import InputError

    for options, message in (
        ({"goals": ["deplyo"]}, "unknown goal 'deplyo' (did you mean 'deploy'?); valid goals: "),
        ({"targets": ["nmupy"]}, "unknown topic 'nmupy' (did you mean 'numpy'?); valid topics: "),
        ({"known": ["pyhton"]}, "unknown topic 'pyhton' (did you mean 'python'?); valid topics: "),
        ({"prefer": ["tensorfow"]}, "unknown topic 'tensorfow' (did you mean 'tensorflow'?)"),
    ):
        with pytest.raises(InputError) as info:
            plan_topics(CURRICULUM, **options)  # type: ignore[arg-type]
        assert str(info.value).startswith(message), str(info.value)


def test_valid_ids_are_listed_up_to_twelve() -> None:
    import pytest

    from learning_path.errors import InputError
    from learning_path.model import Curriculum, Topic

    for count, listed in ((12, True), (13, False)):
        topics = {f"t{i:02d}": Topic(title="T", summary="S", hours=1) for i in range(count)}
        with pytest.raises(InputError) as info:
            make_plan(Curriculum(topics=topics), targets=["zzz"])
        assert ("; valid topics: t00, t01," in str(info.value)) is listed, str(info.value)
        assert str(info.value).endswith("t11" if listed else "'zzz'")


def test_the_slowest_pace_is_allowed() -> None:
    assert make_plan(CURRICULUM, goals=["deploy"], hours_per_week=0.5).weeks == 105


def test_idle_preferences_name_ids_that_sway_no_choice_unknown_ones_too() -> None:
    """A library caller may pass ids the curriculum does not have: they sway no choice
    either (an any_of member is not idle; nothing else raises)."""
    from learning_path.planner import idle_preferences

    curriculum = load_curriculum(SMALL)
    members = {
        m
        for t in curriculum.topics.values()
        for p in t.prerequisites
        if not isinstance(p, str)
        for m in p.any_of
    }
    member = sorted(members)[0]
    plain = next(t for t in curriculum.topics if t not in members)
    assert idle_preferences(curriculum, [member, plain, "no-such-topic"]) == [
        plain,
        "no-such-topic",
    ]
