"""``stats``, ``validate``'s warnings and ``diff``: exact output on the fixture curricula."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from learning_path import load_curriculum, resources
from learning_path.checks import check
from learning_path.diff import diff_curricula
from learning_path.diff import format_text as diff_format_text
from learning_path.model import Curriculum, Goal, Topic
from learning_path.stats import curriculum_stats
from tests.conftest import CLI

PROJECT = Path(__file__).resolve().parent.parent
SMALL = "tests/fixtures/small"
MENTOR = "tests/fixtures/overlay/mentor.yaml"
WARNINGS = "tests/fixtures/warnings"
W = f"{WARNINGS}/curriculum.yaml"


@pytest.fixture(autouse=True)
def in_project(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages show paths relative to the working directory: make that the project."""
    monkeypatch.chdir(PROJECT)


# --- stats ---------------------------------------------------------------------------------

SMALL_HEADER = (
    "Tiny ML: 10 topics, 2 goals, 73.5 hours, longest chain 5 topics\n"
    "10 prerequisites (2 any_of groups), 6 resources (5 free)\n"
    "\n"
)


def test_stats_text(cli: CLI) -> None:
    code, out, err = cli("stats", "--curriculum", SMALL)
    assert (code, err) == (0, "")
    assert out == SMALL_HEADER + (
        "Topics by complexity (10 of 10):\n"
        "TOPIC            HOURS  DEPENDENTS  CHAIN  COMPLEXITY\n"
        "python              10           8      5          40\n"
        "numpy                4           7      5          35\n"
        "pytorch             12           4      5          20\n"
        "tensorflow          12           4      5          20\n"
        "neural-networks   10.5           2      5          10\n"
        "linear-algebra       8           3      3           9\n"
        "tf-serving           3           1      5           5\n"
        "torchserve           3           1      5           5\n"
        "serving              5           0      5           0\n"
        "text-classifier      6           0      5           0\n"
        "\n"
        "Goals, from scratch:\n"
        "GOAL      TOPICS  HOURS  CHAIN  CRITICAL HOURS\n"
        "classify       6   50.5      5            42.5\n"
        "deploy         7   52.5      5            41.5\n"
    )


def test_stats_for_a_goal_measures_its_plan_and_top_limits_the_table(cli: CLI) -> None:
    code, out, _ = cli("stats", "--curriculum", SMALL, "--goal", "deploy", "--top", "3")
    assert code == 0
    # In deploy's plan the any_of groups are resolved: tensorflow and tf-serving are
    # not in it, so python holds up 5 topics there, not 8.
    assert out == SMALL_HEADER + (
        "Topics by complexity in the plan for deploy (3 of 7):\n"
        "TOPIC    HOURS  DEPENDENTS  CHAIN  COMPLEXITY\n"
        "python      10           5      5          25\n"
        "numpy        4           4      5          20\n"
        "pytorch     12           3      5          15\n"
        "\n"
        "Goals, from scratch:\n"
        "GOAL    TOPICS  HOURS  CHAIN  CRITICAL HOURS\n"
        "deploy       7   52.5      5            41.5\n"
    )


def test_stats_for_two_goals_with_top_0_lists_every_topic(cli: CLI) -> None:
    code, out, _ = cli("stats", "--curriculum", SMALL, "--goal", "classify", "--goal", "deploy")
    assert code == 0
    assert "Topics by complexity in the plan for classify, deploy (8 of 8):\n" in out
    code, out, _ = cli("stats", "--curriculum", SMALL, "--top", "0")
    assert "Topics by complexity (10 of 10):\n" in out
    assert len(out.split("\n\n")[1].splitlines()) == 12  # title, header, 10 topics


def test_stats_of_an_empty_unnamed_curriculum() -> None:
    stats = curriculum_stats(Curriculum(topics={}))
    assert stats.curriculum == "Curriculum"
    assert stats.totals["longest_chain"] == 0
    assert stats.topics == [] and stats.goals == []


def test_stats_json(cli: CLI) -> None:
    code, out, _ = cli("stats", "--curriculum", SMALL, "--format", "json", "--top", "1")
    assert code == 0
    data = json.loads(out)
    assert data["curriculum"] == "Tiny ML"
    assert data["scope"] == []
    assert data["totals"] == {
        "topics": 10,
        "goals": 2,
        "prerequisites": 10,
        "any_of_groups": 2,
        "hours": 73.5,
        "resources": 6,
        "free_resources": 5,
        "longest_chain": 5,
    }
    assert len(data["topics"]) == 10  # --top is for the text table only
    assert data["topics"][-1] == {
        "id": "text-classifier",
        "title": "Project: text classifier <v1>",
        "hours": 6.0,
        "dependents": 0,
        "chain": 5,
        "complexity": 0,
    }
    assert data["goals"][1] == {
        "id": "deploy",
        "title": "Ship a model",
        "topics": 7,
        "hours": 52.5,
        "chain": 5,
        "critical_hours": 41.5,
    }


