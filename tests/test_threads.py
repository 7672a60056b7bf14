"""Grad mode and anomaly mode are per thread; two threads can train at once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import numpy as np

import minigrad as mg


def run_threads(*targets: Callable[[], Any], timeout: float = 60.0) -> list[Any]:
    """Run each target in its own thread; re-raise the first error; return the results."""
    results: list[Any] = [None] * len(targets)
    errors: list[BaseException] = []

    def wrap(i: int, fn: Callable[[], Any]) -> None:
        try:
            results[i] = fn()
        except BaseException as error:  # noqa: B036  (reported to the main thread)
            errors.append(error)

    threads = [threading.Thread(target=wrap, args=(i, fn)) for i, fn in enumerate(targets)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
        assert not t.is_alive(), "a thread did not finish"
    if errors:
        raise errors[0]
    return results


def test_no_grad_in_one_thread_does_not_stop_another() -> None:
    inside = threading.Event()
    checked = threading.Event()

    def quiet() -> bool:
        with mg.no_grad():
            inside.set()
            assert checked.wait(10)
            return mg.is_grad_enabled()

    def recording() -> tuple[bool, bool]:
        assert inside.wait(10)  # the other thread is inside no_grad now
        x = mg.ones(2, requires_grad=True)
        y = x * 2
        checked.set()
        return mg.is_grad_enabled(), y.requires_grad

    quiet_mode, (mode, records) = run_threads(quiet, recording)
    assert quiet_mode is False
    assert mode is True and records is True
    assert mg.is_grad_enabled()


def test_anomaly_mode_is_per_thread() -> None:
    inside = threading.Event()
    checked = threading.Event()

    def detecting() -> bool:
        with mg.detect_anomaly():
            inside.set()
            assert checked.wait(10)
            return mg.is_anomaly_enabled()

    def normal() -> tuple[bool, bool]:
        assert inside.wait(10)
        with np.errstate(invalid="ignore"):
            nan = mg.tensor([-1.0]).sqrt()  # no AnomalyError here
        y = mg.ones(1, requires_grad=True) * 2
        checked.set()
        return mg.is_anomaly_enabled(), bool(np.isnan(nan.numpy()).all()) and (
            y.grad_fn.stack is None
        )

    on, (off, nothing_recorded) = run_threads(detecting, normal)
    assert on is True and off is False and nothing_recorded


def test_a_new_thread_starts_with_grad_on_and_anomaly_off() -> None:
    with mg.no_grad(), mg.detect_anomaly():
        (modes,) = run_threads(lambda: (mg.is_grad_enabled(), mg.is_anomaly_enabled()))
    assert modes == (True, False)


def train(seed: int, steps: int, barrier: threading.Barrier | None = None) -> list[np.ndarray]:
    """Logistic regression by gradient descent; returns the final weights."""
    rng = np.random.default_rng(seed)
    x = mg.tensor(rng.standard_normal((32, 4)), dtype=np.float32)
    y = mg.tensor((rng.standard_normal((32, 1)) > 0).astype(np.float32))
    w = mg.tensor(rng.standard_normal((4, 1)) * 0.1, dtype=np.float32, requires_grad=True)
    b = mg.zeros(1, requires_grad=True)
    for _ in range(steps):
        if barrier is not None:
            barrier.wait(10)  # keep the two threads in lockstep: their steps interleave
        p = (x @ w + b).sigmoid()
        loss = -(y * p.log() + (1 - y) * (1 - p).log()).mean()
        loss.backward()
        with mg.no_grad():
            for t in (w, b):
                t.sub_(t.grad, alpha=0.5)
                t.grad = None
    return [w.numpy().copy(), b.numpy().copy()]


def test_two_threads_training_two_models_match_training_alone() -> None:
    steps = 300
    alone = [train(1, steps), train(2, steps)]
    barrier = threading.Barrier(2)
    together = run_threads(lambda: train(1, steps, barrier), lambda: train(2, steps, barrier))
    for solo, concurrent in zip(alone, together):
        for a, b in zip(solo, concurrent):
            np.testing.assert_array_equal(a, b)
    assert not np.array_equal(alone[0][0], alone[1][0])  # the two models really differ


def test_threads_without_lockstep_also_match() -> None:
    steps = 300
    alone = [train(3, steps), train(4, steps)]
    together = run_threads(*(lambda s=s: train(s, steps) for s in (3, 4)))
    for solo, concurrent in zip(alone, together):
        for a, b in zip(solo, concurrent):
            np.testing.assert_array_equal(a, b)


def test_views_made_in_two_threads_share_one_version_counter() -> None:
    base = mg.tensor(np.ones(4), requires_grad=True)

    def make_views() -> list[mg.Tensor]:
        return [base.reshape(2, 2) for _ in range(3000)]  # all kept alive

    first, second = run_threads(make_views, make_views)
    with mg.no_grad():
        base.add_(1.0)
    views = first + second
    assert all(v._version == 1 for v in views)  # none was lost from the group
    assert np.allclose(views[0].numpy(), 2.0)


def test_threads_adding_into_one_shared_leaf_lose_no_update() -> None:
    # Each backward adds x to w.grad; without a lock, two threads can read the same old
    # .grad and one addition is lost (15-17% of them were, with four threads).
    import sys

    w = mg.zeros(3, requires_grad=True)
    x = mg.tensor([1.0, 2.0, 3.0])
    steps = 1000

    def work() -> None:
        for _ in range(steps):
            (w * x).sum().backward()

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        run_threads(work, work, work, work)
    finally:
        sys.setswitchinterval(interval)
    assert w.grad.tolist() == [4 * steps * v for v in (1.0, 2.0, 3.0)]
