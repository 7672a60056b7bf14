"""The three reductions every loss offers: 'none', 'mean' and 'sum'.

A loss first computes one value per element (or per sample); the reduction
then returns them as they are ('none'), adds them up ('sum') or divides the
sum by a count ('mean'). For most losses the count is the number of values;
for weighted cross-entropy it is the total weight of the counted targets, as
PyTorch defines it. The fused ops do the reduction inside their forward and
undo it in their backward with `spread`.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ..errors import user_stacklevel
from ..tensor import Tensor

REDUCTIONS = ("none", "mean", "sum")


def check_reduction(fn: str, reduction: Any, allowed: tuple[str, ...] = REDUCTIONS) -> str:
    """Return `reduction` if it is one of `allowed`, else raise a ValueError that lists them."""
    if not isinstance(reduction, str) or reduction not in allowed:
        choices = ", ".join(repr(r) for r in allowed)
        raise ValueError(
            f"{fn}: reduction={reduction!r} is not a valid value; use one of {choices}"
        )
    return reduction


def mean_scale(fn: str, divisor: float, dtype: np.dtype) -> np.ndarray:
    """1 / divisor as a 0-d array of `dtype`, for the 'mean' reduction.

    A divisor of 0 (every target ignored, or an empty batch) makes the mean
    0 / 0. PyTorch returns NaN there; so do we, but say so with a warning
    rather than silently. The scale is then 0, so that the *gradient* is 0,
    not NaN, and one empty batch cannot poison the weights.
    """
    if divisor == 0:
        warnings.warn(
            f"{fn}: reduction='mean' over zero total weight (every target is ignore_index, "
            "every weight is 0, or the batch is empty) is 0/0: the loss is nan, as in "
            "PyTorch, and its gradient is 0. Use reduction='sum' to get 0.",
            RuntimeWarning,
            stacklevel=user_stacklevel(),
        )
        return np.zeros((), dtype=dtype)
    return np.asarray(1.0 / divisor, dtype=dtype)


def reduce_array(loss: np.ndarray, reduction: str, scale: np.ndarray, empty: bool) -> np.ndarray:
    """Forward of a reduction on the per-element losses; `scale` = 1 / divisor for 'mean'.

    `empty` marks a mean over zero weight, which is NaN (see `mean_scale`).
    """
    if reduction == "none":
        return loss
    total = np.add.reduce(loss, axis=None)  # loss.sum(), minus a Python-level wrapper
    if reduction == "sum":
        return total
    return np.full((), np.nan, dtype=loss.dtype) if empty else total * scale


def spread(g: Any, reduction: str, shape: tuple[int, ...], scale: np.ndarray) -> Any:
    """Backward of a reduction: the gradient for each per-element loss.

    'none' passes g through (reshaped to `shape`, which may have size-1 axes
    that broadcast); 'sum' gives every element the same g; 'mean' gives every
    element g / divisor. The result broadcasts against `shape`.
    """
    if reduction == "none":
        return g.reshape(shape)
    g = g.reshape((1,) * len(shape))
    return g * scale if reduction == "mean" else g


def reduce_tensor(fn: str, loss: Tensor, reduction: str, divisor: float | None = None) -> Tensor:
    """A reduction for the losses composed from primitive ops (their gradients come for free).

    `divisor` replaces the number of elements for 'mean' (weighted cross-entropy).
    """
    if reduction == "none":
        return loss
    total = loss.sum()
    if reduction == "sum":
        return total
    if divisor is None:
        divisor = loss.numel()
    scale = mean_scale(fn, divisor, loss.dtype)
    if divisor == 0:
        # total * 0 keeps the graph (gradient 0); adding NaN gives PyTorch's value.
        return total * scale + np.asarray(np.nan, dtype=loss.dtype)
    return total * scale
