"""Elementwise ops. Binary ones broadcast like numpy: their backward returns
each input's gradient in the output's shape, and the engine sums it back to
the input's shape (`engine.sum_to_shape`, the backward of broadcasting).

Notation in the docstrings: z is the output, g = dL/dz the gradient arriving
from above, and the backward returns dL/dx = g * dz/dx for each input x.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..dtypes import is_python_scalar, result_type, to_array
from ..errors import broadcast_error
from ..function import Function
from ..tensor import Tensor
from . import either
from .arguments import as_float, as_tensor
from .cast import cast
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

    def forward(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return x + y

    def backward(self, g: Any) -> tuple[Any, Any]:
        return g, g


class Sub(BinaryOp):
    """z = x - y.   dz/dx = 1, dz/dy = -1."""

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

    def forward(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return x * y

    def backward(self, g: Any) -> tuple[Any, Any]:
        x, y = self.saved_inputs()
        gx = g * y if self.needs_input_grad[0] else None
        gy = g * x if self.needs_input_grad[1] else None
        return gx, gy


class Div(BinaryOp):
    """z = x / y.   dz/dx = 1 / y, dz/dy = -x / y**2 = -z / y."""

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

    saves_output = True

    @staticmethod
    def refusal(x: Any, y: Any) -> str | None:
        if is_bool(x) and isinstance(y, Tensor) and y.data.dtype == np.bool_:
            return ("pow: a bool to the power of a bool tensor is not supported (as in "
                    "PyTorch); convert the exponent: y.astype(np.int64)")
        if (isinstance(x, Tensor) and x.data.dtype.kind in "iub" and isinstance(y, int)
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

    def forward(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        z = np.maximum(x, y)
        if z.dtype.kind == "f":  # (integers and bools have no gradient)
            self.saved = _shares(x < y, x > y, x == y, z.dtype)
        return z

    def backward(self, g: Any) -> tuple[Any, Any]:
        wx, wy = self.saved
        return g * wx, g * wy


class Minimum(BinaryOp):
    """z = min(x, y).   dz/dx = 1 where x < y, 1/2 where x == y, 0 where x > y (y likewise).

    Where x or y is NaN, z is NaN and both get dz = 1, as in PyTorch.
    """

    def forward(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        z = np.minimum(x, y)
        if z.dtype.kind == "f":  # (integers and bools have no gradient)
            self.saved = _shares(x > y, x < y, x == y, z.dtype)
        return z

    def backward(self, g: Any) -> tuple[Any, Any]:
        wx, wy = self.saved
        return g * wx, g * wy


class Where(BinaryOp):
    """z = x where condition else y.   dz/dx = condition, dz/dy = not condition.

    The condition is a constant (a bool array); only x and y get gradients.
    """

    def forward(self, x: np.ndarray, y: np.ndarray, condition: np.ndarray) -> np.ndarray:
        self.saved = condition
        return np.where(condition, x, y)

    def backward(self, g: Any) -> tuple[Any, Any]:
        condition = self.saved
        return g * condition, g * ~condition


class Neg(Function):
    """z = -x.   dz/dx = -1."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        if x.dtype == np.bool_:
            raise TypeError("negation of a bool tensor is not supported (as in PyTorch); "
                            "to invert a mask use ~mask")
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
    """z = |x|.   dz/dx = sign(x) (0 at x = 0 and at NaN, as PyTorch)."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        if x.dtype == np.bool_:
            raise TypeError("abs of a bool tensor is not supported (as in PyTorch); convert "
                            "it first if you want numbers, e.g. mask.astype(np.int64)")
        self.saved = (x > 0).astype(x.dtype) - (x < 0)  # sign(x), but 0 (not NaN) at NaN
        return np.abs(x)

    def backward(self, g: Any) -> Any:
        return g * self.saved


class Clip(Function):
    """z = min(max(x, low), high).   dz/dx = 1 where low <= x <= high, else 0.

    PyTorch's clamp: where low > high, z = high. For the bounds,
    dz/dlow  = 1 where x < low and low < high, else 0
    dz/dhigh = 1 where x > high, or where high < low, else 0
    so the gradient of each element goes to the one value z took there. A bound
    given as a number is the parameter `min` or `max`; a bound given as a
    Tensor is an input after x (min before max), named in `tensor_bounds`, and
    gets its gradient summed back to its shape.
    """

    def forward(
        self,
        x: np.ndarray,
        *bound_arrays: np.ndarray,
        min: Any = None,
        max: Any = None,
        tensor_bounds: tuple[str, ...] = (),
    ) -> np.ndarray:
        given = dict(zip(tensor_bounds, bound_arrays))
        low, high = given.get("min", min), given.get("max", max)
        inside, below, above = True, False, False  # NaN compares False: no gradient
        if low is not None:
            inside, below = x >= low, x < low
        if high is not None:
            inside, above = inside & (x <= high), x > high
        if low is not None and high is not None:  # where high < low, z = high whatever x is
            below, above = below & (low < high), above | (high < low)  # (PyTorch's rule)
        self.saved = (inside, below, above)
        return np.clip(x, low, high)

    def backward(self, g: Any) -> Any:
        inside, below, above = self.saved
        grads = [g * inside]
        tensor_bounds = self.params.get("tensor_bounds", ())
        for k, name in enumerate(tensor_bounds, start=1):
            need = self.needs_input_grad[k]
            mask = below if name == "min" else above
            grads.append(g * mask if need else None)
        return tuple(grads) if tensor_bounds else grads[0]

    def explain_error(self, error: Exception, inputs: Any) -> Exception:
        x, *bounds = inputs
        for bound in bounds:
            try:
                np.broadcast_shapes(x.shape, bound.shape)
            except ValueError:
                return broadcast_error("clip", x, bound)
        return super().explain_error(error, inputs)


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


def clip(x: Any, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002
    """Values limited to [min, max] (PyTorch's clamp); either bound may be None.

    Tensor bounds get gradients (where they are the value taken); where
    min > max the result is max, as in PyTorch. The dtype follows PyTorch's
    promotion: float32 x with number bounds stays float32.
    """
    if min is None and max is None:
        raise ValueError("clip: give at least one of min and max")
    numbers = [is_python_scalar(v) or isinstance(v, np.generic) for v in (min, max)]
    if min is not None and max is not None and numbers[0] != numbers[1]:
        # One number and one tensor: PyTorch takes a 0-d tensor that needs no gradient
        # as the number it holds, and refuses any other tensor here
        tensor = max if numbers[0] else min
        if np.ndim(raw(tensor)) != 0 or getattr(tensor, "requires_grad", False):
            raise TypeError(
                f"clip: min and max must both be numbers or both be tensors, got "
                f"{type(min).__name__} and {type(max).__name__} (as in PyTorch, a tensor "
                "goes with a number only if it is 0-d and needs no gradient); make the "
                "number a tensor too, e.g. mg.tensor(1.0)"
            )
        if numbers[0]:
            max = raw(max).item()
        else:
            min = raw(min).item()
    x = as_tensor(x)
    values = [v if v is None or isinstance(v, (Tensor, np.generic)) or is_python_scalar(v)
              else to_array(v) for v in (min, max)]
    dtype = result_type(x.data, *[raw(v) if isinstance(v, Tensor) else v
                                  for v in values if v is not None])
    if x.data.dtype != dtype:
        x = cast(x, dtype)
    params: dict[str, Any] = {}  # the bounds given as numbers, as the picture shows them
    inputs, names = [], []
    for name, v in zip(("min", "max"), values):
        if isinstance(v, Tensor):  # an input: it gets a gradient
            inputs.append(v if v.data.dtype == dtype else cast(v, dtype))
            names.append(name)
        elif v is not None:  # a constant of the result's dtype
            if dtype.kind in "iu" and not np.iinfo(dtype).min <= v <= np.iinfo(dtype).max:
                raise OverflowError(
                    f"clip: {name}={v} does not fit the tensor's dtype {dtype}; convert the "
                    "tensor to a wider one first, e.g. x.astype(np.int64)"
                )
            params[name] = np.asarray(v, dtype=dtype)
    if names:
        params["tensor_bounds"] = tuple(names)
    return Clip.apply(x, *inputs, **params)
