"""Quantiles: quantile and nanquantile, as PyTorch's.

The q-th quantile of n values is read off their sorted order s at the rank
r = q (n - 1), which lies between s[lo] and s[hi] (lo = floor r, hi = ceil r):

* linear (the default): s[lo] + (r - lo) (s[hi] - s[lo]);
* lower: s[lo]; higher: s[hi]; nearest: s[round r] (a half rounds to even, as
  PyTorch's round); midpoint: the mean of s[lo] and s[hi].

r is computed in the input's dtype, as PyTorch does, so that float32 picks
the same neighbours as PyTorch's float32. A slice holding a NaN gives NaN
(quantile); nanquantile leaves the NaNs out (n counts only the others) and
gives NaN only for a slice of NaNs.

Built from differentiable pieces, so the gradient needs no formula of its own:
`Sort` (the gradient goes back to where each value came from), `Gather` (to the
picked places of the sorted values) and `Lerp` below (the weights 1 - w and w).
So the gradient of a quantile goes to its two sorted neighbours with the
interpolation weights; of equal values, the sort being stable, to the earlier
ones first. With linear interpolation a tensor q that requires grad gets one
too: dz/dq = (s[hi] - s[lo]) (n - 1), through the weight w = r - lo.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import DTypeError, ShapeError, shape_str
from ..function import Function
from ..tensor import Tensor
from .arguments import as_tensor, normalize_axis, numpy_aliases
from .gather import Gather
from .masking import masked_fill
from .ordering import Sort

INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")
MAX_SLICE = 2**24  # PyTorch's limit: larger ranks are not exact in float32


class Lerp(Function):
    """z = a + w (b - a), computed as PyTorch's lerp does: a + w (b - a) where |w| < 0.5,
    else b - (b - a) (1 - w) (each form exact at its own end), and rounded once.

    dz/da = 1 - w,  dz/db = w,  dz/dw = b - a.
    """

    chain = ("z = a + w (b - a)", "dz/da = 1 - w", "dz/db = w", "dz/dw = b - a")

    def forward(self, a: np.ndarray, b: np.ndarray, w: np.ndarray) -> np.ndarray:
        # PyTorch rounds a + w (b - a) once (a fused multiply-add); float32 computed in
        # float64 and rounded at the end gives the same bits
        dtype = a.dtype
        wide = np.float64 if dtype == np.float32 else dtype
        a, b, w = (v.astype(wide, copy=False) for v in (a, b, w))
        with np.errstate(invalid="ignore"):  # inf - inf: NaN, as in PyTorch
            d = b - a
            return np.where(np.abs(w) < 0.5, a + w * d, b - d * (1 - w)).astype(dtype)

    def backward(self, g: Any) -> Any:
        a, b, w = self.saved_inputs()
        need = self.needs_input_grad
        with np.errstate(invalid="ignore"):
            return (g * (1 - w) if need[0] else None, g * w if need[1] else None,
                    g * (b - a) if need[2] else None)


def quantile(input: Any, q: Any, dim: Any = None, keepdim: bool = False, *,  # noqa: A002
             interpolation: str = "linear", **numpy_names: Any) -> Tensor:
    """The q-th quantiles of `input` along `dim` (of all its elements when dim is None).

    q is a number in [0, 1], or a 0-d or 1-D tensor of them in the input's dtype; a
    1-D q puts its axis first in the result. `interpolation` says what to do when the
    rank q (n - 1) falls between two sorted values: 'linear' (default), 'lower',
    'higher', 'midpoint' or 'nearest'. A slice holding a NaN gives NaN (see
    nanquantile). float32 and float64 only, as in PyTorch.

        mg.quantile(mg.tensor([1.0, 2.0, 3.0, 4.0]), 0.5)  # tensor(2.5)
    """
    return _quantile("quantile", input, q, dim, keepdim, interpolation, numpy_names)


def nanquantile(input: Any, q: Any, dim: Any = None, keepdim: bool = False, *,  # noqa: A002
                interpolation: str = "linear", **numpy_names: Any) -> Tensor:
    """quantile with the NaNs left out: each slice's quantiles are those of its other
    values; a slice of NaNs only gives NaN. Arguments as quantile."""
    return _quantile("nanquantile", input, q, dim, keepdim, interpolation, numpy_names)


def _quantile(name: str, input: Any, q: Any, dim: Any, keepdim: bool,  # noqa: A002
              interpolation: Any, names: dict[str, Any]) -> Tensor:
    x = as_tensor(input)
    dim, keepdim = numpy_aliases(name, dim, keepdim, names)
    if x.dtype not in (np.float32, np.float64):
        raise DTypeError(f"{name}: the input has dtype {x.dtype}; {name} takes float32 or "
                         f"float64 tensors only (as in PyTorch): convert first, e.g. "
                         f"x.float().{name}(q)")
    if interpolation not in INTERPOLATIONS:
        raise ValueError(f"{name}: interpolation must be one of {', '.join(INTERPOLATIONS)}; "
                         f"got {interpolation!r}")
    qs, q_is_scalar = _q(name, q, x.dtype)
    if x._data.size == 0:
        raise ShapeError(f"{name}: the input of shape {shape_str(x.shape)} is empty, so it "
                         "has no quantiles")
    if dim is not None and (isinstance(dim, bool) or not isinstance(dim, (int, np.integer))):
        raise TypeError(f"{name}: dim must be one int or None, got {dim!r}")

    # the values to rank, as (..., n): the reduced axis last, the others in their order
    if dim is None:
        rows, kept = x if x.ndim == 1 else x.reshape(-1), ((1,) * x.ndim if keepdim else ())
    else:
        axes = normalize_axis(dim, x.ndim, name)
        axis = axes[0] if axes else None  # none for a 0-d tensor
        others = [i for i in range(x.ndim) if i != axis]
        rows = x.reshape(1) if axis is None else x if axis == x.ndim - 1 else \
            x.permute([*others, axis])
        kept = tuple(1 if i == axis else n for i, n in enumerate(x.shape)) if keepdim \
            else tuple(x.shape[i] for i in others)
    n = rows.shape[-1]
    if n > MAX_SLICE:
        raise ShapeError(f"{name}: {n} values per quantile is more than PyTorch's limit of "
                         f"2**24 = {MAX_SLICE} (the ranks would not be exact in float32)")
    z = _interpolate(name == "nanquantile", Sort.apply(rows, axis=rows.ndim - 1,
                                                       descending=False), qs, interpolation)
    # z is (..., len(q)): q's axis goes first, or away for a single q
    if q_is_scalar:
        return z.reshape(kept)
    return z.permute([z.ndim - 1, *range(z.ndim - 1)]).reshape((qs.shape[0], *kept))


def _q(name: str, q: Any, dtype: np.dtype) -> tuple[Tensor, bool]:
    """q as a 1-D tensor in the input's dtype, and whether it was one number (or 0-d)."""
    if isinstance(q, (bool, np.bool_)):
        raise TypeError(f"{name}: q must be a number in [0, 1] or a tensor of them, got {q!r}")
    if isinstance(q, (int, float, np.integer, np.floating)):
        if not 0 <= q <= 1:  # NaN too
            raise ValueError(f"{name}: q must be in the range [0, 1], got {q!r}")
        return Tensor._make(np.full(1, q, dtype)), True
    if not isinstance(q, (Tensor, np.ndarray)):
        raise TypeError(f"{name}: q must be a number or a tensor, got {type(q).__name__}; for "
                        f"several, pass a 1-D tensor of the input's dtype: "
                        f"mg.tensor({q!r}, dtype=mg.{dtype})")
    q = as_tensor(q)
    if q.ndim > 1:
        raise ShapeError(f"{name}: q must be a number, a 0-d or a 1-D tensor; got shape "
                         f"{shape_str(q.shape)} (flatten it: q.reshape(-1))")
    if q.dtype != dtype:
        raise DTypeError(f"{name}: q has dtype {q.dtype} but the input has {dtype}; they must "
                         f"be the same (as in PyTorch): convert q, e.g. q.to(mg.{dtype})")
    values = q._data
    if not ((values >= 0) & (values <= 1)).all():  # NaN too
        bad = values[~((values >= 0) & (values <= 1))]
        raise ValueError(f"{name}: q's values must be in the range [0, 1], got {bad[0].item()!r} "
                         "among them")
    return (q.reshape(1), True) if q.ndim == 0 else (q, False)


