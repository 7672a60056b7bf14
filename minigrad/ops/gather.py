"""Picking and placing along one axis with a tensor of indices: gather,
scatter, scatter_add, index_select, index_add.

They are indexing with the index spelled as a tensor, and their backwards are
each other: what gather picks, its backward puts back (adding where an index
repeats); what scatter_add puts, its backward picks. In the docstrings, for
dim=1 of a 3-d x: gather gives z[i, j, k] = x[i, index[i, j, k], k].

Indices follow PyTorch: a tensor (or array) of int64 or int32, each in
[0, size) of the axis it indexes (no negative indices), checked before anything
is computed so that a bad one gets a message naming the op, the dim, the index
and the size.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..dtypes import scalar_array
from ..errors import DTypeError, ShapeError, shape_str
from ..function import Function
from ..tensor import Tensor
from . import either
from .arguments import as_tensor, normalize_axis
from .masking import fill_value, stored


def _positions(index: np.ndarray, dim: int) -> tuple[np.ndarray, ...]:
    """The numpy index that gather's rule spells: for dim=1, (i, index[i, j, k], k)
    for every position (i, j, k) of `index` (the other axes are aranges that broadcast)."""
    grid = list(np.indices(index.shape, sparse=True))
    grid[dim] = index
    return tuple(grid)


def _first(shape: tuple[int, ...]) -> tuple[slice, ...]:
    """The leading block of that shape: scatter reads src only where index has positions."""
    return tuple(slice(0, n) for n in shape)


def _along(dim: int, index: np.ndarray) -> tuple[Any, ...]:
    """The numpy index x[:, :, index] with `index` on axis `dim`."""
    return (slice(None),) * dim + (index,)


class Gather(Function):
    """z = x picked along `dim` by index: for dim=1, z[i, j, k] = x[i, index[i, j, k], k].

    dz/dx is 1 at each picked place: dL/dx = zeros with g added at the picked
    places (a place picked twice gets both gradients).
    """

    def forward(self, x: np.ndarray, dim: int, index: np.ndarray) -> np.ndarray:
        return x[_positions(index, dim)]

    def backward(self, g: Any) -> Any:
        where = _positions(self.params["index"], self.params["dim"])
        return either.index_add(g, self.inputs[0].shape, where)


class ScatterAdd(Function):
    """z = x with src added at the places index names: for dim=1,
    z[i, index[i, j, k], k] += src[i, j, k] (repeated places add up).

    dz/dx = 1: dL/dx = g.   dz/dsrc = 1 at each place src went to:
    dL/dsrc = g gathered from those places (zero where src was not used).
    """

    def forward(self, x: np.ndarray, src: np.ndarray, dim: int, index: np.ndarray) -> np.ndarray:
        wide = x.dtype == np.float16  # PyTorch sums float16 in float32 and rounds once
        z = x.astype(np.float32) if wide else x.copy()
        np.add.at(z, _positions(index, dim), src[_first(index.shape)])
        return z.astype(np.float16) if wide else z

    def backward(self, g: Any) -> tuple[Any, Any]:
        return g, _src_grad(self, g)


class Scatter(Function):
    """z = x with src written at the places index names: for dim=1,
    z[i, index[i, j, k], k] = src[i, j, k] (a repeated place keeps one of them).

    dz/dx = 1 where x was kept, 0 where it was overwritten: dL/dx = g with zeros
    there.   dz/dsrc = 1 at each place src went to: dL/dsrc = g gathered from
    those places, as in PyTorch (also for a src value that a repeat overwrote).
    """

    def forward(self, x: np.ndarray, src: np.ndarray, dim: int, index: np.ndarray) -> np.ndarray:
        z = x.copy()
        z[_positions(index, dim)] = src[_first(index.shape)]
        return z

    def backward(self, g: Any) -> tuple[Any, Any]:
        gx = None
        if self.needs_input_grad[0]:
            written = np.zeros(self.inputs[0].shape, dtype=bool)
            written[_positions(self.params["index"], self.params["dim"])] = True
            gx = either.where(written, np.zeros((), dtype=g.dtype), g)
        return gx, _src_grad(self, g)


def _src_grad(node: Function, g: Any) -> Any:
    """dL/dsrc of ScatterAdd and Scatter: g at the places src went to, in src's shape."""
    if not node.needs_input_grad[1]:
        return None
    index, src_shape = node.params["index"], node.inputs[1].shape
    picked = g[_positions(index, node.params["dim"])]
    if index.shape == src_shape:
        return picked
    return either.index_add(picked, src_shape, _first(index.shape))  # the unused part: 0


