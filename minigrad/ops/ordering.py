"""Ordering: sort, argsort, topk, median, mode.

Sorting moves values without changing them, so its gradient moves them back:
the gradient of the j-th sorted value goes to the position it came from
(`indices[j]`). topk is a sort that keeps the first k, and the positions not
kept get 0.

Every sort here is stable: equal values keep their order (the one earlier in
x comes first, in descending order too), so ties always resolve the same way.
NaN counts as larger than every number, as in PyTorch: last in ascending
order, first in descending order and in topk's largest.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import DTypeError, ShapeError, shape_str
from ..function import Function
from ..tensor import Tensor
from . import either
from .arguments import as_tensor, normalize_axis, numpy_aliases
from .reduce import Max, ValuesIndices, keepdims_shape


def order(x: np.ndarray, axis: int, descending: bool) -> np.ndarray:
    """The stable sorting permutation of x along `axis` (int64).

    Descending without losing stability: sort the reversed x ascending, reverse
    that order, and map the positions back (position j of the reversed x is
    n - 1 - j of x). Equal values then come earliest-first, and NaN first.
    """
    if x.ndim == 0:
        return np.zeros((), np.int64)
    if not descending:
        return np.argsort(x, axis=axis, kind="stable")
    n = x.shape[axis]
    reversed_order = np.argsort(np.flip(x, axis), axis=axis, kind="stable")
    return (n - 1) - np.flip(reversed_order, axis)


def along(indices: np.ndarray, axis: int) -> tuple[Any, ...]:
    """The index that picks x[..., indices[...], ...] along `axis` (numpy's
    take_along_axis), as a tuple usable on arrays and Tensors alike."""
    shape = indices.shape
    index: list[Any] = []
    for i, n in enumerate(shape):
        if i == axis:
            index.append(indices)
        else:
            index.append(np.arange(n).reshape([-1 if j == i else 1 for j in range(len(shape))]))
    return tuple(index)


class Sort(Function):
    """z = x sorted along `axis`: z_j = x[indices_j].

    dz_j/dx_i = 1 where i = indices_j, else 0: each gradient goes back to the
    position its value came from.
    """

    chain = ("z = x sorted along axis", "dL/dx = g moved back to where each value came from")

    @staticmethod
    def chosen(x: np.ndarray, axis: int, descending: bool) -> np.ndarray:
        """The indices of the values kept, in their order."""
        return order(x, axis, descending)

    def forward(self, x: np.ndarray, **params: Any) -> np.ndarray:
        indices = self.chosen(x, **params)
        self.saved = indices
        return x.copy() if x.ndim == 0 else x[along(indices, params["axis"])]

    def backward(self, g: Any) -> Any:
        x = self.inputs[0]
        return either.index_add(g, x.shape, along(self.saved, self.params["axis"]))


class TopK(Sort):
    """z = the k largest (or smallest) elements along `axis`, in order: z_j = x[indices_j].

    dz_j/dx_i = 1 where i = indices_j, else 0: the elements not chosen get gradient 0.
    """

    chain = ("z = the k largest of x along axis", "dL/dx = g at the chosen positions, else 0")

    @staticmethod
    def chosen(x: np.ndarray, k: int, axis: int, largest: bool) -> np.ndarray:  # type: ignore[override]
        if x.ndim == 0:
            return np.zeros((), np.int64)
        first_k = [slice(None)] * x.ndim
        first_k[axis] = slice(0, k)
        return order(x, axis, largest)[tuple(first_k)]


def lower_median(x: np.ndarray, axis: int | tuple[int, ...] | None = None,
                 keepdims: bool = False) -> np.ndarray:
    """The lower of the two middle values along `axis` (PyTorch's median, which never
    averages), NaN where a NaN is among them. Over all axes when `axis` is a tuple."""
    if isinstance(axis, tuple) or axis is None:  # all of them (Median's use)
        z = lower_median(x.reshape(-1), 0) if x.size else np.asarray(np.nan, x.dtype)
        return z.reshape((1,) * x.ndim) if keepdims else z
    n = x.shape[axis]
    middle = np.take(np.sort(x, axis), [(n - 1) // 2], axis)  # NaN sorts last
    z = np.where(np.isnan(x).any(axis, keepdims=True), np.nan, middle) if x.dtype.kind == "f" \
        else middle
    return z if keepdims else z.squeeze(axis)


class Median(Max):
    """z = the median of all of x (the lower middle value).   dz/dx_i = 1/k where x_i is
    one of the k elements equal to it (the NaNs, if it is NaN), else 0 (as Max)."""

    chain = ("z = the median of x", "dz/dx = 1/k at the k elements equal to z, else 0")
    reduce = staticmethod(lower_median)


class MedianDim(Sort):
    """z = the median of x along one axis (x.median(dim).values): z = x[index], the first
    element equal to the lower middle value (or the first NaN).

    dz/dx_i = 1 at that index, else 0.
    """

    chain = ("z = the median of x along axis", "dL/dx = g at the median's index, else 0")

    @staticmethod
    def chosen(x: np.ndarray, axis: int, keepdims: bool) -> np.ndarray:  # type: ignore[override]
        if x.ndim == 0:
            return np.zeros((), np.int64)
        z = lower_median(x, axis, keepdims=True)
        hits = (x == z) | (np.isnan(x) & np.isnan(z)) if x.dtype.kind == "f" else x == z
        index = np.argmax(hits, axis, keepdims=True)  # the first one
        return index if keepdims else index.squeeze(axis)

    def forward(self, x: np.ndarray, **params: Any) -> np.ndarray:
        axis, keepdims = params["axis"], params["keepdims"]
        index = self.chosen(x, axis, True)
        self.saved = index  # with the axis kept, for backward
        if x.ndim == 0:
            return x.copy()
        z = x[along(index, axis)]
        return z if keepdims else z.squeeze(axis)

    def backward(self, g: Any) -> Any:
        x, axis = self.inputs[0], self.params["axis"]
        if x.ndim == 0:
            return g
        g = g.reshape(keepdims_shape(x.shape, (axis,)))
        return either.index_add(g, x.shape, along(self.saved, axis))


def median(x: Any, dim: Any = None, keepdim: bool = False, **numpy_names: Any) -> Any:
    """PyTorch's median: the lower of the two middle values (never their average), NaN
    where a NaN is among them.

    * `median(x)`: of all the elements, a 0-d tensor; equal elements share the gradient;
    * `median(x, dim)` (with `keepdim`): the named tuple (values, indices) along that
      axis; the index is the first element equal to the median, and only it gets the
      gradient.
    """
    x = as_tensor(x)
    dim, keepdim = numpy_aliases("median", dim, keepdim, numpy_names)
    if x.dtype == np.bool_:
        raise DTypeError("median: bool tensors are not supported (as in PyTorch); convert "
                         "first, e.g. mask.astype(np.int64).median()")
    if dim is None:
        if x._data.size == 0 and x.dtype.kind != "f":
            raise ValueError(f"median: the {x.dtype} tensor of shape {shape_str(x.shape)} is "
                             "empty, so it has no median (and NaN, a float's answer, is no "
                             f"{x.dtype}); convert first, e.g. x.float().median()")
        return Median.apply(x, axis=tuple(range(x.ndim)), keepdims=False)
    axis = _axis("median", x, dim)
    if x.ndim and x.shape[axis] == 0:
        raise ShapeError(f"median: axis {axis} of the tensor of shape {shape_str(x.shape)} "
                         "has size 0, so there is no median along it")
    params = {"axis": axis, "keepdims": bool(keepdim)}
    return ValuesIndices(MedianDim.apply(x, **params), _indices(MedianDim, x, **params))


def mode_index(x: np.ndarray, axis: int) -> np.ndarray:
    """Where x's most frequent value lies along `axis` (the axis kept, size 1): the last
    element equal to it, as PyTorch gives. Ties go to the smallest value; NaNs count as
    one value, larger than every number, so one wins only by being the most frequent.

    Sorted, equal values stand in runs; the first position at which a run reaches the
    longest length belongs to the smallest value with that many copies.
    """
    s = np.moveaxis(np.sort(x, axis), axis, -1)  # NaN sorts last
    same = s[..., 1:] == s[..., :-1]
    if x.dtype.kind == "f":
        same |= np.isnan(s[..., 1:]) & np.isnan(s[..., :-1])
    positions = np.arange(s.shape[-1])
    starts_run = np.concatenate([np.ones(s.shape[:-1] + (1,), bool), ~same], axis=-1)
    run_start = np.maximum.accumulate(np.where(starts_run, positions, 0), axis=-1)
    run_length = positions - run_start + 1  # of each run so far
    longest = np.argmax(run_length == run_length.max(-1, keepdims=True), axis=-1)
    value = np.take_along_axis(s, longest[..., None], axis=-1)
    xs = np.moveaxis(x, axis, -1)
    hits = xs == value
    if x.dtype.kind == "f":
        hits |= np.isnan(xs) & np.isnan(value)
    last = (s.shape[-1] - 1) - np.argmax(hits[..., ::-1], axis=-1)
    return np.expand_dims(last, axis).astype(np.int64)


class ModeDim(MedianDim):
    """z = the most frequent value of x along one axis (x.mode(dim).values): z = x[index],
    the last element equal to it (ties: the smallest value; see mode_index).

    dz/dx_i = 1 at that index, else 0 (one element is picked, as for the median).
    """

    chain = ("z = the most frequent value of x along axis", "dL/dx = g at the mode's index, else 0")

    @staticmethod
    def chosen(x: np.ndarray, axis: int, keepdims: bool) -> np.ndarray:  # type: ignore[override]
        if x.ndim == 0:
            return np.zeros((), np.int64)
        index = mode_index(x, axis)
        return index if keepdims else index.squeeze(axis)


def mode(x: Any, dim: Any = -1, keepdim: bool = False, **numpy_names: Any) -> Any:
    """PyTorch's mode: the named tuple (values, indices) of the most frequent value along
    `dim` (the last by default). Ties go to the smallest value; the index is that of its
    last occurrence, and only that element gets the gradient.

        mg.mode(mg.tensor([[1, 2, 2, 3, 3], [5, 5, 1, 1, 0]]))  # values [2, 1], indices [2, 3]
    """
    x = as_tensor(x)
    dim, keepdim = numpy_aliases("mode", dim, keepdim, numpy_names)
    axis = _axis("mode", x, -1 if dim is None else dim)
    if x.ndim and x.shape[axis] == 0:
        raise ShapeError(f"mode: axis {axis} of the tensor of shape {shape_str(x.shape)} "
                         "has size 0, so there is no most frequent value along it")
    params = {"axis": axis, "keepdims": bool(keepdim)}
    return ValuesIndices(ModeDim.apply(x, **params), _indices(ModeDim, x, **params))


def _axis(name: str, x: Tensor, dim: Any) -> int:
    if not isinstance(dim, (int, np.integer)) or isinstance(dim, bool):
        raise TypeError(f"{name}: dim must be one int, got {dim!r}")
    axes = normalize_axis(dim, x.ndim, name)
    return axes[0] if axes else 0


def _indices(op: type[Sort], x: Tensor, **params: Any) -> np.ndarray:
    """The indices the op finds, as an int64 Tensor (asked again rather than taken from
    the node: a node is only made when a gradient is wanted)."""
    return Tensor._make(np.asarray(op.chosen(x._data, **params), np.int64))


def sort(x: Any, dim: int = -1, descending: bool = False, stable: bool = False,
         **numpy_names: Any) -> ValuesIndices:
    """x sorted along `dim` (the last axis by default): the named tuple (values, indices),
    with x.gather-style indices (values = x[..., indices, ...]). Always stable (equal
    values keep their order; `stable=True` is accepted and changes nothing). NaN sorts
    as the largest value. The gradient goes back to where each value came from."""
    x = as_tensor(x)
    dim, _ = numpy_aliases("sort", dim, False, numpy_names)
    params = {"axis": _axis("sort", x, dim), "descending": bool(descending)}
    return ValuesIndices(Sort.apply(x, **params), _indices(Sort, x, **params))


def argsort(x: Any, dim: int = -1, descending: bool = False, stable: bool = False,
            **numpy_names: Any) -> Tensor:
    """The indices that sort x along `dim` (int64, no gradient): sort(x, ...).indices."""
    x = as_tensor(x)
    dim, _ = numpy_aliases("argsort", dim, False, numpy_names)
    return _indices(Sort, x, axis=_axis("argsort", x, dim), descending=bool(descending))


def topk(x: Any, k: int, dim: int = -1, largest: bool = True, sorted: bool = True,  # noqa: A002
         **numpy_names: Any) -> ValuesIndices:
    """The k largest elements along `dim` (the smallest with `largest=False`), largest
    first: the named tuple (values, indices). Of equal values, the earlier ones are
    taken (PyTorch leaves that choice open). Results are always in order (`sorted=False`
    allows any order in PyTorch). Only the chosen elements get a gradient."""
    x = as_tensor(x)
    dim, _ = numpy_aliases("topk", dim, False, numpy_names)
    axis = _axis("topk", x, dim)
    if x.dtype == np.bool_:
        raise DTypeError("topk: bool tensors are not supported (as in PyTorch); convert "
                         "first, e.g. mask.astype(np.int64).topk(k)")
    n = x.shape[axis] if x.ndim else 1
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise TypeError(f"topk: k must be an int, got {k!r}")
    if not 0 <= k <= n:
        raise ShapeError(f"topk: k={k} is out of range: axis {axis} of the tensor of shape "
                         f"{shape_str(x.shape)} has {n} element(s), so k must be 0 to {n}")
    params = {"k": int(k), "axis": axis, "largest": bool(largest)}
    return ValuesIndices(TopK.apply(x, **params), _indices(TopK, x, **params))
