"""Study sessions: the learner's days, time and session length, and the remaining
topics laid over them.

The settings (``--days mon,wed,sat --at 19:00 --session 2h --tz Europe/Paris``) are
remembered in the progress file's ``sessions`` key. :func:`lay_out` is the one job
of this module: the plan's remaining hours, in plan order, cut into sessions on the
chosen days from a start date on, in parts of at most one session (a long topic
spans several sessions; a short part shares a session with the next when it fits).
The parts add up to exactly the remaining hours.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

if TYPE_CHECKING:
    from .planner import Plan

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Day names as ``--days`` takes them, Monday first (``date.weekday()`` order)."""
MIN_SESSION_MINUTES = 15
MAX_SESSION_MINUTES = 12 * 60
_DURATION = re.compile(r"^(?:(\d+(?:\.\d+)?)h)?(?:(\d+)m(?:in)?)?$")


@dataclass(frozen=True)
class Settings:
    """When the learner studies: the ``sessions`` key of the progress file."""

    days: tuple[str, ...]
    """Day names from :data:`DAYS`, in week order."""
    at: str
    """Start time, ``HH:MM`` (24-hour clock), in ``tz``."""
    session: float
    """Length of one session, in hours."""
    tz: str | None = None
    """IANA time zone name; None: the computer's zone when exporting."""
    calendar_id: str | None = None
    """A random id made once: with topic and session index, it makes each event's UID."""

    @property
    def hours_per_week(self) -> float:
        return len(self.days) * self.session


@dataclass
class Part:
    """Some hours of one topic within a session."""

    topic: str
    title: str
    hours: float
    index: int
    """This is the topic's ``index``-th session (1-based)."""
    of: int = 1
    """How many parts (sessions) the topic takes."""


@dataclass
class Session:
    """One study session: a day, and the topic parts it holds."""

    day: date
    hours: float
    parts: list[Part] = field(default_factory=list)


def parse_days(text: str) -> tuple[str, ...]:
    """``mon,wed,sat`` as day names in week order; ``ValueError`` saying what is wrong."""
    names = [word.strip().lower()[:3] for word in text.split(",") if word.strip()]
    wrong = [word for word in text.split(",") if word.strip() and not _is_day(word)]
    if wrong or not names:
        shown = f"'{wrong[0].strip()}' is not a day" if wrong else "no day given"
        raise ValueError(f"{shown}; give days like mon,wed,sat ({', '.join(DAYS)})")
    return tuple(d for d in DAYS if d in names)


def _is_day(word: str) -> bool:
    word = word.strip().lower()
    full = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    return word in DAYS or word in full


def parse_time(text: str) -> str:
    """``19:00`` (or ``7:30``) as ``HH:MM``; ``ValueError`` otherwise."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", text)
    if match and int(match[1]) < 24 and int(match[2]) < 60:
        return f"{int(match[1]):02d}:{match[2]}"
    raise ValueError(f"'{text}' is not a time like 19:00 (HH:MM, 24-hour clock)")


def parse_duration(text: str) -> float:
    """``2h``, ``90m``, ``1h30m``, ``1.5h`` or a plain number of hours, as hours;
    ``ValueError`` unless from 15 minutes to 12 hours."""
    value = text.strip().lower().replace(" ", "")
    hours: float | None = None
    with contextlib.suppress(ValueError):
        hours = float(value)
    match = _DURATION.match(value)
    if hours is None and match and value:
        hours = float(match[1] or 0) + int(match[2] or 0) / 60
    if hours is None or not MIN_SESSION_MINUTES <= round(hours * 60, 6) <= MAX_SESSION_MINUTES:
        raise ValueError(f"'{text}' is not a session length from 15m to 12h (e.g. 2h, 90m, 1h30m)")
    return hours


def format_duration(hours: float) -> str:
    """Hours as the shortest of ``2h``, ``45m``, ``1h30m`` (minutes rounded)."""
    minutes = round(hours * 60)
    whole, rest = divmod(minutes, 60)
    return (f"{whole}h" if whole else "") + (f"{rest}m" if rest else "") or "0m"


def check_zone(name: str) -> str:
    """``name`` if it is an IANA time zone (``Europe/Paris``); ``ValueError`` otherwise."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        from .text import did_you_mean

        raise ValueError(
            f"'{name}' is not a time zone{did_you_mean(name, sorted(available_timezones()))}; "
            "give an IANA name such as Europe/Paris or America/New_York"
        ) from None
    return name


def local_zone() -> str | None:
    """The computer's IANA zone name (from ``TZ`` or /etc/localtime), if it has one."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    for name in candidates:
        if name:
            with contextlib.suppress(ValueError):
                return check_zone(name)
    return None


def start_time(settings: Settings, day: date, zone: str | None) -> datetime:
    """When the session on ``day`` starts, in ``zone`` (a naive time when None)."""
    hour, minute = (int(x) for x in settings.at.split(":"))
    return datetime.combine(day, time(hour, minute), ZoneInfo(zone) if zone else None)


def lay_out(plan: Plan, settings: Settings, start: date) -> list[Session]:
    """The plan's topics not done, in order, laid over sessions from ``start`` on.

    Each topic is cut on its own into parts of one session's length and a shorter
    rest (a 5 h topic in 2 h sessions: 2 h, 2 h, 1 h), so its parts, and the
    calendar events made of them, stay the same whatever was done before it. Parts
    fill sessions in order; a part that does not fit in what is left of a session
    starts the next one."""
    wanted = {DAYS.index(d) for d in settings.days}
    length = settings.session
    sessions: list[Session] = []
    day = start
    current: Session | None = None
    for step in plan.steps:
        if step.done:
            continue
        whole, rest = divmod(round(step.hours, 6), length)
        sizes = [length] * int(whole) + ([round(rest, 6)] if rest > 1e-6 else [])
        for index, size in enumerate(sizes, start=1):
            if current is None or current.hours + size > length + 1e-6:
                while day.weekday() not in wanted:
                    day += timedelta(days=1)
                current = Session(day, 0.0)
                sessions.append(current)
                day += timedelta(days=1)
            current.parts.append(Part(step.id, step.title, size, index, len(sizes)))
            current.hours = round(current.hours + size, 6)
    return sessions


def settings_for(
    remembered: Settings | None,
    *,
    days: tuple[str, ...] | None,
    at: str | None,
    session: float | None,
    tz: str | None,
    new_id: str,
) -> Settings:
    """The command line's choices over the remembered ones; days, time and length
    must come from one or the other (:class:`InputError` naming what is missing)."""
    from .errors import InputError

    chosen = {
        "--days": days or (remembered.days if remembered else None),
        "--at": at or (remembered.at if remembered else None),
        "--session": session or (remembered.session if remembered else None),
    }
    missing = [name for name, value in chosen.items() if value is None]
    if missing:
        raise InputError(
            f"give {', '.join(missing)} (e.g. --days mon,wed,sat --at 19:00 --session 2h); "
            "they are remembered after the first time"
        )
    return Settings(
        days=chosen["--days"],  # type: ignore[arg-type]
        at=chosen["--at"],  # type: ignore[arg-type]
        session=chosen["--session"],  # type: ignore[arg-type]
        tz=tz or (remembered.tz if remembered else None),
        calendar_id=(remembered.calendar_id if remembered else None) or new_id,
    )
