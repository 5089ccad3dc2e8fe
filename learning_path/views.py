"""Curriculum (+ a plan) -> the prerequisite graph as Mermaid or Graphviz DOT text.

Without a plan the view is the whole curriculum; with one, it is the plan's
steps plus the known topics they rest on: the topics the steps require that
the learner already knows, and, through those, everything a known topic
requires (an ``any_of`` group of a known topic only through a member that is
known itself, since knowing the topic tells which member is known no more
than the planner assumes). Nodes are labelled by title and grouped by area;
known topics are styled as known; an edge from an ``any_of`` group is dashed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .model import AnyOf, Curriculum
from .planner import Plan, known_closure

FORMATS = ("mermaid", "dot")
"""The graph text formats :func:`graph_text` writes."""

_KNOWN_FILL = "#eeeeee"
_KNOWN_TEXT = "#666666"
_KNOWN_LINE = "#999999"
_MERMAID_PLAIN = re.compile(r"[\w .,:!?'/+\-()]")


@dataclass(frozen=True)
class _Node:
    id: str
    title: str
    area: str | None
    known: bool


@dataclass(frozen=True)
class _Edge:
    prerequisite: str
    topic: str
    any_of: bool


def draw(
    curriculum: Curriculum,
    fmt: str,
    goals: Sequence[str] = (),
    targets: Sequence[str] = (),
    known: Sequence[str] = (),
    prefer: Sequence[str] = (),
) -> str:
    """What ``learning-path graph`` draws: with ``goals`` or ``targets``, their plan's
    graph; else the whole curriculum, ``known`` topics styled as known. Old ids are
    said once on stderr and mapped."""
    from .learner import note_renamed
    from .planner import check_topic_ids, make_plan
    from .request import PlanRequest

    note_renamed(curriculum, [*targets, *known, *prefer])
    if goals or targets:
        request = PlanRequest(
            goals=tuple(goals), targets=tuple(targets), known=tuple(known), prefer=tuple(prefer)
        )
        return graph_text(curriculum, fmt, plan=make_plan(curriculum, request))
    return graph_text(curriculum, fmt, known=check_topic_ids(curriculum, known))


def graph_text(
    curriculum: Curriculum,
    fmt: str,
    *,
    plan: Plan | None = None,
    known: Iterable[str] = (),
) -> str:
    """The graph as ``fmt`` text (see :data:`FORMATS`): the whole curriculum with the
    ``known`` topics (and what they require) styled as known, or ``plan``'s subgraph."""
    if plan is None:
        nodes, edges = _curriculum_view(curriculum, known_closure(curriculum, known))
    else:
        nodes, edges = _plan_view(curriculum, plan)
    if fmt == "mermaid":
        return _mermaid(nodes, edges)
    if fmt == "dot":
        return _dot(nodes, edges)
    raise ValueError(f"unknown graph format {fmt!r}")


def _edges_of(curriculum: Curriculum, topic_id: str, chosen: list[str] | None) -> list[_Edge]:
    """``topic_id``'s incoming edges: every member of each group, or ``chosen`` ones
    (a plan step's resolved prerequisites, index for index)."""
    edges: list[_Edge] = []
    for index, item in enumerate(curriculum.topics[topic_id].prerequisites):
        if isinstance(item, AnyOf):
            members = item.any_of if chosen is None else [chosen[index]]
            edges.extend(_Edge(m, topic_id, True) for m in members)
        else:
            edges.append(_Edge(item, topic_id, False))
    return edges


def _curriculum_view(curriculum: Curriculum, known: set[str]) -> tuple[list[_Node], list[_Edge]]:
    nodes = [
        _Node(t, topic.title, topic.area, t in known) for t, topic in curriculum.topics.items()
    ]
    edges = [e for t in curriculum.topics for e in _edges_of(curriculum, t, None)]
    return nodes, _unique(edges)


