"""Eigenvalues and eigenvectors of symmetric matrices: eigh and eigvalsh, as
torch.linalg's.

A = V diag(L) V^T for each symmetric matrix of a batch (..., n, n): L the eigenvalues in
ascending order, V orthonormal columns (column i is the eigenvector of L_i). As in
PyTorch (and LAPACK), only one triangle of A is read: the lower one (UPLO='L', the
default) or the upper one (UPLO='U'). An eigenvector's sign is not unique (v and -v are
both eigenvectors); minigrad gives numpy's (LAPACK's) choice, which may differ from
PyTorch's, so compare sign-free quantities: V diag(L) V^T, |V|, projectors v v^T.

Two ops, one per output, as slogdet's (ops/determinant.py): each recomputes the
decomposition, and a loss that uses only the eigenvalues never meets the eigenvectors'
backward. From A = V diag(L) V^T and V^T V = I:
    dL_i = v_i^T dA v_i,     dV = V (F o (V^T dA V)),   F_ij = 1 / (L_j - L_i) (i != j)
so the gradient of L is V diag(g) V^T and that of V is V (skew(V^T G) / E) V^T (see
`EighVectors`). Where two eigenvalues are equal their eigenvectors are not unique and
1 / (L_j - L_i) is infinite: the eigenvectors' gradient is then inf or NaN, as PyTorch's.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from ..errors import LinAlgError, shape_str
from ..function import Function
from ..tensor import Tensor
from .inverse import float_matrices


def decompose(a: np.ndarray, uplo: str) -> tuple[np.ndarray, np.ndarray]:
    """(L ascending, V) of each symmetric matrix of a batch of arrays, reading the
    triangle `uplo`; NaN for a matrix whose read triangle holds an inf or NaN, as
    PyTorch gives."""
    read = np.tril(a) if uplo == "L" else np.triu(a)
    bad = ~np.isfinite(read).all(axis=(-2, -1))
    if bad.any():  # LAPACK would not converge on them: NaN, as PyTorch's
        a = np.where(bad[..., None, None], np.eye(a.shape[-1], dtype=a.dtype), a)
    try:
        values, vectors = np.linalg.eigh(a, UPLO=uplo)
    except np.linalg.LinAlgError:
        raise LinAlgError(
            f"linalg.eigh: the eigenvalue algorithm did not converge for a matrix of the "
            f"batch of shape {shape_str(a.shape)} (LAPACK's message; PyTorch raises here "
            f"too): the matrix is very ill conditioned") from None
    if bad.any():
        values[bad], vectors[bad] = np.nan, np.nan
    return values, vectors


class EighValues(Function):
    """L = the eigenvalues of symmetric A, ascending (..., n), read from the triangle UPLO.

    dL_i = v_i^T dA v_i, so dL/dA = V diag(g) V^T: symmetric, as PyTorch's. Where
    eigenvalues repeat, V is not unique but V diag(g) V^T is when g weights the equal
    ones equally (as a sum does).
    """

    chain = ("L = eigenvalues of A (ascending)", "dL/dA = V diag(g) V^T")

    def forward(self, a: np.ndarray, uplo: str) -> np.ndarray:
        return decompose(a, uplo)[0]

    def backward(self, g: Any) -> Any:
        (a,) = self.saved_inputs()
        if self.create_graph:  # V as an op of A, to differentiate again
            v = EighVectors.apply(a, uplo=self.params["uplo"])
        else:
            v = decompose(a, self.params["uplo"])[1]
        return (v * g[..., None, :]) @ v.mT


class EighVectors(Function):
    """V = the eigenvectors of symmetric A (..., n, n), column i for the i-th smallest
    eigenvalue, read from the triangle UPLO.

    With E_ij = L_j - L_i (1 on the diagonal) and skew(X) = (X - X^T) / 2,
        dL/dA = V (skew(V^T G) / E) V^T,
    PyTorch's formula (symmetric, since both skew(V^T G) and E are antisymmetric).
    Where two eigenvalues are equal E_ij = 0, and the gradient is inf or NaN.
    """

    chain = ("V = eigenvectors of A", "dL/dA = V (skew(V^T G) / (L_j - L_i)) V^T")
    saves_output = True

    def forward(self, a: np.ndarray, uplo: str) -> np.ndarray:
        return decompose(a, uplo)[1]

    def backward(self, g: Any) -> Any:
        v = self.saved_output()
        (a,) = self.saved_inputs()
        if self.create_graph:
            values = EighValues.apply(a, uplo=self.params["uplo"])
        else:
            values = decompose(a, self.params["uplo"])[0]
        n = v.shape[-1]
        gaps = values[..., None, :] - values[..., :, None] + np.eye(n, dtype=v.dtype)
        vtg = v.mT @ g
        with np.errstate(divide="ignore", invalid="ignore"):  # equal eigenvalues: inf, NaN
            inner = (vtg - vtg.mT) * 0.5 / gaps
            return v @ inner @ v.mT


class Eigh(NamedTuple):
    """What eigh returns, as PyTorch's named pair: A = V diag(L) V^T."""

    eigenvalues: Tensor
    eigenvectors: Tensor


# ---- the functions users call ---------------------------------------------------------
def eigh(A: Any, UPLO: str = "L") -> Eigh:  # noqa: N803  (PyTorch's argument names)
    """torch.linalg.eigh: (eigenvalues, eigenvectors) of each symmetric matrix of A
    (..., n, n), float32 or float64: the eigenvalues ascending (..., n), the eigenvectors
    as the columns of (..., n, n). Only the triangle UPLO ('L' or 'U') is read.

    The eigenvectors' signs are LAPACK's (numpy's) choice and may differ from PyTorch's.
    Their gradient is inf or NaN where eigenvalues repeat, as in PyTorch.
    """
    a, uplo = _checked("linalg.eigh", A, UPLO)
    return Eigh(EighValues.apply(a, uplo=uplo), EighVectors.apply(a, uplo=uplo))


def eigvalsh(A: Any, UPLO: str = "L") -> Tensor:  # noqa: N803
    """torch.linalg.eigvalsh: the eigenvalues of each symmetric matrix of A (..., n, n),
    ascending, shape (..., n); only the triangle UPLO ('L' or 'U') is read. Its gradient
    V diag(g) V^T stays finite where eigenvalues repeat."""
    a, uplo = _checked("linalg.eigvalsh", A, UPLO)
    return EighValues.apply(a, uplo=uplo)


def _checked(op: str, value: Any, uplo: Any) -> tuple[Tensor, str]:
    if not isinstance(uplo, str) or uplo.upper() not in ("L", "U"):
        raise ValueError(f"{op}: UPLO must be 'L' (read the lower triangle) or 'U' (the "
                         f"upper one), got {uplo!r}, as in PyTorch")
    return float_matrices(op, value), uplo.upper()