class IndexSelect(Function):
    """z = x[:, index] along `dim` (index 1-d): the slices of x that index names, in order.

    dL/dx = zeros with g's slices added at the places they came from (repeats add up).
    """

    def forward(self, x: np.ndarray, dim: int, index: np.ndarray) -> np.ndarray:
        return x[_along(dim, index)]

    def backward(self, g: Any) -> Any:
        where = _along(self.params["dim"], self.params["index"])
        return either.index_add(g, self.inputs[0].shape, where)


class IndexAddAlong(Function):
    """z = x with alpha * source[:, k] added to x[:, index[k]] along `dim` (repeats add up).

    dz/dx = 1: dL/dx = g.   dz/dsource = alpha at each place it went to:
    dL/dsource = alpha * g[:, index] (index_select of g).
    """

    def forward(self, x: np.ndarray, source: np.ndarray, dim: int, index: np.ndarray,
                alpha: Any) -> np.ndarray:
        z = x.copy()
        if alpha != 1:  # (an int alpha wraps around in an integer dtype, as in PyTorch)
            scale = scalar_array(alpha, source.dtype) if source.dtype.kind in "iu" else alpha
            source = source * scale
        if source.size:  # nothing to add: PyTorch does not look at the indices then
            np.add.at(z, _along(dim, index), source)
        return z

    def backward(self, g: Any) -> tuple[Any, Any]:
        gsource = None
        if self.needs_input_grad[1]:
            alpha = self.params["alpha"]
            gsource = g[_along(self.params["dim"], self.params["index"])]
            if alpha != 1:
                gsource = gsource * alpha
        return g, gsource


# ---- the functions users call ------------------------------------------------------------
def _index(op: str, index: Any) -> np.ndarray:
    """The user's index as an int64 array, after PyTorch's checks on its type."""
    if isinstance(index, Tensor):
        index = index._data
    if not isinstance(index, np.ndarray):
        raise TypeError(
            f"{op}: index must be a tensor of int64 (or int32) indices, got "
            f"{type(index).__name__}; e.g. mg.tensor([0, 2])"
        )
    if index.dtype not in (np.int64, np.int32):
        raise DTypeError(
            f"{op}: index must hold int64 (or int32) values, as in PyTorch, got dtype "
            f"{index.dtype}; convert it with index.to(mg.int64)" + (
                " (for a bool mask, use masked_fill or x[mask])" if index.dtype == np.bool_
                else "")
        )
    return index.astype(np.int64, copy=False)


def _in_range(op: str, index: np.ndarray, dim: int, size: int) -> None:
    """Every index in [0, size): PyTorch's range (no negative indices here)."""
    bad = index[(index < 0) | (index >= size)]
    if bad.size:
        raise IndexError(
            f"{op}: index {int(bad[0])} is out of range for dim {dim} of size {size} "
            f"(valid: 0 to {size - 1}; negative indices are not allowed)"
        )


def _dim(op: str, dim: Any, ndim: int) -> int:
    if not isinstance(dim, (int, np.integer)) or isinstance(dim, bool):
        raise TypeError(f"{op}: dim must be one int, got {dim!r}")
    (d,) = normalize_axis(dim, max(ndim, 1), op)
    return d


