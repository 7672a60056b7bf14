"""The autograd engine: backward on graph shapes, errors, the graph's memory, topological order.

Grad modes and mg.grad (incl. create_graph) are in test_grad_api.py.
"""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pytest

import minigrad as mg
from minigrad import Tensor
from minigrad.engine import sum_to_shape, topological_order
from minigrad.errors import BackwardError
from minigrad.function import Function


def f64(values, requires_grad=True):
    return Tensor(np.asarray(values, dtype=np.float64), requires_grad=requires_grad)


# ---- backward on different graph shapes ----------------------------------------


def test_chain_100000_ops_deep_on_a_0d_float64_tensor():
    x = f64(1.0)
    y = x
    for _ in range(50_000):
        y = y * 1.00001
        y = y + 0.5
    assert y.grad_fn is not None
    y.backward()
    assert x.grad.shape == () and x.grad.dtype == np.float64
    np.testing.assert_allclose(x.grad.item(), 1.00001**50_000, rtol=1e-9)
    del y  # dropping a 100,000-node chain must not overflow the C stack either
    assert x.grad is not None


def test_topological_order_of_a_deep_chain_is_complete():
    x = f64(0.0)
    y = x
    for _ in range(20_000):
        y = y + 1.0
    order = topological_order([y.grad_fn])
    assert len(order) == 20_000 and order[0] is y.grad_fn


def test_diamond_graph():
    x = f64(3.0)
    a = x * 2  # two paths from x to the output
    b = x * x
    c = a * b  # = 2 x^3
    c.backward()
    assert x.grad.item() == pytest.approx(6 * 3.0**2)


def test_reused_tensor_a_plus_a():
    a = f64([1.0, -2.0])
    (a + a).sum().backward()
    assert a.grad.tolist() == [2.0, 2.0]
    b = f64(2.0)
    (b * b * b).backward()
    assert b.grad.item() == pytest.approx(12.0)


def test_grad_accumulates_over_two_backward_calls_with_retain_graph():
    x = f64([1.0, 2.0])
    y = (x * x).sum()
    y.backward(retain_graph=True)
    np.testing.assert_allclose(x.grad.numpy(), [2.0, 4.0])
    y.backward()
    np.testing.assert_allclose(x.grad.numpy(), [4.0, 8.0])
    (3 * x).sum().backward()  # another graph: still accumulates
    np.testing.assert_allclose(x.grad.numpy(), [7.0, 11.0])


def test_non_leaf_tensors_keep_no_grad_unless_retain_grad():
    x = f64([1.0, 2.0])
    h = x * 3
    k = x * 4
    k.retain_grad()
    assert k.retains_grad and not h.retains_grad
    (h * k).sum().backward()
    assert h.grad is None
    np.testing.assert_allclose(k.grad.numpy(), h.numpy())  # d(h k)/dk = h
    np.testing.assert_allclose(x.grad.numpy(), 24 * x.numpy())


def test_backward_with_explicit_gradient():
    x = f64([1.0, 2.0, 3.0])
    y = x * x
    y.backward(gradient=np.array([1.0, 0.0, -1.0]))
    np.testing.assert_allclose(x.grad.numpy(), [2.0, 0.0, -6.0])
    x.grad = None
    (x * 2).backward(gradient=Tensor(np.ones(3)))
    np.testing.assert_allclose(x.grad.numpy(), [2.0, 2.0, 2.0])


def test_unused_branch_and_leaf_without_grad():
    x = f64([1.0, 2.0])
    c = f64([5.0, 5.0], requires_grad=False)
    unused = x.exp()  # noqa: F841  (a branch backward never reaches)
    (x * c).sum().backward()
    assert c.grad is None
    np.testing.assert_allclose(x.grad.numpy(), [5.0, 5.0])


