"""The curriculum cache: a warm load is the cold load without reading YAML, and anything
that could make them differ (a byte of any file, the order of overlays, the tool's
version, a damaged, foreign or shared entry) makes it a miss."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import learning_path
from learning_path import cache, load_curriculum, loader
from learning_path.cli import cli
from learning_path.errors import CurriculumError
from learning_path.model import TOPIC_FIELDS, Curriculum
from learning_path.resources import data_path

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache directory of this test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.DIR_VAR, str(folder))
    monkeypatch.delenv(cache.OFF_VAR, raising=False)
    return folder


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files each load reads as YAML (none on a warm load)."""
    seen: list[str] = []
    real = loader.read_file

    def read_file(path: Path, shown: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(shown)
        return real(path, shown, *args, **kwargs)

    monkeypatch.setattr(loader, "read_file", read_file)
    return seen


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle"))


def everything(curriculum: Curriculum) -> dict[str, Any]:
    """All a later stage can see of a curriculum, located parts included."""
    keys: list[tuple[str, ...]] = []
    for topic_id, topic in curriculum.topics.items():
        keys.append(("topic", topic_id))
        keys += [("field", topic_id, name) for name in TOPIC_FIELDS]
        for kind, items in (
            ("prereq", topic.prerequisites),
            ("after", topic.after),
            ("replaces", topic.replaces),
            ("resource", topic.resources),
        ):
            keys += [(kind, topic_id, str(i)) for i in range(len(items) + 1)]
        keys += [("patch", topic_id), ("removed", topic_id)]
    for goal_id, goal in curriculum.goals.items():
        keys.append(("goal", goal_id))
        keys += [("target", goal_id, str(i)) for i in range(len(goal.targets) + 1)]
    return {
        "dump": curriculum.content(),
        "types": [type(t).__name__ for t in curriculum.topics.values()],
        "notes": [str(n) for n in curriculum.notes],
        "paths": [str(p) for p in curriculum.source_paths],
        "replaced": curriculum.replaced(),
        "located": {key: str(curriculum.locate(*key)) for key in keys},
        "known": {key: curriculum.has_location(*key) for key in keys},
        "graph": graph_of(curriculum),
    }


def graph_of(curriculum: Curriculum) -> Any:
    graph = curriculum._graph
    return None if graph is None else (list(graph.nodes), list(graph.edges(data=True)))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A copy of the small fixture curriculum and its mentor overlay."""
    shutil.copytree(FIXTURES / "small", tmp_path / "small")
    shutil.copytree(FIXTURES / "overlay", tmp_path / "overlay")
    return tmp_path


# --- a warm load is the cold load -----------------------------------------------------


@pytest.mark.parametrize(
    "layers",
    [
        None,
        [FIXTURES / "overlay" / "reading-group.yaml"],
        [FIXTURES / "overlay" / "mentor.yaml"],
        [FIXTURES / "small", FIXTURES / "overlay" / "mentor.yaml"],
    ],
    ids=["bundled", "reading-group", "mentor", "two-layers"],
)
def test_a_warm_load_is_the_cold_load(
    cache_dir: Path, reads: list[str], layers: list[Path] | None
) -> None:
    cold = load_curriculum(layers, cache=False)
    assert reads and not entries(cache_dir)
    first = load_curriculum(layers)  # reads the files and stores the result
    assert len(entries(cache_dir)) == 1
    reads.clear()
    warm = load_curriculum(layers)
    assert reads == []
    assert everything(warm) == everything(cold) == everything(first)
    assert warm is not first and warm.topics is not first.topics


def test_the_graph_is_cached_once_checked(cache_dir: Path, reads: list[str]) -> None:
    plain = loader.load()  # no graph checks: stored without a graph
    assert plain._graph is None
    reads.clear()
    assert loader.load()._graph is None and reads == []
    checked = load_curriculum()  # checks the cached curriculum, stores the graph
    assert reads == [] and graph_of(checked) is not None
    warm = loader.load()
    assert graph_of(warm) == graph_of(checked) == graph_of(load_curriculum(cache=False))


def test_a_warm_load_still_reports_graph_errors_where_they_are(
    cache_dir: Path, reads: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    cyclic = write(
        tmp_path / "c.yaml",
        """
        version: 1
        topics:
          a: {title: A, summary: S, hours: 1, prerequisites: [b]}
          b: {title: B, summary: S, hours: 1, prerequisites: [a]}
        """,
    )
    said = []
    for _ in range(2):
        with pytest.raises(CurriculumError) as error:
            load_curriculum(cyclic)
        said.append([str(d) for d in error.value.diagnostics])
    assert reads == ["c.yaml"]  # the second load was warm
    assert said[0] == said[1] and said[0][0].startswith("c.yaml:3:")


def test_a_file_with_errors_is_never_stored(cache_dir: Path, tmp_path: Path) -> None:
    broken = write(tmp_path / "c.yaml", "version: 1\ntopics:\n  a: {title: A}\n")
    for _ in range(2):
        with pytest.raises(CurriculumError):
            load_curriculum(broken)
    assert entries(cache_dir) == []


# --- what makes a miss ------------------------------------------------------------------


def edit_one_byte(path: Path, old: bytes, new: bytes) -> None:
    content = path.read_bytes()
    assert old in content and len(old) == len(new)
    assert sum(a != b for a, b in zip(old, new, strict=True)) == 1
    path.write_bytes(content.replace(old, new, 1))


@pytest.mark.parametrize("which", ["bundled copy", "user file", "overlay"])
def test_one_byte_edited_in_any_file_is_a_miss(
    cache_dir: Path, reads: list[str], small: Path, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    monkeypatch.chdir(small)
    if which == "bundled copy":
        shutil.copytree(data_path("curriculum"), small / "bundled")
        layers: list[str | Path] = ["bundled"]
        target = sorted((small / "bundled").glob("*.yaml"))[-1]
    else:
        layers = ["small", "overlay/mentor.yaml"]
        target = small / ("small/01-topics.yaml" if which == "user file" else layers[1])
    before = load_curriculum(layers)
    reads.clear()
    assert everything(load_curriculum(layers)) == everything(before) and reads == []
    edit_one_byte(target, b"title: ", b"title:\t")  # a tab after the colon: same YAML
    after = load_curriculum(layers)
    assert reads  # read again
    assert everything(after)["dump"] == everything(before)["dump"]
    content = target.read_bytes()
    at = content.index(b"hours: ") + len(b"hours: ")
    digit = b"7" if content[at : at + 1] != b"7" else b"6"
    target.write_bytes(content[:at] + digit + content[at + 1 :])  # one byte: another hour
    reads.clear()
    changed = load_curriculum(layers)
    assert reads
    assert changed.content() != before.content()
    assert changed.content() == load_curriculum(layers, cache=False).content()


def test_overlays_in_another_order_are_another_entry(
    cache_dir: Path, reads: list[str], tmp_path: Path
) -> None:
    base = FIXTURES / "small"
    one = write(tmp_path / "one.yaml", "version: 1\npatch:\n  numpy: {hours: 5}\n")
    two = write(tmp_path / "two.yaml", "version: 1\npatch:\n  numpy: {hours: 7}\n")
    assert load_curriculum([base, one, two]).topics["numpy"].hours == 7
    assert load_curriculum([base, two, one]).topics["numpy"].hours == 5
    reads.clear()
    assert load_curriculum([base, one, two]).topics["numpy"].hours == 7
    assert load_curriculum([base, two, one]).topics["numpy"].hours == 5
    assert reads == [] and len(entries(cache_dir)) == 2


def test_a_new_file_in_a_curriculum_directory_is_a_miss(
    cache_dir: Path, small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(small)
    assert "extra" not in load_curriculum("small").topics
    write(
        small / "small" / "02-extra.yaml",
        "version: 1\ntopics:\n  extra: {title: Extra, summary: S, hours: 1}\n",
    )
    assert "extra" in load_curriculum("small").topics


def test_a_file_shown_by_another_name_is_a_miss(
    cache_dir: Path, reads: list[str], small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(small)
    assert load_curriculum(small / "small").sources[0] == "small/00-goals.yaml"
    monkeypatch.chdir(small / "small")
    reads.clear()
    assert load_curriculum(small / "small").sources[0] == "00-goals.yaml"
    assert reads  # the names shown in messages changed with the working directory


def test_a_version_bump_is_a_miss(
    cache_dir: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    small = FIXTURES / "small"
    load_curriculum(small)
    reads.clear()
    load_curriculum(small)
    assert reads == []
    monkeypatch.setattr(learning_path, "__version__", "99.0.0")
    load_curriculum(small)
    assert reads and len(entries(cache_dir)) == 2


@pytest.mark.parametrize("kind", ["_PICKLED", "_RULES"])
def test_an_edit_of_the_code_an_entry_holds_is_a_miss(
    kind: str, cache_dir: Path, reads: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Objects of the tool's classes (and networkx's) are unpickled from an entry, and
    the format's rules decided what it holds: a development install whose classes or
    rules changed under the same version misses."""
    module = write(tmp_path / "code" / "lp_models_here.py", "X = 1\n")
    monkeypatch.syspath_prepend(str(module.parent))
    monkeypatch.setattr(cache, kind, (*getattr(cache, kind), "lp_models_here"))
    small = FIXTURES / "small"
    load_curriculum(small)
    reads.clear()
    load_curriculum(small)
    assert reads == []
    module.write_text("X = 2  # changed\n")
    load_curriculum(small)
    assert reads


def test_no_cache_and_its_variable_read_every_time(
    cache_dir: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    small = FIXTURES / "small"
    load_curriculum(small, cache=False)
    assert entries(cache_dir) == []
    files = len(reads)
    monkeypatch.setenv(cache.OFF_VAR, "1")
    load_curriculum(small)
    load_curriculum(small)
    assert entries(cache_dir) == [] and len(reads) == 3 * files > 0
    monkeypatch.setenv(cache.OFF_VAR, "0")  # 0 or empty: on
    load_curriculum(small)
    assert len(entries(cache_dir)) == 1


def test_validate_always_reads_the_files(
    cache_dir: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    small = FIXTURES / "small"
    load_curriculum(small)
    assert len(entries(cache_dir)) == 1

    def refuse(path: Path) -> None:
        raise AssertionError("validate looked in the cache")

    monkeypatch.setattr(cache, "read", refuse)
    reads.clear()
    result = CliRunner().invoke(cli, ["validate", str(small)])
    assert result.exit_code == 0, result.output
    assert len(reads) == len(list(small.glob("*.yaml")))


def test_the_no_cache_option_reads_the_files(
    cache_dir: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    small = FIXTURES / "small"
    load_curriculum(small)
    looked: list[Path] = []
    real = cache.read

    def spy(path: Path) -> object:
        looked.append(path)
        return real(path)

    monkeypatch.setattr(cache, "read", spy)
    reads.clear()
    result = CliRunner().invoke(cli, ["--no-cache", "goals", "--curriculum", str(small)])
    assert result.exit_code == 0, result.output
    assert looked == [] and len(reads) == len(list(small.glob("*.yaml")))
    result = CliRunner().invoke(cli, ["goals", "--curriculum", str(small)])
    assert result.exit_code == 0, result.output
    assert len(looked) == 1  # without the option, the entry is read


# --- a damaged, foreign or shared entry, an unwritable directory ------------------------


@pytest.mark.parametrize(
    "damage",
    ["one byte flipped", "truncated", "empty", "garbage", "another format", "a directory"],
)
def test_a_damaged_entry_is_ignored_and_rebuilt(
    cache_dir: Path, reads: list[str], damage: str
) -> None:
    small = FIXTURES / "small"
    cold = everything(load_curriculum(small, cache=False))
    load_curriculum(small)
    (entry,) = entries(cache_dir)
    content = entry.read_bytes()
    if damage == "one byte flipped":
        middle = len(content) // 2
        entry.write_bytes(content[:middle] + bytes([content[middle] ^ 1]) + content[middle + 1 :])
    elif damage == "truncated":
        entry.write_bytes(content[: len(content) - 100])
    elif damage == "empty":
        entry.write_bytes(b"")
    elif damage == "garbage":
        entry.write_bytes(os.urandom(len(content)))
    elif damage == "another format":
        entry.write_bytes(b"learning-path cache\n" + b"\0" * 32 + content[52:])
    else:
        entry.unlink()
        entry.mkdir()
    reads.clear()
    assert everything(load_curriculum(small)) == cold
    assert reads  # read from the files
    if damage != "a directory":
        reads.clear()
        assert everything(load_curriculum(small)) == cold
        assert reads == []  # and stored again


def test_an_entry_others_may_write_is_not_trusted(cache_dir: Path, reads: list[str]) -> None:
    load_curriculum(FIXTURES / "small")
    (entry,) = entries(cache_dir)
    entry.chmod(0o666)
    reads.clear()
    load_curriculum(FIXTURES / "small")
    assert reads
    assert stat.S_IMODE(entry.stat().st_mode) & 0o022 == 0  # rewritten as the user's own


def test_an_unwritable_cache_directory_is_skipped(
    tmp_path: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv(cache.DIR_VAR, str(blocker / "cache"))  # cannot be created
    small = FIXTURES / "small"
    cold = everything(load_curriculum(small, cache=False))
    assert everything(load_curriculum(small)) == cold
    assert everything(load_curriculum(small)) == cold


def test_a_read_only_cache_directory_is_read_but_not_written(
    cache_dir: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_curriculum()

    def read_only(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    # Root may write anywhere, so the directory is made read-only where it is written.
    monkeypatch.setattr(cache.tempfile, "mkstemp", read_only)
    monkeypatch.setattr(cache.os, "utime", read_only)
    reads.clear()
    load_curriculum()
    assert reads == []  # the entry there is used
    other = load_curriculum(FIXTURES / "small")  # and a new one is not stored
    assert other.topics and len(entries(cache_dir)) == 1
    if os.geteuid() != 0:
        monkeypatch.undo()
        monkeypatch.setenv(cache.DIR_VAR, str(cache_dir))
        cache_dir.chmod(0o555)
        try:
            assert load_curriculum(FIXTURES / "overlay" / "mentor.yaml").topics
        finally:
            cache_dir.chmod(0o755)
        assert len(entries(cache_dir)) == 1


@pytest.mark.system
def test_writers_at_once_leave_a_good_entry(cache_dir: Path, tmp_path: Path) -> None:
    """Several processes load the same curriculum, uncached, at the same moment."""
    script = (
        "import sys\n"
        "from learning_path import load_curriculum\n"
        "c = load_curriculum(sys.argv[1:])\n"
        "print(len(c.topics))\n"
    )
    layers = [str(FIXTURES / "small"), str(FIXTURES / "overlay" / "mentor.yaml")]
    env = {**os.environ, cache.DIR_VAR: str(cache_dir)}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, *layers], env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(8)
    ]
    counts = {run.communicate()[0].strip() for run in runs}
    assert all(run.returncode == 0 for run in runs)
    expected = str(len(load_curriculum(layers, cache=False).topics))
    assert counts == {expected}
    assert len(entries(cache_dir)) == 1
    assert not list(cache_dir.glob(".tmp-*"))
    entry = cache.read(entries(cache_dir)[0])
    assert entry is not None and isinstance(entry.value(), Curriculum)


def test_a_layer_that_loops_is_a_curriculum_error(cache_dir: Path, tmp_path: Path) -> None:
    """The cache's key resolves every layer; a symlink loop there (or in ``extends``)
    is the curriculum's own located error, never a traceback."""
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    overlay = write(tmp_path / "ov.yaml", "version: 1\nextends: loop.yaml\n")
    for layers, message in (
        ([loop], f"{loop}: symbolic link loop"),
        ([FIXTURES / "small", loop], f"{loop}: symbolic link loop"),
        ([overlay], f"{overlay}:2:10: extends 'loop.yaml', but loop.yaml does not exist"),
    ):
        with pytest.raises(CurriculumError) as error:
            load_curriculum(layers)
        assert [str(d) for d in error.value.diagnostics] == [message]


def test_the_rules_of_the_format_are_part_of_every_key() -> None:
    """What is valid (fileformat) and how layers merge (overlays) decide what an entry
    holds, though none of their objects is stored."""
    assert {"learning_path.fileformat", "learning_path.overlays"} <= set(cache._RULES)
    assert "learning_path.model" in cache._PICKLED


@pytest.mark.slow
def test_a_warm_plan_builds_no_pydantic_model(tmp_path: Path) -> None:
    """The cache holds plain classes: a run that finds its curriculum there never
    imports pydantic, whose model classes cost more than the rest of a small plan."""
    probe = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('PYDANTIC', 'pydantic' in sys.modules, file=sys.stderr))\n"
        "from learning_path.cli import main\n"
        "main()\n"
    )
    env = {
        **os.environ,
        cache.DIR_VAR: str(tmp_path / "cache"),
        "LEARNING_PATH_PROGRESS": str(tmp_path / "progress.yaml"),
    }
    env.pop(cache.OFF_VAR, None)
    command = [sys.executable, "-c", probe, "plan", "--goal", "nlp"]
    runs = [subprocess.run(command, capture_output=True, text=True, env=env) for _ in range(2)]
    assert [run.returncode for run in runs] == [0, 0], runs[0].stderr + runs[1].stderr
    assert "PYDANTIC True" in runs[0].stderr  # the first run validates the files
    assert "PYDANTIC False" in runs[1].stderr
    assert runs[0].stdout == runs[1].stdout


@pytest.mark.parametrize("name", ["AnyOf", "Resource", "Topic", "Goal"])
def test_the_plain_classes_hold_every_field_the_format_defines(name: str) -> None:
    """The format's pydantic models (what a file may say) and the plain classes the
    loader turns them into (what every stage reads, and the cache holds) are written
    apart; a field added to one and not the other would be dropped without a word."""
    import dataclasses

    from learning_path import fileformat, model

    checked = set(getattr(fileformat, name).model_fields)
    plain = {field.name for field in dataclasses.fields(getattr(model, name))}
    assert checked == plain
    if name == "Topic":
        assert list(model.TOPIC_FIELDS) == list(fileformat.Topic.model_fields)
