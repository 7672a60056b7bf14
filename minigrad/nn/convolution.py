"""Convolution layers: `Conv1d`, `Conv2d` and `Conv3d`, PyTorch's, on minigrad.functional's
conv1d, conv2d and conv3d; and the transposed ones, `ConvTranspose1d`, `ConvTranspose2d`
and `ConvTranspose3d`, on conv_transpose1d/2d/3d."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..devices import check_device
from ..dtypes import default_float
from ..errors import DTypeError
from ..functional.conv_transpose import (
    conv_transpose1d,
    conv_transpose2d,
    conv_transpose3d,
    output_sizes,
)
from ..functional.convolution import conv1d, conv2d, conv3d
from ..functional.window_arguments import per_axis
from ..tensor import Tensor
from . import init
from .module import Module, Parameter

_PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


class _ConvNd(Module):
    """What Conv1d, Conv2d and Conv3d share: the weight (out_channels, in_channels / groups,
    *kernel_size), the bias (out_channels,), their initialisation and the repr. The
    transposed layers share them too, with the weight (in_channels, out_channels / groups,
    *kernel_size)."""

    d = 0  # spatial axes: 1, 2 or 3
    conv = staticmethod(conv2d)
    transposed = False  # as PyTorch's attribute

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1,
                 padding: Any = 0, dilation: Any = 1, groups: int = 1, bias: bool = True,
                 padding_mode: str = "zeros", device: Any = None, dtype: Any = None,
                 generator: np.random.Generator | None = None) -> None:
        super().__init__()
        name = type(self).__name__
        check_device(device, name)
        for what, n in (("in_channels", in_channels), ("out_channels", out_channels),
                        ("groups", groups)):
            if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
                raise ValueError(f"{name}: {what} must be a positive int, got {n!r}")
        for what, n in (("in_channels", in_channels), ("out_channels", out_channels)):
            if n % groups:
                raise ValueError(f"{name}: {what}={n} must be divisible by groups={groups}")
        if padding_mode not in _PADDING_MODES:
            raise ValueError(f"{name}: padding_mode must be one of {_PADDING_MODES}, got "
                             f"{padding_mode!r}")
        if padding_mode != "zeros":
            raise NotImplementedError(
                f"{name}: padding_mode={padding_mode!r} is not available in minigrad, only "
                "'zeros' (see docs/guide/pytorch.md)")
        d = self.d
        self.kernel_size = per_axis(name, "kernel_size", kernel_size, d)
        self.stride = per_axis(name, "stride", stride, d)
        self.dilation = per_axis(name, "dilation", dilation, d)
        if isinstance(padding, str):
            if padding not in ("same", "valid"):
                raise ValueError(f"{name}: padding must be an int, a tuple of ints, 'valid' "
                                 f"or 'same', got {padding!r}")
            if padding == "same" and any(s != 1 for s in self.stride):
                raise ValueError(f"{name}: padding='same' needs stride 1 (as in PyTorch), got "
                                 f"stride={self.stride}")
            self.padding: Any = padding
        else:
            self.padding = per_axis(name, "padding", padding, d)
        self.in_channels, self.out_channels, self.groups = (int(in_channels),
                                                            int(out_channels), int(groups))
        self.padding_mode = padding_mode
        dtype = np.dtype(default_float() if dtype is None else dtype)
        if dtype.kind != "f":
            raise DTypeError(f"{name}: dtype must be floating (float32 or float64), got {dtype}")
        self.output_padding = (0,) * d  # PyTorch's convolutions have it too
        rows, cols = ((self.in_channels, self.out_channels) if self.transposed
                      else (self.out_channels, self.in_channels))
        shape = (rows, cols // self.groups, *self.kernel_size)
        self.weight = Parameter(np.empty(shape, dtype=dtype))
        self.bias = Parameter(np.empty(self.out_channels, dtype=dtype)) if bias else None
        self.reset_parameters(generator)

    def reset_parameters(self, generator: np.random.Generator | None = None) -> None:
        """Draw new initial weights as PyTorch does: kaiming_uniform_ with a = sqrt(5) (uniform
        in +-1/sqrt(fan_in)) for the weight, and uniform in +-1/sqrt(fan_in) for the bias,
        fan_in = the weight's axis 1 times the kernel's size: in_channels / groups, or for the
        transposed layers out_channels / groups (PyTorch reads the transposed layout alike)."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5), generator=generator)
        if self.bias is not None:
            fan_in = self.weight.shape[1] * math.prod(self.kernel_size)
            bound = 1.0 / math.sqrt(fan_in)
            init.uniform_(self.bias, -bound, bound, generator=generator)

    def forward(self, x: Tensor) -> Tensor:
        """The convolution of x (N, in_channels, *spatial) or (in_channels, *spatial)."""
        self._check_dtype(x)
        return self.conv(x, self.weight, self.bias, self.stride, self.padding, self.dilation,
                         self.groups)

    def _check_dtype(self, x: Any) -> None:
        """A float input of another dtype than the weights: say how to convert it."""
        if isinstance(x, Tensor) and x.dtype != self.weight.dtype and x.dtype.kind == "f":
            fix = "x.float()" if self.weight.dtype == np.float32 else "x.double()"
            raise DTypeError(
                f"{self!r}: the input has dtype {x.dtype} but the weights {self.weight.dtype}; "
                f"convert the input with {fix} (or the model with model.to(dtype))")

    def extra_repr(self) -> str:
        """PyTorch's: the settings that differ from the defaults, after the sizes."""
        text = (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
                f"stride={self.stride}")
        if self.padding != (0,) * self.d:
            text += f", padding={self.padding}"
        if self.dilation != (1,) * self.d:
            text += f", dilation={self.dilation}"
        if self.output_padding != (0,) * self.d:
            text += f", output_padding={self.output_padding}"
        if self.groups != 1:
            text += f", groups={self.groups}"
        if self.bias is None:
            text += ", bias=False"
        return text


