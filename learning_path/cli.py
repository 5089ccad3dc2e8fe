"""The ``learning-path`` command: each command parses its options, makes one call
into the package, and prints what it returns.

Shared options are in :mod:`.options`, the curriculum and progress file a command
works on in :mod:`.session`, what the learner's commands do in :mod:`.actions`.
Heavy modules (pydantic, networkx, jinja2, yaml) are imported inside the commands
so that ``--help`` stays instant.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import click

from . import __version__
from .authoring import COMMANDS
from .options import (
    CONTEXT,
    Group,
    date_option,
    format_option,
    goal_option,
    hours_per_week_option,
    known_option,
    no_cache_option,
    output_option,
    prefer_option,
    rating_option,
    session_options,
    target_option,
)
from .session import Session, show, with_session


@click.group(cls=Group, context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="learning-path")
@no_cache_option
def cli() -> None:
    """Turn a curriculum of topics into a personal, ordered study plan.

    \b
    Examples:
      learning-path goals
      learning-path plan --goal nlp -o plan.md
      learning-path plan --goal vision --known python-basics --hours-per-week 6
      learning-path validate my-curriculum/
    """


@cli.command(context_settings=CONTEXT)
@goal_option("Goal to reach (repeatable).")
@target_option("Topic to reach directly (repeatable).")
@known_option("Topic you already know; it and what it requires are skipped (repeatable).")
@prefer_option(
    "Take this member of an any_of group, e.g. tensorflow-keras over pytorch (repeatable)."
)
@hours_per_week_option("Study pace, 0.5 to 168 hours; lays the plan out week by week.")
@date_option("--start", help="First day of week 1 of a paced plan [default: the coming Monday].")
@click.option(
    "--free-only/--all-resources",
    default=None,
    help="List only free resources (remembered from the questions; default: all).",
)
@click.option(
    "-i",
    "--interactive",
    is_flag=True,
    help="Ask the questions (goals, pace, what you know...) even with goals given or remembered.",
)
@format_option(
    "markdown",
    "html",
    "json",
    help="Output format; html is one self-contained page with checkboxes it remembers.",
)
@output_option()
@click.option(
    "--templates",
    "templates_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    metavar="DIR",
    help="Your templates: one named like a bundled one (plan.md.j2, plan.html.j2) replaces it.",
)
@click.option(
    "--template",
    "template_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Render the plan through this template instead of the --format one.",
)
@click.option(
    "--with-graph",
    is_flag=True,
    help="Add the plan's prerequisite graph (a Mermaid flowchart) to the Markdown plan.",
)
@date_option(
    "--by",
    help="Finish by this day: lays the plan at the hours per week it needs (at most 60), "
    "or with --hours-per-week says the last topic reached by then.",
)
@with_session(sequence=True)
def plan(session: Session, fmt: str, output: Path | None, **options: Any) -> None:
    """Write a study plan for one or more goals or topics.

    Without --goal or --target, the goals remembered in the progress file are
    used; if there are none (or with --interactive), a terminal asks one question
    per screen and writes the plan to a file; without a terminal that is a usage
    error. Known topics are skipped, done topics ticked, and the pace, framework
    preference and free-only choice remembered in the progress file apply unless
    given here.
    """
    from .actions import PlanJob, write_plan
    from .request import Choices

    choices = ("goals", "targets", "known", "prefer", "hours_per_week", "start", "free_only")
    given = Choices(**{name: options.pop(name) for name in choices})
    write_plan(session, PlanJob(given, fmt=fmt, output=output, **options))


@cli.command(context_settings=CONTEXT)
@format_option()
@with_session(progress=False)
def goals(session: Session, fmt: str) -> None:
    """List the goals, with the topics and hours each needs from scratch."""
    from .report import goals_report

    show(goals_report(session.curriculum), fmt)


@cli.command(context_settings=CONTEXT)
@goal_option("Goal to place you in (repeatable; default: the remembered goals).")
@prefer_option()
@with_session()
def assess(session: Session, goals: tuple[str, ...], prefer: tuple[str, ...]) -> None:
    """Find out what you already know with a few yes/no questions.

    Each answer settles several topics (knowing a topic means knowing what it
    requires; not knowing it means not knowing what requires it). The known topics
    and the goals are saved in the progress file, so later plans skip them. Needs
    a terminal.
    """
    from .actions import assess as run

    click.echo(run(session, goals, prefer), nl=False)


@cli.command(context_settings=CONTEXT)
@click.argument("topics", nargs=-1)
@click.option(
    "--from",
    "plan_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="PLAN.md",
    help="Record the boxes you ticked (and unticked) in a Markdown plan this tool wrote.",
)
@click.option(
    "--known",
    "as_known",
    is_flag=True,
    help="You knew these before you started: record them as known (skipped by plans).",
)
@date_option("--on", "day", past=True, help="The day you finished them [default: today].")
@click.option(
    "--hours",
    type=click.FloatRange(min=0, min_open=True, max=10000),
    metavar="H",
    help="Real hours the topic took (one topic); status compares them with the estimates.",
)
@with_session()
def done(session: Session, topics: tuple[str, ...], **options: Any) -> None:
    """Mark topics as learned (ticked in plans, left out of the hours to go).

    With --hours, record the real time a topic took (again later to correct it)."""
    from .actions import mark_done

    news = mark_done(session, topics, **options)
    if news or topics:
        click.echo("\n".join(news))


@cli.command(context_settings=CONTEXT)
@click.argument("topics", nargs=-1, required=True)
@with_session()
def undo(session: Session, topics: tuple[str, ...]) -> None:
    """Unmark topics marked done or known by mistake."""
    from .actions import undo as run

    click.echo("\n".join(run(session, topics)))


@cli.command("next", context_settings=CONTEXT)
@goal_option("Goal to work towards (repeatable; default: the remembered goals).")
@prefer_option()
@click.option(
    "-n",
    "--limit",
    type=click.IntRange(min=1),
    metavar="N",
    help="Show only the first N topics ready (in plan order).",
)
@with_session(sequence=True)
def next_(
    session: Session, goals: tuple[str, ...], prefer: tuple[str, ...], limit: int | None
) -> None:
    """What you can study now: topics whose prerequisites you have done or know.

    It only reports: --goal and --prefer apply to this report and change nothing
    remembered (`plan` remembers choices)."""
    from .actions import report_plan
    from .report import format_next

    click.echo(format_next(report_plan(session, goals, prefer), limit), nl=False)


@cli.command(context_settings=CONTEXT)
@goal_option("Goal to report on (repeatable; default: the remembered goals).")
@prefer_option()
@hours_per_week_option(
    "A pace to count the weeks left at, for this report only [default: the remembered pace]."
)
@format_option()
@with_session()
def status(
    session: Session,
    goals: tuple[str, ...],
    prefer: tuple[str, ...],
    hours_per_week: float | None,
    fmt: str,
) -> None:
    """Topics and hours done and remaining, and weeks left at your pace, per goal."""
    from .actions import status_report

    show(status_report(session, goals, prefer, hours_per_week), fmt)


@cli.command("show", context_settings=CONTEXT)
@click.argument("topic")
@with_session()
def show_topic(session: Session, topic: str) -> None:
    """Everything about a topic: summary, prerequisites, what it unlocks, resources."""
    from .explain import show as describe

    remembered = session.remembered
    texts = [describe(session.curriculum, t, remembered) for t in session.topics([topic])]
    click.echo("\n".join(texts), nl=False)


@cli.command(context_settings=CONTEXT)
@click.argument("topic")
@goal_option("Goal whose plan to explain (repeatable; default: the remembered goals).")
@prefer_option()
@with_session(sequence=True)
def explain(session: Session, topic: str, goals: tuple[str, ...], prefer: tuple[str, ...]) -> None:
    """Why a topic is in your plan (the chain of topics from it to the goal), and what
    moved it from where the curriculum writes it."""
    from .actions import explain as run

    click.echo(run(session, topic, goals, prefer), nl=False)


@cli.command("calendar", context_settings=CONTEXT)
@goal_option("Goal to plan for (repeatable; default: the remembered goals).")
@session_options
@date_option("--start", help="First day sessions may fall on, today or later [default: today].")
@output_option(
    "learning-path.ics",
    help="The .ics file to write ('-': stdout). An earlier export there is updated.",
)
@with_session()
def calendar_command(
    session: Session, goals: tuple[str, ...], start: date | None, output: Path, **settings: Any
) -> None:
    """Put your study sessions in your calendar: an iCalendar (.ics) file.

    The remaining topics, in plan order, fill sessions of --session hours on
    --days at --at (a long topic spans several sessions); each event names its
    topics, their summary, first resources and why they are in the plan. Each
    done topic's next review is a 15-minute event before a session. Import the
    file again after progress: events keep their ids, so they move instead of
    doubling, and sessions of topics since done come back as cancelled.
    """
    from .actions import calendar

    click.echo(calendar(session, goals, start=start, output=output, **settings).summary(), err=True)


@cli.command(context_settings=CONTEXT)
@goal_option("Goal to work towards (repeatable; default: the remembered goals).")
@prefer_option()
@format_option()
@with_session()
def today(session: Session, goals: tuple[str, ...], prefer: tuple[str, ...], fmt: str) -> None:
    """What to do today: the session due today (or the next one), what to open
    first, how long, and the reviews due. Study days come from 'calendar'."""
    from .actions import today_report

    show(today_report(session, goals, prefer), fmt)


@cli.command(context_settings=CONTEXT)
@rating_option
@with_session()
def review(session: Session, ratings: tuple[tuple[str, str], ...]) -> None:
    """Review what you finished, on a spaced-repetition schedule (FSRS).

    For each topic due, recall what it taught, then rate it: again (forgot),
    hard, good or easy; the next review comes sooner or later accordingly. Needs a
    terminal, unless every rating is given with --rating TOPIC=RATING. The
    history is kept in the progress file.
    """
    from .actions import review as run

    click.echo("\n".join(run(session, ratings)))


for _command in COMMANDS:
    cli.add_command(_command)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the console script.

    Standard output that cannot be written (closed, a full disk, ``/dev/full``) is
    one line on stderr and exit 1, never a traceback or a silent success.
    """
    # A short-lived process that builds large object graphs and leaves little
    # cyclic garbage: the cyclic collector would only cost time.
    gc.disable()
    from .files import run_writing_stdout

    sys.exit(
        run_writing_stdout(
            lambda: cli.main(
                args=list(argv) if argv is not None else sys.argv[1:], prog_name="learning-path"
            )
        )
    )
