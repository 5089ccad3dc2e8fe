"""Progress tracking: the progress file, ``done``, ``undo``, ``next`` and ``status``,
and plans that tick done topics."""

from __future__ import annotations

import errno
import json
import tempfile
from datetime import date
from pathlib import Path
from typing import NoReturn

import pytest

from learning_path import load_curriculum
from learning_path.errors import ProgressError
from learning_path.progress import MAX_BYTES, Progress, load, save, stale_ids
from tests.conftest import CLI

SMALL = Path(__file__).parent / "fixtures" / "small"


@pytest.fixture
def progress(tmp_path: Path) -> Path:
    return tmp_path / "progress.yaml"


@pytest.fixture
def run(cli: CLI, progress: Path) -> CLI:
    """The command line on the fixture curriculum, with ``progress`` as the progress file."""
    return cli.with_options("--curriculum", SMALL, "--progress", progress)


HEADER = (
    "# learning-path progress: your goals, pace and preferences, what you knew before\n"
    "# (known) and what you have learned since (done, with the date).\n"
    "# `learning-path done/undo/assess/next/status` keep it up to date; hand edits are fine.\n"
)


def test_done_and_known_are_written_readably(run: CLI, progress: Path) -> None:
    code, out, _ = run("done", "numpy", "linear-algebra", "--on", "2025-01-08")
    assert code == 0
    assert out == (
        "done: numpy (NumPy) on 2025-01-08\ndone: linear-algebra (Linear algebra) on 2025-01-08\n"
    )
    code, out, _ = run("done", "--known", "python")
    assert (code, out) == (0, "known: python (Python basics)\n")
    assert progress.read_text() == HEADER + (
        "version: 1\n"
        "goals: []\n"
        "prefer: []\n"
        "free_only: false\n"
        "known:\n"
        "- python\n"
        "done:\n"
        "  numpy: 2025-01-08\n"
        "  linear-algebra: 2025-01-08\n"
    )


def test_done_twice_keeps_the_first_date(run: CLI, progress: Path) -> None:
    run("done", "numpy", "--on", "2025-01-08")
    code, out, _ = run("done", "numpy", "--on", "2025-02-01")
    assert (code, out) == (
        0,
        "numpy (NumPy) was already done on 2025-01-08; kept that date, not 2025-02-01 "
        "(undo it first to change it)\n",
    )
    assert load(progress).done == {"numpy": date(2025, 1, 8)}


def test_done_defaults_to_today(run: CLI, progress: Path) -> None:
    run("done", "numpy")
    assert load(progress).done == {"numpy": date.today()}


def test_done_unknown_topic_is_usage_error_with_suggestion(run: CLI, progress: Path) -> None:
    code, out, err = run("done", "numpy", "pyton", expect=2)
    assert code == 2
    assert out == ""
    assert err.startswith("error: unknown topic 'pyton' (did you mean 'python'?)")
    assert not progress.exists()


def test_done_bad_date_is_usage_error(run: CLI, progress: Path) -> None:
    for bad in ("2025-13-01", "yesterday", "2025-1-8", "20250108"):
        code, _, err = run("done", "numpy", "--on", bad, expect=2)
        assert code == 2, bad
        assert "YYYY-MM-DD" in err and "--on" in err
    assert not progress.exists()


def test_done_on_a_day_still_to_come_is_usage_error(run: CLI, progress: Path) -> None:
    today = date.today()
    tomorrow = date.fromordinal(today.toordinal() + 1)
    for day in (tomorrow.isoformat(), "2999-01-01"):
        code, out, err = run("done", "numpy", "--on", day, expect=2)
        assert (code, out) == (2, ""), day
        assert (
            f"Invalid value for '--on': {day} is in the future (today is {today.isoformat()}); "
            "give the day you finished, today or earlier\n"
        ) in err
    assert not progress.exists()
    code, out, _ = run("done", "numpy", "--on", today.isoformat())
    assert (code, out) == (0, f"done: numpy (NumPy) on {today.isoformat()}\n")


def test_done_needs_a_topic(run: CLI, progress: Path) -> None:
    code, _, err = run("done", expect=2)
    assert code == 2
    assert "name the TOPICS you finished, or a plan with --from PLAN.md" in err


