"""Reductions: sum, mean, max, min over an axis, a tuple of axes, or all.

Backward spreads the gradient of each reduced value back over the elements
it came from: `keepdims_shape` puts back the reduced axes as size 1, then
broadcasting repeats the gradient along them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..autograd import Function
from ..tensor import Tensor
from .common import as_tensor, broadcast_to, normalize_axis, torch_aliases


def keepdims_shape(shape: tuple[int, ...], axes: tuple[int, ...]) -> tuple[int, ...]:
    """`shape` with the reduced `axes` set to 1."""
    return tuple(1 if i in axes else n for i, n in enumerate(shape))


class Sum(Function):
    """z = sum of x over `axis`.   dz/dx_i = 1 for every element summed."""

    def forward(self, x: np.ndarray, axis: tuple[int, ...], keepdims: bool) -> np.ndarray:
        self.axis, self.keepdims = axis, keepdims
        return np.sum(x, axis=axis, keepdims=keepdims)

    def backward(self, g: Any) -> Any:
        shape = self.inputs[0].shape
        return broadcast_to(g.reshape(keepdims_shape(shape, self.axis)), shape)


class Mean(Function):
    """z = sum of x over `axis` / n.   dz/dx_i = 1 / n."""

    def forward(self, x: np.ndarray, axis: tuple[int, ...], keepdims: bool) -> np.ndarray:
        self.axis, self.keepdims = axis, keepdims
        return np.mean(x, axis=axis, keepdims=keepdims)

    def backward(self, g: Any) -> Any:
        shape = self.inputs[0].shape
        count = int(np.prod([shape[a] for a in self.axis]))
        return broadcast_to(g.reshape(keepdims_shape(shape, self.axis)), shape) / count


class Max(Function):
    """z = max of x over `axis`.   dz/dx_i = 1/k where x_i is one of the k maxima, else 0.

    Splitting the gradient among ties (as PyTorch's amax does) keeps the total
    gradient right whichever element is "the" maximum.
    """

    reduce = staticmethod(np.max)

    def forward(self, x: np.ndarray, axis: tuple[int, ...], keepdims: bool) -> np.ndarray:
        self.axis, self.keepdims = axis, keepdims
        z = self.reduce(x, axis=axis, keepdims=True)
        winners = x == z
        self.saved = winners / winners.sum(axis=axis, keepdims=True).astype(x.dtype)
        return z if keepdims else z.reshape([n for i, n in enumerate(z.shape) if i not in axis])

    def backward(self, g: Any) -> Any:
        shape = self.inputs[0].shape
        return broadcast_to(g.reshape(keepdims_shape(shape, self.axis)), shape) * self.saved


class Min(Max):
    """z = min of x over `axis`.   dz/dx_i = 1/k where x_i is one of the k minima, else 0."""

    reduce = staticmethod(np.min)


def _reduce(
    op: type[Function], name: str, x: Any, axis: Any, keepdims: bool, names: dict[str, Any]
) -> Tensor:
    x = as_tensor(x)
    axis, keepdims = torch_aliases(name, axis, keepdims, names)
    axes = normalize_axis(axis, x.ndim, name)
    if op in (Max, Min) and x.size == 0:
        raise ValueError(f"{name}: the tensor of shape {x.shape} is empty; it has no {name}imum")
    return op.apply(x, axis=axes, keepdims=keepdims)


def sum(x: Any, axis: Any = None, keepdims: bool = False, **torch_names: Any) -> Tensor:  # noqa: A001
    """Sum over `axis` (an int, a tuple, or None for all); `keepdims` keeps them as size 1."""
    return _reduce(Sum, "sum", x, axis, keepdims, torch_names)


def mean(x: Any, axis: Any = None, keepdims: bool = False, **torch_names: Any) -> Tensor:
    """Mean over `axis` (an int, a tuple, or None for all)."""
    return _reduce(Mean, "mean", x, axis, keepdims, torch_names)


def max(x: Any, axis: Any = None, keepdims: bool = False, **torch_names: Any) -> Tensor:  # noqa: A001
    """Largest value over `axis`; tied maxima share the gradient equally."""
    return _reduce(Max, "max", x, axis, keepdims, torch_names)


def min(x: Any, axis: Any = None, keepdims: bool = False, **torch_names: Any) -> Tensor:  # noqa: A001
    """Smallest value over `axis`; tied minima share the gradient equally."""
    return _reduce(Min, "min", x, axis, keepdims, torch_names)


def _arg_reduce(
    name: str, pick: Any, x: Any, axis: Any, keepdims: bool, names: dict[str, Any]
) -> Tensor:
    x = as_tensor(x)
    axis, keepdims = torch_aliases(name, axis, keepdims, names)
    if axis is not None and not isinstance(axis, (int, np.integer)):
        raise TypeError(f"{name}: axis must be an int or None, got {axis!r}")
    if axis is not None and x.ndim:
        (axis,) = normalize_axis(axis, x.ndim, name)
    if x.size == 0:
        raise ValueError(f"{name}: the tensor of shape {x.shape} is empty; it has no {name[3:]}")
    if x.ndim == 0:
        axis = None
    return Tensor._make(np.asarray(pick(x.data, axis=axis, keepdims=keepdims)))


def argmax(x: Any, axis: Any = None, keepdims: bool = False, **torch_names: Any) -> Tensor:
    """Index of the largest value over `axis` (None: of the flattened tensor); no gradient."""
    return _arg_reduce("argmax", np.argmax, x, axis, keepdims, torch_names)


def argmin(x: Any, axis: Any = None, keepdims: bool = False, **torch_names: Any) -> Tensor:
    """Index of the smallest value over `axis` (None: of the flattened tensor); no gradient."""
    return _arg_reduce("argmin", np.argmin, x, axis, keepdims, torch_names)
