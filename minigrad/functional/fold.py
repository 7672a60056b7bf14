"""unfold and fold (im2col and col2im) with torch.nn.functional's arguments and checks.

    cols = F.unfold(x, kernel_size, dilation=1, padding=0, stride=1)
    x = F.fold(cols, output_size, kernel_size, dilation=1, padding=0, stride=1)

unfold takes x (N, C, H, W) or (C, H, W) and gives (N, C * kH * kW, L): one column per
window position (L of them, row-major), one row per channel and kernel offset. fold
takes such columns and adds each back into its window of an (N, C, *output_size) image,
summing where windows overlap; so fold(unfold(x)) is x times how many windows hold each
element, not x. Each is the other's adjoint. kernel_size, dilation, padding, stride and
output_size are an int or a pair (one per axis H, W), as in PyTorch. The ops are in
minigrad/ops/fold.py.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..errors import ShapeError, shape_str
from ..ops.convolution import Pairs
from ..ops.fold import Fold, Unfold, blocks
from ..tensor import Tensor
from .window_arguments import check_dtype, tensor_argument

_LEAST = {"kernel_size": 1, "dilation": 1, "stride": 1, "padding": 0, "output_size": 0}


def unfold(input: Any, kernel_size: Any, dilation: Any = 1, padding: Any = 0,  # noqa: A002
           stride: Any = 1) -> Tensor:
    """Every kH x kW window of x (N, C, H, W) or (C, H, W) as a column: (N, C * kH * kW, L)
    (unbatched: (C * kH * kW, L)), L the number of windows. Row c * kH * kW + i * kW + j
    holds channel c at offset (i, j) of every window, as PyTorch's."""
    op = "unfold"
    x = tensor_argument(op, "input", input)
    kernel, dilation, padding, stride = _arguments(op, kernel_size, dilation, padding, stride)
    if x.ndim not in (3, 4) or 0 in x.shape[-3:]:
        raise ShapeError(f"{op}: expected a 3-D (unbatched: C, H, W) or 4-D (batched: N, C, H, "
                         f"W) input with no empty axis but the batch, got shape "
                         f"{shape_str(x.shape)}")
    check_dtype(op, x, ("bool",))
    out = blocks(tuple(x.shape[-2:]), kernel, dilation, padding, stride)
    if any(m < 1 for m in out):
        raise ShapeError(f"{op}: the window (kernel_size={kernel}, dilation={dilation}) does "
                         f"not fit in the input of shape {shape_str(x.shape)} padded by "
                         f"{tuple(lo for lo, _ in padding)}; use a smaller kernel_size or "
                         "more padding")
    batched = x if x.ndim == 4 else x.unsqueeze(0)
    cols = Unfold.apply(batched, kernel_size=kernel, dilation=dilation, padding=padding,
                        stride=stride)
    return cols if x.ndim == 4 else cols.squeeze(0)


def fold(input: Any, output_size: Any, kernel_size: Any, dilation: Any = 1,  # noqa: A002
         padding: Any = 0, stride: Any = 1) -> Tensor:
    """Columns (N, C * kH * kW, L) or (C * kH * kW, L), as unfold makes them, added back
    into their windows of an (N, C, *output_size) image (unbatched: (C, *output_size)):
    elements that several windows share get the sum. L must be the number of windows
    that fit in output_size (padded)."""
    op = "fold"
    cols = tensor_argument(op, "input", input)
    size = _pair(op, "output_size", output_size)
    kernel, dilation, padding, stride = _arguments(op, kernel_size, dilation, padding, stride)
    if cols.ndim not in (2, 3) or 0 in cols.shape[-2:]:
        raise ShapeError(f"{op}: expected a 2-D (unbatched: C * kH * kW, L) or 3-D (batched: "
                         f"N, C * kH * kW, L) input with no empty axis but the batch, got "
                         f"shape {shape_str(cols.shape)}")
    check_dtype(op, cols, ("bool",))
    rows, length = cols.shape[-2:]
    if rows % math.prod(kernel):
        raise ShapeError(f"{op}: the input's axis {cols.ndim - 2} ({rows}, shape "
                         f"{shape_str(cols.shape)}) must be C * kH * kW, a multiple of "
                         f"{math.prod(kernel)} for kernel_size={kernel}")
    out = blocks(size, kernel, dilation, padding, stride)
    if any(m < 1 for m in out) or math.prod(out) != length:
        raise ShapeError(
            f"{op}: output_size={size} with kernel_size={kernel}, dilation={dilation}, "
            f"padding={tuple(lo for lo, _ in padding)} and stride={stride} holds "
            f"{' x '.join(map(str, out))} windows, but the input of shape "
            f"{shape_str(cols.shape)} has {length} columns (its last axis); they must match")
    batched = cols if cols.ndim == 3 else cols.unsqueeze(0)
    x = Fold.apply(batched, output_size=size, kernel_size=kernel, dilation=dilation,
                   padding=padding, stride=stride)
    return x if cols.ndim == 3 else x.squeeze(0)


def _arguments(op: str, kernel_size: Any, dilation: Any, padding: Any, stride: Any
               ) -> tuple[tuple[int, ...], tuple[int, ...], Pairs, tuple[int, ...]]:
    """kernel_size, dilation and stride as pairs, padding as (before, after) per axis."""
    pads = _pair(op, "padding", padding)
    return (_pair(op, "kernel_size", kernel_size), _pair(op, "dilation", dilation),
            tuple((p, p) for p in pads), _pair(op, "stride", stride))


def _pair(op: str, name: str, value: Any) -> tuple[int, int]:
    """`value`, an int or a tuple or list of exactly 2 ints (PyTorch takes no 1-tuple here),
    as 2 ints, each checked."""
    def is_int(v: Any) -> bool:
        return isinstance(v, (int, np.integer)) and not isinstance(v, bool)

    values = (value, value) if is_int(value) else value
    if not isinstance(values, (tuple, list)) or not all(is_int(v) for v in values):
        raise TypeError(f"{op}: {name} must be an int or a pair of ints (one per spatial "
                        f"axis (H, W)), got {value!r}")
    if len(values) != 2:
        raise ValueError(f"{op}: {name} must be an int or a pair of ints (one per spatial "
                         f"axis (H, W)), got {len(values)}: {value!r}")
    least = _LEAST[name]
    if any(v < least for v in values):
        wanted = "positive" if least else "zero or more"
        raise ValueError(f"{op}: {name} must be {wanted}, got {value!r}")
    return int(values[0]), int(values[1])
