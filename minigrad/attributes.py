"""What may be assigned to a tensor's `.data` and `.grad`, checked as PyTorch does.

Both are plain attributes in spirit, but a wrong value stored there only fails
later, far from the mistake (a Tensor inside `.data` breaks `print(w)`; a float
in `.grad` breaks the next `backward()`). So the Tensor's properties call these
checks when they are assigned; the engine and the ops set the private slots
directly, with values that are right by construction.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .dtypes import check_supported, is_floating
from .errors import DTypeError, ShapeError, shape_str


def checked_data(tensor: Any, value: Any) -> np.ndarray:
    """The array to store for `tensor.data = value`.

    A Tensor gives its array (PyTorch users write `w.data = w.data - lr * w.grad`,
    whose right side is a Tensor here); an array must hold real numbers, and
    floats while the tensor requires grad. Shape and dtype may change, as in PyTorch.
    """
    from .tensor import Tensor  # here, not at the top: tensor.py imports this module

    if isinstance(value, Tensor):
        value = value._data
    elif isinstance(value, np.generic):  # what numpy arithmetic on 0-d arrays returns
        value = np.asarray(value)
    elif not isinstance(value, np.ndarray):
        raise TypeError(
            f"t.data = ...: expected a numpy array or a Tensor, got {type(value).__name__}; "
            "wrap Python data first (t.data = np.asarray(values, dtype=t.dtype)), or "
            "change the values in place (t.data[...] = value)"
        )
    check_supported(value, "t.data = ...")
    if tensor.requires_grad and not is_floating(value.dtype):
        raise DTypeError(
            f"t.data = ...: this tensor requires grad, so its data must stay floating, "
            f"but the new array has dtype {value.dtype}; convert it first "
            "(value.astype(t.dtype)) or call t.requires_grad_(False) before"
        )
    return value


def checked_grad(tensor: Any, value: Any) -> Any:
    """The value to store for `tensor.grad = value`: None, or a Tensor of its shape and dtype."""
    if value is None:  # before the import below: `p.grad = None` runs on every step
        return None
    from .tensor import Tensor

    if not isinstance(value, Tensor):
        raise TypeError(
            f"t.grad = ...: expected a Tensor or None, got {type(value).__name__}; "
            "to forget the gradient write t.grad = None, to zero it t.grad.zero_()"
        )
    data = tensor._data
    if value.shape != data.shape:
        raise ShapeError(
            f"t.grad = ...: a gradient of shape {shape_str(value.shape)} for a tensor "
            f"of shape {shape_str(data.shape)}; they must be the same"
        )
    if value.dtype != data.dtype:
        raise DTypeError(
            f"t.grad = ...: a gradient of dtype {value.dtype} for a tensor of dtype "
            f"{data.dtype}; they must be the same (convert with .astype(t.dtype))"
        )
    return value
