"""PyTorch's products with fixed shapes: mm, bmm, mv, dot, outer, and t().

matmul (`a @ b`, ops/linalg.py) takes any mix of 1-d, 2-d and batched
operands and decides from their shapes what to compute. These are the
spellings that say it up front, and PyTorch refuses other shapes for them
(mm of a vector is an error, bmm does not broadcast), so they check the
shapes and then run the same MatMul op, whose backward is dA = G Bᵀ,
dB = Aᵀ G. outer is a product of a column by a row (`Mul` broadcasting).
"""

from __future__ import annotations

from typing import Any

from ..errors import DTypeError, ShapeError, shape_str
from ..tensor import Tensor
from .arguments import as_tensor
from .linalg import MatMul
from .shape import Permute


def _operands(op: str, a: Any, b: Any, ndims: tuple[int, int], names: str) -> tuple[Tensor,
                                                                                  Tensor]:
    """a and b as Tensors with the numbers of axes `op` needs and one dtype."""
    a, b = as_tensor(a), as_tensor(b)
    if (a.ndim, b.ndim) != ndims:
        raise ShapeError(
            f"{op}: needs {names}, got shapes {shape_str(a.shape)} and {shape_str(b.shape)}; "
            "a @ b (matmul) accepts any mix of vectors, matrices and batches"
        )
    if a.dtype != b.dtype:
        raise DTypeError(
            f"{op}: the operands have dtypes {a.dtype} and {b.dtype}; both need the same "
            "dtype, as in PyTorch: convert one, e.g. a.float() or b.double()"
        )
    return a, b


def _inner(op: str, a: Tensor, b: Tensor, inner_a: int, inner_b: int) -> None:
    if a.shape[inner_a] != b.shape[inner_b]:
        raise ShapeError(
            f"{op}: shapes {shape_str(a.shape)} and {shape_str(b.shape)} cannot be multiplied: "
            f"the sizes {a.shape[inner_a]} and {b.shape[inner_b]} that are summed over differ"
        )


def mm(input: Any, mat2: Any) -> Tensor:  # noqa: A002  (PyTorch's names)
    """The matrix product of two matrices, (n, m) by (m, k) -> (n, k)."""
    a, b = _operands("mm", input, mat2, (2, 2), "two matrices (2 axes each)")
    _inner("mm", a, b, 1, 0)
    return MatMul.apply(a, b)


def bmm(input: Any, mat2: Any) -> Tensor:  # noqa: A002
    """Matrix products of two batches of matrices, (b, n, m) by (b, m, k) -> (b, n, k);
    the batch sizes must be equal (no broadcasting, as in PyTorch)."""
    a, b = _operands("bmm", input, mat2, (3, 3), "two batches of matrices (3 axes each)")
    if a.shape[0] != b.shape[0]:
        raise ShapeError(f"bmm: the batch sizes differ: shapes {shape_str(a.shape)} and "
                         f"{shape_str(b.shape)} (bmm does not broadcast; matmul does)")
    _inner("bmm", a, b, 2, 1)
    return MatMul.apply(a, b)


def mv(input: Any, vec: Any) -> Tensor:  # noqa: A002
    """A matrix times a vector, (n, m) by (m,) -> (n,)."""
    a, b = _operands("mv", input, vec, (2, 1), "a matrix and a vector")
    _inner("mv", a, b, 1, 0)
    return MatMul.apply(a, b)


def dot(input: Any, tensor: Any) -> Tensor:  # noqa: A002
    """The dot product of two vectors of one length: a 0-d tensor."""
    a, b = _operands("dot", input, tensor, (1, 1), "two vectors (1 axis each)")
    _inner("dot", a, b, 0, 0)
    return MatMul.apply(a, b)


def outer(input: Any, vec2: Any) -> Tensor:  # noqa: A002
    """The outer product of two vectors, (n,) and (m,) -> (n, m): z[i, j] = a[i] * b[j]
    (dtypes promoted as for a * b)."""
    a, b = as_tensor(input), as_tensor(vec2)
    for name, t in (("input", a), ("vec2", b)):
        if t.ndim != 1:
            raise ShapeError(f"outer: needs two vectors (1 axis each), but {name} has shape "
                             f"{shape_str(t.shape)}")
    return a.reshape(-1, 1) * b.reshape(1, -1)  # a column times a row, broadcast


def t(input: Any) -> Tensor:  # noqa: A002
    """A matrix transposed; a vector or 0-d tensor comes back as it is (PyTorch's t())."""
    x = as_tensor(input)
    if x.ndim > 2:
        raise ShapeError(f"t: expects at most 2 axes, got shape {shape_str(x.shape)}; for a "
                         "batch of matrices use x.mT or x.transpose(-2, -1)")
    return x if x.ndim < 2 else Permute.apply(x, axes=(1, 0))