class Conv1d(_ConvNd):
    """A 1-d convolution layer: y = conv1d(x, weight, bias, ...) for x (N, in_channels, L)
    or (in_channels, L); weight (out_channels, in_channels / groups, kernel_size)."""

    d = 1
    conv = staticmethod(conv1d)


class Conv2d(_ConvNd):
    """A 2-d convolution layer: y = conv2d(x, weight, bias, ...) for x (N, in_channels, H, W)
    or (in_channels, H, W); weight (out_channels, in_channels / groups, kH, kW), bias
    (out_channels,).

    It starts as PyTorch's does (kaiming_uniform_ with a = sqrt(5), i.e. uniform in
    +-1/sqrt(fan_in), fan_in = in_channels / groups * kH * kW), drawn from `generator` or
    the one `mg.manual_seed` seeds.
    """

    d = 2
    conv = staticmethod(conv2d)


class Conv3d(_ConvNd):
    """A 3-d convolution layer: y = conv3d(x, weight, bias, ...) for x (N, in_channels, D, H,
    W) or (in_channels, D, H, W); weight (out_channels, in_channels / groups, kD, kH, kW),
    bias (out_channels,); initialised as Conv2d, fan_in = in_channels / groups * kD * kH * kW.
    """

    d = 3
    conv = staticmethod(conv3d)


