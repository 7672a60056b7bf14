"""F.prelu and nn.PReLU (functional/prelu.py, nn/prelu.py), nn.Softmax2d, and
channel-wise dropout: F.dropout1d, F.dropout2d, nn.Dropout1d, nn.Dropout2d
(functional/channel_dropout.py, nn/channel_dropout.py).

Literals from PyTorch 2.13, float64 gradient checks (prelu with one slope and with one
per channel; dropout with a fixed seed), float32 kept, the reprs, and every error.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from op_strategies import check, seeds

import minigrad as mg
import minigrad.functional as F
from minigrad import nn
from minigrad.errors import DTypeError, ShapeError

X = [[[-1., 2.], [0., -3.]], [[4., -0.5], [-2., 1.]]]


def test_prelu_matches_torch():
    x = mg.tensor(X, dtype=mg.float64, requires_grad=True)
    w = mg.tensor([0.25, -0.5], dtype=mg.float64, requires_grad=True)
    y = F.prelu(x, w)
    np.testing.assert_allclose(y.detach().numpy(), [[[-0.25, 2.0], [0.0, 1.5]],
                                                    [[4.0, -0.125], [1.0, 1.0]]])
    (y * y).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [[[-0.125, 4.0], [0.0, -1.5]],
                                                [[8.0, -0.0625], [-1.0, 2.0]]])
    np.testing.assert_allclose(w.grad.numpy(), [0.625, -13.0])


@settings(max_examples=10, deadline=None)
@given(seeds, st.sampled_from([(2, 3), (2, 3, 4), (1, 3, 2, 2), (3,), ()]), st.booleans())
def test_prelu_gradcheck(seed, shape, per_channel):
    rng = np.random.default_rng(seed)
    x = rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.2, 2.0, size=shape)
    n = shape[1] if per_channel and len(shape) >= 2 else 1
    check(F.prelu, x, rng.normal(size=n))


def test_prelu_module():
    m = nn.PReLU()
    assert repr(m) == "PReLU(num_parameters=1)" and repr(nn.PReLU(3, 0.1)) == \
        "PReLU(num_parameters=3)"
    assert [n for n, _ in m.named_parameters()] == ["weight"] and m.weight.shape == (1,)
    np.testing.assert_allclose(nn.PReLU(3, 0.1).weight.numpy(), [0.1] * 3, rtol=1e-7)
    np.testing.assert_allclose(m(mg.tensor(-2.0)).numpy(), -0.5)
    y = nn.PReLU(3)(mg.randn(2, 3, 4))
    assert y.shape == (2, 3, 4) and y.dtype == mg.float32
    m.weight.data = m.weight.data * 3
    m.reset_parameters()
    np.testing.assert_allclose(m.weight.numpy(), [0.25])
    assert nn.PReLU(2, dtype=mg.float64).weight.dtype == mg.float64


def test_prelu_errors():
    with pytest.raises(ShapeError, match="mismatch"):
        F.prelu(-mg.ones(3), mg.tensor([0.1, 0.2, 0.3]))
    with pytest.raises(ShapeError, match="mismatch"):
        F.prelu(mg.ones(2, 4), mg.tensor([0.1, 0.2, 0.3]))
    with pytest.raises(ShapeError, match="mismatch"):
        F.prelu(mg.tensor(1.0), mg.tensor([0.1, 0.2]))
    with pytest.raises(ShapeError, match="scalar or 1-D"):
        F.prelu(mg.ones(2, 3), mg.ones(1, 3))
    with pytest.raises(DTypeError, match="weight has dtype float32 but the input float64"):
        F.prelu(mg.ones(2, 3, dtype=mg.float64), mg.ones(1))
    with pytest.raises(DTypeError, match="prelu"):
        F.prelu(mg.tensor([1, 2]), mg.tensor([1]))
    with pytest.raises(ValueError, match="at least 1"):
        nn.PReLU(0)
    with pytest.raises(TypeError, match="must be an int"):
        nn.PReLU(2.0)
    with pytest.raises(DTypeError, match="floating"):
        nn.PReLU(dtype=mg.int64)


def test_softmax2d():
    s = nn.Softmax2d()(mg.tensor([[[[1., 2.]], [[3., -1.]]]]))
    np.testing.assert_allclose(s.numpy(), [[[[0.1192029193, 0.9525741339]],
                                            [[0.8807970285, 0.0474258736]]]], rtol=1e-6)
    assert repr(nn.Softmax2d()) == "Softmax2d()"
    x = mg.randn(3, 2, 2, dtype=mg.float64)
    np.testing.assert_allclose(nn.Softmax2d()(x).numpy(), F.softmax(x, 0).numpy())
    check(lambda t: nn.Softmax2d()(t), np.random.default_rng(0).normal(size=(2, 3, 2, 2)))
    for shape in ((2, 3), (1, 2, 3, 4, 5)):
        with pytest.raises(ValueError, match="expected input to be 3D or 4D"):
            nn.Softmax2d()(mg.randn(*shape))


@pytest.mark.parametrize("fn,shape", [(F.dropout1d, (5, 6, 7)), (F.dropout1d, (6, 7)),
                                      (F.dropout2d, (5, 6, 3, 4))])
def test_channel_dropout_zeroes_whole_channels_and_scales(fn, shape):
    mg.manual_seed(0)
    x = mg.ones(*shape, dtype=mg.float64)
    y = fn(x, 0.25).numpy()
    channels = y.reshape(y.shape[:len(shape) - (1 if fn is F.dropout1d else 2)] + (-1,))
    assert (channels == channels[..., :1]).all()  # one value per channel
    assert set(np.unique(channels)) <= {0.0, 1 / 0.75}
    assert 0 < (channels[..., 0] == 0).sum() < channels[..., 0].size
    assert fn(x, 0.5, training=False) is x and fn(x, 0.0) is x
    np.testing.assert_array_equal(fn(x, 1.0).numpy(), np.zeros(shape))


def test_channel_dropout_gradient_is_the_mask():
    mg.manual_seed(1)
    x = mg.randn(3, 4, 5, dtype=mg.float64, requires_grad=True)
    y = F.dropout1d(x, 0.5)
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), (y.detach().numpy() / x.detach().numpy()))
    rng = np.random.default_rng(0)

    def seeded(t):
        mg.manual_seed(3)  # the same mask at every evaluation
        return F.dropout2d(t, 0.3)
    check(seeded, rng.normal(size=(2, 3, 2, 2)))


def test_channel_dropout_dtype_inplace_and_modules():
    x = mg.randn(2, 3, 4)
    assert F.dropout1d(x).dtype == mg.float32 and F.dropout2d(x.unsqueeze(-1)).dtype == \
        mg.float32
    h = x * 1
    assert F.dropout1d(h, 0.5, inplace=True) is h
    u = mg.randn(3, 4)
    assert F.dropout1d(u, 0.5, inplace=True) is u
    assert repr(nn.Dropout1d()) == "Dropout1d(p=0.5, inplace=False)"
    assert repr(nn.Dropout2d(0.3, True)) == "Dropout2d(p=0.3, inplace=True)"
    d = nn.Dropout2d(0.5)
    d.eval()
    x4 = mg.randn(2, 3, 4, 4)
    assert d(x4) is x4
    d.train()
    mg.manual_seed(0)
    y = d(x4)
    kept = (y.numpy() != 0).reshape(2, 3, -1)
    assert (kept == kept[..., :1]).all()
    with pytest.warns(UserWarning, match="3D input"):
        F.dropout2d(mg.randn(2, 3, 4))
    with pytest.warns(UserWarning, match="2-D input"):
        F.dropout2d(mg.randn(2, 3))


def test_channel_dropout_errors():
    with pytest.raises(ValueError, match="between 0 and 1"):
        F.dropout1d(mg.randn(2, 3), 1.5)
    with pytest.raises(ValueError, match="between 0 and 1"):
        nn.Dropout2d(-0.1)
    with pytest.raises(ShapeError, match="expected 2D or 3D input"):
        F.dropout1d(mg.randn(2, 3, 4, 5))
    with pytest.raises(ShapeError, match="expected 2D or 3D input"):
        F.dropout1d(mg.randn(4))
    with pytest.raises(DTypeError, match="floating-point"):
        F.dropout2d(mg.ones(2, 3, 4, 4, dtype=mg.int64))
    with pytest.warns(UserWarning), pytest.raises(ShapeError, match="at least 2 axes"):
        F.dropout2d(mg.randn(4))


def test_prelu_gradient_of_the_weight_at_infinity_is_zero_as_torch():
    x = mg.tensor([np.inf, -1.0, 2.0], dtype=mg.float64, requires_grad=True)
    w = mg.tensor([0.25], dtype=mg.float64, requires_grad=True)
    F.prelu(x, w).sum().backward()
    np.testing.assert_array_equal(w.grad.numpy(), [-1.0])
    np.testing.assert_array_equal(x.grad.numpy(), [1.0, 0.25, 1.0])
