"""Shared fixtures: the command line (``cli``), the small fixture curriculum, golden files."""

from __future__ import annotations

import gc
import itertools
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import pytest
from click.testing import CliRunner
from hypothesis import settings

from learning_path.cli import cli as learning_path

# In CI (CI=true) the property tests draw the same examples every run, so a red run
# is reproducible; on a developer's machine they explore new ones each time.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

FAST_LOOP_SHARE = 4
"""The fast inner loop (a run that leaves out the slow tests) draws this many times
fewer examples for each property; the full run draws them all."""


def pytest_configure(config: pytest.Config) -> None:
    _cache_of_the_runs_own(config)
    if "not slow" in " ".join(config.option.markexpr.split()):
        fewer = settings.default.max_examples // FAST_LOOP_SHARE
        settings.register_profile("fast-loop", settings.default, max_examples=fewer)
        settings.load_profile("fast-loop")


@pytest.hookimpl(wrapper=True)
def pytest_collection(session: pytest.Session) -> object:
    # Collection builds the session's long-lived objects (imported test modules and
    # what they import, the collected tests: some 400,000) and no garbage cycles, so the
    # cyclic garbage collector waits until it is done. Then they are frozen, which keeps
    # them out of its later full passes: garbage collection took 4.4 to 5.8 s of the
    # fast loop, and 2.0 to 2.6 s with this.
    gc.disable()
    try:
        return (yield)
    finally:
        gc.collect()
        gc.freeze()
        gc.enable()


def examples(full: int) -> int:
    """``max_examples`` for a property test: ``full`` in the full run, a quarter of it
    (at least 10) in the fast loop, which draws new examples on every run anyway."""
    share = settings.default.max_examples / settings.get_profile("default").max_examples
    return max(10, round(full * share))


FIXTURES = Path(__file__).parent / "fixtures"
SMALL = FIXTURES / "small"
GOLDEN = Path(__file__).parent / "golden"


REQUIRE_SYSTEM_TOOLS = "LEARNING_PATH_REQUIRE_SYSTEM_TOOLS"
"""Set (to anything but empty or 0) to fail, not skip, a test whose program is missing:
.ci/run sets it, so CI always proves the HTML in a real browser and the DOT in Graphviz."""


def system_program(name: str, package: str) -> str:
    """The path of the program ``name``; without it, skip the test saying how to install
    it (Debian ``package``), or fail when LEARNING_PATH_REQUIRE_SYSTEM_TOOLS is set."""
    path = shutil.which(name)
    if path:
        return path
    how = f"'{name}' is not installed; to run this test: apt-get install -y {package}"
    if os.environ.get(REQUIRE_SYSTEM_TOOLS, "") not in ("", "0"):
        pytest.fail(f"{how} ({REQUIRE_SYSTEM_TOOLS} is set, so this may not be skipped)")
    pytest.skip(how)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite the golden files from the current output instead of comparing.",
    )


_CACHE_DIR = pytest.StashKey[tuple[Path, "str | None"]]()


def _cache_of_the_runs_own(config: pytest.Config) -> None:
    """One curriculum cache for the whole run, never the user's, set before test modules
    are collected (some load the curriculum then): each curriculum is read from YAML
    once per run; the cache tests use directories of their own."""
    folder = Path(tempfile.mkdtemp(prefix="learning-path-test-cache-"))
    config.stash[_CACHE_DIR] = (folder, os.environ.get("LEARNING_PATH_CACHE_DIR"))
    os.environ["LEARNING_PATH_CACHE_DIR"] = str(folder)


def pytest_unconfigure(config: pytest.Config) -> None:
    folder, saved = config.stash[_CACHE_DIR]
    shutil.rmtree(folder, ignore_errors=True)
    if saved is None:
        os.environ.pop("LEARNING_PATH_CACHE_DIR", None)
    else:
        os.environ["LEARNING_PATH_CACHE_DIR"] = saved


