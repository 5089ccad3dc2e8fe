"""Generate a large, valid, deterministic curriculum for benchmarks.

    python benchmarks/generate.py 10000 out.yaml

Topics form a layered DAG (each topic requires one to three earlier topics, some
through an any_of group) with two resources each; a 10,000-topic file is about 5 MB.
Goals target topics of the last layers.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

WORDS = [
    "vector",
    "matrix",
    "gradient",
    "kernel",
    "tensor",
    "sample",
    "feature",
    "label",
    "model",
    "loss",
    "metric",
    "layer",
    "token",
    "embedding",
    "attention",
    "pipeline",
    "cluster",
    "forest",
    "boosting",
    "margin",
    "entropy",
]


def generate(count: int, seed: int = 7) -> str:
    """YAML text of a curriculum with ``count`` topics (block style, as people write)."""
    rng = random.Random(seed)
    out = ["version: 1", f"name: Generated curriculum of {count} topics", "goals:"]
    goal_count = 5
    for g in range(goal_count):
        targets = sorted({f"t{rng.randrange(count * 9 // 10, count)}" for _ in range(4)})
        out += [
            f"  goal-{g}:",
            f"    title: Goal number {g}",
            f"    targets: [{', '.join(targets)}]",
        ]
    out.append("topics:")
    for i in range(count):
        words = " ".join(rng.choice(WORDS) for _ in range(3))
        out += [
            f"  t{i}:",
            f"    title: Topic {i} {words}",
            f"    summary: Learn to apply {words} to real problems and explain the result to a"
            f" colleague.",
            f"    hours: {rng.choice([1, 2, 3, 4, 6, 8, 10])}",
            f"    level: {rng.choice(['beginner', 'intermediate', 'advanced'])}",
            f"    area: area-{i % 12}",
            "    tags: [generated]",
        ]
        if i:
            window = max(1, min(i, 200))
            picks = sorted({i - 1 - rng.randrange(window) for _ in range(rng.randint(1, 3))})
            items = [f"t{p}" for p in picks]
            if len(picks) >= 3 and rng.random() < 0.3:
                items = [
                    f"t{picks[0]}",
                    "{any_of: [" + ", ".join(f"t{p}" for p in picks[1:]) + "]}",
                ]
            out.append(f"    prerequisites: [{', '.join(items)}]")
        out += [
            "    resources:",
            f"      - title: Book chapter {i}",
            f"        url: https://books.example.org/ml/chapter-{i}.html",
            "        kind: book",
            "        free: true",
            f"        hours: {rng.choice([1, 2, 3])}",
            f"      - title: Video lecture {i} on {words}",
            f"        url: https://videos.example.org/watch/lecture-{i}",
            "        kind: video",
            "        free: false",
        ]
    return "\n".join(out) + "\n"


def main() -> None:
    count = int(sys.argv[1])
    Path(sys.argv[2]).write_text(generate(count), encoding="utf-8")


if __name__ == "__main__":
    main()