def test_stats_with_an_overlay(cli: CLI) -> None:
    code, out, _ = cli("stats", "--curriculum", MENTOR, "--top", "2")
    assert code == 0
    assert out == (
        "Tiny ML, PyTorch edition: 9 topics, 3 goals, 63.5 hours, longest chain 5 topics\n"
        "10 prerequisites (0 any_of groups), 7 resources (6 free)\n"
        "\n"
        "Topics by complexity (2 of 9):\n"
        "TOPIC   HOURS  DEPENDENTS  CHAIN  COMPLEXITY\n"
        "python     10           7      5          35\n"
        "numpy       4           6      5          30\n"
        "\n"
        "Goals, from scratch:\n"
        "GOAL      TOPICS  HOURS  CHAIN  CRITICAL HOURS\n"
        "classify       6   50.5      5            42.5\n"
        "deploy         8   57.5      5            44.5\n"
        "export         4     28      4              28\n"
    )


def test_stats_unknown_goal_is_a_usage_error(cli: CLI) -> None:
    code, out, err = cli("stats", "--curriculum", SMALL, "--goal", "deplyo", expect=2)
    assert (code, out) == (2, "")
    assert err == (
        "error: unknown goal 'deplyo' (did you mean 'deploy'?); valid goals: classify, deploy\n"
    )


def test_equal_complexity_ranks_more_dependents_first_then_by_id() -> None:
    # q: 3 dependents x chain 2 = 6; p: 2 dependents x chain 3 = 6. The topic more
    # topics wait for comes first; full ties (the leaves) go by id, whatever the
    # order the curriculum lists them in.
    def topic(*prerequisites: str) -> Topic:
        return Topic(title="T", summary="S", hours=1, prerequisites=list(prerequisites))

    curriculum = Curriculum(
        topics={
            "z3": topic("q"),
            "z2": topic("q"),
            "z1": topic("q"),
            "q": topic(),
            "n": topic("m"),
            "m": topic("p"),
            "p": topic(),
        }
    )
    rows = [
        (t.id, t.dependents, t.chain, t.complexity) for t in curriculum_stats(curriculum).topics
    ]
    assert rows == [
        ("q", 3, 2, 6),
        ("p", 2, 3, 6),
        ("m", 1, 3, 3),
        ("n", 0, 3, 0),
        ("z1", 0, 2, 0),
        ("z2", 0, 2, 0),
        ("z3", 0, 2, 0),
    ]


def test_bundled_ranking_breaks_ties_by_dependents_then_id() -> None:
    topics = curriculum_stats(load_curriculum()).topics
    keys = [(-t.complexity, -t.dependents, t.id) for t in topics]
    assert keys == sorted(keys)


def test_critical_hours_follow_the_heaviest_chain_not_the_longest(tmp_path: Path) -> None:
    # g needs a long chain of light topics and one heavy topic beside it.
    (tmp_path / "c.yaml").write_text(
        "version: 1\n"
        "goals:\n  g: {title: G, targets: [end]}\n"
        "topics:\n"
        "  a: {title: A, summary: S, hours: 1}\n"
        "  b: {title: B, summary: S, hours: 1, prerequisites: [a]}\n"
        "  c: {title: C, summary: S, hours: 1, prerequisites: [b]}\n"
        "  heavy: {title: H, summary: S, hours: 10}\n"
        "  end: {title: E, summary: S, hours: 2, prerequisites: [c, heavy]}\n",
        encoding="utf-8",
    )
    stats = curriculum_stats(load_curriculum(tmp_path / "c.yaml"))
    (goal,) = stats.goals
    assert (goal.topics, goal.hours, goal.chain, goal.critical_hours) == (5, 15, 4, 12)
    assert [(t.id, t.dependents, t.chain, t.complexity) for t in stats.topics] == [
        ("a", 3, 4, 12),
        ("b", 2, 4, 8),
        ("c", 1, 4, 4),
        ("heavy", 1, 2, 2),
        ("end", 0, 4, 0),
    ]


# --- validate warnings ---------------------------------------------------------------------

