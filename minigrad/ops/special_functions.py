"""Functions of minigrad.special that are new ops: erfc, sinc, ndtr (and exp2, a Pow).

erfc x = 1 - erf x is computed on its own (Python's math.erfc, element by element
in float64, like erf): 1 - erf x would lose every digit for large x, where erfc x
is tiny. ndtr, the standard normal distribution function, is built on it.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..function import Function
from ..tensor import Tensor
from . import either
from .activations_more import widened_half
from .arguments import as_float
from .elementwise import pow as power
from .math import TWO_OVER_SQRT_PI

_erfc_each = np.frompyfunc(math.erfc, 1, 1)
SQRT_HALF = math.sqrt(0.5)
ONE_OVER_SQRT_2PI = 1 / math.sqrt(2 * math.pi)


class Erfc(Function):
    """z = erfc x = 1 - erf x = (2/√π) ∫ₓ^∞ e^(-t²) dt.   dz/dx = -(2/√π) e^(-x²)."""

    chain = ("z = erfc x", "dz/dx = -(2/sqrt(pi)) * exp(-x**2)")

    def forward(self, x: np.ndarray) -> np.ndarray:
        z = np.asarray(_erfc_each(x.astype(np.float64)), dtype=np.float64)
        return z.astype(x.dtype, copy=False)  # computed in float64, rounded once

    def backward(self, g: Any) -> Any:
        (x,) = self.saved_inputs()
        x, g = widened_half(x), widened_half(g)  # (the engine rounds to float16 again)
        return -g * TWO_OVER_SQRT_PI * either.exp(-(x * x))


class Sinc(Function):
    """z = sin(πx) / (πx), and 1 at x = 0 (the normalized sinc).

    dz/dx = (cos(πx) πx - sin(πx)) / (πx²), and 0 at x = 0.
    """

    chain = ("z = sin(pi x) / (pi x)", "dz/dx = (cos(pi x) * pi x - sin(pi x)) / (pi x**2)")

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.sinc(widened_half(x)).astype(x.dtype, copy=False)

    def backward(self, g: Any) -> Any:
        (x,) = self.saved_inputs()
        x, g = widened_half(x), widened_half(g)
        at_zero = either.raw(x) == 0
        safe = either.where(at_zero, 1, x)  # the formula at 1 is then replaced by 0
        px = safe * math.pi
        slope = (either.cos(px) * px - either.sin(px)) / (px * safe)
        return g * either.where(at_zero, 0, slope)


class Ndtr(Function):
    """z = Φ(x) = erfc(-x / √2) / 2, the standard normal distribution function.

    dz/dx = φ(x) = e^(-x²/2) / √(2π), the normal density.
    """

    chain = ("z = erfc(-x / sqrt(2)) / 2", "dz/dx = exp(-x**2 / 2) / sqrt(2 pi)")

    def forward(self, x: np.ndarray) -> np.ndarray:
        # -x / √2 in x's dtype (as PyTorch), then erfc in float64, rounded once
        t = (x * x.dtype.type(-SQRT_HALF)).astype(np.float64)
        return (np.asarray(_erfc_each(t), dtype=np.float64) * 0.5).astype(x.dtype, copy=False)

    def backward(self, g: Any) -> Any:
        (x,) = self.saved_inputs()
        x, g = widened_half(x), widened_half(g)
        return g * ONE_OVER_SQRT_2PI * either.exp(x * x * -0.5)


def erfc(input: Any) -> Tensor:  # noqa: A002  (PyTorch's names)
    """The complementary error function, 1 - erf(input), accurate where it is tiny."""
    return Erfc.apply(as_float(input))


def sinc(input: Any) -> Tensor:  # noqa: A002
    """sin(π x) / (π x), with 1 at x = 0."""
    return Sinc.apply(as_float(input))


def exp2(input: Any) -> Tensor:  # noqa: A002
    """2 ** input (integers give float32). dz/dx = 2^x ln 2, from Pow."""
    return power(2.0, as_float(input))


def ndtr(input: Any) -> Tensor:  # noqa: A002
    """The standard normal distribution function Φ(x) = erfc(-x / √2) / 2."""
    return Ndtr.apply(as_float(input))
