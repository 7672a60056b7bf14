"""PyTorch's products with fixed shapes: mm, bmm, mv, dot, outer, t(); tensordot, kron.

matmul (`a @ b`, ops/linalg.py) takes any mix of 1-d, 2-d and batched
operands and decides from their shapes what to compute. These are the
spellings that say it up front, and PyTorch refuses other shapes for them
(mm of a vector is an error, bmm does not broadcast), so they check the
shapes and then run the same MatMul op, whose backward is dA = G Bᵀ,
dB = Aᵀ G. outer is a product of a column by a row (`Mul` broadcasting).

tensordot pairs axes of a with axes of b and sums over each pair: it is the
einsum that gives both axes of a pair one letter (ops/einsum.py, whose
backward is again an einsum). kron is a product of a and b with their axes
interleaved (`Mul` broadcasting), reshaped into blocks.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import DTypeError, ShapeError, shape_str
from ..tensor import Tensor
from .arguments import as_tensor, not_a_number
from .einsum import run
from .einsum_equation import LETTERS, parse
from .linalg import MatMul
from .shape import Permute


def product_operands(op: str, a: Any, b: Any, ndims: tuple[int, int],
                     names: str) -> tuple[Tensor, Tensor]:
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


def check_inner(op: str, a: Tensor, b: Tensor, inner_a: int, inner_b: int) -> None:
    """a's axis inner_a and b's axis inner_b must have one length: the one summed over."""
    if a.shape[inner_a] != b.shape[inner_b]:
        raise ShapeError(
            f"{op}: shapes {shape_str(a.shape)} and {shape_str(b.shape)} cannot be multiplied: "
            f"the sizes {a.shape[inner_a]} and {b.shape[inner_b]} that are summed over differ"
        )


def mm(input: Any, mat2: Any) -> Tensor:  # noqa: A002  (PyTorch's names)
    """The matrix product of two matrices, (n, m) by (m, k) -> (n, k)."""
    a, b = product_operands("mm", input, mat2, (2, 2), "two matrices (2 axes each)")
    check_inner("mm", a, b, 1, 0)
    return MatMul.apply(a, b)


def bmm(input: Any, mat2: Any) -> Tensor:  # noqa: A002
    """Matrix products of two batches of matrices, (b, n, m) by (b, m, k) -> (b, n, k);
    the batch sizes must be equal (no broadcasting, as in PyTorch)."""
    a, b = product_operands("bmm", input, mat2, (3, 3), "two batches of matrices (3 axes each)")
    if a.shape[0] != b.shape[0]:
        raise ShapeError(f"bmm: the batch sizes differ: shapes {shape_str(a.shape)} and "
                         f"{shape_str(b.shape)} (bmm does not broadcast; matmul does)")
    check_inner("bmm", a, b, 2, 1)
    return MatMul.apply(a, b)


def mv(input: Any, vec: Any) -> Tensor:  # noqa: A002
    """A matrix times a vector, (n, m) by (m,) -> (n,)."""
    a, b = product_operands("mv", input, vec, (2, 1), "a matrix and a vector")
    check_inner("mv", a, b, 1, 0)
    return MatMul.apply(a, b)


def dot(input: Any, tensor: Any) -> Tensor:  # noqa: A002
    """The dot product of two vectors of one length: a 0-d tensor."""
    a, b = product_operands("dot", input, tensor, (1, 1), "two vectors (1 axis each)")
    check_inner("dot", a, b, 0, 0)
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


def tensordot(a: Any, b: Any, dims: Any = 2) -> Tensor:
    """torch.tensordot: the products of a and b summed over pairs of axes, one of a with
    one of b. dims=d pairs the last d axes of a with the first d of b (d=1 on matrices is
    a @ b); dims=([1, 0], [0, 1]) pairs a's axis 1 with b's 0 and a's 0 with b's 1. The
    result has a's other axes, then b's. Paired sizes must be equal, or one of them 1."""
    a, b = not_a_number("tensordot", "a", a), not_a_number("tensordot", "b", b)
    pairs_a, pairs_b = _tensordot_dims(dims, a, b)
    if a.dtype != b.dtype:
        raise DTypeError(f"tensordot: the operands have dtypes {a.dtype} and {b.dtype}; both "
                         "need the same dtype, as in PyTorch: convert one, e.g. a.double()")
    if a.dtype == np.bool_:
        raise DTypeError("tensordot: bool tensors have no matrix product (PyTorch refuses "
                         "too); convert them first, e.g. a.long()")
    for i, j in zip(pairs_a, pairs_b):
        if a.shape[i] != b.shape[j] and 1 not in (a.shape[i], b.shape[j]):
            raise ShapeError(
                f"tensordot: axis {i} of a has size {a.shape[i]} but axis {j} of b, paired "
                f"with it, has size {b.shape[j]} (shapes {shape_str(a.shape)} and "
                f"{shape_str(b.shape)}); paired axes need equal sizes (or one of them 1)")
    if a.ndim + b.ndim - len(pairs_b) > len(LETTERS):
        raise ShapeError(f"tensordot: the result would have more than {len(LETTERS)} axes")
    # One letter per axis of a; b's paired axes take their partner's letter.
    letters = iter(LETTERS[26:] + LETTERS[:26])
    of_a = [next(letters) for _ in range(a.ndim)]
    partner = dict(zip(pairs_b, pairs_a))
    of_b = [of_a[partner[j]] if j in partner else next(letters) for j in range(b.ndim)]
    free_a = "".join(c for i, c in enumerate(of_a) if i not in pairs_a)
    free_b = "".join(c for j, c in enumerate(of_b) if j not in partner)
    equation = "".join(of_a) + "," + "".join(of_b) + "->" + free_a + free_b
    z = run(parse(equation, [a.shape, b.shape]), [a, b])
    if z.dtype != a.dtype:  # integers summed on their own (a pair with a size 1) stay in
        z = Tensor._make(z._data.astype(a.dtype))  # their dtype, wrapping, in PyTorch
    return z


def _tensordot_dims(dims: Any, a: Tensor, b: Tensor) -> tuple[list[int], list[int]]:
    """dims as two lists of non-negative axes, of a and of b."""
    if isinstance(dims, Tensor):
        dims = dims.tolist()
    if isinstance(dims, (int, np.integer)):  # (a bool too, as in PyTorch: True is 1)
        d = int(dims)
        if d < 0:
            raise ValueError(f"tensordot: dims must be 0 or more, got {d}")
        if d > min(a.ndim, b.ndim):
            raise ShapeError(f"tensordot: dims={d} pairs the last {d} axes of a with the first "
                             f"{d} of b, but the shapes are {shape_str(a.shape)} and "
                             f"{shape_str(b.shape)}")
        return list(range(a.ndim - d, a.ndim)), list(range(d))
    if not (isinstance(dims, (list, tuple)) and len(dims) == 2
            and all(isinstance(d, (list, tuple)) for d in dims)):
        raise TypeError(f"tensordot: dims must be an int or a pair of lists of axes, such as "
                        f"dims=([1, 0], [0, 1]), got {dims!r}")
    if len(dims[0]) != len(dims[1]):
        raise ValueError(f"tensordot: the two lists of dims pair axes one to one, so they "
                         f"need the same length, got {list(dims[0])} and {list(dims[1])}")
    return _axes(dims[0], a, "a"), _axes(dims[1], b, "b")


def _axes(axes: Any, t: Tensor, name: str) -> list[int]:
    found = []
    for axis in axes:
        if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
            raise TypeError(f"tensordot: the axes in dims must be ints, got {axis!r}")
        if not -t.ndim <= axis < t.ndim:
            raise ShapeError(f"tensordot: axis {axis} is out of range for {name} of shape "
                             f"{shape_str(t.shape)} (valid: {-t.ndim} to {t.ndim - 1})")
        if int(axis) % t.ndim in found:
            raise ValueError(f"tensordot: axis {axis} of {name} appears twice in dims")
        found.append(int(axis) % t.ndim)
    return found


def kron(input: Any, other: Any) -> Tensor:  # noqa: A002
    """torch.kron: the Kronecker product, every element of input times the whole of other,
    laid out as blocks. For matrices of shapes (n, m) and (p, q): z[i*p + k, j*q + l] =
    a[i, j] * b[k, l], shape (n*p, m*q); any numbers of axes (the shorter shape is padded
    with leading 1s). dtypes promote as in a * b."""
    a, b = not_a_number("kron", "input", input), not_a_number("kron", "other", other)
    n = max(a.ndim, b.ndim)
    shape_a, shape_b = (1,) * (n - a.ndim) + a.shape, (1,) * (n - b.ndim) + b.shape
    # a's axes interleaved with b's: a[i, j] * b[k, l] lands at [i, k, j, l]
    spread_a = a.reshape(tuple(s for m in shape_a for s in (m, 1)))
    spread_b = b.reshape(tuple(s for m in shape_b for s in (1, m)))
    return (spread_a * spread_b).reshape(tuple(p * q for p, q in zip(shape_a, shape_b)))
