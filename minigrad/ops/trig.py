"""Hyperbolic and inverse trigonometric functions: sinh, cosh, asin, acos, atan,
and the two-argument atan2(y, x).

The same pattern as `math.py` (z is the output, g = dL/dz, backward returns
g * dz/dx). Integer and bool inputs become float32 (`as_float`), as in PyTorch.
At the edges the formulas stand as they are, which is also what PyTorch gives:
asin and acos at x = ±1 have an infinite slope (dz/dx = ±inf), and outside
[-1, 1] both the value and the gradient are NaN.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..function import Function
from ..tensor import Tensor
from . import either
from .arguments import as_float, not_a_number
from .either import raw
from .elementwise import BinaryOp
from .promotion import binary


class Sinh(Function):
    """z = sinh x = (eˣ - e⁻ˣ) / 2.   dz/dx = cosh x."""

    chain = ("z = sinh x", "dz/dx = cosh x")

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.sinh(x)

    def backward(self, g: Any) -> Any:
        (x,) = self.saved_inputs()
        return g * either.cosh(x)


class Cosh(Function):
    """z = cosh x = (eˣ + e⁻ˣ) / 2.   dz/dx = sinh x."""

    chain = ("z = cosh x", "dz/dx = sinh x")

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.cosh(x)

    def backward(self, g: Any) -> Any:
        (x,) = self.saved_inputs()
        return g * either.sinh(x)


class Asin(Function):
    """z = asin x (in [-π/2, π/2]).   dz/dx = 1 / sqrt(1 - x²)  (inf at x = ±1)."""

    chain = ("z = asin x", "dz/dx = 1 / sqrt(1 - x**2)")

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.arcsin(x)  # NaN outside [-1, 1] (numpy warns; PyTorch does not)

    def backward(self, g: Any) -> Any:
        (x,) = self.saved_inputs()
        with np.errstate(divide="ignore", invalid="ignore"):  # the edges: inf, NaN beyond
            return g / either.sqrt(1 - x * x)


class Acos(Function):
    """z = acos x (in [0, π]).   dz/dx = -1 / sqrt(1 - x²)  (-inf at x = ±1)."""

    chain = ("z = acos x", "dz/dx = -1 / sqrt(1 - x**2)")

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.arccos(x)

    def backward(self, g: Any) -> Any:
        (x,) = self.saved_inputs()
        with np.errstate(divide="ignore", invalid="ignore"):
            return -g / either.sqrt(1 - x * x)


class Atan(Function):
    """z = atan x (in (-π/2, π/2)).   dz/dx = 1 / (1 + x²)."""

    chain = ("z = atan x", "dz/dx = 1 / (1 + x**2)")

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.arctan(x)

    def backward(self, g: Any) -> Any:
        (x,) = self.saved_inputs()
        return g / (1 + x * x)


class Atan2(BinaryOp):
    """z = atan2(y, x): the angle of the point (x, y), in (-π, π].

    dz/dy = x / (x² + y²),  dz/dx = -y / (x² + y²).

    At the origin the angle has no slope; there both gradients are 0, as in
    PyTorch (the formula would give 0 / 0 = NaN).
    """

    chain = ("z = atan2(y, x)", "dz/dy = x / (x**2 + y**2)", "dz/dx = -y / (x**2 + y**2)")

    gives_floats = True  # integers meet as float32 (the angle is not a whole number)

    def forward(self, y: np.ndarray, x: np.ndarray) -> np.ndarray:
        return np.arctan2(y, x)

    def backward(self, g: Any) -> tuple[Any, Any]:
        y, x = self.saved_inputs()
        r2 = y * y + x * x
        with np.errstate(divide="ignore"):
            recip = either.where(raw(r2) == 0, 0, 1 / r2)  # 0 at the origin, as PyTorch
        gy = g * x * recip if self.needs_input_grad[0] else None
        gx = g * -y * recip if self.needs_input_grad[1] else None
        return gy, gx


# ---- the functions users call (and the Tensor methods call) -----------------------
def sinh(x: Any) -> Tensor:
    """Hyperbolic sine."""
    return Sinh.apply(as_float(x))


def cosh(x: Any) -> Tensor:
    """Hyperbolic cosine."""
    return Cosh.apply(as_float(x))


def asin(x: Any) -> Tensor:
    """Inverse sine, in radians (NaN outside [-1, 1])."""
    return Asin.apply(as_float(x))


def acos(x: Any) -> Tensor:
    """Inverse cosine, in radians (NaN outside [-1, 1])."""
    return Acos.apply(as_float(x))


def atan(x: Any) -> Tensor:
    """Inverse tangent, in radians."""
    return Atan.apply(as_float(x))


def atan2(input: Any, other: Any) -> Tensor:  # noqa: A002  (PyTorch's names)
    """The angle of the point (other, input), i.e. atan(input / other) in the right
    quadrant, in (-π, π]; broadcasting. Both must be tensors, as in PyTorch."""
    return binary(Atan2, not_a_number("atan2", "input", input),
                  not_a_number("atan2", "other", other))
