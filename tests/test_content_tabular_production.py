"""Content checks for the tabular and production goals (curriculum/04, 05 and 10).

They hold the findings of the bundled-curriculum issue that belong to these two goals:
coverage of what a junior tabular or MLOps job needs in 2026, the edges that were
missing, honest hours, no stale links, framework branches that stay on their own tools,
and files written in teaching order with projects right after what they use.
"""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest
import yaml

from learning_path import load_curriculum
from learning_path.graph import build_graph
from learning_path.planner import make_plan

CURRICULUM = load_curriculum()
TOPICS = CURRICULUM.topics
CURRICULUM_DIR = Path(__file__).resolve().parent.parent / "curriculum"
OWN_FILES = ["04-tabular.yaml", "05-production.yaml", "10-production-at-scale.yaml"]
PREFERENCES = [[], ["tensorflow-keras"]]


def _written(name: str) -> list[str]:
    """Topic ids of one curriculum file, in the order they are written."""
    data = yaml.safe_load((CURRICULUM_DIR / name).read_text(encoding="utf-8"))
    return list(data["topics"])


OWN_TOPICS = [t for name in OWN_FILES for t in _written(name)]


# Edges prerequisite -> topic, every member of an any_of group included.
GRAPH = build_graph(CURRICULUM)


def _plan_ids(goal: str, prefer: list[str]) -> list[str]:
    return [s.id for s in make_plan(CURRICULUM, goals=[goal], prefer=prefer).steps]


def _plan_text(goal: str, prefer: list[str]) -> str:
    steps = make_plan(CURRICULUM, goals=[goal], prefer=prefer).steps
    return " ".join(f"{s.title} {s.summary}" for s in steps).lower()


# --- coverage ---------------------------------------------------------------------------

TABULAR_SUBJECTS = [
    r"\bsql\b",
    r"data validation|validat\w* data",
    r"xgboost",
    r"lightgbm",
    r"catboost",
    r"hyperparameter",
    r"optuna",
    r"target encod",
    r"feature selection",
    r"fairness",
    r"shap",
    r"a/b test",
    r"sample size",
    r"uplift",
    r"associations?[^.]*not causes",
    r"survival",
    r"censor",
    r"kaplan-meier",
    r"forecast",
    r"prediction intervals?",
    r"quantile",
    r"conformal",
    r"anomal",
    r"imbalanc",
    r"ndcg",
    r"precision (at|@) ?k",
    r"recommend",
    r"kaggle",
    r"leak",
    r"churn",
]

PRODUCTION_SUBJECTS = [
    r"packag",
    r"pytest|unit tests",
    r"experiment tracking|mlflow",
    r"dvc|versioning",
    r"model registry|registry",
    r"fastapi|rest api",
    r"docker",
    r"batch prediction|batch inference",
    r"\bsql\b",
    r"feature store",
    r"ci/cd",
    r"airflow|prefect|kubeflow|tfx",
    r"monitor",
    r"drift",
    r"retrain",
    r"shadow",
    r"canary",
    r"a/b test",
    r"model card",
    r"privacy",
    r"security|attack",
    r"kubernetes",
    r"kserve",
    r"triton",
    r"bentoml|ray serve",
    r"onnx|savedmodel",
    r"quantis|quantiz",
    r"distributed|ddp|fsdp|tf\.distribute",
    r"large language model|llm",
    r"vllm",
    r"system design",
    r"churn",
]


@pytest.mark.parametrize("prefer", PREFERENCES, ids=["default", "tensorflow"])
@pytest.mark.parametrize("pattern", TABULAR_SUBJECTS)
def test_tabular_plan_covers_subject(pattern: str, prefer: list[str]) -> None:
    assert re.search(pattern, _plan_text("tabular", prefer)), pattern


@pytest.mark.parametrize("prefer", PREFERENCES, ids=["default", "tensorflow"])
@pytest.mark.parametrize("pattern", PRODUCTION_SUBJECTS)
def test_production_plan_covers_subject(pattern: str, prefer: list[str]) -> None:
    assert re.search(pattern, _plan_text("production", prefer)), pattern


