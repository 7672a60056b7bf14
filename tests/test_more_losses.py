"""The losses of functional/margin_losses.py and functional/likelihood_losses.py, and their
modules (nn/more_losses.py): margin ranking, hinge embedding, soft margin, multilabel soft
margin, cosine embedding, triplet margin, Poisson and Gaussian NLL, KLDivLoss, and
pairwise_distance with nn.PairwiseDistance and nn.CosineSimilarity.

Values and gradients are literals taken from PyTorch 2.13; gradients are checked in float64
(gradcheck and gradgradcheck) where the losses are smooth; float32 stays float32; every
error path raises. tests/parity compares them with torch itself.
"""

from __future__ import annotations

import numpy as np
import pytest
from op_strategies import check

import minigrad as mg
import minigrad.functional as F  # noqa: N812
from minigrad import nn
from minigrad.errors import DTypeError, ShapeError

X1 = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]])
X2 = np.array([[1.0, 0.5, -0.5], [-1.0, 2.0, 0.0]])
X3 = np.array([[0.0, 0.0, 1.0], [1.5, 0.5, -0.5]])
Y = np.array([[1.0, -1.0, 1.0], [-1.0, 1.0, 1.0]])
COUNTS = np.array([[0.0, 1.0, 2.0], [3.0, 5.0, 1.0]])


def values_and_grad(fn, x, *rest, **kwargs):
    """fn(x, *rest, reduction='none') and the gradient of the mean with respect to x."""
    leaf = mg.tensor(x, requires_grad=True)
    per_element = fn(leaf, *rest, reduction="none", **kwargs)
    fn(leaf, *rest, **kwargs).backward()
    return per_element.numpy().ravel(), leaf.grad.numpy().ravel()


# (name, function, arguments after the input, input, keyword arguments, torch's values,
#  torch's gradient of the mean)
LITERALS = [
    ("margin_ranking", F.margin_ranking_loss, (X2, Y), X1, {"margin": 0.5},
     [1.0, 0.0, 0.0, 3.0, 2.25, 1.25],
     [-0.1666666667, 0.0, 0.0, 0.1666666667, -0.1666666667, -0.1666666667]),
    ("hinge_embedding", F.hinge_embedding_loss, (Y,), np.abs(X1), {"margin": 1.2},
     [0.5, 0.2, 2.0, 0.0, 0.25, 0.75],
     [0.1666666667, -0.1666666667, 0.1666666667, 0.0, 0.1666666667, 0.1666666667]),
    ("soft_margin", F.soft_margin_loss, (Y,), X1, {},
     [0.4740769842, 0.3132616875, 0.126928011, 1.701413278, 0.5759394199, 1.1368710061],
     [-0.0629234448, 0.0448235702, -0.0198671537, 0.1362624127, -0.0729705832,
      -0.1131964499]),
    ("multilabel_soft_margin", F.multilabel_soft_margin_loss, ((Y > 0) * 1.0,), X1,
     {"weight": np.array([1.0, 2.0, 0.5])}, [0.3880214549, 1.1405758736],
     [-0.0629234448, 0.0896471405, -0.0099335768, 0.1362624127, -0.1459411664,
      -0.0565982249]),
    ("cosine_embedding", F.cosine_embedding_loss, (X2, np.array([1.0, -1.0])), X1,
     {"margin": -0.5}, [1.3563483225, 0.2362478106],
     [-0.195143129, -0.0551491452, 0.0212112097, -0.0630711757, 0.2752196759,
      -0.0344024595]),
    ("triplet_p1_swap", F.triplet_margin_loss, (X2, X3), X1,
     {"margin": 2.0, "p": 1, "swap": True}, [3.999998, 6.5], [-1.0, 0, 0, 0, 0, 0]),
    ("poisson", F.poisson_nll_loss, (COUNTS,), X1, {},
     [1.6487212707, 1.3678794412, 3.3890560989, -0.0183109297, 0.0340254167, 1.2223665527],
     [0.2747868785, -0.1053534265, 0.8981760165, 0.2469481784, -0.6193290972,
      -0.0879389079]),
]


