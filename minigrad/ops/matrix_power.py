"""Products of matrices: matrix_power (A^n) and multi_dot (A B C ... in the cheapest
order), as torch.linalg's.

Both are compositions of matmul (and, for a negative power, inv), so their backward
comes from those ops: d(A B) = dA B + A dB at each product, and d(A^-1) =
-A^-1 dA A^-1. Only A^0 needs an op of its own (`PowerZero`): the identity, whose
gradient is 0 whatever A holds (even inf or NaN, where 0 * A would not be 0).

    mg.linalg.matrix_power(A, 3)            # A @ A @ A, for each matrix of a batch
    mg.linalg.multi_dot([x, B, C, y])       # x^T B C y, the cheapest way round
"""

from __future__ import annotations

import operator
from typing import Any

import numpy as np

from ..errors import DTypeError, ShapeError, shape_str
from ..function import Function
from ..tensor import Tensor
from .arguments import as_tensor
from .cast import clone
from .inverse import Inv, float_matrices
from .linalg import matmul


class PowerZero(Function):
    """Z = A^0 = I, the identity for each matrix of a batch (..., n, n).

    Z does not depend on A: dL/dA = 0 (PyTorch's result keeps requires_grad too).
    """

    chain = ("Z = I (A^0)", "dL/dA = 0")

    def forward(self, a: np.ndarray) -> np.ndarray:
        return np.broadcast_to(np.eye(a.shape[-1], dtype=a.dtype), a.shape).copy()

    def backward(self, g: Any) -> Any:
        return g * np.zeros((), g.dtype)  # arrays and Tensors alike


# ---- the functions users call ---------------------------------------------------------
def matrix_power(A: Any, n: int) -> Tensor:  # noqa: N803  (PyTorch's argument name)
    """torch.linalg.matrix_power: A^n for each square matrix of A (..., m, m).

    n is a Python int: n > 0 multiplies A by itself (by repeated squaring, about
    2 log2(n) products), n = 0 gives the identity (of A's shape and dtype), and n < 0 is
    (A^-1)^|n|, for float32 and float64 A only; a singular A raises
    `mg.linalg.LinAlgError`. Integer A works for n >= 0, bool A only for n = 0 and 1,
    as in PyTorch.
    """
    op = "linalg.matrix_power"
    if isinstance(n, (bool, np.bool_)) or not hasattr(n, "__index__"):
        raise TypeError(f"{op}: n must be an int, got {type(n).__name__} {n!r} (as in "
                        f"PyTorch; a fractional power of a matrix is not defined here)")
    n = operator.index(n)
    a = as_tensor(A)
    if a.ndim < 2:
        raise ShapeError(f"{op}: needs a matrix or a batch of matrices (..., m, m), got shape "
                         f"{shape_str(a.shape)}")
    if a.shape[-1] != a.shape[-2]:
        raise ShapeError(f"{op}: needs square matrices (the last two axes equal), got shape "
                         f"{shape_str(a.shape)}: {a.shape[-2]} by {a.shape[-1]} matrices")
    if n == 0:
        return PowerZero.apply(a)
    if n == 1:
        return clone(a)
    if a.dtype == np.bool_:
        raise DTypeError(f"{op}: bool matrices have no product in PyTorch (its matmul refuses "
                         f"bool); convert first, e.g. A.long(), or use n = 0 or 1")
    if n < 0:
        a = Inv.apply(float_matrices(op, a))  # ints and float16 refused here, as in PyTorch
        n = -n
    result, square = None, a
    while True:  # repeated squaring: A^n = product of A^(2^k) for the bits k of n
        if n & 1:
            result = square if result is None else matmul(result, square)
        n >>= 1
        if not n:
            return result
        square = matmul(square, square)


def multi_dot(tensors: Any) -> Tensor:
    """torch.linalg.multi_dot: the product of two or more matrices, multiplied in the
    order that costs the fewest multiplications (the result is the same, up to rounding).

    The first tensor may be 1-D (a row vector) and the last 1-D (a column); those axes
    are dropped from the result, as in PyTorch. All the others must be 2-D, and all of
    one dtype. bool is refused, as PyTorch's matmul refuses it.
    """
    op = "multi_dot"
    if isinstance(tensors, Tensor) or not isinstance(tensors, (list, tuple)):
        raise TypeError(f"{op}: takes a list (or tuple) of tensors, got "
                        f"{type(tensors).__name__}")
    ts = [as_tensor(t) for t in tensors]
    if len(ts) < 2:
        raise ValueError(f"{op}: needs at least 2 tensors, got {len(ts)} (as in PyTorch); "
                         f"for one, use it as it is")
    for i, t in enumerate(ts):
        end = "first" if i == 0 else "last" if i == len(ts) - 1 else None
        if (end and t.ndim not in (1, 2)) or (not end and t.ndim != 2):
            allowed = "1-D or 2-D" if end else "2-D"
            raise ShapeError(f"{op}: the {end or f'tensor {i}'}{' tensor' if end else ''} "
                             f"must be {allowed} (only the first and the last may be "
                             f"vectors), got shape {shape_str(t.shape)}")
        if t.dtype != ts[0].dtype:
            raise DTypeError(f"{op}: all tensors must have the same dtype, but tensor 0 is "
                             f"{ts[0].dtype} and tensor {i} {t.dtype}; convert first")
    if ts[0].dtype == np.bool_:
        raise DTypeError(f"{op}: bool matrices have no product in PyTorch (its matmul refuses "
                         f"bool); convert first, e.g. .long()")
    row, column = ts[0].ndim == 1, ts[-1].ndim == 1
    mats = [ts[0].reshape(1, -1) if row else ts[0], *ts[1:-1],
            ts[-1].reshape(-1, 1) if column else ts[-1]]
    for i in range(len(mats) - 1):
        if mats[i].shape[1] != mats[i + 1].shape[0]:
            raise ShapeError(f"{op}: tensors {i} and {i + 1} of shapes "
                             f"{shape_str(ts[i].shape)} and {shape_str(ts[i + 1].shape)} "
                             f"cannot be multiplied: {mats[i].shape[1]} columns against "
                             f"{mats[i + 1].shape[0]} rows")
    dims = [m.shape[0] for m in mats] + [mats[-1].shape[1]]
    result = _multiply(mats, _cheapest_order(dims), 0, len(mats) - 1)
    if row and column:
        return result.reshape(())
    if row or column:
        return result.reshape(-1)
    return result


def _cheapest_order(dims: list[int]) -> list[list[int]]:
    """split[i][j]: where the product of matrices i..j is best split (the classic dynamic
    programme over chains: matrix i is dims[i] by dims[i + 1])."""
    k = len(dims) - 1
    cost = [[0] * k for _ in range(k)]
    split = [[0] * k for _ in range(k)]
    for length in range(1, k):
        for i in range(k - length):
            j = i + length
            cost[i][j], split[i][j] = min(
                (cost[i][s] + cost[s + 1][j] + dims[i] * dims[s + 1] * dims[j + 1], s)
                for s in range(i, j))
    return split


def _multiply(mats: list[Tensor], split: list[list[int]], i: int, j: int) -> Tensor:
    if i == j:
        return mats[i]
    s = split[i][j]
    return matmul(_multiply(mats, split, i, s), _multiply(mats, split, s + 1, j))