def test_agreed_ids_exist() -> None:
    """Other groups may rely on these ids (the contract of the content issue)."""
    for topic_id in [
        "ab-testing-and-experiment-design",
        "model-serving-platforms",
        "distributed-training",
    ]:
        assert topic_id in TOPICS
    assert "pytorch-model-serving" in TOPICS["model-serving-platforms"].replaces
    assert "pytorch-model-serving" not in TOPICS
    # the foundations file builds on this small topic; it stays on its own
    assert TOPICS["model-persistence"].hours <= 3


def test_uplift_says_shap_is_not_causal() -> None:
    summary = TOPICS["uplift-modelling"].summary.lower()
    assert "shap" in summary and re.search(r"not causes", summary)


# --- edges ------------------------------------------------------------------------------

REQUIRED = [
    ("time-series-forecasting", "gradient-boosting"),
    ("anomaly-detection", "gradient-boosting"),
    ("anomaly-detection", "class-imbalance"),
    ("kaggle-competitions", "gradient-boosting"),
    ("kaggle-competitions", "data-leakage"),
    ("recommender-systems", "cross-validation"),
    ("recommender-systems", "ranking-metrics"),
    ("churn-prediction-project", "sql-basics"),
    ("churn-prediction-project", "hyperparameter-search"),
    ("churn-prediction-project", "fairness-and-bias"),
    ("churn-prediction-project", "data-validation"),
    ("uplift-modelling", "ab-testing-and-experiment-design"),
    ("uplift-modelling", "shap-and-lime"),
    ("probabilistic-forecasting", "time-series-forecasting"),
    ("docker-containers", "model-serving-api"),
    ("model-deployment-project", "drift-detection"),
    ("model-deployment-project", "experiment-tracking"),
    ("model-deployment-project", "churn-prediction-project"),
    ("model-deployment-project", "ci-cd-for-ml"),
    ("automated-retraining", "ab-testing-and-experiment-design"),
    ("batch-data-and-feature-stores", "sql-basics"),
    ("model-serving-platforms", "docker-containers"),
    ("testing-ml-code", "data-validation"),
]


@pytest.mark.parametrize(("topic", "needs"), REQUIRED)
def test_topic_requires(topic: str, needs: str) -> None:
    assert needs in nx.ancestors(GRAPH, topic), f"{topic} should require {needs}"


# What each production project uses, on each framework branch: a learner who aims at the
# project alone (--target) studies all of it first.
PROJECT_NEEDS = {
    "churn-service-project": [
        "churn-prediction-project",
        "testing-ml-code",
        "model-serving-api",
        "docker-containers",
        "data-and-model-versioning",
        "ci-cd-for-ml",
        "model-monitoring",
        "drift-detection",
        "automated-retraining",
        "responsible-model-release",
    ],
    "network-serving-project": ["docker-containers", "model-serving-platforms"],
    "model-deployment-project": [
        "churn-service-project",
        "cloud-for-ml",
        "ml-system-design",
        "automated-retraining",
    ],
}
BRANCH_NEEDS = {
    "network-serving-project": {
        "default": ["pytorch", "onnx-export"],
        "tensorflow": ["tensorflow-keras", "tensorflow-serving"],
    },
}


@pytest.mark.parametrize("prefer", PREFERENCES, ids=["default", "tensorflow"])
@pytest.mark.parametrize("project", sorted(PROJECT_NEEDS))
def test_production_project_requires_what_it_uses(project: str, prefer: list[str]) -> None:
    branch = "tensorflow" if prefer else "default"
    needed = PROJECT_NEEDS[project] + BRANCH_NEEDS.get(project, {}).get(branch, [])
    ids = [s.id for s in make_plan(CURRICULUM, targets=[project], prefer=prefer).steps]
    missing = [n for n in needed if n not in ids]
    assert not missing, f"{project} ({branch}) uses {missing} but does not require them"
    assert ids[-1] == project


