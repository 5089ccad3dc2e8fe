"""The two YAML readers agree: streaming libyaml's events (what every good file goes
through) builds the same data and records the same positions as the node reader
(what a file with any problem goes through, for its messages), and never reads a
file the node reader would have said anything about."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learning_path.errors import Location
from learning_path.resources import data_path
from learning_path.yamlread import ParsedFile, read_file

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
from generate import generate

FIXTURES = Path(__file__).parent / "fixtures"


def both(path: Path) -> tuple[ParsedFile | None, ParsedFile | None, list[str]]:
    """The events reader's result, the node reader's, and the node reader's messages."""
    said: list[str] = []

    def report(where: Location, message: str) -> None:
        said.append(f"{where}: {message}")

    fast = read_file(path, path.name, lambda where, message: None)
    slow = read_file(path, path.name, report, nodes=True)
    return fast, slow, said


def agree(path: Path) -> bool:
    """Whether the events reader read ``path`` itself; asserts it agrees if it did."""
    fast, slow, said = both(path)
    if fast is None or fast.root is not None:
        return False  # the events reader left it to the node reader
    assert not said, said
    assert slow is not None
    assert fast.data == slow.data
    assert fast.index.to_data() == slow.index.to_data()
    return True


CURRICULA = sorted(
    [*data_path("curriculum").glob("*.yaml"), *FIXTURES.glob("*/*.yaml")],
    key=lambda p: (p.parent.name, p.name),
)


@pytest.mark.parametrize("path", CURRICULA, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_shipped_file_streams_and_agrees(path: Path) -> None:
    assert agree(path)


def test_a_generated_curriculum_streams_and_agrees(tmp_path: Path) -> None:
    path = tmp_path / "generated.yaml"
    path.write_text(generate(300), encoding="utf-8")
    assert agree(path)


def test_anchors_and_aliases_below_the_located_parts_stream(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "version: 1\n"
        "topics:\n"
        "  a:\n"
        "    title: A\n"
        "    summary: &s Shared summary\n"
        "    hours: 2\n"
        "    resources:\n"
        "      - &book {title: Book, url: 'https://example.org', kind: book, free: true}\n"
        "  b:\n"
        "    title: B\n"
        "    summary: *s\n"
        "    hours: 3\n"
        "    resources:\n"
        "      - {title: Other, url: 'https://example.org/2', kind: book, extra: *book}\n"
    )
    assert agree(path)


@pytest.mark.parametrize(
    "text",
    [
        "version: 1\ntopics:\n  a: &t {title: A}\n  b: *t\n",  # an alias where positions are kept
        "version: 1\nname: a\nname: b\n",  # a repeated key
        "version: 1\nname: !!python/object:os.system x\n",  # a tag
        "version: 1\nhours: 0x10\n",  # a number YAML 1.1 and 1.2 read differently
        "version: 1\nname: *nowhere\n",  # an undefined alias
        "version: 1\n---\nversion: 1\n",  # two documents
        "version: 1\nname: [unclosed\n",  # a syntax error
        "",  # nothing
        "- a list\n",  # not a mapping
        "version: 1\n? [a, b]\n: c\n",  # a key that is not a string
    ],
)
def test_anything_irregular_goes_to_the_node_reader(tmp_path: Path, text: str) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(text)
    assert not agree(path)


def test_aliases_past_the_limits_go_to_the_node_reader(tmp_path: Path) -> None:
    """Depth and expansion are counted through aliases as the node reader counts them
    (it reads an alias's nodes again), so limits hold whichever reader reads."""
    path = tmp_path / "c.yaml"
    deep = "".join(f"{'  ' * (i + 1)}k{i}:\n" for i in range(40)) + "  " * 41 + "end: x\n"
    nest = "".join(f"{'  ' * i}n{i}:\n" for i in range(24))
    path.write_text(f"version: 1\nanchor: &deep\n{deep}{nest}{'  ' * 24}here: *deep\n")
    assert not agree(path)
    said = both(path)[2]
    assert len(said) == 1 and said[0].endswith(": nested more than 64 levels deep")
    # Two levels less fits both (at one less, the node reader reads text that the events
    # reader, one level stricter, leaves to it).
    nest = "".join(f"{'  ' * i}n{i}:\n" for i in range(22))
    path.write_text(f"version: 1\nanchor: &deep\n{deep}{nest}{'  ' * 22}here: *deep\n")
    assert agree(path)
    # An anchor that holds an alias is as deep as what the alias holds.
    nest = "".join(f"{'  ' * i}n{i}:\n" for i in range(24))
    outer = "outer: &outer\n  inner: *deep\n"
    path.write_text(f"version: 1\nanchor: &deep\n{deep}{outer}{nest}{'  ' * 24}here: *outer\n")
    assert not agree(path)
    assert both(path)[2][0].endswith(": nested more than 64 levels deep")
    laughs = ["version: 1", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    laughs += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]
    path.write_text("\n".join(laughs) + "\n")
    assert not agree(path)
    assert both(path)[2][0].endswith("anchors and aliases may only repeat small parts")


# --- any small document --------------------------------------------------------------

REGULAR = [
    "plain text",
    "'quoted'",
    '"double"',
    "1",
    "-2",
    "+3",
    "1.5",
    ".5",
    "1.0e-3",
    ".inf",
    "-.Inf",
    ".nan",
    "true",
    "False",
    "yes",
    "No",
    "on",
    "~",
    "null",
    "Null",
    "",
    "2025-01-06",
    "2025-01-06 10:00:00",
    "1e3",
    "<<",
    "!!str 5",
    "!!int 7",
    "!!float 2",
    "! text",
    "Yes we can",
    "Nothing",
]
IRREGULAR = ["=", "010", "0x1f", "0o7", "0b11", "1_000", "1:30", "!!binary aGk=", "!custom x"]
KEYS = ["version", "topics", "goals", "patch", "remove", "title", "hours", "a", "b", "0", "1"]


def now_and_then(draw: st.DrawFn, one_in: int) -> bool:
    """True about once in ``one_in`` draws (hypothesis favours the ends of a range)."""
    return draw(st.integers(0, one_in - 1)) == one_in // 2


@st.composite
def scalars(draw: st.DrawFn) -> str:
    """Mostly values both readers read, now and then one the node reader words."""
    return draw(st.sampled_from(IRREGULAR if now_and_then(draw, 40) else REGULAR))


@st.composite
def documents(
    draw: st.DrawFn,
    depth: int = 0,
    anchors: list[str] | None = None,
    count: list[int] | None = None,
) -> str:
    """A block mapping of keys (now and then one repeated) to scalars, lists, mappings,
    anchors and aliases (now and then to no anchor), as text indented for ``depth``."""
    anchors = [] if anchors is None else anchors
    count = [0] if count is None else count
    pad = "  " * depth
    lines: list[str] = []
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=4, unique=True))
    if now_and_then(draw, 40):
        keys.append(keys[0])
    for key in keys:
        shape = draw(st.integers(0, 5)) if depth < 4 else 0
        if shape == 0 and anchors and now_and_then(draw, 4):
            known = not now_and_then(draw, 12)
            lines.append(f"{pad}{key}: *{draw(st.sampled_from(anchors)) if known else 'nowhere'}")
            continue
        name = f"a{count[0]}"
        count[0] += 1
        anchor = f"&{name} " if now_and_then(draw, 5) else ""
        if shape == 0:
            lines.append(f"{pad}{key}: {anchor}{draw(scalars())}")
        elif shape == 1:
            items = draw(st.lists(st.sampled_from(REGULAR[:12]), max_size=3))
            lines.append(f"{pad}{key}: {anchor}[{', '.join(items)}]")
        elif shape == 2:
            lines.append(f"{pad}{key}: {anchor}".rstrip())
            for item in draw(st.lists(scalars(), min_size=1, max_size=3)):
                lines.append(f"{pad}  - {item}")
        else:
            lines.append(f"{pad}{key}: {anchor}".rstrip())
            lines.append(draw(documents(depth + 1, anchors, count)))
        if anchor:
            anchors.append(name)
    return "\n".join(lines)


