"""The LU factorisation with partial pivoting, A = P L U, as torch.linalg's lu_factor,
lu and lu_solve, for matrices (..., m, n) of any shape, k = min(m, n):

    P  (m, m)  a permutation (the row swaps),
    L  (m, k)  lower triangular with ones on its diagonal,
    U  (k, n)  upper triangular.

lu_factor returns L and U packed in one matrix (L below the diagonal, U on and above
it) and the swaps as LAPACK's pivots: 1-based int32, row i was swapped with row
pivots[i] - 1, in order. Column j's pivot is its largest |entry| on or below the
diagonal (the first of equal ones), as LAPACK's getrf chooses.

The one op, `LUFactor`, is the packed factor; lu's L and U are its triangles and lu_solve
is two triangular solves of it (ops/triangular.py), so their gradients come from its
backward (PyTorch's formulas, derived in `LUFactor`).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from ..errors import DTypeError, LinAlgError, ShapeError, shape_str
from ..function import Function
from ..tensor import Tensor
from . import either
from .arguments import as_tensor
from .indexing import concatenate
from .inverse import check_batch_axes, float_matrices
from .triangular import solve_triangular


class LUFactor(Function):
    """LU = L and U packed, of P^T A = L U (the factorisation is computed outside, in
    `factorise`, and passed in: forward only returns it, backward differentiates it).

    Square A: from dA = P (dL U + L dU), M = L^-1 P^T dA U^-1 = L^-1 dL + dU U^-1, whose
    strict lower triangle is L^-1 dL and the rest dU U^-1, so
        dL/dA = P L^-T (tril_-1(L^T G_L) + triu(G_U U^T)) U^-T.
    Tall A (m > n), L = [L1; L2]: dL/dA = P [L1^-T phi U^-T; G_L2 U^-T] with
        phi = tril_-1(L1^T G_L1) + triu(G_U U^T - L2^T G_L2).
    Wide A (m < n), U = [U1 U2]: dL/dA = P [L^-T phi U1^-T, L^-T G_U2] with
        phi = tril_-1(L^T G_L - G_U2 U2^T) + triu(G_U1 U1^T).
    G_L is G's strict lower part, G_U its upper part (the unit diagonal has no gradient).
    """

    chain = ("LU = L, U packed (P^T A = L U)", "dL/dA = P L^-T phi U^-T")
    saves_output = True

    def forward(self, a: np.ndarray, packed: np.ndarray, swaps: np.ndarray) -> np.ndarray:
        return packed.copy()

    def backward(self, g: Any) -> Any:
        lu = self.saved_output()
        m, n = lu.shape[-2:]
        k = min(m, n)
        dtype = g.dtype
        lower = np.tril(np.ones((m, k), dtype=dtype), -1)
        upper = np.triu(np.ones((k, n), dtype=dtype))
        g_l, g_u = g[..., :, :k] * lower, g[..., :k, :] * upper
        l_mat = lu[..., :, :k] * lower + np.eye(m, k, dtype=dtype)
        u_mat = lu[..., :k, :] * upper
        square = lu[..., :k, :k]  # holds L1 (below the diagonal) and U1 (on and above)
        strict, on_and_above = lower[:k, :k], upper[:k, :k]
        if m >= n:
            l1, l2, g_l1, g_l2 = l_mat[..., :k, :], l_mat[..., k:, :], g_l[..., :k, :], \
                g_l[..., k:, :]
            phi = (l1.mT @ g_l1) * strict + (g_u @ u_mat.mT - l2.mT @ g_l2) * on_and_above
            top = _right_u_inv(square, either.solve_triangular(square.mT, phi, True, True))
            grad = join([top, _right_u_inv(square, g_l2)], -2) if m > n else top
        else:
            u1, u2, g_u1, g_u2 = u_mat[..., :k], u_mat[..., k:], g_u[..., :k], g_u[..., k:]
            phi = (l_mat.mT @ g_l - g_u2 @ u2.mT) * strict + (g_u1 @ u1.mT) * on_and_above
            left = _right_u_inv(square, either.solve_triangular(square.mT, phi, True, True))
            grad = join([left, either.solve_triangular(square.mT, g_u2, True, True)], -1)
        return permutations(self.params["swaps"], m, dtype) @ grad


def _right_u_inv(square: Any, x: Any) -> Any:
    """X U^-T for the upper triangle U of `square`: the Y with U Y^T = X^T."""
    return either.solve_triangular(square, x.mT, True).mT


def join(parts: list[Any], axis: int) -> Any:
    """The parts concatenated along `axis`: arrays, or Tensors (recorded)."""
    if any(isinstance(p, Tensor) for p in parts):
        return concatenate(parts, axis=axis)
    return np.concatenate(parts, axis=axis)


# ---- the factorisation, and the permutation its pivots stand for -----------------------
def factorise(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(L and U packed, the 1-based int32 pivots) of each matrix of a batch: Gaussian
    elimination with partial pivoting, one column at a time for the whole batch. A column
    with no nonzero pivot is left as it is (its U diagonal entry 0), as getrf does."""
    m, n = a.shape[-2:]
    k = min(m, n)
    count = int(np.prod(a.shape[:-2]))  # the matrices of the batch (reshape(-1) fails on 0)
    lu = np.array(a, dtype=a.dtype).reshape(count, m, n)
    pivots = np.zeros((len(lu), k), dtype=np.int32)
    rows = np.arange(len(lu))
    for j in range(k):
        p = j + np.argmax(np.abs(lu[:, j:, j]), axis=-1)
        pivots[:, j] = p + 1
        top = lu[rows, j].copy()
        lu[rows, j] = lu[rows, p]
        lu[rows, p] = top
        pivot = lu[:, j, j]
        safe = np.where(pivot == 0, 1, pivot)  # a zero pivot: the column below is 0 too
        lu[:, j + 1:, j] /= safe[:, None]
        lu[:, j + 1:, j + 1:] -= lu[:, j + 1:, j, None] * lu[:, j, None, j + 1:]
    return lu.reshape(a.shape), pivots.reshape(a.shape[:-2] + (k,))


