"""Matmul and reductions: gradcheck and gradgradcheck in float64 over random shapes.

Shapes come from hypothesis and include 0-d tensors, size-1 axes and
broadcasting. Values are built from a drawn seed so that no example sits on a
point where the op is not differentiable (ties of max/min).
Shared strategies and `check` live in op_strategies.py.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from op_strategies import SOME, check, distinct, seeds

import minigrad as mg
from minigrad import Tensor

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


REDUCTIONS = ["sum", "mean", "amax", "amin"]  # max(x, dim) and min: test_parity_reduce_index


@pytest.mark.parametrize("op", REDUCTIONS)
@SOME
@given(case=shape_and_axis(), keepdims=st.booleans(), seed=seeds, torch_names=st.booleans())
def test_reductions(op, case, keepdims, seed, torch_names):
    shape, axis = case
    x = distinct(np.random.default_rng(seed), shape)
    kwargs = {"dim": axis, "keepdim": keepdims} if torch_names else {"axis": axis,
                                                                    "keepdims": keepdims}
    np_axis = None if axis == () or not len(shape) else axis  # dim=(): all axes, as PyTorch
    expected = getattr(np, op)(x, axis=np_axis, keepdims=keepdims)
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
    getattr(t, "a" + op)(axis=1).sum().backward()  # amax/amin split ties; max(dim) does not
    np.testing.assert_allclose(t.grad.numpy(), [[0.0, 0.5, 0.5], [1 / 3, 1 / 3, 1 / 3]])
    t.grad = None
    getattr(t, op)().backward()  # over everything: one winner in row 0, or three in row 1
    expected = [[0, 0.5, 0.5], [0, 0, 0]]  # the two tied extremes of row 0
    np.testing.assert_allclose(t.grad.numpy(), expected)

