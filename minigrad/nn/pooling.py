"""Pooling layers: `MaxPool1d/2d/3d` and `AvgPool1d/2d/3d`, PyTorch's, on
minigrad.functional's max_pool1d/2d/3d and avg_pool1d/2d/3d. They keep their settings as
given (PyTorch's AvgPool1d makes them 1-tuples), and check them when called."""

from __future__ import annotations

from typing import Any

from ..functional.pooling import (
    avg_pool1d,
    avg_pool2d,
    avg_pool3d,
    max_pool1d,
    max_pool2d,
    max_pool3d,
)
from ..tensor import Tensor
from .module import Module


def _single(value: Any) -> tuple[Any, ...]:
    """`value` as a tuple, as PyTorch's AvgPool1d keeps its settings."""
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


class _MaxPoolNd(Module):
    pool = staticmethod(max_pool2d)

    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0,
                 dilation: Any = 1, return_indices: bool = False,
                 ceil_mode: bool = False) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.dilation = dilation
        self.return_indices = return_indices
        self.ceil_mode = ceil_mode

    def forward(self, x: Tensor) -> Any:
        """The pooled x; with return_indices, (values, indices)."""
        return self.pool(x, self.kernel_size, self.stride, self.padding, self.dilation,
                         self.ceil_mode, self.return_indices)

    def extra_repr(self) -> str:
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
                f"dilation={self.dilation}, ceil_mode={self.ceil_mode}")


class MaxPool1d(_MaxPoolNd):
    """The largest value of each window along L: x (N, C, L) or (C, L); see max_pool1d."""

    pool = staticmethod(max_pool1d)


class MaxPool2d(_MaxPoolNd):
    """The largest value of each kH x kW window: x (N, C, H, W) or (C, H, W); stride
    defaults to kernel_size. See functional.max_pool2d."""


class MaxPool3d(_MaxPoolNd):
    """The largest value of each kD x kH x kW window: x (N, C, D, H, W) or (C, D, H, W);
    stride defaults to kernel_size. See functional.max_pool3d."""

    pool = staticmethod(max_pool3d)


class AvgPool1d(Module):
    """The average of each window along L: x (N, C, L) or (C, L); see avg_pool1d."""

    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0,
                 ceil_mode: bool = False, count_include_pad: bool = True) -> None:
        super().__init__()
        self.kernel_size = _single(kernel_size)
        self.stride = _single(stride if stride is not None else kernel_size)
        self.padding = _single(padding)
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad

    def forward(self, x: Tensor) -> Tensor:
        """The pooled x."""
        return avg_pool1d(x, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                          self.count_include_pad)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class _AvgPoolNd(Module):
    pool = staticmethod(avg_pool2d)

    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0,
                 ceil_mode: bool = False, count_include_pad: bool = True,
                 divisor_override: int | None = None) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad
        self.divisor_override = divisor_override

    def forward(self, x: Tensor) -> Tensor:
        """The pooled x."""
        return self.pool(x, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                         self.count_include_pad, self.divisor_override)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AvgPool2d(_AvgPoolNd):
    """The average of each kH x kW window: x (N, C, H, W) or (C, H, W); stride defaults to
    kernel_size. See functional.avg_pool2d for count_include_pad and divisor_override."""


class AvgPool3d(_AvgPoolNd):
    """The average of each kD x kH x kW window: x (N, C, D, H, W) or (C, D, H, W); stride
    defaults to kernel_size. See functional.avg_pool3d."""

    pool = staticmethod(avg_pool3d)
