"""Binary cross-entropy: the loss of a yes/no prediction (logistic regression).

For a Bernoulli target y in [0, 1] and a predicted probability p, the
cross-entropy between (1 - y, y) and (1 - p, p) is
    -(y log p + (1 - y) log(1 - p)),
which is also the negative log-likelihood of a coin with P(heads) = p: the
lecture's point that maximum likelihood and cross-entropy are the same loss.

`binary_cross_entropy` takes p directly; `binary_cross_entropy_with_logits`
takes the score x with p = sigmoid(x), and is the one to train with: it never
forms p, so it stays exact where sigmoid(x) rounds to 0 or 1.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..function import Function
from ..ops import either
from ..tensor import Tensor
from .reduction import check_reduction, mean_scale, reduce_array, spread
from .validation import (
    broadcast_constant,
    check_probabilities,
    float_input,
    float_target,
    promoted_floats,
)

LOG_FLOOR = -100.0  # PyTorch clamps log p at -100, so p = 0 gives a loss of 100, not inf
# and keeps p (1 - p) >= 1e-12 in the gradient: a float32 constant there, so 9.99999996e-13
GRAD_EPS = float(np.float32(1e-12))


def clamped_log(p: Any) -> Any:
    """max(log p, -100), as PyTorch clamps it; p is an array or a Tensor (see ops.either)."""
    with np.errstate(divide="ignore"):  # log 0 = -inf, then clamped
        return either.maximum(either.log(p), LOG_FLOOR)


# ---- the fused ops -------------------------------------------------------------
class BinaryCrossEntropy(Function):
    """loss = -w (y log p + (1 - y) log(1 - p)), each log clamped at -100 (as PyTorch).

    dloss/dp = w (p - y) / (p (1 - p)), with p (1 - p) kept >= 1e-12 so that
    p = 0 or 1 gives a large but finite gradient;
    dloss/dy = w (log(1 - p) - log p), with the logs not clamped (as in PyTorch:
    +-inf at p = 0 or 1).
    """

    @property
    def chain(self) -> tuple[str, ...]:  # the chain rule for mg.explain (see Function.chain)
        w = "" if self.params["weight"] is None else "w "
        return (f"loss = -{w}(y log p + (1 - y) log(1 - p)), then reduced",
                f"dloss/dp = {w}(p - y) / (p (1 - p)) / n",
                f"dloss/dy = {w}(log(1 - p) - log p) / n")

    def forward(
        self, p: np.ndarray, y: np.ndarray, weight: np.ndarray | None, reduction: str
    ) -> np.ndarray:
        self.scale = _mean_scale("binary_cross_entropy", reduction, p)  # kept for backward
        loss = -(y * clamped_log(p) + (1 - y) * clamped_log(1 - p))
        if weight is not None:
            loss = loss * weight
        return reduce_array(loss, reduction, self.scale, p.size == 0)

    def backward(self, g: Any) -> tuple[Any, Any]:
        p, y = self.saved_inputs()
        weight = self.params["weight"]
        g = spread(g, self.params["reduction"], p.shape, self.scale)
        if weight is not None:
            g = g * weight
        gp = gy = None
        if self.needs_input_grad[0]:
            gp = g * (p - y) / either.maximum(p * (1 - p), GRAD_EPS)
        if self.needs_input_grad[1]:
            with np.errstate(divide="ignore"):  # log 0 = -inf
                gy = g * (either.log(1 - p) - either.log(p))
        return gp, gy


class BCEWithLogits(Function):
    """Binary cross-entropy on scores x, with p = sigmoid(x) never formed.

    Since log p = -softplus(-x) and log(1 - p) = -x - softplus(-x), with
    softplus(z) = log(1 + e^z) computed stably as max(z, 0) + log(1 + e^-|z|):
        loss = w ((1 - y) x + l softplus(-x)),   l = 1 + (pos_weight - 1) y
    (l = 1 without pos_weight: loss = max(x, 0) - x y + log(1 + e^-|x|)).
    pos_weight > 1 counts every positive example more (recall over precision).

    dloss/dx = w ((1 - y) - l sigmoid(-x))     (= w (sigmoid(x) - y) when l = 1)
    dloss/dy = w (-x + (pos_weight - 1) softplus(-x))
    """

    @property
    def chain(self) -> tuple[str, ...]:  # the chain rule for mg.explain (see Function.chain)
        w = "" if self.params["weight"] is None else "w "
        if self.params["pos_weight"] is None:
            return (f"loss = {w}(max(x, 0) - x y + log(1 + e^-|x|)), then reduced",
                    f"dloss/dx = {w}(sigmoid(x) - y) / n",
                    f"dloss/dy = -{w}x / n")
        return (f"loss = {w}((1 - y) x + l softplus(-x)), l = 1 + (pos_weight - 1) y; reduced",
                f"dloss/dx = {w}((1 - y) - l sigmoid(-x)) / n",
                f"dloss/dy = {w}(-x + (pos_weight - 1) softplus(-x)) / n")

    def forward(
        self,
        x: np.ndarray,
        y: np.ndarray,
        weight: np.ndarray | None,
        pos_weight: np.ndarray | None,
        reduction: str,
    ) -> np.ndarray:
        scale = self.scale = _mean_scale("binary_cross_entropy_with_logits", reduction, x)
        empty = x.size == 0
        # inf - inf at a score of +-inf is NaN here; limits_at_infinity mends it below.
        with np.errstate(invalid="ignore"):
            # log(1 + e^-|x|), in one array: |x|, then -|x|, e^-|x| and the log in place
            loss = np.abs(x, out=np.empty(x.shape, x.dtype))  # out=: an array even for a 0-d x
            np.negative(loss, out=loss)
            np.exp(loss, out=loss)
            np.log1p(loss, out=loss)
            if pos_weight is None:
                # (1 - y) x + softplus(-x) = softplus(x) - x y = max(x, 0) + log(1 + e^-|x|) - x y:
                # two passes over the data fewer than the general form below.
                term = np.maximum(x, 0, out=np.empty(x.shape, x.dtype))
                loss += term
                np.multiply(x, y, out=term)  # the same scratch array again for x y
                loss -= term
            else:
                loss += np.maximum(-x, 0)  # softplus(-x) = max(-x, 0) + log(1 + e^-|x|)
                loss *= 1 + (pos_weight - 1) * y
                loss += (1 - y) * x
        if weight is not None:
            loss = loss * weight
        out = reduce_array(loss, reduction, scale, empty)
        # A NaN anywhere? (After a reduction it is one number: NaN is the only x != x.)
        if (out != out) if out.ndim == 0 else np.isnan(out).any():
            out = reduce_array(self.limits_at_infinity(loss, x, y), reduction, scale, empty)
        return out

    def limits_at_infinity(self, loss: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """The loss where a score is +-inf: the formulas above give inf - inf = NaN there.

        As x -> +inf the loss tends to (1 - y) * inf, as x -> -inf to pos_weight * y * inf;
        either is 0 where its factor is 0 (a certain score for the right class).
        """
        infinite = np.isinf(x)
        if not infinite.any():
            return loss  # the NaN came from the data itself: leave it
        weight, pos_weight = self.params["weight"], self.params["pos_weight"]
        pos = y if pos_weight is None else pos_weight * y
        factor = np.where(x > 0, 1 - y, pos)
        if weight is not None:
            factor = factor * weight
        with np.errstate(invalid="ignore"):
            limit = np.where(factor == 0, 0, factor * np.inf)
        return np.where(infinite, limit, loss).astype(loss.dtype, copy=False)

    def backward(self, g: Any) -> tuple[Any, Any]:
        x, y = self.saved_inputs()
        weight, pw = self.params["weight"], self.params["pos_weight"]
        g = spread(g, self.params["reduction"], x.shape, self.scale)
        if weight is not None:
            g = g * weight
        gx = gy = None
        if self.needs_input_grad[0]:
            if pw is None and not self.create_graph:
                # sigmoid(x) = (1 + tanh(x/2)) / 2: one fast vectorized tanh and three
                # in-place passes, where 1/(1+e^-x) needs an exp, a division and a select.
                # Its error is absolute (1 ulp of 1/2), which is all sigmoid(x) - y needs.
                gx = np.multiply(x, 0.5, out=np.empty(x.shape, x.dtype))
                np.tanh(gx, out=gx)
                gx *= 0.5
                gx += 0.5
                gx -= y
                gx *= g
            elif pw is None:
                gx = g * (either.sigmoid(x) - y)
            else:
                gx = g * ((1 - y) - (1 + (pw - 1) * y) * either.sigmoid(-x))
        if self.needs_input_grad[1]:
            gy = g * (-x if pw is None else (pw - 1) * either.softplus(-x) - x)
        return gx, gy


# ---- the functions users call ---------------------------------------------------
def _mean_scale(fn: str, reduction: str, x: np.ndarray) -> np.ndarray | None:
    """1 / (number of elements) for 'mean', else None."""
    return mean_scale(fn, x.size, x.dtype) if reduction == "mean" else None


@promoted_floats(("target", 1))
def binary_cross_entropy(
    input: Any, target: Any, weight: Any = None, reduction: str = "mean"
) -> Tensor:
    """-(y log p + (1 - y) log(1 - p)) for probabilities p = input and targets y in [0, 1].

    As in PyTorch, each log is clamped at -100, so p = 0 or 1 gives a finite
    loss. `weight` multiplies each element's loss and broadcasts to the input.
    For scores rather than probabilities use binary_cross_entropy_with_logits.
    """
    fn = "binary_cross_entropy"
    p = float_input(fn, input)
    reduction = check_reduction(fn, reduction)
    y = float_target(fn, target, p)
    hint = "; for raw scores (logits) use binary_cross_entropy_with_logits"
    check_probabilities(fn, p._data, "input", hint)
    check_probabilities(fn, y._data, "target")
    w = broadcast_constant(fn, weight, "weight", p)
    return BinaryCrossEntropy.apply(p, y, weight=w, reduction=reduction)


@promoted_floats()
def binary_cross_entropy_with_logits(
    input: Any,
    target: Any,
    weight: Any = None,
    pos_weight: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """binary_cross_entropy(sigmoid(input), target), computed stably from the scores.

    `pos_weight` multiplies the loss of the positive part (y log p) and
    broadcasts against the input (usually one value per class, shape (C,));
    `weight` multiplies each element's loss. Logits of +-1e4 give finite
    losses and gradients.
    """
    fn = "binary_cross_entropy_with_logits"
    x = float_input(fn, input)
    reduction = check_reduction(fn, reduction)
    y = float_target(fn, target, x)
    w = None if weight is None else broadcast_constant(fn, weight, "weight", x)
    pw = None if pos_weight is None else broadcast_constant(fn, pos_weight, "pos_weight", x)
    return BCEWithLogits.apply(x, y, weight=w, pos_weight=pw, reduction=reduction)

