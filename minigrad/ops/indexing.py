"""Indexing, and joining tensors: x[index], concatenate, stack, hstack, vstack.

Indexing picks elements; its backward puts each gradient back where its
element came from, adding up where an index repeats (x[[0, 0]]).

Indices mean what they mean in PyTorch, which follows numpy except in a few
places (see `getitem`): plain ints select before any index array is applied,
and 0-d integer tensors count as plain ints.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import ShapeError, shape_str
from ..function import Function
from ..tensor import Tensor
from . import either
from .arguments import as_tensor, normalize_axis
from .promotion import common_dtype


class GetItem(Function):
    """z = x[index].   dL/dx = zeros with g added at index (repeats accumulate)."""

    chain = ("z = x[index]", "dL/dx = zeros with g added at index")

    makes_view = True  # basic indexing (slices) gives a view; apply checks

    def forward(self, x: np.ndarray, index: tuple[Any, ...]) -> np.ndarray:
        return x[index]

    def backward(self, g: Any) -> Any:
        return either.index_add(g, self.inputs[0].shape, self.params["index"])

    def explain_error(self, error: Exception, inputs: Any) -> Exception:
        return type(error)(f"indexing a tensor of shape {shape_str(inputs[0].shape)}: {error}")


class IndexAdd(Function):
    """z = zeros(shape) with x added at index.   dL/dx = g[index].

    Only used when backward itself is recorded (create_graph=True).
    """

    def forward(self, x: np.ndarray, shape: tuple[int, ...], index: tuple[Any, ...]) -> np.ndarray:
        return either.index_add(x, shape, index)

    def backward(self, g: Any) -> Any:
        return g[self.params["index"]]


class Concatenate(Function):
    """z = the inputs joined along `axis`.   dL/dx_k = the slice of g that x_k filled."""

    def forward(self, *xs: np.ndarray, axis: int) -> np.ndarray:
        return np.concatenate(xs, axis=axis)

    def backward(self, g: Any) -> tuple[Any, ...]:
        axis = self.params["axis"]
        grads, start = [], 0
        before = (slice(None),) * axis
        for t in self.inputs:
            stop = start + t.shape[axis]
            grads.append(g[before + (slice(start, stop),)])
            start = stop
        return tuple(grads)


class Stack(Function):
    """z = the inputs stacked along a new `axis`.   dL/dx_k = g taken at position k of axis."""

    def forward(self, *xs: np.ndarray, axis: int) -> np.ndarray:
        return np.stack(xs, axis=axis)

    def backward(self, g: Any) -> tuple[Any, ...]:
        before = (slice(None),) * self.params["axis"]
        return tuple(g[before + (k,)] for k in range(len(self.inputs)))


def _index_part(part: Any) -> Any:
    """One element of an index, with Tensors and lists turned into arrays."""
    if isinstance(part, Tensor):
        part = part._data
    elif isinstance(part, list):
        part = np.asarray(part) if part else np.zeros(0, np.int64)  # [] picks nothing
    if isinstance(part, np.ndarray):
        if part.dtype.kind not in "iub":
            raise IndexError(
                f"indices must be integers or bools, got an array of dtype {part.dtype}; "
                "convert it with .astype(np.int64)"
            )
        if part.dtype == np.uint8:
            raise IndexError(
                "an index array of dtype uint8 is a mask in PyTorch (deprecated there) but "
                "integer indices in numpy; say which: .astype(bool) or .astype(np.int64)"
            )
        if part.ndim == 0 and part.dtype != np.bool_:
            return int(part)  # a 0-d integer tensor is a plain int, as in PyTorch
    if isinstance(part, float):
        raise IndexError(f"indices must be integers, got the float {part}")
    return part


_ADVANCED = (np.ndarray, bool, np.bool_)  # the parts numpy treats as index arrays


def _is_int(part: Any) -> bool:
    return isinstance(part, (int, np.integer)) and not isinstance(part, (bool, np.bool_))


def _axes_used(part: Any) -> int:
    """How many of x's axes an index part consumes."""
    if part is None or part is Ellipsis or isinstance(part, (bool, np.bool_)):
        return 0  # None and True/False add an axis; ... is counted apart
    if isinstance(part, np.ndarray) and part.dtype == np.bool_:
        return part.ndim  # a mask covers as many axes as it has
    return 1


