"""logical_and, logical_or, logical_xor, logical_not: truth values, elementwise.

Each element counts as true when it is not zero (NaN counts as true), whatever
the dtype, and the result is a bool tensor, as in PyTorch. They are not
differentiable (a truth value has no slope), so they are plain functions
rather than ops: the result never requires grad and records no graph.
For bool tensors they are the operators `a & b`, `a | b`, `a ^ b` and `~a`;
unlike those they also take numbers (floats included) and never refuse a dtype.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import broadcast_error
from ..tensor import Tensor
from .arguments import not_a_number


def _binary(op: str, numpy_op: Any, input: Any, other: Any) -> Tensor:  # noqa: A002
    x, y = not_a_number(op, "input", input), not_a_number(op, "other", other)
    try:
        np.broadcast_shapes(x.shape, y.shape)
    except ValueError:
        raise broadcast_error(op, x, y) from None
    return Tensor._make(numpy_op(x._data, y._data))  # a new tensor, outside any graph


def logical_and(input: Any, other: Any) -> Tensor:  # noqa: A002  (PyTorch's names)
    """True where both are true (non-zero), broadcasting."""
    return _binary("logical_and", np.logical_and, input, other)


def logical_or(input: Any, other: Any) -> Tensor:  # noqa: A002
    """True where either is true (non-zero), broadcasting."""
    return _binary("logical_or", np.logical_or, input, other)


def logical_xor(input: Any, other: Any) -> Tensor:  # noqa: A002
    """True where exactly one of the two is true (non-zero), broadcasting."""
    return _binary("logical_xor", np.logical_xor, input, other)


def logical_not(input: Any) -> Tensor:  # noqa: A002
    """True where the element is zero (false), False elsewhere."""
    return Tensor._make(np.logical_not(not_a_number("logical_not", "input", input)._data))
