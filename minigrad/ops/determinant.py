"""Determinants: det and slogdet (its sign and log |det|), as torch.linalg's.

Both take float32 or float64 square matrices (..., n, n), a batch along the
leading axes, and give one number per matrix. A singular matrix is no error:
its determinant is 0 (slogdet: sign 0, log |det| = -inf).

Jacobi's formula is behind both backwards: d det(A) = tr(cof(A)^T dA), so
d det(A)/dA = cof(A), the matrix of cofactors (cof(A)_ij = (-1)^(i+j) times
the determinant of A without row i and column j). Where A is invertible,
cof(A) = det(A) A^-T. Where it is not, det(A) A^-T is 0 * inf, but cof(A) is
still finite: `cofactors` takes it from the SVD then.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from ..errors import BackwardError
from ..function import Function
from ..tensor import Tensor
from . import either
from .inverse import float_matrices, invert_each


class Det(Function):
    """z = det(A) for each matrix of a batch (..., n, n).

    dz/dA = cof(A), the cofactor matrix: dL/dA = g cof(A) = g det(A) A^-T where A is
    invertible. At a singular matrix cof(A) is computed from the SVD A = U S V^T:
    cof(A) = det(U) det(V) U diag(prod of the other singular values) V^T, which is
    not 0 for a matrix of rank n - 1 (see `cofactors`).
    """

    chain = ("z = det(A)", "dL/dA = g det(A) A^-T (the cofactor matrix times g)")
    saves_output = True

    def forward(self, a: np.ndarray) -> np.ndarray:
        return np.asarray(np.linalg.det(a), dtype=a.dtype)  # numpy gives a scalar for 2-D

    def backward(self, g: Any) -> Any:
        (a,) = self.saved_inputs()
        if self.create_graph:  # recorded: det(A) A^-T from ops, to differentiate again
            _no_second_derivative_at_singular("linalg.det", a)
            z = self.saved_output()
            return (g * z).reshape(g.shape + (1, 1)) * either.inv(a).mT
        return g[..., None, None] * cofactors(a)


class DetSign(Function):
    """z = the sign of det(A): 1, -1, or 0 for a singular matrix (slogdet's `sign`).

    A step function, as `sign` is: dz/dA = 0 wherever it has a slope, so dL/dA = 0.
    """

    chain = ("z = sign of det(A)", "dz/dA = 0")

    def forward(self, a: np.ndarray) -> np.ndarray:
        return np.asarray(np.linalg.slogdet(a)[0], dtype=a.dtype)

    def backward(self, g: Any) -> Any:
        return g.reshape(g.shape + (1, 1)) * np.zeros(self.inputs[0].shape, g.dtype)


class LogAbsDet(Function):
    """z = log |det(A)| for each matrix of a batch (slogdet's `logabsdet`).

    dz/dA = cof(A) / det(A) = A^-T, so dL/dA = g A^-T. At a singular matrix (z = -inf,
    or singular to working precision, as inv decides) it is infinite: cof(A) / 0, +-inf
    where a cofactor is not 0 and NaN where it is.
    """

    chain = ("z = log |det(A)|", "dL/dA = g A^-T")

    def forward(self, a: np.ndarray) -> np.ndarray:
        return np.asarray(np.linalg.slogdet(a)[1], dtype=a.dtype)

    def backward(self, g: Any) -> Any:
        (a,) = self.saved_inputs()
        if self.create_graph:
            _no_second_derivative_at_singular("linalg.slogdet", a)
            return g.reshape(g.shape + (1, 1)) * either.inv(a).mT
        inverses, singular = invert_each(a)
        if singular.any():  # cof(A) / 0: +-inf, or NaN where the cofactor is 0 too
            with np.errstate(divide="ignore", invalid="ignore"):
                inverses[singular] = cofactors(a[singular]) / np.zeros((), a.dtype)
        with np.errstate(invalid="ignore"):  # 0 * inf where g is 0
            return g[..., None, None] * inverses.mT


def cofactors(a: np.ndarray) -> np.ndarray:
    """cof(A) for each matrix of a batch of arrays: det(A) A^-T where A is invertible;
    at a singular A (also to working precision, as inv decides), from its SVD (see
    Det), since A^-T does not exist there or has no right digit."""
    inverses, singular = invert_each(a)
    out = np.asarray(np.linalg.det(a))[..., None, None] * inverses.mT
    if singular.any():
        u, s, vh = np.linalg.svd(a[singular])
        # prod_{j != i} s_j for each i, as (product of those before) * (of those after),
        # so that nothing divides by the singular value 0
        ones = np.ones_like(s[..., :1])
        before = np.cumprod(np.concatenate([ones, s[..., :-1]], axis=-1), axis=-1)
        after = np.cumprod(np.concatenate([ones, s[..., :0:-1]], axis=-1), axis=-1)[..., ::-1]
        sign = np.linalg.det(u) * np.linalg.det(vh)  # +-1: the orientation U and V add
        out[singular] = sign[..., None, None] * ((u * (before * after)[..., None, :]) @ vh)
    return out


def _no_second_derivative_at_singular(op: str, a: Tensor) -> None:
    """A recorded backward (create_graph=True) needs A^-1 as an op: refuse where it does
    not exist, rather than record a gradient that is wrong to differentiate."""
    if invert_each(either.raw(a))[1].any():
        raise BackwardError(
            f"{op}: create_graph=True (second derivatives) at a singular matrix is not "
            f"available in minigrad: the recorded backward needs A^-1, which does not exist "
            f"there. The first derivative (backward without create_graph) works")


class SignLogAbsDet(NamedTuple):
    """What slogdet returns: det(A) = sign * exp(logabsdet), as PyTorch's named pair."""

    sign: Tensor
    logabsdet: Tensor


# ---- the functions users call ---------------------------------------------------------
def det(A: Any) -> Tensor:  # noqa: N803  (PyTorch's argument name)
    """torch.linalg.det: the determinant of each matrix of A (..., n, n); float32 or
    float64. 0 for a singular matrix (its gradient is still the cofactor matrix)."""
    return Det.apply(float_matrices("linalg.det", A))


def slogdet(A: Any) -> SignLogAbsDet:  # noqa: N803
    """torch.linalg.slogdet: (sign, logabsdet) of each matrix of A (..., n, n), with
    det(A) = sign * exp(logabsdet): the log of a determinant too large or small for a
    float. A singular matrix gives sign 0 and logabsdet -inf. The sign's gradient is 0."""
    a = float_matrices("linalg.slogdet", A)
    return SignLogAbsDet(DetSign.apply(a), LogAbsDet.apply(a))
