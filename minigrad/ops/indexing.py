"""Indexing, and joining tensors: x[index], concatenate, stack.

Indexing picks elements; its backward puts each gradient back where its
element came from, adding up where an index repeats (x[[0, 0]]).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..autograd import Function
from ..errors import ShapeError, shape_str
from ..tensor import Tensor
from .common import as_tensor, normalize_axis


def _is_basic(index: tuple[Any, ...]) -> bool:
    """True when the index has no arrays: each element is picked at most once."""
    return all(isinstance(i, (int, np.integer, slice)) or i is None or i is Ellipsis for i in index)


def scatter_add(g: Any, shape: tuple[int, ...], index: tuple[Any, ...]) -> Any:
    """Zeros of `shape` with `g` added at `index` (the backward of indexing)."""
    if isinstance(g, Tensor):
        return IndexAdd.apply(g, shape=shape, index=index)
    out = np.zeros(shape, dtype=g.dtype)
    if _is_basic(index) or any(getattr(i, "dtype", None) == np.bool_ for i in index):
        out[index] = g  # no element is picked twice
    else:
        np.add.at(out, index, g)  # repeated indices add up
    return out


class GetItem(Function):
    """z = x[index].   dL/dx = zeros with g added at index (repeats accumulate)."""

    makes_view = True  # basic indexing (slices) gives a view; apply checks

    def forward(self, x: np.ndarray, index: tuple[Any, ...]) -> np.ndarray:
        self.index = index
        return x[index]

    def backward(self, g: Any) -> Any:
        return scatter_add(g, self.inputs[0].shape, self.index)

    def explain_error(self, error: Exception, inputs: Any) -> Exception:
        return type(error)(f"indexing a tensor of shape {shape_str(inputs[0].shape)}: {error}")


class IndexAdd(Function):
    """z = zeros(shape) with x added at index.   dL/dx = g[index].

    Only used when backward itself is recorded (create_graph=True).
    """

    def forward(self, x: np.ndarray, shape: tuple[int, ...], index: tuple[Any, ...]) -> np.ndarray:
        self.shape, self.index = shape, index
        return scatter_add(x, shape, index)

    def backward(self, g: Any) -> Any:
        return g[self.index]


class Concatenate(Function):
    """z = the inputs joined along `axis`.   dL/dx_k = the slice of g that x_k filled."""

    def forward(self, *xs: np.ndarray, axis: int) -> np.ndarray:
        self.axis = axis
        return np.concatenate(xs, axis=axis)

    def backward(self, g: Any) -> tuple[Any, ...]:
        grads, start = [], 0
        before = (slice(None),) * self.axis
        for t in self.inputs:
            stop = start + t.shape[self.axis]
            grads.append(g[before + (slice(start, stop),)])
            start = stop
        return tuple(grads)


class Stack(Function):
    """z = the inputs stacked along a new `axis`.   dL/dx_k = g taken at position k of axis."""

    def forward(self, *xs: np.ndarray, axis: int) -> np.ndarray:
        self.axis = axis
        return np.stack(xs, axis=axis)

    def backward(self, g: Any) -> tuple[Any, ...]:
        before = (slice(None),) * self.axis
        return tuple(g[before + (k,)] for k in range(len(self.inputs)))


def _index_part(part: Any) -> Any:
    """One element of an index, with Tensors and lists turned into arrays."""
    if isinstance(part, Tensor):
        part = part.data
    elif isinstance(part, list):
        part = np.asarray(part)
    if isinstance(part, np.ndarray) and part.dtype.kind not in "iub":
        raise IndexError(
            f"indices must be integers or bools, got an array of dtype {part.dtype}; "
            "convert it with .astype(np.int64)"
        )
    if isinstance(part, float):
        raise IndexError(f"indices must be integers, got the float {part}")
    return part


def getitem(x: Any, index: Any) -> Tensor:
    """x[index]: ints, slices, None, ..., integer arrays and boolean masks, as numpy."""
    x = as_tensor(x)
    index = tuple(_index_part(i) for i in index) if isinstance(index, tuple) else (
        _index_part(index),
    )
    return GetItem.apply(x, index=index)


def _join_check(op: str, tensors: Sequence[Any]) -> list[Tensor]:
    if isinstance(tensors, Tensor) or not isinstance(tensors, (list, tuple)) or not tensors:
        raise TypeError(f"{op}: expected a non-empty list or tuple of tensors")
    return [as_tensor(t) for t in tensors]


def concatenate(tensors: Sequence[Any], axis: int = 0, **torch_names: Any) -> Tensor:
    """The tensors joined along an existing `axis` (PyTorch: cat, dim=)."""
    axis = torch_names.pop("dim", axis)
    if torch_names:
        raise TypeError(f"concatenate: unexpected argument(s) {', '.join(sorted(torch_names))}")
    ts = _join_check("concatenate", tensors)
    first = ts[0]
    if first.ndim == 0:
        raise ShapeError("concatenate: 0-d tensors have no axis to join along; use stack")
    (axis,) = normalize_axis(axis, first.ndim, "concatenate")
    for k, t in enumerate(ts[1:], start=1):
        if t.ndim != first.ndim or any(
            a != b for i, (a, b) in enumerate(zip(t.shape, first.shape)) if i != axis
        ):
            raise ShapeError(
                f"concatenate: tensor {k} has shape {shape_str(t.shape)} but tensor 0 has "
                f"{shape_str(first.shape)}; all sizes except along axis {axis} must match"
            )
    return Concatenate.apply(*ts, axis=axis)


def stack(tensors: Sequence[Any], axis: int = 0, **torch_names: Any) -> Tensor:
    """The tensors (all of one shape) stacked along a new `axis`."""
    axis = torch_names.pop("dim", axis)
    if torch_names:
        raise TypeError(f"stack: unexpected argument(s) {', '.join(sorted(torch_names))}")
    ts = _join_check("stack", tensors)
    for k, t in enumerate(ts[1:], start=1):
        if t.shape != ts[0].shape:
            raise ShapeError(
                f"stack: tensor {k} has shape {shape_str(t.shape)} but tensor 0 has "
                f"{shape_str(ts[0].shape)}; stack needs equal shapes"
            )
    (axis,) = normalize_axis(axis, ts[0].ndim + 1, "stack")
    return Stack.apply(*ts, axis=axis)
