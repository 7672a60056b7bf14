"""The Cholesky factorisation A = L L^T (L lower triangular, with a positive diagonal),
as torch.linalg.cholesky: for symmetric positive-definite matrices (..., n, n).

As in PyTorch (and LAPACK), only one triangle of A is read: the lower one, or the
upper one with `upper=True` (which returns U = L^T, A = U^T U); the other triangle
may hold anything. A matrix that is not positive definite raises
`mg.linalg.LinAlgError`, naming the first leading minor (the top-left k by k block)
that is not, as PyTorch's message does.

The backward is Murray's (2016, arXiv 1602.07527): from A = L L^T,
dA = dL L^T + L dL^T, so L^-1 dA L^-T = L^-1 dL + (L^-1 dL)^T, whose lower triangle
(the diagonal halved) is L^-1 dL; see `Cholesky`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import LinAlgError, shape_str
from ..function import Function
from ..tensor import Tensor
from . import either
from .inverse import float_matrices


class Cholesky(Function):
    """L = chol(A): the lower triangular L with A = L L^T, read from A's lower triangle.

    With Phi(X) the lower triangle of X with its diagonal halved,
        dL/dA = sym(L^-T Phi(L^T G) L^-1),   sym(X) = (X + X^T) / 2,
    as PyTorch's: symmetric, so half of what belongs to an entry below the diagonal is
    given to its mirror above, the gradient with respect to a symmetric A.
    """

    chain = ("L = chol(A), A = L L^T", "dL/dA = sym(L^-T Phi(L^T G) L^-1)")
    saves_output = True

    def forward(self, a: np.ndarray) -> np.ndarray:
        full = np.tril(a) + np.tril(a, -1).swapaxes(-1, -2)  # the lower triangle, mirrored
        factor, failed = factorise(full)
        if failed.any():
            raise not_positive_definite(full, failed)
        return factor

    def backward(self, g: Any) -> Any:
        factor = self.saved_output()
        n = factor.shape[-1]
        phi = np.tril(np.ones((n, n), dtype=g.dtype)) - 0.5 * np.eye(n, dtype=g.dtype)
        inverse = either.inv(factor)  # L is triangular with a positive diagonal: invertible
        x = inverse.mT @ ((factor.mT @ g) * phi) @ inverse
        return (x + x.mT) * 0.5


def factorise(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(L of each symmetric matrix of a batch of arrays, True where the factorisation
    failed): where a pivot is not positive (or is NaN), as LAPACK's potrf decides."""
    try:
        factor = np.linalg.cholesky(a)
        failed = np.zeros(a.shape[:-2], dtype=bool)
    except np.linalg.LinAlgError:
        n = a.shape[-1]
        flat = a.reshape(-1, n, n)
        factor, failed = np.zeros_like(flat), np.zeros(len(flat), dtype=bool)
        for k, matrix in enumerate(flat):  # only when some matrix is not positive definite
            try:
                factor[k] = np.linalg.cholesky(matrix)
            except np.linalg.LinAlgError:
                failed[k] = True
        factor, failed = factor.reshape(a.shape), failed.reshape(a.shape[:-2])
    # a NaN pivot is a failure too (LAPACK's test); numpy may let it through as NaN
    return factor, failed | np.isnan(np.diagonal(factor, axis1=-2, axis2=-1)).any(axis=-1)


def not_positive_definite(a: np.ndarray, failed: np.ndarray) -> LinAlgError:
    """The error for the first matrix marked by `failed`, naming the first leading
    minor that is not positive definite."""
    index = tuple(int(i) for i in np.argwhere(failed)[0]) if failed.ndim else ()
    matrix = a[index]
    order = next((k for k in range(1, len(matrix) + 1)
                  if factorise(matrix[:k, :k])[1]), len(matrix))
    which = "the matrix"
    if failed.ndim:
        which = f"the matrix at batch index {index} (of the batch of shape " \
                f"{shape_str(failed.shape)})"
    return LinAlgError(
        f"linalg.cholesky: {which} is not positive definite: its leading minor of order "
        f"{order} (its top-left {order} by {order} block) is not positive definite, so the "
        f"factorisation could not be completed; PyTorch raises here too. Only one triangle "
        f"is read (the lower one, or the upper one with upper=True), and a symmetric A needs "
        f"every eigenvalue > 0: np.linalg.eigvalsh(A.numpy()) shows them")


# ---- the functions users call ---------------------------------------------------------
def cholesky(A: Any, *, upper: bool = False) -> Tensor:  # noqa: N803  (PyTorch's name)
    """torch.linalg.cholesky: L lower triangular with A = L L^T for each symmetric
    positive-definite matrix of A (..., n, n), float32 or float64; only A's lower
    triangle is read. `upper=True` reads the upper triangle and returns U = L^T
    (A = U^T U). A matrix that is not positive definite raises `mg.linalg.LinAlgError`.
    """
    if not isinstance(upper, (bool, np.bool_)):
        raise TypeError(f"linalg.cholesky: upper must be a bool, got {type(upper).__name__} "
                        f"{upper!r} (as in PyTorch)")
    a = float_matrices("linalg.cholesky", A)
    if upper:  # the upper triangle of A is the lower one of A^T, and U = chol(A^T)^T
        return Cholesky.apply(a.mT).mT
    return Cholesky.apply(a)


def cholesky_torch(input: Any, upper: bool = False) -> Tensor:  # noqa: A002
    """torch.cholesky (deprecated in PyTorch in favour of torch.linalg.cholesky): the same
    factorisation, with `upper` also allowed as a second positional argument."""
    return cholesky(input, upper=upper)