class _ConvTransposeNd(_ConvNd):
    """What ConvTranspose1d/2d/3d share: PyTorch's constructor (output_padding comes after
    padding, groups before bias, dilation after it), and forward's output_size=."""

    transposed = True

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1,
                 padding: Any = 0, output_padding: Any = 0, groups: int = 1, bias: bool = True,
                 dilation: Any = 1, padding_mode: str = "zeros", device: Any = None,
                 dtype: Any = None, generator: np.random.Generator | None = None) -> None:
        name = type(self).__name__
        if padding_mode != "zeros":  # PyTorch's own rule for these layers
            raise ValueError(f'{name}: only "zeros" padding mode is supported for {name} (as '
                             f"in PyTorch), got padding_mode={padding_mode!r}")
        if isinstance(padding, str):
            raise TypeError(f"{name}: padding must be an int or a tuple of {self.d} ints, got "
                            f"{padding!r} (a transposed convolution takes no 'same' or 'valid')")
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation,
                         groups, bias, padding_mode, device, dtype, generator)
        # checked against stride and dilation when called, as PyTorch does
        self.output_padding = per_axis(name, "output_padding", output_padding, self.d)

    def forward(self, x: Tensor, output_size: Any = None) -> Tensor:  # type: ignore[override]
        """The transposed convolution of x (N, in_channels, *spatial) or (in_channels,
        *spatial). output_size (the spatial sizes, or the whole shape) picks one of the
        output sizes this stride allows, in place of output_padding."""
        self._check_dtype(x)
        extra = self.output_padding if output_size is None else self._padding_for(x, output_size)
        return self.conv(x, self.weight, self.bias, self.stride, self.padding, extra,
                         self.groups, self.dilation)

    def _padding_for(self, x: Any, output_size: Any) -> tuple[int, ...]:
        """The output_padding that gives `output_size`, checked as PyTorch checks it."""
        name, d = type(self).__name__, self.d
        if not isinstance(x, Tensor) or x.ndim not in (d + 1, d + 2):
            return self.output_padding  # the functional call says what is wrong with x
        sizes = list(output_size) if isinstance(output_size, (tuple, list)) else None
        if sizes is None or not all(isinstance(n, (int, np.integer)) and not isinstance(n, bool)
                                    for n in sizes):
            raise TypeError(f"{name}: output_size must be a tuple or list of ints, got "
                            f"{output_size!r}")
        lead = x.ndim - d  # the axes before the spatial ones: N and C, or C
        if len(sizes) == lead + d:
            sizes = sizes[lead:]
        if len(sizes) != d:
            raise ValueError(f"{name}: for a {x.ndim}-D input, output_size must have {d} or "
                             f"{lead + d} elements, got {len(sizes)}: {output_size!r}")
        least = output_sizes(tuple(x.shape[lead:]), self.kernel_size, self.stride,
                             self.padding, self.dilation, (0,) * d)
        most = tuple(n + s - 1 for n, s in zip(least, self.stride))
        if any(not lo <= n <= hi for n, lo, hi in zip(sizes, least, most)):
            raise ValueError(f"{name}: requested an output size of {tuple(sizes)}, but valid "
                             f"sizes range from {least} to {most} (for an input of spatial "
                             f"size {tuple(x.shape[lead:])})")
        return tuple(n - lo for n, lo in zip(sizes, least))


class ConvTranspose1d(_ConvTransposeNd):
    """A 1-d transposed convolution layer: y = conv_transpose1d(x, weight, bias, ...) for x
    (N, in_channels, L) or (in_channels, L); weight (in_channels, out_channels / groups,
    kernel_size)."""

    d = 1
    conv = staticmethod(conv_transpose1d)


class ConvTranspose2d(_ConvTransposeNd):
    """A 2-d transposed convolution layer: y = conv_transpose2d(x, weight, bias, ...) for x
    (N, in_channels, H, W) or (in_channels, H, W); weight (in_channels, out_channels /
    groups, kH, kW), bias (out_channels,): the layout of the convolution it is the
    derivative of.

    The three start as PyTorch's do: kaiming_uniform_ with a = sqrt(5) and the bias uniform
    in +-1/sqrt(fan_in), with fan_in = out_channels / groups * kH * kW (the weight's axis 1
    times the kernel's size, as PyTorch computes it for this layout).
    """

    d = 2
    conv = staticmethod(conv_transpose2d)


class ConvTranspose3d(_ConvTransposeNd):
    """A 3-d transposed convolution layer: y = conv_transpose3d(x, weight, bias, ...) for x
    (N, in_channels, D, H, W) or (in_channels, D, H, W); weight (in_channels, out_channels /
    groups, kD, kH, kW)."""

    d = 3
    conv = staticmethod(conv_transpose3d)
