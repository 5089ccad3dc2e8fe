"""The interactive questions of ``plan`` (no goal, on a terminal) and ``assess``.

Every question goes through a :class:`Console`. :class:`PromptConsole` asks on a
terminal through questionary (on prompt_toolkit, so Windows consoles work too):
one screen per question, arrow keys and Space in menus, type-to-filter when
ticking, typed lines for the rest. :class:`LineConsole` asks for numbers and lines
of text, one line at a time, where the terminal cannot move its cursor (TERM=dumb)
and in tests through click's runner. The questionnaire itself is plain functions
over a console, so tests drive it with scripted answers. Nothing here writes a
file: Ctrl-C (or Ctrl-D) anywhere raises ``KeyboardInterrupt`` / ``EOFError`` and
the caller stops cleanly.
"""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import click

from .progress import merge_ids
from .text import hours as _hours

if TYPE_CHECKING:
    from questionary import Choice, Question

    from .model import Curriculum
    from .placement import Placement
    from .progress import Progress

DEFAULT_OUTPUT = "study-plan.md"
DEFAULT_HOURS = 5.0
NEW_TO_ALL = "I'm new to all of this"
"""The first answer to "what do you know?": no placement questions, plan from scratch."""


@dataclass(frozen=True)
class Option:
    """One entry of a menu: a label and an optional longer description."""

    label: str
    detail: str = ""


class Console(Protocol):
    """How the questionnaire talks to the learner."""

    def screen(self, title: str) -> None:
        """Start a new screen (one question at a time) headed ``title``."""

    def say(self, text: str) -> None:
        """Show a paragraph on the current screen."""

    def choose(self, question: str, options: Sequence[Option], default: int = 0) -> int:
        """Index of the one option picked."""

    def choose_many(
        self,
        question: str,
        options: Sequence[Option],
        ticked: Iterable[int] = (),
        minimum: int = 0,
        what: str = "option",
    ) -> list[int]:
        """Indices (ascending) of the options picked; at least ``minimum`` of them.

        ``what`` names one option in messages ("tick at least one goal").
        """

    def ask(self, question: str, default: str, check: Callable[[str], str | None]) -> str:
        """A line of text (``default`` when empty); ``check`` returns an error or None."""

    def yes_no(self, question: str, default: bool | None = None) -> bool:
        """A yes or no typed as a whole line (y, yes, n, no in any case); ``default``
        answers an empty line (None: no default); anything else asks again."""


