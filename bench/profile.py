"""`python -m bench --profile NAME`: where one workload's minigrad step spends its time.

Runs the step under cProfile (after a few warm-up steps) and returns the
functions that took the most time of their own, so that a change to the
engine starts from a measurement rather than a guess. cProfile adds its own
cost to every Python call, so compare the rows with each other, not with the
benchmark's times.
"""

from __future__ import annotations

import cProfile
import io
import pstats

from .workloads.base import Workload


def profile_workload(w: Workload, size: str = "full", steps: int = 200, top: int = 25) -> str:
    """The `top` functions by own time over `steps` minigrad steps, as text."""
    step = w.minigrad_step(w.make(size))
    for _ in range(3):
        step()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(steps):
        step()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    header = f"{w.name} ({size}), {steps} minigrad steps under cProfile, by own time:\n"
    return header + out.getvalue()
