"""Convolution and pooling as PyTorch's: F.conv1d/conv2d (ops/convolution.py),
F.max_pool1d/2d and F.avg_pool1d/2d (ops/pooling.py), nn.Conv1d/Conv2d and the pooling
modules.

Gradients are checked in float64 (gradcheck and gradgradcheck: the three convolution ops
are each other's backward, so second derivatives run through all of them) over stride,
padding ('same' with even kernels too), dilation, groups, ceil_mode and unbatched input;
values, gradients and indices are compared with literals taken from PyTorch 2.13;
dtypes, the initialisation, the reprs and every error path are checked.
tests/parity compares them all with torch itself.
"""

from __future__ import annotations

import math

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
CONV2D = [  # (x shape, weight shape, bias, keyword arguments)
    ((2, 3, 5, 4), (2, 3, 3, 2), True, {}),
    ((1, 2, 6, 5), (3, 2, 2, 2), True, {"stride": 2, "padding": 1}),
    ((2, 2, 7, 6), (2, 2, 3, 2), False, {"stride": (2, 1), "padding": (0, 2),
                                         "dilation": (2, 1)}),
    ((1, 4, 5, 5), (6, 2, 3, 3), True, {"groups": 2, "padding": 1}),
    ((1, 4, 6, 6), (4, 1, 2, 3), True, {"groups": 4, "dilation": 2, "stride": 2}),
    ((2, 2, 4, 5), (3, 2, 2, 3), True, {"padding": "same"}),  # even kernel: one more after
    ((2, 2, 5, 5), (3, 2, 3, 3), False, {"padding": "same", "dilation": (1, 2)}),
    ((4, 4, 4), (2, 2, 3, 3), True, {"groups": 2, "padding": "valid", "dilation": (1, 1)}),
    ((3, 5, 5), (2, 3, 2, 2), True, {"stride": 3, "padding": 1}),  # unbatched
]


CONV1D = [
    ((2, 3, 7), (4, 3, 3), True, {}),
    ((2, 4, 9), (2, 2, 2), True, {"stride": 2, "padding": 2, "dilation": 3, "groups": 2}),
    ((3, 6), (2, 3, 4), False, {"padding": "same"}),  # unbatched, even kernel
]


@pytest.mark.parametrize(("conv", "x_shape", "w_shape", "bias", "kwargs"),
                         [("conv2d", *c) for c in CONV2D] + [("conv1d", *c) for c in CONV1D])
def test_conv_gradients(conv, x_shape, w_shape, bias, kwargs):
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(x_shape), rng.standard_normal(w_shape)]
    if bias:
        arrays.append(rng.standard_normal(w_shape[0]))
    check(lambda *t: getattr(F, conv)(*t, **kwargs), *arrays)


@FEW
@given(seed=seeds, kernel=st.integers(1, 3), stride=st.integers(1, 3),
       padding=st.integers(0, 2), dilation=st.integers(1, 2), groups=st.sampled_from([1, 2]),
       batch=st.sampled_from([(), (1,), (2,)]))
def test_conv2d_gradients_over_drawn_settings(seed, kernel, stride, padding, dilation, groups,
                                              batch):
    rng = np.random.default_rng(seed)
    size = dilation * (kernel - 1) + 1 + int(rng.integers(0, 3))  # the kernel always fits
    x = rng.standard_normal(batch + (2 * groups, size, size + 1))
    w = rng.standard_normal((2 * groups, 2, kernel, kernel))
    check(lambda a, b: F.conv2d(a, b, stride=stride, padding=padding, dilation=dilation,
                                groups=groups), x, w)


POOLS = [
    {"kernel_size": 2},
    {"kernel_size": 3, "stride": 2, "padding": 1},
    {"kernel_size": (2, 3), "stride": 1, "padding": (1, 0)},
    {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True},
    {"kernel_size": 2, "stride": 3, "ceil_mode": True},
]