def _plan_view(curriculum: Curriculum, plan: Plan) -> tuple[list[_Node], list[_Edge]]:
    steps = {step.id: step for step in plan.steps}
    known = known_closure(curriculum, plan.known)
    incoming: dict[str, list[_Edge]] = {}
    stack = list(plan.targets)
    while stack:
        topic_id = stack.pop()
        if topic_id in incoming:
            continue
        step = steps.get(topic_id)
        if step is not None:
            incoming[topic_id] = _edges_of(curriculum, topic_id, step.prerequisites)
        else:  # known: its plain prerequisites, and group members known themselves
            incoming[topic_id] = [
                e
                for e in _edges_of(curriculum, topic_id, None)
                if not e.any_of or e.prerequisite in known
            ]
        stack.extend(e.prerequisite for e in incoming[topic_id])
    shown = [t for t in curriculum.topics if t in incoming]
    nodes = [
        _Node(t, curriculum.topics[t].title, curriculum.topics[t].area, t not in steps)
        for t in shown
    ]
    return nodes, _unique([e for t in shown for e in incoming[t]])


def _unique(edges: list[_Edge]) -> list[_Edge]:
    """Each (prerequisite, topic) pair once, in first-seen order and style."""
    seen: dict[tuple[str, str], _Edge] = {}
    for edge in edges:
        seen.setdefault((edge.prerequisite, edge.topic), edge)
    return list(seen.values())


def _areas(nodes: list[_Node]) -> list[tuple[str | None, list[_Node]]]:
    """Nodes grouped by area, areas in order of first appearance; no area is None."""
    groups: dict[str | None, list[_Node]] = {}
    for node in nodes:
        groups.setdefault(node.area, []).append(node)
    return list(groups.items())


def _mermaid_id(topic_id: str) -> str:
    """A Mermaid-safe node id: topic ids are lowercase words joined by '-', so this is
    one-to-one, and the prefix keeps ids such as ``end`` or ``o-...`` from being syntax."""
    return "t_" + topic_id.replace("-", "_")


def _mermaid_text(text: str) -> str:
    """A label for inside ``"..."``: anything but plain characters as ``#code;``."""
    return "".join(
        c if _MERMAID_PLAIN.fullmatch(c) else f"#{ord(c)};" for c in " ".join(text.split())
    )


def _mermaid(nodes: list[_Node], edges: list[_Edge]) -> str:
    lines = ["flowchart LR"]
    for number, (area, members) in enumerate(_areas(nodes), start=1):
        indent = "  "
        if area is not None:
            lines.append(f'  subgraph area_{number} ["{_mermaid_text(area)}"]')
            indent = "    "
        for node in members:
            lines.append(f'{indent}{_mermaid_id(node.id)}["{_mermaid_text(node.title)}"]')
        if area is not None:
            lines.append("  end")
    for edge in edges:
        arrow = "-.->" if edge.any_of else "-->"
        lines.append(f"  {_mermaid_id(edge.prerequisite)} {arrow} {_mermaid_id(edge.topic)}")
    known = [_mermaid_id(n.id) for n in nodes if n.known]
    if known:
        lines.append(
            f"  classDef known fill:{_KNOWN_FILL},stroke:{_KNOWN_LINE},color:{_KNOWN_TEXT},"
            "stroke-dasharray:4 3"
        )
        lines.append(f"  class {','.join(known)} known")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    """A DOT double-quoted string (backslashes doubled so none starts an escape)."""
    return '"' + " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dot(nodes: list[_Node], edges: list[_Edge]) -> str:
    lines = [
        "digraph learning_path {",
        '  graph [rankdir=LR, fontname="Helvetica,Arial,sans-serif"];',
        '  node [shape=box, style=rounded, fontname="Helvetica,Arial,sans-serif"];',
        '  edge [color="#555555"];',
    ]
    for number, (area, members) in enumerate(_areas(nodes), start=1):
        indent = "  "
        if area is not None:
            lines.append(f"  subgraph cluster_{number} {{")
            lines.append(f'    graph [label={_dot_text(area)}, style=rounded, color="#bbbbbb"];')
            indent = "    "
        for node in members:
            style = (
                f', style="rounded,filled,dashed", fillcolor="{_KNOWN_FILL}", '
                f'fontcolor="{_KNOWN_TEXT}", color="{_KNOWN_LINE}"'
                if node.known
                else ""
            )
            lines.append(f"{indent}{_dot_text(node.id)} [label={_dot_text(node.title)}{style}];")
        if area is not None:
            lines.append("  }")
    for edge in edges:
        style = " [style=dashed]" if edge.any_of else ""
        lines.append(f"  {_dot_text(edge.prerequisite)} -> {_dot_text(edge.topic)}{style};")
    lines.append("}")
    return "\n".join(lines) + "\n"
