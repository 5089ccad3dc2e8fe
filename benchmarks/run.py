"""Speed and memory benchmark: every figure is a ratio to a baseline timed in the same run.

    python benchmarks/run.py [--repeat 5] [--large 10000] [--larger 30000]
                             [--largest 100000] [--skip-largest]

Each command runs as a fresh process (what a user waits for); the best of
``--repeat`` runs is kept, for ours and for each baseline, interleaved so that
noise on the machine hits both alike. "Cold" runs read the curriculum's YAML
(``LEARNING_PATH_NO_CACHE=1``); "warm" runs find it in the curriculum cache, as
every run after the first does (the benchmark's cache directory is its own).
Targets (from the product's issues):

- ``plan --goal nlp`` on the bundled curriculum: cold <= 1.5x, warm <= 1.15x
  ``python -c "import yaml, jinja2, networkx, pydantic, click"``;
- ``--help`` <= 1.5x ``python -c "import click"``;
- ``validate`` and cold ``plan`` on a generated 10,000-topic curriculum <= 1.5x the
  fastest bare ``yaml.load(f, Loader=yaml.CSafeLoader)`` of the same file (garbage
  collector off during the parse), peak memory < 500 MB; warm ``plan`` <= 0.15x cold;
- from 10,000 to 30,000 topics, our time grows at most 1.2x as fast as the bare
  parse's own time; peak memory at 30,000 topics <= the bare parse's peak;
- 100,000 topics (a directory of four files: one file may hold 25 MiB): ``validate``,
  cold and warm ``plan`` within 2 GiB, and time growing from 30,000 at most 1.2x as
  fast as the bare parse's (``--skip-largest`` leaves this part out).

Exits 1 when a target is missed, so it can gate a release.
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate, write_parts  # noqa: E402

PY = sys.executable
CLI = [PY, "-m", "learning_path"]
IMPORTS = [PY, "-c", "import yaml, jinja2, networkx, pydantic, click"]
BARE_PARSE = (
    "import gc, sys, yaml\n"
    "from pathlib import Path\n"
    "gc.disable()\n"
    "path = Path(sys.argv[1])\n"
    "kept = []\n"
    "for file in sorted(path.glob('*.yaml')) if path.is_dir() else [path]:\n"
    "    with open(file, encoding='utf-8') as f:\n"
    "        kept.append(yaml.load(f, Loader=yaml.CSafeLoader))\n"
)
WARM_FLOOR = (
    "import gc, sys\n"
    "gc.disable()\n"
    "import click, jinja2, networkx\n"
    "from learning_path import load_curriculum\n"
    "load_curriculum([sys.argv[1]])\n"
)
"""What a warm ``plan`` cannot go below: the imports a plan needs and the curriculum
read back from the cache (the cache must be filled first), with no plan made."""
GIB = 1024.0

_work = tempfile.mkdtemp(prefix="lp-bench-")
atexit.register(shutil.rmtree, _work, ignore_errors=True)  # the cache holds ~100 MB
# Each curriculum's plans remember their choices in a progress file of the benchmark's
# own (never the user's), so repeated runs measure the plan, not a changing file; the
# curriculum cache is the benchmark's own too.
os.environ["LEARNING_PATH_PROGRESS"] = os.path.join(_work, "progress.yaml")
os.environ["LEARNING_PATH_CACHE_DIR"] = os.path.join(_work, "cache")
os.environ.pop("LEARNING_PATH_NO_CACHE", None)
# An installed tool runs from compiled bytecode; let our modules be compiled once too.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
COLD = {"LEARNING_PATH_NO_CACHE": "1"}


def run_once(cmd: list[str], env: dict[str, str] | None = None) -> float:
    """Wall seconds of one child process."""
    start = time.perf_counter()
    done = subprocess.run(
        cmd, capture_output=True, text=True, check=False, env={**os.environ, **(env or {})}
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{done.stderr[-2000:]}")
    return elapsed


def peak_rss(cmd: list[str], env: dict[str, str] | None = None) -> float:
    """Peak RSS in MiB of one run, measured in a fresh wrapper process."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], capture_output=True, check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n"
    )
    out = subprocess.run(
        [PY, "-c", probe, *cmd],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
    )
    return float(out.stdout)


Runs = dict[str, tuple[list[str], dict[str, str] | None]]