def _scatter_checks(op: str, x: Tensor, dim: int, index: np.ndarray,
                    src: Tensor | None) -> None:
    """PyTorch's rules for gather and scatter: index has x's number of axes, and no more
    than x's size on each axis but `dim` (nor more than src's, on every axis)."""
    if index.ndim != x.ndim:
        raise ShapeError(
            f"{op}: index has {index.ndim} axis(es) but the input has {x.ndim} (shapes "
            f"{shape_str(index.shape)} and {shape_str(x.shape)}); they need the same number"
        )
    too_big = [d for d in range(x.ndim) if d != dim and index.shape[d] > x.shape[d]]
    if src is not None:
        too_big += [d for d in range(x.ndim) if index.shape[d] > src.shape[d]]
    if too_big:
        limit = "" if src is None else f" and src's {shape_str(src.shape)}"
        raise ShapeError(
            f"{op}: index of shape {shape_str(index.shape)} is larger than the input's "
            f"{shape_str(x.shape)} on an axis other than dim {dim}{limit} (axis {too_big[0]})"
        )
    _in_range(op, index, dim, x.shape[dim])


def gather(input: Any, dim: int, index: Any) -> Tensor:  # noqa: A002  (PyTorch's names)
    """Values of `input` picked along `dim` by `index` (same number of axes as input):
    for dim=1, `out[i][j][k] = input[i][index[i][j][k]][k]`; out has index's shape."""
    x, idx = as_tensor(input), _index("gather", index)
    if x.ndim == 0:  # PyTorch treats a 0-d input as one of shape (1,)
        _dim("gather", dim, 0)
        if idx.ndim > 1:
            raise ShapeError(f"gather: a 0-d input takes an index with at most 1 axis, got "
                             f"shape {shape_str(idx.shape)}")
        return gather(x.reshape(1), 0, idx.reshape(-1)).reshape(idx.shape)
    d = _dim("gather", dim, x.ndim)
    _scatter_checks("gather", x, d, idx, None)
    return Gather.apply(x, dim=d, index=idx)


def _scatter(op: str, cls: type[Function], input: Any, dim: int, index: Any,  # noqa: A002
             src: Any) -> Tensor:
    x, idx = as_tensor(input), _index(op, index)
    if isinstance(src, Tensor) or isinstance(src, np.ndarray):
        src = as_tensor(src)
        if src.dtype != x.dtype:
            raise DTypeError(
                f"{op}: src has dtype {src.dtype} but the input has {x.dtype}; they must be "
                "the same, as in PyTorch: convert one, e.g. src.to(x.dtype)"
            )
    else:  # a number, as PyTorch's scatter(dim, index, value): the same value everywhere
        value = stored(op, fill_value(op, src), x.dtype)  # as masked_fill stores it
        src = Tensor._make(np.full(idx.shape, value, dtype=x.dtype))
    if x.ndim == 0:  # as a tensor of shape (1,)
        _dim(op, dim, 0)
        if idx.ndim > 1 or src.ndim > 1:
            raise ShapeError(f"{op}: a 0-d input takes an index and src of at most 1 axis, "
                             f"got shapes {shape_str(idx.shape)} and {shape_str(src.shape)}")
        return _scatter(op, cls, x.reshape(1), 0, idx.reshape(-1), src.reshape(-1)).reshape(())
    d = _dim(op, dim, x.ndim)
    if src.ndim != x.ndim:
        raise ShapeError(f"{op}: src has {src.ndim} axis(es) but the input has {x.ndim} (shapes "
                         f"{shape_str(src.shape)} and {shape_str(x.shape)})")
    _scatter_checks(op, x, d, idx, src)
    return cls.apply(x, src, dim=d, index=idx)


