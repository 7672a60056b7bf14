"""Negative log-likelihoods of two more distributions, as torch.nn.functional's:

    F.poisson_nll_loss(log_rate, counts)       # exp(x) - y x: counts from a Poisson law
    F.gaussian_nll_loss(mean, target, var)     # 0.5 (log var + (x - y)^2 / var): a Gaussian

Both are composed from ops minigrad has (exp, log, where, clamp), with PyTorch's
formulas, so their gradients are those ops' gradients.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..errors import ShapeError, shape_str
from ..grad_mode import no_grad
from ..ops import where
from ..ops.arguments import as_tensor
from ..tensor import Tensor
from .margin_losses import floats, number
from .reduction import check_reduction, reduce_tensor
from .validation import float_target


def poisson_nll_loss(input: Any, target: Any, log_input: bool = True,  # noqa: A002
                     full: bool = False, eps: float = 1e-8, reduction: str = "mean") -> Tensor:
    """The Poisson negative log-likelihood of the counts `target` under the rate given by
    `input`, leaving out the constant log(target!):

        log_input=True:   exp(input) - target * input            (input is log(rate))
        log_input=False:  input - target * log(input + eps)      (input is the rate)

    full=True adds Stirling's approximation of log(target!), target log target - target
    + 0.5 log(2 pi target), where target > 1 (0 elsewhere), as PyTorch does.
    """
    fn = "poisson_nll_loss"
    x, y = floats(fn, ("input", "target"), input, target)
    eps = number(fn, "eps", eps)
    reduction = check_reduction(fn, reduction)
    y = float_target(fn, y, x)
    loss = x.exp() - y * x if log_input else x - y * (x + eps).log()
    if full:
        big = y.numpy() > 1
        t = where(big, y, np.asarray(2.0, dtype=y.dtype))  # log of a safe value elsewhere
        stirling = t * t.log() - t + 0.5 * (2 * math.pi * t).log()
        loss = loss + where(big, stirling, np.zeros((), dtype=y.dtype))
    return reduce_tensor(fn, loss, reduction)


def gaussian_nll_loss(input: Any, target: Any, var: Any, full: bool = False,  # noqa: A002
                      eps: float = 1e-6, reduction: str = "mean") -> Tensor:
    """The Gaussian negative log-likelihood 0.5 (log var + (input - target)^2 / var), for
    predicted means `input` and variances `var` (+ 0.5 log(2 pi) with full=True).

    var has the input's shape, or one axis of size 1 where the input's is larger (shared
    along it), or the input's shape without its last axis, or is a Python number (one
    variance for all). It must be >= 0; it is raised to eps where smaller, as in PyTorch,
    outside the graph (so the gradient is log var's own).
    """
    fn = "gaussian_nll_loss"
    x, y = floats(fn, ("input", "target"), input, target)
    if isinstance(var, (int, float, np.integer, np.floating)) and not isinstance(var, bool):
        if var < 0:
            raise ValueError(f"{fn}: var has negative entry/entries: var = {var}; a variance "
                             "must be >= 0")
        v = Tensor(np.full(x.shape, var, dtype=x.dtype))
    else:
        v = as_tensor(var)
        if v.dtype != x.dtype:
            v = v.astype(x.dtype)
        if (v.numpy() < 0).any():
            raise ValueError(f"{fn}: var has negative entry/entries (e.g. "
                             f"{v.numpy()[v.numpy() < 0].flat[0]}); a variance must be >= 0")
    if v.shape != x.shape:
        differ = [(a, b) for a, b in zip(x.shape, v.shape)] if v.ndim == x.ndim else []
        if x.shape[:-1] == v.shape and x.ndim:
            v = v.unsqueeze(-1)
        elif v.ndim == x.ndim and sum(b for a, b in differ if a != b) == 1:
            pass  # one axis of size 1 in var: shared along it
        else:
            raise ShapeError(
                f"{fn}: var is of incorrect size: {shape_str(v.shape)} for an input of shape "
                f"{shape_str(x.shape)}; use the input's shape, the input's shape with one "
                "axis of size 1, or the input's shape without its last axis"
            )
    eps = number(fn, "eps", eps)
    reduction = check_reduction(fn, reduction)
    y = float_target(fn, y, x)
    v = v.clone()
    with no_grad():
        v.clamp_(min=eps)
    d = x - y
    loss = 0.5 * (v.log() + d * d / v)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return reduce_tensor(fn, loss, reduction)
