"""Every primitive op: gradcheck and gradgradcheck in float64 over random shapes.

Shapes come from hypothesis and include 0-d tensors, size-1 axes and
broadcasting. Values are built from a drawn seed so that no example sits on a
point where the op is not differentiable (relu/abs at 0, ties of max/min,
clip at its bounds, log/sqrt/pow of non-positive numbers).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import minigrad as mg
from minigrad import Tensor

FEW = settings(max_examples=15, deadline=None)
SOME = settings(max_examples=20, deadline=None)

seeds = st.integers(0, 2**32 - 1)
shapes = hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=3)
nonscalar_shapes = hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=3)
shape_pairs = hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3)


def check(fn, *arrays, **tolerances):
    """gradcheck and gradgradcheck `fn` at float64 leaves holding `arrays`."""
    inputs = tuple(Tensor(np.asarray(a, dtype=np.float64), requires_grad=True) for a in arrays)
    assert mg.gradcheck(fn, inputs, **tolerances)
    assert mg.gradgradcheck(fn, inputs, **tolerances)


def away_from_zero(rng, shape, low=0.2, high=2.0):
    """Random values with |v| in [low, high]: relu, abs and division are smooth there."""
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(low, high, size=shape)


def distinct(rng, shape):
    """Values at least 0.3 apart: no ties for max/min, even after a central difference."""
    n = int(np.prod(shape))
    return (rng.permutation(n) * 0.3 + rng.uniform(-0.05, 0.05, n)).reshape(shape) - 0.15 * n


# ---- elementwise, binary (broadcasting) ----------------------------------------

BINARY = {
    "add": lambda x, y: x + y,
    "sub": lambda x, y: x - y,
    "mul": lambda x, y: x * y,
    "div": lambda x, y: x / y,
    "mg.add": mg.add,
    "mg.sub": mg.sub,
    "mg.mul": mg.mul,
    "mg.div": mg.div,
}


@pytest.mark.parametrize("name", list(BINARY))
@SOME
@given(pair=shape_pairs, seed=seeds)
def test_binary_arithmetic(name, pair, seed):
    rng = np.random.default_rng(seed)
    sx, sy = pair.input_shapes
    check(BINARY[name], rng.standard_normal(sx), away_from_zero(rng, sy))


@SOME
@given(pair=shape_pairs, seed=seeds)
def test_pow_tensor_exponent(pair, seed):
    rng = np.random.default_rng(seed)
    sx, sy = pair.input_shapes
    check(lambda x, y: x**y, rng.uniform(0.5, 2.0, sx), rng.uniform(-2.0, 2.0, sy))


@pytest.mark.parametrize(
    "fn",
    [
        lambda x: x**2,
        lambda x: x**3,
        lambda x: x**-1,
        lambda x: x**0.5,
        lambda x: x.pow(1.5),
        lambda x: 2**x,
        lambda x: 0.5**x,
        lambda x: mg.pow(3.0, x),
    ],
    ids=["x**2", "x**3", "x**-1", "x**0.5", "x.pow(1.5)", "2**x", "0.5**x", "mg.pow(3,x)"],
)
@FEW
@given(shape=shapes, seed=seeds)
def test_pow_with_a_scalar_on_either_side(fn, shape, seed):
    rng = np.random.default_rng(seed)
    check(fn, rng.uniform(0.5, 2.0, shape))


@SOME
@given(shape=shapes, seed=seeds)
def test_integer_power_of_negative_base(shape, seed):
    rng = np.random.default_rng(seed)
    check(lambda x: x**3 + x**2, away_from_zero(rng, shape))


@pytest.mark.parametrize("op", ["maximum", "minimum"])
@SOME
@given(pair=shape_pairs, seed=seeds)
def test_maximum_minimum(op, pair, seed):
    rng = np.random.default_rng(seed)
    sx, sy = pair.input_shapes
    # x on quarter points, y on three-quarter points: never within 0.4 of each other.
    x = rng.integers(-3, 3, sx) + 0.25 + rng.uniform(-0.05, 0.05, sx)
    y = rng.integers(-3, 3, sy) + 0.75 + rng.uniform(-0.05, 0.05, sy)
    check(lambda a, b: getattr(mg, op)(a, b), x, y)
    check(lambda a, b: getattr(a, op)(b), x, y)


@SOME
@given(shapes3=hnp.mutually_broadcastable_shapes(num_shapes=3, max_dims=3, max_side=3), seed=seeds)
def test_where(shapes3, seed):
    rng = np.random.default_rng(seed)
    sc, sx, sy = shapes3.input_shapes
    cond = rng.random(sc) > 0.5
    check(lambda x, y: mg.where(cond, x, y), rng.standard_normal(sx), rng.standard_normal(sy))
    check(lambda x: mg.where(Tensor(cond), x, 0.5), rng.standard_normal(sx))


# ---- elementwise, unary --------------------------------------------------------

UNARY = {
    "neg": (lambda x: -x, "normal"),
    "exp": (lambda x: x.exp(), "normal"),
    "mg.exp": (mg.exp, "normal"),
    "log": (lambda x: x.log(), "positive"),
    "sqrt": (lambda x: x.sqrt(), "positive"),
    "abs": (lambda x: x.abs(), "nonzero"),
    "abs()": (abs, "nonzero"),
    "relu": (lambda x: x.relu(), "nonzero"),
    "relu then square": (lambda x: x.relu() * x, "nonzero"),
    "sigmoid": (lambda x: x.sigmoid(), "normal"),
    "tanh": (lambda x: x.tanh(), "normal"),
    "clone": (lambda x: x.clone() * x, "normal"),
    "astype float64": (lambda x: x.astype(np.float64) * x, "normal"),
}


@pytest.mark.parametrize("name", list(UNARY))
@SOME
@given(shape=shapes, seed=seeds)
def test_unary(name, shape, seed):
    fn, domain = UNARY[name]
    rng = np.random.default_rng(seed)
    x = {
        "normal": lambda: rng.standard_normal(shape) * 2,
        "positive": lambda: rng.uniform(0.3, 3.0, shape),
        "nonzero": lambda: away_from_zero(rng, shape),
    }[domain]()
    check(fn, x)


@FEW
@given(shape=shapes, seed=seeds)
def test_clip(shape, seed):
    rng = np.random.default_rng(seed)
    # Bounds at -1 and 1; values at half-integers, so never on a bound.
    x = rng.integers(-3, 3, shape) + 0.5 + rng.uniform(-0.1, 0.1, shape)
    check(lambda t: t.clip(-1.0, 1.0), x)
    check(lambda t: t.clamp(min=-1.0) * t, x)
    check(lambda t: mg.clip(t, None, 1.0) * t, x)


@FEW
@given(shape=shapes, seed=seeds)
def test_astype_float32_round_trip(shape, seed):
    # float32 in the middle: a coarse eps keeps rounding out of the finite differences.
    rng = np.random.default_rng(seed)
    check(lambda x: (x.astype(np.float32) ** 2).astype(np.float64), rng.uniform(0.5, 2.0, shape),
          eps=1e-3, atol=1e-3, rtol=1e-2)


def test_astype_gradient_has_the_leaf_dtype():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = Tensor(np.array([1.0, 2.0], dtype=np.float32), requires_grad=True)
    (x.astype(np.float32) * 3).sum().backward()
    (y.astype(np.float64) * 3).sum().backward()
    assert x.grad.dtype == np.float64 and x.grad.tolist() == [3.0, 3.0]
    assert y.grad.dtype == np.float32 and y.grad.tolist() == [3.0, 3.0]


# ---- matmul --------------------------------------------------------------------


@SOME
@given(n=st.integers(1, 3), m=st.integers(1, 3), k=st.integers(1, 3), seed=seeds,
       kind=st.sampled_from(["1d@1d", "2d@1d", "1d@2d", "2d@2d"]))
def test_matmul_1d_2d(n, m, k, seed, kind):
    rng = np.random.default_rng(seed)
    a_shape = {"1d@1d": (k,), "2d@1d": (n, k), "1d@2d": (k,), "2d@2d": (n, k)}[kind]
    b_shape = {"1d@1d": (k,), "2d@1d": (k,), "1d@2d": (k, m), "2d@2d": (k, m)}[kind]
    a, b = rng.standard_normal(a_shape), rng.standard_normal(b_shape)
    check(lambda x, y: x @ y, a, b)
    check(lambda x, y: mg.matmul(x, y), a, b)


@SOME
@given(batch=hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=2, max_side=2),
       n=st.integers(1, 3), m=st.integers(1, 3), k=st.integers(1, 3), seed=seeds,
       vector=st.sampled_from([None, "a", "b"]))
def test_matmul_batched_with_broadcast_batch_axes(batch, n, m, k, seed, vector):
    rng = np.random.default_rng(seed)
    ba, bb = batch.input_shapes
    a_shape = (k,) if vector == "a" else ba + (n, k)
    b_shape = (k,) if vector == "b" else bb + (k, m)
    a, b = rng.standard_normal(a_shape), rng.standard_normal(b_shape)
    assert np.allclose((Tensor(a) @ Tensor(b)).numpy(), a @ b)
    check(lambda x, y: x.matmul(y), a, b)


# ---- reductions ----------------------------------------------------------------


@st.composite
def shape_and_axis(draw, min_dims=0):
    """A shape and an axis for it: None, an int (maybe negative) or a tuple of ints."""
    shape = draw(hnp.array_shapes(min_dims=min_dims, max_dims=3, min_side=1, max_side=3))
    ndim = len(shape)
    if ndim == 0:
        axis = draw(st.sampled_from([None, 0, -1, (), (0,)]))
    else:
        axes = st.integers(-ndim, ndim - 1)
        axis = draw(
            st.one_of(
                st.none(),
                axes,
                st.lists(st.integers(0, ndim - 1), unique=True, max_size=ndim).map(
                    lambda xs: tuple(a - ndim if draw(st.booleans()) else a for a in xs)
                ),
            )
        )
    return shape, axis


REDUCTIONS = ["sum", "mean", "max", "min"]


@pytest.mark.parametrize("op", REDUCTIONS)
@SOME
@given(case=shape_and_axis(), keepdims=st.booleans(), seed=seeds, torch_names=st.booleans())
def test_reductions(op, case, keepdims, seed, torch_names):
    shape, axis = case
    x = distinct(np.random.default_rng(seed), shape)
    kwargs = {"dim": axis, "keepdim": keepdims} if torch_names else {"axis": axis,
                                                                    "keepdims": keepdims}
    expected = getattr(np, op)(x, axis=axis if len(shape) else None, keepdims=keepdims)
    got = getattr(Tensor(x), op)(**kwargs)
    if len(shape) or axis is None or keepdims:
        assert got.shape == np.shape(expected)
    np.testing.assert_allclose(got.numpy(), expected)
    check(lambda t: getattr(t, op)(**kwargs), x)
    check(lambda t: getattr(mg, op)(t * t, axis, keepdims), x)


@pytest.mark.parametrize("op", ["max", "min"])
def test_max_min_split_ties_evenly(op):
    x = Tensor(np.array([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]]), requires_grad=True)
    y = Tensor(np.array([[-1.0, -3.0, -3.0], [2.0, 2.0, 2.0]]), requires_grad=True)
    t = x if op == "max" else y
    getattr(t, op)(axis=1).sum().backward()
    np.testing.assert_allclose(t.grad.numpy(), [[0.0, 0.5, 0.5], [1 / 3, 1 / 3, 1 / 3]])
    t.grad = None
    getattr(t, op)().backward()  # over everything: one winner in row 0, or three in row 1
    expected = [[0, 0.5, 0.5], [0, 0, 0]]  # the two tied extremes of row 0
    np.testing.assert_allclose(t.grad.numpy(), expected)


def test_maximum_minimum_split_ties_evenly():
    a = Tensor(np.array([1.0, 2.0, 3.0]), requires_grad=True)
    b = Tensor(np.array([1.0, 5.0, 0.0]), requires_grad=True)
    (mg.maximum(a, b) + 2 * mg.minimum(a, b)).sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), [1.5, 2.0, 1.0])
    np.testing.assert_allclose(b.grad.numpy(), [1.5, 1.0, 2.0])


def test_relu_and_abs_at_zero_have_gradient_zero():
    x = Tensor(np.array([-1.0, 0.0, 2.0]), requires_grad=True)
    x.relu().sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, 1.0]
    x.grad = None
    x.abs().sum().backward()
    assert x.grad.tolist() == [-1.0, 0.0, 1.0]


def test_relu_gives_plus_zero():
    out = Tensor([-2.0, -0.5, 0.0, 3.0]).relu().numpy()
    assert out.tolist() == [0.0, 0.0, 0.0, 3.0]
    assert not np.signbit(out).any()  # no -0.0 to confuse a reader of the printout


# ---- shape ops -----------------------------------------------------------------


@SOME
@given(shape=shapes, seed=seeds, data=st.data())
def test_reshape_and_flatten(shape, seed, data):
    x = np.random.default_rng(seed).standard_normal(shape)
    size = x.size
    target = data.draw(st.sampled_from([(-1,), (size,), (1, size), (size, 1, 1), shape[::-1],
                                        (1,) + shape, ()] if size == 1 else
                                       [(-1,), (size,), (1, size), (size, 1, 1), shape[::-1],
                                        (1,) + shape]))
    assert Tensor(x).reshape(target).shape == x.reshape(target).shape
    check(lambda t: t.reshape(target) * t.reshape(target), x)
    check(lambda t: mg.reshape(t, target), x)
    check(lambda t: t.view(*target) if target else t.view(()), x)
    if x.ndim:
        start = data.draw(st.integers(-x.ndim, x.ndim - 1))
        end = data.draw(st.integers(start % x.ndim, x.ndim - 1))
        check(lambda t: t.flatten(start, end), x)
    check(lambda t: t.flatten(), x)


@SOME
@given(shape=shapes, seed=seeds, data=st.data())
def test_transpose_permute_swapaxes(shape, seed, data):
    x = np.random.default_rng(seed).standard_normal(shape)
    ndim = x.ndim
    order = tuple(data.draw(st.permutations(range(ndim))))
    assert Tensor(x).permute(order).shape == x.transpose(order).shape
    check(lambda t: t.permute(order), x)
    check(lambda t: t.transpose(order) if ndim else t.transpose(), x)
    check(lambda t: mg.transpose(t), x)
    check(lambda t: t.T * 2, x)
    if ndim >= 1:
        a, b = data.draw(st.integers(-ndim, ndim - 1)), data.draw(st.integers(-ndim, ndim - 1))
        assert Tensor(x).transpose(a, b).shape == np.swapaxes(x, a, b).shape
        check(lambda t: t.swapaxes(a, b), x)
        check(lambda t: t.transpose(a, b), x)
    if ndim >= 2:
        check(lambda t: t.mT, x)
        check(lambda t: t.permute(*order), x)


@SOME
@given(shape=shapes, seed=seeds, data=st.data())
def test_squeeze_unsqueeze(shape, seed, data):
    x = np.random.default_rng(seed).standard_normal(shape)
    check(lambda t: t.squeeze(), x)
    ones = [i for i, n in enumerate(shape) if n == 1]
    if ones:
        axis = data.draw(st.sampled_from(ones))
        neg = axis - len(shape)
        assert Tensor(x).squeeze(neg).shape == np.squeeze(x, axis).shape
        check(lambda t: t.squeeze(axis), x)
        check(lambda t: t.squeeze(dim=neg), x)
    where = data.draw(st.integers(-x.ndim - 1, x.ndim))
    assert Tensor(x).unsqueeze(where).shape == np.expand_dims(x, where).shape
    check(lambda t: t.unsqueeze(where), x)
    check(lambda t: mg.expand_dims(t, where), x)


@SOME
@given(shape=shapes, seed=seeds, data=st.data())
def test_broadcast_to(shape, seed, data):
    x = np.random.default_rng(seed).standard_normal(shape)
    lead = tuple(data.draw(st.lists(st.integers(1, 3), max_size=2)))
    target = lead + tuple(data.draw(st.integers(1, 3)) if n == 1 else n for n in shape)
    check(lambda t: t.broadcast_to(target), x)
    check(lambda t: t.expand(*target) if target else t.expand(()), x)
    check(lambda t: mg.broadcast_to(t, target) * mg.broadcast_to(t, target), x)


# ---- indexing ------------------------------------------------------------------


@st.composite
def basic_index(draw, shape):
    """An index of ints, slices (negative steps too), None and at most one Ellipsis."""
    parts = []
    count = draw(st.integers(0, len(shape)))
    ellipsis_first = draw(st.booleans())  # then the parts index the trailing axes
    for n in (shape[len(shape) - count :] if ellipsis_first else shape[:count]):
        kind = draw(st.sampled_from(["int", "slice", "all"]))
        if kind == "int":
            parts.append(draw(st.integers(-n, n - 1)))
        elif kind == "slice":
            start = draw(st.one_of(st.none(), st.integers(-n, n)))
            stop = draw(st.one_of(st.none(), st.integers(-n, n)))
            step = draw(st.sampled_from([None, 1, 2, -1, -2]))
            parts.append(slice(start, stop, step))
        else:
            parts.append(slice(None))
    if ellipsis_first:
        parts.insert(0, Ellipsis)
    elif draw(st.booleans()):
        parts.append(Ellipsis)
    if draw(st.booleans()):
        parts.insert(draw(st.integers(0, len(parts))), None)
    return tuple(parts)


@SOME
@given(shape=shapes, seed=seeds, data=st.data())
def test_basic_indexing(shape, seed, data):
    x = np.random.default_rng(seed).standard_normal(shape)
    index = data.draw(basic_index(shape))
    expected = x[index]
    np.testing.assert_array_equal(Tensor(x)[index].numpy(), expected)
    if expected.size:
        check(lambda t: t[index], x)


@SOME
@given(shape=nonscalar_shapes, seed=seeds, data=st.data())
def test_integer_array_indexing_with_repeats(shape, seed, data):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape)
    n = shape[0]
    idx = rng.integers(0, n, size=data.draw(st.integers(1, 5)))
    idx = np.append(idx, idx[0])  # at least one repeat
    np.testing.assert_array_equal(Tensor(x)[idx].numpy(), x[idx])
    check(lambda t: t[idx], x)
    check(lambda t: t[idx.tolist()] * t[Tensor(idx)], x)
    if len(shape) >= 2:  # arrays on two axes, and an array after a slice
        j = rng.integers(0, shape[1], size=idx.shape)
        check(lambda t: t[idx, j], x)
        check(lambda t: t[:, j], x)


def test_repeated_indices_accumulate():
    x = Tensor(np.array([10.0, 20.0, 30.0]), requires_grad=True)
    x[[0, 0, 2, 0]].sum().backward()
    assert x.grad.tolist() == [3.0, 0.0, 1.0]
    w = Tensor(np.zeros((3, 2)), requires_grad=True)
    (w[np.array([1, 1])] * Tensor(np.array([[1.0, 2.0], [3.0, 4.0]]))).sum().backward()
    assert w.grad.tolist() == [[0, 0], [4.0, 6.0], [0, 0]]


@SOME
@given(shape=nonscalar_shapes, seed=seeds)
def test_boolean_mask_indexing(shape, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape)
    mask = rng.random(shape) > 0.4
    mask.flat[0] = True  # never empty
    np.testing.assert_array_equal(Tensor(x)[mask].numpy(), x[mask])
    check(lambda t: t[mask], x)
    check(lambda t: t[Tensor(mask)] ** 2, x)
    row_mask = rng.random(shape[0]) > 0.5
    row_mask[0] = True
    check(lambda t: t[row_mask], x)


# ---- joining -------------------------------------------------------------------


@SOME
@given(shape=nonscalar_shapes, seed=seeds, data=st.data(), count=st.integers(1, 3))
def test_concatenate(shape, seed, data, count):
    rng = np.random.default_rng(seed)
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    arrays = []
    for _ in range(count):
        s = list(shape)
        s[axis] = data.draw(st.integers(1, 3))
        arrays.append(rng.standard_normal(s))
    expected = np.concatenate(arrays, axis=axis)
    np.testing.assert_array_equal(mg.concatenate([Tensor(a) for a in arrays], axis).numpy(),
                                  expected)
    check(lambda *ts: mg.concatenate(list(ts), axis=axis), *arrays)
    check(lambda *ts: mg.cat(ts, dim=axis) * mg.cat(ts, dim=axis), *arrays)


@SOME
@given(shape=shapes, seed=seeds, data=st.data(), count=st.integers(1, 3))
def test_stack(shape, seed, data, count):
    rng = np.random.default_rng(seed)
    axis = data.draw(st.integers(-len(shape) - 1, len(shape)))
    arrays = [rng.standard_normal(shape) for _ in range(count)]
    np.testing.assert_array_equal(mg.stack([Tensor(a) for a in arrays], axis).numpy(),
                                  np.stack(arrays, axis))
    check(lambda *ts: mg.stack(ts, axis=axis), *arrays)
    check(lambda *ts: mg.stack(list(ts), dim=axis) ** 2, *arrays)


def test_join_with_the_same_tensor_twice_accumulates():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    (mg.stack([x, x, x]) * Tensor(np.array([[1.0], [2.0], [3.0]]))).sum().backward()
    assert x.grad.tolist() == [6.0, 6.0]
