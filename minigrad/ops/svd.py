"""The singular value decomposition A = U diag(S) Vh, and what is built on it: svd, pinv
(the pseudo-inverse) and matrix_rank, as torch.linalg's, for matrices (..., m, n) of
float32 or float64; k = min(m, n).

svd returns U (..., m, k) or (..., m, m) with `full_matrices=True` (the default, as in
PyTorch), S (..., k) largest first, and Vh (..., k, n) or (..., n, n). A pair of singular
vectors (u_i, v_i) may have both signs flipped: numpy's (LAPACK's) choice may differ from
PyTorch's, so compare U diag(w) Vh, |U| or projectors.

U, S and Vh are three ops (S is svdvals' `SvdVals`, ops/matrix_norms.py), each
recomputing the decomposition; together their backwards make PyTorch's (`SvdU`,
`SvdVh`). As in PyTorch, with full_matrices=True only the first k columns of U (rows of
Vh) are differentiated: the others are not unique. Where singular values repeat (or one
is 0 with m != n), the gradient of U and Vh is inf or NaN, as PyTorch's. Second
derivatives are not available (as for svdvals).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from ..errors import BackwardError, DTypeError, ShapeError, shape_str
from ..function import Function
from ..tensor import Tensor
from . import either
from .arguments import as_tensor
from .inverse import float_matrices
from .matrix_norms import SvdVals
from .shape import broadcast_to


def _skew_over_gaps(x: np.ndarray, s: np.ndarray) -> np.ndarray:
    """(X - X^T) / E with E_ij = s_j^2 - s_i^2 (1 on the diagonal, where X - X^T is 0)."""
    s2 = s * s
    gaps = s2[..., None, :] - s2[..., :, None] + np.eye(s.shape[-1], dtype=s.dtype)
    return (x - x.mT) / gaps


class _SvdVectors(Function):
    """U (`part` 0) or Vh (`part` 2) of A = U diag(S) Vh."""

    part = 0

    def forward(self, a: np.ndarray, full_matrices: bool) -> np.ndarray:
        return np.linalg.svd(a, full_matrices=full_matrices)[self.part]

    def backward(self, g: Any) -> Any:
        if self.create_graph:
            raise BackwardError("linalg.svd: second derivatives (create_graph=True) are not "
                                "available in minigrad; the first derivative works")
        (a,) = self.saved_inputs()
        m, n = a.shape[-2:]
        k = min(m, n)
        u, s, vh = np.linalg.svd(a, full_matrices=False)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            if self.part == 0:
                gu = g[..., :, :k]  # full_matrices: the columns past k are not differentiated
                inner = _skew_over_gaps(u.mT @ gu, s) * s[..., None, :]
                if m > n:  # (I - U U^T) gU S^-1: the part of gU outside U's columns
                    gus = gu / s[..., None, :]
                    return u @ inner @ vh + (gus - u @ (u.mT @ gus)) @ vh
                return u @ inner @ vh
            gvh = g[..., :k, :]
            inner = s[..., :, None] * _skew_over_gaps(vh @ gvh.mT, s)
            if m < n:  # S^-1 gVh (I - V V^T)
                sgvh = gvh / s[..., :, None]
                return u @ (inner @ vh + sgvh - (sgvh @ vh.mT) @ vh)
            return u @ inner @ vh


class SvdU(_SvdVectors):
    """U of A = U diag(S) Vh (its first k columns differentiated).

    With E_ij = s_j^2 - s_i^2 and skew(X) = X - X^T:
        dL/dA = U (skew(U^T G) / E) S Vh  [+ (I - U U^T) G S^-1 Vh when m > n],
    PyTorch's formula with gS = 0 and gVh = 0.
    """

    chain = ("U of A = U S Vh", "dL/dA = U (skew(U^T G) / E) S Vh (+ (I - UU^T) G S^-1 Vh)")
    part = 0


class SvdVh(_SvdVectors):
    """Vh of A = U diag(S) Vh (its first k rows differentiated).

    With V = Vh^T and E, skew as for U:
        dL/dA = U S (skew(V^T G^T) / E) Vh  [+ U S^-1 G (I - V V^T) when m < n].
    """

    chain = ("Vh of A = U S Vh", "dL/dA = U S (skew(Vh G^T) / E) Vh (+ U S^-1 G (I - VV^T))")
    part = 2


class SVDResult(NamedTuple):
    """What svd returns, as PyTorch's named triple: A = U diag(S) Vh."""

    U: Tensor
    S: Tensor
    Vh: Tensor


