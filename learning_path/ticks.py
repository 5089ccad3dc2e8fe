"""Ticks in a Markdown plan the tool wrote are progress: reading them back.

Each step of a Markdown plan ends with a hidden ``<!-- topic: ID -->`` comment, and the
plan ends with ``<!-- learning-path: done when written: ID ... -->``. A box ticked now
that was not done when the plan was written is a topic the learner finished; a box
unticked now that was done then is one they took back. Boxes nobody touched change
nothing, so a ``done`` given on the command line after the plan was written is never
undone by an old plan file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

MAX_BYTES = 16 * 1024 * 1024
"""A plan of 100,000 topics is a few tens of MB; anything larger is not read."""

_STEP = re.compile(r"^- \[([ xX])\] .*<!-- topic: ([a-z0-9]+(?:-[a-z0-9]+)*) -->\s*$", re.M)
_DONE = re.compile(r"^<!-- learning-path: done when written:([^>]*)-->\s*$", re.M)


@dataclass
class Ticks:
    """What the learner changed in a plan file since the tool wrote it."""

    ticked: list[str] = field(default_factory=list)
    """Boxes ticked that were not done when the plan was written."""
    unticked: list[str] = field(default_factory=list)
    """Boxes unticked that were done when the plan was written."""

    def __bool__(self) -> bool:
        return bool(self.ticked or self.unticked)


def read(text: str) -> Ticks | None:
    """The learner's changes in ``text``, or None when it is not a plan this tool wrote."""
    recorded = _DONE.search(text)
    if recorded is None:
        return None
    was_done = set(recorded.group(1).split())
    ticks = Ticks()
    for mark, topic_id in _STEP.findall(text):
        now = mark != " "
        if now and topic_id not in was_done:
            ticks.ticked.append(topic_id)
        elif not now and topic_id in was_done:
            ticks.unticked.append(topic_id)
    return ticks


def read_file(path: Path) -> Ticks | None:
    """:func:`read` on a regular file's text; None when there is no such file or it is
    not a plan this tool wrote (a device, a directory, too large, not UTF-8)."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return None
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return read(text)
