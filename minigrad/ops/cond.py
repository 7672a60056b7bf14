"""The condition number of a matrix, cond(A) = ||A|| ||A^-1||, as torch.linalg.cond: how
much A can magnify a relative error (1 for an orthogonal matrix, inf for a singular one).

    p = None or 2   s_max / s_min   (the 2-norm; any shape (..., m, n))
    p = -2          s_min / s_max
    p = 'nuc'       sum(s_i) * sum(1 / s_i)   (square matrices only)
    p = 'fro', inf, -inf, 1, -1:   matrix_norm(A, p) * matrix_norm(A^-1, p)
                                   (square matrices only)

Made of differentiable ops (svdvals, matrix_norm, and A^-1 as lu_solve(lu_factor(A), I)),
so it needs no backward of its own. For the last group a singular matrix (a zero pivot
in its LU factorisation) gives inf, as in PyTorch, rather than an error; for the others
it gives what its smallest singular value, 0 up to rounding, makes of it (a huge number,
inf or NaN), as in PyTorch.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..errors import ShapeError, shape_str
from ..tensor import Tensor
from .elementwise import where
from .inverse import float_matrices
from .lu import LUFactor, factorise, lu_solve
from .matrix_norms import matrix_norm, svdvals


def _known(p: Any) -> bool:
    """True for the norms cond takes: None, 'fro', 'nuc', or one of the numbers."""
    if p is None or isinstance(p, str):
        return p in (None, "fro", "nuc")
    return isinstance(p, (int, float, np.number)) and p in (2, -2, math.inf, -math.inf, 1, -1)


def cond(A: Any, p: Any = None) -> Tensor:  # noqa: N803  (PyTorch's argument names)
    """torch.linalg.cond: the condition number of each matrix of A (..., m, n) in the
    norm p: None or 2 (the default: largest / smallest singular value), -2, 'fro', 'nuc',
    inf, -inf, 1 or -1; the last six need square matrices. A singular matrix gives inf
    (or NaN for the zero matrix with p 2 or -2), not an error, as in PyTorch."""
    op = "linalg.cond"
    if not _known(p):
        raise ValueError(f"{op}: p={p!r} is not a norm it knows; use None, 2, -2, 'fro', "
                         f"'nuc', inf, -inf, 1 or -1, as in PyTorch")
    a = float_matrices(op, A, square=False)
    # PyTorch: 0 for each empty matrix, square or not, except that 'fro' and 'nuc' check
    # the shape first
    empty = a._data.size == 0
    if empty and not isinstance(p, str):
        return Tensor._make(np.zeros(a.shape[:-2], dtype=a.dtype))
    spectral = p is None or p in (2, -2)
    if not spectral and a.shape[-1] != a.shape[-2]:
        raise ShapeError(f"{op}: p={p!r} needs square matrices (A^-1 must exist), got shape "
                         f"{shape_str(a.shape)}: {a.shape[-2]} by {a.shape[-1]}; p=None, 2 "
                         f"or -2 work for any shape, as in PyTorch")
    if empty:
        return Tensor._make(np.zeros(a.shape[:-2], dtype=a.dtype))
    if spectral or p == "nuc":
        s = svdvals(a)
        with np.errstate(divide="ignore", invalid="ignore"):
            if p == "nuc":  # ||A^-1||_nuc = sum of 1 / s_i, as PyTorch computes it
                return s.sum(axis=-1) * (1 / s).sum(axis=-1)
            largest, smallest = s[..., 0], s[..., -1]
            return smallest / largest if p == -2 else largest / smallest
    n = a.shape[-1]
    # a singular matrix is swapped for I before inverting (so no inf or NaN reaches the
    # backward), and its result for inf afterwards
    singular = (np.diagonal(factorise(a._data)[0], axis1=-2, axis2=-1) == 0).any(axis=-1)
    eye = np.eye(n, dtype=a.dtype)
    safe = where(singular[..., None, None], eye, a) if singular.any() else a
    packed, pivots = factorise(safe._data)
    lu = LUFactor.apply(safe, packed=packed, swaps=pivots)
    inverse = lu_solve(lu, Tensor._make(pivots), Tensor._make(np.broadcast_to(
        eye, a.shape).copy()))
    result = matrix_norm(safe, p) * matrix_norm(inverse, p)
    if singular.any():
        result = where(singular, np.asarray(np.inf, dtype=a.dtype), result)
    return result