# What the tabular capstone uses, unit by unit: a learner who aims at it alone (--target)
# studies all of it first, on either framework branch.
TABULAR_CAPSTONE_NEEDS = [
    "sql-basics",  # the modelling table is joined with SQL
    "data-validation",
    "data-leakage",  # a leakage-safe pipeline
    "target-encoding",  # cross-fitted encodings
    "baselines-and-error-analysis",  # the logistic-regression baseline
    "gradient-boosting-libraries",
    "hyperparameter-search",
    "probability-calibration",
    "decision-thresholds",  # the threshold from the cost of each error
    "shap-and-lime",
    "fairness-and-bias",  # error rates across groups
    "ab-testing-and-experiment-design",  # the A/B test that would confirm the decision
    "model-persistence",  # the saved model scores the later batch
    "drift-detection",
    "fraud-detection-project",  # whose batch scoring and drift report it reuses
    "git-github-basics",  # the published repository
]


@pytest.mark.parametrize("prefer", PREFERENCES, ids=["default", "tensorflow"])
@pytest.mark.parametrize("needed", TABULAR_CAPSTONE_NEEDS)
def test_tabular_capstone_requires_what_it_uses(needed: str, prefer: list[str]) -> None:
    ids = [s.id for s in make_plan(CURRICULUM, targets=[TABULAR_CAPSTONE], prefer=prefer).steps]
    assert needed in ids, f"{TABULAR_CAPSTONE} uses {needed} but does not require it"
    assert ids[-1] == TABULAR_CAPSTONE


def test_production_needs_no_vision_or_nlp_course() -> None:
    for prefer in PREFERENCES:
        areas = {TOPICS[t].area for t in _plan_ids("production", prefer)}
        assert not areas & {"vision", "nlp"}, (prefer, areas)


def test_deep_model_projects_use_a_model_the_plan_builds() -> None:
    """The deep-learning tail ships the network trained in the framework topic."""
    for topic_id in [
        "onnx-export",
        "model-compression-and-edge-deployment",
        "tensorflow-lite",
        "network-serving-project",
    ]:
        text = " ".join(TOPICS[topic_id].projects).lower()
        assert "cifar" not in text and "your mnist" not in text, topic_id
        assert "fashion-mnist" in text or "churn" in text, topic_id


# --- framework branches -----------------------------------------------------------------


def test_production_branches_use_their_own_tools() -> None:
    default = set(_plan_ids("production", []))
    tf = set(_plan_ids("production", ["tensorflow-keras"]))
    assert {"pytorch", "onnx-export", "model-serving-platforms", "distributed-training"} <= default
    assert not {"tensorflow-keras", "tensorflow-serving", "tfx", "tensorflow-lite"} & default
    # On-device inference (compression, LiteRT) is taught in the vision goal, not here.
    assert {"tensorflow-serving", "tfx", "model-serving-platforms"} <= tf
    assert {"distributed-training", "llmops"} <= tf
    assert not {"pytorch", "onnx-export"} & tf
    # the churn model is retrained by a general orchestrator on either branch
    assert "ml-pipelines" in default and "ml-pipelines" in tf


def test_tfx_runs_only_tensorflow_models() -> None:
    """TFX is for TensorFlow models: it builds on Keras and serves through TF Serving, and
    nothing on the churn model's path (a scikit-learn / gradient-boosting pipeline) can
    resolve to it."""
    assert {"tensorflow-keras", "tensorflow-serving"} <= nx.ancestors(GRAPH, "tfx")
    for tabular_path in ["automated-retraining", "model-deployment-project", "ml-system-design"]:
        assert "tfx" not in nx.ancestors(GRAPH, tabular_path), tabular_path
    text = f"{TOPICS['tfx'].summary} {' '.join(TOPICS['tfx'].projects)}".lower()
    assert "keras" in text and "churn model is better served" in text
    assert "churn" not in " ".join(TOPICS["tfx"].projects).lower()
    ids = _plan_ids("production", ["tensorflow-keras"])
    assert ids[-1] == "model-deployment-project", "the churn capstone ends the plan"
    assert ids.index("tensorflow-serving") < ids.index("tfx")


@pytest.mark.parametrize("goal", ["tabular", "production"])
@pytest.mark.parametrize("prefer", PREFERENCES, ids=["default", "tensorflow"])
def test_every_step_keeps_a_resource_for_its_branch(goal: str, prefer: list[str]) -> None:
    """A resource tied to a framework the plan did not take is dropped; none is left bare."""
    plan = set(_plan_ids(goal, prefer))
    for topic_id in plan:
        kept = [r for r in TOPICS[topic_id].resources if r.framework in (None, *plan)]
        assert kept, f"{goal} {prefer}: {topic_id} keeps no resource"
        assert any(r.free for r in kept), f"{goal} {prefer}: {topic_id} keeps no free resource"


