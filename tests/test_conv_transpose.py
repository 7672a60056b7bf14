"""Transposed convolution as PyTorch's: F.conv_transpose1d/2d/3d (the ConvTranspose op of
ops/convolution.py, which is the convolution's ConvInputGrad plus a bias) and
nn.ConvTranspose1d/2d/3d.

Gradients are checked in float64 (gradcheck and gradgradcheck: the second derivatives
run through Conv, ConvInputGrad and ConvWeightGrad) over stride, padding,
output_padding (also output_padding >= stride, which a dilation allows), dilation,
groups, bias and unbatched input; the op is checked to be the adjoint of conv1d (its
defining property); values and gradients are compared with literals taken from PyTorch
2.13; dtypes, the initialisation, output_size=, the reprs and every error path are
checked; and (marked torch) a PyTorch ConvTranspose2d's state_dict loads and gives
PyTorch's output and gradients. tests/parity compares them all with torch itself.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from op_strategies import FEW, check, seeds
from torch_or_skip import torch_or_skip

import minigrad as mg
import minigrad.functional as F
from minigrad import nn
from minigrad.errors import DTypeError, ShapeError


def _torch():
    return torch_or_skip()


# ---- gradients: float64 gradcheck and gradgradcheck ------------------------------------
CASES = [  # (function, x shape, weight shape, bias, keyword arguments)
    ("conv_transpose1d", (2, 3, 4), (3, 2, 3), True, {}),
    ("conv_transpose1d", (2, 4, 3), (4, 1, 2), True,
     {"stride": 2, "padding": 1, "output_padding": 1, "groups": 2}),
    ("conv_transpose1d", (1, 2, 3), (2, 1, 2), True,  # output_padding >= stride: dilation
     {"stride": 1, "dilation": 2, "output_padding": 1, "groups": 2}),
    ("conv_transpose1d", (2, 5), (2, 3, 2), False, {"stride": 3, "padding": 2}),  # unbatched
    ("conv_transpose2d", (2, 2, 3, 3), (2, 3, 2, 2), True, {}),
    ("conv_transpose2d", (1, 4, 3, 2), (4, 2, 2, 3), True,
     {"stride": (2, 1), "padding": (1, 0), "output_padding": (1, 0), "groups": 2,
      "dilation": (1, 2)}),
    ("conv_transpose2d", (2, 3, 3), (2, 2, 3, 2), False,  # unbatched
     {"stride": 2, "padding": (2, 1), "output_padding": 1}),
    ("conv_transpose3d", (2, 2, 2, 2, 3), (2, 1, 2, 2, 2), True,
     {"stride": 2, "padding": 1, "output_padding": (1, 0, 1), "dilation": (1, 1, 2)}),
    ("conv_transpose3d", (2, 2, 2, 2), (2, 2, 2, 1, 2), True,  # unbatched, groups
     {"stride": (1, 2, 1), "groups": 2}),
]


@pytest.mark.parametrize(("fn", "x_shape", "w_shape", "bias", "kwargs"), CASES)
def test_gradients(fn, x_shape, w_shape, bias, kwargs):
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(x_shape), rng.standard_normal(w_shape)]
    if bias:
        arrays.append(rng.standard_normal(w_shape[1] * kwargs.get("groups", 1)))
    check(lambda *t: getattr(F, fn)(*t, **kwargs), *arrays)


@FEW
@given(seed=seeds, kernel=st.integers(1, 3), stride=st.integers(1, 3),
       padding=st.integers(0, 2), dilation=st.integers(1, 2), groups=st.sampled_from([1, 2]),
       extra=st.integers(0, 2), batch=st.sampled_from([(), (1,), (2,)]))
def test_conv_transpose2d_gradients_over_drawn_settings(seed, kernel, stride, padding,
                                                        dilation, groups, extra, batch):
    rng = np.random.default_rng(seed)
    extra = min(extra, max(stride, dilation) - 1)  # output_padding as PyTorch allows it
    # output size (size - 1) * stride - 2 * padding + ... >= size - 2 * padding: never empty
    size = 2 * padding + 2
    x = rng.standard_normal(batch + (2 * groups, size, size + 1))
    w = rng.standard_normal((2 * groups, 2, kernel, kernel))
    check(lambda a, b: F.conv_transpose2d(a, b, stride=stride, padding=padding,
                                          output_padding=extra, groups=groups,
                                          dilation=dilation), x, w)


@pytest.mark.parametrize("kwargs", [
    {}, {"stride": 2, "padding": 1}, {"stride": 3, "padding": 1}, {"stride": 3},
    {"stride": 2, "dilation": 2, "groups": 2},
])
def test_it_is_the_adjoint_of_the_convolution(kwargs):
    """<conv1d(x, W), g> = <x, conv_transpose1d(g, W)>: the transposed convolution is the
    convolution's transpose (output_padding gives back the positions of x that the
    convolution's last window did not reach: 1 and 2 with stride 3)."""
    rng = np.random.default_rng(1)
    s, p, dl = (kwargs.get(k, v) for k, v in (("stride", 1), ("padding", 0), ("dilation", 1)))
    extra = (11 + 2 * p - dl * 2 - 1) % s
    w = mg.tensor(rng.standard_normal((4, 2, 3)))  # (out, in / groups, k) for conv1d
    x = mg.tensor(rng.standard_normal((2, 2 * kwargs.get("groups", 1), 11)))
    y = F.conv1d(x, w, **kwargs)
    g = mg.tensor(rng.standard_normal(y.shape))
    back = F.conv_transpose1d(g, w, output_padding=extra, **kwargs)
    assert back.shape == x.shape
    np.testing.assert_allclose((y * g).sum().item(), (x * back).sum().item(), rtol=1e-12)


