"""The ``learning-path`` command: parses options, calls the pipeline, prints.

Heavy modules (pydantic, networkx, jinja2, yaml) are imported inside the
commands so that ``--help`` stays instant.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import __version__

if TYPE_CHECKING:
    from .model import Curriculum

F = TypeVar("F", bound=Callable[..., Any])

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _pace(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    """--hours-per-week: a finite number in the planner's range (checked before loading)."""
    from .planner import MAX_HOURS_PER_WEEK as most
    from .planner import MIN_HOURS_PER_WEEK as least

    if value is not None and not least <= value <= most:  # NaN fails too
        raise click.BadParameter(f"{value:g} is not a number of hours from {least:g} to {most:g}")
    return value


def curriculum_option(func: F) -> F:
    """``--curriculum PATH`` (repeatable): files or directories, applied in order."""
    return click.option(
        "--curriculum",
        "curricula",
        multiple=True,
        type=click.Path(exists=True, path_type=Path),
        help="Curriculum file or directory (default: the bundled one). Repeat to apply "
        "overlays in order.",
    )(func)


def progress_option(func: F) -> F:
    """``--progress PATH``: the learner's progress file."""
    return click.option(
        "--progress",
        "progress_path",
        type=click.Path(path_type=Path),
        metavar="FILE",
        envvar="LEARNING_PATH_PROGRESS",
        show_envvar=True,
        help="Your progress file: goals, pace, known and done topics [default: "
        "./learning-path-progress.yaml if there is one, else progress.yaml in your "
        "per-user data directory].",
    )(func)


def start_option(func: F) -> F:
    """``--start YYYY-MM-DD``."""
    return click.option(
        "--start",
        metavar="YYYY-MM-DD",
        callback=lambda ctx, param, value: _date(ctx, param, value),
        help="First day of week 1 of a paced plan [default: the coming Monday].",
    )(func)


def sequence_option(func: F) -> F:
    """``--sequence written|just-in-time``: overrides the curriculum's ordering rule."""
    return click.option(
        "--sequence",
        type=click.Choice(["written", "just-in-time"]),
        help="How to order topics where prerequisites leave a choice: as the curriculum is "
        "written, or each just before what needs it [default: the curriculum's 'sequence', "
        "else written].",
    )(func)


def _load(
    curricula: Sequence[Path], sequence: str | None = None, *, cache: bool = True
) -> Curriculum:
    from . import load_curriculum

    curriculum = load_curriculum(list(curricula) or None, cache=cache)
    for note in curriculum.notes:
        click.echo(str(note), err=True)
    if sequence is not None:
        curriculum.sequence = sequence  # type: ignore[assignment]  # a click.Choice
    return curriculum


def _emit(text: str, output: Path | None, inputs: dict[str, Path]) -> None:
    """Print to stdout, or write the file in one step (never half a file). An output
    that is one of the ``inputs`` (what -> path) is refused: never written over."""
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
        return
    from .files import refuse_input, write_atomic

    refuse_input(output, inputs)
    write_atomic(output, text)
    click.echo(f"wrote {output}", err=True)


def _inputs(
    curriculum: Curriculum,
    progress_path: Path | None = None,
    templates_dir: Path | None = None,
    template_file: Path | None = None,
) -> dict[str, Path]:
    """Every file a command read (or may read), named for a message: what -> path."""
    from .files import files_under
    from .resources import data_path

    inputs = {
        f"curriculum file {shown}": Path(path)
        for shown, path in zip(curriculum.sources, curriculum._source_paths, strict=False)
    }
    if progress_path is not None:
        inputs[f"progress file {progress_path}"] = progress_path
    if template_file is not None:
        inputs[f"template {template_file}"] = template_file
    for directory in (templates_dir, data_path("templates")):
        if directory is not None:
            for found in files_under(directory):
                inputs[f"template {found}"] = found
    return inputs


