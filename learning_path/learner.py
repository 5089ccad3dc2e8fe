"""Glue between the command line, the progress file and the planner.

The commands that track a learner (``plan``, ``assess``, ``done``, ``undo``,
``next``, ``status``, ``show``, ``explain``) share these steps: read the progress
file, warn about ids the curriculum no longer has, fill in what the command line
leaves out from what was remembered, and remember what it newly says.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import fields, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import progress as progress_file
from .errors import Interrupted, LearningPathError
from .progress import Progress

if TYPE_CHECKING:
    from .model import Curriculum
    from .prompts import Answers, Console

T = TypeVar("T")
ENV_VAR = "LEARNING_PATH_PROGRESS"
"""The environment variable that names the progress file (the ``--progress`` option's)."""


def load(path: Path | None) -> tuple[Path, Progress]:
    """The progress file's path and what it records (empty if it does not exist).

    A directory there is a usage error that says where it was named (``--progress``,
    the environment variable or the default) and what to give instead.
    """
    resolved = progress_file.resolve_path(path)
    if resolved.is_dir():
        raise _directory_error(resolved)
    return resolved, progress_file.load(resolved)


def _directory_error(path: Path) -> click.BadParameter:
    from click.core import ParameterSource

    ctx = click.get_current_context(silent=True)
    source = ctx.get_parameter_source("progress_path") if ctx else None
    what = f"'{path}' is a directory, not a progress file"
    example = path / progress_file.DEFAULT_PATH
    if source == ParameterSource.ENVIRONMENT:
        return click.BadParameter(
            f"{what}; name a file in it, e.g. {ENV_VAR}={example}", param_hint=ENV_VAR
        )
    if source == ParameterSource.DEFAULT:
        return click.BadParameter(
            f"'{path}' (the default) is a directory; name a file with --progress FILE",
            param_hint="'--progress'",
        )
    return click.BadParameter(
        f"{what}; name a file in it, e.g. --progress {example}", param_hint="'--progress'"
    )


def usable(stored: Progress, curriculum: Curriculum) -> Progress:
    """``stored`` without ids ``curriculum`` lacks, warning about each on stderr."""
    for warning in progress_file.stale_ids(stored, curriculum):
        click.echo(f"warning: {warning}", err=True)
    return stored.usable(curriculum)


def require_terminal(message: str) -> None:
    """A usage error (exit 2) right away unless questions can be asked."""
    from .prompts import is_interactive

    if not is_interactive():
        raise click.UsageError(message)


def goals_for(given: Sequence[str], remembered: Progress, path: Path) -> list[str]:
    """The goals given, else the remembered ones; neither is a usage error."""
    if given:
        return list(dict.fromkeys(given))
    if remembered.goals:
        return list(remembered.goals)
    raise click.UsageError(f"name a --goal (none is remembered in {path} yet)")


def remember(path: Path, stored: Progress, **changes: Any) -> Progress:
    """``stored`` with ``changes``, written to ``path`` if anything changed.

    The file is read again under a lock held until it is replaced, and ``changes``
    are applied to what it holds now: what another run recorded since ``stored``
    was read is kept (see :func:`rebase`), so parallel ``done`` runs all land.
    """
    from .files import locked

    updated = replace(stored, **changes)
    if updated == stored:
        return updated
    with locked(path):
        current = progress_file.load(path)
        merged = rebase(stored, current, updated)
        if merged != current:
            progress_file.save(path, merged)
    return merged


def rebase(base: Progress, theirs: Progress, ours: Progress) -> Progress:
    """``ours`` (``base`` changed by this run) applied to ``theirs`` (``base`` as another
    run left it): a value only one side changed takes that side's; where both changed
    a list or mapping, this run's value keeps the ids the other run added and drops
    those it removed; for a single value this run wins."""
    values: dict[str, Any] = {}
    for item in fields(Progress):
        if not item.compare:
            continue
        name = item.name
        old, new, now = getattr(base, name), getattr(ours, name), getattr(theirs, name)
        if new == old:
            values[name] = now
        elif now == old or not isinstance(new, (list, dict)):
            values[name] = new
        else:
            before, after = set(old), set(now)
            kept = {key: _value(new, key) for key in new if key in after or key not in before}
            kept.update({k: _value(now, k) for k in now if k not in before and k not in kept})
            values[name] = kept if isinstance(new, dict) else list(kept)
    return replace(theirs, **values)


def _value(collection: list[str] | dict[str, Any], key: str) -> Any:
    return collection[key] if isinstance(collection, dict) else None


def remember_options(
    path: Path, stored: Progress, given: dict[str, bool], **changes: Any
) -> Progress:
    """For commands that only report (``next``, ``status``): remember the options
    ``given`` (name -> whether given) if any was, as :func:`remember` does; a file that
    cannot be written is a warning on stderr, not an error, so the report still prints."""
    named = [name for name, was_given in given.items() if was_given]
    if not named:
        return stored
    try:
        return remember(path, stored, **changes)
    except LearningPathError as exc:  # the file could not be written
        reason = exc.format_message().removeprefix(f"{path}: ")
        click.echo(
            f"warning: could not remember {' and '.join(named)} in {path}: {reason}", err=True
        )
        return replace(stored, **changes)


def ask(run: Callable[[Console], T]) -> T:
    """``run`` with a console; Ctrl-C or end of input raises :class:`Interrupted`."""
    from .prompts import open_console

    try:
        with open_console() as console:
            return run(console)
    except (KeyboardInterrupt, EOFError):
        raise Interrupted() from None


def plan_arguments(
    curriculum: Curriculum,
    remembered: Progress,
    *,
    goals: Sequence[str],
    targets: Sequence[str],
    known: Sequence[str],
    prefer: Sequence[str],
    hours_per_week: float | None,
    start: date | None,
    free_only: bool | None,
    today: date,
) -> dict[str, Any]:
    """``make_plan`` keyword arguments: the command line first, then what is remembered.

    Goals default to the remembered ones only when no --target is given either;
    --known adds to the known topics; --prefer, --hours-per-week and
    --free-only/--all-resources replace what is remembered. A paced plan starts on
    ``start``, else on the coming Monday.
    """
    from .planner import next_monday

    pace = hours_per_week if hours_per_week is not None else remembered.hours_per_week
    if start is not None and pace is None:
        raise click.UsageError("--start needs a pace: give --hours-per-week H")
    return {
        "goals": list(goals) or ([] if targets else remembered.goals),
        "targets": list(targets),
        "known": progress_file.merge_ids(remembered.known, known),
        "prefer": list(prefer) or remembered.prefer,
        "hours_per_week": pace,
        "start": start or (next_monday(today) if pace is not None else None),
        "done": list(remembered.done),
        "free_only": remembered.free_only if free_only is None else free_only,
    }


def answers_arguments(answers: Answers, remembered: Progress) -> dict[str, Any]:
    """``make_plan`` keyword arguments from the questionnaire's answers."""
    return {
        "goals": answers.goals,
        "known": answers.known,
        "prefer": answers.prefer,
        "hours_per_week": answers.hours_per_week,
        "start": answers.start,
        "done": list(remembered.done),
        "free_only": answers.free_only,
    }


def record_answers(path: Path, stored: Progress, answers: Answers, curriculum: Curriculum) -> None:
    """Remember the questionnaire's answers (ids of other curricula stay in the file)."""
    remember(
        path,
        stored,
        goals=progress_file.with_stale(answers.goals, stored.goals, curriculum.goals),
        prefer=progress_file.with_stale(answers.prefer, stored.prefer, curriculum.topics),
        known=progress_file.with_stale(answers.known, stored.known, curriculum.topics),
        hours_per_week=answers.hours_per_week,
        free_only=answers.free_only,
    )


def date_option(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """Click callback: a YYYY-MM-DD option as a date; a bad one is a usage error."""
    if value is None:
        return None
    try:
        return progress_file.parse_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None


def past_date_option(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """Click callback for the day something was done: a date, today or earlier; a day
    still to come is a usage error (a typo like 2925 would otherwise stay in the file)."""
    day = date_option(ctx, param, value)
    today = date.today()
    if day is not None and day > today:
        raise click.BadParameter(
            f"{day.isoformat()} is in the future (today is {today.isoformat()}); "
            "give the day you finished, today or earlier",
            ctx=ctx,
            param=param,
        )
    return day
