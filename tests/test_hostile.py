"""Hostile input (issue 11): nothing the user wrote is lost or overwritten, nothing
small takes more than seconds or hundreds of MB, and every refusal is one clean line.

Each test is numbered by the issue's case. Devices and FIFOs are made inside the
test's temporary directory only (a device node only as root); no system path is
ever written.
"""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from learning_path import files, loader, progress, render
from tests.conftest import CLI

# Most of these run the program as a real process, with limits and signals.
pytestmark = pytest.mark.system

PROJECT = Path(__file__).resolve().parent.parent
SMALL = PROJECT / "tests" / "fixtures" / "small"
ROOT_ONLY = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="making a device node needs root"
)


def child_env() -> dict[str, str]:
    path = os.pathsep.join([str(PROJECT), os.environ.get("PYTHONPATH", "")])
    return {**os.environ, "PYTHONPATH": path.rstrip(os.pathsep)}


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "learning_path", *args]


def device(path: Path, minor: int) -> Path:
    """A character device node of the memory driver (3: null, 5: zero, 7: full)."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except PermissionError:
        pytest.skip("cannot make device nodes here")
    return path


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def curriculum(directory: Path, topics: int) -> Path:
    """A one-file curriculum of topics t0..t{topics-1} and a goal 'all'."""
    lines = ["version: 1", "name: Many", "topics:"]
    for i in range(topics):
        lines += [f"  t{i}:", f"    title: Topic {i}", "    summary: Learn it.", "    hours: 1"]
    lines += [
        "goals:",
        "  all:",
        "    title: All",
        f"    targets: [{', '.join(f't{i}' for i in range(topics))}]",
    ]
    path = directory / "c.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def chdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- 1. concurrent updates --------------------------------------------------------------


@pytest.mark.slow
def test_1_parallel_done_runs_all_land(tmp_path: Path) -> None:
    count = 40
    source = curriculum(tmp_path, count)
    record = tmp_path / "p.yaml"
    runs = [
        subprocess.Popen(
            command("done", f"t{i}", "--curriculum", str(source), "--progress", str(record)),
            cwd=tmp_path,
            env=child_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for i in range(count)
    ]
    failures = [(run.wait(timeout=120), run.stderr.read()) for run in runs if run.stderr]
    assert [f for f in failures if f[0] != 0] == []
    done = progress.load(record).done
    assert sorted(done) == sorted(f"t{i}" for i in range(count))


def test_1_a_run_that_cannot_get_the_lock_fails_clearly(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import filelock

    record = tmp_path / "p.yaml"
    monkeypatch.setattr(files, "LOCK_TIMEOUT", 0.2)
    with filelock.FileLock(tmp_path / ".p.yaml.lock"):
        code, _, err = cli(
            "done", "python", "--curriculum", str(SMALL), "--progress", str(record), expect=1
        )
    assert code == 1
    assert re.search(r"another learning-path run has been changing this file for 0\.\d s; try", err)
    assert len(err.splitlines()) == 1
    assert not record.exists()


def test_1_no_lock_where_nothing_can_be_written(cli: CLI, tmp_path: Path) -> None:
    missing = tmp_path / "missing" / "p.yaml"
    start = time.monotonic()
    code, _, err = cli(
        "done", "python", "--curriculum", str(SMALL), "--progress", str(missing), expect=2
    )
    assert time.monotonic() - start < 5
    assert (code, err) == (2, f"error: {missing}: directory {missing.parent} does not exist\n")
    assert not missing.parent.exists()


def test_1_a_change_applies_to_what_another_run_wrote_meanwhile() -> None:
    from learning_path.learner import rebase
    from learning_path.progress import Progress

    base = Progress(done={"a": None}, known=["k"])
    ours = Progress(done={"a": None, "b": None}, known=["k"])
    theirs = Progress(done={"a": None, "c": None}, known=[])
    merged = rebase(base, theirs, ours)
    assert list(merged.done) == ["a", "b", "c"]
    assert merged.known == []


# --- 2. write through, never replace what is not a regular file -------------------------


def test_2_symlinked_output_and_progress_stay_links(cli: CLI, chdir: Path) -> None:
    Path("real.md").write_text("old\n")
    Path("plan.md").symlink_to("real.md")
    Path("real.yaml").write_text("version: 1\n")
    Path("p.yaml").symlink_to("real.yaml")
    assert cli("plan", "--curriculum", str(SMALL), "--goal", "deploy", "-o", "plan.md")[0] == 0
    assert cli("done", "python", "--curriculum", str(SMALL), "--progress", "p.yaml")[0] == 0
    assert Path("plan.md").is_symlink() and Path("p.yaml").is_symlink()
    assert Path("real.md").read_text().startswith("# Study plan")
    assert "python:" in Path("real.yaml").read_text()


def test_2_permissions_kept_and_an_open_reader_keeps_the_old_content(cli: CLI, chdir: Path) -> None:
    record = Path("p.yaml")
    record.write_text("version: 1\n")
    record.chmod(0o600)
    with record.open() as reader:
        assert cli("done", "python", "--curriculum", str(SMALL), "--progress", "p.yaml")[0] == 0
        assert reader.read() == "version: 1\n"
    assert stat.S_IMODE(record.stat().st_mode) == 0o600
    assert "python:" in record.read_text()


def test_2_a_fifo_output_is_written_through(cli: CLI, chdir: Path) -> None:
    pipe = fifo(chdir / "out.mmd")
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    code, _, err = cli("graph", "--curriculum", str(SMALL), "-o", str(pipe))
    reader.join(timeout=10)
    assert code == 0, err
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert received and received[0].startswith(b"flowchart")


@ROOT_ONLY
def test_2_devices_are_written_directly_and_never_replaced(cli: CLI, chdir: Path) -> None:
    null, full = device(chdir / "null", 3), device(chdir / "full", 7)
    assert cli("graph", "--curriculum", str(SMALL), "-o", str(null))[0] == 0
    assert cli("done", "python", "--curriculum", str(SMALL), "--progress", str(null))[0] == 0
    code, _, err = cli(
        "plan", "--curriculum", str(SMALL), "--goal", "deploy", "-o", str(full), expect=1
    )
    assert code == 1
    assert err == f"error: {full}: cannot write: No space left on device\n"
    assert stat.S_ISCHR(null.stat().st_mode) and stat.S_ISCHR(full.stat().st_mode)


def test_2_dev_stdout_appended_to_as_the_shell_opened_it(tmp_path: Path) -> None:
    # /proc/self/fd/1 is /dev/stdout's target. Never name /dev/stdout itself here: a
    # regression (as root) would replace that system symlink with a regular file.
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc")
    log = tmp_path / "log.txt"
    log.write_text("keep\n")
    with log.open("a") as out:
        done = subprocess.run(
            command("graph", "--curriculum", str(SMALL), "-o", "/proc/self/fd/1"),
            env=child_env(),
            stdout=out,
            stderr=subprocess.PIPE,
            timeout=30,
        )
    assert done.returncode == 0, done.stderr
    assert log.read_text().startswith("keep\nflowchart")


def test_2_stale_temp_files_of_killed_writes_are_removed(cli: CLI, chdir: Path) -> None:
    finished = subprocess.Popen(["true"])  # a process id no longer running
    finished.wait()
    stale = chdir / f".p.yaml.{finished.pid}.x1y2.tmp"
    stale.write_text("half a fi")
    live = chdir / f".p.yaml.{os.getppid()}.x1y2.tmp"  # a write still in progress
    live.write_text("half")
    assert cli("done", "python", "--curriculum", str(SMALL), "--progress", "p.yaml")[0] == 0
    assert not stale.exists()
    assert live.exists()


# --- 3. never write over an input ------------------------------------------------------


@pytest.mark.parametrize("which", ["overlay", "hard link", "progress", "template", "graph"])
def test_3_output_that_is_an_input_is_refused(cli: CLI, chdir: Path, which: str) -> None:
    overlay = Path("ov.yaml")
    overlay.write_text("version: 1\nextends: " + str(SMALL) + "\nname: Mine\n")
    record = Path("p.yaml")
    record.write_text("version: 1\n")
    template = Path("t.md.j2")
    template.write_text("{{ goals }}\n")
    os.link(overlay, "hard.yaml")
    base = ["plan", "--curriculum", "ov.yaml", "--goal", "deploy", "--progress", "p.yaml"]
    args = {
        "overlay": [*base, "-o", "ov.yaml"],
        "hard link": [*base, "-o", "hard.yaml"],
        "progress": [*base, "-o", "./p.yaml"],
        "template": [*base, "--template", "t.md.j2", "-o", "t.md.j2"],
        "graph": ["graph", "--curriculum", str(chdir), "-o", "hard.yaml"],
    }[which]
    before = {p: p.read_bytes() for p in (overlay, record, template)}
    code, _, err = cli(*args, expect=2)
    assert code == 2, err
    assert "an input of this command; name another output file" in err
    assert {p: p.read_bytes() for p in before} == before


# --- 5. alias amplification -------------------------------------------------------------


def run_measured(args: list[str], cwd: Path, timeout: float = 20) -> tuple[int, str, float, float]:
    """A child ``learning-path`` run: (exit code, stderr, seconds, peak RSS in MB),
    under a 2 GiB address-space cap so a runaway cannot take the machine down."""
    import resource

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    start = time.monotonic()
    proc = subprocess.run(
        command(*args),
        cwd=cwd,
        env=child_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        timeout=timeout,
        preexec_fn=cap,
    )
    seconds = time.monotonic() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return proc.returncode, proc.stderr.decode(), seconds, peak


def test_5_aliases_of_a_long_text_are_refused_at_a_location(chdir: Path) -> None:
    long = "x" * 100_000
    aliases = "\n".join("- *a" for _ in range(20_000))
    Path("c.yaml").write_text(f"version: 1\nname: &a {long}\ndescription:\n{aliases}\n")
    assert Path("c.yaml").stat().st_size < 210_000
    code, err, seconds, peak = run_measured(["validate", "c.yaml"], chdir)
    assert code == 1
    assert re.match(
        r"c\.yaml:2:7: aliases repeat this text until the document holds more than 1,4", err
    ), err
    assert seconds < 10 and peak < 500, (seconds, peak)


# --- 6. templates -----------------------------------------------------------------------

RUNAWAY = {
    "format width": "{{ '{0:>2000000000}'.format(1) }}",
    "ljust": "{{ 'x'.ljust(2000000000) }}",
    "center": "{{ 'x'.center(2000000000) }}",
    "percent width": "{{ '%2000000000d' % 1 }}",
    "join": "{{ ','.join(['x' * 1000000] * 100) }}",
    "replace": "{{ ('x' * 1000000).replace('x', 'yyyyyyyyyyyyyyyyyyyy') }}",
    "lipsum": "{{ lipsum(n=2000000) }}",
    "big integer": (
        "{% set ns = namespace(x=7) %}{% for i in range(40) %}{% set ns.x = ns.x * ns.x %}"
        "{% endfor %}{{ ns.x }}"
    ),
    "tilde doubling": (
        "{% set ns = namespace(s='x' * 1000000) %}{% for i in range(40) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}"
    ),
    "filter width": "{{ 'x'|center(2000000000) }}",
    "output size": "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}",
    "nested loops": (
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
    ),
}


@pytest.mark.parametrize("name", RUNAWAY)
def test_6_runaway_templates_stop_with_a_clean_error(
    cli: CLI, chdir: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setattr(render, "MAX_RENDER_SECONDS", 1.0)
    Path("t.j2").write_text(RUNAWAY[name] + "\n")
    start = time.monotonic()
    code, out, err = cli(
        "plan", "--curriculum", str(SMALL), "--goal", "deploy", "--template", "t.j2", expect=1
    )
    assert time.monotonic() - start < 5
    assert code == 1 and out == ""
    assert err.startswith("error: ") and "t.j2" in err, err
    assert len(err.splitlines()) == 1


def test_6_ctrl_c_during_long_work_exits_130(tmp_path: Path) -> None:
    import filelock

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to see the child wait for the lock")
    record = tmp_path / "p.yaml"
    lock_file = tmp_path / ".p.yaml.lock"
    with filelock.FileLock(lock_file):
        child = subprocess.Popen(
            command("done", "python", "--curriculum", str(SMALL), "--progress", str(record)),
            env=child_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline and not _has_open(child.pid, lock_file):
            time.sleep(0.05)
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=10)
    assert child.returncode == 130, err
    assert err.decode().strip() == "interrupted"
    assert not record.exists()


def _has_open(pid: int, path: Path) -> bool:
    try:
        return any(os.readlink(fd) == str(path) for fd in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False


# --- 7. reading: regular files only, bounded walks --------------------------------------


def test_7_a_fifo_as_curriculum_extends_target_or_progress_is_refused(
    cli: CLI, chdir: Path
) -> None:
    fifo(chdir / "pipe.yaml")
    Path("ov.yaml").write_text("version: 1\nextends: pipe.yaml\n")
    code, _, err = cli("validate", "pipe.yaml", expect=1)
    assert (code, err) == (
        1,
        "pipe.yaml: is a FIFO (named pipe), not a regular file; a curriculum file must be a "
        "regular YAML file\n1 error found\n",
    )
    code, _, err = cli("validate", "ov.yaml", expect=1)
    assert code == 1 and "pipe.yaml: is a FIFO (named pipe), not a regular file" in err
    code, _, err = cli(
        "status",
        "--goal",
        "deploy",
        "--curriculum",
        str(SMALL),
        "--progress",
        "pipe.yaml",
        expect=1,
    )
    assert (code, err) == (
        1,
        "error: pipe.yaml: is a FIFO (named pipe), not a regular file; not a progress file\n",
    )


@ROOT_ONLY
def test_7_endless_devices_are_refused(cli: CLI, chdir: Path) -> None:
    zero = device(chdir / "zero", 5)
    code, _, err = cli("validate", str(zero), expect=1)
    assert code == 1 and "is a character device, not a regular file" in err
    code, _, err = cli(
        "status", "--goal", "deploy", "--curriculum", str(SMALL), "--progress", str(zero), expect=1
    )
    assert code == 1 and "is a character device, not a regular file" in err


def test_7_a_file_growing_past_the_cap_while_read_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big"
    big.write_bytes(b"x" * 5000)
    with pytest.raises(files.ReadError, match="larger than the limit of 4 KiB"):
        files.read_capped(big, 4096)


@pytest.mark.parametrize("base", ["/", "/proc", "/usr"])
def test_7_extends_of_a_system_directory_ends_quickly(
    cli: CLI, chdir: Path, monkeypatch: pytest.MonkeyPatch, base: str
) -> None:
    if not Path(base).is_dir():
        pytest.skip(f"no {base} here")
    if hasattr(loader, "MAX_DIRECTORY_ENTRIES"):  # a small system has more than this
        monkeypatch.setattr(loader, "MAX_DIRECTORY_ENTRIES", 1000)
    Path("ov.yaml").write_text(f"version: 1\nextends: {base}\n")
    start = time.monotonic()
    code, _, err = cli("validate", "ov.yaml", expect=1)
    assert time.monotonic() - start < 5
    assert code == 1
    assert err == (
        f"{base}: more than 1,000 entries in this directory and its subdirectories; is it a "
        "curriculum directory?\n1 error found\n"
    )


def test_7_directory_curriculum_reads_yaml_only_and_reports_what_it_cannot(
    cli: CLI, chdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cur = chdir / "cur"
    (cur / "sub").mkdir(parents=True)
    (cur / "locked").mkdir()
    for source in SMALL.iterdir():
        (cur / source.name).write_text(source.read_text())
    (cur / "notes.txt").write_text("not: [yaml")
    (cur / "sub" / "dangling.yaml").symlink_to("missing.yaml")
    (cur / "loop.yaml").symlink_to("loop.yaml")
    real_scandir = os.scandir

    def scandir(path: os.PathLike[str] | str) -> object:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(loader.os, "scandir", scandir)
    code, _, err = cli("validate", "cur", expect=1)
    assert code == 1
    assert err.splitlines() == [
        "cur/locked: cannot read directory: Permission denied",
        "cur/loop.yaml: symbolic link loop",
        "cur/sub/dangling.yaml: no such file, or a broken symbolic link (its target does not "
        "exist)",
        "3 errors found",
    ]


def test_7_directory_caps(cli: CLI, chdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cur = chdir / "cur"
    cur.mkdir()
    for i in range(30):
        (cur / f"f{i}.txt").write_text("")
    monkeypatch.setattr(loader, "MAX_DIRECTORY_ENTRIES", 20)
    code, _, err = cli("validate", "cur", expect=1)
    assert code == 1
    assert "more than 20 entries in this directory and its subdirectories" in err
    monkeypatch.setattr(loader, "MAX_DIRECTORY_ENTRIES", 100)
    monkeypatch.setattr(loader, "MAX_DIRECTORY_FILES", 1)
    for source in SMALL.iterdir():
        (cur / source.name).write_text(source.read_text())
    code, _, err = cli("validate", "cur", expect=1)
    assert code == 1 and "more than 1 YAML files in this directory" in err


@pytest.mark.parametrize("length", [100, 1500])
def test_7_a_long_extends_chain_is_refused(cli: CLI, chdir: Path, length: int) -> None:
    Path("o0.yaml").write_text(f"version: 1\nextends: {SMALL}\n")
    for i in range(1, length):
        Path(f"o{i}.yaml").write_text(f"version: 1\nextends: o{i - 1}.yaml\n")
    code, _, err = cli("validate", f"o{length - 1}.yaml", expect=1)
    assert code == 1
    assert f"more than {loader.MAX_EXTENDS} files extend one another in a chain" in err
    assert len(err.splitlines()) == 2


# --- 8. many ids ------------------------------------------------------------------------


def test_8_a_progress_file_of_110000_ids_reads_in_linear_time(tmp_path: Path) -> None:
    def seconds(count: int) -> float:
        record = tmp_path / f"p{count}.yaml"
        record.write_text("version: 1\nknown:\n" + "".join(f"- t{i}\n" for i in range(count)))
        assert record.stat().st_size < progress.MAX_BYTES
        start = time.monotonic()
        assert len(progress.load(record).known) == count
        return time.monotonic() - start

    small, large = seconds(11_000), seconds(110_000)
    # Ten times the ids, about ten times the time (quadratic was a hundred); the
    # absolute bound is loose for a loaded CI machine (about 1 s on an idle one).
    assert large < 20 * small + 0.5, (small, large)
    assert large < 10, large


# --- 9-11. numbers ----------------------------------------------------------------------


def topics_with(field: str, value: str) -> str:
    return (
        "version: 1\ntopics:\n  a:\n    title: A\n    summary: S.\n"
        f"    hours: 1\n    {field}: {value}\n"
    ).replace("    hours: 1\n    hours:", "    hours:")


def validate_text(cli: CLI, chdir: Path, text: str) -> tuple[int, str]:
    Path("c.yaml").write_text(text)
    code, _, err = cli("validate", "c.yaml", expect=None)
    return code, err


def test_9_a_5000_digit_number_is_a_located_error(cli: CLI, chdir: Path) -> None:
    code, err = validate_text(cli, chdir, topics_with("hours", "9" * 5000))
    assert code == 1
    assert err.startswith("c.yaml:6:12: a number of 5,000 characters is longer than the limit")


def test_10_hours_are_bounded_so_totals_stay_finite(cli: CLI, chdir: Path) -> None:
    text = (SMALL / "01-topics.yaml").read_text().replace("hours: 10\n", "hours: 1.0e+308\n", 1)
    text = text.replace("hours: 4\n", "hours: 1.0e+308\n", 1)
    (chdir / "cur").mkdir()
    (chdir / "cur" / "00-goals.yaml").write_text((SMALL / "00-goals.yaml").read_text())
    (chdir / "cur" / "01-topics.yaml").write_text(text)
    for args in (["validate", "cur"], ["status", "--goal", "deploy", "--curriculum", "cur"]):
        code, out, err = cli(*args, expect=1)
        assert code == 1 and "Infinity" not in out
        assert err.startswith(
            "cur/01-topics.yaml:6:12: hours: input should be less than or equal to 10000"
        ), err
    code, out, _ = cli("plan", "--curriculum", str(SMALL), "--goal", "deploy", "--format", "json")
    assert code == 0 and json.loads(out)["total_hours"] < 1e6


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("1:30", "'1:30' is 90 in YAML 1.1 (base 60: 1:30 is 90) and text in YAML 1.2"),
        ("010", "'010' has a leading zero: YAML 1.1 reads it as octal 8, YAML 1.2 as 10"),
        ("0x10", "'0x10' is a number in base 16 (16); write it in decimal"),
        ("0b11", "'0b11' is a number in base 2 (3); write it in decimal"),
    ],
)
def test_11_yaml_1_1_numbers_are_located_errors(
    cli: CLI, chdir: Path, written: str, meant: str
) -> None:
    code, err = validate_text(cli, chdir, topics_with("hours", written))
    assert code == 1
    assert err.startswith(f"c.yaml:6:12: {meant}"), err
    Path("p.yaml").write_text(f"version: 1\nhours_per_week: {written}\n")
    code, _, err = cli(
        "status", "--goal", "deploy", "--curriculum", str(SMALL), "--progress", "p.yaml", expect=1
    )
    assert code == 1
    assert err.startswith(f"error: p.yaml:2:17: hours_per_week: {meant}"), err


# --- 12. standard output that cannot be written -----------------------------------------


@ROOT_ONLY
def test_12_plan_to_a_full_device_is_one_line_and_exit_1(tmp_path: Path) -> None:
    full = device(tmp_path / "full", 7)
    with full.open("w") as out:
        done = subprocess.run(
            command("plan", "--curriculum", str(SMALL), "--goal", "deploy"),
            env=child_env(),
            stdout=out,
            stderr=subprocess.PIPE,
            timeout=30,
        )
    assert done.returncode == 1
    assert (
        done.stderr.decode() == "error: cannot write to standard output: No space left on device\n"
    )


def test_12_plan_with_stdout_closed_is_one_line_and_exit_1() -> None:
    done = subprocess.run(
        command("plan", "--curriculum", str(SMALL), "--goal", "deploy"),
        env=child_env(),
        stderr=subprocess.PIPE,
        timeout=30,
        preexec_fn=lambda: os.close(1),
    )
    assert done.returncode == 1
    assert (
        done.stderr.decode()
        == "error: cannot write to standard output: standard output is closed\n"
    )


# --- 13. quiet skips --------------------------------------------------------------------


def test_13_a_fifo_named_yaml_in_a_curriculum_directory_is_reported(cli: CLI, chdir: Path) -> None:
    cur = chdir / "cur"
    cur.mkdir()
    for source in SMALL.iterdir():
        (cur / source.name).write_text(source.read_text())
    fifo(cur / "more.yaml")
    code, _, err = cli("validate", "cur", expect=1)
    assert code == 1
    assert err.splitlines()[0] == (
        "cur/more.yaml: is a FIFO (named pipe), not a regular file; a curriculum file must be "
        "a regular YAML file"
    )


@pytest.mark.parametrize("option", ["--template", "--templates"])
def test_13_a_fifo_as_a_template_is_reported(cli: CLI, chdir: Path, option: str) -> None:
    (chdir / "tpl").mkdir()
    pipe = fifo(chdir / "tpl" / "plan.md.j2")
    value = str(pipe) if option == "--template" else "tpl"
    shown = pipe if option == "--template" else Path("tpl", "plan.md.j2")
    start = time.monotonic()
    code, _, err = cli(
        "plan", "--curriculum", str(SMALL), "--goal", "deploy", option, value, expect=1
    )
    assert time.monotonic() - start < 5
    assert code == 1
    assert (
        err == f"error: {shown}: is a FIFO (named pipe), not a regular file; a template must be "
        "a file\n"
    )


# --- 14. false refusals -----------------------------------------------------------------


def test_14_brackets_in_a_quoted_text_and_commas_in_a_comment_are_fine(
    cli: CLI, chdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (SMALL / "01-topics.yaml").read_text()
    quoted = text.replace("title: Python basics", "title: '" + "[" * 1001 + "'", 1)
    (chdir / "cur").mkdir()
    (chdir / "cur" / "00-goals.yaml").write_text((SMALL / "00-goals.yaml").read_text())
    (chdir / "cur" / "01-topics.yaml").write_text(quoted + "# " + "," * 1000 + "\n")
    monkeypatch.setattr(loader, "MAX_TOKENS", 900)
    code, _, err = cli("validate", "cur")
    assert code == 0, err


def test_14_a_done_date_in_the_future_is_refused_in_the_file(cli: CLI, chdir: Path) -> None:
    Path("p.yaml").write_text("version: 1\ndone:\n  python: 9999-12-31\n")
    code, _, err = cli(
        "status", "--goal", "deploy", "--curriculum", str(SMALL), "--progress", "p.yaml", expect=1
    )
    assert code == 1
    assert err.startswith("error: p.yaml:3:11: 9999-12-31 is in the future")


# --- 15. Markdown -----------------------------------------------------------------------


def test_15_entities_and_trailing_backslashes_stay_text(cli: CLI, chdir: Path) -> None:
    text = (SMALL / "01-topics.yaml").read_text()
    text = text.replace("title: Python basics", "title: Python &amp; friends", 1)
    text = text.replace(
        '"https://docs.python.org/3/tutorial/"', '"https://docs.python.org/3/x\\\\"', 1
    )
    (chdir / "cur").mkdir()
    (chdir / "cur" / "00-goals.yaml").write_text((SMALL / "00-goals.yaml").read_text())
    (chdir / "cur" / "01-topics.yaml").write_text(text)
    code, out, err = cli("plan", "--curriculum", "cur", "--goal", "deploy")
    assert code == 0, err
    assert "Python \\&amp; friends" in out
    assert "(https://docs.python.org/3/x%5C)" in out
