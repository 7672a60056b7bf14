"""Statistics of many values: var, std, the vector norms, and any/all.

var and std follow PyTorch's signature: `var(x, dim, unbiased, keepdim,
correction=)`. The sum of squared deviations is divided by n - correction
(n the number of elements reduced; correction 1, Bessel's, by default, or 0
with `unbiased=False`). Where n - correction <= 0 there is no estimate: the
divisor is taken as 0 (giving NaN, or inf for a nonzero sum) and a warning
says so, as in PyTorch.

`norm(x, p)` is PyTorch's vector norm (sum |x|^p)^(1/p), with p = inf (the
largest |x|), -inf (the smallest), 0 (how many are nonzero) and 'fro' (= 2).

any and all record nothing: a bool has no gradient.
"""

from __future__ import annotations

import builtins
import math
import warnings
from typing import Any

import numpy as np

from ..dtypes import accumulate_dtype
from ..errors import DTypeError, ShapeError, shape_str, user_stacklevel
from ..function import Function
from ..tensor import Tensor
from . import either
from .arguments import as_tensor, normalize_axis, numpy_aliases
from .reduce import keepdims_shape


def _dropped(z: np.ndarray, axis: tuple[int, ...], keepdims: bool) -> np.ndarray:
    """z (reduced with keepdims=True) without the reduced axes unless `keepdims`."""
    return z if keepdims else z.reshape([n for i, n in enumerate(z.shape) if i not in axis])


def _spread(g: Any, shape: tuple[int, ...], axis: tuple[int, ...]) -> Any:
    """g with the reduced axes put back as size 1, so that it broadcasts against x."""
    return g.reshape(keepdims_shape(shape, axis))


class Var(Function):
    """z = sum((x - mean)^2) / d over `axis`, d = max(0, n - correction).

    dz/dx_i = 2 (x_i - mean) / d (the mean's own dependence on x_i cancels, because
    the deviations sum to 0). Where there is no estimate (n - correction <= 0, so d = 0
    and z is NaN or inf) the gradient is 0 * inf = NaN or +-inf too.
    """

    chain = ("z = sum((x - mean)^2) / d over axis", "dz/dx = 2 (x - mean) / d")

    def forward(self, x: np.ndarray, axis: tuple[int, ...], correction: float,
                keepdims: bool) -> np.ndarray:
        z = _variance(x, axis, correction)
        return _dropped(z, axis, keepdims).astype(x.dtype, copy=False)

    def backward(self, g: Any) -> Any:
        (x,) = self.saved_inputs()
        axis = self.params["axis"]
        d = _divisor(x.shape, axis, self.params["correction"])
        scale = 2 / d if d else math.inf  # d = 0: 0 * inf = NaN
        with np.errstate(invalid="ignore"):
            return _spread(g, x.shape, axis) * (x - _mean(x, axis)) * scale


class Std(Function):
    """z = sqrt(var(x)) over `axis`.

    dz/dx_i = dvar/dx_i / (2 z) = (x_i - mean) / (d z). Where z = 0 (all the values
    equal) the derivative is 0/0; PyTorch gives 0 there (every deviation is 0), and
    so does minigrad.
    """

    chain = ("z = sqrt(var(x)) over axis", "dz/dx = (x - mean) / (d z)")
    saves_output = True

    def forward(self, x: np.ndarray, axis: tuple[int, ...], correction: float,
                keepdims: bool) -> np.ndarray:
        z = np.sqrt(_variance(x, axis, correction))  # float16: rounded after the root
        return _dropped(z, axis, keepdims).astype(x.dtype, copy=False)

    def backward(self, g: Any) -> Any:
        (x,) = self.saved_inputs()
        axis = self.params["axis"]
        d = _divisor(x.shape, axis, self.params["correction"])
        z = _spread(self.saved_output(), x.shape, axis)
        flat = either.raw(z) == 0
        # 1 in place of z = 0 before dividing: the masked value stays finite, so that a
        # recorded backward has no 0 * inf in its own gradient
        safe_z = either.where(flat, np.ones((), x.dtype), z)
        with np.errstate(divide="ignore", invalid="ignore"):  # d = 0: NaN, as in PyTorch
            scale = either.where(flat, np.zeros((), x.dtype), 1 / (safe_z * d))
            return _spread(g, x.shape, axis) * (x - _mean(x, axis)) * scale


