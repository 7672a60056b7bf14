"""conv_transpose1d, conv_transpose2d and conv_transpose3d with torch.nn.functional's
arguments and checks.

    y = F.conv_transpose2d(x, weight, bias=None, stride=1, padding=0, output_padding=0,
                           groups=1, dilation=1)

A transposed convolution is the derivative of a convolution with respect to its
input: every input position sends its value times the kernel back to the window
a convolution with the same stride, padding and dilation would have read. So it
makes small inputs larger (decoders, upsampling) and its weight is laid out as
that convolution's: (in_channels, out_channels / groups, *kernel). The output has,
per spatial axis,

    (size - 1) * stride - 2 * padding + dilation * (kernel - 1) + output_padding + 1

positions: output_padding adds positions at the end (it picks one of the output
sizes a convolution with that stride maps back to the input's size). The op is
ConvTranspose (minigrad/ops/convolution.py), the convolution's own ConvInputGrad
plus a bias; here the arguments are checked as PyTorch checks them.
"""

from __future__ import annotations

from typing import Any

from ..errors import ShapeError, shape_str
from ..ops.convolution import ConvTranspose
from ..tensor import Tensor
from .convolution import conv_operands
from .window_arguments import per_axis


def conv_transpose1d(input: Any, weight: Any, bias: Any = None, stride: Any = 1,  # noqa: A002
                     padding: Any = 0, output_padding: Any = 0, groups: int = 1,
                     dilation: Any = 1) -> Tensor:
    """The 1-d transposed convolution of x (N, C, L) or (C, L) with weight (C, out_channels
    / groups, kL), plus bias (out_channels,); see conv_transpose2d for the arguments."""
    return _transposed("conv_transpose1d", 1, input, weight, bias, stride, padding,
                       output_padding, groups, dilation)


def conv_transpose2d(input: Any, weight: Any, bias: Any = None, stride: Any = 1,  # noqa: A002
                     padding: Any = 0, output_padding: Any = 0, groups: int = 1,
                     dilation: Any = 1) -> Tensor:
    """The 2-d transposed convolution of x (N, C, H, W) or (C, H, W) with weight (C,
    out_channels / groups, kH, kW), plus bias (out_channels,), as PyTorch's: the gradient
    of conv2d(·, weight, stride=stride, padding=padding, dilation=dilation, groups=groups)
    with respect to its input, applied to x.

    stride, dilation: an int or (sH, sW), each > 0. padding: an int or (pH, pW), the
    positions cut from each side of the output (the convolution's zero padding).
    output_padding: positions added at the end of each axis, each smaller than the stride
    or the dilation of its axis. groups: the channels split into that many independent
    transposed convolutions (C divisible by it).
    """
    return _transposed("conv_transpose2d", 2, input, weight, bias, stride, padding,
                       output_padding, groups, dilation)


def conv_transpose3d(input: Any, weight: Any, bias: Any = None, stride: Any = 1,  # noqa: A002
                     padding: Any = 0, output_padding: Any = 0, groups: int = 1,
                     dilation: Any = 1) -> Tensor:
    """The 3-d transposed convolution of x (N, C, D, H, W) or (C, D, H, W) with weight (C,
    out_channels / groups, kD, kH, kW), plus bias (out_channels,); see conv_transpose2d."""
    return _transposed("conv_transpose3d", 3, input, weight, bias, stride, padding,
                       output_padding, groups, dilation)


def output_sizes(sizes: tuple[int, ...], kernel: tuple[int, ...], stride: tuple[int, ...],
                 padding: tuple[int, ...], dilation: tuple[int, ...],
                 output_padding: tuple[int, ...]) -> tuple[int, ...]:
    """PyTorch's output size, per spatial axis, of a transposed convolution of an input of
    `sizes` (also what nn.ConvTranspose*d's output_size= is measured against)."""
    return tuple((n - 1) * s - 2 * p + dl * (k - 1) + op + 1 for n, k, s, p, dl, op
                 in zip(sizes, kernel, stride, padding, dilation, output_padding))


def _transposed(op: str, d: int, input: Any, weight: Any, bias: Any, stride: Any,  # noqa: A002
                padding: Any, output_padding: Any, groups: Any, dilation: Any) -> Tensor:
    # PyTorch's transposed kernels take floats and int64
    x, w, b, was_batched, groups = conv_operands(op, d, input, weight, bias, groups,
                                                 "in_channels, out_channels", ("int64",))
    if isinstance(padding, str):
        raise TypeError(f"{op}: padding must be an int or a tuple of {d} ints, got "
                        f"{padding!r} (a transposed convolution takes no 'same' or 'valid')")
    stride = per_axis(op, "stride", stride, d)
    pads = per_axis(op, "padding", padding, d)
    extra = per_axis(op, "output_padding", output_padding, d)
    dilation = per_axis(op, "dilation", dilation, d)
    if any(e >= s and e >= dl for e, s, dl in zip(extra, stride, dilation)):
        raise ValueError(f"{op}: output_padding must be smaller than either the stride or the "
                         f"dilation on each axis, got output_padding={extra}, stride={stride}, "
                         f"dilation={dilation}")
    _check_shapes(op, tuple(input.shape), w, b, groups)
    sizes = output_sizes(tuple(x.shape[2:]), tuple(w.shape[2:]), stride, pads, dilation, extra)
    if any(n < 1 for n in sizes):
        raise ShapeError(
            f"{op}: the output would have size {' x '.join(map(str, sizes))} for an input of "
            f"size {' x '.join(map(str, x.shape[2:]))} (shape {shape_str(input.shape)}): "
            f"(size - 1) * stride - 2 * padding + dilation * (kernel - 1) + output_padding + 1 "
            "must be at least 1; use less padding")
    params = {"input_size": sizes, "stride": stride, "padding": tuple((p, p) for p in pads),
              "dilation": dilation, "groups": groups}
    y = ConvTranspose.apply(x, w, **params) if b is None else \
        ConvTranspose.apply(x, w, b, **params)
    return y if was_batched else y.squeeze(0)


def _check_shapes(op: str, shape: tuple[int, ...], w: Tensor, b: Tensor | None,
                  groups: int) -> None:
    """Whether an input of `shape` (batched or not) and the weight and bias fit together."""
    d = w.ndim - 2
    in_channels, per_group = w.shape[:2]
    if in_channels == 0 or in_channels % groups:
        raise ShapeError(f"{op}: the weight's in_channels ({in_channels}, its axis 0; shape "
                         f"{shape_str(w.shape)}) must be a positive multiple of "
                         f"groups={groups}")
    if per_group == 0 or 0 in w.shape[2:]:
        raise ShapeError(f"{op}: the weight of shape {shape_str(w.shape)} is empty; it needs "
                         "at least one output channel per group and a kernel of size 1 or more")
    channels = shape[-d - 1]
    if channels != in_channels:
        raise ShapeError(
            f"{op}: the input has {channels} channels (shape {shape_str(shape)}), but the "
            f"weight of shape {shape_str(w.shape)} expects in_channels = {in_channels} "
            "(its axis 0)")
    if b is not None and b.shape != (per_group * groups,):
        raise ShapeError(f"{op}: bias must have shape ({per_group * groups},), one per output "
                         f"channel (the weight's axis 1, {per_group}, times groups={groups}), "
                         f"got {shape_str(b.shape)}")
    if 0 in shape[-d:]:
        raise ShapeError(f"{op}: the input of shape {shape_str(shape)} has a spatial axis of "
                         "size 0 (an empty batch, N = 0, is fine)")