# ---- values and gradients from PyTorch 2.13 ----------------------------------------------
def test_conv_transpose1d_as_pytorch():
    x = mg.arange(6, dtype=mg.float64).reshape(1, 2, 3).requires_grad_()
    w = mg.tensor([[[1.0, -1.0]], [[0.5, 2.0]]], dtype=mg.float64, requires_grad=True)
    b = mg.tensor([0.25, -0.5], dtype=mg.float64, requires_grad=True)
    y = F.conv_transpose1d(x, w, b, stride=2, padding=1, output_padding=1, groups=2)
    assert y.tolist() == [[[0.25, 1.25, -0.75, 2.25, -1.75], [5.5, 1.5, 7.5, 2.0, 9.5]]]
    (y * mg.arange(1, 11, dtype=mg.float64).reshape(1, 2, 5)).sum().backward()
    assert x.grad.tolist() == [[[-1.0, -1.0, -1.0], [12.0, 19.5, 24.5]]]
    assert w.grad.tolist() == [[[10.0, 13.0]], [[73.0, 100.0]]]
    assert b.grad.tolist() == [15.0, 40.0]


def test_conv_transpose2d_as_pytorch():
    x = mg.tensor([[[[1.0, 2.0], [3.0, 4.0]]]], dtype=mg.float64, requires_grad=True)
    w = mg.tensor([[[[1.0, 0.0], [-1.0, 2.0]], [[0.5, 0.5], [0.0, 1.0]]]], dtype=mg.float64,
                  requires_grad=True)
    y = F.conv_transpose2d(x, w, stride=(2, 1), padding=(0, 1), output_padding=(1, 0),
                           dilation=(1, 2))
    assert y.tolist() == [[[[2.0, 0.0], [-2.0, 2.0], [4.0, 0.0], [-4.0, 6.0], [0.0, 0.0]],
                           [[1.0, 0.5], [0.0, 1.0], [2.0, 1.5], [0.0, 3.0], [0.0, 0.0]]]]
    (y ** 2).sum().backward()
    assert x.grad.tolist() == [[[[10.5, 9.0], [31.5, 18.0]]]]
    assert w.grad.tolist() == [[[[40.0, 0.0], [-40.0, 40.0]], [[20.0, 10.0], [0.0, 20.0]]]]


