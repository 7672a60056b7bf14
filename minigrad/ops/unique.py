"""unique: the distinct elements (or distinct slices along a dim) of a tensor, sorted.

Sorting brings equal values (or equal rows) next to each other, so each run of
equal neighbours is one distinct value: where a run starts says which values are
kept, the run's length is its count, and the run number is the inverse index
(which distinct value each input element is). NaN never equals NaN, so every NaN
is distinct, as in PyTorch.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import BackwardError, ShapeError, shape_str
from ..function import Function
from ..tensor import Tensor
from .arguments import as_tensor, normalize_axis


def distinct_rows(a: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct rows of the 2-D `a`, sorted, with the inverse index of each row and
    the count of each distinct row."""
    n = a.shape[0]
    order = np.lexsort(a.T[::-1]) if a.shape[1] else np.arange(n)  # first column first
    rows = a[order]
    starts = np.ones(n, bool)
    starts[1:] = (rows[1:] != rows[:-1]).any(axis=1)  # NaN != NaN: a NaN starts its own run
    inverse = np.empty(n, np.int64)
    inverse[order] = np.cumsum(starts) - 1
    counts = np.diff(np.flatnonzero(np.append(starts, True))).astype(np.int64)
    return rows[starts], inverse, counts


def unique_parts(x: np.ndarray, axis: int | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(values, inverse, counts) of x's distinct elements (axis None) or slices along axis."""
    if axis is None:
        values, inverse, counts = distinct_rows(x.reshape(-1, 1))
        return values.reshape(-1), inverse.reshape(x.shape), counts
    moved = np.moveaxis(x, axis, 0)  # one row per slice
    width = moved[0].size if len(moved) else 0
    rows, inverse, counts = distinct_rows(moved.reshape(len(moved), width))
    values = np.moveaxis(rows.reshape((len(rows),) + moved.shape[1:]), 0, axis)
    return values, inverse, counts


class Unique(Function):
    """z = the distinct elements of x, sorted (or its distinct slices along `axis`).

    No gradient is defined, as in PyTorch: the result requires grad when x does, and a
    backward through it raises.
    """

    chain = ("z = the distinct values of x, sorted", "no gradient (as in PyTorch)")

    def forward(self, x: np.ndarray, axis: int | None) -> np.ndarray:
        return unique_parts(x, axis)[0]

    def backward(self, g: Any) -> Any:
        raise BackwardError(
            "unique: its derivative is not defined (PyTorch does not define it either): "
            "which elements are distinct does not change smoothly with the values. Take "
            "unique's result out of the graph with .detach(), or compute the loss another way"
        )


def unique(input: Any, sorted: bool = True, return_inverse: bool = False,  # noqa: A002
           return_counts: bool = False, dim: int | None = None) -> Any:
    """The distinct elements of `input`, sorted (1-D), or with `dim` its distinct slices
    along that axis. As torch.unique:

        values = mg.unique(mg.tensor([3, 1, 2, 3, 1]))                    # [1, 2, 3]
        values, inverse, counts = x.unique(return_inverse=True, return_counts=True)

    `inverse` says which distinct value each element (or slice) is: values[inverse]
    rebuilds the input. `sorted=False` is accepted, and the values still come sorted
    (PyTorch's CPU code sorts them too).
    """
    x = as_tensor(input)
    axis = None
    if dim is not None:
        if x.ndim == 0:
            raise ShapeError(f"unique: a 0-d tensor has no dim {dim}; leave dim out")
        axis = normalize_axis(dim, x.ndim, "unique")[0]
        empty_axes = [i for i, n in enumerate(x.shape) if n == 0]
        if empty_axes and empty_axes != [axis]:  # only an empty dim itself may be empty
            raise ShapeError(f"unique: along dim {dim} of a tensor of shape {shape_str(x.shape)} "
                             "the slices are empty (another axis has size 0), so no slices can "
                             "be told apart; as in PyTorch, this is refused")
    values = Unique.apply(x, axis=axis)
    if not (return_inverse or return_counts):
        return values
    # asked again rather than taken from the node: a node is only made when grad is wanted
    _, inverse, counts = unique_parts(x._data, axis)
    extra = ([Tensor._make(inverse)] if return_inverse else []) + \
            ([Tensor._make(counts)] if return_counts else [])
    return (values, *extra)
