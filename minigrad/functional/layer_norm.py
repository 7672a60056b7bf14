"""layer_norm: every sample rescaled to mean 0 and variance 1 over its last axes.

    F.layer_norm(x, (d,), weight, bias)   # x (..., d): each row of d numbers normalised

For the values x over the normalized axes (the last len(normalized_shape) axes,
which must be `normalized_shape`), with n of them:

    μ = mean(x),  σ² = mean((x - μ)²)   (the biased variance: divided by n, not n - 1)
    x̂ = (x - μ) / sqrt(σ² + eps),  y = x̂ * weight + bias

weight and bias (both optional, of shape normalized_shape) give the normalised
values a learnt scale and shift; nn.LayerNorm starts them at ones and zeros.

One op with its own backward: the gradient is the standard one written in
LayerNorm's docstring (composed.layer_norm builds the same from mean, sqrt, ...,
and the tests check both agree). float16 is computed in float32 and rounded once;
as in PyTorch, float16 input may have float32 weight and bias.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..dtypes import accumulate_dtype
from ..errors import DTypeError, ShapeError, shape_str
from ..function import Function
from ..ops import either
from ..ops.arguments import as_tensor
from ..tensor import Tensor


def _mean(a: Any, axis: tuple[int, ...], n: int) -> Any:
    """The mean over `axis` (kept as size 1) of n values, for arrays and Tensors; 0 for none
    (so an empty normalized shape gives an empty result, without numpy's warning)."""
    return a.sum(axis, keepdims=True) / max(n, 1)


class LayerNorm(Function):
    """y = x̂ * w + b,  x̂ = (x - μ) / σ,  σ = sqrt(mean((x - μ)²) + eps),  μ = mean(x),
    the means taken over `axis` (the normalized axes, n values each); w and b are there
    when `affine` names them.

    With ĝ = g * w (g itself without a weight) and means over `axis` again:
        dL/dx = (ĝ - mean(ĝ) - x̂ * mean(ĝ * x̂)) / σ
        dL/dw = g * x̂,   dL/db = g   (summed over the batch axes by the engine)
    The first line is the chain rule through x̂: each x moves its own x̂ by 1/σ, and
    all of them a little through μ (the mean(ĝ) term) and through σ (the x̂ term).
    """

    @property
    def chain(self) -> tuple[str, ...]:  # the chain rule for mg.explain (see Function.chain)
        affine = self.params["affine"]
        gh = "g*w" if "weight" in affine else "g"
        return ((f"y = (x - mean) / sigma{' * w' * ('weight' in affine)}"
                 f"{' + b' * ('bias' in affine)} over the last axes, "
                 "sigma = sqrt(var + eps)",
                 f"dL/dx = ({gh} - mean({gh}) - xhat * mean({gh} * xhat)) / sigma")
                + tuple("dL/dw = g * xhat" if name == "weight" else "dL/db = g"
                        for name in affine))

    def forward(self, x: np.ndarray, *affine_arrays: np.ndarray, axis: tuple[int, ...],
                eps: float, affine: tuple[str, ...]) -> np.ndarray:
        n = math.prod(x.shape[a] for a in axis)
        xc = x.astype(accumulate_dtype(x.dtype), copy=False)  # float16 in float32
        with np.errstate(invalid="ignore", divide="ignore"):  # inf in x, or eps < 0: NaN
            centred = xc - _mean(xc, axis, n)
            rstd = 1 / np.sqrt(_mean(centred * centred, axis, n) + eps)
            xhat = centred * rstd
            self.saved = (xhat, rstd)
            y = xhat
            params = dict(zip(affine, affine_arrays))
            if "weight" in params:
                y = y * params["weight"]
            if "bias" in params:
                y = y + params["bias"]
        return y.astype(x.dtype, copy=False)

    def backward(self, g: Any) -> tuple[Any, ...]:
        x, *affine_inputs = self.saved_inputs()
        axis, affine = self.params["axis"], self.params["affine"]
        n = math.prod(x.shape[a] for a in axis)
        if self.create_graph:
            # Recorded: x̂ and 1/σ must come from the Tensor x by ops, so that this
            # gradient can be differentiated again; the arrays saved by forward are constants.
            centred = x - _mean(x, axis, n)
            rstd = 1 / either.sqrt(_mean(centred * centred, axis, n) + self.params["eps"])
            xhat = centred * rstd
        else:
            xhat, rstd = self.saved
            g = g.astype(xhat.dtype, copy=False)  # float16: in float32, as forward
        params = dict(zip(affine, affine_inputs))
        grads = []
        with np.errstate(invalid="ignore"):  # NaN rows stay NaN
            if self.needs_input_grad[0]:
                gh = g * params["weight"] if "weight" in params else g  # dL/dx̂
                grads.append(rstd * (gh - _mean(gh, axis, n)
                                     - xhat * _mean(gh * xhat, axis, n)))
            else:
                grads.append(None)
            for name, needed in zip(affine, self.needs_input_grad[1:]):
                grads.append(None if not needed else g * xhat if name == "weight" else g)
        return tuple(grads)


def layer_norm(input: Any, normalized_shape: Any, weight: Any = None,  # noqa: A002
               bias: Any = None, eps: float = 1e-5) -> Tensor:
    """(x - mean) / sqrt(var + eps) * weight + bias over the last axes of x, which must
    be `normalized_shape` (a tuple or list of ints); weight and bias, if given, have
    that shape."""
    fn = "layer_norm"
    x = as_tensor(input)
    if x.dtype.kind != "f":
        raise DTypeError(f"{fn}: the input must hold floating-point numbers (as in PyTorch), "
                         f"got dtype {x.dtype}; convert it first, e.g. x.float()")
    shape = normalized(fn, normalized_shape)
    k = len(shape)
    if k > x.ndim or x.shape[x.ndim - k:] != shape:
        options = " or ".join(shape_str(x.shape[i:]) for i in range(x.ndim - 1, -1, -1)[:2])
        raise ShapeError(
            f"{fn}: normalized_shape={shape_str(shape)} must be the input's last axes, but "
            f"the input has shape {shape_str(x.shape)}"
            + (f"; for this input: {options}" if x.ndim else "")
        )
    affine = {name: _affine(fn, name, value, shape, x)
              for name, value in (("weight", weight), ("bias", bias)) if value is not None}
    if len({t.dtype for t in affine.values()}) > 1:
        raise DTypeError(f"{fn}: the weight has dtype {affine['weight'].dtype} but the bias "
                         f"{affine['bias'].dtype}; they must be the same (as in PyTorch)")
    if isinstance(eps, bool) or not isinstance(eps, (int, float, np.floating, np.integer)):
        raise TypeError(f"{fn}: eps must be a number, got {eps!r}")
    return LayerNorm.apply(x, *affine.values(), axis=tuple(range(x.ndim - k, x.ndim)),
                           eps=float(eps), affine=tuple(affine))


def normalized(fn: str, normalized_shape: Any) -> tuple[int, ...]:
    """normalized_shape as a tuple of ints (at least one), as PyTorch requires it."""
    if not isinstance(normalized_shape, (tuple, list)) or not all(
            isinstance(n, (int, np.integer)) and not isinstance(n, bool)
            for n in normalized_shape):
        hint = f"; for one axis write ({normalized_shape},)" if isinstance(
            normalized_shape, (int, np.integer)) else ""
        raise TypeError(f"{fn}: normalized_shape must be a tuple or list of ints (as in "
                        f"PyTorch), got {normalized_shape!r}{hint}")
    if not normalized_shape:
        raise ShapeError(f"{fn}: normalized_shape must name at least one axis, got ()")
    return tuple(int(n) for n in normalized_shape)


def _affine(fn: str, name: str, value: Any, shape: tuple[int, ...], x: Tensor) -> Tensor:
    """The weight or the bias, checked: normalized_shape exactly, and the input's dtype (or
    float32 for a float16 input, which PyTorch allows)."""
    t = as_tensor(value)
    if t.shape != shape:
        raise ShapeError(f"{fn}: the {name} must have shape normalized_shape="
                         f"{shape_str(shape)}, got {shape_str(t.shape)}")
    allowed = (x.dtype, np.dtype(np.float32)) if x.dtype == np.float16 else (x.dtype,)
    if t.dtype not in allowed:
        raise DTypeError(
            f"{fn}: the {name} has dtype {t.dtype} but the input {x.dtype}; they must be the "
            "same (as in PyTorch; a float16 input may have float32 weight and bias): "
            f"convert one, e.g. {name}.astype(x.dtype)"
        )
    return t
