"""max_pool1d/2d/3d and avg_pool1d/2d/3d with torch.nn.functional's arguments and checks.

    y = F.max_pool2d(x, kernel_size, stride=None, padding=0, dilation=1,
                     ceil_mode=False, return_indices=False)
    y = F.avg_pool2d(x, kernel_size, stride=None, padding=0, ceil_mode=False,
                     count_include_pad=True, divisor_override=None)

x is (N, C, H, W) or (C, H, W) (1-d: (N, C, L) or (C, L); 3-d: (N, C, D, H, W) or
(C, D, H, W)); stride defaults to
kernel_size (windows side by side). padding adds at most half a kernel on
each side (-inf for max, zeros for avg). ceil_mode keeps a last window that
runs past the end (it must start inside the input or its left padding). The
ops themselves are in minigrad/ops/pooling.py.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import DTypeError, ShapeError, shape_str
from ..ops import pooling
from ..ops.convolution import Pairs
from ..tensor import Tensor
from .window_arguments import check_dtype, per_axis, tensor_argument

_AXES = {1: "C, L", 2: "C, H, W", 3: "C, D, H, W"}


def max_pool1d(input: Any, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
               dilation: Any = 1, ceil_mode: bool = False,
               return_indices: bool = False) -> Any:
    """The largest value of each window along L of x (N, C, L) or (C, L); see max_pool2d."""
    return _max_pool("max_pool1d", 1, input, kernel_size, stride, padding, dilation,
                     ceil_mode, return_indices)


def max_pool2d(input: Any, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
               dilation: Any = 1, ceil_mode: bool = False,
               return_indices: bool = False) -> Any:
    """The largest value of each kH x kW window of x (N, C, H, W) or (C, H, W).

    The gradient goes to the largest element of each window (the first one on ties,
    as PyTorch). With return_indices=True: (values, indices), each index pointing into
    the flattened H x W plane of the input.
    """
    return _max_pool("max_pool2d", 2, input, kernel_size, stride, padding, dilation,
                     ceil_mode, return_indices)


def max_pool3d(input: Any, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
               dilation: Any = 1, ceil_mode: bool = False,
               return_indices: bool = False) -> Any:
    """The largest value of each kD x kH x kW window of x (N, C, D, H, W) or (C, D, H, W);
    see max_pool2d. The indices point into the flattened D x H x W volume of the input."""
    return _max_pool("max_pool3d", 3, input, kernel_size, stride, padding, dilation,
                     ceil_mode, return_indices)


def avg_pool1d(input: Any, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
               ceil_mode: bool = False, count_include_pad: bool = True) -> Tensor:
    """The average of each window along L of x (N, C, L) or (C, L); see avg_pool2d."""
    return _avg_pool("avg_pool1d", 1, input, kernel_size, stride, padding, ceil_mode,
                     count_include_pad, None)


def avg_pool2d(input: Any, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
               ceil_mode: bool = False, count_include_pad: bool = True,
               divisor_override: int | None = None) -> Tensor:
    """The average of each kH x kW window of x (N, C, H, W) or (C, H, W).

    The sum of a window is divided by its size (count_include_pad=True: padded zeros
    count), by the number of its elements inside the input (count_include_pad=False),
    or by divisor_override. Elements past the padding (ceil_mode's last window) never
    count. Integer (int64) input gives the quotient rounded toward zero, as PyTorch.
    """
    return _avg_pool("avg_pool2d", 2, input, kernel_size, stride, padding, ceil_mode,
                     count_include_pad, divisor_override)


def avg_pool3d(input: Any, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
               ceil_mode: bool = False, count_include_pad: bool = True,
               divisor_override: int | None = None) -> Tensor:
    """The average of each kD x kH x kW window of x (N, C, D, H, W) or (C, D, H, W); see
    avg_pool2d. As PyTorch's, it takes float32, float64 and int64, not float16, and wants
    the input at least as large as the kernel on every axis, padding or not."""
    return _avg_pool("avg_pool3d", 3, input, kernel_size, stride, padding, ceil_mode,
                     count_include_pad, divisor_override)


def _max_pool(op: str, d: int, input: Any, kernel_size: Any, stride: Any,  # noqa: A002
              padding: Any, dilation: Any, ceil_mode: bool, return_indices: bool) -> Any:
    x = tensor_argument(op, "input", input)
    # PyTorch's max_pool1d has integer kernels only on its way with indices
    check_dtype(op, x, ("i", "u") if d >= 2 or return_indices else ())
    dilation = per_axis(op, "dilation", dilation, d)
    x, was_batched, kernel, stride, pairs, _ = _windows(op, d, x, kernel_size, stride, padding,
                                                        dilation, ceil_mode)
    y = pooling.max_pool(x, kernel, stride, pairs, dilation)
    if not return_indices:
        return y if was_batched else y.squeeze(0)
    index = pooling.max_indices(x, kernel, stride, pairs, dilation)
    return (y, index) if was_batched else (y.squeeze(0), index.squeeze(0))


def _avg_pool(op: str, d: int, input: Any, kernel_size: Any, stride: Any,  # noqa: A002
              padding: Any, ceil_mode: bool, count_include_pad: bool,
              divisor_override: Any) -> Tensor:
    x = tensor_argument(op, "input", input)
    check_dtype(op, x, ("int64",))
    if d == 3 and x.dtype == np.float16:  # PyTorch's avg_pool3d kernel has no float16
        raise DTypeError(f"{op}: float16 input is not supported (as in PyTorch); convert it "
                         "first, e.g. x.float()")
    if divisor_override is not None and (
            isinstance(divisor_override, bool) or not isinstance(divisor_override, int)
            or divisor_override == 0):
        raise ValueError(f"{op}: divisor_override must be a non-zero int or None, got "
                         f"{divisor_override!r}")
    x, was_batched, kernel, stride, pairs, edge = _windows(
        op, d, x, kernel_size, stride, padding, (1,) * d, ceil_mode)
    if d == 3 and any(n < k for n, k in zip(x.shape[2:], kernel)):  # PyTorch's 3-D check
        raise ShapeError(f"{op}: the input of shape {shape_str(x.shape)} is smaller than the "
                         f"kernel {kernel} (as PyTorch, avg_pool3d wants the input itself, "
                         "without padding, at least as large); use a smaller kernel_size")
    y = pooling.avg_pool(x, kernel, stride, pairs, edge, bool(count_include_pad),
                         divisor_override)
    return y if was_batched else y.squeeze(0)


def _windows(op: str, d: int, x: Tensor, kernel_size: Any, stride: Any, padding: Any,
             dilation: tuple[int, ...], ceil_mode: bool
             ) -> tuple[Tensor, bool, tuple[int, ...], tuple[int, ...], Pairs, tuple[int, ...]]:
    """Check the input and the window arguments. Returns the batched input, whether it
    was batched, kernel_size and stride as tuples, the padding as (before, after) per
    axis, and how much of each `after` is there only for ceil_mode's last window."""
    shape = x.shape
    if x.ndim not in (d + 1, d + 2) or 0 in shape[-d - 1:]:
        raise ShapeError(
            f"{op}: expected a {d + 1}-D (unbatched: {_AXES[d]}) or {d + 2}-D (batched: N, "
            f"{_AXES[d]}) input with no empty axis but the batch, got shape {shape_str(shape)}")
    kernel = per_axis(op, "kernel_size", kernel_size, d)
    stride = kernel if stride is None or stride == [] or stride == () else per_axis(
        op, "stride", stride, d)
    pads = per_axis(op, "padding", padding, d)
    if any(p > k // 2 for p, k in zip(pads, kernel)):
        raise ValueError(f"{op}: padding must be at most half of kernel_size (as in PyTorch), "
                         f"got padding={padding!r} for kernel_size={kernel_size!r}")
    pairs, edge = [], []
    for size, k, s, p, dl in zip(shape[-d:], kernel, stride, pads, dilation):
        span = dl * (k - 1) + 1
        # PyTorch's count: windows `s` apart in the padded input; with ceil_mode, one more
        # for a remainder, if that window starts inside the input or its left padding
        out = (size + 2 * p - span + (s - 1 if ceil_mode else 0)) // s + 1
        if ceil_mode and (out - 1) * s >= size + p:
            out -= 1
        if out < 1:
            raise ShapeError(
                f"{op}: the window (kernel_size={kernel_size!r}, dilation={dilation}) does not "
                f"fit in the input of shape {shape_str(shape)} padded by {padding!r}: the "
                "output would be empty; use a smaller kernel_size or more padding")
        starts = np.arange(out) * s - p  # where each window starts, in x's coordinates
        reach = starts[:, None] + dl * np.arange(k)  # the elements each window reads
        if not ((reach >= 0) & (reach < size)).any(axis=1).all():  # only with a dilation
            raise ShapeError(
                f"{op}: with dilation={dilation}, padding={padding!r} and ceil_mode={ceil_mode}, "
                f"a window on the input of shape {shape_str(shape)} reads padding only, no "
                "element of the input (PyTorch returns -inf there, with an index outside the "
                "input); use less padding or a smaller dilation")
        extra = max(0, (out - 1) * s + span - (size + 2 * p))  # ceil_mode's last window
        pairs.append((p, p + extra))
        edge.append(extra)
    x, was_batched = (x, True) if x.ndim == d + 2 else (x.unsqueeze(0), False)
    return x, was_batched, kernel, stride, tuple(pairs), tuple(edge)