class _Group(click.Group):
    """Ctrl-C during any command exits 130 with one line, as the questions do."""

    def invoke(self, ctx: click.Context) -> Any:
        from .errors import Interrupted

        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Interrupted("interrupted") from None


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="learning-path")
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
@click.option("--goal", "goals", multiple=True, metavar="ID", help="Goal to reach (repeatable).")
@click.option(
    "--target",
    "targets",
    multiple=True,
    metavar="TOPIC",
    help="Topic to reach directly (repeatable).",
)
@click.option(
    "--known",
    multiple=True,
    metavar="TOPIC",
    help="Topic you already know; it and what it requires are skipped (repeatable).",
)
@click.option(
    "--prefer",
    multiple=True,
    metavar="TOPIC",
    help="Take this member of an any_of group, e.g. tensorflow-keras over pytorch (repeatable).",
)
@curriculum_option
@click.option(
    "--hours-per-week",
    type=float,
    metavar="H",
    callback=_pace,
    help="Study pace, 0.5 to 168 hours; lays the plan out week by week.",
)
@start_option
@click.option(
    "--free-only/--all-resources",
    default=None,
    help="List only free resources (remembered from the questions; default: all).",
)
@progress_option
@click.option(
    "-i",
    "--interactive",
    is_flag=True,
    help="Ask the questions (goals, pace, what you know...) even with goals given or remembered.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "html", "json"]),
    default="markdown",
    show_default=True,
    help="Output format; html is one self-contained page with checkboxes it remembers.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of stdout (written whole or not at all).",
)
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
@sequence_option
@click.option(
    "--by",
    metavar="YYYY-MM-DD",
    callback=lambda ctx, param, value: _date(ctx, param, value),
    help="Finish by this day: lays the plan at the hours per week it needs (at most 60), "
    "or with --hours-per-week says the last topic reached by then.",
)
def plan(
    goals: tuple[str, ...],
    targets: tuple[str, ...],
    known: tuple[str, ...],
    prefer: tuple[str, ...],
    curricula: tuple[Path, ...],
    hours_per_week: float | None,
    fmt: str,
    output: Path | None,
    templates_dir: Path | None,
    template_file: Path | None,
    with_graph: bool,
    start: date | None,
    free_only: bool | None,
    progress_path: Path | None,
    interactive: bool,
    sequence: str | None,
    by: date | None,
) -> None:
    """Write a study plan for one or more goals or topics.

    Without --goal or --target, the goals remembered in the progress file are
    used; if there are none (or with --interactive), a terminal asks one question
    per screen and writes the plan to a file; without a terminal that is a usage
    error. Known topics are skipped, done topics ticked, and the pace, framework
    preference and free-only choice remembered in the progress file apply unless
    given here.
    """
    from . import learner

    path, stored = learner.load(progress_path)
    ask = interactive or (not goals and not targets and not stored.goals)
    if interactive:
        learner.require_terminal("--interactive asks questions: run it on a terminal")
    elif ask:
        learner.require_terminal(
            "name at least one --goal or --target (see 'learning-path goals' for the goals), "
            "or run 'learning-path plan' on a terminal to be asked"
        )
    if with_graph and fmt != "markdown" and template_file is None:
        raise click.UsageError("--with-graph goes with Markdown output or a --template FILE")
    from .planner import idle_preferences, make_plan
    from .render import render
    from .request import Choices, merge, next_monday

    curriculum = _load(curricula, sequence)
    if output is not None and str(output) != "-":
        # ticks in the plan being written over are progress: record them first
        from .ticks import read_file

        ticks = read_file(output)
        stored = learner.record_ticks(path, stored, output, ticks, curriculum, date.today())
    remembered = learner.usable(stored, curriculum)
    learner.note_renamed(curriculum, [*targets, *known, *prefer])
    if ask:
        import dataclasses

        from .prompts import questionnaire

        answers = learner.ask(
            lambda console: questionnaire(
                console,
                curriculum,
                dataclasses.replace(remembered, goals=list(goals) or remembered.goals),
                start=start or next_monday(date.today()),
                output=output,
                output_default="study-plan." + {"markdown": "md"}.get(fmt, fmt),
            )
        )
        output = answers.output
        request = learner.answers_request(answers, remembered)
    else:
        no_pace = hours_per_week is None and remembered.hours_per_week is None
        if start is not None and no_pace and by is None:
            raise click.UsageError("--start needs a pace: give --hours-per-week H")
        given = Choices(
            goals=goals,
            targets=targets,
            known=known,
            prefer=prefer,
            hours_per_week=hours_per_week,
            start=start,
            free_only=free_only,
        )
        request = merge(given, remembered, today=date.today())
    if by is not None:
        from .forecast import finish_by

        request, note = finish_by(curriculum, request, by, learner.today(), hours_per_week)
        if note:
            click.echo(note, err=True)
    result = make_plan(curriculum, request)
    if by is not None and hours_per_week is not None:
        from .forecast import reachable_note

        click.echo(reachable_note(result, by, hours_per_week), err=True)
    for topic_id in idle_preferences(curriculum, result.prefer):
        click.echo(
            f"warning: --prefer {topic_id} changes nothing: it is not one of the "
            "alternatives of an any_of group",
            err=True,
        )
    graph_view = None
    if with_graph:
        from .views import graph_text

        graph_view = graph_text(curriculum, "mermaid", plan=result)
    picture = None
    if fmt == "html" or template_file is not None:
        from .forecast import activity, last_studied

        last = last_studied(remembered)
        drawn = activity(curriculum, remembered, last) if last is not None else None
        picture = drawn.grid() if drawn is not None else None
    text = render(
        result,
        fmt,
        templates_dir=templates_dir,
        template_file=template_file,
        graph=graph_view,
        activity=picture,
    )
    _emit(text, output, _inputs(curriculum, path, templates_dir, template_file))
    if ask:
        learner.record_answers(path, stored, answers, curriculum)
        from .progress import shown

        click.echo(f"saved your answers to {shown(path)}", err=True)
    else:
        learner.remember_choices(path, stored, given, curriculum)


