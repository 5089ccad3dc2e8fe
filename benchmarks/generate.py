"""Generate a large, valid, deterministic curriculum for benchmarks.

    python benchmarks/generate.py 10000 out.yaml
    python benchmarks/generate.py 100000 out-directory --parts 4

Topics form a layered DAG (each topic requires one to three earlier topics, some
through an any_of group) with two resources each; a 10,000-topic file is about 6 MB.
Goals target topics of the last layers. With ``--parts N`` the same curriculum is
written as a directory of N files (the goals and the first topics in the first), as
a curriculum past one file's size limit (25 MiB, about 40,000 topics) must be.
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


def generate_parts(count: int, parts: int, seed: int = 7) -> list[str]:
    """The curriculum of :func:`generate` as ``parts`` YAML texts, each one file of a
    curriculum directory (read in name order, they are the same curriculum)."""
    lines = generate(count, seed).splitlines()
    first_topic = lines.index("topics:") + 1
    starts = [i for i in range(first_topic, len(lines)) if lines[i].startswith("  t")]
    bounds = [starts[len(starts) * k // parts] for k in range(parts)] + [len(lines)]
    texts = ["\n".join(lines[: bounds[1]]) + "\n"]
    for k in range(1, parts):
        texts.append("\n".join(["version: 1", "topics:", *lines[bounds[k] : bounds[k + 1]]]) + "\n")
    return texts


def write_parts(count: int, parts: int, directory: Path, seed: int = 7) -> list[Path]:
    """Write :func:`generate_parts` into ``directory`` as part-00.yaml, part-01.yaml..."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for k, text in enumerate(generate_parts(count, parts, seed)):
        path = directory / f"part-{k:02d}.yaml"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    count = int(sys.argv[1])
    if len(sys.argv) == 5 and sys.argv[3] == "--parts":
        write_parts(count, int(sys.argv[4]), Path(sys.argv[2]))
        return
    Path(sys.argv[2]).write_text(generate(count), encoding="utf-8")


if __name__ == "__main__":
    main()
