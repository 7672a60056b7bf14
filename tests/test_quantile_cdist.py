"""quantile and nanquantile (ops/quantile.py) and cdist (ops/distance.py): values and
gradients with PyTorch 2.13's literals (ties, NaN, inf and zero distances among them),
float64 gradient checks over batch axes that broadcast and 0-d inputs, dtypes, and
every error."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from op_strategies import SOME, check, distinct, seeds

import minigrad as mg
from minigrad.errors import DTypeError, ShapeError

NAN, INF = math.nan, math.inf
F64 = mg.float64
X = [[0.5, -1.0, 2.0, 3.5], [4.0, 4.0, -2.0, 0.0], [1.0, 1.0, 1.0, 1.0]]  # ties in rows 1, 2
Q = [0.0, 0.2, 0.5, 0.75, 1.0]


# ---- quantile: values ------------------------------------------------------------------
@pytest.mark.parametrize("interpolation, expected", [
    # torch.quantile(torch.tensor(X, dtype=torch.float64), torch.tensor(Q, ...), dim=1, ...)
    ("linear", [[-1.0, -2.0, 1.0], [-0.09999999999999987, -0.7999999999999998, 1.0],
                [1.25, 2.0, 1.0], [2.375, 4.0, 1.0], [3.5, 4.0, 1.0]]),
    ("lower", [[-1.0, -2.0, 1.0], [-1.0, -2.0, 1.0], [0.5, 0.0, 1.0], [2.0, 4.0, 1.0],
               [3.5, 4.0, 1.0]]),
    ("higher", [[-1.0, -2.0, 1.0], [0.5, 0.0, 1.0], [2.0, 4.0, 1.0], [3.5, 4.0, 1.0],
                [3.5, 4.0, 1.0]]),
    ("midpoint", [[-1.0, -2.0, 1.0], [-0.25, -1.0, 1.0], [1.25, 2.0, 1.0], [2.75, 4.0, 1.0],
                  [3.5, 4.0, 1.0]]),
    ("nearest", [[-1.0, -2.0, 1.0], [0.5, 0.0, 1.0], [2.0, 4.0, 1.0], [2.0, 4.0, 1.0],
                 [3.5, 4.0, 1.0]]),
])
def test_quantile_values_match_pytorch(interpolation, expected):
    z = mg.quantile(mg.tensor(X, dtype=F64), mg.tensor(Q, dtype=F64), dim=1,
                    interpolation=interpolation)
    np.testing.assert_allclose(z.numpy(), expected, rtol=1e-15, atol=1e-15)


def test_nearest_rounds_half_to_even():
    x = mg.arange(6.0)  # ranks 0.5, 1.5, 2.5, 3.5, 4.5
    q = mg.tensor([0.1, 0.3, 0.5, 0.7, 0.9])
    assert mg.quantile(x, q, interpolation="nearest").tolist() == [0, 2, 2, 4, 4]  # torch's


def test_ranks_are_computed_in_the_inputs_dtype():
    # q (n - 1) rounds differently in float32 and float64; torch 2.13 gives these
    x32, x64 = mg.arange(46.0), mg.arange(46.0, dtype=F64)
    assert mg.quantile(x32, 0.7, interpolation="nearest").item() == 32.0  # rank 31.5 -> even
    assert mg.quantile(x64, 0.7, interpolation="nearest").item() == 31.0  # 31.499999999999996
    x32, x64 = mg.arange(51.0), mg.arange(51.0, dtype=F64)
    assert mg.quantile(x32, 0.58, interpolation="lower").item() == 29.0
    assert mg.quantile(x64, 0.58, interpolation="lower").item() == 28.0


def test_float32_stays_float32_and_matches_pytorch():
    z = mg.tensor([0.1, 0.7, 0.3, 0.9, 0.5])
    y = mg.quantile(z, 0.3)  # a Python float q does not upcast
    assert y.dtype == np.float32 and y.item() == np.float32(0.3400000333786011)
    both = mg.quantile(z, mg.tensor([0.1, 0.9]))
    assert both.dtype == np.float32
    assert both.tolist() == [np.float32(0.18000000715255737), np.float32(0.8199999332427979)]


@pytest.mark.parametrize("q, dim, keepdim, shape", [
    (0.5, None, False, ()), (0.5, None, True, (1, 1, 1)), ("1-D", None, False, (2,)),
    ("1-D", None, True, (2, 1, 1, 1)), (0.5, 1, False, (2, 4)), (0.5, -1, True, (2, 3, 1)),
    ("1-D", 0, False, (2, 3, 4)), ("1-D", 1, True, (2, 2, 1, 4)), ("0-d", 2, False, (2, 3)),
    ("empty", 1, False, (0, 2, 4)),
])
def test_result_shapes_are_pytorchs(q, dim, keepdim, shape):
    x = mg.arange(24.0).reshape(2, 3, 4)
    q = {"1-D": mg.tensor([0.25, 0.5]), "0-d": mg.tensor(0.25),
         "empty": mg.tensor(np.zeros(0, np.float32))}.get(q, q)
    assert mg.quantile(x, q, dim, keepdim).shape == shape


def test_quantile_of_everything_and_of_a_0d_tensor():
    x = mg.tensor(X, dtype=F64)
    assert mg.quantile(x, 0.4).item() == 1.0  # torch: 1.0
    np.testing.assert_allclose(mg.quantile(x, 0.4, dim=0).numpy(),
                               [0.9, 0.6000000000000001, 0.40000000000000013, 0.8], rtol=1e-15)
    s = mg.tensor(3.0)
    for kwargs in ({}, {"dim": 0}, {"dim": -1, "keepdim": True}, {"keepdim": True}):
        assert mg.quantile(s, 0.5, **kwargs).shape == () and mg.quantile(s, 0.5).item() == 3.0
    assert mg.quantile(s, mg.tensor([0.5, 0.2]), keepdim=True).tolist() == [3.0, 3.0]


def test_nan_gives_nan_and_nanquantile_leaves_nans_out():
    y = mg.tensor([[3.0, NAN, 1.0, 2.0], [NAN] * 4, [0.0, 5.0, NAN, NAN]], dtype=F64)
    assert np.isnan(mg.quantile(y, 0.5, dim=1).numpy()).all()
    got = mg.nanquantile(y, mg.tensor([0.25, 0.5], dtype=F64), dim=1).numpy()
    np.testing.assert_array_equal(got, [[1.5, NAN, 1.25], [2.0, NAN, 2.5]])  # torch's


def test_methods_and_numpy_names():
    x = mg.tensor(X)
    assert x.quantile(0.5, 1).tolist() == mg.quantile(x, 0.5, dim=1).tolist()
    assert x.nanquantile(0.5, axis=0, keepdims=True).shape == (1, 4)
    assert x.quantile(0.25, dim=1, interpolation="lower").tolist() == [-1.0, -2.0, 1.0]


# ---- quantile: gradients ------------------------------------------------------------------
def test_gradient_goes_to_the_two_sorted_neighbours_as_pytorchs():
    x = mg.tensor(X, dtype=F64, requires_grad=True)
    weights = np.array([[1.0, 2.0, 3.0]]) * np.array([[1.0], [10.0], [100.0], [1000.0], [1e4]])
    mg.quantile(x, mg.tensor(Q, dtype=F64), dim=1).backward(mg.tensor(weights))
    np.testing.assert_allclose(x.grad.numpy(), [  # torch 2.13's, ties included
        [56.0, 4.999999999999999, 800.0, 10250.0],
        [1600.0, 20500.0, 9.999999999999998, 112.0],
        [14.999999999999996, 168.0, 2400.0, 30750.0]], rtol=1e-15)


@pytest.mark.parametrize("interpolation, expected", [
    ("lower", [[1, 2, 1, 1], [1, 1, 2, 1], [2, 1, 1, 1]]),
    ("higher", [[1, 1, 1, 2], [1, 2, 1, 1], [1, 1, 1, 2]]),
    ("midpoint", [[1, 1.5, 1, 1.5], [1, 1.5, 1.5, 1], [1.5, 1, 1, 1.5]]),
    ("nearest", [[1, 1, 2, 1], [2, 1, 1, 1], [1, 1, 2, 1]]),
])
def test_gradient_of_each_interpolation_on_ties_is_pytorchs(interpolation, expected):
    x = mg.tensor(X, dtype=F64, requires_grad=True)
    mg.quantile(x, mg.tensor(Q, dtype=F64), dim=1, interpolation=interpolation).sum().backward()
    assert x.grad.tolist() == expected


def test_gradient_at_nans_is_pytorchs():
    y = mg.tensor([[3.0, NAN, 1.0, 2.0], [NAN] * 4, [0.0, 5.0, NAN, NAN]], dtype=F64,
                  requires_grad=True)
    mg.nanquantile(y, 0.25, dim=1).sum().backward()
    assert y.grad.tolist() == [[0, 0, 0.5, 0.5], [1, 0, 0, 0], [0.75, 0.25, 0, 0]]
    y.grad = None
    mg.quantile(y, 0.25, dim=1).sum().backward()  # to the last NaN (stable order)
    assert y.grad.tolist() == [[0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 0, 1]]


def test_q_gets_pytorchs_gradient_with_linear_interpolation():
    y = mg.tensor([[3.0, NAN, 1.0, 2.0], [0.0, 5.0, 4.0, -1.0]], dtype=F64)
    q = mg.tensor([0.1, 0.6], dtype=F64, requires_grad=True)
    mg.quantile(y, q, dim=1).sum().backward()
    assert q.grad.tolist() == [3.0, 12.0]  # the NaN row sends 0
    q.grad = None
    mg.nanquantile(y, q, dim=1).sum().backward()
    assert q.grad.tolist() == [5.0, 14.0]
    for interpolation in ("lower", "higher", "midpoint", "nearest"):  # no path to q
        assert not mg.quantile(y, q, dim=1, interpolation=interpolation).requires_grad


@SOME
@given(seed=seeds, shape=st.sampled_from([(5,), (3, 4), (2, 3, 4), (4, 1, 3)]),
       dim=st.sampled_from([None, 0, -1, 1]), keepdim=st.booleans(),
       interpolation=st.sampled_from(["linear", "lower", "higher", "midpoint", "nearest"]),
       nan=st.booleans())
def test_gradcheck_over_dims_and_interpolations(seed, shape, dim, keepdim, interpolation, nan):
    rng = np.random.default_rng(seed)
    dim = None if dim is not None and abs(dim) >= len(shape) else dim
    # ranks that stay off whole numbers (where linear has a kink) under central differences
    q = np.array([0.13, 0.62, 0.9]) if dim is None or shape[dim] > 1 else np.array([0.5])
    fn = mg.nanquantile if nan else mg.quantile

    def f(x, q):
        return fn(x, q, dim, keepdim, interpolation=interpolation)

    check(f, distinct(rng, shape), q)


def test_gradcheck_of_a_0d_input_and_a_0d_q():
    check(lambda x, q: mg.quantile(x, q), np.array(1.5), np.array(0.3))
    check(lambda x: mg.quantile(x, 0.3, dim=0, keepdim=True), np.array(-2.0))


# ---- quantile: errors ---------------------------------------------------------------------
@pytest.mark.parametrize("x, q, kwargs, error, words", [
    (mg.tensor([1, 2, 3]), 0.5, {}, DTypeError, "float32 or float64"),
    (mg.tensor([1.0, 2.0], dtype=mg.float16), 0.5, {}, DTypeError, "convert first, e.g. x.float()"),
    (mg.tensor([True, False]), 0.5, {}, DTypeError, "dtype bool"),
    (mg.tensor([1.0]), 1.5, {}, ValueError, "[0, 1], got 1.5"),
    (mg.tensor([1.0]), -0.1, {}, ValueError, "got -0.1"),
    (mg.tensor([1.0]), NAN, {}, ValueError, "got nan"),
    (mg.tensor([1.0]), mg.tensor([0.5, 1.5]), {}, ValueError, "got 1.5 among them"),
    (mg.tensor([1.0]), mg.tensor([NAN]), {}, ValueError, "q's values"),
    (mg.tensor([1.0]), mg.tensor([[0.5]]), {}, ShapeError, "got shape (1, 1)"),
    (mg.tensor([1.0]), mg.tensor([0.5], dtype=F64), {}, DTypeError, "q.to(mg.float32)"),
    (mg.tensor([1.0]), [0.5], {}, TypeError, "mg.tensor([0.5], dtype=mg.float32)"),
    (mg.tensor([1.0]), True, {}, TypeError, "got True"),
    (mg.tensor(np.zeros((2, 0), np.float32)), 0.5, {"dim": 0}, ShapeError, "is empty"),
    (mg.tensor([1.0]), 0.5, {"dim": 1}, ShapeError, "out of range"),
    (mg.tensor(1.0), 0.5, {"dim": 1}, ShapeError, "0-d"),
    (mg.tensor([[1.0]]), 0.5, {"dim": (0, 1)}, TypeError, "one int or None"),
    (mg.tensor([1.0]), 0.5, {"interpolation": "cubic"}, ValueError, "linear, lower, higher"),
])
def test_quantile_errors_say_what_is_wrong(x, q, kwargs, error, words):
    for fn in (mg.quantile, mg.nanquantile):
        with pytest.raises(error, match=r"^(nan)?quantile: ") as info:
            fn(x, q, **kwargs)
        assert words in str(info.value)


def test_quantile_refuses_slices_longer_than_pytorchs_limit():
    with pytest.raises(ShapeError, match="2\\*\\*24"):
        mg.quantile(mg.tensor(np.zeros(2**24 + 1, np.float32)), 0.5)


def test_quantile_leaves_its_arguments_alone():
    x, q = mg.tensor([3.0, 1.0, 2.0]), mg.tensor([0.5, 0.1])
    mg.quantile(x, q)
    assert x.tolist() == [3.0, 1.0, 2.0] and q.tolist() == [np.float32(0.5), np.float32(0.1)]


# ---- cdist: values and gradients ----------------------------------------------------------
A = [[0.0, 1.0], [2.0, 3.0]]
B = [[0.0, 1.0], [1.0, -1.0], [2.0, 3.5]]  # B[0] = A[0]: a zero distance
G = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
# torch.cdist(A, B, p) in float64, then backward(G): (values, A.grad, B.grad)
CDIST = {
    0.0: ([[0.0, 2.0, 2.0], [2.0, 2.0, 1.0]], [[0, 0], [0, 0]], [[0, 0], [0, 0], [0, 0]]),
    0.5: ([[0.0, 5.82842712474619, 8.972135954999581], [8.000000000000002, 9.0, 0.5]],
          [[-11.182529090995875, -2.269068010626653], [23.0, 9.5]],
          [[-8.0, -8.0], [-10.17157287525381, -10.914213562373096],
           [6.354101966249685, 11.68328157299975]]),
    1.0: ([[0.0, 3.0, 4.5], [4.0, 5.0, 0.5]], [[-5.0, -1.0], [9.0, 3.0]],
          [[-4.0, -4.0], [-3.0, -7.0], [3.0, 9.0]]),
    1.5: ([[0.0, 2.4472608147714756, 3.5826760204575523],
           [3.1748021039363987, 4.3267487109222245, 0.5]],
          [[-3.5199357111758065, -0.6980102612865466], [5.578551387782079, 1.98230067162776]],
          [[-3.174802103936399, -3.174802103936399], [-1.1252812681152158, -6.615525374597604],
           [2.241467695445342, 8.50603706819279]]),
    2.0: ([[0.0, 2.23606797749979, 3.2015621187164243],
           [2.8284271247461903, 4.123105625617661, 0.5]],
          [[-2.7685123336631885, -0.5537520463292591], [4.041105249927854, 1.6791396254728497]],
          [[-2.82842712474619, -2.82842712474619], [-0.3182509341817491, -6.639566882726491],
           [1.8740851426632728, 8.342606428329091]]),
    3.0: ([[0.0, 2.080083823051904, 2.8693967741585835],
           [2.5198420997897464, 4.020725758589058, 0.5]],
          [[-1.9197122269174818, -0.42833562884162824], [2.829128696604289, 1.4684276488224324]],
          [[-2.519842099789746, -2.519842099789746], [0.15295425275254687, -6.7975489473010455],
           [1.457471377350392, 8.277299027109986]]),
    INF: ([[0.0, 2.0, 2.5], [2.0, 4.0, 0.5]], [[0.0, -1.0], [4.0, 3.0]],  # ties: full gradient
          [[-4.0, -4.0], [0.0, -7.0], [0.0, 9.0]]),
}


@pytest.mark.parametrize("p", list(CDIST))
def test_cdist_values_and_gradients_match_pytorch(p):
    a, b = mg.tensor(A, dtype=F64, requires_grad=True), mg.tensor(B, dtype=F64, requires_grad=True)
    z = mg.cdist(a, b, p=p)
    z.backward(mg.tensor(G, dtype=F64))
    values, a_grad, b_grad = CDIST[p]
    np.testing.assert_allclose(z.numpy(), values, rtol=1e-14)
    np.testing.assert_allclose(a.grad.numpy(), a_grad, rtol=1e-14, atol=1e-14)
    np.testing.assert_allclose(b.grad.numpy(), b_grad, rtol=1e-14, atol=1e-14)


def test_cdist_gradient_at_zero_distance_is_0_not_nan():
    a = mg.tensor([[1.0, 2.0], [1.0, 2.0]], requires_grad=True)
    mg.cdist(a, a.detach()).sum().backward()
    assert a.grad.tolist() == [[0.0, 0.0], [0.0, 0.0]]  # torch: the same
    b = mg.tensor([[1.0, 2.0]], dtype=F64, requires_grad=True)
    c = mg.tensor([[1.0, 2.0]], dtype=F64)
    assert mg.gradcheck(lambda b: mg.cdist(b, c), (b,))  # central differences give 0 too
    (g,) = mg.grad(mg.cdist(b, c).sum(), b, create_graph=True)  # recorded: still no NaN
    g.sum().backward()
    assert g.tolist() == [[0.0, 0.0]] and b.grad.tolist() == [[0.0, 0.0]]


# torch.cdist(C, D, p).sum().backward() with C, D below in float32: (values, C.grad, D.grad)
C = [[NAN, 1.0], [INF, 0.0], [-INF, 2.0]]
D = [[0.0, 1.0], [INF, 0.0]]
CDIST_EDGES = {
    0: ([[NAN, NAN], [2, NAN], [2, 2]], [[0, 0]] * 3, [[0, 0]] * 2),
    1: ([[NAN, NAN], [INF, NAN], [INF, INF]], [[NAN, 1], [NAN, -1], [-2, 2]],
        [[NAN, 0], [NAN, -2]]),
    2: ([[NAN, NAN], [INF, NAN], [INF, INF]], [[NAN, NAN], [NAN, NAN], [NAN, 0]],
        [[NAN, NAN], [NAN, NAN]]),
    3: ([[NAN, NAN], [INF, NAN], [INF, INF]], [[NAN, NAN], [NAN, NAN], [NAN, 0]],
        [[NAN, NAN], [NAN, NAN]]),
    INF: ([[0, 1], [INF, 0], [INF, INF]], [[NAN, 1], [NAN, 0], [NAN, 0]],  # NaN never the max
          [[NAN, 0], [NAN, -1]]),
}


@pytest.mark.parametrize("p", list(CDIST_EDGES))
def test_cdist_at_nan_and_inf_is_pytorchs(p):
    c, d = mg.tensor(C, requires_grad=True), mg.tensor(D, requires_grad=True)
    z = mg.cdist(c, d, p=p)
    z.sum().backward()
    values, c_grad, d_grad = CDIST_EDGES[p]
    assert z.dtype == np.float32
    np.testing.assert_array_equal(z.numpy(), values)
    np.testing.assert_array_equal(c.grad.numpy(), c_grad)
    np.testing.assert_array_equal(d.grad.numpy(), d_grad)


def test_cdist_broadcasts_batch_axes_and_keeps_float32():
    x1 = mg.arange(12.0).reshape(2, 1, 3, 2)
    x2 = mg.arange(16.0).reshape(4, 2, 2) * 0.5
    z = mg.cdist(x1, x2)
    assert z.shape == (2, 4, 3, 2) and z.dtype == np.float32
    np.testing.assert_allclose(z[1, 2].numpy(), [  # torch 2.13's
        [3.2015621662139893, 1.8027756214141846], [6.020797252655029, 4.609772205352783],
        [8.845903396606445, 7.433034420013428]], rtol=1e-7)


def test_cdist_of_empty_inputs_and_rows_without_features():
    assert mg.cdist(mg.zeros(0, 2), mg.zeros(5, 2)).shape == (0, 5)
    assert mg.cdist(mg.zeros(0, 3, 2), mg.zeros(5, 2)).shape == (0, 3, 5)
    assert mg.cdist(mg.zeros(3, 0), mg.zeros(5, 0), p=INF).tolist() == [[0.0] * 5] * 3


def test_compute_mode_is_accepted_and_changes_nothing():
    a, b = mg.tensor(A), mg.tensor(B)
    plain = mg.cdist(a, b).tolist()
    for mode in ("use_mm_for_euclid_dist_if_necessary", "use_mm_for_euclid_dist",
                 "donot_use_mm_for_euclid_dist"):
        assert mg.cdist(a, b, compute_mode=mode).tolist() == plain


@SOME
@given(seed=seeds, p=st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.0, INF]),
       shapes=st.sampled_from([((3, 2), (4, 2)), ((2, 3, 2), (4, 2)), ((2, 1, 2, 3), (3, 1, 3)),
                               ((1, 2, 1), (3, 4, 1)), ((2, 2, 2), (2, 3, 2))]))
def test_cdist_gradcheck_over_broadcast_batch_axes(seed, p, shapes):
    rng = np.random.default_rng(seed)
    n1, n2 = (int(np.prod(s)) for s in shapes)
    values = distinct(rng, (n1 + n2,))  # all different: no zero |d_k|, no ties for the max
    check(lambda a, b: mg.cdist(a, b, p=p), values[:n1].reshape(shapes[0]),
          values[n1:].reshape(shapes[1]))


# ---- cdist: errors ------------------------------------------------------------------------
@pytest.mark.parametrize("x1, x2, kwargs, error, words", [
    (mg.zeros(2), mg.zeros(3, 2), {}, ShapeError, "x1 has shape (2,)"),
    (mg.zeros(3, 2), mg.zeros(2), {}, ShapeError, "x2.reshape(1, -1)"),
    (mg.tensor(1.0), mg.zeros(3, 1), {}, ShapeError, "at least 2 axes"),
    (mg.zeros(3, 2), mg.zeros(3, 1), {}, ShapeError, "2 features"),
    (mg.zeros(2, 3, 2), mg.zeros(3, 3, 2), {}, ShapeError, "do not broadcast"),
    (mg.zeros(3, 2, dtype=mg.int64), mg.zeros(3, 2), {}, DTypeError, "x1 has dtype int64"),
    (mg.zeros(3, 2), mg.zeros(3, 2, dtype=mg.bool), {}, DTypeError, "x2 has dtype bool"),
    (mg.zeros(3, 2, dtype=mg.float16), mg.zeros(3, 2, dtype=mg.float16), {}, DTypeError,
     "float16"),
    (mg.zeros(3, 2), mg.zeros(3, 2, dtype=F64), {}, DTypeError, "x2.to(mg.float32)"),
    (mg.zeros(0, 2), mg.zeros(3, 2, dtype=F64), {}, DTypeError, "the same"),
    (mg.zeros(3, 2), mg.zeros(3, 2), {"p": -1.0}, ValueError, ">= 0"),
    (mg.zeros(3, 2), mg.zeros(3, 2), {"p": NAN}, ValueError, "got nan"),
    (mg.zeros(3, 2), mg.zeros(3, 2), {"p": True}, TypeError, "a number"),
    (mg.zeros(3, 2), mg.zeros(3, 2), {"p": "fro"}, TypeError, "got 'fro'"),
    (mg.zeros(3, 2), mg.zeros(3, 2), {"compute_mode": "fast"}, ValueError, "compute_mode"),
])
def test_cdist_errors_say_what_is_wrong(x1, x2, kwargs, error, words):
    with pytest.raises(error, match="^cdist: ") as info:
        mg.cdist(x1, x2, **kwargs)
    assert words in str(info.value)


def test_the_names_are_no_longer_missing():
    assert mg.quantile and mg.nanquantile and mg.cdist
    assert mg.Tensor.quantile and mg.Tensor.nanquantile
