"""The lecture's definitions, on probability distributions: information,
entropy, cross-entropy, and the KL divergence between them.

* information of an event with probability p: -log p. Rare events carry more
  information, and the information of two independent events adds up, because
  log turns P(x) P(y) into log P(x) + log P(y).
* entropy of a distribution p: the expected information,
  H(p) = -sum_x p(x) log p(x).
* cross-entropy of q relative to p: the same expectation under p, but of the
  information measured with q, H(p, q) = -sum_x p(x) log q(x). It is smallest
  (equal to H(p)) when q = p, which is why it works as a loss.
* KL divergence: the gap, KL(p || q) = H(p, q) - H(p) = sum_x p log(p / q) >= 0.

By convention 0 log 0 = 0: an outcome with p(x) = 0 adds nothing. These are
composed from primitive ops, so their gradients come from the ops' backward.
Logs are natural (units of nats); divide by log 2 for bits.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ..errors import ShapeError, shape_str, user_stacklevel
from ..function import Function
from ..ops import either
from ..ops.arguments import normalize_axis, torch_aliases
from ..ops.either import raw
from ..ops.elementwise import exp, log, where
from ..tensor import Tensor
from .reduction import check_reduction, reduce_tensor
from .validation import check_probabilities, float_input, float_target, promoted_floats


def _probabilities(fn: str, p: Any, what: str) -> Tensor:
    tensor = float_input(fn, p, what)
    check_probabilities(fn, tensor._data, what)
    return tensor


def _log_where_positive(mask: np.ndarray, value: Tensor) -> Tensor:
    """log(value) where `mask` holds, 0 elsewhere, with no -inf or NaN anywhere.

    log is taken of `where(mask, value, 1)`, and log 1 = 0; the gradient is
    0 where the mask is false, as the convention 0 log 0 = 0 needs.
    """
    one = np.ones((), dtype=value.dtype)
    return log(where(mask, value, one))


class XLogX(Function):
    """z = t log t, with 0 log 0 = 0 (its limit): kl_div's t log t term.

    dz/dt = log t + 1 for t > 0. At t = 0 it is NaN here, as in PyTorch (whose
    xlogy(t, t) differentiates to 0 + t / t = 0 / 0 there).
    """

    def forward(self, t: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):  # log 0, then 0 * -inf: masked
            return np.where(t > 0, t * np.log(t), t.dtype.type(0))

    def backward(self, g: Any) -> Any:
        (t,) = self.saved_inputs()
        with np.errstate(divide="ignore"):  # log 0, masked
            return either.where(raw(t) == 0, np.nan, g * (either.log(t) + 1))


def information(p: Any) -> Tensor:
    """-log p: the information (surprise) of an event of probability p, elementwise.

    information(0.5) = log 2 (one bit, in nats); information(1) = 0;
    information(0) = inf (an impossible event).
    """
    p = _probabilities("information", p, "p")
    with np.errstate(divide="ignore"):
        return 0.0 - log(p)  # not -log(p): a certain event has information 0, not -0


def entropy(p: Any, axis: int = -1, **torch_names: Any) -> Tensor:
    """H(p) = -sum p log p along `axis` (the distribution's axis), with 0 log 0 = 0.

    The entropy of a fair coin [0.5, 0.5] is log 2; of a certain outcome, 0.
    """
    fn = "entropy"
    p = _probabilities(fn, p, "p")
    axis, _ = torch_aliases(fn, axis, False, torch_names)
    axes = normalize_axis(axis, p.ndim, fn)
    return 0.0 - (p * _log_where_positive(p._data > 0, p)).sum(axis=axes)  # 0, never -0


def cross_entropy_between(p: Any, q: Any, axis: int = -1, **torch_names: Any) -> Tensor:
    """H(p, q) = -sum p log q along `axis`: the cross-entropy of q relative to p.

    p and q are distributions of the same shape. Outcomes with p = 0 add 0
    (even where q = 0); where p > 0 and q = 0 the result is inf, rightly: q
    calls impossible something that happens.
    """
    fn = "cross_entropy_between"
    p = _probabilities(fn, p, "p")
    q = _probabilities(fn, q, "q")
    if q.shape != p.shape:
        raise ShapeError(
            f"{fn}: p has shape {shape_str(p.shape)} but q has shape {shape_str(q.shape)}; "
            "they must be distributions over the same outcomes (the same shape)"
        )
    if q.dtype != p.dtype:
        q = q.astype(p.dtype)
    axis, _ = torch_aliases(fn, axis, False, torch_names)
    axes = normalize_axis(axis, p.ndim, fn)
    with np.errstate(divide="ignore"):
        return -(p * _log_where_positive(p._data > 0, q)).sum(axis=axes)


@promoted_floats()
def kl_div(
    input: Any, target: Any, reduction: str = "mean", log_target: bool = False
) -> Tensor:
    """KL(target || exp(input)) as torch.nn.functional.kl_div: input holds log-probabilities.

    Elementwise target * (log target - input) (with 0 log 0 = 0), or, with
    log_target=True, exp(target) * (target - input). reduction='batchmean'
    divides the sum by the batch size input.shape[0], which gives the true
    KL divergence per sample; 'mean' divides by the number of elements.
    """
    fn = "kl_div"
    x = float_input(fn, input)
    reduction = check_reduction(fn, reduction, ("none", "batchmean", "mean", "sum"))
    t = float_target(fn, target, x)
    if log_target:
        pointwise = exp(t) * (t - x)
    else:
        if (raw(t) < 0).any():
            raise ValueError(
                f"{fn}: the target holds probabilities and must be >= 0, but it has the value "
                f"{raw(t)[raw(t) < 0].flat[0]}; if it holds log-probabilities, pass "
                "log_target=True"
            )
        pointwise = XLogX.apply(t) - t * x  # t (log t - x), with 0 log 0 = 0
    if reduction == "batchmean":
        return reduce_tensor(fn, pointwise, "mean", divisor=x.shape[0] if x.ndim else 1)
    if reduction == "mean":
        warnings.warn(
            f"{fn}: reduction='mean' divides by the number of elements (batch size times "
            "number of classes), which is not the KL divergence; reduction='batchmean' "
            "divides by the batch size and gives it",
            UserWarning,
            stacklevel=user_stacklevel(),
        )
    return reduce_tensor(fn, pointwise, reduction)
