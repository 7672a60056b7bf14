"""pad's modes that copy the input's own elements: reflect, replicate and circular.

Along each padded axis of size n, output position j copies input position p(j),
counted from the first kept element (p runs from -before to n + after - 1):

* reflect: mirrored at the edge, the edge itself not repeated: 2 1 | 0 1 2 3 | 2 1
* replicate: the edge element repeated: 0 0 | 0 1 2 3 | 3 3
* circular: wrapped around from the other end: 2 3 | 0 1 2 3 | 0 1 (within what is
  kept, when the other end is cropped)

So padding is a gather (x[..., p, ...] axis by axis), and its backward is the
matching scatter: every output's gradient is added into the element it copied.
A negative amount crops, as with mode="constant".
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import ShapeError, shape_str
from ..function import Function
from ..tensor import Tensor
from . import either

MODES = ("reflect", "replicate", "circular")


def source_positions(n: int, before: int, after: int, mode: str) -> np.ndarray:
    """For each output position along an axis of size n, the input position it copies."""
    p = np.arange(-before, n + after)
    if mode == "reflect":  # one mirror at each end is enough: every amount is below n
        p = np.abs(p)
        return np.where(p > n - 1, 2 * (n - 1) - p, p)
    if mode == "replicate":
        return np.clip(p, 0, n - 1)
    # circular: wrapped within what is kept once a negative amount has cropped
    low, high = max(-before, 0), n - max(-after, 0)
    return low + (p - low) % (high - low)


class PadEdges(Function):
    """z = x padded with copies of its own elements (reflect, replicate or circular):
    along each padded axis, z[..., j, ...] = x[..., p(j), ...] (see source_positions).

    dL/dx_i = the sum of g over the z elements copied from x_i: the gather's gradient
    is scattered back, one axis at a time in the reverse order.
    """

    chain = ("z = x padded with copies of its edge elements",
             "dL/dx = each output's g added into the element it copied")

    def forward(self, x: np.ndarray, positions: tuple[tuple[int, np.ndarray], ...]) -> np.ndarray:
        for axis, p in positions:
            x = np.take(x, p, axis=axis)
        return x

    def backward(self, g: Any) -> Any:
        shape = list(self.inputs[0].shape)
        shapes = []  # the shape before each gather
        for axis, p in self.params["positions"]:
            shapes.append(tuple(shape))
            shape[axis] = len(p)
        for (axis, p), before in reversed(list(zip(self.params["positions"], shapes))):
            g = either.index_add(g, before, (slice(None),) * axis + (p,))
        return g


def pad_edges(x: Tensor, amounts: tuple[int, ...], mode: str, value: Any) -> Tensor:
    """F.pad(x, amounts, mode) for the modes above, with PyTorch's rules on what fits."""
    if value is not None:
        raise ValueError(f"pad: mode={mode!r} copies the input's own elements and takes no "
                         f"value (got value={value!r}); use mode='constant' to pad with a value")
    k = len(amounts) // 2  # the number of trailing axes padded
    if k not in (1, 2, 3) or x.ndim not in (k + 1, k + 2):
        raise ShapeError(
            f"pad: mode={mode!r} pads the last 1, 2 or 3 axes of a tensor with one or two "
            f"more (channels, and a batch): {len(amounts)} amounts need a "
            f"{k + 1}-D or {k + 2}-D input, got shape {shape_str(x.shape)}")
    first = 1 if x.ndim == k + 2 else 0  # a batch axis may be empty; the others may not
    if 0 in x.shape[first:]:
        raise ShapeError(f"pad: mode={mode!r} needs every axis but the batch to be non-empty, "
                         f"got shape {shape_str(x.shape)}")
    positions = []
    for i in range(k):
        axis = x.ndim - 1 - i
        n, before, after = x.shape[axis], amounts[2 * i], amounts[2 * i + 1]
        size = n + before + after
        kept = n - max(-before, 0) - max(-after, 0)  # what is left once cropped
        if mode == "reflect":
            fits = size > 0 and max(before, after) < n
            rule = "each amount below the size, and a non-empty result"
        elif mode == "replicate":
            fits, rule = size > 0, "a non-empty result"
        else:  # circular wraps within what is kept, at most once
            fits, rule = size >= 0 and max(before, after, 0) <= kept, \
                "each amount at most the size left after cropping"
        if not fits:
            raise ShapeError(
                f"pad: mode={mode!r} amounts ({before}, {after}) do not fit axis {axis} of "
                f"size {n} (shape {shape_str(x.shape)}); this mode needs {rule}")
        positions.append((axis, source_positions(n, before, after, mode)))
    return PadEdges.apply(x, positions=tuple(positions))
