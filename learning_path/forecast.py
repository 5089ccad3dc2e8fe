"""Honest finish dates: the learner's real pace against the plan's estimates.

- :func:`forecast`: when the remaining topics will be done at the pace the learner
  actually keeps. The estimate ratio (real hours logged with ``done --hours`` over
  those topics' estimates) times the remaining estimated hours, over the hours per
  week actually studied in the last weeks (see :data:`WINDOW_DAYS`).
- :func:`pace_for`: the hours per week a finish-by date needs (``plan --by``).
- :func:`finish_by`, :func:`reachable_note`: ``plan --by``, with or without a pace
  (:func:`reachable`: the last topic a dated plan finishes by a day).
- :func:`activity`: the last weeks' study days, as a heatmap in plain characters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from .text import hours as _hours
from .text import plural

if TYPE_CHECKING:
    from .model import Curriculum
    from .planner import Plan, Step
    from .progress import Progress
    from .request import PlanRequest

WINDOW_DAYS = 112
"""The real pace is measured over the topics finished in the last sixteen weeks (long
enough that finishing on whole days does not skew a forecast years ahead)."""
MIN_POINTS = 6
"""...and over at least the last six days a topic was finished, when the window has fewer."""
MIN_SPAN_DAYS = 7
"""A pace is measured over at least a week: from the first day a topic was finished
to the last, in the points used."""
MAX_NEEDED_HOURS_PER_WEEK = 60.0
"""More than this a week is more than a person can keep up: ``plan --by`` refuses."""
HEATMAP_WEEKS = 12
LEVELS = ((0.0, "."), (2.0, "-"), (4.0, "+"), (math.inf, "#"))
"""Heatmap characters by hours studied that day: none, up to 2, up to 4, more."""
REVIEW_HOURS = 0.25


@dataclass(frozen=True)
class Forecast:
    """A finish date from the real pace, and how it compares with the plan's."""

    ratio: float
    """Real hours over estimated hours, on the topics with hours logged (1 without)."""
    logged_topics: int
    pace: float
    """Hours per week actually studied (in estimate-scaled real hours)."""
    planned_pace: float | None
    remaining_hours: float
    """Estimated hours left, as the plan counts them."""
    since: date
    until: date
    """The pace is measured on the days topics were finished between these two."""
    finish: date
    planned_finish: date | None
    """The remaining hours at the planned pace from today."""

    @property
    def days_behind(self) -> int | None:
        """Days the forecast lies after the planned finish (negative: ahead)."""
        if self.planned_finish is None:
            return None
        return (self.finish - self.planned_finish).days

    def to_dict(self) -> dict[str, Any]:
        return {
            "estimate_ratio": round(self.ratio, 3),
            "topics_with_hours": self.logged_topics,
            "hours_per_week_studied": round(self.pace, 2),
            "hours_per_week_planned": self.planned_pace,
            "measured_from": self.since.isoformat(),
            "measured_to": self.until.isoformat(),
            "finish": self.finish.isoformat(),
            "planned_finish": self.planned_finish.isoformat() if self.planned_finish else None,
            "days_behind": self.days_behind,
        }

    def lines(self) -> list[str]:
        lines = []
        if self.logged_topics:
            lines.append(
                f"Real time: {self.ratio:.2f}x the estimates on "
                f"{plural(self.logged_topics, 'topic')} with hours logged."
            )
        lines.append(
            f"Pace: {_hours(round(self.pace, 1))} h/week studied from {self.since.isoformat()} "
            f"to {self.until.isoformat()}"
            + (f" (planned {_hours(self.planned_pace)} h/week)." if self.planned_pace else ".")
        )
        verdict = ""
        behind = self.days_behind
        if behind is not None:
            days = plural(abs(behind), "day")
            verdict = (
                "; on plan"
                if behind == 0
                else f"; {days} {'behind' if behind > 0 else 'ahead of'} the plan"
                + (f" ({self.planned_finish.isoformat()})" if self.planned_finish else "")
            )
        lines.append(f"Forecast: done on {self.finish.isoformat()}{verdict}.")
        return lines


def _spent(progress: Progress, curriculum: Curriculum, ratio: float) -> dict[str, float]:
    """Hours each done topic took: as logged, else its estimate times ``ratio``."""
    return {
        t: progress.hours.get(t, curriculum.topics[t].hours * ratio)
        for t in progress.done
        if t in curriculum.topics
    }


def estimate_ratio(progress: Progress, curriculum: Curriculum) -> tuple[float, int]:
    """Real over estimated hours on the done topics with hours logged, and how many."""
    logged = [t for t in progress.hours if t in progress.done and t in curriculum.topics]
    estimated = sum(curriculum.topics[t].hours for t in logged)
    if not logged or estimated <= 0:
        return 1.0, 0
    return sum(progress.hours[t] for t in logged) / estimated, len(logged)


