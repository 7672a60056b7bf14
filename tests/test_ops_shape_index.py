"""Shape ops, indexing and joining: gradcheck and gradgradcheck in float64.

Shapes come from hypothesis and include 0-d tensors, size-1 axes and
broadcasting. These ops only move, copy or pick elements, so they have no kinks:
values are standard normal from a drawn seed.
Shared strategies and `check` live in op_strategies.py.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from op_strategies import SOME, check, nonscalar_shapes, seeds, shapes

import minigrad as mg
from minigrad import Tensor

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
