"""Do two versions of the planner make the same plans? Fingerprints of many plans.

    python benchmarks/plan_check.py --save before.txt     # on the old code
    python benchmarks/plan_check.py --compare before.txt  # on the new code: exit 1 on a difference

Plans are made in-process (cache off) for a few thousand requests: the bundled
curriculum's goals alone and together, each framework preference, known, done and
replaced (old) ids, direct targets, both sequences, free-only, paces and start dates,
and unknown ids (whose error text counts too); and a generated 10,000-topic curriculum
(``benchmarks/generate.py``) with its goals and smaller targets. Each request's line
is a SHA-256 of its plan's JSON (``Plan.to_dict()`` plus ``pulled_by``), so a file of
fingerprints stays small; a difference names the requests that differ.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import sys
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

from learning_path import load_curriculum  # noqa: E402
from learning_path.errors import InputError  # noqa: E402
from learning_path.model import Curriculum  # noqa: E402
from learning_path.planner import make_plan  # noqa: E402
from learning_path.request import PlanRequest  # noqa: E402


def bundled_requests(curriculum: Curriculum) -> list[PlanRequest]:
    """A grid over goals, preferences, sequences and known topics, then random mixes."""
    goals = sorted(curriculum.goals)
    goal_sets = [(g,) for g in goals] + list(itertools.combinations(goals, 2)) + [tuple(goals)]
    prefers: list[tuple[str, ...]] = [
        (),
        ("pytorch",),
        ("tensorflow-keras",),
        ("keras-hub",),
        ("tfx", "pytorch"),
        ("onnx-export",),
    ]
    knowns: list[tuple[str, ...]] = [
        (),
        ("python-basics",),
        ("tensorflow-keras",),
        ("pytorch",),
        ("neural-networks", "python-packaging"),  # an old id, replaced
    ]
    requests = [
        PlanRequest(goals=g, prefer=p, known=k, sequence=s)
        for g in goal_sets
        for p in prefers
        for k in knowns
        for s in (None, "just-in-time")
    ]
    topic_ids = sorted(curriculum.topics)
    old_ids = sorted(curriculum.replaced())
    rng = random.Random(14)
    for _ in range(600):
        pool = topic_ids + old_ids
        requests.append(
            PlanRequest(
                goals=tuple(rng.sample(goals, rng.randint(0, 3))),
                targets=tuple(rng.sample(pool, rng.choice([0, 0, 1, 3]))) or ("pytorch",),
                known=tuple(rng.sample(pool, rng.choice([0, 1, 2, 5, 12]))),
                prefer=tuple(rng.sample(pool, rng.choice([0, 1, 1, 2]))),
                done=tuple(rng.sample(pool, rng.choice([0, 1, 4, 15]))),
                hours_per_week=rng.choice([None, 0.5, 6, 7.5, 40]),
                free_only=rng.random() < 0.3,
                sequence=rng.choice([None, "written", "just-in-time"]),
            )
        )
    for request in requests[-200:]:  # dated, where a pace is given
        if request.hours_per_week is not None:
            requests.append(replace(request, start=date(2025, 1, 6)))
    requests += [
        PlanRequest(goals=("no-such-goal",)),
        PlanRequest(goals=("nlp",), known=("no-such-topic",)),
        PlanRequest(targets=("pytorh",)),
        PlanRequest(goals=("nlp",), hours_per_week=0.1),
        PlanRequest(goals=("nlp",), start=date(2025, 1, 6)),
        PlanRequest(goals=("nlp",), sequence="sideways"),  # type: ignore[arg-type]
        PlanRequest(goals=("nlp",), hours_per_week=0.5, start=date(9999, 1, 1)),
    ]
    return requests


def generated_requests(curriculum: Curriculum) -> list[PlanRequest]:
    """Each goal of the generated curriculum, and smaller targets, in both sequences."""
    requests: list[PlanRequest] = []
    for goal in sorted(curriculum.goals):
        requests.append(PlanRequest(goals=(goal,), hours_per_week=10, start=date(2025, 1, 6)))
    requests.append(PlanRequest(goals=("goal-0",), sequence="just-in-time"))
    requests.append(PlanRequest(goals=("goal-1", "goal-3"), known=("t5000",), done=("t20",)))
    requests.append(PlanRequest(goals=("goal-2",), prefer=("t9000", "t8000"), free_only=True))
    for target in ("t100", "t1500", "t3000", "t4000"):
        for sequence in ("written", "just-in-time"):
            requests.append(PlanRequest(targets=(target,), sequence=sequence))  # type: ignore[arg-type]
    requests.append(
        PlanRequest(targets=("t2500",), known=("t2000", "t1900"), sequence="just-in-time")
    )
    return requests


def fingerprint(curriculum: Curriculum, request: PlanRequest) -> str:
    try:
        plan = make_plan(curriculum, request)
    except InputError as error:
        data: Any = {"error": str(error)}
    else:
        data = {**plan.to_dict(), "pulled_by": plan.pulled_by}
    text = json.dumps(data, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def fingerprints() -> list[str]:
    lines = []
    bundled = load_curriculum(cache=False)
    for request in bundled_requests(bundled):
        lines.append(f"bundled {fingerprint(bundled, request)} {request!r}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c10000.yaml"
        path.write_text(generate(10000), encoding="utf-8")
        large = load_curriculum(path, cache=False)
    for request in generated_requests(large):
        lines.append(f"10k {fingerprint(large, request)} {request!r}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, help="write the fingerprints to this file")
    group.add_argument("--compare", type=Path, help="compare with fingerprints saved before")
    args = parser.parse_args()
    lines = fingerprints()
    if args.save:
        args.save.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{len(lines)} plans fingerprinted into {args.save}")
        return 0
    saved = args.compare.read_text(encoding="utf-8").splitlines()
    if len(saved) != len(lines):
        print(f"{len(saved)} fingerprints saved, {len(lines)} made now: not the same requests")
        return 1
    differ = [(old, new) for old, new in zip(saved, lines, strict=True) if old != new]
    for old, new in differ[:10]:
        print(f"differs:\n  saved {old}\n  now   {new}")
    print(f"{len(lines) - len(differ)} of {len(lines)} plans identical")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
