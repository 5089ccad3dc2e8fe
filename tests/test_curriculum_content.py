"""Content checks on the bundled curriculum, so it stays right as it grows."""

from __future__ import annotations

import re
from collections import defaultdict

import networkx as nx
import pytest

from learning_path import load_curriculum
from learning_path.model import AnyOf
from learning_path.planner import make_plan

CURRICULUM = load_curriculum()
TOPICS = CURRICULUM.topics
GOALS = CURRICULUM.goals


def test_size_and_goals() -> None:
    assert len(TOPICS) >= 100
    assert {"foundations", "nlp", "vision", "tabular", "production"} <= set(GOALS)
    for goal in GOALS.values():
        assert goal.title and goal.description and goal.targets


@pytest.mark.parametrize("topic_id", sorted(TOPICS))
def test_topic_is_complete(topic_id: str) -> None:
    topic = TOPICS[topic_id]
    assert topic.summary.strip() and topic.hours > 0 and topic.level and topic.area
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", topic.summary.strip()) if s]
    assert 1 <= len(sentences) <= 3, f"{topic_id}: summary has {len(sentences)} sentences"
    assert len(topic.resources) >= 2, f"{topic_id}: fewer than two resources"
    assert any(r.free for r in topic.resources), f"{topic_id}: no free resource"
    for resource in topic.resources:
        assert resource.url.startswith("https://"), f"{topic_id}: {resource.url}"


def test_no_url_shared_by_different_resources() -> None:
    titles: dict[str, set[str]] = defaultdict(set)
    for topic in TOPICS.values():
        for resource in topic.resources:
            titles[resource.url].add(resource.title)
    shared = {url: names for url, names in titles.items() if len(names) > 1}
    assert not shared


def test_no_redundant_prerequisite_edge() -> None:
    plain: nx.DiGraph[str] = nx.DiGraph()
    plain.add_nodes_from(TOPICS)
    for topic_id, topic in TOPICS.items():
        plain.add_edges_from((p, topic_id) for p in topic.prerequisites if isinstance(p, str))
    redundant = []
    for prereq, topic_id in list(plain.edges):
        plain.remove_edge(prereq, topic_id)
        if nx.has_path(plain, prereq, topic_id):
            redundant.append(f"{topic_id} -> {prereq}")
        plain.add_edge(prereq, topic_id)
    assert not redundant, f"implied by other paths: {redundant}"


def test_every_topic_is_reached_by_some_goal() -> None:
    """Reached = in some goal's closure when any_of groups may take any member."""
    reached: set[str] = set()
    stack = [t for goal in GOALS.values() for t in goal.targets]
    while stack:
        topic_id = stack.pop()
        if topic_id in reached:
            continue
        reached.add(topic_id)
        for item in TOPICS[topic_id].prerequisites:
            stack.extend(item.any_of if isinstance(item, AnyOf) else [item])
    assert sorted(set(TOPICS) - reached) == []


@pytest.mark.parametrize("goal", sorted(GOALS))
def test_newcomer_plan_size(goal: str) -> None:
    """At most 90 topics from scratch on the default branch, the size `validate` warns
    above; the TensorFlow branch may take one more, since it teaches TF Serving and a
    TFX pipeline where PyTorch has one ONNX-export topic (production: 90 and 91)."""
    for prefer, most in (([], 90), (["tensorflow-keras"], 91)):
        steps = make_plan(CURRICULUM, goals=[goal], prefer=prefer).steps
        assert 25 <= len(steps) <= most, f"{goal} {prefer}: {len(steps)} topics"


@pytest.mark.parametrize("goal", ["nlp", "vision", "production"])
def test_framework_preference_switches_branch(goal: str) -> None:
    default = {s.id for s in make_plan(CURRICULUM, goals=[goal]).steps}
    tf = {s.id for s in make_plan(CURRICULUM, goals=[goal], prefer=["tensorflow-keras"]).steps}
    assert "pytorch" in default and "tensorflow-keras" not in default
    assert "tensorflow-keras" in tf and "pytorch" not in tf
    assert not any("lightning" in t or t.startswith("pytorch") for t in tf)


