"""Pairwise distances: cdist, as PyTorch's.

`cdist(x1, x2, p)` gives, for every row x1_i of x1 (..., P, M) and every row
x2_j of x2 (..., R, M), the p-norm of their difference d = x1_i - x2_j:

    z_ij = (sum_k |d_k|^p)^(1/p)     (p = 0: how many d_k are nonzero;
                                       p = inf: the largest |d_k|)

in a result of shape (..., P, R), the batch axes `...` broadcast. One op, whose
forward and backward follow PyTorch's own kernel line by line, so that the edge
cases agree too: the gradient is 0 where z = 0 (where the 2-norm has no slope),
every d_k tied for the largest |d_k| gets the inf-norm's full gradient, and the
inf-norm passes over NaNs (they are never the largest).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..errors import DTypeError, ShapeError, shape_str
from ..function import Function
from ..tensor import Tensor
from . import either
from .arguments import as_tensor

COMPUTE_MODES = ("use_mm_for_euclid_dist_if_necessary", "use_mm_for_euclid_dist",
                 "donot_use_mm_for_euclid_dist")


def _pairs(x1: Any, x2: Any) -> Any:
    """d = x1_i - x2_j for every pair of rows: (..., P, R, M), for arrays and Tensors."""
    *_, p_rows, m = x1.shape
    *_, r_rows, _ = x2.shape
    return x1.reshape((*x1.shape[:-2], p_rows, 1, m)) - x2.reshape((*x2.shape[:-2], 1, r_rows, m))


class Cdist(Function):
    """z_ij = ||d||_p with d = x1_i - x2_j (rows of x1 and x2), for all pairs (i, j).

    dz_ij/dx1_i = sign(d) |d|^(p-1) / z_ij^(p-1)  (p = 2: d / z_ij; p = 1: sign(d);
    p = inf: sign(d) where |d_k| = z_ij, else 0; p = 0: 0, a count), and
    dz_ij/dx2_j = -dz_ij/dx1_i. As PyTorch: 0 where z_ij = 0, and for p < 1 also
    where d_k = 0 (where |d|^(p-1) is infinite); sign(NaN) is NaN.
    dL/dx1_i sums the pairs (i, j) over j, dL/dx2_j over i.
    """

    chain = ("z_ij = ||x1_i - x2_j||_p",
             "dz_ij/dx1_i = sign(d) |d|^(p-1) / z_ij^(p-1)",
             "dz_ij/dx2_j = -dz_ij/dx1_i")
    saves_output = True

    def forward(self, x1: np.ndarray, x2: np.ndarray, p: float) -> np.ndarray:
        with np.errstate(invalid="ignore", over="ignore"):  # inf - inf, huge powers
            a = np.abs(_pairs(x1, x2))
            if p == 0:  # NaN counts as NaN, not as nonzero (PyTorch's min(ceil |d|, 1))
                z = np.minimum(np.ceil(a), 1).sum(-1)
            elif p == 1:
                z = a.sum(-1)
            elif p == 2:
                z = np.sqrt((a * a).sum(-1))
            elif math.isinf(p):  # PyTorch's max(agg, |d|) never takes a NaN
                z = np.where(np.isnan(a), 0, a).max(-1, initial=0)
            else:  # the root taken in float64, as PyTorch does
                z = (a**p).sum(-1).astype(np.float64) ** (1 / p)
        return z.astype(x1.dtype, copy=False)

    def backward(self, g: Any) -> Any:
        x1, x2 = self.saved_inputs()
        p = self.params["p"]
        if p == 0:  # a count: the gradient is 0 (PyTorch gives zeros, not None)
            return _zeros(g, x1), _zeros(g, x2)
        z = self.saved_output()
        with np.errstate(invalid="ignore"):  # inf - inf: NaN, as in PyTorch
            d = _pairs(x1, x2)
            slope = _slope(d, z.reshape((*z.shape, 1)), p) * g.reshape((*g.shape, 1))
        return slope.sum(-2), -slope.sum(-3)


def _zeros(g: Any, x: Any) -> Any:
    """Zeros shaped like x: an array, or a constant Tensor when g is a Tensor."""
    zeros = np.zeros(x.shape, x.dtype)
    return Tensor._make(zeros) if isinstance(g, Tensor) else zeros


def _slope(d: Any, z: Any, p: float) -> Any:
    """dz_ij/dx1_i for every pair: PyTorch's formula for each p, with its zeros."""
    ds, zs = either.raw(d), either.raw(z)
    zero, one = np.zeros((), ds.dtype), np.ones((), ds.dtype)
    sign = np.sign(ds)  # NaN at NaN, as PyTorch's kernel
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        if p == 1:
            return Tensor._make(sign) if isinstance(d, Tensor) else sign
        if math.isinf(p):  # 1 where |d_k| = z (every tie), NaN where d_k is NaN
            top = 1 - np.minimum(1, np.ceil(np.abs(np.abs(ds) - zs)))
            slope = sign * top
            return Tensor._make(slope) if isinstance(d, Tensor) else slope
        # where the slope is 0, 1 stands in for z and d first, so that nothing computes
        # 0 * inf (which a recorded backward would differentiate into NaN)
        flat = np.broadcast_to(zs == 0, ds.shape) | ((ds == 0) & (p < 1))
        safe_z = either.where(zs == 0, one, z)
        if p == 2:
            return either.where(flat, zero, d / safe_z)
        safe_d = either.where(flat, one, d)
        if p < 2:
            return either.where(flat, zero, sign * abs(safe_d) ** (p - 1) / safe_z ** (p - 1))
        return either.where(flat, zero, safe_d * abs(safe_d) ** (p - 2) / safe_z ** (p - 1))