WARNING_LINES = [
    f"{W}:27:21: warning: prerequisite 'a' is implied: 'c' also requires 'b', which requires 'a'",
    f"{W}:29:9: warning: https://example.org/guide is also listed at {W}:14:9 as 'Guide'; "
    "give one URL one title",
    f"{W}:34:24: warning: prerequisite 'c' is listed twice (also at {W}:34:21)",
    f"{W}:35:5: warning: topic 'd' has no free resource",
    f"{W}:37:9: warning: https://example.org/book is listed twice in topic 'd' (also at {W}:36:9)",
    f"{W}:44:3: warning: no goal reaches topic 'orphan', not even through an any_of group; "
    "add it to a goal's targets or remove it",
    f"{W}:44:3: warning: topic 'orphan' has no resources",
]


def test_validate_warns_and_exits_0(cli: CLI) -> None:
    code, out, err = cli("validate", WARNINGS)
    assert code == 0
    assert out == "ok: 6 topics, 1 goal, 6 prerequisite links in 1 file\n"
    assert err == "\n".join([*WARNING_LINES, "7 warnings found"]) + "\n"


def test_validate_strict_makes_warnings_fail(cli: CLI) -> None:
    code, out, err = cli("validate", "--strict", WARNINGS, expect=1)
    assert (code, out) == (1, "")
    assert err == (
        "\n".join([*WARNING_LINES, "error: 7 warnings found, and --strict makes them errors"])
        + "\n"
    )


def test_validate_max_goal_topics(cli: CLI) -> None:
    code, _, err = cli("validate", WARNINGS, "--max-goal-topics", "3")
    assert code == 0
    assert err.splitlines()[0] == (
        f"{W}:5:3: warning: goal 'ship' needs 4 topics from scratch, more than 3 "
        "(--max-goal-topics); consider splitting it"
    )
    assert err.splitlines()[-1] == "8 warnings found"
    code, _, err = cli("validate", WARNINGS, "--max-goal-topics", "4")
    assert err.splitlines()[-1] == "7 warnings found"


def test_validate_max_goal_topics_must_be_positive(cli: CLI) -> None:
    code, _, err = cli("validate", WARNINGS, "--max-goal-topics", "0", expect=2)
    assert code == 2
    assert "0 is not in the range x>=1" in err


