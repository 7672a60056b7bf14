"""Convolution layers: `Conv1d`, `Conv2d` and `Conv3d`, PyTorch's, on minigrad.functional's
conv1d, conv2d and conv3d."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..devices import check_device
from ..dtypes import default_float
from ..errors import DTypeError
from ..functional.convolution import conv1d, conv2d, conv3d
from ..functional.window_arguments import per_axis
from ..tensor import Tensor
from . import init
from .module import Module, Parameter

_PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


class _ConvNd(Module):
    """What Conv1d, Conv2d and Conv3d share: the weight (out_channels, in_channels / groups,
    *kernel_size), the bias (out_channels,), their initialisation and the repr."""

    d = 0  # spatial axes: 1, 2 or 3
    conv = staticmethod(conv2d)

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
        shape = (self.out_channels, self.in_channels // self.groups, *self.kernel_size)
        self.weight = Parameter(np.empty(shape, dtype=dtype))
        self.bias = Parameter(np.empty(self.out_channels, dtype=dtype)) if bias else None
        self.reset_parameters(generator)

    def reset_parameters(self, generator: np.random.Generator | None = None) -> None:
        """Draw new initial weights as PyTorch does: kaiming_uniform_ with a = sqrt(5) (uniform
        in +-1/sqrt(fan_in)) for the weight, and uniform in +-1/sqrt(fan_in) for the bias,
        fan_in = in_channels / groups * the kernel's size."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5), generator=generator)
        if self.bias is not None:
            fan_in = self.weight.shape[1] * math.prod(self.kernel_size)
            bound = 1.0 / math.sqrt(fan_in)
            init.uniform_(self.bias, -bound, bound, generator=generator)

    def forward(self, x: Tensor) -> Tensor:
        """The convolution of x (N, in_channels, *spatial) or (in_channels, *spatial)."""
        if isinstance(x, Tensor) and x.dtype != self.weight.dtype and x.dtype.kind == "f":
            fix = "x.float()" if self.weight.dtype == np.float32 else "x.double()"
            raise DTypeError(
                f"{self!r}: the input has dtype {x.dtype} but the weights {self.weight.dtype}; "
                f"convert the input with {fix} (or the model with model.to(dtype))")
        return self.conv(x, self.weight, self.bias, self.stride, self.padding, self.dilation,
                         self.groups)

    def extra_repr(self) -> str:
        """PyTorch's: the settings that differ from the defaults, after the sizes."""
        text = (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
                f"stride={self.stride}")
        if self.padding != (0,) * self.d:
            text += f", padding={self.padding}"
        if self.dilation != (1,) * self.d:
            text += f", dilation={self.dilation}"
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
