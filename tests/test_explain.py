"""``show`` (everything about a topic) and ``explain`` (why it is in a goal's plan)."""

from __future__ import annotations

from pathlib import Path

import pytest

from learning_path import load_curriculum
from learning_path.explain import chain, dependents
from learning_path.planner import make_plan
from tests.conftest import CLI

SMALL = Path(__file__).parent / "fixtures" / "small"


@pytest.fixture
def run(cli: CLI) -> CLI:
    """The command line on the fixture curriculum."""
    return cli.with_options("--curriculum", SMALL)


def test_show_everything_about_a_topic(run: CLI) -> None:
    code, out, _ = run("show", "neural-networks")
    assert code == 0
    assert out == (
        "Neural networks (neural-networks)\n"
        "10.5 h · intermediate · deep-learning\n"
        "\n"
        "Understand layers, losses and backpropagation.\n"
        "\n"
        "Prerequisites:\n"
        "  - linear-algebra (Linear algebra)\n"
        "  - one of pytorch (PyTorch) or tensorflow (TensorFlow)\n"
        "\n"
        "Unlocks:\n"
        "  - text-classifier (Project: text classifier <v1>)\n"
        "  - serving (Serving models)\n"
    )


def test_show_resources_and_what_the_learner_did(run: CLI, tmp_path: Path) -> None:
    progress = tmp_path / "p.yaml"
    progress.write_text("version: 1\nknown: [numpy]\ndone:\n  text-classifier: 2025-02-01\n")
    code, out, _ = run("show", "python", "--progress", str(progress))
    assert code == 0
    assert out == (
        "Python basics (python)\n"
        "10 h · beginner · foundations\n"
        "\n"
        "Write small Python programs.\n"
        "\n"
        "Prerequisites: none\n"
        "\n"
        "Unlocks:\n"
        "  - numpy (NumPy)\n"
        "\n"
        "Resources:\n"
        "  - The Python Tutorial · docs · free\n"
        "    https://docs.python.org/3/tutorial/\n"
        "\n"
        "You already know it.\n"
    )
    code, out, _ = run("show", "text-classifier", "--progress", str(progress))
    assert out.endswith(
        "Resources:\n"
        "  - SMS Spam Collection · dataset · free\n"
        "    https://archive.ics.uci.edu/dataset/228/sms+spam+collection\n"
        "  - Hands-On Machine Learning · book · paid\n"
        "    https://www.oreilly.com/library/view/hands-on-machine-learning/9781098125967/\n"
        "\n"
        "You marked it done on 2025-02-01.\n"
    )


def test_show_unknown_topic_is_usage_error(run: CLI) -> None:
    code, out, err = run("show", "nump", expect=2)
    assert (code, out) == (2, "")
    assert err.startswith("error: unknown topic 'nump' (did you mean 'numpy'?)")


def test_explain_gives_the_chain_to_each_goal(run: CLI) -> None:
    code, out, _ = run("explain", "numpy", "--goal", "deploy", "--goal", "classify")
    assert code == 0
    assert out == (
        "numpy (NumPy) is step 2 of 8 in your plan for deploy, classify.\n"
        "  numpy -> pytorch -> torchserve -> serving (deploy)\n"
        "  numpy -> pytorch -> neural-networks -> text-classifier (classify)\n"
        "It unlocks next: pytorch (PyTorch).\n"
    )


def test_explain_a_target_and_a_done_topic(run: CLI, tmp_path: Path) -> None:
    progress = tmp_path / "p.yaml"
    progress.write_text("version: 1\ngoals: [classify]\ndone:\n  linear-algebra: 2025-01-08\n")
    code, out, _ = run("explain", "text-classifier", "--progress", str(progress))
    assert code == 0
    assert out == (
        "text-classifier (Project: text classifier <v1>) is step 6 of 6 in your plan for "
        "classify.\n"
        "  text-classifier (classify)\n"
        "Nothing in the plan builds on it: it is a goal's target.\n"
    )
    code, out, _ = run("explain", "linear-algebra", "--progress", str(progress))
    assert out.splitlines() == [
        "linear-algebra (Linear algebra) is step 4 of 6 in your plan for classify (done).",
        "  linear-algebra -> neural-networks -> text-classifier (classify)",
        "It unlocks next: neural-networks (Neural networks).",
    ]


def test_explain_a_topic_outside_the_plan_says_why(run: CLI, tmp_path: Path) -> None:
    code, out, _ = run("explain", "tf-serving", "--goal", "deploy")
    assert code == 0
    assert out == (
        "tf-serving is not in your plan for deploy: serving needs one of torchserve, "
        "tf-serving, and the plan takes torchserve (--prefer tf-serving to take this one "
        "instead).\n"
    )
    code, out, _ = run("explain", "serving", "--goal", "classify")
    assert (code, out) == (
        0,
        "serving is not in your plan for classify: none of its goals needs it.\n",
    )
    progress = tmp_path / "p.yaml"
    progress.write_text("version: 1\nknown: [numpy]\n")
    code, out, _ = run("explain", "python", "--goal", "deploy", "--progress", str(progress))
    assert (code, out) == (0, "python is not in your plan for deploy: you already know it.\n")


def test_explain_bad_ids_and_missing_goal_are_usage_errors(run: CLI) -> None:
    code, _, err = run("explain", "nmpy", "--goal", "deploy", expect=2)
    assert code == 2
    assert err.startswith("error: unknown topic 'nmpy' (did you mean 'numpy'?)")
    code, _, err = run("explain", "numpy", "--goal", "deply", expect=2)
    assert code == 2
    assert err.startswith("error: unknown goal 'deply' (did you mean 'deploy'?)")
    code, _, err = run("explain", "numpy", expect=2)
    assert code == 2
    assert "name a --goal (none is remembered in" in err


def test_chain_is_the_shortest_and_dependents_are_direct() -> None:
    curriculum = load_curriculum(SMALL)
    plan = make_plan(curriculum, goals=["deploy"])
    # two chains of five: ties go to the step earlier in the plan
    assert [s.id for s in plan.steps].index("neural-networks") < [s.id for s in plan.steps].index(
        "torchserve"
    )
    assert chain(plan, "python", ["serving"]) == [
        "python",
        "numpy",
        "pytorch",
        "neural-networks",
        "serving",
    ]
    assert chain(plan, "serving", ["serving"]) == ["serving"]
    assert chain(plan, "serving", ["numpy"]) is None
    assert chain(plan, "tensorflow", ["serving"]) is None
    assert dependents(curriculum, "numpy") == ["pytorch", "tensorflow"]
    assert dependents(curriculum, "serving") == []
