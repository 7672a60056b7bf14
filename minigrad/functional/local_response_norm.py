"""local_response_norm: each value divided by the activity of its neighbouring channels, as
torch.nn.functional's (the function behind nn.LocalResponseNorm; AlexNet's normalisation).

    F.local_response_norm(x, size=5)   # x (N, C, *)

    b_c = x_c / (k + alpha / size * sum of x_c'^2 over the `size` channels around c)^beta

The window over channels is c - size // 2 to c + (size - 1) // 2, with zeros beyond the
first and last channel (and the sum always divided by `size`), as PyTorch pads and
average-pools. Composed from ops minigrad has (pad, slices, pow, division), so the
gradient is theirs: a value's own channel and its neighbours' both contribute.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import ShapeError, shape_str
from ..ops.rearrange import pad
from ..tensor import Tensor
from .margin_losses import number
from .validation import float_input


def local_response_norm(input: Any, size: int, alpha: float = 1e-4,  # noqa: A002
                        beta: float = 0.75, k: float = 1.0) -> Tensor:
    """x / (k + alpha * mean of x^2 over `size` neighbouring channels)^beta, for x of shape
    (N, C, *) with at least 3 axes."""
    fn = "local_response_norm"
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)):
        raise TypeError(f"{fn}: size must be an int (the number of channels to sum over), got "
                        f"{size!r}")
    if size <= 0:
        raise ValueError(f"{fn}: size must be positive, got {size}")
    alpha, beta, k = number(fn, "alpha", alpha), number(fn, "beta", beta), number(fn, "k", k)
    x = float_input(fn, input)
    if x.ndim < 3:
        raise ShapeError(f"{fn}: expected 3D or higher dimensionality input (N, C, *), got "
                         f"shape {shape_str(x.shape)}")
    if x.numel() == 0:
        return x
    channels = x.shape[1]
    squares = pad(x * x, (0, 0) * (x.ndim - 2) + (size // 2, (size - 1) // 2))
    window = squares[:, 0:channels]
    for s in range(1, size):
        window = window + squares[:, s:s + channels]
    dtype = x.dtype
    mean = window / np.asarray(size, dtype=dtype)
    div = (mean * np.asarray(alpha, dtype=dtype) + np.asarray(k, dtype=dtype)) ** \
        np.asarray(beta, dtype=dtype)
    return x / div