def test_conv_transpose3d_and_int64_as_pytorch():
    y = F.conv_transpose3d(mg.ones(1, 1, 2, 1, 2), mg.arange(8.0).reshape(1, 1, 2, 2, 2),
                           stride=(1, 2, 1), output_padding=(0, 1, 0))
    assert y.dtype == np.float32 and y.tolist() == [[[
        [[0.0, 1.0, 1.0], [2.0, 5.0, 3.0], [0.0, 0.0, 0.0]],
        [[4.0, 10.0, 6.0], [8.0, 18.0, 10.0], [0.0, 0.0, 0.0]],
        [[4.0, 9.0, 5.0], [6.0, 13.0, 7.0], [0.0, 0.0, 0.0]]]]]
    z = F.conv_transpose1d(mg.tensor([[1, 2, 3]]), mg.tensor([[[1, -2]]]), stride=2)
    assert z.dtype == np.int64 and z.tolist() == [[1, -2, 2, -4, 3, -6]]  # unbatched


def test_float16_rounds_each_window_as_pytorch():
    # the two windows overlap at position 1: each share is rounded to float16 before they
    # are added (rounding the exact sum once would give 0.63134765625 there)
    x = mg.tensor([[[0.55, -0.92]]], dtype=mg.float16)
    w = mg.tensor([[[-1.84, -1.93]]], dtype=mg.float16)
    y = F.conv_transpose1d(x, w)
    assert y.dtype == np.float16 and y.tolist() == [[[-1.01171875, 0.6318359375, 1.775390625]]]


def test_dtypes_stay_and_batches_may_be_empty_or_missing():
    for dtype in (np.float16, np.float32, np.float64):
        x = mg.ones(2, 2, 3, 3, dtype=dtype)
        w = mg.ones(2, 3, 2, 2, dtype=dtype)
        assert F.conv_transpose2d(x, w, mg.zeros(3, dtype=dtype)).dtype == dtype
    x32 = mg.ones(1, 2, 3, requires_grad=True)
    F.conv_transpose1d(x32, mg.ones(2, 1, 2), stride=2).sum().backward()
    assert x32.grad.dtype == np.float32
    assert F.conv_transpose2d(mg.ones(0, 2, 3, 3), mg.ones(2, 3, 2, 2)).shape == (0, 3, 4, 4)
    assert F.conv_transpose3d(mg.ones(2, 1, 1, 1), mg.ones(2, 3, 1, 2, 2)).shape == (3, 1, 2, 2)


def test_the_top_level_and_nn_functional_names():
    for d in (1, 2, 3):
        name = f"conv_transpose{d}d"
        assert getattr(mg, name) is getattr(F, name) is getattr(mg.nn.functional, name)


def test_graphs_and_explain_name_the_op():
    x, w = mg.ones(1, 1, 2, 2, requires_grad=True), mg.ones(1, 1, 2, 2, requires_grad=True)
    y = F.conv_transpose2d(x, w, mg.zeros(1, requires_grad=True))
    assert y.grad_fn.name == "ConvTranspose2d" and len(y.grad_fn.chain) == 4
    assert F.conv_transpose3d(mg.ones(1, 1, 1, 1, 1, requires_grad=True),
                              mg.ones(1, 1, 1, 1, 1)).grad_fn.name == "ConvTranspose3d"


# ---- the layers --------------------------------------------------------------------------
def test_layer_reprs_as_pytorch():
    assert repr(nn.ConvTranspose2d(2, 4, (2, 3), stride=2, padding=1, output_padding=1,
                                   groups=2, bias=False, dilation=2)) == (
        "ConvTranspose2d(2, 4, kernel_size=(2, 3), stride=(2, 2), padding=(1, 1), "
        "dilation=(2, 2), output_padding=(1, 1), groups=2, bias=False)")
    assert repr(nn.ConvTranspose1d(2, 4, 3)) == (
        "ConvTranspose1d(2, 4, kernel_size=(3,), stride=(1,))")
    assert repr(nn.ConvTranspose3d(1, 1, 2, output_padding=(0, 1, 0), stride=2)) == (
        "ConvTranspose3d(1, 1, kernel_size=(2, 2, 2), stride=(2, 2, 2), "
        "output_padding=(0, 1, 0))")


