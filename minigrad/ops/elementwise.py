"""Elementwise ops. Binary ones broadcast like numpy: their backward returns
each input's gradient in the output's shape, and the engine sums it back to
the input's shape (`engine.sum_to_shape`, the backward of broadcasting).

Notation in the docstrings: z is the output, g = dL/dz the gradient arriving
from above, and the backward returns dL/dx = g * dz/dx for each input x.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import broadcast_error
from ..function import Function
from ..tensor import Tensor
from . import either
from .arguments import as_float, as_tensor
from .either import raw
from .promotion import binary, is_bool


class BinaryOp(Function):
    """Shared by the broadcasting binary ops: a clear message for bad shapes."""

    gives_floats = False  # for `promotion.binary`: integers become float32 first (true division)

    @staticmethod
    def refusal(x: Any, y: Any) -> str | None:
        """Why PyTorch refuses these operands (numbers or Tensors), or None: see Sub, Pow."""
        return None

    def explain_error(self, error: Exception, inputs: Any) -> Exception:
        x, y = inputs
        try:
            np.broadcast_shapes(x.shape, y.shape)
        except ValueError:
            return broadcast_error(self.name.lower(), x, y)
        return super().explain_error(error, inputs)


class Add(BinaryOp):
    """z = x + y.   dz/dx = 1, dz/dy = 1."""

    chain = ("z = x + y", "dz/dx = 1", "dz/dy = 1")

    def forward(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return x + y

    def backward(self, g: Any) -> tuple[Any, Any]:
        return g, g


class Sub(BinaryOp):
    """z = x - y.   dz/dx = 1, dz/dy = -1."""

    chain = ("z = x - y", "dz/dx = 1", "dz/dy = -1")

    @staticmethod
    def refusal(x: Any, y: Any) -> str | None:
        if is_bool(x) or is_bool(y):
            return ("sub: subtraction with a bool tensor or bool is not supported (as in "
                    "PyTorch); to invert a mask use ~mask, or convert first: "
                    "mask.astype(np.int64) - 1")
        return None

    def forward(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return x - y

    def backward(self, g: Any) -> tuple[Any, Any]:
        return g, (-g if self.needs_input_grad[1] else None)


class Mul(BinaryOp):
    """z = x * y.   dz/dx = y, dz/dy = x."""

    chain = ("z = x * y", "dz/dx = y", "dz/dy = x")

    def forward(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return x * y

    def backward(self, g: Any) -> tuple[Any, Any]:
        x, y = self.saved_inputs()
        gx = g * y if self.needs_input_grad[0] else None
        gy = g * x if self.needs_input_grad[1] else None
        return gx, gy


class Div(BinaryOp):
    """z = x / y.   dz/dx = 1 / y, dz/dy = -x / y**2 = -z / y."""

    chain = ("z = x / y", "dz/dx = 1 / y", "dz/dy = -x / y**2")

    gives_floats = True  # integers are divided as float32 (PyTorch's true division)

    def forward(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return x / y  # x / 0 is +-inf or NaN (numpy warns; PyTorch does not)

    def backward(self, g: Any) -> tuple[Any, Any]:
        x, y = self.saved_inputs()
        gx = g / y
        gy = -gx * x / y if self.needs_input_grad[1] else None
        return gx, gy


class Pow(BinaryOp):
    """z = x ** y.   dz/dx = y * x**(y - 1),  dz/dy = z * log(x).

    Two points where the formulas break down get PyTorch's values:
    * where y = 0, z = 1 for every x, so dz/dx = 0 (the formula gives
      0 * 0**-1 = NaN at x = 0);
    * where x = 0 and y >= 0, dz/dy = 0 (z * log x is 0 * -inf there; the
      limit from the right is 0).
    Elsewhere the formulas stand as they are, again as in PyTorch: 0**y for
    y < 0 is inf and its dz/dy is -inf; a negative x has no real log, so its
    dz/dy is NaN.
    """

    chain = ("z = x ** y", "dz/dx = y * x**(y - 1)", "dz/dy = z * log(x)")

    saves_output = True

    @staticmethod
    def refusal(x: Any, y: Any) -> str | None:
        if is_bool(x) and isinstance(y, Tensor) and y._data.dtype == np.bool_:
            return ("pow: a bool to the power of a bool tensor is not supported (as in "
                    "PyTorch); convert the exponent: y.astype(np.int64)")
        if (isinstance(x, Tensor) and x._data.dtype.kind in "iub" and isinstance(y, int)
                and not isinstance(y, bool) and y < 0):
            return (f"pow: an integer tensor to the power {y}: integers to negative integer "
                    "powers are not allowed (as in PyTorch); use a float: x.float() ** -1")
        return None

    def forward(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return power(x, y)

    def backward(self, g: Any) -> tuple[Any, Any]:
        x, y = self.saved_inputs()
        if x.dtype == np.float16 and not self.create_graph:  # as forward: in float32
            x, y, g = x.astype(np.float32), y.astype(np.float32), g.astype(np.float32)
        gx = gy = None
        if self.needs_input_grad[0]:
            gx = either.where(raw(y) == 0, 0, g * y * x ** (y - 1))
        if self.needs_input_grad[1]:
            zero_base = (raw(x) == 0) & (raw(y) >= 0)
            with np.errstate(divide="ignore", invalid="ignore"):  # log 0, masked here
                gy = either.where(zero_base, 0, g * self.saved_output() * either.log(x))
        return gx, gy


def power(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """x ** y with PyTorch's values where numpy's differ (not needed to follow Pow).

    float16 is computed in float32 and rounded once (numpy's float16 power
    gives NaN for (-inf) ** 0.5, where IEEE pow gives inf); an integer to a
    negative integer power is an integer (1 / 4 rounds to 0; 1 and -1 stay
    +-1), where numpy refuses; bool ** bool is a bool.
    """
    if x.dtype == np.float16:
        with np.errstate(over="ignore"):  # too large for float16: inf, as PyTorch
            return (x.astype(np.float32) ** y.astype(np.float32)).astype(np.float16)
    if x.dtype == np.bool_ and y.dtype == np.bool_:
        return x | ~y  # False ** True is False; everything else is True
    if x.dtype.kind in "iu" and y.dtype.kind in "iu" and (y < 0).any():
        magnitude = x ** np.abs(y)
        odd = (y % 2).astype(bool)
        reciprocal = np.where(x == 1, 1, np.where(x == -1, np.where(odd, -1, 1), 0))
        return np.where(y < 0, reciprocal, magnitude).astype(magnitude.dtype)
    return x**y


def _shares(x_loses: np.ndarray, y_loses: np.ndarray, tie: np.ndarray, dtype: np.dtype) -> Any:
    """The constant weights of max/min's backward, for x and for y: 0 for the side that
    lost, 1/2 each on a tie, else 1. Where a NaN is involved neither side loses or ties,
    so both get the whole gradient (PyTorch's rule: the NaN output depends on both)."""
    wx, wy = ~x_loses, ~y_loses  # bool masks: g * mask keeps g's dtype
    if tie.any():  # rare in real data: only then the weights need 1/2s
        half = tie * dtype.type(0.5)
        wx, wy = wx - half, wy - half
    return wx, wy


class Maximum(BinaryOp):
    """z = max(x, y).   dz/dx = 1 where x > y, 1/2 where x == y, 0 where x < y (y likewise).

    Where x or y is NaN, z is NaN and both get dz = 1, as in PyTorch.
    """

    chain = ("z = max(x, y)", "dz/dx = 1 where x > y, 1/2 where x == y, else 0",
             "dz/dy = 1 where y > x, 1/2 where x == y, else 0")

    def forward(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        z = np.maximum(x, y)
        if z.dtype.kind == "f":  # (integers and bools have no gradient)
            self.saved = _shares(x < y, x > y, x == y, z.dtype)
        return z

    def backward(self, g: Any) -> tuple[Any, Any]:
        wx, wy = self.saved
        return either.weighted(g, wx), either.weighted(g, wy)


class Minimum(BinaryOp):
    """z = min(x, y).   dz/dx = 1 where x < y, 1/2 where x == y, 0 where x > y (y likewise).

    Where x or y is NaN, z is NaN and both get dz = 1, as in PyTorch.
    """

    chain = ("z = min(x, y)", "dz/dx = 1 where x < y, 1/2 where x == y, else 0",
             "dz/dy = 1 where y < x, 1/2 where x == y, else 0")

    def forward(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        z = np.minimum(x, y)
        if z.dtype.kind == "f":  # (integers and bools have no gradient)
            self.saved = _shares(x > y, x < y, x == y, z.dtype)
        return z

    def backward(self, g: Any) -> tuple[Any, Any]:
        wx, wy = self.saved
        return either.weighted(g, wx), either.weighted(g, wy)


class Where(BinaryOp):
    """z = x where condition else y.   dz/dx = condition, dz/dy = not condition.

    The condition is a constant (a bool array); only x and y get gradients.
    """

    chain = ("z = x where condition else y", "dz/dx = condition", "dz/dy = not condition")

    def forward(self, x: np.ndarray, y: np.ndarray, condition: np.ndarray) -> np.ndarray:
        self.saved = condition
        return np.where(condition, x, y)

    def backward(self, g: Any) -> tuple[Any, Any]:
        condition = self.saved
        return either.masked(g, condition), either.masked(g, ~condition)


class Neg(Function):
    """z = -x.   dz/dx = -1."""

    chain = ("z = -x", "dz/dx = -1")

    def forward(self, x: np.ndarray) -> np.ndarray:
        if x.dtype == np.bool_:
            raise TypeError("negation of a bool tensor is not supported (as in PyTorch); "
                            "to invert a mask use ~mask")
        return -x

    def backward(self, g: Any) -> Any:
        return -g


class Exp(Function):
    """z = e**x.   dz/dx = e**x = z (so backward reuses the output)."""

    chain = ("z = e**x", "dz/dx = e**x = z")

    saves_output = True

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.exp(x)

    def backward(self, g: Any) -> Any:
        return g * self.saved_output()


class Log(Function):
    """z = log x (natural log).   dz/dx = 1 / x."""

    chain = ("z = log x", "dz/dx = 1 / x")

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.log(x)

    def backward(self, g: Any) -> Any:
        (x,) = self.saved_inputs()
        return g / x


class Sqrt(Function):
    """z = sqrt(x).   dz/dx = 1 / (2 sqrt(x)) = 0.5 / z."""

    chain = ("z = sqrt(x)", "dz/dx = 1 / (2 sqrt(x)) = 0.5 / z")

    saves_output = True

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.sqrt(x)

    def backward(self, g: Any) -> Any:
        return g * 0.5 / self.saved_output()


class Abs(Function):
    """z = |x|.   dz/dx = sign(x) (0 at x = 0 and at NaN, as PyTorch)."""

    chain = ("z = |x|", "dz/dx = sign(x)")

    def forward(self, x: np.ndarray) -> np.ndarray:
        if x.dtype == np.bool_:
            raise TypeError("abs of a bool tensor is not supported (as in PyTorch); convert "
                            "it first if you want numbers, e.g. mask.astype(np.int64)")
        self.saved = (x > 0).astype(x.dtype) - (x < 0)  # sign(x), but 0 (not NaN) at NaN
        return np.abs(x)

    def backward(self, g: Any) -> Any:
        return g * self.saved


# ---- the functions users call (and Tensor's operators call) ----------------
def add(x: Any, y: Any) -> Tensor:
    """x + y, broadcasting."""
    return binary(Add, x, y)


def sub(x: Any, y: Any) -> Tensor:
    """x - y, broadcasting."""
    return binary(Sub, x, y)


def mul(x: Any, y: Any) -> Tensor:
    """x * y, broadcasting."""
    return binary(Mul, x, y)


def div(x: Any, y: Any) -> Tensor:
    """x / y, broadcasting (integers give float32, as in PyTorch)."""
    return binary(Div, x, y)


def pow(x: Any, y: Any) -> Tensor:  # noqa: A001
    """x ** y, broadcasting; both base and exponent get gradients."""
    return binary(Pow, x, y)


def maximum(x: Any, y: Any) -> Tensor:
    """Elementwise max(x, y); ties share the gradient equally."""
    return binary(Maximum, x, y)


def minimum(x: Any, y: Any) -> Tensor:
    """Elementwise min(x, y); ties share the gradient equally."""
    return binary(Minimum, x, y)


def where(condition: Any, x: Any, y: Any) -> Tensor:
    """x where `condition` is true, else y (condition: bools, not differentiated)."""
    cond = np.asarray(raw(condition) if isinstance(condition, Tensor) else condition)
    if cond.dtype != np.bool_:
        raise TypeError(f"where: condition must hold bools, got dtype {cond.dtype}")
    try:
        np.broadcast_shapes(cond.shape, np.shape(raw(x)), np.shape(raw(y)))
    except ValueError:
        raise broadcast_error("where", as_tensor(x), as_tensor(y)) from None
    return binary(Where, x, y, condition=cond)


def neg(x: Any) -> Tensor:
    """-x."""
    return Neg.apply(as_tensor(x))


def exp(x: Any) -> Tensor:
    """e ** x."""
    return Exp.apply(as_float(x))


def log(x: Any) -> Tensor:
    """Natural logarithm."""
    return Log.apply(as_float(x))


def sqrt(x: Any) -> Tensor:
    """Square root."""
    return Sqrt.apply(as_float(x))


def abs(x: Any) -> Tensor:  # noqa: A001
    """|x|."""
    return Abs.apply(as_tensor(x))
