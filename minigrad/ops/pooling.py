"""Pooling: the largest value of each window (MaxPool), or its average (avg_pool).

Both slide a window over the spatial axes of x (N, C, *spatial) as a
convolution does (minigrad/ops/convolution.py, whose `windows` they share),
but each channel on its own and without weights.

* MaxPool keeps the largest element of each window, and its gradient goes
  back to that element only. On ties PyTorch picks the first (in row-major
  order inside the window), and a NaN wins over any number (the last NaN of
  the window, as PyTorch's loop leaves it): MaxPool picks the same.
* avg_pool is a composite: the sum of each window is a convolution of each
  channel with a kernel of ones, and the average divides it by the count
  (the window's size, or only the elements inside the input). Its backward
  comes with the convolution: every element of a window gets g / count.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from ..function import Function
from ..tensor import Tensor
from . import either
from .convolution import Conv, Pairs, pad_spatial, windows


def _lowest(dtype: np.dtype) -> Any:
    """The padding of a max pool: a value no element is below."""
    return -np.inf if dtype.kind == "f" else np.iinfo(dtype).min


def window_max(x: np.ndarray, kernel_size: tuple[int, ...], stride: tuple[int, ...],
               padding: Pairs, dilation: tuple[int, ...]) -> tuple[np.ndarray, tuple[Any, ...]]:
    """The largest element of each window of x (N, C, *spatial), and where it is: one array
    per spatial axis, each shaped like the output, in the coordinates of x padded by
    `padding`.

    PyTorch's loop, one kernel offset at a time over all windows at once: start below
    everything, at the window's first element inside the input, and move on to an
    element when it is larger, or NaN (so ties keep the first, and the last NaN wins).
    """
    d = len(kernel_size)
    lowest = _lowest(x.dtype)
    cols = windows(pad_spatial(x, padding, lowest), kernel_size, stride, dilation)
    out = cols.shape[2:2 + d]
    best = np.full(cols.shape[:2 + d], lowest, dtype=x.dtype)
    pick = np.zeros(out, np.intp)  # the offset (as one number) of the window's maximum
    if any(lo or hi for lo, hi in padding):  # the first offset inside the input
        inside = windows(pad_spatial(np.ones((1, 1) + x.shape[2:], bool), padding, False),
                         kernel_size, stride, dilation)[0, 0]
        pick = np.argmax(inside.reshape(out + (-1,)), axis=-1)
    pick = np.broadcast_to(pick, best.shape).copy()
    for i, k in enumerate(itertools.product(*(range(n) for n in kernel_size))):
        value = cols[(Ellipsis, *k)]
        larger = value > best
        if x.dtype.kind == "f":
            larger |= np.isnan(value)
        np.copyto(best, value, where=larger)
        np.copyto(pick, i, where=larger)
    offsets = np.unravel_index(pick, kernel_size)  # (row, column) inside the window
    where = tuple(s * np.arange(m).reshape([-1 if j == i else 1 for j in range(d)]) + dl * k
                  for i, (s, dl, m, k) in enumerate(zip(stride, dilation, out, offsets)))
    return best, where


class MaxPool(Function):
    """z[n, c, p] = max over k of x_pad[n, c, stride*p + dilation*k], one window per
    output position p (x_pad: x with -inf around it where padded).

    dz/dx = 1 at the maximum of each window (the element `window_max` picks), else 0:
    dL/dx gets g at those places, added up where windows overlap and share a maximum.
    """

    chain = ("z = the largest element of each window of x",
             "dL/dx = g sent to the maximum of each window, 0 elsewhere")

    @property
    def name(self) -> str:  # as graphs and messages show it: MaxPool1d or MaxPool2d
        return f"MaxPool{len(self.params['stride'])}d"

    def forward(self, x: np.ndarray, *, kernel_size: tuple[int, ...], stride: tuple[int, ...],
                padding: Pairs, dilation: tuple[int, ...]) -> np.ndarray:
        best, where = window_max(x, kernel_size, stride, padding, dilation)
        n, c = x.shape[:2]
        # for backward: where each output came from
        self.saved = (np.arange(n).reshape((-1,) + (1,) * (x.ndim - 1)),
                      np.arange(c).reshape((-1,) + (1,) * (x.ndim - 2)), *where)
        return best

    def backward(self, g: Any) -> Any:
        x_shape = self.inputs[0].shape
        padding = self.params["padding"]
        padded = x_shape[:2] + tuple(s + lo + hi for s, (lo, hi) in zip(x_shape[2:], padding))
        gx = either.index_add(g, padded, self.saved)  # repeated places add up
        if not any(lo or hi for lo, hi in padding):
            return gx
        return gx[(slice(None), slice(None),
                   *(slice(lo, lo + s) for s, (lo, _) in zip(x_shape[2:], padding)))]


def max_pool(x: Tensor, kernel_size: tuple[int, ...], stride: tuple[int, ...], padding: Pairs,
             dilation: tuple[int, ...]) -> Tensor:
    """The max pool of a batched x (N, C, *spatial), arguments already checked."""
    return MaxPool.apply(x, kernel_size=kernel_size, stride=stride, padding=padding,
                         dilation=dilation)


def max_indices(x: Tensor, kernel_size: tuple[int, ...], stride: tuple[int, ...],
                padding: Pairs, dilation: tuple[int, ...]) -> Tensor:
    """return_indices=True's indices: where each maximum is, as an index into x's flattened
    spatial axes (int64, shaped like the output), as PyTorch gives them."""
    _, where = window_max(x._data, kernel_size, stride, padding, dilation)
    index = np.zeros(where[0].shape, np.int64)
    for at, size, (lo, _) in zip(where, x.shape[2:], padding):
        index = index * size + (at - lo)
    return Tensor._make(np.broadcast_to(index, x.shape[:2] + index.shape[2:]).copy())


def avg_pool(x: Tensor, kernel_size: tuple[int, ...], stride: tuple[int, ...], padding: Pairs,
             edge: tuple[int, ...], count_include_pad: bool,
             divisor_override: int | None) -> Tensor:
    """The average pool of a batched x (N, C, *spatial), arguments already checked.

    `padding` holds the zeros added before and after each spatial axis; of those after,
    `edge` are there only for ceil_mode's last, partial window, and never count.
    """
    n, c, *spatial = x.shape
    d = len(kernel_size)
    ones = Tensor._make(np.ones((1, 1) + kernel_size, dtype=x.dtype))
    # The window sums: every channel convolved on its own with a kernel of ones.
    sums = Conv.apply(x.reshape(n * c, 1, *spatial), ones, stride=stride, padding=padding,
                      dilation=(1,) * d, groups=1)
    sums = sums.reshape(n, c, *sums.shape[2:])
    if divisor_override is not None:
        divisor = np.full(sums.shape[2:], divisor_override)
    else:  # how many elements of each window count: ones where they do, summed per window
        if count_include_pad:  # the input and its padding, but not ceil_mode's edge
            counted = np.ones([s + lo + hi - e for s, (lo, hi), e in zip(spatial, padding, edge)])
            counted = np.pad(counted, [(0, e) for e in edge])
        else:
            counted = np.pad(np.ones(spatial), padding)
        counted = windows(counted[None, None], kernel_size, stride, (1,) * d)
        divisor = counted.sum(axis=tuple(range(2 + d, 2 + 2 * d)))[0, 0]
    if x.dtype.kind in "iu":  # integers: the quotient rounded toward zero, as PyTorch
        s, divisor = sums._data, divisor.astype(sums.dtype)
        return Tensor._make(np.sign(s) * np.sign(divisor) * (np.abs(s) // np.abs(divisor)))
    return sums / Tensor._make(divisor.astype(x.dtype))

