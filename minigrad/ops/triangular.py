"""Triangular systems: solve_triangular, X with A X = B (or X A = B) for a triangular A,
as torch.linalg.solve_triangular.

Only one triangle of A is read, the upper one (upper=True) or the lower one, and with
`unitriangular=True` its diagonal is not read either (taken as ones). Back (or forward)
substitution needs no factorisation, so a zero on the diagonal is not an error, as in
PyTorch: it gives inf or NaN.

The backward is solve's, with the gradient of A kept to the triangle that was read:
from A X = B, dA X + A dX = dB, so dL/dB = A^-T G (a triangular solve again, with the
other triangle: A^T is lower when A is upper) and dL/dA = -(A^-T G) X^T on the triangle
read, 0 elsewhere. Since the backward is made of the op itself and products, it can be
recorded (create_graph) and differentiated again.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import DTypeError, ShapeError, shape_str
from ..function import Function
from ..tensor import Tensor
from . import either
from .arguments import as_tensor
from .inverse import check_batch_axes, float_matrices


class SolveTriangular(Function):
    """X = A^-1 B for a triangular A (..., n, n), its upper or lower triangle read (and
    not its diagonal with `unit`), and B (..., n, k); the batch axes broadcast.

        dL/dB = A^-T G             (A^T is triangular too: the other triangle)
        dL/dA = -(A^-T G) X^T      on the entries of A that were read, 0 elsewhere.
    """

    chain = ("X = A^-1 B, A triangular", "dL/dA = -tri(A^-T G X^T)", "dL/dB = A^-T G")
    saves_output = True

    def forward(self, a: np.ndarray, b: np.ndarray, upper: bool, unit: bool) -> np.ndarray:
        return substitute(a, b, upper, unit)

    def backward(self, g: Any) -> tuple[Any, Any]:
        a, _ = self.saved_inputs()
        upper, unit = self.params["upper"], self.params["unit"]
        gb = either.solve_triangular(a.mT, g, not upper, unit)
        ga = None
        if self.needs_input_grad[0]:
            ga = -(gb @ self.saved_output().mT) * triangle_mask(a.shape[-1], upper, unit,
                                                                a.dtype)
        return ga, (gb if self.needs_input_grad[1] else None)


def substitute(a: np.ndarray, b: np.ndarray, upper: bool, unit: bool) -> np.ndarray:
    """Back substitution (upper) or forward substitution (lower), one row of X at a
    time for the whole batch: x_i = (b_i - sum_j a_ij x_j) / a_ii over the j already
    solved. A zero a_ii gives inf or NaN, as LAPACK's trsm does."""
    n = a.shape[-1]
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    a = np.broadcast_to(a, batch + a.shape[-2:])
    x = np.array(np.broadcast_to(b, batch + b.shape[-2:]))  # a copy to fill in
    order = range(n - 1, -1, -1) if upper else range(n)
    with np.errstate(divide="ignore", invalid="ignore"):
        for i in order:
            done = slice(i + 1, n) if upper else slice(0, i)
            x[..., i, :] -= (a[..., i:i + 1, done] @ x[..., done, :])[..., 0, :]
            if not unit:
                x[..., i, :] /= a[..., i, i, None]
    return x


def triangle_mask(n: int, upper: bool, unit: bool, dtype: np.dtype) -> np.ndarray:
    """1 on the entries of an n by n matrix that a triangular solve reads, 0 elsewhere."""
    ones = np.ones((n, n), dtype=dtype)
    shift = int(unit)  # the diagonal is not read when it is taken as ones
    return np.triu(ones, shift) if upper else np.tril(ones, -shift)


# ---- the function users call ----------------------------------------------------------
def solve_triangular(A: Any, B: Any, *, upper: bool, left: bool = True,  # noqa: N803
                     unitriangular: bool = False) -> Tensor:
    """torch.linalg.solve_triangular: X with A X = B (or X A = B with `left=False`) for
    triangular square matrices A (..., n, n) and matrices B (..., n, k) (or (..., k, n)),
    the batch axes broadcast. Only the upper triangle of A is read with `upper=True`, the
    lower one otherwise; `unitriangular=True` takes the diagonal as ones without reading
    it. A zero on the diagonal gives inf or NaN (no error), as in PyTorch.
    """
    op = "linalg.solve_triangular"
    for name, flag in (("upper", upper), ("left", left), ("unitriangular", unitriangular)):
        if not isinstance(flag, (bool, np.bool_)):
            raise TypeError(f"{op}: {name} must be a bool, got {type(flag).__name__} {flag!r}")
    a = float_matrices(op, A)
    b = as_tensor(B)
    if b.dtype != a.dtype:
        raise DTypeError(f"{op}: A has dtype {a.dtype} and B {b.dtype}; both need the same "
                         f"floating dtype, as in PyTorch: convert one, e.g. B.to(A.dtype)")
    if b.ndim < 2:
        raise ShapeError(f"{op}: B must be a matrix or a batch of matrices (..., n, k), got "
                         f"shape {shape_str(b.shape)}, as in PyTorch; for a vector b use "
                         f"b.unsqueeze(-1) (and take [..., 0] of the result)")
    n, side = a.shape[-1], (-2 if left else -1)
    if b.shape[side] != n:
        equation, part = ("A X = B", "rows") if left else ("X A = B", "columns")
        raise ShapeError(f"{op}: A is {n} by {n} but B has {b.shape[side]} {part} (shape "
                         f"{shape_str(b.shape)}), so {equation} cannot hold; B needs {n} {part}")
    check_batch_axes(op, a, b)
    if left:
        return SolveTriangular.apply(a, b, upper=bool(upper), unit=bool(unitriangular))
    # X A = B is A^T X^T = B^T, and A^T has the other triangle
    return SolveTriangular.apply(a.mT, b.mT, upper=not upper, unit=bool(unitriangular)).mT
