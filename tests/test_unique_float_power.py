"""unique (ops/unique.py) and float_power (ops/math.py): PyTorch 2.13's values (literals),
the inverse index rebuilding the input, the counts, NaN, slices along a dim, the missing
derivative of unique, float_power's float64 results and its float64 gradient checks with
broadcasting and 0-d tensors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from op_strategies import SOME, check, seeds, shape_pairs

import minigrad as mg
from minigrad.errors import BackwardError, ShapeError


# ---- unique ------------------------------------------------------------------------------
def test_unique_matches_pytorch():
    values, inverse, counts = mg.unique(mg.tensor([3, 1, 2, 3, 1]), return_inverse=True,
                                        return_counts=True)
    assert values.tolist() == [1, 2, 3] and inverse.tolist() == [2, 0, 1, 2, 0]
    assert counts.tolist() == [2, 1, 2] and inverse.dtype == counts.dtype == np.int64
    rows = mg.tensor([[3, 1], [0, 2], [3, 1]]).unique(dim=0, return_counts=True)
    assert rows[0].tolist() == [[0, 2], [3, 1]] and rows[1].tolist() == [1, 2]
    columns, where = mg.tensor([[1, 2], [1, 2]]).unique(dim=-1, return_inverse=True)
    assert columns.tolist() == [[1, 2], [1, 2]] and where.tolist() == [0, 1]
    scalar, index = mg.unique(mg.tensor(3.0), return_inverse=True)
    assert scalar.tolist() == [3.0] and index.shape == () and index.item() == 0
    assert mg.unique(mg.tensor([True, False, True])).tolist() == [False, True]
    assert mg.unique(mg.tensor(np.array([2, 1], np.uint8))).dtype == np.uint8
    assert mg.unique(mg.zeros(2, 0), dim=1).shape == (2, 0)


def test_unique_keeps_every_nan_apart():
    nan = float("nan")
    values = mg.unique(mg.tensor([nan, 1.0, nan])).numpy()
    assert values[0] == 1.0 and np.isnan(values[1:]).all() and len(values) == 3
    assert mg.unique(mg.tensor([[nan, 1.0], [nan, 1.0]]), dim=0).shape == (2, 2)


@SOME
@given(x=hnp.arrays(np.int64, hnp.array_shapes(min_dims=0, max_dims=3, max_side=4),
                    elements=st.integers(-2, 2)), data=st.data())
def test_unique_inverse_rebuilds_the_input_and_counts_add_up(x, data):
    values, inverse, counts = mg.unique(mg.tensor(x), return_inverse=True, return_counts=True)
    assert (np.diff(values.numpy()) > 0).all()  # sorted, each value once
    np.testing.assert_array_equal(values.numpy()[inverse.numpy()], x)
    assert counts.numpy().sum() == x.size
    if x.ndim and 0 not in x.shape:
        axis = data.draw(st.integers(0, x.ndim - 1))
        rows, where = mg.unique(mg.tensor(x), dim=axis, return_inverse=True)
        np.testing.assert_array_equal(np.take(rows.numpy(), where.numpy(), axis=axis), x)


def test_unique_has_no_gradient_as_in_pytorch():
    x = mg.tensor([1.0, 2.0, 2.0], requires_grad=True)
    values = x.unique()
    assert values.requires_grad  # as torch: its result requires grad...
    with pytest.raises(BackwardError, match="unique: its derivative is not defined"):
        values.sum().backward()  # ...and backward through it raises


@pytest.mark.parametrize("call, words", [
    (lambda: mg.unique(mg.zeros(2, 0), dim=0), "another axis has size 0"),
    (lambda: mg.unique(mg.zeros(0, 0), dim=0), "another axis has size 0"),
    (lambda: mg.unique(mg.tensor(3.0), dim=0), "a 0-d tensor has no dim 0"),
    (lambda: mg.unique(mg.tensor([1, 2]), dim=2), "out of range"),
])
def test_unique_errors(call, words):
    with pytest.raises(ShapeError, match=r"^unique: ") as info:
        call()
    assert words in str(info.value)


# ---- float_power -------------------------------------------------------------------------
def test_float_power_matches_pytorch():
    assert mg.float_power(2, mg.tensor([1, 2])).tolist() == [2.0, 4.0]
    assert mg.tensor([2, 3]).float_power(2).dtype == np.float64
    assert mg.float_power(mg.tensor(np.array([4.0], np.float16)), 0.5).tolist() == [2.0]
    assert mg.float_power(mg.tensor([True]), 2).tolist() == [1.0]
    with np.errstate(divide="ignore"):  # numpy's warning (see the PyTorch page)
        assert mg.float_power(mg.tensor([0.0]), -1).tolist() == [math.inf]
    x = mg.tensor([2.0, 3.0], requires_grad=True)  # float32
    e = mg.tensor([2.0, 0.5], requires_grad=True)
    mg.float_power(x, e).sum().backward()
    # torch 2.13: x.grad = [4.0000, 0.2887] in float32, e.grad = x**e * log x
    assert x.grad.dtype == np.float32 and e.grad.dtype == np.float32
    np.testing.assert_allclose(x.grad.numpy(), [4.0, 0.28867513], rtol=1e-6)
    np.testing.assert_allclose(e.grad.numpy(), [4 * math.log(2), math.sqrt(3) * math.log(3)],
                               rtol=1e-6)


@SOME
@given(pair=shape_pairs, seed=seeds)
def test_float_power_gradients_through_broadcasting(pair, seed):
    rng = np.random.default_rng(seed)
    base_shape, exponent_shape = pair.input_shapes
    check(mg.float_power, rng.uniform(0.5, 2.0, base_shape), rng.uniform(-2, 2, exponent_shape))
    check(lambda t: t.float_power(3), rng.uniform(-2, 2, base_shape))


def test_float_power_needs_a_tensor():
    with pytest.raises(TypeError, match="float_power: at least one operand must be a tensor"):
        mg.float_power(2, 3)
    with pytest.raises(TypeError, match="float_power: expected a tensor or a number, got str"):
        mg.float_power(mg.tensor([1.0]), "2")
