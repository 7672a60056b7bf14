"""bilinear and nn.Bilinear, local_response_norm and nn.LocalResponseNorm, channel_shuffle
and nn.ChannelShuffle, and the random ones: alpha_dropout, feature_alpha_dropout (nn.AlphaDropout,
nn.FeatureAlphaDropout), rrelu (nn.RReLU) and gumbel_softmax.

Values and gradients are literals taken from PyTorch 2.13; gradients are checked in float64
(gradcheck and gradgradcheck); float32 stays float32; every error path raises. The random
ops are checked by their distributions and by their formula on the mask they drew.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from op_strategies import check

import minigrad as mg
import minigrad.functional as F  # noqa: N812
from minigrad import nn
from minigrad.errors import DTypeError, ShapeError

X1 = np.array([[1.0, -0.5], [0.25, 2.0]])
X2 = np.array([[0.5, 1.0, -1.0], [2.0, 0.0, 0.5]])
A = np.arange(12.0).reshape(2, 2, 3) / 4 - 1
B = np.array([0.5, -0.25])
LRN_X = np.array([[[1.0, -2.0], [0.5, 3.0], [-1.5, 0.25], [2.0, 1.0]]])


def test_bilinear_matches_pytorch():
    leaves = [mg.tensor(v, requires_grad=True) for v in (X1, X2, A, B)]
    y = F.bilinear(*leaves)
    y.sum().backward()
    assert y.tolist() == [[-0.0625, -0.4375], [-0.8125, 6.875]]
    assert leaves[0].grad.tolist() == [[-0.75, 0.0], [-0.75, 3.0]]
    assert leaves[1].grad.tolist() == [[-1.0, -0.75, -0.5], [1.875, 3.0, 4.125]]
    assert leaves[2].grad.numpy().ravel().tolist() == [1.0, 1.0, -0.875, 3.75, -0.5, 1.5] * 2
    assert leaves[3].grad.tolist() == [2.0, 2.0]


def test_bilinear_gradients_batch_axes_and_dtypes():
    rng = np.random.default_rng(0)
    check(F.bilinear, X1, X2, A, B)
    check(lambda a, b, w: F.bilinear(a, b, w), rng.standard_normal((2, 3, 2)),
          rng.standard_normal((2, 3, 3)), A)
    check(lambda a, b, w: F.bilinear(a, b, w), X1[0], X2[0], A)  # unbatched: (in1,), (in2,)
    y = F.bilinear(mg.tensor(X1, dtype=mg.float32), mg.tensor(X2, dtype=mg.float32),
                   mg.tensor(A, dtype=mg.float32))
    assert y.dtype == np.float32 and y.shape == (2, 2)


def test_bilinear_module():
    mg.manual_seed(0)
    layer = nn.Bilinear(3, 2, 4)
    assert repr(layer) == "Bilinear(in1_features=3, in2_features=2, out_features=4, bias=True)"
    assert layer.weight.shape == (4, 3, 2) and layer.bias.shape == (4,)
    bound = 1 / math.sqrt(3)
    assert np.abs(layer.weight.numpy()).max() <= bound and layer.weight.dtype == np.float32
    y = layer(mg.randn(5, 3), mg.randn(5, 2))
    assert y.shape == (5, 4) and y.dtype == np.float32
    y.sum().backward()
    assert layer.weight.grad.shape == (4, 3, 2)
    plain = nn.Bilinear(3, 2, 4, bias=False, dtype=mg.float64)
    assert plain.bias is None and plain.weight.dtype == np.float64
    assert [name for name, _ in layer.named_parameters()] == ["weight", "bias"]
    with pytest.raises(ValueError, match="in1_features"):
        nn.Bilinear(0, 2, 4)


def test_bilinear_errors():
    x1, x2, w, b = (mg.tensor(v) for v in (X1, X2, A, B))
    with pytest.raises(ShapeError, match="same batch"):
        F.bilinear(x1, x2[:1], w)
    with pytest.raises(ShapeError, match="same batch"):
        F.bilinear(x1, x2[None], w)
    with pytest.raises(ShapeError, match="weight must be"):
        F.bilinear(x1, x2, w[:, :, :2])
    with pytest.raises(ShapeError, match="weight must be"):
        F.bilinear(x1, x2, w[0])
    with pytest.raises(ShapeError, match="bias must be"):
        F.bilinear(x1, x2, w, mg.tensor(np.array([1.0, 2.0, 3.0])))
    with pytest.raises(DTypeError, match="same floating-point dtype"):
        F.bilinear(x1, x2.float(), w)
    with pytest.raises(DTypeError, match="same floating-point dtype"):
        F.bilinear(x1.long(), x2.long(), w.long())


def test_local_response_norm_matches_pytorch():
    x = mg.tensor(LRN_X, requires_grad=True)
    y = F.local_response_norm(x, 3, alpha=0.5, beta=0.75, k=1.0)
    y.sum().backward()
    np.testing.assert_allclose(
        y.numpy().ravel(), [0.8676806908, -0.8425161466, 0.3542344037, 1.2606653029,
                            -0.8650121091, 0.1194520455, 1.1709581318, 0.884900809], rtol=1e-9)
    np.testing.assert_allclose(
        x.grad.numpy().ravel(), [0.6322287999, 0.4866289934, 0.6426435885, 0.2887002229,
                                 0.7199441243, 0.4032335614, 0.5063167153, 0.6858022195],
        rtol=1e-9)
    np.testing.assert_allclose(  # an even size, the defaults
        nn.LocalResponseNorm(2)(mg.tensor(LRN_X)).numpy().ravel(),
        [0.9999625016, -1.9997000525, 0.4999765638, 2.9985383313, -1.4998593904,
         0.2499150727, 1.9995313781, 0.9999601581], rtol=1e-9)


@pytest.mark.parametrize("shape,size", [((1, 4, 2), 3), ((2, 3, 2, 2), 2), ((1, 2, 2, 1, 2), 5)])
def test_local_response_norm_gradients(shape, size):
    x = np.random.default_rng(1).standard_normal(shape)
    check(lambda t: F.local_response_norm(t, size, alpha=0.5, beta=0.6, k=1.5), x)


def test_local_response_norm_dtypes_module_and_errors():
    x32 = mg.tensor(LRN_X, dtype=mg.float32)
    assert F.local_response_norm(x32, 3).dtype == np.float32
    empty = mg.zeros(0, 3, 2)
    assert F.local_response_norm(empty, 2) is empty
    assert repr(nn.LocalResponseNorm(2)) == "LocalResponseNorm(2, alpha=0.0001, beta=0.75, k=1.0)"
    with pytest.raises(ShapeError, match="3D or higher"):
        F.local_response_norm(mg.zeros(2, 3), 2)
    with pytest.raises(ValueError, match="positive"):
        F.local_response_norm(x32, 0)
    with pytest.raises(TypeError, match="size must be an int"):
        F.local_response_norm(x32, 2.0)
    with pytest.raises(DTypeError, match="floating"):
        F.local_response_norm(x32.long(), 2)


def test_channel_shuffle():
    x = mg.arange(12.0).reshape(1, 6, 2)
    y = F.channel_shuffle(x, 3)
    assert y[0, :, 0].tolist() == [0.0, 4.0, 8.0, 2.0, 6.0, 10.0]
    assert F.channel_shuffle(mg.arange(6).reshape(1, 6, 1), 2).flatten().tolist() == \
        [0, 3, 1, 4, 2, 5]  # integers too, as PyTorch
    check(lambda t: F.channel_shuffle(t, 2), np.random.default_rng(2).standard_normal((2, 4, 3)))
    assert nn.ChannelShuffle(2)(x.float()).dtype == np.float32
    assert repr(nn.ChannelShuffle(2)) == "ChannelShuffle(groups=2)"
    assert F.channel_shuffle(mg.zeros(0, 4, 3), 2).shape == (0, 4, 3)
    with pytest.raises(ShapeError, match="divisible"):
        F.channel_shuffle(x, 4)
    with pytest.raises(ShapeError, match="more than 2 axes"):
        F.channel_shuffle(mg.zeros(2, 4), 2)
    with pytest.raises(ValueError, match="positive"):
        F.channel_shuffle(x, 0)
    with pytest.raises(TypeError, match="groups must be an int"):
        F.channel_shuffle(x, 2.0)


ALPHA = 1.7580993408473766


@pytest.mark.parametrize("p", [0.2, 0.5])
def test_alpha_dropout_values_follow_pytorchs_formula(p):
    mg.manual_seed(0)
    x = mg.tensor(np.random.default_rng(3).standard_normal((400, 50)), requires_grad=True)
    y = F.alpha_dropout(x, p, training=True)
    y.sum().backward()
    a = 1 / math.sqrt((ALPHA**2 * p + 1) * (1 - p))
    kept = x.grad.numpy() != 0
    np.testing.assert_allclose(x.grad.numpy()[kept], a)
    np.testing.assert_allclose(y.numpy()[kept], a * x.numpy()[kept] + ALPHA * a * p)
    np.testing.assert_allclose(y.numpy()[~kept], ALPHA * a * (p - 1))
    assert abs(kept.mean() - (1 - p)) < 0.02
    assert abs(y.numpy().mean()) < 0.05 and abs(y.numpy().std() - 1) < 0.05  # SELU's fixed point
    # for p = 0.5, the two values of PyTorch's alpha_dropout(ones) are 1.6656 and -0.7792
    if p == 0.5:
        ones = F.alpha_dropout(mg.ones(100), p, training=True).numpy()
        np.testing.assert_allclose(np.unique(ones), [-0.7791939, 1.6655989], rtol=1e-6)


def test_feature_alpha_dropout_drops_whole_channels_and_modules():
    mg.manual_seed(1)
    y = F.feature_alpha_dropout(mg.ones(8, 6, 3, 2), 0.5, training=True).numpy()
    assert np.ptp(y, axis=(2, 3)).max() == 0 and len(set(np.round(y.ravel(), 4))) == 2
    x = mg.tensor(np.ones((4, 3)), requires_grad=True)
    assert F.alpha_dropout(x, 0.5) is x  # training=False is F's default, as in PyTorch
    assert F.alpha_dropout(x, 0.0, training=True) is x
    assert F.alpha_dropout(x, 1.0, training=True).tolist() == [[0.0] * 3] * 4
    layer = nn.AlphaDropout(0.3)
    assert repr(layer) == "AlphaDropout(p=0.3, inplace=False)"
    assert not np.array_equal(layer(x).numpy(), x.numpy())
    layer.eval()
    assert layer(x) is x
    assert repr(nn.FeatureAlphaDropout(0.2, True)) == "FeatureAlphaDropout(p=0.2, inplace=True)"
    assert nn.FeatureAlphaDropout()(mg.ones(2, 3, 4, dtype=mg.float32)).dtype == np.float32
    z = mg.ones(5, 4)
    same = F.alpha_dropout(z, 0.5, training=True, inplace=True)
    assert same is z
    np.testing.assert_allclose(np.unique(z.numpy()), [-0.7791939, 1.6655989], rtol=1e-6)


def test_alpha_dropout_errors():
    with pytest.raises(ValueError, match="between 0 and 1"):
        F.alpha_dropout(mg.ones(3), 1.5, training=True)
    with pytest.raises(ValueError, match="between 0 and 1"):
        nn.AlphaDropout(-0.1)
    with pytest.raises(ShapeError, match="at least 2 dimensions"):
        F.feature_alpha_dropout(mg.ones(3), 0.5, training=True)
    with pytest.raises(DTypeError, match="floating"):
        F.alpha_dropout(mg.ones(3, dtype=mg.long), 0.5, training=True)


def test_rrelu_training_and_eval():
    mg.manual_seed(0)
    x = mg.tensor(-np.ones(20000) * 2, requires_grad=True)
    y = F.rrelu(x, 0.1, 0.3, training=True)
    y.sum().backward()
    slopes = x.grad.numpy()
    assert slopes.min() >= 0.1 and slopes.max() <= 0.3 and abs(slopes.mean() - 0.2) < 0.005
    np.testing.assert_allclose(y.numpy(), -2 * slopes)
    x = mg.tensor([-1.0, 0.0, 2.0], requires_grad=True)
    y = F.rrelu(x, training=True)
    y.sum().backward()  # torch: the slope at 0 too (x <= 0 takes a slope), 1 above
    assert y[1].item() == 0.0 and y[2].item() == 2.0 and x.grad[2].item() == 1.0
    assert 1 / 8 <= x.grad[1].item() <= 1 / 3
    x = mg.tensor([-1.0, 0.0, 2.0], requires_grad=True)
    y = F.rrelu(x)  # training=False: leaky_relu with the mean slope, PyTorch's 0.2291666667
    y.sum().backward()
    np.testing.assert_allclose(y.numpy(), [-0.2291666667, 0.0, 2.0])
    np.testing.assert_allclose(x.grad.numpy(), [0.2291666667, 0.2291666667, 1.0])
    check(lambda t: F.rrelu(t), np.array([-1.5, 0.7, -0.2]))
    assert F.rrelu(mg.ones(3, dtype=mg.float32), training=True).dtype == np.float32


def test_rrelu_module_and_errors():
    layer = nn.RReLU(0.1, 0.3)
    assert repr(layer) == "RReLU(lower=0.1, upper=0.3)"
    assert repr(nn.RReLU(inplace=True)) == \
        "RReLU(lower=0.125, upper=0.3333333333333333, inplace=True)"
    x = mg.tensor(-np.ones(1000))
    assert len(set(layer(x).tolist())) > 1
    layer.eval()
    np.testing.assert_allclose(layer(x).numpy(), -0.2)
    with pytest.raises(ValueError, match="lower bound"):
        F.rrelu(x, 0.5, 0.2)
    with pytest.raises(ValueError, match="lower bound"):
        nn.RReLU(0.5, 0.2)(x)
    with pytest.raises(DTypeError, match="floating"):
        F.rrelu(mg.ones(3, dtype=mg.long))
    with pytest.raises(DTypeError, match="float16"):
        F.rrelu(mg.ones(3, dtype=mg.float16), training=True)
    assert F.rrelu(mg.ones(3, dtype=mg.float16)).dtype == np.float16


def test_gumbel_softmax_samples_the_categorical():
    mg.manual_seed(0)
    probs = np.array([0.1, 0.2, 0.7])
    logits = mg.tensor(np.log(np.tile(probs, (6000, 1))))
    hard = F.gumbel_softmax(logits, hard=True).numpy()
    assert set(hard.ravel().tolist()) == {0.0, 1.0} and (hard.sum(-1) == 1).all()
    np.testing.assert_allclose(hard.mean(0), probs, atol=0.02)
    soft = F.gumbel_softmax(logits, tau=0.5).numpy()
    np.testing.assert_allclose(soft.sum(-1), 1.0)
    np.testing.assert_allclose((soft.argmax(-1)[:, None] == np.arange(3)).mean(0), probs,
                               atol=0.02)
    cols = F.gumbel_softmax(mg.zeros(3, 4), dim=0).numpy()
    np.testing.assert_allclose(cols.sum(0), 1.0)
    assert F.gumbel_softmax(mg.tensor(1.0), hard=True).item() == 1.0


def test_gumbel_softmax_straight_through_gradient():
    mg.manual_seed(5)
    x = mg.tensor([[0.5, -1.0, 2.0]], dtype=mg.float32, requires_grad=True)
    y = F.gumbel_softmax(x, tau=0.7, hard=True)
    assert y.dtype == np.float32 and sorted(y.tolist()[0]) == [0.0, 0.0, 1.0]
    (y * mg.tensor([[1.0, 2.0, 3.0]])).sum().backward()
    mg.manual_seed(5)
    x2 = mg.tensor([[0.5, -1.0, 2.0]], dtype=mg.float32, requires_grad=True)
    soft = F.gumbel_softmax(x2, tau=0.7)  # the same noise: the soft sample's gradient
    (soft * mg.tensor([[1.0, 2.0, 3.0]])).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), x2.grad.numpy(), rtol=1e-6)
    assert np.abs(x.grad.numpy()).sum() > 0


def test_gumbel_softmax_errors_and_eps_warning():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        F.gumbel_softmax(mg.zeros(3), eps=1e-5)
    assert any("deprecated" in str(w.message) for w in caught)
    with pytest.raises(DTypeError, match="floating"):
        F.gumbel_softmax(mg.zeros(3, dtype=mg.long))
    with pytest.raises((IndexError, ValueError)):
        F.gumbel_softmax(mg.zeros(2, 3), dim=2)
