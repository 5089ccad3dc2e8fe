"""Content checks on the shared core of the bundled curriculum (files 01-03, 06 and 07, and the
`foundations` goal): coverage, the edges the content issue names, teaching order,
honest hours, framework tagging and no stale links."""

from __future__ import annotations

import itertools
import re

import networkx as nx
import pytest
import yaml

from learning_path import load_curriculum
from learning_path.model import AnyOf
from learning_path.planner import make_plan
from learning_path.resources import data_path

CURRICULUM = load_curriculum()
TOPICS = CURRICULUM.topics
FRAMEWORKS = ("pytorch", "tensorflow-keras")
CORE_FILES = [
    "01-foundations.yaml",
    "02-classical-ml.yaml",
    "03-evaluation.yaml",
    "06-deep-learning.yaml",
    "07-frameworks.yaml",
]


def _ids_in(name: str) -> list[str]:
    document = yaml.safe_load((data_path("curriculum") / name).read_text(encoding="utf-8"))
    return list(document["topics"])


CORE = {name: _ids_in(name) for name in CORE_FILES}
CORE_IDS = [topic_id for ids in CORE.values() for topic_id in ids]
DEEP_LEARNING_FILES = {t for name in CORE_FILES[3:] for t in CORE[name]}


def _graph(*, any_of_members: bool) -> nx.DiGraph[str]:
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(TOPICS)
    for topic_id, topic in TOPICS.items():
        for item in topic.prerequisites:
            if isinstance(item, AnyOf):
                if any_of_members:
                    graph.add_edges_from((m, topic_id) for m in item.any_of)
            else:
                graph.add_edge(item, topic_id)
    return graph


PLAIN = _graph(any_of_members=False)
WIDE = _graph(any_of_members=True)


def requires(topic: str, prerequisite: str) -> bool:
    """``topic`` needs ``prerequisite`` directly or transitively (plain edges only)."""
    return prerequisite in nx.ancestors(PLAIN, topic)


def _order(goal: str, prefer: tuple[str, ...] = ()) -> list[str]:
    return [s.id for s in make_plan(CURRICULUM, goals=[goal], prefer=list(prefer)).steps]


FOUNDATIONS = _order("foundations")


def test_core_files_hold_the_expected_topics() -> None:
    assert len(CORE_IDS) == len(set(CORE_IDS)) >= 70
    assert CORE["01-foundations.yaml"][0] == "study-roadmap"
    assert {"pytorch", "tensorflow-keras", "deep-learning-frameworks-compared"} <= set(
        CORE["06-deep-learning.yaml"]
    )


# --- coverage -----------------------------------------------------------------------

FOUNDATIONS_SUBJECTS = [
    r"python",
    r"command line|shell",
    r"\bgit\b",
    r"numpy",
    r"pandas",
    r"\bsql\b",
    r"visuali[sz]",
    r"linear algebra",
    r"calculus",
    r"probability",
    r"statistic",
    r"gradient descent",
    r"missing",
    r"exploratory",
    r"scikit-learn",
    r"linear regression",
    r"logistic regression",
    r"k-nearest",
    r"naive bayes",
    r"support vector",
    r"decision tree",
    r"random forest",
    r"gradient boosting",
    r"ridge|lasso",
    r"k-means",
    r"principal component|pca",
    r"cross-validation",
    r"confusion matri",
    r"precision",
    r"recall",
    r"roc",
    r"threshold",
    r"baseline",
    r"error analysis",
    r"pipeline",
    r"leakage",
    r"imbalance",
    r"hyperparameter",
    r"fairness",
    r"portfolio",
    r"reinforcement",
    r"spam",
    r"house",
    r"segment",
]


@pytest.mark.parametrize("pattern", FOUNDATIONS_SUBJECTS)
def test_foundations_plan_covers(pattern: str) -> None:
    text = " ".join(f"{TOPICS[t].title} {TOPICS[t].summary}" for t in FOUNDATIONS).lower()
    assert re.search(pattern, text), pattern


