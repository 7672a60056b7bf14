"""PyTorch names beginner code reaches for: sinh, cosh, asin, acos, atan, atan2 (ops/trig.py),
trace and diag (ops/diagonal.py), hstack and vstack (ops/indexing.py), and the logical
functions (ops/logical.py).

Gradients are checked in float64 (gradcheck and gradgradcheck) on 0-d and larger shapes
and, for atan2, through broadcasting; values, gradients and dtypes are compared with
literals taken from PyTorch 2.13. tests/parity compares all of them with torch itself.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from op_strategies import SOME, check, nonscalar_shapes, seeds, shape_pairs, shapes

import minigrad as mg
from minigrad.errors import ShapeError

# Each unary op and values where it is smooth (asin and acos: inside (-1, 1)).
SMOOTH = {"sinh": (-2.0, 2.0), "cosh": (-2.0, 2.0), "asin": (-0.9, 0.9), "acos": (-0.9, 0.9),
          "atan": (-3.0, 3.0)}


@pytest.mark.parametrize("name", list(SMOOTH))
@SOME
@given(shape=shapes, seed=seeds)
def test_trig_gradients_function_and_method(name, shape, seed):
    x = np.random.default_rng(seed).uniform(*SMOOTH[name], shape)
    check(getattr(mg, name), x)
    check(lambda t: getattr(t, name)(), x)


@SOME
@given(pair=shape_pairs, seed=seeds)
def test_atan2_gradients_through_broadcasting(pair, seed):
    rng = np.random.default_rng(seed)
    sy, sx = pair.input_shapes
    y = rng.uniform(-2, 2, sy)
    x = rng.choice([-1.0, 1.0], sx) * rng.uniform(0.3, 2.0, sx)  # away from the origin
    check(mg.atan2, y, x)
    check(lambda a, b: a.atan2(b), y, x)


X = [-1.5, -0.25, 0.0, 0.5, 2.0]
TORCH = {  # value, gradient of the sum (PyTorch 2.13, float32)
    "sinh": ([-2.1292794, -0.2526123, 0.0, 0.5210953, 3.6268604],
             [2.3524096, 1.0314131, 1.0, 1.1276259, 3.7621958]),
    "cosh": ([2.3524096, 1.0314131, 1.0, 1.1276259, 3.7621958],
             [-2.1292794, -0.2526123, 0.0, 0.5210953, 3.6268604]),
    "atan": ([-0.9827937, -0.2449787, 0.0, 0.4636476, 1.1071488],
             [0.3076923, 0.9411765, 1.0, 0.8, 0.2]),
}


@pytest.mark.parametrize("name", list(TORCH))
def test_values_and_gradients_as_pytorch(name):
    x = mg.tensor(X, requires_grad=True)
    z = getattr(mg, name)(x)
    z.sum().backward()
    assert z.dtype == np.float32
    np.testing.assert_allclose(z.numpy(), TORCH[name][0], rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(x.grad.numpy(), TORCH[name][1], rtol=1e-6, atol=1e-7)


def test_asin_and_acos_have_infinite_slopes_at_the_ends_as_pytorch():
    p = mg.tensor([-1.0, -0.5, 0.0, 0.25, 1.0], requires_grad=True)
    mg.asin(p).sum().backward()
    np.testing.assert_allclose(p.grad.numpy(), [np.inf, 1.1547005, 1.0, 1.0327955, np.inf],
                               rtol=1e-6)
    p.grad = None
    z = p.acos()
    z.sum().backward()
    np.testing.assert_allclose(z.numpy(), [np.pi, 2.0943952, np.pi / 2, 1.3181161, 0.0],
                               rtol=1e-6)
    np.testing.assert_allclose(p.grad.numpy(), [-np.inf, -1.1547005, -1.0, -1.0327955,
                                                -np.inf], rtol=1e-6)
    with np.errstate(invalid="ignore"):
        assert np.isnan(mg.asin(mg.tensor([2.0])).numpy()).all()  # outside [-1, 1]


def test_atan2_values_gradients_and_the_origin_as_pytorch():
    y = mg.tensor([[1.0], [-2.0]], requires_grad=True)
    x = mg.tensor([3.0, -1.0, 0.0], requires_grad=True)
    z = mg.atan2(y, x)
    z.sum().backward()
    np.testing.assert_allclose(z.numpy(), [[0.3217506, 2.3561945, 1.5707964],
                                           [-0.5880026, -2.0344439, -1.5707964]], rtol=1e-6)
    np.testing.assert_allclose(y.grad.numpy(), [[-0.2], [0.0307692]], rtol=1e-5)
    np.testing.assert_allclose(x.grad.numpy(), [0.0538462, -0.1, -0.5], rtol=1e-5)
    a, b = mg.tensor(0.0, requires_grad=True), mg.tensor(0.0, requires_grad=True)
    mg.atan2(a, b).backward()  # no slope at the origin: 0, not 0 / 0 = NaN
    assert a.grad.item() == 0.0 and b.grad.item() == 0.0


def test_trig_dtypes_follow_pytorch():
    ints = mg.tensor([0, 1])  # inside asin's domain: no numpy warning
    for name in SMOOTH:
        assert getattr(mg, name)(ints).dtype == np.float32
        assert getattr(mg, name)(ints.double()).dtype == np.float64
        assert getattr(mg, name)(ints.half()).dtype == np.float16
    assert mg.atan2(ints, mg.tensor([True, False])).dtype == np.float32
    assert mg.atan2(ints.float(), ints.double()).dtype == np.float64
    with pytest.raises(TypeError, match=r"atan2: other must be a tensor, got float 2.0"):
        mg.atan2(ints.float(), 2.0)
    with pytest.raises(ShapeError, match=r"atan2: shapes \(2,\) and \(3,\) cannot be"):
        mg.atan2(mg.zeros(2), mg.zeros(3))


# ---- trace and diag ---------------------------------------------------------------------
@SOME
@given(seed=seeds, n=shapes.filter(lambda s: len(s) == 2) | nonscalar_shapes.map(
    lambda s: (s[0], s[0] + 1)))
def test_trace_gradients(seed, n):
    check(mg.trace, np.random.default_rng(seed).standard_normal(n))
    check(lambda t: t.trace(), np.random.default_rng(seed).standard_normal(n))


def test_trace_values_dtypes_and_errors():
    m = mg.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    t = mg.trace(m)
    t.backward()
    assert t.item() == 6.0 and t.shape == ()
    assert m.grad.tolist() == [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]
    assert mg.trace(mg.tensor([[1, 2], [3, 4]], dtype=mg.int32)).dtype == np.int64
    assert mg.trace(mg.ones(2, 2, dtype=mg.float16)).dtype == np.float16
    with pytest.raises(ShapeError, match=r"trace: needs a matrix \(2 axes\), got shape "
                                         r"\(2, 2, 2\); for a batch of square matrices"):
        mg.trace(mg.zeros(2, 2, 2))
    with pytest.raises(ShapeError, match=r"got shape \(3,\)$"):
        mg.zeros(3).trace()
    with pytest.raises(TypeError, match="trace: a bool matrix"):
        mg.trace(mg.ones(2, 2) > 0)


@pytest.mark.parametrize("diagonal", [-2, -1, 0, 1, 3])
def test_diag_gradients_both_ways(diagonal):
    rng = np.random.default_rng(abs(diagonal))
    check(lambda v: mg.diag(v, diagonal), rng.standard_normal(3))
    check(lambda m: m.diag(diagonal), rng.standard_normal((3, 4)))
    check(lambda m: mg.diag(m, diagonal), rng.standard_normal((4, 2)))


def test_diag_values_as_pytorch():
    v = mg.tensor([1, 2])
    assert mg.diag(v, -1).tolist() == [[0, 0, 0], [1, 0, 0], [0, 2, 0]]
    m = mg.arange(6.0).reshape(2, 3)
    assert mg.diag(m).tolist() == [0.0, 4.0] and m.diag(1).tolist() == [1.0, 5.0]
    assert mg.diag(m, 5).shape == (0,) and mg.diag(mg.zeros(0), 1).tolist() == [[0.0]]
    d = mg.diag(m)
    d[0] = 9.0  # a copy, not numpy's read-only view of m
    assert m[0, 0].item() == 0.0
    with pytest.raises(ShapeError, match=r"diag: needs a vector \(1 axis\) or a matrix "
                                         r"\(2 axes\), got shape \(\)"):
        mg.diag(mg.tensor(3.0))
    with pytest.raises(ShapeError, match=r"got shape \(2, 2, 2\)"):
        mg.diag(mg.zeros(2, 2, 2))
    with pytest.raises(TypeError, match="diag: diagonal must be an int, got 1.5"):
        mg.diag(m, 1.5)


# ---- hstack and vstack ------------------------------------------------------------------
def test_hstack_and_vstack_shapes_and_gradients_as_pytorch():
    assert mg.hstack([mg.tensor(1.0), mg.tensor(2)]).tolist() == [1.0, 2.0]
    assert mg.hstack([mg.ones(2, 1), mg.zeros(2, 2)]).shape == (2, 3)
    assert mg.vstack([mg.tensor(1.0), mg.tensor([2.0])]).tolist() == [[1.0], [2.0]]
    assert mg.vstack([mg.zeros(3), mg.ones(2, 3)]).shape == (3, 3)
    assert mg.vstack((mg.zeros(2, dtype=mg.int32), mg.ones(2))).dtype == np.float32
    rng = np.random.default_rng(0)
    check(lambda a, b, c: mg.hstack([a, b, c]), rng.standard_normal(()), rng.standard_normal(2),
          rng.standard_normal(3))
    check(lambda a, b: mg.hstack([a, b]), rng.standard_normal((2, 1)),
          rng.standard_normal((2, 3)))
    check(lambda a, b, c: mg.vstack([a, b, c]), rng.standard_normal(()).reshape(()) * 0 +
          rng.standard_normal(()), rng.standard_normal(1), rng.standard_normal((2, 1)))


def test_hstack_and_vstack_errors_name_the_op():
    with pytest.raises(ShapeError, match=r"vstack: tensor 1 has shape \(1, 3\) but tensor 0 "
                                         r"has \(1, 2\).*after vstack made each at least 2-D"):
        mg.vstack([mg.zeros(2), mg.zeros(3)])
    with pytest.raises(ShapeError, match=r"hstack: tensor 1 has shape \(3, 1\)"):
        mg.hstack([mg.zeros(2, 1), mg.zeros(3, 1)])
    with pytest.raises(TypeError, match="hstack: expected a non-empty list"):
        mg.hstack([])


# ---- logical functions --------------------------------------------------------------------
def test_logical_functions_give_bools_without_gradients():
    a = mg.tensor([1.0, 0.0, float("nan"), -2.0], requires_grad=True)
    b = mg.tensor([0, 0, 3, 1])
    assert mg.logical_and(a, b).tolist() == [False, False, True, True]
    assert a.logical_or(b).tolist() == [True, False, True, True]
    assert mg.logical_xor(a, b).tolist() == [True, False, False, False]
    assert a.logical_not().tolist() == [False, True, False, False]  # NaN counts as true
    z = mg.logical_and(a, b)
    assert z.dtype == np.bool_ and not z.requires_grad and z.grad_fn is None
    assert mg.logical_or(mg.zeros(2, 1), mg.ones(3)).shape == (2, 3)
    with pytest.raises(TypeError, match=r"logical_and: other must be a tensor, got int 1"):
        mg.logical_and(a, 1)
    with pytest.raises(ShapeError, match=r"logical_xor: shapes \(4,\) and \(3,\)"):
        mg.logical_xor(a, mg.ones(3))


def test_nothing_passed_in_is_changed():
    data = np.array([[0.5, -0.2], [0.1, 0.3]])
    x = mg.tensor(data.copy(), requires_grad=True)
    outs = [mg.sinh(x), mg.asin(x), mg.atan2(x, x.t()), mg.trace(x), mg.diag(x),
            mg.hstack([x, x]), mg.vstack([x, x]), mg.logical_not(x)]
    for out in outs:
        if out.requires_grad:
            out.sum().backward()
    np.testing.assert_array_equal(x.numpy(), data)
