"""build_graph: dangling references, self-requirements and cycles, each located;
the graph of a valid curriculum (edge u -> v: u is a prerequisite of v)."""

from __future__ import annotations

import itertools
import re
import textwrap
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learning_path import load_curriculum
from learning_path.errors import CurriculumError, Location
from learning_path.graph import build_graph
from learning_path.loader import load
from learning_path.model import AnyOf, Curriculum, Topic
from tests.conftest import examples

CYCLE = re.compile(
    r"prerequisite cycle ((?:[a-z0-9-]+ -> )+[a-z0-9-]+): '([a-z0-9-]+)' "
    r"requires '([a-z0-9-]+)' here"
)


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def curriculum_from(yaml_text: str) -> Curriculum:
    Path("c.yaml").write_text(textwrap.dedent(yaml_text).lstrip("\n"), encoding="utf-8")
    return load("c.yaml")


def graph_errors(curriculum: Curriculum) -> list[str]:
    with pytest.raises(CurriculumError) as info:
        build_graph(curriculum)
    return [str(d) for d in info.value.diagnostics]


def requires(curriculum: Curriculum, topic: str, prereq: str) -> bool:
    """Whether ``topic`` lists ``prereq`` directly, plainly or in an any_of group."""
    for item in curriculum.topics[topic].prerequisites:
        if item == prereq or (isinstance(item, AnyOf) and prereq in item.any_of):
            return True
    return False


def check_cycle_messages(curriculum: Curriculum, messages: list[str]) -> None:
    """Each message names a real cycle, and its edge is an edge of that cycle."""
    for message in messages:
        match = CYCLE.search(message)
        assert match, message
        chain = match.group(1).split(" -> ")
        assert chain[0] == chain[-1] and len(set(chain)) == len(chain) - 1, chain
        pairs = list(itertools.pairwise(chain))
        for topic, prereq in pairs:
            assert requires(curriculum, topic, prereq), (topic, prereq)
        assert (match.group(2), match.group(3)) in pairs


# --- dangling references ---------------------------------------------------------------------


def test_dangling_prerequisite_with_suggestion(cwd: Path) -> None:
    curriculum = curriculum_from(
        """
        version: 1
        topics:
          linear-algebra: {title: T, summary: S, hours: 1}
          pca:
            title: T
            summary: S
            hours: 1
            prerequisites: [linear-algebr, calculus]
        """
    )
    assert graph_errors(curriculum) == [
        "c.yaml:8:21: unknown topic 'linear-algebr' (did you mean 'linear-algebra'?)",
        "c.yaml:8:36: unknown topic 'calculus'",
    ]


def test_dangling_target_with_suggestion(cwd: Path) -> None:
    curriculum = curriculum_from(
        """
        version: 1
        goals:
          g:
            title: G
            targets:
              - numpy
              - pytorh
        topics:
          numpy: {title: T, summary: S, hours: 1}
          pytorch: {title: T, summary: S, hours: 1}
        """
    )
    assert graph_errors(curriculum) == [
        "c.yaml:7:9: unknown topic 'pytorh' (did you mean 'pytorch'?)"
    ]


def test_dangling_any_of_member(cwd: Path) -> None:
    curriculum = curriculum_from(
        """
        version: 1
        topics:
          numpy: {title: T, summary: S, hours: 1}
          nn:
            title: T
            summary: S
            hours: 1
            prerequisites:
              - any_of: [numpy, tensorflo]
        """
    )
    # Located at the group (the edge's place in the file).
    assert graph_errors(curriculum) == ["c.yaml:9:9: unknown topic 'tensorflo'"]


def test_every_dangling_reference_is_reported(cwd: Path) -> None:
    curriculum = curriculum_from(
        """
        version: 1
        goals:
          g: {title: G, targets: [b, nope]}
        topics:
          a: {title: T, summary: S, hours: 1, prerequisites: [missing-one]}
          b: {title: T, summary: S, hours: 1, prerequisites: [a, {any_of: [a, missing-two]}]}
        """
    )
    assert graph_errors(curriculum) == [
        "c.yaml:3:30: unknown topic 'nope'",
        "c.yaml:5:55: unknown topic 'missing-one'",
        "c.yaml:6:58: unknown topic 'missing-two'",
    ]


