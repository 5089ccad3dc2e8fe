"""The ``learning-path`` command: parses options, calls the pipeline, prints.

Heavy modules (pydantic, networkx, jinja2, yaml) are imported inside the
commands so that ``--help`` stays instant.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import __version__

if TYPE_CHECKING:
    from .model import Curriculum

F = TypeVar("F", bound=Callable[..., Any])

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


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


def _load(curricula: Sequence[Path]) -> Curriculum:
    from . import load_curriculum

    return load_curriculum(list(curricula) or None)


def _emit(text: str, output: Path | None) -> None:
    """Print to stdout, or write the file in one step (never half a file)."""
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
        return
    from .files import write_atomic

    write_atomic(output, text)
    click.echo(f"wrote {output}", err=True)


@click.group(context_settings=CONTEXT)
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
    "--hours-per-week", type=float, metavar="H", help="Study pace; lays the plan out week by week."
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
) -> None:
    """Write a study plan for one or more goals or topics."""
    if not goals and not targets:
        raise click.UsageError(
            "name at least one --goal or --target (see 'learning-path goals' for the goals)"
        )
    if with_graph and fmt != "markdown" and template_file is None:
        raise click.UsageError("--with-graph goes with Markdown output or a --template FILE")
    if hours_per_week is not None and not (0 < hours_per_week < float("inf")):
        raise click.BadParameter(
            f"{hours_per_week:g} is not a positive number of hours", param_hint="--hours-per-week"
        )
    from .planner import make_plan
    from .render import render

    curriculum = _load(curricula)
    result = make_plan(
        curriculum,
        goals=goals,
        targets=targets,
        known=known,
        prefer=prefer,
        hours_per_week=hours_per_week,
    )
    graph_view = None
    if with_graph:
        from .views import graph_text

        graph_view = graph_text(curriculum, "mermaid", plan=result)
    text = render(
        result, fmt, templates_dir=templates_dir, template_file=template_file, graph=graph_view
    )
    _emit(text, output)


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

    from .planner import make_plan

    curriculum = _load(curricula)
    rows: list[dict[str, Any]] = []
    for goal_id, goal in curriculum.goals.items():
        result = make_plan(curriculum, goals=[goal_id])
        rows.append(
            {
                "id": goal_id,
                "title": goal.title,
                "description": goal.description,
                "topics": len(result.steps),
                "hours": result.total_hours,
            }
        )
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    from .render import _hours

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
    default=80,
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

    curriculum = _load(paths)
    warnings = check(curriculum, max_goal_topics=max_goal_topics)
    for warning in warnings:
        click.echo(str(warning), err=True)
    if warnings:
        count = f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
        if strict:
            raise LearningPathError(f"{count} found, and --strict makes them errors")
        click.echo(f"{count} found", err=True)
    links = sum(len(t.prerequisites) for t in curriculum.topics.values())
    click.echo(
        f"ok: {len(curriculum.topics)} topics, {len(curriculum.goals)} goals, "
        f"{links} prerequisite links in {len(curriculum.sources)} file"
        f"{'s' if len(curriculum.sources) != 1 else ''}"
    )


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
def graph(
    goals: tuple[str, ...],
    targets: tuple[str, ...],
    known: tuple[str, ...],
    prefer: tuple[str, ...],
    curricula: tuple[Path, ...],
    fmt: str,
    output: Path | None,
) -> None:
    """Draw the prerequisite graph: the whole curriculum, or what a plan needs.

    Topics are grouped by area; known topics are drawn grey and dashed, and an
    edge from an any_of group (one of several alternatives) is dashed. With
    --goal or --target, the graph is the plan's topics plus the known topics
    they rest on.
    """
    if prefer and not goals and not targets:
        raise click.UsageError("--prefer needs a --goal or --target to choose for")
    from .planner import _check_ids, make_plan
    from .views import graph_text

    curriculum = _load(curricula)
    if goals or targets:
        result = make_plan(curriculum, goals=goals, targets=targets, known=known, prefer=prefer)
        text = graph_text(curriculum, fmt, plan=result)
    else:
        text = graph_text(curriculum, fmt, known=_check_ids("topic", known, curriculum.topics))
    _emit(text, output)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the console script."""
    # A short-lived process that builds large object graphs and leaves little
    # cyclic garbage: the cyclic collector would only cost time.
    gc.disable()
    cli.main(args=list(argv) if argv is not None else sys.argv[1:], prog_name="learning-path")
