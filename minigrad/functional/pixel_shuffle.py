"""pixel_shuffle and pixel_unshuffle: channels traded for a larger (or smaller) image;
channel_shuffle: channels reordered across groups.

    F.pixel_shuffle(x, 2)      # (*, C * 4, H, W) -> (*, C, 2 H, 2 W)
    F.pixel_unshuffle(y, 2)    # (*, C, 2 H, 2 W) -> (*, C * 4, H, W), its inverse
    F.channel_shuffle(x, 2)    # channels 0 1 2 3 4 5 -> 0 3 1 4 2 5 (ShuffleNet)

Values are moved, never changed: a reshape, a permutation and a reshape, whose
gradients are the inverse moves (ops/shape.py), as PyTorch's own lines.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import ShapeError, shape_str
from ..ops.arguments import as_tensor
from ..tensor import Tensor


def _factor(fn: str, name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{fn}: {name} must be an int, got {value!r}")
    if value <= 0:
        raise ValueError(f"{fn}: {name} must be positive, got {value}")
    return int(value)


def _image(fn: str, input: Any) -> Tensor:  # noqa: A002
    x = as_tensor(input)
    if x.ndim < 3:
        raise ShapeError(f"{fn}: the input must have at least 3 axes (*, C, H, W), got shape "
                         f"{shape_str(x.shape)}")
    return x


def pixel_shuffle(input: Any, upscale_factor: int) -> Tensor:  # noqa: A002
    """(*, C r^2, H, W) -> (*, C, H r, W r), r = upscale_factor: each group of r^2 channels
    becomes an r x r block of pixels."""
    fn = "pixel_shuffle"
    x = _image(fn, input)
    r = _factor(fn, "upscale_factor", upscale_factor)
    *batch, c, h, w = x.shape
    if c % (r * r):
        raise ShapeError(f"{fn}: the channel axis (-3) has size {c}, which is not divisible "
                         f"by upscale_factor**2 = {r * r} (input shape {shape_str(x.shape)})")
    n = len(batch)
    y = x.reshape(*batch, c // (r * r), r, r, h, w)
    y = y.permute(*range(n), n, n + 3, n + 1, n + 4, n + 2)
    return y.reshape(*batch, c // (r * r), h * r, w * r)


def pixel_unshuffle(input: Any, downscale_factor: int) -> Tensor:  # noqa: A002
    """(*, C, H r, W r) -> (*, C r^2, H, W), r = downscale_factor: the inverse of
    pixel_shuffle."""
    fn = "pixel_unshuffle"
    x = _image(fn, input)
    r = _factor(fn, "downscale_factor", downscale_factor)
    *batch, c, h, w = x.shape
    if h % r or w % r:
        raise ShapeError(f"{fn}: the height {h} and width {w} must both be divisible by "
                         f"downscale_factor = {r} (input shape {shape_str(x.shape)})")
    n = len(batch)
    y = x.reshape(*batch, c, h // r, r, w // r, r)
    y = y.permute(*range(n), n, n + 2, n + 4, n + 1, n + 3)
    return y.reshape(*batch, c * r * r, h // r, w // r)


def channel_shuffle(input: Any, groups: int) -> Tensor:  # noqa: A002
    """(N, C, *) with the channels split into `groups` groups of C / groups and interleaved:
    channel k of group g moves to position k * groups + g (ShuffleNet's shuffle, so that the
    next grouped convolution sees channels of every group). Any dtype."""
    fn = "channel_shuffle"
    if isinstance(groups, bool) or not isinstance(groups, (int, np.integer)):
        raise TypeError(f"{fn}: groups must be an int, got {groups!r}")
    if groups <= 0:
        raise ValueError(f"{fn}: the number of groups to divide channels in must be positive, "
                         f"got {groups}")
    x = as_tensor(input)
    if x.ndim <= 2:
        raise ShapeError(f"{fn}: expects an input with more than 2 axes (N, C, *), got shape "
                         f"{shape_str(x.shape)} (as PyTorch)")
    n, c, rest = x.shape[0], x.shape[1], x.shape[2:]
    if c % groups:
        raise ShapeError(f"{fn}: the number of channels must be divisible by groups; got {c} "
                         f"channels and {groups} groups")
    g = int(groups)
    return x.reshape((n, g, c // g, *rest)).transpose(1, 2).reshape(x.shape)
