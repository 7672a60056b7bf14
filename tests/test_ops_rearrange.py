"""repeat, tile, flip, roll, pad (ops/rearrange.py); tril, triu, masked_fill(_)
(ops/masking.py); split, chunk, unbind (ops/pieces.py); t, mm, bmm, mv, dot, outer
(ops/products.py); view and clone.

Gradients are checked in float64 (gradcheck and gradgradcheck) on random shapes,
0-d tensors included where the op takes them; values and gradients are compared
with literals taken from PyTorch 2.13; bad arguments get errors naming the op.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from op_strategies import SOME, check, nonscalar_shapes, seeds, shapes
from test_errors import raises

import minigrad as mg
import minigrad.nn.functional as F
from minigrad.errors import DTypeError, InplaceError, ShapeError

M23 = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]


# ---- gradients ------------------------------------------------------------------------
@SOME
@given(shape=shapes, seed=seeds, data=st.data())
def test_repeat_and_tile_gradients_sum_the_copies(shape, seed, data):
    x = np.random.default_rng(seed).standard_normal(shape)
    extra = data.draw(st.integers(0, 2))
    reps = tuple(data.draw(st.lists(st.integers(0, 3), min_size=len(shape) + extra,
                                    max_size=len(shape) + extra)))
    check(lambda t: t.repeat(*reps) if reps else t.repeat(()), x)
    check(lambda t: mg.tile(t, reps[extra:]), x)  # fewer dims than axes: leading 1s


@SOME
@given(shape=shapes, seed=seeds, data=st.data())
def test_flip_and_roll_gradients(shape, seed, data):
    x = np.random.default_rng(seed).standard_normal(shape)
    n = max(len(shape), 1)
    dims = data.draw(st.lists(st.integers(-n, n - 1), unique_by=lambda d: d % n, max_size=n))
    check(lambda t: t.flip(dims), x)
    shift = data.draw(st.integers(-5, 5))
    check(lambda t: mg.roll(t, shift), x)  # the flattened tensor
    if shape:
        shifts = [data.draw(st.integers(-5, 5)) for _ in dims]
        check(lambda t: t.roll(shifts, dims) if dims else t, x)


@SOME
@given(shape=nonscalar_shapes, seed=seeds, data=st.data())
def test_pad_gradients_with_negative_pads(shape, seed, data):
    x = np.random.default_rng(seed).standard_normal(shape)
    amounts = []
    for n in reversed(shape[-data.draw(st.integers(0, len(shape))):] if shape else ()):
        before = data.draw(st.integers(-n, 2))
        amounts += [before, data.draw(st.integers(-(n - max(-before, 0)), 2))]
    check(lambda t: F.pad(t, amounts, value=0.5), x)


@SOME
@given(shape=nonscalar_shapes.filter(lambda s: len(s) >= 2), seed=seeds,
       k=st.integers(-3, 3))
def test_tril_triu_gradients(shape, seed, k):
    x = np.random.default_rng(seed).standard_normal(shape)
    check(lambda t: mg.tril(t, k) + t.triu(diagonal=k + 1) * 2, x)


@SOME
@given(seed=seeds, data=st.data())
def test_masked_fill_gradients_through_broadcasting(seed, data):
    rng = np.random.default_rng(seed)
    shape = data.draw(shapes)
    mask_shape = data.draw(shapes.filter(lambda s: _broadcasts(s, shape)))
    mask = mg.tensor(rng.random(mask_shape) < 0.5)
    check(lambda x: x.masked_fill(mask, -2.0), rng.standard_normal(shape))
    check(lambda x, v: mg.masked_fill(x, mask, v), rng.standard_normal(shape), 0.7)


def _broadcasts(a, b):
    try:
        np.broadcast_shapes(a, b)
    except ValueError:
        return False
    return True


@SOME
@given(shape=nonscalar_shapes, seed=seeds, data=st.data())
def test_split_chunk_unbind_pieces_carry_gradients(shape, seed, data):
    x = np.random.default_rng(seed).standard_normal(shape)
    dim = data.draw(st.integers(-len(shape), len(shape) - 1))
    size = data.draw(st.integers(1, 4))
    weights = lambda pieces: sum((p * (k + 1)).sum() for k, p in enumerate(pieces))  # noqa: E731
    check(lambda t: weights(t.split(size, dim)), x)
    check(lambda t: weights(mg.chunk(t, size, dim)), x)
    check(lambda t: weights(t.unbind(dim)), x)


def test_products_gradients():
    rng = np.random.default_rng(1)
    a, b, v = rng.standard_normal((2, 3)), rng.standard_normal((3, 4)), rng.standard_normal(3)
    check(mg.mm, a, b)
    check(lambda p, q: p.bmm(q), rng.standard_normal((2, 2, 3)), rng.standard_normal((2, 3, 2)))
    check(mg.mv, a, v)
    check(mg.dot, v, rng.standard_normal(3))
    check(mg.outer, v, rng.standard_normal(2))
    check(lambda p: p.t() * 2, a)
    check(lambda p: p.view(-1), a)
    check(mg.clone, 1.5)


# ---- values and gradients from PyTorch ------------------------------------------------
def literal(make, values, weights, grad):
    """make(x) on a float32 leaf holding `values`; its value, then x.grad after
    backward(weights), compared with PyTorch's."""
    x = mg.tensor(values, requires_grad=True)
    y = make(x)
    y.backward(mg.tensor(weights))
    assert x.grad.tolist() == grad
    return y.tolist()


