"""Small text helpers shared by every report: hours, plurals, did-you-mean."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable


def hours(value: float | int | None) -> str:
    """8.0 -> '8', 2.5 -> '2.5'."""
    if value is None:
        return ""
    return f"{value:g}" if value == round(value, 2) else f"{value:.2f}"


def plural(count: int, word: str) -> str:
    """``1 topic``, ``2 topics``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


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