def _variance(x: np.ndarray, axis: tuple[int, ...], correction: float) -> np.ndarray:
    """The variance over `axis` (kept as size 1), float16 computed in float32."""
    deviation = x.astype(accumulate_dtype(x.dtype), copy=False) - _mean(x, axis)
    squares = np.sum(deviation * deviation, axis, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):  # d = 0: warned about already
        return squares / _divisor(x.shape, axis, correction)


def _mean(x: Any, axis: tuple[int, ...]) -> Any:
    """The mean over `axis`, kept as size 1 (arrays or Tensors); over no elements NaN,
    without numpy's warning (the user has had var's)."""
    total = x.sum(axis, keepdims=True, dtype=accumulate_dtype(x.dtype)) if isinstance(
        x, np.ndarray) else x.sum(axis, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return total / math.prod(x.shape[a] for a in axis)


def _divisor(shape: tuple[int, ...], axis: tuple[int, ...], correction: float) -> float:
    return max(0.0, math.prod(shape[a] for a in axis) - correction)


def _var_arguments(name: str, x: Any, dim: Any, unbiased: Any, keepdim: bool,
                   correction: Any, names: dict[str, Any]) -> tuple[Tensor, dict[str, Any]]:
    """Check var/std's arguments, in PyTorch's forms, and warn where n - correction <= 0."""
    x = as_tensor(x)
    if isinstance(dim, bool):  # var(x, True): PyTorch's older form var(input, unbiased)
        dim, unbiased = None, dim
    dim, keepdim = numpy_aliases(name, dim, keepdim, names)
    if x.dtype.kind != "f":
        raise DTypeError(
            f"{name}: the tensor has dtype {x.dtype}, and {name} is only defined for floating "
            f"tensors (as in PyTorch); convert first: x.float().{name}()"
        )
    if unbiased is not None and correction is not None:
        raise TypeError(f"{name}: pass either unbiased= or correction=, not both "
                        f"(unbiased=False is correction=0, unbiased=True is correction=1)")
    if correction is None:
        correction = 1 if unbiased is None else int(bool(unbiased))
    if isinstance(correction, bool) or not isinstance(correction, (int, float, np.number)):
        raise TypeError(f"{name}: correction must be a number, got {correction!r}")
    if isinstance(dim, tuple) and not dim:
        dim = None  # dim=() is every axis, as in PyTorch
    axis = normalize_axis(dim, x.ndim, name)
    if _divisor(x.shape, axis, correction) == 0:
        n = math.prod(x.shape[a] for a in axis)
        warnings.warn(
            f"{name}: {n} value(s) per result and correction={correction}, so "
            f"n - correction <= 0 and there is no estimate (the result is NaN or inf, as "
            f"in PyTorch); reduce over more values or use correction=0",
            UserWarning, stacklevel=user_stacklevel())
    return x, {"axis": axis, "correction": correction, "keepdims": keepdim}


def var(x: Any, dim: Any = None, unbiased: bool | None = None, keepdim: bool = False, *,
        correction: float | None = None, **numpy_names: Any) -> Tensor:
    """The variance over `dim` (an int, a tuple, or None for all): the sum of squared
    deviations from the mean divided by n - correction.

    `correction=1` (the default) is the unbiased sample variance; `correction=0`
    (or PyTorch's older `unbiased=False`) divides by n. numpy's `axis=`/`keepdims=`
    are accepted too. Floating tensors only.
    """
    x, params = _var_arguments("var", x, dim, unbiased, keepdim, correction, numpy_names)
    return Var.apply(x, **params)


def std(x: Any, dim: Any = None, unbiased: bool | None = None, keepdim: bool = False, *,
        correction: float | None = None, **numpy_names: Any) -> Tensor:
    """The standard deviation sqrt(var(x)) over `dim`; arguments as `var`. Where all
    the values are equal, the gradient is 0 (as PyTorch), not 0/0."""
    x, params = _var_arguments("std", x, dim, unbiased, keepdim, correction, numpy_names)
    return Std.apply(x, **params)


def var_mean(x: Any, dim: Any = None, unbiased: bool | None = None, keepdim: bool = False,
             *, correction: float | None = None) -> tuple[Tensor, Tensor]:
    """(var(x, ...), mean(x, ...)) over the same axes, as PyTorch's var_mean."""
    from .reduce import mean

    v = var(x, dim, unbiased, keepdim, correction=correction)
    return v, mean(x, None if isinstance(dim, bool) else dim, keepdim)


def std_mean(x: Any, dim: Any = None, unbiased: bool | None = None, keepdim: bool = False,
             *, correction: float | None = None) -> tuple[Tensor, Tensor]:
    """(std(x, ...), mean(x, ...)) over the same axes, as PyTorch's std_mean."""
    from .reduce import mean

    s = std(x, dim, unbiased, keepdim, correction=correction)
    return s, mean(x, None if isinstance(dim, bool) else dim, keepdim)


# ---- norms --------------------------------------------------------------------------------
class Norm(Function):
    """z = (sum |x_i|^p)^(1/p) over `axis` (p = inf: max |x_i|; -inf: min |x_i|; 0: the
    number of nonzero x_i).

    dz/dx_i = sign(x_i) |x_i|^(p-1) / z^(p-1); for p = 2 that is x_i / z, for p = 1
    sign(x_i). For p = +-inf it is sign(x_i) at the extreme elements, shared equally by
    ties (as amax), 0 elsewhere. As PyTorch, the derivative is 0 where z = 0 (the
    2-norm at 0 has no slope to give) and, for p < 1, at x_i = 0 (where |x|^(p-1) is
    infinite); sign(NaN) counts as 0 (and a NaN inf-norm has no extreme element to
    send a gradient to). The count of nonzeros (p = 0) has no gradient.
    """

    chain = ("z = (sum |x|^p)^(1/p) over axis", "dz/dx = sign(x) |x|^(p-1) / z^(p-1)")
    saves_output = True

    def forward(self, x: np.ndarray, axis: tuple[int, ...], p: float,
                keepdims: bool) -> np.ndarray:
        a = np.abs(x.astype(accumulate_dtype(x.dtype), copy=False))
        with np.errstate(divide="ignore", over="ignore"):  # 0 ** -1 = inf, as PyTorch
            if p == math.inf:
                z = np.max(a, axis, keepdims=True)
            elif p == -math.inf:
                z = np.min(a, axis, keepdims=True)
            elif p == 0:
                z = np.sum(a != 0, axis, keepdims=True, dtype=a.dtype)
            elif p == 1:
                z = np.sum(a, axis, keepdims=True)
            elif p == 2:
                z = np.sqrt(np.sum(a * a, axis, keepdims=True))
            else:
                z = np.sum(a**p, axis, keepdims=True) ** (1 / p)
        return _dropped(z, axis, keepdims).astype(x.dtype, copy=False)

    def backward(self, g: Any) -> Any:
        (x,) = self.saved_inputs()
        axis, p = self.params["axis"], self.params["p"]
        if p == 0:
            return None  # a count: no gradient (PyTorch leaves .grad None too)
        g = _spread(g, x.shape, axis)
        z = _spread(self.saved_output(), x.shape, axis)
        xs, zs = either.raw(x), either.raw(z)
        zero = np.zeros((), xs.dtype)
        sign = np.where(np.isnan(xs), zero, np.sign(xs))  # 0 at NaN, as PyTorch's sgn
        if p == 1:
            return g * sign  # a constant: the 1-norm is piecewise linear
        if math.isinf(p):
            winners = np.abs(xs) == zs  # none where the norm is NaN: then all get 0
            count = np.maximum(winners.sum(axis, keepdims=True), 1).astype(xs.dtype)
            return g * (sign * winners / count)
        # slope = (the part from x_i) * (the part from z), each 0 where PyTorch masks it.
        # Where masked, 1 stands in for x and z first, so that nothing computes 0 * inf
        # (which a recorded backward would differentiate into NaN).
        flat_x = (xs == 0) & (p < 1)  # |x|^(p-1) at x = 0 is inf when p < 1
        one = np.ones((), xs.dtype)
        safe_x, safe_z = either.where(flat_x, one, x), either.where(zs == 0, one, z)
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):  # inf, NaN norms
            if p == 2:
                from_x = x
                from_z = either.where(zs == 0, zero, 1 / safe_z)
            else:  # sign(x) is a constant where it has a derivative at all
                from_x = either.where(flat_x, zero, sign * abs(safe_x) ** (p - 1))
                from_z = either.where(zs == 0, zero, safe_z ** (1 - p))
            return g * (from_x * from_z)


