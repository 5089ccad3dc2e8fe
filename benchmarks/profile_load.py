"""Where loading a curriculum spends its time and memory, before changing any code.

    python benchmarks/profile_load.py                 # the bundled curriculum
    python benchmarks/profile_load.py --topics 10000  # a generated one (benchmarks/generate.py)
    python benchmarks/profile_load.py --topics 30000 --memory

Time: the functions with the most cumulative and own time under cProfile, for one
``load_curriculum`` plus building a plan's graph. Memory (``--memory``): the lines
holding the most memory when the process peaked, from tracemalloc (slow; the figures
are Python allocations, not RSS). Both run with the garbage collector off, as the
command-line tool does.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=int, default=0, help="generate this many (0: bundled)")
    parser.add_argument("--memory", action="store_true", help="trace allocations too")
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    import yaml  # noqa: F401  (the dependencies, imported before measuring)

    from learning_path import load_curriculum

    with tempfile.TemporaryDirectory() as tmp:
        paths: list[Path] | None = None
        if args.topics:
            path = Path(tmp) / f"c{args.topics}.yaml"
            path.write_text(generate(args.topics), encoding="utf-8")
            paths = [path]
        gc.disable()
        if args.memory:
            tracemalloc.start(1)
            curriculum = load_curriculum(paths)
            _, peak = tracemalloc.get_traced_memory()
            snapshot = tracemalloc.take_snapshot()
            tracemalloc.stop()
            print(f"traced peak {peak / 2**20:.0f} MiB; held after loading, by line:")
            for stat in snapshot.statistics("lineno")[: args.top]:
                print(f"  {stat.size / 2**20:8.1f} MiB  {stat.traceback}")
        else:
            profile = cProfile.Profile()
            start = time.perf_counter()
            profile.enable()
            curriculum = load_curriculum(paths)
            profile.disable()
            elapsed = time.perf_counter() - start
            print(f"load_curriculum: {elapsed:.3f} s under cProfile")
            stats = pstats.Stats(profile)
            stats.sort_stats("tottime").print_stats(args.top)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{len(curriculum.topics):,} topics; peak RSS {rss:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
