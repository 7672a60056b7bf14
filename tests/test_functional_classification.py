"""cross_entropy and nll_loss: PyTorch's semantics, gradients, stability, bad input."""

import itertools

import numpy as np
import pytest

import minigrad as mg
import minigrad.functional as F

rng = np.random.default_rng(2)
W = np.array([0.5, 2.0, 1.0])


def reference_cross_entropy(x, y, weight=None, ignore_index=-100, reduction="mean", eps=0.0):
    """PyTorch's definition for class indices, one sample at a time, in plain numpy.

    loss_n = (1 - eps) * (-w[y_n] log p[y_n]) + eps / C * (-sum_c w_c log p_c);
    ignored samples give 0; 'mean' divides by the sum of w[y_n] over kept samples.
    """
    c = 0 if x.ndim == 1 else 1
    num_classes = x.shape[c]
    w = np.ones(num_classes) if weight is None else np.asarray(weight, dtype=float)
    rows = np.moveaxis(x, c, -1).reshape(-1, num_classes)
    losses, kept_weight = [], 0.0
    for row, t in zip(rows, np.reshape(y, -1)):
        if t == ignore_index:
            losses.append(0.0)
            continue
        log_p = np.log(np.exp(row) / np.exp(row).sum())
        losses.append((1 - eps) * -w[t] * log_p[t] + eps / num_classes * -(w * log_p).sum())
        kept_weight += w[t]
    losses = np.array(losses).reshape(np.shape(y))
    if reduction == "none":
        return losses
    return losses.sum() if reduction == "sum" else losses.sum() / kept_weight


def reference_soft_cross_entropy(x, q, weight=None, reduction="mean", eps=0.0):
    """PyTorch's definition for probability targets: mean divides by the number of samples."""
    c = 0 if x.ndim == 1 else 1
    num_classes = x.shape[c]
    shape = [-1] + [1] * (x.ndim - c - 1)
    w = np.ones(num_classes) if weight is None else np.asarray(weight)
    w = w.reshape(shape)
    log_p = np.log(np.exp(x) / np.exp(x).sum(axis=c, keepdims=True))
    q = q * (1 - eps) + eps / num_classes
    losses = -(q * w * log_p).sum(axis=c)
    if reduction == "none":
        return losses
    return losses.sum() if reduction == "sum" else losses.sum() / (x.size / num_classes)


# inputs of each layout: (C,), (N, C), (N, C, d1); targets include an ignored one
LAYOUTS = {
    "unbatched": (rng.standard_normal(3), np.array(2)),
    "batch": (rng.standard_normal((4, 3)), np.array([0, 2, -100, 1])),
    "spatial": (rng.standard_normal((2, 3, 2)), np.array([[1, -100], [2, 0]])),
}


# ---- values -----------------------------------------------------------------------
def test_one_hot_target_gives_minus_log_softmax_at_the_true_class():
    x = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
    y = np.array([0, 1])
    p = np.exp(x) / np.exp(x).sum(1, keepdims=True)
    expected = -np.log(p[[0, 1], [0, 1]])
    np.testing.assert_allclose(F.cross_entropy(x, y, reduction="none").numpy(), expected)
    np.testing.assert_allclose(F.cross_entropy(x, y).item(), expected.mean())
    # the same with the one-hot rows given as probabilities
    np.testing.assert_allclose(F.cross_entropy(x, np.eye(3)[y]).item(), expected.mean())


