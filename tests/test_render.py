"""Markdown escaping of curriculum text: nothing a mentor writes changes the plan's structure."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from learning_path import load_curriculum
from learning_path.planner import make_plan
from learning_path.render import _MD_CHANGED, _md, render
from tests.conftest import examples


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("# not a heading\n- not a list", "\\# not a heading - not a list"),
        ("1. first", "1\\. first"),
        ("2) second", "2\\) second"),
        ("--- not a rule", "\\--- not a rule"),
        ("+ plus", "\\+ plus"),
        ("~~~ not a fence", "\\~\\~\\~ not a fence"),
        ("from ~5 h to ~10 h, not ~~struck~~", "from \\~5 h to \\~10 h, not \\~\\~struck\\~\\~"),
        ("| not a table", "\\| not a table"),
        (
            "plain [link] *bold* _it_ `code` <b>",
            "plain \\[link\\] \\*bold\\* \\_it\\_ \\`code\\` \\<b\\>",
        ),
        ("1984 was a year", "1984 was a year"),
        ("10.5 hours", "10.5 hours"),
    ],
)
def test_md_escapes_inline_and_block_markup(text: str, escaped: str) -> None:
    assert _md(text) == escaped


def _md_every_time(text: str) -> str:
    """``_md`` without its fast path: what every text must come out as."""
    line = " ".join(str(text).split())
    line = re.sub(r"&(?=#?[A-Za-z0-9]+;)", r"\\&", re.sub(r"([\\`*_\[\]<>~])", r"\\\1", line))
    number = re.match(r"^(\d+)[.)](?:\s|$)", line)
    if number is not None:
        return line[: number.end(1)] + "\\" + line[number.end(1) :]
    return "\\" + line if line[:1] in "#+-=|~" and line else line


def test_md_fast_path_sees_every_whitespace_but_the_space() -> None:
    """The characters ``_md`` scans for include all whitespace ``str.split`` joins."""
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace() and c != 32]
    assert [s for s in spaces if _md(f"a{s}b") != "a b"] == []
    assert [s for s in spaces if _MD_CHANGED.search(s) is None] == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "lead space",
        " lead space",
        "trail space ",
        "two  spaces",
        "tab\there",
        "new\nline",
        "nbsp\xa0here",
        "line\u2028sep",
        "AT&T &amp; co",
        "\u0663. Arabic-Indic three",
        "\u00b2 squared",
        "7",
        "7.",
        "#hash",
        "a\\b",
        "Topic 12 vector matrix gradient",
    ],
)
def test_md_fast_path_changes_nothing(text: str) -> None:
    assert _md(text) == _md_every_time(text)


@given(st.text(alphabet=st.sampled_from(list("ab 1.)#-+=|~&;*_[]<>`\\\t\n\xa0\u2003"))))
@settings(max_examples=examples(400))
def test_md_fast_path_is_the_same_escaping(text: str) -> None:
    assert _md(text) == _md_every_time(text)


TRICKY = "1. *Bold* [link] <b> _it_ `code` & &amp; \\ # end"
"""A title with every kind of Markdown markup _md escapes, and a list number first."""


def test_a_tricky_title_is_escaped_everywhere_the_markdown_plan_shows_it(tmp_path: Path) -> None:
    """The plan's title (a target), the step, every Needs line, the "Keep going" line
    of a week the step fills, and a resource and a project named the same: escaped
    alike each time, never written raw."""
    resource = {"title": TRICKY, "url": "https://example.com/a", "kind": "docs", "free": True}
    topics = {
        "tricky": {
            "title": TRICKY,
            "summary": TRICKY,
            "hours": 20,
            "area": TRICKY,
            "resources": [resource],
            "projects": [TRICKY],
        },
        "after": {"title": "After", "summary": "Next.", "hours": 1, "prerequisites": ["tricky"]},
        "last": {"title": "Last", "summary": "Then.", "hours": 1, "prerequisites": ["tricky"]},
    }
    path = tmp_path / "tricky.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "name": "T", "topics": topics}), "utf-8")
    curriculum = load_curriculum(path, cache=False)
    escaped = _md(TRICKY)
    assert escaped == "1\\. \\*Bold\\* \\[link\\] \\<b\\> \\_it\\_ \\`code\\` & \\&amp; \\\\ # end"
    paced = make_plan(curriculum, targets=["tricky", "after", "last"], hours_per_week=5)
    text = render(paced, "markdown")
    assert text.count(escaped) == 11  # each place below
    assert text.startswith(f"# Study plan: {escaped}, After, Last\n")
    assert f"**1. {escaped}** · 20 h · {escaped} · weeks 1\u20134 <!-- topic: tricky -->" in text
    assert f"\n  {escaped}\n" in text  # the summary
    assert text.count(f"*Keep going with step 1, {escaped}.*") == 3  # weeks 2-4
    assert f"  Practise: {escaped}\n" in text
    assert f"  - [{escaped}](https://example.com/a) · docs · free\n" in text
    assert text.count(f"  Needs: 1. {escaped}\n") == 2  # after, last
    assert TRICKY not in text