def cdist(x1: Any, x2: Any, p: float = 2.0,
          compute_mode: str = "use_mm_for_euclid_dist_if_necessary") -> Tensor:
    """The p-norm distance between each row of x1 (..., P, M) and each row of x2
    (..., R, M): a tensor (..., P, R), the batch axes `...` broadcast.

    p = 2 (Euclidean, the default), 1 (Manhattan), inf (the largest difference), 0
    (how many coordinates differ) or any other p > 0. Both inputs float32 or both
    float64, as in PyTorch. The gradient is 0 at zero distance, as PyTorch's.

    `compute_mode` is accepted and checked but changes nothing: minigrad always
    computes the differences directly (PyTorch's 'donot_use_mm_for_euclid_dist').
    PyTorch's matrix-product way, its default for p = 2 with more than 25 rows, gives
    the same distances up to rounding (but about 1e-15, not 0, between equal rows).

        mg.cdist(mg.tensor([[0.0, 0.0]]), mg.tensor([[3.0, 4.0], [1.0, 0.0]]))
        # tensor([[5., 1.]])
    """
    a, b = as_tensor(x1), as_tensor(x2)
    for name, t in (("x1", a), ("x2", b)):
        if t.dtype.kind != "f" or t.dtype == np.float16:
            raise DTypeError(f"cdist: {name} has dtype {t.dtype}; cdist takes float32 or "
                             f"float64 tensors only (as in PyTorch): convert first, e.g. "
                             f"{name}.float()")
    if a.dtype != b.dtype:
        raise DTypeError(f"cdist: x1 has dtype {a.dtype} and x2 {b.dtype}; they must be the "
                         f"same (as in PyTorch): convert one, e.g. x2.to(mg.{a.dtype})")
    for name, t in (("x1", a), ("x2", b)):
        if t.ndim < 2:
            raise ShapeError(f"cdist: {name} has shape {shape_str(t.shape)}; it needs at least "
                             f"2 axes, (rows, features), as in PyTorch (one row: "
                             f"{name}.reshape(1, -1))")
    if a.shape[-1] != b.shape[-1]:
        raise ShapeError(f"cdist: the rows of x1 {shape_str(a.shape)} have {a.shape[-1]} "
                         f"features and those of x2 {shape_str(b.shape)} {b.shape[-1]}; the "
                         "last axes must have the same size")
    try:
        np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    except ValueError:
        raise ShapeError(f"cdist: the batch axes of x1 {shape_str(a.shape)} and x2 "
                         f"{shape_str(b.shape)} (all but the last two) do not broadcast "
                         "together") from None
    if isinstance(p, (bool, np.bool_)) or not isinstance(p, (int, float, np.integer,
                                                            np.floating)):
        raise TypeError(f"cdist: p must be a number (2, 1, inf, 0, or any p > 0), got {p!r}")
    if not p >= 0:  # NaN too
        raise ValueError(f"cdist: p must be >= 0 (as in PyTorch), got {p!r}")
    if compute_mode not in COMPUTE_MODES:
        raise ValueError(f"cdist: compute_mode must be one of {', '.join(COMPUTE_MODES)}; got "
                         f"{compute_mode!r}")
    return Cdist.apply(a, b, p=float(p))