def test_rearranging_literals():
    assert literal(lambda x: x.repeat(1, 2, 1), [[1.0, 2.0], [3.0, 4.0]],
                   np.arange(8.0).reshape(1, 4, 2), [[4.0, 6.0], [8.0, 10.0]]) == [
        [[1.0, 2.0], [3.0, 4.0], [1.0, 2.0], [3.0, 4.0]]]
    assert literal(lambda x: x.tile((2,)), [1.0, 2.0, 3.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
                   [5.0, 7.0, 9.0]) == [1.0, 2.0, 3.0, 1.0, 2.0, 3.0]
    w = np.array(M23) * 10
    assert literal(lambda x: x.flip(1), M23, w, [[30.0, 20.0, 10.0], [60.0, 50.0, 40.0]]) == [
        [3.0, 2.0, 1.0], [6.0, 5.0, 4.0]]
    assert literal(lambda x: x.roll(1, 1), M23, w, [[20.0, 30.0, 10.0], [50.0, 60.0, 40.0]]) == [
        [3.0, 1.0, 2.0], [6.0, 4.0, 5.0]]
    assert literal(lambda x: x.roll(-2), M23, w, [[50.0, 60.0, 10.0], [20.0, 30.0, 40.0]]) == [
        [3.0, 4.0, 5.0], [6.0, 1.0, 2.0]]
    assert literal(lambda x: F.pad(x, (1, -1, 0, 1), value=-1.0), M23,
                   np.arange(9.0).reshape(3, 3), [[1.0, 2.0, 0.0], [4.0, 5.0, 0.0]]) == [
        [-1.0, 1.0, 2.0], [-1.0, 4.0, 5.0], [-1.0, -1.0, -1.0]]
    m33 = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]
    assert literal(lambda x: x.tril(-1) + x.triu(1) * 10, m33, np.ones((3, 3)),
                   [[0.0, 10.0, 10.0], [1.0, 0.0, 10.0], [1.0, 1.0, 0.0]]) == [
        [0.0, 20.0, 30.0], [4.0, 0.0, 60.0], [7.0, 8.0, 0.0]]


def test_products_literals():
    a, b = mg.tensor([1.0, 2.0], requires_grad=True), mg.tensor([3.0, 4.0, 5.0],
                                                                requires_grad=True)
    y = mg.outer(a, b)
    y.backward(mg.ones(2, 3))
    assert y.tolist() == [[3.0, 4.0, 5.0], [6.0, 8.0, 10.0]]
    assert a.grad.tolist() == [12.0, 12.0] and b.grad.tolist() == [3.0, 3.0, 3.0]
    m, v = mg.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True), mg.tensor(
        [5.0, 6.0], requires_grad=True)
    y = m.mv(v)
    y.backward(mg.tensor([1.0, -1.0]))
    assert y.tolist() == [17.0, 39.0]
    assert m.grad.tolist() == [[5.0, 6.0], [-5.0, -6.0]] and v.grad.tolist() == [-2.0, -2.0]
    a, b = mg.tensor([1.0, 2.0, 3.0], requires_grad=True), mg.tensor([4.0, 5.0, 6.0],
                                                                     requires_grad=True)
    y = a.dot(b)
    y.backward()
    assert y.shape == () and y.item() == 32.0 and a.grad.tolist() == [4.0, 5.0, 6.0]
    ints = mg.mm(mg.tensor([[1, 2]]), mg.tensor([[3], [4]]))
    assert ints.tolist() == [[11]] and ints.dtype == np.int64
    assert mg.outer(mg.tensor([0, 1]), mg.tensor([1.0, 2.0])).dtype == np.float32  # promoted
    x = mg.tensor([1.0, 2.0])
    assert x.t().tolist() == [1.0, 2.0] and mg.t(mg.tensor(3.0)).shape == ()


