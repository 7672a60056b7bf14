"""Resizing along the trailing axes, as F.interpolate does: the source positions of
every output position (PyTorch's index rules), and the two ops that read them.

Along one axis of size n resized to m, with scale = n / m, or 1 / scale_factor when a
scale factor is given (and recompute_scale_factor is not True), output position d reads:

* nearest:        src = min(floor(d * scale), n - 1); for 4-D inputs src = d when m == n
                  and d // 2 when m == 2n, whatever the scale (PyTorch's 2-D kernel)
* nearest-exact:  src = min(floor((d + 0.5) * scale), n - 1)
* linear, align_corners=False: s = max((d + 0.5) * scale - 0.5, 0)
* linear, align_corners=True:  s = d * (n - 1) / (m - 1)   (0 when m == 1)

and for linear z[d] = (1 - λ) x[i0] + λ x[i1], with i0 = floor(s), i1 = i0 + 1 (i0 itself
at the last element), λ = s - i0. The positions are computed in PyTorch's arithmetic
(float32 for float32 and float16 inputs, float64 for float64), so they land on the same
elements even where d * scale falls next to an integer. Linear resizing leaves an axis
whose size does not change as it is (as PyTorch's kernel does), nearest does not.

Both ops only move and weigh values, so their backward sends each output's gradient back
to the elements it read, with the same weights (a scatter-add, np.add.at underneath).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..function import Function
from . import either
from .pad_edges import PadEdges


def _opmath(dtype: np.dtype) -> type:
    """The type PyTorch computes positions and weights in: float64 for float64, float32
    for everything else (float32, float16, uint8)."""
    return np.float64 if dtype == np.float64 else np.float32


def _scale(n: int, m: int, scale_factor: float | None, op: type) -> Any:
    """PyTorch's area_pixel_compute_scale without align_corners: 1 / scale_factor when
    one is given, else n / m, in `op`."""
    if scale_factor is not None and scale_factor > 0:
        return op(1.0 / scale_factor)
    return op(n) / op(m)


def nearest_positions(n: int, m: int, scale_factor: float | None, exact: bool,
                      dtype: np.dtype, shortcuts: bool) -> np.ndarray:
    """For each of the m output positions, the input position nearest mode copies.
    `shortcuts`: PyTorch's 2-D kernel (not its 1-D or 3-D forward) copies an axis whose size
    stays, and reads d // 2 for an axis that doubles, whatever the scale factor."""
    if shortcuts and not exact and m in (n, 2 * n):
        return np.arange(m) // (m // n)
    op = _opmath(dtype)
    scale = _scale(n, m, scale_factor, op)
    d = np.arange(m).astype(op)
    src = np.floor((d + op(0.5)) * scale if exact else d * scale)
    return np.minimum(src.astype(np.int64), n - 1)


def linear_positions(n: int, m: int, scale_factor: float | None, align_corners: bool,
                     dtype: np.dtype, half_weights: bool = False,
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(i0, i1, w0, w1): each output position reads w0 * x[i0] + w1 * x[i1].
    `half_weights`: round the weights to float16 as PyTorch's linear and trilinear (not its
    bilinear) kernels do for float16
    (λ rounded, then 1 - λ rounded)."""
    op = _opmath(dtype)
    if m == n:  # PyTorch copies an axis whose size stays (even with a scale factor)
        same = np.arange(n)
        return same, same, np.ones(n, op), np.zeros(n, op)
    d = np.arange(m)
    if align_corners:
        real = (op(n - 1) / op(m - 1) if m > 1 else op(0)) * d.astype(op)
    else:
        # d + 0.5 and the product are double in PyTorch's kernel, rounded to op once
        scale = _scale(n, m, scale_factor, op)
        real = np.maximum((np.float64(scale) * (d + 0.5) - 0.5).astype(op), op(0))
    i0 = np.minimum(np.floor(real).astype(np.int64), n - 1)
    w1 = np.clip(real - i0.astype(op), op(0), op(1)).astype(op)
    i1 = i0 + (i0 < n - 1)
    if half_weights:
        w1 = w1.astype(np.float16).astype(op)
        return i0, i1, (op(1) - w1).astype(np.float16).astype(op), w1
    return i0, i1, (op(1) - w1).astype(op), w1


def _along(axis: int, ndim: int, w: np.ndarray) -> np.ndarray:
    """Weights of one axis shaped to broadcast along `axis` of an ndim-D array."""
    return w.reshape((len(w),) + (1,) * (ndim - 1 - axis))


class NearestResize(PadEdges):
    """z = x with each resized axis gathered at its nearest positions p (see
    nearest_positions): z[..., d, ...] = x[..., p(d), ...], axis after axis.

    dL/dx_i = the sum of g over the z elements copied from x_i: each gather's gradient
    is scattered back (added, where several outputs copy one input), in reverse order.
    """

    # forward (np.take along each axis) and backward (the scatter-add, in reverse order)
    # are PadEdges': both ops copy elements at given positions, axis after axis
    chain = ("z = x resized, each output copying its nearest input",
             "dL/dx = each output's g added into the element it copied")


class LinearResize(Function):
    """z = x resized by linear interpolation along each listed axis in turn (bilinear:
    along H, then along W): z[..., d, ...] = w0(d) x[..., i0(d), ...] + w1(d) x[..., i1(d), ...]
    (see linear_positions; float16 is computed in float32 and rounded once, as PyTorch).

    Linear in x, so dz[d]/dx[i0(d)] = w0(d) and dz[d]/dx[i1(d)] = w1(d): dL/dx adds
    w0 g into the elements i0 and w1 g into i1 (4 neighbours over two axes), axis after
    axis in reverse order.
    """

    chain = ("z = x resized, each output w0 x[i0] + w1 x[i1] along each axis",
             "dL/dx = w0 g added into x[i0], w1 g into x[i1]")

    def forward(self, x: np.ndarray,
                steps: tuple[tuple[int, np.ndarray, np.ndarray, np.ndarray, np.ndarray], ...],
                ) -> np.ndarray:
        dtype = x.dtype
        for axis, i0, i1, w0, w1 in steps:
            a, b = np.take(x, i0, axis=axis), np.take(x, i1, axis=axis)
            x = a * _along(axis, x.ndim, w0) + b * _along(axis, x.ndim, w1)
        return x.astype(dtype, copy=False)

    def backward(self, g: Any) -> Any:
        shape = list(self.inputs[0].shape)
        shapes = []  # the shape before each step
        for axis, i0, _i1, _w0, _w1 in self.params["steps"]:
            shapes.append(tuple(shape))
            shape[axis] = len(i0)
        dtype = g.dtype
        for (axis, i0, i1, w0, w1), before in reversed(list(zip(self.params["steps"], shapes))):
            lead = (slice(None),) * axis
            g0 = g * _along(axis, g.ndim, w0.astype(dtype))
            g1 = g * _along(axis, g.ndim, w1.astype(dtype))
            g = either.index_add(g0, before, lead + (i0,)) + either.index_add(g1, before,
                                                                              lead + (i1,))
        return g
