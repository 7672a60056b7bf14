"""How the two operands of a binary op meet: PyTorch's dtype rules.

`x + y`, `mg.mul(x, 2.5)`, `mg.where(c, x, y)`, ... first bring both sides to
the dtype PyTorch would compute in (the rule itself, on dtypes alone, is
`minigrad.dtypes.result_type`; the table is in `minigrad/dtypes.py`), then
run the op. Learners can skip this module: it changes dtypes, never values
or gradients.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..constants import constant
from ..dtypes import float_dtype, is_python_scalar, result_type, to_array
from ..errors import DTypeError, check_operand
from ..function import Function
from ..tensor import Tensor
from .cast import Cast

_NUMBERS = (int, float)  # (not bool: True meets a float tensor as a number too, via the rule)


def promote(
    x: Any, y: Any, floats: bool = False, op: str = "binary op"
) -> tuple[Tensor, Tensor, np.dtype]:
    """Both operands of a binary op as Tensors, and the dtype PyTorch gives the result.

    The dtype follows `dtypes.result_type`: by category first (a float tensor
    with an int tensor stays float32), then by size. A Python number becomes a
    constant of that dtype. An operand of a lower category (ints meeting
    floats) or a wider 0-d tensor (float32 * a 0-d float64) is converted first,
    because numpy would promote those differently. A narrower float tensor is
    left for numpy to widen: it gives the same dtype, and the engine casts the
    gradient back to the input's dtype. With `floats=True` (true division)
    integer operands go straight to float32, each from its own dtype.
    """
    # The everyday cases first (this runs for every x + y; `_data` is the slot behind .data):
    # two tensors of one dtype, or a float tensor and a Python number (x * 0.5, 1 - p).
    if isinstance(x, Tensor):
        dtype = x._data.dtype
        if isinstance(y, Tensor):
            if dtype == y._data.dtype and (not floats or dtype.kind == "f"):
                return x, y, dtype
        elif type(y) in _NUMBERS and dtype.kind == "f":
            return x, constant(y, dtype), dtype
    elif type(x) in _NUMBERS and isinstance(y, Tensor) and y._data.dtype.kind == "f":
        return constant(x, y._data.dtype), y, y._data.dtype
    xv = x._data if isinstance(x, Tensor) else _value(x, op)
    yv = y._data if isinstance(y, Tensor) else _value(y, op)
    dtype = result_type(xv, yv)
    if floats:
        dtype = float_dtype(dtype)
    return _converted(x, xv, dtype), _converted(y, yv, dtype), dtype


def _value(v: Any, op: str) -> Any:
    """An operand that is not a Tensor: a Python number stays one; data becomes an array."""
    if is_python_scalar(v) or isinstance(v, np.generic):
        return v
    check_operand(op, v)
    return to_array(v)  # a copy: a later change of the caller's array cannot reach the graph


def _converted(t: Any, value: Any, dtype: np.dtype) -> Tensor:
    if not isinstance(t, Tensor):
        if isinstance(value, np.ndarray):
            t = Tensor._make(value)
        else:  # a number: the shared constant (float32 for a float16 result, see scalar_array)
            return constant(value.item() if isinstance(value, np.generic) else value, dtype)
    have = t._data.dtype
    if have == dtype or (have.kind == "f" and dtype.kind == "f" and have < dtype):
        return t
    if t.requires_grad:  # a 0-d float parameter narrowed to the other side's float dtype
        return Cast.apply(t, dtype=dtype)
    return Tensor._make(t._data.astype(dtype))


def common_dtype(tensors: list[Tensor]) -> list[Tensor]:
    """Tensors joined by one op (cat, stack) converted to the dtype they promote to."""
    dtype = result_type(*[t._data for t in tensors])
    return [_converted(t, t._data, dtype) for t in tensors]


def binary(op: type[Function], x: Any, y: Any, **params: Any) -> Tensor:
    """`op` applied to x and y with PyTorch's dtype rules (see `promote`)."""
    refusal = op.refusal(x, y)
    if refusal is not None:
        raise DTypeError(refusal)
    x, y, dtype = promote(x, y, floats=op.gives_floats, op=op.__name__)
    out = op.apply(x, y, **params)
    if dtype == np.float16 and out._data.dtype != dtype:
        # A number met a float16 tensor: computed in float32, rounded to float16 once.
        out = Cast.apply(out, dtype=dtype)
    return out


def is_bool(v: Any) -> bool:
    """A Python bool or a bool tensor (operands some ops refuse, as PyTorch does)."""
    return isinstance(v, bool) or (isinstance(v, Tensor) and v._data.dtype == np.bool_)