def norm(x: Any, p: Any = "fro", dim: Any = None, keepdim: bool = False,
         **numpy_names: Any) -> Tensor:
    """The vector norm of x over `dim` (an int, a tuple, or None for all axes).

    p = 2 or 'fro' (the default): sqrt(sum x^2); p = 1: sum |x|; p = inf / -inf: the
    largest / smallest |x|; p = 0: the number of nonzero elements; any other number:
    (sum |x|^p)^(1/p). As torch.norm and torch.linalg.vector_norm; the nuclear norm
    ('nuc') is not available. Floating tensors only.
    """
    x = as_tensor(x)
    dim, keepdim = numpy_aliases("norm", dim, keepdim, numpy_names)
    if x.dtype.kind != "f":
        raise DTypeError(f"norm: the tensor has dtype {x.dtype}, and norms are only defined "
                         "for floating tensors (as in PyTorch); convert first: x.float().norm()")
    if p == "fro":
        if isinstance(dim, (tuple, list)) and len(dim) > 2:
            raise ShapeError(f"norm: p='fro' is a matrix norm and takes at most 2 dims (as in "
                             f"PyTorch), got dim={tuple(dim)}; for the 2-norm over all of "
                             f"them use p=2")
        p = 2
    if isinstance(p, str) or isinstance(p, bool) or not isinstance(p, (int, float, np.number)):
        raise ValueError(f"norm: p must be a number (2, 1, inf, -inf, 0, ...) or 'fro', got "
                         f"{p!r}" + ("; the nuclear norm is not available" if p == "nuc" else ""))
    if isinstance(dim, tuple) and not dim:
        dim = None
    axis = normalize_axis(dim, x.ndim, "norm")
    if (p < 0 or p == math.inf) and builtins.any(x.shape[a] == 0 for a in axis):
        raise ShapeError(f"norm: the {p} norm over no elements (axes {axis} of the tensor of "
                         f"shape {shape_str(x.shape)}) has no value, as in PyTorch: there is "
                         "no largest or smallest |x|, and a negative power of 0 is infinite")
    return Norm.apply(x, axis=axis, p=float(p), keepdims=keepdim)