def test_pieces_literals():
    x = mg.tensor([1.0, 2.0, 3.0, 4.0, 5.0], requires_grad=True)
    pieces = x.split(2)
    (pieces[0] * 1 + pieces[2] * 3).sum().backward()
    assert [p.tolist() for p in pieces] == [[1.0, 2.0], [3.0, 4.0], [5.0]]
    assert x.grad.tolist() == [1.0, 1.0, 0.0, 0.0, 6.0]
    x = mg.tensor(M23, requires_grad=True)
    left, right = x.chunk(2, 1)
    (right * 2).sum().backward()
    assert left.tolist() == [[1.0, 2.0], [4.0, 5.0]] and right.tolist() == [[3.0], [6.0]]
    assert x.grad.tolist() == [[0.0, 0.0, 2.0], [0.0, 0.0, 2.0]]
    x = mg.tensor(M23, requires_grad=True)
    a, b, c = x.unbind(1)
    (a * c).sum().backward()
    assert b.tolist() == [2.0, 5.0] and x.grad.tolist() == [[3.0, 0.0, 1.0], [6.0, 0.0, 4.0]]
    assert len(mg.chunk(mg.arange(6.0), 4)) == 3  # ceil(6 / 4) = 2 per piece: only 3 pieces
    assert [p.shape for p in mg.chunk(mg.zeros(0), 3)] == [(0,), (0,), (0,)]
    assert [p.shape for p in mg.split(mg.zeros(2, 4), [1, 0, 3], dim=-1)] == [(2, 1), (2, 0),
                                                                             (2, 3)]


def test_pieces_are_views_and_share_the_version_counter():
    x = mg.zeros(4)
    first, second = x.split(2)
    with mg.no_grad():
        first.fill_(1.0)
    assert x.tolist() == [1.0, 1.0, 0.0, 0.0] and x._version == second._version == 1


def test_masked_fill_literals_with_a_tensor_value():
    x = mg.tensor(M23, requires_grad=True)
    v = mg.tensor(0.5, requires_grad=True)
    y = x.masked_fill(mg.tensor([True, False, True]), v)
    y.backward(mg.tensor(M23))
    assert y.tolist() == [[0.5, 2.0, 0.5], [0.5, 5.0, 0.5]]
    assert x.grad.tolist() == [[0.0, 2.0, 0.0], [0.0, 5.0, 0.0]] and v.grad.item() == 14.0
    # the mask may broadcast the input up, as in PyTorch
    assert mg.tensor([1, 2]).masked_fill(mg.tensor([[True], [False]]), 2.7).tolist() == [
        [2, 2], [1, 2]]
    assert mg.tensor(np.array([1, 2], np.uint8)).masked_fill(mg.tensor([True, False]),
                                                            -1).tolist() == [255, 2]