def test_layers_start_as_pytorch_does():
    layer = nn.ConvTranspose2d(4, 6, 3, groups=2, generator=np.random.default_rng(0))
    bound = 1 / math.sqrt(3 * 3 * 3)  # fan_in = out_channels / groups * kH * kW (axis 1)
    w, b = layer.weight.numpy(), layer.bias.numpy()
    assert w.shape == (4, 3, 3, 3) and b.shape == (6,) and w.dtype == np.float32
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.9 * bound  # uniform in +-bound
    assert np.abs(b).max() <= bound and np.abs(b).max() > 0.5 * bound
    assert layer.transposed and not nn.Conv2d(1, 1, 1).transposed
    assert nn.Conv2d(1, 1, 1).output_padding == (0, 0)  # as PyTorch's attribute
    mg.manual_seed(5)
    first = nn.ConvTranspose1d(2, 3, 4).weight.numpy().copy()
    mg.manual_seed(5)
    assert np.array_equal(nn.ConvTranspose1d(2, 3, 4).weight.numpy(), first)
    assert nn.ConvTranspose3d(1, 2, 3, bias=False).bias is None
    assert nn.ConvTranspose3d(1, 2, 3, dtype=mg.float64).weight.dtype == np.float64
    names = [name for name, _ in nn.ConvTranspose2d(1, 2, 3).named_parameters()]
    assert names == ["weight", "bias"]


def test_output_size_picks_the_output_padding():
    layer = nn.ConvTranspose2d(2, 3, 3, stride=(2, 3), padding=1)
    x = mg.randn(1, 2, 4, 4)
    assert layer(x).shape == (1, 3, 7, 10)  # the smallest size
    for size in ((8, 12), [1, 3, 8, 12]):  # the spatial sizes, or the whole shape
        y = layer(x, output_size=size)
        assert y.shape == (1, 3, 8, 12)
        expected = F.conv_transpose2d(x, layer.weight, layer.bias, (2, 3), 1, (1, 2))
        assert np.array_equal(y.numpy(), expected.numpy())
    assert layer(x[0], output_size=(3, 7, 11)).shape == (3, 7, 11)  # unbatched: C too


def test_layer_gradients_reach_the_parameters():
    layer = nn.ConvTranspose1d(2, 4, 3, stride=2, groups=2, dtype=mg.float64)
    x = mg.randn(3, 2, 5, dtype=mg.float64, requires_grad=True)
    layer(x).sum().backward()
    assert layer.weight.grad.shape == (2, 2, 3) and layer.bias.grad.tolist() == [11.0 * 3] * 4
    assert x.grad.shape == x.shape


# ---- errors --------------------------------------------------------------------------------
X, W = mg.ones(2, 4, 3, 3), mg.ones(4, 2, 2, 2)


