"""Two elementwise ops of several operands: lerp (a point between two tensors) and
hypot (the length of the hypotenuse).

Both broadcast their operands; the engine sums each gradient back to its
operand's shape. Only floating tensors are accepted, as in PyTorch.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import DTypeError, ShapeError, broadcast_error, shape_str
from ..function import Function
from ..tensor import Tensor
from .activations_more import widened_half
from .arguments import not_a_number
from .elementwise import BinaryOp
from .promotion import binary


class Lerp(Function):
    """z = x + w (y - x): the point a fraction w of the way from x to y.

    dz/dx = 1 - w,  dz/dy = w,  dz/dw = y - x.

    Forward computes y - (y - x)(1 - w) where w >= 0.5 (PyTorch's formula: exact at w = 1).
    """

    chain = ("z = x + w * (y - x)", "dz/dx = 1 - w", "dz/dy = w", "dz/dw = y - x")

    def forward(self, x: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
        dtype = x.dtype
        x, y, w = widened_half(x), widened_half(y), widened_half(w)  # float16 in float32
        diff = y - x
        return np.where(np.abs(w) < 0.5, x + w * diff, y - diff * (1 - w)).astype(dtype)

    def backward(self, g: Any) -> tuple[Any, Any, Any]:
        x, y, w = self.saved_inputs()
        need = self.needs_input_grad
        return (g * (1 - w) if need[0] else None, g * w if need[1] else None,
                g * (y - x) if need[2] else None)


class Hypot(BinaryOp):
    """z = sqrt(x² + y²), without overflow for large x or y.

    dz/dx = x / z,  dz/dy = y / z  (0 / 0 = NaN at the origin, as in PyTorch).
    """

    chain = ("z = sqrt(x**2 + y**2)", "dz/dx = x / z", "dz/dy = y / z")

    def forward(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return np.hypot(x, y)

    def backward(self, g: Any) -> tuple[Any, Any]:
        x, y = self.saved_inputs()
        z = hypot(x, y) if isinstance(x, Tensor) else np.hypot(x, y)
        with np.errstate(divide="ignore", invalid="ignore"):
            gx = g * x / z if self.needs_input_grad[0] else None
            gy = g * y / z if self.needs_input_grad[1] else None
        return gx, gy


# ---- the functions users call (and the Tensor methods call) -----------------------
def lerp(input: Any, end: Any, weight: Any) -> Tensor:  # noqa: A002  (PyTorch's names)
    """input + weight * (end - input), broadcasting all three. weight is a number or a
    tensor; input, end (and a tensor weight) must be floating tensors of one dtype, as in
    PyTorch (a 0-d weight may be any float dtype)."""
    x, y = not_a_number("lerp", "input", input), not_a_number("lerp", "end", end)
    if x.dtype.kind != "f":
        raise DTypeError(f"lerp: input has dtype {x.dtype}; lerp needs floating tensors (as in "
                         "PyTorch): convert first, e.g. x.float()")
    if y.dtype != x.dtype:
        raise DTypeError(f"lerp: end has dtype {y.dtype} but input {x.dtype}; both need the "
                         "same dtype, as in PyTorch: convert one, e.g. end.to(input.dtype)")
    if isinstance(weight, Tensor):
        w = weight
        if w.dtype != x.dtype and not (w.ndim == 0 and w.dtype.kind == "f"):
            raise DTypeError(f"lerp: weight has dtype {w.dtype} but input {x.dtype}; a weight "
                             "tensor needs input's dtype, as in PyTorch (or pass a number)")
        if w.dtype != x.dtype:
            w = w.to(x.dtype)
    elif isinstance(weight, (bool, int, float, np.integer, np.floating)):
        # (float16 meets the number in float32, as PyTorch computes it)
        w = Tensor._make(np.asarray(weight, np.float32 if x.dtype == np.float16 else x.dtype))
    else:
        raise TypeError(f"lerp: weight must be a number or a tensor, got {weight!r}")
    for a, b in ((x, y), (x, w), (y, w)):
        try:
            np.broadcast_shapes(a.shape, b.shape)
        except ValueError:
            raise broadcast_error("lerp", a, b) from None
    try:
        np.broadcast_shapes(x.shape, y.shape, w.shape)
    except ValueError:
        raise ShapeError(f"lerp: shapes {shape_str(x.shape)}, {shape_str(y.shape)} and "
                         f"{shape_str(w.shape)} cannot be broadcast together") from None
    return Lerp.apply(x, y, w)


def hypot(input: Any, other: Any) -> Tensor:  # noqa: A002
    """sqrt(input² + other²) elementwise, broadcasting; both must be tensors, and at least
    one floating (PyTorch refuses two integer tensors)."""
    x, y = not_a_number("hypot", "input", input), not_a_number("hypot", "other", other)
    if x.dtype.kind != "f" and y.dtype.kind != "f":
        raise DTypeError(f"hypot: the operands have dtypes {x.dtype} and {y.dtype}; hypot "
                         "needs a floating tensor (as in PyTorch): convert first, e.g. x.float()")
    return binary(Hypot, x, y)
