"""The multi-class margin losses (functional/margin_losses_multi.py: multi_margin_loss,
multilabel_margin_loss, triplet_margin_with_distance_loss), pdist (functional/pdist.py) and
their modules (nn/margin_losses_multi.py).

Values and gradients are literals taken from PyTorch 2.13; gradients are checked in float64
(gradcheck and gradgradcheck) away from the hinges' kinks; float32 stays float32; every error
path raises. tests/parity/specs_losses_more2.py compares them with torch itself.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from op_strategies import check

import minigrad as mg
import minigrad.functional as F  # noqa: N812
from minigrad import nn
from minigrad.errors import DTypeError, ShapeError

X = np.array([[0.5, -1.0, 2.0, 0.25], [1.5, 0.25, -0.75, 1.0], [0.0, 0.3, 0.1, -0.4]])
Y = np.array([2, 0, 3])
W = np.array([1.0, 2.0, 0.5, 1.5])
YM = np.array([[2, 0, -1, 3], [1, 1, 3, -1], [-1, 2, 0, 0]])
P = np.array([[1.0, 0.5, -0.5, 0.0], [-1.0, 2.0, 0.0, 0.5], [0.2, 0.2, 0.2, 0.2]])
N = np.array([[0.0, 0.0, 1.0, 1.0], [1.5, 0.5, -0.5, 1.0], [0.1, 0.3, 0.1, -0.3]])


def values_and_grad(fn, *rest, **kwargs):
    """fn(X, *rest, reduction='none') and the gradient of the mean with respect to X."""
    leaf = mg.tensor(X, requires_grad=True)
    per_sample = fn(leaf, *rest, reduction="none", **kwargs)
    fn(leaf, *rest, **kwargs).backward()
    return per_sample.numpy().ravel(), leaf.grad.numpy().ravel()


def cosine_distance(a, b):
    return 1 - F.cosine_similarity(a, b, dim=-1)


# (name, function, arguments after X, keyword arguments, torch's values, torch's gradient)
LITERALS = [
    ("multi_margin_p1", F.multi_margin_loss, (mg.tensor(Y),), {}, [0.0, 0.125, 1.15],
     [0, 0, 0, 0, -0.0833333333, 0, 0, 0.0833333333, 0.0833333333, 0.0833333333,
      0.0833333333, -0.25]),
    ("multi_margin_p2_weight", F.multi_margin_loss, (mg.tensor(Y),),
     {"p": 2, "margin": 0.5, "weight": mg.tensor(W)}, [0.0, 0.0, 1.21875],
     [0, 0, 0, 0, 0, 0, 0, 0, 0.225, 0.3, 0.25, -0.775]),
    ("multilabel_margin", F.multilabel_margin_loss, (mg.tensor(YM),), {}, [0.1875, 1.5, 0.0],
     [-0.0833333333, 0, 0, 0.0833333333, 0.25, -0.1666666667, 0, -0.0833333333, 0, 0, 0, 0]),
    ("triplet_distance_swap", F.triplet_margin_with_distance_loss, (P, N),
     {"margin": 2.0, "swap": True}, [3.2915349404, 4.8284286961, 2.5066528934],
     [-0.1555243509, 0.0303311593, 0.081955581, 0.1771428536, 0.2618905495, 0.0523783939,
      0.1571349489, 0.0523774394, 0.1328336788, 0.0514327053, -0.0514363907, -0.072904513]),
    ("triplet_distance_cosine", F.triplet_margin_with_distance_loss, (P, N),
     {"distance_function": cosine_distance}, [2.0445144442, 2.0945935528, 1.9647638212],
     [-0.1508510653, 0.0064971688, 0.0302266685, 0.0858774582, 0.0638304888, -0.1276243227,
      0.0268972165, -0.0436667401, -0.1806838887, -0.2593942237, -0.3043715581,
      -0.2706385573]),
]


@pytest.mark.parametrize("case", LITERALS, ids=[c[0] for c in LITERALS])
def test_values_and_gradients_match_pytorch(case):
    _, fn, rest, kwargs, values, grad = case
    got_values, got_grad = values_and_grad(fn, *rest, **kwargs)
    np.testing.assert_allclose(got_values, values, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(got_grad, grad, rtol=1e-7, atol=1e-9)


PDIST = {  # p: torch's distances and the gradient of their sum
    2.0: ([3.2691742077, 2.443869882, 2.2214859892],
          [-0.1012941013, -0.9143027706, 1.618646491, 0.0365558732, 0.9811113501,
           0.3598520996, -1.2238177903, 0.8596245251, -0.8798172488, 0.554450671,
           -0.3948287007, -0.8961803983]),
    1.0: ([5.75, 4.35, 3.8], [0, -2, 2, 0, 2, 0, -2, 2, -2, 2, 0, -2]),
    3.0: ([2.8913685085, 2.1146090185, 1.8883170446],
          [-0.0637082968, -0.5648448564, 1.7119264535, 0.0272012083, 0.750621897,
           0.1862005324, -1.1072266465, 0.6169599224, -0.6869136002, 0.378644324,
           -0.6046998069, -0.6441611306]),
    np.inf: ([2.75, 1.9, 1.5], [0, 0, 2, 0, 1, 0, -1, 0, -1, 0, -1, 0]),
}


@pytest.mark.parametrize("p", list(PDIST))
def test_pdist_matches_pytorch(p):
    x = mg.tensor(X, requires_grad=True)
    d = F.pdist(x, p)
    d.sum().backward()
    np.testing.assert_allclose(d.numpy(), PDIST[p][0], rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(x.grad.numpy().ravel(), PDIST[p][1], rtol=1e-7, atol=1e-9)


def test_pdist_equal_rows_have_zero_gradient_and_p0_counts():
    x = mg.tensor([[1.0, 2.0], [1.0, 2.0], [0.0, 1.0]], requires_grad=True)
    F.pdist(x).sum().backward()  # torch: [[.7071, .7071], [.7071, .7071], [-1.414, -1.414]]
    np.testing.assert_allclose(x.grad.numpy(), [[0.5**0.5] * 2] * 2 + [[-(2**0.5)] * 2])
    x = mg.tensor([[1.0, 2.0], [1.0, 0.0], [0.0, 1.0]], requires_grad=True)
    d = F.pdist(x, 0)
    d.sum().backward()
    assert d.tolist() == [1.0, 2.0, 2.0] and x.grad.tolist() == [[0.0, 0.0]] * 3
    assert F.pdist(mg.zeros(0, 3)).shape == (0,)
    assert F.pdist(mg.zeros(1, 3)).shape == (0,) and F.pdist(mg.zeros(3, 0)).tolist() == [0.0] * 3


@pytest.mark.parametrize("p", [2.0, 1.5, 3.0])
def test_pdist_gradients(p):
    check(lambda x: F.pdist(x, p), X)


@pytest.mark.parametrize("p", [1, 2])
def test_multi_margin_gradients(p):
    # away from the hinges' kinks: every margin term is at least 0.05 from 0
    check(lambda x: F.multi_margin_loss(x, mg.tensor(Y), p=p, margin=0.7,
                                        weight=mg.tensor(W)), X)
    check(lambda x: F.multi_margin_loss(x, mg.tensor(1), p=p, reduction="sum"), X[0])


def test_multilabel_margin_and_triplet_gradients():
    shifted = X + 0.0137 * np.arange(12).reshape(3, 4)  # X has a term exactly at the kink
    check(lambda x: F.multilabel_margin_loss(x, mg.tensor(YM)), shifted)
    check(lambda a, p, n: F.triplet_margin_with_distance_loss(a, p, n, swap=True), X, P, N)
    check(lambda a, p, n: F.triplet_margin_with_distance_loss(
        a, p, n, distance_function=cosine_distance, reduction="sum"), X, P, N)


def test_gradient_at_the_kink_is_zero_as_pytorch():
    # margin - x[y] + x[j] = 0 exactly: PyTorch's kernel counts only terms > 0
    x = mg.tensor([[1.0, 0.0]], requires_grad=True)
    F.multi_margin_loss(x, mg.tensor([0])).backward()
    assert x.grad.tolist() == [[0.0, 0.0]]
    x = mg.tensor([[1.0, 0.0]], requires_grad=True)
    F.multilabel_margin_loss(x, mg.tensor([[0, -1]])).backward()
    assert x.grad.tolist() == [[0.0, 0.0]]


def test_single_samples_and_reduction_shapes():
    x = mg.tensor(X[0])
    assert F.multi_margin_loss(x, mg.tensor(2), reduction="none").shape == ()
    assert F.multi_margin_loss(x, mg.tensor([2]), reduction="none").shape == (1,)
    assert F.multi_margin_loss(mg.tensor(0.3), mg.tensor(0)).item() == 0.0
    assert F.multilabel_margin_loss(x, mg.tensor(YM[0]), reduction="none").shape == ()
    assert F.multilabel_margin_loss(mg.tensor(X), mg.tensor(YM), reduction="sum").item() == \
        pytest.approx(1.6875)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        empty = F.multi_margin_loss(mg.zeros(0, 4), mg.zeros(0, dtype=mg.long))
    assert np.isnan(empty.item())
    assert F.multilabel_margin_loss(mg.zeros(0, 4), mg.zeros(0, 4, dtype=mg.long),
                                    reduction="sum").item() == 0.0


def test_float32_stays_float32():
    x = mg.tensor(X.astype(np.float32), requires_grad=True)
    for loss in (F.multi_margin_loss(x, mg.tensor(Y), margin=0.5),
                 F.multi_margin_loss(x, mg.tensor(Y), weight=mg.tensor(W, dtype=mg.float32)),
                 F.multilabel_margin_loss(x, mg.tensor(YM)),
                 F.triplet_margin_with_distance_loss(x, x * 2, x * 3, margin=0.5),
                 F.pdist(x), F.pdist(x, 3)):
        assert loss.dtype == np.float32
        loss.sum().backward()
        assert x.grad.dtype == np.float32


def test_modules():
    x, y = mg.tensor(X), mg.tensor(Y)
    loss = nn.MultiMarginLoss(p=2, margin=0.5, weight=mg.tensor(W))
    assert loss(x, y).item() == pytest.approx(1.21875 / 3)
    assert nn.MultiMarginLoss(reduction="sum")(x, y).item() == pytest.approx(1.275)
    assert nn.MultiLabelMarginLoss(reduction="none")(x, mg.tensor(YM)).tolist() == \
        pytest.approx([0.1875, 1.5, 0.0])
    triplet = nn.TripletMarginWithDistanceLoss(margin=2.0, swap=True, reduction="none")
    assert triplet(x, mg.tensor(P), mg.tensor(N)).tolist() == \
        pytest.approx([3.2915349404, 4.8284286961, 2.5066528934])
    assert repr(nn.TripletMarginWithDistanceLoss()) == \
        "TripletMarginWithDistanceLoss(\n  (distance_function): PairwiseDistance()\n)"
    custom = nn.TripletMarginWithDistanceLoss(distance_function=cosine_distance)
    assert custom(x, mg.tensor(P), mg.tensor(N)).item() == pytest.approx(
        (2.0445144442 + 2.0945935528 + 1.9647638212) / 3)
    assert repr(nn.MultiMarginLoss()) == "MultiMarginLoss()"
    with pytest.raises(ValueError, match="only p == 1 and p == 2"):
        nn.MultiMarginLoss(p=3)
    with pytest.raises(ValueError, match="greater than 0"):
        nn.TripletMarginWithDistanceLoss(margin=0)


def test_errors():
    x, y = mg.tensor(X), mg.tensor(Y)
    with pytest.raises(ValueError, match="only p == 1 and p == 2"):
        F.multi_margin_loss(x, y, p=3)
    with pytest.raises(DTypeError, match="int64"):
        F.multi_margin_loss(x, y.astype(np.int32))
    with pytest.raises(DTypeError, match="int64"):
        F.multi_margin_loss(x, y.astype(np.float64))
    with pytest.raises(DTypeError, match="float32 or float64"):
        F.multi_margin_loss(x.long(), y)
    with pytest.raises(DTypeError, match="float32 or float64"):
        F.multilabel_margin_loss(x.astype(np.float16), mg.tensor(YM))
    with pytest.raises(IndexError, match="out of range"):
        F.multi_margin_loss(x, mg.tensor([0, 2, 4]))
    with pytest.raises(IndexError, match="out of range"):
        F.multi_margin_loss(x, mg.tensor([0, -1, 1]))
    with pytest.raises(ShapeError, match=r"target of shape \(3,\)"):
        F.multi_margin_loss(x, y[:2])
    with pytest.raises(ShapeError, match="non-empty"):
        F.multi_margin_loss(x[None], y)
    with pytest.raises(ShapeError, match="non-empty"):
        F.multi_margin_loss(mg.zeros(2, 0), mg.tensor([0, 0]))
    with pytest.raises(ValueError, match="one-dimensional"):
        F.multi_margin_loss(x, y, weight=mg.ones(4, 1, dtype=mg.float64))
    with pytest.raises(ShapeError, match="weight size"):
        F.multi_margin_loss(x, y, weight=mg.ones(3, dtype=mg.float64))
    with pytest.raises(DTypeError, match="weight"):
        F.multi_margin_loss(x, y, weight=mg.ones(4))
    with pytest.raises(TypeError, match="margin"):
        F.multi_margin_loss(x, y, margin="1")
    with pytest.raises(ValueError, match="reduction"):
        F.multi_margin_loss(x, y, reduction="avg")
    with pytest.raises(ShapeError, match="inconsistent target size"):
        F.multilabel_margin_loss(x, mg.tensor(YM[:, :3]))
    with pytest.raises(IndexError, match="out of range"):
        F.multilabel_margin_loss(x, mg.tensor(np.where(YM == 3, 4, YM)))
    with pytest.raises(IndexError, match="out of range"):
        F.multilabel_margin_loss(x, mg.tensor(np.where(YM == -1, -2, YM)))
    with pytest.raises(DTypeError, match="int64"):
        F.multilabel_margin_loss(x, mg.tensor(YM.astype(np.float64)))
    with pytest.raises(ValueError, match="greater than 0"):
        F.triplet_margin_with_distance_loss(x, x, x, margin=0)
    with pytest.raises(ShapeError, match="same number of dimensions"):
        F.triplet_margin_with_distance_loss(x, x, x[0])
    with pytest.raises(TypeError, match="distance_function"):
        F.triplet_margin_with_distance_loss(x, x, x, distance_function=3)
    with pytest.raises(ShapeError, match="2D"):
        F.pdist(x[0])
    with pytest.raises(DTypeError, match="floating"):
        F.pdist(x.long())
    with pytest.raises(ValueError, match="non-negative"):
        F.pdist(x, -1)