def permutations(pivots: np.ndarray, m: int, dtype: Any) -> np.ndarray:
    """The permutation matrices P (..., m, m) of LAPACK's pivots: A = P L U."""
    order = np.broadcast_to(np.arange(m), pivots.shape[:-1] + (m,)).copy()
    count = int(np.prod(pivots.shape[:-1]))
    flat, swaps = order.reshape(count, m), pivots.reshape(count, pivots.shape[-1]) - 1
    rows = np.arange(len(flat))
    for i in range(swaps.shape[-1]):
        here = flat[:, i].copy()
        flat[:, i] = flat[rows, swaps[:, i]]
        flat[rows, swaps[:, i]] = here
    # P^T A = A[order] (rows reordered), so P^T = I[order] and P is its transpose
    return np.eye(m, dtype=dtype)[order].swapaxes(-1, -2)


def _zero_pivot_error(packed: np.ndarray) -> LinAlgError | None:
    """PyTorch's error when some U has a 0 on its diagonal (lu_solve would divide by it)."""
    k = min(packed.shape[-2:])
    zero = np.diagonal(packed, axis1=-2, axis2=-1)[..., :k] == 0
    if not zero.any():
        return None
    where = tuple(int(i) for i in np.argwhere(zero)[0])
    batch = f" (batch index {where[:-1]})" if len(where) > 1 else ""
    i = where[-1]
    return LinAlgError(
        f"linalg.lu_factor: U[{i},{i}] is zero{batch}: the matrix is singular, and "
        f"lu_solve would divide by that zero; PyTorch raises here too. For the factors of "
        f"a singular matrix use mg.linalg.lu(A), which does not check")


class LUFactorResult(NamedTuple):
    """What lu_factor returns, as PyTorch's named pair."""

    LU: Tensor
    pivots: Tensor


class LUResult(NamedTuple):
    """What lu returns, as PyTorch's named triple: A = P L U."""

    P: Tensor
    L: Tensor
    U: Tensor


# ---- the functions users call ---------------------------------------------------------
def _packed(op: str, A: Any, pivot: Any) -> tuple[Tensor, np.ndarray]:  # noqa: N803
    if not isinstance(pivot, (bool, np.bool_)):
        raise TypeError(f"{op}: pivot must be a bool, got {type(pivot).__name__} {pivot!r}")
    if not pivot:
        raise LinAlgError(f"{op}: LU without pivoting is not implemented on the CPU (PyTorch "
                          f"has it only on CUDA); use pivot=True")
    a = float_matrices(op, A, square=False)
    packed, pivots = factorise(a._data)
    return LUFactor.apply(a, packed=packed, swaps=pivots), pivots


def lu_factor(A: Any, *, pivot: bool = True) -> LUFactorResult:  # noqa: N803
    """torch.linalg.lu_factor: (LU, pivots) of each matrix of A (..., m, n): L (below the
    diagonal, its ones not stored) and U (on and above it) packed, and LAPACK's pivots,
    1-based int32 (..., min(m, n)). A singular matrix (a 0 on U's diagonal) raises
    `mg.linalg.LinAlgError`, as in PyTorch; pivot=False is refused (CUDA only there)."""
    packed, pivots = _packed("linalg.lu_factor", A, pivot)
    error = _zero_pivot_error(packed._data)
    if error is not None:
        raise error
    return LUFactorResult(packed, Tensor._make(pivots))