def forecast(
    curriculum: Curriculum,
    progress: Progress,
    plan: Plan,
    today: date,
    planned_pace: float | None,
) -> Forecast | None:
    """The finish date at the real pace; None until two days with a topic finished, at
    least :data:`MIN_SPAN_DAYS` apart, lie in the last :data:`WINDOW_DAYS` days (a pace
    needs a stretch of time: two busy days in a row say little about the months ahead).

    Each day a topic was finished is a point: that day, and the hours of all the
    topics finished by then (as logged, else estimated times the ratio). The pace
    is the slope of the least-squares line through the points of the window (and
    the last one before it), so that no single day weighs much. Where the learner
    stands today is that line's value, kept between the hours actually finished and
    those plus the next topic's (work since the last topic is credited, a pause is
    not). The hours left are the estimate ratio times the remaining estimates.
    """
    ratio, logged = estimate_ratio(progress, curriculum)
    spent = _spent(progress, curriculum, ratio)
    per_day: dict[date, float] = {}
    for topic_id, hours in spent.items():
        day = progress.done[topic_id]
        if day is not None and day <= today:
            per_day[day] = per_day.get(day, 0.0) + hours
    days = sorted(per_day)
    cumulative: list[float] = []
    for day in days:
        cumulative.append((cumulative[-1] if cumulative else 0.0) + per_day[day])
    edge = today - timedelta(days=WINDOW_DAYS)
    first = max((i for i, d in enumerate(days) if d <= edge), default=0)
    first = max(0, min(first, len(days) - MIN_POINTS))
    points = [((d - today).days, c) for d, c in zip(days[first:], cumulative[first:], strict=True)]
    if len(points) < 2 or not any(d > edge for d in days):
        return None
    if points[-1][0] - points[0][0] < MIN_SPAN_DAYS:
        return None
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / sum(
        (x - mean_x) ** 2 for x, _ in points
    )
    if slope <= 0:
        return None
    left = [step for step in plan.steps if not step.done]
    finished = cumulative[-1]
    step_hours = ratio * left[0].hours if left else 0.0
    now = min(max(mean_y - slope * mean_x, finished), finished + step_hours)
    remaining = plan.hours_remaining
    to_go = finished + ratio * remaining - now
    finish = today + timedelta(days=math.ceil(to_go / slope - 1e-9))
    planned = None
    if planned_pace:
        planned = today + timedelta(days=math.ceil(remaining / planned_pace * 7 - 1e-9))
    return Forecast(
        ratio, logged, slope * 7, planned_pace, remaining, days[first], days[-1], finish, planned
    )


def pace_for(remaining_hours: float, start: date, by: date) -> float:
    """Hours per week that finish ``remaining_hours`` in whole plan weeks from
    ``start`` to ``by`` (in days when less than a week is left), rounded up to a
    tenth of an hour and at least the planner's least pace. ``ValueError`` when
    ``by`` is before ``start`` or the pace would exceed
    :data:`MAX_NEEDED_HOURS_PER_WEEK`."""
    from .request import MIN_HOURS_PER_WEEK

    days = (by - start).days + 1
    if days < 1:
        raise ValueError(f"{by.isoformat()} is before the plan's start ({start.isoformat()})")
    weeks = days // 7 if days >= 7 else days / 7
    needed = max(MIN_HOURS_PER_WEEK, math.ceil(remaining_hours / weeks * 10 - 1e-9) / 10)
    if needed > MAX_NEEDED_HOURS_PER_WEEK:
        raise ValueError(
            f"finishing {_hours(remaining_hours)} h by {by.isoformat()} takes "
            f"{_hours(needed)} h/week, more than the {MAX_NEEDED_HOURS_PER_WEEK:g} h/week a "
            "person can keep up; choose a later date or fewer goals"
        )
    return needed


def finish_by(
    curriculum: Curriculum,
    request: PlanRequest,
    by: date,
    today: date,
    given_pace: float | None,
) -> tuple[PlanRequest, str | None]:
    """``plan --by``: the request dated from its start (else the Monday after ``today``)
    and, without ``given_pace``, paced to finish by ``by``, with a line saying that
    pace. A ``by`` already past, before the start, or needing more than
    :data:`MAX_NEEDED_HOURS_PER_WEEK` is an :class:`InputError`."""
    from dataclasses import replace

    from .errors import InputError
    from .planner import make_plan
    from .request import next_monday

    if by < today:
        raise InputError(f"--by {by.isoformat()} is in the past (today is {today.isoformat()})")
    start = request.start or next_monday(today)
    if given_pace is not None:
        return replace(request, start=start), None
    remaining = make_plan(
        curriculum, replace(request, hours_per_week=None, start=None)
    ).hours_remaining
    try:
        pace = pace_for(remaining, start, by)
    except ValueError as exc:
        raise InputError(f"--by: {exc}") from None
    note = (
        f"to finish {_hours(remaining)} h by {by.isoformat()} from {start.isoformat()}: "
        f"{_hours(pace)} h/week"
    )
    remembered = request.remembered - {"hours_per_week"}
    return replace(request, hours_per_week=pace, start=start, remembered=remembered), note


