"""The "hard" piecewise activations and a few more: hardsigmoid, hardswish, threshold
and celu (one op each, forward beside backward), softsign and tanhshrink (compositions
of abs, divide, tanh and subtract, which bring their own gradients).

The same pattern as `activations_more.py`: where the derivative has a kink, the value
PyTorch 2.13 uses there is named in the docstring. hardsigmoid, hardswish and celu
refuse integer and bool tensors, as PyTorch; threshold keeps integers as integers.
float16 inputs are computed in float32 and rounded once.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..function import Function
from ..tensor import Tensor
from . import either
from .activations import floating
from .activations_more import widened_half
from .arguments import as_tensor


class Hardsigmoid(Function):
    """z = min(max(x + 3, 0), 6) / 6: 0 below -3, 1 above 3, a line between.
    dz/dx = 1/6 where -3 < x < 3, else 0 (0 at -3 and at 3, as PyTorch; 0 at NaN).
    (1/6 rounded to float32, as PyTorch's kernel has it: see SIXTH.)
    """

    chain = ("z = min(max(x + 3, 0), 6) / 6", "dz/dx = 1/6 where -3 < x < 3, else 0")

    def forward(self, x: np.ndarray) -> np.ndarray:
        w = widened_half(x)
        self.saved = (x > -3) & (x < 3)
        return (np.clip(w + 3, 0, 6) / 6).astype(x.dtype, copy=False)

    def backward(self, g: Any) -> Any:
        return either.masked(g, self.saved) * SIXTH


# PyTorch's hardsigmoid backward multiplies by 1/6 held as a float32 (0.1666666716...)
# even for float64; the same constant here gives the same gradients
SIXTH = float(np.float32(1 / 6))


class Hardswish(Function):
    """z = x · min(max(x + 3, 0), 6) / 6: 0 below -3, x above 3, x (x + 3) / 6 between.
    dz/dx = 0 where x <= -3, 1 where x >= 3, else x / 3 + 1/2 (so 0 at -3 and 1 at 3,
    as PyTorch 2.13 gives; NaN at NaN).
    """

    chain = ("z = x * min(max(x + 3, 0), 6) / 6",
             "dz/dx = 0 where x <= -3, 1 where x >= 3, else x/3 + 1/2")

    def forward(self, x: np.ndarray) -> np.ndarray:
        w = widened_half(x)
        return (w * np.clip(w + 3, 0, 6) / 6).astype(x.dtype, copy=False)

    def backward(self, g: Any) -> Any:
        x = widened_half(self.saved_inputs()[0])
        raw = either.raw(x)
        with np.errstate(invalid="ignore"):
            low, high = raw <= -3, raw >= 3
        middle = x / 3 + 0.5
        return g * either.where(low, 0.0, either.where(high, 1.0, middle))


class Threshold(Function):
    """z = x where x > threshold, else value.
    dz/dx = 1 where x > threshold, else 0 (0 at x == threshold, as PyTorch; a NaN
    stays NaN, with slope 1).
    """

    chain = ("z = x where x > threshold, else value",
             "dz/dx = 1 where x > threshold, else 0")

    def forward(self, x: np.ndarray, threshold: float, value: float) -> np.ndarray:
        above = ~(x <= threshold)  # NaN stays NaN, with gradient 1, as PyTorch
        self.saved = above
        if x.dtype.kind in "iu":  # integers stay integers: the value truncated, as PyTorch
            return np.where(above, x, np.array(int(value)).astype(x.dtype))
        return np.where(above, x, np.array(value, dtype=x.dtype))

    def backward(self, g: Any) -> Any:
        return either.masked(g, self.saved)


class Celu(Function):
    """z = x where x > 0, else α (e^(x/α) - 1).
    dz/dx = 1 where x > 0, else e^(x/α) (1 at 0; NaN at NaN).
    """

    chain = ("z = x where x > 0, else alpha * (e**(x/alpha) - 1)",
             "dz/dx = 1 where x > 0, else e**(x/alpha)")

    def forward(self, x: np.ndarray, alpha: float) -> np.ndarray:
        w = widened_half(x)
        z = np.where(w > 0, w, alpha * np.expm1(np.minimum(w, 0) / alpha))
        return z.astype(x.dtype, copy=False)

    def backward(self, g: Any) -> Any:
        x = widened_half(self.saved_inputs()[0])
        alpha = self.params["alpha"]
        positive = either.raw(x) > 0
        return g * either.where(positive, 1.0,
                                either.exp(either.where(positive, 0.0, x) / alpha))


# ---- the functions users call (minigrad.functional adds `inplace=`) --------------------
def _number(fn: str, name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{fn}: {name} must be a number, got {value!r}")
    return float(value)


def hardsigmoid(x: Any) -> Tensor:
    """min(max(x + 3, 0), 6) / 6."""
    return Hardsigmoid.apply(floating(x, "hardsigmoid"))


def hardswish(x: Any) -> Tensor:
    """x * min(max(x + 3, 0), 6) / 6."""
    return Hardswish.apply(floating(x, "hardswish"))


def threshold(x: Any, threshold: float, value: float) -> Tensor:
    """x where x > threshold, else value (integers stay integers)."""
    t = as_tensor(x)
    if t.dtype == np.bool_:
        raise TypeError("threshold: bool tensors are not supported (as in PyTorch); convert "
                        "first, e.g. mask.float()")
    bound, value = (_number("threshold", "threshold", threshold),
                    _number("threshold", "value", value))
    if t.dtype.kind in "iu":  # as PyTorch: both converted to the integer dtype (truncated)
        info = np.iinfo(t.dtype)
        for name, v in (("threshold", bound), ("value", value)):
            if not info.min <= math.trunc(v) <= info.max:
                raise ValueError(f"threshold: the {name} {v} cannot be converted to the "
                                 f"input's dtype {t.dtype} without overflow (as in PyTorch)")
        bound = float(math.trunc(bound))
    return Threshold.apply(t, threshold=bound, value=value)


def celu(x: Any, alpha: float = 1.0) -> Tensor:
    """x where x > 0, else alpha * (e**(x / alpha) - 1)."""
    a = _number("celu", "alpha", alpha)
    if a == 0:
        raise ValueError("celu: alpha cannot be 0 (x / alpha is in the formula), as in "
                         "PyTorch")
    return Celu.apply(floating(x, "celu"), alpha=a)


def softsign(x: Any) -> Tensor:
    """x / (1 + |x|): a composition, whose gradient is 1 / (1 + |x|)²."""
    t = as_tensor(x)
    return t / (1 + t.abs())


def tanhshrink(x: Any) -> Tensor:
    """x - tanh(x): a composition, whose gradient is tanh(x)²."""
    t = as_tensor(x)
    return t - t.tanh()