@cli.command(context_settings=CONTEXT)
@curriculum_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def goals(curricula: tuple[Path, ...], fmt: str) -> None:
    """List the goals, with the topics and hours each needs from scratch."""
    import json

    from .planner import plan_size

    curriculum = _load(curricula)
    rows: list[dict[str, Any]] = []
    for goal_id, goal in curriculum.goals.items():
        topics, hours = plan_size(curriculum, goals=[goal_id])
        rows.append(
            {
                "id": goal_id,
                "title": goal.title,
                "description": goal.description,
                "topics": topics,
                "hours": hours,
            }
        )
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    from .text import hours as _hours

    width = max([len("GOAL")] + [len(r["id"]) for r in rows])
    click.echo(f"{'GOAL':<{width}}  TOPICS  HOURS  TITLE")
    for r in rows:
        click.echo(f"{r['id']:<{width}}  {r['topics']:>6}  {_hours(r['hours']):>5}  {r['title']}")


@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--strict",
    is_flag=True,
    help="Fail (exit 1) on warnings too, e.g. in a curriculum's own CI.",
)
@click.option(
    "--max-goal-topics",
    type=click.IntRange(min=1),
    default=90,
    show_default=True,
    metavar="N",
    help="Warn about a goal whose plan from scratch has more topics than this.",
)
def validate(paths: tuple[Path, ...], strict: bool, max_goal_topics: int) -> None:
    """Check a curriculum and report every problem as path:line:col: message.

    Several PATHs are applied in order, each later one as an overlay. Without
    PATH, the bundled curriculum is checked. Then warnings (path:line:col:
    warning: message): prerequisites implied by other paths, topics no goal
    reaches, topics without a free resource, a URL under two titles, goals
    larger than --max-goal-topics.
    """
    from .checks import check
    from .errors import LearningPathError

    curriculum = _load(paths, cache=False)  # validate always reads the files
    warnings = check(curriculum, max_goal_topics=max_goal_topics)
    for warning in warnings:
        click.echo(str(warning), err=True)
    if warnings:
        count = f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
        if strict:
            raise LearningPathError(f"{count} found, and --strict makes them errors")
        click.echo(f"{count} found", err=True)
    links = sum(len(t.prerequisites) for t in curriculum.topics.values())
    counts = (
        (len(curriculum.topics), "topic"),
        (len(curriculum.goals), "goal"),
        (links, "prerequisite link"),
    )
    listed = ", ".join(f"{n} {word}{'s' if n != 1 else ''}" for n, word in counts)
    files = len(curriculum.sources)
    click.echo(f"ok: {listed} in {files} file{'s' if files != 1 else ''}")


def _format_option(func: F) -> F:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="Output format.",
    )(func)


