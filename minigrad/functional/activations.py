"""The activation functions of torch.nn.functional, with PyTorch's arguments.

    h = F.leaky_relu(x @ w, 0.2)
    h = F.gelu(h, approximate="tanh")

The math is in the ops (minigrad/ops/activations.py and activations_more.py:
each forward beside its backward, the derivative in the docstring). What is
added here is PyTorch's `inplace=` where PyTorch's function has it (relu,
leaky_relu, elu, selu, hardtanh, relu6, silu, mish; not gelu, softplus,
logsigmoid). `inplace=True` does what it does in PyTorch: the result is
written into the input's own memory and the input itself is returned. With
grad mode on this is refused for a leaf that requires grad, and recorded in
the graph otherwise (the op's node with a copy of the old values, so its
backward is exact), like every in-place change (minigrad/inplace.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..inplace import change_in_place
from ..ops import activations as act
from ..ops import activations_more as more
from ..tensor import Tensor


def maybe_in_place(fn: str, input: Any, inplace: bool, op: Callable[[Any], Tensor]) -> Tensor:
    """op(input), or with inplace=True the same values written into `input`, which is returned."""
    if not inplace:
        return op(input)
    if not isinstance(input, Tensor):
        raise TypeError(f"{fn}: inplace=True needs a Tensor to change, got "
                        f"{type(input).__name__}; pass a Tensor or use inplace=False")
    # named as x.add_() is in messages; a leaf that requires grad is refused, as in PyTorch
    return change_in_place(input, f"{fn}_", op)


def relu(input: Any, inplace: bool = False) -> Tensor:
    """max(x, 0). inplace=True writes the result into `input`."""
    return maybe_in_place("relu", input, inplace, act.relu)


def leaky_relu(input: Any, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    """x where x > 0, else negative_slope * x."""
    return maybe_in_place("leaky_relu", input, inplace,
                           lambda x: more.leaky_relu(x, negative_slope))


def elu(input: Any, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """x where x > 0, else alpha * (e**x - 1)."""
    return maybe_in_place("elu", input, inplace, lambda x: more.elu(x, alpha))


def selu(input: Any, inplace: bool = False) -> Tensor:
    """scale * elu(x, alpha), with SELU's constants alpha ≈ 1.6733 and scale ≈ 1.0507."""
    return maybe_in_place("selu", input, inplace, more.selu)


def hardtanh(input: Any, min_val: float = -1.0, max_val: float = 1.0,
             inplace: bool = False) -> Tensor:
    """x limited to [min_val, max_val]; gradient 0 outside and at the bounds."""
    return maybe_in_place("hardtanh", input, inplace,
                           lambda x: more.hardtanh(x, min_val, max_val))


def relu6(input: Any, inplace: bool = False) -> Tensor:
    """min(max(x, 0), 6)."""
    return maybe_in_place("relu6", input, inplace, more.relu6)


def silu(input: Any, inplace: bool = False) -> Tensor:
    """x * sigmoid(x) (also called swish)."""
    return maybe_in_place("silu", input, inplace, more.silu)


def mish(input: Any, inplace: bool = False) -> Tensor:
    """x * tanh(softplus(x))."""
    return maybe_in_place("mish", input, inplace, more.mish)


def gelu(input: Any, approximate: str = "none") -> Tensor:
    """x * Φ(x), Φ the standard normal's CDF (exact, with erf); approximate='tanh' uses
    0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³)))."""
    return more.gelu(input, approximate)


def softplus(input: Any, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """log(1 + e^(beta x)) / beta; x itself where beta * x > threshold."""
    return act.softplus(input, beta, threshold)


def logsigmoid(input: Any) -> Tensor:
    """log(sigmoid(x)), computed stably: finite for every finite x."""
    return act.logsigmoid(input)