def test_a_hand_computed_weighted_mean_with_ignore_index():
    # Uniform scores: log p = -log 3 for every class, so each kept loss is w[y] log 3.
    x = np.zeros((3, 3))
    y = np.array([0, 1, 7])
    loss = F.cross_entropy(x, y, weight=W, ignore_index=7)
    # (0.5 log 3 + 2 log 3) / (0.5 + 2): the mean divides by the kept weights, not by 3
    np.testing.assert_allclose(loss.item(), np.log(3), rtol=1e-12)
    np.testing.assert_allclose(
        F.cross_entropy(x, y, weight=W, ignore_index=7, reduction="sum").item(), 2.5 * np.log(3)
    )


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
@pytest.mark.parametrize("weight", [None, W])
@pytest.mark.parametrize("eps", [0.0, 0.2])
def test_cross_entropy_and_nll_match_pytorch_definition(layout, reduction, weight, eps):
    x, y = LAYOUTS[layout]
    expected = reference_cross_entropy(x, y, weight, -100, reduction, eps)
    got = F.cross_entropy(x, y, weight=weight, reduction=reduction, label_smoothing=eps)
    np.testing.assert_allclose(got.numpy(), expected, rtol=1e-12, atol=1e-15)
    assert got.shape == np.shape(expected)
    if eps == 0.0:
        log_p = F.log_softmax(x, 0 if x.ndim == 1 else 1)
        nll = F.nll_loss(log_p, y, weight=weight, reduction=reduction)
        np.testing.assert_allclose(nll.numpy(), expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
@pytest.mark.parametrize("eps", [0.0, 0.3])
def test_probability_targets_match_pytorch_definition(reduction, eps):
    x = rng.standard_normal((2, 3, 2))
    q = rng.dirichlet(np.ones(3), size=(2, 2)).transpose(0, 2, 1)
    for weight in (None, W):
        got = F.cross_entropy(x, q, weight=weight, reduction=reduction, label_smoothing=eps)
        expected = reference_soft_cross_entropy(x, q, weight, reduction, eps)
        np.testing.assert_allclose(got.numpy(), expected, rtol=1e-12)


def test_label_smoothing_closed_form():
    # With uniform scores every log p is -log C, whatever the smoothing.
    loss = F.cross_entropy(np.zeros((2, 4)), np.array([1, 3]), label_smoothing=0.4)
    np.testing.assert_allclose(loss.item(), np.log(4))
    # One class certain: log p = [0, -inf-ish]; smoothing charges eps/C of the wrong classes.
    x = np.array([[0.0, -30.0]])
    loss = F.cross_entropy(x, np.array([0]), label_smoothing=0.5).item()
    np.testing.assert_allclose(loss, 0.25 * 30, rtol=1e-9)


def test_every_target_ignored_gives_nan_with_a_warning_and_zero_gradient():
    x = mg.Tensor(np.zeros((2, 3)), requires_grad=True)
    y = np.array([-100, -100])
    with pytest.warns(RuntimeWarning, match="zero total weight"):
        loss = F.cross_entropy(x, y)
    assert np.isnan(loss.item())  # as in PyTorch
    loss.backward()
    np.testing.assert_array_equal(x.grad.numpy(), 0)
    with pytest.warns(RuntimeWarning):
        assert np.isnan(F.nll_loss(x, y).item())
    assert F.cross_entropy(x, y, reduction="sum").item() == 0


def test_nll_loss_is_finite_where_other_classes_have_log_probability_minus_inf():
    log_p = np.array([[0.0, -np.inf], [-np.inf, 0.0]])
    assert F.nll_loss(log_p, np.array([0, 1])).item() == 0.0
    assert F.nll_loss(log_p, np.array([0, -100])).item() == 0.0
    assert F.cross_entropy(log_p, np.array([0, 1])).item() == 0.0


# ---- gradients ----------------------------------------------------------------------
def test_gradient_is_softmax_minus_one_hot_weighted_over_the_weight_sum():
    x = mg.Tensor(rng.standard_normal((3, 3)), requires_grad=True)
    y = np.array([2, 0, -100])
    F.cross_entropy(x, y, weight=W).backward()
    p = np.exp(x.numpy()) / np.exp(x.numpy()).sum(1, keepdims=True)
    kept = np.array([1, 1, 0])[:, None]
    expected = (p - np.eye(3)[[2, 0, 0]]) * W[[2, 0, 0]][:, None] * kept / (W[2] + W[0])
    np.testing.assert_allclose(x.grad.numpy(), expected, rtol=1e-12, atol=1e-15)


OPTIONS = list(itertools.product(LAYOUTS, ["none", "mean", "sum"], [None, W], [0.0, 0.2]))


@pytest.mark.parametrize("layout,reduction,weight,eps", OPTIONS)
def test_cross_entropy_gradcheck_and_gradgradcheck(layout, reduction, weight, eps):
    x, y = LAYOUTS[layout]
    x = mg.Tensor(x, requires_grad=True)
    fn = lambda x: F.cross_entropy(  # noqa: E731
        x, y, weight=weight, reduction=reduction, label_smoothing=eps
    )
    assert mg.gradcheck(fn, x)
    assert mg.gradgradcheck(fn, x)


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
@pytest.mark.parametrize("weight,eps", [(None, 0.0), (W, 0.3)])
def test_probability_target_gradcheck_in_both_arguments(reduction, weight, eps):
    x = mg.Tensor(rng.standard_normal((2, 3, 2)), requires_grad=True)
    q = mg.Tensor(rng.uniform(0.1, 0.9, (2, 3, 2)), requires_grad=True)
    fn = lambda x, q: F.cross_entropy(  # noqa: E731
        x, q, weight=weight, reduction=reduction, label_smoothing=eps
    )
    assert mg.gradcheck(fn, (x, q))
    assert mg.gradgradcheck(fn, (x, q))


@pytest.mark.parametrize(
    "layout,reduction,weight", list(itertools.product(LAYOUTS, ["none", "mean", "sum"], [None, W]))
)
def test_nll_loss_gradcheck_and_gradgradcheck(layout, reduction, weight):
    x, y = LAYOUTS[layout]
    x = mg.Tensor(x, requires_grad=True)
    fn = lambda x: F.nll_loss(x, y, weight=weight, reduction=reduction)  # noqa: E731
    assert mg.gradcheck(fn, x)
    assert mg.gradgradcheck(fn, x)


@pytest.mark.parametrize("layout,reduction,weight,eps", OPTIONS)
def test_fused_agrees_with_composed(layout, reduction, weight, eps):
    x, y = LAYOUTS[layout]
    x = mg.Tensor(x, requires_grad=True)
    kwargs = dict(weight=weight, reduction=reduction, label_smoothing=eps)
    fused = F.cross_entropy(x, y, **kwargs)
    composed = F.composed.cross_entropy(x, y, **kwargs)
    assert fused.grad_fn.name == "CrossEntropy"
    np.testing.assert_allclose(fused.numpy(), composed.numpy(), rtol=1e-12, atol=1e-15)
    weights = rng.standard_normal(fused.shape)
    (g_fused,) = mg.grad((fused * weights).sum(), [x])
    (g_composed,) = mg.grad((composed * weights).sum(), [x])
    np.testing.assert_allclose(g_fused.numpy(), g_composed.numpy(), rtol=1e-10, atol=1e-14)


def test_fused_agrees_with_composed_for_probability_targets():
    x = mg.Tensor(rng.standard_normal((3, 4)), requires_grad=True)
    q = mg.Tensor(rng.dirichlet(np.ones(4), size=3), requires_grad=True)
    fused = F.cross_entropy(x, q, weight=np.arange(1.0, 5.0), label_smoothing=0.1)
    composed = F.composed.cross_entropy(x, q, weight=np.arange(1.0, 5.0), label_smoothing=0.1)
    np.testing.assert_allclose(fused.numpy(), composed.numpy(), rtol=1e-12)
    for a, b in zip(mg.grad(fused, [x, q]), mg.grad(composed, [x, q])):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-10, atol=1e-14)


