"""Running one workload: check agreement and dtypes, then time it and measure memory."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import (
    DisagreementError,
    check_dtypes,
    compare,
    peak_memory,
    time_steps,
    try_import_torch,
)
from .workloads.base import Workload

TIME_TARGET = 1.15  # minigrad / numpy, for the real-sized workloads
MEMORY_TARGET = 1.3
LINEAR_TARGET = 12.0  # time(10x the size) / time(size)
# minigrad / torch for the Python-bound workloads: readability on the reading path may
# spend some of the speed that beat torch (the reading-path issue's rule)
TORCH_TARGET = 1.25


def build_steps(w: Workload, data: dict[str, Any], torch: Any, audit: set | None) -> dict:
    steps = {"minigrad": w.minigrad_step(data, audit), "numpy": w.numpy_step(data)}
    if torch is not None:
        steps["torch"] = w.torch_step(torch, data)
    return steps


def check(w: Workload, size: str, torch: Any = None) -> dict[str, Any]:
    """Run one step of each framework on the same data; raise unless they agree.

    Returns the largest relative error per framework and the dtypes seen in
    minigrad's graph.
    """
    data = w.make(size)
    audit: set[np.dtype] = set()
    steps = build_steps(w, data, torch, audit)
    results = {name: step() for name, step in steps.items()}
    reference = results.pop("numpy")
    check_dtypes(f"{w.name} (numpy)", reference, w.dtype)
    errors = {}
    for name, result in results.items():
        check_dtypes(f"{w.name} ({name})", result, w.dtype)
        errors[name] = compare(f"{w.name} ({name} vs numpy)", result, reference, w.rtol)
    float_dtypes = {d for d in audit if d.kind == "f"}
    if float_dtypes != {np.dtype(w.dtype)}:
        raise DisagreementError(
            f"{w.name}: minigrad's graph holds float dtypes {sorted(map(str, float_dtypes))}, "
            f"expected only {np.dtype(w.dtype)}"
        )
    return {"max_rel_error": errors, "graph_dtypes": sorted(str(d) for d in audit)}


def measure(w: Workload, size: str, torch: Any, quick: bool = False) -> dict[str, Any]:
    """Check, then time and measure memory at one size.

    minigrad is timed in two pairings, each taking turns within rounds: against
    numpy (the minigrad time and the ratio to numpy come from these rounds), then
    against torch (the ratio to torch). Not all three in one rotation: after each
    of its steps torch leaves its OpenMP worker threads spinning for a while, and
    on two cores they slow down whichever framework runs next, which then was
    minigrad more often than numpy.
    """
    checked = check(w, size, torch)
    data = w.make(size)
    steps = build_steps(w, data, torch, None)
    rounds, budget = (min(w.rounds, 20), w.budget / 4) if quick else (w.rounds, w.budget)
    pair = {name: steps[name] for name in ("minigrad", "numpy")}
    timing = time_steps(pair, w.warmup, rounds, budget, block=w.block)
    memory = {name: peak_memory(steps[name]) for name in ("minigrad", "numpy")}
    result: dict[str, Any] = {
        "size": w.sizes[size],
        "seconds": timing.median,
        "seconds_p10": timing.low,
        "seconds_p90": timing.high,
        "rounds": timing.rounds,
        "peak_bytes": memory,
        **checked,
    }
    if "torch" in steps:
        against = time_steps({name: steps[name] for name in ("minigrad", "torch")},
                             w.warmup, rounds, budget, block=w.block)
        for key, values in (("seconds", against.median), ("seconds_p10", against.low),
                            ("seconds_p90", against.high)):
            result[key]["torch"] = values["torch"]
        result["minigrad_seconds_vs_torch"] = against.median["minigrad"]
    ops = w.ops_per_step(**w.sizes[size])
    if ops:
        result["ops_per_step"] = ops
        result["us_per_op"] = {k: v / ops * 1e6 for k, v in result["seconds"].items()}
    return result


def measure_scaling(w: Workload, torch: Any, quick: bool = False) -> dict[str, Any]:
    """time(full) / time(small) for each framework, and minigrad's with the collector paused.

    Each framework's two sizes take turns within the same rounds, so both see
    the machine in the same state. Timed one after the other (all the rounds
    at one size, then all at the other), a shared machine that slowed down in
    between moved the ratio by itself: numpy's own loop, linear by
    construction, once measured 16x the time for 10x the work.
    """
    by_size = {size: build_steps(w, w.make(size), torch, None) for size in ("full", "small")}
    rounds, budget = (min(w.rounds, 8), w.budget / 4) if quick else (w.rounds, w.budget)
    scaling: dict[str, float] = {}
    for name in by_size["full"]:
        both = {size: by_size[size][name] for size in ("full", "small")}
        timing = time_steps(both, w.warmup, rounds, budget, block=w.block)
        scaling[name] = timing.median["full"] / timing.median["small"]
    # How much of minigrad's time is the garbage collector's, at both sizes.
    both = {size: by_size[size]["minigrad"] for size in ("full", "small")}
    paused = time_steps(both, 1, min(rounds, 5), budget, gc_paused=True, block=w.block)
    return {"scaling": scaling, "minigrad_seconds_gc_paused": paused.median}


def run_workload(w: Workload, quick: bool = False, use_torch: bool = True) -> dict[str, Any]:
    """Everything the table shows for one workload, with each target judged."""
    torch = try_import_torch() if use_torch else None
    out: dict[str, Any] = {"name": w.name, "description": w.description,
                           "dtype": str(np.dtype(w.dtype))}
    full = measure(w, "full", torch, quick)
    out.update(full)
    sec = full["seconds"]
    out["time_vs_numpy"] = sec["minigrad"] / sec["numpy"]
    mem = full["peak_bytes"]
    out["memory_vs_numpy"] = mem["minigrad"] / max(mem["numpy"], 1)
    if "torch" in sec:  # from the rounds minigrad and torch took turns in (see `measure`)
        out["time_vs_torch"] = full["minigrad_seconds_vs_torch"] / sec["torch"]
    targets: dict[str, Any] = {}
    if w.target == "numpy":
        targets["time <= 1.15x numpy"] = out["time_vs_numpy"] <= TIME_TARGET
        targets["memory <= 1.3x numpy"] = out["memory_vs_numpy"] <= MEMORY_TARGET
    elif w.target == "torch":
        targets["time <= 1.25x torch"] = (
            out["time_vs_torch"] <= TORCH_TARGET if "time_vs_torch" in out else None
        )
    if w.linear_time:  # the two sizes timed in turns: see measure_scaling
        out.update(measure_scaling(w, torch, quick))
        targets["linear: 10x size <= 12x time"] = out["scaling"]["minigrad"] <= LINEAR_TARGET
    out["targets"] = targets
    return out