@pytest.mark.parametrize("kwargs", POOLS)
def test_max_pool2d_gradients(kwargs):
    x = distinct(np.random.default_rng(2), (2, 2, 5, 6))  # no ties, even after a nudge
    check(lambda t: F.max_pool2d(t, **kwargs), x)
    check(lambda t: F.max_pool2d(t, dilation=2, **kwargs), x)
    check(lambda t: F.max_pool2d(t, **kwargs), x[0])  # unbatched


@pytest.mark.parametrize("kwargs", POOLS)
@pytest.mark.parametrize("count", [{}, {"count_include_pad": False}, {"divisor_override": 3}])
def test_avg_pool2d_gradients(kwargs, count):
    x = np.random.default_rng(3).standard_normal((2, 2, 5, 6))
    check(lambda t: F.avg_pool2d(t, **kwargs, **count), x)
    check(lambda t: F.avg_pool2d(t, **kwargs, **count), x[1])


def test_pool1d_gradients():
    x = distinct(np.random.default_rng(4), (2, 3, 7))
    for kwargs in [{"kernel_size": 2}, {"kernel_size": 3, "stride": 2, "padding": 1,
                                        "ceil_mode": True}]:
        check(lambda t, kw=kwargs: F.max_pool1d(t, **kw), x)
        check(lambda t, kw=kwargs: F.avg_pool1d(t, **kw, count_include_pad=False), x)
        check(lambda t, kw=kwargs: F.max_pool1d(t, **kw), x[0])


# ---- values and gradients: literals from PyTorch 2.13 --------------------------------------
def test_conv2d_stride_padding_bias_as_pytorch():
    x = _t(np.arange(9.0).reshape(1, 1, 3, 3))
    w = _t([[[[1, 0], [0, -1]]], [[[0.5, 0.5], [0.5, 0.5]]]])
    b = _t([1, -1])
    y = F.conv2d(x, w, b, stride=2, padding=1)
    np.testing.assert_allclose(y.numpy(), [[[[1, -1], [-5, -3]], [[-1, 0.5], [3.5, 11]]]])
    (y * _t([1, 2, -1, 0.5], grad=False).reshape(1, 1, 2, 2)).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [[[[-0.5, 1, -1], [-0.5, 0.75, 0.25],
                                                  [0.5, 0.25, -0.25]]]])
    np.testing.assert_allclose(w.grad.numpy(), [[[[2, -0.5], [5.5, 2]]]] * 2)
    np.testing.assert_allclose(b.grad.numpy(), [2.5, 2.5])
    assert y.dtype == x.grad.dtype == w.grad.dtype == np.float32


def test_conv2d_groups_and_dilation_as_pytorch():
    x = _t(np.arange(32.0).reshape(1, 2, 4, 4) / 8)
    w = _t(np.arange(8.0).reshape(2, 1, 2, 2) - 4)
    y = F.conv2d(x, w, groups=2, dilation=2)
    np.testing.assert_allclose(y.numpy(), [[[[-4, -5.25], [-9, -10.25]],
                                            [[18, 18.75], [21, 21.75]]]])
    y.sum().backward()
    gx = x.grad.numpy()[0]
    np.testing.assert_allclose(gx[0], [[-4, -4, -3, -3]] * 2 + [[-2, -2, -1, -1]] * 2)
    np.testing.assert_allclose(gx[1], [[0, 0, 1, 1]] * 2 + [[2, 2, 3, 3]] * 2)
    np.testing.assert_allclose(w.grad.numpy(), [[[[1.25, 2.25], [5.25, 6.25]]],
                                                [[[9.25, 10.25], [13.25, 14.25]]]])


def test_conv1d_same_padding_puts_the_odd_zero_after():
    x, w = _t([[[1, 2, 3, 4, 5]]]), _t(np.ones((1, 1, 4)))
    y = F.conv1d(x, w, padding="same")
    np.testing.assert_allclose(y.numpy(), [[[6, 10, 14, 12, 9]]])
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [[[2, 3, 4, 4, 3]]])
    np.testing.assert_allclose(w.grad.numpy(), [[[10, 15, 14, 12]]])


