"""The matrix exponential exp(A) = I + A + A^2/2! + ..., as torch.linalg.matrix_exp, for
square matrices (..., n, n).

Computed as Higham's scaling and squaring (SIAM J. Matrix Anal. Appl. 26(4), 2005):
exp(A) = exp(A / 2^s)^(2^s), with s chosen per matrix so that ||A / 2^s||_1 <= 5.37,
where the [13/13] Padé approximant r(X) = (V - U)^-1 (V + U) equals exp(X) to double
precision; then s squarings. float32 matrices are computed in float64 and rounded back.

The backward uses the block identity (Mathias 1996): for the block matrix
    M = [[A^T, G], [0, A^T]],   exp(M) = [[exp(A^T), D], [0, exp(A^T)]],
D is the derivative of exp at A^T in the direction G, which is exactly dL/dA. So the
backward is the op itself, on a matrix twice as large, and can be recorded again.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..function import Function
from ..tensor import Tensor
from .indexing import concatenate
from .inverse import float_matrices

# Higham's [13/13] Padé coefficients b_0 .. b_13, and the largest ||X||_1 it is used at
PADE13 = (64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0,
          129060195264000.0, 10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0,
          40840800.0, 960960.0, 16380.0, 182.0, 1.0)
THETA13 = 5.371920351148152


class MatrixExp(Function):
    """E = exp(A) for each square matrix of a batch (..., n, n).

    dL/dA is the top right block of exp([[A^T, G], [0, A^T]]) (n by n blocks).
    """

    chain = ("E = exp(A) = sum_k A^k / k!", "dL/dA = exp([[A^T, G], [0, A^T]])_12")

    def forward(self, a: np.ndarray) -> np.ndarray:
        return expm(a)

    def backward(self, g: Any) -> Any:
        (a,) = self.saved_inputs()
        n = a.shape[-1]
        at = a.mT  # G has A's shape: the output's
        zeros = np.zeros(tuple(g.shape), dtype=g.dtype)
        block = _join([_join([at, g], -1), _join([zeros, at], -1)], -2)
        if isinstance(block, Tensor):
            return MatrixExp.apply(block)[..., :n, n:]
        return expm(block)[..., :n, n:]


def _join(parts: list[Any], axis: int) -> Any:
    if any(isinstance(p, Tensor) for p in parts):
        return concatenate([p if isinstance(p, Tensor) else Tensor._make(np.ascontiguousarray(p))
                            for p in parts], axis=axis)
    return np.concatenate(parts, axis=axis)


def expm(a: np.ndarray) -> np.ndarray:
    """exp of each matrix of a batch of arrays: scaling, the Padé approximant, squaring."""
    if a.size == 0:
        return np.zeros_like(a)
    with np.errstate(all="ignore"):  # inf or NaN entries give NaN, as in PyTorch
        r = _scale_pade_square(a.astype(np.float64))
    return r.astype(a.dtype)


def _scale_pade_square(x: np.ndarray) -> np.ndarray:
    """expm's three steps on float64 matrices (n >= 1)."""
    n = x.shape[-1]
    norms = np.abs(x).sum(axis=-2).max(axis=-1)  # the 1-norm of each matrix
    s = np.ceil(np.log2(norms / THETA13))
    s = np.where(np.isfinite(s) & (s > 0), s, 0).astype(np.int64)  # inf/NaN: no scaling
    s = np.minimum(s, 1100)  # beyond this every float64 matrix is inf anyway
    x = x / (2.0 ** s)[..., None, None]
    b, eye = PADE13, np.eye(n)
    x2 = x @ x
    x4 = x2 @ x2
    x6 = x4 @ x2
    u = x @ (x6 @ (b[13] * x6 + b[11] * x4 + b[9] * x2) + b[7] * x6 + b[5] * x4
             + b[3] * x2 + b[1] * eye)
    v = x6 @ (b[12] * x6 + b[10] * x4 + b[8] * x2) + b[6] * x6 + b[4] * x4 + b[2] * x2 \
        + b[0] * eye
    try:
        r = np.linalg.solve(v - u, v + u)
    except np.linalg.LinAlgError:  # only with inf or NaN entries: those give NaN
        r = np.full_like(x, np.nan)
    for step in range(int(s.max(initial=0))):
        r = np.where((step < s)[..., None, None], r @ r, r)
    return r


# ---- the function users call ----------------------------------------------------------
def matrix_exp(A: Any) -> Tensor:  # noqa: N803  (PyTorch's argument name)
    """torch.linalg.matrix_exp: exp(A) = sum_k A^k / k! of each square matrix of A
    (..., n, n), float32 or float64. `mg.matrix_exp` and `A.matrix_exp()` are the same."""
    return MatrixExp.apply(float_matrices("linalg.matrix_exp", A))