@cli.command(context_settings=CONTEXT)
@click.argument("base", metavar="BASE")
@click.argument(
    "overlays",
    nargs=-1,
    required=True,
    metavar="OVERLAY...",
    type=click.Path(exists=True, path_type=Path),
)
@_format_option
def diff(base: str, overlays: tuple[Path, ...], fmt: str) -> None:
    """Show what overlays change: topics, goals, each goal's plan size and hours.

    BASE is a curriculum file or directory, or 'default' for the bundled one;
    the OVERLAYs apply on it in order, as repeated --curriculum options do.
    """
    from . import load_curriculum
    from .diff import diff_curricula, format_text
    from .resources import data_path

    if base == "default":
        base_path = data_path("curriculum")
    elif Path(base).exists():
        base_path = Path(base)
    else:
        raise click.BadParameter(
            f"'{base}' does not exist (name a curriculum path, or 'default')", param_hint="BASE"
        )
    result = diff_curricula(load_curriculum(base_path), load_curriculum([base_path, *overlays]))
    if fmt == "json":
        import json

        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(format_text(result), nl=False)


@cli.command(context_settings=CONTEXT)
@click.option(
    "--goal",
    "goals",
    multiple=True,
    metavar="ID",
    help="Measure topics in this goal's plan, and list only this goal (repeatable).",
)
@curriculum_option
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=15,
    show_default=True,
    metavar="N",
    help="Topics in the text table (0: all; JSON lists all).",
)
@_format_option
def stats(goals: tuple[str, ...], curricula: tuple[Path, ...], top: int, fmt: str) -> None:
    """Curriculum analytics: the topics that hold most up, and each goal's critical path.

    Per topic: DEPENDENTS (topics that require it, transitively), CHAIN (the
    longest prerequisite chain through it, in topics) and COMPLEXITY =
    DEPENDENTS x CHAIN. Per goal, on its plan from scratch: topics, hours,
    longest chain, and CRITICAL HOURS, the most hours along one chain (the least
    time it takes, however many hours a week).
    """
    from .stats import curriculum_stats, format_text

    result = curriculum_stats(_load(curricula), goals)
    if fmt == "json":
        import json

        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(format_text(result, top), nl=False)


@cli.command(context_settings=CONTEXT)
def schema() -> None:
    """Print the JSON Schema of the curriculum format, for editors and CI.

    \b
    Save it next to your curriculum and name it on a file's first line:
      learning-path schema > curriculum.schema.json
      # yaml-language-server: $schema=./curriculum.schema.json
    """
    import json

    from .schema import curriculum_schema

    click.echo(json.dumps(curriculum_schema(), indent=2, ensure_ascii=False))


@cli.command(context_settings=CONTEXT)
@click.option(
    "--goal", "goals", multiple=True, metavar="ID", help="Show what this goal needs (repeatable)."
)
@click.option(
    "--target",
    "targets",
    multiple=True,
    metavar="TOPIC",
    help="Show what this topic needs (repeatable).",
)
@click.option(
    "--known",
    multiple=True,
    metavar="TOPIC",
    help="Topic you already know: it and what it requires are drawn as known (repeatable).",
)
@click.option(
    "--prefer",
    multiple=True,
    metavar="TOPIC",
    help="With --goal or --target: take this member of an any_of group (repeatable).",
)
@curriculum_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["mermaid", "dot"]),
    default="mermaid",
    show_default=True,
    help="A Mermaid flowchart (GitHub renders it in a mermaid code block) or Graphviz DOT.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of stdout (written whole or not at all).",
)
@sequence_option
def graph(
    goals: tuple[str, ...],
    targets: tuple[str, ...],
    known: tuple[str, ...],
    prefer: tuple[str, ...],
    curricula: tuple[Path, ...],
    fmt: str,
    output: Path | None,
    sequence: str | None,
) -> None:
    """Draw the prerequisite graph: the whole curriculum, or what a plan needs.

    Topics are grouped by area; known topics are drawn grey and dashed, and an
    edge from an any_of group (one of several alternatives) is dashed. With
    --goal or --target, the graph is the plan's topics plus the known topics
    they rest on.
    """
    if prefer and not goals and not targets:
        raise click.UsageError("--prefer needs a --goal or --target to choose for")
    from .planner import check_topic_ids, make_plan
    from .views import graph_text

    curriculum = _load(curricula, sequence)
    from .learner import note_renamed

    note_renamed(curriculum, [*targets, *known, *prefer])
    if goals or targets:
        result = make_plan(curriculum, goals=goals, targets=targets, known=known, prefer=prefer)
        text = graph_text(curriculum, fmt, plan=result)
    else:
        text = graph_text(curriculum, fmt, known=check_topic_ids(curriculum, known))
    _emit(text, output, _inputs(curriculum))


