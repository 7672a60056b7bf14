"""mse_loss: the squared error of the perceptron and of linear regression.

The lecture starts here: E = 1/2 sum_d (y_d - yhat_d)^2. PyTorch's mse_loss
(and ours) leaves out the 1/2 and, with reduction='mean', divides by the
number of elements: mean((input - target)^2).

Then its relatives, less sensitive to outliers: l1_loss (the absolute
error), and smooth_l1_loss and huber_loss, squared near 0 and absolute
further out.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..function import Function
from ..ops import either
from ..ops.either import raw
from ..tensor import Tensor
from .reduction import check_reduction, mean_scale, reduce_array, spread
from .validation import float_input, float_target, promoted_floats


class MSELoss(Function):
    """loss = reduce((x - y)^2).

    dloss/dx = 2 (x - y) and dloss/dy = -2 (x - y) for each element, times
    1/n for the mean over n elements.
    """

    chain = ("z = (x - y)**2, then reduced", "dz/dx = 2 (x - y) / n", "dz/dy = -2 (x - y) / n")

    def forward(self, x: np.ndarray, y: np.ndarray, reduction: str) -> np.ndarray:
        # 1 / n for the mean over all n elements (kept for backward)
        self.scale = mean_scale("mse_loss", x.size, x.dtype) if reduction == "mean" else None
        diff = x - y
        return reduce_array(diff * diff, reduction, self.scale, x.size == 0)

    def backward(self, g: Any) -> tuple[Any, Any]:
        x, y = self.saved_inputs()
        g = spread(g, self.params["reduction"], x.shape, self.scale)
        gx = g * (x - y) * 2
        return gx, (-gx if self.needs_input_grad[1] else None)


@promoted_floats()
def mse_loss(input: Any, target: Any, reduction: str = "mean") -> Tensor:
    """Mean (or sum, or each) of the squared differences (input - target)^2.

    input and target must have the same shape: a silently broadcast (N,)
    against (N, 1) would compare every prediction with every target.
    """
    fn = "mse_loss"
    x = float_input(fn, input)
    reduction = check_reduction(fn, reduction)
    y = float_target(fn, target, x)
    return MSELoss.apply(x, y, reduction=reduction)


class L1Loss(Function):
    """loss = reduce(|x - y|).   dloss/dx = sign(x - y), dloss/dy = -sign(x - y).

    For each element, times 1/n for the mean over n elements. sign(0) = 0:
    where x = y (and where x - y is NaN) the gradient is 0, as in PyTorch.
    """

    def forward(self, x: np.ndarray, y: np.ndarray, reduction: str) -> np.ndarray:
        self.scale = mean_scale("l1_loss", x.size, x.dtype) if reduction == "mean" else None
        return reduce_array(np.abs(x - y), reduction, self.scale, x.size == 0)

    def backward(self, g: Any) -> tuple[Any, Any]:
        x, y = self.saved_inputs()
        g = spread(g, self.params["reduction"], x.shape, self.scale)
        d = raw(x) - raw(y)  # sign is flat: a constant for a second derivative
        gx = g * np.where(np.isnan(d), 0, np.sign(d)).astype(d.dtype, copy=False)
        return gx, (-gx if self.needs_input_grad[1] else None)


class SmoothL1Loss(Function):
    """loss = reduce(l(d)), d = x - y.   dl/dd = d / beta where |d| < beta, else sign(d).

    For beta > 0,

        l(d) = d^2 / (2 beta)     where |d| < beta   (squared error near 0)
        l(d) = |d| - beta / 2     elsewhere           (absolute error far out)

    Both pieces of dl/dd give sign(d) at |d| = beta, so they join without a
    kink. dloss/dx = dl/dd and dloss/dy = -dl/dd, times 1/n for the mean.
    """

    def forward(self, x: np.ndarray, y: np.ndarray, reduction: str, beta: float) -> np.ndarray:
        self.scale = mean_scale("smooth_l1_loss", x.size, x.dtype) if reduction == "mean" else None
        d = np.abs(x - y)
        loss = np.where(d < beta, 0.5 * d * d / beta, d - 0.5 * beta).astype(x.dtype, copy=False)
        return reduce_array(loss, reduction, self.scale, x.size == 0)

    def backward(self, g: Any) -> tuple[Any, Any]:
        x, y = self.saved_inputs()
        beta = self.params["beta"]
        g = spread(g, self.params["reduction"], x.shape, self.scale)
        d = x - y
        inside = np.abs(raw(d)) < beta
        gx = g * either.where(inside, d / beta, np.sign(raw(d)))
        return gx, (-gx if self.needs_input_grad[1] else None)


class HuberLoss(Function):
    """loss = reduce(l(d)), d = x - y.   dl/dd = d where |d| < delta, else delta * sign(d).

    For delta > 0,

        l(d) = d^2 / 2                     where |d| < delta
        l(d) = delta * (|d| - delta / 2)   elsewhere

    (delta times SmoothL1Loss with beta = delta.) dloss/dx = dl/dd and
    dloss/dy = -dl/dd, times 1/n for the mean.
    """

    def forward(self, x: np.ndarray, y: np.ndarray, reduction: str, delta: float) -> np.ndarray:
        self.scale = mean_scale("huber_loss", x.size, x.dtype) if reduction == "mean" else None
        d = np.abs(x - y)
        loss = np.where(d < delta, 0.5 * d * d, delta * (d - 0.5 * delta))
        return reduce_array(loss.astype(x.dtype, copy=False), reduction, self.scale, x.size == 0)

    def backward(self, g: Any) -> tuple[Any, Any]:
        x, y = self.saved_inputs()
        delta = self.params["delta"]
        g = spread(g, self.params["reduction"], x.shape, self.scale)
        d = x - y
        inside = np.abs(raw(d)) < delta
        gx = g * either.where(inside, d, delta * np.sign(raw(d)))
        return gx, (-gx if self.needs_input_grad[1] else None)


def _checked_number(fn: str, name: str, value: Any, positive: bool) -> float:
    """beta or delta as a float, or a ValueError saying what is allowed."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{fn}: {name} must be a number, got {type(value).__name__}")
    value = float(value)
    if not (value > 0 if positive else value >= 0) or not np.isfinite(value):
        allowed = "a positive number" if positive else "a number >= 0"
        raise ValueError(f"{fn}: {name}={value} is not allowed; {name} must be {allowed} "
                         "(as in PyTorch)")
    return value


