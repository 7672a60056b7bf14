"""More elementwise math: trigonometry, other logs and exponentials, 1/x, erf, float_power.

The same pattern as `elementwise.py` (z is the output, g = dL/dz, backward
returns g * dz/dx). The dtypes follow PyTorch: integer and bool inputs become
float32 (`as_float`), except for square, which keeps integers (bools become
int64). The step functions (sign, floor, round, ...) are in `rounding.py`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..function import Function
from ..tensor import Tensor
from . import either
from .arguments import as_float, as_tensor

LN2 = math.log(2.0)
LN10 = math.log(10.0)
TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


class Sin(Function):
    """z = sin x.   dz/dx = cos x."""

    chain = ("z = sin x", "dz/dx = cos x")

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.sin(x)

    def backward(self, g: Any) -> Any:
        (x,) = self.saved_inputs()
        return g * either.cos(x)


class Cos(Function):
    """z = cos x.   dz/dx = -sin x."""

    chain = ("z = cos x", "dz/dx = -sin x")

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.cos(x)

    def backward(self, g: Any) -> Any:
        (x,) = self.saved_inputs()
        return -g * either.sin(x)


class Tan(Function):
    """z = tan x.   dz/dx = 1 / cos² x = 1 + z²."""

    saves_output = True

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.tan(x)

    def backward(self, g: Any) -> Any:
        z = self.saved_output()
        return g * (1 + z * z)


class Log2(Function):
    """z = log₂ x = ln x / ln 2.   dz/dx = 1 / (x ln 2)."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.log2(x)

    def backward(self, g: Any) -> Any:
        (x,) = self.saved_inputs()
        return g / (x * LN2)


class Log10(Function):
    """z = log₁₀ x = ln x / ln 10.   dz/dx = 1 / (x ln 10)."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.log10(x)

    def backward(self, g: Any) -> Any:
        (x,) = self.saved_inputs()
        return g / (x * LN10)


class Log1p(Function):
    """z = ln(1 + x), accurate for tiny x.   dz/dx = 1 / (1 + x)."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.log1p(x)

    def backward(self, g: Any) -> Any:
        (x,) = self.saved_inputs()
        return g / (1 + x)


class Expm1(Function):
    """z = eˣ - 1, accurate for tiny x.   dz/dx = eˣ = z + 1."""

    saves_output = True

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.expm1(x)

    def backward(self, g: Any) -> Any:
        return g * (self.saved_output() + 1)


class Square(Function):
    """z = x².   dz/dx = 2x.   (Integers stay integers; bools become int64, as PyTorch.)"""

    chain = ("z = x**2", "dz/dx = 2 * x")

    def forward(self, x: np.ndarray) -> np.ndarray:
        if x.dtype == np.bool_:
            x = x.astype(np.int64)
        return x * x

    def backward(self, g: Any) -> Any:
        (x,) = self.saved_inputs()
        return g * 2 * x


class Reciprocal(Function):
    """z = 1 / x.   dz/dx = -1 / x² = -z²."""

    chain = ("z = 1 / x", "dz/dx = -1 / x**2 = -z**2")

    saves_output = True

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.reciprocal(x)  # 1 / 0 is inf (numpy warns; PyTorch does not)

    def backward(self, g: Any) -> Any:
        z = self.saved_output()
        return -g * (z * z)


class Rsqrt(Function):
    """z = 1 / sqrt(x).   dz/dx = -1 / (2 x^(3/2)) = -z³ / 2."""

    saves_output = True

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.reciprocal(np.sqrt(x))

    def backward(self, g: Any) -> Any:
        z = self.saved_output()
        return g * (-0.5 * (z * z * z))


# numpy has no erf. Python's math.erf is accurate to float64 rounding, so it is
# applied element by element: slower than a numpy function (about 0.1 µs an
# element), plenty for the sizes minigrad is used at.
_erf_each = np.frompyfunc(math.erf, 1, 1)


class Erf(Function):
    """z = erf x = (2/√π) ∫₀ˣ e^(-t²) dt.   dz/dx = (2/√π) e^(-x²)."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        z = np.asarray(_erf_each(x.astype(np.float64)), dtype=np.float64)
        return z.astype(x.dtype, copy=False)  # computed in float64, rounded once

    def backward(self, g: Any) -> Any:
        (x,) = self.saved_inputs()
        return g * TWO_OVER_SQRT_PI * either.exp(-(x * x))


# ---- the functions users call (and the Tensor methods call) -----------------------
def sin(x: Any) -> Tensor:
    """Sine (x in radians)."""
    return Sin.apply(as_float(x))


def cos(x: Any) -> Tensor:
    """Cosine (x in radians)."""
    return Cos.apply(as_float(x))


def tan(x: Any) -> Tensor:
    """Tangent (x in radians)."""
    return Tan.apply(as_float(x))


def log2(x: Any) -> Tensor:
    """Logarithm to base 2."""
    return Log2.apply(as_float(x))


def log10(x: Any) -> Tensor:
    """Logarithm to base 10."""
    return Log10.apply(as_float(x))


def log1p(x: Any) -> Tensor:
    """log(1 + x), accurate where x is tiny."""
    return Log1p.apply(as_float(x))


def expm1(x: Any) -> Tensor:
    """e ** x - 1, accurate where x is tiny."""
    return Expm1.apply(as_float(x))


def square(x: Any) -> Tensor:
    """x * x (integers stay integers, bools become int64, as in PyTorch)."""
    return Square.apply(as_tensor(x))


def reciprocal(x: Any) -> Tensor:
    """1 / x (integers give float32)."""
    return Reciprocal.apply(as_float(x))


def rsqrt(x: Any) -> Tensor:
    """1 / sqrt(x) (integers give float32)."""
    return Rsqrt.apply(as_float(x))


def erf(x: Any) -> Tensor:
    """The error function, erf x = (2/√π) ∫₀ˣ e^(-t²) dt."""
    return Erf.apply(as_float(x))


def float_power(input: Any, exponent: Any) -> Tensor:  # noqa: A002
    """input ** exponent computed in float64, whatever the operands' dtypes (torch.float_power).

    Either operand may be a Python number. It is pow on both operands cast to float64;
    the casts are differentiable, so each operand's gradient comes back in its own dtype.
    """
    if not isinstance(input, Tensor) and not isinstance(exponent, Tensor):
        raise TypeError(f"float_power: at least one operand must be a tensor, got "
                        f"{type(input).__name__} and {type(exponent).__name__}; for numbers "
                        "use Python's ** (or make one a tensor: mg.tensor(2.0))")
    base, power = (t.double() if isinstance(t, Tensor) else _number("float_power", t)
                   for t in (input, exponent))
    return base ** power


def _number(op: str, value: Any) -> float:
    if isinstance(value, (bool, int, float, np.number)):
        return float(value)
    raise TypeError(f"{op}: expected a tensor or a number, got {type(value).__name__}")