def test_load_curriculum_checks_the_graph(cwd: Path) -> None:
    Path("c.yaml").write_text(
        "version: 1\ntopics:\n  a: {title: T, summary: S, hours: 1, prerequisites: [b]}\n"
    )
    with pytest.raises(CurriculumError) as info:
        load_curriculum("c.yaml")
    assert [str(d) for d in info.value.diagnostics] == ["c.yaml:3:55: unknown topic 'b'"]


# --- self-requirements and cycles ---------------------------------------------------------------


def test_topic_requiring_itself(cwd: Path) -> None:
    curriculum = curriculum_from(
        """
        version: 1
        topics:
          b: {title: T, summary: S, hours: 1}
          a:
            title: T
            summary: S
            hours: 1
            prerequisites: [b, a]
          c:
            title: T
            summary: S
            hours: 1
            prerequisites: [{any_of: [b, c]}]
        """
    )
    assert graph_errors(curriculum) == [
        "c.yaml:8:24: topic 'a' requires itself",
        "c.yaml:13:21: topic 'c' requires itself",
    ]


THREE_CYCLE = """
version: 1
topics:
  a:
    title: T
    summary: S
    hours: 1
    prerequisites: [b]
  b:
    title: T
    summary: S
    hours: 1
    prerequisites: [c]
  c:
    title: T
    summary: S
    hours: 1
    prerequisites: [x, a]
  x: {title: T, summary: S, hours: 1}
"""


def test_three_cycle_one_diagnostic_per_edge(cwd: Path) -> None:
    curriculum = curriculum_from(THREE_CYCLE)
    messages = graph_errors(curriculum)
    assert messages == [
        "c.yaml:7:21: prerequisite cycle a -> b -> c -> a: 'a' requires 'b' here"
        "; remove one of the cycle's edges",
        "c.yaml:12:21: prerequisite cycle a -> b -> c -> a: 'b' requires 'c' here",
        "c.yaml:17:24: prerequisite cycle a -> b -> c -> a: 'c' requires 'a' here",
    ]
    check_cycle_messages(curriculum, messages)


def test_cycle_through_an_any_of_member(cwd: Path) -> None:
    curriculum = curriculum_from(
        """
        version: 1
        topics:
          x: {title: T, summary: S, hours: 1}
          p:
            title: T
            summary: S
            hours: 1
            prerequisites:
              - any_of: [x, q]
          q:
            title: T
            summary: S
            hours: 1
            prerequisites: [p]
        """
    )
    messages = graph_errors(curriculum)
    assert messages == [
        "c.yaml:9:9: prerequisite cycle p -> q -> p: 'p' requires 'q' here"
        "; remove one of the cycle's edges",
        "c.yaml:14:21: prerequisite cycle p -> q -> p: 'q' requires 'p' here",
    ]
    check_cycle_messages(curriculum, messages)


def test_two_independent_cycles_are_both_reported(cwd: Path) -> None:
    curriculum = curriculum_from(
        """
        version: 1
        topics:
          m: {title: T, summary: S, hours: 1, prerequisites: [n]}
          n: {title: T, summary: S, hours: 1, prerequisites: [m]}
          fine: {title: T, summary: S, hours: 1, prerequisites: [m]}
          d: {title: T, summary: S, hours: 1, prerequisites: [e]}
          e: {title: T, summary: S, hours: 1, prerequisites: [f]}
          f: {title: T, summary: S, hours: 1, prerequisites: [d]}
        """
    )
    messages = graph_errors(curriculum)
    assert messages == [
        "c.yaml:3:55: prerequisite cycle m -> n -> m: 'm' requires 'n' here"
        "; remove one of the cycle's edges",
        "c.yaml:4:55: prerequisite cycle m -> n -> m: 'n' requires 'm' here",
        "c.yaml:6:55: prerequisite cycle d -> e -> f -> d: 'd' requires 'e' here"
        "; remove one of the cycle's edges",
        "c.yaml:7:55: prerequisite cycle d -> e -> f -> d: 'e' requires 'f' here",
        "c.yaml:8:55: prerequisite cycle d -> e -> f -> d: 'f' requires 'd' here",
    ]
    check_cycle_messages(curriculum, messages)