def test_max_pool2d_sends_the_gradient_to_the_first_maximum():
    x = _t([[[[1, 3, 3, 1], [3, 1, 1, 3]]]])
    y, index = F.max_pool2d(x, 2, return_indices=True)
    assert y.tolist() == [[[[3, 3]]]] and index.tolist() == [[[[1, 2]]]]
    assert index.dtype == np.int64 and not index.requires_grad
    y.sum().backward()
    assert x.grad.tolist() == [[[[0, 1, 1, 0], [0, 0, 0, 0]]]]


def test_max_pool2d_overlapping_windows_and_padding_as_pytorch():
    x = _t([[[[0.5, 2, -1], [4, 4, 0], [-3, 1.5, 2.5]]]])
    y, index = F.max_pool2d(x, 2, stride=1, padding=1, return_indices=True)
    assert y.tolist() == [[[[0.5, 2, 2, -1], [4, 4, 4, 0], [4, 4, 4, 2.5], [-3, 1.5, 2.5, 2.5]]]]
    assert index.tolist() == [[[[0, 1, 1, 2], [3, 3, 4, 5], [3, 3, 4, 8], [6, 7, 8, 8]]]]
    y.sum().backward()  # one element is the maximum of several windows: their g add up
    assert x.grad.tolist() == [[[[1, 2, 1], [4, 2, 1], [1, 1, 3]]]]


def test_max_pool_nan_and_minus_infinity_as_pytorch():
    x = _t([[[[1, np.nan, 3, np.nan]]]])
    y, index = F.max_pool2d(x, (1, 4), return_indices=True)
    assert np.isnan(y.item()) and index.item() == 3  # the last NaN, as PyTorch's loop
    y.sum().backward()
    assert x.grad.tolist() == [[[[0, 0, 0, 1]]]]
    x = _t([[[[-np.inf, -np.inf, 2]]]])  # a window of -inf and padding: the -inf inside
    y, index = F.max_pool2d(x, (1, 2), padding=(0, 1), return_indices=True)
    assert y.tolist() == [[[[-np.inf, 2]]]] and index.tolist() == [[[[0, 2]]]]


def test_avg_pool2d_ceil_mode_and_count_include_pad_as_pytorch():
    ones = mg.ones(1, 1, 5, 5)
    np.testing.assert_allclose(F.avg_pool2d(ones, 2, 2, 1, ceil_mode=True).numpy(),
                               [[[[0.25, 0.5, 0.5], [0.5, 1, 1], [0.5, 1, 1]]]])
    np.testing.assert_allclose(F.avg_pool2d(mg.ones(1, 1, 6, 6), 3, 2, 1, ceil_mode=True).numpy(),
                               [[[[4 / 9, 2 / 3, 2 / 3, 1 / 3], [2 / 3, 1, 1, 0.5],
                                  [2 / 3, 1, 1, 0.5], [1 / 3, 0.5, 0.5, 0.25]]]], rtol=1e-6)
    x = _t(np.arange(16.0).reshape(1, 1, 4, 4))
    y = F.avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)
    np.testing.assert_allclose(y.numpy(), [[[[2.5, 4, 5], [8.5, 10, 11], [12.5, 14, 15]]]])
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy()[0, 0, 0], [0.25, 0.41666669, 0.16666667,
                                                         0.66666669], rtol=1e-6)
    np.testing.assert_allclose(x.grad.numpy()[0, 0, 3], [0.66666669, 1.1111112, 0.44444445,
                                                         1.7777778], rtol=1e-6)


def test_pool1d_ceil_mode_as_pytorch():
    x = _t([[[1, 5, 2, 2, 7]]])
    y, index = F.max_pool1d(x, 2, ceil_mode=True, return_indices=True)
    assert y.tolist() == [[[5, 2, 7]]] and index.tolist() == [[[1, 2, 4]]]
    assert F.avg_pool1d(x, 2, ceil_mode=True).tolist() == [[[3, 2, 7]]]