def test_undo_unmarks_done_and_known(run: CLI, progress: Path) -> None:
    run("done", "numpy", "--on", "2025-01-08")
    run("done", "--known", "python")
    code, out, _ = run("undo", "numpy", "python", "pytorch")
    assert code == 0
    assert out == (
        "undone: numpy (was done on 2025-01-08)\n"
        "undone: python (was known)\n"
        "pytorch was not marked done or known\n"
    )
    assert load(progress) == Progress()


def test_undo_unknown_topic_is_usage_error(run: CLI, progress: Path) -> None:
    run("done", "numpy", "--on", "2025-01-08")
    before = progress.read_text()
    code, _, err = run("undo", "nmpy", expect=2)
    assert code == 2
    assert err.startswith("error: unknown topic 'nmpy' (did you mean 'numpy'?)")
    assert progress.read_text() == before


def test_undo_removes_ids_the_curriculum_no_longer_has(run: CLI, progress: Path) -> None:
    progress.write_text("version: 1\ndone:\n  old-topic: 2024-05-01\n  numpy: 2025-01-08\n")
    code, out, err = run("undo", "old-topic")
    assert code == 0
    assert out == "undone: old-topic (was done on 2024-05-01)\n"
    assert "old-topic" in err  # the warning, before it was removed
    assert load(progress).done == {"numpy": date(2025, 1, 8)}


def test_undo_removes_known_ids_the_curriculum_no_longer_has(run: CLI, progress: Path) -> None:
    # A progress file kept from another curriculum (or an older one): its known ids
    # can be taken back as its done ids can, not refused as unknown topics.
    progress.write_text("version: 1\nknown:\n- old-topic\n- python\n")
    code, out, err = run("undo", "old-topic")
    assert (code, out) == (0, "undone: old-topic (was known)\n")
    assert "old-topic" in err  # the warning, before it was removed
    assert load(progress).known == ["python"]


def test_a_stale_preference_is_warned_about_and_the_others_still_apply(
    run: CLI, progress: Path
) -> None:
    progress.write_text("version: 1\nprefer: [old-topic, tensorflow]\ndone:\n")
    code, out, err = run("plan", "--goal", "deploy")
    assert code == 0
    assert f"{progress}:2:10: topic 'old-topic' (prefer) is not in the curriculum; ignored" in err
    assert "TensorFlow Serving" in out and "PyTorch" not in out


def test_a_topic_listed_twice_under_done_is_a_located_error(run: CLI, progress: Path) -> None:
    progress.write_text("version: 1\ndone:\n  numpy: 2025-01-08\n  numpy: 2025-01-09\n")
    code, out, err = run("status", "--goal", "deploy", expect=1)
    assert (code, out) == (1, "")
    assert err == f"error: {progress}:4:3: 'numpy' is listed twice under done\n"


def test_known_twice_and_an_iso_week_date_are_refused_kindly(run: CLI, progress: Path) -> None:
    run("done", "--known", "python")
    code, out, _ = run("done", "--known", "python")
    assert (code, out) == (0, "python (Python basics) was already known\n")
    code, out, err = run("done", "numpy", "--on", "2025-W02-1", expect=2)
    assert (code, out) == (2, "")
    assert "'2025-W02-1' is not a date like 2025-01-06 (YYYY-MM-DD)" in err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("version: 1\n? [a]\n: 1\n", "2:3: a key must be a plain word"),
        ("version: 1\ngoal: [deploy]\n", "2:1: unknown key 'goal' (did you mean 'goals'?); keys: "),
        ("version: 1\nknown: [python\n", "3:1: not valid YAML: expected ',' or ']'"),
        ('version: 1\nknown: ["  "]\n', "2:9: expected a topic id here"),
        ("version: 1\nhours_per_week: 0.4\n", "2:17: "),
        ("version: 1\nhours_per_week: 168.5\n", "2:17: "),
    ],
)
def test_a_wrong_progress_file_is_a_located_error(
    run: CLI, progress: Path, text: str, message: str
) -> None:
    progress.write_text(text)
    code, out, err = run("status", "--goal", "deploy", expect=1)
    assert (code, out) == (1, "")
    assert err.startswith(f"error: {progress}:{message}"), err
    assert progress.read_text() == text


