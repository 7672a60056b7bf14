"""Batch normalisation, as torch.nn.functional.batch_norm: the function behind
nn.BatchNorm1d, 2d and 3d (minigrad/nn/normalization.py).

The input is (N, C, ...): N examples, C channels (features), then any further
axes (a sequence's length, an image's height and width). Each channel c is
normalised over all its m values, every axis but the channel axis:

    x̂ = (x - μ_c) / sqrt(σ²_c + eps),      y = weight_c x̂ + bias_c

In training (`training=True`) μ and σ² are this batch's mean and *biased*
variance (the mean of (x - μ)², divided by m), and the running statistics, if
given, move towards the batch's, in place:

    running_mean = (1 - momentum) running_mean + momentum μ
    running_var  = (1 - momentum) running_var  + momentum σ² m / (m - 1)

with the *unbiased* variance (divided by m - 1), as PyTorch does. In
evaluation (`training=False`) the running statistics are μ and σ², constants.
float16 input is computed in float32 and rounded once, as PyTorch's CPU code
does (its statistics, weight and bias may be float16 or float32).

The training-mode normalisation is one op, `BatchNorm`, with its backward
beside it; weight, bias and the whole evaluation mode are ordinary ops
(multiply, add, subtract, rsqrt), which bring their own gradients.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..dtypes import accumulate_dtype
from ..errors import DTypeError, ShapeError, shape_str
from ..function import Function
from ..grad_mode import no_grad
from ..ops import either
from ..ops.arguments import as_tensor
from ..ops.cast import cast
from ..tensor import Tensor


class BatchNorm(Function):
    """x̂ = (x - μ) / s over the axes `axis` (all but the channel axis), μ the mean of
    the m values of a channel and s = sqrt(σ² + eps), σ² their biased variance.

    Every x̂_i depends on every x_j of its channel, through μ and σ². With means over
    the same axes,
        dL/dx = (g - mean(g) - x̂ mean(g x̂)) / s:
    g without its mean (the part that only moves μ) and without its projection on x̂
    (the part that only scales σ²), divided by s.
    """

    chain = ("x̂ = (x - mean) / sqrt(var + eps) per channel",
             "dL/dx = (g - mean(g) - x̂ mean(g x̂)) / s")
    saves_output = True

    def forward(self, x: np.ndarray, axis: tuple[int, ...], eps: float) -> np.ndarray:
        if x.size == 0:
            return x.copy()  # nothing to normalise (PyTorch gives the empty result too)
        centered = x - x.mean(axis=axis, keepdims=True)
        inv_s = 1 / np.sqrt((centered * centered).mean(axis=axis, keepdims=True) + eps)
        self.saved = inv_s  # 1 / s, kept for backward
        return centered * inv_s

    def backward(self, g: Any) -> Any:
        axis, eps = self.params["axis"], self.params["eps"]
        if either.raw(g).size == 0:
            return g  # an empty batch: nothing was normalised
        x_hat = self.saved_output()
        if self.create_graph:  # 1 / s from ops on x, so that it is differentiated too
            (x,) = self.saved_inputs()
            centered = x - x.mean(axis, keepdims=True)
            inv_s = ((centered * centered).mean(axis, keepdims=True) + eps) ** -0.5
        else:
            inv_s = self.saved
        mean_g = g.mean(axis, keepdims=True)
        mean_g_x_hat = (g * x_hat).mean(axis, keepdims=True)
        return (g - mean_g - x_hat * mean_g_x_hat) * inv_s


def batch_norm(input: Any, running_mean: Tensor | None, running_var: Tensor | None,  # noqa: A002
               weight: Tensor | None = None, bias: Tensor | None = None,
               training: bool = False, momentum: float = 0.1, eps: float = 1e-5) -> Tensor:
    """torch.nn.functional.batch_norm: each channel (axis 1) of an input (N, C, ...)
    normalised to mean 0 and variance 1, then scaled by `weight` and shifted by `bias`
    (each of C values, or None).

    `training=True`: by this batch's mean and biased variance, and `running_mean` and
    `running_var` (if given) are updated in place with `momentum`, the variance
    unbiased. `training=False`: by `running_mean` and `running_var`. See the module's
    docstring for the formulas.
    """
    x = _checked_input(input)
    # the number of values each must hold; an empty batch is not checked (as PyTorch)
    channels = x.shape[1] if x.numel() else None
    stats = [_per_channel("running_mean", running_mean, channels),
             _per_channel("running_var", running_var, channels)]
    weight, bias = (_per_channel(name, t, channels) for name, t in (("weight", weight),
                                                                       ("bias", bias)))
    if not isinstance(momentum, (int, float)) or isinstance(momentum, bool):
        raise TypeError(f"batch_norm: momentum must be a number, got {momentum!r} (the "
                        f"modules' momentum=None, a cumulative average, is theirs alone)")
    axis = (0, *range(2, x.ndim))
    count = math.prod(x.shape[a] for a in axis)  # values per channel
    shape = (1, x.shape[1]) + (1,) * (x.ndim - 2)  # a per-channel vector, broadcast over x
    if training and count == 1:
        raise ValueError(f"batch_norm: expected more than 1 value per channel when "
                         f"training, got input of shape {shape_str(x.shape)}: the "
                         f"variance of one value is 0 (use a bigger batch, or eval mode)")
    if training and eps <= 0:
        raise ValueError(f"batch_norm: eps must be positive in training (it keeps the "
                         f"division finite for a constant channel), got {eps}")
    if eps < 0:
        raise ValueError(f"batch_norm: eps must be >= 0, got {eps}")
    xs = x if x.dtype != np.float16 else cast(x, np.float32)  # float16: computed in float32
    if not x.numel():
        # an empty batch: nothing to normalise, no statistics to learn from. As PyTorch,
        # it comes back as it is, times the first weight plus the first bias (gradients 0)
        y = BatchNorm.apply(xs, axis=axis, eps=float(eps))
        weight, bias = (None if t is None else t.reshape(-1)[:1] for t in (weight, bias))
        shape = (1,)
    else:
        if (stats[0] is None) != (stats[1] is None):
            raise ValueError("batch_norm: give both running_mean and running_var, or neither "
                             "(as PyTorch): the running statistics go together")
        if not training and stats[0] is None:
            raise ValueError("batch_norm: running_mean and running_var must be given in "
                             "evaluation mode (training=False): they are what the input is "
                             "normalised by")
        _check_dtypes(x, [t for t in (*stats, weight, bias) if t is not None])
        y = _training(xs, axis, count, stats, float(momentum), float(eps)) if training else \
            _evaluation(xs, shape, stats, eps)
    if weight is not None:
        y = y * weight.reshape(shape)
    if bias is not None:
        y = y + bias.reshape(shape)
    # back to the input's dtype (float16 was computed in float32); an empty integer batch
    # keeps the dtype that weight and bias gave it, as in PyTorch
    return y if y.dtype == x.dtype or x.dtype.kind != "f" else cast(y, x.dtype)


def _training(x: Tensor, axis: tuple[int, ...], count: int, stats: list[Tensor | None],
              momentum: float, eps: float) -> Tensor:
    """x normalised by this batch's statistics (the op above); the running ones updated."""
    y = BatchNorm.apply(x, axis=axis, eps=eps)
    if stats[0] is not None:
        _update_running_stats(x, axis, count, stats[0], stats[1], momentum)
    return y