@pytest.mark.parametrize("case", LITERALS, ids=[c[0] for c in LITERALS])
def test_values_and_gradients_as_torch(case):
    _, fn, rest, x, kwargs, expected, grad = case
    values, g = values_and_grad(fn, x, *rest, **kwargs)
    np.testing.assert_allclose(values, expected, rtol=1e-8, atol=1e-9)
    np.testing.assert_allclose(g, grad, rtol=1e-8, atol=1e-9)


def test_more_literals_from_torch():
    trip = F.triplet_margin_loss(X1, X2, X3, margin=2.0, reduction="none")
    np.testing.assert_allclose(trip.numpy(), [3.4580397272, 4.7888992961], rtol=1e-9)
    full = F.poisson_nll_loss(X1, COUNTS, full=True, reduction="none")
    np.testing.assert_allclose(full.numpy().ravel(), [1.6487212707, 1.3678794412, 4.0408625835,
                                                      1.7457706139, 4.8048724683, 1.2223665527])
    rate = F.poisson_nll_loss(np.abs(X1), COUNTS, log_input=False, reduction="none")
    np.testing.assert_allclose(rate.numpy().ravel(), [0.5, 0.99999999, 0.6137056289,
                                                      0.2836046557, 7.1814716056, 1.0376820591])
    pd = F.pairwise_distance(mg.tensor(X1), mg.tensor(X2))
    np.testing.assert_allclose(pd.numpy(), [2.9580400606, 3.1424512725])
    pd1 = nn.PairwiseDistance(p=1.0, eps=0.1, keepdim=True)(mg.tensor(X1), mg.tensor(X2))
    assert pd1.shape == (2, 1)
    np.testing.assert_allclose(pd1.numpy().ravel(), [4.4, 4.9])


def test_gaussian_nll_values_and_gradients_as_torch():
    x = mg.tensor(X1, requires_grad=True)
    var = mg.tensor([[0.5], [2.0]], requires_grad=True)  # one variance per row
    per_element = F.gaussian_nll_loss(x, X2, var, reduction="none")
    np.testing.assert_allclose(per_element.numpy().ravel(), [
        -0.0965735903, 1.9034264097, 5.9034264097, 1.9090735903, 1.1121985903, 0.4871985903])
    F.gaussian_nll_loss(x, X2, var, full=True).backward()
    np.testing.assert_allclose(x.grad.numpy().ravel(), [
        -0.1666666667, -0.5, 0.8333333333, 0.2083333333, -0.1458333333, -0.0625])
    np.testing.assert_allclose(var.grad.numpy().ravel(), [-2.4166666667, -0.0807291667])
    full = nn.GaussianNLLLoss(full=True)(mg.tensor(X1), mg.tensor(X2), mg.tensor([[0.5], [2.0]]))
    assert full.item() == pytest.approx(2.7887301999)


def test_gaussian_nll_accepts_the_var_shapes_torch_accepts():
    x, y = mg.tensor(X1), mg.tensor(X2)
    same = F.gaussian_nll_loss(x, y, mg.full((2, 3), 0.5))
    assert F.gaussian_nll_loss(x, y, 0.5).item() == pytest.approx(same.item())
    assert F.gaussian_nll_loss(x, y, mg.full((2,), 0.5)).item() == pytest.approx(same.item())
    assert F.gaussian_nll_loss(x, y, mg.full((1, 3), 0.5)).item() == pytest.approx(same.item())
    for bad in [mg.full((3,), 0.5), mg.full((2, 2), 0.5), mg.full((1, 1), 0.5)]:
        with pytest.raises(ShapeError, match="var is of incorrect size"):
            F.gaussian_nll_loss(x, y, bad)
    for negative in [-0.5, mg.tensor([[0.5, -1.0, 1.0]] * 2)]:
        with pytest.raises(ValueError, match="negative"):
            F.gaussian_nll_loss(x, y, negative)
    # var below eps is raised to eps outside the graph: the gradient is log var's own
    v = mg.tensor([[0.0], [1e-9]], requires_grad=True)
    F.gaussian_nll_loss(x, y, v).backward()
    assert np.isfinite(v.grad.numpy()).all()


