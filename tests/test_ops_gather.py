"""gather, scatter, scatter_add, index_select and index_add (ops/gather.py).

Gradients are checked in float64 (gradcheck and gradgradcheck) on random shapes,
with repeated indices (which must add up) and on 0-d tensors; values and
gradients are compared with literals taken from PyTorch 2.13; bad indices get
errors that name the op, the dim, the index and the size.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from op_strategies import SOME, check, nonscalar_shapes, seeds
from test_errors import raises

import minigrad as mg
from minigrad.errors import DTypeError, ShapeError


def _index_for(rng, x_shape, dim, extra=1):
    """A random gather index: any size along dim (repeats likely), at most x's elsewhere."""
    shape = [rng.integers(1, n + 1) for n in x_shape]
    shape[dim] = rng.integers(1, x_shape[dim] + extra + 2)
    return mg.tensor(rng.integers(0, x_shape[dim], size=shape))


# ---- gradients ------------------------------------------------------------------------
@SOME
@given(shape=nonscalar_shapes, seed=seeds, data=st.data())
def test_gather_gradients(shape, seed, data):
    rng = np.random.default_rng(seed)
    dim = data.draw(st.integers(-len(shape), len(shape) - 1))
    index = _index_for(rng, shape, dim % len(shape))
    check(lambda x: mg.gather(x, dim, index), rng.standard_normal(shape))
    check(lambda x: x.gather(dim, index), rng.standard_normal(shape))


@SOME
@given(shape=nonscalar_shapes, seed=seeds, data=st.data())
def test_scatter_add_gradients_with_repeated_places(shape, seed, data):
    rng = np.random.default_rng(seed)
    dim = data.draw(st.integers(0, len(shape) - 1))
    index = _index_for(rng, shape, dim)
    src = rng.standard_normal([n + rng.integers(0, 2) for n in index.shape])  # may be larger
    check(lambda x, s: x.scatter_add(dim, index, s), rng.standard_normal(shape), src)


@SOME
@given(shape=nonscalar_shapes, seed=seeds, data=st.data())
def test_index_select_and_index_add_gradients_with_repeats(shape, seed, data):
    rng = np.random.default_rng(seed)
    dim = data.draw(st.integers(-len(shape), len(shape) - 1))
    index = mg.tensor(rng.integers(0, shape[dim], size=rng.integers(1, 5)))
    check(lambda x: mg.index_select(x, dim, index), rng.standard_normal(shape))
    source_shape = list(shape)
    source_shape[dim] = index.shape[0]
    check(lambda x, s: x.index_add(dim, index, s, alpha=-1.5), rng.standard_normal(shape),
          rng.standard_normal(source_shape))


def test_scatter_gradients_where_every_place_is_written_once():
    rng = np.random.default_rng(0)
    index = mg.tensor(np.argsort(rng.standard_normal((3, 4)), axis=1)[:, :3])  # distinct per row
    check(lambda x, s: x.scatter(1, index, s), rng.standard_normal((3, 4)),
          rng.standard_normal((3, 3)))
    check(lambda x: x.scatter(1, index, 2.0), rng.standard_normal((3, 4)))


def test_0d_tensors_count_as_one_element():
    check(lambda x: x.gather(0, mg.tensor([0, 0])), 1.5)
    check(lambda x: mg.gather(x, -1, mg.tensor(0)), 1.5)
    check(lambda x, s: x.scatter_add(0, mg.tensor([0, 0]), s), 1.5, [1.0, 2.0])
    check(lambda x, s: x.index_add(0, mg.tensor(0), s, alpha=2.0), 1.5, 3.0)
    check(lambda x: x.index_select(0, mg.tensor([0])), 1.5)
    y = mg.tensor(1.5).scatter_add(0, mg.tensor([0, 0]), mg.tensor([1.0, 2.0]))
    assert y.shape == () and y.item() == 4.5


# ---- values and gradients from PyTorch ------------------------------------------------
def test_gather_literals_repeated_index_adds_up():
    x = mg.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    y = x.gather(1, mg.tensor([[0, 0], [2, 1]]))
    y.backward(mg.tensor([[1.0, 2.0], [3.0, 4.0]]))
    assert y.tolist() == [[1.0, 1.0], [6.0, 5.0]] and y.dtype == np.float32
    assert x.grad.tolist() == [[3.0, 0.0, 0.0], [0.0, 4.0, 3.0]]


def test_scatter_add_literals():
    x = mg.zeros(2, 3, requires_grad=True)
    s = mg.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    y = mg.scatter_add(x, 1, mg.tensor([[0, 0, 2], [1, 1, 1]]), s)
    y.backward(mg.tensor([[1.0, -1.0, 2.0], [0.5, 3.0, -2.0]]))
    assert y.tolist() == [[3.0, 0.0, 3.0], [0.0, 15.0, 0.0]]
    assert x.grad.tolist() == [[1.0, -1.0, 2.0], [0.5, 3.0, -2.0]]
    assert s.grad.tolist() == [[1.0, 1.0, 2.0], [3.0, 3.0, 3.0]]


def test_scatter_add_sums_float16_in_float32_as_pytorch():
    x = mg.tensor(np.array([0.69], np.float16))
    src = mg.tensor(np.array([0.38, -1.05], np.float16))
    y = x.scatter_add(0, mg.tensor([0, 0]), src)
    assert y.dtype == np.float16 and y.item() == np.float16(0.02002)  # not 0.02051