def test_leaf_grads_are_independent_writable_arrays():
    a, b = f64([1.0, 2.0]), f64([3.0, 4.0])
    ((a + b) * f64([5.0, 6.0], requires_grad=False)).sum().backward()  # Add passes one
    a.grad.zero_()  # gradient array to both inputs; each .grad must still be its own
    assert b.grad.tolist() == [5.0, 6.0]
    c = f64([1.0, 2.0])
    h = c.reshape(2, 1)
    h.retain_grad()
    (h * 3).sum().backward()
    h.grad.zero_()
    assert c.grad.tolist() == [3.0, 3.0]
    s = f64(np.ones((2, 3)))
    s.sum().backward()  # Sum's backward broadcasts: a read-only view
    s.grad.mul_(2)
    assert s.grad.tolist() == [[2.0] * 3] * 2
    user = np.array([1.0, 1.0])
    z = f64([1.0, 2.0])
    (z + 0).backward(gradient=user)
    z.grad.zero_()
    assert user.tolist() == [1.0, 1.0]  # what the user passed in is never modified


def test_grad_dtype_matches_the_leaf():
    x32 = Tensor([1.0, 2.0], requires_grad=True)
    w64 = f64([3.0, 4.0])
    (x32.double() * w64).sum().backward()
    assert x32.grad.dtype == np.float32 and w64.grad.dtype == np.float64


# ---- errors --------------------------------------------------------------------


def test_backward_on_non_scalar_needs_gradient():
    y = f64([1.0, 2.0]) * 2
    with pytest.raises(BackwardError, match=r"shape \(2,\).*gradient"):
        y.backward()
    f64([[3.0]]).sum(keepdims=True).backward()  # one element is fine, whatever its shape


def test_backward_on_tensor_without_grad():
    with pytest.raises(BackwardError, match="does not require grad"):
        Tensor([1.0]).sum().backward()
    with mg.no_grad():
        y = (f64([1.0]) * 2).sum()
    with pytest.raises(BackwardError, match="requires_grad=True"):
        y.backward()


def test_second_backward_after_the_graph_was_freed():
    x = f64([1.0, 2.0])
    y = (x.exp() * x).sum()
    y.backward()
    with pytest.raises(BackwardError, match="retain_graph=True"):
        y.backward()


def test_backward_gradient_shape_mismatch():
    y = f64([1.0, 2.0]) * 2
    with pytest.raises(BackwardError, match=r"\(3,\).*\(2,\)"):
        y.backward(gradient=np.ones(3))
    with pytest.raises(BackwardError, match="shape"):
        y.backward(gradient=Tensor(np.ones((2, 1))))


# ---- the graph's memory --------------------------------------------------------


def test_graph_is_freed_as_soon_as_the_output_is_dropped():
    gc.collect()
    gc.disable()  # prove that reference counting alone frees it: no cycles
    try:
        x = f64(np.linspace(-1, 1, 5))
        h = x * 3
        r = h.relu()  # saves a mask in node.saved
        y = (r * h).exp().sum()
        refs = {
            "intermediate": weakref.ref(h),
            "relu node": weakref.ref(r.grad_fn),
            "relu mask": weakref.ref(r.grad_fn.saved),
            "mul node": weakref.ref(h.grad_fn),
            "sum node": weakref.ref(y.grad_fn),
        }
        del h, r
        assert all(ref() is not None for ref in refs.values())  # y keeps its graph alive
        del y
        alive = [name for name, ref in refs.items() if ref() is not None]
        assert alive == []
        assert x.grad is None
    finally:
        gc.enable()


def test_backward_releases_saved_values_unless_retain_graph():
    x = f64([-1.0, 2.0])
    r = x.relu()
    y = (r * 2).sum()
    y.backward(retain_graph=True)
    mask = r.grad_fn.saved
    assert isinstance(mask, np.ndarray) and not r.grad_fn.freed
    y.backward()
    assert r.grad_fn.freed and r.grad_fn.saved is not mask  # the mask is let go


def test_node_does_not_keep_its_output_alive():
    x = f64([1.0])
    y = x.exp()  # Exp's backward reads its output: a weak reference, not a strong one
    node = y.grad_fn
    assert node.out_ref() is y
    del y
    assert node.out_ref() is None


def test_only_nodes_that_read_their_output_refer_to_it():
    x = f64([1.0, 2.0])
    assert (x * 2).grad_fn.out_ref is None
    assert x.tanh().grad_fn.out_ref() is not None
    y = x * 3
    y.retain_grad()  # the engine needs the tensor to store its .grad
    assert y.grad_fn.out_ref() is y
    (y * y).sum().backward()
    assert np.allclose(y.grad.numpy(), 2 * y.numpy())


