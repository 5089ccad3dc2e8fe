"""Topic ids are a public contract: renamed and split topics keep their old ids working
through ``replaces`` (progress files, --known/--target/--prefer, done/undo, show/explain,
overlays), and every id the bundled curriculum ever had still means something."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from learning_path import load_curriculum
from learning_path.errors import CurriculumError
from learning_path.progress import load as load_progress
from tests.conftest import CLI

OLD = Path(__file__).parent / "progress-fixtures" / "ids-2026-11"
BUNDLED = load_curriculum()


def _old_ids(kind: str) -> list[str]:
    lines = (OLD / "bundled-ids.txt").read_text(encoding="utf-8").splitlines()
    return [line.split()[1] for line in lines if line.startswith(f"{kind} ")]


def test_the_fixture_lists_every_id_of_the_day_it_was_written() -> None:
    assert len(_old_ids("topic")) == 135 and len(_old_ids("goal")) == 5


@pytest.mark.parametrize("topic_id", _old_ids("topic"))
def test_every_old_bundled_topic_id_is_defined_or_replaced(topic_id: str) -> None:
    replaced = BUNDLED.replaced()
    assert topic_id in BUNDLED.topics or topic_id in replaced, topic_id
    assert not (topic_id in BUNDLED.topics and topic_id in replaced)


def test_every_old_goal_id_is_still_a_goal() -> None:
    assert set(_old_ids("goal")) <= set(BUNDLED.goals)


def test_an_old_progress_file_keeps_everything_it_recorded() -> None:
    stored = load_progress(OLD / "progress.yaml")
    usable = stored.usable(BUNDLED)
    current = BUNDLED.current_ids
    for old in stored.known:
        assert set(current([old])) <= set(usable.known), old
    for old, day in stored.done.items():
        for new in current([old]):
            assert usable.done.get(new) is not None, old
            if new == old:
                assert usable.done[new] == day
    assert usable.prefer == current(stored.prefer)


@pytest.mark.parametrize(
    "command",
    [
        ["status"],
        ["status", "--format", "json"],
        ["next"],
        ["plan", "--format", "json"],
        ["explain", "python-basics"],
        ["show", "llm-prompting-rag"],
    ],
    ids=lambda c: " ".join(c),
)
def test_commands_work_on_an_old_progress_file(
    cli: CLI, tmp_path: Path, command: list[str]
) -> None:
    progress = tmp_path / "progress.yaml"
    progress.write_bytes((OLD / "progress.yaml").read_bytes())
    before = progress.read_bytes()
    result = cli(*command, "--progress", progress)
    assert result.exit_code == 0, result.stderr
    assert "is not in the curriculum" not in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    if command[0] in ("status", "next", "explain", "show"):
        assert progress.read_bytes() == before  # reading maps ids; it rewrites nothing


def test_status_of_an_old_progress_file_counts_every_goal(cli: CLI) -> None:
    result = cli("status", "--format", "json", "--progress", OLD / "progress.yaml")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data["goals"]) == set(_old_ids("goal"))
    assert data["done"] > 0 and data["hours_done"] > 0


# --- a small curriculum with one rename and one split ----------------------------------

BASE = {
    "version": 1,
    "goals": {"ship": {"title": "Ship", "targets": ["deploy"]}},
    "topics": {
        "python": {"title": "Python", "summary": "s.", "hours": 4},
        "numpy-arrays": {
            "title": "NumPy",
            "summary": "s.",
            "hours": 2,
            "prerequisites": ["python"],
            "replaces": ["numpy"],
        },
        "prompting": {
            "title": "Prompting",
            "summary": "s.",
            "hours": 3,
            "prerequisites": ["numpy-arrays"],
            "replaces": ["llm-basics"],
        },
        "retrieval": {
            "title": "Retrieval",
            "summary": "s.",
            "hours": 5,
            "prerequisites": ["numpy-arrays"],
            "replaces": ["llm-basics"],
        },
        "deploy": {
            "title": "Deploy",
            "summary": "s.",
            "hours": 1,
            "prerequisites": ["prompting", "retrieval"],
        },
    },
}


@pytest.fixture
def base(tmp_path: Path) -> Path:
    path = tmp_path / "base.yaml"
    path.write_text(yaml.safe_dump(BASE, sort_keys=False), encoding="utf-8")
    return path


def _plan(cli: CLI, base: Path, *args: str) -> dict[str, object]:
    code, out, err = cli("plan", "--curriculum", str(base), "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_known_target_and_prefer_name_old_ids(cli: CLI, base: Path) -> None:
    data = _plan(cli, base, "--target", "llm-basics", "--known", "numpy")
    assert [s["id"] for s in data["steps"]] == ["prompting", "retrieval"]  # type: ignore[index]
    assert data["known"] == ["numpy-arrays"] and data["targets"] == ["prompting", "retrieval"]


def test_each_command_says_once_which_old_id_it_mapped(
    cli: CLI, base: Path, tmp_path: Path
) -> None:
    progress = tmp_path / "p.yaml"
    progress.write_text("version: 1\ngoals: [ship]\nknown: [numpy]\n", encoding="utf-8")
    code, _, err = cli(
        "plan", "--curriculum", str(base), "--progress", str(progress), "--known", "numpy"
    )
    assert code == 0
    notes = [line for line in err.splitlines() if line.startswith("note:")]
    assert len(notes) == 1 and "'numpy' is now 'numpy-arrays'" in notes[0]
    assert f"{progress}:3:" in notes[0]


def test_done_and_undo_with_old_and_new_ids(cli: CLI, base: Path, tmp_path: Path) -> None:
    progress = tmp_path / "p.yaml"
    progress.write_text(
        "version: 1\ngoals: [ship]\ndone:\n  llm-basics: 2026-01-05\n", encoding="utf-8"
    )
    data = _plan(cli, base, "--progress", str(progress))
    done = {s["id"] for s in data["steps"] if s["done"]}  # type: ignore[attr-defined]
    assert done == {"prompting", "retrieval"}  # the old id counts for both parts
    code, out, _ = cli("undo", "retrieval", "--curriculum", str(base), "--progress", str(progress))
    assert code == 0 and "was done as 'llm-basics' on 2026-01-05" in out
    stored = load_progress(progress)
    assert stored.done == {"prompting": stored.done["prompting"]}
    assert str(stored.done["prompting"]) == "2026-01-05"  # the other part keeps its date
    code, out, _ = cli("done", "numpy", "--curriculum", str(base), "--progress", str(progress))
    assert code == 0 and "numpy-arrays" in out
    assert "numpy-arrays" in load_progress(progress).done


def test_show_and_explain_an_old_split_id_cover_each_part(cli: CLI, base: Path) -> None:
    code, out, err = cli("show", "llm-basics", "--curriculum", str(base))
    assert code == 0 and "Prompting (prompting)" in out and "Retrieval (retrieval)" in out
    assert "split" in err
    code, out, _ = cli("explain", "llm-basics", "--goal", "ship", "--curriculum", str(base))
    assert code == 0 and out.count("in your plan for ship") == 2


def test_unknown_id_in_a_progress_file_is_a_located_warning_and_stays(
    cli: CLI, base: Path, tmp_path: Path
) -> None:
    progress = tmp_path / "p.yaml"
    progress.write_text("version: 1\ngoals: [ship]\nknown: [numpy, cobol]\n", encoding="utf-8")
    code, _, err = cli("done", "python", "--curriculum", str(base), "--progress", str(progress))
    assert code == 0
    assert f"{progress}:3:" in err and "'cobol'" in err
    assert load_progress(progress).known == ["numpy", "cobol"]  # nothing dropped


def test_overlays_may_name_old_ids(cli: CLI, base: Path, tmp_path: Path) -> None:
    overlay = tmp_path / "ov.yaml"
    overlay.write_text(
        f"version: 1\nextends: {base.name}\n"
        "topics:\n"
        "  capstone: {title: C, summary: s., hours: 9, prerequisites: [llm-basics]}\n"
        "patch:\n  numpy:\n    hours: 7\n"
        "goals:\n  ship: {title: Ship, targets: [capstone]}\n",
        encoding="utf-8",
    )
    curriculum = load_curriculum(overlay)
    assert curriculum.topics["numpy-arrays"].hours == 7
    assert curriculum.topics["capstone"].prerequisites == ["prompting", "retrieval"]
    assert all(n.severity == "note" for n in curriculum.notes) and len(curriculum.notes) == 2
    code, _, err = cli("validate", str(overlay))
    assert code == 0 and err.count("note:") == 2 and f"{overlay}:4:" in err


def test_unknown_id_in_an_overlay_is_an_error_that_suggests_old_ids(
    base: Path, tmp_path: Path
) -> None:
    overlay = tmp_path / "ov.yaml"
    overlay.write_text(
        f"version: 1\nextends: {base.name}\npatch:\n  llm-basic:\n    hours: 2\n",
        encoding="utf-8",
    )
    with pytest.raises(CurriculumError) as caught:
        load_curriculum(overlay)
    assert f"{overlay}:4:" in str(caught.value) and "did you mean 'llm-basics'" in str(caught.value)


def test_validate_refuses_an_id_both_defined_and_replaced(cli: CLI, tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "version: 1\ntopics:\n"
        "  a: {title: A, summary: s., hours: 1}\n"
        "  b: {title: B, summary: s., hours: 1, replaces: [a]}\n",
        encoding="utf-8",
    )
    code, _, err = cli("validate", str(path), expect=1)
    assert code == 1 and f"{path}:4:" in err and "still defined" in err


def test_validate_refuses_an_old_id_claimed_from_two_files(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "1.yaml").write_text(
        "version: 1\ntopics:\n  a: {title: A, summary: s., hours: 1, replaces: [old]}\n",
        encoding="utf-8",
    )
    (tmp_path / "c" / "2.yaml").write_text(
        "version: 1\ntopics:\n  b: {title: B, summary: s., hours: 1, replaces: [old]}\n",
        encoding="utf-8",
    )
    code, _, err = cli("validate", str(tmp_path / "c"), expect=1)
    assert code == 1 and "'old' is already replaced by 'a'" in err


def test_json_schema_documents_replaces_after_sequence_and_framework(cli: CLI) -> None:
    code, out, _ = cli("schema")
    assert code == 0
    text = json.loads(out)
    flat = json.dumps(text)
    for key in ("replaces", "after", "sequence", "framework"):
        assert f'"{key}"' in flat, key


def test_hours_and_reviews_of_an_old_id_follow_it(base: Path, tmp_path: Path) -> None:
    progress = tmp_path / "p.yaml"
    progress.write_text(
        "version: 1\ngoals: [ship]\ndone:\n  llm-basics: 2025-01-06\n  numpy: 2025-01-06\n"
        "hours:\n  llm-basics: 16\n  numpy: 3\n"
        "reviews:\n  numpy:\n  - 2025-01-10 good\n",
        encoding="utf-8",
    )
    usable = load_progress(progress).usable(load_curriculum(base))
    assert usable.hours == {"numpy-arrays": 3, "prompting": 6, "retrieval": 10}  # by estimate
    assert list(usable.reviews) == ["numpy-arrays"]
