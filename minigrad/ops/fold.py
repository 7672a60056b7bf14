"""unfold (im2col) and fold (col2im): every window of an image as a column, and back.

unfold lays each kernel-sized window of x (N, C, H, W) out as one column of a matrix:

    cols[n, (c, k), p] = x_pad[n, c, stride*p + dilation*k]

(N, C * kH * kW, L), the row (c, k) running over channels and then kernel offsets
(row-major), the column p over the L = oH * oW window positions (row-major). It is what
a convolution's forward does before its one matrix product (minigrad/ops/convolution.py,
whose `windows` it reuses). fold goes the other way: it adds every column back into the
window it came from, summing where windows overlap (`col2im`, the convolution's too).

Both are linear, and each is the other's adjoint (transpose): <unfold(x), c> =
<x, fold(c)>. So the backward of each is the other one.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..function import Function
from ..tensor import Tensor
from .convolution import Pairs, col2im, pad_spatial, windows


def blocks(size: tuple[int, ...], kernel_size: tuple[int, ...], dilation: tuple[int, ...],
           padding: Pairs, stride: tuple[int, ...]) -> tuple[int, ...]:
    """How many windows fit along each spatial axis of `size` padded by `padding`."""
    return tuple((n + lo + hi - dl * (k - 1) - 1) // s + 1
                 for n, k, dl, (lo, hi), s in zip(size, kernel_size, dilation, padding, stride))


def unfold_array(x: np.ndarray, kernel_size: tuple[int, ...], dilation: tuple[int, ...],
                 padding: Pairs, stride: tuple[int, ...]) -> np.ndarray:
    """cols (N, C * prod(kernel), L) of x (N, C, *spatial): see the module's docstring."""
    d = len(kernel_size)
    view = windows(pad_spatial(x, padding), kernel_size, stride, dilation)  # (N, C, *out, *k)
    n, c, out = x.shape[0], x.shape[1], view.shape[2:2 + d]
    view = view.transpose(0, 1, *range(2 + d, 2 + 2 * d), *range(2, 2 + d))  # (N, C, *k, *out)
    return view.reshape(n, c * math.prod(kernel_size), math.prod(out))  # a copy


def fold_array(cols: np.ndarray, output_size: tuple[int, ...], kernel_size: tuple[int, ...],
               dilation: tuple[int, ...], padding: Pairs, stride: tuple[int, ...]
               ) -> np.ndarray:
    """x (N, C, *output_size) from cols (N, C * prod(kernel), L): each column added back
    into its window, the padding then cut off."""
    d = len(kernel_size)
    out = blocks(output_size, kernel_size, dilation, padding, stride)
    n, c = cols.shape[0], cols.shape[1] // math.prod(kernel_size)
    view = cols.reshape(n, c, *kernel_size, *out)
    view = view.transpose(0, 1, *range(2 + d, 2 + 2 * d), *range(2, 2 + d))  # (N, C, *out, *k)
    padded = tuple(size + lo + hi for size, (lo, hi) in zip(output_size, padding))
    z = col2im(view, padded, stride, dilation)
    crop = tuple(slice(lo, lo + size) for size, (lo, _) in zip(output_size, padding))
    return np.ascontiguousarray(z[(slice(None), slice(None), *crop)])


class Unfold(Function):
    """z[n, (c, k), p] = x_pad[n, c, stride*p + dilation*k]: every window as a column.

    z only copies elements of x (some several times, where windows overlap, some never,
    between strided windows), so dL/dx[n, c, i] = the sum of G over every place element i
    was copied to: dL/dx = fold(G), the adjoint.
    """

    chain = ("z = every window of x as a column (im2col)",
             "dL/dx = fold(G): each column of G added back into its window")

    def forward(self, x: np.ndarray, *, kernel_size: tuple[int, ...],
                dilation: tuple[int, ...], padding: Pairs,
                stride: tuple[int, ...]) -> np.ndarray:
        return unfold_array(x, kernel_size, dilation, padding, stride)

    def backward(self, g: Any) -> Any:
        size = tuple(self.inputs[0].shape[2:])
        if isinstance(g, Tensor):
            return Fold.apply(g, output_size=size, **self.params)
        return fold_array(g, size, **self.params)


class Fold(Function):
    """z[n, c, i] = Σ over the (k, p) with stride*p + dilation*k = i (+ padding) of
    cols[n, (c, k), p]: every column added back into its window (col2im).

    z is a sum of elements of cols, each counted once, so dL/dcols[n, (c, k), p] =
    G_pad[n, c, stride*p + dilation*k]: dL/dcols = unfold(G), the adjoint.
    """

    chain = ("z = each column added back into its window, overlaps summed (col2im)",
             "dL/dcols = unfold(G): every window of G as a column")

    def forward(self, cols: np.ndarray, *, output_size: tuple[int, ...],
                kernel_size: tuple[int, ...], dilation: tuple[int, ...], padding: Pairs,
                stride: tuple[int, ...]) -> np.ndarray:
        return fold_array(cols, output_size, kernel_size, dilation, padding, stride)

    def backward(self, h: Any) -> Any:
        p = {k: v for k, v in self.params.items() if k != "output_size"}
        if isinstance(h, Tensor):
            return Unfold.apply(h, **p)
        return unfold_array(h, **p)
