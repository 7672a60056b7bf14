"""Least squares, as torch.linalg.lstsq: the X minimising ||A X - B|| (Frobenius) for
A (..., m, n) and B (..., m, k) (or vectors (..., m)), the batch axes broadcast.

The solution is pinv(A) B (ops/svd.py), A's singular values below rcond times the
largest counting as 0: the least-squares solution of smallest norm, which is what
LAPACK's drivers give for a matrix of full rank, and for a lower rank too (gelsy, gelsd,
gelss; gels assumes full rank). Through pinv it is differentiable; for a matrix of full
rank that is the derivative of the solution.

The other three fields depend on the driver, as in PyTorch on the CPU (default 'gelsy'):

    driver   residuals                       rank          singular_values
    gels     ||A X - B||^2 per column if m>n  empty          empty
    gelsy    empty                           (...,) int64  empty
    gelsd    as gels, if m > n and full rank (...,) int64  (..., min(m, n))
    gelss    as gelsd                        (...,) int64  (..., min(m, n))

rank and singular_values have A's own batch axes, the others the broadcast ones. The
rank is the number of singular values above rcond times the largest (gelsy
estimates it from a pivoted QR instead: the two agree unless a singular value lies
near that line). 'gels' refuses a matrix whose R (of A = Q R) has a 0 on its diagonal,
as PyTorch does.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from ..errors import DTypeError, LinAlgError, ShapeError, shape_str
from ..tensor import Tensor
from .arguments import as_tensor
from .inverse import check_batch_axes, float_matrices
from .reduce import sum as sum_over
from .svd import pinv

DRIVERS = ("gels", "gelsy", "gelsd", "gelss")


class LstsqResult(NamedTuple):
    """What lstsq returns, as PyTorch's named quadruple."""

    solution: Tensor
    residuals: Tensor
    rank: Tensor
    singular_values: Tensor


def lstsq(A: Any, B: Any, rcond: Any = None, *, driver: Any = None) -> LstsqResult:  # noqa: N803
    """torch.linalg.lstsq: (solution, residuals, rank, singular_values) for the least
    squares problem min ||A X - B|| of A (..., m, n) and B (..., m, k), or B (..., m) of
    vectors (then X is (..., n)). rcond (default: eps of the dtype times max(m, n)) is
    the relative size below which a singular value counts as 0. driver: 'gelsy' (the
    default), 'gels', 'gelsd' or 'gelss', deciding which fields are filled (see the
    module's table). The solution is differentiable (for A of full rank)."""
    op = "linalg.lstsq"
    a = float_matrices(op, A, square=False)
    b = as_tensor(B)
    if b.dtype != a.dtype:
        raise DTypeError(f"{op}: A has dtype {a.dtype} and B {b.dtype}; both need the same "
                         f"floating dtype, as in PyTorch: convert one, e.g. B.to(A.dtype)")
    if driver is None:
        driver = "gelsy"
    if driver not in DRIVERS:
        raise ValueError(f"{op}: driver must be one of {', '.join(DRIVERS)} (the CPU's, as in "
                         f"PyTorch), got {driver!r}")
    if a.ndim - b.ndim not in (0, 1):
        raise ShapeError(f"{op}: B must be a matrix (..., m, k) with as many axes as A, or "
                         f"vectors (..., m) with one fewer; A has shape {shape_str(a.shape)}, "
                         f"B {shape_str(b.shape)}")
    vector = b.ndim == a.ndim - 1
    if vector:
        b = b.reshape(b.shape + (1,))
    m, n = a.shape[-2:]
    if b.shape[-2] != m:
        given = b.shape[:-1] if vector else b.shape
        raise ShapeError(f"{op}: A has {m} rows but B {b.shape[-2]} (shapes "
                         f"{shape_str(a.shape)} and {shape_str(given)}); A X = B needs as "
                         f"many rows in both")
    check_batch_axes(op, a, b)
    eps = np.finfo(a.dtype).eps
    cut = eps * max(m, n) if rcond is None or rcond < 0 else float(rcond)
    s = np.linalg.svd(a._data, compute_uv=False)  # (..., min(m, n)): of A's own batch
    largest = s.max(axis=-1, initial=0)
    rank = (s > cut * largest[..., None]).sum(axis=-1).astype(np.int64)
    if driver == "gels":
        _full_rank_or_error(op, a._data)
        cut = 0.0
    solution = pinv(a, atol=0.0, rtol=cut) @ b
    empty = Tensor._make(np.zeros(0, dtype=a.dtype))
    residuals = solution.reshape(-1)[:0]  # empty, but part of the graph, as in PyTorch
    if driver != "gelsy" and m > n and (driver == "gels" or bool((rank == n).all())):
        residuals = sum_over((a @ solution - b) ** 2, axis=-2)
        if driver == "gels" and n == 0:  # PyTorch's gels gives 0 there (gelsd: ||B||^2)
            residuals = residuals * 0
    return LstsqResult(
        solution.reshape(solution.shape[:-1]) if vector else solution,
        residuals,
        Tensor._make(rank if driver != "gels" else np.zeros(0, dtype=np.int64)),
        Tensor._make(s) if driver in ("gelsd", "gelss") else empty,
    )


def _full_rank_or_error(op: str, a: np.ndarray) -> None:
    """gels' test: a 0 on the diagonal of R, A = Q R (of A^T when A is wide)."""
    m, n = a.shape[-2:]
    if min(m, n) == 0 or a.size == 0:
        return
    r = np.linalg.qr(a if m >= n else a.swapaxes(-1, -2), mode="r")
    zero = (np.diagonal(r, axis1=-2, axis2=-1) == 0).any(axis=-1)
    if zero.any():
        where = " (batch index " + str(tuple(int(i) for i in np.argwhere(zero)[0])) + ")" \
            if zero.ndim else ""
        raise LinAlgError(f"{op}: the matrix{where} does not have full rank, so driver='gels' "
                          f"cannot compute the solution; PyTorch raises here too. Use the "
                          f"default driver 'gelsy', or 'gelsd', which handle any rank")
