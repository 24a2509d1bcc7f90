"""Pausing Python's cyclic garbage collector while a long history is loaded and judged.

The what-if and the suggestions build tens of thousands of small objects (rows, facts, rule
results) in one go. None of them forms a reference cycle, so reference counting frees every one
of them; but each few hundred allocations the cyclic collector runs anyway, and its full passes
walk every object the process holds. In a worker that has served for a while that is most of the
heap, again and again: 0.2-0.3 s of a 1.8 s what-if of 14,000 applications, more in the
benchmark's long-lived process. Paused for the span of the work and restored after it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """No cyclic collection inside; the collector's state as it was afterwards.

    Process-wide, like ``gc.disable`` itself: a thread that runs meanwhile only has its cycles
    collected a little later. If the collector was already off, it stays off.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
