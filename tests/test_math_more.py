"""PyTorch's addmm, addmv, addbmm, baddbmm, inner, vdot, ger, chain_matmul
(ops/added_products.py), lerp and hypot (ops/lerp_hypot.py), logit and xlogy
(ops/log_terms.py), diff, trapezoid and cumulative_trapezoid (ops/differences.py),
cummax, cummin and logcumsumexp (ops/running.py), rot90 and renorm.

Gradients are checked in float64 (gradcheck and gradgradcheck) over shapes with
broadcasting and 0-d tensors where the op allows them; values and gradients are
compared with literals taken from PyTorch 2.13; float32 stays float32; every error
path is tried. tests/parity compares all of them with torch itself.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given
from op_strategies import SOME, check, seeds, shape_pairs, shapes

import minigrad as mg
from minigrad.errors import DTypeError, ShapeError


def close(t, expected, rtol=1e-6, atol=1e-6):
    np.testing.assert_allclose(np.asarray(t.numpy() if hasattr(t, "numpy") else t,
                                          dtype=np.float64).reshape(-1),
                               np.asarray(expected, dtype=np.float64), rtol=rtol, atol=atol)


# ---- products with an added term ----------------------------------------------------------
@SOME
@given(seed=seeds)
def test_added_products_gradients_with_a_broadcast_input(seed):
    rng = np.random.default_rng(seed)
    n, m, k, b = rng.integers(1, 4, size=4)
    check(lambda c, x, y: mg.addmm(c, x, y, beta=0.5, alpha=-2.0),
          rng.normal(size=(k,)), rng.normal(size=(n, m)), rng.normal(size=(m, k)))
    check(lambda c, x, y: c.addmv(x, y, alpha=1.5), rng.normal(size=()),
          rng.normal(size=(n, m)), rng.normal(size=(m,)))
    check(lambda c, x, y: mg.addbmm(c, x, y, beta=2), rng.normal(size=(n, 1)),
          rng.normal(size=(b, n, m)), rng.normal(size=(b, m, k)))
    check(lambda c, x, y: c.baddbmm(x, y), rng.normal(size=(1, n, k)),
          rng.normal(size=(b, n, m)), rng.normal(size=(b, m, k)))


def test_addmm_values_and_gradients_as_pytorch():
    a = mg.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], requires_grad=True)
    b = mg.tensor([[0.5, -1.0, 2.0], [1.5, 0.0, -0.5]], requires_grad=True)
    c = mg.tensor([1.0, -2.0, 0.5], requires_grad=True)
    z = mg.addmm(c, a, b, beta=0.5, alpha=2.0)
    z.backward(mg.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]))
    assert z.dtype == np.float32
    close(z, [7.5, -3.0, 2.25, 15.5, -7.0, 8.25, 23.5, -11.0, 14.25])
    close(c.grad, [6.0, 7.5, 9.0])
    close(a.grad, [9.0, 0.0, 18.0, 6.0, 27.0, 12.0])
    close(b.grad, [96.0, 114.0, 132.0, 120.0, 144.0, 168.0])


def test_beta_zero_ignores_the_input_but_gives_it_a_zero_gradient():
    c = mg.tensor([np.nan, np.inf], requires_grad=True)
    z = mg.addmm(c, mg.ones(1, 1), mg.ones(1, 2), beta=0)
    close(z, [1.0, 1.0])
    z.sum().backward()
    close(c.grad, [0.0, 0.0])


def test_integer_tensors_take_the_whole_numbers_of_beta_and_alpha():
    three = mg.full((3,), 3, dtype=mg.int64)
    z = mg.addmm(three, mg.ones(2, 4, dtype=mg.int64), mg.ones(4, 3, dtype=mg.int64),
                 beta=0.5, alpha=1.5)
    assert z.dtype == np.int64 and z.tolist() == [[4, 4, 4], [4, 4, 4]]  # PyTorch 2.13


def test_added_products_refuse_what_pytorch_refuses():
    m = mg.ones(2, 3)
    with pytest.raises(DTypeError, match="same dtype"):
        mg.addmm(mg.ones(3, dtype=mg.float64), m, mg.ones(3, 3))
    with pytest.raises(DTypeError, match="same dtype"):
        mg.addmm(mg.ones(3), m, mg.ones(3, 3, dtype=mg.float64))
    with pytest.raises(ShapeError, match="does not broadcast"):
        mg.addmm(mg.ones(2, 4), m, mg.ones(3, 3))
    with pytest.raises(ShapeError, match="cannot be multiplied"):
        mg.addmm(mg.ones(3), m, mg.ones(4, 3))
    with pytest.raises(ShapeError, match="two matrices"):
        mg.addmm(mg.ones(3), mg.ones(3), mg.ones(3, 3))
    with pytest.raises(TypeError, match="must be a tensor"):
        mg.addmm(1.0, m, mg.ones(3, 3))
    with pytest.raises(TypeError, match="beta must be a number"):
        mg.addmm(mg.ones(3), m, mg.ones(3, 3), beta="1")
    with pytest.raises(DTypeError, match="bool"):
        mg.addmm(mg.ones(3, dtype=mg.bool), m.bool(), mg.ones(3, 3, dtype=mg.bool))
    with pytest.raises(ShapeError, match="a matrix mat and a vector"):
        mg.addmv(mg.ones(2), m, mg.ones(3, 1))
    with pytest.raises(ShapeError, match="batch sizes differ"):
        mg.baddbmm(mg.ones(2, 3), mg.ones(2, 2, 3), mg.ones(3, 3, 3))
    with pytest.raises(ShapeError, match="3 axes each"):
        mg.addbmm(mg.ones(2, 3), m, mg.ones(3, 3))


def test_inner_vdot_ger():
    x = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
    y = mg.tensor([[0.5, 1.0], [2.0, -1.0], [1.0, 1.0]])
    z = mg.inner(x, y)
    assert z.shape == (2, 3) and z.dtype == np.float32
    close(z, [2.5, 0.0, 3.0, 5.5, 2.0, 7.0])
    # a 0-d operand multiplies, with mul's dtypes (PyTorch 2.13)
    assert mg.inner(x, mg.tensor(2.0, dtype=mg.float64)).dtype == np.float32
    assert mg.inner(mg.tensor(0.5), mg.tensor(2.0, dtype=mg.float64)).dtype == np.float64
    assert x.vdot is not None and mg.vdot(mg.tensor([1, 2]), mg.tensor([3, 4])).item() == 11
    assert mg.ger(mg.tensor([1.0, 2.0]), mg.tensor([3.0])).tolist() == [[3.0], [6.0]]
    with pytest.raises(DTypeError, match="same dtype"):
        mg.inner(x, y.double())
    with pytest.raises(ShapeError, match="last axes"):
        mg.inner(x, mg.ones(3))
    with pytest.raises(DTypeError, match="same dtype"):
        mg.vdot(mg.ones(3), mg.ones(3, dtype=mg.float64))
    with pytest.raises(ShapeError, match="two vectors"):
        mg.vdot(mg.ones(3), mg.ones(3, 1))


@SOME
@given(sa=shapes, sb=shapes, seed=seeds)
def test_inner_gradients(sa, sb, seed):
    rng = np.random.default_rng(seed)
    sb = sb[:-1] + sa[-1:] if sa and sb else sb
    check(mg.inner, rng.normal(size=sa), rng.normal(size=sb))


def test_chain_matmul_warns_as_pytorch_and_equals_multi_dot():
    a, b, c = mg.ones(2, 3), mg.ones(3, 4), mg.ones(4, 1)
    with pytest.warns(UserWarning, match="deprecated"):
        z = mg.chain_matmul(a, b, c)
    close(z, [12.0, 12.0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert mg.chain_matmul(a) is a
        with pytest.raises(ValueError, match="one or more"):
            mg.chain_matmul()
        with pytest.raises(ShapeError, match="must be a matrix"):
            mg.chain_matmul(a, mg.ones(3))


# ---- lerp and hypot ---------------------------------------------------------------------
@SOME
@given(pair=shape_pairs, seed=seeds)
def test_lerp_and_hypot_gradients_through_broadcasting(pair, seed):
    rng = np.random.default_rng(seed)
    s1, s2 = pair.input_shapes
    check(mg.lerp, rng.normal(size=s1), rng.normal(size=s2), rng.normal(size=s1))
    check(lambda a, b: a.lerp(b, 0.3), rng.normal(size=s1), rng.normal(size=s2))
    check(mg.hypot, rng.uniform(0.5, 2, s1), rng.uniform(-2, -0.5, s2))


def test_lerp_values_and_gradients_as_pytorch():
    x = mg.tensor([-1.5, 0.0, 0.5, 2.0], requires_grad=True)
    y = mg.tensor([1.0, 2.0, -3.0, 0.25], requires_grad=True)
    close(mg.lerp(x, y, 0.25), [-0.875, 0.5, -0.375, 1.5625])
    w = mg.tensor([0.0, 0.5, 1.0, 1.5], requires_grad=True)
    z = x.lerp(y, w)
    z.sum().backward()
    assert z.dtype == np.float32
    close(z, [-1.5, 1.0, -3.0, -0.625])
    close(x.grad, [1.0, 0.5, 0.0, -0.5])
    close(y.grad, [0.0, 0.5, 1.0, 1.5])
    close(w.grad, [2.5, 2.0, -3.5, -1.75])
    assert mg.lerp(x, y, mg.tensor(0.5, dtype=mg.float64)).dtype == np.float32  # 0-d weight
    half = mg.lerp(x.half(), y.half(), 0.3)  # a number keeps float16 float16
    assert half.dtype == np.float16


def test_lerp_refuses_what_pytorch_refuses():
    f = mg.ones(3)
    with pytest.raises(DTypeError, match="same dtype"):
        mg.lerp(f, f.double(), 0.5)
    with pytest.raises(DTypeError, match="weight"):
        mg.lerp(f, f, mg.ones(3, dtype=mg.float64))
    with pytest.raises(DTypeError, match="floating"):
        mg.lerp(mg.ones(3, dtype=mg.int64), mg.ones(3, dtype=mg.int64), 0.5)
    with pytest.raises(TypeError, match="must be a tensor"):
        mg.lerp(f, 1.0, 0.5)
    with pytest.raises(TypeError, match="weight must be"):
        mg.lerp(f, f, "half")
    with pytest.raises(ShapeError, match="cannot be broadcast"):
        mg.lerp(f, mg.ones(2), 0.5)


def test_hypot_values_gradients_and_errors_as_pytorch():
    x = mg.tensor([3.0, -1.0, 0.5], requires_grad=True)
    y = mg.tensor([4.0, 2.0, -1.5], requires_grad=True)
    z = x.hypot(y)
    z.sum().backward()
    close(z, [5.0, 2.236068, 1.5811388])
    close(x.grad, [0.6, -0.4472136, 0.3162278])
    close(y.grad, [0.8, 0.8944272, -0.9486833])
    assert mg.hypot(mg.ones(2), mg.ones(2, dtype=mg.int64)).dtype == np.float32
    assert mg.hypot(mg.ones(2), mg.ones(2, dtype=mg.float64)).dtype == np.float64
    with pytest.raises(DTypeError, match="floating"):
        mg.hypot(mg.ones(2, dtype=mg.int64), mg.ones(2, dtype=mg.int64))
    with pytest.raises(TypeError, match="must be a tensor"):
        mg.hypot(mg.ones(2), 2.0)


# ---- logit and xlogy --------------------------------------------------------------------
@SOME
@given(shape=shapes, pair=shape_pairs, seed=seeds)
def test_logit_and_xlogy_gradients(shape, pair, seed):
    rng = np.random.default_rng(seed)
    check(mg.logit, rng.uniform(0.1, 0.9, shape))
    check(lambda p: p.logit(eps=0.05), rng.uniform(0.1, 0.9, shape))
    s1, s2 = pair.input_shapes
    check(mg.xlogy, rng.normal(size=s1), rng.uniform(0.5, 2.0, s2))
    check(lambda a: mg.xlogy(a, 2.5), rng.normal(size=s1))


def test_logit_as_pytorch_with_and_without_eps():
    p = mg.tensor([0.1, 0.25, 0.5, 0.9], requires_grad=True)
    z = mg.logit(p)
    z.sum().backward()
    close(z, [-2.1972246, -1.0986123, 0.0, 2.1972244], rtol=1e-5)
    close(p.grad, [11.1111116, 5.3333335, 4.0, 11.1111088], rtol=1e-5)
    p = mg.tensor([0.0, 0.05, 0.5, 0.95, 1.0], requires_grad=True)
    p.logit(eps=0.1).sum().backward()
    close(p.grad, [0.0, 0.0, 4.0, 0.0, 0.0])  # clamped: no slope
    p = mg.tensor([-0.5, 0.0, 1.0, 1.5], requires_grad=True)
    with np.errstate(all="ignore"):
        mg.logit(p).sum().backward()
    close(p.grad, [np.nan, np.inf, np.inf, np.nan])
    assert mg.logit(mg.tensor([1, 0])).dtype == np.float32
    with pytest.raises(TypeError, match="eps"):
        mg.logit(p, eps="small")


def test_xlogy_is_zero_where_x_is_zero_as_pytorch():
    x = mg.tensor([0.0, 0.0, 0.0, 0.0, 0.0, 1.0, -1.0], requires_grad=True)
    y = mg.tensor([0.0, 2.0, 0.5, -1.0, np.nan, 0.0, 0.0], requires_grad=True)
    z = mg.xlogy(x, y)
    with np.errstate(all="ignore"):
        z.sum().backward()
    close(z, [0.0, 0.0, 0.0, 0.0, np.nan, -np.inf, np.inf])
    # d/dx is ln y, but 0 where x = 0 and y <= 0 (PyTorch 2.13)
    close(x.grad, [0.0, 0.6931472, -0.6931472, 0.0, np.nan, -np.inf, -np.inf])
    close(y.grad, [np.nan, 0.0, 0.0, 0.0, np.nan, np.inf, -np.inf])
    x = mg.tensor([0.0, 1.0, 2.0, 0.5], requires_grad=True)
    y = mg.tensor([2.0, 0.5, 3.0, 4.0], requires_grad=True)
    x.xlogy(y).sum().backward()
    close(x.grad, [0.6931472, -0.6931472, 1.0986123, 1.3862944])
    close(y.grad, [0.0, 2.0, 0.6666667, 0.125])
    assert mg.xlogy(mg.tensor([1, 2]), 2.0).dtype == np.float32
    assert mg.xlogy(2, mg.tensor([1, 2])).dtype == np.float32
    with pytest.raises(TypeError, match="tensor"):
        mg.xlogy(1.0, 2.0)
