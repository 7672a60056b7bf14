"""The tensors behind Python numbers in expressions: one per value and dtype.

`x * 0.5` or `y + 1` needs the number as a 0-d tensor of x's dtype. The same
few numbers recur in every training step, so each is made once and shared,
its data read-only, by every graph that uses it: one object fewer per op for
the garbage collector to track. Pictures draw a shared constant once per use,
as it was written (see `minigrad.viz.graph`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .dtypes import scalar_array
from .tensor import Tensor

_CONSTANTS: dict[tuple[Any, ...], Tensor] = {}
_SHARED: dict[int, Tensor] = {}  # id -> tensor, for the same tensors


def constant(value: bool | int | float, dtype: np.dtype) -> Tensor:
    """Tensor(scalar_array(value, dtype)), cached (not 0.0 and NaN: -0.0 == 0.0, NaN != NaN)."""
    key = (type(value), value, dtype)
    tensor = _CONSTANTS.get(key)
    if tensor is None:
        array = scalar_array(value, dtype)
        tensor = Tensor._make(array)
        if value and value == value:
            if len(_CONSTANTS) >= 1024:  # a loop over many distinct constants
                _CONSTANTS.clear()
                _SHARED.clear()
            array.flags.writeable = False
            _CONSTANTS[key] = tensor
            _SHARED[id(tensor)] = tensor
    return tensor


def is_shared_constant(t: Tensor) -> bool:
    """True for the cached tensor of a Python number, shared by every op that uses it."""
    return _SHARED.get(id(t)) is t