# ---- any and all: no gradient -------------------------------------------------------------
def _logical(name: str, reduce: Any, x: Any, dim: Any, keepdim: bool,
             names: dict[str, Any]) -> Tensor:
    x = as_tensor(x)
    dim, keepdim = numpy_aliases(name, dim, keepdim, names)
    if isinstance(dim, tuple) and not dim:
        dim = None
    axis = normalize_axis(dim, x.ndim, name)
    result = reduce(x._data != 0, axis=axis, keepdims=keepdim)  # NaN counts as true
    # uint8 stays uint8 (PyTorch's old mask dtype); everything else gives bool
    return Tensor._make(np.asarray(result, np.uint8 if x.dtype == np.uint8 else np.bool_))


def any(x: Any, dim: Any = None, keepdim: bool = False, **numpy_names: Any) -> Tensor:  # noqa: A001
    """True where any element over `dim` (an int, a tuple, or None for all) is nonzero
    (NaN counts as nonzero); False over no elements. No gradient."""
    return _logical("any", np.any, x, dim, keepdim, numpy_names)


def all(x: Any, dim: Any = None, keepdim: bool = False, **numpy_names: Any) -> Tensor:  # noqa: A001
    """True where every element over `dim` (an int, a tuple, or None for all) is nonzero;
    True over no elements. No gradient."""
    return _logical("all", np.all, x, dim, keepdim, numpy_names)
