"""Smoke test of the benchmark suite: every workload, once, at a tiny size.

minigrad must agree with the hand-derived numpy reference (loss and every
gradient) and keep the workload's dtype throughout its graph. Nothing here
is timed.
"""

from __future__ import annotations

import numpy as np
import pytest

from bench.harness import DisagreementError, StepResult, compare, peak_memory, time_steps
from bench.runner import check
from bench.workloads import WORKLOADS


@pytest.mark.parametrize("workload", WORKLOADS, ids=lambda w: w.name)
def test_minigrad_agrees_with_numpy_reference(workload) -> None:
    result = check(workload, "tiny")
    assert result["max_rel_error"]["minigrad"] <= workload.rtol
    assert result["graph_dtypes"]  # the audit saw the graph


@pytest.mark.parametrize("workload", WORKLOADS, ids=lambda w: w.name)
def test_every_workload_has_the_sizes_it_needs(workload) -> None:
    assert {"full", "tiny"} <= set(workload.sizes)
    if workload.linear_time:
        assert "small" in workload.sizes


def test_compare_rejects_a_wrong_gradient() -> None:
    want = StepResult(np.float32(1.0), (np.ones(3, np.float32),))
    got = StepResult(np.float32(1.0), (np.array([1, 1, 1.01], np.float32),))
    with pytest.raises(DisagreementError, match="exceed the tolerance"):
        compare("t", got, want, rtol=1e-4)
    assert compare("t", want, want, rtol=1e-4) == 0.0


def test_harness_times_and_measures_a_step() -> None:
    def step() -> StepResult:
        return StepResult(np.float32(0), (np.zeros(100_000, np.float32),))

    timing = time_steps({"a": step}, warmup=1, rounds=5, budget=10.0)
    assert timing.rounds == 5 and timing.median["a"] > 0
    # the 400 kB array is allocated inside the step, so the peak sees it
    assert peak_memory(step) >= 400_000
