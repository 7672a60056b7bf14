"""The two activations of torch.nn.functional that draw random numbers:

    F.rrelu(x, lower, upper, training)        # leaky ReLU with a random slope per value
    F.gumbel_softmax(logits, tau, hard, dim)  # a differentiable sample of a category

rrelu: while training, each value x <= 0 gets its own slope drawn uniformly from
[lower, upper], z = slope * x (x > 0 passes); dz/dx is that slope (1 for x > 0), as
PyTorch's rrelu_with_noise. Outside training it is leaky_relu with the mean slope
(lower + upper) / 2. Note training=False is F.rrelu's default (nn.RReLU follows the
module's mode).

gumbel_softmax: softmax((logits + g) / tau) with g = -log(E), E ~ Exponential(1), i.e.
Gumbel noise: the position of its largest value is a sample of the categorical
distribution softmax(logits), and the softmax makes it differentiable (smaller tau:
closer to one-hot). hard=True returns the one-hot of the largest value, with the
gradient of the soft sample (the straight-through trick: y_hard - y_soft.detach() +
y_soft has the value y_hard and the gradient of y_soft).

Both are composed from differentiable ops; the random numbers come from the generator
`mg.manual_seed` seeds, so they differ from PyTorch's (as every draw does).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ..creation import default_generator
from ..errors import DTypeError, user_stacklevel
from ..tensor import Tensor
from .activations import leaky_relu
from .margin_losses import number
from .softmax import softmax
from .validation import float_input


def rrelu(input: Any, lower: float = 1.0 / 8, upper: float = 1.0 / 3,  # noqa: A002
          training: bool = False, inplace: bool = False) -> Tensor:
    """x where x > 0, else slope * x: the slope drawn from U(lower, upper) for each value
    while training, (lower + upper) / 2 otherwise."""
    fn = "rrelu"
    lower, upper = number(fn, "lower", lower), number(fn, "upper", upper)
    if lower > upper:
        raise ValueError(f"{fn}: the lower bound should be less than or equal to the upper "
                         f"bound, got lower={lower} and upper={upper}")
    x = float_input(fn, input)
    if not training:
        return leaky_relu(x, (lower + upper) / 2, inplace=inplace)
    if x.dtype == np.float16:
        raise DTypeError(f"{fn}: random slopes (training=True) are not available for float16, "
                         "as in PyTorch; convert the input with x.float()")
    slopes = default_generator().uniform(lower, upper, x.shape)
    noise = Tensor._make(np.where(x.numpy() <= 0, slopes, 1.0).astype(x.dtype))
    noise.name = "slopes"
    return x.mul_(noise) if inplace else x * noise


def gumbel_softmax(logits: Any, tau: float = 1, hard: bool = False, eps: float = 1e-10,
                   dim: int = -1) -> Tensor:
    """A sample of softmax(logits) along `dim` made differentiable: softmax((logits + g) /
    tau), g Gumbel noise; hard=True gives its one-hot with the soft sample's gradient.
    `eps` has no effect (deprecated in PyTorch too)."""
    fn = "gumbel_softmax"
    if eps != 1e-10:
        warnings.warn(f"{fn}: the eps parameter is deprecated and has no effect (as in "
                      "PyTorch)", UserWarning, stacklevel=user_stacklevel())
    tau = number(fn, "tau", tau)
    x = float_input(fn, logits, "logits")
    gumbels = -np.log(default_generator().exponential(1.0, x.shape)).astype(x.dtype)
    y_soft = softmax((x + gumbels) / tau, dim=dim)
    if not hard:
        return y_soft
    soft = y_soft.numpy()
    if soft.ndim == 0:
        y_hard = np.ones((), dtype=soft.dtype)
    else:
        axis = dim % soft.ndim
        index = np.expand_dims(np.argmax(soft, axis=axis), axis)
        y_hard = np.zeros_like(soft)
        np.put_along_axis(y_hard, index, 1.0, axis=axis)
    return Tensor._make(y_hard) - y_soft.detach() + y_soft
