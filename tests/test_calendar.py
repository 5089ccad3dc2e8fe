"""``learning-path calendar`` and ``today``: study sessions as an .ics file, read back
with ``icalendar`` and with ``ics`` (an independent reader), stable UIDs across
re-exports, cancelled events, clean errors; the session due today."""

from __future__ import annotations

import json
import math
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learning_path import load_curriculum
from learning_path.planner import Plan, Step
from learning_path.progress import Progress, load, save
from learning_path.report import learner_plan
from learning_path.sessions import DAYS as DAYS_ALL
from learning_path.sessions import Settings, lay_out
from tests.conftest import CLI, examples

DAYS = {"mon": 0, "wed": 2, "sat": 5}


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEARNING_PATH_TODAY", "2025-01-06")  # a Monday


def events(path: Path) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_text(encoding="utf-8"))
    return [e for e in calendar.walk("VEVENT") if isinstance(e, icalendar.Event)]


def study(path: Path) -> list[icalendar.Event]:
    return [
        e
        for e in events(path)
        if str(e["summary"]).startswith("Study:") and str(e["status"]) != "CANCELLED"
    ]


def export(cli: CLI, tmp_path: Path, *extra: str, name: str = "plan.ics") -> Path:
    out = tmp_path / name
    code, _, err = cli(
        "calendar",
        "--goal",
        "nlp",
        "--days",
        "mon,wed,sat",
        "--at",
        "19:00",
        "--session",
        "2h",
        "--tz",
        "Europe/Paris",
        "-o",
        str(out),
        *extra,
    )
    assert code == 0, err
    return out


def test_sessions_cover_exactly_the_remaining_hours_on_the_chosen_days(
    cli: CLI, tmp_path: Path
) -> None:
    out = export(cli, tmp_path)
    plan = learner_plan(load_curriculum(), load(Path(_progress())), ["nlp"])
    found = study(out)
    spans = (e.decoded("dtend") - e.decoded("dtstart") for e in found)
    hours = sum(spans, timedelta()) / timedelta(hours=1)
    assert hours == pytest.approx(plan.hours_remaining)
    by_day: dict[date, float] = {}
    for event in found:
        begin, end = event.decoded("dtstart"), event.decoded("dtend")
        assert begin.tzinfo == ZoneInfo("Europe/Paris")
        assert begin.weekday() in DAYS.values() and begin.date() >= date(2025, 1, 6)
        assert begin.time() >= datetime(2025, 1, 6, 19).time()
        by_day[begin.date()] = by_day.get(begin.date(), 0) + (end - begin) / timedelta(hours=1)
        assert str(event["uid"]).endswith("@learning-path")
    assert max(by_day.values()) <= 2 + 1e-9  # no session longer than --session
    first = min(found, key=lambda e: e.decoded("dtstart"))
    assert first.decoded("dtstart") == datetime(2025, 1, 6, 19, tzinfo=ZoneInfo("Europe/Paris"))
    description = str(first["description"])
    assert "Why: " in description and "https://" in description
    # the topics come in plan order, each in its numbered parts
    ordered = sorted(found, key=lambda e: e.decoded("dtstart"))
    uids = [str(e["uid"]).split(".")[0] for e in ordered]
    topics = list(dict.fromkeys(u.rsplit("-", 1)[0] for u in uids))
    assert topics == [s.id for s in plan.steps if not s.done]
    assert len(uids) == len(set(uids))


def _topic(uid: str) -> str:
    return uid.split(".")[0].rsplit("-", 1)[0]


def _progress() -> str:
    import os

    return os.environ["LEARNING_PATH_PROGRESS"]


def test_a_second_reader_agrees(cli: CLI, tmp_path: Path, small: Path) -> None:
    import ics

    out = tmp_path / "small.ics"
    code, _, err = cli(
        "calendar", "--curriculum", str(small), "--goal", "deploy", "--days", "tue,thu",
        "--at", "7:30", "--session", "90m", "--tz", "America/New_York", "-o", str(out),
    )  # fmt: skip
    assert code == 0, err
    assert b"\r\nBEGIN:VTIMEZONE\r\n" in out.read_bytes()  # RFC 5545 line ends
    text = out.read_text(encoding="utf-8")
    ours = {str(e["uid"]): e for e in events(out)}
    theirs = {e.uid: e for e in ics.Calendar(text).events}
    assert set(ours) == set(theirs) and len(ours) > 5
    offsets = set()
    for uid, event in theirs.items():
        assert event.begin.datetime == ours[uid].decoded("dtstart")
        assert event.end.datetime == ours[uid].decoded("dtend")
        assert event.begin.datetime.strftime("%H:%M") >= "07:30"
        offsets.add(event.begin.datetime.utcoffset())
    assert offsets == {timedelta(hours=-5), timedelta(hours=-4)}  # across the DST change
    total = sum((e.end - e.begin for e in theirs.values()), timedelta()) / timedelta(hours=1)
    assert total == 52.5  # the deploy goal's hours from scratch


