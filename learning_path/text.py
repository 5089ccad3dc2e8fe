"""Small text helpers shared by every report: hours, plurals, wrapping, tables,
did-you-mean."""

from __future__ import annotations

import difflib
import re
import textwrap
import unicodedata
from collections.abc import Iterable, Sequence

TEXT_WIDTH = 88
"""Summaries are wrapped to this width: the same output on every terminal."""


def hours(value: float | int | None) -> str:
    """8.0 -> '8', 2.5 -> '2.5'."""
    if value is None:
        return ""
    return f"{value:g}" if value == round(value, 2) else f"{value:.2f}"


def plural(count: int, word: str) -> str:
    """``1 topic``, ``2 topics``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def wrap(text: str, indent: str = "") -> list[str]:
    """``text`` as lines of at most :data:`TEXT_WIDTH` characters, each starting ``indent``."""
    return textwrap.wrap(
        " ".join(text.split()),
        TEXT_WIDTH,
        initial_indent=indent,
        subsequent_indent=indent,
        break_on_hyphens=False,
        break_long_words=False,
    )


def table(
    header: Sequence[str], rows: Sequence[Sequence[str]], align: str | None = None
) -> list[str]:
    """Columns two spaces apart, as wide as their widest cell; ``align`` has an ``l``
    or ``r`` per column (default: the first left, the others right)."""
    align = align or "l" + "r" * (len(header) - 1)
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return [
        "  ".join(
            f"{cell:<{width}}" if side == "l" else f"{cell:>{width}}"
            for cell, width, side in zip(row, widths, align, strict=True)
        ).rstrip()
        for row in [header, *rows]
    ]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the nearest choice, or an empty string. Case,
    accents and spaces are folded first (``Über Topic`` finds ``uber-topic``)."""
    options = list(choices)
    folded = _fold(word)
    exact = [c for c in options if _fold(c) == folded]
    close = exact or difflib.get_close_matches(folded, options, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _fold(word: str) -> str:
    """``word`` lowercased, without accents, spaces and underscores as hyphens."""
    plain = unicodedata.normalize("NFKD", word)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return re.sub(r"[\s_]+", "-", plain.strip())
