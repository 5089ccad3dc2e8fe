"""The cyclic collector is paused around heavy work and left as the caller had it."""

from __future__ import annotations

import gc

import pytest

from learning_path import collector


@pytest.mark.parametrize("was_on", [True, False])
def test_paused_restores_the_callers_setting_even_on_an_error(was_on: bool) -> None:
    before = gc.isenabled()
    (gc.enable if was_on else gc.disable)()
    try:
        with pytest.raises(ValueError), collector.paused():
            assert not gc.isenabled()
            raise ValueError
        assert gc.isenabled() is was_on

        @collector.paused()
        def work() -> bool:
            return gc.isenabled()

        assert work() is False
        assert gc.isenabled() is was_on
    finally:
        (gc.enable if before else gc.disable)()
