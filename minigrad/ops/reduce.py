"""Reductions: sum, mean, max, min over an axis, a tuple of axes, or all.

Backward spreads the gradient of each reduced value back over the elements
it came from: `keepdims_shape` puts back the reduced axes as size 1, then
broadcasting repeats the gradient along them.

max and min come in PyTorch's three forms. `x.max()` is one number (tied
maxima share its gradient); `x.max(dim)` is the pair (values, indices) along
one axis, and only the element at the returned index gets the gradient;
`x.max(other_tensor)` is the elementwise `maximum`. `amax`/`amin` reduce over
any axes and return values only, ties sharing the gradient.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from ..dtypes import accumulate_dtype
from ..errors import DTypeError, shape_str
from ..function import Function
from ..tensor import Tensor
from . import either
from .arguments import as_tensor, normalize_axis, torch_aliases
from .elementwise import maximum, minimum


def keepdims_shape(shape: tuple[int, ...], axes: tuple[int, ...]) -> tuple[int, ...]:
    """`shape` with the reduced `axes` set to 1."""
    return tuple(1 if i in axes else n for i, n in enumerate(shape))


class ValuesIndices(NamedTuple):
    """What `max(x, dim)` and `min(x, dim)` return, as PyTorch's named tuple:
    `values, indices = x.max(1)`, or `x.max(1).indices`, or `x.max(1)[1]`."""

    values: Tensor
    indices: Tensor

    def __repr__(self) -> str:
        return f"ValuesIndices(\nvalues={self.values!r},\nindices={self.indices!r})"


def sum_dtype(dtype: np.dtype) -> np.dtype:
    """What a sum gives, as in PyTorch: floats keep their dtype, integers and bools int64."""
    return dtype if dtype.kind == "f" else np.dtype(np.int64)


class Sum(Function):
    """z = sum of x over `axis`.   dz/dx_i = 1 for every element summed.

    float16 is added up in float32 and rounded once (`accumulate_dtype`), so a
    sum that fits float16 at the end does not overflow on the way.
    """

    chain = ("z = sum of x over axis", "dz/dx = 1 for every element summed")

    def forward(self, x: np.ndarray, axis: tuple[int, ...], keepdims: bool) -> np.ndarray:
        z = np.sum(x, axis=axis, keepdims=keepdims, dtype=accumulate_dtype(sum_dtype(x.dtype)))
        if x.dtype != np.float16:
            return z.astype(sum_dtype(x.dtype), copy=False)
        with np.errstate(over="ignore"):  # a float16 sum too large to hold is inf
            return z.astype(np.float16)

    def backward(self, g: Any) -> Any:
        shape = self.inputs[0].shape
        return either.broadcast_to(g.reshape(keepdims_shape(shape, self.params["axis"])), shape)


class Mean(Function):
    """z = sum of x over `axis` / n.   dz/dx_i = 1 / n."""

    chain = ("z = sum of x over axis / n", "dz/dx = 1 / n")

    def forward(self, x: np.ndarray, axis: tuple[int, ...], keepdims: bool) -> np.ndarray:
        z = np.mean(x, axis=axis, keepdims=keepdims, dtype=accumulate_dtype(x.dtype))
        return z.astype(x.dtype, copy=False)  # float16: averaged in float32, rounded once

    def backward(self, g: Any) -> Any:
        shape, axis = self.inputs[0].shape, self.params["axis"]
        count = int(np.prod([shape[a] for a in axis]))
        return either.broadcast_to(g.reshape(keepdims_shape(shape, axis)), shape) / count


class Amax(Function):
    """z = max of x over `axis` (amax).   dz/dx_i = 1/k where x_i is one of the k maxima,
    else 0.

    Splitting the gradient among ties (as PyTorch's amax and x.max() do) keeps
    the total gradient right whichever element is "the" maximum. Where the
    maximum is NaN, no element equals it and the gradient is 0/0 = NaN, as
    PyTorch's amax gives.
    """

    reduce = staticmethod(np.max)

    @staticmethod
    def winners(x: np.ndarray, z: np.ndarray) -> np.ndarray:
        return x == z

    def forward(self, x: np.ndarray, axis: tuple[int, ...], keepdims: bool) -> np.ndarray:
        z = self.reduce(x, axis=axis, keepdims=True)
        winners = self.winners(x, z)
        with np.errstate(invalid="ignore"):  # 0/0 where the maximum is NaN (see above)
            self.saved = winners / winners.sum(axis=axis, keepdims=True).astype(x.dtype)
        return z if keepdims else z.reshape([n for i, n in enumerate(z.shape) if i not in axis])

    def spread(self, g: Any) -> Any:
        """g repeated over the reduced axes, in x's shape."""
        shape = self.inputs[0].shape
        return either.broadcast_to(g.reshape(keepdims_shape(shape, self.params["axis"])), shape)

    def backward(self, g: Any) -> Any:
        return self.spread(g) * self.saved


class Amin(Amax):
    """z = min of x over `axis` (amin).   dz/dx_i = 1/k where x_i is one of the k minima,
    else 0 (NaN where the minimum is NaN)."""

    reduce = staticmethod(np.min)


class Max(Amax):
    """z = the largest element of x (x.max()).   dz/dx_i = 1/k where x_i is one of the k
    maxima, else 0.

    As amax, except where the maximum is NaN: then the NaN elements count as
    the maxima and share the gradient, as PyTorch's x.max() does.
    """

    @staticmethod
    def winners(x: np.ndarray, z: np.ndarray) -> np.ndarray:
        return (x == z) | (np.isnan(x) & np.isnan(z))

    def backward(self, g: Any) -> Any:
        # amax's shares, but an element that is not a maximum gets 0 even where g is inf
        # or NaN: PyTorch's max gives 0 there (its amax multiplies, and gives NaN)
        return either.weighted(self.spread(g), self.saved)


class Min(Max):
    """z = the smallest element of x (x.min()).   dz/dx_i = 1/k where x_i is one of the k
    minima (the NaNs, if the minimum is NaN), else 0."""

    reduce = staticmethod(np.min)


class MaxDim(Max):
    """z = max of x along one axis (x.max(dim).values).   dz/dx_i = 1 at its index, else 0.

    Only the argmax gets the gradient: on ties the one element PyTorch reports
    (the first) takes all of it. Backward is Max's, with this one-hot weight in
    place of the shared one.
    """

    pick = staticmethod(np.argmax)  # the first of tied maxima, as PyTorch

    def forward(self, x: np.ndarray, axis: tuple[int], keepdims: bool) -> np.ndarray:
        (a,) = axis
        index = self.pick(x, axis=a, keepdims=True)
        positions = np.arange(x.shape[a]).reshape([-1 if i == a else 1 for i in range(x.ndim)])
        self.saved = (positions == index).astype(x.dtype)  # index keeps the axis as size 1
        z = np.take_along_axis(x, index, axis=a)
        return z if keepdims else z.squeeze(a)


class MinDim(MaxDim):
    """z = min of x along one axis (x.min(dim).values).   dz/dx_i = 1 at its index, else 0."""

    pick = staticmethod(np.argmin)


def _check_not_empty(name: str, x: Tensor, axes: tuple[int, ...]) -> None:
    """max/min/argmax/... of nothing has no answer (sum and mean do: 0 and NaN)."""
    empty = [a for a in axes if x.shape[a] == 0]
    if not empty:
        return
    word = "maximum" if "max" in name else "minimum"
    if len(axes) == x.ndim:
        raise ValueError(
            f"{name}: the tensor of shape {shape_str(x.shape)} is empty; it has no {word}"
        )
    raise ValueError(
        f"{name}: axis {empty[0]} of the tensor of shape {shape_str(x.shape)} has size 0, so "
        f"there is no {word} along it; reduce over an axis of nonzero size"
    )


def _reduce(
    op: type[Function], name: str, x: Any, axis: Any, keepdims: bool, names: dict[str, Any]
) -> Tensor:
    x = as_tensor(x)
    axis, keepdims = torch_aliases(name, axis, keepdims, names)
    if isinstance(axis, tuple) and not axis:
        axis = None  # dim=() reduces over every axis in PyTorch (numpy: over none)
    axes = normalize_axis(axis, x.ndim, name)
    if op in (Amax, Amin, Max, Min):
        _check_not_empty(name, x, axes)
    return op.apply(x, axis=axes, keepdims=keepdims)


def sum(x: Any, axis: Any = None, keepdims: bool = False, **torch_names: Any) -> Tensor:  # noqa: A001
    """Sum over `axis` (an int, a tuple, or None or () for all, as PyTorch); `keepdims`
    keeps them as size 1."""
    return _reduce(Sum, "sum", x, axis, keepdims, torch_names)


def mean(x: Any, axis: Any = None, keepdims: bool = False, **torch_names: Any) -> Tensor:
    """Mean over `axis` (an int, a tuple, or None or () for all); floating tensors only."""
    x = as_tensor(x)
    if x._data.dtype.kind != "f":
        raise DTypeError(
            f"mean: the tensor has dtype {x._data.dtype}, and a mean is only defined here for "
            "floating tensors (PyTorch refuses it too); convert first: x.float().mean()"
        )
    return _reduce(Mean, "mean", x, axis, keepdims, torch_names)


def amax(x: Any, axis: Any = None, keepdims: bool = False, **torch_names: Any) -> Tensor:
    """Largest value over `axis` (an int, a tuple, or None or () for all); tied maxima
    share the gradient equally. Values only: `max(x, dim)` also gives the indices."""
    return _reduce(Amax, "amax", x, axis, keepdims, torch_names)


def amin(x: Any, axis: Any = None, keepdims: bool = False, **torch_names: Any) -> Tensor:
    """Smallest value over `axis` (an int, a tuple, or None or () for all); tied minima
    share the gradient equally. Values only: `min(x, dim)` also gives the indices."""
    return _reduce(Amin, "amin", x, axis, keepdims, torch_names)


def _max_or_min(
    name: str, x: Any, axis: Any, keepdims: bool, names: dict[str, Any]
) -> Tensor | ValuesIndices:
    is_max = name == "max"
    if isinstance(axis, (Tensor, np.ndarray)):  # torch.max(a, b): the elementwise maximum
        if names or keepdims:
            raise TypeError(f"{name}(x, other) is elementwise and takes no other arguments")
        return maximum(x, axis) if is_max else minimum(x, axis)
    x = as_tensor(x)
    axis, keepdims = torch_aliases(name, axis, keepdims, names)
    if axis is None:  # one number (tied extremes share the gradient)
        return _reduce(Max if is_max else Min, name, x, None, keepdims, {})
    if isinstance(axis, (tuple, list)):
        raise TypeError(
            f"{name}: dim must be one int, got {axis!r}: {name}(x, dim) gives (values, "
            f"indices) along one axis. For the {name}imum over several axes use "
            f"mg.a{name}(x, {tuple(axis)!r}) or x.a{name}({tuple(axis)!r})"
        )
    axes = normalize_axis(axis, x.ndim, name)  # () for a 0-d tensor
    _check_not_empty(name, x, axes)
    if not axes:  # a 0-d tensor is its own maximum, at index 0
        values = (Max if is_max else Min).apply(x, axis=(), keepdims=False)
        return ValuesIndices(values, Tensor._make(np.zeros((), np.int64)))
    op = MaxDim if is_max else MinDim
    values = op.apply(x, axis=axes, keepdims=keepdims)
    # The op finds the same index for its gradient; asking numpy again keeps the op's
    # parameters what the user passed.
    indices = op.pick(x._data, axis=axes[0], keepdims=keepdims)
    return ValuesIndices(values, Tensor._make(np.asarray(indices, np.int64)))


def max(  # noqa: A001
    x: Any, axis: Any = None, keepdims: bool = False, **torch_names: Any
) -> Tensor | ValuesIndices:
    """PyTorch's max, in its three forms:

    * `max(x)`: the largest value, a 0-d tensor; tied maxima share the gradient;
    * `max(x, dim)` (or `dim=`/`axis=`, with `keepdim`/`keepdims`): the named tuple
      (values, indices) along that one axis; indices point at the first maximum,
      and only that element gets the gradient;
    * `max(x, other)` with a Tensor `other`: the elementwise `maximum`.

    For the maximum over several axes, values only, use `amax`.
    """
    return _max_or_min("max", x, axis, keepdims, torch_names)


def min(  # noqa: A001
    x: Any, axis: Any = None, keepdims: bool = False, **torch_names: Any
) -> Tensor | ValuesIndices:
    """PyTorch's min: `min(x)`, `min(x, dim)` -> (values, indices), or `min(x, other)`
    (the elementwise `minimum`); see `max`. Over several axes use `amin`."""
    return _max_or_min("min", x, axis, keepdims, torch_names)


def _arg_reduce(
    name: str, pick: Any, x: Any, axis: Any, keepdims: bool, names: dict[str, Any]
) -> Tensor:
    x = as_tensor(x)
    axis, keepdims = torch_aliases(name, axis, keepdims, names)
    if axis is not None and not isinstance(axis, (int, np.integer)):
        raise TypeError(f"{name}: axis must be an int or None, got {axis!r}")
    if x._data.dtype == np.bool_:
        raise DTypeError(f"{name}: bool tensors are not supported (as in PyTorch); convert "
                         f"first, e.g. mask.astype(np.int64).{name}()")
    axes = normalize_axis(axis, x.ndim, name)
    _check_not_empty(name, x, axes)
    if x.ndim == 0:  # the one element, at index 0
        return Tensor._make(np.zeros((), np.int64))
    return Tensor._make(np.asarray(pick(x._data, axis=axis, keepdims=keepdims), np.int64))


def argmax(x: Any, axis: Any = None, keepdims: bool = False, **torch_names: Any) -> Tensor:
    """Index of the largest value over `axis` (None: of the flattened tensor, and with
    `keepdims` every axis stays as size 1); the first of tied maxima; no gradient."""
    return _arg_reduce("argmax", np.argmax, x, axis, keepdims, torch_names)


def argmin(x: Any, axis: Any = None, keepdims: bool = False, **torch_names: Any) -> Tensor:
    """Index of the smallest value over `axis` (None: of the flattened tensor); the
    first of tied minima; no gradient."""
    return _arg_reduce("argmin", np.argmin, x, axis, keepdims, torch_names)
