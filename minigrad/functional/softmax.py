"""softmax, log_softmax and logsumexp: from scores to probabilities, stably.

For scores (logits) x_1..x_C, softmax_i = e^{x_i} / sum_j e^{x_j}. Computed as
written, e^x overflows to inf for x above ~709 in float64 and ~88 in float32,
and inf / inf is NaN. Every formula here uses the fact that subtracting one
number m from all the scores changes nothing, softmax(x - m) = softmax(x), and
takes m = max_j x_j: then every exponent is <= 0 (no overflow), the largest
term is e^0 = 1 (so the sum is >= 1 and its log is safe).

Each op is fused: one node with its own backward, written below its forward.
`minigrad.functional.composed` builds the same functions from primitive ops,
and the tests check that both give the same values and gradients.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ..errors import user_stacklevel
from ..function import Function
from ..ops import either
from ..ops.arguments import normalize_axis, torch_aliases
from ..ops.reduce import keepdims_shape
from ..tensor import Tensor
from .validation import float_input, promoted_floats

Axes = tuple[int, ...]


def shift(x: np.ndarray, axes: Axes) -> np.ndarray:
    """m = max of x over `axes` (kept as size 1): the number every formula subtracts.

    softmax and log_softmax subtract it even where it is infinite, as PyTorch
    does: a slice holding +inf (inf - inf) or only -infs (-inf + inf) gives NaN,
    since its probabilities have no value. (An empty axis has m = -inf and
    nothing to subtract it from.)
    """
    return x.max(axis=axes, keepdims=True, initial=-np.inf)


def stable_logsumexp(x: np.ndarray, axes: Axes) -> np.ndarray:
    """log(sum(exp(x))) over `axes` with the reduced axes kept as size 1, on arrays.

    Uses log sum_j e^{x_j} = m + log sum_j e^{x_j - m} with m = max_j x_j.
    Unlike softmax, logsumexp has an answer where m is infinite: +inf for a
    slice holding +inf, -inf for one of only -infs or an empty one (sum 0), as
    in PyTorch; there m is replaced by 0 so that nothing computes inf - inf.
    """
    m = shift(x, axes)
    finite = np.isfinite(m)
    if not finite.all():
        m = np.where(finite, m, 0)
    with np.errstate(divide="ignore"):  # log(0) = -inf when every score is -inf
        return np.log(np.sum(np.exp(x - m), axis=axes, keepdims=True)) + m


class Softmax(Function):
    """y = e^x / sum(e^x) along `axis`.

    dy_i/dx_k = y_i (delta_ik - y_k), so for an incoming gradient g:
        dL/dx = y * (g - sum(g * y, axis))
    (the Jacobian is never built: one product, one sum, one more product).
    """

    chain = ("y = e^x / sum(e^x) along axis", "dL/dx = y * (g - sum(g * y, axis))")

    saves_output = True

    def forward(self, x: np.ndarray, axis: Axes) -> np.ndarray:
        with np.errstate(invalid="ignore"):  # NaN for a slice with +inf or only -inf (shift)
            e = np.exp(x - shift(x, axis))
            return e / np.sum(e, axis=axis, keepdims=True)

    def backward(self, g: Any) -> Any:
        y = self.saved_output()
        return y * (g - (g * y).sum(axis=self.params["axis"], keepdims=True))


class LogSoftmax(Function):
    """z = x - logsumexp(x) along `axis` (= log softmax(x), without computing softmax first),
    computed as (x - m) - log(sum(e^(x - m))) with m = max x.

    dz_i/dx_k = delta_ik - softmax_k, so  dL/dx = g - softmax(x) * sum(g, axis),
    with softmax(x) = e^z taken from the output.
    """

    chain = ("z = x - logsumexp(x) along axis", "dL/dx = g - e^z * sum(g, axis)")

    saves_output = True

    def forward(self, x: np.ndarray, axis: Axes) -> np.ndarray:
        with np.errstate(invalid="ignore"):  # NaN for a slice with +inf or only -inf (shift)
            shifted = x - shift(x, axis)
            return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))

    def backward(self, g: Any) -> Any:
        z = self.saved_output()
        return g - either.exp(z) * g.sum(axis=self.params["axis"], keepdims=True)


class LogSumExp(Function):
    """z = log(sum(e^x)) over `axis`: a smooth maximum.

    dz/dx_k = e^{x_k} / sum_j e^{x_j} = e^{x_k - z} = softmax(x)_k, so
        dL/dx = g * e^(x - z)   (g and z put back to x's shape along the reduced axes).
    """

    chain = ("z = log(sum(e^x)) over axis", "dL/dx = g * e^(x - z)")

    saves_output = True

    def forward(self, x: np.ndarray, axis: Axes, keepdims: bool) -> np.ndarray:
        z = stable_logsumexp(x, axis)
        return z if keepdims else z.reshape([n for i, n in enumerate(z.shape) if i not in axis])

    def backward(self, g: Any) -> Any:
        (x,) = self.saved_inputs()
        shape = keepdims_shape(x.shape, self.params["axis"])
        z = self.saved_output().reshape(shape)
        with np.errstate(invalid="ignore"):  # inf - inf where z is inf: NaN, as PyTorch
            return g.reshape(shape) * either.exp(x - z)


def implicit_dim(fn: str, ndim: int) -> int:
    """The axis PyTorch's F.softmax picks when no dim is given, with a warning.

    Its old rule, kept there for compatibility and deprecated: 0 for 0-, 1- and
    3-D inputs, else 1 (a 3-D input was taken for one unbatched image, channels
    first). That is rarely the axis meant (for (N, T, C) scores it is the batch
    axis), hence the warning; minigrad follows the rule so the numbers agree.
    """
    dim = 0 if ndim in (0, 1, 3) else 1
    warnings.warn(
        f"{fn}: no dim given, so dim={dim} is used for this {ndim}-D input (PyTorch's "
        "deprecated implicit choice: 0 for 0-, 1- and 3-D inputs, else 1); pass the axis "
        f"that holds the classes, e.g. {fn}(x, dim=-1)",
        UserWarning,
        stacklevel=user_stacklevel(),  # the user's line
    )
    return dim


def _axes(fn: str, x: Tensor, axis: Any, names: dict[str, Any]) -> Axes:
    axis, _ = torch_aliases(fn, axis, False, names)
    if axis is None:
        axis = implicit_dim(fn, x.ndim)
    return normalize_axis(axis, x.ndim, fn)


@promoted_floats()  # float16: computed in float32, rounded once
def softmax(x: Any, axis: int | None = None, **torch_names: Any) -> Tensor:
    """Probabilities e^x / sum(e^x) along `axis` (PyTorch's `dim=` also accepted).

    Stable for any finite scores: softmax([1e4, -1e4]) is [1, 0] in float32.
    Always pass the axis: without one, PyTorch's old implicit choice is used
    with a warning (see `implicit_dim`).
    """
    x = float_input("softmax", x)
    return Softmax.apply(x, axis=_axes("softmax", x, axis, torch_names))


@promoted_floats()  # float16: computed in float32, rounded once
def log_softmax(x: Any, axis: int | None = None, **torch_names: Any) -> Tensor:
    """log(softmax(x)) along `axis`, computed as x - logsumexp(x): finite for finite x.

    Prefer it to log(softmax(x)): softmax underflows to 0 for very negative
    scores in float32, and log(0) = -inf. Always pass the axis, as for softmax.
    """
    x = float_input("log_softmax", x)
    return LogSoftmax.apply(x, axis=_axes("log_softmax", x, axis, torch_names))


@promoted_floats()  # float16: computed in float32, rounded once
def logsumexp(x: Any, axis: Any = None, keepdims: bool = False, **torch_names: Any) -> Tensor:
    """log(sum(exp(x))) over `axis` (None: all axes), computed stably.

    PyTorch's `dim=` and `keepdim=` are accepted as well.
    """
    x = float_input("logsumexp", x)
    axis, keepdims = torch_aliases("logsumexp", axis, keepdims, torch_names)
    axes = normalize_axis(axis, x.ndim, "logsumexp")
    return LogSumExp.apply(x, axis=axes, keepdims=keepdims)


def softmax_and_log(x: np.ndarray, axes: Axes) -> tuple[np.ndarray, np.ndarray]:
    """softmax(x) and log_softmax(x) of an array, both from one shifted exponential.

    p = e / s and log p = (x - m) - log s, with e = exp(x - m) and s = sum(e):
    p is computed directly rather than as exp(log p), which in float32 would
    carry the rounding of log p (large when the scores are ~1e4).
    """
    with np.errstate(divide="ignore", invalid="ignore"):  # NaN where softmax has no value
        shifted = x - shift(x, axes)
        e = np.exp(shifted)
        s = np.sum(e, axis=axes, keepdims=True)
        return e / s, shifted - np.log(s)