def _evaluation(x: Tensor, shape: tuple[int, ...], stats: list[Any], eps: float) -> Tensor:
    """(x - running_mean) / sqrt(running_var + eps): ordinary ops, the statistics constants
    (float16 ones taken in x's float32)."""
    mean, var = (t.reshape(shape) if t.dtype == x.dtype else cast(t.reshape(shape), x.dtype)
                 for t in stats)
    return (x - mean) * (var + eps).rsqrt()


# ---- the checks and the update ------------------------------------------------------------
def _checked_input(value: Any) -> Tensor:
    x = as_tensor(value)
    if x.dtype.kind != "f" and x.numel():  # (an empty batch passes, as in PyTorch)
        raise DTypeError(f"batch_norm: the input has dtype {x.dtype}; it must be floating "
                         f"(PyTorch refuses integers too): convert it, e.g. x.float()")
    if x.ndim < 2:
        raise ShapeError(f"batch_norm: the input must be (N, C, ...), a batch of examples "
                         f"with the channels on axis 1, got shape {shape_str(x.shape)}")
    return x


def _per_channel(name: str, value: Any, channels: int | None) -> Tensor | None:
    """`value` (a statistic, weight or bias) as a Tensor of `channels` values (any number
    for None), or None."""
    if value is None:
        return None
    if name.startswith("running") and not isinstance(value, Tensor):
        raise TypeError(f"batch_norm: {name} must be a Tensor (training updates it in "
                        f"place) or None, got {type(value).__name__}")
    t = as_tensor(value)
    if channels is not None and t.numel() != channels:
        raise ShapeError(f"batch_norm: {name} should hold {channels} values, one per "
                         f"channel (axis 1 of the input), got shape {shape_str(t.shape)}")
    if name.startswith("running") and t.requires_grad:
        raise ValueError(f"batch_norm: {name} requires grad, but running statistics are "
                         f"state, not learnt (PyTorch refuses it too); pass "
                         f"{name}.detach()")
    return t


def _check_dtypes(x: Tensor, others: list[Tensor]) -> None:
    """One dtype for all, as PyTorch's CPU code wants, but float16 input may come with
    float32 statistics and weights (it is computed in float32 anyway)."""
    dtypes = {t.dtype for t in others}
    allowed = {x.dtype} | ({np.dtype(np.float32)} if x.dtype == np.float16 else set())
    if len(dtypes) > 1 or not dtypes <= allowed:
        found = ", ".join(sorted(str(d) for d in dtypes))
        raise DTypeError(f"batch_norm: the input has dtype {x.dtype}, the statistics, weight "
                         f"and bias {found}; they need one dtype, the input's (float16 input "
                         f"may also use float32 ones): convert, e.g. model.to(x.dtype)")


def _update_running_stats(x: Tensor, axis: tuple[int, ...], count: int, running_mean: Tensor,
                          running_var: Tensor, momentum: float) -> None:
    """running = (1 - momentum) running + momentum * batch statistic, in place; the
    variance unbiased: the sum of squared deviations divided by count - 1, not count."""
    xs = x._data.astype(accumulate_dtype(x.dtype), copy=False)
    mean, unbiased = xs.mean(axis=axis), xs.var(axis=axis, ddof=1)
    with no_grad():
        for running, batch in ((running_mean, mean), (running_var, unbiased)):
            old = running._data.reshape(batch.shape)
            running.copy_(((1 - momentum) * old + momentum * batch).reshape(running.shape))
