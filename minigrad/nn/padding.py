"""Padding and pixel-shuffle modules, as torch.nn's: each holds its settings and calls
functional.pad (constant, reflect, replicate) or functional.pixel_shuffle / unshuffle.

    nn.ZeroPad2d(1)(images)              # one row of zeros above and below, one column
    nn.ReflectionPad1d((2, 0))(signal)   # the two values after the first, mirrored before it
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import functional
from ..tensor import Tensor
from .module import Module


def _amounts(name: str, padding: Any, n: int) -> tuple[int, ...]:
    """An int (the same on every side) or a tuple of 2 n ints, as a tuple of 2 n ints."""
    if isinstance(padding, (int, np.integer)) and not isinstance(padding, bool):
        return (int(padding),) * (2 * n)
    amounts = tuple(padding)
    if len(amounts) != 2 * n or not all(
            isinstance(p, (int, np.integer)) and not isinstance(p, bool) for p in amounts):
        raise ValueError(f"{name}: padding must be an int or a tuple of {2 * n} ints, got "
                         f"{padding!r}")
    return tuple(int(p) for p in amounts)


class _Pad(Module):
    mode = "constant"
    axes = 1

    def __init__(self, padding: Any) -> None:
        super().__init__()
        self.padding = _amounts(type(self).__name__, padding, self.axes)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """functional.pad(input, padding, mode)."""
        return functional.pad(input, self.padding, self.mode)

    def extra_repr(self) -> str:
        return f"{self.padding}"


class ReflectionPad1d(_Pad):
    """Pads the last axis with its values mirrored at the edges (the edge not repeated)."""

    mode = "reflect"


class ReflectionPad2d(_Pad):
    """Pads the last two axes with their values mirrored at the edges."""

    mode, axes = "reflect", 2


class ReplicationPad1d(_Pad):
    """Pads the last axis with copies of its edge values."""

    mode = "replicate"


class ReplicationPad2d(_Pad):
    """Pads the last two axes with copies of their edge values."""

    mode, axes = "replicate", 2


class ConstantPad1d(_Pad):
    """Pads the last axis with `value`."""

    def __init__(self, padding: Any, value: float) -> None:
        super().__init__(padding)
        self.value = value

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """functional.pad(input, padding, value=value)."""
        return functional.pad(input, self.padding, "constant", self.value)

    def extra_repr(self) -> str:
        return f"padding={self.padding}, value={self.value}"


class ConstantPad2d(ConstantPad1d):
    """Pads the last two axes with `value`."""

    axes = 2


class ZeroPad1d(ConstantPad1d):
    """Pads the last axis with zeros."""

    def __init__(self, padding: Any) -> None:
        super().__init__(padding, 0.0)

    def extra_repr(self) -> str:
        return f"{self.padding}"


class ZeroPad2d(ZeroPad1d):
    """Pads the last two axes with zeros."""

    axes = 2


class PixelShuffle(Module):
    """(*, C r^2, H, W) -> (*, C, H r, W r) (functional.pixel_shuffle)."""

    def __init__(self, upscale_factor: int) -> None:
        super().__init__()
        self.upscale_factor = upscale_factor

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """functional.pixel_shuffle(input, upscale_factor)."""
        return functional.pixel_shuffle(input, self.upscale_factor)

    def extra_repr(self) -> str:
        return f"upscale_factor={self.upscale_factor}"


class PixelUnshuffle(Module):
    """(*, C, H r, W r) -> (*, C r^2, H, W) (functional.pixel_unshuffle)."""

    def __init__(self, downscale_factor: int) -> None:
        super().__init__()
        self.downscale_factor = downscale_factor

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """functional.pixel_unshuffle(input, downscale_factor)."""
        return functional.pixel_unshuffle(input, self.downscale_factor)

    def extra_repr(self) -> str:
        return f"downscale_factor={self.downscale_factor}"


class ChannelShuffle(Module):
    """(N, C, *) with the channels of `groups` groups interleaved (functional.channel_shuffle).

    >>> nn.ChannelShuffle(2)
    ChannelShuffle(groups=2)
    """

    def __init__(self, groups: int) -> None:
        super().__init__()
        self.groups = groups

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """functional.channel_shuffle(input, groups)."""
        return functional.channel_shuffle(input, self.groups)

    def extra_repr(self) -> str:
        return f"groups={self.groups}"