def test_empty_keys_and_the_pace_limits_are_accepted(run: CLI, progress: Path) -> None:
    progress.write_text("version: 1\ngoals: ~\nknown: ~\nprefer: ~\nhours_per_week: ~\ndone: ~\n")
    assert run("status", "--goal", "deploy")[0] == 0
    for pace, weeks in (("0.5", "105 weeks at 0.5"), ("168", "1 week at 168")):
        progress.write_text(f"version: 1\nhours_per_week: {pace}\n")
        code, out, _ = run("status", "--goal", "deploy")
        assert code == 0 and f"{weeks} h/week" in out


def test_a_progress_file_over_the_size_limit_is_refused(run: CLI, progress: Path) -> None:
    head = "version: 1\n# "
    progress.write_text(head + "x" * (MAX_BYTES - len(head) - 1) + "\n")
    assert run("status", "--goal", "deploy")[0] == 0  # exactly the limit
    progress.write_text(head + "x" * (MAX_BYTES - len(head)) + "\n")
    code, _, err = run("status", "--goal", "deploy", expect=1)
    assert code == 1
    assert err == (
        f"error: {progress}: larger than the limit of {MAX_BYTES // 2**20} MiB; "
        "not a progress file\n"
    )


def test_next_lists_ready_topics_in_plan_order(run: CLI, progress: Path) -> None:
    code, out, _ = run("next", "--goal", "classify")
    assert code == 0
    assert out == (
        "Ready to study now for classify (2 of the 6 topics left):\n"
        "\n"
        "1. Python basics (python) · 10 h · beginner · foundations\n"
        "   Write small Python programs.\n"
        "   - The Python Tutorial · docs · free\n"
        "     https://docs.python.org/3/tutorial/\n"
        "\n"
        "4. Linear algebra (linear-algebra) · 8 h · beginner · math\n"
        "   Vectors and matrices.\n"
        "   - Essence of linear algebra · video · free\n"
        "     https://www.3blue1brown.com/topics/linear-algebra\n"
        "\n"
        "Mark a topic learned with: learning-path done TOPIC\n"
    )


def test_next_limit(run: CLI, progress: Path) -> None:
    code, out, _ = run("next", "--goal", "classify", "-n", "1")
    assert code == 0
    assert out.splitlines()[:3] == [
        "Ready to study now for classify (2 of the 6 topics left; the first one below):",
        "",
        "1. Python basics (python) · 10 h · beginner · foundations",
    ]
    assert "Linear algebra" not in out
    code, _, err = run("next", "--goal", "classify", "--limit", "0", expect=2)
    assert code == 2
    assert "--limit" in err


def test_next_follows_done_and_known_and_changes_nothing(run: CLI, progress: Path) -> None:
    run("done", "--known", "python")
    run("done", "numpy", "linear-algebra", "--on", "2025-01-08")
    code, out, _ = run("next", "--goal", "classify")
    assert code == 0
    assert out.splitlines()[:3] == [
        "Ready to study now for classify (1 of the 3 topics left):",
        "",
        "2. PyTorch (pytorch) · 12 h · intermediate · frameworks",
    ]
    assert load(progress).goals == []  # a report: its --goal is not remembered
    code, _, err = run("next", expect=2)
    assert code == 2 and "name a --goal" in err
    run("plan", "--goal", "classify")  # plan remembers the goal
    assert run("next")[1] == out


def test_next_when_everything_is_done(cli: CLI, run: CLI, progress: Path) -> None:
    run("done", "--known", "neural-networks")
    run("done", "text-classifier", "--on", "2025-03-01")
    code, out, _ = run("next", "--goal", "classify")
    assert (code, out) == (0, "Nothing left for classify: all 1 topics are done.\n")
    other = cli.with_options("--curriculum", SMALL, "--progress", progress.with_name("other.yaml"))
    other("done", "--known", "text-classifier")
    code, out, _ = other("next", "--goal", "classify")
    assert out == "Nothing to study for classify: you already know everything it needs.\n"


