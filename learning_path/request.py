"""One learner's choices, merged once: the command line over what the progress file
remembers over the defaults (:func:`merge`), as one frozen :class:`PlanRequest` that
every command plans from, so ``plan``, ``next``, ``status`` and ``explain`` agree to
the topic and the hour."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from .model import SequenceRule

if TYPE_CHECKING:
    from .progress import Progress

MIN_HOURS_PER_WEEK = 0.5
"""The slowest pace a plan is laid out at."""
MAX_HOURS_PER_WEEK = 168.0
"""The fastest: every hour of the week."""
PACE_RANGE = f"a number of hours from {MIN_HOURS_PER_WEEK:g} to {MAX_HOURS_PER_WEEK:g}"
"""How every message names the paces taken (flags, questions, progress file, planner)."""

REMEMBERED = ("goals", "known", "prefer", "hours_per_week", "free_only")
"""The choices the progress file keeps (``done`` is kept too, but is no choice)."""


@dataclass(frozen=True)
class Choices:
    """What the command line says; empty or None means "not given"."""

    goals: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    known: tuple[str, ...] = ()
    prefer: tuple[str, ...] = ()
    hours_per_week: float | None = None
    start: date | None = None
    free_only: bool | None = None
    sequence: SequenceRule | None = None


@dataclass(frozen=True)
class PlanRequest:
    """Everything a plan depends on besides the curriculum."""

    goals: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    known: tuple[str, ...] = ()
    """Known before starting: the remembered ones plus any given."""
    prefer: tuple[str, ...] = ()
    done: tuple[str, ...] = ()
    hours_per_week: float | None = None
    start: date | None = None
    free_only: bool = False
    sequence: SequenceRule | None = None
    remembered: frozenset[str] = field(default_factory=frozenset)
    """The choices (names from :data:`REMEMBERED`) taken from the progress file because
    the command line did not give them; plans say so."""


def pace_problem(value: float, shown: str | None = None) -> str | None:
    """None if ``value`` is a pace the planner takes, else what is wrong with it
    (``shown``: the value as the user wrote it)."""
    if MIN_HOURS_PER_WEEK <= value <= MAX_HOURS_PER_WEEK:  # NaN fails too
        return None
    return f"{shown if shown is not None else format(value, 'g')} is not {PACE_RANGE}"


def next_monday(today: date) -> date:
    """The default start of a paced plan: ``today`` if it is a Monday, else the coming one."""
    return today + timedelta(days=-today.weekday() % 7)


def merge(given: Choices, remembered: Progress, *, today: date | None = None) -> PlanRequest:
    """The one merge rule: each choice from the command line if given, else from the
    progress file, else the default. Goals fall back to the remembered ones only when
    no --target is given either; --known adds to the remembered known topics. With
    ``today``, a paced plan starts on ``given.start`` or else the coming Monday."""
    used: set[str] = set()

    def pick(name: str, value: object, stored: object, empty: object) -> object:
        if value is not None and value != ():
            return value
        if stored not in (None, [], ()) and stored != empty:
            used.add(name)
        return stored

    goals = given.goals or (() if given.targets else _remembered(used, "goals", remembered.goals))
    prefer = given.prefer or _remembered(used, "prefer", remembered.prefer)
    pace = pick("hours_per_week", given.hours_per_week, remembered.hours_per_week, None)
    free_only = pick("free_only", given.free_only, remembered.free_only, False)
    known = tuple(dict.fromkeys([*remembered.known, *given.known]))
    if remembered.known and not given.known:
        used.add("known")
    start = given.start
    if start is None and pace is not None and today is not None:
        start = next_monday(today)
    return PlanRequest(
        goals=tuple(dict.fromkeys(goals)),
        targets=tuple(dict.fromkeys(given.targets)),
        known=known,
        prefer=tuple(dict.fromkeys(prefer)),
        done=tuple(remembered.done),
        hours_per_week=pace,  # type: ignore[arg-type]
        start=start,
        free_only=bool(free_only),
        sequence=given.sequence,
        remembered=frozenset(used),
    )


def _remembered(used: set[str], name: str, stored: Sequence[str]) -> tuple[str, ...]:
    if stored:
        used.add(name)
    return tuple(stored)
