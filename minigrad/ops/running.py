"""Running extremes and the running log-sum-exp: cummax, cummin, logcumsumexp.

cummax(x, dim) gives, at each position i, the largest of x_0 .. x_i and the index
where it sits (the latest one, on a tie, and a NaN wins from where it appears,
as in PyTorch). The values are x gathered at those indices, so gather's backward
(a scatter-add) sends each gradient to the position the value came from:

    dL/dx_k = the sum of g_i over the i whose running maximum sits at k.

logcumsumexp is z_i = ln(e^x_0 + ... + e^x_i), computed as a running logaddexp
so that nothing overflows. dz_i/dx_k = e^(x_k - z_i) for k <= i (a softmax over
the first i + 1 entries), so dL/dx_k = Σ_(i >= k) g_i e^(x_k - z_i). Backward
forms that sum as PyTorch does, in logs, with the positive and negative parts
of g apart: e^(x_k + ln Σ_(i>=k) e^(ln g_i - z_i)), a reversed logcumsumexp.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import DTypeError
from ..function import Function
from ..tensor import Tensor
from . import either
from .arguments import as_tensor, normalize_axis
from .gather import gather
from .reduce import ValuesIndices


def _one_axis(op: str, x: Tensor, dim: Any) -> int:
    if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)):
        raise TypeError(f"{op}: dim must be one int, got {dim!r}")
    axes = normalize_axis(dim, x.ndim, op)
    return axes[0] if axes else 0


def running_index(x: np.ndarray, axis: int, largest: bool) -> np.ndarray:
    """The index of the running maximum (largest) or minimum along `axis`: on a tie the
    later position, and a NaN, once seen, holds (the latest NaN), as PyTorch's."""
    moved = np.moveaxis(x, axis, -1)
    index = np.zeros(moved.shape, np.int64)
    if moved.shape[-1] == 0:
        return np.moveaxis(index, -1, axis)
    best, at = moved[..., 0], np.zeros(moved.shape[:-1], np.int64)
    floats = x.dtype.kind == "f"
    for i in range(moved.shape[-1]):
        v = moved[..., i]
        with np.errstate(invalid="ignore"):
            better = v >= best if largest else v <= best
        if floats:
            better = np.isnan(v) | (~np.isnan(best) & better)
        best, at = np.where(better, v, best), np.where(better, i, at)
        index[..., i] = at
    return np.moveaxis(index, -1, axis)


def _running_extreme(op: str, input: Any, dim: Any, largest: bool) -> ValuesIndices:  # noqa: A002
    x = as_tensor(input)
    axis = _one_axis(op, x, dim)
    if x.ndim == 0:
        return ValuesIndices(x.clone(), Tensor._make(np.zeros((), np.int64)))
    index = running_index(x._data, axis, largest)
    return ValuesIndices(gather(x, axis, Tensor._make(index)), Tensor._make(index))


def cummax(input: Any, dim: int) -> ValuesIndices:  # noqa: A002  (PyTorch's names)
    """(values, indices): the running maximum along dim and where each one sits (the
    latest position on a tie). The gradient goes to those positions."""
    return _running_extreme("cummax", input, dim, True)


def cummin(input: Any, dim: int) -> ValuesIndices:  # noqa: A002
    """(values, indices): the running minimum along dim and where each one sits (the
    latest position on a tie). The gradient goes to those positions."""
    return _running_extreme("cummin", input, dim, False)


def _reversed(value: Any, axis: int) -> Any:
    return value[(slice(None),) * axis + (slice(None, None, -1),)]


class LogCumSumExp(Function):
    """z_i = ln Σ_(k<=i) e^(x_k) along `axis`, stably (a running logaddexp).

    dz_i/dx_k = e^(x_k - z_i) for k <= i, so dL/dx_k = Σ_(i>=k) g_i e^(x_k - z_i),
    formed in logs as PyTorch does (see the module docstring).
    """

    chain = ("z_i = ln(sum over k <= i of exp(x_k))",
             "dL/dx_k = sum over i >= k of g_i * exp(x_k - z_i)")
    saves_output = True

    def forward(self, x: np.ndarray, axis: int) -> np.ndarray:
        if x.ndim == 0:
            return x.copy()
        wide = x.astype(np.float32) if x.dtype == np.float16 else x
        with np.errstate(invalid="ignore"):
            return np.logaddexp.accumulate(wide, axis=axis).astype(x.dtype, copy=False)

    def backward(self, g: Any) -> Any:
        if g.ndim == 0:
            return g
        (x,), z, axis = self.saved_inputs(), self.saved_output(), self.params["axis"]
        lowest = np.finfo(either.raw(g).dtype).min
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            log_g = either.log(abs(g))
            raw_g = either.raw(g)
            parts = []
            for sign in (raw_g > 0, raw_g < 0):
                log_part = either.where(sign, log_g, lowest) - z
                total = _reversed(_running(_reversed(log_part, axis), axis), axis)
                parts.append(either.exp(total + x))
            return parts[0] - parts[1]


def _running(value: Any, axis: int) -> Any:
    if isinstance(value, Tensor):
        return LogCumSumExp.apply(value, axis=axis)
    with np.errstate(invalid="ignore"):
        return np.logaddexp.accumulate(value, axis=axis)


def logcumsumexp(input: Any, dim: int) -> Tensor:  # noqa: A002
    """ln(cumsum(exp(input), dim)) without overflow: the running log-sum-exp along dim.
    Floating tensors only, as in PyTorch."""
    x = as_tensor(input)
    if x.dtype.kind != "f":
        raise DTypeError(f"logcumsumexp: needs a floating tensor, got {x.dtype} (as in "
                         "PyTorch): convert first, e.g. x.float()")
    return LogCumSumExp.apply(x, axis=_one_axis("logcumsumexp", x, dim))
