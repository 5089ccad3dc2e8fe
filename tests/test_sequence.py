"""The written order (``sequence: written``, the default): plans keep the order a
curriculum is written in wherever prerequisites allow; ``after`` edges; ``--sequence``.

The main fixture is a curriculum of 42 topics written as a teacher would, layer by
layer (breadth first), with a few deliberate twists whose effect the format document
specifies: a prerequisite written at the very end, an ``after`` edge, and an overlay
whose topic a base topic is patched to need.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from learning_path import load_curriculum
from learning_path.errors import CurriculumError
from learning_path.model import Curriculum, Topic
from learning_path.planner import make_plan
from tests.conftest import CLI, examples

LAYERS = {"a": 6, "b": 9, "c": 9, "d": 9, "e": 9}


def _layered() -> dict[str, dict[str, object]]:
    """Topic id -> topic data, in breadth-first teaching order: each topic of a layer
    needs one or two topics of the layer before it."""
    topics: dict[str, dict[str, object]] = {}
    names = list(LAYERS)
    for depth, layer in enumerate(names):
        below = [f"{names[depth - 1]}{i}" for i in range(LAYERS[names[depth - 1]])] if depth else []
        for i in range(LAYERS[layer]):
            needs = (
                sorted({below[i % len(below)], below[(i * 2 + 1) % len(below)]}) if below else []
            )
            topics[f"{layer}{i}"] = {
                "title": f"Topic {layer}{i}",
                "summary": "Learn it.",
                "hours": 1,
                "prerequisites": needs,
            }
    return topics


def _write(path: Path, data: dict[str, object]) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def layered(tmp_path: Path) -> Path:
    """The layered curriculum with its twists, as a directory (two files)."""
    topics = _layered()
    # A prerequisite written at the very end: c3 moves to the end of the last file.
    late = topics.pop("c3")
    topics["b5"]["after"] = ["b7"]  # soft order: b5 after b7
    base = tmp_path / "base"
    base.mkdir()
    first = dict(list(topics.items())[:20])
    rest = dict(list(topics.items())[20:])
    rest["c3"] = late
    _write(
        base / "01-first.yaml",
        {
            "version": 1,
            "name": "Layers",
            "goals": {"all": {"title": "Everything", "targets": [f"e{i}" for i in range(9)]}},
            "topics": first,
        },
    )
    _write(base / "02-rest.yaml", {"version": 1, "topics": rest})
    return base


def _expected_base() -> list[str]:
    """The written order, with what the format document says each twist does."""
    order = list(_layered())
    order.remove("c3")
    # c3 is written last, but d topics need it: it comes just before its first user.
    first_user = next(t for t in order if "c3" in _layered()[t]["prerequisites"])  # type: ignore[operator]
    order.insert(order.index(first_user), "c3")
    # b5 comes after b7 (both in the plan): b7 moves up to just before b5.
    order.remove("b7")
    order.insert(order.index("b5"), "b7")
    return order


def _ids(curriculum: Curriculum, **options: object) -> list[str]:
    return [s.id for s in make_plan(curriculum, **options).steps]  # type: ignore[arg-type]


def test_layered_curriculum_comes_out_in_its_written_order(layered: Path) -> None:
    curriculum = load_curriculum(layered)
    assert len(curriculum.topics) == 42
    assert _ids(curriculum, goals=["all"]) == _expected_base()


def test_a_prerequisite_written_last_is_studied_just_before_its_first_user(
    layered: Path,
) -> None:
    plan = make_plan(load_curriculum(layered), goals=["all"])
    ids = [s.id for s in plan.steps]
    user = ids[ids.index("c3") + 1]
    assert "c3" in plan.steps[ids.index(user)].prerequisites
    assert ids.index("c3") < len(ids) - 10  # not left at the end, where it is written
    assert plan.pulled_by["c3"] == user


def test_overlay_topics_come_after_the_base_unless_a_base_topic_needs_them(
    layered: Path, tmp_path: Path
) -> None:
    overlay = _write(
        tmp_path / "overlay.yaml",
        {
            "version": 1,
            "extends": "base",
            "topics": {
                "intro": {"title": "Intro", "summary": "Start here.", "hours": 1},
                "extra": {
                    "title": "Extra",
                    "summary": "More.",
                    "hours": 1,
                    "prerequisites": ["e0"],
                },
            },
            "goals": {
                "all": {"title": "Everything", "targets": [*(f"e{i}" for i in range(9)), "extra"]}
            },
            "patch": {"b2": {"prerequisites": ["a2", "a5", "intro"]}},
        },
    )
    ids = _ids(load_curriculum(overlay), goals=["all"])
    expected = _expected_base()
    expected.insert(expected.index("b2"), "intro")  # needed by b2: just before it
    expected.append("extra")  # written after the base: last
    assert ids == expected


def test_after_never_pulls_a_topic_into_a_plan(layered: Path) -> None:
    curriculum = load_curriculum(layered)
    ids = _ids(curriculum, targets=["b5"])
    assert "b7" not in ids
    assert ids[-1] == "b5"


def test_after_orders_two_topics_when_both_are_in_the_plan(layered: Path) -> None:
    ids = _ids(load_curriculum(layered), targets=["b5", "b7"])
    assert ids.index("b7") < ids.index("b5")


def test_just_in_time_ignores_the_written_order(layered: Path) -> None:
    curriculum = load_curriculum(layered)
    written = _ids(curriculum, goals=["all"])
    jit = _ids(curriculum, goals=["all"], sequence="just-in-time")
    assert sorted(jit) == sorted(written) and jit != written


def test_sequence_key_in_a_file_and_the_command_line_override(
    cli: CLI, layered: Path, tmp_path: Path
) -> None:
    def order(*args: str) -> list[str]:
        result = cli("plan", *args, "--goal", "all", "--format", "json")
        assert result.exit_code == 0, result.stderr
        data = json.loads(result.stdout)
        return [data["sequence"], *(s["id"] for s in data["steps"])]

    written = order("--curriculum", str(layered))
    assert written[0] == "written"
    overlay = _write(
        tmp_path / "jit.yaml", {"version": 1, "extends": "base", "sequence": "just-in-time"}
    )
    jit = order("--curriculum", str(overlay))
    assert jit[0] == "just-in-time" and jit[1:] != written[1:]
    assert order("--curriculum", str(layered), "--sequence", "just-in-time") == jit
    assert order("--curriculum", str(overlay), "--sequence", "written") == written


def test_bad_sequence_value_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("version: 1\nsequence: alphabetical\ntopics: {}\n", encoding="utf-8")
    with pytest.raises(CurriculumError) as caught:
        load_curriculum(path)
    assert str(caught.value).startswith(f"{path}:2:")
    assert "written" in str(caught.value)


def test_unknown_after_id_is_located_with_a_suggestion(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "version: 1\ntopics:\n"
        "  numpy: {title: N, summary: s., hours: 1}\n"
        "  pandas: {title: P, summary: s., hours: 1, after: [nunpy]}\n",
        encoding="utf-8",
    )
    with pytest.raises(CurriculumError) as caught:
        load_curriculum(path)
    text = str(caught.value)
    assert f"{path}:4:" in text and "unknown topic 'nunpy'" in text and "'numpy'" in text


def test_a_cycle_through_after_is_located_on_each_edge(cli: CLI, tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "version: 1\ntopics:\n"
        "  a: {title: A, summary: s., hours: 1, after: [c]}\n"
        "  b: {title: B, summary: s., hours: 1, prerequisites: [a]}\n"
        "  c: {title: C, summary: s., hours: 1, prerequisites: [b]}\n",
        encoding="utf-8",
    )
    result = cli("validate", str(path), expect=1)
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if "cycle" in line]
    assert [line.split(":")[1] for line in lines] == ["3", "4", "5"]
    assert "'a' comes after 'c'" in lines[0]


def test_after_that_repeats_a_prerequisite_is_a_warning(cli: CLI, tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "version: 1\ngoals:\n  g: {title: G, targets: [c]}\ntopics:\n"
        "  a: {title: A, summary: s., hours: 1}\n"
        "  b: {title: B, summary: s., hours: 1, prerequisites: [a]}\n"
        "  c: {title: C, summary: s., hours: 1, prerequisites: [b], after: [a]}\n",
        encoding="utf-8",
    )
    result = cli("validate", "--strict", str(path), expect=1)
    assert result.exit_code == 1
    assert f"{path}:7:" in result.stderr and "after 'a' says nothing" in result.stderr


def test_explain_says_what_moved_a_topic(cli: CLI, layered: Path) -> None:
    result = cli("explain", "c3", "--goal", "all", "--curriculum", str(layered))
    assert result.exit_code == 0, result.stderr
    user = _expected_base()[_expected_base().index("c3") + 1]
    text = " ".join(result.stdout.split())
    assert "The curriculum writes it later" in text
    assert f"it comes this early because {user} needs it" in text
    result = cli("explain", user, "--goal", "all", "--curriculum", str(layered))
    assert "It comes after c3: the curriculum writes it later" in " ".join(result.stdout.split())


# --- properties ------------------------------------------------------------------


@st.composite
def written_curricula(draw: st.DrawFn) -> tuple[Curriculum, list[str]]:
    """A random acyclic curriculum written in a random order (prerequisites may come
    after their users), and its targets."""
    count = draw(st.integers(1, 14))
    ids = [f"t{i}" for i in range(count)]  # t{i} may need t{<i}
    topics = {}
    for i, ident in enumerate(ids):
        needs = draw(st.lists(st.sampled_from(ids[:i]), max_size=3, unique=True)) if i else []
        topics[ident] = Topic(title=ident, summary="s.", hours=1, prerequisites=needs)
    written = draw(st.permutations(ids))
    targets = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=4, unique=True))
    return Curriculum(topics={t: topics[t] for t in written}), targets


@settings(max_examples=examples(200), deadline=None)
@given(written_curricula())
@example(
    (
        Curriculum(
            topics={
                "b": Topic(title="b", summary="s.", hours=1, prerequisites=["a"]),
                "c": Topic(title="c", summary="s.", hours=1),
                "a": Topic(title="a", summary="s.", hours=1),
            }
        ),
        ["b", "c"],
    )
)
def test_written_order_moves_only_what_prerequisites_force(
    case: tuple[Curriculum, list[str]],
) -> None:
    """Every topic after its prerequisites; the topics not pulled in early keep their
    written order; a pulled topic sits before the topic that pulled it, which needs it
    (directly or through other pulled topics); and a curriculum written in a valid
    order comes out exactly in that order."""
    curriculum, targets = case
    plan = make_plan(curriculum, targets=targets)
    ids = [s.id for s in plan.steps]
    position = {t: i for i, t in enumerate(ids)}
    rank = {t: i for i, t in enumerate(curriculum.topics)}
    for step in plan.steps:
        assert all(position[p] < position[step.id] for p in step.prerequisites)
    kept = [t for t in ids if t not in plan.pulled_by]
    assert kept == sorted(kept, key=rank.__getitem__)
    for pulled, by in plan.pulled_by.items():
        assert position[pulled] < position[by]
        assert pulled in plan.steps[position[by]].prerequisites
    if all(rank[p] < rank[t] for t in ids for p in plan.steps[position[t]].prerequisites):
        assert ids == sorted(ids, key=rank.__getitem__)
        assert not plan.pulled_by


def test_a_cycle_through_the_bundled_curriculum_hints_at_the_authors_edge(
    cli: CLI, tmp_path: Path
) -> None:
    """An overlay edge that closes a cycle with bundled edges: every edge located, the
    author's first, bundled files named default:NAME, one hint on the author's edge."""
    overlay = tmp_path / "ov.yaml"
    overlay.write_text(
        "version: 1\nextends: default\npatch:\n  python-basics:\n    prerequisites: [numpy]\n",
        encoding="utf-8",
    )
    result = cli("validate", str(overlay), expect=1)
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if "cycle" in line]
    assert len(lines) >= 2 and lines[0].startswith(f"{overlay}:5:")
    assert lines[0].endswith("; remove one of the cycle's edges (this one is yours)")
    assert all(line.startswith("default:") for line in lines[1:])
    assert sum("remove one" in line for line in lines) == 1
    assert all(len(line.split(": ", 1)[1]) < 200 for line in lines)  # short, no install paths
