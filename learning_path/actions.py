"""What the learner's commands do, given typed choices: the command line only parses
options into these and prints what they return.

Each function takes a :class:`~learning_path.session.Session` (the curriculum and
the progress file, read on first use) and writes to the progress file only what
the command is for; reports (``next``, ``status``, ``show``, ``explain``,
``today``) never write.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import learner
from .errors import InputError
from .request import Choices, PlanRequest, merge, next_monday

if TYPE_CHECKING:
    from .calendar_export import Export
    from .planner import Plan
    from .report import StatusReport
    from .session import Session
    from .today import TodayReport


@dataclass(frozen=True)
class PlanJob:
    """What ``plan`` is asked for besides the choices a plan is made of."""

    given: Choices
    fmt: str = "markdown"
    output: Path | None = None
    templates_dir: Path | None = None
    template_file: Path | None = None
    with_graph: bool = False
    interactive: bool = False
    by: date | None = None


def write_plan(session: Session, job: PlanJob) -> None:
    """Make the plan the command line and the progress file ask for (or the answers
    to the questions), write it, and remember the choices.

    Ticks in the plan file being written over are recorded first: they are progress.
    """
    given = job.given
    stored = session.stored
    ask = job.interactive or (not given.goals and not given.targets and not stored.goals)
    if job.interactive:
        learner.require_terminal("--interactive asks questions: run it on a terminal")
    elif ask:
        learner.require_terminal(
            "name at least one --goal or --target (see 'learning-path goals' for the goals), "
            "or run 'learning-path plan' on a terminal to be asked"
        )
    if job.with_graph and job.fmt != "markdown" and job.template_file is None:
        raise click.UsageError("--with-graph goes with Markdown output or a --template FILE")
    from .planner import idle_preferences, make_plan

    curriculum = session.curriculum
    output = job.output
    if output is not None and str(output) != "-":
        from .ticks import read_file

        stored = learner.record_ticks(
            session.path, stored, output, read_file(output), curriculum, learner.today()
        )
        session.keep(stored)
    remembered = session.remembered
    session.note_renamed([*given.targets, *given.known, *given.prefer])
    answers = None
    if ask:
        from .prompts import questionnaire

        answers = learner.ask(
            lambda console: questionnaire(
                console,
                curriculum,
                dataclasses.replace(remembered, goals=list(given.goals) or remembered.goals),
                start=given.start or next_monday(learner.today()),
                output=output,
                output_default="study-plan." + {"markdown": "md"}.get(job.fmt, job.fmt),
            )
        )
        output = answers.output
        request = learner.answers_request(answers, remembered)
    else:
        no_pace = given.hours_per_week is None and remembered.hours_per_week is None
        if given.start is not None and no_pace and job.by is None:
            raise click.UsageError("--start needs a pace: give --hours-per-week H")
        request = merge(given, remembered, today=learner.today())
    request = _finish_by(session, request, job.by, given.hours_per_week)
    result = make_plan(curriculum, request)
    if job.by is not None and given.hours_per_week is not None:
        from .forecast import reachable_note

        click.echo(reachable_note(result, job.by, given.hours_per_week), err=True)
    for topic_id in idle_preferences(curriculum, result.prefer):
        click.echo(
            f"warning: --prefer {topic_id} changes nothing: it is not one of the "
            "alternatives of an any_of group",
            err=True,
        )
    text = _render(session, result, job)
    session.emit(text, output, job.templates_dir, job.template_file)
    if answers is not None:
        from .progress import shown

        learner.record_answers(session.path, stored, answers, curriculum)
        click.echo(f"saved your answers to {shown(session.path)}", err=True)
    else:
        learner.remember_choices(session.path, stored, given, curriculum)


def _finish_by(
    session: Session, request: PlanRequest, by: date | None, pace: float | None
) -> PlanRequest:
    """With ``--by``, the pace that finishes by then (unless a pace is given)."""
    if by is None:
        return request
    from .forecast import finish_by

    request, note = finish_by(session.curriculum, request, by, learner.today(), pace)
    if note:
        click.echo(note, err=True)
    return request


def _render(session: Session, result: Plan, job: PlanJob) -> str:
    from .render import render

    graph_view = None
    if job.with_graph:
        from .views import graph_text

        graph_view = graph_text(session.curriculum, "mermaid", plan=result)
    picture = None
    if job.fmt == "html" or job.template_file is not None:
        from .forecast import activity, last_studied

        last = last_studied(session.remembered)
        drawn = activity(session.curriculum, session.remembered, last) if last else None
        picture = drawn.grid() if drawn is not None else None
    return render(
        result,
        job.fmt,
        templates_dir=job.templates_dir,
        template_file=job.template_file,
        graph=graph_view,
        activity=picture,
    )


def report_plan(session: Session, goals: Sequence[str], prefer: Sequence[str]) -> Plan:
    """The plan a report (``next``, ``explain``) looks at: the remembered choices with
    ``goals`` and ``prefer`` over them, for this report only."""
    from .report import learner_plan

    goal_ids = session.goals(goals)
    session.note_renamed(prefer)
    return learner_plan(session.curriculum, session.remembered, goal_ids, prefer=prefer)


def explain(session: Session, topic: str, goals: Sequence[str], prefer: Sequence[str]) -> str:
    """Why ``topic`` (or each topic an old id stands for) is in the plan, and what moved
    it from where the curriculum writes it."""
    from .explain import explain as explain_topic
    from .report import learner_plan

    goal_ids = session.goals(goals)
    session.note_renamed([topic, *prefer])
    topic_ids = session.topics([topic])
    result = learner_plan(session.curriculum, session.remembered, goal_ids, prefer=prefer)
    return "".join(explain_topic(session.curriculum, result, t) for t in topic_ids)


def status_report(
    session: Session, goals: Sequence[str], prefer: Sequence[str], pace: float | None
) -> StatusReport:
    """``status``: done and remaining per goal, at ``pace`` (else the remembered one)."""
    from .report import status_report as report

    remembered = session.remembered
    goal_ids = session.goals(goals)
    session.note_renamed(prefer)
    return report(
        session.curriculum,
        remembered,
        goal_ids,
        pace if pace is not None else remembered.hours_per_week,
        prefer,
        progress_file=session.path,
        today=learner.today(),
    )


def today_report(session: Session, goals: Sequence[str], prefer: Sequence[str]) -> TodayReport:
    """``today``: the session due today (or the next), with ``prefer`` as a what-if."""
    from .today import today_report as report

    remembered = session.remembered
    goal_ids = session.goals(goals)
    if prefer:
        remembered = dataclasses.replace(remembered, prefer=session.curriculum.current_ids(prefer))
    return report(session.curriculum, remembered, goal_ids, remembered.sessions, learner.today())


def assess(session: Session, goals: Sequence[str], prefer: Sequence[str]) -> str:
    """Ask yes/no questions until every topic of the goals is settled; remember the
    known topics (and the goals, when given)."""
    from .placement import Placement
    from .progress import merge_ids
    from .prompts import run_placement
    from .report import format_placement

    learner.require_terminal("assess asks questions: run it on a terminal")
    curriculum = session.curriculum
    remembered = session.remembered
    goal_ids = session.goals(goals)
    placement = Placement(
        curriculum,
        goals=goal_ids,
        known=[*remembered.known, *remembered.done],
        prefer=curriculum.current_ids(prefer) or remembered.prefer,
    )
    learner.ask(lambda console: run_placement(console, placement, curriculum))
    found = [t for t in curriculum.topics if t in placement.known()]
    stored = session.stored
    session.remember(
        goals=goal_ids if goals else stored.goals, known=merge_ids(stored.known, found)
    )
    return format_placement(curriculum, placement, session.path)


def mark_done(
    session: Session,
    topics: Sequence[str],
    *,
    plan_file: Path | None = None,
    as_known: bool = False,
    day: date | None = None,
    hours: float | None = None,
) -> list[str]:
    """Record ``topics`` done (or known) and the ticks of ``plan_file``; what changed."""
    from . import progress

    if not topics and plan_file is None:
        raise click.UsageError("name the TOPICS you finished, or a plan with --from PLAN.md")
    curriculum = session.curriculum
    _ = session.remembered  # says once what in the file is old or unknown
    stored = session.stored
    if plan_file is not None:
        from .ticks import read_file

        ticks = read_file(plan_file)
        if ticks is None:
            raise click.BadParameter(
                f"{plan_file} is no Markdown plan written by learning-path (or cannot be read)",
                param_hint="'--from'",
            )
        day = day or learner.today()
        stored = learner.record_ticks(session.path, stored, plan_file, ticks, curriculum, day)
        session.keep(stored)
        if not topics:
            return []
    ids = session.topics(topics)
    if as_known:
        updated, news = progress.mark_known(stored, ids, curriculum)
    else:
        updated, news = progress.mark_done(stored, ids, day or learner.today(), curriculum)
    if hours is not None:
        if as_known or len(ids) != 1:
            raise click.UsageError("--hours goes with one topic done (not --known)")
        updated, note = progress.log_hours(updated, ids[0], hours)
        news.append(note)
    session.remember(known=updated.known, done=updated.done, hours=updated.hours)
    return news


def undo(session: Session, topics: Sequence[str]) -> list[str]:
    """Unmark ``topics`` done or known (ids of another curriculum too); what changed."""
    from . import progress

    _ = session.remembered  # says once what in the file is old or unknown
    stored = session.stored
    recorded = {*stored.done, *stored.known}
    ids = [i for t in topics for i in ([t] if t in recorded else session.topics([t]))]
    updated, news = progress.unmark(stored, dict.fromkeys(ids), session.curriculum.replaced())
    session.remember(known=updated.known, done=updated.done)
    return news


def calendar(
    session: Session,
    goals: Sequence[str],
    *,
    start: date | None,
    output: Path,
    days: tuple[str, ...] | None = None,
    at: str | None = None,
    length: float | None = None,
    tz: str | None = None,
) -> Export:
    """Write the study sessions (and reviews) as an iCalendar file over any earlier
    export at ``output``; remember the session settings (``days``, ``at``, ``length``
    in hours and ``tz``; None: the remembered ones)."""
    import uuid

    from .calendar_export import export
    from .sessions import local_zone, settings_for

    day = learner.today()
    _ = session.stored  # a bad progress file is reported before --start
    if start is not None and start < day:
        raise InputError(
            f"--start {start.isoformat()} is in the past (today is {day.isoformat()}); "
            "sessions start today or later"
        )
    remembered = session.remembered
    goal_ids = session.goals(goals)
    chosen = settings_for(
        remembered.sessions, days=days, at=at, session=length, tz=tz, new_id=uuid.uuid4().hex[:16]
    )
    zone = chosen.tz or local_zone()
    previous = None
    if str(output) != "-" and output.is_file():
        previous = output.read_text(encoding="utf-8", errors="replace")
    result = export(
        session.curriculum,
        remembered,
        goal_ids,
        chosen,
        start=start or day,
        zone=zone,
        now=datetime.now(timezone.utc).replace(microsecond=0),
        previous=previous,
    )
    session.emit(result.text, output)
    session.remember(goals=goal_ids if goals else session.stored.goals, sessions=chosen)
    return result


def review(session: Session, ratings: Sequence[tuple[str, str]]) -> list[str]:
    """Rate the topics due (asked on a terminal, or ``ratings`` TOPIC=RATING); record
    each rating and say when the next review is."""
    from .review import due_reviews, next_review, record

    curriculum = session.curriculum
    remembered = session.remembered
    day = learner.today()
    if ratings:
        chosen = [(session.topics([t])[0], r) for t, r in ratings]
        for topic_id, _ in chosen:
            if remembered.done.get(topic_id) is None:
                raise InputError(f"{topic_id} is not done on a known day: nothing to review")
    else:
        due = due_reviews(remembered, curriculum, day)
        if not due:
            return ["No reviews due today."]
        learner.require_terminal("review asks questions: run it on a terminal, or give --rating")
        from .review import ask_ratings

        chosen = learner.ask(lambda console: ask_ratings(console, due))
    for topic_id, _ in chosen:
        history = remembered.reviews.get(topic_id, [])
        last = history[-1][0] if history else remembered.done.get(topic_id)
        if last is not None and last > day:
            raise InputError(
                f"{topic_id} was last done or reviewed on {last.isoformat()}, after today "
                f"({day.isoformat()}); a review comes after it"
            )
    updated, shown = session.stored, remembered  # the file as it is; its ids as the curriculum's
    lines = []
    for topic_id, rating in chosen:
        updated = record(updated, topic_id, rating, day)
        shown = record(shown, topic_id, rating, day)
        back = next_review(shown, topic_id)
        lines.append(f"{topic_id}: {rating}; next review on {back.isoformat() if back else '-'}")
    session.remember(reviews=updated.reviews)
    return lines
