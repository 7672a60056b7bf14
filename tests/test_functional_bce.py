"""binary_cross_entropy, binary_cross_entropy_with_logits and mse_loss."""

import itertools

import numpy as np
import pytest

import minigrad as mg
import minigrad.functional as F

rng = np.random.default_rng(3)
REDUCTIONS = ["none", "mean", "sum"]


def leaf(values):
    return mg.Tensor(np.asarray(values, dtype=np.float64), requires_grad=True)


# ---- values ------------------------------------------------------------------------
def test_bce_by_hand():
    p, y = np.array([0.8, 0.3, 0.5]), np.array([1.0, 0.0, 1.0])
    by_hand = [-np.log(0.8), -np.log(0.7), np.log(2)]
    np.testing.assert_allclose(F.binary_cross_entropy(p, y, reduction="none").numpy(), by_hand)
    np.testing.assert_allclose(F.binary_cross_entropy(p, y).item(), np.mean(by_hand))
    np.testing.assert_allclose(
        F.binary_cross_entropy(p, y, weight=np.array([2.0, 0.0, 1.0]), reduction="sum").item(),
        2 * by_hand[0] + by_hand[2],
    )
    # soft targets: the lecture's Bernoulli cross-entropy -p0 log q0 - p1 log q1
    np.testing.assert_allclose(
        F.binary_cross_entropy(np.array(0.6), np.array(0.25)).item(),
        -(0.25 * np.log(0.6) + 0.75 * np.log(0.4)),
    )


def test_bce_clamps_log_at_minus_100_like_pytorch():
    p = leaf([0.0, 1.0, 0.0, 1.0])
    loss = F.binary_cross_entropy(p, np.array([1.0, 0.0, 0.0, 1.0]), reduction="none")
    np.testing.assert_array_equal(loss.numpy(), [100, 100, 0, 0])
    loss.sum().backward()
    assert np.isfinite(p.grad.numpy()).all()
    np.testing.assert_allclose(p.grad.numpy(), [-1e12, 1e12, 0, 0])


def test_bce_gradient_for_the_target_is_not_clamped():
    # PyTorch clamps the logs of the loss, not those of d loss / d y = log(1 - p) - log p:
    # at p = 0 or 1 that is +-inf (torch.nn.functional.binary_cross_entropy, float64)
    p, y = leaf([0.0, 1.0, 0.5, 0.2]), leaf([0.0, 1.0, 0.0, 1.0])
    F.binary_cross_entropy(p, y, reduction="sum").backward()
    np.testing.assert_allclose(y.grad.numpy(), [np.inf, -np.inf, 0.0, np.log(4)])
    # and d loss / d p at p = 0 divides by PyTorch's floor of p (1 - p), the float32 1e-12
    p = leaf([0.0])
    F.binary_cross_entropy(p, np.array([0.5]), reduction="sum").backward()
    np.testing.assert_allclose(p.grad.numpy(), [-500000001997.9014], rtol=1e-13)


def test_bce_with_logits_equals_bce_of_sigmoid_and_its_formula():
    x, y = rng.standard_normal((3, 2)), rng.uniform(0, 1, (3, 2))
    p = 1 / (1 + np.exp(-x))
    expected = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    np.testing.assert_allclose(
        F.binary_cross_entropy_with_logits(x, y, reduction="none").numpy(), expected, rtol=1e-12
    )
    pw, w = np.array([3.0, 0.5]), np.array([[1.0], [2.0], [0.5]])
    weighted = -w * (pw * y * np.log(p) + (1 - y) * np.log(1 - p))
    got = F.binary_cross_entropy_with_logits(x, y, weight=w, pos_weight=pw, reduction="sum")
    np.testing.assert_allclose(got.item(), weighted.sum(), rtol=1e-12)


def test_mse_by_hand():
    x, y = np.array([[1.0, 2.0], [3.0, 5.0]]), np.array([[1.0, 0.0], [4.0, 2.0]])
    np.testing.assert_allclose(F.mse_loss(x, y).item(), (0 + 4 + 1 + 9) / 4)
    np.testing.assert_allclose(F.mse_loss(x, y, reduction="sum").item(), 14)
    np.testing.assert_allclose(F.mse_loss(x, y, reduction="none").numpy(), [[0, 4], [1, 9]])
    assert F.mse_loss(np.array(3.0), np.array(1.0)).item() == 4.0


