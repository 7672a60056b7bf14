"""dropout1d and dropout2d: channel-wise dropout, as torch.nn.functional's (the
functions behind nn.Dropout1d and nn.Dropout2d, minigrad/nn/channel_dropout.py).

Instead of single values, whole channels are zeroed: for an input (N, C, ...) each of
the N * C channels is kept with probability 1 - p (and divided by 1 - p) or dropped
entirely, the same for all its values. Neighbouring values of a feature map are
strongly correlated, so dropping them one by one regularises little.

The mask has shape (N, C, 1, ...) and broadcasts over the channel's values; the op is
functional.dropout's `Dropout` (z = x * mask, dz/dx = mask). As there: nothing changes
with training=False, p = 0 or an empty input, and p = 1 gives zeros.
"""

from __future__ import annotations

import warnings
from typing import Any

from ..creation import default_generator
from ..errors import ShapeError, shape_str
from ..tensor import Tensor
from .dropout import Dropout, check_probability
from .validation import float_input


def _feature_dropout(fn: str, x: Tensor, p: float, training: bool, inplace: bool,
                     channel_axes: int = 2) -> Tensor:
    """x with each channel (its first `channel_axes` axes pick one: N and C, or C alone
    for an unbatched input) kept and scaled, or zeroed."""
    if not training or p == 0 or x.numel() == 0:
        return x
    if x.ndim < 2:
        raise ShapeError(f"{fn}: channel-wise dropout needs at least 2 axes (N, C, ...), got "
                         f"shape {shape_str(x.shape)}")
    shape = x.shape[:channel_axes] + (1,) * (x.ndim - channel_axes)
    keep = default_generator().random(shape) >= p
    scale = 0.0 if p == 1 else 1.0 / (1.0 - p)
    mask = Tensor._make((keep * scale).astype(x.dtype))
    mask.name = "mask"
    if inplace:
        return x.mul_(mask)
    return Dropout.apply(x, mask, p=p)


def dropout1d(input: Any, p: float = 0.5, training: bool = True,  # noqa: A002
              inplace: bool = False) -> Tensor:
    """Zero whole channels of a sequence input (N, C, L), or unbatched (C, L), each with
    probability p; the kept ones are divided by 1 - p."""
    fn = "dropout1d"
    p = check_probability(fn, p)
    x = float_input(fn, input)
    if x.ndim not in (2, 3):
        raise ShapeError(f"{fn}: expected 2D or 3D input (C, L) or (N, C, L), but received a "
                         f"{x.ndim}D input of shape {shape_str(x.shape)} (as PyTorch)")
    return _feature_dropout(fn, x, p, training, inplace, channel_axes=x.ndim - 1)


def dropout2d(input: Any, p: float = 0.5, training: bool = True,  # noqa: A002
              inplace: bool = False) -> Tensor:
    """Zero whole channels of an image input (N, C, H, W), each with probability p; the kept
    ones are divided by 1 - p. As PyTorch 2.13, a 3D input is taken as (N, C, L) (with a
    warning), and other ranks are dropped by their first two axes with a warning."""
    fn = "dropout2d"
    p = check_probability(fn, p)
    x = float_input(fn, input)
    if x.ndim not in (3, 4):
        warnings.warn(f"{fn}: Received a {x.ndim}-D input to dropout2d, which is deprecated "
                      "(as in PyTorch); use dropout instead, or a 3D or 4D input",
                      stacklevel=2)
    if x.ndim == 3:
        warnings.warn(f"{fn}: Received a 3D input to dropout2d and assuming that channel-wise "
                      "1D dropout behavior is desired - input is interpreted as shape "
                      "(N, C, L), as in PyTorch; use dropout1d for that", stacklevel=2)
    return _feature_dropout(fn, x, p, training, inplace)