def test_kl_div_loss_module_wraps_kl_div():
    logp = mg.tensor([[-1.0, -2.0]])
    q = mg.tensor([[0.3, 0.7]])
    assert nn.KLDivLoss(reduction="batchmean")(logp, q).item() == pytest.approx(1.0891356468)
    logq = q.log()
    assert nn.KLDivLoss(reduction="sum", log_target=True)(logp, logq).item() == pytest.approx(
        1.0891356468, rel=1e-6)
    assert repr(nn.KLDivLoss()) == "KLDivLoss()"
    with pytest.raises(ValueError, match="batchmean"):
        nn.KLDivLoss(reduction="average")


def test_reprs_match_torch():
    for module in [nn.MarginRankingLoss(), nn.HingeEmbeddingLoss(), nn.SoftMarginLoss(),
                   nn.MultiLabelSoftMarginLoss(), nn.CosineEmbeddingLoss(),
                   nn.TripletMarginLoss(), nn.PoissonNLLLoss(), nn.GaussianNLLLoss(),
                   nn.PairwiseDistance(), nn.CosineSimilarity()]:
        assert repr(module) == f"{type(module).__name__}()"


def test_modules_call_their_functions():
    a, b, c = (mg.tensor(v) for v in (X1, X2, X3))
    y, y1 = mg.tensor(Y), mg.tensor([1.0, -1.0])
    pairs = [
        (nn.MarginRankingLoss(margin=0.5, reduction="sum")(a, b, y),
         F.margin_ranking_loss(a, b, y, margin=0.5, reduction="sum")),
        (nn.HingeEmbeddingLoss(margin=2.0)(a, y), F.hinge_embedding_loss(a, y, margin=2.0)),
        (nn.SoftMarginLoss()(a, y), F.soft_margin_loss(a, y)),
        (nn.MultiLabelSoftMarginLoss(weight=mg.tensor([1.0, 2.0, 3.0]))(a, y > 0),
         F.multilabel_soft_margin_loss(a, y > 0, weight=mg.tensor([1.0, 2.0, 3.0]))),
        (nn.CosineEmbeddingLoss(margin=0.1)(a, b, y1), F.cosine_embedding_loss(a, b, y1, 0.1)),
        (nn.TripletMarginLoss(p=3, swap=True)(a, b, c),
         F.triplet_margin_loss(a, b, c, p=3, swap=True)),
        (nn.PoissonNLLLoss(log_input=False, full=True)(a.abs(), mg.tensor(COUNTS)),
         F.poisson_nll_loss(a.abs(), mg.tensor(COUNTS), log_input=False, full=True)),
        (nn.CosineSimilarity(dim=0)(a, b), F.cosine_similarity(a, b, dim=0)),
    ]
    for got, expected in pairs:
        np.testing.assert_array_equal(got.numpy(), expected.numpy())


SMOOTH = [
    ("margin_ranking", lambda a, b: F.margin_ranking_loss(a, b, mg.tensor(Y), margin=0.3)),
    ("soft_margin", lambda a: F.soft_margin_loss(a, mg.tensor(Y), reduction="sum")),
    ("multilabel", lambda a: F.multilabel_soft_margin_loss(a, mg.tensor(Y > 0),
                                                           reduction="none")),
    ("cosine", lambda a, b: F.cosine_embedding_loss(a, b, mg.tensor([1.0, -1.0]),
                                                   margin=-0.5)),
    ("triplet", lambda a, b, c: F.triplet_margin_loss(a, b, c, margin=2.0, p=3)),
    ("triplet_swap", lambda a, b, c: F.triplet_margin_loss(a, b, c, margin=2.0, swap=True)),
    ("poisson", lambda a, t: F.poisson_nll_loss(a, t)),
    ("poisson_full_rate", lambda a, t: F.poisson_nll_loss(a * a + 0.5, t, log_input=False,
                                                          full=True, reduction="sum")),
    ("gaussian", lambda a, b, v: F.gaussian_nll_loss(a, b, v * v + 0.5, full=True)),
    ("gaussian_row_var", lambda a, b, v: F.gaussian_nll_loss(a, b, v[:, :1] * v[:, :1] + 0.5)),
    ("pairwise", lambda a, b: F.pairwise_distance(a, b, keepdim=True)),
]


