"""What the ops share: the un-broadcast rule, axis handling, and the few
free functions a backward formula needs.

Backward formulas are written once and run on two kinds of values: numpy
arrays (the usual case) and Tensors (when `create_graph=True` records the
backward pass). Operators and ndarray-style methods work on both; the
functions here pick numpy or the minigrad op by the kind of value they get.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..dtypes import DEFAULT_FLOAT, to_array
from ..errors import ShapeError, shape_str
from ..tensor import Tensor


def broadcast_to(value: Any, shape: tuple[int, ...]) -> Any:
    """`value` repeated to `shape` (numpy's broadcast_to, or the BroadcastTo op)."""
    if isinstance(value, Tensor):
        from .shape import broadcast_to as op

        return op(value, shape)
    # A real array, not np.broadcast_to's read-only view: that call alone costs
    # more than a small op, and the gradient often ends up in a .grad anyway.
    out = np.empty(shape, dtype=value.dtype)
    out[...] = value
    return out


def log(value: Any) -> Any:
    """Natural log of an array or a Tensor."""
    if isinstance(value, Tensor):
        from .elementwise import log as op

        return op(value)
    return np.log(value)


def exp(value: Any) -> Any:
    """e ** value for an array or a Tensor."""
    if isinstance(value, Tensor):
        from .elementwise import exp as op

        return op(value)
    return np.exp(value)


def where(condition: np.ndarray, x: Any, y: Any) -> Any:
    """x where `condition` (a bool array) holds, else y: numpy's where, or the Where op."""
    if isinstance(x, Tensor) or isinstance(y, Tensor):
        from .elementwise import where as op

        return op(condition, x, y)
    return np.where(condition, x, y)


def raw(value: Any) -> np.ndarray:
    """The array behind a Tensor, or the array itself: for masks and other constants."""
    return value.data if isinstance(value, Tensor) else np.asarray(value)


def as_tensor(value: Any) -> Tensor:
    """A Tensor for any operand: Tensors pass through, everything else is converted
    as mg.tensor would (Python ints stay int64)."""
    return value if isinstance(value, Tensor) else Tensor._make(to_array(value))


def as_float(value: Any) -> Tensor:
    """A Tensor for an op whose values are real numbers (exp, log, sqrt, sigmoid, ...):
    integer and bool tensors become float32, as in PyTorch (numpy would give float64)."""
    t = as_tensor(value)
    if t.data.dtype.kind != "f":
        t = Tensor._make(t.data.astype(DEFAULT_FLOAT))
    return t


def normalize_axis(axis: Any, ndim: int, op: str) -> tuple[int, ...]:
    """`axis` (None, an int or a tuple of ints) as a sorted tuple of non-negative axes."""
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, (int, np.integer)):
        axes: tuple[Any, ...] = (axis,)
    elif isinstance(axis, (tuple, list)):
        axes = tuple(axis)
    else:
        raise TypeError(f"{op}: axis must be an int or a tuple of ints, got {axis!r}")
    result = []
    for a in axes:
        if ndim == 0 and a in (0, -1):  # PyTorch lets a 0-d tensor be reduced over axis 0
            continue
        if not isinstance(a, (int, np.integer)) or isinstance(a, bool):
            raise TypeError(f"{op}: axis must be an int or a tuple of ints, got {axis!r}")
        if not -ndim <= a < ndim:
            raise ShapeError(
                f"{op}: axis {a} is out of range for a tensor with {ndim} axes "
                f"(valid: {-ndim} to {ndim - 1})"
                if ndim
                else f"{op}: axis {a} is out of range for a 0-d tensor (use axis=None)"
            )
        result.append(int(a) % ndim)
    if len(set(result)) != len(result):
        raise ShapeError(f"{op}: axis {axis!r} repeats an axis")
    return tuple(sorted(result))


def torch_aliases(op: str, axis: Any, keepdims: bool, names: dict[str, Any]) -> tuple[Any, bool]:
    """Accept PyTorch's `dim` and `keepdim` as well as numpy's `axis` and `keepdims`."""
    if "dim" in names:
        axis = names.pop("dim")
    if "keepdim" in names:
        keepdims = names.pop("keepdim")
    if names:
        raise TypeError(f"{op}: unexpected argument(s) {', '.join(sorted(names))}")
    return axis, bool(keepdims)


def broadcast_error(op: str, a: Tensor, b: Tensor) -> ShapeError:
    """The message for two shapes that do not broadcast."""
    return ShapeError(
        f"{op}: shapes {shape_str(a.shape)} and {shape_str(b.shape)} cannot be broadcast "
        "together: compared from the right, each pair of sizes must be equal or one of "
        "them must be 1"
    )