@pytest.mark.slow
def test_re_export_after_five_topics_done_keeps_uids_and_cancels(cli: CLI, tmp_path: Path) -> None:
    out = export(cli, tmp_path)
    before = {str(e["uid"]): e for e in events(out)}
    plan = learner_plan(load_curriculum(), load(Path(_progress())), ["nlp"])
    first_five = [s.id for s in plan.steps[:5]]
    code, _, err = cli("done", *first_five, "--on", "2025-01-06")
    assert code == 0, err
    code, _, err = cli("calendar", "-o", str(out))  # the remembered settings
    assert code == 0, err
    after = {str(e["uid"]): e for e in events(out)}
    assert set(after) >= set(before)  # nothing lost: what is gone is cancelled
    cancelled = {u for u, e in after.items() if str(e["status"]) == "CANCELLED"}
    assert cancelled == {u for u in before if _topic(u) in first_five}
    for uid in cancelled:
        assert int(after[uid]["sequence"]) == int(before[uid]["sequence"]) + 1
    studied = {u for u in after if not u.startswith("review-")} - cancelled
    assert studied == set(before) - cancelled  # the same UIDs, moved
    reviews = {u for u in after if u.startswith("review-")}
    assert {u.split(".")[0] for u in reviews} == {f"review-{t}-1" for t in first_five}
    # exporting again changes nothing, byte for byte
    text = out.read_text(encoding="utf-8")
    code, _, err = cli("calendar", "-o", str(out))
    assert code == 0 and "0 new or changed, 0 cancelled" in err
    assert out.read_text(encoding="utf-8") == text


def test_settings_are_remembered_and_needed_the_first_time(cli: CLI, tmp_path: Path) -> None:
    code, _, err = cli(
        "calendar", "--goal", "nlp", "--days", "mon", "-o", str(tmp_path / "x.ics"), expect=2
    )
    assert code == 2 and "give --at, --session" in err and "Traceback" not in err
    export(cli, tmp_path)
    settings = load(Path(_progress())).sessions
    assert settings is not None
    assert (settings.days, settings.at, settings.session, settings.tz) == (
        ("mon", "wed", "sat"),
        "19:00",
        2.0,
        "Europe/Paris",
    )
    text = Path(_progress()).read_text(encoding="utf-8")
    assert "sessions:\n  days:\n  - mon\n  - wed\n  - sat\n  at: '19:00'\n  session: 2h\n" in text


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--days", "mon,funday", "'funday' is not a day"),
        ("--days", ",", "no day given"),
        ("--at", "25:00", "is not a time like 19:00"),
        ("--at", "7pm", "is not a time like 19:00"),
        ("--session", "0", "is not a session length"),
        ("--session", "13h", "is not a session length"),
        ("--tz", "Europe/Pariss", "is not a time zone (did you mean 'Europe/Paris'?)"),
        ("--start", "2025-01-05", "is in the past"),
    ],
)
def test_bad_settings_are_one_line_usage_errors(
    cli: CLI, tmp_path: Path, option: str, value: str, message: str
) -> None:
    args = {"--days": "mon", "--at": "19:00", "--session": "2h", "--tz": "UTC"}
    args[option] = value
    flat = [x for pair in args.items() for x in pair]
    code, _, err = cli("calendar", "--goal", "nlp", *flat, "-o", str(tmp_path / "x.ics"), expect=2)
    assert code == 2, err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "x.ics").exists()


def test_bad_sessions_in_the_progress_file_are_located(cli: CLI, tmp_path: Path) -> None:
    Path(_progress()).write_text(
        "version: 1\ngoals: [nlp]\nsessions:\n  days: [mon]\n  at: '19:00'\n  session: 2h\n"
        "  tz: Mars/Olympus\n",
        encoding="utf-8",
    )
    code, _, err = cli("today", expect=1)
    assert code == 1
    assert err.startswith(f"error: {_progress()}:7:7: 'Mars/Olympus' is not a time zone")


def test_sixty_topic_plan_exports(cli: CLI, tmp_path: Path) -> None:
    """The timing itself is measured by benchmarks/calendar_bench.py, not here."""
    out = export(cli, tmp_path)
    assert len(study(out)) > 60


