"""Tensor methods for the elementwise math of `minigrad.ops.math`, `trig` and
`logical`: x.sin(), x.atan2(y), x.log2(), x.round(decimals=1), x.logical_not(), ...

Each method is the function of the same name in `minigrad.ops` applied to the
tensor; they live here so that tensor.py stays about the data and the graph.
"""

from __future__ import annotations

from typing import Any

# The ops import the Tensor, which is still being defined when tensor.py imports this
# module (for the class statement), so `ops` cannot be imported here: tensor.py binds
# it at its bottom, once both exist (`tensor_math.ops = ops`). The methods then find
# it as a plain global, without an import on every call.
ops: Any = None


class MathMethods:
    """Mixed into Tensor."""

    __slots__ = ()

    def sin(self) -> Any:
        """Sine, elementwise (see minigrad.ops.math)."""
        return ops.sin(self)

    def cos(self) -> Any:
        """Cosine, elementwise."""
        return ops.cos(self)

    def tan(self) -> Any:
        """Tangent, elementwise."""
        return ops.tan(self)

    def sinh(self) -> Any:
        """Hyperbolic sine, elementwise (see minigrad.ops.trig)."""
        return ops.sinh(self)

    def cosh(self) -> Any:
        """Hyperbolic cosine, elementwise."""
        return ops.cosh(self)

    def asin(self) -> Any:
        """Inverse sine, elementwise (NaN outside [-1, 1])."""
        return ops.asin(self)

    def acos(self) -> Any:
        """Inverse cosine, elementwise (NaN outside [-1, 1])."""
        return ops.acos(self)

    def atan(self) -> Any:
        """Inverse tangent, elementwise."""
        return ops.atan(self)

    def atan2(self, other: Any) -> Any:
        """The angle of the point (other, self), elementwise, broadcasting."""
        return ops.atan2(self, other)

    def log2(self) -> Any:
        """Logarithm to base 2, elementwise."""
        return ops.log2(self)

    def log10(self) -> Any:
        """Logarithm to base 10, elementwise."""
        return ops.log10(self)

    def log1p(self) -> Any:
        """log(1 + x), elementwise, accurate where x is tiny."""
        return ops.log1p(self)

    def expm1(self) -> Any:
        """e ** x - 1, elementwise, accurate where x is tiny."""
        return ops.expm1(self)

    def square(self) -> Any:
        """x * x, elementwise (integers stay integers)."""
        return ops.square(self)

    def reciprocal(self) -> Any:
        """1 / x, elementwise."""
        return ops.reciprocal(self)

    def rsqrt(self) -> Any:
        """1 / sqrt(x), elementwise."""
        return ops.rsqrt(self)

    def erf(self) -> Any:
        """The error function, elementwise."""
        return ops.erf(self)

    def hardshrink(self, lambd: float = 0.5) -> Any:
        """x where |x| > lambd, else 0 (see minigrad.ops.shrink)."""
        return ops.shrink.hardshrink(self, lambd)

    def float_power(self, exponent: Any) -> Any:
        """x ** exponent computed in float64 (see mg.float_power)."""
        return ops.float_power(self, exponent)

    def logical_and(self, other: Any) -> Any:
        """True where both are non-zero (a bool tensor; see minigrad.ops.logical)."""
        return ops.logical_and(self, other)

    def logical_or(self, other: Any) -> Any:
        """True where either is non-zero."""
        return ops.logical_or(self, other)

    def logical_xor(self, other: Any) -> Any:
        """True where exactly one of the two is non-zero."""
        return ops.logical_xor(self, other)

    def logical_not(self) -> Any:
        """True where the element is zero."""
        return ops.logical_not(self)

    def sign(self) -> Any:
        """-1, 0 or 1 by the sign of each element (0 at NaN)."""
        return ops.sign(self)

    def floor(self) -> Any:
        """Rounded down, elementwise (gradient 0)."""
        return ops.floor(self)

    def ceil(self) -> Any:
        """Rounded up, elementwise (gradient 0)."""
        return ops.ceil(self)

    def trunc(self) -> Any:
        """Rounded towards 0, elementwise (gradient 0)."""
        return ops.trunc(self)

    def round(self, decimals: int | None = None) -> Any:
        """Rounded to the nearest whole number, halves to even, or to `decimals` places
        (gradient 0)."""
        return ops.round(self, decimals)