@pytest.fixture(scope="session")
def _learners(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("learners")


_learner_numbers = itertools.count()


@pytest.fixture(autouse=True)
def _no_progress_file(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands read and write the learner's progress file (by default in the current
    directory): point them at a fresh path so no test sees another's, or the user's.

    A test that uses ``tmp_path`` finds it there (``tmp_path / "learning-path-progress.yaml"``,
    per-user data in ``tmp_path / "user-data"``); the others get fresh names in one
    directory for the session, since a directory per test (``tmp_path``) would cost more
    than most of these tests themselves."""
    if "tmp_path" in request.fixturenames:
        home: Path = request.getfixturevalue("tmp_path")
        progress, user_data = home / "learning-path-progress.yaml", home / "user-data"
    else:
        number = next(_learner_numbers)
        learners: Path = request.getfixturevalue("_learners")
        progress, user_data = learners / f"{number}.yaml", learners / f"{number}-data"
    monkeypatch.setenv("LEARNING_PATH_PROGRESS", str(progress))
    # The per-user default (platformdirs) too, for tests that unset the variable and
    # for programs they start: never the real user's data directory.
    monkeypatch.setenv("XDG_DATA_HOME", str(user_data))


class Ran(NamedTuple):
    """What one command did: its exit code, and what it wrote to stdout and to stderr."""

    exit_code: int
    stdout: str
    stderr: str


class CLI:
    """Runs ``learning-path ARGS`` in this process, through click's CliRunner.

    ``cli(*args, input=None, env=None, expect=0)`` returns a :class:`Ran`, which
    unpacks as ``code, out, err``. It fails the test when the exit code is not
    ``expect`` (``expect=None`` leaves the code to the test) or when the command
    printed a traceback, and it lets any exception other than a clean exit propagate:
    a traceback is always a bug, whatever exit code the test expects.
    ``with_options(...)`` gives a runner that adds those options to every command
    (say, the fixture curriculum).
    """

    def __init__(self, *options: str | Path) -> None:
        self.options = options

    def with_options(self, *options: str | Path) -> CLI:
        return CLI(*self.options, *options)

    def __call__(
        self,
        *args: str | Path,
        input: str | None = None,
        env: Mapping[str, str | None] | None = None,
        expect: int | None = 0,
    ) -> Ran:
        words = [str(arg) for arg in (*args, *self.options)]
        result = CliRunner().invoke(
            learning_path,
            words,
            input=input,
            env=env,
            prog_name="learning-path",
            terminal_width=100,  # help text wraps as the README shows it, on any terminal
            catch_exceptions=False,
        )
        ran = Ran(result.exit_code, result.stdout, result.stderr)
        command = " ".join(["learning-path", *words])
        assert "Traceback" not in result.output, f"{command} printed a traceback:\n{result.output}"
        if expect is not None:
            assert ran.exit_code == expect, (
                f"{command} exited {ran.exit_code}, not {expect}\n"
                f"stdout:\n{ran.stdout}\nstderr:\n{ran.stderr}"
            )
        return ran


@pytest.fixture
def cli() -> CLI:
    """The command line; see :class:`CLI`."""
    return CLI()


@pytest.fixture
def small() -> Path:
    return SMALL


@pytest.fixture
def golden(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """``golden(name, text)``: compare ``text`` with tests/golden/NAME (or rewrite it)."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.write_text(text, encoding="utf-8")
            return
        assert path.exists(), f"missing golden file {path}; run pytest --update-golden"
        assert text == path.read_text(encoding="utf-8"), f"{name} differs from golden file"

    return check


@pytest.fixture
def new_learner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A learner as the README's sessions have one: no LEARNING_PATH_PROGRESS, a home of
    their own (so the per-user progress file shows as ``~/.local/share/...``) and an
    empty working directory, which is returned. The progress file is
    ``tmp_path / "home" / ".local/share/learning-path/progress.yaml"``."""
    monkeypatch.delenv("LEARNING_PATH_PROGRESS")
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work
