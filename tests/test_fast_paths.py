"""The shortcuts taken for speed give what the general code gives.

Each test pins one shortcut against the slower, general path or a formula
written out here: the engine's walk against `topological_order`, the shared
constant tensors, the matrix-product cases, the fused cross-entropy layouts
and the losses' scratch arrays (the caller's arrays are never written).
"""

from __future__ import annotations

import numpy as np
import pytest

import minigrad as mg
from minigrad import Tensor
from minigrad.engine import topological_order
from minigrad.function import Function
from minigrad.functional import binary_cross_entropy_with_logits, cross_entropy
from minigrad.viz.graph import INPUT, build_graph


# ---- the engine walks the graph in topological_order --------------------------
class Recorded(Function):
    """y = x1 + x2 + ... that writes its own name into a log when backward runs."""

    log: list[str] = []

    def forward(self, *arrays, label):
        self.label = label
        return sum(arrays)

    def backward(self, g):
        Recorded.log.append(self.label)
        return tuple(g for _ in self.inputs)


def test_engine_runs_nodes_in_topological_order():
    rng = np.random.default_rng(3)
    leaves = [Tensor(rng.standard_normal(2), requires_grad=True) for _ in range(3)]
    made = list(leaves)
    for k in range(40):  # a random DAG, with nodes of 1 to 4 inputs (some repeated)
        picks = rng.integers(0, len(made), size=int(rng.integers(1, 5)))
        made.append(Recorded.apply(*[made[i] for i in picks], label=f"n{k}"))
    loss = Recorded.apply(*made[-5:], label="root")
    want = [node.label for node in topological_order([loss.grad_fn])]
    Recorded.log = []
    loss.backward(np.ones(2))
    assert Recorded.log == want


def test_a_node_whose_many_inputs_become_ready_at_once():
    x = Tensor(np.arange(3.0), requires_grad=True)
    parts = [x * float(k + 1) for k in range(500)]  # 500 parents released by one node
    mg.stack(parts).sum().backward()
    assert np.allclose(x.grad.numpy(), sum(range(1, 501)))


# ---- Python numbers in expressions (the tensors behind them may be cached) -----------
def test_python_numbers_keep_their_value_sign_and_dtype():
    x = Tensor(np.ones(3, np.float32), requires_grad=True)
    ints = mg.tensor([1, 2])
    for _ in range(2):  # the second time, whatever was cached the first time is reused
        assert (x * 2.5).dtype == np.float32 and (x * 2.5).tolist() == [2.5] * 3
        assert (2.5 + x).tolist() == [3.5] * 3
        # 0.0 == -0.0 (and NaN != NaN): a cache keyed by value must keep them apart
        assert not np.signbit((x * 0.0).numpy()).any() and np.signbit((x * -0.0).numpy()).all()
        assert np.isnan((x * float("nan")).numpy()).all()
        # 1 == 1.0 == True, but they promote differently (as in PyTorch)
        assert (ints * 1).dtype == np.int64 and (ints * 1.0).dtype == np.float32
        assert (ints * True).dtype == np.int64 and (ints * 1.5).tolist() == [1.5, 3.0]


def test_a_number_reached_through_one_graph_cannot_change_another():
    x = Tensor(np.ones(3, np.float32), requires_grad=True)
    number = (x * 2.5).grad_fn.inputs[1]  # the 2.5, as a tensor in the graph
    with mg.no_grad():
        try:
            number.add_(1.0)
        except ValueError as error:  # if it is shared: refused, and said why
            assert "read-only" in str(error)
    try:
        number.requires_grad_()
    except ValueError as error:
        assert "shared tensor behind a Python number" in str(error)
    y = x * 2.5  # a new expression with the same number
    y.sum().backward()
    assert y.tolist() == [2.5] * 3 and x.grad.tolist() == [2.5] * 3
    assert number.grad is None  # no later graph sends a gradient into it
    own = Tensor(2.5)  # a tensor of the user's own may require grad
    assert own.requires_grad_().requires_grad


def test_pictures_draw_a_shared_constant_once_per_use():
    x = Tensor(np.ones(2), requires_grad=True, name="x")
    y = x * 3.0 + (x * 3.0)
    graph = build_graph([y], {})
    constants = [n for n in graph.nodes if n.role == INPUT]
    assert len(constants) == 2  # one beside each Mul, as written
    assert all(len(n.inputs) == 0 for n in constants)


# ---- the matrix product's everyday cases ----------------------------------------
@pytest.mark.parametrize("b_shape", [(4, 2), (4,)])
@pytest.mark.parametrize("which", ["a", "b", "both"])
def test_matmul_gradients_for_each_operand(b_shape, which):
    rng = np.random.default_rng(0)
    a_np, b_np = rng.standard_normal((3, 4)), rng.standard_normal(b_shape)
    a = Tensor(a_np, requires_grad=which in ("a", "both"))
    b = Tensor(b_np, requires_grad=which in ("b", "both"))
    g = rng.standard_normal((3, 2) if len(b_shape) == 2 else (3,))
    (a @ b).backward(g)
    g2, b2 = g.reshape(3, -1), b_np.reshape(4, -1)
    if which in ("a", "both"):
        assert np.allclose(a.grad.numpy(), g2 @ b2.T)
    else:
        assert a.grad is None
    if which in ("b", "both"):
        assert np.allclose(b.grad.numpy(), (a_np.T @ g2).reshape(b_shape))
    else:
        assert b.grad is None