def test_validate_strict_without_warnings_passes(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text(
        "version: 1\n"
        "goals:\n  g: {title: G, targets: [a]}\n"
        "topics:\n"
        "  a:\n    title: A\n    summary: S\n    hours: 1\n    resources:\n"
        "      - {title: R, url: 'https://example.org', kind: docs, free: true}\n",
        encoding="utf-8",
    )
    code, out, err = cli("validate", "--strict", str(tmp_path / "c.yaml"))
    assert (code, out, err) == (0, "ok: 1 topic, 1 goal, 0 prerequisite links in 1 file\n", "")


def test_errors_come_before_any_warning(cli: CLI, tmp_path: Path) -> None:
    # A curriculum with errors gets no warnings: they would describe a broken graph.
    (tmp_path / "c.yaml").write_text(
        "version: 1\ntopics:\n  a: {title: A, summary: S, hours: 1, prerequisites: [b]}\n",
        encoding="utf-8",
    )
    code, _, err = cli("validate", "--strict", str(tmp_path / "c.yaml"), expect=1)
    assert code == 1
    assert err == f"{tmp_path}/c.yaml:3:55: unknown topic 'b'\n1 error found\n"


def test_warnings_on_an_overlay_point_at_the_overlay(tmp_path: Path) -> None:
    (tmp_path / "o.yaml").write_text(
        "version: 1\npatch:\n  numpy:\n    prerequisites: [python]\n"
        "    resources:\n      - {title: Paid, url: 'https://example.org/p', kind: book}\n",
        encoding="utf-8",
    )
    warnings = check(load_curriculum([SMALL, tmp_path / "o.yaml"]))
    assert [str(w) for w in warnings if "numpy" in w.message] == [
        f"{tmp_path}/o.yaml:5:5: warning: topic 'numpy' has no free resource"
    ]


# --- diff ----------------------------------------------------------------------------------

MENTOR_DIFF = (
    "topics added (1): onnx\n"
    "topics removed (2): tensorflow, tf-serving\n"
    "topics patched (2):\n"
    "  neural-networks: prerequisites\n"
    "  serving: hours, prerequisites\n"
    "goals added (1): export\n"
    "goals replaced (1): deploy\n"
    "\n"
    "GOAL      TOPICS       HOURS\n"
    "classify  6 -> 6       50.5 -> 50.5\n"
    "deploy    7 -> 8 (+1)  52.5 -> 57.5 (+5)\n"
    "export    - -> 4       - -> 28\n"
)


def test_diff_text(cli: CLI) -> None:
    code, out, err = cli("diff", SMALL, MENTOR)
    assert (code, err) == (0, "")
    assert out == MENTOR_DIFF


def test_diff_default_base(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resources, "data_path", lambda name: Path(SMALL))
    assert cli("diff", "default", MENTOR) == (0, MENTOR_DIFF, "")


def test_diff_json(cli: CLI) -> None:
    code, out, _ = cli("diff", SMALL, MENTOR, "--format", "json")
    assert code == 0
    assert json.loads(out) == {
        "topics": {
            "added": ["onnx"],
            "removed": ["tensorflow", "tf-serving"],
            "patched": {
                "neural-networks": ["prerequisites"],
                "serving": ["hours", "prerequisites"],
            },
        },
        "goals": {"added": ["export"], "removed": [], "replaced": ["deploy"]},
        "plans": [
            {
                "goal": "classify",
                "before": {"topics": 6, "hours": 50.5},
                "after": {"topics": 6, "hours": 50.5},
            },
            {
                "goal": "deploy",
                "before": {"topics": 7, "hours": 52.5},
                "after": {"topics": 8, "hours": 57.5},
            },
            {"goal": "export", "before": None, "after": {"topics": 4, "hours": 28}},
        ],
    }


def test_diff_of_several_overlays_and_of_nothing(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("version: 1\npatch:\n  numpy: {hours: 3}\n")
    (tmp_path / "b.yaml").write_text("version: 1\npatch:\n  numpy: {hours: 4, level: null}\n")
    (tmp_path / "c.yaml").write_text("version: 1\n")
    code, out, _ = cli("diff", SMALL, str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"))
    assert code == 0
    # Back to 4 hours: only the level changed in the end.
    assert out.splitlines()[:2] == ["topics patched (1):", "  numpy: level"]
    code, out, _ = cli("diff", SMALL, str(tmp_path / "a.yaml"))
    assert out == (
        "topics patched (1):\n"
        "  numpy: hours\n"
        "\n"
        "GOAL      TOPICS  HOURS\n"
        "classify  6 -> 6  50.5 -> 49.5 (-1)\n"
        "deploy    7 -> 7  52.5 -> 51.5 (-1)\n"
    )
    code, out, _ = cli("diff", SMALL, str(tmp_path / "c.yaml"))
    assert out.splitlines()[0] == "no topic or goal changes"


def test_diff_of_a_removed_goal_and_fractional_hours() -> None:
    def topic(hours: float, *prerequisites: str) -> Topic:
        return Topic(title="T", summary="S", hours=hours, prerequisites=list(prerequisites))

    before = Curriculum(
        topics={"a": topic(1), "b": topic(2, "a")},
        goals={"g1": Goal(title="G", targets=["b"]), "g2": Goal(title="H", targets=["a"])},
    )
    after = Curriculum(
        topics={"a": topic(1), "b": topic(2.25, "a"), "c": topic(0.5, "b"), "d": topic(1, "c")},
        goals={"g1": Goal(title="G", targets=["d"])},
    )
    diff = diff_curricula(before, after)
    assert diff.goals_removed == ["g2"]
    assert diff_format_text(diff) == (
        "topics added (2): c, d\n"
        "topics patched (1):\n"
        "  b: hours\n"
        "goals removed (1): g2\n"
        "goals replaced (1): g1\n"
        "\n"
        "GOAL  TOPICS       HOURS\n"
        "g1    2 -> 4 (+2)  3 -> 4.75 (+1.75)\n"
        "g2    1 -> -       1 -> -\n"
    )
    assert diff.to_dict()["plans"][1] == {
        "goal": "g2",
        "before": {"topics": 1, "hours": 1.0},
        "after": None,
    }


def test_diff_errors(cli: CLI, tmp_path: Path) -> None:
    code, _, err = cli("diff", "nowhere", MENTOR, expect=2)
    assert code == 2
    assert "Invalid value for BASE: 'nowhere' does not exist" in err
    code, _, err = cli("diff", SMALL, expect=2)
    assert code == 2
    assert "Missing argument 'OVERLAY...'" in err
    (tmp_path / "o.yaml").write_text("version: 1\nremove: [tensorflow]\n")
    code, out, err = cli("diff", SMALL, str(tmp_path / "o.yaml"), expect=1)
    assert (code, out) == (1, "")
    assert err.splitlines()[0] == (
        f"{SMALL}/01-topics.yaml:49:37: unknown topic 'tensorflow', which is removed at "
        f"{tmp_path}/o.yaml:2:10; patch 'neural-networks' too"
    )