def test_next_without_any_goal_is_usage_error(run: CLI, progress: Path) -> None:
    code, out, err = run("next", expect=2)
    assert (code, out) == (2, "")
    assert f"name a --goal (none is remembered in {progress} yet)" in err
    code, _, err = run("next", "--goal", "clasify", expect=2)
    assert code == 2
    assert "unknown goal 'clasify' (did you mean 'classify'?)" in err
    assert not progress.exists()


def test_status_text_per_goal(run: CLI, progress: Path) -> None:
    run("done", "--known", "python")
    run("done", "numpy", "linear-algebra", "--on", "2025-01-08")
    code, out, _ = run(
        "status",
        "--goal",
        "classify",
        "--goal",
        "deploy",
        "--hours-per-week",
        "5",
    )
    assert code == 0
    assert out == (
        "classify (Classify text)\n"
        "  done:      2 topics, 12 h\n"
        "  remaining: 3 topics, 28.5 h, 6 weeks at 5 h/week\n"
        "deploy (Ship a model)\n"
        "  done:      2 topics, 12 h\n"
        "  remaining: 4 topics, 30.5 h, 7 weeks at 5 h/week\n"
        "All goals together\n"
        "  done:      2 topics, 12 h\n"
        "  remaining: 5 topics, 36.5 h, 8 weeks at 5 h/week\n"
        "Reviews due: 2 (numpy, linear-algebra); take them with: learning-path review\n"
        f"Progress file: {progress}\n"
    )
    stored = load(progress)  # what-if flags of a report change nothing
    assert stored.goals == [] and stored.hours_per_week is None


def test_a_whole_pace_is_written_as_a_whole_number(run: CLI, progress: Path) -> None:
    run("plan", "--goal", "classify", "--hours-per-week", "6.0")
    assert "\nhours_per_week: 6\n" in progress.read_text()
    run("plan", "--goal", "classify", "--hours-per-week", "7.5")
    assert "\nhours_per_week: 7.5\n" in progress.read_text()


def test_status_json_and_remembered_goal_and_pace(run: CLI, progress: Path) -> None:
    run("plan", "--goal", "classify", "--hours-per-week", "6")
    run("done", "numpy", "--on", "2025-01-08")
    code, out, _ = run("status", "--format", "json")
    assert code == 0
    assert json.loads(out) == {
        "progress_file": str(progress),
        "done": 1,
        "remaining": 5,
        "hours_done": 4.0,
        "hours_remaining": 46.5,
        "weeks_left": 8,
        "goals": {
            "classify": {
                "title": "Classify text",
                "done": 1,
                "remaining": 5,
                "hours_done": 4.0,
                "hours_remaining": 46.5,
                "weeks_left": 8,
            }
        },
        "reviews_due": [{"due": "2025-01-10", "number": 1, "title": "NumPy", "topic": "numpy"}],
    }


def test_status_without_pace(run: CLI, progress: Path) -> None:
    code, out, _ = run("status", "--goal", "deploy")
    assert code == 0
    assert out == (
        "deploy (Ship a model)\n"
        "  done:      0 topics, 0 h\n"
        "  remaining: 7 topics, 52.5 h\n"
        "Give your pace with --hours-per-week H to see the weeks left.\n"
        f"Progress file: {progress}\n"
    )
    code, out, _ = run("status", "--goal", "deploy", "--format", "json")
    assert json.loads(out)["weeks_left"] is None


def test_status_bad_pace_is_usage_error(run: CLI, progress: Path) -> None:
    for pace in ("0", "-1", "nan", "inf", "0.25", "169"):
        code, _, err = run("status", "--goal", "deploy", "--hours-per-week", pace, expect=2)
        assert code == 2, pace
        assert "--hours-per-week" in err
    assert not progress.exists()  # an out-of-range pace is never remembered