def test_framework_specific_resources_are_tagged() -> None:
    """PyTorch-only and TensorFlow-only pages in these files say which framework they need."""
    for topic_id in OWN_TOPICS:
        for resource in TOPICS[topic_id].resources:
            url = resource.url
            if re.search(r"pytorch\.org/(docs|tutorials|ao)", url):
                assert resource.framework == "pytorch", (topic_id, url)
            tf_only = re.search(r"tensorflow\.org/(tfx|js|guide|model_optimization)", url)
            if tf_only and "tfdv" not in url:
                assert resource.framework == "tensorflow-keras", (topic_id, url)


# --- hours and links --------------------------------------------------------------------


@pytest.mark.parametrize("topic_id", OWN_TOPICS)
def test_no_resource_longer_than_its_topic(topic_id: str) -> None:
    topic = TOPICS[topic_id]
    for resource in topic.resources:
        assert resource.hours is None or resource.hours <= topic.hours, (topic_id, resource.title)


DEPRECATED = [
    r"pytorch\.org/serve",  # TorchServe: limited maintenance, archived
    r"pytorch\.org/docs/stable/quantization",  # replaced by torchao
    r"tensorflow\.org/lite/?$",  # TensorFlow Lite is LiteRT now
]


@pytest.mark.parametrize("pattern", DEPRECATED)
def test_no_link_to_deprecated_pages(pattern: str) -> None:
    hits = [
        (topic_id, r.url)
        for topic_id, topic in TOPICS.items()
        for r in topic.resources
        if re.search(pattern, r.url)
    ]
    assert not hits


def test_stale_claims_are_corrected() -> None:
    assert "torchserve" not in " ".join(
        r.title.lower() for t in OWN_TOPICS for r in TOPICS[t].resources
    )
    serving = TOPICS["tensorflow-serving"]
    assert "does not split traffic" in serving.summary.lower()
    assert not any("share of traffic" in p for p in serving.projects if "router" not in p)
    assert "litert" in TOPICS["tensorflow-lite"].title.lower()


# --- teaching order ---------------------------------------------------------------------


@pytest.mark.parametrize("name", OWN_FILES)
def test_file_is_written_in_teaching_order(name: str) -> None:
    """Within a file, whatever a topic requires is written before it."""
    order = {t: i for i, t in enumerate(_written(name))}
    late = [
        f"{topic} before {prereq}"
        for topic in order
        for prereq in nx.ancestors(GRAPH, topic)
        if prereq in order and order[prereq] > order[topic]
    ]
    assert not late


PROJECTS = [t for t in OWN_TOPICS if TOPICS[t].area == "projects"]

# The tabular file's units after the core, in teaching order; each ends in its project.
# Fraud comes last: the capstone that ends the goal reuses its batch scoring and drift report.
TABULAR_UNITS = [
    ["survival-analysis", "ab-testing-and-experiment-design", "uplift-modelling"],
    ["time-series-forecasting", "probabilistic-forecasting"],
    ["ranking-metrics", "recommender-systems"],
    ["anomaly-detection", "drift-detection"],
]
UNIT_PROJECTS = [
    "retention-campaign-project",
    "demand-forecasting-project",
    "recommender-project",
    "fraud-detection-project",
]
TABULAR_CAPSTONE = "tabular-capstone-project"


def test_every_tabular_topic_is_practised_in_a_project() -> None:
    """Each topic of the tabular file (but the Kaggle practice itself) is used by one of
    the tabular goal's projects, so no unit ends in theory."""
    ids = set(_plan_ids("tabular", []))
    projects = [t for t in ids if TOPICS[t].area == "projects"]
    for topic_id in _written("04-tabular.yaml"):
        if TOPICS[topic_id].area in ("projects", "practice"):
            continue
        users = [p for p in projects if topic_id in nx.ancestors(GRAPH, p)]
        assert users, f"no tabular project practises {topic_id}"


