"""Adaptive pooling: a fixed number of bins along each spatial axis, whatever the input's
size, and the average (AdaptiveAvgPool) or the largest value (AdaptiveMaxPool) of each.

Along an axis of n elements pooled to m bins, bin i covers [floor(i*n/m), ceil((i+1)*n/m)),
PyTorch's rule: the bins cover the axis in order, each holds at least one element, and
neighbours share an element where m does not divide n (every bin repeats one when m > n).
Written as a 0/1 matrix B (m, n) with B[i, j] = 1 when element j is in bin i:

* avg: per channel, z = (B_h x B_w^T) / (count_h count_w^T), the sums of the bins divided
  by their sizes; for 1-D, z = (x B^T) / count; for 3-D, B_d multiplies along D as
  well. Its backward is the transposed product,
  so an element shared by two bins gets both of their gradients. Both are computed one
  bin at a time rather than as matrix products (see `avg_bins`).
* max: the largest element of each bin, found one axis at a time (see `adaptive_max`),
  and the gradient goes to that element; shared elements add up what they get.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..function import Function
from ..tensor import Tensor
from . import either


def bins(size: int, out: int) -> tuple[np.ndarray, np.ndarray]:
    """Where each of `out` bins over `size` elements starts and ends (end excluded):
    floor(i * size / out) and ceil((i + 1) * size / out), in integers."""
    i = np.arange(out)
    return i * size // out, ((i + 1) * size + out - 1) // out


def _on_axis(x: np.ndarray, axis: int, step: Any) -> np.ndarray:
    """`step` (which works on the last axis) applied to `axis` of x (-1 or -2)."""
    if axis == -1:
        return step(x)
    return step(x.swapaxes(-1, axis)).swapaxes(-1, axis)


def _counts(x_shape: tuple[int, ...], output_size: tuple[int, ...]) -> list[np.ndarray]:
    """The size of each bin, per spatial axis, shaped to divide the output (oH, 1), (oW,)."""
    d = len(output_size)
    counts = []
    for k, (size, m) in enumerate(zip(x_shape[-d:], output_size)):
        starts, ends = bins(size, m)
        counts.append((ends - starts).reshape((-1,) + (1,) * (d - 1 - k)))
    return counts


def avg_bins(x: np.ndarray, output_size: tuple[int, ...]) -> np.ndarray:
    """The mean of each bin of x (..., *spatial): the sums along each spatial axis, one
    bin at a time (a product with the 0/1 matrix B would spread an inf or NaN into every
    bin, as 0 * inf is NaN), divided by kh, then by kw, as PyTorch does."""
    work = x.astype(np.float32) if x.dtype == np.float16 else x  # float16 adds in float32
    d = len(output_size)
    for axis, m in zip(range(-d, 0), output_size):
        def bin_sums(a: np.ndarray, m: int = m) -> np.ndarray:
            starts, ends = bins(a.shape[-1], m)
            out = np.empty(a.shape[:-1] + (m,), a.dtype)
            with np.errstate(invalid="ignore"):  # inf + -inf is NaN, as in PyTorch
                for i, (s, e) in enumerate(zip(starts, ends)):
                    out[..., i] = a[..., s:e].sum(axis=-1)
            return out
        work = _on_axis(work, axis, bin_sums)
    with np.errstate(invalid="ignore", divide="ignore"):  # an empty bin: 0 / 0 is NaN
        for count in _counts(x.shape, output_size):
            work = work / count.astype(work.dtype)
    return work.astype(x.dtype, copy=False)


def spread_bins(g: np.ndarray, x_shape: tuple[int, ...],
                output_size: tuple[int, ...]) -> np.ndarray:
    """avg_bins' transpose: each g divided by its bin's size (kh, then kw) and added to
    every element of the bin, into zeros of x_shape (added up where bins overlap)."""
    d = len(output_size)
    with np.errstate(invalid="ignore", divide="ignore"):  # an empty bin: nothing to spread to
        for count in _counts(x_shape, output_size):
            g = g / count.astype(g.dtype)
    for axis, size in zip(range(-d, 0), x_shape[-d:]):
        def spread(a: np.ndarray, size: int = size) -> np.ndarray:
            starts, ends = bins(size, a.shape[-1])
            out = np.zeros(a.shape[:-1] + (size,), a.dtype)
            with np.errstate(invalid="ignore"):
                for i, (s, e) in enumerate(zip(starts, ends)):
                    out[..., s:e] += a[..., i:i + 1]
            return out
        g = _on_axis(g, axis, spread)
    return g


class AdaptiveAvgPool(Function):
    """z[n, c, i, j] = the mean of x[n, c] over bin i of H and bin j of W (1-D: over bin j
    of L; 3-D: over a bin of D as well); as matrices, per channel,
    z = (B_h x B_w^T) / (count_h count_w^T).

    dz/dx[h, w] = 1 / (count_h[i] count_w[j]) for each bin (i, j) holding (h, w), so
    dL/dx = B_h^T (g / counts) B_w: every element gets g / count from each bin it is in
    (`spread_bins`, the op AdaptiveAvgPoolBackward when the backward is recorded).
    """

    chain = ("z = the mean of each bin of x",
             "dL/dx = g / (bin size) sent to every element of the bin, added where bins overlap")

    @property
    def name(self) -> str:  # as graphs and messages show it: AdaptiveAvgPool1d, 2d, 3d
        return f"AdaptiveAvgPool{len(self.params['output_size'])}d"

    def forward(self, x: np.ndarray, *, output_size: tuple[int, ...]) -> np.ndarray:
        return avg_bins(x, output_size)

    def backward(self, g: Any) -> Any:
        x_shape, out = self.inputs[0].shape, self.params["output_size"]
        if isinstance(g, Tensor):
            return AdaptiveAvgPoolBackward.apply(g, x_shape=x_shape, output_size=out)
        return spread_bins(g, x_shape, out)


class AdaptiveAvgPoolBackward(Function):
    """z = B_h^T (g / counts) B_w, AdaptiveAvgPool's backward as an op (recorded under
    create_graph). It is linear, its transpose is the pool itself: dL/dg = the pool of
    the incoming gradient."""

    chain = ("z = g / (bin size) spread over each bin", "dL/dg = the mean of each bin of g")

    def forward(self, g: np.ndarray, *, x_shape: tuple[int, ...],
                output_size: tuple[int, ...]) -> np.ndarray:
        return spread_bins(g, x_shape, output_size)

    def backward(self, h: Any) -> Any:
        out = self.params["output_size"]
        if isinstance(h, Tensor):
            return AdaptiveAvgPool.apply(h, output_size=out)
        return avg_bins(h, out)


def _max_along_last(x: np.ndarray, out: int) -> tuple[np.ndarray, np.ndarray]:
    """The largest element of each of `out` bins along x's last axis, and its position
    there: the first of equal ones, or the last NaN of the bin (PyTorch's loop moves on
    to an element when it is larger, or NaN)."""
    starts, ends = bins(x.shape[-1], out)
    best = np.empty(x.shape[:-1] + (out,), x.dtype)
    where = np.empty(x.shape[:-1] + (out,), np.intp)
    for i, (s, e) in enumerate(zip(starts, ends)):
        part = x[..., s:e]
        at = np.argmax(part, axis=-1)  # the first largest (numpy: the first NaN)
        if x.dtype.kind == "f":
            nan = np.isnan(part)
            last_nan = (e - s - 1) - np.argmax(nan[..., ::-1], axis=-1)
            at = np.where(nan.any(axis=-1), last_nan, at)
        best[..., i] = np.take_along_axis(part, at[..., None], axis=-1)[..., 0]
        where[..., i] = s + at
    return best, where


def adaptive_max(x: np.ndarray, output_size: tuple[int, ...]
                 ) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """The largest element of each bin of x (N, C, *spatial), and where it is: one array
    per spatial axis, each shaped like the output.

    One axis at a time from the last: along W, then along H over those row maxima (then
    along D for 3-D). That picks what PyTorch's row-major loop picks: the first row holding
    the bin's maximum and its first column in that row; with NaN, the last row holding one
    and its last NaN, i.e. the last NaN.
    """
    best, cols = _max_along_last(x, output_size[-1])  # (N, C, H, ow) for 2-D
    where = [cols]  # the positions found so far, on the axes after the current one
    for axis in range(-2, -len(output_size) - 1, -1):
        best, at = _max_along_last(best.swapaxes(-1, axis), output_size[axis])
        best, at = best.swapaxes(-1, axis), at.swapaxes(-1, axis)  # the axis pooled
        # the later axes' positions, taken at the chosen element of this axis
        where = [at] + [np.take_along_axis(w, at, axis=axis) for w in where]
    return best, tuple(where)


class AdaptiveMaxPool(Function):
    """z[n, c, p] = max of x[n, c] over bin p (one bin per output position p).

    dz/dx = 1 at the element `adaptive_max` picks for each bin, else 0: dL/dx gets g at
    those places, added up where overlapping bins share their maximum.
    """

    chain = ("z = the largest element of each bin of x",
             "dL/dx = g sent to the maximum of each bin, 0 elsewhere")

    @property
    def name(self) -> str:  # as graphs and messages show it: AdaptiveMaxPool1d, 2d, 3d
        return f"AdaptiveMaxPool{len(self.params['output_size'])}d"

    def forward(self, x: np.ndarray, *, output_size: tuple[int, ...]) -> np.ndarray:
        best, where = adaptive_max(x, output_size)
        n, c = x.shape[:2]
        # for backward: where each output came from
        self.saved = (np.arange(n).reshape((-1,) + (1,) * (x.ndim - 1)),
                      np.arange(c).reshape((-1,) + (1,) * (x.ndim - 2)), *where)
        return best

    def backward(self, g: Any) -> Any:
        return either.index_add(g, self.inputs[0].shape, self.saved)  # repeated places add up


def adaptive_avg_pool(x: Tensor, output_size: tuple[int, ...]) -> Tensor:
    """The adaptive average pool of a batched x (N, C, *spatial), output_size checked."""
    return AdaptiveAvgPool.apply(x, output_size=output_size)


def adaptive_max_pool(x: Tensor, output_size: tuple[int, ...]) -> Tensor:
    """The adaptive max pool of a batched x (N, C, *spatial), output_size checked."""
    return AdaptiveMaxPool.apply(x, output_size=output_size)


def adaptive_max_indices(x: Tensor, output_size: tuple[int, ...]) -> Tensor:
    """return_indices=True's indices: where each maximum is, as an index into x's flattened
    spatial axes (int64, shaped like the output), as PyTorch gives them."""
    _, where = adaptive_max(x._data, output_size)
    index = np.zeros(where[0].shape, np.int64)
    for at, size in zip(where, x.shape[2:]):
        index = index * size + at
    return Tensor._make(index)
