"""More activation functions of torch.nn.functional: hardsigmoid, hardswish, threshold,
celu (with `inplace=`, as PyTorch's), hardshrink, softshrink, softsign, tanhshrink,
and the two that act along an axis, softmin and glu.

    h = F.hardswish(x)             # MobileNetV3's cheap swish
    F.glu(x, dim=-1)               # a * sigmoid(b), a and b the two halves of x

The elementwise math is in minigrad/ops/activations_hard.py and ops/shrink.py (each
forward beside its backward); softmin and glu are compositions of softmax, sigmoid, slicing and
multiply, whose gradients those ops bring.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import ShapeError, shape_str
from ..ops import activations_hard as hard
from ..ops import shrink
from ..ops.activations import floating
from ..ops.arguments import as_tensor
from ..tensor import Tensor
from .activations import maybe_in_place
from .softmax import softmax


def hardsigmoid(input: Any, inplace: bool = False) -> Tensor:  # noqa: A002
    """min(max(x + 3, 0), 6) / 6; gradient 1/6 strictly between -3 and 3, else 0."""
    return maybe_in_place("hardsigmoid", input, inplace, hard.hardsigmoid)


def hardswish(input: Any, inplace: bool = False) -> Tensor:  # noqa: A002
    """x * min(max(x + 3, 0), 6) / 6; gradient 0 at x <= -3, 1 at x >= 3, x/3 + 1/2
    between."""
    return maybe_in_place("hardswish", input, inplace, hard.hardswish)


def threshold(input: Any, threshold: float, value: float,  # noqa: A002
              inplace: bool = False) -> Tensor:
    """x where x > threshold, else value; gradient 0 at x == threshold."""
    return maybe_in_place("threshold", input, inplace,
                           lambda x: hard.threshold(x, threshold, value))


def celu(input: Any, alpha: float = 1.0, inplace: bool = False) -> Tensor:  # noqa: A002
    """x where x > 0, else alpha * (e**(x / alpha) - 1)."""
    return maybe_in_place("celu", input, inplace, lambda x: hard.celu(x, alpha))


def hardshrink(input: Any, lambd: float = 0.5) -> Tensor:  # noqa: A002
    """x where |x| > lambd, else 0; gradient 0 at x = +-lambd."""
    return shrink.hardshrink(input, lambd)


def softshrink(input: Any, lambd: float = 0.5) -> Tensor:  # noqa: A002
    """x - lambd where x > lambd, x + lambd where x < -lambd, else 0."""
    return shrink.softshrink(input, lambd)


def softsign(input: Any) -> Tensor:  # noqa: A002
    """x / (1 + |x|)."""
    return hard.softsign(input)


def tanhshrink(input: Any) -> Tensor:  # noqa: A002
    """x - tanh(x)."""
    return hard.tanhshrink(input)


def softmin(input: Any, dim: int | None = None, _stacklevel: int = 3,  # noqa: A002
            dtype: Any = None) -> Tensor:
    """softmax(-x) along `dim`: the smallest scores get the largest probabilities.
    `dtype` converts the input first, as in PyTorch. Pass dim: without one, PyTorch's
    old implicit choice is used with a warning, as softmax does."""
    x = as_tensor(input)
    if dtype is not None:
        x = x.to(dtype)
    return softmax(-x, dim)


def glu(input: Any, dim: int = -1) -> Tensor:  # noqa: A002
    """a * sigmoid(b), where a and b are the first and second halves of x along `dim`
    (whose size must be even); the result has half that size."""
    x = floating(input, "glu")
    if x.ndim == 0:
        raise ShapeError("glu: does not support 0-d (scalar) tensors (as in PyTorch): it "
                         "halves an axis")
    if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)):
        raise TypeError(f"glu: dim must be an int, got {dim!r}")
    if not -x.ndim <= dim < x.ndim:
        raise IndexError(f"glu: dim {dim} is out of range for a tensor of {x.ndim} axes "
                         f"(expected -{x.ndim} to {x.ndim - 1})")
    axis = int(dim) % x.ndim
    size = x.shape[axis]
    if size % 2:
        raise ShapeError(f"glu: halving dimension must be even, but dimension {axis} of the "
                         f"input {shape_str(x.shape)} has size {size}")
    half = size // 2
    first, second = ((slice(None),) * axis + (slice(start, start + half),)
                     for start in (0, half))
    return x[first] * x[second].sigmoid()
