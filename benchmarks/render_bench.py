"""Time rendering a large plan, as a ratio to a plain rendering of the same steps.

    python benchmarks/render_bench.py [--topics 10000] [--repeat 7]
    python benchmarks/render_bench.py --write DIR    # every format of many plans, to DIR
    python benchmarks/render_bench.py --compare DIR  # the same, checked byte for byte

The plans are ``goal-0`` of a generated curriculum (benchmarks/generate.py), as
``plan --goal goal-0`` makes it (no pace) and paced at 6 h/week from a fixed Monday
(week headings too), built once in this process; then ``render(plan, fmt)`` runs for
every built-in format and is timed best-of-``--repeat``. The baselines,
timed in the same run: ``json.dumps`` of the plan's data, and a bare f-string
Markdown of the same steps (title, summary, needs, resources; no escaping, no
weeks): about the least any Markdown rendering of this plan can cost in Python.
The garbage collector is off, as in the command-line tool.

``--write`` and ``--compare`` render the bundled curriculum's goals (paced and not,
with known, done and free-only choices, a graph, an activity picture, through the
sandbox with ``--templates``) and the large plan, in every format: what a speed-up
must leave byte-identical. ``--compare`` exits 1 on the first difference.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

from learning_path import load_curriculum  # noqa: E402
from learning_path.model import Curriculum  # noqa: E402
from learning_path.planner import Plan, make_plan  # noqa: E402
from learning_path.render import FORMATS, render  # noqa: E402
from learning_path.views import graph_text  # noqa: E402

START = date(2025, 1, 6)
ACTIVITY = {
    "to": "2025-01-19",
    "weeks": [
        [
            {"date": f"2025-01-{6 + 7 * w + d:02d}", "hours": float(d % 4), "level": d % 4}
            for d in range(7)
        ]
        for w in range(2)
    ],
}
"""A made-up activity picture, so the HTML's heatmap is drawn too."""