def scatter_add(input: Any, dim: int, index: Any, src: Any) -> Tensor:  # noqa: A002
    """A copy of `input` with `src` added at the places `index` names along `dim`
    (for dim=1, `out[i][index[i][j][k]][k] += src[i][j][k]`); repeated places add up.
    Only src's first index.shape elements are used, as in PyTorch."""
    if not isinstance(src, (Tensor, np.ndarray)):
        raise TypeError(f"scatter_add: src must be a tensor, got {type(src).__name__} (as in "
                        "PyTorch; to add one number everywhere, use a tensor full of it)")
    return _scatter("scatter_add", ScatterAdd, input, dim, index, src)


def scatter(input: Any, dim: int, index: Any, src: Any = None, *,  # noqa: A002
            value: Any = None) -> Tensor:
    """A copy of `input` with `src` (a tensor, or a number: `value`) written at the places
    `index` names along `dim`. Where a place repeats, which write wins is unspecified in
    PyTorch; here the last one does."""
    if (src is None) == (value is None):
        raise TypeError("scatter: give exactly one of src (a tensor or number) and value=")
    return _scatter("scatter", Scatter, input, dim, index, value if src is None else src)


def index_select(input: Any, dim: int, index: Any) -> Tensor:  # noqa: A002
    """The slices of `input` along `dim` that the 1-d `index` names, in its order
    (index_select(x, 0, [2, 0]) is x[[2, 0]])."""
    x, idx = as_tensor(input), _index("index_select", index)
    if idx.ndim > 1:
        raise ShapeError(f"index_select: index must be a vector (1 axis, or 0-d), got shape "
                         f"{shape_str(idx.shape)}")
    idx = idx.reshape(-1)
    if x.ndim == 0:  # as a tensor of shape (1,); one index, giving a 0-d result
        _dim("index_select", dim, 0)
        if idx.size != 1:
            raise ShapeError(f"index_select: a 0-d input takes exactly one index, got "
                             f"{idx.size}")
        return index_select(x.reshape(1), 0, idx).reshape(())
    d = _dim("index_select", dim, x.ndim)
    _in_range("index_select", idx, d, x.shape[d])
    return IndexSelect.apply(x, dim=d, index=idx)


def index_add(input: Any, dim: int, index: Any, source: Any, *,  # noqa: A002
              alpha: Any = 1) -> Tensor:
    """A copy of `input` with alpha * source[:, k] added to input[:, index[k]] along `dim`
    (index 1-d; repeats add up). source has input's shape except len(index) at dim."""
    x, src, idx = as_tensor(input), as_tensor(source), _index("index_add", index)
    if idx.ndim > 1:
        raise ShapeError(f"index_add: index must be a vector (1 axis, or 0-d), got shape "
                         f"{shape_str(idx.shape)}")
    if src.dtype != x.dtype:
        raise DTypeError(
            f"index_add: source has dtype {src.dtype} but the input has {x.dtype}; they must "
            "be the same, as in PyTorch: convert one, e.g. source.to(x.dtype)"
        )
    if x.ndim == 0:  # as tensors of shape (1,)
        _dim("index_add", dim, 0)
        return index_add(x.reshape(1), 0, idx.reshape(-1), src.reshape(-1),
                         alpha=alpha).reshape(())
    d = _dim("index_add", dim, x.ndim)
    idx = idx.reshape(-1)
    expected = x.shape[:d] + (idx.size,) + x.shape[d + 1:]
    if src.shape != expected:
        raise ShapeError(
            f"index_add: source has shape {shape_str(src.shape)} but should have "
            f"{shape_str(expected)}: the input's {shape_str(x.shape)} with the size at dim "
            f"{d} replaced by the number of indices ({idx.size})"
        )
    if x.dtype.kind != "f" and not isinstance(alpha, (int, np.integer)):
        raise DTypeError(f"index_add: alpha={alpha!r} must be an integer for a tensor of "
                         f"dtype {x.dtype}")
    if src._data.size:  # as in PyTorch, indices that add nothing are not checked
        _in_range("index_add", idx, d, x.shape[d])
    return IndexAddAlong.apply(x, src, dim=d, index=idx, alpha=alpha)
