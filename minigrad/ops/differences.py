"""Differences and the trapezoid rule: diff, trapezoid, cumulative_trapezoid.

All three are composites: slices of a tensor (whose backward puts the gradient
back in place) subtracted or averaged, then summed or running-totalled. So

    diff:       z_i = x_(i+1) - x_i,            dL/dx_i = g_(i-1) - g_i
    trapezoid:  z = Σ_i (y_i + y_(i+1)) / 2 * (x_(i+1) - x_i)

and the gradients follow from Sub, Mul, Sum and Cumsum with no new formula.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import DTypeError, ShapeError, shape_str
from ..tensor import Tensor
from .arguments import as_float, as_tensor, normalize_axis
from .cumulative import cumsum
from .indexing import concatenate
from .logical import logical_xor
from .reduce import sum as reduce_sum


def _axis(op: str, dim: Any, ndim: int) -> int:
    if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)):
        raise TypeError(f"{op}: dim must be an int, got {dim!r}")
    if ndim == 0:
        raise ShapeError(f"{op}: needs a tensor with at least one axis, got a 0-d tensor")
    return normalize_axis(dim, ndim, op)[0]


def _part(x: Tensor, axis: int, start: int | None, stop: int | None) -> Tensor:
    return x[(slice(None),) * axis + (slice(start, stop),)]


def _edge(op: str, name: str, t: Any, x: Tensor, axis: int) -> Tensor:
    if not isinstance(t, Tensor):
        raise TypeError(f"{op}: {name} must be a tensor, got {type(t).__name__}")
    if t.ndim != x.ndim:
        raise ShapeError(f"{op}: {name} must have as many axes as input ({x.ndim}), got "
                         f"shape {shape_str(t.shape)}")
    if any(a != b for i, (a, b) in enumerate(zip(t.shape, x.shape)) if i != axis):
        raise ShapeError(f"{op}: {name} of shape {shape_str(t.shape)} must match input's shape "
                         f"{shape_str(x.shape)} on every axis but dim={axis}")
    return t


def diff(input: Any, n: int = 1, dim: int = -1, prepend: Any = None,  # noqa: A002
         append: Any = None) -> Tensor:
    """The n-th forward difference along dim: x[1:] - x[:-1], n times (bools: x[1:] != x[:-1]).
    prepend and append (tensors shaped as input except along dim) are joined on first.
    n larger than the length gives an empty axis, as in PyTorch."""
    x = as_tensor(input)
    axis = _axis("diff", dim, x.ndim)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"diff: n must be an int, got {n!r}")
    if n < 0:
        raise ValueError(f"diff: n (the order) must be 0 or more, got {n}")
    parts = [_edge("diff", "prepend", prepend, x, axis)] if prepend is not None else []
    parts.append(x)
    if append is not None:
        parts.append(_edge("diff", "append", append, x, axis))
    if n == 0:  # no difference at all: input itself, prepend and append unused (PyTorch)
        return x
    if len(parts) > 1:
        x = concatenate(parts, axis)
    for _ in range(int(n)):
        later, earlier = _part(x, axis, 1, None), _part(x, axis, None, -1)
        x = logical_xor(later, earlier) if x.dtype == np.bool_ else later - earlier
    return x


def _samples(op: str, y: Any, dim: Any) -> tuple[Tensor, int]:
    y = as_tensor(y)
    if y.dtype == np.bool_:
        raise DTypeError(f"{op}: y is a bool tensor, which PyTorch does not accept; convert "
                         "it first, e.g. y.float()")
    return as_float(y), _axis(op, dim, y.ndim)


def _widths(op: str, y: Tensor, axis: int, x: Any, dx: Any) -> Any:
    """The widths of the intervals: a number, or a tensor broadcasting against them."""
    if x is not None and dx is not None:
        raise TypeError(f"{op}: pass either x (the sample points) or dx (their spacing), "
                        "not both")
    if x is None:
        dx = 1 if dx is None else dx
        if isinstance(dx, bool) or not isinstance(dx, (int, float, np.integer, np.floating)):
            raise TypeError(f"{op}: dx must be a number, got {dx!r}")
        return dx
    if not isinstance(x, Tensor):
        raise TypeError(f"{op}: x must be a tensor of sample points, got "
                        f"{type(x).__name__}; for a spacing pass dx={x!r}")
    if x.ndim == 1:
        if len(x) != y.shape[axis]:
            raise ShapeError(f"{op}: there must be one x value for each sample point: x has "
                             f"{len(x)}, y has {y.shape[axis]} along dim {axis}")
        shape = [1] * y.ndim
        shape[axis] = max(len(x) - 1, 0)
        return diff(x).reshape(tuple(shape))
    if x.ndim != y.ndim:
        raise ShapeError(f"{op}: x must be 1-D or have as many axes as y; got shapes "
                         f"{shape_str(x.shape)} and {shape_str(y.shape)}")
    return diff(x, dim=axis)


def trapezoid(y: Any, x: Any = None, *, dx: Any = None, dim: int = -1) -> Tensor:
    """The integral of y along dim by the trapezoid rule: Σ (y_i + y_(i+1)) / 2 times the
    interval's width, x_(i+1) - x_i for sample points x (1-D, or shaped as y), else dx
    (default 1). Integers give float32."""
    given = as_tensor(y).dtype
    y, axis = _samples("trapezoid", y, dim)
    if y.shape[axis] == 0:  # no samples: zeros of y's own dtype, without a graph, x and dx
        return Tensor._make(np.zeros(y.shape[:axis] + y.shape[axis + 1:], given))  # unread
    widths = _widths("trapezoid", y, axis, x, dx)
    if isinstance(widths, Tensor):  # (the order of PyTorch's steps: float16 rounds alike)
        return reduce_sum(widths * (_part(y, axis, 1, None) + _part(y, axis, None, -1)),
                          axis) / 2
    # equal widths: every inner sample counts fully, the two ends by half
    ends = _part(y, axis, None, 1) + _part(y, axis, -1, None)
    return (reduce_sum(y, axis) - reduce_sum(ends, axis) * 0.5) * widths


def cumulative_trapezoid(y: Any, x: Any = None, *, dx: Any = None, dim: int = -1) -> Tensor:
    """The running integrals of the trapezoid rule: entry i is the integral from the first
    sample to sample i + 1 (one fewer entry than y along dim)."""
    y, axis = _samples("cumulative_trapezoid", y, dim)
    widths = _widths("cumulative_trapezoid", y, axis, x, dx)
    means = (_part(y, axis, 1, None) + _part(y, axis, None, -1)) * 0.5
    return cumsum(means * widths, axis)