def best(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return min(times)


def bare_markdown(plan: Plan) -> str:
    """The plan's steps as Markdown with f-strings: no escaping, no weeks, no checks."""
    steps = plan.steps
    position = {s.id: s.position for s in steps}
    title = {s.id: s.title for s in steps}
    out = [f"# Study plan: {plan.curriculum}\n\n"]
    for s in steps:
        out.append(f"- [ ] **{s.position}. {s.title}** · {s.hours:g} h · {s.level} · {s.area}\n\n")
        out.append(f"  {s.summary}\n\n")
        needs = [f"{position[p]}. {title[p]}" for p in s.prerequisites if p in position]
        if needs:
            out.append(f"  Needs: {'; '.join(needs)}\n\n")
        for r in s.resources:
            out.append(f"  - [{r.title}]({r.url}) · {r.kind} · {'free' if r.free else 'paid'}\n")
        out.append("\n")
    return "".join(out)


def large_plan(topics: int, tmp: Path) -> tuple[Curriculum, Plan]:
    """The generated curriculum and its ``goal-0`` plan, paced at 6 h/week."""
    path = tmp / f"c{topics}.yaml"
    path.write_text(generate(topics), encoding="utf-8")
    curriculum = load_curriculum(path, cache=False)
    plan = make_plan(curriculum, goals=["goal-0"], hours_per_week=6, start=START)
    return curriculum, plan


def bench(topics: int, repeat: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        curriculum, paced = large_plan(topics, Path(tmp))
    plans = {
        "plan --goal goal-0": make_plan(curriculum, goals=["goal-0"]),
        f"the same at 6 h/week from {START}": paced,
    }
    for label, plan in plans.items():
        print(f"{label}: {len(plan.steps):,} steps of {topics:,} topics, best of {repeat}")
        formats = ["json", *FORMATS]
        sizes = {fmt: len(render(plan, fmt).encode()) for fmt in formats}  # warms caches
        sizes["bare markdown"] = len(bare_markdown(plan).encode())
        runs: dict[str, Callable[[], object]] = {
            "json.dumps of the data": lambda plan=plan: json.dumps(  # type: ignore[misc]
                plan.to_dict(), indent=2, ensure_ascii=False
            ),
            "bare markdown": lambda plan=plan: bare_markdown(plan),  # type: ignore[misc]
        }
        for fmt in formats:
            runs[fmt] = lambda fmt=fmt, plan=plan: render(plan, fmt)  # type: ignore[misc]
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(repeat):  # interleaved, so noise hits all alike
            for name, run in runs.items():
                times[name].append(best(run, 1))
        fastest = {name: min(values) for name, values in times.items()}
        base = fastest["bare markdown"]
        for name, seconds in fastest.items():
            size = f"{sizes[name] / 1e6:6.2f} MB" if name in sizes else " " * 9
            ratio = f"{seconds / base:5.2f}x bare markdown"
            print(f"  {name:24} {seconds * 1000:8.1f} ms  {size}  {ratio}")
    return 0


def cases(topics: int) -> Iterator[tuple[str, str]]:
    """(name, text) of every rendering the speed-up must leave unchanged."""
    bundled = load_curriculum()
    mentor = Path(tempfile.mkdtemp(prefix="lp-render-"))
    for name in FORMATS.values():  # the bundled templates, run in the sandbox
        (mentor / name).write_text(f'{{% extends "default:{name}" %}}\n', encoding="utf-8")
    choices: dict[str, dict[str, Any]] = {
        "plain": {},
        "paced": {"hours_per_week": 6, "start": START},
        "paced-undated": {"hours_per_week": 7.5},
        "known-done": {
            "hours_per_week": 4,
            "start": START,
            "known": ["python-basics"],
            "done": ["what-is-machine-learning", "learning-paradigms"],
        },
        "free-tf": {"free_only": True, "prefer": ["tensorflow-keras"], "hours_per_week": 10},
    }
    for goal in bundled.goals:
        for label, kwargs in choices.items():
            plan = make_plan(bundled, goals=[goal], **kwargs)
            graph = graph_text(bundled, "mermaid", plan=plan) if label == "paced" else None
            for fmt in ["json", *FORMATS]:
                yield f"{goal}-{label}.{fmt}", render(plan, fmt, graph=graph, activity=ACTIVITY)
                if fmt != "json" and label in ("plain", "known-done"):
                    text = render(plan, fmt, templates_dir=mentor, graph=graph, activity=ACTIVITY)
                    yield f"{goal}-{label}-sandboxed.{fmt}", text
    plan = make_plan(bundled, targets=["python-basics"], hours_per_week=3)
    for fmt in ["json", *FORMATS]:
        yield f"target.{fmt}", render(plan, fmt)
    with tempfile.TemporaryDirectory() as tmp:
        curriculum, plan = large_plan(topics, Path(tmp))
    unpaced = make_plan(curriculum, goals=["goal-1"], done=["t0", "t1"], free_only=True)
    for fmt in ["json", *FORMATS]:
        yield f"large.{fmt}", render(plan, fmt)
        yield f"large-unpaced.{fmt}", render(unpaced, fmt)
        if fmt != "json":
            yield f"large-sandboxed.{fmt}", render(plan, fmt, templates_dir=mentor)


def write(directory: Path, topics: int) -> int:
    directory.mkdir(parents=True, exist_ok=True)
    count = 0
    for name, text in cases(topics):
        (directory / name).write_text(text, encoding="utf-8", newline="")
        count += 1
    print(f"wrote {count} renderings to {directory}")
    return 0


def compare(directory: Path, topics: int) -> int:
    count = 0
    for name, text in cases(topics):
        expected = (directory / name).read_bytes()
        if text.encode() != expected:
            print(f"DIFFERENT: {name}")
            return 1
        count += 1
    if count != len(list(directory.iterdir())):
        print(f"only {count} of the {len(list(directory.iterdir()))} renderings were made")
        return 1
    print(f"{count} renderings byte-identical to {directory}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--write", type=Path, metavar="DIR")
    parser.add_argument("--compare", type=Path, metavar="DIR")
    args = parser.parse_args()
    gc.disable()  # as the command-line tool runs
    if args.write is not None:
        return write(args.write, args.topics)
    if args.compare is not None:
        return compare(args.compare, args.topics)
    return bench(args.topics, args.repeat)


if __name__ == "__main__":
    sys.exit(main())
