"""Study sessions and reviews as an iCalendar file (RFC 5545), written with ``icalendar``.

One public job, :func:`export`. Every event has a stable UID: the learner's
calendar id (made once and kept in the progress file) with the topic and the
topic's session number (``<topic>-<n>.<id>@learning-path``; a review is
``review-<topic>-<n>...``), so importing a new export into the same calendar moves
the events instead of adding copies. When the file being replaced is an earlier
export, it is read first: an unchanged event keeps its DTSTAMP and SEQUENCE, a
changed one gets SEQUENCE + 1, and an event the new plan no longer has (a topic
marked done, a review taken) is written again as STATUS:CANCELLED with the same UID.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from .text import hours as _hours
from .text import plural

if TYPE_CHECKING:
    from icalendar import Event

    from .model import Curriculum
    from .planner import Plan
    from .progress import Progress
    from .review import Due
    from .sessions import Session, Settings

PRODID = "-//learning-path//study sessions//EN"
DOMAIN = "learning-path"
RESOURCES_SHOWN = 2


@dataclass(frozen=True)
class Export:
    """An exported calendar and what changed since the previous export."""

    text: str
    sessions: int
    """Study events: one per part of a topic in a session."""
    reviews: int
    changed: int
    """Events new or different from the previous export (all of them without one)."""
    cancelled: int
    """Events of the previous export the plan no longer has, now marked cancelled."""
    zone: str | None = None
    """The time zone of the events (None: floating local times)."""

    def summary(self) -> str:
        """One line: how many events, in which zone, and what changed."""
        where = f" ({self.zone})" if self.zone else " (floating local times)"
        return (
            f"{plural(self.sessions, 'study event')} and {plural(self.reviews, 'review')}"
            f"{where}: {self.changed} new or changed, {self.cancelled} cancelled"
        )


def export(
    curriculum: Curriculum,
    progress: Progress,
    goals: Sequence[str],
    settings: Settings,
    *,
    start: date,
    zone: str | None,
    now: datetime,
    previous: str | None = None,
) -> Export:
    """The learner's calendar: the plan's remaining topics laid over sessions from
    ``start`` on, and the next review of each done topic (see :func:`_calendar`)."""
    from .report import learner_plan
    from .review import schedule
    from .sessions import lay_out

    plan = learner_plan(curriculum, progress, goals)
    return _calendar(
        plan,
        lay_out(plan, settings, start),
        schedule(progress, curriculum),
        settings,
        start=start,
        zone=zone,
        calendar_id=settings.calendar_id or "learner",
        now=now,
        previous=previous,
        why=_reasons(curriculum, plan),
    )


def _calendar(
    plan: Plan,
    sessions: list[Session],
    reviews: list[Due],
    settings: Settings,
    *,
    start: date,
    zone: str | None,
    calendar_id: str,
    now: datetime,
    previous: str | None = None,
    why: dict[str, str] | None = None,
) -> Export:
    """The calendar of ``sessions`` (and one short event per upcoming review, on the
    first study day from its due day or ``start`` on, whichever is later), with
    times in ``zone`` (floating local times when None). ``previous``: the text of the
    export being replaced, if any; ``now``: the DTSTAMP of changed events (UTC);
    ``why``: topic -> why it is in the plan."""
    from icalendar import Calendar

    from .review import REVIEW_MINUTES
    from .sessions import DAYS, start_time

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Study plan: " + ", ".join(plan.goals or plan.targets))
    if zone:
        calendar.add("x-wr-timezone", zone)
    steps = {step.id: step for step in plan.steps}
    events: list[Event] = []
    for session in sessions:
        begin = start_time(settings, session.day, zone)
        for part in session.parts:
            end = begin + timedelta(hours=part.hours)
            step = steps[part.topic]
            title = part.title + (f" ({part.index}/{part.of})" if part.of > 1 else "")
            lines = _describe(step, part.hours, part.index, part.of, (why or {}).get(part.topic))
            events.append(
                _event(
                    f"{part.topic}-{part.index}.{calendar_id}@{DOMAIN}",
                    f"Study: {title}",
                    "\n".join(lines).rstrip("\n"),
                    begin,
                    end,
                )
            )
            begin = end
    wanted = {DAYS.index(d) for d in settings.days}
    stacked: dict[date, int] = {}
    for due in reviews:
        day = max(due.due, start)
        while day.weekday() not in wanted:
            day += timedelta(days=1)
        stacked[day] = stacked.get(day, 0) + 1
        back = timedelta(minutes=REVIEW_MINUTES * (stacked[day] - 1))
        end = start_time(settings, day, zone) - back
        events.append(
            _event(
                f"review-{due.topic}-{due.number}.{calendar_id}@{DOMAIN}",
                f"Review: {due.title}",
                f"Review {due.number} of {due.title} ({due.topic}), due {due.due.isoformat()}.\n"
                f"Recall what you learned, then run: learning-path review",
                end - timedelta(minutes=REVIEW_MINUTES),
                end,
            )
        )
    changed, cancelled = _merge(events, _previous_events(previous), now)
    for event in events:
        calendar.add_component(event)
    if zone:
        calendar.add_missing_timezones()
    text = calendar.to_ical().decode("utf-8")
    parts = sum(len(session.parts) for session in sessions)
    return Export(text, parts, len(reviews), changed, cancelled, zone)


def _reasons(curriculum: Curriculum, plan: Plan) -> dict[str, str]:
    """Topic -> why it is in the plan: its chain of topics to a goal, as ``explain``
    shows it (``a -> b -> target (goal)``)."""
    from .explain import chain

    result = {}
    for step in plan.steps:
        if step.done:
            continue
        for goal_id in plan.goals:
            path = chain(plan, step.id, curriculum.goals[goal_id].targets)
            if path is not None:
                result[step.id] = f"{' -> '.join(path)} ({goal_id})"
                break
        else:
            path = chain(plan, step.id, plan.targets)
            if path is not None:
                result[step.id] = " -> ".join(path)
    return result


def _describe(step: Any, hours: float, index: int, of: int, why: str | None) -> list[str]:
    head = f"{step.title} ({step.id}): {_hours(hours)} h"
    if of > 1:
        head += f", session {index} of {of} ({_hours(step.hours)} h in all)"
    lines = [head, " ".join(step.summary.split())]
    for resource in step.resources[:RESOURCES_SHOWN]:
        lines.append(f"- {resource.title}: {resource.url}")
    if why:
        lines.append(f"Why: {why}")
    return [*lines, ""]


def _event(uid: str, summary: str, description: str, begin: datetime, end: datetime) -> Event:
    from icalendar import Event

    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("description", description)
    event.add("dtstart", begin)
    event.add("dtend", end)
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def _key(event: Event) -> tuple[str, ...]:
    """What a learner sees of an event: a change here is a change to publish."""
    return tuple(
        str(event.decoded(name)) if name in event else ""
        for name in ("summary", "description", "dtstart", "dtend", "status")
    )


def _previous_events(text: str | None) -> dict[str, Event]:
    if not text:
        return {}
    from icalendar import Calendar, Event

    try:
        old = Calendar.from_ical(text)
    except ValueError:
        return {}
    return {
        str(event["uid"]): event
        for event in old.walk("VEVENT")
        if isinstance(event, Event) and str(event.get("uid", "")).endswith(f"@{DOMAIN}")
    }


def _merge(events: list[Event], old: dict[str, Event], now: datetime) -> tuple[int, int]:
    """Give ``events`` their DTSTAMP and SEQUENCE from ``old``; append cancelled copies
    of the old events that are gone. Returns (changed, newly cancelled)."""
    changed = 0
    fresh = {str(event["uid"]) for event in events}
    for event in events:
        before = old.get(str(event["uid"]))
        if before is not None and _key(before) == _key(event):
            event.add("dtstamp", before.decoded("dtstamp"))
            event.add("sequence", int(before.get("sequence", 0)))
            continue
        changed += 1
        event.add("dtstamp", now)
        event.add("sequence", int(before.get("sequence", 0)) + 1 if before is not None else 0)
    cancelled = 0
    for uid, before in old.items():
        if uid in fresh:
            continue
        if str(before.get("status", "")).upper() != "CANCELLED":
            cancelled += 1
            before = _cancelled(before, now)
        events.append(before)
    return changed, cancelled


def _cancelled(before: Event, now: datetime) -> Event:
    gone = _event(
        str(before["uid"]),
        str(before.get("summary", "")),
        str(before.get("description", "")),
        before.decoded("dtstart"),
        before.decoded("dtend"),
    )
    gone["status"] = "CANCELLED"
    gone.add("dtstamp", now)
    gone.add("sequence", int(before.get("sequence", 0)) + 1)
    return gone