class Pinv(Function):
    """Z = A^+, the pseudo-inverse of each matrix (..., m, n): V diag(1/s) U^T over the
    singular values s above the tolerance (the others count as 0).

    PyTorch's derivative (pinv_backward), for m <= n with K = G^T Z:
        dL/dA = -(Z K)^T + K Z^T - A Z K Z^T + Z^T Z (G^T - K A)
    and the same with the roles of rows and columns swapped for m > n. It is made of
    products of A and Z only, so it can be differentiated again. (It is the derivative
    where the rank does not change nearby.)
    """

    chain = ("Z = A^+ (pseudo-inverse)", "dL/dA = -(Z K)^T + K Z^T - A Z K Z^T + Z^T Z (G^T - K A)")
    saves_output = True

    def forward(self, a: np.ndarray, atol: np.ndarray, rtol: np.ndarray,
                hermitian: bool) -> np.ndarray:
        if hermitian:  # eigenvalues and vectors of the lower triangle, |lambda| as s
            values, vectors = np.linalg.eigh(a)
            keep = np.abs(values) > _tolerance(np.abs(values).max(axis=-1, initial=0), atol,
                                               rtol)
            with np.errstate(divide="ignore"):
                inverse = np.where(keep, 1 / np.where(keep, values, 1), 0).astype(a.dtype)
            return (vectors * inverse[..., None, :]) @ vectors.mT
        u, s, vh = np.linalg.svd(a, full_matrices=False)
        keep = s > _tolerance(s.max(axis=-1, initial=0), atol, rtol)
        inverse = np.where(keep, 1 / np.where(keep, s, 1), 0).astype(a.dtype)
        return (vh.mT * inverse[..., None, :]) @ u.mT

    def backward(self, g: Any) -> Any:
        (a,) = self.saved_inputs()
        z = self.saved_output()
        m, n = a.shape[-2:]
        zt, gt = z.mT, g.mT
        if m <= n:
            k = gt @ z
            kzt = k @ zt
            return -(z @ k).mT + kzt - (a @ z) @ kzt + (zt @ z) @ (gt - k @ a)
        k = z @ gt
        ztk = zt @ k
        return -(k @ z).mT + (gt - a @ k) @ z @ zt + ztk - ztk @ z @ a


def _tolerance(largest: np.ndarray, atol: np.ndarray, rtol: np.ndarray) -> np.ndarray:
    """max(atol, rtol * the largest singular value), one per matrix, with a trailing axis."""
    return np.maximum(atol, rtol * largest)[..., None]


def _tolerances(op: str, a: Tensor, atol: Any, rtol: Any) -> tuple[np.ndarray, np.ndarray]:
    """atol and rtol as arrays of A's dtype (a number, or a tensor broadcast against the
    batch), with PyTorch's defaults: rtol = max(m, n) eps when neither is given, and 0
    when only atol is."""
    def value(x: Any, name: str) -> np.ndarray:
        array = either.raw(as_tensor(x))
        if array.dtype.kind not in "fiu" or array.dtype == np.bool_:
            raise DTypeError(f"{op}: {name} must be a number or a real tensor, got "
                             f"{array.dtype}")
        return array.astype(a.dtype)

    default = np.asarray(max(a.shape[-2:]) * np.finfo(a.dtype).eps, dtype=a.dtype)
    atol_ = np.zeros((), a.dtype) if atol is None else value(atol, "atol")
    # the default, except where atol > 0: then 0
    rtol_ = np.where(atol_ > 0, np.zeros((), a.dtype), default) if rtol is None else value(
        rtol, "rtol")
    try:
        batch = np.broadcast_shapes(a.shape[:-2], atol_.shape, rtol_.shape)
    except ValueError:
        raise ShapeError(f"{op}: atol (shape {shape_str(atol_.shape)}) and rtol (shape "
                         f"{shape_str(rtol_.shape)}) must broadcast against the batch axes of "
                         f"A {shape_str(a.shape)}") from None
    if batch != a.shape[:-2]:
        a = broadcast_to(a, batch + a.shape[-2:])
    return a, atol_, rtol_


