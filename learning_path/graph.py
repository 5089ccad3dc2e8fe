"""Curriculum -> networkx graph, with reference and cycle checks.

An edge ``u -> v`` means "u is a prerequisite of v". Plain prerequisites have
``group=None``; members of an ``any_of`` group carry the group's index in the
topic's prerequisite list, so alternatives are told apart from requirements.
"""

from __future__ import annotations

from collections.abc import Collection

import networkx as nx

from .errors import CurriculumError, Diagnostic
from .model import AnyOf, Curriculum
from .text import did_you_mean


def build_graph(curriculum: Curriculum, *, broken: Collection[str] = ()) -> nx.DiGraph[str]:
    """The prerequisite graph of ``curriculum``; raises if a reference dangles or a cycle exists.

    The graph is built once per curriculum object and cached on it. ``broken``
    names topics that exist but failed to load (already reported): references to
    them are not reported again, so a partly loaded curriculum can still be checked.
    """
    built = curriculum.built_graph()
    if built is not None:
        return built  # type: ignore[no-any-return]
    diagnostics: list[Diagnostic] = []
    topics = curriculum.topics
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(topics)

    def missing(ident: str, key: tuple[str, ...], fix: str) -> None:
        if ident in broken:
            return
        if curriculum.has_location("removed", ident):
            why = f", which is removed at {curriculum.locate('removed', ident)}; {fix} too"
        else:
            why = did_you_mean(ident, [*topics, *broken, *curriculum.replaced()])
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
        for index, other in enumerate(topic.after):
            key = ("after", topic_id, str(index))
            if other not in topics:
                missing(other, key, f"patch '{topic_id}'")
            elif other == topic_id:
                diagnostics.append(
                    Diagnostic(curriculum.locate(*key), f"topic '{topic_id}' comes after itself")
                )
        for index, resource in enumerate(topic.resources):
            if resource.framework is not None and resource.framework not in topics:
                missing(
                    resource.framework, ("resource", topic_id, str(index)), f"patch '{topic_id}'"
                )
    for goal_id, goal in curriculum.goals.items():
        for index, target in enumerate(goal.targets):
            if target not in topics:
                missing(target, ("target", goal_id, str(index)), f"redefine goal '{goal_id}'")
    diagnostics.extend(_replaced(curriculum))
    cycles = _cycles(curriculum, graph)
    if not cycles and any(topic.after for topic in topics.values()):
        cycles = _cycles(curriculum, order_graph(curriculum, graph))
    diagnostics.extend(cycles)
    if diagnostics:
        raise CurriculumError(diagnostics)
    curriculum.keep_graph(graph)
    return graph


def order_graph(curriculum: Curriculum, graph: nx.DiGraph[str]) -> nx.DiGraph[str]:
    """The prerequisite graph plus the soft ``after`` edges (``u -> v``: u comes first)."""
    ordered = graph.copy()
    for topic_id, topic in curriculum.topics.items():
        for index, other in enumerate(topic.after):
            known = other in curriculum.topics and other != topic_id
            if known and not ordered.has_edge(other, topic_id):
                ordered.add_edge(other, topic_id, group=None, key=("after", topic_id, str(index)))
    return ordered


def _replaced(curriculum: Curriculum) -> list[Diagnostic]:
    """``replaces`` must name old ids: not a topic still defined, and claimed by more than
    one topic only as the parts of one split (written in one file)."""
    found: list[Diagnostic] = []
    claimed: dict[str, tuple[str, str]] = {}
    for topic_id, topic in curriculum.topics.items():
        for index, old in enumerate(topic.replaces):
            where = curriculum.locate("replaces", topic_id, str(index))
            if old in curriculum.topics:
                found.append(
                    Diagnostic(
                        where,
                        f"'{topic_id}' replaces '{old}', but '{old}' is still defined at "
                        f"{curriculum.locate('topic', old)}; remove one of them",
                    )
                )
                continue
            first = claimed.setdefault(old, (topic_id, where.path))
            if first[1] != where.path:
                found.append(
                    Diagnostic(
                        where,
                        f"'{old}' is already replaced by '{first[0]}' at "
                        f"{curriculum.locate('replaces', first[0], '0')}; the parts of a split "
                        "topic are written in one file",
                    )
                )
    return found


def _keys(graph: nx.DiGraph[str], edges: list[tuple[str, str]]) -> list[tuple[str, ...]]:
    """The location keys of ``edges`` (walked backwards: topic -> prerequisite)."""
    return [graph.edges[v, u]["key"] for u, v, *_ in edges]


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
        located = [(curriculum.locate(*graph.edges[v, u]["key"]), u, v) for u, v, *_ in edges]
        kind = "order" if any(k[0] == "after" for k in _keys(graph, edges)) else "prerequisite"
        # One hint, on the author's own edge when the cycle also runs through the bundled
        # curriculum (whose edges they cannot edit), else on the first edge.
        bundled = [w for w, *_ in located if w.path.startswith("default:")]
        own = [w for w, *_ in located if not w.path.startswith("default:")]
        hinted = own[0] if own else located[0][0]
        hint = "; remove one of the cycle's edges" + (
            " (this one is yours)" if own and bundled else ""
        )
        for where, topic_id, prereq in located:
            how = (
                "comes after" if graph.edges[prereq, topic_id]["key"][0] == "after" else "requires"
            )
            found.append(
                Diagnostic(
                    where,
                    f"{kind} cycle {text}: '{topic_id}' {how} '{prereq}' here"
                    + (hint if where == hinted else ""),
                )
            )
    return found
