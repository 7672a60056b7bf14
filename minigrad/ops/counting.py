"""Counting and locating: searchsorted, bucketize, bincount, histc, tril/triu_indices.

Their results are positions and counts, whole numbers that do not change
when an input moves a little, so none of them has a gradient (as in
PyTorch): each returns a plain tensor outside the graph. bincount with
float `weights` sums weights, but PyTorch does not differentiate it either.
"""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np

from ..errors import DTypeError, ShapeError, shape_str
from ..tensor import Tensor
from .arguments import as_tensor


def searchsorted(sorted_sequence: Any, input: Any, *, out_int32: bool = False,  # noqa: A002
                 right: bool = False, side: str | None = None, sorter: Any = None) -> Tensor:
    """Where each value of `input` would go in `sorted_sequence` to keep it sorted.

    The index i with sorted_sequence[i-1] < v <= sorted_sequence[i] (the first
    place possible); with `right=True` or side='right', sorted_sequence[i-1] <= v
    < sorted_sequence[i] (the last). A 1-D sequence serves every value; an N-D
    one is searched along its last axis, row by row, and its other axes must
    equal input's. `sorter` gives the order of an unsorted sequence (as from
    argsort). int64, or int32 with out_int32=True; a number gives a 0-d result.
    """
    seq = as_tensor(sorted_sequence)._data
    values = as_tensor(input)._data
    right = _side("searchsorted", right, side)
    if seq.ndim == 0:
        raise ShapeError("searchsorted: the sorted sequence must have at least one axis, got "
                         "a 0-d tensor")
    if seq.ndim > 1 and seq.shape[:-1] != values.shape[:-1]:
        raise ShapeError(
            f"searchsorted: a sorted sequence of shape {shape_str(seq.shape)} is searched row "
            f"by row, so its axes before the last must equal those of the values, which "
            f"have shape {shape_str(values.shape)}; use a 1-D sequence to search all values"
        )
    if sorter is not None:
        order = as_tensor(sorter)._data
        if order.shape != seq.shape or order.dtype.kind not in "iu":
            raise ShapeError(f"searchsorted: sorter must be an integer tensor of the sorted "
                             f"sequence's shape {shape_str(seq.shape)}, got "
                             f"{order.dtype} {shape_str(order.shape)}")
        seq = np.take_along_axis(seq, order, axis=-1)
    how = "right" if right else "left"
    if seq.ndim == 1:
        found = np.searchsorted(seq, values, side=how)
    else:
        n_rows = int(np.prod(values.shape[:-1]))
        rows = seq.reshape(n_rows, seq.shape[-1])
        row_values = values.reshape(n_rows, values.shape[-1])
        found = np.zeros(values.shape, np.int64).reshape(n_rows, values.shape[-1])
        for i in range(n_rows):
            found[i] = np.searchsorted(rows[i], row_values[i], side=how)
        found = found.reshape(values.shape)
    return Tensor._make(np.asarray(found, dtype=np.int32 if out_int32 else np.int64))


def bucketize(input: Any, boundaries: Any, *, out_int32: bool = False,  # noqa: A002
              right: bool = False) -> Tensor:
    """The bucket of each value, for 1-D sorted `boundaries`: the i with boundaries[i-1]
    < v <= boundaries[i] (with right=True, boundaries[i-1] <= v < boundaries[i]).
    The same as searchsorted(boundaries, input); int64, or int32 with out_int32=True."""
    edges = as_tensor(boundaries)
    if edges.ndim != 1:
        raise ShapeError(f"bucketize: boundaries must be 1-D, got shape "
                         f"{shape_str(edges.shape)}; for a search row by row use searchsorted")
    return searchsorted(edges, input, out_int32=out_int32, right=right)


def bincount(input: Any, weights: Any = None, minlength: int = 0) -> Tensor:  # noqa: A002
    """How often each whole number 0, 1, 2, ... occurs in the 1-D `input` (int64).

    With `weights` (one per element) each occurrence adds its weight instead
    of 1: float32 weights give float32, any other dtype float64, as in
    PyTorch (and an empty input int64 zeros). The result has max(input) + 1
    entries, and at least `minlength`.
    """
    x = as_tensor(input)._data
    if x.dtype.kind not in "iu" or x.ndim != 1 or (x.size and x.min() < 0):
        raise ValueError(
            f"bincount: the input must be a 1-D tensor of non-negative integers, got "
            f"{x.dtype} of shape {shape_str(x.shape)}"
            + (" holding negative numbers" if x.dtype.kind == "i" and x.size and x.min() < 0
               else "")
        )
    if isinstance(minlength, bool) or not isinstance(minlength, (int, np.integer)) or minlength < 0:
        raise ValueError(f"bincount: minlength must be an int >= 0, got {minlength!r}")
    if weights is None or x.size == 0:  # PyTorch counts an empty input in int64 either way
        return Tensor._make(np.bincount(x, minlength=minlength).astype(np.int64))
    w = as_tensor(weights)._data
    if w.shape != x.shape:
        raise ShapeError(f"bincount: weights must have the input's shape {shape_str(x.shape)}, "
                         f"got {shape_str(w.shape)}")
    dtype = np.float32 if w.dtype == np.float32 else np.float64
    return Tensor._make(np.bincount(x, weights=w.astype(np.float64), minlength=minlength)
                        .astype(dtype))


