"""Elementwise ops. Binary ones broadcast like numpy; their backward sums each
gradient back to its input's shape with `unbroadcast`.

Notation in the docstrings: z is the output, g = dL/dz the gradient arriving
from above, and the backward returns dL/dx = g * dz/dx for each input x.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..autograd import Function
from ..errors import DTypeError
from ..tensor import Tensor
from . import common
from .common import as_tensor, broadcast_error, raw, unbroadcast


class BinaryOp(Function):
    """Shared by the broadcasting binary ops: a clear message for bad shapes."""

    def explain_error(self, error: Exception, inputs: Any) -> Exception:
        if isinstance(error, ValueError) and len(inputs) == 2:
            return broadcast_error(self.name.lower(), inputs[0], inputs[1])
        return super().explain_error(error, inputs)


class Add(BinaryOp):
    """z = x + y.   dz/dx = 1, dz/dy = 1."""

    def forward(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return x + y

    def backward(self, g: Any) -> tuple[Any, Any]:
        x, y = self.inputs
        gx = unbroadcast(g, x.shape) if self.needs_input_grad[0] else None
        gy = unbroadcast(g, y.shape) if self.needs_input_grad[1] else None
        return gx, gy


class Sub(BinaryOp):
    """z = x - y.   dz/dx = 1, dz/dy = -1."""

    def forward(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return x - y

    def backward(self, g: Any) -> tuple[Any, Any]:
        x, y = self.inputs
        gx = unbroadcast(g, x.shape) if self.needs_input_grad[0] else None
        gy = unbroadcast(-g, y.shape) if self.needs_input_grad[1] else None
        return gx, gy


class Mul(BinaryOp):
    """z = x * y.   dz/dx = y, dz/dy = x."""

    def forward(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return x * y

    def backward(self, g: Any) -> tuple[Any, Any]:
        x, y = self.saved_inputs()
        gx = unbroadcast(g * y, x.shape) if self.needs_input_grad[0] else None
        gy = unbroadcast(g * x, y.shape) if self.needs_input_grad[1] else None
        return gx, gy


class Div(BinaryOp):
    """z = x / y.   dz/dx = 1 / y, dz/dy = -x / y**2 = -z / y."""

    def forward(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        z = x / y
        if z.dtype == np.float64 and x.dtype.kind in "iub" and y.dtype.kind in "iub":
            z = z.astype(np.float32)  # int / int is float32 in PyTorch, not float64
        return z

    def backward(self, g: Any) -> tuple[Any, Any]:
        x, y = self.saved_inputs()
        gx = g / y
        gy = unbroadcast(-gx * x / y, y.shape) if self.needs_input_grad[1] else None
        return unbroadcast(gx, x.shape), gy


class Pow(BinaryOp):
    """z = x ** y.   dz/dx = y * x**(y - 1),  dz/dy = z * log(x).

    Where x = 0 the second formula is 0 * log 0; its limit is 0 for y > 0, and
    we use 0 (as PyTorch does) rather than NaN.
    """

    saves_output = True

    def forward(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return x**y

    def backward(self, g: Any) -> tuple[Any, Any]:
        x, y = self.saved_inputs()
        gx = gy = None
        if self.needs_input_grad[0]:
            gx = unbroadcast(g * y * x ** (y - 1), x.shape)
        if self.needs_input_grad[1]:
            positive = raw(x) > 0
            safe_x = x * positive + ~positive  # x where x > 0, else 1 (log 1 = 0)
            gy = unbroadcast(g * self.saved_output() * common.log(safe_x) * positive, y.shape)
        return gx, gy


class Maximum(BinaryOp):
    """z = max(x, y).   dz/dx = 1 where x > y, 1/2 where x == y, else 0 (y likewise)."""

    def forward(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        z = np.maximum(x, y)
        # Constant weights: 1 where x won, 1/2 on ties, in the output's dtype.
        self.saved = ((x > y) + (x == y) * z.dtype.type(0.5)).astype(z.dtype, copy=False)
        return z

    def backward(self, g: Any) -> tuple[Any, Any]:
        wx = self.saved
        shape_x, shape_y = self.inputs[0].shape, self.inputs[1].shape
        return unbroadcast(g * wx, shape_x), unbroadcast(g * (1 - wx), shape_y)


class Minimum(BinaryOp):
    """z = min(x, y).   dz/dx = 1 where x < y, 1/2 where x == y, else 0 (y likewise)."""

    def forward(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        z = np.minimum(x, y)
        self.saved = ((x < y) + (x == y) * z.dtype.type(0.5)).astype(z.dtype, copy=False)
        return z

    def backward(self, g: Any) -> tuple[Any, Any]:
        wx = self.saved
        shape_x, shape_y = self.inputs[0].shape, self.inputs[1].shape
        return unbroadcast(g * wx, shape_x), unbroadcast(g * (1 - wx), shape_y)


class Where(Function):
    """z = x where condition else y.   dz/dx = condition, dz/dy = not condition.

    The condition is a constant (a bool array); only x and y get gradients.
    """

    def forward(self, x: np.ndarray, y: np.ndarray, condition: np.ndarray) -> np.ndarray:
        self.saved = condition
        return np.where(condition, x, y)

    def backward(self, g: Any) -> tuple[Any, Any]:
        condition = self.saved
        shape_x, shape_y = self.inputs[0].shape, self.inputs[1].shape
        return unbroadcast(g * condition, shape_x), unbroadcast(g * ~condition, shape_y)


class Neg(Function):
    """z = -x.   dz/dx = -1."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        return -x

    def backward(self, g: Any) -> Any:
        return -g


