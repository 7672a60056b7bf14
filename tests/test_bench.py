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


class _Clock:
    """A stand-in for time.perf_counter that moves only when a fake step runs."""

    def __init__(self) -> None:
        self.now = 0.0
        self.calls: list[str] = []

    def perf_counter(self) -> float:
        return self.now


class _Pairs:
    """A workload whose three 'frameworks' take known times on a fake clock."""

    name, description, dtype = "pairs", "timing pairs", np.float32
    sizes = {"full": {}}
    target, linear_time, rtol = "torch", False, 1e-4
    warmup, block, rounds, budget = 1, 2, 5, 10.0

    def __init__(self, clock: _Clock) -> None:
        self.clock = clock

    def make(self, size: str) -> dict:
        return {}

    def ops_per_step(self) -> None:
        return None

    def _step(self, name: str, seconds: float, audit=None):
        def step() -> StepResult:
            self.clock.now += seconds
            self.clock.calls.append(name)
            if audit is not None:
                audit.add(np.dtype(np.float32))
            return StepResult(np.float32(1.0), (np.ones(2, np.float32),))

        return step

    def minigrad_step(self, data, audit=None):
        return self._step("minigrad", 0.002, audit)

    def numpy_step(self, data):
        return self._step("numpy", 0.004)

    def torch_step(self, torch, data):
        return self._step("torch", 0.008)


def test_torch_is_timed_in_its_own_pairing_with_minigrad(monkeypatch) -> None:
    import bench.harness as harness
    import bench.runner as runner

    clock = _Clock()
    monkeypatch.setattr(harness, "time", clock)  # time_steps reads time.perf_counter
    monkeypatch.setattr(runner, "try_import_torch", lambda: object())  # the steps ignore it
    out = runner.run_workload(_Pairs(clock), quick=True, use_torch=True)
    assert out["seconds"] == pytest.approx({"minigrad": 0.002, "numpy": 0.004, "torch": 0.008})
    assert out["time_vs_numpy"] == pytest.approx(0.5)
    assert out["time_vs_torch"] == pytest.approx(0.25)  # from the rounds with torch
    assert out["minigrad_seconds_vs_torch"] == pytest.approx(0.002)
    assert out["targets"]["time <= 1.25x torch"] is True
    # After the one check step of each, numpy's rounds and torch's never interleave.
    timed = clock.calls[3:]
    last_numpy = max(i for i, name in enumerate(timed) if name == "numpy")
    first_torch = timed.index("torch")
    assert last_numpy < first_torch and "numpy" not in timed[first_torch:]


def test_table_shows_minigrads_time_from_each_pairing() -> None:
    from bench.report import table

    row = {
        "name": "w", "seconds": {"minigrad": 0.002, "numpy": 0.004, "torch": 0.008},
        "minigrad_seconds_vs_torch": 0.003, "time_vs_numpy": 0.5, "time_vs_torch": 0.375,
        "peak_bytes": {"minigrad": 1024, "numpy": 2048}, "memory_vs_numpy": 0.5,
        "targets": {"time <= 1.25x torch": True},
    }
    machine = {"cpu": "c", "cores": 2, "python": "3", "numpy": "2", "torch": "t",
               "platform": "p"}
    text = table({"workloads": [row], "machine": machine, "date": "d"})
    assert "| w | 2.00 ms | 4.00 ms | 8.00 ms (3.00 ms) | 0.50x | 0.38x |" in text


def test_profile_names_the_engine_and_the_ops() -> None:
    from bench.profile import profile_workload
    from bench.workloads import BY_NAME

    text = profile_workload(BY_NAME["logreg"], "tiny", steps=5)
    assert text.startswith("logreg (tiny), 5 minigrad steps")
    assert "run_backward" in text and "apply" in text


def test_profile_needs_workload_names(capsys) -> None:
    from bench.__main__ import main

    with pytest.raises(SystemExit):
        main(["--profile"])
    assert "--profile needs the names" in capsys.readouterr().err
    assert main(["--profile", "--quick", "perceptron_mse"]) == 0
    assert "perceptron_mse (tiny)" in capsys.readouterr().out


class _Sizes(_Pairs):
    """A linear-time workload: each framework's step takes `time[size]` on the fake clock."""

    sizes = {"full": {"n": 10}, "small": {"n": 1}}
    linear_time = True
    times = {"minigrad": 0.001, "numpy": 0.0005, "torch": 0.002}  # per unit of n

    def make(self, size: str) -> dict:
        return dict(self.sizes[size])

    def ops_per_step(self, n: int) -> None:
        return None

    def minigrad_step(self, data, audit=None):
        return self._step(f"minigrad {data['n']}", self.times["minigrad"] * data["n"], audit)

    def numpy_step(self, data):
        return self._step(f"numpy {data['n']}", self.times["numpy"] * data["n"])

    def torch_step(self, torch, data):
        return self._step(f"torch {data['n']}", self.times["torch"] * data["n"])


def test_the_two_sizes_are_timed_in_turns(monkeypatch) -> None:
    import bench.harness as harness
    import bench.runner as runner

    clock = _Clock()
    monkeypatch.setattr(harness, "time", clock)
    monkeypatch.setattr(runner, "try_import_torch", lambda: object())
    out = runner.run_workload(_Sizes(clock), quick=True, use_torch=True)
    assert out["scaling"] == pytest.approx({"minigrad": 10.0, "numpy": 10.0, "torch": 10.0})
    assert out["minigrad_seconds_gc_paused"] == pytest.approx({"full": 0.01, "small": 0.001})
    assert out["targets"]["linear: 10x size <= 12x time"] is True
    # Each framework's full and small steps alternate: no run of full steps, then small ones.
    for name in ("minigrad", "numpy", "torch"):
        sizes = [call.split()[1] for call in clock.calls if call.startswith(name)]
        first_small = sizes.index("1")
        assert "10" in sizes[first_small:], f"{name}: every full step came before the small ones"
        assert sizes.count("1") >= 5 and sizes.count("10") >= 5