def test_today_shows_the_session_and_what_to_open(cli: CLI, tmp_path: Path) -> None:
    export(cli, tmp_path)
    code, out, _ = cli("today")
    assert code == 0
    first = load_curriculum().topics["what-is-machine-learning"]
    part = " (part 1 of 2)" if first.hours > 2 else ""  # 2 h sessions
    assert out.splitlines()[:4] == [
        "Monday 2025-01-06 · nlp",
        "Today at 19:00, 2 h:",
        f"  - What machine learning is (and is not) (what-is-machine-learning): 2 h{part}",
        f"Open first: {first.resources[0].title}",
    ]
    assert out.endswith("No reviews due.\n")
    code, out, _ = cli("today", "--format", "json")
    data = json.loads(out)
    assert data["session"]["date"] == "2025-01-06" and data["session"]["today"] is True
    assert data["reviews_due"] == []


def test_today_on_a_day_off_shows_the_next_session_and_reviews_due(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export(cli, tmp_path)
    cli("done", "what-is-machine-learning", "--on", "2025-01-06")
    monkeypatch.setenv("LEARNING_PATH_TODAY", "2025-01-09")  # a Thursday
    code, out, _ = cli("today")
    assert code == 0
    assert out.splitlines()[1].startswith("Next session: Saturday 2025-01-11 at 19:00")
    assert "Reviews due (1, about 15 min each):" in out
    assert "what-is-machine-learning), due 2025-01-08" in out


def test_today_without_study_days_shows_the_next_topic(cli: CLI, tmp_path: Path) -> None:
    code, out, _ = cli("today", "--goal", "nlp")
    assert code == 0
    hours = load_curriculum().topics["what-is-machine-learning"].hours
    assert f"What machine learning is (and is not) (what-is-machine-learning): {hours:g} h" in out
    assert "Set your study days with: learning-path calendar" in out


@given(
    hours=st.lists(st.sampled_from([0.5, 1, 1.5, 2, 3, 4.5, 6, 10, 25]), min_size=1, max_size=30),
    length=st.sampled_from([0.25, 0.5, 1, 1.5, 2, 3, 12]),
    days=st.sets(st.sampled_from(DAYS_ALL), min_size=1),
    done=st.sets(st.integers(0, 29)),
)
@settings(max_examples=examples(60), deadline=None)
def test_sessions_cover_the_hours_left_property(
    hours: list[float], length: float, days: set[str], done: set[int]
) -> None:
    steps = [
        Step(i + 1, f"t{i}", f"T{i}", "", h, None, None, [], [], [], done=i in done)
        for i, h in enumerate(hours)
    ]
    plan = Plan("c", ["g"], [], [], [], None, steps=steps)
    chosen = tuple(d for d in DAYS_ALL if d in days)
    laid = lay_out(plan, Settings(chosen, "19:00", length), date(2025, 1, 6))
    assert sum(s.hours for s in laid) == pytest.approx(plan.hours_remaining)
    assert all(s.hours <= length + 1e-6 and DAYS_ALL[s.day.weekday()] in days for s in laid)
    assert [s.day for s in laid] == sorted({s.day for s in laid})  # one session a day
    parts = [p for s in laid for p in s.parts]
    for step in steps:
        mine = [p for p in parts if p.topic == step.id]
        if step.done:
            assert not mine
            continue
        assert len(mine) == math.ceil(step.hours / length - 1e-9)  # whatever came before
        assert [p.index for p in mine] == list(range(1, len(mine) + 1))
        assert sum(p.hours for p in mine) == pytest.approx(step.hours)


def test_progress_keys_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    original = Progress(
        goals=["nlp"],
        done={"numpy": date(2025, 1, 8)},
        hours={"numpy": 5.5},
        reviews={"numpy": [(date(2025, 1, 10), "good"), (date(2025, 1, 20), "again")]},
        sessions=Settings(("mon", "sat"), "07:05", 1.5, "Asia/Tokyo", "abc"),
    )
    save(path, original)
    assert load(path) == original
    text = path.read_text(encoding="utf-8")
    assert text.endswith(
        "done:\n  numpy: 2025-01-08\nhours:\n  numpy: 5.5\nreviews:\n  numpy:\n"
        "  - 2025-01-10 good\n  - 2025-01-20 again\nsessions:\n  days:\n  - mon\n  - sat\n"
        "  at: 07:05\n  session: 1h30m\n  tz: Asia/Tokyo\n  calendar_id: abc\n"
    )