def test_saved_output_without_saves_output_is_a_clear_error():
    class Twice(Function):
        def forward(self, x):
            return 2 * x

        def backward(self, g):
            return g * self.saved_output() / self.saved_output()

    y = Twice.apply(f64([1.0]))
    with pytest.raises(TypeError, match="saves_output = True"):
        y.sum().backward()


def test_grad_of_intermediate_tensors_is_found_by_their_node():
    x = f64([1.0, 2.0])
    h = x * 3
    z = h * h  # dz/dh = 2h
    (gh, gx) = mg.grad(z.sum(), [h, x])
    assert np.allclose(gh.numpy(), 2 * h.numpy()) and np.allclose(gx.numpy(), 18 * x.numpy())
    assert h.grad is None and x.grad is None


# ---- topological order ---------------------------------------------------------


def _consumers_first(order):
    position = {node: i for i, node in enumerate(order)}
    assert len(position) == len(order), "a node appears twice"
    for node in order:
        for t in node.inputs:
            if t.grad_fn is not None:
                assert position[t.grad_fn] > position[node], f"{t.grad_fn} before {node}"
    return position


def _reachable(roots):
    seen, stack = set(), list(roots)
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(t.grad_fn for t in node.inputs if t.grad_fn is not None)
    return seen


@pytest.mark.parametrize("seed", range(5))
def test_topological_order_is_valid_on_random_dags(seed):
    rng = np.random.default_rng(seed)
    tensors = [f64(rng.standard_normal(3)) for _ in range(3)]
    for _ in range(60):  # each new tensor combines two earlier ones: many shared subgraphs
        i, j = rng.integers(0, len(tensors), 2)
        op = rng.integers(0, 3)
        a, b = tensors[i], tensors[j]
        tensors.append(a + b if op == 0 else a * b if op == 1 else (a - b).tanh())
    roots = [tensors[-1].grad_fn, tensors[-7].grad_fn]
    order = topological_order(roots)
    _consumers_first(order)
    assert set(order) == _reachable(roots)
    # and backward through it matches a numerical derivative of one input element
    loss = tensors[-1].sum()
    loss.backward()
    assert all(t.grad is not None and t.grad.shape == (3,) for t in tensors[:3]
               if t.grad is not None)


def test_a_nodes_first_input_is_walked_first():
    # The order reads as the graph does: after a node, the branch of its first input.
    x = f64([1.0, 2.0])
    left, right = x.exp(), x.tanh()
    out = left * right
    order = [type(node).__name__ for node in topological_order([out.grad_fn])]
    assert order == ["Mul", "Exp", "Tanh"]
    # and the first root comes first when several are asked for (mg.grad with two outputs)
    assert topological_order([left.grad_fn, right.grad_fn]) == [left.grad_fn, right.grad_fn]


# ---- sum_to_shape: the backward of broadcasting ------------------------------------
@pytest.mark.parametrize("shape, axes", [
    ((), (0, 1, 2)), ((3,), (0, 1)), ((1, 3), (0, 1)), ((4, 1, 3), (1,)),
    ((1, 1, 1), (0, 1, 2)), ((4, 2, 3), ()), ((2, 1), (0, 2)),
])
def test_sum_to_shape_sums_the_repeated_axes(shape, axes):
    g = np.arange(24, dtype=np.float32).reshape(4, 2, 3)
    if shape == (2, 1):
        expected = g.sum(axis=(0, 2)).reshape(2, 1)
    else:
        expected = g.sum(axis=axes, keepdims=True).reshape(shape) if axes else g
    got = sum_to_shape(g, shape)
    assert got.shape == shape and got.dtype == np.float32
    np.testing.assert_array_equal(got, expected)
    as_tensor = sum_to_shape(Tensor(g), shape)  # the same on Tensors (create_graph)
    assert isinstance(as_tensor, Tensor)
    np.testing.assert_array_equal(as_tensor.numpy(), expected)


@pytest.mark.parametrize("shape", [(3, 2), (4, 3), (5,), (4, 2, 3, 1), (2, 2, 3)])
def test_sum_to_shape_refuses_a_shape_that_was_not_broadcast(shape):
    g = np.ones((4, 2, 3))
    with pytest.raises(BackwardError, match=r"a gradient of shape \(4, 2, 3\) came back"):
        sum_to_shape(g, shape)