def _unwritable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every new file fails as on a read-only file system (root ignores chmod)."""

    def refuse(*args: object, **kwargs: object) -> NoReturn:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)


def test_reports_never_write_the_progress_file(
    run: CLI, progress: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """status and next only report: their --goal, --prefer and --hours-per-week are
    what-ifs, so they print on a read-only file system, with no warning, and leave no file."""
    expected = {
        ("status", "--goal", "deploy"): run("status", "--goal", "deploy")[1],
        ("next", "--goal", "deploy"): run("next", "--goal", "deploy")[1],
    }
    assert not progress.exists()
    _unwritable(monkeypatch)
    for args, out in expected.items():
        assert run(*args) == (0, out, ""), args
    code, stdout, err = run("status", "--goal", "deploy", "--hours-per-week", "5")
    assert (code, err) == (0, "") and "52.5 h, 11 weeks at 5 h/week\n" in stdout
    code, stdout, err = run("explain", "tensorflow", "--goal", "deploy", "--prefer", "tensorflow")
    assert (code, err) == (0, "") and "is step" in stdout
    assert not progress.exists()
    # plan remembers, and says so when it cannot: the plan itself is still printed
    code, stdout, err = run("plan", "--goal", "deploy")
    assert code == 0 and stdout.startswith("# Study plan: Ship a model")
    assert err.startswith(f"warning: could not remember your choices in {progress}: ")
    # commands whose point is to write still fail
    code, _, err = run("done", "numpy", expect=1)
    assert code == 1
    assert err == f"error: {progress}: cannot write here: Read-only file system\n"


def test_plan_ticks_done_topics_and_counts_remaining_hours(run: CLI, progress: Path) -> None:
    run("done", "--known", "python")
    run("done", "numpy", "linear-algebra", "--on", "2025-01-08")
    code, out, _ = run(
        "plan",
        "--goal",
        "classify",
        "--hours-per-week",
        "10",
        "--start",
        "2025-01-06",
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[2] == (
        "*Curriculum: Tiny ML. Goals: `classify`. Already known: `python`. "
        "Skipped as known or implied: 1 topic, 10 hours (`python`).*"
    )
    assert lines[4] == (
        "**5 topics, 2 done · 28.5 of 40.5 hours to go · about 3 weeks at 10 h/week"
        " · 2025-01-06 to 2025-01-26**"
    )
    ticked = [line.split(" <!-- ")[0] for line in lines if line.startswith("- [")]
    assert ticked == [
        "- [x] **1. NumPy** · 4 h · beginner · foundations",
        "- [ ] **2. PyTorch** · 12 h · intermediate · frameworks · weeks 1\N{EN DASH}2",
        "- [x] **3. Linear algebra** · 8 h · beginner · math",
        "- [ ] **4. Neural networks** · 10.5 h · intermediate · deep-learning"
        " · weeks 2\N{EN DASH}3",
        "- [ ] **5. Project: text classifier \\<v1\\>** · 6 h · intermediate · projects",
    ]
    data = json.loads(run("plan", "--goal", "classify", "--format", "json")[1])
    assert data["done"] == ["numpy", "linear-algebra"]
    assert (data["total_hours"], data["hours_done"], data["hours_remaining"]) == (40.5, 12, 28.5)
    assert [s["done"] for s in data["steps"]] == [True, False, True, False, False]
    assert data["steps"][0]["start_week"] is None  # done topics take no time


def test_plan_uses_remembered_goals_pace_and_preference(run: CLI, progress: Path) -> None:
    progress.write_text(
        "version: 1\ngoals: [deploy]\nhours_per_week: 8\nprefer: [tensorflow]\nfree_only: true\n"
    )
    code, out, _ = run("plan", "--start", "2025-01-06", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["goals"] == ["deploy"] and data["prefer"] == ["tensorflow"]
    assert data["hours_per_week"] == 8 and data["weeks"] == 7 and data["free_only"]
    # the command line wins over what is remembered
    code, out, _ = run(
        "plan",
        "--goal",
        "classify",
        "--prefer",
        "pytorch",
        "--all-resources",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert data["goals"] == ["classify"] and data["prefer"] == ["pytorch"]
    assert not data["free_only"]
    assert data["start_date"] is not None  # a remembered pace dates the plan
    assert data["remembered"] == ["hours_per_week"]
    # what the command line chose is remembered for every later command
    stored = load(progress)
    assert stored.goals == ["classify"] and stored.prefer == ["pytorch"]
    assert stored.hours_per_week == 8 and not stored.free_only


def test_plan_with_only_a_target_ignores_remembered_goals(run: CLI, progress: Path) -> None:
    progress.write_text("version: 1\ngoals: [deploy]\n")
    code, out, _ = run("plan", "--target", "numpy", "--format", "json")
    assert code == 0
    assert json.loads(out)["goals"] == []


def test_environment_variable_moves_the_progress_file(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    moved = tmp_path / "elsewhere.yaml"
    monkeypatch.setenv("LEARNING_PATH_PROGRESS", str(moved))
    result = cli("done", "numpy", "--on", "2025-01-08", "--curriculum", SMALL)
    assert result.exit_code == 0
    assert load(moved).done == {"numpy": date(2025, 1, 8)}


def test_default_progress_file_is_per_user_unless_one_is_in_the_current_directory(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LEARNING_PATH_PROGRESS")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    here, elsewhere = tmp_path / "here", tmp_path / "elsewhere"
    here.mkdir()
    elsewhere.mkdir()
    monkeypatch.chdir(here)
    result = cli("plan", "--goal", "classify", "--curriculum", SMALL)
    assert result.exit_code == 0, result.stderr
    per_user = tmp_path / "data" / "learning-path" / "progress.yaml"
    assert per_user.is_file() and not (here / "learning-path-progress.yaml").exists()
    monkeypatch.chdir(elsewhere)  # the same learner from any directory
    result = cli("done", "numpy", "--curriculum", SMALL)
    assert result.exit_code == 0
    result = cli("status", "--curriculum", SMALL)
    assert result.exit_code == 0 and "done:      1 topic" in result.stdout
    assert f"Progress file: {per_user}" in result.stdout
    # a file in the current directory, as earlier versions wrote, is still used
    (elsewhere / "learning-path-progress.yaml").write_text("version: 1\ngoals: [deploy]\n")
    result = cli("status", "--curriculum", SMALL)
    assert "deploy (Ship a model)" in result.stdout
    assert "Progress file: learning-path-progress.yaml" in result.stdout


BROKEN = [
    ("version: 1\ngoals: [a\n", "3:1: not valid YAML: expected ',' or ']', but got '<stream end>'"),
    ("version: 1\ngoal: [classify]\n", "2:1: unknown key 'goal' (did you mean 'goals'?)"),
    ("version: 2\n", "1:10: unsupported version; this tool reads version 1"),
    ("version: 1\ngoals: nlp\n", "2:8: goals must be a list of ids, e.g. [nlp]"),
    ("version: 1\nknown: [numpy, [x]]\n", "2:16: expected a topic id here"),
    ("done:\n  numpy: yesterday\n", "2:10: expected a date as YYYY-MM-DD (or nothing)"),
    ("done: [numpy]\n", "1:7: done must map topic ids to dates, e.g. {numpy: 2025-01-08}"),
    *(
        (
            f"hours_per_week: {pace}\n",
            "1:17: hours_per_week must be a number of hours from 0.5 to 168",
        )
        for pace in ("0", "lots", "0.25", "169", ".inf", ".nan", "-5", "1" + "0" * 400)
    ),
    ("free_only: maybe\n", "1:12: free_only must be true or false"),
    ("- numpy\n", "1:1: a progress file is a mapping of keys (version, goals, ...)"),
    ("known: [a]\nknown: [b]\n", "2:1: duplicate key 'known' (first at line 1:1)"),
    ("known: &k [numpy]\nprefer: *k\n", "1:8: anchors and aliases are not allowed"),
]


@pytest.mark.parametrize(("text", "message"), BROKEN)
def test_broken_progress_file_is_located_and_never_overwritten(
    run: CLI, progress: Path, text: str, message: str
) -> None:
    progress.write_text(text)
    for args in (["done", "numpy"], ["status", "--goal", "classify"], ["plan", "--goal", "deploy"]):
        code, out, err = run(*args, expect=1)
        assert (code, out) == (1, ""), args
        assert err.startswith(f"error: {progress}:{message}"), err
        assert progress.read_text() == text
    assert sorted(p.name for p in progress.parent.iterdir()) == [progress.name]


def test_unreadable_progress_files(run: CLI, progress: Path) -> None:
    progress.write_bytes(b"version: 1\n\xff\n")
    code, _, err = run("done", "numpy", expect=1)
    assert code == 1
    assert err == f"error: {progress}: not UTF-8 text (byte 12)\n"
    progress.unlink()
    progress.mkdir()
    with pytest.raises(ProgressError, match="is a directory, not a progress file"):
        load(progress)


def test_a_directory_as_progress_file_says_where_it_was_named(
    cli: CLI, run: CLI, progress: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    progress.mkdir()
    example = progress / "learning-path-progress.yaml"
    code, _, err = run("status", "--goal", "deploy", expect=2)
    assert code == 2
    assert err.endswith(
        f"Error: Invalid value for '--progress': '{progress}' is a directory, not a progress "
        f"file; name a file in it, e.g. --progress {example}\n"
    )
    assert "env var" not in err  # the option named it, not the environment
    monkeypatch.setenv("LEARNING_PATH_PROGRESS", str(progress))
    result = cli("next", "--goal", "deploy", "--curriculum", SMALL, expect=2)
    assert result.exit_code == 2
    assert result.stderr.endswith(
        f"Error: Invalid value for LEARNING_PATH_PROGRESS: '{progress}' is a directory, not a "
        f"progress file; name a file in it, e.g. LEARNING_PATH_PROGRESS={example}\n"
    )
    monkeypatch.delenv("LEARNING_PATH_PROGRESS")
    monkeypatch.chdir(progress)
    Path("learning-path-progress.yaml").mkdir()
    result = cli("done", "numpy", "--curriculum", SMALL, expect=2)
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: Invalid value for '--progress': 'learning-path-progress.yaml' (the default) "
        "is a directory; name a file with --progress FILE\n"
    )


def test_ids_the_curriculum_lost_are_warned_about_and_kept(run: CLI, progress: Path) -> None:
    progress.write_text(
        "version: 1\ngoals: [classify, gone]\nknown: [python, old-topic]\n"
        "done:\n  numpy: 2025-01-08\n  retired: 2024-01-01\n"
    )
    code, out, err = run("done", "pytorch", "--on", "2025-02-01")
    assert code == 0
    assert out == "done: pytorch (PyTorch) on 2025-02-01\n"
    assert err == (
        f"warning: {progress}:2:19: goal 'gone' (goals) is not in the curriculum; ignored\n"
        f"warning: {progress}:3:17: topic 'old-topic' (known) is not in the curriculum; ignored\n"
        f"warning: {progress}:6:3: topic 'retired' (done) is not in the curriculum; ignored\n"
    )
    stored = load(progress)
    assert stored.goals == ["classify", "gone"] and stored.known == ["python", "old-topic"]
    assert list(stored.done) == ["numpy", "retired", "pytorch"]
    code, out, _ = run("status")
    assert code == 0 and out.startswith("classify (Classify text)\n  done:      2 topics, 16 h\n")


def test_save_and_load_round_trip(progress: Path) -> None:
    original = Progress(
        goals=["deploy"],
        hours_per_week=7.5,
        prefer=["tensorflow"],
        free_only=True,
        known=["python"],
        done={"numpy": date(2025, 1, 8), "linear-algebra": None},
    )
    save(progress, original)
    assert load(progress) == original
    assert "hours_per_week: 7.5\n" in progress.read_text()
    assert load(progress.parent / "missing.yaml") == Progress()
    progress.write_text("")
    assert load(progress) == Progress()


def test_a_pace_too_long_for_python_to_read_is_located(progress: Path) -> None:
    progress.write_text("version: 1\nhours_per_week: " + "9" * 5000 + "\n")
    with pytest.raises(ProgressError) as caught:
        load(progress)
    assert caught.value.format_message() == (
        f"{progress}:2:17: hours_per_week must be a number of hours from 0.5 to 168"
    )


def test_stale_ids_without_locations() -> None:
    curriculum = load_curriculum(Path(__file__).parent / "fixtures" / "small")
    assert stale_ids(Progress(known=["gone"]), curriculum) == [
        "progress file: topic 'gone' (known) is not in the curriculum; ignored"
    ]


def test_did_you_mean_folds_case_accents_and_spaces() -> None:
    from learning_path.text import did_you_mean

    assert (
        did_you_mean("Über-Topic", ["uber-topic", "ber-topic"]) == " (did you mean 'uber-topic'?)"
    )
    assert did_you_mean("Linear Algebra", ["linear-algebra"]) == " (did you mean 'linear-algebra'?)"
    assert did_you_mean("cobol", ["numpy", "pandas"]) == ""
