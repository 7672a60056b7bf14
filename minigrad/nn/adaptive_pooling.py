"""Adaptive pooling layers: `AdaptiveAvgPool1d/2d/3d` and `AdaptiveMaxPool1d/2d/3d`,
PyTorch's, on minigrad.functional's adaptive_*_pool1d/2d/3d. They keep
output_size as given (an int, or a tuple where None keeps that input size) and check it
when called. `AdaptiveAvgPool2d((1, 1))` then `Flatten()` makes any image size fit a
Linear of C inputs."""

from __future__ import annotations

from typing import Any

from ..functional.adaptive_pooling import (
    adaptive_avg_pool1d,
    adaptive_avg_pool2d,
    adaptive_avg_pool3d,
    adaptive_max_pool1d,
    adaptive_max_pool2d,
    adaptive_max_pool3d,
)
from ..tensor import Tensor
from .module import Module


class _AdaptiveAvgPoolNd(Module):
    pool = staticmethod(adaptive_avg_pool2d)

    def __init__(self, output_size: Any) -> None:
        super().__init__()
        self.output_size = output_size

    def forward(self, x: Tensor) -> Tensor:
        """The pooled x."""
        return self.pool(x, self.output_size)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class AdaptiveAvgPool1d(_AdaptiveAvgPoolNd):
    """The average of each of output_size bins along L: x (N, C, L) or (C, L); see
    functional.adaptive_avg_pool1d."""

    pool = staticmethod(adaptive_avg_pool1d)


class AdaptiveAvgPool2d(_AdaptiveAvgPoolNd):
    """The average of each of output_size bins of H x W: x (N, C, H, W) or (C, H, W); see
    functional.adaptive_avg_pool2d."""


class AdaptiveAvgPool3d(_AdaptiveAvgPoolNd):
    """The average of each of output_size bins of D x H x W: x (N, C, D, H, W) or
    (C, D, H, W); see functional.adaptive_avg_pool3d."""

    pool = staticmethod(adaptive_avg_pool3d)


class _AdaptiveMaxPoolNd(Module):
    pool = staticmethod(adaptive_max_pool2d)

    def __init__(self, output_size: Any, return_indices: bool = False) -> None:
        super().__init__()
        self.output_size = output_size
        self.return_indices = return_indices

    def forward(self, x: Tensor) -> Any:
        """The pooled x; with return_indices, (values, indices)."""
        return self.pool(x, self.output_size, self.return_indices)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class AdaptiveMaxPool1d(_AdaptiveMaxPoolNd):
    """The largest value of each of output_size bins along L: x (N, C, L) or (C, L); see
    functional.adaptive_max_pool1d."""

    pool = staticmethod(adaptive_max_pool1d)


class AdaptiveMaxPool2d(_AdaptiveMaxPoolNd):
    """The largest value of each of output_size bins of H x W: x (N, C, H, W) or (C, H, W);
    see functional.adaptive_max_pool2d."""


class AdaptiveMaxPool3d(_AdaptiveMaxPoolNd):
    """The largest value of each of output_size bins of D x H x W: x (N, C, D, H, W) or
    (C, D, H, W); see functional.adaptive_max_pool3d."""

    pool = staticmethod(adaptive_max_pool3d)
