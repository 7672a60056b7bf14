"""interpolate (nearest, nearest-exact, linear, bilinear, trilinear) and nn.Upsample,
UpsamplingNearest2d, UpsamplingBilinear2d: values and gradients taken from PyTorch 2.13,
float64 gradient checks, dtypes, and every error."""

from __future__ import annotations

import numpy as np
import pytest
from op_strategies import check

import minigrad as mg
import minigrad.nn.functional as NF
from minigrad import nn
from minigrad.errors import DTypeError, ShapeError

F = mg.functional
rng = np.random.default_rng(0)


def _run(x, **kwargs):
    """Values and the gradient for the weights 1, 2, 3, ... of the outputs (as torch's
    y.backward(arange(1, n + 1)) gave the literals below)."""
    x = mg.tensor(np.asarray(x, dtype=np.float64), requires_grad=True)
    y = F.interpolate(x, **kwargs)
    y.backward(mg.tensor(np.arange(1.0, y.numel() + 1).reshape(y.shape)))
    return y.numpy().ravel(), x.grad.numpy().ravel()


# (input, keyword arguments, values, gradient), from torch 2.13
TORCH = [
    (np.arange(6.0).reshape(1, 1, 6), {"scale_factor": 1.7},
     [0, 0, 1, 1, 2, 2, 3, 4, 4, 5], [3, 7, 11, 7, 17, 10]),
    ([[[1.0, 2.0, 3.0]]], {"size": 5}, [1, 1, 2, 2, 3], [3, 7, 5]),
    (np.arange(6.0).reshape(1, 1, 6), {"scale_factor": 0.4}, [0, 2], [1, 0, 2, 0, 0, 0]),
    (np.arange(6.0).reshape(1, 1, 2, 3), {"scale_factor": (1.5, 1.4)},
     [0, 0, 1, 2, 0, 0, 1, 2, 3, 3, 4, 5], [14, 10, 12, 19, 11, 12]),
    (np.arange(5.0).reshape(1, 1, 5), {"size": 3, "mode": "nearest-exact"},
     [0, 2, 4], [1, 0, 2, 0, 3]),
    (np.arange(5.0).reshape(1, 1, 5), {"scale_factor": 1.7, "mode": "nearest-exact"},
     [0, 0, 1, 2, 2, 3, 3, 4], [3, 3, 9, 13, 8]),
    ([[[1.0, 3.0, 2.0, 6.0]]], {"size": 6, "mode": "linear"},
     [1.0, 1.9999999999999998, 2.8333333333333335, 2.166666666666667, 4.0, 6.0],
     [2.0, 4.166666666666668, 6.333333333333332, 8.5]),
    ([[[1.0, 3.0, 2.0, 6.0]]], {"size": 6, "mode": "linear", "align_corners": True},
     [1.0, 2.1999999999999997, 2.8, 2.2, 3.5999999999999996, 6.0],
     [1.8, 4.4, 6.799999999999999, 8.0]),
    ([[[1.0, 3.0, 2.0, 6.0]]], {"scale_factor": 0.7, "mode": "linear"},
     [1.4285714285714286, 2.357142857142857],
     [0.7857142857142857, 0.9285714285714287, 1.2857142857142856, 0.0]),
    ([[[1.0, 3.0, 2.0, 6.0]]],
     {"scale_factor": 0.7, "mode": "linear", "recompute_scale_factor": True},
     [2.0, 4.0], [0.5, 0.5, 1.0, 1.0]),
    ([[[1.0, 3.0, 2.0, 6.0]]], {"size": 1, "mode": "linear", "align_corners": True},
     [1.0], [1.0, 0.0, 0.0, 0.0]),
    ([[[[1.0, 2.0], [4.0, 8.0]]]], {"size": (3, 4), "mode": "bilinear"},
     [1.0, 1.25, 1.75, 2.0, 2.5, 3.125, 4.375, 5.0, 4.0, 5.0, 7.0, 8.0],
     [8.875, 14.125, 24.875, 30.125]),
    ([[[[1.0, 2.0], [4.0, 8.0]]]], {"size": (3, 4), "mode": "bilinear", "align_corners": True},
     [1.0, 1.3333333333333335, 1.6666666666666665, 2.0, 2.5, 3.333333333333333,
      4.166666666666666, 5.0, 4.0, 5.333333333333334, 6.666666666666666, 8.0],
     [9.0, 14.0, 25.000000000000004, 30.0]),
    (np.arange(8.0).reshape(1, 1, 2, 2, 2), {"size": (3, 2, 3), "mode": "trilinear"},
     [0.0, 0.5, 1.0, 2.0, 2.5, 3.0, 2.0, 2.5, 3.0, 4.0, 4.5, 5.0, 4.0, 4.5, 5.0, 6.0, 6.5,
      7.0], [7.5, 10.5, 14.25, 17.25, 25.5, 28.5, 32.25, 35.25]),
    # a factor that keeps the size: PyTorch's 2-D kernel copies, its 1-D one does not
    (np.arange(5.0).reshape(1, 1, 1, 5), {"scale_factor": 1.1}, [0, 1, 2, 3, 4], [1, 2, 3, 4, 5]),
]