def test_integer_pooling_and_convolution_as_pytorch():
    x = mg.tensor([[[[1, 2], [2, 2]], [[-1, -2], [-2, -2]], [[-1, -2], [-1, -1]]]])
    assert F.avg_pool2d(x, 2).tolist() == [[[[1]], [[-1]], [[-1]]]]  # rounded toward zero
    assert F.avg_pool2d(x, 2, divisor_override=3).tolist() == [[[[2]], [[-2]], [[-1]]]]
    assert F.max_pool2d(x, 2).tolist() == [[[[2]], [[-1]], [[-1]]]]
    y = F.conv2d(mg.arange(9).reshape(1, 1, 3, 3), mg.ones(1, 1, 2, 2, dtype=mg.int64))
    assert y.dtype == np.int64 and y.tolist() == [[[[8, 12], [20, 24]]]]


def test_dtypes_stay_and_batches_may_be_empty_or_missing():
    for dtype in (np.float16, np.float32, np.float64):
        x = mg.ones(2, 2, 4, 4, dtype=dtype)
        w = mg.ones(3, 2, 3, 3, dtype=dtype)
        assert F.conv2d(x, w, mg.zeros(3, dtype=dtype)).dtype == dtype
        assert F.max_pool2d(x, 2).dtype == F.avg_pool2d(x, 2).dtype == dtype
    assert F.conv2d(mg.ones(2, 2, 4, 4, dtype=mg.float16),
                    mg.ones(3, 2, 3, 3, dtype=mg.float16)).tolist()[0][0][0] == [18, 18]
    assert F.conv2d(mg.ones(0, 2, 4, 4), mg.ones(3, 2, 3, 3)).shape == (0, 3, 2, 2)
    assert F.max_pool2d(mg.ones(0, 2, 4, 4), 2).shape == (0, 2, 2, 2)
    assert F.conv2d(mg.ones(2, 4, 4), mg.ones(3, 2, 3, 3)).shape == (3, 2, 2)
    assert F.max_pool2d(mg.ones(2, 4, 4), 2, return_indices=True)[1].shape == (2, 2, 2)
    assert F.conv1d(mg.ones(2, 5), mg.ones(3, 2, 2)).shape == (3, 4)


def test_the_top_level_and_nn_functional_names():
    assert mg.conv2d is F.conv2d and mg.conv1d is F.conv1d and mg.max_pool2d is F.max_pool2d
    assert mg.nn.functional.avg_pool2d is F.avg_pool2d
    assert mg.max_pool1d is F.max_pool1d and mg.avg_pool1d is F.avg_pool1d


# ---- the layers -------------------------------------------------------------------------
def test_layer_reprs_as_pytorch():
    assert repr(nn.Conv2d(1, 8, 3)) == "Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1))"
    assert repr(nn.Conv2d(2, 4, (3, 2), stride=2, padding=1, dilation=2, groups=2,
                          bias=False)) == ("Conv2d(2, 4, kernel_size=(3, 2), stride=(2, 2), "
                                           "padding=(1, 1), dilation=(2, 2), groups=2, "
                                           "bias=False)")
    assert repr(nn.Conv2d(1, 8, 3, padding="same")) == (
        "Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1), padding=same)")
    assert repr(nn.Conv1d(1, 8, 3)) == "Conv1d(1, 8, kernel_size=(3,), stride=(1,))"
    assert repr(nn.MaxPool2d(2)) == (
        "MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)")
    assert repr(nn.MaxPool2d((2, 3), stride=1, padding=1, ceil_mode=True)) == (
        "MaxPool2d(kernel_size=(2, 3), stride=1, padding=1, dilation=1, ceil_mode=True)")
    assert repr(nn.AvgPool2d(2)) == "AvgPool2d(kernel_size=2, stride=2, padding=0)"
    assert repr(nn.MaxPool1d(2)) == (
        "MaxPool1d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)")
    assert repr(nn.AvgPool1d(2)) == "AvgPool1d(kernel_size=(2,), stride=(2,), padding=(0,))"


