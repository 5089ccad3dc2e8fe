"""Curriculum analytics (``learning-path stats``): which topics hold the most up,
and how long each goal takes at the least.

Per topic, on the prerequisite graph (every edge, ``any_of`` members included:
each member can hold its dependents up):

- ``dependents`` (blocking factor): topics that require it, transitively;
- ``chain`` (delay factor): topics on the longest prerequisite chain through it,
  itself included;
- ``complexity`` = ``dependents`` x ``chain``: a topic many others wait for,
  deep in a long chain, is the one whose delay or mistake costs the most; a
  topic nothing depends on scores 0.

With goals given, topics are measured on those goals' plan graph instead (the
planner's selection, ``any_of`` groups resolved), so the numbers describe what
a newcomer to those goals actually studies.

Per goal, on its plan from scratch (no known topics, no preferences): topics,
hours, the longest chain in topics, and the critical-path hours, the most hours
along one chain: the least calendar time even with unlimited hours a week.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx

from .graph import build_graph
from .model import AnyOf, Curriculum
from .planner import Plan, make_plan
from .text import hours as _hours
from .text import table


@dataclass
class TopicStats:
    """How much one topic holds up."""

    id: str
    title: str
    hours: float
    dependents: int
    chain: int
    complexity: int


@dataclass
class GoalStats:
    """What one goal takes from scratch."""

    id: str
    title: str
    topics: int
    hours: float
    chain: int
    critical_hours: float


@dataclass
class Stats:
    """Everything ``learning-path stats`` reports."""

    curriculum: str
    scope: list[str]
    """The goals whose plan the topics were measured on; empty for the whole graph."""
    totals: dict[str, Any]
    topics: list[TopicStats]
    """Most complex first (then more dependents, then by id)."""
    goals: list[GoalStats]
    top: int = 15
    """How many topics the text table lists (0: all; JSON lists all)."""

    def text(self) -> str:
        """The tables ``learning-path stats`` prints."""
        return format_text(self, self.top)

    def to_dict(self) -> dict[str, Any]:
        """JSON data of these statistics."""
        return {
            "curriculum": self.curriculum,
            "scope": list(self.scope),
            "totals": dict(self.totals),
            "topics": [asdict(t) for t in self.topics],
            "goals": [asdict(g) for g in self.goals],
        }


def curriculum_stats(curriculum: Curriculum, goals: Iterable[str] = (), top: int = 15) -> Stats:
    """Statistics of ``curriculum``; with ``goals``, topics are measured on their plan.
    The text lists the ``top`` topics (0: all)."""
    graph = build_graph(curriculum)
    scope = list(dict.fromkeys(goals))
    if scope:
        graph = _plan_graph(make_plan(curriculum, goals=scope))
    topics = _topic_stats(curriculum, graph)
    goal_ids = scope or list(curriculum.goals)
    return Stats(
        curriculum=curriculum.name or "Curriculum",
        scope=scope,
        totals=_totals(curriculum),
        topics=topics,
        goals=[_goal_stats(curriculum, goal_id) for goal_id in goal_ids],
        top=top,
    )


def _plan_graph(plan: Plan) -> nx.DiGraph[str]:
    """A plan's steps with their resolved prerequisites, as a graph."""
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(step.id for step in plan.steps)
    graph.add_edges_from(
        (prereq, step.id) for step in plan.steps for prereq in step.prerequisites if prereq in graph
    )
    return graph


def _topic_stats(curriculum: Curriculum, graph: nx.DiGraph[str]) -> list[TopicStats]:
    order = list(nx.topological_sort(graph))
    bit = {topic_id: 1 << i for i, topic_id in enumerate(order)}
    below: dict[str, int] = {}  # topics that require it, as a bitset
    height: dict[str, int] = {}  # longest chain starting at it, going to dependents
    for topic_id in reversed(order):
        requiring = 0
        longest = 0
        for dependent in graph.successors(topic_id):
            requiring |= below[dependent] | bit[dependent]
            longest = max(longest, height[dependent])
        below[topic_id] = requiring
        height[topic_id] = longest + 1
    depth: dict[str, int] = {}  # longest chain ending at it
    for topic_id in order:
        depth[topic_id] = 1 + max((depth[p] for p in graph.predecessors(topic_id)), default=0)
    rows = []
    for topic_id in order:
        topic = curriculum.topics[topic_id]
        dependents = below[topic_id].bit_count()
        chain = depth[topic_id] + height[topic_id] - 1
        rows.append(
            TopicStats(topic_id, topic.title, topic.hours, dependents, chain, dependents * chain)
        )
    rows.sort(key=lambda r: (-r.complexity, -r.dependents, r.id))
    return rows


def _goal_stats(curriculum: Curriculum, goal_id: str) -> GoalStats:
    plan = make_plan(curriculum, goals=[goal_id])
    # Steps come after their prerequisites, so one pass finds the longest chains.
    chain: dict[str, int] = {}
    finish: dict[str, float] = {}
    for step in plan.steps:
        before = [p for p in step.prerequisites if p in chain]
        chain[step.id] = 1 + max((chain[p] for p in before), default=0)
        finish[step.id] = step.hours + max((finish[p] for p in before), default=0.0)
    return GoalStats(
        id=goal_id,
        title=curriculum.goals[goal_id].title,
        topics=len(plan.steps),
        hours=plan.total_hours,
        chain=max(chain.values(), default=0),
        critical_hours=round(max(finish.values(), default=0.0), 2),
    )


def _totals(curriculum: Curriculum) -> dict[str, Any]:
    graph = build_graph(curriculum)
    topics = curriculum.topics.values()
    resources = [r for t in topics for r in t.resources]
    return {
        "topics": len(curriculum.topics),
        "goals": len(curriculum.goals),
        "prerequisites": sum(len(t.prerequisites) for t in topics),
        "any_of_groups": sum(isinstance(p, AnyOf) for t in topics for p in t.prerequisites),
        "hours": round(sum(t.hours for t in topics), 2),
        "resources": len(resources),
        "free_resources": sum(r.free for r in resources),
        "longest_chain": nx.dag_longest_path_length(graph) + 1 if graph else 0,
    }


def format_text(stats: Stats, top: int) -> str:
    """Aligned tables: the ``top`` most complex topics (all for 0), then the goals."""
    t = stats.totals
    lines = [
        f"{stats.curriculum}: {t['topics']} topics, {t['goals']} goals, "
        f"{_hours(t['hours'])} hours, longest chain {t['longest_chain']} topics",
        f"{t['prerequisites']} prerequisites ({t['any_of_groups']} any_of groups), "
        f"{t['resources']} resources ({t['free_resources']} free)",
        "",
    ]
    shown = stats.topics[:top] if top else stats.topics
    where = f" in the plan for {', '.join(stats.scope)}" if stats.scope else ""
    lines.append(f"Topics by complexity{where} ({len(shown)} of {len(stats.topics)}):")
    lines += table(
        ["TOPIC", "HOURS", "DEPENDENTS", "CHAIN", "COMPLEXITY"],
        [
            [r.id, _hours(r.hours), str(r.dependents), str(r.chain), str(r.complexity)]
            for r in shown
        ],
    )
    lines += ["", "Goals, from scratch:"]
    lines += table(
        ["GOAL", "TOPICS", "HOURS", "CHAIN", "CRITICAL HOURS"],
        [
            [g.id, str(g.topics), _hours(g.hours), str(g.chain), _hours(g.critical_hours)]
            for g in stats.goals
        ],
    )
    return "\n".join(lines) + "\n"
