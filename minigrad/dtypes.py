"""How Python and numpy values become the arrays inside tensors.

The rules are PyTorch's, so code carries over:

* Python floats (and lists of them) become float32; Python ints become int64;
  Python bools become bool.
* numpy arrays and numpy scalars keep their dtype.
* Two operands meet by PyTorch's promotion rules (`result_type`): first by
  category (bool < integer < floating), and only then by size, where a
  dimensioned tensor outranks a 0-d tensor, which outranks a Python number.
  So ``x32 * 2.5`` and ``x32 + int_tensor`` stay float32, ``int_tensor * 0.5``
  is float32 (the default float), and a constant never silently upcasts a
  float32 computation to float64.

The table (PyTorch's, and minigrad's):

| operands                                   | result            |
| ------------------------------------------ | ----------------- |
| float32 tensor with float64 tensor         | float64           |
| float32 tensor with int64 tensor           | float32           |
| float32 tensor with Python int or float    | float32           |
| float16 tensor with Python float           | float16 (computed in float32, rounded once) |
| int64 tensor with Python float             | float32           |
| int32 tensor with Python int               | int32             |
| bool tensor with Python int                | int64             |
| float32 tensor with 0-d float64 tensor     | float32           |
| int64 tensor with 0-d float64 tensor       | float64           |
| int tensor: exp, log, sqrt, sigmoid, tanh, / | float32         |
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .errors import DTypeError

_PY_SCALARS = (bool, int, float)

# PyTorch's default dtype: the dtype of Python floats, of float results from integers, and of
# new float tensors (mg.zeros, mg.rand, nn.Linear, ...). float32 unless set_default_dtype
# says otherwise; one setting for every thread, as in PyTorch.
_DEFAULT = {"float": np.dtype(np.float32)}


def default_float() -> np.dtype:
    """The default float dtype (float32 unless set_default_dtype changed it)."""
    return _DEFAULT["float"]


def get_default_dtype() -> np.dtype:
    """torch.get_default_dtype: the dtype of new float tensors (mg.float32 at first)."""
    return _DEFAULT["float"]


def set_default_dtype(dtype: Any) -> None:
    """torch.set_default_dtype: make `dtype` (float16, float32 or float64) the dtype of
    Python floats and of new float tensors from now on, in every thread:

        mg.set_default_dtype(mg.float64)   # e.g. for gradient checks in double precision
        mg.tensor(1.5).dtype               # float64
    """
    try:
        chosen = np.dtype(dtype)
    except TypeError:
        chosen = None
    if chosen is None or chosen.kind != "f":
        raise TypeError(f"set_default_dtype: only floating-point dtypes can be the default "
                        f"(float16, float32, float64), got {dtype!r}, as in PyTorch")
    _DEFAULT["float"] = chosen


def _number_dtype(kind: type) -> np.dtype:
    """The dtype a Python number has when it decides a result's dtype (PyTorch's defaults)."""
    if kind is float:
        return default_float()
    return np.dtype(np.bool_) if kind is bool else np.dtype(np.int64)


def is_floating(dtype: np.dtype) -> bool:
    """True for the floating dtypes (the only ones that can carry gradients)."""
    return dtype.kind == "f"


def category(dtype: np.dtype) -> int:
    """0 for bool, 1 for the integers, 2 for the floats: promotion looks at this first."""
    return 2 if dtype.kind == "f" else 0 if dtype.kind == "b" else 1


def promote_types(a: np.dtype, b: np.dtype) -> np.dtype:
    """The smallest dtype that holds both, PyTorch's way: a float beats any integer
    (int64 with float32 is float32; numpy would say float64), otherwise numpy's rule."""
    if a == b:
        return a
    if category(a) != category(b):
        return a if category(a) > category(b) else b
    return np.promote_types(a, b)


def _promote_all(dtypes: list[np.dtype]) -> np.dtype | None:
    result = None
    for d in dtypes:
        result = d if result is None else promote_types(result, d)
    return result


def _combine(higher: np.dtype | None, lower: np.dtype | None) -> np.dtype | None:
    """A lower-ranked group of operands changes the result only by being of a higher
    category: float32 tensor * 0-d float64 tensor is float32, int tensor * 0.5 is float32."""
    if higher is None:
        return lower
    if lower is None or category(lower) <= category(higher):
        return higher
    return promote_types(higher, lower)