def is_interactive() -> bool:
    """True when both stdin and stdout are terminals, so questions can be asked."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def is_dumb_terminal() -> bool:
    """True when the terminal cannot move its cursor (TERM is dumb or unknown, as in
    Emacs' shell): menus are then numbered lists, answered by typing numbers."""
    return os.environ.get("TERM", "").lower() in ("dumb", "unknown")


@contextlib.contextmanager
def open_console() -> Iterator[Console]:
    """Menus with arrow keys on a terminal that can move its cursor, numbered
    questions on one that cannot."""
    if is_dumb_terminal():
        yield LineConsole(_read_line, _write_line)
    else:
        yield PromptConsole()


def _read_line() -> str:
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\r\n")


def _write_line(text: str) -> None:
    click.echo(text)


def _width() -> int:
    return max(40, shutil.get_terminal_size((80, 24)).columns)


def _wrap(text: str, indent: str = "", width: int | None = None, first: str = "") -> list[str]:
    """``text`` in lines shorter than the terminal, broken only at spaces (never inside
    an id such as ``tensorflow-keras``), each starting ``indent`` (the first ``first``
    when given)."""
    return textwrap.wrap(
        " ".join(text.split()),
        width=(width or _width()) - 1,
        initial_indent=first or indent,
        subsequent_indent=indent,
        break_on_hyphens=False,
        break_long_words=False,
    ) or [(first or indent).rstrip()]


def count(number: int, what: str) -> str:
    """``number`` of ``what``: "one goal", "2 goals"."""
    return f"one {what}" if number == 1 else f"{number} {what}s"


YES_NO_HINT = "Please answer yes or no (y or n)."


def parse_yes_no(reply: str, default: bool | None) -> bool | None:
    """The answer a typed line gives: y/yes/n/no in any case, ``default`` for an empty
    line, None for anything else (ask again)."""
    word = reply.strip().lower()
    if not word:
        return default
    return {"y": True, "yes": True, "n": False, "no": False}.get(word)


def not_listed(reply: str, size: int) -> str:
    """The message for a reply that is not one of the numbers 1 to ``size``."""
    return f"'{reply}' is not one of the numbers 1 to {size}."


_QMARK = "?"
_DESCRIPTION = "  Description: "
"""What questionary puts before the highlighted option's detail."""


class PromptConsole:
    """A terminal console on questionary: one question per screen, arrow keys to move,
    Space to tick (typing filters the list), Enter to confirm.

    Each question is a questionary prompt asked with ``unsafe_ask``, so Ctrl-C raises
    ``KeyboardInterrupt``; Ctrl-D raises ``EOFError`` in a menu and on an empty line.
    """

    def screen(self, title: str) -> None:
        from prompt_toolkit.shortcuts import clear

        clear()
        for line in [*_wrap(title), ""]:
            self._show(line, style="bold")

    def say(self, text: str) -> None:
        for line in [*_wrap(text), ""]:
            self._show(line)

    def choose(self, question: str, options: Sequence[Option], default: int = 0) -> int:
        import questionary

        numbered = len(options) <= 9
        keys = "up/down or a number, then Enter" if numbered else "up/down, then Enter"
        choices = self._choices(options)
        message = _message(question, max(len(o.label) for o in options))
        prompt = questionary.select(
            message,
            choices,
            default=choices[default],
            qmark=_QMARK,
            use_shortcuts=numbered,
            instruction=_instruction(message, keys),
        )
        _menu_keys(prompt)
        index: int = _run(prompt)
        return index

    def choose_many(
        self,
        question: str,
        options: Sequence[Option],
        ticked: Iterable[int] = (),
        minimum: int = 0,
        what: str = "option",
    ) -> list[int]:
        import questionary

        chosen = set(ticked)
        need = f" at least {count(minimum, what)}" if minimum else ""

        def enough(picked: list[Any]) -> bool | str:
            return len(picked) >= minimum or f"tick at least {count(minimum, what)} with Space"

        choices = self._choices(options, chosen)
        # shown once answered: "done (2 selections)", or the one option ticked in brackets
        message = _message(
            question, max([len("done (99 selections)")] + [len(o.label) + 2 for o in options])
        )
        prompt = questionary.checkbox(
            message,
            choices,
            validate=enough,
            qmark=_QMARK,
            initial_choice=choices[min(chosen, default=0)],
            use_jk_keys=False,  # letters filter the list
            use_search_filter=True,
            instruction=_instruction(
                message, f"up/down to move, Space to tick{need}, type to filter, Enter when done"
            ),
        )
        _menu_keys(prompt)
        picked: list[int] = _run(prompt)
        return sorted(picked)

    def ask(self, question: str, default: str, check: Callable[[str], str | None]) -> str:
        import questionary

        prompt = questionary.text(
            _message(f"{question} [{default}]"),
            validate=lambda text: check(text.strip() or default) or True,
            qmark=_QMARK,
        )
        reply: str = _run(prompt)
        return reply.strip() or default

    def yes_no(self, question: str, default: bool | None = None) -> bool:
        """A whole line, as in :class:`LineConsole`: a wrong word ("maybe") is not an
        answer; the hint follows and the question is asked again on a fresh line."""
        import questionary

        hint = {True: "Y/n", False: "y/N", None: "y/n"}[default]
        while True:
            prompt = questionary.text(_message(f"{question} [{hint}]"), qmark=_QMARK)
            answer = parse_yes_no(_run(prompt), default)
            if answer is not None:
                return answer
            self._show(YES_NO_HINT)

    @staticmethod
    def _choices(options: Sequence[Option], ticked: Iterable[int] = ()) -> list[Choice]:
        import questionary

        width = _width()
        ticks = set(ticked)
        return [
            questionary.Choice(
                option.label,
                value=index,
                checked=index in ticks,
                description="\n".join(
                    _wrap(option.detail, " " * len(_DESCRIPTION), width, _DESCRIPTION)
                ).removeprefix(_DESCRIPTION)
                if option.detail
                else None,
            )
            for index, option in enumerate(options)
        ]

    @staticmethod
    def _show(text: str, style: str = "") -> None:
        from prompt_toolkit import print_formatted_text
        from prompt_toolkit.formatted_text import FormattedText

        print_formatted_text(FormattedText([(style, text)]))


def _message(question: str, answer: int = 0) -> str:
    """``question`` wrapped at spaces to fit after the question mark; the answer shown
    after it once given (``answer`` characters at most) gets a line of its own when it
    would not fit on the last line (the terminal would break it anywhere)."""
    width = _width() - len(_QMARK) - 1
    lines = _wrap(question, width=width)
    if answer and len(lines[-1]) + 1 + answer >= width:
        lines.append("")
    return "\n".join(lines)


def _instruction(message: str, keys: str) -> str:
    """The keys to press, on their own lines under the question ``message``."""
    text = "\n".join(_wrap(f"({keys})", "  "))
    return text[1:] if message.endswith("\n") else "\n" + text


def _menu_keys(prompt: Question) -> None:
    """Ctrl-D leaves a menu as it leaves a line of text (questionary ignores it there),
    and Tab does nothing (questionary's checkbox inverts every tick with it when the
    list filters, hidden options included: too easy to press by mistake)."""
    from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent

    def end_of_input(event: KeyPressEvent) -> None:
        event.app.exit(exception=EOFError)

    bindings = prompt.application.key_bindings
    if isinstance(bindings, KeyBindings):
        bindings.add("c-d", eager=True)(end_of_input)
        bindings.add("tab", eager=True)(lambda event: None)


def _run(prompt: Question) -> Any:
    """The answer to ``prompt``; Ctrl-C raises ``KeyboardInterrupt``.

    Every part of the prompt takes only the lines it needs, and prompt_toolkit does not
    ask the terminal where its cursor is: it would only stretch the list down to the
    bottom of the screen (each question starts a cleared screen), leaving the filter
    and the error message far below it, and a terminal that never answers would get a
    second's wait and a warning on every question.
    """
    from prompt_toolkit.filters import Always
    from prompt_toolkit.output.vt100 import Vt100_Output

    app = prompt.application
    for window in app.layout.find_all_windows():
        window.dont_extend_height = Always()
    if isinstance(app.output, Vt100_Output):
        app.output.enable_cpr = False
    return prompt.unsafe_ask()


class LineConsole:
    """Numbered menus and typed answers, one line at a time (no terminal tricks)."""

    def __init__(self, read_line: Callable[[], str], write: Callable[[str], None]) -> None:
        self.read_line = read_line
        self.write = write

    def screen(self, title: str) -> None:
        self.write(f"\n== {title} ==\n")

    def say(self, text: str) -> None:
        self.write("\n".join(_wrap(text)))

    def _list(self, question: str, options: Sequence[Option], ticked: set[int]) -> None:
        self.write(question)
        for number, option in enumerate(options, start=1):
            mark = "*" if number - 1 in ticked else " "
            self.write(f" {mark}{number:>2}. {option.label}")
            if option.detail:
                self.write("\n".join(_wrap(option.detail, "      ")))

    def _prompt(self, text: str) -> str:
        self.write(text)
        return self.read_line().strip()

    def choose(self, question: str, options: Sequence[Option], default: int = 0) -> int:
        self._list(question, options, set())
        while True:
            reply = self._prompt(f"Number [{default + 1}]:") or str(default + 1)
            if reply.isdigit() and 1 <= int(reply) <= len(options):
                return int(reply) - 1
            self.write(not_listed(reply, len(options)))

    def choose_many(
        self,
        question: str,
        options: Sequence[Option],
        ticked: Iterable[int] = (),
        minimum: int = 0,
        what: str = "option",
    ) -> list[int]:
        """Numbers typed on one line; the default (in brackets) is what is ticked, or
        ``none`` when nothing need be; with nothing ticked and ``minimum`` > 0 there is
        no default."""
        chosen = sorted(set(ticked))
        self._list(question, options, set(chosen))
        shown = " ".join(str(i + 1) for i in chosen) or ("" if minimum else "none")
        need = f"[{shown}]" if shown else f"(at least {count(minimum, what)})"
        while True:
            reply = self._prompt(f"Numbers, separated by spaces {need}:") or shown
            words = reply.replace(",", " ").split()
            if words == ["none"]:
                words = []
            wrong = [w for w in words if not (w.isdigit() and 1 <= int(w) <= len(options))]
            picked = sorted({int(w) - 1 for w in words if w not in wrong})
            if wrong:
                self.write(not_listed(wrong[0], len(options)))
            elif len(picked) < minimum:
                self.write(
                    f"Please pick at least {count(minimum, what)}: type "
                    f"{'its number' if minimum == 1 else 'their numbers'} (1 to {len(options)})."
                )
            else:
                return picked

    def ask(self, question: str, default: str, check: Callable[[str], str | None]) -> str:
        while True:
            text = self._prompt(f"{question} [{default}]:") or default
            error = check(text)
            if error is None:
                return text
            self.write(error)

    def yes_no(self, question: str, default: bool | None = None) -> bool:
        hint = {True: "Y/n", False: "y/N", None: "y/n"}[default]
        while True:
            answer = parse_yes_no(self._prompt(f"{question} [{hint}]:"), default)
            if answer is not None:
                return answer
            self.write(YES_NO_HINT)


# --- the questionnaire ---------------------------------------------------------------


@dataclass
class Answers:
    """Everything the questionnaire found out."""

    goals: list[str]
    prefer: list[str]
    hours_per_week: float
    start: date
    free_only: bool
    known: list[str]
    output: Path


def questionnaire(
    console: Console,
    curriculum: Curriculum,
    defaults: Progress,
    *,
    start: date,
    output: Path | None = None,
    output_default: str = DEFAULT_OUTPUT,
) -> Answers:
    """Ask for goals, framework preference, pace, start, free resources, what is
    known, and (unless ``output`` is given) the file to write; ``defaults`` are the
    answers remembered from before and ``start`` the suggested start date."""
    goals = ask_goals(console, curriculum, defaults.goals)
    prefer = ask_preferences(console, curriculum, goals, defaults.known, defaults.prefer)
    hours = ask_hours(console, defaults.hours_per_week or DEFAULT_HOURS)
    first_day = ask_start(console, start)
    free_only = ask_free_only(console, defaults.free_only)
    known = ask_known(console, curriculum, goals, prefer, defaults.known, list(defaults.done))
    path = output if output is not None else ask_output(console, output_default)
    return Answers(goals, prefer, hours, first_day, free_only, known, path)


def ask_goals(console: Console, curriculum: Curriculum, default: Sequence[str]) -> list[str]:
    """Screen 1: which goals (at least one)."""
    ids = list(curriculum.goals)
    console.screen("Your goals")
    options = [
        Option(curriculum.goals[g].title, curriculum.goals[g].description or "") for g in ids
    ]
    picked = console.choose_many(
        "What do you want to get good at? (tick one or more)",
        options,
        [ids.index(g) for g in default if g in ids],
        minimum=1,
        what="goal",
    )
    return [ids[i] for i in picked]


def ask_preferences(
    console: Console,
    curriculum: Curriculum,
    goals: Sequence[str],
    known: Sequence[str],
    default: Sequence[str],
) -> list[str]:
    """Screen 2: one choice per alternative that matters (frameworks, usually)."""
    from .planner import alternative_groups

    prefer: list[str] = []
    for needer, members in alternative_groups(curriculum, goals, known):
        topics = curriculum.topics
        console.screen("Framework preference")
        options = [
            Option(topics[m].title, f"{_hours(topics[m].hours)} h. {topics[m].summary}")
            for m in members
        ]
        start = next((i for i, m in enumerate(members) if m in default), 0)
        index = console.choose(
            f"{topics[needer].title} needs one of these. Which do you prefer?", options, start
        )
        prefer.append(members[index])
    return prefer


def check_hours(text: str) -> str | None:
    """None if ``text`` is a pace the planner takes (0.5 to 168 hours), else what is wrong."""
    from .request import pace_problem

    try:
        value = float(text)
    except ValueError:
        value = math.nan
    return pace_problem(value, f"'{text}'")


def ask_hours(console: Console, default: float) -> float:
    """Screen 3: the pace."""
    console.screen("Your pace")
    # the remembered pace as written (7.125 stays 7.125), not rounded for display
    return float(console.ask("How many hours a week can you study?", f"{default:g}", check_hours))


def check_date(text: str) -> str | None:
    """None if ``text`` is a date as YYYY-MM-DD, else what is wrong."""
    from .progress import parse_date

    try:
        parse_date(text)
    except ValueError as exc:
        return str(exc)
    return None


def ask_start(console: Console, default: date) -> date:
    """Screen 4: the first day of week 1."""
    console.screen("Start date")
    from .progress import parse_date

    return parse_date(
        console.ask("When do you start? (YYYY-MM-DD)", default.isoformat(), check_date)
    )


def ask_free_only(console: Console, default: bool) -> bool:
    """Screen 5: free resources only?"""
    console.screen("Resources")
    return console.yes_no("Show only free resources?", default)


def ask_known(
    console: Console,
    curriculum: Curriculum,
    goals: Sequence[str],
    prefer: Sequence[str],
    default: Sequence[str],
    done: Sequence[str] = (),
) -> list[str]:
    """Screen 6: what the learner knows already, by placement or by picking topics.

    A newcomer says so first and is asked nothing more: the plan starts from scratch.
    """
    console.screen("What you already know")
    options = [
        Option(NEW_TO_ALL, "Nothing yet: plan everything from the start, no questions."),
        Option("Answer a few yes/no questions", "Each answer settles several topics at once."),
        Option("Pick areas, then topics", "Tick what you know from lists."),
    ]
    if default:
        options.insert(
            0, Option("Keep what you told me before", f"{len(default)}: " + ", ".join(default))
        )
    choice = options[console.choose("How should we find out what you know?", options)].label
    if choice.startswith("Keep"):
        return list(default)
    if choice == NEW_TO_ALL:
        return []
    if choice.startswith("Answer"):
        from .placement import Placement

        placement = Placement(curriculum, goals=goals, known=[*default, *done], prefer=prefer)
        run_placement(console, placement, curriculum)
        found = placement.known()
        return merge_ids(default, [t for t in curriculum.topics if t in found])
    return pick_known(console, curriculum, goals, prefer, default)


def run_placement(console: Console, placement: Placement, curriculum: Curriculum) -> None:
    """Ask "Do you already know <topic>?" until the placement has decided every topic."""
    while (topic_id := placement.next_question()) is not None:
        topic = curriculum.topics[topic_id]
        decided = len(placement.known()) + len(placement.unknown())
        console.screen(
            f"What you already know: question {placement.asked + 1}, "
            f"{decided} of {placement.total} topics settled"
        )
        console.say(f"{topic.title} ({topic_id}): {topic.summary}")
        placement.answer(topic_id, console.yes_no(f"Do you already know {topic.title}?"))


def pick_known(
    console: Console,
    curriculum: Curriculum,
    goals: Sequence[str],
    prefer: Sequence[str],
    default: Sequence[str],
) -> list[str]:
    """Pick areas of the goals' plan, then the known topics of each, one screen per area."""
    from .planner import known_closure, make_plan

    plan = make_plan(curriculum, goals=goals, prefer=prefer)
    knows = known_closure(curriculum, default)
    areas: dict[str, list[str]] = {}
    for step in plan.steps:
        areas.setdefault(step.area or "other", []).append(step.id)
    names = list(areas)
    console.screen("What you already know: areas")
    chosen = console.choose_many(
        "Which areas do you know something about?",
        [
            Option(area_title(a), ", ".join(curriculum.topics[t].title for t in areas[a]))
            for a in names
        ],
        [i for i, a in enumerate(names) if knows.intersection(areas[a])],
        what="area",
    )
    in_plan = {step.id for step in plan.steps}
    known = [k for k in default if k not in in_plan]  # known for other goals: kept
    for index in chosen:
        ids = areas[names[index]]
        console.screen(f"What you already know: {area_title(names[index])}")
        ticked = console.choose_many(
            "Which of these do you know?",
            [Option(curriculum.topics[t].title, curriculum.topics[t].summary) for t in ids],
            [i for i, t in enumerate(ids) if t in knows],
            what="topic",
        )
        known += [ids[i] for i in ticked]
    return known


_SMALL_WORDS = frozenset({"a", "an", "as", "at", "by", "in", "is", "of", "on", "or", "to"})


def area_title(area: str) -> str:
    """A readable name for an area id: ``classical-ml`` -> "Classical ML", ``nlp`` ->
    "NLP", ``deep-learning`` -> "Deep learning".

    Dashes and underscores become spaces and the first word is capitalised; an id of
    three letters or fewer, and a two-letter word other than a small English one
    (of, to, in...), is taken for an abbreviation and upper-cased.
    """
    if len(area) <= 3:
        return area.upper()
    words = area.replace("_", " ").replace("-", " ").split()
    text = " ".join(w.upper() if len(w) == 2 and w not in _SMALL_WORDS else w for w in words)
    return text[:1].upper() + text[1:] or area


def check_output(text: str) -> str | None:
    """None if a plan can be written to ``text``, else why not."""
    path = Path(text).expanduser()
    if path.is_dir():
        return f"{text} is a directory; type a file name"
    if not path.parent.is_dir():
        return f"directory {path.parent} does not exist"
    return None


def ask_output(console: Console, default: str) -> Path:
    """Last screen: where to write the plan (confirming before replacing a file)."""
    console.screen("Your plan")
    while True:
        path = Path(console.ask("Write the plan to", default, check_output)).expanduser()
        if not path.exists() or console.yes_no(f"{path} exists. Replace it?", False):
            return path
