"""How Python and numpy values become the arrays inside tensors.

The rules are PyTorch's, so code carries over:

* Python floats (and lists of them) become float32; Python ints become int64;
  Python bools become bool.
* numpy arrays and numpy scalars keep their dtype.
* A Python number combined with a tensor takes the tensor's dtype when the
  tensor is floating (``x32 * 2.5`` stays float32), so a constant never
  silently upcasts a float32 computation to float64.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .errors import DTypeError

DEFAULT_FLOAT = np.dtype(np.float32)
_PY_SCALARS = (bool, int, float)


def is_floating(dtype: np.dtype) -> bool:
    """True for the floating dtypes (the only ones that can carry gradients)."""
    return dtype.kind == "f"


def check_supported(array: np.ndarray, where: str) -> np.ndarray:
    """Reject dtypes minigrad cannot compute with (strings, objects, complex)."""
    if array.dtype.kind not in "fiub":
        raise DTypeError(
            f"{where}: cannot hold dtype {array.dtype} (from {type(array).__name__}); "
            "minigrad tensors hold real numbers: floats, integers or bools"
        )
    return array


def to_array(value: Any, dtype: Any = None, copy: bool = True) -> np.ndarray:
    """Convert user data to an ndarray following the rules above.

    Arrays are copied by default, so that later in-place operations on the
    tensor never change the caller's array.
    """
    if dtype is not None:
        array = np.array(value, dtype=dtype, copy=copy) if copy else np.asarray(value, dtype)
    elif isinstance(value, (np.ndarray, np.generic)):
        array = np.array(value, copy=copy) if copy else np.asarray(value)
    else:
        try:
            array = np.asarray(value)
        except (ValueError, TypeError) as error:
            raise DTypeError(
                f"Tensor: cannot make an array from {type(value).__name__}: {error}"
            ) from None
        if array.dtype == np.float64:
            array = array.astype(DEFAULT_FLOAT)
        elif array.dtype.kind == "i" and array.dtype != np.int64:
            array = array.astype(np.int64)
    return check_supported(array, "Tensor")


def scalar_array(value: bool | int | float, like: np.dtype) -> np.ndarray:
    """A Python number as a 0-d array that combines with dtype `like` as PyTorch would.

    float tensor op number -> the tensor's dtype; int tensor op int -> int;
    int tensor op float -> float32; bool tensor op int -> int64.
    """
    if like.kind == "f":
        return np.asarray(value, dtype=like)
    if isinstance(value, bool):
        return np.asarray(value, dtype=like if like.kind == "b" else like)
    if isinstance(value, int):
        return np.asarray(value, dtype=like if like.kind in "iu" else np.int64)
    if isinstance(value, float):
        return np.asarray(value, dtype=DEFAULT_FLOAT)
    raise DTypeError(f"expected a Python number, got {type(value).__name__}")


def is_python_scalar(value: Any) -> bool:
    """True for bool, int and float (the values `scalar_array` accepts)."""
    return isinstance(value, _PY_SCALARS)
