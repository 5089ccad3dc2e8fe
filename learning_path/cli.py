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
def validate(paths: tuple[Path, ...]) -> None:
    """Check a curriculum and report every problem as path:line:col: message.

    Several PATHs are applied in order, each later one as an overlay. Without
    PATH, the bundled curriculum is checked.
    """
    curriculum = _load(paths)
    links = sum(len(t.prerequisites) for t in curriculum.topics.values())
    click.echo(
        f"ok: {len(curriculum.topics)} topics, {len(curriculum.goals)} goals, "
        f"{links} prerequisite links in {len(curriculum.sources)} file"
        f"{'s' if len(curriculum.sources) != 1 else ''}"
    )


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