@pytest.mark.parametrize(("x", "kwargs", "values", "grad"), TORCH)
def test_values_and_gradients_are_pytorchs(x, kwargs, values, grad) -> None:
    got, got_grad = _run(x, **kwargs)
    np.testing.assert_allclose(got, values, rtol=1e-14, atol=1e-14)
    np.testing.assert_allclose(got_grad, grad, rtol=1e-14, atol=1e-14)


def test_a_1d_nearest_factor_that_keeps_the_size_differentiates_its_own_forward() -> None:
    """PyTorch's 1-D forward reads [0, 0, 1, 2, 3] here, and its backward (which copies an
    axis whose size stays) gives [1, 2, 3, 4, 5]; minigrad's gradient is its forward's."""
    values, grad = _run(np.arange(5.0).reshape(1, 1, 5), scale_factor=1.1)
    np.testing.assert_array_equal(values, [0, 0, 1, 2, 3])  # PyTorch's values
    np.testing.assert_array_equal(grad, [1 + 2, 3, 4, 5, 0])  # the derivative of them


def test_a_linear_axis_whose_size_stays_is_copied() -> None:
    """As PyTorch's kernel: scale_factor=1.1 on 5 elements gives 5, copied (not resampled)."""
    x = rng.standard_normal((1, 2, 5))
    np.testing.assert_array_equal(
        F.interpolate(mg.tensor(x), scale_factor=1.1, mode="linear").numpy(), x)


def test_float32_stays_float32_with_pytorchs_values() -> None:
    x = mg.tensor(np.array([[[0.1, 0.7, 0.3]]], dtype=np.float32), requires_grad=True)
    y = F.interpolate(x, scale_factor=2.5, mode="linear")
    assert y.dtype == np.float32
    np.testing.assert_allclose(
        y.numpy().ravel(), [0.10000000149011612, 0.1600000113248825, 0.4000000059604645,
                            0.6399999856948853, 0.5799999833106995, 0.41999998688697815,
                            0.30000001192092896], rtol=1e-6)
    y.backward(mg.tensor(np.arange(1.0, 8.0, dtype=np.float32).reshape(y.shape)))
    assert x.grad.dtype == np.float32
    np.testing.assert_allclose(x.grad.numpy().ravel(), [4.7, 10.6, 12.7], rtol=1e-6)
    for mode, shape in [("nearest", (1, 1, 2, 3)), ("bilinear", (1, 1, 2, 3)),
                        ("nearest-exact", (1, 1, 3)), ("trilinear", (1, 1, 2, 2, 2))]:
        x = mg.tensor(rng.standard_normal(shape).astype(np.float32))
        assert F.interpolate(x, scale_factor=2.5, mode=mode).dtype == np.float32
    x16 = mg.tensor(np.ones((1, 1, 3), dtype=np.float16))
    assert F.interpolate(x16, size=4, mode="linear").dtype == np.float16


