"""The checks of a classifier's input, target and class weights, shared by
cross_entropy, nll_loss and their composed twins (`composed.py`).

They turn what the user passed into what the ops need: the class axis, the
class weights as an array, the class-index target as int64 checked against
the input, and each sample's weight w_n = weight[y_n] (0 for an ignored
target). Every refusal names the function, the shapes or values, and what
would be right.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import ShapeError, shape_str
from ..ops.either import raw
from ..tensor import Tensor
from .validation import constant


def class_axis_of(fn: str, x: Tensor) -> int:
    """0 for an input (C,), 1 for (N, C, ...)."""
    if x.ndim == 0:
        raise ShapeError(
            f"{fn}: the input needs a class axis: shape (C,), (N, C) or (N, C, d1, ...), "
            "but it is a single number (shape ())"
        )
    return 0 if x.ndim == 1 else 1


def class_weights(fn: str, weight: Any, x: Tensor, class_axis: int) -> np.ndarray | None:
    """The per-class weights as a (C,) array of the input's dtype."""
    if weight is None:
        return None
    w = constant(fn, weight, "weight", x.dtype)
    num_classes = x.shape[class_axis]
    if w.shape != (num_classes,):
        raise ShapeError(
            f"{fn}: weight has shape {shape_str(w.shape)} but the input has {num_classes} "
            f"classes (shape {shape_str(x.shape)}); give one weight per class, shape "
            f"({num_classes},)"
        )
    return w


def is_probability_target(fn: str, target: Any, x: Tensor, class_axis: int) -> bool:
    """True for a float target of the input's shape; errors for other float targets."""
    dtype = target.dtype if isinstance(target, Tensor) else np.asarray(target).dtype
    if dtype.kind != "f":
        return False
    shape = np.shape(raw(target))
    samples = x.shape[:class_axis] + x.shape[class_axis + 1 :]
    if shape == x.shape:
        return True
    if shape == samples:
        raise TypeError(
            f"{fn}: the target holds floats ({dtype}) of shape {shape_str(shape)}, but class "
            "indices must be integers: use target.astype(np.int64). (Float targets are class "
            f"probabilities and must have the input's shape {shape_str(x.shape)}.)"
        )
    raise ShapeError(
        f"{fn}: a float target holds class probabilities and must have the input's shape "
        f"{shape_str(x.shape)}, but it has shape {shape_str(shape)} (for class indices, use "
        f"integers of shape {shape_str(samples)})"
    )


def index_target(fn: str, target: Any, x: Tensor, class_axis: int, ignore_index: int) -> Any:
    """The class-index target as an integer array, checked against the input."""
    y = np.asarray(raw(target))
    if y.dtype.kind not in "iu":
        raise TypeError(
            f"{fn}: class indices must be integers, got dtype {y.dtype}; use "
            "target.astype(np.int64)"
        )
    if y.dtype != np.int64:  # PyTorch's rule: int64, or uint8 for an input of 1 or 2 axes
        if y.dtype != np.uint8 or (x.ndim > 2 and x.numel()):
            allowed = "int64 (or uint8)" if x.ndim <= 2 else "int64 for an input of 3 or more axes"
            raise TypeError(
                f"{fn}: class indices must be {allowed}, as in PyTorch; got dtype {y.dtype}, "
                "use target.astype(np.int64)"
            )
        y = y.astype(np.int64)  # numpy would read uint8 indices as a mask
    samples = x.shape[:class_axis] + x.shape[class_axis + 1 :]
    if x.ndim >= 2 and (y.ndim == 0 or y.shape[0] != x.shape[0]):
        batch = "none (a single number)" if y.ndim == 0 else str(y.shape[0])
        raise ShapeError(
            f"{fn}: the input's batch size ({x.shape[0]}, shape {shape_str(x.shape)}) does not "
            f"match the target's batch size ({batch}, shape {shape_str(y.shape)}); give one "
            "target per sample"
        )
    if y.shape != samples:
        raise ShapeError(
            f"{fn}: for an input of shape {shape_str(x.shape)} the class-index target must have "
            f"shape {shape_str(samples)} (the input's shape without the class axis), got "
            f"{shape_str(y.shape)}"
        )
    num_classes = x.shape[class_axis]
    if y.size == 0 or 0 <= y.min() <= y.max() < num_classes:  # the usual case, checked fast
        return y
    bad = (y != ignore_index) & ((y < 0) | (y >= num_classes))
    if bad.any():
        raise IndexError(
            f"{fn}: target class index {y[bad].flat[0]} is out of range for {num_classes} "
            f"classes (valid: 0 to {num_classes - 1}, or ignore_index={ignore_index} to skip "
            "a target)"
        )
    return y


def check_ignore_index(fn: str, ignore_index: Any) -> int:
    """ignore_index as an int (a bool or anything else is refused)."""
    if isinstance(ignore_index, bool) or not isinstance(ignore_index, (int, np.integer)):
        raise TypeError(f"{fn}: ignore_index must be an int, got {ignore_index!r}")
    return int(ignore_index)


def index_parts(fn: str, target: Any, x: Tensor, weight: Any, ignore_index: Any) -> Any:
    """Shared by both losses for class indices: c, targets, kept mask, weights, divisor."""
    ignore_index = check_ignore_index(fn, ignore_index)
    c = class_axis_of(fn, x)
    w = class_weights(fn, weight, x, c)
    y = index_target(fn, target, x, c, ignore_index)
    safe_y, keep, w_n, divisor = target_weights(y, ignore_index, w, x.dtype)
    per_sample = np.ones(y.shape, dtype=x.dtype) if w_n is None else w_n
    return c, w, safe_y, keep, per_sample, divisor


def target_weights(
    y: np.ndarray, ignore_index: int, weight: np.ndarray | None, dtype: np.dtype
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, float]:
    """For class-index targets: (y with ignored targets set to class 0, the mask of the
    targets kept, each sample's weight w_n = weight[y_n] (1 without weights, 0 where
    ignored; None when every w_n is 1), the sum of the w_n: what 'mean' divides by)."""
    kept = y != ignore_index
    if kept.all():  # nothing ignored, the usual case: fewer passes
        if weight is None:
            return y, kept, None, float(y.size)
        w_n = weight[y]
        return y, kept, w_n, float(w_n.sum())
    y = np.where(kept, y, 0)  # a valid index where the target is ignored (its weight is 0)
    w_n = kept.astype(dtype) if weight is None else weight[y] * kept
    return y, kept, w_n, float(w_n.sum())
