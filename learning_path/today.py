"""``learning-path today``: the session due today (or the next one), what to open
first, how long, and the reviews due. One public job, :func:`today_report`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from .text import hours as _hours

if TYPE_CHECKING:
    from .model import Curriculum
    from .progress import Progress
    from .review import Due
    from .sessions import Session, Settings


@dataclass
class TodayReport:
    """One screen: the day, the session (today's or the next), reviews due."""

    day: date
    goals: list[str]
    session: Session | None
    at: str | None
    open_first: dict[str, Any] | None
    reviews: list[Due] = field(default_factory=list)
    remaining_hours: float = 0.0
    settings_known: bool = True

    def to_dict(self) -> dict[str, Any]:
        session = None
        if self.session is not None:
            session = {
                "date": self.session.day.isoformat(),
                "today": self.session.day == self.day,
                "at": self.at,
                "hours": self.session.hours,
                "parts": [
                    {
                        "topic": p.topic,
                        "title": p.title,
                        "hours": p.hours,
                        "part": p.index,
                        "of": p.of,
                    }
                    for p in self.session.parts
                ],
            }
        return {
            "date": self.day.isoformat(),
            "goals": self.goals,
            "session": session,
            "open_first": self.open_first,
            "reviews_due": [d.to_dict() for d in self.reviews],
            "hours_remaining": self.remaining_hours,
        }

    def text(self) -> str:
        lines = [f"{self.day.strftime('%A')} {self.day.isoformat()} · {', '.join(self.goals)}"]
        if self.session is None:
            lines.append("Nothing left to study: every topic of your plan is done.")
        else:
            when = (
                "Today"
                if self.session.day == self.day
                else f"Next session: {self.session.day.strftime('%A')} "
                f"{self.session.day.isoformat()}"
            )
            at = f" at {self.at}" if self.at else ""
            lines.append(f"{when}{at}, {_hours(self.session.hours)} h:")
            for p in self.session.parts:
                of = f" (part {p.index} of {p.of})" if p.of > 1 else ""
                lines.append(f"  - {p.title} ({p.topic}): {_hours(p.hours)} h{of}")
            if self.open_first is not None:
                lines.append(f"Open first: {self.open_first['title']}")
                lines.append(f"  {self.open_first['url']}")
        if self.reviews:
            lines.append(f"Reviews due ({len(self.reviews)}, about 15 min each):")
            lines += [f"  - {d.title} ({d.topic}), due {d.due.isoformat()}" for d in self.reviews]
            lines.append("Take them with: learning-path review")
        else:
            lines.append("No reviews due.")
        if not self.settings_known and self.session is not None:
            lines.append(
                "Set your study days with: learning-path calendar --days mon,wed,sat "
                "--at 19:00 --session 2h"
            )
        return "\n".join(lines) + "\n"


def today_report(
    curriculum: Curriculum,
    progress: Progress,
    goals: Sequence[str],
    settings: Settings | None,
    day: date,
) -> TodayReport:
    """What to do on ``day``: the first session of the remaining plan laid from
    ``day`` on (without study days set, the next topic whole), and reviews due."""
    from .report import learner_plan
    from .review import due_reviews
    from .sessions import Settings, lay_out

    plan = learner_plan(curriculum, progress, goals)
    known = settings is not None
    laid = settings or Settings(
        days=("mon", "tue", "wed", "thu", "fri", "sat", "sun"), at="", session=12
    )
    sessions = lay_out(plan, laid, day)
    first = sessions[0] if sessions else None
    if first is not None and not known:
        whole = next(s for s in plan.steps if s.id == first.parts[0].topic)
        first.parts = first.parts[:1]
        first.parts[0].hours = first.hours = whole.hours
        first.parts[0].index = first.parts[0].of = 1
    open_first = None
    if first is not None:
        step = next(s for s in plan.steps if s.id == first.parts[0].topic)
        if step.resources:
            open_first = {"title": step.resources[0].title, "url": step.resources[0].url}
    return TodayReport(
        day=day,
        goals=list(plan.goals),
        session=first,
        at=settings.at if settings else None,
        open_first=open_first,
        reviews=due_reviews(progress, curriculum, day),
        remaining_hours=plan.hours_remaining,
        settings_known=known,
    )
