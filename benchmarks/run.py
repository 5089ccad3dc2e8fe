"""Speed and memory benchmark: every figure is a ratio to a baseline timed in the same run.

    python benchmarks/run.py [--repeat 5] [--large 10000] [--larger 30000]

Each command runs as a fresh process (what a user waits for); the best of
``--repeat`` runs is kept, for ours and for each baseline, interleaved so that
noise on the machine hits both alike. Targets (from the product's issue):

- ``plan --goal nlp`` on the bundled curriculum <= 1.5x ``python -c "import yaml,
  jinja2, networkx, pydantic, click"``;
- ``--help`` <= 1.5x ``python -c "import click"``;
- ``validate`` and ``plan`` on a generated 10,000-topic curriculum <= 1.5x the fastest
  bare ``yaml.load(f, Loader=yaml.CSafeLoader)`` of the same file (garbage collector
  off during the parse), peak memory < 500 MB;
- from 10,000 to 30,000 topics, our time grows at most 1.2x as fast as the bare
  parse's own time.

Exits 1 when a target is missed, so it can gate a release.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

PY = sys.executable
CLI = [PY, "-m", "learning_path"]
BARE_PARSE = (
    "import gc, sys, yaml\n"
    "gc.disable()\n"
    "with open(sys.argv[1], encoding='utf-8') as f: yaml.load(f, Loader=yaml.CSafeLoader)\n"
)


# Each curriculum's plans remember their choices in a progress file of the benchmark's
# own (never the user's), so repeated runs measure the plan, not a changing file.
os.environ["LEARNING_PATH_PROGRESS"] = os.path.join(
    tempfile.mkdtemp(prefix="lp-bench-"), "progress.yaml"
)


def run_once(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{done.stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(after, before) / 1024


def peak_rss(cmd: list[str]) -> float:
    """Peak RSS in MB of one run, measured in a fresh wrapper process."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], capture_output=True, check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n"
    )
    out = subprocess.run([PY, "-c", probe, *cmd], capture_output=True, text=True, check=True)
    return float(out.stdout)


def best(pairs: dict[str, list[str]], repeat: int) -> dict[str, float]:
    """Best wall time of each command, runs interleaved."""
    times: dict[str, list[float]] = {name: [] for name in pairs}
    for _ in range(repeat):
        for name, cmd in pairs.items():
            times[name].append(run_once(cmd)[0])
    return {name: min(values) for name, values in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--larger", type=int, default=30_000)
    args = parser.parse_args()
    rows: list[tuple[str, float, float, str]] = []
    failed = False

    def check(label: str, ours: float, base: float, limit: float) -> None:
        nonlocal failed
        ratio = ours / base
        ok = ratio <= limit
        failed |= not ok
        rows.append(
            (label, ours, base, f"{ratio:.2f}x (target <= {limit}x) {'ok' if ok else 'MISSED'}")
        )

    small = best(
        {
            "plan": [*CLI, "plan", "--goal", "nlp"],
            "imports": [PY, "-c", "import yaml, jinja2, networkx, pydantic, click"],
            "help": [*CLI, "--help"],
            "click": [PY, "-c", "import click"],
        },
        args.repeat,
    )
    check("plan --goal nlp (bundled) vs imports", small["plan"], small["imports"], 1.5)
    check("--help vs import click", small["help"], small["click"], 1.5)

    with tempfile.TemporaryDirectory() as tmp:
        timings: dict[int, dict[str, float]] = {}
        for count in (args.large, args.larger):
            path = Path(tmp) / f"c{count}.yaml"
            path.write_text(generate(count), encoding="utf-8")
            size = path.stat().st_size / 1e6
            timings[count] = best(
                {
                    "bare": [PY, "-c", BARE_PARSE, str(path)],
                    "validate": [*CLI, "validate", str(path)],
                    "plan": [*CLI, "plan", "--curriculum", str(path), "--goal", "goal-0"],
                },
                max(2, args.repeat // 2),
            )
            t = timings[count]
            check(
                f"validate {count:,} topics ({size:.1f} MB) vs bare parse",
                t["validate"],
                t["bare"],
                1.5,
            )
            check(f"plan {count:,} topics vs bare parse", t["plan"], t["bare"], 1.5)
            if count == args.large:
                for name, cmd in (
                    ("validate", [*CLI, "validate", str(path)]),
                    ("plan", [*CLI, "plan", "--curriculum", str(path), "--goal", "goal-0"]),
                ):
                    mb = peak_rss(cmd)
                    ok = mb < 500
                    failed |= not ok
                    rows.append(
                        (
                            f"peak memory, {name} {count:,}",
                            mb,
                            500,
                            f"{mb:.0f} MB (< 500) {'ok' if ok else 'MISSED'}",
                        )
                    )
        small_t, large_t = timings[args.large], timings[args.larger]
        bare_growth = large_t["bare"] / small_t["bare"]
        for name in ("validate", "plan"):
            growth = large_t[name] / small_t[name]
            check(
                f"{name} growth {args.large:,}->{args.larger:,} vs bare growth "
                f"({growth:.2f}x vs {bare_growth:.2f}x)",
                growth,
                bare_growth,
                1.2,
            )

    width = max(len(r[0]) for r in rows)
    for label, ours, base, verdict in rows:
        print(f"{label:<{width}}  {ours:8.3f}  {base:8.3f}  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