def lu(A: Any, *, pivot: bool = True) -> LUResult:  # noqa: N803
    """torch.linalg.lu: (P, L, U) with A = P L U for each matrix of A (..., m, n): P
    (..., m, m) a permutation in A's dtype, L (..., m, k) unit lower triangular and U
    (..., k, n) upper triangular, k = min(m, n). A singular matrix is factorised too.
    L and U are differentiable with respect to A (P is constant)."""
    packed, pivots = _packed("linalg.lu", A, pivot)
    m, n = packed.shape[-2:]
    k, dtype = min(m, n), packed.dtype
    l_mat = packed[..., :, :k] * np.tril(np.ones((m, k), dtype=dtype), -1) + np.eye(
        m, k, dtype=dtype)
    u_mat = packed[..., :k, :] * np.triu(np.ones((k, n), dtype=dtype))
    return LUResult(Tensor._make(permutations(pivots, m, dtype)), l_mat, u_mat)


def lu_solve(LU: Any, pivots: Any, B: Any, *, left: bool = True,  # noqa: N803
             adjoint: bool = False) -> Tensor:
    """torch.linalg.lu_solve: X with A X = B from lu_factor's (LU, pivots) of a square A
    (..., n, n); `adjoint=True` solves A^T X = B, `left=False` X A = B (or X A^T = B).
    B is a batch of matrices (..., n, k); the batch axes broadcast. Differentiable with
    respect to LU and B."""
    op = "linalg.lu_solve"
    for name, flag in (("left", left), ("adjoint", adjoint)):
        if not isinstance(flag, (bool, np.bool_)):
            raise TypeError(f"{op}: {name} must be a bool, got {type(flag).__name__} {flag!r}")
    lu_ = float_matrices(op, LU)
    piv, b = as_tensor(pivots), as_tensor(B)
    n = lu_.shape[-1]
    if piv.dtype != np.int32:
        raise DTypeError(f"{op}: pivots must be an int32 tensor (as lu_factor returns them), "
                         f"got {piv.dtype}, as PyTorch refuses too")
    if piv.shape != lu_.shape[:-1]:
        raise ShapeError(f"{op}: pivots must have shape {shape_str(lu_.shape[:-1])} (LU's "
                         f"without its last axis), got {shape_str(piv.shape)}")
    if piv._data.size and (piv._data.min() < 1 or piv._data.max() > n):
        raise ValueError(f"{op}: pivots must lie in 1..{n} (1-based, as lu_factor returns "
                         f"them), got values from {piv._data.min()} to {piv._data.max()}")
    if b.dtype != lu_.dtype:
        raise DTypeError(f"{op}: LU has dtype {lu_.dtype} and B {b.dtype}; both need the "
                         f"same floating dtype, as in PyTorch: convert one, e.g. B.to(LU.dtype)")
    if b.ndim < 2:
        raise ShapeError(f"{op}: B must be a matrix or a batch of matrices (..., n, k), got "
                         f"shape {shape_str(b.shape)}, as in PyTorch; for a vector b use "
                         f"b.unsqueeze(-1)")
    side = -2 if left else -1
    if b.shape[side] != n:
        part = "rows" if left else "columns"
        raise ShapeError(f"{op}: LU is {n} by {n} but B has {b.shape[side]} {part} (shape "
                         f"{shape_str(b.shape)}); B needs {n} {part}")
    check_batch_axes(op, lu_, b, "LU")
    p = Tensor._make(permutations(piv._data, n, lu_.dtype))
    if not left:  # X A = B is A^T X^T = B^T; X A^T = B is A X^T = B^T
        return _solve_left(lu_, p, b.mT, not adjoint).mT
    return _solve_left(lu_, p, b, adjoint)


def _solve_left(lu_: Tensor, p: Tensor, b: Tensor, adjoint: bool) -> Tensor:
    """A X = B with A = P L U: X = U^-1 L^-1 P^T B; A^T X = B: X = P L^-T U^-T B."""
    if adjoint:
        y = solve_triangular(lu_.mT, b, upper=False)
        return p @ solve_triangular(lu_.mT, y, upper=True, unitriangular=True)
    y = solve_triangular(lu_, p.mT @ b, upper=False, unitriangular=True)
    return solve_triangular(lu_, y, upper=True)
