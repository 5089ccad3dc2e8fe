"""Markdown escaping of curriculum text: nothing a mentor writes changes the plan's structure."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learning_path.render import _MD_CHANGED, _md
from tests.conftest import examples


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("# not a heading\n- not a list", "\\# not a heading - not a list"),
        ("1. first", "1\\. first"),
        ("2) second", "2\\) second"),
        ("--- not a rule", "\\--- not a rule"),
        ("+ plus", "\\+ plus"),
        ("~~~ not a fence", "\\~~~ not a fence"),
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
    line = re.sub(r"&(?=#?[A-Za-z0-9]+;)", r"\\&", re.sub(r"([\\`*_\[\]<>])", r"\\\1", line))
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