def test_masked_fill_stops_nan_gradients_under_the_mask():
    # A row filled with -inf gives softmax NaNs; the mask must not let them into x.grad.
    x = mg.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x.masked_fill(mg.tensor([[True], [False]]), float("-inf"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        y.softmax(-1).backward(mg.tensor([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]))
    np.testing.assert_allclose(x.grad.numpy(), [-0.14181709, -0.14077035, 0.28258747],
                               rtol=1e-5)


def test_masked_fill_in_place_is_recorded_like_other_in_place_ops():
    a = mg.tensor([1.0, 2.0, 3.0], requires_grad=True)
    v = mg.tensor(5.0, requires_grad=True)
    c = a * 2
    assert c.masked_fill_(mg.tensor([True, False, True]), v) is c
    (c * mg.tensor([1.0, 2.0, 3.0])).sum().backward()
    assert c.tolist() == [5.0, 4.0, 5.0]
    assert a.grad.tolist() == [0.0, 4.0, 0.0] and v.grad.item() == 4.0  # PyTorch's
    t = mg.zeros(2, 3, dtype=np.int64)
    t.masked_fill_(mg.tensor([True, False, True]), 2.7)  # broadcast over the rows
    assert t.tolist() == [[2, 0, 2], [2, 0, 2]] and t._version == 1
    leaf = mg.tensor([1.0, 2.0], requires_grad=True)
    raises(InplaceError, lambda: leaf.masked_fill_(mg.tensor([True, False]), 0.0),
           "masked_fill_", "leaf")
    raises(ShapeError, lambda: mg.zeros(3).masked_fill_(mg.tensor([[True], [False]]), 1.0),
           "masked_fill_", "(2, 1)", "(3,)")


def test_outputs_are_new_tensors_and_inputs_unchanged():
    x = mg.tensor(M23)
    for y in (x.flip(0), x.roll(1), x.repeat(1, 1), F.pad(x, (0, 0)), x.tril(), x.clone(),
              x.masked_fill(x > 2, 0.0)):
        y.numpy()[...] = -1.0
    assert x.tolist() == M23


# ---- errors -------------------------------------------------------------------------
X = mg.tensor(M23)


@pytest.mark.parametrize("exc, call, words", [
    (ShapeError, lambda: X.repeat(2), ["repeat", "(2,)", "2 axes"]),
    (ShapeError, lambda: X.repeat(-1, 2), ["repeat", ">= 0"]),
    (ShapeError, lambda: X.flip(2), ["flip", "axis 2"]),
    (ShapeError, lambda: X.flip(0, 0), ["flip", "repeats"]),
    (ShapeError, lambda: X.roll((1, 2)), ["roll", "dims"]),
    (ShapeError, lambda: X.roll(1, (0, 1)), ["roll", "same length"]),
    (ShapeError, lambda: mg.tensor(1.0).roll(1, 0), ["roll", "0-d"]),
    (ShapeError, lambda: mg.tensor([1.0]).tril(), ["tril", "(1,)"]),
    (DTypeError, lambda: X.masked_fill(mg.tensor([1, 0, 1]), 0.0), ["masked_fill", "int64"]),
    (ShapeError, lambda: X.masked_fill(mg.tensor([True, False]), 0.0), ["masked_fill", "(2,)"]),
    (ShapeError, lambda: X.masked_fill(X > 1, X[0]), ["masked_fill", "0-d"]),
    (ValueError, lambda: mg.tensor([1]).masked_fill(mg.tensor([True]), float("nan")),
     ["masked_fill", "nan", "int64"]),
    (ShapeError, lambda: F.pad(X, (1,)), ["pad", "odd"]),
    (ShapeError, lambda: F.pad(X, (1,) * 6), ["pad", "(2, 3)"]),
    (ShapeError, lambda: F.pad(X, (-2, -2)), ["pad", "size 3"]),
    (ValueError, lambda: F.pad(X, (1, 1), mode="wrap"), ["pad", "wrap", "reflect"]),
    (ShapeError, lambda: X.split(0), ["split", "positive"]),
    (ShapeError, lambda: X.split([1, 2]), ["split", "add up to 2"]),
    (ShapeError, lambda: mg.tensor(1.0).unbind(), ["unbind", "0-d"]),
    (ShapeError, lambda: X.chunk(0), ["chunk", "positive"]),
    (ShapeError, lambda: mg.ones(2, 2, 2).t(), ["t:", "(2, 2, 2)", "mT"]),
    (ShapeError, lambda: mg.ones(3).mm(mg.ones(3, 2)), ["mm", "(3,)", "matrices"]),
    (ShapeError, lambda: X.mm(X), ["mm", "3 and 2"]),
    (DTypeError, lambda: X.mm(X.T.double()), ["mm", "float32", "float64"]),
    (ShapeError, lambda: mg.ones(2, 2, 3).bmm(mg.ones(1, 3, 2)), ["bmm", "batch"]),
    (ShapeError, lambda: mg.ones(2).dot(mg.ones(3)), ["dot", "2 and 3"]),
    (ShapeError, lambda: mg.ones(2, 1).outer(mg.ones(3)), ["outer", "(2, 1)"]),
    (ShapeError, lambda: X.mv(mg.ones(2)), ["mv", "3 and 2"]),
])
def test_bad_arguments_get_clear_errors(exc, call, words):
    raises(exc, call, *words)
