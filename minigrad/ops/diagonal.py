"""A matrix's diagonal: trace (its sum) and diag (take it out, or lay a vector on it).

`diagonal` numbers the diagonals as tril/triu do: 0 is the main one, k > 0 the
k-th above it, k < 0 below. Both ops only move or add values, so their
backward moves the gradient back: trace spreads it over the diagonal, and
diag's two directions are each other's backward.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import ShapeError, shape_str
from ..function import Function
from ..tensor import Tensor
from . import either
from .arguments import as_tensor


class Trace(Function):
    """z = Σᵢ x[i, i], the sum of a matrix's main diagonal.

    dz/dx = the identity matrix (1 on the diagonal, 0 elsewhere), so dL/dx = g * I.
    Integers sum to int64, as with sum.
    """

    chain = ("z = sum of x[i, i]", "dz/dx = 1 on the diagonal, 0 elsewhere")

    def forward(self, x: np.ndarray) -> np.ndarray:
        if x.dtype.kind in "iu":
            return np.asarray(np.trace(x, dtype=np.int64))
        # float16 is added up in float32 and rounded once, as PyTorch does
        total = np.trace(x, dtype=np.float32 if x.dtype == np.float16 else x.dtype)
        return np.asarray(total, dtype=x.dtype)

    def backward(self, g: Any) -> Any:
        n, m = self.inputs[0].shape
        return g * np.eye(n, m, dtype=g.dtype)


class Diag(Function):
    """Both directions of torch.diag, each the other's backward:

    * a matrix x (`shape` None): z = its `diagonal`-th diagonal, as 1-D.
      dL/dx = zeros of x's shape with g laid on that diagonal.
    * a vector x: z = a matrix of zeros (square, or `shape`) with x on the
      `diagonal`-th diagonal. dL/dx = that diagonal of g.
    """

    chain = ("z = diag(x)", "dL/dx = g moved back to (or taken from) the diagonal")

    def forward(self, x: np.ndarray, diagonal: int, shape: tuple[int, ...] | None) -> np.ndarray:
        if x.ndim == 2:
            return np.diagonal(x, diagonal).copy()  # numpy's is a read-only view
        n = len(x) + abs(diagonal)
        out = np.zeros((n, n) if shape is None else shape, dtype=x.dtype)
        steps = np.arange(len(x))
        out[steps + max(-diagonal, 0), steps + max(diagonal, 0)] = x
        return out

    def backward(self, g: Any) -> Any:
        x_shape = self.inputs[0].shape
        diagonal = self.params["diagonal"]
        return either.diag(g, diagonal, x_shape if len(x_shape) == 2 else None)


# ---- the functions users call --------------------------------------------------------
def trace(input: Any) -> Tensor:  # noqa: A002  (PyTorch's names)
    """The sum of the main diagonal of a 2-D tensor (any n x m)."""
    x = as_tensor(input)
    if x.ndim != 2:
        hint = ("; for a batch of square matrices: (x * mg.eye(n)).sum(dim=(-2, -1))"
                if x.ndim > 2 else "")
        raise ShapeError(f"trace: needs a matrix (2 axes), got shape {shape_str(x.shape)}"
                         + hint)
    if x.dtype == np.bool_:
        raise TypeError("trace: a bool matrix has no sum (as in PyTorch); convert it first, "
                        "e.g. mask.long()")
    return Trace.apply(x)


def diag(input: Any, diagonal: int = 0) -> Tensor:  # noqa: A002
    """torch.diag: a 1-D tensor gives the square matrix with it on the `diagonal`-th
    diagonal (0 the main one, > 0 above, < 0 below); a 2-D tensor gives that diagonal
    as 1-D."""
    x = as_tensor(input)
    if x.ndim not in (1, 2):
        raise ShapeError(f"diag: needs a vector (1 axis) or a matrix (2 axes), got shape "
                         f"{shape_str(x.shape)}")
    if not isinstance(diagonal, (int, np.integer)) or isinstance(diagonal, bool):
        raise TypeError(f"diag: diagonal must be an int, got {diagonal!r}")
    return Diag.apply(x, diagonal=int(diagonal), shape=None)