def test_production_tensorflow_branch_uses_tf_tools() -> None:
    tf = {
        s.id for s in make_plan(CURRICULUM, goals=["production"], prefer=["tensorflow-keras"]).steps
    }
    # LiteRT (tensorflow-lite) left the production goal with on-device inference, which
    # the vision goal teaches; the TensorFlow production branch serves with TF Serving.
    assert {"tensorflow-serving", "tfx"} <= tf
    vision_tf = {
        s.id for s in make_plan(CURRICULUM, goals=["vision"], prefer=["tensorflow-keras"]).steps
    }
    assert {"tensorflow-lite", "model-compression-and-edge-deployment"} <= vision_tf


COVERAGE = [
    r"python",
    r"numpy",
    r"pandas",
    r"scikit-learn",
    r"linear algebra",
    r"calculus",
    r"probability",
    r"statistic",
    r"supervised",
    r"unsupervised",
    r"reinforcement",
    r"missing values",
    r"scal",
    r"encod",
    r"feature engineering",
    r"tf-idf",
    r"linear regression",
    r"logistic regression",
    r"k-nearest|k-nn",
    r"naive bayes",
    r"support vector|svm",
    r"decision tree",
    r"random forest",
    r"gradient boost",
    r"k-means",
    r"pca|principal component",
    r"cross-validation",
    r"hyperparameter",
    r"precision",
    r"recall",
    r"f1",
    r"roc",
    r"confusion matri",
    r"threshold",
    r"overfitting",
    r"bias-variance|bias and variance",
    r"imbalance",
    r"leakage",
    r"fairness",
    r"shap",
    r"lime",
    r"adversarial",
    r"drift",
    r"retrain",
    r"cost",
    r"neural network",
    r"activation",
    r"backpropagation",
    r"gradient descent",
    r"adam",
    r"learning-rate|learning rate",
    r"initiali",
    r"dropout",
    r"batch norm",
    r"early stopping",
    r"pytorch",
    r"keras",
    r"lightning",
    r"hugging face",
    r"tensorflow lite",
    r"tensorflow serving",
    r"tfx",
    r"convolutional|cnn",
    r"augmentation",
    r"transfer learning",
    r"resnet",
    r"image classification",
    r"tokeni",
    r"embedding",
    r"lstm",
    r"attention",
    r"transformer",
    r"bert",
    r"api",
    r"container|docker",
    r"monitor",
    r"experiment tracking",
    r"versioning",
    r"ci/cd",
    r"kaggle",
    r"portfolio",
    r"paper",
    r"spam",
    r"churn",
    r"house",
    r"mnist|cifar",
]


@pytest.mark.parametrize("pattern", COVERAGE)
def test_required_subject_is_covered(pattern: str) -> None:
    text = " ".join(f"{t.title} {t.summary}" for t in TOPICS.values()).lower()
    assert re.search(pattern, text), pattern


def test_projects_use_real_public_datasets() -> None:
    projects = {i: t for i, t in TOPICS.items() if t.area == "projects"}
    assert len(projects) >= 6
    for topic_id, topic in projects.items():
        assert any(r.kind == "dataset" for r in topic.resources), topic_id
    joined = " ".join(r.url for t in projects.values() for r in t.resources)
    assert "sms+spam+collection" in joined.lower()


def _kendall_tau(order: list[str], rank: dict[str, int]) -> float:
    """Kendall's tau between ``order`` and the written order (1: the same order)."""
    ranks = [rank[t] for t in order]
    pairs = len(ranks) * (len(ranks) - 1) // 2
    discordant = sum(1 for i, a in enumerate(ranks) for b in ranks[i + 1 :] if a > b)
    return 1 - 2 * discordant / pairs if pairs else 1.0


def test_kendall_tau_of_a_reversed_order_is_minus_one() -> None:
    rank = {"a": 0, "b": 1, "c": 2}
    assert _kendall_tau(["a", "b", "c"], rank) == 1.0
    assert _kendall_tau(["c", "b", "a"], rank) == -1.0
    assert _kendall_tau(["b", "a", "c"], rank) == pytest.approx(1 / 3)


@pytest.mark.parametrize("prefer", [[], ["tensorflow-keras"]], ids=["default", "tensorflow"])
@pytest.mark.parametrize("goal", sorted(GOALS))
def test_each_goal_reads_in_the_written_order(goal: str, prefer: list[str]) -> None:
    """The curriculum is written in teaching order, so each goal's plan keeps it: Kendall
    tau with the written order at least 0.95 (the sequence issue's bar)."""
    rank = {topic_id: i for i, topic_id in enumerate(TOPICS)}
    order = [s.id for s in make_plan(CURRICULUM, goals=[goal], prefer=prefer).steps]
    assert _kendall_tau(order, rank) >= 0.95


