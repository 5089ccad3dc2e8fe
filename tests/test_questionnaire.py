"""The questionnaire of ``plan`` and the placement of ``assess``: the prompt functions
driven by scripted consoles, the two consoles, the commands without a terminal, and the
real program in a pseudo-terminal."""

from __future__ import annotations

import contextlib
import os
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import NoReturn

import pytest

from learning_path import load_curriculum, prompts
from learning_path.planner import alternative_groups, make_plan
from learning_path.progress import Progress, load
from learning_path.prompts import LineConsole, Option, PromptConsole, questionnaire
from tests.conftest import CLI

SMALL = Path(__file__).parent / "fixtures" / "small"
ROOT = Path(__file__).resolve().parent.parent


class Scripted:
    """A console answering from a script: question text (a prefix) -> answer, and
    "Do you already know X?" -> whether X's title is in ``knows``."""

    def __init__(self, script: dict[str, object], knows: Iterable[str] = ()) -> None:
        self.script = script
        self.knows = set(knows)
        self.screens: list[str] = []
        self.asked: list[str] = []

    def _answer(self, question: str) -> object:
        """The scripted answer; a tuple holds the answers to successive askings."""
        self.asked.append(question)
        for prefix, answer in self.script.items():
            if question.startswith(prefix):
                if isinstance(answer, tuple):
                    self.script[prefix] = answer[1:]
                    return answer[0]
                return answer
        raise AssertionError(f"unexpected question: {question}")

    def screen(self, title: str) -> None:
        self.screens.append(title)

    def say(self, text: str) -> None:
        pass

    def choose(self, question: str, options: Sequence[Option], default: int = 0) -> int:
        answer = self._answer(question)
        return default if answer is None else [o.label for o in options].index(str(answer))

    def choose_many(
        self,
        question: str,
        options: Sequence[Option],
        ticked: Iterable[int] = (),
        minimum: int = 0,
        what: str = "option",
    ) -> list[int]:
        answer = self._answer(question)
        assert isinstance(answer, list)
        return sorted([o.label for o in options].index(a) for a in answer)

    def ask(self, question: str, default: str, check: Callable[[str], str | None]) -> str:
        answer = self._answer(question)
        text = default if answer is None else str(answer)
        assert check(text) is None, check(text)
        return text

    def yes_no(self, question: str, default: bool | None = None) -> bool:
        found = re.fullmatch(r"Do you already know (.+)\?", question)
        if found:
            self.asked.append(question)
            return found.group(1) in self.knows
        answer = self._answer(question)
        return default if answer is None else bool(answer)  # type: ignore[return-value]


SCRIPT: dict[str, object] = {
    "What do you want": ["Ship a model"],
    "Neural networks needs one of these": "TensorFlow",
    "How many hours": "6",
    "When do you start": "2025-01-06",
    "Show only free": True,
    "How should we find out": "Answer a few yes/no questions",
    "Write the plan to": None,
}


@pytest.fixture
def curriculum():  # type: ignore[no-untyped-def]
    return load_curriculum(SMALL)