# ---- gradients ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "reduction,weighted,shape", list(itertools.product(REDUCTIONS, [False, True], [(), (3, 2)]))
)
def test_bce_gradcheck_and_gradgradcheck(reduction, weighted, shape):
    p, y = leaf(rng.uniform(0.1, 0.9, shape)), leaf(rng.uniform(0, 1, shape))
    w = rng.uniform(0.5, 2, shape[-1:]) if weighted else None  # broadcasts over rows
    fn = lambda p, y: F.binary_cross_entropy(p, y, weight=w, reduction=reduction)  # noqa: E731
    assert mg.gradcheck(fn, (p, y))
    assert mg.gradgradcheck(fn, (p, y))


BCE_LOGIT_OPTIONS = list(
    itertools.product(REDUCTIONS, [None, "w"], [None, "pw"], [(), (3, 2)])
)


def _weights(shape, w, pw):
    return (
        None if w is None else rng.uniform(0.5, 2, shape[:1] + (1,) * (len(shape) > 1)),
        None if pw is None else rng.uniform(0.5, 3, shape[-1:]),
    )


@pytest.mark.parametrize("reduction,w,pw,shape", BCE_LOGIT_OPTIONS)
def test_bce_with_logits_gradcheck_and_gradgradcheck(reduction, w, pw, shape):
    x, y = leaf(rng.standard_normal(shape)), leaf(rng.uniform(0, 1, shape))
    weight, pos_weight = _weights(shape, w, pw)

    def fn(x, y):
        return F.binary_cross_entropy_with_logits(x, y, weight, pos_weight, reduction)

    assert mg.gradcheck(fn, (x, y))
    assert mg.gradgradcheck(fn, (x, y))


@pytest.mark.parametrize("reduction,w,pw,shape", BCE_LOGIT_OPTIONS)
def test_bce_with_logits_fused_agrees_with_composed(reduction, w, pw, shape):
    x, y = leaf(rng.standard_normal(shape)), leaf(rng.uniform(0, 1, shape))
    weight, pos_weight = _weights(shape, w, pw)
    fused = F.binary_cross_entropy_with_logits(x, y, weight, pos_weight, reduction)
    composed = F.composed.binary_cross_entropy_with_logits(x, y, weight, pos_weight, reduction)
    assert fused.grad_fn.name == "BCEWithLogits"
    np.testing.assert_allclose(fused.numpy(), composed.numpy(), rtol=1e-12)
    g = rng.standard_normal(fused.shape)
    for a, b in zip(mg.grad((fused * g).sum(), [x, y]), mg.grad((composed * g).sum(), [x, y])):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("reduction,shape", list(itertools.product(REDUCTIONS, [(), (2, 3)])))
def test_mse_gradcheck_gradgradcheck_and_composed(reduction, shape):
    x, y = leaf(rng.standard_normal(shape)), leaf(rng.standard_normal(shape))
    fn = lambda x, y: F.mse_loss(x, y, reduction)  # noqa: E731
    assert mg.gradcheck(fn, (x, y))
    assert mg.gradgradcheck(fn, (x, y))
    fused, composed = fn(x, y), F.composed.mse_loss(x, y, reduction)
    assert fused.grad_fn.name == "MSELoss"
    np.testing.assert_allclose(fused.numpy(), composed.numpy(), rtol=1e-12)
    g = rng.standard_normal(fused.shape)
    for a, b in zip(mg.grad((fused * g).sum(), [x, y]), mg.grad((composed * g).sum(), [x, y])):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-12)


def test_logistic_regression_gradient_is_prediction_minus_target():
    # The lecture's punch line: for p = sigmoid(x), dBCE/dx = p - y.
    x, y = leaf([0.0, 2.0, -1.0]), np.array([1.0, 0.0, 1.0])
    F.binary_cross_entropy_with_logits(x, y, reduction="sum").backward()
    np.testing.assert_allclose(x.grad.numpy(), 1 / (1 + np.exp(-x.numpy())) - y, rtol=1e-12)


# ---- stability and dtypes -----------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_extreme_logits_finite(dtype):
    x = mg.Tensor(np.array([1e4, -1e4, 1e4, -1e4], dtype=dtype), requires_grad=True)
    y = np.array([1.0, 0.0, 0.0, 1.0], dtype=dtype)
    loss = F.binary_cross_entropy_with_logits(x, y, pos_weight=np.full(4, 2.0), reduction="none")
    np.testing.assert_allclose(loss.numpy(), [0, 0, 1e4, 2e4], rtol=1e-6)
    (g,) = mg.grad(loss.sum(), [x])
    np.testing.assert_allclose(g.numpy(), [0, 0, 1, -2], atol=1e-6)
    assert loss.dtype == dtype and g.dtype == dtype