def prefer_option(func: F) -> F:
    """``--prefer TOPIC`` (repeatable) on commands that report on a plan: a what-if,
    over the remembered preference, that changes nothing in the progress file."""
    return click.option(
        "--prefer",
        multiple=True,
        metavar="TOPIC",
        help="Take this alternative of an any_of group, for this report only "
        "[default: the remembered preference] (repeatable).",
    )(func)


def _goal_option(help_text: str) -> Callable[[F], F]:
    return click.option("--goal", "goals", multiple=True, metavar="ID", help=help_text)


@cli.command(context_settings=CONTEXT)
@_goal_option("Goal to place you in (repeatable; default: the remembered goals).")
@prefer_option
@curriculum_option
@progress_option
def assess(
    goals: tuple[str, ...],
    prefer: tuple[str, ...],
    curricula: tuple[Path, ...],
    progress_path: Path | None,
) -> None:
    """Find out what you already know with a few yes/no questions.

    Each answer settles several topics (knowing a topic means knowing what it
    requires; not knowing it means not knowing what requires it). The known topics
    and the goals are saved in the progress file, so later plans skip them. Needs
    a terminal.
    """
    from . import learner
    from .placement import Placement
    from .progress import merge_ids
    from .prompts import run_placement
    from .report import format_placement

    learner.require_terminal("assess asks questions: run it on a terminal")
    path, stored = learner.load(progress_path)
    curriculum = _load(curricula)
    remembered = learner.usable(stored, curriculum)
    goal_ids = learner.goals_for(goals, remembered, path)
    placement = Placement(
        curriculum,
        goals=goal_ids,
        known=[*remembered.known, *remembered.done],
        prefer=curriculum.current_ids(prefer) or remembered.prefer,
    )
    learner.ask(lambda console: run_placement(console, placement, curriculum))
    found = [t for t in curriculum.topics if t in placement.known()]
    learner.remember(
        path,
        stored,
        goals=goal_ids if goals else stored.goals,
        known=merge_ids(stored.known, found),
    )
    click.echo(format_placement(curriculum, placement, path), nl=False)


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
@click.option(
    "--on",
    "day",
    metavar="YYYY-MM-DD",
    callback=lambda ctx, param, value: _past_date(ctx, param, value),
    help="The day you finished them [default: today].",
)
@click.option(
    "--hours",
    type=click.FloatRange(min=0, min_open=True, max=10000),
    metavar="H",
    help="Real hours the topic took (one topic); status compares them with the estimates.",
)
@curriculum_option
@progress_option
def done(
    topics: tuple[str, ...],
    plan_file: Path | None,
    as_known: bool,
    day: date | None,
    hours: float | None,
    curricula: tuple[Path, ...],
    progress_path: Path | None,
) -> None:
    """Mark topics as learned (ticked in plans, left out of the hours to go).

    With --hours, record the real time a topic took (again later to correct it)."""
    from . import learner, progress
    from .report import check_topics

    if not topics and plan_file is None:
        raise click.UsageError("name the TOPICS you finished, or a plan with --from PLAN.md")
    path, stored = learner.load(progress_path)
    curriculum = _load(curricula)
    learner.usable(stored, curriculum)
    if plan_file is not None:
        from .ticks import read_file

        ticks = read_file(plan_file)
        if ticks is None:
            raise click.BadParameter(
                f"{plan_file} is no Markdown plan written by learning-path (or cannot be read)",
                param_hint="'--from'",
            )
        day = day or date.today()
        stored = learner.record_ticks(path, stored, plan_file, ticks, curriculum, day)
        if not topics:
            return
    learner.note_renamed(curriculum, topics)
    ids = check_topics(topics, curriculum)
    if as_known:
        updated, news = progress.mark_known(stored, ids, curriculum)
    else:
        updated, news = progress.mark_done(stored, ids, day or date.today(), curriculum)
    if hours is not None:
        if as_known or len(ids) != 1:
            raise click.UsageError("--hours goes with one topic done (not --known)")
        updated, note = progress.log_hours(updated, ids[0], hours)
        news.append(note)
    learner.remember(path, stored, known=updated.known, done=updated.done, hours=updated.hours)
    click.echo("\n".join(news))


