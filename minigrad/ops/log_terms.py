"""Logarithms with a factor or a ratio: logit, xlogy, xlog1py and entr.

xlogy(x, y) = x ln y and xlog1py(x, y) = x ln(1 + y) are 0 where x = 0, whatever
y is (0 ln 0 = 0, the limit of x ln x, which the entropy -Σ p ln p needs). A
NaN y still gives NaN, as in PyTorch. entr(x) = -x ln x is that entropy term
on its own; logit(p) = ln(p / (1 - p)) undoes the sigmoid.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import DTypeError
from ..function import Function
from ..tensor import Tensor
from . import either
from .activations_more import widened_half
from .arguments import as_float
from .elementwise import BinaryOp
from .promotion import binary


def _by_log(x: np.ndarray, log_y: np.ndarray, y: np.ndarray) -> np.ndarray:
    """x * log_y, with 0 where x = 0 (unless y is NaN)."""
    with np.errstate(invalid="ignore"):
        return np.where((x == 0) & ~np.isnan(y), 0, x * log_y).astype(log_y.dtype, copy=False)


class Xlogy(BinaryOp):
    """z = x ln y, and 0 where x = 0 (unless y is NaN).

    dz/dx = ln y (and 0 where x = 0 and y <= 0, as PyTorch),  dz/dy = x / y.
    """

    chain = ("z = x * ln y", "dz/dx = ln y (0 where x = 0 and y <= 0)", "dz/dy = x / y")
    gives_floats = True

    def forward(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        wx, wy = widened_half(x), widened_half(y)  # float16 computed in float32, rounded once
        with np.errstate(divide="ignore", invalid="ignore"):
            return _by_log(wx, np.log(wy), wy).astype(np.result_type(x, y), copy=False)

    def backward(self, g: Any) -> tuple[Any, Any]:
        x, y = (widened_half(v) for v in self.saved_inputs())
        g = widened_half(g)  # (the engine rounds the gradients to the inputs' dtypes)
        with np.errstate(divide="ignore", invalid="ignore"):
            gx = gy = None
            if self.needs_input_grad[0]:
                rx, ry = either.raw(x), either.raw(y)
                gx = g * either.where((rx == 0) & (ry <= 0), 0, either.log(y))
            if self.needs_input_grad[1]:
                gy = g * x / y
        return gx, gy


class Xlog1py(BinaryOp):
    """z = x ln(1 + y), and 0 where x = 0 (unless y is NaN).

    dz/dx = ln(1 + y) (and 0 where x = 0 and y <= -1, as PyTorch),  dz/dy = x / (1 + y).
    """

    chain = ("z = x * ln(1 + y)", "dz/dx = ln(1 + y) (0 where x = 0 and y <= -1)",
             "dz/dy = x / (1 + y)")
    gives_floats = True

    def forward(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        wx, wy = widened_half(x), widened_half(y)
        with np.errstate(divide="ignore", invalid="ignore"):
            return _by_log(wx, np.log1p(wy), wy).astype(np.result_type(x, y), copy=False)

    def backward(self, g: Any) -> tuple[Any, Any]:
        x, y = (widened_half(v) for v in self.saved_inputs())
        g = widened_half(g)  # (the engine rounds the gradients to the inputs' dtypes)
        with np.errstate(divide="ignore", invalid="ignore"):
            gx = gy = None
            if self.needs_input_grad[0]:
                rx, ry = either.raw(x), either.raw(y)
                gx = g * either.where((rx == 0) & (ry <= -1), 0, either.log1p(y))
            if self.needs_input_grad[1]:
                gy = g * x / (1 + y)
        return gx, gy


class Entr(Function):
    """z = -x ln x for x > 0, 0 at x = 0, -inf for x < 0 (as PyTorch).

    dz/dx = -(ln x + 1)  (inf at x = 0, NaN for x < 0).
    """

    chain = ("z = -x * ln x", "dz/dx = -(ln x + 1)")

    def forward(self, x: np.ndarray) -> np.ndarray:
        w = widened_half(x)
        with np.errstate(divide="ignore", invalid="ignore"):
            z = np.where(w > 0, -w * np.log(np.where(w > 0, w, 1)), np.where(w == 0, 0, -np.inf))
        return np.where(np.isnan(w), w, z).astype(x.dtype, copy=False)

    def backward(self, g: Any) -> Any:
        (x,) = self.saved_inputs()
        x, g = widened_half(x), widened_half(g)
        with np.errstate(divide="ignore", invalid="ignore"):
            return -g * (either.log(x) + 1)


class Logit(Function):
    """z = ln(p / (1 - p)), the inverse of the sigmoid; with eps, p is first clamped to
    [eps, 1 - eps].

    dz/dp = 1 / (p (1 - p)); with eps, 0 where p lies outside [eps, 1 - eps]; without,
    g * inf at 0 and 1 and NaN outside [0, 1] (as PyTorch).
    """

    chain = ("z = ln(p / (1 - p))", "dz/dp = 1 / (p * (1 - p))")

    def forward(self, x: np.ndarray, eps: float | None) -> np.ndarray:
        # (float16 too is computed step by step in float16, as PyTorch's CPU kernel does)
        if eps is not None:
            lo, hi = x.dtype.type(eps), x.dtype.type(1 - eps)
            x = np.where(x < lo, lo, np.where(x > hi, hi, x))  # PyTorch's order of the two
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log(x / (1 - x)).astype(x.dtype, copy=False)

    def backward(self, g: Any) -> Any:
        (x,) = self.saved_inputs()
        eps, rx = self.params["eps"], either.raw(x)
        with np.errstate(divide="ignore", invalid="ignore"):
            slope = g / (x * (1 - x))
            # at 0 and 1: g * inf, as PyTorch (the sign of a -0 plays no part)
            slope = either.where((rx == 0) | (rx == 1), g * np.inf, slope)
            if eps is None:
                return either.where((rx < 0) | (rx > 1), np.nan, slope)
            outside = (rx < rx.dtype.type(eps)) | (rx > rx.dtype.type(1 - eps))
            return either.where(outside, 0, slope)


# ---- the functions users call (and the Tensor methods call) -----------------------
def xlogy(input: Any, other: Any) -> Tensor:  # noqa: A002  (PyTorch's names)
    """input * ln(other), 0 where input is 0 (unless other is NaN); broadcasting, numbers
    on either side; integers give float32."""
    if not isinstance(input, Tensor) and not isinstance(other, Tensor):
        raise TypeError("xlogy: at least one of input and other must be a tensor")
    return binary(Xlogy, input, other)


def xlog1py(input: Any, other: Any) -> Tensor:  # noqa: A002
    """input * ln(1 + other), 0 where input is 0 (unless other is NaN); accurate for tiny
    other."""
    if not isinstance(input, Tensor) and not isinstance(other, Tensor):
        raise TypeError("xlog1py: at least one of input and other must be a tensor")
    return binary(Xlog1py, input, other)


def entr(input: Any) -> Tensor:  # noqa: A002
    """-input * ln(input) elementwise (0 at 0, -inf below 0)."""
    return Entr.apply(as_float(input))


def logit(input: Any, eps: float | None = None) -> Tensor:  # noqa: A002
    """ln(p / (1 - p)), the inverse of the sigmoid. With eps, p is clamped to
    [eps, 1 - eps] first, so the result stays finite at 0 and 1."""
    if eps is not None:
        if isinstance(eps, bool) or not isinstance(eps, (int, float, np.integer, np.floating)):
            raise TypeError(f"logit: eps must be a number or None, got {eps!r}")
        eps = None if eps < 0 else float(eps)  # a negative eps clamps nothing, as in PyTorch
    x = as_float(input)
    if x.dtype.kind != "f":
        raise DTypeError(f"logit: needs a floating tensor, got {x.dtype}")
    return Logit.apply(x, eps=eps)
