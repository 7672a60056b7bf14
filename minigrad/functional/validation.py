"""Argument checks shared by the functional ops.

Each check either returns the argument in the form the op needs (a Tensor of
the right dtype, a constant array) or raises an error that names the
function, shows the offending shape or value, and says what would be right.
Nothing the caller passed is modified: arrays are converted, never written.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from ..dtypes import promote_types
from ..errors import DTypeError, ShapeError, broadcasts_to, shape_str
from ..ops.arguments import as_tensor
from ..ops.either import raw
from ..tensor import Tensor

F = TypeVar("F", bound=Callable[..., Any])


def promoted_floats(
    *match: tuple[str, int], when: Callable[[Any], bool] | None = None
) -> Callable[[F], F]:
    """Bring the input and target of a loss (or softmax) to one dtype, as PyTorch does.

    The dtype is their promotion (a float32 input with a float64 target gives
    float64). float16 is a storage format: the loss is computed in float32 and
    its result rounded to float16 once, as PyTorch's CPU kernels do, because a
    mean of many float16 losses summed in float16 would overflow to inf (65504
    is float16's largest number) long before the division brings it back. The
    casts are ordinary differentiable ops: each input's gradient comes back in
    its own dtype. Weights are constants: they take the computing dtype inside.

    `match` names arguments, as (name, position), that PyTorch requires to have
    exactly the input's dtype (it raises otherwise, and so does minigrad);
    `when(target)` says for which targets it does (cross-entropy: index targets).
    """

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if match:
                target = kwargs["target"] if "target" in kwargs else (args[1:2] or [None])[0]
                if when is None or when(target):
                    _check_same_dtype(function.__name__, args, kwargs, match)
            if len(args) >= 2 and _same_float_dtype(args[0], args[1]):
                return function(*args, **kwargs)  # the everyday case: one dtype, not float16
            named = {k: kwargs[k] for k in ("input", "target") if k in kwargs}
            floats = [a._data.dtype for a in (*args[:2], *named.values())
                      if isinstance(a, Tensor) and a._data.dtype.kind == "f"]
            if not floats or all(d == floats[0] for d in floats) and floats[0] != np.float16:
                return function(*args, **kwargs)
            dtype = functools.reduce(promote_types, floats)
            compute = np.dtype(np.float32) if dtype == np.float16 else dtype

            def to_compute(value: Any) -> Any:
                if isinstance(value, Tensor) and value._data.dtype.kind == "f":
                    return value.astype(compute)
                return value

            args = (*map(to_compute, args[:2]), *args[2:])
            out = function(*args, **{**kwargs, **{k: to_compute(v) for k, v in named.items()}})
            return out.astype(dtype)

        return wrapper  # type: ignore[return-value]

    return decorate


def _same_float_dtype(x: Any, y: Any) -> bool:
    """Two tensors of one float dtype other than float16 (no cast needed)."""
    if not (isinstance(x, Tensor) and isinstance(y, Tensor)):
        return False
    dtype = x._data.dtype  # the slot behind .data: this runs for every loss
    return dtype == y._data.dtype and dtype.kind == "f" and dtype != np.float16


def _check_same_dtype(
    fn: str, args: tuple[Any, ...], kwargs: dict[str, Any], match: tuple[tuple[str, int], ...]
) -> None:
    x = kwargs.get("input", args[0] if args else None)
    if not isinstance(x, Tensor):
        return
    for name, position in match:
        other = kwargs.get(name, args[position] if len(args) > position else None)
        if isinstance(other, Tensor) and other._data.dtype != x._data.dtype:
            raise DTypeError(
                f"{fn}: the {name} has dtype {other._data.dtype} but the input has "
                f"{x._data.dtype}; they must be the same (PyTorch requires it too): convert "
                f"the {name}, e.g. {name}.astype(input.dtype)"
            )


def float_input(fn: str, value: Any, what: str = "input") -> Tensor:
    """`value` as a Tensor holding floats (lists become float32, arrays keep their dtype)."""
    tensor = as_tensor(value)
    if tensor._data.dtype.kind != "f":
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
    if tensor._data.shape != input._data.shape:
        raise ShapeError(
            f"{fn}: the {what} has shape {shape_str(tensor.shape)} but the input has shape "
            f"{shape_str(input.shape)}; they must be the same (reshape one of them; "
            "losses do not broadcast)"
        )
    if tensor._data.dtype != input._data.dtype:
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
    if not broadcasts_to(array.shape, input.shape):
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
