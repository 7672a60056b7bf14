"""Tensor methods that PyTorch code expects of any tensor: devices (`.to`, `.cpu`,
`.device`), `.type()`, the bitwise operators `& | ^ ~`, and `f"{loss:.4f}"`.

None of them records anything in the graph except `.to(dtype)`, which is the
differentiable cast (`astype`). They work on the numpy arrays directly, so
this module needs no ops (and tensor.py imports it before the ops exist).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .devices import CPU, check_device, to_arguments
from .devices import device as Device
from .dtype_names import TYPE_NAMES
from .dtypes import result_type, scalar_array
from .errors import DTypeError, shape_str

_NAMED_TYPES = {name: dtype for dtype, name in TYPE_NAMES.items()}
_NUMBERS = (bool, int, float, np.bool_, np.integer, np.floating)


def _bitwise(name: str, symbol: str, ufunc: np.ufunc, x: Any, y: Any) -> Any:
    """x <symbol> y elementwise for bool and integer tensors and Python bools and ints,
    with PyTorch's dtype rules (bool & bool is bool, bool & int tensor is int64)."""
    from .tensor import Tensor  # here, not at the top: tensor.py imports this module

    values = []
    for v in (x, y):
        if isinstance(v, Tensor):
            values.append(v._data)
        elif isinstance(v, _NUMBERS):  # (floats are refused below, with a clear message)
            values.append(v.item() if isinstance(v, np.generic) else v)
        else:
            return NotImplemented  # Python then says which types it cannot combine
    dtype = result_type(*values)
    if dtype.kind not in "biu":
        kinds = " and ".join(str(v.dtype) if isinstance(v, np.ndarray) else type(v).__name__
                             for v in values)
        raise DTypeError(
            f"x {symbol} y ({name}): works on bool and integer tensors only, got {kinds}; "
            f"for a float mask compare first, e.g. (x > 0) {symbol} (y > 0)"
        )
    a, b = (v.astype(dtype, copy=False) if isinstance(v, np.ndarray) else scalar_array(v, dtype)
            for v in values)
    return Tensor._make(np.asarray(ufunc(a, b)))


class ProtocolMethods:
    """Mixed into Tensor."""

    __slots__ = ()
    _data: np.ndarray

    # ---- devices: there is only the CPU ------------------------------------
    @property
    def device(self) -> Device:
        """Where the tensor lives: always `mg.device("cpu")` (str(x.device) is "cpu")."""
        return CPU

    @property
    def is_cuda(self) -> bool:
        """False: minigrad tensors live on the CPU."""
        return False

    def cpu(self) -> Any:
        """The tensor itself (it is on the CPU already), as PyTorch's x.cpu()."""
        return self

    def cuda(self, *args: Any, **kwargs: Any) -> Any:
        """Always an error: minigrad runs on the CPU only (see mg.cuda.is_available())."""
        check_device("cuda", "x.cuda()")

    def to(self, *args: Any, dtype: Any = None, device: Any = None,  # noqa: ARG002
           non_blocking: bool = False, copy: bool = False) -> Any:
        """PyTorch's x.to(...): x.to(dtype), x.to("cpu"), x.to(device, dtype),
        x.to(other_tensor) (its dtype), or with the keywords dtype= and device=.

        Returns the tensor itself when nothing changes (unless copy=True), else a
        converted tensor that stays in the graph (as `astype`). Asking for a GPU
        is an error: minigrad runs on the CPU only.
        """
        dtype = to_arguments(args, dtype, device, "x.to()")
        if dtype is not None:
            dtype = _as_dtype(dtype, "x.to()")
        if dtype is None or dtype == self._data.dtype:
            return self.clone() if copy else self  # type: ignore[attr-defined]
        return self.astype(dtype)  # type: ignore[attr-defined]

    def type(self, dtype: Any = None) -> Any:
        """x.type() is PyTorch's name of the tensor's type, e.g. 'torch.FloatTensor' (so
        code comparing with those strings works); x.type(dtype) is x.to(dtype), where
        dtype may also be such a name."""
        if dtype is None:
            return TYPE_NAMES[self._data.dtype]
        if isinstance(dtype, str) and dtype in _NAMED_TYPES:
            dtype = _NAMED_TYPES[dtype]
        return self.to(_as_dtype(dtype, "x.type()"))

    # ---- PyTorch's dtype shorthands: x.long() is x.to(mg.int64), ... ------------
    # (x.float() and x.double() are in tensor.py.) Each returns x itself when x has
    # that dtype already, as PyTorch does.
    def long(self) -> Any:
        """Converted to int64 (floats are truncated toward 0)."""
        return self.to(np.int64)

    def int(self) -> Any:
        """Converted to int32 (floats are truncated toward 0)."""
        return self.to(np.int32)

    def short(self) -> Any:
        """Converted to int16."""
        return self.to(np.int16)

    def byte(self) -> Any:
        """Converted to uint8."""
        return self.to(np.uint8)

    def bool(self) -> Any:
        """Converted to bool: True where nonzero."""
        return self.to(np.bool_)

    def half(self) -> Any:
        """Converted to float16."""
        return self.to(np.float16)

    # ---- formatting: f"{loss:.4f}" -------------------------------------------
    def __format__(self, spec: str) -> str:
        if self._data.ndim == 0:
            return format(self._data.item(), spec)
        if not spec:
            return str(self)
        raise TypeError(
            f"format spec {spec!r} on a tensor of shape {shape_str(self._data.shape)}: a format "
            "spec formats one number, so it works on 0-d tensors only (as in PyTorch); "
            f"format x.item() or each of x.tolist()"
        )

    # ---- bitwise operators (on bools: logical and, or, xor, not) ------------
    def __and__(self, other: Any) -> Any:
        return _bitwise("and", "&", np.bitwise_and, self, other)

    def __rand__(self, other: Any) -> Any:
        return _bitwise("and", "&", np.bitwise_and, other, self)

    def __or__(self, other: Any) -> Any:
        return _bitwise("or", "|", np.bitwise_or, self, other)

    def __ror__(self, other: Any) -> Any:
        return _bitwise("or", "|", np.bitwise_or, other, self)

    def __xor__(self, other: Any) -> Any:
        return _bitwise("xor", "^", np.bitwise_xor, self, other)

    def __rxor__(self, other: Any) -> Any:
        return _bitwise("xor", "^", np.bitwise_xor, other, self)

    def __invert__(self) -> Any:
        if self._data.dtype.kind not in "biu":
            raise DTypeError(
                f"~x: works on bool and integer tensors only, got dtype {self._data.dtype}; "
                "for a float mask compare first, e.g. ~(x > 0)"
            )
        from .tensor import Tensor

        return Tensor._make(np.invert(self._data))  # a plain Tensor, even for a Parameter


def _as_dtype(dtype: Any, op: str) -> np.dtype:
    """A dtype argument (mg.float32, np.float32, "float32") as a numpy dtype minigrad holds."""
    try:
        result = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"{op}: {dtype!r} is not a dtype; use e.g. mg.float32 or mg.long") from None
    if result.kind not in "fiub":
        raise DTypeError(f"{op}: minigrad tensors hold floats, integers or bools, not {result}")
    return result