# ---- stability and dtypes -----------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_extreme_logits_give_finite_loss_and_gradient(dtype):
    x = mg.Tensor(np.array([[1e4, -1e4, 0], [-1e4, 1e4, 1e4]], dtype=dtype), requires_grad=True)
    for target in (np.array([1, 0]), np.array([[0, 1, 0], [0.5, 0.25, 0.25]], dtype=dtype)):
        for eps in (0.0, 0.1):
            loss = F.cross_entropy(x, target, weight=W, label_smoothing=eps)
            (g,) = mg.grad(loss, [x])
            assert loss.dtype == dtype and g.dtype == dtype
            assert np.isfinite(loss.item()) and np.isfinite(g.numpy()).all()
    loss = F.cross_entropy(x, np.array([1, 0]), reduction="none")
    np.testing.assert_allclose(loss.numpy(), [2e4, 2e4 + np.log(2)], rtol=1e-6)
    (g,) = mg.grad(loss.sum(), [x])
    np.testing.assert_allclose(g.numpy(), [[1, -1, 0], [-1, 0.5, 0.5]], atol=1e-6)


def test_float32_stays_float32_for_every_option():
    x = mg.Tensor(rng.standard_normal((2, 3)).astype(np.float32), requires_grad=True)
    y = np.array([0, 2])
    for loss in (
        F.cross_entropy(x, y, weight=W, label_smoothing=0.1),
        F.cross_entropy(x, rng.dirichlet(np.ones(3), size=2)),  # float64 probabilities
        F.nll_loss(x, y, weight=W),
        F.cross_entropy(x.numpy().tolist(), y.tolist()),  # lists become float32
    ):
        assert loss.dtype == np.float32
    F.cross_entropy(x, y, weight=W).backward()
    assert x.grad.dtype == np.float32


def test_nothing_passed_in_is_modified():
    x, y = rng.standard_normal((3, 3)), np.array([1, -100, 2])
    q, w = rng.dirichlet(np.ones(3), size=3), W.copy()
    copies = [a.copy() for a in (x, y, q, w)]
    t = mg.Tensor(x, requires_grad=True)
    F.cross_entropy(t, y, weight=w, label_smoothing=0.2).backward()
    F.cross_entropy(x, q, weight=w, label_smoothing=0.2)
    F.nll_loss(x, y, weight=w)
    for a, b in zip((x, y, q, w), copies):
        np.testing.assert_array_equal(a, b)


