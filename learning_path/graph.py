"""Curriculum -> networkx graph, with reference and cycle checks.

An edge ``u -> v`` means "u is a prerequisite of v". Plain prerequisites have
``group=None``; members of an ``any_of`` group carry the group's index in the
topic's prerequisite list, so alternatives are told apart from requirements.
"""

from __future__ import annotations

from collections.abc import Collection

import networkx as nx

from .errors import CurriculumError, Diagnostic
from .loader import did_you_mean
from .model import AnyOf, Curriculum


def build_graph(curriculum: Curriculum, *, broken: Collection[str] = ()) -> nx.DiGraph[str]:
    """The prerequisite graph of ``curriculum``; raises if a reference dangles or a cycle exists.

    The graph is built once per curriculum object and cached on it. ``broken``
    names topics that exist but failed to load (already reported): references to
    them are not reported again, so a partly loaded curriculum can still be checked.
    """
    if curriculum._graph is not None:
        return curriculum._graph  # type: ignore[no-any-return]
    diagnostics: list[Diagnostic] = []
    topics = curriculum.topics
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(topics)

    def missing(ident: str, key: tuple[str, ...], fix: str) -> None:
        if ident in broken:
            return
        if ("removed", ident) in curriculum._locations:
            why = f", which is removed at {curriculum.locate('removed', ident)}; {fix} too"
        else:
            why = did_you_mean(ident, [*topics, *broken])
        diagnostics.append(Diagnostic(curriculum.locate(*key), f"unknown topic '{ident}'{why}"))

    for topic_id, topic in topics.items():
        for index, item in enumerate(topic.prerequisites):
            key = ("prereq", topic_id, str(index))
            members = item.any_of if isinstance(item, AnyOf) else [item]
            group = index if isinstance(item, AnyOf) else None
            for member in members:
                if member not in topics:
                    missing(member, key, f"patch '{topic_id}'")
                elif member == topic_id:
                    diagnostics.append(
                        Diagnostic(curriculum.locate(*key), f"topic '{topic_id}' requires itself")
                    )
                elif not graph.has_edge(member, topic_id):
                    graph.add_edge(member, topic_id, group=group, key=key)
    for goal_id, goal in curriculum.goals.items():
        for index, target in enumerate(goal.targets):
            if target not in topics:
                missing(target, ("target", goal_id, str(index)), f"redefine goal '{goal_id}'")
    diagnostics.extend(_cycles(curriculum, graph))
    if diagnostics:
        raise CurriculumError(diagnostics)
    curriculum._graph = graph
    return graph


def _cycles(curriculum: Curriculum, graph: nx.DiGraph[str]) -> list[Diagnostic]:
    """One diagnostic per edge of one cycle in each strongly connected component."""
    found: list[Diagnostic] = []
    if nx.is_directed_acyclic_graph(graph):
        return found
    components = [c for c in nx.strongly_connected_components(graph) if len(c) > 1]
    for component in sorted(components, key=min):
        sub = graph.subgraph(component)
        start = min(component)
        # Edges point prerequisite -> topic; walk them backwards so the text reads
        # "a -> b" as "a requires b".
        edges = nx.find_cycle(sub.reverse(copy=False), source=start)
        chain = [edges[0][0]] + [v for _, v in edges]
        text = " -> ".join(chain)
        for topic_id, prereq in ((u, v) for u, v, *_ in edges):
            key = graph.edges[prereq, topic_id]["key"]
            found.append(
                Diagnostic(
                    curriculum.locate(*key),
                    f"prerequisite cycle {text}: '{topic_id}' requires '{prereq}' here",
                )
            )
    return found
