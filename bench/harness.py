"""Timing, memory and agreement checks shared by every workload.

A workload (see `bench.workloads`) builds one *step* per framework: a
zero-argument callable that does the forward and backward work once (and the
parameter update, for training workloads) and returns a `StepResult`.

The harness then
1. checks that the frameworks agree: a fresh step of each, from the same data,
   must give the same loss and gradients within a tolerance (no time is
   reported for a workload that disagrees);
2. checks dtypes: a float32 workload must give float32 losses and gradients,
   and every tensor in minigrad's graph must be float32 too;
3. times the steps: a few warm-up steps, then rounds in which the frameworks
   given take turns, so that a busy machine slows all of them alike; the median
   per framework is reported (the runner times minigrad with numpy, then with
   torch, never all three together: see `bench.runner.measure`);
4. measures peak memory in a separate pass with tracemalloc (numpy reports its
   allocations to tracemalloc, torch's allocator does not, so torch has none).
"""

from __future__ import annotations

import gc
import os
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import minigrad as mg
from minigrad.engine import topological_order

FRAMEWORKS = ("minigrad", "numpy", "torch")


@dataclass
class StepResult:
    """What one step computed: the loss and the gradients, as numpy arrays."""

    loss: np.ndarray
    grads: tuple[np.ndarray, ...]


Step = Callable[[], StepResult]


class DisagreementError(AssertionError):
    """minigrad (or torch) and the numpy reference computed different numbers."""


def try_import_torch() -> Any:
    """The torch module, or None when it is not installed (it is optional)."""
    try:
        import torch
    except ImportError:
        return None
    return torch


# ---- minigrad helpers --------------------------------------------------------
def graph_dtypes(loss: mg.Tensor) -> set[np.dtype]:
    """The dtypes of every tensor in the graph that produced `loss` (before backward)."""
    dtypes = {loss.dtype}
    if loss.grad_fn is not None:
        for node in topological_order([loss.grad_fn]):
            dtypes.update(t.dtype for t in node.inputs)
    return dtypes


def minigrad_trainer(
    params: list[mg.Tensor],
    loss_fn: Callable[[], mg.Tensor],
    lr: float | None = None,
    audit: set[np.dtype] | None = None,
) -> Step:
    """A step: clear the grads, loss = loss_fn(), backward, then SGD with `lr` if given.

    When `audit` is a set, the dtypes of the graph's tensors are added to it.
    """

    def step() -> StepResult:
        for p in params:
            p.grad = None
        loss = loss_fn()
        if audit is not None:
            audit.update(graph_dtypes(loss))
        loss.backward()
        grads = tuple([p.grad.numpy() for p in params])
        if lr is not None:
            with mg.no_grad():
                for p in params:
                    p.sub_(p.grad, alpha=lr)
        return StepResult(loss.numpy(), grads)

    def reset() -> None:
        for p in params:
            p.grad = None

    step.reset = reset  # type: ignore[attr-defined]
    return step


def torch_trainer(
    torch: Any, params: list[Any], loss_fn: Callable[[], Any], lr: float | None = None
) -> Step:
    """The same step in PyTorch eager mode."""

    def step() -> StepResult:
        for p in params:
            p.grad = None
        loss = loss_fn()
        loss.backward()
        grads = tuple([p.grad.numpy() for p in params])
        if lr is not None:
            with torch.no_grad():
                for p in params:
                    p.sub_(p.grad, alpha=lr)
        return StepResult(loss.detach().numpy(), grads)

    def reset() -> None:
        for p in params:
            p.grad = None

    step.reset = reset  # type: ignore[attr-defined]
    return step