@pytest.mark.parametrize("prefer", PREFERENCES, ids=["default", "tensorflow"])
def test_tabular_units_each_end_in_their_project(prefer: list[str]) -> None:
    """The tabular plan reads as a syllabus: Kaggle's Titanic as the first project right
    after gradient boosting, the churn core, then each unit's topics in a row followed
    straight away by its project, and the capstone, right after the last unit's project,
    ends the plan."""
    ids = _plan_ids("tabular", prefer)
    assert ids[-1] == TABULAR_CAPSTONE
    assert ids[-2] == UNIT_PROJECTS[-1]
    assert ids.index("kaggle-competitions") == ids.index("gradient-boosting") + 1
    assert ids.index("kaggle-competitions") < ids.index("churn-prediction-project")
    previous = ids.index("churn-prediction-project")
    for unit, project in zip(TABULAR_UNITS, UNIT_PROJECTS, strict=True):
        at = [ids.index(t) for t in unit]
        assert at == sorted(at) and at[0] > previous, unit
        assert at == list(range(at[0], at[0] + len(unit))), f"{unit} is not taught in a row"
        assert ids.index(project) == at[-1] + 1, project
        assert set(unit) <= nx.ancestors(GRAPH, project), project
        previous = ids.index(project)


@pytest.mark.parametrize("goal", ["tabular", "production"])
@pytest.mark.parametrize("prefer", PREFERENCES, ids=["default", "tensorflow"])
def test_projects_come_right_after_what_they_need(goal: str, prefer: list[str]) -> None:
    ids = _plan_ids(goal, prefer)
    for project in PROJECTS:
        if project not in ids:
            continue
        position = ids.index(project)
        needs = [p for p in nx.ancestors(GRAPH, project) if p in ids]
        last = max(ids.index(p) for p in needs)
        assert position - last <= 3, (
            f"{goal} {prefer}: {project} comes {position - last} after {ids[last]}"
        )


def test_capstone_ends_the_core_of_production() -> None:
    """Drift detection and experiment tracking come before the capstone in both plans."""
    for prefer in PREFERENCES:
        ids = _plan_ids("production", prefer)
        capstone = ids.index("model-deployment-project")
        for needed in [
            "drift-detection",
            "experiment-tracking",
            "automated-retraining",
            "ci-cd-for-ml",
        ]:
            assert ids.index(needed) < capstone, (prefer, needed)


DEEP_LEARNING_BASICS = ["deep-learning-overview", "neural-networks", "backpropagation"]
SCALE_UP = ["onnx-export", "tensorflow-serving", "distributed-training"]


@pytest.mark.parametrize("prefer", PREFERENCES, ids=["default", "tensorflow"])
def test_production_meets_deep_learning_right_before_it_uses_it(prefer: list[str]) -> None:
    """The churn model's production core (up to the model card) comes first; neural
    networks come after it, at most 60 hours before the first scaling-up topic that
    deploys or trains one (optimisers and learning-rate schedules included, which
    distributed training needs), and the capstone comes after all of them."""
    steps = make_plan(CURRICULUM, goals=["production"], prefer=prefer).steps
    ids = [s.id for s in steps]
    core_end = ids.index("responsible-model-release")
    capstone = ids.index("model-deployment-project")
    first_use = min(ids.index(t) for t in SCALE_UP if t in ids)
    for topic in DEEP_LEARNING_BASICS:
        assert core_end < ids.index(topic) < first_use < capstone, (prefer, topic)
    between = sum(s.hours for s in steps[ids.index("deep-learning-overview") : first_use])
    assert between <= 60, (prefer, between)


@pytest.mark.parametrize("goal", ["tabular", "production"])
def test_plans_hand_out_only_their_framework(goal: str) -> None:
    """The plan itself leaves out resources for the framework the learner did not take."""
    for prefer, other in [([], "tensorflow-keras"), (["tensorflow-keras"], "pytorch")]:
        steps = make_plan(CURRICULUM, goals=[goal], prefer=prefer).steps
        handed = [(s.id, r.title) for s in steps for r in s.resources if r.framework == other]
        assert not handed, (prefer, handed)
        assert all(s.resources for s in steps), prefer
