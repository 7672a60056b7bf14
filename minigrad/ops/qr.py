"""The QR decomposition A = Q R, as torch.linalg.qr: Q with orthonormal columns, R upper
triangular, for matrices (..., m, n) of float32 or float64.

    mode='reduced'   Q (..., m, k), R (..., k, n), k = min(m, n)   (the default)
    mode='complete'  Q (..., m, m), R (..., m, n)
    mode='r'         R only (..., k, n); Q is an empty tensor, as PyTorch's

numpy computes it with the same LAPACK routines as PyTorch (Householder reflections,
geqrf and orgqr), so the signs of R's diagonal are the same as PyTorch's.

Q and R are two ops (as eigh's, ops/eigh.py), each recomputing the decomposition; the
gradient of each is its part of PyTorch's formula (`qr_gradient`). As in PyTorch there is
none for mode='r' (no Q) nor for mode='complete' with m > n (Q is not unique then).
Second derivatives are not available (as for svdvals).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from ..errors import BackwardError
from ..function import Function
from ..tensor import Tensor
from .inverse import float_matrices


def qr_gradient(a: np.ndarray, q: np.ndarray, r: np.ndarray, gq: np.ndarray | None,
                gr: np.ndarray | None) -> np.ndarray:
    """dL/dA from the gradients of Q and R (None: not used) of A = Q R, PyTorch's formula
    (linalg_qr_backward), for a reduced Q (or m <= n).

    m >= n: with M = triu(gR R^T - Q^T gQ) and S = M + M^T (its diagonal once),
        dL/dA = (gQ + Q S) R^-T.
    m < n: A = [X | Y] and R = [U | V] with X, U square; then dL/dY = Q gV, and dL/dX is
    the square case's with U for R, gU for gR and gQ + Y gV^T for gQ.
    """
    m, n = a.shape[-2:]
    gq = np.zeros_like(q) if gq is None else gq
    gr = np.zeros_like(r) if gr is None else gr
    if m < n:
        gv, y = gr[..., m:], a[..., m:]
        gx = qr_gradient(a[..., :m], q, r[..., :m], gq + y @ gv.mT, gr[..., :m])
        return np.concatenate([gx, q @ gv], axis=-1)
    upper = np.triu(gr @ r.mT - q.mT @ gq)
    s = upper + upper.mT
    s -= np.eye(n, dtype=a.dtype) * upper  # the diagonal counted once
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        try:  # X R^-T = (R^-1 X^T)^T
            return np.linalg.solve(r, (gq + q @ s).mT).mT
        except np.linalg.LinAlgError:  # a rank-deficient A: R singular, no finite slope
            return np.full(a.shape, np.nan, dtype=a.dtype)


class _QRPart(Function):
    """One of Q and R (the class attribute `part`) of A = Q R; see `qr_gradient`."""

    part = 0

    def forward(self, a: np.ndarray, mode: str) -> np.ndarray:
        return np.linalg.qr(a, mode="complete" if mode == "complete" else "reduced")[self.part]

    def backward(self, g: Any) -> Any:
        mode = self.params["mode"]
        (a,) = self.inputs
        m, n = a.shape[-2:]
        if self.create_graph:
            raise BackwardError("linalg.qr: second derivatives (create_graph=True) are not "
                                "available in minigrad; the first derivative works")
        if mode == "complete" and m > n:
            raise BackwardError(
                "linalg.qr: with mode='complete' and more rows than columns, Q's last "
                f"{m - n} columns are not unique, so the decomposition has no derivative (as "
                "in PyTorch); use mode='reduced'")
        (a,) = self.saved_inputs()
        q, r = np.linalg.qr(a)  # reduced: for m <= n the same as complete
        return qr_gradient(a, q, r, None if self.part else g, g if self.part else None)


class QRQ(_QRPart):
    """Q of A = Q R (orthonormal columns).

    dL/dA = (G + Q S) R^-T, S = M + M^T (its diagonal once), M = triu(-Q^T G)
    (`qr_gradient` with gR = 0).
    """

    chain = ("Q of A = Q R", "dL/dA = (G + Q S) R^-T, S = sym(triu(-Q^T G))")
    part = 0


class QRR(_QRPart):
    """R of A = Q R (upper triangular).

    dL/dA = Q S R^-T, S = M + M^T (its diagonal once), M = triu(G R^T)
    (`qr_gradient` with gQ = 0; for m < n see there).
    """

    chain = ("R of A = Q R", "dL/dA = Q S R^-T, S = sym(triu(G R^T))")
    part = 1


class QRResult(NamedTuple):
    """What qr returns, as PyTorch's named pair: A = Q R."""

    Q: Tensor
    R: Tensor


class _NoQ(Function):
    """mode='r': R (`part` 1), or the empty tensor that stands for Q (`part` 0), without
    a gradient (PyTorch's backward refuses it: it needs Q)."""

    def forward(self, a: np.ndarray, part: int) -> np.ndarray:
        return np.linalg.qr(a, mode="r") if part else np.zeros((0,), dtype=a.dtype)

    def backward(self, g: Any) -> Any:
        raise BackwardError(
            "linalg.qr: the derivative depends on Q, which is not computed when mode='r' "
            "(as in PyTorch); use linalg.qr(A, mode='reduced') to differentiate")


# ---- the function users call ----------------------------------------------------------
def qr(A: Any, mode: str = "reduced") -> QRResult:  # noqa: N803  (PyTorch's name)
    """torch.linalg.qr: (Q, R) with A = Q R for each matrix of A (..., m, n), float32 or
    float64: Q with orthonormal columns, R upper triangular. mode 'reduced' (k = min(m, n)
    columns of Q), 'complete' (all m) or 'r' (R only; Q is an empty tensor).

    Gradients as PyTorch's: none for mode='r', nor for 'complete' with m > n.
    """
    if mode not in ("reduced", "complete", "r"):
        raise ValueError(f"linalg.qr: mode must be 'reduced' (the default), 'complete' or "
                         f"'r', got {mode!r} (as in PyTorch)")
    a = float_matrices("linalg.qr", A, square=False)
    if mode == "r":
        return QRResult(_NoQ.apply(a, part=0), _NoQ.apply(a, part=1))
    return QRResult(QRQ.apply(a, mode=mode), QRR.apply(a, mode=mode))
