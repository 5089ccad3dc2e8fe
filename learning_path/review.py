"""Spaced review of finished topics, scheduled by the ``fsrs`` package (FSRS, the
algorithm Anki uses); nothing of the algorithm is written here.

Each topic done on a known day is one FSRS card. Its state is never stored: it is
replayed from the progress file every time, finishing the topic counting as a first
``good`` recall on its done day, then each review of the ``reviews`` history in
order (all at noon UTC of their day, since the file keeps days). Same history, same
schedule, on any machine. Learning steps are off (they count minutes, and a topic
is reviewed on days) and so is fuzzing (the schedule stays reproducible).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timezone
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fsrs import Card, Scheduler

    from .model import Curriculum
    from .progress import Progress
    from .prompts import Console

REVIEW_MINUTES = 15
"""How long a review takes in ``today`` and the calendar."""


@dataclass(frozen=True)
class Due:
    """The next review of one done topic."""

    topic: str
    title: str
    due: date
    number: int
    """This is the topic's ``number``-th review (1 for the first after finishing it)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "title": self.title,
            "due": self.due.isoformat(),
            "number": self.number,
        }


def scheduler() -> Scheduler:
    """The FSRS scheduler every review uses: default weights and 90% retention,
    no learning steps, no fuzzing."""
    from fsrs import Scheduler

    return Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(12), timezone.utc)


def card(done_on: date, history: list[tuple[date, str]]) -> Card:
    """The topic's FSRS card after finishing it on ``done_on`` and the ``history``."""
    from fsrs import Card, Rating

    ratings = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}
    chosen = scheduler()
    state = Card(card_id=1, due=_moment(done_on))
    state, _ = chosen.review_card(state, Rating.Good, _moment(done_on))
    for day, rating in history:
        state, _ = chosen.review_card(state, ratings[rating], _moment(day))
    return state


def schedule(progress: Progress, curriculum: Curriculum) -> list[Due]:
    """The next review of every topic done on a known day, soonest first (ties in
    curriculum order)."""
    result = []
    for rank, topic_id in enumerate(curriculum.topics):
        day = progress.done.get(topic_id)
        if day is None:
            continue
        history = progress.reviews.get(topic_id, [])
        due = card(day, history).due.date()
        title = curriculum.topics[topic_id].title
        result.append((due, rank, Due(topic_id, title, due, len(history) + 1)))
    return [item for _, _, item in sorted(result, key=lambda x: (x[0], x[1]))]


def due_reviews(progress: Progress, curriculum: Curriculum, today: date) -> list[Due]:
    """The reviews due on ``today`` or earlier, soonest first."""
    return [d for d in schedule(progress, curriculum) if d.due <= today]


def record(progress: Progress, topic_id: str, rating: str, day: date) -> Progress:
    """``progress`` with one more review of ``topic_id`` on ``day``."""
    reviews = {t: list(h) for t, h in progress.reviews.items()}
    reviews.setdefault(topic_id, []).append((day, rating))
    return replace(progress, reviews=reviews)


def next_review(progress: Progress, topic_id: str) -> date | None:
    """When ``topic_id`` comes back, from what ``progress`` records (None: not done
    on a known day)."""
    day = progress.done.get(topic_id)
    if day is None:
        return None
    return card(day, progress.reviews.get(topic_id, [])).due.date()


def ask_ratings(console: Console, due: list[Due]) -> list[tuple[str, str]]:
    """One screen per topic due: recall it, then rate it (again, hard, good, easy)."""
    from .progress import RATINGS
    from .prompts import Option

    details = {
        "again": "I had forgotten it: show it again soon.",
        "hard": "I recalled it with serious effort.",
        "good": "I recalled it after some thought.",
        "easy": "I recalled it at once.",
    }
    options = [Option(rating, details[rating]) for rating in RATINGS]
    chosen = []
    for number, item in enumerate(due, start=1):
        console.screen(f"Review {number} of {len(due)}: {item.title}")
        console.say(f"Recall what {item.title} ({item.topic}) taught you, then rate it.")
        chosen.append(
            (item.topic, RATINGS[console.choose("How well do you recall it?", options, 2)])
        )
    return chosen


def parse_rating(value: str) -> tuple[str, str]:
    """``TOPIC=RATING`` as (topic, rating); anything else is a ValueError."""
    from .progress import RATINGS

    topic, sep, rating = value.partition("=")
    if not sep or not topic.strip() or rating.strip().lower() not in RATINGS:
        raise ValueError(f"'{value}' is not TOPIC=RATING, a rating one of {', '.join(RATINGS)}")
    return topic.strip(), rating.strip().lower()
