"""``learning-path graph`` and ``plan --with-graph``: Mermaid and DOT text on the fixture
curriculum (golden files), escaping, and a real Graphviz render of the DOT."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from learning_path import load_curriculum
from learning_path.planner import make_plan
from learning_path.views import graph_text
from tests.conftest import CLI, system_program


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("graph-small.mmd", ()),
        ("graph-small.dot", ("--format", "dot")),
        ("graph-small-known.mmd", ("--known", "numpy")),
        ("graph-deploy.mmd", ("--goal", "deploy", "--known", "numpy", "--prefer", "tensorflow")),
        ("graph-deploy.dot", ("--goal", "deploy", "--known", "numpy", "--format", "dot")),
    ],
)
def test_graph_matches_golden(  # type: ignore[no-untyped-def]
    cli: CLI, small: Path, golden, name: str, args: tuple[str, ...]
) -> None:
    code, out, err = cli("graph", "--curriculum", str(small), *args)
    assert (code, err) == (0, "")
    golden(name, out)


def test_whole_curriculum_mermaid_exactly(cli: CLI, small: Path) -> None:
    """One full output spelled out here, so the format itself is reviewed in this file."""
    code, out, _ = cli("graph", "--curriculum", str(small), "--known", "numpy")
    assert code == 0
    assert out == (
        "flowchart LR\n"
        '  subgraph area_1 ["foundations"]\n'
        '    t_python["Python basics"]\n'
        '    t_numpy["NumPy"]\n'
        "  end\n"
        '  subgraph area_2 ["math"]\n'
        '    t_linear_algebra["Linear algebra"]\n'
        "  end\n"
        '  subgraph area_3 ["frameworks"]\n'
        '    t_pytorch["PyTorch"]\n'
        '    t_tensorflow["TensorFlow"]\n'
        "  end\n"
        '  subgraph area_4 ["deep-learning"]\n'
        '    t_neural_networks["Neural networks"]\n'
        "  end\n"
        '  subgraph area_5 ["projects"]\n'
        '    t_text_classifier["Project: text classifier #60;v1#62;"]\n'
        "  end\n"
        '  subgraph area_6 ["production"]\n'
        '    t_torchserve["TorchServe"]\n'
        '    t_tf_serving["TensorFlow Serving"]\n'
        '    t_serving["Serving models"]\n'
        "  end\n"
        "  t_python --> t_numpy\n"
        "  t_numpy --> t_pytorch\n"
        "  t_numpy --> t_tensorflow\n"
        "  t_linear_algebra --> t_neural_networks\n"
        "  t_pytorch -.-> t_neural_networks\n"
        "  t_tensorflow -.-> t_neural_networks\n"
        "  t_neural_networks --> t_text_classifier\n"
        "  t_pytorch --> t_torchserve\n"
        "  t_tensorflow --> t_tf_serving\n"
        "  t_neural_networks --> t_serving\n"
        "  t_torchserve -.-> t_serving\n"
        "  t_tf_serving -.-> t_serving\n"
        "  classDef known fill:#eeeeee,stroke:#999999,color:#666666,stroke-dasharray:4 3\n"
        "  class t_python,t_numpy known\n"
    )


def nodes_and_edges(text: str) -> tuple[dict[str, bool], set[tuple[str, str, bool]]]:
    """Parse our own DOT back: node id -> known?, and (prerequisite, topic, dashed) edges."""
    nodes = {
        m.group(1): "filled" in m.group(2)
        for m in re.finditer(r'^\s+"([a-z0-9-]+)" \[label=(.*)\];$', text, re.M)
    }
    edges = {
        (m.group(1), m.group(2), bool(m.group(3)))
        for m in re.finditer(
            r'^  "([a-z0-9-]+)" -> "([a-z0-9-]+)"( \[style=dashed\])?;$', text, re.M
        )
    }
    return nodes, edges


def test_plan_subgraph_shows_known_topics_the_plan_rests_on(small: Path) -> None:
    curriculum = load_curriculum(small)
    plan = make_plan(curriculum, goals=["classify"], known=["tensorflow"])
    nodes, edges = nodes_and_edges(graph_text(curriculum, "dot", plan=plan))
    # TensorFlow (known) satisfies the group; what it requires is known too; PyTorch,
    # the other member, is not drawn; nothing outside the goal is drawn.
    assert nodes == {
        "python": True,
        "numpy": True,
        "linear-algebra": False,
        "tensorflow": True,
        "neural-networks": False,
        "text-classifier": False,
    }
    assert edges == {
        ("python", "numpy", False),
        ("numpy", "tensorflow", False),
        ("linear-algebra", "neural-networks", False),
        ("tensorflow", "neural-networks", True),
        ("neural-networks", "text-classifier", False),
    }
    assert [s.id for s in plan.steps] == [n for n, known in nodes.items() if not known]


def test_plan_subgraph_without_known_is_the_plan(small: Path) -> None:
    curriculum = load_curriculum(small)
    plan = make_plan(curriculum, goals=["deploy"])
    nodes, edges = nodes_and_edges(graph_text(curriculum, "dot", plan=plan))
    assert set(nodes) == {s.id for s in plan.steps} and not any(nodes.values())
    assert edges == {
        (p, s.id, (p, s.id) in {("pytorch", "neural-networks"), ("torchserve", "serving")})
        for s in plan.steps
        for p in s.prerequisites
    }


def test_labels_are_escaped(small: Path, tmp_path: Path) -> None:
    """Quotes, backslashes, '#', '<' and friends in titles and areas cannot break out."""
    (tmp_path / "c.yaml").write_text(
        "version: 1\ntopics:\n"
        "  end:\n"
        "    title: 'Say \"hi\" \\ <b>#1</b> & `code` [x] {y} |z|; ok'\n"
        "    summary: s\n    hours: 1\n"
        "    area: 'a \"b\" c'\n"
        '  o-x:\n    title: "Ünï 日本 it\'s (fine)"\n    summary: s\n    hours: 1\n'
        "    prerequisites: [end]\n",
        encoding="utf-8",
    )
    curriculum = load_curriculum(tmp_path)
    assert graph_text(curriculum, "mermaid") == (
        "flowchart LR\n"
        '  subgraph area_1 ["a #34;b#34; c"]\n'
        '    t_end["Say #34;hi#34; #92; #60;b#62;#35;1#60;/b#62; #38; #96;code#96; #91;x#93; '
        '#123;y#125; #124;z#124;#59; ok"]\n'
        "  end\n"
        '  t_o_x["Ünï 日本 it\'s (fine)"]\n'
        "  t_end --> t_o_x\n"
    )
    assert graph_text(curriculum, "dot").splitlines()[4:10] == [
        "  subgraph cluster_1 {",
        '    graph [label="a \\"b\\" c", style=rounded, color="#bbbbbb"];',
        '    "end" [label="Say \\"hi\\" \\\\ <b>#1</b> & `code` [x] {y} |z|; ok"];',
        "  }",
        '  "o-x" [label="Ünï 日本 it\'s (fine)"];',
        '  "end" -> "o-x";',
    ]


def test_dot_renders_with_graphviz(small: Path, tmp_path: Path) -> None:
    """Graphviz parses the DOT and draws every node, cluster and edge with its label.
    The test needs the ``dot`` binary: without it, it skips, unless
    LEARNING_PATH_REQUIRE_SYSTEM_TOOLS is set (as .ci/run does), when it fails."""
    dot = system_program("dot", "graphviz")
    curriculum = load_curriculum(small)
    for text in (
        graph_text(curriculum, "dot", known=["numpy"]),
        graph_text(
            curriculum, "dot", plan=make_plan(curriculum, goals=["deploy"], known=["numpy"])
        ),
    ):
        done = subprocess.run(
            [dot, "-Tsvg"], input=text, capture_output=True, text=True, timeout=60, check=False
        )
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
        svg = done.stdout
        nodes, edges = nodes_and_edges(text)
        assert svg.count('class="node"') == len(nodes)
        assert svg.count('class="edge"') == len(edges)
        assert svg.count('class="cluster"') == len(re.findall(r"subgraph cluster_", text))
        assert svg.count('stroke-dasharray="5,2"') >= sum(dashed for *_, dashed in edges)
        if "text-classifier" in nodes:
            assert ">Project: text classifier &lt;v1&gt;</text>" in svg
    (tmp_path / "graph.svg").write_text(svg, encoding="utf-8")


def test_graph_usage_errors(cli: CLI, small: Path) -> None:
    code, _, err = cli("graph", "--curriculum", str(small), "--prefer", "tensorflow", expect=2)
    assert code == 2
    assert "--prefer needs a --goal or --target" in err
    code, _, err = cli("graph", "--curriculum", str(small), "--known", "numpi", expect=2)
    assert code == 2
    assert err.startswith("error: unknown topic 'numpi' (did you mean 'numpy'?)")
    code, _, err = cli("graph", "--curriculum", str(small), "--goal", "deplo", expect=2)
    assert code == 2
    assert err.startswith("error: unknown goal 'deplo' (did you mean 'deploy'?)")
    code, _, err = cli("graph", "--curriculum", str(small), "--format", "svg", expect=2)
    assert code == 2


def test_graph_writes_file(cli: CLI, small: Path, tmp_path: Path) -> None:
    target = tmp_path / "g.dot"
    code, out, err = cli("graph", "--curriculum", str(small), "--format", "dot", "-o", str(target))
    assert (code, out, err) == (0, "", f"wrote {target}\n")
    assert target.read_text(encoding="utf-8").startswith("digraph learning_path {\n")


def test_plan_with_graph_matches_golden(cli: CLI, small: Path, golden) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli(
        "plan",
        "--curriculum",
        str(small),
        "--goal",
        "classify",
        "--known",
        "numpy",
        "--with-graph",
    )
    assert code == 0
    golden("classify-graph.md", out)
    fence = out.index("```mermaid\n")
    assert (
        out[fence:].split("```\n", 1)[0]
        == "```mermaid\n"
        + cli("graph", "--curriculum", str(small), "--goal", "classify", "--known", "numpy")[1]
    )


def test_with_graph_only_for_markdown_or_a_template(cli: CLI, small: Path) -> None:
    for fmt in ("json", "html"):
        code, _, err = cli(
            "plan",
            "--curriculum",
            str(small),
            "--goal",
            "classify",
            "--with-graph",
            "--format",
            fmt,
            expect=2,
        )
        assert code == 2
        assert "--with-graph goes with Markdown output or a --template FILE" in err
