"""Just-in-time ordering: prerequisites sit close to the topics that need them.

Measured as the mean distance in steps between a topic and each of its in-plan
prerequisites, compared with networkx's default topological sort of the same plan.
"""

from __future__ import annotations

import networkx as nx
import pytest

from learning_path import load_curriculum
from learning_path.planner import make_plan, mean_prerequisite_distance

BUNDLED = load_curriculum()


def _distances(goals: list[str], prefer: list[str] | None = None) -> tuple[float, float]:
    plan = make_plan(BUNDLED, goals=goals, prefer=prefer or [])
    ids = [s.id for s in plan.steps]
    needs = {s.id: [p for p in s.prerequisites if p in ids] for s in plan.steps}
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(ids)
    graph.add_edges_from((p, t) for t, ps in needs.items() for p in ps)
    baseline = list(nx.topological_sort(graph))
    return mean_prerequisite_distance(ids, needs), mean_prerequisite_distance(baseline, needs)


@pytest.mark.parametrize("goal", sorted(BUNDLED.goals))
def test_no_worse_than_networkx_topological_sort(goal: str) -> None:
    ours, baseline = _distances([goal])
    assert ours <= baseline, f"{goal}: ours {ours:.2f} > networkx {baseline:.2f}"


def test_all_goals_together_no_worse_than_networkx() -> None:
    ours, baseline = _distances(sorted(BUNDLED.goals))
    assert ours <= baseline


def test_metric_counts_distance_in_steps() -> None:
    order = ["a", "b", "c", "d"]
    needs = {"d": ["a", "c"], "c": ["b"], "b": [], "a": []}
    assert mean_prerequisite_distance(order, needs) == (3 + 1 + 1) / 3