def test_conv_layers_start_as_pytorch_does():
    layer = nn.Conv2d(4, 6, 3, groups=2, generator=np.random.default_rng(0))
    fan_in = 2 * 3 * 3  # in_channels / groups * kH * kW
    bound = 1 / math.sqrt(fan_in)
    w, b = layer.weight.numpy(), layer.bias.numpy()
    assert w.shape == (6, 2, 3, 3) and b.shape == (6,) and w.dtype == np.float32
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.9 * bound  # uniform in +-bound
    assert np.abs(b).max() <= bound
    mg.manual_seed(5)
    first = nn.Conv1d(2, 3, 4).weight.numpy().copy()
    mg.manual_seed(5)
    assert np.array_equal(nn.Conv1d(2, 3, 4).weight.numpy(), first)  # the seeded generator
    assert nn.Conv2d(1, 2, 3, bias=False).bias is None
    assert nn.Conv2d(1, 2, 3, dtype=mg.float64).weight.dtype == np.float64
    names = [name for name, _ in nn.Conv2d(1, 2, 3).named_parameters()]
    assert names == ["weight", "bias"]


def test_a_small_cnn_trains():
    rng = np.random.default_rng(0)
    x = mg.tensor(rng.standard_normal((16, 1, 8, 8)).astype(np.float32))
    y = mg.tensor((x.numpy()[:, 0, :4].mean(axis=(1, 2)) > 0).astype(np.int64))
    mg.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Conv2d(4, 4, 3), nn.ReLU(), nn.AvgPool2d(2), nn.Flatten(),
                          nn.Linear(4, 2))
    optimizer = mg.optim.Adam(model.parameters(), lr=0.05)
    losses = []
    for _ in range(30):
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    assert losses[-1] < 0.5 * losses[0]
    assert all(p.grad is not None and p.grad.dtype == np.float32 for p in model.parameters())


# ---- errors -------------------------------------------------------------------------------
X, W = mg.ones(2, 3, 5, 5), mg.ones(4, 3, 3, 3)


