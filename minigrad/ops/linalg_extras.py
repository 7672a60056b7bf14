"""torch.linalg's smaller functions, each a composition of existing differentiable ops (so
none needs a backward of its own):

    matmul(A, B)              A @ B, as mg.matmul
    vecdot(x, y, dim=-1)      sum over dim of x * y, the batch axes broadcast
    cross(x, y, dim=-1)       the cross product of vectors of length 3 along dim
    diagonal(A, offset=0, dim1=-2, dim2=-1)   the diagonal of each matrix, as the last axis
    vander(x, N=None)         the Vandermonde matrices [1, x, x^2, ..., x^(N-1)]
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import DTypeError, ShapeError, broadcast_error, shape_str
from ..tensor import Tensor
from .arguments import as_tensor, normalize_axis
from .cast import cast
from .indexing import stack
from .linalg import matmul as matmul_op
from .reduce import sum as sum_over
from .shape import permute


def matmul(input: Any, other: Any) -> Tensor:  # noqa: A002  (PyTorch's argument names)
    """torch.linalg.matmul: input @ other, the same as mg.matmul."""
    return matmul_op(input, other)


def _same_dtype(op: str, x: Tensor, y: Tensor) -> None:
    if x.dtype != y.dtype:
        raise DTypeError(f"{op}: x has dtype {x.dtype} and y {y.dtype}; both need the same "
                         f"dtype, as in PyTorch: convert one, e.g. y.to(x.dtype)")


def vecdot(x: Any, y: Any, *, dim: int = -1) -> Tensor:
    """torch.linalg.vecdot: the dot products sum_i x_i y_i along `dim` of x and y broadcast
    together; floating tensors only, as in PyTorch."""
    op = "linalg.vecdot"
    x, y = as_tensor(x), as_tensor(y)
    for t in (x, y):
        if t.dtype.kind != "f":
            raise DTypeError(f"{op}: got dtype {t.dtype}; it takes floating tensors only, as "
                             f"PyTorch: convert first, e.g. x.float()")
    _same_dtype(op, x, y)
    if x.ndim == 1 and y.ndim == 1 and x.shape != y.shape:  # a dot product: no broadcasting
        raise ShapeError(f"{op}: two vectors need the same length, got {x.shape[0]} and "
                         f"{y.shape[0]} (PyTorch does not broadcast a pair of 1-D tensors)")
    try:
        shape = np.broadcast_shapes(x.shape, y.shape)
    except ValueError:
        raise broadcast_error(op, x, y) from None
    (axis,) = normalize_axis(dim, max(len(shape), 1), op) if shape else (None,)
    if x.dtype == np.float16:  # summed in float32 and rounded once, as PyTorch does; the
        # products too for two vectors (PyTorch's dot), else rounded to float16 first
        wide = x.ndim == 1 and y.ndim == 1
        products = cast(x, np.float32) * cast(y, np.float32) if wide else cast(x * y,
                                                                                np.float32)
        return cast(sum_over(products, axis=axis), np.float16)
    return sum_over(x * y, axis=axis)


def cross(input: Any, other: Any, *, dim: int = -1) -> Tensor:  # noqa: A002
    """torch.linalg.cross: the cross product of the vectors of length 3 along `dim` of input
    and other (with as many axes as each other; the other axes broadcast). Not for bool."""
    op = "linalg.cross"
    x, y = as_tensor(input), as_tensor(other)
    if x.dtype == np.bool_ or y.dtype == np.bool_:
        raise DTypeError(f"{op}: bool tensors have no cross product (PyTorch refuses them too)")
    _same_dtype(op, x, y)
    if x.ndim != y.ndim:
        raise ShapeError(f"{op}: input {shape_str(x.shape)} and other {shape_str(y.shape)} "
                         f"must have the same number of axes, as in PyTorch")
    (axis,) = normalize_axis(dim, x.ndim, op)
    if x.shape[axis] != 3 or y.shape[axis] != 3:
        raise ShapeError(f"{op}: axis {dim} must have length 3 in both, got "
                         f"{x.shape[axis]} and {y.shape[axis]}")
    try:
        np.broadcast_shapes(x.shape, y.shape)
    except ValueError:
        raise broadcast_error(op, x, y) from None

    def part(t: Tensor, i: int) -> Tensor:
        return t[(slice(None),) * axis + (i,)]

    a1, a2, a3 = (part(x, i) for i in range(3))
    b1, b2, b3 = (part(y, i) for i in range(3))
    return stack([a2 * b3 - a3 * b2, a3 * b1 - a1 * b3, a1 * b2 - a2 * b1], axis=axis)


def diagonal(A: Any, *, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:  # noqa: N803
    """torch.linalg.diagonal: the `offset`-th diagonal (above the main one for offset > 0)
    of the matrices held by axes dim1 and dim2, as a new last axis; the other axes stay in
    order. Any dtype."""
    op = "linalg.diagonal"
    a = as_tensor(A)
    if isinstance(offset, bool) or not isinstance(offset, (int, np.integer)):
        raise TypeError(f"{op}: offset must be an int, got {type(offset).__name__} {offset!r}")
    if a.ndim < 2:
        raise ShapeError(f"{op}: needs at least 2 axes (a matrix), got shape "
                         f"{shape_str(a.shape)}")
    (d1,), (d2,) = normalize_axis(dim1, a.ndim, op), normalize_axis(dim2, a.ndim, op)
    if d1 == d2:
        raise ShapeError(f"{op}: dim1 and dim2 must be different axes, got {dim1} and {dim2}")
    moved = permute(a, [i for i in range(a.ndim) if i not in (d1, d2)] + [d1, d2])
    rows, cols = moved.shape[-2:]
    start_row, start_col = max(-offset, 0), max(offset, 0)
    length = max(min(rows - start_row, cols - start_col), 0)
    index = np.arange(length)
    return moved[..., start_row + index, start_col + index]


def vander(x: Any, *, N: Any = None) -> Tensor:  # noqa: N803
    """torch.linalg.vander: for x (..., n), the matrices (..., n, N) whose columns are
    x^0, x^1, ..., x^(N-1) (increasing powers, unlike numpy's default); N defaults to n
    and must be at least 2, as in PyTorch. Floating and integer tensors."""
    op = "linalg.vander"
    t = as_tensor(x)
    if t.dtype == np.bool_ or t.dtype == np.float16:
        raise DTypeError(f"{op}: takes floating (float32, float64) and integer tensors, as "
                         f"PyTorch, got {t.dtype}")
    if t.ndim == 0:  # one number: PyTorch takes it as a vector of one, when N is given
        if N is None:
            raise ShapeError(f"{op}: a 0-d x needs N (the number of columns), as in PyTorch")
        t = t.reshape(1)
    n = t.shape[-1] if N is None else N
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"{op}: N must be an int, got {type(N).__name__} {N!r}")
    if n <= 1:
        raise ValueError(f"{op}: N must be greater than 1 (it is {n}), as in PyTorch")
    ones = Tensor._make(np.ones(t.shape, dtype=t.dtype))
    powers = [ones, t]
    for _ in range(2, int(n)):
        powers.append(powers[-1] * t)  # x^k = x^(k-1) x: products, exact for integers
    return stack(powers, axis=-1)