# ---- fused losses: layouts agree, inputs untouched -------------------------------
def test_cross_entropy_2d_and_3d_layouts_agree():
    rng = np.random.default_rng(1)
    logits = rng.standard_normal((5, 4))
    target = rng.integers(0, 4, 5)
    x2 = Tensor(logits, requires_grad=True)
    x3 = Tensor(logits[:, :, None], requires_grad=True)  # (N, C, 1): the general path
    l2, l3 = cross_entropy(x2, target), cross_entropy(x3, target[:, None])
    l2.backward()
    l3.backward()
    assert np.isclose(l2.item(), l3.item())
    assert np.allclose(x2.grad.numpy(), x3.grad.numpy()[:, :, 0])
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    p[np.arange(5), target] -= 1
    assert np.allclose(x2.grad.numpy(), p / 5)


def test_cross_entropy_backward_twice_with_retain_graph():
    x = Tensor(np.random.default_rng(2).standard_normal((4, 3)), requires_grad=True)
    loss = cross_entropy(x, np.array([0, 2, 1, 2]))
    loss.backward(retain_graph=True)
    first = x.grad.numpy().copy()
    loss.backward()  # the saved exponentials were not overwritten by the first backward
    assert np.allclose(x.grad.numpy(), 2 * first)


@pytest.mark.parametrize("shape", [(), (6,), (2, 3)])
def test_bce_with_logits_leaves_its_inputs_alone(shape):
    rng = np.random.default_rng(4)
    x_np = np.asarray(rng.standard_normal(shape) * 5, dtype=np.float32)
    y_np = np.asarray(rng.random(shape) > 0.5, dtype=np.float32)
    x_before, y_before = x_np.copy(), y_np.copy()
    x = mg.from_numpy(x_np).requires_grad_()
    y = mg.from_numpy(y_np)
    loss = binary_cross_entropy_with_logits(x, y)
    loss.backward()
    assert np.array_equal(x_np, x_before) and np.array_equal(y_np, y_before)
    sig = 1 / (1 + np.exp(-x_before.astype(np.float64)))
    assert np.allclose(x.grad.numpy(), (sig - y_before) / max(x_before.size, 1), atol=1e-7)
    assert x.grad.dtype == np.float32


# ---- the optimiser's update: t.sub_/t.add_ under no_grad (inplace._update_directly) -------
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(), (3,), (2, 3)])
def test_an_update_under_no_grad_gives_what_the_general_path_gives(dtype, shape):
    rng = np.random.default_rng(5)
    w0, g0 = (np.asarray(rng.standard_normal(shape), dtype=dtype) for _ in range(2))
    w = Tensor(w0.copy(), requires_grad=True)
    w.grad = Tensor(g0.copy())
    with mg.no_grad():
        w.sub_(w.grad, alpha=0.3)
        w.add_(w.grad)  # alpha 1: the gradient itself
        w -= 0.5 * w.grad  # __isub__, with a Tensor computed under no_grad
    expected = w0 - dtype(0.3) * g0 + g0 - dtype(0.5) * g0  # numpy, in the same dtype
    assert w.dtype == dtype and w.shape == shape
    np.testing.assert_array_equal(w.numpy(), expected)
    np.testing.assert_array_equal(w.grad.numpy(), g0)  # the gradient is only read


def test_an_update_counts_as_a_change_for_every_node_that_saved_the_tensor():
    w = Tensor(np.ones(3), requires_grad=True)
    y = (w * w).sum()  # Mul saved w
    view = w[1:]  # shares w's memory (made with grad mode on, under no change yet)
    with mg.no_grad():
        view.sub_(Tensor(np.ones(2)), alpha=0.1)  # through a view: w's counter too
    assert w.numpy().tolist() == [1.0, 0.9, 0.9]
    with pytest.raises(mg.errors.InplaceError, match="modified in place"):
        y.backward()


def test_an_update_that_cannot_be_done_gets_the_general_paths_error():
    w = Tensor(np.ones(3, np.float32), requires_grad=True)
    with mg.no_grad():
        with pytest.raises(mg.errors.ShapeError, match=r"sub_: a value of shape \(2,\)"):
            w.sub_(Tensor(np.ones(2, np.float32)), alpha=0.5)
        frozen = np.ones(3, np.float32)
        frozen.flags.writeable = False
        with pytest.raises(ValueError, match="add_: this tensor's data is read-only"):
            mg.from_numpy(frozen).add_(Tensor(np.ones(3, np.float32)))
        w.sub_(Tensor(np.ones((1,), np.float32)), alpha=0.5)  # broadcasts into w: fine
    assert w.numpy().tolist() == [0.5, 0.5, 0.5]


def test_updates_the_shortcut_leaves_alone_keep_pytorchs_dtype_rules():
    with mg.no_grad():
        half = Tensor(np.full(2, 1.0, np.float16))
        half.sub_(Tensor(np.full(2, 0.1, np.float16)), alpha=3)  # float16: the general path
        assert half.dtype == np.float16
        np.testing.assert_array_equal(half.numpy(), np.float16(1.0) - np.float16(0.3))
        ints = mg.tensor([1, 2])
        with pytest.raises(mg.errors.DTypeError, match="sub_"):
            ints.sub_(Tensor(np.ones(2, np.float32)), alpha=0.5)  # floats into ints: refused
        mixed = Tensor(np.ones(2, np.float32))
        mixed.add_(Tensor(np.ones(2, np.float64)), alpha=2)  # a float64 value: float32 kept
        assert mixed.dtype == np.float32 and mixed.numpy().tolist() == [3.0, 3.0]
