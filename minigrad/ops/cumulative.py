"""Products and running totals: prod, cumsum, cumprod.

The gradient of a product with respect to one factor is the product of all
the others. Dividing the product by that factor would be the short way, and
it fails exactly where it matters: at a zero. So every backward here forms
"the product of the others" without dividing (from products of the elements
before and after each position), and stays right with one zero, or several.

Integers and bools add up and multiply in int64, as in PyTorch; float16 in
float32, rounded once.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..dtypes import accumulate_dtype
from ..function import Function
from ..tensor import Tensor
from .arguments import as_tensor, normalize_axis, numpy_aliases
from .elementwise import where
from .reduce import sum_dtype


def _flip(value: Any, axis: int) -> Any:
    """value reversed along `axis` (an array or a Tensor: plain indexing either way)."""
    return value[(slice(None),) * axis + (slice(None, None, -1),)]


def _compute(x: np.ndarray) -> np.dtype:
    """The dtype a product or running total is computed in (see the module docstring)."""
    return accumulate_dtype(sum_dtype(x.dtype))


def _finish(z: np.ndarray, x: np.ndarray) -> np.ndarray:
    """z in the result's dtype: float16 back from float32 (inf where too large)."""
    with np.errstate(over="ignore"):
        return z.astype(sum_dtype(x.dtype), copy=False)


class ProductFunction(Function):
    """A product's op: backward is `gradient(x, g)`, float16 computed in float32 as
    forward is (its products overflow float16 long before the result does) and
    rounded once, to inf where too large."""

    def gradient(self, x: Any, g: Any) -> Any:
        raise NotImplementedError

    def backward(self, g: Any) -> Any:
        (x,) = self.saved_inputs()
        if isinstance(x, Tensor) or x.dtype != np.float16:
            return self.gradient(x, g)
        with np.errstate(over="ignore"):
            return self.gradient(x.astype(np.float32), g.astype(np.float32)).astype(x.dtype)


def products_of_others(x: Any, axis: int) -> Any:
    """y_i = the product of every x_j along `axis` except x_i, without dividing.

    For arrays: the products of everything before i times everything after i,
    each a running product (O(n)). For Tensors (a recorded backward): every
    position gets a row of x with a 1 in place of x_i, and the rows' products
    are taken by the Prod op (n x n values, but recorded and differentiable).
    """
    n = x.shape[axis]
    if isinstance(x, Tensor):
        moved = x.swapaxes(axis, -1).unsqueeze(-2)  # (..., 1, n)
        rows = where(np.eye(n, dtype=bool), np.ones((), x.dtype), moved)  # (..., n, n)
        return prod(rows, -1).swapaxes(axis, -1)
    ones = np.ones_like(x.take([0], axis)) if n else x
    index = [slice(None)] * x.ndim
    index[axis] = slice(None, -1)
    before = np.concatenate([ones, np.cumprod(x[tuple(index)], axis)], axis)
    index[axis] = slice(1, None)
    after = np.concatenate([_flip(np.cumprod(_flip(x[tuple(index)], axis), axis), axis), ones],
                           axis)
    return before * after


class Prod(ProductFunction):
    """z = the product of x along `axis` (one axis, or all of them when it is None).

    dz/dx_i = the product of the other elements (computed without dividing by x_i, so
    that a zero among them is no problem: see `products_of_others`).
    """

    chain = ("z = product of x over axis", "dz/dx = the product of the other elements")

    def forward(self, x: np.ndarray, axis: int | None, keepdims: bool) -> np.ndarray:
        return _finish(np.prod(x, axis=axis, keepdims=keepdims, dtype=_compute(x)), x)

    def gradient(self, x: Any, g: Any) -> Any:
        axis, shape = self.params["axis"], x.shape
        if axis is None:  # all of them: the products of others in the flattened tensor
            return g.reshape((1,)) * products_of_others(x.reshape((-1,)), 0).reshape(shape)
        spread = g.reshape(shape[:axis] + (1,) + shape[axis + 1:])
        return spread * products_of_others(x, axis)