@pytest.mark.parametrize("case", SMOOTH, ids=[c[0] for c in SMOOTH])
def test_float64_gradients(case):
    _, fn = case
    rng = np.random.default_rng(3)
    n = fn.__code__.co_argcount
    arrays = [rng.uniform(-2, 2, (2, 3)) for _ in range(n)]
    if case[0].startswith("poisson"):
        arrays[1] = np.array([[0.0, 0.5, 2.0], [3.0, 1.5, 4.0]])  # 0 included; 1 is a kink (full)
    check(fn, *arrays)


def test_hinge_embedding_gradient_away_from_the_kink():
    check(lambda a: F.hinge_embedding_loss(a, mg.tensor(Y), margin=3.0),
          np.array([[0.5, 1.0, 2.0], [1.5, 0.25, 0.75]]))


def test_zero_d_and_one_d():
    assert F.soft_margin_loss(mg.tensor(2.0), mg.tensor(-1.0), reduction="none").shape == ()
    assert F.multilabel_soft_margin_loss(mg.tensor(X1[0]), mg.tensor(Y[0] > 0)).shape == ()
    check(lambda a: F.cosine_embedding_loss(a, mg.tensor(X2[0]), mg.tensor(-1.0), -0.9),
          X1[0])
    check(lambda a: F.triplet_margin_loss(a, mg.tensor(X2[0]), mg.tensor(X3[0]), 3.0), X1[0])


def test_extreme_inputs_give_finite_losses_and_gradients():
    big = mg.tensor([-1e4, 1e4, 0.0], requires_grad=True)
    ones = mg.tensor([1.0, 1.0, 1.0])
    # soft margin as softplus(-y x): 1e4 where PyTorch's log1p(exp(1e4)) is inf
    loss = F.soft_margin_loss(big, ones, reduction="none")
    np.testing.assert_allclose(loss.numpy(), [1e4, 0.0, np.log(2)])
    loss.sum().backward()
    np.testing.assert_allclose(big.grad.numpy(), [-1.0, 0.0, -0.5])
    for fn in [lambda x: F.multilabel_soft_margin_loss(x, ones),
               lambda x: F.margin_ranking_loss(x, -x, ones, margin=1.0),
               lambda x: F.hinge_embedding_loss(x, -ones),
               lambda x: F.gaussian_nll_loss(x, ones, 1.0)]:
        x = mg.tensor([-1e4, 1e4, 0.0], requires_grad=True)
        out = fn(x)
        out.backward()
        assert np.isfinite(out.item()) and np.isfinite(x.grad.numpy()).all()
    a = mg.tensor([[1e4, -1e4, 3.0]], requires_grad=True)
    out = F.cosine_embedding_loss(a, mg.tensor([[-1e4, 1e4, 1.0]]), mg.tensor([1.0]))
    out.backward()
    assert np.isfinite(out.item()) and np.isfinite(a.grad.numpy()).all()
    out = F.triplet_margin_loss(a, a * 0, a * 2)
    assert np.isfinite(out.item())


def test_float32_stays_float32():
    a32, b32, c32 = (mg.tensor(v.astype(np.float32), requires_grad=True) for v in (X1, X2, X3))
    y32 = mg.tensor(Y.astype(np.float32))
    outs = [F.margin_ranking_loss(a32, b32, y32), F.hinge_embedding_loss(a32, y32),
            F.soft_margin_loss(a32, y32), F.multilabel_soft_margin_loss(a32, y32 > 0),
            F.cosine_embedding_loss(a32, b32, mg.tensor([1.0, -1.0], dtype=mg.float32)),
            F.triplet_margin_loss(a32, b32, c32), F.poisson_nll_loss(a32, y32.abs(), full=True),
            F.gaussian_nll_loss(a32, b32, 0.5, full=True), F.pairwise_distance(a32, b32)]
    for out in outs:
        assert out.dtype == mg.float32
        out.sum().backward()
    assert a32.grad.dtype == mg.float32
    # an integer target takes the input's dtype
    assert F.soft_margin_loss(a32, mg.tensor(Y.astype(np.int64))).dtype == mg.float32
    # mixed floats promote, as in PyTorch
    assert F.soft_margin_loss(a32, mg.tensor(Y)).dtype == mg.float64


