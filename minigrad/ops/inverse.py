"""Square matrices undone: inv (A^-1) and solve (X with A X = B), as torch.linalg's.

The last two axes of A hold the matrices, (..., n, n); leading axes are a batch,
and solve broadcasts the batch axes of A and B against each other. Both need
every matrix to be invertible: a singular one is an error that names the op
and the matrix, as PyTorch raises one. Singular means: a pivot of the LU
factorisation is exactly 0 (PyTorch's test), or the matrix is singular to
working precision, so that no digit of an inverse would be right (see
`invert_each`). A matrix far from that but ill conditioned gives large
numbers, as in PyTorch.

The derivative of the inverse is the one fact behind both backwards: from
A A^-1 = I, dA A^-1 + A d(A^-1) = 0, so d(A^-1) = -A^-1 dA A^-1.

`float_matrices` and `invert_each` are shared with det and slogdet
(ops/determinant.py).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import DTypeError, LinAlgError, ShapeError, shape_str
from ..function import Function
from ..tensor import Tensor
from . import either
from .arguments import as_tensor


class Inv(Function):
    """Z = A^-1 for each matrix of a batch (..., n, n).

    d(A^-1) = -A^-1 dA A^-1, so dL/dA = -A^-T G A^-T = -Z^T G Z^T
    (Z^T is each matrix transposed).
    """

    chain = ("Z = A^-1", "dL/dA = -Z^T G Z^T")
    saves_output = True

    def forward(self, a: np.ndarray) -> np.ndarray:
        inverses, singular = invert_each(a)
        if singular.any():
            raise singular_error("linalg.inv", singular)
        return inverses

    def backward(self, g: Any) -> Any:
        zt = self.saved_output().mT  # arrays and Tensors both have .mT
        return -(zt @ g @ zt)


class Solve(Function):
    """X = A^-1 B: the solution of A X = B, for A (..., n, n) and B (..., n, k), the
    batch axes broadcast.

    From A X = B: dA X + A dX = dB, so dX = A^-1 (dB - dA X), and
        dL/dB = A^-T G        (itself a solve: of A^T Y = G)
        dL/dA = -dL/dB X^T.
    A vector B and PyTorch's left=False are handled by the function `solve`, around
    this op.
    """

    chain = ("X = A^-1 B", "dL/dA = -(A^-T G) X^T", "dL/dB = A^-T G")
    saves_output = True

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        singular = invert_each(a)[1]  # the same test as inv's (and no solve of nonsense)
        if singular.any():
            raise singular_error("linalg.solve", singular)
        return np.linalg.solve(a, b)

    def backward(self, g: Any) -> tuple[Any, Any]:
        a, _ = self.saved_inputs()
        gb = either.solve(a.mT, g)  # A^-T G: one more solve, no inverse formed
        ga = -(gb @ self.saved_output().mT) if self.needs_input_grad[0] else None
        return ga, (gb if self.needs_input_grad[1] else None)


# ---- the checks and helpers the square-matrix ops share ---------------------------------
def float_matrices(op: str, value: Any, square: bool = True) -> Tensor:
    """`value` as a Tensor of float32 or float64 matrices (..., m, n), square unless
    `square` is False; the errors PyTorch raises, in words."""
    a = as_tensor(value)
    if a.dtype.kind != "f":
        raise DTypeError(f"{op}: the tensor has dtype {a.dtype}, and {op} is only defined for "
                         f"floating tensors (as in PyTorch); convert first, e.g. A.double()")
    if a.dtype == np.float16:
        raise DTypeError(f"{op}: float16 is too coarse for it (PyTorch refuses it too); "
                         f"convert first: A.float()")
    if a.ndim < 2:
        raise ShapeError(f"{op}: needs a matrix or a batch of matrices (..., n, n), got shape "
                         f"{shape_str(a.shape)}")
    if square and a.shape[-1] != a.shape[-2]:
        raise ShapeError(f"{op}: needs square matrices (the last two axes equal), got shape "
                         f"{shape_str(a.shape)}: {a.shape[-2]} by {a.shape[-1]} matrices")
    return a


def check_batch_axes(op: str, a: Tensor, b: Tensor, a_name: str = "A") -> None:
    """The batch axes (all but the last two) of a and of B must broadcast together."""
    try:
        np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    except ValueError:
        raise ShapeError(f"{op}: the batch axes of {a_name} {shape_str(a.shape)} and B "
                         f"{shape_str(b.shape)} cannot be broadcast together") from None


def invert_each(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(A^-1 of each matrix of a batch of arrays, True where the matrix is singular).

    Singular means what LAPACK's expert solver (xGESVX) calls singular: a pivot of
    the LU factorisation is exactly 0 (the inverse is left as NaN there), or the
    matrix is singular to working precision, `working_precision_singular`.
    """
    try:
        inverses, exact = np.linalg.inv(a), np.zeros(a.shape[:-2], dtype=bool)
    except np.linalg.LinAlgError:
        n = a.shape[-1]
        flat = a.reshape(-1, n, n)
        inverses, exact = np.full_like(flat, np.nan), np.zeros(len(flat), dtype=bool)
        for k, matrix in enumerate(flat):  # only when some matrix is singular
            try:
                inverses[k] = np.linalg.inv(matrix)
            except np.linalg.LinAlgError:
                exact[k] = True
        inverses, exact = inverses.reshape(a.shape), exact.reshape(a.shape[:-2])
    return inverses, exact | working_precision_singular(a, inverses)


