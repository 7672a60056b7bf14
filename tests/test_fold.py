"""F.unfold and F.fold (im2col and col2im) and nn.Unfold / nn.Fold, as PyTorch's.

unfold copies every window of x into a column; fold adds columns back into their
windows. Both are linear and each is the other's adjoint, <unfold(x), c> = <x, fold(c)>,
checked here directly; the gradients are checked in float64 (gradcheck and
gradgradcheck, so the backward of each runs through the other); values are compared
with literals taken from PyTorch 2.13; dtypes and every error path are checked.
tests/parity/specs_conv3d_fold.py compares them with torch itself.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from op_strategies import FEW, check, seeds

import minigrad as mg
import minigrad.functional as F
from minigrad import nn
from minigrad.errors import DTypeError, ShapeError

SETTINGS = [  # (input shape (N, C, H, W) or (C, H, W), keyword arguments)
    ((2, 3, 4, 5), {"kernel_size": 2}),
    ((1, 2, 6, 7), {"kernel_size": (2, 3), "dilation": (2, 1), "padding": (1, 2),
                    "stride": (2, 1)}),
    ((2, 5, 4), {"kernel_size": (3, 1), "padding": 1, "stride": (1, 2)}),  # unbatched
    ((1, 1, 3, 3), {"kernel_size": 1, "stride": 2, "padding": 3}),  # columns of padding only
]


def _columns_shape(shape, kw):
    """The shape unfold gives (the output blocks computed the long way, as PyTorch's)."""
    def pair(v):
        return (v, v) if isinstance(v, int) else v
    k, dl, p, s = (pair(kw.get(n, d)) for n, d in (("kernel_size", 1), ("dilation", 1),
                                                    ("padding", 0), ("stride", 1)))
    blocks = [(n + 2 * p_ - d_ * (k_ - 1) - 1) // s_ + 1
              for n, k_, d_, p_, s_ in zip(shape[-2:], k, dl, p, s)]
    return shape[:-3] + (shape[-3] * k[0] * k[1], blocks[0] * blocks[1])


@pytest.mark.parametrize(("shape", "kwargs"), SETTINGS)
def test_unfold_and_fold_gradients(shape, kwargs):
    rng = np.random.default_rng(0)
    check(lambda x: F.unfold(x, **kwargs), rng.standard_normal(shape))
    cols = rng.standard_normal(_columns_shape(shape, kwargs))
    check(lambda c: F.fold(c, shape[-2:], **kwargs), cols)


@FEW
@given(seed=seeds, kernel=st.tuples(st.integers(1, 3), st.integers(1, 3)),
       dilation=st.integers(1, 2), padding=st.integers(0, 2), stride=st.integers(1, 3),
       batch=st.sampled_from([(), (1,), (2,)]))
def test_fold_is_the_adjoint_of_unfold(seed, kernel, dilation, padding, stride, batch):
    rng = np.random.default_rng(seed)
    size = (dilation * (kernel[0] - 1) + 1 + int(rng.integers(0, 3)),
            dilation * (kernel[1] - 1) + 1 + int(rng.integers(0, 3)))
    kw = {"kernel_size": kernel, "dilation": dilation, "padding": padding, "stride": stride}
    x = rng.standard_normal(batch + (2, *size))
    c = rng.standard_normal(_columns_shape(x.shape, kw))
    unfolded = F.unfold(mg.tensor(x), **kw).numpy()
    assert unfolded.shape == c.shape
    folded = F.fold(mg.tensor(c), size, **kw).numpy()
    assert folded.shape == x.shape
    assert np.isclose((unfolded * c).sum(), (x * folded).sum())  # <unfold x, c> = <x, fold c>


# ---- values against PyTorch 2.13 --------------------------------------------------------
def test_unfold_matches_pytorch():
    u = mg.arange(1.0, 13.0).reshape(1, 1, 3, 4)
    assert F.unfold(u, (2, 3), padding=(0, 1), stride=(1, 2)).tolist() == [[
        [0., 2., 0., 6.], [1., 3., 5., 7.], [2., 4., 6., 8.],
        [0., 6., 0., 10.], [5., 7., 9., 11.], [6., 8., 10., 12.]]]
    assert nn.Unfold(2)(u[0]).shape == (4, 6)  # unbatched


def test_fold_matches_pytorch():
    cols = mg.arange(1.0, 13.0).reshape(1, 4, 3)
    assert F.fold(cols, (2, 4), 2, stride=(1, 1)).tolist() == [[[[1., 6., 8., 6.],
                                                                  [7., 18., 20., 12.]]]]
    # how many windows hold each element
    assert F.fold(mg.ones(1, 4, 6), (3, 4), 2).tolist() == [[[[1., 2., 2., 1.],
                                                              [2., 4., 4., 2.],
                                                              [1., 2., 2., 1.]]]]
    folded = nn.Fold((3, 4), 2, dilation=(2, 1), padding=(0, 1), stride=(1, 3))(
        mg.arange(1.0, 9.0).reshape(4, 2))  # unbatched
    assert folded.tolist() == [[[3., 0., 2., 4.], [0., 0., 0., 0.], [7., 0., 6., 8.]]]


def test_fold_gradient_is_unfold():
    cols = mg.tensor(np.arange(12.0).reshape(1, 4, 3), requires_grad=True)
    g = np.arange(8.0).reshape(1, 1, 2, 4)
    F.fold(cols, (2, 4), 2).backward(mg.tensor(g))
    assert np.array_equal(cols.grad.numpy(), F.unfold(mg.tensor(g), 2).numpy())


# ---- dtypes -------------------------------------------------------------------------------
def test_dtypes_as_pytorch():
    x = mg.randn(1, 2, 3, 3)
    assert F.unfold(x, 2).dtype == np.float32
    assert F.fold(F.unfold(x, 2), (3, 3), 2).dtype == np.float32
    assert F.unfold(x.half(), 2).dtype == np.float16
    b = mg.tensor([[[[True, False], [False, True]]]])
    assert F.unfold(b, 1).tolist() == [[[True, False, False, True]]]
    # bool columns add up as "or", as PyTorch's
    assert F.fold(mg.ones(1, 4, 4, dtype=mg.bool), (3, 3), 2).tolist() == [[[[True] * 3] * 3]]
    for dtype in (mg.int64, mg.int32, mg.uint8):
        with pytest.raises(DTypeError, match="unfold: .* input is not supported"):
            F.unfold(x.to(dtype), 2)
        with pytest.raises(DTypeError, match="fold: .* input is not supported"):
            F.fold(mg.ones(1, 4, 4, dtype=dtype), (3, 3), 2)


def test_reprs():
    assert repr(nn.Unfold(2)) == "Unfold(kernel_size=2, dilation=1, padding=0, stride=1)"
    assert repr(nn.Fold((4, 4), 2, padding=1, stride=2)) == (
        "Fold(output_size=(4, 4), kernel_size=2, dilation=1, padding=1, stride=2)")


# ---- errors -------------------------------------------------------------------------------
def test_unfold_errors():
    x = mg.randn(2, 3, 4, 5)
    with pytest.raises(ShapeError, match=r"unfold: expected a 3-D \(unbatched: C, H, W\) or "
                                         r"4-D .* got shape \(1, 2, 3, 4, 5\)"):
        F.unfold(mg.randn(1, 2, 3, 4, 5), 2)
    with pytest.raises(ShapeError, match="no empty axis but the batch"):
        F.unfold(x[:, :0], 2)
    assert F.unfold(x[:0], 2).shape == (0, 12, 12)  # an empty batch is fine
    with pytest.raises(ShapeError, match=r"unfold: the window \(kernel_size=\(5, 5\)"):
        F.unfold(x, 5)
    with pytest.raises(ValueError, match=r"unfold: kernel_size must be an int or a pair of "
                                         r"ints \(one per spatial axis \(H, W\)\), got 1"):
        F.unfold(x, (2,))  # PyTorch takes no 1-tuple here
    with pytest.raises(TypeError, match="unfold: kernel_size must be an int or a pair"):
        F.unfold(x, 2.0)
    with pytest.raises(ValueError, match="unfold: stride must be positive"):
        F.unfold(x, 2, stride=0)
    with pytest.raises(ValueError, match="unfold: dilation must be positive"):
        F.unfold(x, 2, dilation=(1, 0))
    with pytest.raises(ValueError, match="unfold: padding must be zero or more"):
        F.unfold(x, 2, padding=-1)
    with pytest.raises(TypeError, match="unfold: input must be a Tensor"):
        F.unfold(np.ones((1, 1, 2, 2)), 1)


def test_fold_errors():
    cols = mg.randn(2, 12, 4)
    with pytest.raises(ShapeError, match=r"fold: expected a 2-D \(unbatched: C \* kH \* kW, L\) "
                                         r"or 3-D"):
        F.fold(cols[None], (3, 3), 2)
    with pytest.raises(ShapeError, match="no empty axis but the batch"):
        F.fold(mg.randn(2, 12, 0), (3, 3), 2)
    assert F.fold(cols[:0], (3, 3), 2).shape == (0, 3, 3, 3)
    with pytest.raises(ShapeError, match=r"fold: the input's axis 1 \(10, shape \(2, 10, 4\)\) "
                                         "must be C \\* kH \\* kW, a multiple of 4"):
        F.fold(mg.randn(2, 10, 4), (3, 3), 2)
    with pytest.raises(ShapeError, match=r"fold: output_size=\(4, 4\) .* holds 3 x 3 windows, "
                                         r"but the input of shape \(2, 12, 4\) has 4 columns"):
        F.fold(cols, (4, 4), 2)
    with pytest.raises(ShapeError, match="holds 0 x 0 windows"):
        F.fold(mg.randn(2, 12, 1), 1, 2)
    with pytest.raises(ValueError, match="fold: output_size must be an int or a pair"):
        F.fold(cols, (3,), 2)
    with pytest.raises(ValueError, match="fold: output_size must be zero or more"):
        F.fold(cols, (-1, 3), 2)
    with pytest.raises(TypeError, match="fold: output_size must be an int or a pair"):
        F.fold(cols, True, 2)
    with pytest.raises(ValueError, match="fold: stride must be positive"):
        nn.Fold((3, 3), 2, stride=0)(cols)
