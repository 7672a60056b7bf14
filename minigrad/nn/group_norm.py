"""Normalisation of each example on its own, as PyTorch's: `GroupNorm` (the channels in
groups) and `InstanceNorm1d` / `InstanceNorm2d` (each channel alone).

Unlike BatchNorm, nothing depends on the other examples of the batch, so training
and evaluation give the same result (see minigrad/functional/group_norm.py for the
formulas).

    gn = nn.GroupNorm(2, 6)         # 6 channels in 2 groups of 3
    gn(mg.randn(4, 6, 10))
    nn.InstanceNorm2d(3)(mg.randn(4, 3, 8, 8))
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ..devices import check_device
from ..dtypes import default_float
from ..errors import DTypeError
from ..functional.group_norm import group_norm, instance_norm
from ..ops.arguments import as_tensor
from ..tensor import Tensor
from .layer_norm import ScaleAndShift


def _count(owner: str, name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{owner}: {name} must be an int, got {value!r}")
    if value < 0:
        raise ValueError(f"{owner}: {name} must be >= 0, got {value}")
    return int(value)


def _float_dtype(owner: str, dtype: Any) -> np.dtype:
    dtype = np.dtype(default_float() if dtype is None else dtype)
    if dtype.kind != "f":
        raise DTypeError(f"{owner}: dtype must be floating (float32 or float64), got {dtype}")
    return dtype


class GroupNorm(ScaleAndShift):
    """y = (x - mean) / sqrt(var + eps) * weight + bias, the statistics of each group of
    num_channels / num_groups channels of each example (input (N, C, ...), C =
    num_channels). With `affine=True` (the default) weight (ones) and bias (zeros, or
    none with `bias=False`) are Parameters of num_channels values.

    >>> nn.GroupNorm(2, 4)
    GroupNorm(2, 4, eps=1e-05, affine=True, bias=True)
    """

    def __init__(self, num_groups: int, num_channels: int, eps: float = 1e-5,
                 affine: bool = True, bias: bool = True, device: Any = None,
                 dtype: Any = None) -> None:
        super().__init__()
        check_device(device, "GroupNorm")
        self.num_groups = _count("GroupNorm", "num_groups", num_groups)
        self.num_channels = _count("GroupNorm", "num_channels", num_channels)
        if self.num_groups == 0 or self.num_channels % self.num_groups:
            raise ValueError(f"GroupNorm: num_channels ({num_channels}) must be divisible by "
                             f"num_groups ({num_groups}), as in PyTorch")
        self.eps = eps
        self.affine = affine
        dtype = _float_dtype("GroupNorm", dtype)
        n = self.num_channels
        self.add_scale_and_shift(n, dtype, affine, bias)

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        """functional.group_norm with this layer's groups, weight, bias and eps."""
        return group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.num_groups}, {self.num_channels}, eps={self.eps}, "
                f"affine={self.affine}, bias={self.bias is not None}")


class _InstanceNorm(ScaleAndShift):
    """What InstanceNorm1d and InstanceNorm2d share; they differ in the input's axes.

    Each channel of each example is normalised over its own axes. `affine=False` (the
    default, as PyTorch) has no weight and bias; `affine=True` adds them (ones and
    zeros, num_features each). `track_running_stats=True` (running estimates for
    evaluation) is not supported by minigrad and raises.
    """

    expected_ndims: tuple[int, ...] = ()  # unbatched, batched

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1,
                 affine: bool = False, track_running_stats: bool = False,
                 device: Any = None, dtype: Any = None, *, bias: bool = True) -> None:
        super().__init__()
        name = type(self).__name__
        check_device(device, name)
        if track_running_stats:
            raise NotImplementedError(
                f"{name}: track_running_stats=True (running estimates of the mean and "
                f"variance, used in eval mode) is not supported by minigrad; use the default "
                f"track_running_stats=False: each example normalised by its own statistics")
        self.num_features = _count(name, "num_features", num_features)
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        dtype = _float_dtype(name, dtype)
        n = self.num_features
        self.add_scale_and_shift(n, dtype, affine, bias)

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        """functional.instance_norm with this layer's weight, bias and eps; an unbatched
        input (no N axis) is normalised as a batch of one."""
        x = as_tensor(input)
        name = type(self).__name__
        if x.ndim not in self.expected_ndims:
            wanted = " or ".join(f"{d}D" for d in self.expected_ndims)
            raise ValueError(f"{name}: expected {wanted} input (got {x.ndim}D input), as "
                             f"PyTorch")
        unbatched = x.ndim == self.expected_ndims[0]
        channels = x.shape[0] if unbatched else x.shape[1]
        if channels != self.num_features:
            message = (f"{name}: expected input's size at dim={0 if unbatched else 1} to "
                       f"match num_features ({self.num_features}), but got: {channels}.")
            if self.affine:
                raise ValueError(message)
            warnings.warn(message + " (without affine the layer works for any number of "
                          "channels, as in PyTorch)", stacklevel=2)
        if unbatched:
            x = x.unsqueeze(0)
        y = instance_norm(x, None, None, self.weight, self.bias, True,
                          0.1 if self.momentum is None else self.momentum, self.eps)
        return y.squeeze(0) if unbatched else y

    def extra_repr(self) -> str:
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
                f"affine={self.affine}, bias={self.bias is not None}, "
                f"track_running_stats={self.track_running_stats}")


class InstanceNorm1d(_InstanceNorm):
    """Instance normalisation of sequences (N, C, L), or unbatched (C, L), per channel.

    >>> nn.InstanceNorm1d(3)
    InstanceNorm1d(3, eps=1e-05, momentum=0.1, affine=False, bias=False, track_running_stats=False)
    """

    expected_ndims = (2, 3)


class InstanceNorm2d(_InstanceNorm):
    """Instance normalisation of images (N, C, H, W), or unbatched (C, H, W), per
    channel."""

    expected_ndims = (3, 4)