def test_foundations_size_and_hours() -> None:
    for prefer in ((), ("tensorflow-keras",)):
        order = _order("foundations", prefer)
        hours = sum(TOPICS[t].hours for t in order)
        assert 25 <= len(order) <= 90
        # 423 h since the credit-default project (7 h) closed the longest gap
        assert 250 <= hours <= 425, hours
    assert {"gradient-boosting", "sql-basics"} <= set(FOUNDATIONS)


# --- edges the content issue names ---------------------------------------------------

PROJECT_NEEDS = {
    "credit-default-project": [
        "logistic-regression",
        "feature-scaling",
        "sklearn-pipelines",
        "data-leakage",
        "classification-metrics",
        "decision-thresholds",
        "roc-auc",
        "decision-trees",
        "random-forests",
        "cross-validation",
        "baselines-and-error-analysis",
    ],
    "spam-classifier-project": [
        "git-github-basics",
        "bag-of-words-tfidf",
        "feature-engineering",
        "sklearn-pipelines",
        "naive-bayes",
        "support-vector-machines",
        "classification-metrics",
        "cross-validation",
        "decision-thresholds",
        "class-imbalance",
        "baselines-and-error-analysis",
    ],
    "house-prices-project": [
        "missing-values",
        "feature-engineering",
        "sklearn-pipelines",
        "data-leakage",
        "regression-metrics",
        "regularised-linear-models",
        "random-forests",
        "gradient-boosting",
        "cross-validation",
        "hyperparameter-search",
        "model-interpretability",
    ],
    "customer-segmentation-project": [
        "sql-basics",
        "data-cleaning",
        "exploratory-data-analysis",
        "feature-scaling",
        "k-means",
        "pca",
    ],
}


@pytest.mark.parametrize(
    ("project", "needed"), [(p, n) for p, ns in PROJECT_NEEDS.items() for n in ns]
)
def test_project_requires_what_it_uses(project: str, needed: str) -> None:
    assert requires(project, needed), f"{project} uses {needed} but does not require it"


def test_study_roadmap_comes_first_and_drags_nothing() -> None:
    assert TOPICS["study-roadmap"].prerequisites == []
    assert FOUNDATIONS[0] == "study-roadmap"


def test_portfolio_comes_after_the_first_project() -> None:
    topic = TOPICS["github-portfolio"]
    assert "spam-classifier-project" in topic.after or requires(
        "github-portfolio", "spam-classifier-project"
    )
    assert FOUNDATIONS.index("github-portfolio") > FOUNDATIONS.index("spam-classifier-project")


def test_reinforcement_learning_is_not_on_the_scikit_learn_path() -> None:
    rl = "reinforcement-learning-basics"
    assert not nx.descendants(WIDE, rl), "nothing may require the RL first look"
    assert not requires(rl, "scikit-learn-basics"), "RL is no foundation for scikit-learn"
    position = FOUNDATIONS.index(rl)
    assert position > FOUNDATIONS.index("scikit-learn-basics")
    for project in PROJECT_NEEDS:
        assert position > FOUNDATIONS.index(project)
    # An optional look after the three projects, followed only by the fairness audit
    # and the capstone that uses it (the capstone ends the plan).
    assert FOUNDATIONS[position + 1 :] == ["fairness-and-bias", "foundations-capstone-project"]


def test_mixed_precision_does_not_force_lightning() -> None:
    topic = TOPICS["gpu-and-cloud-compute"]
    assert "pytorch-lightning" not in topic.prerequisites
    groups = [p for p in topic.prerequisites if isinstance(p, AnyOf)]
    assert groups and {"pytorch", "tensorflow-keras"} <= set(groups[0].any_of)
    pytorch_plan = {s.id for s in make_plan(CURRICULUM, targets=["gpu-and-cloud-compute"]).steps}
    tf_plan = {
        s.id
        for s in make_plan(
            CURRICULUM, targets=["gpu-and-cloud-compute"], prefer=["tensorflow-keras"]
        ).steps
    }
    assert "pytorch" in pytorch_plan and "pytorch-lightning" not in pytorch_plan
    assert "tensorflow-keras" in tf_plan and not {"pytorch", "pytorch-lightning"} & tf_plan


