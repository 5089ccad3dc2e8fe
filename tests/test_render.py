"""Markdown escaping of curriculum text: nothing a mentor writes changes the plan's structure."""

from __future__ import annotations

import pytest

from learning_path.render import _md


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
