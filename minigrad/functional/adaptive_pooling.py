"""adaptive_avg_pool1d/2d/3d and adaptive_max_pool1d/2d/3d with torch.nn.functional's
arguments.

    y = F.adaptive_avg_pool2d(x, output_size)
    y, indices = F.adaptive_max_pool2d(x, output_size, return_indices=True)

x is (N, C, H, W) or (C, H, W) (1-D: (N, C, L) or (C, L); 3-D: (N, C, D, H, W) or
(C, D, H, W)); output_size is the size of the output's spatial axes, whatever the
input's: an int (the same on every axis), or a tuple with one per axis, where None keeps
that axis's input size (2-D and 3-D only, as PyTorch).
`nn.AdaptiveAvgPool2d((1, 1))` before a Linear is the average of each channel. The ops
and the bin rule are in minigrad/ops/adaptive_pooling.py.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import ShapeError, shape_str
from ..ops import adaptive_pooling
from ..tensor import Tensor
from .window_arguments import check_dtype, tensor_argument

_AXES = {1: "C, L", 2: "C, H, W", 3: "C, D, H, W"}
_SPATIAL = {1: "(L)", 2: "(H, W)", 3: "(D, H, W)"}


def adaptive_avg_pool1d(input: Any, output_size: Any) -> Tensor:  # noqa: A002
    """The average of each of output_size bins along L of x (N, C, L) or (C, L)."""
    x, was_batched, size = _arguments("adaptive_avg_pool1d", 1, input, output_size, "avg")
    y = adaptive_pooling.adaptive_avg_pool(x, size)
    return y if was_batched else y.squeeze(0)


def adaptive_avg_pool2d(input: Any, output_size: Any) -> Tensor:  # noqa: A002
    """The average of each of (oH, oW) bins of x (N, C, H, W) or (C, H, W).

    Bin i of an axis of n elements pooled to m covers [floor(i*n/m), ceil((i+1)*n/m)):
    bins overlap where m does not divide n. output_size=1 (or (1, 1)) averages each
    channel over all of H x W.
    """
    x, was_batched, size = _arguments("adaptive_avg_pool2d", 2, input, output_size, "avg")
    y = adaptive_pooling.adaptive_avg_pool(x, size)
    return y if was_batched else y.squeeze(0)


def adaptive_avg_pool3d(input: Any, output_size: Any) -> Tensor:  # noqa: A002
    """The average of each of (oD, oH, oW) bins of x (N, C, D, H, W) or (C, D, H, W); see
    adaptive_avg_pool2d."""
    x, was_batched, size = _arguments("adaptive_avg_pool3d", 3, input, output_size, "avg")
    y = adaptive_pooling.adaptive_avg_pool(x, size)
    return y if was_batched else y.squeeze(0)


def adaptive_max_pool1d(input: Any, output_size: Any,  # noqa: A002
                        return_indices: bool = False) -> Any:
    """The largest value of each of output_size bins along L of x (N, C, L) or (C, L);
    see adaptive_max_pool2d."""
    return _max_pool("adaptive_max_pool1d", 1, input, output_size, return_indices)


def adaptive_max_pool2d(input: Any, output_size: Any,  # noqa: A002
                        return_indices: bool = False) -> Any:
    """The largest value of each of (oH, oW) bins of x (N, C, H, W) or (C, H, W).

    The gradient goes to the largest element of each bin (the first one on ties, the
    last NaN if there is one, as PyTorch). With return_indices=True: (values, indices),
    each index pointing into the flattened H x W plane of the input (int64).
    """
    return _max_pool("adaptive_max_pool2d", 2, input, output_size, return_indices)


def adaptive_max_pool3d(input: Any, output_size: Any,  # noqa: A002
                        return_indices: bool = False) -> Any:
    """The largest value of each of (oD, oH, oW) bins of x (N, C, D, H, W) or (C, D, H, W);
    see adaptive_max_pool2d. The indices point into the flattened D x H x W volume."""
    return _max_pool("adaptive_max_pool3d", 3, input, output_size, return_indices)


def _max_pool(op: str, d: int, input: Any, output_size: Any,  # noqa: A002
              return_indices: bool) -> Any:
    x, was_batched, size = _arguments(op, d, input, output_size, "max")
    y = adaptive_pooling.adaptive_max_pool(x, size)
    if not return_indices:
        return y if was_batched else y.squeeze(0)
    index = adaptive_pooling.adaptive_max_indices(x, size)
    return (y, index) if was_batched else (y.squeeze(0), index.squeeze(0))


def _arguments(op: str, d: int, input: Any, output_size: Any,  # noqa: A002
               kind: str) -> tuple[Tensor, bool, tuple[int, ...]]:
    """Check the input and output_size as PyTorch does. Returns the batched input,
    whether it was batched, and output_size as d ints (None replaced)."""
    x = tensor_argument(op, "input", input)
    shape = x.shape
    wrong_axes = ShapeError(f"{op}: expected a {d + 1}-D (unbatched: {_AXES[d]}) or {d + 2}-D "
                            f"(batched: N, {_AXES[d]}) input, got shape {shape_str(shape)}")
    if x.ndim < d:
        raise wrong_axes
    size = _output_size(op, d, output_size, shape[-d:])
    # An average to one element per channel is PyTorch's mean over the spatial axes: it
    # takes an empty spatial axis (NaN, 0 / 0) and, in 2-D, any number of axes in front;
    # but the mean refuses every non-float dtype, even on an empty input.
    mean = kind == "avg" and all(s == 1 for s in size)
    # (PyTorch's Python wrapper wants d + 1 axes or more once output_size is a tuple)
    any_axes = mean and d >= 2 and (x.ndim > d or not isinstance(output_size, (tuple, list)))
    if x.ndim not in (d + 1, d + 2) and not any_axes:
        raise wrong_axes
    # PyTorch's check: only a batch may be empty; its 1-D and 2-D avg count C as
    # batch-like too
    first = x.ndim - d if (kind == "avg" and d < 3) or x.ndim == d + 1 else 1
    if not mean and 0 in shape[first:]:
        raise ShapeError(f"{op}: expected an input with no empty axis but the batch "
                         f"{'or the channels ' if first > 1 else ''}(axes {_AXES[d]}), got "
                         f"shape {shape_str(shape)}")
    # floats only: PyTorch has no integer adaptive pools; its 1-D and 2-D average (but
    # for the mean) finds that out only when there is something to compute: an empty
    # output passes
    if kind == "max" or mean or d == 3 or np.prod(shape[:-d] + size) > 0:
        check_dtype(op, x)
    if x.ndim == d + 1:
        return x.unsqueeze(0), False, size
    return x, True, size


def _output_size(op: str, d: int, output_size: Any, spatial: tuple[int, ...]
                 ) -> tuple[int, ...]:
    """output_size as d ints: an int, or a tuple or list of d entries (2-D and 3-D: None
    keeps the input's size on that axis); each zero or more (0: an empty output, as
    PyTorch)."""
    def is_int(v: Any) -> bool:
        return isinstance(v, (int, np.integer)) and not isinstance(v, bool)

    none = " or None" if d >= 2 else ""
    expected = f"an int or a tuple of {d} ints{none} (one per spatial axis {_SPATIAL[d]})"
    if is_int(output_size):
        values: tuple[Any, ...] = (output_size,) * d
    elif isinstance(output_size, (tuple, list)):
        values = tuple(output_size)
        if not all(is_int(v) or (d >= 2 and v is None) for v in values):
            raise TypeError(f"{op}: output_size must be {expected}, got {output_size!r}")
        if len(values) != d:
            entries = "entry" if len(values) == 1 else "entries"
            raise ValueError(f"{op}: output_size must be {expected}, got {len(values)} "
                             f"{entries}: {output_size!r}")
    else:
        raise TypeError(f"{op}: output_size must be {expected}, got {output_size!r}")
    values = tuple(n if v is None else int(v) for v, n in zip(values, spatial))
    if any(v < 0 for v in values):
        raise ValueError(f"{op}: output_size must be zero or more on every axis, got "
                         f"{output_size!r} for an input of spatial shape {shape_str(spatial)}")
    return values