def result_type(*operands: Any) -> np.dtype:
    """The dtype PyTorch computes `a op b` in; operands are arrays or Python numbers.

    Three ranks: arrays with at least one axis, 0-d arrays, Python (and numpy)
    numbers. Within a rank, dtypes promote (`promote_types`); a lower rank
    matters only when its category is higher.
    """
    dims, zero_d, numbers = [], [], []
    for v in operands:
        if isinstance(v, np.ndarray):
            (dims if v.ndim else zero_d).append(v.dtype)
        elif isinstance(v, np.generic):
            numbers.append(_number_dtype(type(v.item())))
        else:
            numbers.append(_number_dtype(type(v)))
    return _combine(_promote_all(dims), _combine(_promote_all(zero_d), _promote_all(numbers)))


def float_dtype(dtype: np.dtype) -> np.dtype:
    """The dtype a float-valued op (exp, log, /, ...) gives: floats keep theirs, the
    rest get the default float (float32; PyTorch's rule; numpy would give float64)."""
    return dtype if dtype.kind == "f" else default_float()


def accumulate_dtype(dtype: np.dtype) -> np.dtype:
    """float16 sums are accumulated in float32 and rounded once (as PyTorch's CPU kernels
    do), so a mean of float16 values cannot overflow on the way."""
    return np.dtype(np.float32) if dtype == np.float16 else dtype


def check_supported(array: np.ndarray, where: str) -> np.ndarray:
    """Reject dtypes minigrad cannot compute with (strings, objects, complex)."""
    if array.dtype.kind not in "fiub":
        raise DTypeError(
            f"{where}: cannot hold dtype {array.dtype} (from {type(array).__name__}); "
            "minigrad tensors hold real numbers: floats, integers or bools"
        )
    return array


def to_array(value: Any, dtype: Any = None, copy: bool = True, infer: bool = True) -> np.ndarray:
    """Convert user data to an ndarray following the rules above.

    Arrays are copied by default, so that later in-place operations on the
    tensor never change the caller's array. With `infer=False` Python data
    (numbers, lists) becomes float32 whatever it holds: that is the Tensor
    class called directly, `Tensor([0, 1])`, as `torch.Tensor([0, 1])`;
    `mg.tensor([0, 1])` infers int64, as `torch.tensor`.
    """
    if dtype is not None and not isinstance(value, (np.ndarray, np.generic)) and (
        np.dtype(dtype).kind in "iu"
    ):
        array = _wrapped(value, np.dtype(dtype))  # mg.tensor([-3], dtype=uint8) is 253
    elif dtype is not None:
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
        if array.dtype == np.float64 or (not infer and array.dtype.kind in "iub"):
            array = array.astype(default_float())
        elif array.dtype.kind == "i" and array.dtype != np.int64:
            array = array.astype(np.int64)
    return check_supported(array, "Tensor")


def scalar_array(value: bool | int | float, like: np.dtype) -> np.ndarray:
    """A Python number as a 0-d array for an op whose result has dtype `like`.

    float tensor op number -> the tensor's dtype; int tensor op int -> int;
    int tensor op float -> float32; bool tensor op int -> int64. A number
    meeting float16 stays float32 (PyTorch computes float16 ops in float32):
    rounded to float16 first, 70000 would become inf.
    """
    if like == np.float16:
        return np.asarray(value, dtype=np.float32)
    if like.kind == "f":
        return np.asarray(value, dtype=like)
    if isinstance(value, bool):
        return np.asarray(value, dtype=like if like.kind == "b" else like)
    if isinstance(value, int):
        if like.kind in "iu":  # out of the dtype's range it wraps around, as in PyTorch
            return _wrapped(value, like)  # (uint8 tensor + -1 adds 255)
        return np.asarray(value, dtype=np.int64)
    if isinstance(value, float):
        return np.asarray(value, dtype=default_float())
    raise DTypeError(f"expected a Python number, got {type(value).__name__}")


def _wrapped(value: Any, dtype: np.dtype) -> np.ndarray:
    """Python ints as an array of an integer dtype, wrapping around out of its range as
    PyTorch (and C) do; numpy refuses such values with an OverflowError."""
    try:
        return np.asarray(value, dtype=dtype)
    except (OverflowError, ValueError):
        array = np.asarray(value)
        if array.dtype.kind == "f" and not np.isfinite(array).all():
            raise ValueError(
                f"cannot convert {value!r:.60} to dtype {dtype}: integers have no inf or NaN "
                "(PyTorch refuses too)"
            ) from None
        return array.astype(dtype)


def is_python_scalar(value: Any) -> bool:
    """True for bool, int and float (the values `scalar_array` accepts)."""
    return isinstance(value, _PY_SCALARS)
