"""The commands for curriculum authors: ``validate``, ``diff``, ``stats``, ``schema``
and ``graph``. They read curricula only, never a progress file; :mod:`.cli` adds
them to the ``learning-path`` group."""

from __future__ import annotations

from pathlib import Path

import click

from .options import (
    CONTEXT,
    format_option,
    goal_option,
    known_option,
    output_option,
    prefer_option,
    target_option,
)
from .session import Session, show, with_session


@click.command(context_settings=CONTEXT)
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
    from .checks import check, summary
    from .errors import LearningPathError
    from .text import plural

    curriculum = Session(paths, learner=False, cache=False).curriculum  # reads the files
    warnings = check(curriculum, max_goal_topics=max_goal_topics)
    for warning in warnings:
        click.echo(str(warning), err=True)
    if warnings and strict:
        raise LearningPathError(
            f"{plural(len(warnings), 'warning')} found, and --strict makes them errors"
        )
    if warnings:
        click.echo(f"{plural(len(warnings), 'warning')} found", err=True)
    click.echo(summary(curriculum))


def _base(ctx: click.Context, param: click.Parameter, value: str) -> Path:
    """``diff``'s BASE: a curriculum path, or 'default' for the bundled one."""
    from .resources import data_path

    if value == "default":
        return data_path("curriculum")
    if Path(value).exists():
        return Path(value)
    raise click.BadParameter(
        f"'{value}' does not exist (name a curriculum path, or 'default')", param_hint="BASE"
    )


@click.command(context_settings=CONTEXT)
@click.argument("base", metavar="BASE", callback=_base)
@click.argument(
    "overlays",
    nargs=-1,
    required=True,
    metavar="OVERLAY...",
    type=click.Path(exists=True, path_type=Path),
)
@format_option()
def diff(base: Path, overlays: tuple[Path, ...], fmt: str) -> None:
    """Show what overlays change: topics, goals, each goal's plan size and hours.

    BASE is a curriculum file or directory, or 'default' for the bundled one;
    the OVERLAYs apply on it in order, as repeated --curriculum options do.
    """
    from . import load_curriculum
    from .diff import diff_curricula

    show(diff_curricula(load_curriculum(base), load_curriculum([base, *overlays])), fmt)


@click.command(context_settings=CONTEXT)
@goal_option("Measure topics in this goal's plan, and list only this goal (repeatable).")
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=15,
    show_default=True,
    metavar="N",
    help="Topics in the text table (0: all; JSON lists all).",
)
@format_option()
@with_session(progress=False)
def stats(session: Session, goals: tuple[str, ...], top: int, fmt: str) -> None:
    """Curriculum analytics: the topics that hold most up, and each goal's critical path.

    Per topic: DEPENDENTS (topics that require it, transitively), CHAIN (the
    longest prerequisite chain through it, in topics) and COMPLEXITY =
    DEPENDENTS x CHAIN. Per goal, on its plan from scratch: topics, hours,
    longest chain, and CRITICAL HOURS, the most hours along one chain (the least
    time it takes, however many hours a week).
    """
    from .stats import curriculum_stats

    show(curriculum_stats(session.curriculum, goals, top), fmt)


@click.command(context_settings=CONTEXT)
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


@click.command(context_settings=CONTEXT)
@goal_option("Show what this goal needs (repeatable).")
@target_option("Show what this topic needs (repeatable).")
@known_option("Topic you already know: it and what it requires are drawn as known (repeatable).")
@prefer_option("With --goal or --target: take this member of an any_of group (repeatable).")
@format_option(
    "mermaid",
    "dot",
    help="A Mermaid flowchart (GitHub renders it in a mermaid code block) or Graphviz DOT.",
)
@output_option()
@with_session(progress=False, sequence=True)
def graph(
    session: Session,
    goals: tuple[str, ...],
    targets: tuple[str, ...],
    known: tuple[str, ...],
    prefer: tuple[str, ...],
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
    from .views import draw

    text = draw(session.curriculum, fmt, goals, targets, known, prefer)
    session.emit(text, output)


COMMANDS = (validate, diff, stats, schema, graph)