def _ints_first(index: tuple[Any, ...]) -> tuple[tuple[Any, ...], tuple[Any, ...]] | None:
    """numpy and PyTorch disagree on x[1, :, [0, 2]]: numpy counts the 1 as an index
    array, and since the arrays are not side by side it puts their axis first;
    PyTorch selects with the plain ints first, then applies the arrays (the
    result is the transpose of numpy's). Return the two steps, or None when
    numpy's single step already gives PyTorch's answer."""
    ints = [k for k, p in enumerate(index) if _is_int(p)]
    arrays = [k for k, p in enumerate(index) if isinstance(p, _ADVANCED)]
    if not ints or not arrays:
        return None
    advanced = sorted(ints + arrays)
    if advanced[-1] - advanced[0] + 1 == len(advanced):
        return None  # side by side: both put the result where the arrays are
    first: list[Any] = []
    for p in index:
        if _is_int(p) or p is Ellipsis:
            first.append(p)
        else:  # axes kept for the second step (None and True/False add one there)
            first.extend([slice(None)] * _axes_used(p))
    return tuple(first), tuple(p for p in index if not _is_int(p))


def _parts(index: Any) -> tuple[Any, ...]:
    """The index as a tuple of parts, refusing a list that numpy and PyTorch read apart."""
    if isinstance(index, tuple):
        return tuple(_index_part(i) for i in index)
    if isinstance(index, list) and any(
        isinstance(i, (list, tuple, np.ndarray, Tensor, slice)) or i is None or i is Ellipsis
        for i in index
    ):
        raise IndexError(
            f"x[{index!r}]: a list holding lists, arrays, slices or None is read as a tuple "
            "of indices by PyTorch (deprecated there) and as one index array by numpy; "
            "write a tuple, x[tuple(index)], or an array, x[np.array(index)]"
        )
    return (_index_part(index),)


def getitem(x: Any, index: Any) -> Tensor:
    """x[index]: ints, slices, None, ..., integer arrays and boolean masks, with
    PyTorch's meaning (numpy's, except that plain ints, 0-d integer tensors among
    them, select before index arrays are applied: see `_ints_first`)."""
    x = as_tensor(x)
    index = _parts(index)
    if len(index) > 1 and any(isinstance(p, _ADVANCED) for p in index):
        # Index arrays among other parts: where numpy and PyTorch can part ways.
        if any(p is Ellipsis for p in index) and sum(map(_axes_used, index)) == x.ndim:
            # `...` stands for no axis here: PyTorch ignores it, while numpy takes
            # it as a separation between index arrays (x[:, [0], ..., [1]] on 3 axes).
            index = tuple(p for p in index if p is not Ellipsis)
        steps = _ints_first(index)
        if steps is not None:
            first, rest = steps
            return GetItem.apply(GetItem.apply(x, index=first), index=rest)
    return GetItem.apply(x, index=index)


def _join_check(op: str, tensors: Sequence[Any]) -> list[Tensor]:
    if isinstance(tensors, Tensor) or not isinstance(tensors, (list, tuple)) or not tensors:
        raise TypeError(f"{op}: expected a non-empty list or tuple of tensors")
    return common_dtype([as_tensor(t) for t in tensors])  # PyTorch's promotion, as for x + y


def concatenate(tensors: Sequence[Any], axis: int = 0, **torch_names: Any) -> Tensor:
    """The tensors joined along an existing `axis` (PyTorch: cat, dim=)."""
    axis = torch_names.pop("dim", axis)
    if torch_names:
        raise TypeError(f"concatenate: unexpected argument(s) {', '.join(sorted(torch_names))}")
    return _join("concatenate", _join_check("concatenate", tensors), axis)


def _join(op: str, ts: list[Tensor], axis: int) -> Tensor:
    """Concatenate of tensors already of one dtype, with errors that name `op`."""
    first = ts[0]
    if first.ndim == 0:
        raise ShapeError(f"{op}: 0-d tensors have no axis to join along; use stack")
    (axis,) = normalize_axis(axis, first.ndim, op)
    for k, t in enumerate(ts[1:], start=1):
        if t.ndim != first.ndim or any(
            a != b for i, (a, b) in enumerate(zip(t.shape, first.shape)) if i != axis
        ):
            raise ShapeError(
                f"{op}: tensor {k} has shape {shape_str(t.shape)} but tensor 0 has "
                f"{shape_str(first.shape)}; all sizes except along axis {axis} must match"
                + (f" (after {op} made each at least {first.ndim}-D)" if op != "concatenate"
                   else "")
            )
    return Concatenate.apply(*ts, axis=axis)


def hstack(tensors: Sequence[Any]) -> Tensor:
    """torch.hstack: the tensors side by side. 0-d ones count as 1-D; 1-D tensors are
    joined end to end (axis 0), anything larger along axis 1 (its columns)."""
    ts = [t.reshape(1) if t.ndim == 0 else t for t in _join_check("hstack", tensors)]
    return _join("hstack", ts, 0 if ts[0].ndim == 1 else 1)


def vstack(tensors: Sequence[Any]) -> Tensor:
    """torch.vstack: the tensors one above the other, along axis 0. 0-d and 1-D tensors
    count as one row (shape (1, n)) first, so vectors become the rows of a matrix."""
    ts = [t.reshape(1, -1) if t.ndim < 2 else t for t in _join_check("vstack", tensors)]
    return _join("vstack", ts, 0)


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
