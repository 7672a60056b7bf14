"""conv1d, conv2d and conv3d with torch.nn.functional's arguments and checks.

    y = F.conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1)

x is (N, C, H, W), or (C, H, W) unbatched; weight is (out_channels,
C / groups, kH, kW); bias (out_channels,). conv1d is the same with one
spatial axis (L) instead of two, conv3d with three (D, H, W). The convolution itself, forward and
backward, is minigrad/ops/convolution.py; here the arguments are checked
and `padding` is turned into the zeros added before and after each axis
('same' may need one more after than before, as PyTorch pads).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import DTypeError, ShapeError, shape_str
from ..ops.convolution import Conv, Pairs
from ..tensor import Tensor
from .window_arguments import batched, check_dtype, per_axis, tensor_argument

_AXES = {1: "C, L", 2: "C, H, W", 3: "C, D, H, W"}
_KERNEL = {1: "kL", 2: "kH, kW", 3: "kD, kH, kW"}


def conv1d(input: Any, weight: Any, bias: Any = None, stride: Any = 1,  # noqa: A002
           padding: Any = 0, dilation: Any = 1, groups: int = 1) -> Tensor:
    """The 1-d convolution of x (N, C, L) or (C, L) with weight (out_channels, C / groups,
    kL), plus bias (out_channels,); see conv2d for the arguments."""
    return _convolution("conv1d", 1, input, weight, bias, stride, padding, dilation, groups)


def conv2d(input: Any, weight: Any, bias: Any = None, stride: Any = 1,  # noqa: A002
           padding: Any = 0, dilation: Any = 1, groups: int = 1) -> Tensor:
    """The 2-d convolution of x (N, C, H, W) or (C, H, W) with weight (out_channels,
    C / groups, kH, kW), plus bias (out_channels,), as PyTorch's (a cross-correlation:
    the kernel is not flipped).

    stride, dilation: an int or (sH, sW), each > 0. padding: zeros added on each side,
    an int or (pH, pW), or 'valid' (none) or 'same' (the output as large as the input;
    stride must be 1). groups: the channels split into that many independent
    convolutions (C and out_channels divisible by it).
    """
    return _convolution("conv2d", 2, input, weight, bias, stride, padding, dilation, groups)


def conv3d(input: Any, weight: Any, bias: Any = None, stride: Any = 1,  # noqa: A002
           padding: Any = 0, dilation: Any = 1, groups: int = 1) -> Tensor:
    """The 3-d convolution of x (N, C, D, H, W) or (C, D, H, W) (volumes, or clips of
    frames) with weight (out_channels, C / groups, kD, kH, kW), plus bias (out_channels,);
    see conv2d for the arguments, each an int or a tuple of three."""
    return _convolution("conv3d", 3, input, weight, bias, stride, padding, dilation, groups)


def _convolution(op: str, d: int, input: Any, weight: Any, bias: Any, stride: Any,  # noqa: A002
                 padding: Any, dilation: Any, groups: Any) -> Tensor:
    x, w, b, was_batched, groups = conv_operands(op, d, input, weight, bias, groups,
                                                 "out_channels, in_channels", ("i", "u"))
    stride = per_axis(op, "stride", stride, d)
    dilation = per_axis(op, "dilation", dilation, d)
    if x.dtype.kind in "iu" and x.dtype != np.int64 and any(dl > 1 for dl in dilation):
        raise DTypeError(f"{op}: {x.dtype} input with dilation {dilation} is not supported (as "
                         "in PyTorch, whose dilated convolution takes floats and int64 only); "
                         "convert it first, e.g. x.long()")
    pairs = _padding(op, padding, d, stride, dilation, tuple(w.shape[2:]))
    _check_shapes(op, tuple(input.shape), w, b, groups, pairs, dilation)
    params = {"stride": stride, "padding": pairs, "dilation": dilation, "groups": groups}
    y = Conv.apply(x, w, **params) if b is None else Conv.apply(x, w, b, **params)
    return y if was_batched else y.squeeze(0)


def conv_operands(op: str, d: int, input: Any, weight: Any, bias: Any,  # noqa: A002
                  groups: Any, layout: str, dtypes: tuple[str, ...]
                  ) -> tuple[Tensor, Tensor, Tensor | None, bool, int]:
    """The checks a convolution and a transposed one share: x, weight and bias as Tensors
    of one dtype (x of a kind in `dtypes`, check_dtype's meaning), x batched (and
    whether it came so), a weight of d + 2 axes laid out as `layout` then the kernel,
    and groups a positive int."""
    x = tensor_argument(op, "input", input)
    w = tensor_argument(op, "weight", weight)
    b = None if bias is None else tensor_argument(op, "bias", bias)
    x, was_batched = batched(op, x, d, _AXES[d])
    if w.ndim != d + 2:
        raise ShapeError(f"{op}: weight must have {d + 2} axes ({layout} / groups, "
                         f"{_KERNEL[d]}), got shape {shape_str(w.shape)}")
    check_dtype(op, x, dtypes)
    for name, t in (("weight", w), ("bias", b)):
        if t is not None and t.dtype != x.dtype:
            raise DTypeError(f"{op}: the input has dtype {x.dtype} but the {name} {t.dtype}; "
                             f"they must be the same, e.g. x.to(weight.dtype)")
    if isinstance(groups, bool) or not isinstance(groups, (int, np.integer)) or groups < 1:
        raise ValueError(f"{op}: groups must be a positive int, got {groups!r}")
    return x, w, b, was_batched, int(groups)


def _padding(op: str, padding: Any, d: int, stride: tuple[int, ...],
             dilation: tuple[int, ...], kernel: tuple[int, ...]) -> Pairs:
    """padding as (before, after) per spatial axis."""
    if isinstance(padding, str):
        if padding == "valid":
            return ((0, 0),) * d
        if padding != "same":
            raise ValueError(f"{op}: padding must be an int, a tuple of ints, 'valid' or "
                             f"'same', got {padding!r}")
        if any(s != 1 for s in stride):
            raise ValueError(f"{op}: padding='same' needs stride 1 (as in PyTorch), got "
                             f"stride={stride}; pad with numbers instead")
        # as PyTorch: dilation * (k - 1) zeros in all, the odd one after
        spans = [dl * (k - 1) for k, dl in zip(kernel, dilation)]
        return tuple((s // 2, s - s // 2) for s in spans)
    return tuple((p, p) for p in per_axis(op, "padding", padding, d))


def _check_shapes(op: str, shape: tuple[int, ...], w: Tensor, b: Tensor | None, groups: int,
                  pairs: Pairs, dilation: tuple[int, ...]) -> None:
    """Whether an input of `shape` (batched or not) and the weight and bias fit together."""
    d = len(pairs)
    out_channels, per_group = w.shape[:2]
    if out_channels == 0 or out_channels % groups:
        raise ShapeError(f"{op}: the weight's out_channels ({out_channels}, its axis 0; shape "
                         f"{shape_str(w.shape)}) must be a positive multiple of "
                         f"groups={groups}")
    channels = shape[-d - 1]
    if channels != per_group * groups:
        raise ShapeError(
            f"{op}: the input has {channels} channels (shape {shape_str(shape)}), but the "
            f"weight of shape {shape_str(w.shape)} expects in_channels = {per_group * groups} "
            f"(its axis 1, {per_group}, times groups={groups})")
    if b is not None and b.shape != (out_channels,):
        raise ShapeError(f"{op}: bias must have shape ({out_channels},), one per output "
                         f"channel of the weight {shape_str(w.shape)}, got "
                         f"{shape_str(b.shape)}")
    kernel = w.shape[2:]
    padded = [size + lo + hi for size, (lo, hi) in zip(shape[-d:], pairs)]
    spans = [dl * (k - 1) + 1 for k, dl in zip(kernel, dilation)]
    if 0 in kernel or any(span > size for span, size in zip(spans, padded)):
        dims = " x ".join(map(str, kernel))
        spanned = "" if spans == list(kernel) else f", spanning {' x '.join(map(str, spans))} " \
                                                   f"with dilation {dilation}"
        raise ShapeError(
            f"{op}: the kernel ({dims}{spanned}) does not fit in the padded input "
            f"({' x '.join(map(str, padded))}, from shape {shape_str(shape)}); pad the input "
            "or use a smaller kernel")