def test_questionnaire_asks_each_screen_and_places_the_learner(
    curriculum, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    console = Scripted(SCRIPT, knows={"Python basics", "NumPy", "Linear algebra"})
    monkeypatch.chdir(tmp_path)
    answers = questionnaire(console, curriculum, Progress(), start=date(2025, 1, 13))
    assert console.screens[:6] == [
        "Your goals",
        "Framework preference",
        "Your pace",
        "Start date",
        "Resources",
        "What you already know",
    ]
    assert console.screens[-1] == "Your plan"
    questions = [q for q in console.asked if q.startswith("Do you already know")]
    assert 1 <= len(questions) < 7  # fewer questions than topics: answers propagate
    assert answers.goals == ["deploy"]
    assert answers.prefer == ["tensorflow"]
    assert (answers.hours_per_week, answers.start, answers.free_only) == (6, date(2025, 1, 6), True)
    assert answers.known == ["python", "numpy", "linear-algebra"]
    assert answers.output == Path("study-plan.md")


def test_questionnaire_defaults_come_from_the_progress_file(curriculum) -> None:  # type: ignore[no-untyped-def]
    script = {key: None for key in SCRIPT}
    script["What do you want"] = ["Classify text"]
    script["How should we find out"] = None  # the default: keep what was said before
    console = Scripted(script)
    before = Progress(
        goals=["classify"], hours_per_week=4, prefer=["tensorflow"], free_only=True, known=["numpy"]
    )
    answers = questionnaire(
        console, curriculum, before, start=date(2025, 1, 13), output=Path("mine.md")
    )
    assert answers.prefer == ["tensorflow"]  # the remembered choice is the default
    assert (answers.hours_per_week, answers.start, answers.free_only) == (
        4,
        date(2025, 1, 13),
        True,
    )
    assert answers.known == ["numpy"]
    assert answers.output == Path("mine.md")  # given: not asked
    assert "Your plan" not in console.screens


def test_pick_areas_then_topics(curriculum) -> None:  # type: ignore[no-untyped-def]
    script = dict(SCRIPT)
    script["What do you want"] = ["Classify text"]
    script["How should we find out"] = "Pick areas, then topics"
    script["Which areas"] = ["Foundations", "Math"]  # areas by readable name, not by id
    script["Which of these"] = (["NumPy"], [])  # one screen per chosen area
    console = Scripted(script)
    answers = questionnaire(
        console, curriculum, Progress(known=["serving"]), start=date(2025, 1, 6), output=Path("x")
    )
    assert console.screens[-2:] == [
        "What you already know: Foundations",
        "What you already know: Math",
    ]
    # "serving" is not in the classify plan: what was known for other goals stays known
    assert answers.known == ["serving", "numpy"]


def test_area_titles() -> None:
    assert [
        prompts.area_title(a)
        for a in ("classical-ml", "nlp", "deep-learning", "math-for-ml", "intro_to_ai", "other")
    ] == ["Classical ML", "NLP", "Deep learning", "Math for ML", "Intro to AI", "Other"]


def test_alternatives_asked_only_where_they_matter(curriculum) -> None:  # type: ignore[no-untyped-def]
    # serving's choice (torchserve / tf-serving) follows the framework: asked once
    assert alternative_groups(curriculum, ["deploy"], []) == [
        ("neural-networks", ["pytorch", "tensorflow"])
    ]
    assert alternative_groups(curriculum, ["deploy"], ["tensorflow"]) == []
    assert alternative_groups(curriculum, ["classify"], ["neural-networks"]) == []


ALTERNATIVES = """\
version: 1
name: Alternatives
goals:
  both: {title: Both, targets: [retraining, deep]}
topics:
  python: {title: Python, summary: Basics., hours: 1}
  pipelines: {title: Pipelines, summary: Any framework., hours: 1, prerequisites: [python]}
  pytorch: {title: PyTorch, summary: Torch., hours: 1, prerequisites: [python]}
  tensorflow: {title: TensorFlow, summary: Keras., hours: 1, prerequisites: [python]}
  tfx: {title: TFX, summary: TensorFlow pipelines., hours: 1, prerequisites: [%s]}
  retraining:
    title: Retraining
    summary: Retrain on a schedule.
    hours: 1
    prerequisites: [{any_of: [pipelines, tfx]}]
  maths: {title: Maths, summary: Lots., hours: 5}
  deep:
    title: Deep learning
    summary: Networks.
    hours: 1
    prerequisites: [maths, {any_of: [pytorch, tensorflow]}]
"""


def test_the_most_fundamental_choice_is_asked_first(tmp_path: Path) -> None:
    """The plan reaches Retraining (pipelines or TFX) before Deep learning (PyTorch or
    TensorFlow), but TFX builds on TensorFlow: the framework is asked first."""
    (tmp_path / "c.yaml").write_text(ALTERNATIVES % "tensorflow")
    curriculum = load_curriculum(tmp_path)
    steps = [s.id for s in make_plan(curriculum, goals=["both"]).steps]
    assert steps.index("retraining") < steps.index("deep")
    assert alternative_groups(curriculum, ["both"], []) == [
        ("deep", ["pytorch", "tensorflow"]),
        ("retraining", ["pipelines", "tfx"]),
    ]
    # when neither builds on the other, the plan's order stands
    (tmp_path / "c.yaml").write_text(ALTERNATIVES % "python")
    assert alternative_groups(load_curriculum(tmp_path), ["both"], []) == [
        ("retraining", ["pipelines", "tfx"]),
        ("deep", ["pytorch", "tensorflow"]),
    ]


def test_nothing_known_and_output_confirmation(
    curriculum, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "study-plan.md").write_text("old\n")
    script = dict(SCRIPT)
    script["How should we find out"] = None  # the first option: "I'm new to all of this"
    replies = iter([True, False, True])  # free only? yes; replace? no; replace? yes
    script["Write the plan to"] = None
    console = Scripted(script)
    asked: list[str] = []

    def yes_no(question: str, default: bool | None = None) -> bool:
        asked.append(question)
        return next(replies)

    console.yes_no = yes_no  # type: ignore[method-assign]
    monkeypatch.chdir(tmp_path)
    answers = questionnaire(console, curriculum, Progress(), start=date(2025, 1, 6))
    assert answers.known == []
    assert not any(q.startswith("Do you already know") for q in asked)  # no placement
    assert "What you already know: question 1" not in " ".join(console.screens)
    assert console.asked.count("Write the plan to") == 2  # "replace it?" no, then yes


def test_a_newcomer_is_offered_to_skip_the_questions_first(curriculum) -> None:  # type: ignore[no-untyped-def]
    console, written = line_console("")
    assert prompts.ask_known(console, curriculum, ["deploy"], [], []) == []
    assert written[1:3] == [
        "How should we find out what you know?",
        "   1. I'm new to all of this",
    ]


# --- the consoles --------------------------------------------------------------------


DOWN = "\x1b[B"
BACKSPACE = "\x7f"


@contextlib.contextmanager
def prompt_console(keys: str) -> Iterator[PromptConsole]:
    """A :class:`PromptConsole` reading ``keys`` (typed ahead) from a pipe and drawing
    nowhere: the questionary widgets as they run, without a terminal."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    with create_pipe_input() as keyboard, create_app_session(keyboard, DummyOutput()):
        keyboard.send_text(keys)
        yield PromptConsole()


OPTIONS = [Option("PyTorch", "12 h"), Option("TensorFlow", "12 h"), Option("JAX")]


def test_prompt_console_menus() -> None:
    with prompt_console(DOWN + "\r") as console:
        assert console.choose("Which?", OPTIONS) == 1
    with prompt_console("3\r") as console:  # the numbers shown before each option
        assert console.choose("Which?", OPTIONS) == 2
    with prompt_console("\r") as console:
        assert console.choose("Which?", OPTIONS, default=1) == 1
    with prompt_console(" " + DOWN + " \r") as console:
        assert console.choose_many("Which?", OPTIONS, minimum=1) == [0, 1]
    with prompt_console("\r") as console:
        assert console.choose_many("Which?", OPTIONS, ticked=[2, 1]) == [1, 2]
    # Enter alone picks nothing when a tick is needed: Space first
    with prompt_console("\r \r") as console:
        assert console.choose_many("Which?", OPTIONS, minimum=1, what="goal") == [0]
    with prompt_console("\x03") as console, pytest.raises(KeyboardInterrupt):
        console.choose_many("Which?", OPTIONS)
    with prompt_console("\x04") as console, pytest.raises(EOFError):
        console.choose("Which?", OPTIONS)
    with prompt_console(DOWN + "\t\r") as console:  # Tab does nothing in a menu
        assert console.choose("Which?", OPTIONS) == 1


def test_prompt_console_filters_as_one_types() -> None:
    """Letters filter the list (j and k are letters here, not moves); Space ticks the
    highlighted option of the filtered list; Backspace widens it again; Tab does not
    invert the ticks; Enter returns every tick, shown or not."""
    with prompt_console("ten \t\r") as console:
        assert console.choose_many("Which?", OPTIONS) == [1]
    with prompt_console("jax" + BACKSPACE * 3 + " \r") as console:
        assert console.choose_many("Which?", OPTIONS) == [0]
    with prompt_console("jax \r") as console:
        assert console.choose_many("Which?", OPTIONS, ticked=[0]) == [0, 2]


def test_prompt_console_text_and_yes_no() -> None:
    def check(text: str) -> str | None:
        return None if text.isdigit() else "a number, please"

    # a wrong answer stays for mending: Enter does nothing until it is right
    with prompt_console("x\r" + BACKSPACE + "15\r") as console:
        assert console.ask("Hours?", "5", check) == "15"
    with prompt_console("\r") as console:
        assert console.ask("Hours?", "5", check) == "5"
    with prompt_console("YeS\r") as console:
        assert console.yes_no("Free only?") is True
    with prompt_console(" no \r") as console:
        assert console.yes_no("Free only?", True) is False
    with prompt_console("\r") as console:
        assert console.yes_no("Free only?", False) is False
    with prompt_console("\x03") as console, pytest.raises(KeyboardInterrupt):
        console.ask("Hours?", "5", check)
    with prompt_console("\x04") as console, pytest.raises(EOFError):
        console.yes_no("Free only?")


def test_text_is_wrapped_at_spaces_never_inside_an_id() -> None:
    text = (
        "Fine-tuning transformers (hugging-face-transformers-fine-tuning): adapt tensorflow-keras"
    )
    lines = prompts._wrap(text, width=40)
    assert lines == [
        "Fine-tuning transformers",
        "(hugging-face-transformers-fine-tuning):",
        "adapt tensorflow-keras",
    ]


def line_console(*lines: str) -> tuple[LineConsole, list[str]]:
    replies = iter(lines)

    def read() -> str:
        try:
            return next(replies)
        except StopIteration:
            raise EOFError from None

    written: list[str] = []
    return LineConsole(read, written.append), written


def test_line_console_numbered_menus() -> None:
    options = [Option("Classify text", "Train a text classifier."), Option("Ship a model")]
    console, written = line_console("3", "2")
    assert console.choose("Which goal?", options) == 1
    assert written[:4] == [
        "Which goal?",
        "   1. Classify text",
        "      Train a text classifier.",
        "   2. Ship a model",
    ]
    assert "'3' is not one of the numbers 1 to 2." in written
    console, written = line_console("", "1, 2")
    assert console.choose_many("Goals?", options, ticked=[1], minimum=1) == [1]
    assert " * 2. Ship a model" in written
    assert "Numbers, separated by spaces [2]:" in written
    assert console.choose_many("Goals?", options) == [0, 1]
    console, written = line_console("none")
    assert console.choose_many("Areas?", options, ticked=[0]) == []
    console, written = line_console("")
    assert console.choose_many("Areas?", options) == []  # the default shown, [none], works
    assert written[-1] == "Numbers, separated by spaces [none]:"


def test_line_console_needs_a_tick_and_says_which_number_is_wrong() -> None:
    options = [Option(f"Goal {n}") for n in range(1, 6)]
    console, written = line_console("", "none", "2, 9", "two", "2 4")
    assert console.choose_many("Goals?", options, minimum=1, what="goal") == [1, 3]
    assert written[6:] == [
        "Numbers, separated by spaces (at least one goal):",  # no default to take
        "Please pick at least one goal: type its number (1 to 5).",
        "Numbers, separated by spaces (at least one goal):",
        "Please pick at least one goal: type its number (1 to 5).",
        "Numbers, separated by spaces (at least one goal):",
        "'9' is not one of the numbers 1 to 5.",
        "Numbers, separated by spaces (at least one goal):",
        "'two' is not one of the numbers 1 to 5.",
        "Numbers, separated by spaces (at least one goal):",
    ]
    console, written = line_console("1", "1 3")
    assert console.choose_many("Goals?", options, minimum=2, what="goal") == [0, 2]
    assert "Please pick at least 2 goals: type their numbers (1 to 5)." in written


def test_line_console_text_yes_no_and_end_of_input() -> None:
    console, written = line_console("", "abc", "7")
    assert console.ask("Hours?", "5", prompts.check_hours) == "5"
    assert console.ask("Hours?", "5", prompts.check_hours) == "7"
    assert "'abc' is not a number of hours from 0.5 to 168" in written
    console, written = line_console("maybe", "", "n")
    assert console.yes_no("Free only?") is False
    assert written.count("Please answer yes or no (y or n).") == 2
    console, written = line_console("maybe", "YES")
    assert console.yes_no("Free only?", False) is True
    assert written == [
        "Free only? [y/N]:",
        "Please answer yes or no (y or n).",
        "Free only? [y/N]:",
    ]
    console, _ = line_console()
    with pytest.raises(EOFError):
        console.yes_no("Free only?")


def test_checks() -> None:
    for bad in ("0", "0.25", "-1", "169", "inf", "nan", "1e400", "lots", ""):
        assert prompts.check_hours(bad) == f"'{bad}' is not a number of hours from 0.5 to 168"
    for good in ("0.5", "2.5", " 6 ", "168"):
        assert prompts.check_hours(good) is None
    assert prompts.check_date("2025-02-30") == (
        "'2025-02-30' is not a date like 2025-01-06 (YYYY-MM-DD)"
    )
    assert prompts.check_output(str(ROOT)) == f"{ROOT} is a directory; type a file name"
    assert prompts.check_output("/no/such/dir/plan.md") == "directory /no/such/dir does not exist"


# --- the commands ----------------------------------------------------------------------


@pytest.mark.slow
def test_plan_without_goal_or_terminal_exits_2_at_once(cli: CLI, tmp_path: Path) -> None:
    """A real process with stdin open but silent: it must not wait for input."""
    env = {
        **os.environ,
        "LEARNING_PATH_PROGRESS": str(tmp_path / "p.yaml"),
        "PYTHONPATH": str(ROOT),
    }
    for args in (["plan"], ["plan", "--interactive", "--goal", "deploy"], ["assess"]):
        started = time.monotonic()
        with subprocess.Popen(
            [sys.executable, "-m", "learning_path", *args, "--curriculum", str(SMALL)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            env=env,
            text=True,
        ) as process:
            out, err = process.communicate(timeout=60)  # stdin stays open until we return
        assert process.returncode == 2, args
        assert out == "" and "Traceback" not in err
        assert time.monotonic() - started < 30
    assert "or run 'learning-path plan' on a terminal to be asked" in _run_plan_err(cli)
    # --interactive with a goal: the goal is not what is missing, the terminal is
    err = _run_plan_err(cli, "--interactive", "--goal", "deploy")
    assert "Error: --interactive asks questions: run it on a terminal\n" in err
    assert "--goal or --target" not in err
    assert list(tmp_path.iterdir()) == []


def _run_plan_err(cli: CLI, *args: str) -> str:
    result = cli("plan", *args, "--curriculum", SMALL, expect=2)
    assert result.exit_code == 2
    return result.stderr


def test_assess_without_terminal_is_usage_error(cli: CLI) -> None:
    result = cli("assess", "--goal", "deploy", "--curriculum", str(SMALL), expect=2)
    assert result.exit_code == 2
    assert "assess asks questions: run it on a terminal" in result.stderr


@contextlib.contextmanager
def _scripted_terminal(console: object) -> Iterator[object]:
    yield console


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Callable[[object], None]:
    """``terminal(console)``: the commands believe they run on a terminal and ask ``console``."""

    def use(console: object) -> None:
        monkeypatch.setattr(prompts, "is_interactive", lambda: True)
        monkeypatch.setattr(prompts, "open_console", lambda: _scripted_terminal(console))

    return use


def test_plan_on_a_terminal_writes_the_plan_and_remembers_the_answers(
    cli: CLI,
    tmp_path: Path,
    terminal: Callable[[object], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    terminal(Scripted(SCRIPT, knows={"Python basics", "NumPy"}))
    progress = tmp_path / "p.yaml"
    monkeypatch.chdir(tmp_path)
    result = cli("plan", "--curriculum", str(SMALL), "--progress", str(progress))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == "wrote study-plan.md\nsaved your answers to p.yaml\n"  # cwd-relative
    text = (tmp_path / "study-plan.md").read_text()
    assert text.startswith(
        "# Study plan: Ship a model\n\n*Curriculum: Tiny ML. Goals: `deploy`. Already known: "
        "`python`, `numpy`. Skipped as known or implied: 2 topics, 14 hours (`python`, `numpy`). "
        "Preferring: `tensorflow`. Free resources only.*\n\n"
        "**5 topics · 38.5 hours · about 7 weeks at 6 h/week · 2025-01-06 to 2025-02-23**\n"
    )
    assert load(progress) == Progress(
        goals=["deploy"],
        hours_per_week=6,
        prefer=["tensorflow"],
        free_only=True,
        known=["python", "numpy"],
    )
    # later plans use the remembered answers without asking
    terminal(Scripted({}))
    result = cli(
        "plan", "--curriculum", str(SMALL), "--progress", str(progress), "--start", "2025-01-06"
    )
    assert result.exit_code == 0
    assert result.stdout == text.replace(  # the same plan, saying what it took from the file
        "Preferring: `tensorflow`. Free resources only.*",
        "Preferring: `tensorflow` (remembered). Free resources only (remembered). "
        "Pace: 6 h/week (remembered).*",
    )


def test_interrupted_questions_write_nothing(
    cli: CLI,
    tmp_path: Path,
    terminal: Callable[[object], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Interrupting(Scripted):
        def ask(self, question: str, default: str, check: Callable[[str], str | None]) -> str:
            raise KeyboardInterrupt

    terminal(Interrupting(SCRIPT))
    monkeypatch.chdir(tmp_path)
    result = cli("plan", "--curriculum", str(SMALL), "--progress", "p.yaml", expect=130)
    assert result.exit_code == 130
    assert result.stderr == "\ninterrupted: nothing was written\n"
    assert list(tmp_path.iterdir()) == []


def test_assess_saves_what_the_learner_knows(
    cli: CLI, tmp_path: Path, terminal: Callable[[object], None]
) -> None:
    progress = tmp_path / "p.yaml"
    progress.write_text("version: 1\nknown: [tensorflow]\n")
    console = Scripted({}, knows={"Python basics", "NumPy", "Linear algebra"})
    terminal(console)
    result = cli(
        "assess", "--goal", "deploy", "--curriculum", str(SMALL), "--progress", str(progress)
    )
    assert result.exit_code == 0, result.stderr
    asked = len(console.asked)
    assert 1 <= asked < 4 and all(q.startswith("Do you already know") for q in console.asked)
    lines = result.stdout.splitlines()
    assert lines[0] == f"{asked} answer{'s' if asked != 1 else ''} settled 4 topics."
    assert lines[1] == "You already know 1 topic: linear-algebra."
    assert lines[2] == "You have 3 topics to learn: neural-networks, tf-serving, serving."
    assert lines[3] == f"Saved to {progress}: plans now skip what you know."
    stored = load(progress)
    assert stored.goals == ["deploy"] and stored.known == ["tensorflow", "linear-algebra"]


# --- the real program in a pseudo-terminal ------------------------------------------

COLUMNS, LINES = 100, 40


class Terminal:
    """The program running in a pseudo-terminal, read and typed into like a person would.

    What it prints goes through a terminal emulator (pyte), which also answers its
    cursor position requests as a terminal does; the tests look at the screen.
    """

    def __init__(
        self, args: list[str], cwd: Path, env: dict[str, str], *, reports_cursor: bool = True
    ) -> None:
        import pty

        import pyte

        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: a terminal of COLUMNS x LINES, then the program
            import fcntl
            import struct
            import termios

            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
            os.chdir(cwd)
            os.execve(sys.executable, [sys.executable, "-m", "learning_path", *args], env)
        self.screen = pyte.Screen(COLUMNS, LINES)
        if reports_cursor:
            self.screen.write_process_input = self.type  # type: ignore[method-assign]
        self.stream = pyte.ByteStream(self.screen)
        self.seen = b""
        """Everything the program printed, escape sequences and all."""

    def text(self) -> str:
        """What the screen shows now."""
        return "\n".join(line.rstrip() for line in self.screen.display).strip("\n")

    def settle(self, quiet: float = 0.3) -> str:
        """The screen once the program has drawn nothing new for ``quiet`` seconds (a
        redraw arrives in pieces: a check right after a match may see half of it)."""
        while select.select([self.fd], [], [], quiet)[0]:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            self._feed(chunk)
        return self.text()

    def expect(self, pattern: str, timeout: float = 30) -> re.Match[str]:
        """Wait until the screen shows ``pattern`` (a regular expression)."""
        deadline = time.monotonic() + timeout
        while True:
            found = re.search(pattern, self.text())
            if found:
                return found
            ready, _, _ = select.select([self.fd], [], [], max(0, deadline - time.monotonic()))
            if not ready:
                self._fail(f"timed out waiting for {pattern!r}")
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:  # the program ended
                chunk = b""
            if not chunk:
                self._fail(f"ended before {pattern!r}")
            self._feed(chunk)

    def _feed(self, chunk: bytes) -> None:
        self.seen += chunk
        self.stream.feed(chunk)

    def _fail(self, message: str) -> NoReturn:
        """Stop the program (if it still runs) and fail the test."""
        with contextlib.suppress(ProcessLookupError, ChildProcessError):
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)
        raise AssertionError(f"{message}; the screen shows:\n{self.text()}")

    def type(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def finish(self, timeout: float = 30) -> tuple[int, str]:
        """Wait for the end: exit code and everything the program printed.

        A program still running after ``timeout`` seconds is killed and the test fails.
        """
        deadline = time.monotonic() + timeout
        with contextlib.suppress(OSError):
            while select.select([self.fd], [], [], max(0, deadline - time.monotonic()))[0]:
                chunk = os.read(self.fd, 65536)
                if not chunk:
                    break
                self._feed(chunk)
        while (ended := os.waitpid(self.pid, os.WNOHANG))[0] == 0:
            if time.monotonic() > deadline:
                self._fail("still running")
            time.sleep(0.05)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(ended[1]), self.seen.decode("utf-8", "replace")


@pytest.fixture
def pty_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "LEARNING_PATH_PROGRESS"}
    env.update(PYTHONPATH=str(ROOT), TERM="xterm", COLUMNS=str(COLUMNS), LINES=str(LINES))
    return env


POSIX_ONLY = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


@pytest.mark.system
@POSIX_ONLY
def test_real_program_in_a_pseudo_terminal(tmp_path: Path, pty_env: dict[str, str]) -> None:
    term = Terminal(["plan", "--curriculum", str(SMALL)], tmp_path, pty_env)
    term.expect(r"Your goals\n\n\? What do you want to get good at\? \(tick one or more\)")
    term.expect(r"\(up/down to move, Space to tick at least one goal, type to filter, Enter when")
    term.type(DOWN)  # to "Ship a model"
    term.expect(r"» ○ Ship a model")
    term.type(" ")
    term.expect(r"» ● Ship a model")
    term.type("\r")
    term.expect(r"Neural networks needs one of these\. Which do you prefer\?")
    term.expect(
        re.escape("» 1) PyTorch\n   2) TensorFlow\n  Description: 12 h. Train models with")
    )  # the screen may still be drawing
    term.type(DOWN)
    term.expect(r"» 2\) TensorFlow")
    term.type("\r")
    term.expect(r"Your pace\n\n\? How many hours a week can you study\? \[5\]")
    term.type("600\r")  # out of range: said under the answer, which stays to be mended
    term.expect(r"\[5\] 600\n'600' is not a number of hours from 0\.5 to 168")
    term.type(BACKSPACE * 2 + "\r")
    term.expect(r"When do you start\? \(YYYY-MM-DD\) \[\d{4}-\d\d-\d\d\]")
    term.type("2025-01-06\r")
    term.expect(r"Show only free resources\? \[y/N\]")
    term.type("maybe\r")  # no answer: asked again, and its Enter confirms nothing else
    term.expect(r"\[y/N\] maybe\nPlease answer yes or no \(y or n\)\.\n\? Show only free")
    term.type("n\r")
    term.expect("How should we find out what you know")
    term.expect(
        re.escape("» 1) I'm new to all of this\n   2) Answer a few yes/no questions")
    )  # the screen may still be drawing
    term.type(DOWN + "\r")  # the second option: yes/no questions
    knows = {"Python basics", "NumPy"}
    questions = 0
    while True:
        found = term.expect(
            rf"question {questions + 1}, (?s:.*)Do you already know ([^?]+)\? \[y/n\]"
            r"|Write the plan to \[study-plan\.md\]"
        )
        if found.group(1) is None:
            break
        questions += 1
        term.type("y\r" if found.group(1) in knows else "n\r")
    assert 1 <= questions <= 5
    term.type("\r")  # the default file name
    code, output = term.finish()
    assert code == 0, output
    assert "wrote study-plan.md" in output
    assert "saved your answers to user-data/learning-path/progress.yaml" in output  # conftest
    assert "Traceback" not in output
    plan = (tmp_path / "study-plan.md").read_text()
    assert plan.startswith("# Study plan: Ship a model\n")
    assert "Already known: `python`, `numpy`. Skipped as known or implied: 2 topics" in plan
    assert "Preferring: `tensorflow`." in plan
    assert "## Week 1 · 2025-01-06 to 2025-01-12" in plan
    stored = load(tmp_path / "user-data" / "learning-path" / "progress.yaml")
    assert stored.goals == ["deploy"] and stored.known == ["python", "numpy"]
    assert stored.hours_per_week == 6 and stored.prefer == ["tensorflow"]


@pytest.mark.system
@POSIX_ONLY
def test_type_to_filter_in_a_pseudo_terminal(tmp_path: Path, pty_env: dict[str, str]) -> None:
    """Letters typed in a list of ticks narrow it to the options whose name holds them;
    Space ticks, Backspace widens the list again with the ticks kept."""
    term = Terminal(["plan", "--curriculum", str(SMALL), "-o", "plan.md"], tmp_path, pty_env)
    term.expect("What do you want to get good at")
    term.type("ship")
    term.expect(r"/ ship\.\.\.")
    screen = term.settle()
    assert "» ○ Ship a model" in screen and "Classify text" not in screen
    term.type(" \r")
    term.expect("Which do you prefer")
    term.type("\r")
    term.expect(r"How many hours a week")
    term.type("\r")
    term.expect(r"When do you start")
    term.type("2025-01-06\r")
    term.expect(r"Show only free resources")
    term.type("\r")
    term.expect("How should we find out what you know")
    term.type("3\r")  # pick areas, then topics
    term.expect(r"Which areas do you know something about\?")
    term.type("fou")
    term.expect(r"/ fou\.\.\.")
    term.type(" \r")
    term.expect(r"What you already know: Foundations\n\n\? Which of these do you know\?")
    term.type("num")
    term.expect(r"/ num\.\.\.")
    assert "Python basics" not in term.settle()
    term.type(" ")
    term.expect(r"» ● NumPy")
    term.type(BACKSPACE * 3)
    term.expect(r"» ○ Python basics\n   ● NumPy")
    term.type("\r")
    code, output = term.finish()
    assert code == 0, output
    assert "wrote plan.md" in output and "Traceback" not in output
    assert load(tmp_path / "user-data" / "learning-path" / "progress.yaml").known == ["numpy"]
    assert "Already known: `numpy`." in (tmp_path / "plan.md").read_text()


@pytest.mark.system
@POSIX_ONLY
def test_numbered_questions_on_a_dumb_terminal(tmp_path: Path, pty_env: dict[str, str]) -> None:
    """TERM=dumb (Emacs' shell, say): numbered lists and typed lines, and not one escape
    sequence."""
    pty_env["TERM"] = "dumb"
    term = Terminal(["plan", "--curriculum", str(SMALL), "-o", "plan.md"], tmp_path, pty_env)
    term.expect(
        r"== Your goals ==\n\nWhat do you want to get good at\? \(tick one or more\)\n"
        r"   1\. Classify text\n      Train a text classifier\.\n   2\. Ship a model\n"
        r"Numbers, separated by spaces \(at least one goal\):"
    )
    term.type("\r")
    term.expect(r"Please pick at least one goal: type its number \(1 to 2\)\.")
    term.type("2\r")
    term.expect(r"   2\. TensorFlow\n      12 h\. Train models with Keras\.\nNumber \[1\]:")
    term.type("2\r")
    term.expect(r"How many hours a week can you study\? \[5\]:")
    term.type("6\r")
    term.expect(r"When do you start\? \(YYYY-MM-DD\) \[\d{4}-\d\d-\d\d\]:")
    term.type("2025-01-06\r")
    term.expect(r"Show only free resources\? \[y/N\]:")
    term.type("yes\r")
    term.expect(r"   1\. I'm new to all of this\n")
    term.type("\r")
    code, output = term.finish()
    assert code == 0, output
    assert "\x1b" not in output
    assert "wrote plan.md" in output
    stored = load(tmp_path / "user-data" / "learning-path" / "progress.yaml")
    assert stored.goals == ["deploy"] and stored.prefer == ["tensorflow"]
    assert stored.free_only is True and stored.known == []


@pytest.mark.system
@POSIX_ONLY
def test_a_terminal_that_never_reports_its_cursor(tmp_path: Path, pty_env: dict[str, str]) -> None:
    """prompt_toolkit asks where the cursor is; a terminal that never says still gets
    its questions, without a warning about it on every screen."""
    term = Terminal(
        ["plan", "--curriculum", str(SMALL), "-o", "plan.md"],
        tmp_path,
        pty_env,
        reports_cursor=False,
    )
    term.expect("What do you want to get good at")
    term.type(" \r")
    for question, keys in [
        ("Which do you prefer", "\r"),
        ("How many hours", "\r"),
        ("When do you start", "2025-01-06\r"),
        ("Show only free resources", "\r"),
        ("How should we find out", "\r"),
    ]:
        term.expect(question)
        term.type(keys)
    code, output = term.finish()
    assert code == 0, output
    assert "wrote plan.md" in output
    assert "WARNING" not in output and "cursor position" not in output


@pytest.mark.system
@POSIX_ONLY
def test_ctrl_c_in_a_pseudo_terminal_leaves_cleanly(
    tmp_path: Path, pty_env: dict[str, str]
) -> None:
    term = Terminal(["plan", "--curriculum", str(SMALL)], tmp_path, pty_env)
    term.expect("What do you want to get good at")
    term.type(" \r")
    term.expect("Which do you prefer")
    term.type("\x03")
    code, output = term.finish()
    assert code == 130
    assert "interrupted: nothing was written" in output
    assert "Traceback" not in output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.system
@POSIX_ONLY
def test_assess_in_a_pseudo_terminal(tmp_path: Path, pty_env: dict[str, str]) -> None:
    term = Terminal(["assess", "--goal", "classify", "--curriculum", str(SMALL)], tmp_path, pty_env)
    knows = {"Python basics", "NumPy", "PyTorch"}
    questions = 0
    while True:
        found = term.expect(
            rf"question {questions + 1}, (?s:.*)Do you already know ([^?]+)\? \[y/n\]"
            r"|\d+ answers? settled"
        )
        if found.group(1) is None:
            break
        questions += 1
        term.type("Yes\r" if found.group(1) in knows else "no\r")
    code, output = term.finish()
    assert code == 0, output
    assert 1 <= questions < 6
    assert "You already know 3 topics: python, numpy, pytorch." in output
    assert "You have 3 topics to learn: linear-algebra, neural-networks, text-classifier." in output
    stored = load(tmp_path / "user-data" / "learning-path" / "progress.yaml")
    assert stored.goals == ["classify"] and stored.known == ["python", "numpy", "pytorch"]