def test_scatter_literals_tensor_and_number():
    x = mg.zeros(2, 3, requires_grad=True)
    s = mg.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    w = mg.tensor([[1.0, -1.0, 2.0], [0.5, 3.0, -2.0]])
    y = x.scatter(1, mg.tensor([[2, 0, 1], [1, 2, 0]]), s)
    y.backward(w)
    assert y.tolist() == [[2.0, 3.0, 1.0], [6.0, 4.0, 5.0]]
    assert x.grad.tolist() == [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]  # all overwritten
    assert s.grad.tolist() == [[2.0, 1.0, -1.0], [3.0, -2.0, 0.5]]
    x = mg.zeros(2, 3, requires_grad=True)
    y = mg.scatter(x, 0, mg.tensor([[1, 0, 1]]), -1.5)
    y.backward(w)
    assert y.tolist() == [[0.0, -1.5, 0.0], [-1.5, 0.0, -1.5]]
    assert x.grad.tolist() == [[1.0, 0.0, 2.0], [0.0, 3.0, 0.0]]


def test_index_add_literals_repeats_and_alpha():
    x = mg.ones(3, 2, requires_grad=True)
    s = mg.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], requires_grad=True)
    y = x.index_add(0, mg.tensor([0, 2, 0]), s, alpha=2)
    y.backward(mg.tensor([[1.0, -1.0], [2.0, 0.5], [3.0, -2.0]]))
    assert y.tolist() == [[13.0, 17.0], [1.0, 1.0], [7.0, 9.0]]
    assert x.grad.tolist() == [[1.0, -1.0], [2.0, 0.5], [3.0, -2.0]]
    assert s.grad.tolist() == [[2.0, -2.0], [6.0, -4.0], [2.0, -2.0]]
    ints = mg.index_add(mg.tensor([[0, 1], [2, 3]]), 0, mg.tensor([1, 1]), mg.tensor([[1, 1]] * 2))
    assert ints.tolist() == [[0, 1], [4, 5]] and ints.dtype == np.int64


def test_index_select_literals():
    x = mg.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    y = mg.index_select(x, 1, mg.tensor([2, 0, 2]))
    y.backward(mg.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))
    assert y.tolist() == [[3.0, 1.0, 3.0], [6.0, 4.0, 6.0]]
    assert x.grad.tolist() == [[2.0, 0.0, 4.0], [5.0, 0.0, 10.0]]
    assert x.index_select(0, mg.tensor(1)).shape == (1, 3)  # a 0-d index counts as [1]


def test_int32_indices_work_and_inputs_are_not_changed():
    x = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
    index = mg.tensor(np.array([[1, 1], [0, 0]], dtype=np.int32))
    assert x.gather(1, index).tolist() == [[2.0, 2.0], [3.0, 3.0]]
    before = x.numpy().copy()
    x.scatter_add(0, index, x)
    x.index_add(0, mg.tensor([1, 1]), x)
    x.scatter(1, index, 9.0)
    np.testing.assert_array_equal(x.numpy(), before)


# ---- errors -------------------------------------------------------------------------
X = mg.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])


@pytest.mark.parametrize("call, words", [
    (lambda: X.gather(1, mg.tensor([[3]])), ["gather", "index 3", "dim 1", "size 3"]),
    (lambda: X.gather(0, mg.tensor([[-1]])), ["gather", "index -1", "dim 0", "size 2"]),
    (lambda: X.scatter_add(1, mg.tensor([[0, 5]]), X), ["scatter_add", "index 5", "dim 1"]),
    (lambda: X.scatter(0, mg.tensor([[2]]), 1.0), ["scatter", "index 2", "dim 0", "size 2"]),
    (lambda: X.index_select(1, mg.tensor([0, 7])), ["index_select", "index 7", "dim 1"]),
    (lambda: X.index_add(0, mg.tensor([2]), X[:1]), ["index_add", "index 2", "dim 0"]),
])
def test_out_of_range_indices_name_op_dim_index_and_size(call, words):
    raises(IndexError, call, *words)


def test_index_types_and_shapes_are_checked():
    raises(DTypeError, lambda: X.gather(1, mg.tensor([[0.0]])), "gather", "int64", "float32")
    raises(DTypeError, lambda: X.index_select(0, mg.tensor([True])), "index_select", "bool")
    raises(TypeError, lambda: X.gather(1, [[0]]), "gather", "list")
    raises(ShapeError, lambda: X.gather(1, mg.tensor([0])), "gather", "(1,)", "(2, 3)")
    raises(ShapeError, lambda: X.gather(1, mg.tensor([[0], [0], [0]])), "gather", "axis 0")
    raises(ShapeError, lambda: X.index_select(0, mg.tensor([[0]])), "index_select", "vector")
    raises(ShapeError, lambda: X.scatter_add(1, mg.tensor([[0, 1]]), X[:, :1]), "scatter_add",
           "src")
    raises(ShapeError, lambda: X.index_add(1, mg.tensor([0, 1]), X), "index_add", "(2, 2)")
    raises(ShapeError, lambda: X.gather(2, mg.tensor([[0]])), "gather", "axis 2")


def test_dtypes_must_match_as_in_pytorch():
    raises(DTypeError, lambda: X.scatter_add(1, mg.tensor([[0]]), X.double()), "scatter_add",
           "float64", "float32")
    raises(DTypeError, lambda: X.index_add(0, mg.tensor([0]), X[:1].double()), "index_add",
           "float64")
    raises(TypeError, lambda: X.scatter(1, mg.tensor([[0]])), "scatter", "src")
    raises(TypeError, lambda: X.scatter_add(1, mg.tensor([[0]]), 1.0), "scatter_add", "float")
