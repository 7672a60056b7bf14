"""The reference backward pass in docs/guide/read-the-source.md agrees with the engine.

The page's ~40-line `backward_by_hand` is taken from the page itself (so what
learners read is what is tested) and compared with `loss.backward()` on graphs
with the hard cases: a tensor used twice, broadcasting, a shared intermediate,
repeated indices, a branch no gradient reaches, and random programs.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from fuzz_builder import programs
from hypothesis import HealthCheck, given, settings

import minigrad as mg
import minigrad.functional as F

PAGE = Path(__file__).resolve().parents[1] / "docs" / "guide" / "read-the-source.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def _block() -> str:
    blocks = [b for b in BLOCK.findall(PAGE.read_text(encoding="utf-8"))
              if "def backward_by_hand" in b]
    assert len(blocks) == 1, "the guide must define backward_by_hand in one block"
    return blocks[0]


def _reference_pass():
    namespace: dict[str, object] = {}
    exec(compile(_block(), str(PAGE), "exec"), namespace)
    return namespace["backward_by_hand"]


backward_by_hand = _reference_pass()


def leaf(*shape, seed=0):
    values = np.random.default_rng(seed).standard_normal(shape)
    return mg.tensor(values, requires_grad=True, dtype=np.float64)


def assert_same_as_engine(loss, leaves):
    by_hand = backward_by_hand(loss)
    loss.backward()
    for t in leaves:
        assert t.grad is not None
        assert by_hand[t].shape == t.shape
        np.testing.assert_allclose(by_hand[t], t.grad.numpy(), rtol=1e-12, atol=1e-14)
    assert set(by_hand) == {t for t in leaves}, "only the leaves are left, each once"


def test_a_tensor_used_twice_gets_both_gradients():
    x = leaf(3)
    h = x.tanh()
    loss = (x * x + h * h + h).sum()  # a leaf and an intermediate, each used more than once
    assert_same_as_engine(loss, [x])
    np.testing.assert_allclose(x.grad.numpy(), 2 * x.numpy() + (1 - np.tanh(x.numpy()) ** 2)
                               * (2 * np.tanh(x.numpy()) + 1))


def test_broadcast_inputs_get_gradients_summed_over_the_repeats():
    x, b, col, s = leaf(4, 3), leaf(3, seed=1), leaf(4, 1, seed=2), leaf(seed=3)
    loss = ((x + b) * col * s).sigmoid().mean()  # (3,), (4, 1) and 0-d broadcast to (4, 3)
    assert_same_as_engine(loss, [x, b, col, s])


def test_a_small_network_with_a_shared_hidden_layer():
    x = mg.tensor(np.random.default_rng(5).standard_normal((5, 3)))
    w1, b1, w2 = leaf(3, 4, seed=6), leaf(4, seed=7), leaf(4, 2, seed=8)
    h = (x @ w1 + b1).relu()
    logits = h @ w2 + h.sum(axis=1, keepdims=True)  # h feeds two branches
    loss = F.cross_entropy(logits, mg.tensor([0, 1, 1, 0, 1]))
    assert_same_as_engine(loss, [w1, b1, w2])


def test_repeated_indices_and_shape_ops():
    x = leaf(3, 4)
    y = x[[0, 0, 2]].T.reshape(-1)  # row 0 picked twice
    loss = (y * y).sum() + x.max()
    assert_same_as_engine(loss, [x])


def test_a_masked_branch_gets_zero_gradients_as_in_the_engine():
    x, unused = leaf(3), leaf(3, seed=1)
    masked = mg.where(np.array([True, False, True]), x * 2, unused * 0)
    loss = (masked * x).sum()
    by_hand = backward_by_hand(loss)
    loss.backward()
    np.testing.assert_allclose(by_hand[x], x.grad.numpy())
    np.testing.assert_allclose(by_hand[unused], unused.grad.numpy())  # zeros, as the engine
    np.testing.assert_array_equal(by_hand[unused], 0)


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(programs(max_steps=15))
def test_random_programs_give_the_engines_gradients(program):
    inputs = program.inputs()
    outputs = program.run(*inputs)
    weights = np.random.default_rng(program.seed).standard_normal(len(outputs))
    loss = sum((o * float(w)).sum() for o, w in zip(outputs, weights))
    if loss.grad_fn is None:  # nothing to differentiate
        return
    reached = [t for t in inputs if t in backward_by_hand(loss)]
    # backward_by_hand only reads the graph, so the engine can still run on it
    assert_same_as_engine(loss, reached)
    assert all(t.grad is None for t in inputs if not any(t is r for r in reached))


@pytest.mark.parametrize("wrong, right", [
    ("grads[key] + gx if key in grads else gx", "gx"),  # step 4 forgets a second use
    ("gx = sum_to_shape(gx, x.shape)", "pass"),  # broadcasting not undone
])
def test_the_comparison_catches_a_broken_step(wrong, right):
    """These graphs tell a right pass from a wrong one: the page's code with one step
    broken no longer matches the engine."""
    source = _block()
    assert wrong in source
    namespace: dict[str, object] = {}
    exec(compile(source.replace(wrong, right), str(PAGE), "exec"), namespace)
    broken = namespace["backward_by_hand"]
    x, b = leaf(4, 3), leaf(3, seed=1)
    h = (x + b).tanh()
    loss = (h * h + h).sum()
    wrong_grads = broken(loss)
    loss.backward()
    assert not all(
        np.shape(wrong_grads[t]) == t.shape and np.allclose(wrong_grads[t], t.grad.numpy())
        for t in (x, b)
    )