class Cumsum(Function):
    """z_i = x_0 + ... + x_i along `axis`.

    dz_i/dx_k = 1 for every i >= k, so dL/dx_k = g_k + g_(k+1) + ... + g_(n-1):
    the running total of g taken from the other end.
    """

    chain = ("z = running total of x along axis", "dL/dx = running total of g from the end")

    def forward(self, x: np.ndarray, axis: int) -> np.ndarray:
        if x.ndim == 0:  # one element: its own running total
            return _finish(x, x)
        return _finish(np.cumsum(x, axis=axis, dtype=_compute(x)), x)

    def backward(self, g: Any) -> Any:
        axis = self.params["axis"]
        if g.ndim == 0:
            return g
        return _flip(cumsum(_flip(g, axis), axis) if isinstance(g, Tensor)
                     else np.cumsum(_flip(g, axis), axis), axis)


class Cumprod(ProductFunction):
    """z_i = x_0 * ... * x_i along `axis`.

    dz_i/dx_k = the product of x_0 .. x_i without x_k, for i >= k (0 for i < k), so
    dL/dx_k = sum over i >= k of g_i * (that product). Without zeros this is
    (the running total of g * z from the other end) / x_k, the fast way; with a zero
    (or an infinity: inf / inf), the products are formed row by row (x with a 1 in
    place of x_k, n x n values) instead of dividing.
    """

    chain = ("z = running product of x along axis",
             "dL/dx = sum over later i of g_i times z_i without the factor x")

    def forward(self, x: np.ndarray, axis: int) -> np.ndarray:
        if x.ndim == 0:  # one element: its own running product
            return _finish(x, x)
        return _finish(np.cumprod(x, axis=axis, dtype=_compute(x)), x)

    def gradient(self, x: Any, g: Any) -> Any:
        axis = self.params["axis"]
        if g.ndim == 0:
            return g
        if not isinstance(x, Tensor) and np.all(np.isfinite(x) & (x != 0)):
            z = np.cumprod(x, axis)  # again: float16's output may have overflowed
            reverse_total = _flip(np.cumsum(_flip(g * z, axis), axis), axis)
            return reverse_total / x
        n = x.shape[axis]
        moved_x, moved_g = x.swapaxes(axis, -1), g.swapaxes(axis, -1)  # (..., n)
        eye = np.eye(n, dtype=bool)
        # rows[..., k, i]: the running product up to i of x with x_k replaced by 1
        ones = np.ones((), x.dtype)
        rows = moved_x[..., None, :]
        rows = where(eye, ones, rows) if isinstance(x, Tensor) else np.where(eye, ones, rows)
        rows = cumprod(rows, -1) if isinstance(x, Tensor) else np.cumprod(rows, -1)
        later = np.triu(np.ones((n, n), x.dtype))  # i >= k
        return ((rows * later) * moved_g[..., None, :]).sum(-1).swapaxes(axis, -1)


def _one_axis(name: str, x: Tensor, dim: Any) -> int:
    if not isinstance(dim, (int, np.integer)) or isinstance(dim, bool):
        raise TypeError(f"{name}: dim must be one int, got {dim!r}")
    axes = normalize_axis(dim, x.ndim, name)
    return axes[0] if axes else 0


def prod(x: Any, dim: Any = None, keepdim: bool = False, **numpy_names: Any) -> Tensor:
    """The product of the elements along `dim` (one int, or None for all of them, as in
    PyTorch); integers and bools give int64. The gradient is right with zeros among them."""
    x = as_tensor(x)
    dim, keepdim = numpy_aliases("prod", dim, keepdim, numpy_names)
    if dim is not None:
        dim = _one_axis("prod", x, dim)
        if x.ndim == 0:  # PyTorch lets a 0-d tensor be reduced over axis 0
            dim = None
    return Prod.apply(x, axis=dim, keepdims=keepdim)


def cumsum(x: Any, dim: Any, **numpy_names: Any) -> Tensor:
    """Running totals along `dim` (required, as in PyTorch); integers and bools give int64."""
    x = as_tensor(x)
    dim, _ = numpy_aliases("cumsum", dim, False, numpy_names)
    return Cumsum.apply(x, axis=_one_axis("cumsum", x, dim))


def cumprod(x: Any, dim: Any, **numpy_names: Any) -> Tensor:
    """Running products along `dim` (required, as in PyTorch); integers and bools give
    int64. The gradient is right with zeros."""
    x = as_tensor(x)
    dim, _ = numpy_aliases("cumprod", dim, False, numpy_names)
    return Cumprod.apply(x, axis=_one_axis("cumprod", x, dim))
