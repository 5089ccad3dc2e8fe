"""Every command-line option shared by two commands or more, defined once.

Each is a decorator (``@goal_option(...)``); the parsing callbacks import the
heavy modules late, so that ``--help`` stays instant.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])
Decorator = Callable[[F], F]

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
"""Click settings of every command: ``-h`` too, and help text up to 100 columns."""

NO_CACHE = "learning_path.no_cache"
"""Set in the root click context's ``meta`` by ``learning-path --no-cache``."""

PROGRESS_ENV_VAR = "LEARNING_PATH_PROGRESS"
"""The environment variable that names the progress file (``--progress``'s)."""


class Group(click.Group):
    """The ``learning-path`` group: the project's errors are shown (one clean line,
    or one per problem) and end the run with their exit code; Ctrl-C during any
    command exits 130 with one line, as the questions do."""

    def invoke(self, ctx: click.Context) -> Any:
        from .errors import Interrupted, LearningPathError

        try:
            try:
                return super().invoke(ctx)
            except KeyboardInterrupt:
                raise Interrupted("interrupted") from None
        except LearningPathError as error:
            error.show()
            raise click.exceptions.Exit(error.exit_code) from None


def _no_cache(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta[NO_CACHE] = True


no_cache_option: Decorator[Any] = click.option(
    "--no-cache",
    is_flag=True,
    expose_value=False,
    callback=_no_cache,
    help="Read every curriculum file, not the per-user cache of the last load "
    "(as LEARNING_PATH_NO_CACHE=1 does).",
)
"""``learning-path --no-cache COMMAND``: the curriculum is read from its files."""


def parsed(parse: Callable[[str], Any]) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """Click callback: ``parse`` the value; its ValueError is a usage error (exit 2)."""

    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
        if value is None:
            return None
        try:
            return parse(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc), ctx=ctx, param=param) from None

    return callback


def _pace(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    """--hours-per-week: a pace the planner takes (checked before anything is loaded)."""
    from .request import pace_problem

    problem = pace_problem(value) if value is not None else None
    if problem:
        raise click.BadParameter(problem, ctx=ctx, param=param)
    return value


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    from .learner import date_option

    return date_option(ctx, param, value)


def _past_day(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    from .learner import past_date_option

    return past_date_option(ctx, param, value)


def date_option(*names: str, help: str, past: bool = False) -> Decorator[Any]:
    """A YYYY-MM-DD option (``past``: today or earlier)."""
    return click.option(
        *names, metavar="YYYY-MM-DD", callback=_past_day if past else _day, help=help
    )


def goal_option(help: str) -> Decorator[Any]:
    """``--goal ID`` (repeatable)."""
    return click.option("--goal", "goals", multiple=True, metavar="ID", help=help)


def target_option(help: str) -> Decorator[Any]:
    """``--target TOPIC`` (repeatable)."""
    return click.option("--target", "targets", multiple=True, metavar="TOPIC", help=help)


def known_option(help: str) -> Decorator[Any]:
    """``--known TOPIC`` (repeatable)."""
    return click.option("--known", multiple=True, metavar="TOPIC", help=help)


def prefer_option(
    help: str = "Take this alternative of an any_of group, for this report only "
    "[default: the remembered preference] (repeatable).",
) -> Decorator[Any]:
    """``--prefer TOPIC`` (repeatable); on reports, a what-if that changes nothing
    remembered."""
    return click.option("--prefer", multiple=True, metavar="TOPIC", help=help)


def hours_per_week_option(help: str) -> Decorator[Any]:
    """``--hours-per-week H``, checked against the planner's range."""
    return click.option("--hours-per-week", type=float, metavar="H", callback=_pace, help=help)


def format_option(*choices: str, help: str = "Output format.") -> Decorator[Any]:
    """``--format``, the first of ``choices`` by default."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices or ("text", "json"))),
        default=(choices or ("text",))[0],
        show_default=True,
        help=help,
    )


def output_option(
    default: str | None = None,
    help: str = "Write to this file instead of stdout (written whole or not at all).",
) -> Decorator[Any]:
    """``-o/--output FILE``: written whole or not at all, never over an input."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        default=default,
        show_default=default is not None,
        help=help,
    )


def _ratings(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> tuple[tuple[str, str], ...]:
    """--rating TOPIC=RATING, each checked (imported late: --help stays fast)."""
    from .review import parse_rating

    return tuple(parsed(parse_rating)(ctx, param, value) for value in values)


rating_option: Decorator[Any] = click.option(
    "--rating",
    "ratings",
    multiple=True,
    metavar="TOPIC=RATING",
    callback=_ratings,
    help="Rate a topic without questions: again, hard, good or easy (repeatable).",
)
"""``--rating TOPIC=RATING`` (repeatable): a review without questions."""

curriculum_option: Decorator[Any] = click.option(
    "--curriculum",
    "curricula",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Curriculum file or directory (default: the bundled one). Repeat to apply "
    "overlays in order.",
)
"""``--curriculum PATH`` (repeatable): files or directories, applied in order."""

progress_option: Decorator[Any] = click.option(
    "--progress",
    "progress_path",
    type=click.Path(path_type=Path),
    metavar="FILE",
    envvar=PROGRESS_ENV_VAR,
    show_envvar=True,
    help="Your progress file: goals, pace, known and done topics [default: "
    "./learning-path-progress.yaml if there is one, else progress.yaml in your "
    "per-user data directory].",
)
"""``--progress FILE``: the learner's progress file."""

sequence_option: Decorator[Any] = click.option(
    "--sequence",
    type=click.Choice(["written", "just-in-time"]),
    help="How to order topics where prerequisites leave a choice: as the curriculum is "
    "written, or each just before what needs it [default: the curriculum's 'sequence', "
    "else written].",
)
"""``--sequence written|just-in-time``: overrides the curriculum's ordering rule."""


def session_options(func: F) -> F:
    """--days, --at, --session, --tz: when you study (remembered in the progress file)."""

    def check(name: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
        def parse(value: str) -> Any:  # imported late: ``--help`` stays fast
            from . import sessions

            return getattr(sessions, name)(value)

        return parsed(parse)

    options = [
        click.option(
            "--days",
            metavar="DAYS",
            callback=check("parse_days"),
            help="Days you study, e.g. mon,wed,sat (remembered).",
        ),
        click.option(
            "--at",
            metavar="HH:MM",
            callback=check("parse_time"),
            help="Time a session starts, 24-hour clock (remembered).",
        ),
        click.option(
            "--session",
            "length",
            metavar="LENGTH",
            callback=check("parse_duration"),
            help="Length of a session, 15m to 12h: 2h, 90m, 1h30m (remembered).",
        ),
        click.option(
            "--tz",
            metavar="ZONE",
            callback=check("check_zone"),
            help="IANA time zone, e.g. Europe/Paris (remembered) [default: this computer's].",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func
