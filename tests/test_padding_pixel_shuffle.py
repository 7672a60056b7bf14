"""pixel_shuffle and pixel_unshuffle (functional/pixel_shuffle.py) and the padding and
pixel-shuffle modules (nn/padding.py): values and reprs as PyTorch 2.13's (literals),
float64 gradient checks, float32 kept, and the errors."""

from __future__ import annotations

import numpy as np
import pytest
from op_strategies import check

import minigrad as mg
import minigrad.functional as F  # noqa: N812
from minigrad import nn
from minigrad.errors import ShapeError


def test_pixel_shuffle_values_as_torch():
    x = np.arange(8.0).reshape(1, 4, 1, 2)
    np.testing.assert_array_equal(F.pixel_shuffle(x, 2).numpy().ravel(),
                                  [0.0, 2.0, 1.0, 3.0, 4.0, 6.0, 5.0, 7.0])
    y = np.arange(16.0).reshape(1, 1, 4, 4)
    np.testing.assert_array_equal(F.pixel_unshuffle(y, 2).numpy().ravel(),
                                  [0, 2, 8, 10, 1, 3, 9, 11, 4, 6, 12, 14, 5, 7, 13, 15])
    assert F.pixel_shuffle(np.zeros((2, 1, 8, 3, 3)), 2).shape == (2, 1, 2, 6, 6)
    assert F.pixel_shuffle(np.zeros((8, 2, 2)), 2).shape == (2, 4, 4)
    assert F.pixel_shuffle(np.zeros((0, 4, 2, 2)), 2).shape == (0, 1, 4, 4)


def test_unshuffle_inverts_shuffle_and_gradients():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 8, 3, 2))
    np.testing.assert_array_equal(F.pixel_unshuffle(F.pixel_shuffle(x, 2), 2).numpy(), x)
    check(lambda t: F.pixel_shuffle(t, 2), x)
    check(lambda t: F.pixel_unshuffle(t, 3), rng.normal(size=(1, 6, 3)))
    x32 = mg.tensor(x.astype(np.float32), requires_grad=True)
    out = nn.PixelShuffle(2)(x32)
    out.sum().backward()
    assert out.dtype == mg.float32 and x32.grad.dtype == mg.float32
    assert nn.PixelUnshuffle(2)(out).dtype == mg.float32


def test_pixel_shuffle_errors():
    with pytest.raises(ShapeError, match="at least 3 axes"):
        F.pixel_shuffle(np.zeros((4, 4)), 2)
    with pytest.raises(ShapeError, match="not divisible by upscale_factor"):
        F.pixel_shuffle(np.zeros((3, 4, 4)), 2)
    with pytest.raises(ValueError, match="positive"):
        F.pixel_shuffle(np.zeros((4, 4, 4)), 0)
    with pytest.raises(TypeError, match="int"):
        F.pixel_unshuffle(np.zeros((4, 4, 4)), 2.0)
    with pytest.raises(ShapeError, match="divisible by downscale_factor"):
        F.pixel_unshuffle(np.zeros((1, 3, 4)), 3)


def test_padding_modules_values_and_reprs_as_torch():
    row = mg.tensor([[1.0, 2.0, 3.0]])
    np.testing.assert_array_equal(nn.ReflectionPad1d((2, 1))(row).numpy(),
                                  [[3.0, 2.0, 1.0, 2.0, 3.0, 2.0]])
    square = mg.tensor([[[1.0, 2.0], [3.0, 4.0]]])
    np.testing.assert_array_equal(nn.ReplicationPad2d((0, 1, 1, 0))(square).numpy(),
                                  [[[1.0, 2.0, 2.0], [1.0, 2.0, 2.0], [3.0, 4.0, 4.0]]])
    np.testing.assert_array_equal(nn.ConstantPad1d((1, 0), 3.5)(row).numpy(),
                                  [[3.5, 1.0, 2.0, 3.0]])
    assert nn.ZeroPad2d(1)(square).shape == (1, 4, 4)
    assert nn.ZeroPad1d(1)(mg.ones(3)).shape == (5,)
    reprs = {
        nn.ZeroPad1d(2): "ZeroPad1d((2, 2))",
        nn.ZeroPad2d((1, 2, 3, 4)): "ZeroPad2d((1, 2, 3, 4))",
        nn.ConstantPad1d(2, 3.5): "ConstantPad1d(padding=(2, 2), value=3.5)",
        nn.ConstantPad2d(1, 0.0): "ConstantPad2d(padding=(1, 1, 1, 1), value=0.0)",
        nn.ReflectionPad1d(2): "ReflectionPad1d((2, 2))",
        nn.ReflectionPad2d(1): "ReflectionPad2d((1, 1, 1, 1))",
        nn.ReplicationPad1d(1): "ReplicationPad1d((1, 1))",
        nn.ReplicationPad2d(1): "ReplicationPad2d((1, 1, 1, 1))",
        nn.PixelShuffle(2): "PixelShuffle(upscale_factor=2)",
        nn.PixelUnshuffle(3): "PixelUnshuffle(downscale_factor=3)",
    }
    for module, text in reprs.items():
        assert repr(module) == text


def test_padding_gradients_and_dtypes():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2, 3, 4))
    for module in (nn.ZeroPad2d((1, 0, 2, 1)), nn.ConstantPad1d(2, -1.0),
                   nn.ReflectionPad1d((2, 3)), nn.ReflectionPad2d(1),
                   nn.ReplicationPad1d((0, 2)), nn.ReplicationPad2d((1, 2, 0, 1))):
        check(module, x)
        assert module(mg.tensor(x.astype(np.float32))).dtype == mg.float32


def test_padding_errors():
    for bad in [(1, 2, 3), "1", (1.0, 2.0)]:
        with pytest.raises(ValueError, match="padding must be an int or a tuple of 2 ints"):
            nn.ReflectionPad1d(bad)
    with pytest.raises(ValueError, match="tuple of 4 ints"):
        nn.ZeroPad2d((1, 1))
    with pytest.raises(ShapeError, match="reflect"):
        nn.ReflectionPad1d(1)(mg.ones(3))  # PyTorch refuses a 1-D input too
    with pytest.raises(ShapeError):
        nn.ReflectionPad1d(3)(mg.ones(1, 3))  # reflecting more than is there