EVALUATION_BEFORE_DEEP_LEARNING = [
    "classification-metrics",
    "cross-validation",
    "baselines-and-error-analysis",
]


@pytest.mark.parametrize("needed", EVALUATION_BEFORE_DEEP_LEARNING)
def test_every_neural_network_topic_comes_after_evaluation(needed: str) -> None:
    users = nx.descendants(PLAIN, "neural-networks") | {"neural-networks"}
    missing = sorted(t for t in users if not requires(t, needed))
    assert not missing, f"need {needed}: {missing}"


def test_git_before_training_networks_in_practice() -> None:
    assert requires("debugging-neural-network-training", "git-github-basics")
    for goal in ("nlp", "vision"):
        order = _order(goal)
        assert order.index("git-github-basics") < order.index("neural-networks")
        for needed in EVALUATION_BEFORE_DEEP_LEARNING:
            assert order.index(needed) < order.index("neural-networks"), (goal, needed)


def test_transfer_learning_is_not_contradicted() -> None:
    summary = TOPICS["deep-learning-overview"].summary.lower()
    assert "pretrained" in summary and "fine-tun" in summary


# --- teaching order ------------------------------------------------------------------


def test_foundations_plan_follows_the_written_order() -> None:
    written = {t: i for i, t in enumerate(TOPICS)}
    inversions = sum(
        1
        for i, a in enumerate(FOUNDATIONS)
        for b in FOUNDATIONS[i + 1 :]
        if written[a] > written[b]
    )
    pairs = len(FOUNDATIONS) * (len(FOUNDATIONS) - 1) / 2
    tau = 1 - 2 * inversions / pairs
    assert tau >= 0.95, tau


def test_projects_come_right_after_what_they_need() -> None:
    checked = 0
    for project in (t for t in FOUNDATIONS if t in PROJECT_NEEDS):
        last = max(
            FOUNDATIONS.index(p)
            for p in TOPICS[project].prerequisites
            if isinstance(p, str) and p in FOUNDATIONS
        )
        assert FOUNDATIONS.index(project) - last <= 3, f"{project} far from {FOUNDATIONS[last]}"
        checked += 1
    assert checked == len(PROJECT_NEEDS)


def test_layers_in_foundations_are_breadth_first() -> None:
    at = FOUNDATIONS.index
    assert at("what-is-machine-learning") < at("python-basics") < at("numpy")
    assert at("pandas") < at("linear-algebra") < at("scikit-learn-basics")
    # Cross-validation judges the first (linear, regression) models, and their project
    # follows at once: right after the linear topics it exercises, before classification.
    assert at("regularised-linear-models") < at("cross-validation") < at("logistic-regression")
    assert at("cross-validation") < at("naive-bayes")
    assert at("linear-models-project") <= at("regularised-linear-models") + 2
    # Trees and forests right after k-nearest neighbours, boosting before model selection
    # and calibration (which compare against and calibrate tree ensembles), and a first
    # linear-model project right after cross-validation.
    assert at("k-nearest-neighbours") < at("decision-trees") < at("random-forests")
    assert at("random-forests") < at("spam-classifier-project") < at("house-prices-project")
    assert at("gradient-boosting") < at("model-selection") < at("probability-calibration")
    assert at("linear-models-project") == at("cross-validation") + 1
    assert at("house-prices-project") < at("k-means") < at("customer-segmentation-project")
    # The first classification project right after leakage: it fits its scaler inside
    # a pipeline on each training fold, with the classifiers, their metrics and the
    # baselines behind it.
    assert at("roc-auc") < at("random-forests") < at("credit-default-project")
    assert at("baselines-and-error-analysis") < at("sklearn-pipelines")
    assert at("credit-default-project") == at("data-leakage") + 1


def test_deep_learning_basics_teach_one_framework_after_backpropagation() -> None:
    for goal, prefer, framework in (
        ("vision", (), "pytorch"),
        ("nlp", ("tensorflow-keras",), "tensorflow-keras"),
    ):
        order = _order(goal, prefer)
        assert order.index("backpropagation") < order.index(framework)
        assert order.index(framework) < order.index("optimizers")
        assert order.index(framework) < order.index("debugging-neural-network-training")