def histc(input: Any, bins: int = 100, min: float = 0, max: float = 0) -> Tensor:  # noqa: A002
    """A histogram of the values: `bins` equal bins from `min` to `max`, counts in the
    input's float dtype. Values outside are not counted; the last bin includes `max`.

    min = max (0 and 0 by default) takes the smallest and largest value; where
    those are equal, the bins span min - 1 to max + 1, as in PyTorch. The
    range must be finite: an inf or NaN among the values then needs min and max.
    """
    x = as_tensor(input)._data
    if x.dtype.kind != "f":
        raise DTypeError(f"histc: the input must hold floating-point numbers, got {x.dtype} "
                         "(as in PyTorch); convert it first, e.g. x.float()")
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or bins <= 0:
        raise ValueError(f"histc: bins must be an int > 0, got {bins!r}")
    for name, bound in (("min", min), ("max", max)):
        if isinstance(bound, bool) or not isinstance(bound, (int, float, np.integer,
                                                             np.floating)):
            raise TypeError(f"histc: {name} must be a number, got {bound!r}")
    low, high = builtins.float(min), builtins.float(max)
    if low > high:
        raise ValueError(f"histc: max must be at least min, got min={min} and max={max}")
    if low == high and x.size:
        low, high = builtins.float(x.min()), builtins.float(x.max())  # NaN if x holds one
    if not (np.isfinite(low) and np.isfinite(high)):
        raise ValueError(f"histc: the range [{low}, {high}] is not finite; pass finite min "
                         "and max (the values outside them are not counted)")
    if low == high:
        low, high = low - 1, high + 1
    # Bin i of x is floor((x - low) * bins / (high - low)), worked out in x's own dtype
    # as PyTorch does (numpy's histogram works in float64, which moves values that lie
    # on an edge by one bin in float16 and float32); the top edge joins the last bin.
    lo, hi = x.dtype.type(low), x.dtype.type(high)
    inside = x[(x >= lo) & (x <= hi)]  # NaN and the values outside are not counted
    position = ((inside - lo) * x.dtype.type(bins) / (hi - lo)).astype(np.int64)
    counts = np.bincount(np.minimum(position, bins - 1), minlength=bins)
    return Tensor._make(counts.astype(x.dtype))


def tril_indices(row: int, col: int, offset: int = 0, *, dtype: Any = np.int64) -> Tensor:
    """The (row, column) positions of the lower triangle of a row x col matrix, as a
    (2, N) tensor in row-major order; `offset` moves the diagonal up (> 0) or down."""
    return _triangle_indices("tril_indices", np.tril_indices, row, col, offset, dtype)


def triu_indices(row: int, col: int, offset: int = 0, *, dtype: Any = np.int64) -> Tensor:
    """The (row, column) positions of the upper triangle of a row x col matrix, as a
    (2, N) tensor in row-major order; `offset` moves the diagonal up (> 0) or down."""
    return _triangle_indices("triu_indices", np.triu_indices, row, col, offset, dtype)


def _triangle_indices(fn: str, indices: Any, row: int, col: int, offset: int,
                      dtype: Any) -> Tensor:
    for name, value in (("row", row), ("col", col)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
            raise ValueError(f"{fn}: {name} must be an int >= 0, got {value!r}")
    dtype = np.dtype(dtype)
    if dtype.kind not in "iu":
        raise DTypeError(f"{fn}: dtype must be an integer dtype (int64 or int32), got {dtype}")
    rows, cols = indices(row, offset, col)
    return Tensor._make(np.stack([rows, cols]).astype(dtype).reshape(2, -1))


def _side(fn: str, right: bool, side: str | None) -> bool:
    """`right` and `side` as one bool, refusing a contradiction as PyTorch does."""
    if side is None:
        return bool(right)
    if side not in ("left", "right"):
        raise ValueError(f"{fn}: side must be 'left' or 'right', got {side!r}")
    if right and side == "left":
        raise ValueError(f"{fn}: side='left' and right=True contradict each other; give one")
    return side == "right"
