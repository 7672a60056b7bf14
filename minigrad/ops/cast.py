"""Ops that copy values or change their dtype: cast (astype) and clone.

Both pass the gradient straight through; a cast converts it back to the
input's dtype, so a float32 parameter always gets a float32 gradient.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import DTypeError
from ..function import Function
from ..tensor import Tensor
from .arguments import as_tensor


class Cast(Function):
    """z = x converted to another dtype.   dz/dx = 1 (the gradient is cast back)."""

    chain = ("z = x as another dtype", "dz/dx = 1")

    def forward(self, x: np.ndarray, dtype: np.dtype) -> np.ndarray:
        with np.errstate(over="ignore"):  # too large for the new dtype: inf, as in PyTorch
            return x.astype(dtype)

    def backward(self, g: Any) -> Any:
        return g.astype(self.inputs[0].dtype)  # back to the input's dtype


class Clone(Function):
    """z = a copy of x.   dz/dx = 1."""

    chain = ("z = a copy of x", "dz/dx = 1")

    def forward(self, x: np.ndarray) -> np.ndarray:
        return x.copy()

    def backward(self, g: Any) -> Any:
        return g


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
        return Tensor._make(x._data.astype(dtype))
    return Cast.apply(x, dtype=dtype)


def clone(x: Any) -> Tensor:
    """A copy of x that stays in the graph."""
    return Clone.apply(as_tensor(x))