# --- hours and links -----------------------------------------------------------------


@pytest.mark.parametrize("topic_id", CORE_IDS)
def test_no_resource_longer_than_its_topic(topic_id: str) -> None:
    topic = TOPICS[topic_id]
    for resource in topic.resources:
        if resource.hours is not None:
            assert resource.hours <= topic.hours, f"{topic_id}: {resource.title}"


MATHS = ["linear-algebra", "calculus", "probability", "statistics"]

# A whole book or course given for a maths topic says nothing about what to read.
WHOLE_MATHS_SOURCES = [
    r"^https://mml-book\.github\.io/?$",
    r"^https://www\.khanacademy\.org/math/[a-z-]+/?$",
    r"^https://seeing-theory\.brown\.edu/?$",
    r"^https://allendowney\.github\.io/ThinkStats/?$",
    r"^https://www\.probabilitycourse\.com/?$",
    r"^https://ocw\.mit\.edu/courses/[^/]+/?$",
]


@pytest.mark.parametrize("topic_id", MATHS)
def test_maths_topics_point_to_chapters_worth_their_hours(topic_id: str) -> None:
    """The maths topics name the chapters, units or videos to study, with honest hours:
    together at least three quarters of the topic (the rest is its exercise), no more."""
    topic = TOPICS[topic_id]
    assert "math" in topic.tags
    timed = [r for r in topic.resources if r.hours is not None]
    assert len(timed) >= 4, topic_id
    listed = sum(r.hours for r in timed if r.hours is not None)
    assert 0.75 * topic.hours <= listed <= topic.hours, (topic_id, listed, topic.hours)
    assert all(r.free for r in timed), topic_id
    for resource in topic.resources:
        whole = any(re.search(p, resource.url) for p in WHOLE_MATHS_SOURCES)
        named = re.search(r"chapter|unit|appendix|series|review|lesson", resource.title, re.I)
        assert not whole or named, f"{topic_id}: {resource.url} is a whole book or course"


WHOLE_COURSES = [
    r"^https://course\.fast\.ai/?$",
    r"^https://www\.elementsofai\.com/?$",
    r"^https://course\.elementsofai\.com/?$",
    r"^https://karpathy\.ai/zero-to-hero\.html$",
    r"^https://developers\.google\.com/machine-learning/crash-course/?$",
    r"^https://www\.deeplearningbook\.org/?$",
    r"^https://huggingface\.co/learn/deep-rl-course/unit0/",
    r"^https://www\.learnpytorch\.io/?$",
    r"^https://www\.tensorflow\.org/tutorials/?$",
    r"^https://christophm\.github\.io/interpretable-ml-book/?$",
    r"^https://fairmlbook\.org/?$",
]


def test_small_topics_link_a_section_not_a_whole_course() -> None:
    found = [
        (t, r.url)
        for t in CORE_IDS
        for r in TOPICS[t].resources
        if any(re.search(p, r.url) for p in WHOLE_COURSES)
    ]
    assert not found


STALE = [
    "greenteapress.com/wp/think-stats-2e",
    "deep-learning-with-python-second-edition",
    "hands-on-machine-learning/9781098125967",
    "link.springer.com/article/10.1023/A:1010933404324",
    "pytorch.org/docs/stable/quantization.html",
]


def test_no_stale_editions_or_paywalled_copies_of_free_papers() -> None:
    urls = [r.url for t in CORE_IDS for r in TOPICS[t].resources]
    assert not [u for u in urls if any(s in u for s in STALE)]
    free_copies = {
        r.url: r.free
        for t in CORE_IDS
        for r in TOPICS[t].resources
        if "breiman" in r.url or "friedman" in r.url or "ThinkStats" in r.url
    }
    assert len(free_copies) >= 3 and all(free_copies.values())


def test_framework_comparison_names_litert() -> None:
    summary = TOPICS["deep-learning-frameworks-compared"].summary
    assert "LiteRT" in summary
    assert not re.search(r"TensorFlow Lite(?!\))", summary.replace("formerly TensorFlow Lite", ""))