@cli.command(context_settings=CONTEXT)
@click.argument("topics", nargs=-1, required=True)
@curriculum_option
@progress_option
def undo(topics: tuple[str, ...], curricula: tuple[Path, ...], progress_path: Path | None) -> None:
    """Unmark topics marked done or known by mistake."""
    from . import learner, progress
    from .report import check_topics

    path, stored = learner.load(progress_path)
    curriculum = _load(curricula)
    learner.usable(stored, curriculum)
    recorded = {*stored.done, *stored.known}  # ids of another curriculum can be undone too
    learner.note_renamed(curriculum, [t for t in topics if t not in recorded])
    ids = [i for t in topics for i in ([t] if t in recorded else check_topics([t], curriculum))]
    updated, news = progress.unmark(stored, dict.fromkeys(ids), curriculum.replaced())
    learner.remember(path, stored, known=updated.known, done=updated.done)
    click.echo("\n".join(news))


@cli.command("next", context_settings=CONTEXT)
@_goal_option("Goal to work towards (repeatable; default: the remembered goals).")
@prefer_option
@click.option(
    "-n",
    "--limit",
    type=click.IntRange(min=1),
    metavar="N",
    help="Show only the first N topics ready (in plan order).",
)
@curriculum_option
@progress_option
@sequence_option
def next_(
    goals: tuple[str, ...],
    prefer: tuple[str, ...],
    limit: int | None,
    curricula: tuple[Path, ...],
    progress_path: Path | None,
    sequence: str | None,
) -> None:
    """What you can study now: topics whose prerequisites you have done or know.

    It only reports: --goal and --prefer apply to this report and change nothing
    remembered (`plan` remembers choices)."""
    from . import learner
    from .report import format_next, learner_plan

    path, stored = learner.load(progress_path)
    curriculum = _load(curricula, sequence)
    remembered = learner.usable(stored, curriculum)
    goal_ids = learner.goals_for(goals, remembered, path)
    learner.note_renamed(curriculum, prefer)
    result = learner_plan(curriculum, remembered, goal_ids, prefer=prefer)
    click.echo(format_next(result, limit), nl=False)


@cli.command(context_settings=CONTEXT)
@_goal_option("Goal to report on (repeatable; default: the remembered goals).")
@prefer_option
@click.option(
    "--hours-per-week",
    type=float,
    metavar="H",
    callback=_pace,
    help="A pace to count the weeks left at, for this report only [default: the remembered pace].",
)
@curriculum_option
@progress_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def status(
    goals: tuple[str, ...],
    prefer: tuple[str, ...],
    hours_per_week: float | None,
    curricula: tuple[Path, ...],
    progress_path: Path | None,
    fmt: str,
) -> None:
    """Topics and hours done and remaining, and weeks left at your pace, per goal."""
    import json

    from . import learner
    from .report import format_status
    from .report import status as status_data

    path, stored = learner.load(progress_path)
    curriculum = _load(curricula)
    remembered = learner.usable(stored, curriculum)
    goal_ids = learner.goals_for(goals, remembered, path)
    pace = hours_per_week if hours_per_week is not None else remembered.hours_per_week
    learner.note_renamed(curriculum, prefer)
    data = status_data(curriculum, remembered, goal_ids, pace, prefer)
    data["progress_file"] = str(path)
    from .forecast import history_report

    extra, lines = history_report(curriculum, remembered, goal_ids, learner.today(), pace)
    if fmt == "json":
        click.echo(json.dumps({**data, **extra}, indent=2, ensure_ascii=False))
    else:
        from .progress import shown

        click.echo(format_status(data, pace) + "".join(f"{line}\n" for line in lines), nl=False)
        click.echo(f"Progress file: {shown(path)}")


@cli.command(context_settings=CONTEXT)
@click.argument("topic")
@curriculum_option
@progress_option
def show(topic: str, curricula: tuple[Path, ...], progress_path: Path | None) -> None:
    """Everything about a topic: summary, prerequisites, what it unlocks, resources."""
    from . import learner
    from .explain import show as show_topic
    from .report import check_topics

    _, stored = learner.load(progress_path)
    curriculum = _load(curricula)
    remembered = learner.usable(stored, curriculum)
    learner.note_renamed(curriculum, [topic])
    texts = [show_topic(curriculum, t, remembered) for t in check_topics([topic], curriculum)]
    click.echo("\n".join(texts), nl=False)