@pytest.mark.parametrize("goal", sorted(GOALS))
def test_projects_come_right_after_what_they_need(goal: str) -> None:
    """A project is studied at most three steps after the last topic it needs."""
    for prefer in ([], ["tensorflow-keras"]):
        steps = make_plan(CURRICULUM, goals=[goal], prefer=prefer).steps
        position = {s.id: s.position for s in steps}
        for step in steps:
            if TOPICS[step.id].area != "projects" or not step.prerequisites:
                continue
            last = max((position[p] for p in step.prerequisites if p in position), default=0)
            assert step.position - last <= 3, f"{goal}: {step.id} is {step.position - last} late"


# Each goal's capstone: the project that ties the goal together. Any project would pass
# "the plan ends on a project"; tabular once ended on its last domain project (the
# recommender) with no capstone at all, so every goal names its own here.
CAPSTONES = {
    "foundations": "foundations-capstone-project",
    "nlp": "rag-assistant-project",
    "vision": "vision-capstone-project",
    "tabular": "tabular-capstone-project",
    "production": "model-deployment-project",
}


def test_every_goal_has_a_capstone() -> None:
    assert set(CAPSTONES) == set(GOALS)


@pytest.mark.parametrize("prefer", [[], ["tensorflow-keras"]], ids=["default", "tensorflow"])
@pytest.mark.parametrize("goal", sorted(GOALS))
def test_each_goal_ends_in_its_capstone(goal: str, prefer: list[str]) -> None:
    """A goal's plan ends in its capstone, a project the goal names as a target, and
    nothing is taught after it; the step just before it is one the project uses, so the
    last topics lead into the capstone instead of trailing after it."""
    plan = make_plan(CURRICULUM, goals=[goal], prefer=prefer)
    ids = [s.id for s in plan.steps]
    last = ids[-1]
    assert last == CAPSTONES[goal], f"{goal} {prefer}: the plan ends on {last}"
    assert TOPICS[last].area == "projects", f"{goal} {prefer}: {last} is no project"
    assert last in GOALS[goal].targets, f"{goal}: {last} is not one of the goal's targets"
    graph: nx.DiGraph[str] = nx.DiGraph()
    for topic_id, topic in TOPICS.items():
        for item in topic.prerequisites:
            members = item.any_of if isinstance(item, AnyOf) else [item]
            graph.add_edges_from((m, topic_id) for m in members)
    assert ids[-2] in nx.ancestors(graph, last), f"{goal} {prefer}: {ids[-2]} trails"


# A shared topic's text must read right in every plan that contains it: a phrase that
# points at something the learner built only makes sense where the plan builds it.
BUILT_IN = [
    (r"\bchurn (pipeline|model|service|project|notebook)\b", "churn-prediction-project"),
    (r"\bspam (classifier )?project\b", "spam-classifier-project"),
    (r"\byour mnist\b", "mnist-digit-classifier-project"),
    (r"\byour cifar", "cifar10-transfer-learning-project"),
    (r"\btranslator\b", "seq2seq-models"),
    (r"\b(nlp|vision|tabular|production) path\b", "no-such-topic"),
]


@pytest.mark.parametrize("prefer", [[], ["tensorflow-keras"]], ids=["default", "tensorflow"])
@pytest.mark.parametrize("goal", sorted(GOALS))
def test_shared_texts_name_only_what_the_plan_builds(goal: str, prefer: list[str]) -> None:
    """No summary or practice in a goal's plan refers to a project or model the learner
    of that goal never built (unless it says 'if you built it')."""
    steps = make_plan(CURRICULUM, goals=[goal], prefer=prefer).steps
    ids = {s.id for s in steps}
    wrong = []
    for step in steps:
        topic = TOPICS[step.id]
        for text in [topic.summary, *topic.projects]:
            for pattern, needs in BUILT_IN:
                found = re.search(pattern, text, re.I)
                if found and needs not in ids and "if you built" not in text:
                    wrong.append(f"{step.id}: '{found.group(0)}'")
    assert not wrong, f"{goal} {prefer}: {wrong}"