def test_uint8_takes_nearest() -> None:
    x = mg.tensor(np.array([[[1, 2, 3]]], dtype=np.uint8))
    y = F.interpolate(x, size=5)
    assert y.dtype == np.uint8 and y.numpy().ravel().tolist() == [1, 1, 2, 2, 3]


@pytest.mark.parametrize(("shape", "kwargs"), [
    ((2, 3, 4), {"size": 7}),
    ((2, 1, 5), {"scale_factor": 0.6}),
    ((1, 2, 3, 4), {"scale_factor": (1.7, 0.8)}),
    ((1, 2, 3), {"size": 4, "mode": "nearest-exact"}),
    ((1, 2, 2, 3), {"size": (3, 5), "mode": "nearest-exact"}),
    ((2, 2, 4), {"size": 7, "mode": "linear"}),
    ((2, 2, 4), {"size": 3, "mode": "linear", "align_corners": True}),
    ((1, 2, 3), {"scale_factor": 1.7, "mode": "linear"}),
    ((2, 1, 3, 4), {"size": (5, 2), "mode": "bilinear"}),
    ((1, 2, 3, 2), {"scale_factor": 1.5, "mode": "bilinear", "align_corners": True}),
    ((1, 1, 2, 3, 2), {"size": (3, 2, 4), "mode": "trilinear"}),
    ((0, 2, 3), {"size": 4, "mode": "linear"}),  # an empty batch
])
def test_gradients_float64(shape, kwargs) -> None:
    check(lambda x: F.interpolate(x, **kwargs), rng.standard_normal(shape))


def test_the_input_is_not_changed_and_the_paths_are_one_function() -> None:
    x = mg.tensor(rng.standard_normal((1, 1, 3)))
    before = x.numpy().copy()
    F.interpolate(x, size=5, mode="linear")
    np.testing.assert_array_equal(x.numpy(), before)
    assert NF.interpolate is F.interpolate


# ---- errors, as PyTorch raises them ------------------------------------------------------
X3 = mg.zeros(1, 1, 4)
X4 = mg.zeros(1, 1, 4, 4)


