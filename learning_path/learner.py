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
from .options import PROGRESS_ENV_VAR
from .progress import Progress
from .request import Choices, PlanRequest
from .text import plural

if TYPE_CHECKING:
    from .model import Curriculum
    from .prompts import Answers, Console
    from .ticks import Ticks

T = TypeVar("T")
TODAY_VAR = "LEARNING_PATH_TODAY"
"""Set to a YYYY-MM-DD date, the day ``calendar``, ``today``, ``review`` and the
forecasts take as today (for reproducible examples and tests)."""


def today() -> date:
    """Today, or the day :data:`TODAY_VAR` names."""
    import os

    value = os.environ.get(TODAY_VAR)
    if not value:
        return date.today()
    try:
        return progress_file.parse_date(value)
    except ValueError as exc:
        raise click.UsageError(f"{TODAY_VAR}: {exc}") from None


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
            f"{what}; name a file in it, e.g. {PROGRESS_ENV_VAR}={example}",
            param_hint=PROGRESS_ENV_VAR,
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
    """``stored`` in ``curriculum``'s ids: old ids mapped to the topics that replace
    them (a note on stderr), ids it lacks left out (a warning on stderr)."""
    for where, old in progress_file.renamed_ids(stored, curriculum):
        note_renamed(curriculum, [old], where)
    for warning in progress_file.stale_ids(stored, curriculum):
        click.echo(f"warning: {warning}", err=True)
    return stored.usable(curriculum)


def note_renamed(curriculum: Curriculum, ids: Sequence[str], where: str = "") -> None:
    """Say on stderr, once per command, which of ``ids`` are old ids and what stands for
    them now (topics renamed or split in the curriculum)."""
    renamed = curriculum.replaced()
    ctx = click.get_current_context(silent=True)
    said: set[str] = ctx.meta.setdefault("learning_path.renamed", set()) if ctx else set()
    for ident in ids:
        if ident in renamed and ident not in curriculum.topics and ident not in said:
            said.add(ident)
            parts = renamed[ident]
            now = " and ".join(f"'{p}'" for p in parts)
            how = "split" if len(parts) > 1 else "renamed"
            click.echo(
                f"note: {where + ': ' if where else ''}'{ident}' is now {now} "
                f"(the curriculum {how} it)",
                err=True,
            )


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
    raise click.UsageError(f"name a --goal (none is remembered in {progress_file.shown(path)} yet)")


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


def ask(run: Callable[[Console], T]) -> T:
    """``run`` with a console; Ctrl-C or end of input raises :class:`Interrupted`."""
    from .prompts import open_console

    try:
        with open_console() as console:
            return run(console)
    except (KeyboardInterrupt, EOFError):
        raise Interrupted() from None


def answers_request(answers: Answers, remembered: Progress) -> PlanRequest:
    """The plan request the questionnaire's answers make (every choice given)."""
    return PlanRequest(
        goals=tuple(answers.goals),
        known=tuple(answers.known),
        prefer=tuple(answers.prefer),
        hours_per_week=answers.hours_per_week,
        start=answers.start,
        done=tuple(remembered.done),
        free_only=answers.free_only,
    )


def remember_choices(path: Path, stored: Progress, given: Choices, curriculum: Curriculum) -> None:
    """Remember what ``plan``'s command line chose (goals, known topics added,
    preferences, pace, free-only), saying in one line each what changed; a file that
    cannot be written is a warning, not an error (the plan is written already)."""
    changes: dict[str, Any] = {}
    if given.goals and list(dict.fromkeys(given.goals)) != stored.goals:
        changes["goals"] = progress_file.with_stale(given.goals, stored.goals, curriculum.goals)
    added = [k for k in curriculum.current_ids(given.known) if k not in stored.known]
    if added:
        changes["known"] = progress_file.merge_ids(stored.known, added)
    if given.prefer and list(dict.fromkeys(given.prefer)) != stored.prefer:
        changes["prefer"] = progress_file.with_stale(given.prefer, stored.prefer, curriculum.topics)
    if given.hours_per_week is not None and given.hours_per_week != stored.hours_per_week:
        changes["hours_per_week"] = given.hours_per_week
    if given.free_only is not None and given.free_only != stored.free_only:
        changes["free_only"] = given.free_only
    if not changes:
        return
    try:
        remember(path, stored, **changes)
    except LearningPathError as exc:
        reason = exc.format_message().removeprefix(f"{path}: ")
        where = progress_file.shown(path)
        click.echo(f"warning: could not remember your choices in {where}: {reason}", err=True)
        return
    said = []
    for name, value in changes.items():
        label = {"hours_per_week": "pace", "free_only": "free only"}.get(name, name)
        if name == "known":
            said.append(f"known + {', '.join(added)}")
        else:
            said.append(f"{label} {_shown(value)} (was {_shown(getattr(stored, name))})")
    click.echo(f"remembered in {progress_file.shown(path)}: {'; '.join(said)}", err=True)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return f"{value:g} h/week"
    return ", ".join(value) if value else "none"


def record_ticks(
    path: Path,
    stored: Progress,
    plan_file: Path,
    ticks: Ticks | None,
    curriculum: Curriculum,
    day: date,
) -> Progress:
    """Record what the learner ticked (done on ``day``) and unticked in ``plan_file``, a
    Markdown plan this tool wrote (``ticks``, read from it), saying so in one line;
    ``stored`` if nothing changed. Ids the curriculum lacks are left alone."""
    if not ticks:
        return stored
    ticked = [t for t in curriculum.current_ids(ticks.ticked) if t in curriculum.topics]
    unticked = [t for t in ticks.unticked if t in stored.done or t in stored.known]
    updated, _ = progress_file.mark_done(stored, ticked, day, curriculum)
    updated, _ = progress_file.unmark(updated, unticked, curriculum.replaced())
    updated = remember(path, stored, known=updated.known, done=updated.done)
    said = []
    if ticked:
        said.append(f"{plural(len(ticked), 'tick')} ({', '.join(ticked)}) recorded as done")
    if unticked:
        said.append(
            f"{plural(len(unticked), 'untick')} ({', '.join(unticked)}) recorded as not done"
        )
    if said:
        click.echo(f"{plan_file}: {'; '.join(said)}", err=True)
    return updated


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
    now = today()
    if day is not None and day > now:
        raise click.BadParameter(
            f"{day.isoformat()} is in the future (today is {now.isoformat()}); "
            "give the day you finished, today or earlier",
            ctx=ctx,
            param=param,
        )
    return day
