"""Ops that keep some elements and replace the others: tril, triu, masked_fill.

Each backward lets the gradient through where the element was kept and stops
it (0) where it was replaced; masked_fill's value, when it is a tensor, gets
the gradient of every element it filled.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..dtypes import scalar_array
from ..errors import DTypeError, ShapeError, shape_str
from ..function import Function
from ..tensor import Tensor
from . import either
from .arguments import as_tensor


def _triangle(shape: tuple[int, ...], diagonal: int, upper: bool) -> np.ndarray:
    """True on and below (tril) or on and above (triu) the given diagonal of the last two axes."""
    rows, cols = shape[-2:]
    ones = np.ones((rows, cols), dtype=bool)
    return np.triu(ones, diagonal) if upper else np.tril(ones, diagonal)


class Tril(Function):
    """z = x on and below the `diagonal`-th diagonal of each matrix (last two axes), 0 above.

    dz/dx = 1 where kept, 0 where zeroed: dL/dx = tril(g).
    """

    def forward(self, x: np.ndarray, diagonal: int) -> np.ndarray:
        return np.tril(x, diagonal)

    def backward(self, g: Any) -> Any:
        kept = _triangle(self.inputs[0].shape, self.params["diagonal"], upper=False)
        return either.where(kept, g, np.zeros((), dtype=g.dtype))


class Triu(Function):
    """z = x on and above the `diagonal`-th diagonal of each matrix (last two axes), 0 below.

    dz/dx = 1 where kept, 0 where zeroed: dL/dx = triu(g).
    """

    def forward(self, x: np.ndarray, diagonal: int) -> np.ndarray:
        return np.triu(x, diagonal)

    def backward(self, g: Any) -> Any:
        kept = _triangle(self.inputs[0].shape, self.params["diagonal"], upper=True)
        return either.where(kept, g, np.zeros((), dtype=g.dtype))


class MaskedFill(Function):
    """z = value where mask is True, else x (mask broadcast with x; value a 0-d tensor,
    stored in x's dtype).

    dz/dx = 1 where the mask is False, else 0: dL/dx = g with zeros under the mask.
    dz/dvalue = 1 under the mask: dL/dvalue = the sum of g under the mask (the
    engine sums the broadcast gradient down to value's shape ()).
    """

    def forward(self, x: np.ndarray, value: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return np.where(mask, value.astype(x.dtype), x)

    def backward(self, g: Any) -> tuple[Any, Any]:
        mask = self.params["mask"]
        zero = np.zeros((), dtype=g.dtype)
        gx = either.where(mask, zero, g) if self.needs_input_grad[0] else None
        gvalue = either.where(mask, g, zero) if self.needs_input_grad[1] else None
        return gx, gvalue


# ---- the functions users call ------------------------------------------------------------
def _diagonal(op: str, x: Tensor, diagonal: Any) -> int:
    if x.ndim < 2:
        raise ShapeError(f"{op}: needs a matrix or a batch of matrices (2 or more axes), got "
                         f"shape {shape_str(x.shape)}")
    if not isinstance(diagonal, (int, np.integer)) or isinstance(diagonal, bool):
        raise TypeError(f"{op}: diagonal must be an int, got {diagonal!r}")
    return int(diagonal)


def tril(input: Any, diagonal: int = 0) -> Tensor:  # noqa: A002  (PyTorch's names)
    """The lower triangle of each matrix (the last two axes): elements on and below the
    main diagonal (diagonal=0), or below the diagonal-th one (>0 above it, <0 below); the
    rest set to 0."""
    x = as_tensor(input)
    return Tril.apply(x, diagonal=_diagonal("tril", x, diagonal))


def triu(input: Any, diagonal: int = 0) -> Tensor:  # noqa: A002
    """The upper triangle of each matrix (the last two axes): elements on and above the
    diagonal-th diagonal; the rest set to 0."""
    x = as_tensor(input)
    return Triu.apply(x, diagonal=_diagonal("triu", x, diagonal))


def bool_mask(op: str, mask: Any) -> np.ndarray:
    """The mask as a bool array; PyTorch takes only bool masks."""
    array = mask._data if isinstance(mask, Tensor) else mask
    if not isinstance(array, np.ndarray):
        raise TypeError(f"{op}: mask must be a bool tensor, got {type(mask).__name__}; e.g. "
                        "x > 0")
    if array.dtype != np.bool_:
        raise DTypeError(f"{op}: mask must hold bools, as in PyTorch, got dtype {array.dtype}; "
                         "compare to make one: m != 0")
    return array


def fill_value(op: str, value: Any) -> Any:
    """value as a number or a 0-d tensor (PyTorch takes no other)."""
    if isinstance(value, (Tensor, np.ndarray)):
        if value.ndim != 0:
            raise ShapeError(f"{op}: value must be a number or a 0-d tensor, got a tensor of "
                             f"shape {shape_str(value.shape)}; use where(mask, values, x) to "
                             "fill from a tensor")
        return value
    if not isinstance(value, (bool, int, float, np.number, np.bool_)):
        raise TypeError(f"{op}: value must be a number or a 0-d tensor, got "
                        f"{type(value).__name__}")
    return value


def masked_fill(input: Any, mask: Any, value: Any) -> Tensor:  # noqa: A002
    """A copy of `input` with `value` (a number or a 0-d tensor, which then gets a gradient)
    where `mask` (bools, broadcast with input) is True; the result has input's dtype."""
    x, m = as_tensor(input), bool_mask("masked_fill", mask)
    value = fill_value("masked_fill", value)
    try:
        np.broadcast_shapes(x.shape, m.shape)
    except ValueError:
        raise ShapeError(f"masked_fill: the mask's shape {shape_str(m.shape)} does not "
                         f"broadcast with the input's {shape_str(x.shape)}") from None
    if not isinstance(value, Tensor):
        value = Tensor._make(stored("masked_fill", value, x.dtype))
    return MaskedFill.apply(x, value, mask=m)


def stored(op: str, value: Any, dtype: np.dtype) -> np.ndarray:
    """A number as a tensor of `dtype` stores it, as PyTorch does: floats into integers are
    truncated (an infinity, a NaN or a value out of range is an error), ints wrap around."""
    value = value.item() if isinstance(value, np.generic) else value
    if dtype.kind in "iu" and isinstance(value, float):
        info = np.iinfo(dtype)
        if not (np.isfinite(value) and info.min <= value <= info.max):
            raise ValueError(f"{op}: the value {value} cannot be stored in a tensor of dtype "
                             f"{dtype} (out of its range), as in PyTorch")
        value = int(value)
    if dtype.kind in "iu" and isinstance(value, int) and not isinstance(value, bool):
        return scalar_array(value, dtype)  # out of range: wraps around (-1 in uint8 is 255)
    return np.asarray(value).astype(dtype)