# ---- bad input ------------------------------------------------------------------------
@pytest.mark.parametrize("fn", [F.cross_entropy, F.nll_loss])
def test_bad_class_indices(fn):
    x = np.zeros((2, 3))
    with pytest.raises(IndexError, match=rf"{fn.__name__}: target class index 3 .* 3 classes"):
        fn(x, np.array([0, 3]))
    with pytest.raises(IndexError, match="class index -1 is out of range"):
        fn(x, np.array([-1, 0]))
    with pytest.raises(TypeError, match=rf"{fn.__name__}: .*integers.*astype\(np.int64\)"):
        fn(x, np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match=r"batch size \(2.*batch size \(3"):
        fn(x, np.array([0, 1, 2]))
    with pytest.raises(ValueError, match=r"must have shape \(2, 4\).*got \(2, 5\)"):
        fn(np.zeros((2, 3, 4)), np.zeros((2, 5), dtype=np.int64))


@pytest.mark.parametrize("fn", [F.cross_entropy, F.nll_loss])
def test_class_index_dtypes_are_pytorchs(fn):
    # PyTorch takes int64 class indices, and uint8 ones for an input of 1 or 2 axes
    x = mg.tensor([[0.5, -1.0, 2.0], [1.0, 0.0, -0.5]])
    expected = fn(x, mg.tensor([2, 0])).item()
    u8 = mg.tensor(np.array([2, 0], dtype=np.uint8))
    assert fn(x, u8).item() == pytest.approx(expected)  # indices, not a mask
    assert fn(x[0], mg.tensor(np.array(2, dtype=np.uint8))).item() == pytest.approx(
        fn(x[0], mg.tensor(2)).item())
    for dtype in (np.int32, np.int16, np.int8):
        message = rf"{fn.__name__}: .*int64 \(or uint8\).*{dtype.__name__}"
        with pytest.raises(TypeError, match=message):
            fn(x, mg.tensor(np.array([2, 0], dtype=dtype)))
    x3 = mg.zeros(2, 3, 4)
    with pytest.raises(TypeError, match="int64 for an input of 3 or more axes.*uint8"):
        fn(x3, mg.tensor(np.zeros((2, 4), dtype=np.uint8)))
    assert fn(mg.zeros(0, 3, 4), mg.tensor(np.zeros((0, 4), dtype=np.uint8)),
              reduction="sum").item() == 0  # empty: PyTorch does not check


def test_probability_target_of_the_wrong_shape():
    with pytest.raises(ValueError, match=r"cross_entropy: .*probabilities.*\(2, 3\).*\(2, 4\)"):
        F.cross_entropy(np.zeros((2, 3)), np.full((2, 4), 0.25))


@pytest.mark.parametrize("fn", [F.cross_entropy, F.nll_loss])
def test_bad_weight_reduction_and_options(fn):
    x, y = np.zeros((2, 3)), np.array([0, 1])
    with pytest.raises(ValueError, match=rf"{fn.__name__}: weight has shape \(4,\).*3 classes"):
        fn(x, y, weight=np.ones(4))
    with pytest.raises(ValueError, match=r"reduction='avg'.*'none', 'mean', 'sum'"):
        fn(x, y, reduction="avg")
    with pytest.raises(ValueError, match="needs a class axis"):
        fn(np.zeros(()), np.array(0))
    with pytest.raises(TypeError, match="floating"):
        fn(np.zeros((2, 3), dtype=np.int64), y)
    with pytest.raises(ValueError, match="detach"):
        fn(x, y, weight=mg.Tensor(np.ones(3), requires_grad=True))


def test_label_smoothing_out_of_range():
    with pytest.raises(ValueError, match="label_smoothing must be .* between 0.0 and 1.0"):
        F.cross_entropy(np.zeros((2, 3)), np.array([0, 1]), label_smoothing=1.5)


def test_the_checks_moved_to_class_targets_stay_importable_from_classification():
    """class_targets.py took the argument checks out of classification.py (kept under 400
    lines); code that imported them from classification (composed.py) still can."""
    from minigrad.functional import class_targets, classification

    for name in ["class_axis_of", "class_weights", "is_probability_target", "index_target",
                 "check_ignore_index", "index_parts", "target_weights"]:
        assert getattr(classification, name) is getattr(class_targets, name)
    source = classification.__file__
    with open(source, encoding="utf-8") as file:
        assert len(file.readlines()) < 400