def best(runs: Runs, repeat: int) -> dict[str, float]:
    """Best wall time of each command, runs interleaved."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, (cmd, env) in runs.items():
            times[name].append(run_once(cmd, env))
    return {name: min(values) for name, values in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--larger", type=int, default=30_000)
    parser.add_argument("--largest", type=int, default=100_000)
    parser.add_argument("--skip-largest", action="store_true", help="leave 100,000 out")
    args = parser.parse_args()
    rows: list[tuple[str, str, str, str]] = []
    failed = False

    def check(label: str, ours: float, base: float, limit: float, unit: str = "s") -> None:
        nonlocal failed
        ratio = ours / base
        ok = ratio <= limit
        failed |= not ok
        verdict = f"{ratio:.2f}x (target <= {limit}x) {'ok' if ok else 'MISSED'}"
        rows.append((label, f"{ours:.3f} {unit}", f"{base:.3f} {unit}", verdict))

    def note(label: str, ours: float, base: float) -> None:
        """A figure that explains another, with no target of its own."""
        rows.append((label, f"{ours:.3f} s", f"{base:.3f} s", f"{ours / base:.2f}x"))

    def bound(label: str, mib: float, limit: float) -> None:
        nonlocal failed
        ok = mib < limit
        failed |= not ok
        verdict = f"{mib:.0f} MiB (< {limit:.0f}) {'ok' if ok else 'MISSED'}"
        rows.append((label, f"{mib:.0f} MiB", f"{limit:.0f} MiB", verdict))

    plan_nlp = [*CLI, "plan", "--goal", "nlp"]
    run_once(plan_nlp)  # compiles our modules and fills the cache
    small = best(
        {
            "cold": (plan_nlp, COLD),
            "warm": (plan_nlp, None),
            "imports": (IMPORTS, None),
            "help": ([*CLI, "--help"], None),
            "click": ([PY, "-c", "import click"], None),
        },
        args.repeat,
    )
    check("cold plan --goal nlp (bundled) vs imports", small["cold"], small["imports"], 1.5)
    check("warm plan --goal nlp (bundled) vs imports", small["warm"], small["imports"], 1.15)
    check("--help vs import click", small["help"], small["click"], 1.5)

    with tempfile.TemporaryDirectory() as tmp:
        timings: dict[int, dict[str, float]] = {}
        sizes = [args.large, args.larger] + ([] if args.skip_largest else [args.largest])
        for count in sizes:
            if count == args.largest:
                path = Path(tmp) / f"c{count}"
                parts = write_parts(count, 4, path)
                size = sum(p.stat().st_size for p in parts) / 1e6
            else:
                path = Path(tmp) / f"c{count}.yaml"
                path.write_text(generate(count), encoding="utf-8")
                size = path.stat().st_size / 1e6
            plan = [*CLI, "plan", "--curriculum", str(path), "--goal", "goal-0"]
            validate = [*CLI, "validate", str(path)]
            runs: Runs = {
                "bare": ([PY, "-c", BARE_PARSE, str(path)], None),
                "validate": (validate, None),
                "plan": (plan, COLD),
            }
            if count == args.large:
                small_plan = [*CLI, "plan", "--curriculum", str(path), "--target", "t100"]
                run_once(plan)  # fills the cache
                runs["warm"] = (plan, None)
                runs["floor"] = ([PY, "-c", WARM_FLOOR, str(path)], None)
                runs["small cold"] = (small_plan, COLD)
                runs["small warm"] = (small_plan, None)
            repeat = max(3, args.repeat // 2) if count != args.largest else 1
            timings[count] = t = best(runs, repeat)
            label = f"{count:,} topics ({size:.1f} MB)"
            if count != args.largest:
                check(f"validate, {label}, vs bare parse", t["validate"], t["bare"], 1.5)
                check(f"cold plan, {label}, vs bare parse", t["plan"], t["bare"], 1.5)
            if count == args.large:
                check(f"warm plan vs cold plan, {label}", t["warm"], t["plan"], 0.15)
                note(
                    "  of which: imports and warm load alone (no plan, no render) vs cold plan",
                    t["floor"],
                    t["plan"],
                )
                note(
                    f"warm plan --target t100 vs cold, {label} (a 30-step plan)",
                    t["small warm"],
                    t["small cold"],
                )
                for name, cmd, env in (("validate", validate, None), ("cold plan", plan, COLD)):
                    bound(f"peak memory, {name}, {label}", peak_rss(cmd, env), 500)
            if count == args.larger:
                bare = peak_rss([PY, "-c", BARE_PARSE, str(path)])
                for name, cmd, env in (("validate", validate, None), ("cold plan", plan, COLD)):
                    check(
                        f"peak memory, {name}, {label}, vs bare parse",
                        peak_rss(cmd, env),
                        bare,
                        1.0,
                        "MiB",
                    )
            if count == args.largest:
                run_once(plan)  # fills the cache
                for name, cmd, env in (
                    ("validate", validate, None),
                    ("cold plan", plan, COLD),
                    ("warm plan", plan, None),
                ):
                    bound(f"peak memory, {name}, {label}", peak_rss(cmd, env), 2 * GIB)
        pairs = [(args.large, args.larger)]
        if not args.skip_largest:
            pairs.append((args.larger, args.largest))
        for low, high in pairs:
            bare_growth = timings[high]["bare"] / timings[low]["bare"]
            for name in ("validate", "plan"):
                growth = timings[high][name] / timings[low][name]
                check(
                    f"{'cold ' if name == 'plan' else ''}{name} growth {low:,}->{high:,} vs "
                    f"bare growth ({growth:.2f}x vs {bare_growth:.2f}x)",
                    growth,
                    bare_growth,
                    1.2,
                    "x",
                )

    width = max(len(r[0]) for r in rows)
    for label, ours, base, verdict in rows:
        print(f"{label:<{width}}  {ours:>12}  {base:>12}  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