def working_precision_singular(a: np.ndarray, inverses: np.ndarray) -> np.ndarray:
    """True where a matrix is singular to working precision: its condition number
    ||B||_1 ||B^-1||_1 is at least 1 / eps, B being A with its rows and then its columns
    scaled to a largest |entry| of 1 (so diag(1e-20, 1) is not singular).

    Then no digit of the computed inverse is right. Whether LAPACK also meets an exactly
    zero pivot for such a matrix depends on rounding, which differs between libraries
    (numpy's OpenBLAS, PyTorch's MKL); this test does not.
    """
    if a.shape[-1] == 0:
        return np.zeros(a.shape[:-2], dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # 0 rows: exact anyway
        rows = 1 / np.abs(a).max(axis=-1, keepdims=True)
        cols = 1 / np.abs(a * rows).max(axis=-2, keepdims=True)
        b, b_inverse = a * rows * cols, inverses / cols.mT / rows.mT  # B^-1 = C^-1 A^-1 R^-1
        condition = np.abs(b).sum(axis=-2).max(axis=-1) * np.abs(b_inverse).sum(
            axis=-2).max(axis=-1)
        return condition * np.finfo(a.dtype).eps >= 1


def singular_error(op: str, singular: np.ndarray) -> LinAlgError:
    """The error for a batch in which the matrices marked by `singular` are singular,
    naming the first."""
    which = "the matrix"
    if singular.ndim:
        index = tuple(int(i) for i in np.argwhere(singular)[0])
        which = f"the matrix at batch index {index} (of the batch of shape " \
                f"{shape_str(singular.shape)})"
    return LinAlgError(
        f"{op}: {which} is singular (to working precision), so it has no inverse and "
        f"A X = B has no single solution; PyTorch raises here too. One of its rows (or "
        f"columns) is a combination of the others: mg.linalg.svdvals(A) shows it, the "
        f"smallest singular value 0 or tiny next to the largest"
    )


# ---- the functions users call ---------------------------------------------------------
def inv(A: Any) -> Tensor:  # noqa: N803  (PyTorch's argument name)
    """torch.linalg.inv: the inverse of each matrix of A (..., n, n), float32 or float64.

    A singular matrix raises `mg.linalg.LinAlgError` (a RuntimeError), as in PyTorch.
    """
    return Inv.apply(float_matrices("linalg.inv", A))


def inverse(input: Any) -> Tensor:  # noqa: A002
    """torch.inverse: mg.linalg.inv (its errors say linalg.inv, as PyTorch's do)."""
    return inv(input)


def solve(A: Any, B: Any, *, left: bool = True) -> Tensor:  # noqa: N803
    """torch.linalg.solve: X with A X = B (or X A = B with `left=False`), for square A
    (..., n, n) and B a batch of matrices (..., n, k) or of vectors (..., n), the batch
    axes broadcast.

    B is read as vectors, as in PyTorch, when it is 1-D or when its shape is exactly
    A's without the last axis; then X has B's shape (and `left=False` is refused, as in
    PyTorch). A singular A raises `mg.linalg.LinAlgError`.
    """
    a = float_matrices("linalg.solve", A)
    b = as_tensor(B)
    if b.dtype != a.dtype:
        raise DTypeError(f"linalg.solve: A has dtype {a.dtype} and B {b.dtype}; both need "
                         f"the same floating dtype, as in PyTorch: convert B, e.g. B.double()")
    if b.ndim == 0:
        raise ShapeError("linalg.solve: B must be a vector (n,) or a matrix (..., n, k), got "
                         "a 0-d tensor")
    vector = b.ndim == 1 or (b.ndim == a.ndim - 1 and b.shape == a.shape[:-1])
    if vector and not left:
        raise ShapeError(f"linalg.solve: with left=False (X A = B), B must be a matrix, as in "
                         f"PyTorch; got B of shape {shape_str(b.shape)}, read as vectors. For "
                         f"one row x with x A = b, solve A^T x = b: mg.linalg.solve(A.mT, b)")
    if vector:
        b = b.reshape(b.shape + (1,))  # a column (n, 1), dropped again at the end
    n, side = a.shape[-1], (-2 if left else -1)
    if b.shape[side] != n:
        equation, part = ("A X = B", "rows") if left else ("X A = B", "columns")
        raise ShapeError(
            f"linalg.solve: A is {n} by {n} but B has {b.shape[side]} {part} (shape "
            f"{shape_str(b.shape)}{' as a column' if vector else ''}), so {equation} cannot "
            f"hold; B needs {n} {part}")
    check_batch_axes("linalg.solve", a, b)
    # X A = B is A^T X^T = B^T: the same op on the transposes
    x = Solve.apply(a, b) if left else Solve.apply(a.mT, b.mT).mT
    return x.reshape(x.shape[:-1]) if vector else x
