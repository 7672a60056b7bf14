"""The fused ops again, composed from primitive ops only: the second view.

`softmax.py`, `classification.py`, `bce.py`, `regression.py` and `layer_norm.py` write each
op as one node with a hand-written backward (fast, and the derivative is on
the page). Here the same functions are built from exp, log, sum, max, ...,
so their gradients come from the primitives' backward with no new calculus.
Both views give the same values and gradients (the tests check it); read
these to see what the fused formulas stand for.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..ops import abs, exp, log, relu, sqrt
from ..tensor import Tensor
from .classification import class_axis_of, index_parts, is_probability_target, nll_loss
from .reduction import check_reduction, reduce_tensor
from .validation import broadcast_constant, float_input, float_target


def logsumexp(x: Tensor, axis: int | tuple[int, ...] | None = None) -> Tensor:
    """m + log(sum(exp(x - m))) with m = max(x): the shift only avoids overflow.

    m is detached: the shift changes no value, so it needs no gradient.
    """
    m = x.amax(axis=axis, keepdims=True).detach()
    return (log(exp(x - m).sum(axis=axis, keepdims=True)) + m).squeeze(axis)


def softmax(x: Tensor, axis: int = -1) -> Tensor:
    """exp(x - m) / sum(exp(x - m)), m = max(x) along axis (a constant shift)."""
    e = exp(x - x.amax(axis=axis, keepdims=True).detach())
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax(x: Tensor, axis: int = -1) -> Tensor:
    """x - logsumexp(x) along axis."""
    m = x.amax(axis=axis, keepdims=True).detach()
    return x - (log(exp(x - m).sum(axis=axis, keepdims=True)) + m)


def cross_entropy(
    input: Any,
    target: Any,
    weight: Any = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Tensor:
    """PyTorch's recipe: nll_loss of log_softmax, plus the smoothing term.

    Class indices: (1 - s) * nll_loss(log p, y) + s / C * (-sum_c w_c log p_c),
    both reduced the same way. Probabilities: -sum_c w_c q'_c log p_c with
    q' = (1 - s) q + s / C.
    """
    fn = "cross_entropy"
    x = float_input(fn, input)
    reduction = check_reduction(fn, reduction)
    c = class_axis_of(fn, x)
    num_classes = x.shape[c]
    log_p = log_softmax(x, axis=c)
    w_shape = [-1] + [1] * (x.ndim - c - 1)
    w = None if weight is None else np.asarray(weight, dtype=x.dtype).reshape(w_shape)
    s = label_smoothing
    if is_probability_target(fn, target, x, c):
        q = float_target(fn, target, x)
        q = q * (1 - s) + s / num_classes
        terms = q * log_p if w is None else q * log_p * w
        return reduce_tensor(fn, -terms.sum(axis=c), reduction, x.numel() // num_classes)
    nll = nll_loss(log_p, target, weight, ignore_index, reduction)
    if not s:
        return nll
    _, _, _, keep, _, divisor = index_parts(fn, target, x, weight, ignore_index)
    smooth = -(log_p if w is None else log_p * w).sum(axis=c) * keep
    return nll * (1 - s) + reduce_tensor(fn, smooth, reduction, divisor) * (s / num_classes)


def binary_cross_entropy_with_logits(
    input: Any,
    target: Any,
    weight: Any = None,
    pos_weight: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """(1 - y) x + l (relu(-x) + log(1 + exp(-|x|))), l = 1 + (pos_weight - 1) y, times weight."""
    fn = "binary_cross_entropy_with_logits"
    x = float_input(fn, input)
    y = float_target(fn, target, x)
    softplus_neg_x = relu(-x) + log(exp(-abs(x)) + 1)  # log(1 + e^-x), stably
    pw = broadcast_constant(fn, pos_weight, "pos_weight", x)
    log_weight = 1 if pw is None else (y * (pw - 1)) + 1
    loss = (1 - y) * x + log_weight * softplus_neg_x
    w = broadcast_constant(fn, weight, "weight", x)
    return reduce_tensor(fn, loss if w is None else loss * w, check_reduction(fn, reduction))


def mse_loss(input: Any, target: Any, reduction: str = "mean") -> Tensor:
    """(input - target) ** 2, reduced."""
    fn = "mse_loss"
    x = float_input(fn, input)
    diff = x - float_target(fn, target, x)
    return reduce_tensor(fn, diff * diff, check_reduction(fn, reduction))


def layer_norm(input: Any, normalized_shape: Any, weight: Any = None, bias: Any = None,
               eps: float = 1e-5) -> Tensor:
    """(x - mean) / sqrt(var + eps) * weight + bias over the last len(normalized_shape)
    axes, var the mean of the squared deviations (divided by n)."""
    x = float_input("layer_norm", input)
    axes = tuple(range(x.ndim - len(normalized_shape), x.ndim))
    centred = x - x.mean(axis=axes, keepdims=True)
    y = centred / sqrt((centred * centred).mean(axis=axes, keepdims=True) + eps)
    y = y if weight is None else y * weight
    return y if bias is None else y + bias