def _interpolate(skip_nan: bool, s: Tensor, q: Tensor, interpolation: str) -> Tensor:
    """The quantiles of each row of the sorted s (..., n) at each q: (..., len(q))."""
    sorted_values = s._data
    n = sorted_values.shape[-1]
    dtype = sorted_values.dtype
    nans = np.isnan(sorted_values)  # sorted last
    if skip_nan:  # rank among the values that are not NaN; a row of NaNs: rank 0, NaN
        scale = (n - nans.sum(-1, keepdims=True) - 1).astype(dtype)
        ranks = q._data * scale
        unranked = ranks < 0
    else:  # a row holding a NaN: its last value (a NaN)
        scale = np.full((*sorted_values.shape[:-1], 1), n - 1, dtype)
        ranks = q._data * scale
        unranked = np.broadcast_to(nans[..., -1:], ranks.shape)
    ranks = np.where(unranked, np.asarray(0 if skip_nan else n - 1, dtype), ranks)
    if interpolation == "lower":
        ranks = np.floor(ranks)
    elif interpolation == "higher":
        ranks = np.ceil(ranks)
    elif interpolation == "nearest":
        ranks = np.round(ranks)  # half to even, as PyTorch's round
    lo = ranks.astype(np.int64)
    below = Gather.apply(s, dim=s.ndim - 1, index=lo)
    if interpolation not in ("linear", "midpoint"):
        return below
    above = Gather.apply(s, dim=s.ndim - 1, index=np.ceil(ranks).astype(np.int64))
    if interpolation == "midpoint":
        weight = Tensor._make(np.full(ranks.shape, 0.5, dtype))
    else:  # w = r - lo, through q (so that q gets a gradient), 0 where the rank was set
        weight = masked_fill(q * scale - lo.astype(dtype), unranked, 0.0)
    return Lerp.apply(below, above, weight)