@pytest.mark.parametrize(("x", "kwargs", "error", "match"), [
    (X3, {}, ValueError, "either size"),
    (X3, {"size": 2, "scale_factor": 2.0}, ValueError, "only one of size and scale_factor"),
    (X3, {"size": 2, "align_corners": True}, ValueError, "align_corners only applies"),
    (X3, {"size": 2, "mode": "nearest-exact", "align_corners": False}, ValueError,
     "align_corners only applies"),
    (X3, {"size": 2, "recompute_scale_factor": True}, ValueError, "only meaningful"),
    (X3, {"size": (2, 3)}, ValueError, r"size=\(2, 3\) gives 2 spatial axes"),
    (X4, {"scale_factor": (2.0,)}, ValueError, "scale_factor=.* gives 1 spatial axes"),
    (X3, {"size": 2.5}, TypeError, "size must be an int"),
    (X3, {"scale_factor": "2"}, TypeError, "scale_factor must be a number"),
    (X3, {"scale_factor": float("inf")}, ValueError, "finite"),
    (X3, {"size": 2, "mode": "linear", "align_corners": 1}, TypeError, "True or False"),
    (X3, {"size": 2, "mode": "bilinear"}, NotImplementedError, "'bilinear' needs a 4-D input"),
    (X4, {"size": 2, "mode": "linear"}, NotImplementedError, "'linear' needs a 3-D input"),
    (X4, {"size": 2, "mode": "trilinear"}, NotImplementedError, "needs a 5-D input"),
    (mg.zeros(4), {"size": 2}, NotImplementedError, "3-D, 4-D or 5-D input"),
    (mg.zeros(1, 1, 1, 1, 1, 1), {"size": 2}, NotImplementedError, "3-D, 4-D or 5-D"),
    (X4, {"size": 2, "mode": "bicubic"}, NotImplementedError, "'bicubic' is not in minigrad"),
    (X4, {"size": 2, "mode": "area"}, NotImplementedError, "'area' is not in minigrad"),
    (X4, {"size": 2, "mode": "bilinear", "antialias": True}, NotImplementedError,
     "antialias=True is not in minigrad"),
    (X4, {"size": 2, "antialias": True}, ValueError, "antialias=True is only for"),
    (X4, {"size": 2, "mode": "cubic"}, NotImplementedError, "unknown mode='cubic'"),
    (X3, {"size": 0}, ShapeError, "at least 1"),
    (X3, {"scale_factor": 0.1}, ShapeError, r"output size \(0,\)"),
    (X3, {"scale_factor": -1.0}, ShapeError, "at least 1"),
    (mg.zeros(1, 1, 0), {"size": 2}, ShapeError, "at least 1"),
    (mg.zeros(1, 0, 3), {"size": 2}, ShapeError, "at least one channel"),
    (mg.zeros(1, 1, 3, dtype=mg.int64), {"size": 2}, DTypeError, "takes floats and uint8"),
    (mg.tensor([[[1, 2]]], dtype=mg.uint8), {"size": 3, "mode": "linear"}, DTypeError,
     "takes floats, not uint8"),
    (mg.tensor([[[True]]]), {"size": 3}, DTypeError, "not bool"),
    ([[[1.0, 2.0]]], {"size": 3}, TypeError, "input must be a Tensor"),
])
def test_errors(x, kwargs, error, match) -> None:
    with pytest.raises(error, match=match):
        F.interpolate(x, **kwargs)


# ---- the modules ---------------------------------------------------------------------------
def test_upsample_modules_call_interpolate_and_print_as_pytorch() -> None:
    x = mg.tensor(rng.standard_normal((1, 2, 3, 4)))
    up = nn.Upsample(scale_factor=2, mode="bilinear")
    assert repr(up) == "Upsample(scale_factor=2.0, mode='bilinear')"
    np.testing.assert_array_equal(up(x).numpy(),
                                  F.interpolate(x, scale_factor=2.0, mode="bilinear").numpy())
    assert repr(nn.Upsample(size=(3, 4))) == "Upsample(size=(3, 4), mode='nearest')"
    assert repr(nn.Upsample(scale_factor=(2, 3))) == \
        "Upsample(scale_factor=(2.0, 3.0), mode='nearest')"
    near = nn.UpsamplingNearest2d(size=3)
    assert repr(near) == "UpsamplingNearest2d(size=3, mode='nearest')"
    np.testing.assert_array_equal(near(x).numpy(), F.interpolate(x, size=3).numpy())
    bil = nn.UpsamplingBilinear2d(scale_factor=2)
    assert repr(bil) == "UpsamplingBilinear2d(scale_factor=2.0, mode='bilinear')"
    assert bil.align_corners is True
    np.testing.assert_array_equal(
        bil(x).numpy(),
        F.interpolate(x, scale_factor=2.0, mode="bilinear", align_corners=True).numpy())
    assert list(up.parameters()) == []


def test_upsample_checks_its_settings_when_called() -> None:
    up = nn.Upsample(size=3, scale_factor=2)  # as in PyTorch: accepted here...
    with pytest.raises(ValueError, match="only one of size and scale_factor"):
        up(mg.zeros(1, 1, 3))  # ...refused when called
    with pytest.raises(ValueError, match="either size"):
        nn.Upsample()(mg.zeros(1, 1, 3))
