"""No leaks: training keeps memory flat, and dropping a loss frees its graph at once.

The graph is held only from the output side (output -> node -> inputs), with
at most a weak reference back from node to output, so there are no reference cycles:
plain reference counting frees everything even with the cyclic collector off.
"""

from __future__ import annotations

import gc
import tracemalloc
import weakref
from typing import Any

import numpy as np
import pytest

import minigrad as mg
from minigrad.engine import topological_order

GROWTH_LIMIT = 100_000  # bytes: a leak of one small object per step would exceed it


def make_data(seed: int = 0) -> tuple[mg.Tensor, mg.Tensor]:
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((16, 3)).astype(np.float32)
    y = (x[:, :1] - 2 * x[:, 1:2] > 0).astype(np.float32)
    return mg.tensor(x), mg.tensor(y)


def train_plain(steps: int, on_step: Any = None) -> float:
    """A two-layer net with binary cross-entropy, written with plain ops and an SGD step."""
    rng = np.random.default_rng(1)
    params = [
        mg.tensor(rng.standard_normal((3, 8)) * 0.5, dtype=np.float32, requires_grad=True),
        mg.zeros(8, requires_grad=True),
        mg.tensor(rng.standard_normal((8, 1)) * 0.5, dtype=np.float32, requires_grad=True),
        mg.zeros(1, requires_grad=True),
    ]
    x, y = make_data()
    loss_value = 0.0
    for step in range(1, steps + 1):
        w1, b1, w2, b2 = params
        p = ((x @ w1 + b1).tanh() @ w2 + b2).sigmoid().clip(1e-6, 1 - 1e-6)
        loss = -(y * p.log() + (1 - y) * (1 - p).log()).mean()
        loss.backward()
        with mg.no_grad():
            for w in params:
                w.sub_(w.grad, alpha=0.1)
                w.grad = None
        loss_value = loss.item()
        if on_step is not None:
            on_step(step)
    return loss_value


def measure(train: Any, steps: int, start: int) -> int:
    """Bytes allocated after step `start` + 100 and still alive after the last step.

    tracemalloc slows every allocation down several times, so it is switched on
    only at step `start` (after the warm-up); the first 100 traced steps fill
    any caches before the baseline is taken.
    """
    snapshots: dict[int, int] = {}

    def on_step(step: int) -> None:
        if step == start:
            tracemalloc.start()
        if step in (start + 100, steps):
            gc.collect()
            snapshots[step] = tracemalloc.get_traced_memory()[0]

    try:
        train(steps, on_step)
    finally:
        tracemalloc.stop()
    return snapshots[steps] - snapshots[start + 100]


def test_ten_thousand_plain_training_steps_keep_memory_flat() -> None:
    growth = measure(train_plain, 10_000, start=1_000)
    assert growth < GROWTH_LIMIT, f"memory grew by {growth} bytes over 8,900 steps"


def test_training_with_nn_and_optim_keeps_memory_flat() -> None:
    from minigrad import nn, optim

    def train(steps: int, on_step: Any) -> None:
        mg.manual_seed(0)
        model = nn.Sequential(nn.Linear(3, 8), nn.Tanh(), nn.Linear(8, 1))
        opt = optim.Adam(model.parameters(), lr=0.01)
        loss_fn = nn.BCEWithLogitsLoss()
        x, y = make_data()
        for step in range(1, steps + 1):
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
            on_step(step)

    growth = measure(train, 10_000, start=1_000)
    assert growth < GROWTH_LIMIT, f"memory grew by {growth} bytes over 8,900 steps"


def test_the_plain_model_really_trains() -> None:
    assert train_plain(300) < 0.3  # so the leak test measures real training


def graph_refs(loss: mg.Tensor) -> list[weakref.ref[Any]]:
    """Weak references to every node, every non-leaf tensor and every saved array."""
    nodes = topological_order([loss.grad_fn])
    refs: list[weakref.ref[Any]] = [weakref.ref(node) for node in nodes]
    for node in nodes:
        for t in node.inputs:
            if t.grad_fn is not None:
                refs.append(weakref.ref(t))
                refs.append(weakref.ref(t.numpy()))
        if isinstance(node.saved, np.ndarray):
            refs.append(weakref.ref(node.saved))
    return refs


def build_loss(x: mg.Tensor, w: mg.Tensor) -> mg.Tensor:
    h = (x @ w).relu()
    m = h.amax(axis=1, keepdims=True)
    z = (h - m).exp() + h.abs() + mg.maximum(h, h * 0.5)
    return z[:, ::2].sum() + (h * h).mean()


def test_dropping_a_loss_frees_its_graph_at_once(gc_off: None) -> None:
    x, w = mg.randn(4, 3), mg.randn(3, 6, requires_grad=True)
    loss = build_loss(x, w)
    refs = graph_refs(loss)
    assert len(refs) > 15
    del loss
    alive = [r() for r in refs if r() is not None]
    assert not alive, f"still alive without the cyclic collector: {alive[:3]}"


def test_dropping_a_loss_after_backward_frees_its_graph(gc_off: None) -> None:
    x, w = mg.randn(4, 3), mg.randn(3, 6, requires_grad=True)
    loss = build_loss(x, w)
    refs = graph_refs(loss)
    loss.backward(retain_graph=True)
    loss.backward()
    del loss
    assert all(r() is None for r in refs)
    assert w.grad is not None and w.grad.grad_fn is None


def test_retain_grad_does_not_keep_the_graph(gc_off: None) -> None:
    w = mg.randn(3, requires_grad=True)
    h = w * 2
    h.retain_grad()
    loss = h.exp().sum()
    refs = graph_refs(loss)
    loss.backward()
    del loss, h
    assert all(r() is None for r in refs)


def test_higher_order_graph_is_freed(gc_off: None) -> None:
    x = mg.randn(5, requires_grad=True)
    y = (x.tanh() * x).sum()
    (g,) = mg.grad(y, x, create_graph=True)
    gg = g.sum()
    refs = graph_refs(gg) + graph_refs(y)
    del y, g, gg
    assert all(r() is None for r in refs)


def test_an_exception_in_backward_does_not_leak(gc_off: None) -> None:
    w = mg.randn(3, requires_grad=True)
    h = w * 1.0
    loss = (h * h).sum()
    refs = graph_refs(loss)
    with mg.no_grad():
        h.add_(1.0)
    with pytest.raises(mg.errors.InplaceError) as info:
        loss.backward()
    del info  # the traceback holds frames that hold the graph
    del loss, h
    assert all(r() is None for r in refs)


def test_detaching_a_long_lived_tensor_every_step_keeps_memory_flat() -> None:
    w = mg.tensor(np.ones(3, np.float32), requires_grad=True)
    kept = w.detach()  # one alias that stays alive

    def steps(n: int) -> None:
        for _ in range(n):
            w.detach().sum()  # a detached copy per step, dropped at once

    steps(100)
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        steps(10_000)
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert after - before < GROWTH_LIMIT  # dead aliases are not remembered
    gc.disable()
    try:
        alias = weakref.ref(w.detach())
        assert alias() is None  # freed by reference counting alone
    finally:
        gc.enable()
    with mg.no_grad():
        w.add_(1.0)
    assert kept._version == 1 and np.allclose(kept.numpy(), 2.0)  # the live alias still counts