# ---- checks ------------------------------------------------------------------
def max_rel_error(a: np.ndarray, b: np.ndarray) -> float:
    """max |a - b| relative to the size of b (at least 1e-3, so near-zero b is fine)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        return float("inf")
    scale = max(float(np.max(np.abs(b), initial=0.0)), 1e-3)
    return float(np.max(np.abs(a - b), initial=0.0)) / scale


def compare(name: str, got: StepResult, want: StepResult, rtol: float) -> float:
    """Raise DisagreementError unless `got` matches the reference `want`; return the error."""
    if len(got.grads) != len(want.grads):
        raise DisagreementError(f"{name}: {len(got.grads)} gradients, reference has "
                                f"{len(want.grads)}")
    errors = [max_rel_error(got.loss, want.loss)]
    errors += [max_rel_error(g, w) for g, w in zip(got.grads, want.grads)]
    worst = max(errors)
    if not worst <= rtol:
        raise DisagreementError(
            f"{name}: relative errors {[f'{e:.2g}' for e in errors]} (loss, then each "
            f"gradient) exceed the tolerance {rtol:g}"
        )
    return worst


def check_dtypes(name: str, result: StepResult, dtype: np.dtype) -> None:
    """The loss and every gradient must have the workload's dtype."""
    found = {np.asarray(result.loss).dtype} | {g.dtype for g in result.grads}
    if found != {np.dtype(dtype)}:
        raise DisagreementError(f"{name}: expected only {dtype}, got {sorted(map(str, found))}")


# ---- timing and memory -------------------------------------------------------
@dataclass
class Timing:
    """Seconds per step of each framework: the median and the spread."""

    median: dict[str, float] = field(default_factory=dict)
    low: dict[str, float] = field(default_factory=dict)
    high: dict[str, float] = field(default_factory=dict)
    rounds: int = 0


def time_steps(
    steps: dict[str, Step],
    warmup: int,
    rounds: int,
    budget: float,
    gc_paused: bool = False,
    block: int = 1,
) -> Timing:
    """Median seconds per step, the frameworks taking turns within each round.

    In each round every framework runs `block` steps in a row; with block > 1 the
    first of them is not counted. Switching frameworks disturbs the caches and the
    memory allocator (the next step's large arrays may need fresh pages), so the
    steps after the first show each framework in its steady state, as in a
    training loop. Stops early (after at least 5 rounds) once `budget` seconds
    have passed. `gc_paused=True` switches the garbage collector off while timing
    (a diagnostic: how much of the time is spent collecting).
    """
    if gc_paused and gc.isenabled():
        gc.disable()
        try:
            return time_steps(steps, warmup, rounds, budget, block=block)
        finally:
            gc.enable()
    for _ in range(warmup):
        for step in steps.values():
            step()
    samples: dict[str, list[float]] = {name: [] for name in steps}
    start = time.perf_counter()
    names = list(steps)
    # The garbage collector stays on, as it is for users: its cost is part of minigrad's
    # cost. (A gc.collect() before every step would also evict the caches each time.)
    gc.collect()
    for r in range(rounds):
        # The order rotates, so that no framework always runs right after the same one.
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            step = steps[name]
            for k in range(block):
                t0 = time.perf_counter()
                step()
                if k > 0 or block == 1:
                    samples[name].append(time.perf_counter() - t0)
        if r >= 4 and time.perf_counter() - start > budget:
            break
    timing = Timing(rounds=len(next(iter(samples.values()))))
    for name, values in samples.items():
        values.sort()
        timing.median[name] = statistics.median(values)
        timing.low[name] = values[len(values) // 10]
        timing.high[name] = values[(len(values) * 9) // 10]
    return timing


def peak_memory(step: Step) -> int:
    """Bytes allocated at the peak of one step, above what was allocated before it.

    Only allocations reported to tracemalloc count: Python objects and numpy
    arrays (numpy reports its data buffers), not torch's.
    """
    reset = getattr(step, "reset", None)
    if reset is not None:
        reset()
    gc.collect()
    tracemalloc.start()
    try:
        base, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        result = step()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return peak - base


# ---- the machine -------------------------------------------------------------
def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo (or what platform knows elsewhere)."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_info() -> dict[str, Any]:
    """What the numbers depend on: CPU, cores and library versions."""
    torch = try_import_torch()
    info = {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "minigrad": mg.__version__,
        "torch": torch.__version__ if torch is not None else None,
    }
    if torch is not None:
        info["torch_threads"] = torch.get_num_threads()
    info["python_implementation"] = f"{platform.python_implementation()} {sys.version.split()[0]}"
    return info
