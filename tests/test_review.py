"""``learning-path review``: FSRS scheduling through the ``fsrs`` package, history
kept in the progress file, interactive and ``--rating`` forms."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from pathlib import Path

import pytest
from fsrs import Card, Rating, Scheduler

from learning_path import load_curriculum
from learning_path.progress import Progress, load
from learning_path.review import Due, ask_ratings, due_reviews, next_review, record
from tests.conftest import CLI

RATINGS = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}


def on(day: str) -> dict[str, str | None]:
    """The environment of a command run on ``day`` (LEARNING_PATH_TODAY)."""
    return {"LEARNING_PATH_TODAY": day}


def fsrs_due(done_on: date, history: list[tuple[date, str]]) -> date:
    """What fsrs itself says, reviewing one card by hand with the same ratings."""
    scheduler = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    card = Card()
    noon = time(12, tzinfo=timezone.utc)
    card, _ = scheduler.review_card(card, Rating.Good, datetime.combine(done_on, noon))
    for day, rating in history:
        card, _ = scheduler.review_card(card, RATINGS[rating], datetime.combine(day, noon))
    return card.due.date()


@pytest.mark.parametrize(
    "ratings",
    [["good"], ["again"], ["hard", "good"], ["easy", "easy", "good"], ["good", "again", "good"]],
)
def test_schedule_matches_fsrs(ratings: list[str]) -> None:
    progress = Progress(done={"numpy": date(2025, 1, 6)})
    history: list[tuple[date, str]] = []
    for rating in ratings:
        day = next_review(progress, "numpy")
        assert day is not None and day == fsrs_due(date(2025, 1, 6), history)
        progress = record(progress, "numpy", rating, day)
        history.append((day, rating))
    assert next_review(progress, "numpy") == fsrs_due(date(2025, 1, 6), history)


def test_ratings_order_the_next_review() -> None:
    base = Progress(done={"numpy": date(2025, 1, 6)})
    days = [next_review(record(base, "numpy", r, date(2025, 1, 9)), "numpy") for r in RATINGS]
    assert days == sorted(days) and len(set(days)) == 4  # type: ignore[type-var]


def test_review_command_keeps_history(cli: CLI, tmp_path: Path) -> None:
    progress = tmp_path / "progress.yaml"
    where = ("--progress", str(progress))
    assert (
        cli("done", "numpy", "python-basics", "--on", "2025-01-06", *where, env=on("2025-01-06"))[0]
        == 0
    )
    code, out, _ = cli("review", *where, env=on("2025-01-06"))
    assert code == 0 and out == "No reviews due today.\n"
    code, out, _ = cli("review", "--rating", "numpy=hard", *where, env=on("2025-01-08"))
    assert code == 0
    expected = fsrs_due(date(2025, 1, 6), [(date(2025, 1, 8), "hard")])
    assert out == f"numpy: hard; next review on {expected.isoformat()}\n"
    stored = load(progress)
    assert stored.reviews == {"numpy": [(date(2025, 1, 8), "hard")]}
    assert "reviews:\n  numpy:\n  - 2025-01-08 hard\n" in progress.read_text(encoding="utf-8")
    due = due_reviews(stored, load_curriculum(), date(2025, 1, 8))
    assert [d.topic for d in due] == ["python-basics"]


def test_review_errors(cli: CLI, tmp_path: Path) -> None:
    where = ("--progress", str(tmp_path / "p.yaml"))
    cli("done", "numpy", "--on", "2025-01-06", *where, env=on("2025-01-06"))
    code, _, err = cli("review", "--rating", "numpy=meh", *where, env=on("2025-01-08"), expect=2)
    assert code == 2 and "'numpy=meh' is not TOPIC=RATING" in err
    code, _, err = cli("review", "--rating", "pandas=good", *where, env=on("2025-01-08"), expect=2)
    assert code == 2 and "not done on a known day" in err
    code, _, err = cli("review", *where, env=on("2025-01-08"), expect=2)  # no terminal in tests
    assert code == 2 and "run it on a terminal, or give --rating" in err


def test_bad_reviews_in_the_progress_file_are_located(cli: CLI, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    for body, where, message in [
        ("reviews:\n  numpy: [2025-01-08 meh]\n", "2:11", "a review is a date and a rating"),
        ("reviews:\n  numpy: good\n", "2:10", "reviews of 'numpy' must be a list"),
        (
            "reviews:\n  numpy: [2025-01-09 good, 2025-01-08 good]\n",
            "2:28",
            "reviews must be listed oldest first",
        ),
        ("hours:\n  numpy: -2\n", "2:10", "hours spent must be a number above 0"),
    ]:
        path.write_text("version: 1\n" + body, encoding="utf-8")
        code, _, err = cli(
            "status", "--goal", "nlp", "--progress", str(path), env=on("2025-01-10"), expect=1
        )
        assert code == 1, body
        assert err.startswith(
            f"error: {path}:{int(where.split(':')[0]) + 1}:{where.split(':')[1]}: {message}"
        ), err


class Scripted:
    """A console that answers from a list (as the questionnaire's tests do)."""

    def __init__(self, picks: list[int]) -> None:
        self.picks = picks
        self.screens: list[str] = []

    def screen(self, title: str) -> None:
        self.screens.append(title)

    def say(self, text: str) -> None:
        pass

    def choose(self, question: str, options: object, default: int = 0) -> int:
        return self.picks.pop(0)


def test_interactive_ratings() -> None:
    due = [Due("numpy", "NumPy", date(2025, 1, 8), 1), Due("pandas", "pandas", date(2025, 1, 8), 1)]
    console = Scripted([0, 3])
    assert ask_ratings(console, due) == [("numpy", "again"), ("pandas", "easy")]  # type: ignore[arg-type]
    assert console.screens == ["Review 1 of 2: NumPy", "Review 2 of 2: pandas"]


def test_a_review_before_the_last_one_is_refused(cli: CLI, tmp_path: Path) -> None:
    where = ("--progress", str(tmp_path / "p.yaml"))
    cli("done", "numpy", "--on", "2025-01-06", *where, env=on("2025-01-06"))
    assert cli("review", "--rating", "numpy=good", *where, env=on("2025-01-09"))[0] == 0
    before = (tmp_path / "p.yaml").read_text(encoding="utf-8")
    code, _, err = cli("review", "--rating", "numpy=good", *where, env=on("2025-01-08"), expect=2)
    assert code == 2
    assert err == (
        "error: numpy was last done or reviewed on 2025-01-09, after today (2025-01-08); "
        "a review comes after it\n"
    )
    assert (tmp_path / "p.yaml").read_text(encoding="utf-8") == before
