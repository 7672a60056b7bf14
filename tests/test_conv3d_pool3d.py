"""The 3-D convolution and pools as PyTorch's: F.conv3d and nn.Conv3d, F.max_pool3d and
F.avg_pool3d with their modules, F.adaptive_avg_pool3d / adaptive_max_pool3d with theirs,
and nn.BatchNorm3d. The ops are the 1-D and 2-D ones (they take any number of spatial
axes); what is new is the checking of three axes, and the adaptive max along a third.

Gradients are checked in float64 (gradcheck and gradgradcheck) over stride, padding
('same' too), dilation, groups, ceil_mode, batched and unbatched input; values, gradients
and indices are compared with literals taken from PyTorch 2.13; dtypes and every error
path are checked. tests/parity/specs_conv3d_fold.py compares them with torch itself.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from op_strategies import check, distinct

import minigrad as mg
import minigrad.functional as F
from minigrad import nn
from minigrad.errors import DTypeError, ShapeError

# ---- gradients: float64 gradcheck and gradgradcheck ------------------------------------
CONV3D = [  # (x shape, weight shape, bias, keyword arguments)
    ((2, 2, 3, 4, 3), (3, 2, 2, 2, 2), True, {}),
    ((1, 4, 4, 3, 5), (4, 2, 2, 1, 3), True, {"groups": 2, "stride": (1, 2, 2),
                                             "padding": (1, 0, 1)}),
    ((1, 2, 5, 4, 4), (2, 2, 2, 2, 2), False, {"dilation": (2, 1, 2), "padding": "same"}),
    ((2, 3, 3, 4), (2, 2, 2, 3, 2), True, {"padding": "valid"}),  # unbatched
]


@pytest.mark.parametrize(("x_shape", "w_shape", "bias", "kwargs"), CONV3D)
def test_conv3d_gradients(x_shape, w_shape, bias, kwargs):
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(x_shape), rng.standard_normal(w_shape)]
    if bias:
        arrays.append(rng.standard_normal(w_shape[0]))
    check(lambda *t: F.conv3d(*t, **kwargs), *arrays)


POOLS3D = [
    ((2, 1, 4, 4, 2), {"kernel_size": 2}),
    ((1, 1, 4, 5, 6), {"kernel_size": (2, 3, 2), "stride": (1, 2, 3), "padding": (1, 1, 0)}),
    ((1, 5, 4, 3), {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True}),  # unbatched
]


@pytest.mark.parametrize(("shape", "kwargs"), POOLS3D)
def test_max_pool3d_gradients(shape, kwargs):
    x = distinct(np.random.default_rng(1), shape)  # no ties: the maximum is unique
    check(lambda t: F.max_pool3d(t, **kwargs), x)
    check(lambda t: F.max_pool3d(t, dilation=(1, 2, 1), **{**kwargs, "padding": 0}), x)


@pytest.mark.parametrize(("shape", "kwargs"), POOLS3D)
@pytest.mark.parametrize("options", [{}, {"count_include_pad": False},
                                     {"divisor_override": 5}])
def test_avg_pool3d_gradients(shape, kwargs, options):
    x = np.random.default_rng(2).standard_normal(shape)
    check(lambda t: F.avg_pool3d(t, **kwargs, **options), x)


@pytest.mark.parametrize(("shape", "size"), [((2, 2, 5, 4, 3), (2, 3, 2)),
                                              ((2, 3, 4, 5), (4, None, 3)),  # unbatched
                                              ((1, 1, 3, 3, 3), 1)])
def test_adaptive_pool3d_gradients(shape, size):
    rng = np.random.default_rng(3)
    check(lambda t: F.adaptive_avg_pool3d(t, size), rng.standard_normal(shape))
    check(lambda t: F.adaptive_max_pool3d(t, size), distinct(rng, shape))


def test_batch_norm3d_gradients():
    rng = np.random.default_rng(4)
    bn = nn.BatchNorm3d(3, dtype=np.float64)
    check(lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True),
          rng.standard_normal((2, 3, 2, 3, 2)), rng.standard_normal(3), rng.standard_normal(3))
    x = mg.tensor(rng.standard_normal((2, 3, 2, 2, 2)), requires_grad=True)
    assert mg.gradcheck(bn, (x,)) and mg.gradgradcheck(bn, (x,))


# ---- values against PyTorch 2.13 --------------------------------------------------------
def test_conv3d_values_and_gradients_match_pytorch():
    x = mg.tensor((np.arange(36.0).reshape(1, 1, 3, 3, 4) - 17) / 4, requires_grad=True)
    w = mg.tensor([[[[[1., -1.], [0.5, 2.]], [[0., 1.], [-2., 0.5]]]]], dtype=mg.float64,
                  requires_grad=True)
    y = F.conv3d(x, w, mg.tensor([0.25], dtype=mg.float64), stride=(1, 1, 2), padding=(0, 1, 0))
    assert np.allclose(y.numpy(), [[[[[-7.875, -7.375], [-8.125, -7.125], [-6.125, -5.125],
                                      [1., 1.5]],
                                     [[-4.875, -4.375], [-2.125, -1.125], [-0.125, 0.875],
                                      [4., 4.5]]]]])
    y.backward(mg.arange(float(y.numel())).reshape(y.shape))
    assert np.allclose(x.grad.numpy(), [[[[[2., -2., 3.5, -1.], [5., 0., 6.5, 1.],
                                           [8., 2., 9.5, 3.]],
                                          [[14., 8., 13.5, 10.5], [13., 13., 12.5, 15.5],
                                           [12., 18., 11.5, 20.5]],
                                          [[-16., 14., -18., 15.5], [-20., 17., -22., 18.5],
                                           [-24., 20., -26., 21.5]]]]])
    assert np.allclose(w.grad.numpy(), [[[[[-63.5, -38.], [-27.5, -8.]],
                                          [[242.5, 268.], [206.5, 226.]]]]])


_A = [[[[3., 1., 4.], [1., 5., 9.]], [[2., 6., 5.], [3., 5., 8.]],
       [[9., 7., 9.], [3., 2., 3.]]]]  # (C, D, H, W) = (1, 3, 2, 3), unbatched


def test_max_pool3d_matches_pytorch():
    a = mg.tensor(_A, requires_grad=True)
    v, i = F.max_pool3d(a, 2, stride=1, padding=(1, 0, 1), return_indices=True)
    assert np.array_equal(v.numpy(), [[[[3., 5., 9., 9.]], [[3., 6., 9., 9.]],
                                       [[9., 9., 9., 9.]], [[9., 9., 9., 9.]]]])
    assert i.dtype == np.int64
    assert np.array_equal(i.numpy(), [[[[0, 4, 5, 5]], [[0, 7, 5, 5]], [[12, 12, 14, 14]],
                                       [[12, 12, 14, 14]]]])  # ties: the first, as PyTorch
    v.sum().backward()
    assert np.array_equal(a.grad.numpy(), [[[[2., 0., 0.], [0., 1., 4.]],
                                            [[0., 1., 0.], [0., 0., 0.]],
                                            [[4., 0., 4.], [0., 0., 0.]]]])


def test_avg_pool3d_matches_pytorch():
    a = mg.tensor(_A)
    assert np.allclose(F.avg_pool3d(a, 2, stride=1, padding=(1, 0, 1),
                                    count_include_pad=False).numpy(),
                       [[[[2., 2.5, 4.75, 6.5]], [[2.25, 3.25, 5.375, 6.5]],
                         [[4.25, 4.625, 5.625, 6.25]], [[6., 5.25, 5.25, 6.]]]])
    assert np.allclose(F.avg_pool3d(a, (2, 2, 2), stride=2, ceil_mode=True).numpy(),
                       [[[[3.25, 6.5]], [[5.25, 6.]]]])
    assert np.allclose(nn.AvgPool3d(2, stride=1, divisor_override=3)(a).numpy(),
                       [[[[8.666667, 14.333333]], [[12.333333, 15.]]]])


def test_adaptive_pools3d_match_pytorch():
    b = mg.sin(mg.arange(60.0).reshape(1, 1, 3, 4, 5))
    assert np.allclose(F.adaptive_avg_pool3d(b, (2, 3, 2)).numpy(),
                       [[[[[0.374729, 0.096256], [-0.159666, 0.464728], [-0.465312, 0.167395]],
                          [[0.406131, -0.377169], [0.334724, 0.155783],
                           [-0.216233, 0.465549]]]]], atol=1e-6)
    v, i = nn.AdaptiveMaxPool3d((2, 3, 2), return_indices=True)(b)
    assert np.allclose(v.numpy(), [[[[[0.956376, 0.989358], [0.956376, 0.999912],
                                      [0.650288, 0.999912]],
                                     [[0.956376, 0.956376], [0.986628, 0.999912],
                                      [0.986628, 0.999912]]]]], atol=1e-6)
    assert np.array_equal(i.numpy(), [[[[[27, 8], [27, 33], [15, 33]],
                                        [[27, 27], [52, 33], [52, 33]]]]])


def test_adaptive_max_pool3d_ties_and_nan_pick_as_pytorch():
    # PyTorch's row-major loop: the first of equal maxima, the last NaN of a bin
    x = np.zeros((1, 1, 2, 2, 2))
    v, i = F.adaptive_max_pool3d(mg.tensor(x), 1, return_indices=True)
    assert i.item() == 0
    x[0, 0, 0, 1, 1] = x[0, 0, 1, 0, 0] = np.nan
    v, i = F.adaptive_max_pool3d(mg.tensor(x), 1, return_indices=True)
    assert np.isnan(v.item()) and i.item() == 4


def test_batch_norm3d_matches_pytorch():
    bn = nn.BatchNorm3d(2)
    z = mg.arange(16.0).reshape(2, 2, 2, 1, 2) ** 1.5
    assert np.allclose(bn(z).numpy(), [[[[[-1.120543, -1.049823]], [[-0.920516, -0.753069]]],
                                        [[[-1.230437, -1.06331]], [[-0.878513, -0.677598]]]],
                                       [[[[0.479676, 0.788906]], [[1.115831, 1.459538]]],
                                        [[[0.533624, 0.812294]], [[1.101899, 1.40204]]]]],
                       atol=1e-5)
    assert np.allclose(bn.running_mean.numpy(), [1.584471, 3.141461])
    assert np.allclose(bn.running_var.numpy(), [23.75089, 42.285404])
    assert bn.num_batches_tracked.item() == 1
    bn.eval()
    assert np.allclose(bn(z).numpy()[1, 0, 0, 0], [4.31784, 5.215058], atol=1e-5)
    assert repr(bn) == ("BatchNorm3d(2, eps=1e-05, momentum=0.1, affine=True, bias=True, "
                        "track_running_stats=True)")
    assert set(bn.state_dict()) == {"weight", "bias", "running_mean", "running_var",
                                    "num_batches_tracked"}


# ---- dtypes -------------------------------------------------------------------------------
def test_float32_stays_float32():
    x = mg.randn(1, 2, 3, 4, 4)
    w = mg.randn(2, 2, 2, 2, 2)
    outs = [F.conv3d(x, w, padding=1), F.max_pool3d(x, 2), F.avg_pool3d(x, 2),
            F.adaptive_avg_pool3d(x, 2), F.adaptive_max_pool3d(x, 2), nn.BatchNorm3d(2)(x),
            nn.Conv3d(2, 3, 2)(x), mg.max_pool3d(x, 2)]
    assert all(o.dtype == np.float32 for o in outs)
    assert F.conv3d(x.half(), w.half()).dtype == np.float16
    assert nn.Conv3d(2, 3, 2, dtype=np.float64).weight.dtype == np.float64


def test_integer_dtypes_as_pytorch():
    x = mg.tensor(np.arange(2 * 4 * 4 * 4).reshape(2, 4, 4, 4), dtype=mg.int32)
    assert F.max_pool3d(x, 2).dtype == np.int32  # max takes every integer dtype
    assert F.avg_pool3d(x.long(), 2).tolist() == [[[[10, 12], [18, 20]], [[42, 44], [50, 52]]],
                                                   [[[74, 76], [82, 84]],
                                                    [[106, 108], [114, 116]]]]
    w = mg.ones(1, 2, 2, 2, 2, dtype=mg.int32)
    assert F.conv3d(x, w).dtype == np.int32
    with pytest.raises(DTypeError, match="avg_pool3d: int32 input is not supported"):
        F.avg_pool3d(x, 2)
    with pytest.raises(DTypeError, match="avg_pool3d: float16 input is not supported"):
        F.avg_pool3d(x.half(), 2)  # PyTorch's avg_pool3d has no float16 kernel
    with pytest.raises(DTypeError, match="conv3d: int32 input with dilation"):
        F.conv3d(x, w, dilation=2)
    with pytest.raises(DTypeError, match="conv3d: bool input"):
        F.conv3d(x.bool(), w.bool())
    with pytest.raises(DTypeError, match="max_pool3d: bool input"):
        F.max_pool3d(x.bool(), 2)
    for pool in (F.adaptive_avg_pool3d, F.adaptive_max_pool3d):
        with pytest.raises(DTypeError, match="int64 input is not supported"):
            pool(x.long()[:0], 0)  # refused even with nothing to compute, as PyTorch in 3-D


# ---- the layers ---------------------------------------------------------------------------
def test_conv3d_layer_initialisation_and_repr():
    layer = nn.Conv3d(4, 6, (2, 3, 1), stride=2, padding=1, groups=2,
                      generator=np.random.default_rng(0))
    assert layer.weight.shape == (6, 2, 2, 3, 1) and layer.bias.shape == (6,)
    bound = 1 / math.sqrt(2 * 2 * 3 * 1)
    assert np.abs(layer.weight.numpy()).max() <= bound
    assert np.abs(layer.bias.numpy()).max() <= bound
    assert repr(layer) == ("Conv3d(4, 6, kernel_size=(2, 3, 1), stride=(2, 2, 2), "
                           "padding=(1, 1, 1), groups=2)")
    assert layer(mg.randn(4, 3, 4, 5)).shape == (6, 2, 2, 4)  # unbatched
    same = nn.Conv3d(2, 2, 3, padding="same", dilation=(1, 2, 1), bias=False)
    assert repr(same) == ("Conv3d(2, 2, kernel_size=(3, 3, 3), stride=(1, 1, 1), "
                          "padding=same, dilation=(1, 2, 1), bias=False)")
    assert same(mg.randn(1, 2, 4, 5, 6)).shape == (1, 2, 4, 5, 6)


def test_pool3d_layers():
    x = mg.randn(2, 3, 4, 5, 6)
    m = nn.MaxPool3d(2, return_indices=True)
    assert repr(m) == "MaxPool3d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)"
    v, i = m(x)
    assert v.shape == i.shape == (2, 3, 2, 2, 3)
    assert repr(nn.AvgPool3d((2, 1, 2))) == ("AvgPool3d(kernel_size=(2, 1, 2), "
                                             "stride=(2, 1, 2), padding=0)")
    assert repr(nn.AdaptiveAvgPool3d((None, 2, 3))) == "AdaptiveAvgPool3d(output_size=(None, 2, 3))"
    assert nn.AdaptiveAvgPool3d((None, 2, 3))(x).shape == (2, 3, 4, 2, 3)
    assert nn.AdaptiveMaxPool3d(1)(x[0]).shape == (3, 1, 1, 1)
    assert not isinstance(nn.AvgPool3d(2), nn.AvgPool2d)


# ---- errors -------------------------------------------------------------------------------
def test_conv3d_errors():
    x, w = mg.randn(1, 2, 3, 3, 3), mg.randn(2, 2, 2, 2, 2)
    with pytest.raises(ShapeError, match=r"conv3d: expected a 4-D \(unbatched: C, D, H, W\)"):
        F.conv3d(mg.randn(2, 3, 3), w)
    with pytest.raises(ShapeError, match=r"conv3d: weight must have 5 axes .*kD, kH, kW"):
        F.conv3d(x, mg.randn(2, 2, 2, 2))
    with pytest.raises(ShapeError, match="conv3d: the input has 2 channels"):
        F.conv3d(x, mg.randn(2, 3, 2, 2, 2))
    with pytest.raises(ShapeError, match="conv3d: the kernel .* does not fit"):
        F.conv3d(x, mg.randn(2, 2, 4, 2, 2))
    with pytest.raises(ValueError, match="conv3d: stride must be an int or a tuple of 3 ints "
                                         r"\(one per spatial axis \(D, H, W\)\)"):
        F.conv3d(x, w, stride=(1, 1))
    with pytest.raises(ValueError, match="conv3d: padding='same' needs stride 1"):
        F.conv3d(x, w, stride=2, padding="same")
    with pytest.raises(TypeError, match="conv3d: weight must be a Tensor"):
        F.conv3d(x, np.ones((2, 2, 2, 2, 2)))
    with pytest.raises(NotImplementedError, match="Conv3d: padding_mode='reflect'"):
        nn.Conv3d(2, 2, 2, padding_mode="reflect")
    with pytest.raises(ValueError, match="Conv3d: out_channels=3 must be divisible by groups=2"):
        nn.Conv3d(2, 3, 2, groups=2)
    with pytest.raises(DTypeError, match="Conv3d.*the input has dtype float64"):
        nn.Conv3d(2, 2, 2)(x.double())


def test_pool3d_errors():
    x = mg.randn(1, 2, 3, 3, 3)
    with pytest.raises(ShapeError, match=r"max_pool3d: expected a 4-D \(unbatched: C, D, H, W\) "
                                         r"or 5-D"):
        F.max_pool3d(mg.randn(3, 3, 3), 2)
    with pytest.raises(ValueError, match="avg_pool3d: padding must be at most half"):
        F.avg_pool3d(x, 2, padding=(0, 0, 2))
    with pytest.raises(ShapeError, match="max_pool3d: the window .* does not fit"):
        F.max_pool3d(x, (4, 1, 1))
    with pytest.raises(ShapeError, match=r"avg_pool3d: the input of shape \(1, 2, 3, 3, 3\) is "
                                         r"smaller than the kernel \(2, 2, 4\)"):
        F.avg_pool3d(x, (2, 2, 4), padding=(0, 0, 2), ceil_mode=True)  # fits once padded
    with pytest.raises(ValueError, match="avg_pool3d: divisor_override must be a non-zero int"):
        F.avg_pool3d(x, 2, divisor_override=0)
    with pytest.raises(ValueError, match="max_pool3d: kernel_size must be an int or a tuple of "
                                         "3 ints"):
        nn.MaxPool3d((2, 2))(x)


def test_adaptive_pool3d_errors():
    x = mg.randn(1, 2, 3, 3, 3)
    with pytest.raises(ValueError, match=r"adaptive_avg_pool3d: output_size must be an int or a "
                                         r"tuple of 3 ints or None \(one per spatial axis "
                                         r"\(D, H, W\)\), got 2 entries"):
        F.adaptive_avg_pool3d(x, (2, 2))
    with pytest.raises(ValueError, match="adaptive_max_pool3d: output_size must be zero or more"):
        F.adaptive_max_pool3d(x, (2, -1, 2))
    with pytest.raises(TypeError, match="adaptive_max_pool3d: output_size must be"):
        F.adaptive_max_pool3d(x, 2.0)
    with pytest.raises(ShapeError, match="adaptive_max_pool3d: expected an input with no empty "
                                         "axis but the batch"):
        F.adaptive_max_pool3d(mg.randn(1, 0, 2, 2, 2), 2)
    with pytest.raises(ShapeError, match="adaptive_avg_pool3d: expected an input with no empty "
                                         "axis but the batch"):
        F.adaptive_avg_pool3d(mg.randn(2, 0, 2, 2, 2), 2)  # as PyTorch's, unlike in 2-D
    assert F.adaptive_avg_pool3d(mg.randn(0, 2, 2, 2), 2).shape == (0, 2, 2, 2)
    with pytest.raises(ShapeError, match="adaptive_avg_pool3d: expected a 4-D"):
        F.adaptive_avg_pool3d(mg.randn(2, 2, 2), (1, 1, 1))
    # an average to one element per channel is PyTorch's mean: any axes in front, NaN if empty
    assert F.adaptive_avg_pool3d(mg.randn(2, 2, 2, 3, 3, 3), 1).shape == (2, 2, 2, 1, 1, 1)
    assert F.adaptive_avg_pool3d(mg.randn(3, 3, 3), 1).shape == (1, 1, 1)
    assert np.isnan(F.adaptive_avg_pool3d(mg.randn(1, 1, 0, 2, 2), 1).item())


def test_batch_norm3d_errors():
    with pytest.raises(ValueError, match=r"BatchNorm3d: expected 5D input \(got 4D input\)"):
        nn.BatchNorm3d(2)(mg.randn(2, 2, 3, 3))
    with pytest.raises(DTypeError, match="BatchNorm3d: dtype must be floating"):
        nn.BatchNorm3d(2, dtype=np.int64)
