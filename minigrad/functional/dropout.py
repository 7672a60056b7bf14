"""dropout: while training, zero each value with probability p, scale the rest.

    h = F.dropout(h, p=0.5, training=model.training)

Each value is kept with probability 1 - p and then divided by 1 - p, so
that its expected value is unchanged and the model needs no rescaling when
dropout is switched off for evaluation (`model.eval()`, `training=False`).
The keep/drop mask comes from the generator `mg.manual_seed` seeds: its
draws differ from PyTorch's, as every random draw does.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..creation import default_generator
from ..function import Function
from ..tensor import Tensor
from .validation import float_input


class Dropout(Function):
    """z = x * mask.   dz/dx = mask: 1 / (1 - p) where x is kept, 0 where it is dropped.

    A dropped value gets no gradient, a kept one the gradient scaled by
    1 / (1 - p), as its value was. The mask is the op's second input (a constant), so
    pictures show which values were dropped.
    """

    def forward(self, x: np.ndarray, mask: np.ndarray, p: float) -> np.ndarray:
        return x * mask

    def backward(self, g: Any) -> tuple[Any, None]:
        _, mask = self.saved_inputs()
        return g * mask, None


def check_probability(fn: str, p: Any) -> float:
    """p as a float in [0, 1], or an error (PyTorch raises the same ValueError)."""
    if isinstance(p, bool) or not isinstance(p, (int, float, np.integer, np.floating)):
        raise TypeError(f"{fn}: p must be a number between 0 and 1, got {type(p).__name__}")
    if not 0 <= p <= 1:
        raise ValueError(f"{fn}: dropout probability has to be between 0 and 1, but got {p}")
    return float(p)


def dropout(input: Any, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """Zero each value of `input` with probability `p` and divide the others by 1 - p.

    With training=False, p = 0 or an empty input, `input` itself is returned
    (as in PyTorch); with p = 1 every value is 0. `inplace=True` changes
    `input` in place (recorded in the graph like any in-place change).
    """
    fn = "dropout"
    p = check_probability(fn, p)
    x = float_input(fn, input)
    if not training or p == 0 or x.numel() == 0:
        return x
    keep = default_generator().random(x.shape) >= p
    scale = 0.0 if p == 1 else 1.0 / (1.0 - p)  # p = 1 drops everything: zeros, not 0/0
    mask = Tensor._make((keep * scale).astype(x.dtype))
    mask.name = "mask"
    if inplace:
        return x.mul_(mask)
    return Dropout.apply(x, mask, p=p)