class Exp(Function):
    """z = e**x.   dz/dx = e**x = z (so backward reuses the output)."""

    saves_output = True

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.exp(x)

    def backward(self, g: Any) -> Any:
        return g * self.saved_output()


class Log(Function):
    """z = log x (natural log).   dz/dx = 1 / x."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.log(x)

    def backward(self, g: Any) -> Any:
        (x,) = self.saved_inputs()
        return g / x


class Sqrt(Function):
    """z = sqrt(x).   dz/dx = 1 / (2 sqrt(x)) = 0.5 / z."""

    saves_output = True

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.sqrt(x)

    def backward(self, g: Any) -> Any:
        return g * 0.5 / self.saved_output()


class Abs(Function):
    """z = |x|.   dz/dx = sign(x) (0 at x = 0, as PyTorch)."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.saved = np.sign(x)
        return np.abs(x)

    def backward(self, g: Any) -> Any:
        return g * self.saved


class Clip(Function):
    """z = min(max(x, low), high).   dz/dx = 1 where low <= x <= high, else 0."""

    def forward(self, x: np.ndarray, low: Any = None, high: Any = None) -> np.ndarray:
        self.min, self.max = low, high
        inside = np.ones(x.shape, dtype=bool)
        if low is not None:
            inside &= x >= low
        if high is not None:
            inside &= x <= high
        self.saved = inside
        return np.clip(x, low, high)

    def backward(self, g: Any) -> Any:
        return g * self.saved


class Cast(Function):
    """z = x converted to another dtype.   dz/dx = 1 (the gradient is cast back)."""

    def forward(self, x: np.ndarray, dtype: np.dtype) -> np.ndarray:
        self.dtype, self.source = dtype, x.dtype
        return x.astype(dtype)

    def backward(self, g: Any) -> Any:
        return g.astype(self.source)