@pytest.mark.parametrize(("call", "error", "words"), [
    (lambda: F.conv2d([[1.0]], W), TypeError, "input must be a Tensor"),
    (lambda: F.conv2d(mg.ones(5, 5), W), ShapeError, "3-D (unbatched: C, H, W) or 4-D"),
    (lambda: F.conv1d(X, mg.ones(4, 3, 3)), ShapeError, "2-D (unbatched: C, L) or 3-D"),
    (lambda: F.conv2d(X, mg.ones(4, 3, 3)), ShapeError, "weight must have 4 axes"),
    (lambda: F.conv2d(mg.ones(2, 2, 5, 5), W), ShapeError,
     "input has 2 channels (shape (2, 2, 5, 5)), but the weight of shape (4, 3, 3, 3) "
     "expects in_channels = 3"),
    (lambda: F.conv2d(X, W, groups=3), ShapeError, "multiple of groups=3"),
    (lambda: F.conv2d(X, mg.ones(4, 1, 3, 3), groups=2), ShapeError, "in_channels = 2"),
    (lambda: F.conv2d(X, W, groups=0), ValueError, "groups must be a positive int"),
    (lambda: F.conv2d(X, W, groups=1.0), ValueError, "groups must be a positive int"),
    (lambda: F.conv2d(X, mg.ones(0, 3, 3, 3)), ShapeError, "out_channels (0"),
    (lambda: F.conv2d(X, W, mg.ones(3)), ShapeError, "bias must have shape (4,)"),
    (lambda: F.conv2d(mg.ones(2, 3, 2, 2), W), ShapeError,
     "kernel (3 x 3) does not fit in the padded input (2 x 2"),
    (lambda: F.conv2d(X, W, dilation=3), ShapeError, "spanning 7 x 7 with dilation (3, 3)"),
    (lambda: F.conv2d(X, W, stride=0), ValueError, "stride must be positive"),
    (lambda: F.conv2d(X, W, stride=(1, 1, 1)), ValueError, "tuple of 2 ints"),
    (lambda: F.conv2d(X, W, stride=1.5), TypeError, "stride must be an int or a tuple"),
    (lambda: F.conv2d(X, W, stride=True), TypeError, "stride must be an int or a tuple"),
    (lambda: F.conv2d(X, W, padding=-1), ValueError, "padding must be zero or more"),
    (lambda: F.conv2d(X, W, dilation=0), ValueError, "dilation must be positive"),
    (lambda: F.conv2d(X, W, padding="full"), ValueError, "'valid' or 'same'"),
    (lambda: F.conv2d(X, W, padding="same", stride=2), ValueError, "needs stride 1"),
    (lambda: F.conv2d(X.double(), W), DTypeError, "input has dtype float64 but the weight"),
    (lambda: F.conv2d(X, W, mg.ones(4, dtype=mg.int64)), DTypeError, "the bias int64"),
    (lambda: F.conv2d(X > 0, W > 0), DTypeError, "bool input is not supported"),
    (lambda: F.max_pool2d([1.0], 2), TypeError, "input must be a Tensor"),
    (lambda: F.max_pool2d(mg.ones(5, 5), 2), ShapeError, "3-D (unbatched: C, H, W) or 4-D"),
    (lambda: F.max_pool2d(mg.ones(2, 0, 4, 4), 2), ShapeError, "no empty axis but the batch"),
    (lambda: F.avg_pool1d(X, 2), ShapeError, "2-D (unbatched: C, L) or 3-D"),
    (lambda: F.max_pool2d(X, 0), ValueError, "kernel_size must be positive"),
    (lambda: F.max_pool2d(X, (2, 2, 2)), ValueError, "tuple of 2 ints"),
    (lambda: F.max_pool2d(X, 2.0), TypeError, "kernel_size must be an int or a tuple"),
    (lambda: F.max_pool2d(X, 2, stride=0), ValueError, "stride must be positive"),
    (lambda: F.max_pool2d(X, 3, padding=2), ValueError, "at most half of kernel_size"),
    (lambda: F.avg_pool2d(X, 3, padding=-1), ValueError, "padding must be zero or more"),
    (lambda: F.max_pool2d(X, 2, dilation=0), ValueError, "dilation must be positive"),
    (lambda: F.max_pool2d(X, 6), ShapeError, "the output would be empty"),
    (lambda: F.avg_pool2d(X, 2, divisor_override=0), ValueError, "non-zero int"),
    (lambda: F.avg_pool2d(X, 2, divisor_override=1.5), ValueError, "non-zero int"),
    (lambda: F.max_pool1d(mg.ones(2, 3, 4, dtype=mg.int64), 2), DTypeError,
     "int64 input is not supported"),
    (lambda: F.avg_pool2d(mg.ones(1, 2, 4, 4, dtype=mg.int32), 2), DTypeError,
     "int32 input is not supported"),
    (lambda: F.max_pool2d(X > 0, 2), DTypeError, "bool input is not supported"),
    (lambda: nn.Conv2d(3, 4, 3, groups=2), ValueError, "in_channels=3 must be divisible"),
    (lambda: nn.Conv2d(0, 4, 3), ValueError, "in_channels must be a positive int"),
    (lambda: nn.Conv2d(2, 4, 3, padding="full"), ValueError, "'valid' or 'same'"),
    (lambda: nn.Conv2d(2, 4, 3, padding="same", stride=2), ValueError, "needs stride 1"),
    (lambda: nn.Conv2d(2, 4, 3, padding_mode="mirror"), ValueError, "padding_mode must be"),
    (lambda: nn.Conv2d(2, 4, 3, padding_mode="reflect"), NotImplementedError,
     "only 'zeros'"),
    (lambda: nn.Conv2d(2, 4, 3, dtype=mg.int64), DTypeError, "dtype must be floating"),
    (lambda: nn.Conv2d(2, 4, 3, device="cuda"), RuntimeError, "CPU only"),
    (lambda: nn.Conv2d(3, 4, 3)(X.double()), DTypeError, "convert the input with x.float()"),
])
def test_errors_name_the_problem(call, error, words):
    with pytest.raises(error) as info:
        call()
    assert words in str(info.value)


def test_arguments_are_not_changed():
    x, w = mg.ones(1, 2, 4, 4, requires_grad=True), mg.ones(2, 2, 3, 3)
    before = x.numpy().copy()
    stride = [1, 1]
    F.conv2d(x, w, stride=stride, padding=1).sum().backward()
    F.max_pool2d(x, 2, stride=stride).sum().backward()
    assert stride == [1, 1] and np.array_equal(x.numpy(), before)