@pytest.mark.parametrize(("call", "error", "words"), [
    (lambda: F.conv_transpose2d([1.0], W), TypeError, "input must be a Tensor"),
    (lambda: F.conv_transpose2d(X, W, [1.0, 2.0]), TypeError, "bias must be a Tensor"),
    (lambda: F.conv_transpose1d(mg.ones(3), mg.ones(1, 1, 2)), ShapeError,
     "2-D (unbatched: C, L) or 3-D"),
    (lambda: F.conv_transpose3d(mg.ones(1, 2, 2), mg.ones(1, 1, 2, 2, 2)), ShapeError,
     "4-D (unbatched: C, D, H, W) or 5-D"),
    (lambda: F.conv_transpose2d(X, mg.ones(4, 2, 2)), ShapeError,
     "weight must have 4 axes (in_channels, out_channels / groups, kH, kW)"),
    (lambda: F.conv_transpose2d(X.int(), W.int()), DTypeError, "int32 input is not supported"),
    (lambda: F.conv_transpose2d(X > 0, W > 0), DTypeError, "bool input is not supported"),
    (lambda: F.conv_transpose2d(X.double(), W), DTypeError,
     "input has dtype float64 but the weight float32"),
    (lambda: F.conv_transpose2d(X, W, mg.ones(2, dtype=mg.float64)), DTypeError,
     "the bias float64"),
    (lambda: F.conv_transpose2d(X, W, groups=0), ValueError, "groups must be a positive int"),
    (lambda: F.conv_transpose2d(X, W, groups=1.0), ValueError, "groups must be a positive int"),
    (lambda: F.conv_transpose2d(X, W, padding="same"), TypeError, "no 'same' or 'valid'"),
    (lambda: F.conv_transpose2d(X, W, stride=0), ValueError, "stride must be positive"),
    (lambda: F.conv_transpose2d(X, W, stride=(1, 2, 3)), ValueError, "tuple of 2 ints"),
    (lambda: F.conv_transpose2d(X, W, stride=1.5), TypeError, "stride must be an int or a"),
    (lambda: F.conv_transpose2d(X, W, padding=-1), ValueError, "padding must be zero or more"),
    (lambda: F.conv_transpose2d(X, W, output_padding=-1), ValueError,
     "output_padding must be zero or more"),
    (lambda: F.conv_transpose2d(X, W, dilation=0), ValueError, "dilation must be positive"),
    (lambda: F.conv_transpose2d(X, W, stride=(1, 2), output_padding=(1, 1)), ValueError,
     "output_padding must be smaller than either the stride or the dilation on each axis, got "
     "output_padding=(1, 1), stride=(1, 2), dilation=(1, 1)"),
    (lambda: F.conv_transpose2d(X, W, stride=2, dilation=3, output_padding=3), ValueError,
     "smaller than either the stride or the dilation"),
    (lambda: F.conv_transpose2d(X, mg.ones(4, 2, 2, 2), groups=3), ShapeError,
     "in_channels (4, its axis 0; shape (4, 2, 2, 2)) must be a positive multiple of groups=3"),
    (lambda: F.conv_transpose2d(mg.ones(1, 0, 3, 3), mg.ones(0, 2, 2, 2)), ShapeError,
     "positive multiple"),
    (lambda: F.conv_transpose2d(X, mg.ones(4, 0, 2, 2)), ShapeError, "is empty"),
    (lambda: F.conv_transpose2d(X, mg.ones(4, 2, 0, 2)), ShapeError, "is empty"),
    (lambda: F.conv_transpose2d(mg.ones(2, 3, 3, 3), W), ShapeError,
     "input has 3 channels (shape (2, 3, 3, 3)), but the weight of shape (4, 2, 2, 2) "
     "expects in_channels = 4"),
    (lambda: F.conv_transpose2d(X, W, mg.ones(4)), ShapeError,
     "bias must have shape (2,), one per output channel"),
    (lambda: F.conv_transpose2d(X, W, mg.ones(2), groups=2), ShapeError,
     "bias must have shape (4,)"),
    (lambda: F.conv_transpose2d(mg.ones(2, 4, 0, 3), W), ShapeError, "spatial axis of size 0"),
    (lambda: F.conv_transpose2d(X, W, padding=2), ShapeError,
     "the output would have size 0 x 0 for an input of size 3 x 3"),
    (lambda: nn.ConvTranspose2d(2, 3, 3, groups=2), ValueError,
     "out_channels=3 must be divisible by groups=2"),
    (lambda: nn.ConvTranspose2d(0, 3, 3), ValueError, "in_channels must be a positive int"),
    (lambda: nn.ConvTranspose2d(2, 4, 3, padding="same"), TypeError, "no 'same' or 'valid'"),
    (lambda: nn.ConvTranspose2d(2, 4, 3, padding_mode="reflect"), ValueError,
     'only "zeros" padding mode is supported for ConvTranspose2d'),
    (lambda: nn.ConvTranspose1d(2, 4, 3, padding_mode="circular"), ValueError,
     'only "zeros" padding mode is supported for ConvTranspose1d'),
    (lambda: nn.ConvTranspose2d(2, 4, 3, output_padding=-1), ValueError,
     "output_padding must be zero or more"),
    (lambda: nn.ConvTranspose2d(2, 4, 3, dtype=mg.int64), DTypeError, "dtype must be floating"),
    (lambda: nn.ConvTranspose2d(2, 4, 3, device="cuda"), RuntimeError, "CPU only"),
    (lambda: nn.ConvTranspose2d(4, 4, 3)(X.double()), DTypeError,
     "convert the input with x.float()"),
    (lambda: nn.ConvTranspose2d(4, 4, 3, output_padding=1)(X), ValueError,
     "output_padding must be smaller than either"),
    (lambda: nn.ConvTranspose2d(4, 4, 3, stride=2)(X, output_size=(8,)), ValueError,
     "for a 4-D input, output_size must have 2 or 4 elements, got 1"),
    (lambda: nn.ConvTranspose2d(4, 4, 3, stride=2)(X[0], output_size=(2, 4, 7, 7)),
     ValueError, "for a 3-D input, output_size must have 2 or 3 elements, got 4"),
    (lambda: nn.ConvTranspose2d(4, 4, 3, stride=2)(X, output_size=(7, 9)), ValueError,
     "requested an output size of (7, 9), but valid sizes range from (7, 7) to (8, 8) (for "
     "an input of spatial size (3, 3))"),
    (lambda: nn.ConvTranspose2d(4, 4, 3, stride=2)(X, output_size=(6, 7)), ValueError,
     "valid sizes range from (7, 7)"),
    (lambda: nn.ConvTranspose2d(4, 4, 3)(mg.ones(4, 3), output_size=(5, 5)), ShapeError,
     "3-D (unbatched: C, H, W) or 4-D"),
    (lambda: nn.ConvTranspose2d(4, 4, 3)([1.0], output_size=(5, 5)), TypeError,
     "input must be a Tensor"),
    (lambda: nn.ConvTranspose2d(4, 4, 3, stride=2)(X, output_size=7), TypeError,
     "output_size must be a tuple or list of ints"),
    (lambda: nn.ConvTranspose2d(4, 4, 3, stride=2)(X, output_size=(7.0, 7)), TypeError,
     "output_size must be a tuple or list of ints"),
])
def test_errors_name_the_problem(call, error, words):
    with pytest.raises(error) as info:
        call()
    assert words in str(info.value)