def reachable_note(plan: Plan, by: date, pace: float) -> str:
    """``plan --by`` with a pace: the last topic finished by ``by``, and what remains."""
    last, rest = reachable(plan, by)
    reached = f"{last.title} ({last.id}, step {last.position})" if last else "no topic yet"
    left = f"; {len(rest)} topics ({_hours(sum(s.hours for s in rest))} h) remain" if rest else ""
    return f"by {by.isoformat()} at {_hours(pace)} h/week you finish: {reached}{left}"


def reachable(plan: Plan, by: date) -> tuple[Step | None, list[Step]]:
    """In a dated plan: the last step finished by ``by``, and the steps left after it."""
    left = [s for s in plan.steps if not s.done]
    last = None
    for index, step in enumerate(left):
        if step.end_date is None or step.end_date > by:
            return last, left[index:]
        last = step
    return last, []


@dataclass(frozen=True)
class Activity:
    """Hours studied per day over the last weeks (done topics' hours on their day,
    a quarter hour per review)."""

    first: date
    """The Monday the heatmap starts on."""
    today: date
    hours: dict[date, float]

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.first.isoformat(),
            "to": self.today.isoformat(),
            "days": {d.isoformat(): round(h, 2) for d, h in sorted(self.hours.items())},
        }

    def lines(self) -> list[str]:
        weeks = (self.today - self.first).days // 7 + 1
        lines = [f"Activity, {weeks} weeks to {self.today.isoformat()} (one column a week):"]
        names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
        for weekday, name in enumerate(names):
            row = ""
            for week in range(weeks):
                day = self.first + timedelta(weeks=week, days=weekday)
                if day > self.today:
                    row += " "
                    continue
                value = self.hours.get(day, 0.0)
                row += next(c for limit, c in LEVELS if value <= limit)
            lines.append(f"  {name} {row.rstrip()}")
        lines.append("  . none  - up to 2 h  + up to 4 h  # more")
        return lines

    def grid(self) -> dict[str, Any]:
        """The same picture as data for a template: ``weeks``, each a column of seven
        days (Monday first) with the date, the hours and a level 0-3 (none, up to 2 h,
        up to 4 h, more); days after the last one are left out."""
        weeks = (self.today - self.first).days // 7 + 1
        columns = []
        for week in range(weeks):
            column = []
            for weekday in range(7):
                day = self.first + timedelta(weeks=week, days=weekday)
                if day > self.today:
                    break
                value = self.hours.get(day, 0.0)
                level = next(n for n, (limit, _) in enumerate(LEVELS) if value <= limit)
                column.append({"date": day.isoformat(), "hours": round(value, 2), "level": level})
            columns.append(column)
        return {"to": self.today.isoformat(), "weeks": columns}


def last_studied(progress: Progress) -> date | None:
    """The latest day a topic was done or reviewed (what a plan's activity picture ends
    on, so the same progress gives the same picture whatever day it is drawn)."""
    days = [d for d in progress.done.values() if d is not None]
    days += [day for history in progress.reviews.values() for day, _ in history]
    return max(days, default=None)


def activity(
    curriculum: Curriculum, progress: Progress, today: date, weeks: int = HEATMAP_WEEKS
) -> Activity | None:
    """The last ``weeks`` weeks (Monday to ``today``); None when nothing happened in them."""
    first = today - timedelta(days=today.weekday(), weeks=weeks - 1)
    ratio, _ = estimate_ratio(progress, curriculum)
    hours: dict[date, float] = {}
    for topic_id, spent in _spent(progress, curriculum, ratio).items():
        day = progress.done[topic_id]
        if day is not None and first <= day <= today:
            hours[day] = hours.get(day, 0.0) + spent
    for history in progress.reviews.values():
        for day, _ in history:
            if first <= day <= today:
                hours[day] = hours.get(day, 0.0) + REVIEW_HOURS
    if not hours:
        return None
    return Activity(first, today, hours)


def history_report(
    curriculum: Curriculum,
    progress: Progress,
    goals: list[str],
    today: date,
    planned_pace: float | None,
) -> tuple[dict[str, Any], list[str]]:
    """What ``status`` adds from the learner's history: the forecast, reviews due
    and the activity heatmap, as JSON data and text lines (each part only when
    there is something to say)."""
    from .report import learner_plan
    from .review import due_reviews

    data: dict[str, Any] = {}
    lines: list[str] = []
    plan = learner_plan(curriculum, progress, goals)
    if planned_pace is None and progress.sessions is not None:
        planned_pace = progress.sessions.hours_per_week
    if any(not step.done for step in plan.steps):
        result = forecast(curriculum, progress, plan, today, planned_pace)
        if result is not None:
            data["forecast"] = result.to_dict()
            lines += result.lines()
    due = due_reviews(progress, curriculum, today)
    if due:
        data["reviews_due"] = [d.to_dict() for d in due]
        lines.append(
            f"Reviews due: {len(due)} ({', '.join(d.topic for d in due)}); "
            "take them with: learning-path review"
        )
    seen = activity(curriculum, progress, today)
    if seen is not None:
        data["activity"] = seen.to_dict()
        lines += seen.lines()
    return data, lines