def test_errors():
    a, b, c = (mg.tensor(v) for v in (X1, X2, X3))
    y = mg.tensor(Y)
    with pytest.raises(ShapeError, match="margin_ranking_loss: the shapes must be the same"):
        F.margin_ranking_loss(a, b, y[0])
    with pytest.raises(ShapeError, match="hinge_embedding_loss"):
        F.hinge_embedding_loss(a, y[:, :2])
    with pytest.raises(ShapeError, match="soft_margin_loss"):
        F.soft_margin_loss(a, y.reshape(3, 2))
    with pytest.raises(ShapeError, match="multilabel_soft_margin_loss"):
        F.multilabel_soft_margin_loss(a, y[0])
    with pytest.raises(ShapeError, match="weight"):
        F.multilabel_soft_margin_loss(a, y, weight=mg.ones(2))
    with pytest.raises(ShapeError, match="cosine_embedding_loss"):
        F.cosine_embedding_loss(a, b, y)  # target (N, D)
    with pytest.raises(ShapeError, match="cosine_embedding_loss"):
        F.cosine_embedding_loss(a, b[:, :2], mg.tensor([1.0, 1.0]))
    with pytest.raises(ShapeError, match="triplet_margin_loss"):
        F.triplet_margin_loss(a, b, c[0])
    with pytest.raises(ShapeError, match="triplet_margin_loss"):
        F.triplet_margin_loss(a[None], b[None], c[None])
    for margin in (0.0, -1.0):
        with pytest.raises(ValueError, match="margin must be greater than 0"):
            F.triplet_margin_loss(a, b, c, margin=margin)
    with pytest.raises(ShapeError, match="poisson_nll_loss"):
        F.poisson_nll_loss(a, y[0])
    with pytest.raises(ShapeError, match="gaussian_nll_loss"):
        F.gaussian_nll_loss(a, y[0], 1.0)
    with pytest.raises(ShapeError, match="pairwise_distance"):
        F.pairwise_distance(a, mg.ones(2))
    for call in [lambda r: F.margin_ranking_loss(a, b, y, reduction=r),
                 lambda r: F.hinge_embedding_loss(a, y, reduction=r),
                 lambda r: F.soft_margin_loss(a, y, reduction=r),
                 lambda r: F.multilabel_soft_margin_loss(a, y, reduction=r),
                 lambda r: F.cosine_embedding_loss(a, b, mg.ones(2), reduction=r),
                 lambda r: F.triplet_margin_loss(a, b, c, reduction=r),
                 lambda r: F.poisson_nll_loss(a, y, reduction=r),
                 lambda r: F.gaussian_nll_loss(a, b, 1.0, reduction=r)]:
        with pytest.raises(ValueError, match="reduction='batchmean' is not a valid value"):
            call("batchmean")
    for module in (nn.SoftMarginLoss, nn.PoissonNLLLoss, nn.GaussianNLLLoss):
        with pytest.raises(ValueError, match="reduction"):
            module(reduction="avg")
    with pytest.raises(DTypeError, match="floating-point"):
        F.soft_margin_loss(mg.tensor([1, 2]), mg.tensor([1, -1]))
    with pytest.raises(TypeError, match="margin must be a number"):
        F.margin_ranking_loss(a, b, y, margin="1")


def test_inputs_are_not_modified():
    v = np.array([[0.0], [1e-9]])
    before = v.copy()
    F.gaussian_nll_loss(X1, X2, v)
    np.testing.assert_array_equal(v, before)
