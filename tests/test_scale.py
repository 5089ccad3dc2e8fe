"""What keeps large curricula within memory: validate's closure checked in slices."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from learning_path import checks, load_curriculum

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
from generate import generate

FIXTURES = Path(__file__).parent / "fixtures"


def test_the_closure_in_slices_finds_what_it_finds_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generated = tmp_path / "generated.yaml"
    generated.write_text(generate(300), encoding="utf-8")
    needs = max(
        (p for p in load_curriculum(generated).topics["t299"].prerequisites if isinstance(p, str)),
        key=lambda p: int(p[1:]),
    )
    assert int(needs[1:]) >= 200  # in the last slice below
    overlay = tmp_path / "after.yaml"
    overlay.write_text(f"version: 1\npatch:\n  t299: {{after: [{needs}, t3, {needs}]}}\n")
    layers: list[Any] = [None, FIXTURES / "warnings", [generated, overlay]]
    curricula = [load_curriculum(layer) for layer in layers]
    whole = [checks.check(c) for c in curricula]
    assert any("is implied" in d.message for d in whole[2])
    assert any("says nothing" in d.message for d in whole[2])
    assert any("listed twice in after" in d.message for d in whole[2])
    assert any("is listed twice" in d.message for d in whole[1])
    for closure in (1, 3750):  # slices of 64 topics (the least), of 100 (of 300)
        monkeypatch.setattr(checks, "CLOSURE_BYTES", closure)
        assert [checks.check(c) for c in curricula] == whole
