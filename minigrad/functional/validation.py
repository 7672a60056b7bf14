"""Argument checks shared by the functional ops.

Each check either returns the argument in the form the op needs (a Tensor of
the right dtype, a constant array) or raises an error that names the
function, shows the offending shape or value, and says what would be right.
Nothing the caller passed is modified: arrays are converted, never written.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import DTypeError, ShapeError, shape_str
from ..ops.common import as_tensor, raw
from ..tensor import Tensor


def float_input(fn: str, value: Any, what: str = "input") -> Tensor:
    """`value` as a Tensor holding floats (lists become float32, arrays keep their dtype)."""
    tensor = as_tensor(value)
    if tensor.data.dtype.kind != "f":
        raise DTypeError(
            f"{fn}: the {what} must hold floating-point numbers, got dtype {tensor.dtype}; "
            "convert it first, e.g. x.astype(np.float32)"
        )
    return tensor


def float_target(fn: str, target: Any, input: Tensor, what: str = "target") -> Tensor:
    """`target` as a Tensor of the input's shape and dtype (a target may require grad).

    Shapes must match exactly: a loss that silently broadcast a (N,) target
    against a (N, 1) input would compare every sample with every other.
    """
    tensor = as_tensor(target)
    if tensor.data.shape != input.data.shape:
        raise ShapeError(
            f"{fn}: the {what} has shape {shape_str(tensor.shape)} but the input has shape "
            f"{shape_str(input.shape)}; they must be the same (reshape one of them; "
            "losses do not broadcast)"
        )
    if tensor.data.dtype != input.data.dtype:
        tensor = tensor.astype(input.dtype)
    return tensor


def constant(fn: str, value: Any, what: str, dtype: np.dtype) -> np.ndarray:
    """A weight-like argument as a constant array of `dtype` (a new array, never the caller's)."""
    if isinstance(value, Tensor) and value.requires_grad:
        raise ValueError(
            f"{fn}: {what} is used as a constant and gets no gradient, but this tensor requires "
            f"grad; pass {what}.detach() to make that explicit"
        )
    array = np.asarray(raw(value))
    if array.dtype.kind not in "fiub":
        raise DTypeError(f"{fn}: {what} must hold numbers, got dtype {array.dtype}")
    return array.astype(dtype)


def broadcast_constant(
    fn: str, value: Any, what: str, input: Tensor
) -> np.ndarray | None:
    """A weight that multiplies the per-element loss: broadcastable to the input's shape."""
    if value is None:
        return None
    array = constant(fn, value, what, input.dtype)
    try:
        fits = np.broadcast_shapes(array.shape, input.shape) == input.shape
    except ValueError:
        fits = False
    if not fits:
        raise ShapeError(
            f"{fn}: {what} of shape {shape_str(array.shape)} cannot be broadcast to the "
            f"input's shape {shape_str(input.shape)}; compared from the right, each size must "
            "equal the input's or be 1"
        )
    return array


def check_probabilities(fn: str, array: np.ndarray, what: str, hint: str = "") -> None:
    """Raise a ValueError unless every value lies in [0, 1] (NaN included in the check)."""
    outside = ~((array >= 0) & (array <= 1))
    if outside.any():
        where = tuple(int(i) for i in np.argwhere(outside)[0])
        value = array[where]
        index = f"[{', '.join(map(str, where))}]" if where else ""
        raise ValueError(
            f"{fn}: every element of the {what} must be a probability in [0, 1], but "
            f"{what}{index} = {value}{hint}"
        )
