"""alpha_dropout and feature_alpha_dropout: dropout for SELU networks, as torch.nn.functional's
(the functions behind nn.AlphaDropout and nn.FeatureAlphaDropout).

Plain dropout sets a dropped value to 0 and scales the kept ones; that changes the mean
and variance a SELU network keeps at 0 and 1. Alpha dropout instead sets a dropped value to
SELU's lowest output, -alpha' = -scale * alpha ≈ -1.7581, and then maps every value by
the affine a x + c chosen so that mean 0 and variance 1 stay so:

    kept:     z = a x + alpha' a p          a = 1 / sqrt((alpha'^2 p + 1) (1 - p))
    dropped:  z = alpha' a p - alpha' a     (a constant)

So z = x * mask + shift, with mask = a where kept, 0 where dropped: the op is
functional.dropout's `Dropout` (dz/dx = mask) plus a constant. As there, the keep/drop
draws come from the generator `mg.manual_seed` seeds (they differ from PyTorch's),
nothing changes with training=False (the default, as in PyTorch), p = 0 or an empty
input, and p = 1 gives zeros. feature_alpha_dropout drops whole channels: the mask is
(N, C, 1, ...) and broadcasts over each channel's values.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..creation import default_generator
from ..errors import ShapeError, shape_str
from ..tensor import Tensor
from .dropout import Dropout, check_probability
from .validation import float_input

ALPHA_PRIME = 1.7580993408473766  # SELU's scale * alpha: -ALPHA_PRIME is SELU's lowest value


def _alpha_dropout(fn: str, input: Any, p: Any, training: bool, inplace: bool,  # noqa: A002
                   feature: bool) -> Tensor:
    p = check_probability(fn, p)
    x = float_input(fn, input)
    if not training or p == 0 or x.numel() == 0:
        return x
    if p == 1:  # everything dropped: zeros, as PyTorch (not the dropped value), any shape
        mask = Tensor._make(np.zeros(x.shape, dtype=x.dtype))
        mask.name = "mask"
        return x.mul_(mask) if inplace else Dropout.apply(x, mask, p=p)
    if feature and x.ndim < 2:
        raise ShapeError(f"{fn}: feature dropout requires at least 2 dimensions in the input "
                         f"(N, C, ...), got shape {shape_str(x.shape)}")
    shape = x.shape[:2] + (1,) * (x.ndim - 2) if feature else x.shape
    keep = default_generator().random(shape) >= p
    a = 1.0 / math.sqrt((ALPHA_PRIME * ALPHA_PRIME * p + 1) * (1 - p))
    mask = Tensor._make((keep * a).astype(x.dtype))
    mask.name = "mask"
    # PyTorch's b = (noise - 1) * alpha' a + alpha' a p, in the input's dtype
    shift = ((keep.astype(x.dtype) - 1) * np.asarray(ALPHA_PRIME * a, dtype=x.dtype)
             + np.asarray(ALPHA_PRIME * a * p, dtype=x.dtype))
    if inplace:
        return x.mul_(mask).add_(shift)
    return Dropout.apply(x, mask, p=p) + shift


def alpha_dropout(input: Any, p: float = 0.5, training: bool = False,  # noqa: A002
                  inplace: bool = False) -> Tensor:
    """While training, set each value with probability p to SELU's lowest value and rescale
    so that mean 0 and variance 1 are kept. Note training=False by default, as in PyTorch."""
    return _alpha_dropout("alpha_dropout", input, p, training, inplace, feature=False)


def feature_alpha_dropout(input: Any, p: float = 0.5, training: bool = False,  # noqa: A002
                          inplace: bool = False) -> Tensor:
    """alpha_dropout of whole channels of an input (N, C, ...): each of the N * C channels is
    kept or dropped as a whole. training=False by default, as in PyTorch."""
    return _alpha_dropout("feature_alpha_dropout", input, p, training, inplace, feature=True)
