"""Grad modes (no_grad, enable_grad, set_grad_enabled) and mg.grad, incl. create_graph.

The engine's backward itself is tested in test_engine.py.
"""

from __future__ import annotations

import threading

import numpy as np
import pytest

import minigrad as mg
from minigrad import Tensor
from minigrad.errors import BackwardError


def f64(values, requires_grad=True):
    return Tensor(np.asarray(values, dtype=np.float64), requires_grad=requires_grad)


# ---- grad mode -----------------------------------------------------------------


def test_no_grad_and_enable_grad_as_context_managers():
    x = f64([1.0])
    with mg.no_grad():
        assert not mg.is_grad_enabled()
        y = x * 2
        with mg.enable_grad():
            assert mg.is_grad_enabled()
            z = x * 2
        assert not mg.is_grad_enabled()
    assert mg.is_grad_enabled()
    assert not y.requires_grad and y.grad_fn is None
    assert z.requires_grad and z.grad_fn is not None


def test_grad_mode_restored_after_an_exception():
    with pytest.raises(KeyError):
        with mg.no_grad():
            raise KeyError("inside no_grad")
    assert mg.is_grad_enabled()


def test_grad_mode_decorators():
    x = f64([1.0])

    @mg.no_grad()
    def frozen(t):
        return t * 2

    @mg.enable_grad()
    def tracked(t):
        return t * 2

    @mg.set_grad_enabled(False)
    def off(t):
        return t * 2

    assert mg.is_grad_enabled()  # decorating switches nothing
    assert not frozen(x).requires_grad and frozen.__name__ == "frozen"
    with mg.no_grad():
        assert tracked(x).requires_grad
    assert not off(x).requires_grad
    assert mg.is_grad_enabled()


def test_set_grad_enabled():
    with mg.set_grad_enabled(False):
        assert not mg.is_grad_enabled()
        with mg.set_grad_enabled(True):
            assert mg.is_grad_enabled()
        assert not mg.is_grad_enabled()
    assert mg.is_grad_enabled()
    mg.set_grad_enabled(False)  # as a plain call, like torch.set_grad_enabled
    try:
        assert not mg.is_grad_enabled()
    finally:
        mg.set_grad_enabled(True)
    assert mg.is_grad_enabled()


def test_grad_mode_is_thread_local():
    inside, release = threading.Event(), threading.Event()
    seen = {}

    def worker():
        with mg.no_grad():
            seen["thread"] = mg.is_grad_enabled()
            seen["thread_op"] = (f64([1.0]) * 2).requires_grad
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        assert inside.wait(5)
        assert mg.is_grad_enabled()  # the worker's no_grad does not reach this thread
        assert (f64([1.0]) * 2).requires_grad
    finally:
        release.set()
        thread.join()
    assert seen == {"thread": False, "thread_op": False}
    assert mg.is_grad_enabled()


# ---- mg.grad -------------------------------------------------------------------


def test_grad_does_not_touch_dot_grad():
    x, w = f64([1.0, 2.0]), f64([3.0, 4.0])
    (gx, gw) = mg.grad((x * w).sum(), [x, w])
    np.testing.assert_allclose(gx.numpy(), [3.0, 4.0])
    np.testing.assert_allclose(gw.numpy(), [1.0, 2.0])
    assert x.grad is None and w.grad is None
    (g,) = mg.grad((x * x).sum(), x)
    assert isinstance(g, Tensor) and g.tolist() == [2.0, 4.0]


def test_grad_of_an_intermediate_tensor():
    x = f64([1.0, 2.0])
    h = x * 3
    (gh,) = mg.grad((h * h).sum(), h)
    np.testing.assert_allclose(gh.numpy(), 2 * h.numpy())
    assert h.grad is None and x.grad is None


def test_grad_outputs_and_several_outputs():
    x = f64([1.0, 2.0])
    y = x * x
    (g,) = mg.grad(y, x, grad_outputs=np.array([1.0, 10.0]))
    np.testing.assert_allclose(g.numpy(), [2.0, 40.0])
    a, b = x * 2, x * 3
    (g,) = mg.grad([a, b], [x], grad_outputs=[Tensor(np.ones(2)), Tensor(np.full(2, 2.0))])
    np.testing.assert_allclose(g.numpy(), [8.0, 8.0])
    with pytest.raises(BackwardError, match="gradient"):
        mg.grad(x * 2, x)  # non-scalar without grad_outputs


def test_grad_allow_unused():
    x, unused = f64([1.0]), f64([2.0])
    y = (x * 2).sum()
    with pytest.raises(BackwardError, match="allow_unused=True"):
        mg.grad(y, [x, unused], retain_graph=True)
    gx, gu = mg.grad(y, [x, unused], allow_unused=True)
    assert gx.tolist() == [2.0] and gu is None


def test_grad_refuses_inputs_without_grad():
    x = f64([1.0])
    with pytest.raises(BackwardError, match="input 1"):
        mg.grad((x * 2).sum(), [x, Tensor([1.0])])


def test_second_derivative_of_cube():
    x = f64([-1.5, 0.5, 2.0])
    (g,) = mg.grad((x**3).sum(), x, create_graph=True)
    np.testing.assert_allclose(g.numpy(), 3 * x.numpy() ** 2)
    assert g.requires_grad
    (h,) = mg.grad(g.sum(), x)
    np.testing.assert_allclose(h.numpy(), 6 * x.numpy())


def test_backward_create_graph_gives_differentiable_grad():
    x = f64(2.0)
    (x**3).backward(create_graph=True)
    assert x.grad.requires_grad
    np.testing.assert_allclose(x.grad.item(), 12.0)
    (h,) = mg.grad(x.grad, x)
    np.testing.assert_allclose(h.item(), 12.0)  # d/dx 3x^2 = 6x


def test_hessian_vector_product_of_a_quadratic_form():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((4, 4))
    v = rng.standard_normal(4)
    x = f64(rng.standard_normal(4))
    A = Tensor(a)
    f = 0.5 * (x @ (A @ x)) + (x * x * x).sum()  # Hessian: (A + A^T) / 2 + diag(6 x)
    (g,) = mg.grad(f, x, create_graph=True)
    np.testing.assert_allclose(g.numpy(), 0.5 * (a + a.T) @ x.numpy() + 3 * x.numpy() ** 2)
    (hv,) = mg.grad((g * Tensor(v)).sum(), x)
    hessian = 0.5 * (a + a.T) + np.diag(6 * x.numpy())
    np.testing.assert_allclose(hv.numpy(), hessian @ v, rtol=1e-10)