# ---- the functions users call ---------------------------------------------------------
def svd(A: Any, full_matrices: bool = True, *, driver: Any = None) -> SVDResult:  # noqa: N803
    """torch.linalg.svd: (U, S, Vh) with A = U diag(S) Vh for each matrix of A (..., m, n),
    float32 or float64; S largest first. With full_matrices=True (the default) U is
    (..., m, m) and Vh (..., n, n); with False, (..., m, k) and (..., k, n).

    A pair of singular vectors may have the opposite signs of PyTorch's. `driver` is for
    CUDA in PyTorch and refused on the CPU, as there.
    """
    if driver is not None:
        raise ValueError("linalg.svd: driver= is only for CUDA inputs in PyTorch (cuSOLVER); "
                         "on the CPU leave it out, as PyTorch requires")
    a = float_matrices("linalg.svd", A, square=False)
    full = bool(full_matrices)
    return SVDResult(SvdU.apply(a, full_matrices=full), SvdVals.apply(a),
                     SvdVh.apply(a, full_matrices=full))


def pinv(A: Any, *, atol: Any = None, rtol: Any = None, hermitian: bool = False) -> Tensor:  # noqa: N803
    """torch.linalg.pinv: the pseudo-inverse of each matrix of A (..., m, n), shape
    (..., n, m), float32 or float64: the singular values at most max(atol, rtol * the
    largest) count as 0. By default rtol = max(m, n) * eps of the dtype (and 0 when only
    atol > 0 is given), as in PyTorch. `hermitian=True` reads A's lower triangle as a
    symmetric matrix and uses its eigenvalues.
    """
    a = float_matrices("linalg.pinv", A, square=bool(hermitian))
    a, atol_, rtol_ = _tolerances("linalg.pinv", a, atol, rtol)
    return Pinv.apply(a, atol=atol_, rtol=rtol_, hermitian=bool(hermitian))


def matrix_rank(A: Any, tol: Any = None, hermitian: bool = False, *, atol: Any = None,  # noqa: N803
                rtol: Any = None) -> Tensor:
    """torch.linalg.matrix_rank: the number of singular values of each matrix of A
    (..., m, n) above max(atol, rtol * the largest), as int64 (no gradient), with pinv's
    tolerances. `hermitian=True` counts the |eigenvalues| of the lower triangle instead.
    `tol` is PyTorch's older spelling of atol (with rtol 0)."""
    a = float_matrices("linalg.matrix_rank", A, square=bool(hermitian))
    if tol is not None:
        if atol is not None or rtol is not None:
            raise TypeError("linalg.matrix_rank: give tol (the older spelling) or atol and "
                            "rtol, not both")
        atol, rtol = tol, 0.0
    a, atol_, rtol_ = _tolerances("linalg.matrix_rank", a, atol, rtol)
    data = either.raw(a)
    s = np.abs(np.linalg.eigvalsh(data)) if hermitian else np.linalg.svd(data, compute_uv=False)
    rank = (s > _tolerance(s.max(axis=-1, initial=0), atol_, rtol_)).sum(axis=-1)
    return Tensor._make(np.asarray(rank, dtype=np.int64))
