"""The shrink activations: hardshrink and softshrink, which set the small values to 0.

Both pass the gradient on where |x| > λ and stop it inside [-λ, λ], the ends
included, as PyTorch 2.13 does; a NaN passes, and stays NaN. They take only
floating tensors (PyTorch refuses integers too); float16 is computed in
float32 and rounded once.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..function import Function
from ..tensor import Tensor
from . import either
from .activations import floating
from .activations_more import widened_half


def _outside(x: np.ndarray, lambd: float) -> np.ndarray:
    """Where |x| > λ: the places that keep their value (and NaN, which compares false)."""
    return ~((x >= -lambd) & (x <= lambd))


class Hardshrink(Function):
    """z = x where |x| > λ, else 0.
    dz/dx = 1 where |x| > λ, else 0 (0 at x = ±λ).
    """

    chain = ("z = x where |x| > lambd, else 0",
             "dz/dx = 1 where |x| > lambd, else 0")

    def forward(self, x: np.ndarray, lambd: float) -> np.ndarray:
        keep = self.saved = _outside(x, lambd)
        return np.where(keep, x, np.zeros((), x.dtype))

    def backward(self, g: Any) -> Any:
        return either.masked(g, self.saved)


class Softshrink(Function):
    """z = x - λ where x > λ, x + λ where x < -λ, else 0 (x moved λ towards 0, and
    stopped at 0): z = x - clip(x, -λ, λ). dz/dx = 1 where |x| > λ, else 0 (0 at x = ±λ).
    """

    chain = ("z = x - lambd where x > lambd, x + lambd where x < -lambd, else 0",
             "dz/dx = 1 where |x| > lambd, else 0")

    def forward(self, x: np.ndarray, lambd: float) -> np.ndarray:
        w = widened_half(x)
        self.saved = _outside(w, lambd)
        # x less x limited to [-λ, λ]: 0 inside, x -+ λ outside, and inf and NaN kept
        # without a warning. (Inside, PyTorch's zero keeps x's sign: -0.2 gives -0.0.)
        return (w - np.clip(w, -lambd, lambd)).astype(x.dtype, copy=False)

    def backward(self, g: Any) -> Any:
        return either.masked(g, self.saved)


def _lambd(fn: str, lambd: Any) -> float:
    if isinstance(lambd, bool) or not isinstance(lambd, (int, float, np.integer, np.floating)):
        raise TypeError(f"{fn}: lambd must be a number, got {lambd!r}")
    return float(lambd)


def hardshrink(x: Any, lambd: float = 0.5) -> Tensor:
    """x where |x| > lambd, else 0 (a negative lambd keeps every value, as in PyTorch)."""
    return Hardshrink.apply(floating(x, "hardshrink"), lambd=_lambd("hardshrink", lambd))


def softshrink(x: Any, lambd: float = 0.5) -> Tensor:
    """x moved lambd towards 0, and 0 where |x| <= lambd; lambd must be >= 0."""
    value = _lambd("softshrink", lambd)
    if not value >= 0:
        raise ValueError(f"softshrink: lambd must be >= 0 (it is how far each value moves "
                         f"towards 0), got {lambd!r}")
    return Softshrink.apply(floating(x, "softshrink"), lambd=value)