def test_cycle_across_files_points_into_each_file(cwd: Path) -> None:
    Path("cur").mkdir()
    Path("cur/1.yaml").write_text(
        "version: 1\ntopics:\n  a: {title: T, summary: S, hours: 1, prerequisites: [b]}\n"
    )
    Path("cur/2.yaml").write_text(
        "version: 1\ntopics:\n\n  b: {title: T, summary: S, hours: 1, prerequisites: [a]}\n"
    )
    assert graph_errors(load("cur")) == [
        "cur/1.yaml:3:55: prerequisite cycle a -> b -> a: 'a' requires 'b' here"
        "; remove one of the cycle's edges",
        "cur/2.yaml:4:55: prerequisite cycle a -> b -> a: 'b' requires 'a' here",
    ]


def test_constructed_curriculum_without_locations() -> None:
    topic = Topic(title="T", summary="S", hours=1, prerequisites=["ghost"])
    with pytest.raises(CurriculumError) as info:
        build_graph(Curriculum(topics={"a": topic}))
    [diagnostic] = info.value.diagnostics
    assert diagnostic.location == Location("<curriculum>")
    assert diagnostic.message == "unknown topic 'ghost'"


# --- the graph of a valid curriculum ------------------------------------------------------------


def test_valid_graph_edges_and_groups(cwd: Path) -> None:
    curriculum = curriculum_from(
        """
        version: 1
        topics:
          python: {title: T, summary: S, hours: 1}
          numpy: {title: T, summary: S, hours: 1, prerequisites: [python]}
          matlab: {title: T, summary: S, hours: 1}
          alone: {title: T, summary: S, hours: 1}
          linalg:
            title: T
            summary: S
            hours: 1
            prerequisites:
              - python
              - any_of: [numpy, matlab]
        """
    )
    graph = build_graph(curriculum)
    assert set(graph.nodes) == {"python", "numpy", "matlab", "alone", "linalg"}
    edges = {(u, v): data["group"] for u, v, data in graph.edges(data=True)}
    assert edges == {
        ("python", "numpy"): None,
        ("python", "linalg"): None,
        ("numpy", "linalg"): 1,
        ("matlab", "linalg"): 1,
    }
    assert nx.is_directed_acyclic_graph(graph)
    assert build_graph(curriculum) is graph  # built once, cached on the curriculum


def test_small_fixture_graph() -> None:
    graph = build_graph(load_curriculum(Path(__file__).parent / "fixtures" / "small"))
    assert graph.edges["pytorch", "neural-networks"]["group"] == 1
    assert graph.edges["linear-algebra", "neural-networks"]["group"] is None
    assert graph.edges["numpy", "pytorch"]["group"] is None


# --- any prerequisite graph: rejected exactly when it has a cycle -------------------------------


@st.composite
def random_curricula(draw: st.DrawFn) -> Curriculum:
    ids = [f"t{i}" for i in range(draw(st.integers(2, 7)))]
    topics = {}
    for ident in ids:
        others = [i for i in ids if i != ident]
        items: list[str | AnyOf] = []
        for _ in range(draw(st.integers(0, 2))):
            if len(others) < 2 or draw(st.booleans()):
                items.append(draw(st.sampled_from(others)))
            else:
                members = draw(
                    st.lists(st.sampled_from(others), min_size=2, max_size=3, unique=True)
                )
                items.append(AnyOf(any_of=members))
        topics[ident] = Topic(title="T", summary="S", hours=1, prerequisites=items)
    return Curriculum(topics=topics)


@settings(max_examples=examples(80), deadline=None, database=None)
@given(random_curricula())
def test_rejected_exactly_when_cyclic_and_cycles_are_real(curriculum: Curriculum) -> None:
    reference = nx.DiGraph()
    reference.add_nodes_from(curriculum.topics)
    for ident, topic in curriculum.topics.items():
        for item in topic.prerequisites:
            for member in item.any_of if isinstance(item, AnyOf) else [item]:
                reference.add_edge(member, ident)
    if nx.is_directed_acyclic_graph(reference):
        graph = build_graph(curriculum)
        assert set(graph.edges) == set(reference.edges)
        return
    with pytest.raises(CurriculumError) as info:
        build_graph(curriculum)
    messages = [d.message for d in info.value.diagnostics]
    check_cycle_messages(curriculum, messages)
    # At least one cycle per strongly connected component with a cycle in it.
    cyclic = [c for c in nx.strongly_connected_components(reference) if len(c) > 1]
    reported = [set(CYCLE.search(m).group(1).split(" -> ")) for m in messages]  # type: ignore[union-attr]
    for component in cyclic:
        assert any(nodes <= component for nodes in reported), component