@cli.command(context_settings=CONTEXT)
@click.argument("topic")
@_goal_option("Goal whose plan to explain (repeatable; default: the remembered goals).")
@prefer_option
@curriculum_option
@progress_option
@sequence_option
def explain(
    topic: str,
    goals: tuple[str, ...],
    prefer: tuple[str, ...],
    curricula: tuple[Path, ...],
    progress_path: Path | None,
    sequence: str | None,
) -> None:
    """Why a topic is in your plan (the chain of topics from it to the goal), and what
    moved it from where the curriculum writes it."""
    from . import learner
    from .explain import explain as explain_topic
    from .report import check_topics, learner_plan

    path, stored = learner.load(progress_path)
    curriculum = _load(curricula, sequence)
    remembered = learner.usable(stored, curriculum)
    goal_ids = learner.goals_for(goals, remembered, path)
    learner.note_renamed(curriculum, [topic, *prefer])
    topic_ids = check_topics([topic], curriculum)
    result = learner_plan(curriculum, remembered, goal_ids, prefer=prefer)
    click.echo("".join(explain_topic(curriculum, result, t) for t in topic_ids), nl=False)


def _parsed(parse: Callable[[str], Any]) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """Click callback: ``parse`` the value; its ValueError is a usage error (exit 2)."""

    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
        if value is None:
            return None
        try:
            return parse(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc), ctx=ctx, param=param) from None

    return callback


def _session_options(func: F) -> F:
    """--days, --at, --session, --tz: when you study (remembered in the progress file)."""

    def check(name: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
        def parse(value: str) -> Any:  # imported late: ``--help`` stays fast
            from . import sessions

            return getattr(sessions, name)(value)

        return _parsed(parse)

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


@cli.command("calendar", context_settings=CONTEXT)
@_goal_option("Goal to plan for (repeatable; default: the remembered goals).")
@_session_options
@click.option(
    "--start",
    metavar="YYYY-MM-DD",
    callback=lambda ctx, param, value: _date(ctx, param, value),
    help="First day sessions may fall on, today or later [default: today].",
)
@curriculum_option
@progress_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default="learning-path.ics",
    show_default=True,
    help="The .ics file to write ('-': stdout). An earlier export there is updated.",
)
def calendar_command(
    goals: tuple[str, ...],
    days: tuple[str, ...] | None,
    at: str | None,
    session: float | None,
    tz: str | None,
    start: date | None,
    curricula: tuple[Path, ...],
    progress_path: Path | None,
    output: Path,
) -> None:
    """Put your study sessions in your calendar: an iCalendar (.ics) file.

    The remaining topics, in plan order, fill sessions of --session hours on
    --days at --at (a long topic spans several sessions); each event names its
    topics, their summary, first resources and why they are in the plan. Each
    done topic's next review is a 15-minute event before a session. Import the
    file again after progress: events keep their ids, so they move instead of
    doubling, and sessions of topics since done come back as cancelled.
    """
    import uuid
    from datetime import datetime, timezone

    from . import learner
    from .calendar_export import export
    from .errors import InputError
    from .sessions import local_zone, settings_for

    path, stored = learner.load(progress_path)
    day = learner.today()
    if start is not None and start < day:
        raise InputError(
            f"--start {start.isoformat()} is in the past (today is {day.isoformat()}); "
            "sessions start today or later"
        )
    curriculum = _load(curricula)
    remembered = learner.usable(stored, curriculum)
    goal_ids = learner.goals_for(goals, remembered, path)
    settings = settings_for(
        remembered.sessions, days=days, at=at, session=session, tz=tz, new_id=uuid.uuid4().hex[:16]
    )
    zone = settings.tz or local_zone()
    previous = None
    if str(output) != "-" and output.is_file():
        previous = output.read_text(encoding="utf-8", errors="replace")
    result = export(
        curriculum,
        remembered,
        goal_ids,
        settings,
        start=start or day,
        zone=zone,
        now=datetime.now(timezone.utc).replace(microsecond=0),
        previous=previous,
    )
    _emit(result.text, output, _inputs(curriculum, path))
    learner.remember(path, stored, goals=goal_ids if goals else stored.goals, sessions=settings)
    click.echo(
        f"{result.sessions} study event{'s' if result.sessions != 1 else ''} and "
        f"{result.reviews} review{'s' if result.reviews != 1 else ''}"
        f"{f' ({zone})' if zone else ' (floating local times)'}: "
        f"{result.changed} new or changed, {result.cancelled} cancelled",
        err=True,
    )


