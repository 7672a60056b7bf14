"""More activation functions: the piecewise ones (leaky_relu, elu, selu, hardtanh,
relu6) and the smooth ones built on sigmoid, tanh and erf (silu, mish, gelu).

The same pattern as `activations.py`. Where the derivative has a kink (x = 0,
or x at a bound), the value PyTorch uses there is named in the docstring, and
so is what a NaN input gets: the side of the test (`x > 0`, `x < max_val`)
where a NaN falls, since every comparison with NaN is false. (PyTorch's own
gradient at a NaN differs between its loops for short and long tensors for
elu, selu, hardtanh and relu6; minigrad gives what it gives for long ones.)

As in PyTorch, these functions refuse integer and bool tensors (hardtanh and
relu6 keep integers as integers). float16 inputs are computed in float32 and
rounded once (`widened_half`), as PyTorch's CPU kernels do.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..function import Function
from ..tensor import Tensor
from . import either
from .activations import floating
from .arguments import as_tensor

SQRT_HALF = math.sqrt(0.5)  # erf(x / √2) = erf(x · √½)
INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)  # the normal density's factor
SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
GELU_CUBIC = 0.044715  # the cubic term of gelu's tanh approximation
# SELU's two constants (Klambauer et al., 2017), to double precision as PyTorch has them
SELU_ALPHA = 1.6732632423543772
SELU_SCALE = 1.0507009873554805


def widened_half(x: Any) -> Any:
    """A float16 array widened to float32, for a formula of several steps: forward rounds
    once at the end, and the engine rounds a gradient to its input's dtype. (Tensors, in
    a recorded backward, are left as they are.)"""
    if isinstance(x, np.ndarray) and x.dtype == np.float16:
        return x.astype(np.float32)
    return x


class LeakyRelu(Function):
    """z = x where x > 0, else negative_slope · x.
    dz/dx = 1 where x > 0, else negative_slope (at 0 too, and at NaN, as PyTorch).
    """

    chain = ("z = x where x > 0, else negative_slope * x",
             "dz/dx = 1 where x > 0, else negative_slope")

    def forward(self, x: np.ndarray, negative_slope: float) -> np.ndarray:
        positive = x > 0
        self.saved = positive
        return np.where(positive, x, x * negative_slope)

    def backward(self, g: Any) -> Any:
        return either.where(self.saved, g, g * self.params["negative_slope"])


class Elu(Function):
    """z = x where x > 0, else α (eˣ - 1)   (all times `scale`, which is 1 for elu).
    dz/dx = 1 where x > 0, else α eˣ (times `scale`): α at 0, and NaN at NaN.
    """

    chain = ("z = x where x > 0, else alpha * (e**x - 1)",
             "dz/dx = 1 where x > 0, else alpha * e**x")

    def forward(self, x: np.ndarray, alpha: float, scale: float = 1.0) -> np.ndarray:
        # min(x, 0): eˣ - 1 only of the values that use it, so a large x never overflows
        w = widened_half(x)
        z = np.where(w > 0, w, alpha * np.expm1(np.minimum(w, 0)))
        return (z * scale if scale != 1 else z).astype(x.dtype, copy=False)

    def backward(self, g: Any) -> Any:
        x = widened_half(self.saved_inputs()[0])
        alpha, scale = self.params["alpha"], self.params.get("scale", 1.0)
        positive = either.raw(x) > 0
        slope = either.where(positive, 1.0, alpha * either.exp(either.where(positive, 0.0, x)))
        return g * (slope * scale if scale != 1 else slope)


class Selu(Elu):
    """z = scale · elu(x, α) with SELU's constants α ≈ 1.6733, scale ≈ 1.0507, chosen so
    that activations keep mean 0 and variance 1 through many layers.
    dz/dx = scale where x > 0, else scale · α eˣ (scale · α at 0, as PyTorch; NaN at NaN).
    """

    chain = ("z = scale * (x where x > 0, else alpha * (e**x - 1))",
             "dz/dx = scale where x > 0, else scale * alpha * e**x")


class Hardtanh(Function):
    """z = min_val where x <= min_val, max_val where x >= max_val, else x.
    dz/dx = 1 where min_val < x < max_val, else 0: 0 at the two corners, as PyTorch,
    and 0 at NaN.
    """

    chain = ("z = x limited to [min_val, max_val]",
             "dz/dx = 1 where min_val < x < max_val, else 0")

    def forward(self, x: np.ndarray, min_val: float, max_val: float) -> np.ndarray:
        if x.dtype == np.bool_:
            raise TypeError("bool tensors are not supported (as in PyTorch); convert first, "
                            "e.g. mask.float()")
        if x.dtype.kind == "u" and min(min_val, max_val) < 0:
            raise ValueError(f"an unsigned integer tensor ({x.dtype}) cannot be limited by "
                             f"a negative bound ({min_val}, {max_val}), as in PyTorch; convert "
                             "it first, e.g. x.astype(np.int64)")
        if x.dtype.kind in "iu":  # integers stay integers: the bounds are truncated, as PyTorch
            info = np.iinfo(x.dtype)
            min_val = min(max(math.trunc(min_val), info.min), info.max)
            max_val = min(max(math.trunc(max_val), info.min), info.max)
        else:
            self.saved = (x > min_val) & (x < max_val)  # where the slope is 1
        return np.clip(x, min_val, max_val)

    def backward(self, g: Any) -> Any:
        return either.masked(g, self.saved)


class Relu6(Hardtanh):
    """z = min(max(x, 0), 6): hardtanh with the bounds 0 and 6.
    dz/dx = 1 where 0 < x < 6, else 0 (0 at 0 and at 6, as PyTorch, and at NaN).
    """

    chain = ("z = min(max(x, 0), 6)", "dz/dx = 1 where 0 < x < 6, else 0")


class Gelu(Function):
    """z = x Φ(x), Φ(x) = (1 + erf(x / √2)) / 2 the standard normal's CDF.
    dz/dx = Φ(x) + x φ(x), φ(x) = e^(-x²/2) / √(2π) its density.

    approximate='tanh' replaces Φ(x) by (1 + tanh u) / 2, u = √(2/π) (x + 0.044715 x³):
    dz/dx = (1 + tanh u) / 2 + x (1 - tanh² u) √(2/π) (1 + 3 · 0.044715 x²) / 2.
    """

    chain = ("z = x * Phi(x), Phi the normal CDF (or its tanh approximation)",
             "dz/dx = Phi(x) + x * Phi'(x)")

    def forward(self, x: np.ndarray, approximate: str = "none") -> np.ndarray:
        with np.errstate(invalid="ignore"):  # x = -inf: -inf · 0 is NaN, as PyTorch gives
            if approximate == "tanh":
                w = widened_half(x)
                z = 0.5 * w * (1 + np.tanh(SQRT_2_OVER_PI * (w + GELU_CUBIC * (w * w * w))))
            else:  # in float64: for x < -3, 1 + erf(...) in float32 would keep few digits
                w = x.astype(np.float64, copy=False)
                cdf = 0.5 * (1 + either.erf(w * SQRT_HALF))
                self.saved = cdf.astype(widened_half(x).dtype, copy=False)  # Φ(x), for backward
                z = w * cdf
        return z.astype(x.dtype, copy=False)

    def backward(self, g: Any) -> Any:
        x = widened_half(self.saved_inputs()[0])
        if self.params["approximate"] == "tanh":
            t = either.tanh(SQRT_2_OVER_PI * (x + GELU_CUBIC * (x * x * x)))
            du = SQRT_2_OVER_PI * (1 + 3 * GELU_CUBIC * (x * x))  # du/dx
            return g * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * du)
        if self.create_graph:  # recorded: Φ(x) as a function of x, to differentiate again
            cdf = 0.5 * (1 + either.erf(x * SQRT_HALF))
        else:  # the Φ(x) forward kept: numpy has no erf, and math.erf element by element is slow
            cdf = self.saved
        return g * (cdf + x * INV_SQRT_2PI * either.exp(-0.5 * (x * x)))


class Silu(Function):
    """z = x σ(x), σ the sigmoid (also called swish).
    dz/dx = σ(x) + x σ(x) (1 - σ(x)) = σ(x) (1 + x (1 - σ(x))).
    """

    chain = ("z = x * sigmoid(x)", "dz/dx = sigmoid(x) * (1 + x * (1 - sigmoid(x)))")

    def forward(self, x: np.ndarray) -> np.ndarray:
        w = widened_half(x)
        with np.errstate(invalid="ignore"):  # x = -inf: -inf · 0 is NaN, as PyTorch gives
            return (w * either.sigmoid(w)).astype(x.dtype, copy=False)

    def backward(self, g: Any) -> Any:
        x = widened_half(self.saved_inputs()[0])
        s = either.sigmoid(x)
        return g * (s * (1 + x * (1 - s)))


class Mish(Function):
    """z = x tanh(softplus(x)), softplus(x) = log(1 + eˣ).
    dz/dx = tanh(softplus(x)) + x σ(x) (1 - tanh²(softplus(x)))   (softplus' = σ).
    """

    chain = ("z = x * tanh(softplus(x))",
             "dz/dx = tanh(softplus(x)) + x * sigmoid(x) * (1 - tanh(softplus(x))**2)")

    def forward(self, x: np.ndarray) -> np.ndarray:
        w = widened_half(x)
        with np.errstate(invalid="ignore"):  # x = -inf: -inf · 0 is NaN, as PyTorch gives
            return (w * np.tanh(either.softplus(w))).astype(x.dtype, copy=False)

    def backward(self, g: Any) -> Any:
        x = widened_half(self.saved_inputs()[0])
        t = either.tanh(either.softplus(x))
        return g * (t + x * either.sigmoid(x) * (1 - t * t))


# ---- the functions users call (minigrad.functional adds `inplace=`) --------------------
def leaky_relu(x: Any, negative_slope: float = 0.01) -> Tensor:
    """x where x > 0, else negative_slope * x."""
    return LeakyRelu.apply(floating(x, "leaky_relu"), negative_slope=float(negative_slope))


def elu(x: Any, alpha: float = 1.0) -> Tensor:
    """x where x > 0, else alpha * (e**x - 1)."""
    return Elu.apply(floating(x, "elu"), alpha=float(alpha))


def selu(x: Any) -> Tensor:
    """scale * elu(x, alpha) with SELU's fixed constants (PyTorch's torch.selu)."""
    return Selu.apply(floating(x, "selu"), alpha=SELU_ALPHA, scale=SELU_SCALE)


def hardtanh(x: Any, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:
    """x limited to [min_val, max_val] (integers stay integers)."""
    if min_val > max_val:
        raise ValueError(f"hardtanh: min_val ({min_val}) cannot be greater than max_val "
                         f"({max_val})")
    return Hardtanh.apply(as_tensor(x), min_val=float(min_val), max_val=float(max_val))


def relu6(x: Any) -> Tensor:
    """min(max(x, 0), 6) (integers stay integers)."""
    return Relu6.apply(as_tensor(x), min_val=0.0, max_val=6.0)


def gelu(x: Any, approximate: str = "none") -> Tensor:
    """x * Φ(x), Φ the standard normal's CDF; approximate='tanh' for the tanh formula."""
    if approximate not in ("none", "tanh"):
        raise ValueError(f"gelu: approximate must be 'none' or 'tanh', got {approximate!r}")
    return Gelu.apply(floating(x, "gelu"), approximate=approximate)


def silu(x: Any) -> Tensor:
    """x * sigmoid(x)."""
    return Silu.apply(floating(x, "silu"))


def mish(x: Any) -> Tensor:
    """x * tanh(softplus(x))."""
    return Mish.apply(floating(x, "mish"))