def test_arguments_are_not_changed():
    x, w = mg.ones(1, 2, 3, 3, requires_grad=True), mg.ones(2, 2, 3, 3)
    before, stride, size = x.numpy().copy(), [2, 2], [8, 8]
    F.conv_transpose2d(x, w, stride=stride, padding=1, output_padding=[1, 0]).sum().backward()
    nn.ConvTranspose2d(2, 2, 3, stride=2)(x, output_size=size).sum().backward()
    assert stride == [2, 2] and size == [8, 8] and np.array_equal(x.numpy(), before)


# ---- against PyTorch itself: a torch state_dict loads -----------------------------------
@pytest.mark.torch
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_torch_state_dict_loads_and_agrees(dtype):
    torch = _torch()
    torch.manual_seed(0)
    theirs = torch.nn.ConvTranspose2d(4, 6, (3, 2), stride=2, padding=1, output_padding=1,
                                      groups=2, dilation=(1, 2),
                                      dtype=getattr(torch, dtype))
    ours = nn.ConvTranspose2d(4, 6, (3, 2), stride=2, padding=1, output_padding=1, groups=2,
                              dilation=(1, 2), dtype=getattr(mg, dtype))
    ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    x = np.random.default_rng(0).standard_normal((2, 4, 3, 4)).astype(dtype)
    tx, mx = torch.tensor(x, requires_grad=True), mg.tensor(x, requires_grad=True)
    expected, got = theirs(tx, output_size=[6, 8]), ours(mx, output_size=[6, 8])
    tol = 1e-12 if dtype == "float64" else 1e-5
    assert got.dtype == np.dtype(dtype) and got.shape == tuple(expected.shape)
    np.testing.assert_allclose(got.numpy(), expected.detach().numpy(), atol=tol)
    expected.pow(2).sum().backward()
    (got ** 2).sum().backward()
    np.testing.assert_allclose(mx.grad.numpy(), tx.grad.numpy(), atol=10 * tol)
    for name, p in theirs.named_parameters():
        np.testing.assert_allclose(dict(ours.named_parameters())[name].grad.numpy(),
                                   p.grad.numpy(), rtol=10 * tol, atol=10 * tol, err_msg=name)