class Clone(Function):
    """z = a copy of x.   dz/dx = 1."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        return x.copy()

    def backward(self, g: Any) -> Any:
        return g


# ---- the functions users call (and Tensor's operators call) ----------------
def _operands(x: Any, y: Any) -> tuple[Tensor, Tensor]:
    """Both operands as Tensors. A Python number takes the dtype of the tensor on the
    other side (dtypes.scalar_array), so mg.add(x32, 2) stays float32 like x32 + 2."""
    if isinstance(x, Tensor):
        return x, y if isinstance(y, Tensor) else x._operand(y)
    if isinstance(y, Tensor):
        return y._operand(x), y
    return as_tensor(x), as_tensor(y)


def add(x: Any, y: Any) -> Tensor:
    """x + y, broadcasting."""
    return Add.apply(*_operands(x, y))


def sub(x: Any, y: Any) -> Tensor:
    """x - y, broadcasting."""
    return Sub.apply(*_operands(x, y))


def mul(x: Any, y: Any) -> Tensor:
    """x * y, broadcasting."""
    return Mul.apply(*_operands(x, y))


def div(x: Any, y: Any) -> Tensor:
    """x / y, broadcasting."""
    return Div.apply(*_operands(x, y))


def pow(x: Any, y: Any) -> Tensor:  # noqa: A001
    """x ** y, broadcasting; both base and exponent get gradients."""
    return Pow.apply(*_operands(x, y))


def maximum(x: Any, y: Any) -> Tensor:
    """Elementwise max(x, y); ties share the gradient equally."""
    return Maximum.apply(*_operands(x, y))


def minimum(x: Any, y: Any) -> Tensor:
    """Elementwise min(x, y); ties share the gradient equally."""
    return Minimum.apply(*_operands(x, y))


def where(condition: Any, x: Any, y: Any) -> Tensor:
    """x where `condition` is true, else y (condition: bools, not differentiated)."""
    cond = np.asarray(raw(condition) if isinstance(condition, Tensor) else condition)
    if cond.dtype != np.bool_:
        raise TypeError(f"where: condition must hold bools, got dtype {cond.dtype}")
    x, y = _operands(x, y)
    if not isinstance(x, Tensor) or not isinstance(y, Tensor):
        raise TypeError("where: x and y must be tensors or numbers")
    try:
        np.broadcast_shapes(cond.shape, x.shape, y.shape)
    except ValueError:
        raise broadcast_error("where", x, y) from None
    return Where.apply(x, y, condition=cond)


def neg(x: Any) -> Tensor:
    """-x."""
    return Neg.apply(as_tensor(x))


def exp(x: Any) -> Tensor:
    """e ** x."""
    return Exp.apply(as_tensor(x))


def log(x: Any) -> Tensor:
    """Natural logarithm."""
    return Log.apply(as_tensor(x))


def sqrt(x: Any) -> Tensor:
    """Square root."""
    return Sqrt.apply(as_tensor(x))


def abs(x: Any) -> Tensor:  # noqa: A001
    """|x|."""
    return Abs.apply(as_tensor(x))


def clip(x: Any, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002
    """Values limited to [min, max]; either bound may be None."""
    if min is None and max is None:
        raise ValueError("clip: give at least one of min and max")
    if min is not None and max is not None and np.any(np.asarray(raw(min)) > np.asarray(raw(max))):
        raise ValueError(f"clip: min ({min}) is larger than max ({max})")
    x = as_tensor(x)
    # Bounds take x's float dtype, so a Python or float64 bound never upcasts float32 x.
    like = x.dtype if x.dtype.kind == "f" else None
    low = None if min is None else np.asarray(raw(min), dtype=like)
    high = None if max is None else np.asarray(raw(max), dtype=like)
    return Clip.apply(x, low=low, high=high)


def cast(x: Any, dtype: Any) -> Tensor:
    """x converted to `dtype`."""
    x = as_tensor(x)
    dtype = np.dtype(dtype)
    if dtype.kind not in "fiub":
        raise DTypeError(
            f"astype: cannot convert to dtype {dtype}; minigrad tensors hold real numbers "
            "(floats, integers or bools), e.g. np.float32"
        )
    if x.requires_grad and dtype.kind != "f":
        # The result cannot carry gradients; cut it from the graph explicitly.
        return Tensor._make(x.data.astype(dtype))
    return Cast.apply(x, dtype=dtype)


def clone(x: Any) -> Tensor:
    """A copy of x that stays in the graph."""
    return Clone.apply(as_tensor(x))
