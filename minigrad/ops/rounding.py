"""The step functions: sign, floor, ceil, round and trunc.

Their values are whole numbers (or -1, 0, 1), so they keep the input's dtype,
integers included, as in PyTorch. Between the steps they are flat and at the
steps they jump, so their gradient is 0 everywhere (PyTorch's choice at the
steps too): backward hands back zeros, whatever g is.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import DTypeError
from ..function import Function
from ..tensor import Tensor
from .arguments import as_tensor


def zero_gradient(g: Any) -> Any:
    """Zeros shaped like g, for arrays and Tensors (not g * 0, which is NaN where g is
    infinite)."""
    if isinstance(g, Tensor):
        return Tensor._make(np.zeros_like(g._data))  # a constant: nothing to differentiate
    return np.zeros_like(g)


class Sign(Function):
    """z = sign x: -1, 0 or 1 (0 at a NaN, as PyTorch).   dz/dx = 0."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        if x.dtype == np.bool_:
            return x.copy()  # sign of True is True
        return (x > 0).astype(x.dtype) - (x < 0)  # not np.sign: that keeps NaN

    def backward(self, g: Any) -> Any:
        return zero_gradient(g)


class Rounding(Function):
    """Shared by floor, ceil, round and trunc: integers are returned as they are
    (they are whole numbers already), floats go to `step`.   dz/dx = 0."""

    def forward(self, x: np.ndarray, **params: Any) -> np.ndarray:
        if x.dtype.kind in "iu":
            return x.copy()
        return self.step(x, **params)

    def step(self, x: np.ndarray, **params: Any) -> np.ndarray:
        raise NotImplementedError

    def backward(self, g: Any) -> Any:
        return zero_gradient(g)


class Floor(Rounding):
    """z = ⌊x⌋, the largest whole number <= x.   dz/dx = 0."""

    def step(self, x: np.ndarray) -> np.ndarray:
        return np.floor(x)


class Ceil(Rounding):
    """z = ⌈x⌉, the smallest whole number >= x.   dz/dx = 0."""

    def step(self, x: np.ndarray) -> np.ndarray:
        return np.ceil(x)


class Trunc(Rounding):
    """z = x without its fractional part (rounded towards 0).   dz/dx = 0."""

    def step(self, x: np.ndarray) -> np.ndarray:
        return np.trunc(x)


class Round(Rounding):
    """z = x rounded to the nearest whole number, halves to the even one (2.5 -> 2),
    or to `decimals` decimal places (x·10^d rounded, then divided by 10^d, as
    PyTorch; negative `decimals` round to tens, hundreds, ...).   dz/dx = 0."""

    def step(self, x: np.ndarray, decimals: int = 0) -> np.ndarray:
        if x.dtype == np.float16 and decimals:  # x * 10^d could overflow float16: as PyTorch,
            return np.round(x.astype(np.float32), decimals).astype(np.float16)  # in float32
        return np.round(x, decimals)  # numpy rounds halves to even too


# ---- the functions users call (and the Tensor methods call) -----------------------
def _rounding(op: type[Rounding], x: Any, **params: Any) -> Tensor:
    x = as_tensor(x)
    if x._data.dtype == np.bool_:
        raise DTypeError(f"{op.__name__.lower()}: bool tensors are not supported (as in "
                         "PyTorch); convert first, e.g. mask.astype(np.int64)")
    return op.apply(x, **params)


def sign(x: Any) -> Tensor:
    """-1, 0 or 1 by the sign of x (0 at NaN; keeps the dtype; gradient 0)."""
    return Sign.apply(as_tensor(x))


def floor(x: Any) -> Tensor:
    """Rounded down (keeps the dtype; gradient 0)."""
    return _rounding(Floor, x)


def ceil(x: Any) -> Tensor:
    """Rounded up (keeps the dtype; gradient 0)."""
    return _rounding(Ceil, x)


def trunc(x: Any) -> Tensor:
    """Rounded towards 0 (keeps the dtype; gradient 0)."""
    return _rounding(Trunc, x)


def round(x: Any, decimals: int | None = None) -> Tensor:  # noqa: A001
    """Rounded to the nearest whole number, halves to even (2.5 -> 2, 3.5 -> 4), or to
    `decimals` places (keeps the dtype; gradient 0). As in PyTorch, integer tensors
    can be rounded, but not given `decimals`, not even 0."""
    x = as_tensor(x)
    if decimals is None:
        return _rounding(Round, x)
    if isinstance(decimals, bool) or not isinstance(decimals, (int, np.integer)):
        raise TypeError(f"round: decimals must be an int, got {decimals!r}")
    if x._data.dtype.kind in "iub":
        raise DTypeError(f"round: decimals={decimals} needs a float tensor, got dtype "
                         f"{x._data.dtype} (as in PyTorch); convert first: x.float()")
    if decimals == 0:
        return _rounding(Round, x)  # the same: no parameter to show
    return _rounding(Round, x, decimals=int(decimals))
