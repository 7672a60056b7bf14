"""Tensor methods that convert, describe or compare: numpy(), item(), size(), len(),
repr(), ==, <, ...

None of them is differentiable and none records anything in the graph; they
live here so that tensor.py can stay about the data, the graph and the math.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from .errors import shape_str
from .printing import array2string_options


def _bools(array: np.ndarray) -> Any:
    """A comparison's result: a plain Tensor of bools (never a Parameter)."""
    from .tensor import Tensor  # here, not at the top: tensor.py imports this module

    return Tensor._make(array)


class ConversionMethods:
    """Mixed into Tensor."""

    __slots__ = ()
    data: np.ndarray
    grad_fn: Any
    requires_grad: bool
    name: str | None

    def numpy(self) -> np.ndarray:
        """The data as an ndarray (shared, not copied: do not modify it)."""
        return self._data

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> np.ndarray:
        if dtype is not None and dtype != self._data.dtype:
            return self._data.astype(dtype)
        return self._data.copy() if copy else self._data

    def item(self) -> bool | int | float:
        """The value of a one-element tensor as a Python number."""
        if self._data.size != 1:
            raise ValueError(
                f"item(): only a tensor with one element has a single value; this one has "
                f"shape {shape_str(self.shape)}. Use .tolist() or index it first."
            )
        return self._data.item()

    def tolist(self) -> Any:
        """The data as (nested) Python lists of numbers."""
        return self._data.tolist()

    def size(self, dim: int | None = None) -> Any:
        """PyTorch's size: x.size() is the shape (a tuple), x.size(dim) one axis's length.

        (Not numpy's: the number of elements is x.numel().)
        """
        shape = self._data.shape
        if dim is None:
            return shape
        if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)):
            raise TypeError(f"size(): dim must be an int, got {dim!r}")
        if not -len(shape) <= dim < len(shape):
            raise IndexError(
                f"size(): dim {dim} is out of range for a tensor of shape {shape_str(shape)} "
                f"(valid: {-len(shape)} to {len(shape) - 1})" if shape
                else f"size(): dim {dim} is out of range: a 0-d tensor has no axes"
            )
        return shape[dim]

    def numel(self) -> int:
        """The number of elements (numpy's `size`)."""
        return self._data.size

    def dim(self) -> int:
        """The number of axes (the same as `ndim`)."""
        return self._data.ndim

    def __len__(self) -> int:
        if self.ndim == 0:
            raise TypeError("len() of a 0-d tensor (a single number) is undefined")
        return len(self._data)

    def __iter__(self) -> Iterator[Any]:
        # not a generator: a 0-d tensor must fail at iter(), as in PyTorch, not at next()
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor (a single number); use .item()")
        return (self[i] for i in range(len(self)))  # type: ignore[index]

    def __bool__(self) -> bool:
        if self._data.size != 1:
            raise ValueError(
                f"the truth value of a tensor of shape {shape_str(self.shape)} is ambiguous; "
                "use (t).any() or (t).all()"
            )
        return bool(self._data)

    def __float__(self) -> float:
        return float(self.item())

    def __int__(self) -> int:
        return int(self.item())

    __hash__ = object.__hash__  # == is elementwise, so hash by identity (as PyTorch)

    def __repr__(self) -> str:
        body = np.array2string(self._data, separator=", ", prefix="Tensor(",
                               **array2string_options())  # mg.set_printoptions
        extras = []
        if self._data.dtype not in (np.float32, np.int64, np.bool_):
            extras.append(f"dtype={self._data.dtype}")
        if self.grad_fn is not None:
            extras.append(f"grad_fn=<{self.grad_fn.name}>")
        elif self.requires_grad:
            extras.append("requires_grad=True")
        if self.name:
            extras.append(f"name={self.name!r}")
        return "Tensor(" + ", ".join([body] + extras) + ")"

    # Comparisons are not differentiable: they give bool tensors. As in PyTorch they
    # compare elementwise with tensors, numbers and numpy arrays only; for anything
    # else (None, a string, a list) they return NotImplemented, and Python gives its
    # own answer: t == None is False, t != None is True (so `t in [None]` works), and
    # t < None raises a TypeError that names both types.
    def __eq__(self, other: Any) -> Any:  # type: ignore[override]
        if not isinstance(other, _COMPARABLE):
            return NotImplemented
        return _bools(self._data == self._operand(other)._data)

    def __ne__(self, other: Any) -> Any:  # type: ignore[override]
        if not isinstance(other, _COMPARABLE):
            return NotImplemented
        return _bools(self._data != self._operand(other)._data)

    def __lt__(self, other: Any) -> Any:
        if not isinstance(other, _COMPARABLE):
            return NotImplemented
        return _bools(self._data < self._operand(other)._data)

    def __le__(self, other: Any) -> Any:
        if not isinstance(other, _COMPARABLE):
            return NotImplemented
        return _bools(self._data <= self._operand(other)._data)

    def __gt__(self, other: Any) -> Any:
        if not isinstance(other, _COMPARABLE):
            return NotImplemented
        return _bools(self._data > self._operand(other)._data)

    def __ge__(self, other: Any) -> Any:
        if not isinstance(other, _COMPARABLE):
            return NotImplemented
        return _bools(self._data >= self._operand(other)._data)


    # ---- closeness: PyTorch's allclose, isclose and equal ----------------------
    def isclose(self, other: Any, rtol: float = 1e-5, atol: float = 1e-8,
                equal_nan: bool = False) -> Any:
        """Elementwise |self - other| <= atol + rtol * |other|, as a bool tensor."""
        a, b = _same_dtype("isclose", self, other)
        return _bools(np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan))

    def allclose(self, other: Any, rtol: float = 1e-5, atol: float = 1e-8,
                 equal_nan: bool = False) -> bool:
        """True if every element is close to other's (see isclose)."""
        a, b = _same_dtype("allclose", self, other)
        return bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan))

    def equal(self, other: Any) -> bool:
        """True if other has the same shape and the same values (PyTorch's torch.equal)."""
        other = other._data if isinstance(other, ConversionMethods) else np.asarray(other)
        return self._data.shape == other.shape and bool(np.array_equal(self._data, other))


    def isnan(self) -> Any:
        """True where the value is NaN (a bool tensor)."""
        return _bools(np.isnan(self._data) if self._data.dtype.kind == "f"
                      else np.zeros(self._data.shape, np.bool_))

    def isinf(self) -> Any:
        """True where the value is +inf or -inf (a bool tensor)."""
        return _bools(np.isinf(self._data) if self._data.dtype.kind == "f"
                      else np.zeros(self._data.shape, np.bool_))

    def isfinite(self) -> Any:
        """True where the value is neither NaN nor infinite (a bool tensor)."""
        return _bools(np.isfinite(self._data) if self._data.dtype.kind == "f"
                      else np.ones(self._data.shape, np.bool_))


def _same_dtype(op: str, x: Any, other: Any) -> tuple[np.ndarray, np.ndarray]:
    """Both sides as arrays; two tensors must share a dtype, as PyTorch insists."""
    if isinstance(other, ConversionMethods):
        if other._data.dtype != x._data.dtype:
            from .errors import DTypeError

            raise DTypeError(
                f"{op}: the tensors have dtypes {x._data.dtype} and {other._data.dtype}; as in "
                "PyTorch both must have the same dtype: convert one, e.g. a.double()"
            )
        return x._data, other._data
    return x._data, np.asarray(other)


# What a comparison takes elementwise (a complex number gets to _operand, which
# says clearly that minigrad has no complex dtype).
_COMPARABLE = (ConversionMethods, bool, int, float, complex, np.ndarray, np.generic)
