"""What an op's function does with its arguments before the op runs.

`mg.exp(x)`, `mg.sum(x, dim=1)`, `x.reshape(...)` accept what PyTorch and
numpy users pass: Tensors, numbers and lists, an axis as an int or a tuple,
negative axes, PyTorch's `dim=`/`keepdim=` or numpy's `axis=`/`keepdims=`.
The helpers here turn those into what a forward expects: Tensors of the
right dtype, and a sorted tuple of non-negative axes.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..dtypes import default_float, to_array
from ..errors import ShapeError
from ..tensor import Tensor


def as_tensor(value: Any) -> Tensor:
    """A Tensor for any operand: Tensors pass through, everything else is converted
    as mg.tensor would (Python ints stay int64)."""
    return value if isinstance(value, Tensor) else Tensor._make(to_array(value))


def not_a_number(op: str, name: str, value: Any) -> Tensor:
    """`value` as a Tensor, refusing a bare Python or numpy number, as PyTorch does for
    the arguments of atan2 and the logical functions (lists and arrays are converted)."""
    if isinstance(value, (bool, int, float, np.generic)):
        raise TypeError(f"{op}: {name} must be a tensor, got {type(value).__name__} "
                        f"{value!r}; as in PyTorch, wrap a number: mg.tensor({value!r})")
    return as_tensor(value)


def as_float(value: Any) -> Tensor:
    """A Tensor for an op whose values are real numbers (exp, log, sqrt, sigmoid, ...):
    integer and bool tensors become float32, as in PyTorch (numpy would give float64)."""
    t = as_tensor(value)
    if t._data.dtype.kind != "f":
        t = Tensor._make(t._data.astype(default_float()))
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
    return _aliases(op, axis, keepdims, names, "dim", "keepdim")


def numpy_aliases(op: str, dim: Any, keepdim: bool, names: dict[str, Any]) -> tuple[Any, bool]:
    """The other way round, for functions whose own parameters have PyTorch's names:
    accept numpy's `axis` and `keepdims` as well."""
    return _aliases(op, dim, keepdim, names, "axis", "keepdims")


def _aliases(op: str, axis: Any, keepdims: bool, names: dict[str, Any], axis_name: str,
             keepdims_name: str) -> tuple[Any, bool]:
    if axis_name in names:
        axis = names.pop(axis_name)
    if keepdims_name in names:
        keepdims = names.pop(keepdims_name)
    if names:
        raise TypeError(f"{op}: unexpected argument(s) {', '.join(sorted(names))}")
    return axis, bool(keepdims)
