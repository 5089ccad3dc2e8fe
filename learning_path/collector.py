"""Pausing Python's cyclic garbage collector around work that builds many objects
and leaves no cyclic garbage (parsing, reading the cache back, planning): a
collection walks every live object, so with a large curriculum loaded it can take
longer than the work itself."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The collector off inside the block, and on again after it if it was on."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