@pytest.mark.slow
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=documents())
def test_any_document_reads_the_same_either_way(tmp_path: Path, text: str) -> None:
    path = tmp_path / "doc.yaml"
    path.write_text(text + "\n", encoding="utf-8")
    agree(path)


def test_text_that_skips_the_resolver_is_text_to_pyyaml() -> None:
    """The shortcut past PyYAML's implicit resolvers never calls text what PyYAML would
    resolve to anything else: every short string over an alphabet of the resolvers'
    letters, digits and signs, the resolvers' own words and their neighbours."""
    import itertools
    import re

    import yaml
    from yaml.nodes import ScalarNode

    from learning_path.yamlread import may_not_be_text

    resolver = yaml.SafeLoader("")
    words = {
        word
        for found in yaml.SafeLoader.yaml_implicit_resolvers.values()
        for _, pattern in found
        for word in re.findall(r"[A-Za-z]+", pattern.pattern)
    }
    alphabet = "tTfFnNyYoOeslrua0.1-+:_ ~<=\n"
    samples = {"".join(p) for n in range(1, 4) for p in itertools.product(alphabet, repeat=n)}
    samples |= (
        words | {w + "\n" for w in words} | {w + "s" for w in words} | {w[:-1] for w in words}
    )
    samples |= {"t12345", "Topic 1 tensor", "null2", "Nothing", "offset", "yes-no"}
    for value in samples:
        tag = resolver.resolve(ScalarNode, value, (True, False))
        if not may_not_be_text(value):
            assert tag == "tag:yaml.org,2002:str", value
