"""Adaptive pooling as PyTorch's: F.adaptive_avg_pool1d/2d, F.adaptive_max_pool1d/2d
(ops/adaptive_pooling.py) and nn.AdaptiveAvgPool1d/2d, nn.AdaptiveMaxPool1d/2d.

Gradients are checked in float64 (gradcheck and gradgradcheck: the average's backward is
an op whose backward is the average again) over output sizes smaller, equal and larger
than the input (overlapping bins), None entries and unbatched input; values, gradients
and indices (ties, NaN, overlapping bins) are compared with literals taken from PyTorch
2.13; the beginner CNN's AdaptiveAvgPool2d((1, 1)) and (7, 7) before a Linear, dtypes,
the reprs and every error path are checked. tests/parity compares them with torch itself.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from op_strategies import FEW, check, distinct, seeds

import minigrad as mg
import minigrad.functional as F
from minigrad import nn
from minigrad.errors import DTypeError, ShapeError


def _t(values, grad=True, dtype=np.float32):
    return mg.tensor(np.asarray(values, dtype=dtype), requires_grad=grad)


# ---- gradients: float64 gradcheck and gradgradcheck ------------------------------------
CASES = [  # (function, x shape, output_size)
    ("adaptive_avg_pool2d", (2, 3, 5, 4), (3, 2)),
    ("adaptive_avg_pool2d", (1, 2, 4, 5), (7, 3)),  # larger than the input: bins repeat
    ("adaptive_avg_pool2d", (2, 3, 6), 1),  # unbatched, the mean of each channel
    ("adaptive_avg_pool2d", (1, 2, 5, 3), (None, 2)),
    ("adaptive_avg_pool1d", (2, 3, 7), 3),
    ("adaptive_avg_pool1d", (3, 4), (6,)),  # unbatched, overlapping
    ("adaptive_max_pool2d", (2, 3, 5, 4), (3, 2)),
    ("adaptive_max_pool2d", (1, 2, 3, 4), (5, 6)),
    ("adaptive_max_pool2d", (2, 5, 5), (None, 1)),
    ("adaptive_max_pool1d", (2, 3, 7), 3),
    ("adaptive_max_pool1d", (3, 4), [7]),
]


@pytest.mark.parametrize(("fn", "shape", "size"), CASES)
def test_gradients(fn, shape, size):
    # distinct values: no ties in a max, even after a central difference
    check(lambda x: getattr(F, fn)(x, size), distinct(np.random.default_rng(0), shape))


@FEW
@given(st.integers(1, 2), st.integers(1, 6), st.integers(1, 6), st.integers(1, 8),
       st.integers(1, 8), st.booleans(), seeds)
def test_gradients_random(d, h, w, oh, ow, batched, seed):
    shape = ((2,) if batched else ()) + (2, h, w)[:d + 1]
    size = (oh, ow)[:d]
    x = distinct(np.random.default_rng(seed), shape)
    for kind in ("avg", "max"):
        check(lambda t, kind=kind: getattr(F, f"adaptive_{kind}_pool{d}d")(t, size), x)


# ---- values, gradients and indices: literals from PyTorch 2.13 -----------------------------
def test_avg_pool1d_values_and_overlapping_gradient():
    x = mg.tensor(np.arange(15.0).reshape(1, 3, 5) ** 1.5, requires_grad=True)
    y = F.adaptive_avg_pool1d(x, 3)  # bins [0, 2), [1, 4), [3, 5): 1 and 3 are shared
    np.testing.assert_allclose(y.numpy()[0], [
        [0.5, 3.00819318, 6.59807621], [12.93863917, 18.61487154, 24.8137085],
        [34.05282465, 41.64141955, 49.627685]], rtol=1e-8)
    y.backward(mg.tensor(np.tile([1.0, 2.0, 3.0], (1, 3, 1))))
    np.testing.assert_allclose(x.grad[0], np.tile(
        [0.5, 1.16666667, 0.66666667, 2.16666667, 1.5], (3, 1)), rtol=1e-8)


def test_avg_pool2d_values_and_gradient():
    x = mg.tensor(np.arange(20.0).reshape(1, 4, 5) * 0.5 - 3, requires_grad=True)
    y = F.adaptive_avg_pool2d(x, (3, 2))  # unbatched (C, H, W)
    np.testing.assert_allclose(y.numpy(), [[[-1.25, -0.25], [1.25, 2.25], [3.75, 4.75]]])
    y.backward(mg.tensor(np.arange(1.0, 7.0).reshape(1, 3, 2)))
    np.testing.assert_allclose(x.grad[0], [
        [0.16666667, 0.16666667, 0.5, 0.33333333, 0.33333333],
        [0.66666667, 0.66666667, 1.66666667, 1.0, 1.0],
        [1.33333333, 1.33333333, 3.0, 1.66666667, 1.66666667],
        [0.83333333, 0.83333333, 1.83333333, 1.0, 1.0]], rtol=1e-7)


def test_max_pool2d_nan_ties_and_indices():
    nan = float("nan")
    x = _t([[[2, 5, 5, 1], [nan, 3, 7, 7], [0, 7, nan, 6]]])
    y, index = F.adaptive_max_pool2d(x, (2, 3), return_indices=True)
    # NaN wins (the last NaN of a bin), ties keep the first, as PyTorch
    np.testing.assert_array_equal(y.numpy(), [[[nan, 7, 7], [nan, nan, nan]]])
    assert index.dtype == np.int64 and not index.requires_grad
    np.testing.assert_array_equal(index.numpy(), [[[4, 6, 6], [4, 10, 10]]])
    y.backward(mg.tensor(np.arange(1.0, 7.0, dtype=np.float32).reshape(1, 2, 3)))
    np.testing.assert_array_equal(x.grad, [[[0, 0, 0, 0], [5, 0, 5, 0], [0, 0, 11, 0]]])


def test_max_pool1d_ties_and_shared_maximum():
    x = _t([[4, 1, 4, 9, 9, 2, 8]])
    y, index = F.adaptive_max_pool1d(x, 4, True)  # return_indices given by position
    np.testing.assert_array_equal(y.numpy(), [[4, 9, 9, 8]])
    np.testing.assert_array_equal(index.numpy(), [[0, 3, 3, 6]])
    y.backward(_t([[1, 10, 100, 1000]], grad=False))
    np.testing.assert_array_equal(x.grad, [[1, 0, 0, 110, 0, 0, 1000]])  # both bins add


def test_max_pool_all_minus_inf_picks_the_first_of_each_bin():
    x = _t(np.full((1, 3, 3), -np.inf))
    y, index = F.adaptive_max_pool2d(x, 2, return_indices=True)
    np.testing.assert_array_equal(index.numpy(), [[[0, 1], [3, 4]]])
    assert np.all(y.numpy() == -np.inf)


def test_none_keeps_the_input_size_and_output_size_equal_to_input_is_identity():
    x = mg.tensor(np.random.default_rng(1).standard_normal((2, 3, 5, 4)))
    np.testing.assert_array_equal(F.adaptive_avg_pool2d(x, (None, None)).numpy(), x.numpy())
    np.testing.assert_array_equal(F.adaptive_max_pool2d(x, [5, 4]).numpy(), x.numpy())
    assert F.adaptive_avg_pool2d(x, (None, 2)).shape == (2, 3, 5, 2)
    assert F.adaptive_max_pool2d(x, (3, None)).shape == (2, 3, 3, 4)


def test_output_size_zero_gives_an_empty_output_as_pytorch():
    x = mg.tensor(np.ones((2, 3, 4, 4)))
    assert F.adaptive_avg_pool2d(x, 0).shape == (2, 3, 0, 0)
    assert F.adaptive_max_pool2d(x, (0, 2)).shape == (2, 3, 0, 2)
    y, index = F.adaptive_max_pool1d(mg.tensor(np.ones((3, 5))), 0, return_indices=True)
    assert y.shape == index.shape == (3, 0)


def test_empty_batch_and_channels():
    assert F.adaptive_avg_pool2d(mg.zeros(0, 2, 3, 3), 2).shape == (0, 2, 2, 2)
    assert F.adaptive_avg_pool2d(mg.zeros(2, 0, 3, 3), 2).shape == (2, 0, 2, 2)
    assert F.adaptive_max_pool2d(mg.zeros(0, 3, 3), 2).shape == (0, 2, 2)  # unbatched C=0
    assert F.adaptive_avg_pool1d(mg.zeros(2, 0, 3), 2).shape == (2, 0, 2)


# ---- the beginner CNN: AdaptiveAvgPool2d((1, 1)) or (7, 7) before a Linear -------------------
def test_global_average_pool_before_linear():
    rng = np.random.default_rng(0)
    model = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d((1, 1)),
                          nn.Flatten(), nn.Linear(4, 2))
    for size in (8, 13):  # any image size fits the Linear
        x = mg.tensor(rng.standard_normal((2, 3, size, size)).astype(np.float32))
        y = model(x)
        assert y.shape == (2, 2) and y.dtype == np.float32
        model.zero_grad()
        y.sum().backward()
        assert model[0].weight.grad.shape == (4, 3, 3, 3)
        assert model[0].weight.grad.dtype == np.float32
    pooled = nn.AdaptiveAvgPool2d((1, 1))(x)
    np.testing.assert_allclose(pooled.numpy(), x.numpy().mean(axis=(2, 3), keepdims=True),
                               rtol=1e-5)


def test_seven_by_seven_before_linear():
    x = mg.tensor(np.arange(2 * 81.0, dtype=np.float32).reshape(1, 2, 9, 9), requires_grad=True)
    y = nn.AdaptiveAvgPool2d((7, 7))(x)
    assert y.shape == (1, 2, 7, 7) and y.dtype == np.float32
    np.testing.assert_array_equal(y.numpy()[0, 0, :2, :3], [[5, 6, 7], [14, 15, 16]])
    y.sum().backward()
    share = np.array([0.5, 1, 1, 5 / 6, 1 / 3, 5 / 6, 1, 1, 0.5])  # PyTorch's gradient
    np.testing.assert_allclose(x.grad[0, 0], np.outer(share, share), rtol=1e-6)
    head = nn.Linear(2 * 7 * 7, 3)
    out = head(nn.Flatten()(y))
    assert out.shape == (1, 3)
    np.testing.assert_array_equal(F.adaptive_avg_pool2d(x, 1).numpy().ravel(), [40, 121])


# ---- dtypes ------------------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("fn", ["adaptive_avg_pool2d", "adaptive_max_pool2d",
                                "adaptive_avg_pool1d", "adaptive_max_pool1d"])
def test_float_dtypes_are_kept(fn, dtype):
    x = _t(np.random.default_rng(2).standard_normal((2, 3, 5, 6)), dtype=dtype)
    if fn.endswith("1d"):
        x = x[0].detach().requires_grad_()
    y = getattr(F, fn)(x, 3)
    assert y.dtype == dtype
    y.sum().backward()
    assert x.grad.dtype == dtype


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.uint8, np.bool_])
@pytest.mark.parametrize("fn", ["adaptive_avg_pool2d", "adaptive_max_pool2d",
                                "adaptive_avg_pool1d", "adaptive_max_pool1d"])
def test_integer_and_bool_inputs_are_refused_as_pytorch(fn, dtype):
    with pytest.raises(DTypeError, match=f"{fn}: .* not supported"):
        getattr(F, fn)(mg.tensor(np.ones((2, 3, 4), dtype=dtype)), 2)


# ---- the modules --------------------------------------------------------------------------------
def test_module_reprs_as_pytorch():
    assert repr(nn.AdaptiveAvgPool2d((1, 1))) == "AdaptiveAvgPool2d(output_size=(1, 1))"
    assert repr(nn.AdaptiveAvgPool2d(7)) == "AdaptiveAvgPool2d(output_size=7)"
    assert repr(nn.AdaptiveAvgPool2d((None, 3))) == "AdaptiveAvgPool2d(output_size=(None, 3))"
    assert repr(nn.AdaptiveMaxPool2d(3, return_indices=True)) == "AdaptiveMaxPool2d(output_size=3)"
    assert repr(nn.AdaptiveMaxPool1d(3)) == "AdaptiveMaxPool1d(output_size=3)"
    assert repr(nn.AdaptiveAvgPool1d((3,))) == "AdaptiveAvgPool1d(output_size=(3,))"


def test_modules_call_the_functions():
    x = mg.tensor(np.random.default_rng(3).standard_normal((2, 3, 5, 6)))
    np.testing.assert_array_equal(nn.AdaptiveAvgPool2d((2, None))(x).numpy(),
                                  F.adaptive_avg_pool2d(x, (2, 6)).numpy())
    values, index = nn.AdaptiveMaxPool2d(2, return_indices=True)(x)
    expected, expected_index = F.adaptive_max_pool2d(x, 2, return_indices=True)
    np.testing.assert_array_equal(values.numpy(), expected.numpy())
    np.testing.assert_array_equal(index.numpy(), expected_index.numpy())
    np.testing.assert_array_equal(nn.AdaptiveAvgPool1d(4)(x[0]).numpy(),
                                  F.adaptive_avg_pool1d(x[0], 4).numpy())
    assert nn.AdaptiveMaxPool1d(4)(x[0]).shape == (3, 5, 4)
    assert list(nn.AdaptiveAvgPool2d(1).parameters()) == []


def test_reachable_as_pytorch_names():
    assert mg.nn.functional.adaptive_avg_pool2d is F.adaptive_avg_pool2d
    assert "AdaptiveAvgPool2d" in mg.nn.__all__ and "adaptive_max_pool1d" in F.__all__


# ---- errors --------------------------------------------------------------------------------
@pytest.mark.parametrize(("fn", "shape"), [
    ("adaptive_avg_pool2d", (3, 3)), ("adaptive_avg_pool2d", (1, 1, 1, 3, 3)),
    ("adaptive_max_pool2d", (3,)), ("adaptive_avg_pool1d", (3,)),
    ("adaptive_max_pool1d", (1, 1, 3, 3)),
])
def test_wrong_number_of_axes(fn, shape):
    with pytest.raises(ShapeError, match=rf"{fn}: expected a .*got shape \("):
        getattr(F, fn)(mg.zeros(*shape), 2)


@pytest.mark.parametrize(("fn", "shape"), [
    ("adaptive_avg_pool2d", (2, 2, 0, 3)), ("adaptive_max_pool2d", (3, 0, 3)),
    ("adaptive_max_pool2d", (2, 0, 3, 3)),  # the max refuses empty channels, as PyTorch
    ("adaptive_avg_pool1d", (3, 0)), ("adaptive_max_pool1d", (2, 0, 3)),
])
def test_empty_axes_refused(fn, shape):
    with pytest.raises(ShapeError, match=rf"{fn}: expected an input with no empty axis"):
        getattr(F, fn)(mg.zeros(*shape), 2)


@pytest.mark.parametrize(("fn", "size", "error", "text"), [
    ("adaptive_avg_pool2d", -1, ValueError, "zero or more"),
    ("adaptive_max_pool2d", (2, -1), ValueError, "zero or more"),
    ("adaptive_max_pool1d", -3, ValueError, "zero or more"),
    ("adaptive_avg_pool2d", (2, 2, 2), ValueError, "got 3 entries"),
    ("adaptive_avg_pool2d", (2,), ValueError, "got 1 entry"),
    ("adaptive_avg_pool1d", (2, 2), ValueError, "got 2 entries"),
    ("adaptive_avg_pool2d", 3.0, TypeError, "an int or a tuple of 2 ints or None"),
    ("adaptive_avg_pool2d", True, TypeError, "got True"),
    ("adaptive_max_pool2d", None, TypeError, "got None"),
    ("adaptive_avg_pool2d", ("a", 2), TypeError, "got \\('a', 2\\)"),
    ("adaptive_avg_pool1d", None, TypeError, "an int or a tuple of 1 ints"),  # None: 2-D only
    ("adaptive_max_pool1d", (None,), TypeError, "got \\(None,\\)"),
])
def test_bad_output_size(fn, size, error, text):
    shape = (2, 3, 4, 4) if fn.endswith("2d") else (2, 3, 4)
    with pytest.raises(error, match=rf"{fn}: output_size must be .*{text}"):
        getattr(F, fn)(mg.zeros(*shape), size)


def test_input_must_be_a_tensor():
    with pytest.raises(TypeError, match="adaptive_avg_pool2d: input must be a Tensor"):
        F.adaptive_avg_pool2d(np.ones((1, 2, 3, 3)), 1)
    with pytest.raises(ShapeError, match="adaptive_avg_pool2d: expected a 3-D"):
        nn.AdaptiveAvgPool2d(2)(mg.zeros(3, 3))


def test_an_average_to_one_element_is_pytorchs_mean():
    # PyTorch computes output size (1, 1) as x.mean((-2, -1), keepdim=True): in 2-D any
    # number of axes in front, and an empty spatial axis gives NaN
    x = mg.tensor(np.arange(12.0).reshape(3, 4), requires_grad=True)
    y = F.adaptive_avg_pool2d(x, 1)
    np.testing.assert_array_equal(y.numpy(), [[5.5]])
    y.sum().backward()
    np.testing.assert_array_equal(x.grad, np.full((3, 4), 1 / 12))
    with pytest.raises(ShapeError, match="adaptive_avg_pool2d: expected a 3-D"):
        F.adaptive_avg_pool2d(x, (1, 1))  # but a tuple wants 3 axes or more, as PyTorch
    assert F.adaptive_avg_pool2d(mg.zeros(2, 1, 3, 4, 5), (1, 1)).shape == (
        2, 1, 3, 1, 1)
    empty = mg.zeros(2, 2, 0, 3, requires_grad=True)
    y = F.adaptive_avg_pool2d(empty, (1, 1))
    assert y.shape == (2, 2, 1, 1) and np.isnan(y.numpy()).all()
    y.sum().backward()
    assert empty.grad.shape == (2, 2, 0, 3)
    assert np.isnan(F.adaptive_avg_pool1d(mg.zeros(2, 0), 1).numpy()).all()
    with pytest.raises(ShapeError, match="adaptive_avg_pool1d: expected a 2-D"):
        F.adaptive_avg_pool1d(mg.zeros(1, 2, 3, 4), 1)  # 1-D keeps its check of the axes
    with pytest.raises(DTypeError, match="adaptive_avg_pool2d"):
        F.adaptive_avg_pool2d(mg.tensor(np.ones((0, 2, 3, 3), np.int64)), 1)  # the mean's


def test_the_input_is_not_changed():
    data = np.random.default_rng(4).standard_normal((2, 3, 5))
    x = mg.tensor(data.copy(), requires_grad=True)
    for fn in (F.adaptive_avg_pool1d, F.adaptive_max_pool1d):
        fn(x, 7).sum().backward()
    np.testing.assert_array_equal(x.numpy(), data)


def test_an_empty_average_takes_any_dtype_as_pytorch():
    # PyTorch checks the dtype of the average only when there is something to compute
    x = mg.tensor(np.ones((0, 2, 3), dtype=np.int64))
    y = F.adaptive_avg_pool1d(x, 2)
    assert y.shape == (0, 2, 2) and y.dtype == np.int64
    assert F.adaptive_avg_pool2d(mg.tensor(np.ones((2, 3, 3), bool)), 0).dtype == np.bool_
    with pytest.raises(DTypeError, match="adaptive_max_pool1d"):
        F.adaptive_max_pool1d(x, 2)  # the max refuses them all the same
