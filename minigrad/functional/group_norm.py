"""group_norm and instance_norm, as torch.nn.functional's: the functions behind
nn.GroupNorm and nn.InstanceNorm1d/2d (minigrad/nn/group_norm.py).

The input is (N, C, ...). group_norm splits the C channels of each example into
`num_groups` groups of C / num_groups channels and normalises each group over all
its values (its channels and their further axes); instance_norm is the case of one
channel per group: each channel of each example normalised over its own axes.
For the m values x of one group (or one channel):

    μ = mean(x),  σ² = mean((x - μ)²)   (biased: divided by m, as PyTorch)
    x̂ = (x - μ) / sqrt(σ² + eps),       y_c = weight_c x̂ + bias_c

weight and bias (optional, C values each) scale and shift every channel.

Both are compositions of differentiable ops (reshape, mean, subtract, multiply,
rsqrt), so their gradients come from those ops: it is the gradient written in
functional/layer_norm.py's LayerNorm, applied to each group. float16 is computed in
float32 and rounded once.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..errors import DTypeError, ShapeError, shape_str
from ..ops.arguments import as_tensor
from ..ops.cast import cast
from ..tensor import Tensor


def _normalised(x: Tensor, groups: int, eps: float) -> Tensor:
    """x (N, C, ...) normalised over each of the `groups` groups of channels of each
    example: (x - μ) / sqrt(σ² + eps), σ² the mean of squared deviations."""
    n, c = x.shape[0], x.shape[1]
    per_group = (c // groups) * math.prod(x.shape[2:])
    if x.numel() == 0:
        return x * 1  # nothing to normalise; the empty result keeps the graph
    g = x.reshape(n, groups, per_group)
    centred = g - g.mean(2, keepdims=True)
    var = (centred * centred).mean(2, keepdims=True)
    return (centred * (var + eps).rsqrt()).reshape(x.shape)


def _checked_input(fn: str, value: Any) -> Tensor:
    x = as_tensor(value)
    if x.dtype.kind != "f":
        raise DTypeError(f"{fn}: the input must hold floating-point numbers (as in PyTorch), "
                         f"got dtype {x.dtype}; convert it first, e.g. x.float()")
    if x.ndim < 2:
        raise ShapeError(f"{fn}: expected an input of shape (N, C, ...) with at least 2 axes "
                         f"(as PyTorch), got shape {shape_str(x.shape)}")
    return x


def _channel_vector(fn: str, name: str, value: Any, x: Tensor) -> Tensor | None:
    """weight or bias: None, or C values of the input's dtype (float32 for float16 input)."""
    if value is None:
        return None
    t = as_tensor(value)
    c = x.shape[1]
    if t.shape != (c,):
        raise ShapeError(f"{fn}: the {name} must have shape ({c},), one value per channel "
                         f"of the input {shape_str(x.shape)}, got {shape_str(t.shape)}")
    allowed = (x.dtype, np.dtype(np.float32)) if x.dtype == np.float16 else (x.dtype,)
    if t.dtype not in allowed:
        raise DTypeError(f"{fn}: the {name} has dtype {t.dtype} but the input {x.dtype}; "
                         f"they must be the same (as in PyTorch): convert one, e.g. "
                         f"{name}.to(x.dtype)")
    return t


def _check_eps(fn: str, eps: Any) -> float:
    if isinstance(eps, bool) or not isinstance(eps, (int, float, np.floating, np.integer)):
        raise TypeError(f"{fn}: eps must be a number, got {eps!r}")
    return float(eps)


def _affine(x: Tensor, y: Tensor, weight: Tensor | None, bias: Tensor | None) -> Tensor:
    """y scaled by weight and shifted by bias per channel (axis 1), back in x's dtype."""
    shape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
    if weight is not None:
        y = y * weight.reshape(shape)
    if bias is not None:
        y = y + bias.reshape(shape)
    return y if y.dtype == x.dtype else cast(y, x.dtype)


def group_norm(input: Any, num_groups: int, weight: Any = None,  # noqa: A002
               bias: Any = None, eps: float = 1e-5) -> Tensor:
    """torch.nn.functional.group_norm: the channels (axis 1) of each example of an input
    (N, C, ...) in `num_groups` groups, each group normalised to mean 0 and variance 1
    over all its values, then scaled by `weight` and shifted by `bias` (C values each)."""
    fn = "group_norm"
    x = _checked_input(fn, input)
    if isinstance(num_groups, bool) or not isinstance(num_groups, (int, np.integer)):
        raise TypeError(f"{fn}: num_groups must be an int, got {num_groups!r}")
    c = x.shape[1]
    if num_groups <= 0 or c % num_groups:
        raise ValueError(f"{fn}: the number of channels ({c}, axis 1 of the input "
                         f"{shape_str(x.shape)}) must be divisible by num_groups="
                         f"{num_groups} (a positive int), as in PyTorch")
    if x.numel() and x.shape[0] * (c // num_groups) * math.prod(x.shape[2:]) == 1:
        raise ValueError(f"{fn}: expected more than 1 value per group (as PyTorch), got "
                         f"input of shape {shape_str(x.shape)} in {num_groups} groups: the "
                         f"variance of one value is 0")
    w, b = (_channel_vector(fn, name, t, x) for name, t in (("weight", weight),
                                                            ("bias", bias)))
    e = _check_eps(fn, eps)
    xs = x if x.dtype != np.float16 else cast(x, np.float32)
    return _affine(x, _normalised(xs, int(num_groups), e), w, b)


def instance_norm(input: Any, running_mean: Any = None, running_var: Any = None,  # noqa: A002
                  weight: Any = None, bias: Any = None, use_input_stats: bool = True,
                  momentum: float = 0.1, eps: float = 1e-5) -> Tensor:
    """torch.nn.functional.instance_norm: each channel of each example of an input
    (N, C, ...) normalised to mean 0 and variance 1 over its own further axes, then
    scaled by `weight` and shifted by `bias` (C values each).

    minigrad keeps no running statistics here: running_mean and running_var must be
    None and use_input_stats True (PyTorch's defaults)."""
    fn = "instance_norm"
    x = _checked_input(fn, input)
    if running_mean is not None or running_var is not None or not use_input_stats:
        raise NotImplementedError(
            f"{fn}: running statistics (running_mean, running_var, use_input_stats=False) "
            "are not supported by minigrad; leave them at their defaults (None, None, True), "
            "so that each example is normalised by its own statistics")
    if math.prod(x.shape[2:]) == 1:
        raise ValueError(f"{fn}: expected more than 1 spatial element when training (as "
                         f"PyTorch), got input of shape {shape_str(x.shape)}: the variance of "
                         f"one value is 0")
    w, b = (_channel_vector(fn, name, t, x) for name, t in (("weight", weight),
                                                            ("bias", bias)))
    if isinstance(momentum, bool) or not isinstance(momentum, (int, float)):
        raise TypeError(f"{fn}: momentum must be a number, got {momentum!r}")
    e = _check_eps(fn, eps)
    xs = x if x.dtype != np.float16 else cast(x, np.float32)
    return _affine(x, _normalised(xs, x.shape[1], e), w, b)