def test_float32_stays_float32():
    x = mg.Tensor(rng.uniform(0.1, 0.9, (2, 3)).astype(np.float32), requires_grad=True)
    y = rng.uniform(0, 1, (2, 3))  # float64 target: converted to the input's dtype
    for loss in (
        F.binary_cross_entropy(x, y, weight=np.ones(3)),
        F.binary_cross_entropy_with_logits(x, y, pos_weight=np.ones(3)),
        F.mse_loss(x, y),
        F.mse_loss(x.numpy().tolist(), y.tolist()),
    ):
        assert loss.dtype == np.float32
        if loss.requires_grad:
            (g,) = mg.grad(loss, [x])
            assert g.dtype == np.float32


def test_nothing_passed_in_is_modified():
    x, y, w = rng.uniform(0.1, 0.9, (2, 3)), rng.uniform(0, 1, (2, 3)), np.ones(3)
    copies = [a.copy() for a in (x, y, w)]
    t = mg.Tensor(x, requires_grad=True)
    F.binary_cross_entropy(t, y, weight=w).backward()
    F.binary_cross_entropy_with_logits(t, y, weight=w, pos_weight=w).backward()
    F.mse_loss(t, y).backward()
    for a, b in zip((x, y, w), copies):
        np.testing.assert_array_equal(a, b)


# ---- bad input -----------------------------------------------------------------------
def test_bce_input_outside_0_1():
    with pytest.raises(ValueError, match=r"binary_cross_entropy: .*\[0, 1\].*input\[1\] = 1.5.*"
                       "with_logits"):
        F.binary_cross_entropy(np.array([0.5, 1.5]), np.array([1.0, 0.0]))
    with pytest.raises(ValueError, match=r"input\[0\] = nan"):
        F.binary_cross_entropy(np.array([np.nan]), np.array([1.0]))
    with pytest.raises(ValueError, match=r"target\[0\] = -0.5"):
        F.binary_cross_entropy(np.array([0.5]), np.array([-0.5]))


@pytest.mark.parametrize(
    "fn", [F.binary_cross_entropy, F.binary_cross_entropy_with_logits, F.mse_loss]
)
def test_shape_mismatch_and_unknown_reduction(fn):
    with pytest.raises(ValueError, match=rf"{fn.__name__}: the target has shape \(3,\).*\(3, 1\)"):
        fn(np.full((3, 1), 0.5), np.full(3, 0.5))
    with pytest.raises(ValueError, match=r"reduction='elementwise'"):
        fn(np.full(3, 0.5), np.full(3, 0.5), reduction="elementwise")


def test_bad_weights():
    x, y = np.zeros((2, 3)), np.zeros((2, 3))
    with pytest.raises(ValueError, match=r"pos_weight of shape \(2,\) cannot be broadcast"):
        F.binary_cross_entropy_with_logits(x, y, pos_weight=np.ones(2))
    with pytest.raises(ValueError, match=r"weight of shape \(2, 3, 1\)"):
        F.binary_cross_entropy(np.full((2, 3), 0.5), y, weight=np.ones((2, 3, 1)))


@pytest.mark.parametrize("reduction", ["none", "sum", "mean"])
def test_bce_with_logits_at_infinite_scores_gives_the_limits(reduction):
    # Before: NaN from inf - inf. The limits: (1 - y) inf at +inf, y inf at -inf.
    x = mg.tensor([np.inf, np.inf, -np.inf, -np.inf, 1.0], requires_grad=True)
    y = mg.tensor([1.0, 0.0, 0.0, 1.0, 1.0])
    loss = F.binary_cross_entropy_with_logits(x, y, reduction="none")
    finite_part = float(np.log1p(np.exp(-1.0)))
    np.testing.assert_allclose(loss.numpy(), [0.0, np.inf, 0.0, np.inf, finite_part], rtol=1e-6)
    total = F.binary_cross_entropy_with_logits(x[[0, 2, 4]], y[[0, 2, 4]], reduction=reduction)
    assert not np.isnan(total.numpy()).any()
    total.sum().backward()
    assert np.isfinite(x.grad.numpy()).all()
    weighted = F.binary_cross_entropy_with_logits(
        mg.tensor([-np.inf]), mg.tensor([1.0]), pos_weight=mg.tensor([2.0]))
    assert weighted.item() == np.inf