# --- framework tagging ---------------------------------------------------------------

FRAMEWORK_HOSTS = re.compile(
    r"https://(keras\.io|www\.tensorflow\.org/(tutorials|guide)|docs\.pytorch\.org|"
    r"pytorch\.org/(tutorials|docs)|lightning\.ai|www\.learnpytorch\.io)"
)


def test_framework_specific_resources_are_tagged() -> None:
    untagged = [
        (t, r.url)
        for t in DEEP_LEARNING_FILES - {"deep-learning-frameworks-compared"}
        for r in TOPICS[t].resources
        if FRAMEWORK_HOSTS.match(r.url) and r.framework is None
    ]
    assert not untagged


def _only_on(framework: str) -> set[str]:
    """Topics that a plan can only reach through ``framework``."""
    return nx.descendants(PLAIN, framework) | {framework}


@pytest.mark.parametrize("topic_id", CORE_IDS)
def test_every_framework_branch_keeps_a_resource(topic_id: str) -> None:
    resources = TOPICS[topic_id].resources
    assert all(r.framework in (None, *FRAMEWORKS) for r in resources)
    for taken in FRAMEWORKS:
        other = next(f for f in FRAMEWORKS if f != taken)
        if topic_id in _only_on(other):
            continue
        kept = [r for r in resources if r.framework != other]
        assert kept, f"{topic_id}: nothing left for a {taken} learner"


def test_tensorflow_plans_hand_out_no_pytorch_resource_from_the_core() -> None:
    for goal in ("nlp", "vision"):
        plan = make_plan(CURRICULUM, goals=[goal], prefer=["tensorflow-keras"])
        for step in plan.steps:
            if step.id in CORE_IDS:
                assert all(r.framework != "pytorch" for r in step.resources), step.id
                assert step.resources, step.id


@pytest.mark.parametrize("prefer", [(), ("tensorflow-keras",)])
def test_related_topics_come_together(prefer: tuple[str, ...]) -> None:
    """A teacher's pairs, each taught in one go: SHAP and LIME right after the
    interpretability they make concrete (tabular), and the detection transformers
    right after the CLIP embeddings their open-vocabulary detectors use (vision)."""
    tabular = _order("tabular", prefer)
    assert tabular.index("shap-and-lime") == tabular.index("model-interpretability") + 1
    vision = _order("vision", prefer)
    assert (
        vision.index("detection-transformers") == vision.index("clip-and-image-text-embeddings") + 1
    )


@pytest.mark.parametrize("prefer", [(), ("tensorflow-keras",)])
def test_llmops_comes_after_what_an_llm_call_is(prefer: tuple[str, ...]) -> None:
    """LLMOps traces tokens and gates prompts: a production learner, who takes no NLP
    topic, learns what tokens, messages and a hosted LLM API are first."""
    production = _order("production", prefer)
    assert "prompt-engineering" not in production
    assert production.index("llm-api-basics") < production.index("llmops")


def _longest_stretch_without_a_project(goal: str, prefer: tuple[str, ...]) -> int:
    steps = _order(goal, prefer)
    projects = [i for i, t in enumerate(steps) if "project" in CURRICULUM.topics[t].tags]
    return max(later - earlier - 1 for earlier, later in itertools.pairwise(projects))


@pytest.mark.parametrize("goal", ["foundations", "nlp", "vision", "tabular", "production"])
@pytest.mark.parametrize("prefer", [(), ("tensorflow-keras",)])
def test_practice_comes_often(goal: str, prefer: tuple[str, ...]) -> None:
    """In every goal, on both framework branches, no more than 15 topics go by without a
    project once projects start. Before the projects that closed them, vision had 22
    topics between its CIFAR-10 project and its capstone (the CLIP search project),
    foundations 22 between the California-housing and spam projects (the credit-default
    project), and production 29 between the churn project and its capstone (the churn
    service after the MLOps part, the network served under load after the serving
    platforms)."""
    assert _longest_stretch_without_a_project(goal, prefer) <= 15