@cli.command(context_settings=CONTEXT)
@_goal_option("Goal to work towards (repeatable; default: the remembered goals).")
@prefer_option
@curriculum_option
@progress_option
@_format_option
def today(
    goals: tuple[str, ...],
    prefer: tuple[str, ...],
    curricula: tuple[Path, ...],
    progress_path: Path | None,
    fmt: str,
) -> None:
    """What to do today: the session due today (or the next one), what to open
    first, how long, and the reviews due. Study days come from 'calendar'."""
    from . import learner
    from .today import today_report

    path, stored = learner.load(progress_path)
    curriculum = _load(curricula)
    remembered = learner.usable(stored, curriculum)
    goal_ids = learner.goals_for(goals, remembered, path)
    if prefer:  # a what-if for this report, as on next and status
        import dataclasses

        remembered = dataclasses.replace(remembered, prefer=curriculum.current_ids(prefer))
    report = today_report(curriculum, remembered, goal_ids, remembered.sessions, learner.today())
    if fmt == "json":
        import json

        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(report.text(), nl=False)


def _rating(value: str) -> tuple[str, str]:
    from .progress import RATINGS

    topic, sep, rating = value.partition("=")
    if not sep or not topic.strip() or rating.strip().lower() not in RATINGS:
        raise ValueError(f"'{value}' is not TOPIC=RATING, a rating one of {', '.join(RATINGS)}")
    return topic.strip(), rating.strip().lower()


@cli.command(context_settings=CONTEXT)
@click.option(
    "--rating",
    "ratings",
    multiple=True,
    metavar="TOPIC=RATING",
    callback=lambda ctx, param, values: tuple(_parsed(_rating)(ctx, param, v) for v in values),
    help="Rate a topic without questions: again, hard, good or easy (repeatable).",
)
@curriculum_option
@progress_option
def review(
    ratings: tuple[tuple[str, str], ...], curricula: tuple[Path, ...], progress_path: Path | None
) -> None:
    """Review what you finished, on a spaced-repetition schedule (FSRS).

    For each topic due, recall what it taught, then rate it: again (forgot),
    hard, good or easy; the next review comes sooner or later accordingly. Needs a
    terminal, unless every rating is given with --rating TOPIC=RATING. The
    history is kept in the progress file.
    """
    from . import learner
    from .errors import InputError
    from .report import check_topics
    from .review import due_reviews, next_review, record

    path, stored = learner.load(progress_path)
    curriculum = _load(curricula)
    remembered = learner.usable(stored, curriculum)
    day = learner.today()
    if ratings:
        given = [(check_topics([t], curriculum), r) for t, r in ratings]
        chosen = [(ids[0], r) for ids, r in given]
        for topic_id, _ in chosen:
            if remembered.done.get(topic_id) is None:
                raise InputError(f"{topic_id} is not done on a known day: nothing to review")
    else:
        due = due_reviews(remembered, curriculum, day)
        if not due:
            click.echo("No reviews due today.")
            return
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
    updated, shown = stored, remembered  # the file as it is; its ids as the curriculum's
    lines = []
    for topic_id, rating in chosen:
        updated = record(updated, topic_id, rating, day)
        shown = record(shown, topic_id, rating, day)
        back = next_review(shown, topic_id)
        lines.append(f"{topic_id}: {rating}; next review on {back.isoformat() if back else '-'}")
    learner.remember(path, stored, reviews=updated.reviews)
    click.echo("\n".join(lines))


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """Click callback for date options (imported late: ``--help`` stays fast)."""
    from .learner import date_option

    return date_option(ctx, param, value)


def _past_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """Click callback for ``done --on``: today or earlier."""
    from .learner import past_date_option

    return past_date_option(ctx, param, value)


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