@promoted_floats()
def l1_loss(input: Any, target: Any, reduction: str = "mean") -> Tensor:
    """Mean (or sum, or each) of the absolute differences |input - target|.

    input and target must have the same shape (losses do not broadcast).
    """
    fn = "l1_loss"
    x = float_input(fn, input)
    reduction = check_reduction(fn, reduction)
    y = float_target(fn, target, x)
    return L1Loss.apply(x, y, reduction=reduction)


@promoted_floats()
def smooth_l1_loss(input: Any, target: Any, reduction: str = "mean", beta: float = 1.0) -> Tensor:
    """Squared error for differences smaller than `beta`, absolute error beyond (see
    SmoothL1Loss); beta = 0 is the l1_loss, as in PyTorch."""
    fn = "smooth_l1_loss"
    x = float_input(fn, input)
    reduction = check_reduction(fn, reduction)
    beta = _checked_number(fn, "beta", beta, positive=False)
    y = float_target(fn, target, x)
    if beta == 0:
        return L1Loss.apply(x, y, reduction=reduction)
    return SmoothL1Loss.apply(x, y, reduction=reduction, beta=beta)


@promoted_floats()
def huber_loss(input: Any, target: Any, reduction: str = "mean", delta: float = 1.0) -> Tensor:
    """Squared error for differences smaller than `delta`, delta times the absolute error
    beyond (see HuberLoss)."""
    fn = "huber_loss"
    x = float_input(fn, input)
    reduction = check_reduction(fn, reduction)
    delta = _checked_number(fn, "delta", delta, positive=True)
    y = float_target(fn, target, x)
    return HuberLoss.apply(x, y, reduction=reduction, delta=delta)
