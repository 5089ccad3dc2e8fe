"""How long ``make_plan`` takes on a curriculum already loaded, against a baseline timed
in the same run.

    python benchmarks/plan_bench.py [--repeat 15] [--topics 10000]

The curriculum is loaded once, in-process, cache off; then each request is planned
``--repeat`` times and the best time kept, with the garbage collector off (as the
command-line tool runs; ``--gc`` leaves it on). Requests: a goal of a generated curriculum
(``benchmarks/generate.py``, 10,000 topics: ``goal-0`` has 6,870 steps), a small
target of it (``t100``, both sequences), and each goal of the bundled curriculum.
The baseline, timed interleaved with ours, is networkx's share of the same work:
``nx.ancestors`` of the request's targets and ``nx.topological_sort`` of that
subgraph. A ratio to it is what to compare between two runs; milliseconds depend on
the machine's load.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

from learning_path import load_curriculum  # noqa: E402
from learning_path.graph import build_graph  # noqa: E402
from learning_path.model import Curriculum  # noqa: E402
from learning_path.planner import make_plan  # noqa: E402
from learning_path.request import PlanRequest  # noqa: E402


def baseline(curriculum: Curriculum, request: PlanRequest) -> Callable[[], object]:
    """networkx's ancestors and topological sort of what ``request`` needs."""
    graph = build_graph(curriculum)
    targets = [t for g in request.goals for t in curriculum.goals[g].targets]
    targets += request.targets

    def run() -> object:
        needed = set(targets).union(*(nx.ancestors(graph, t) for t in targets))
        return list(nx.topological_sort(graph.subgraph(needed)))

    return run


def best(functions: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Best wall seconds of each function, runs interleaved."""
    times = {name: float("inf") for name in functions}
    for _ in range(repeat):
        for name, function in functions.items():
            start = time.perf_counter()
            function()
            times[name] = min(times[name], time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="runs per request (best kept)")
    parser.add_argument("--topics", type=int, default=10000, help="size of the generated one")
    parser.add_argument(
        "--gc", action="store_true", help="leave the garbage collector on, as a library caller may"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"c{args.topics}.yaml"
        path.write_text(generate(args.topics), encoding="utf-8")
        large = load_curriculum(path, cache=False)
    bundled = load_curriculum(cache=False)
    cases: list[tuple[str, Curriculum, PlanRequest]] = [
        (f"{args.topics} topics, goal-0", large, PlanRequest(goals=("goal-0",))),
        (f"{args.topics} topics, t100", large, PlanRequest(targets=("t100",))),
        (
            f"{args.topics} topics, t100 jit",
            large,
            PlanRequest(targets=("t100",), sequence="just-in-time"),
        ),
        *((f"bundled, {g}", bundled, PlanRequest(goals=(g,))) for g in sorted(bundled.goals)),
    ]
    gc.collect()
    if not args.gc:
        gc.disable()
    print(f"{'request':<28} {'steps':>6} {'make_plan ms':>13} {'baseline ms':>12} {'ratio':>7}")
    for name, curriculum, request in cases:
        steps = len(make_plan(curriculum, request).steps)
        times = best(
            {
                "ours": lambda c=curriculum, r=request: make_plan(c, r),  # type: ignore[misc]
                "base": baseline(curriculum, request),
            },
            args.repeat,
        )
        ratio = times["ours"] / times["base"]
        print(
            f"{name:<28} {steps:>6} {times['ours'] * 1e3:>13.2f} "
            f"{times['base'] * 1e3:>12.2f} {ratio:>6.2f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
