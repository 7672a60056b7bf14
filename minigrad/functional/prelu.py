"""prelu: leaky_relu with a learnt slope, one per channel (or one for all), as
torch.nn.functional.prelu; the function behind nn.PReLU (minigrad/nn/prelu.py).

    z = x where x > 0, else weight_c * x,   c the channel (axis 1) of x

A composition: where(x > 0, x, w * x) (x's positive values kept out of the second
branch, whose gradient would otherwise be 0 * inf for x = inf), with w reshaped to
(C, 1, ...) so that it broadcasts over axis 1. Its gradients come from where and multiply:
    dz/dx = 1 where x > 0, else w_c (w_c at 0 too, as PyTorch)
    dL/dw_c = the sum of g * x over the values of channel c with x <= 0
(the engine sums the broadcast product back to the weight's shape).
"""

from __future__ import annotations

from typing import Any

from ..errors import DTypeError, ShapeError, shape_str
from ..ops.activations import floating
from ..ops.arguments import as_tensor
from ..ops.elementwise import where
from ..tensor import Tensor


def prelu(input: Any, weight: Any) -> Tensor:  # noqa: A002
    """x where x > 0, else weight * x; weight has one value (for every channel) or one per
    channel, the input's axis 1."""
    fn = "prelu"
    x = floating(input, fn)
    w = as_tensor(weight)
    if w.ndim > 1:
        raise ShapeError(f"{fn}: expected the weight to be a scalar or 1-D tensor (as "
                         f"PyTorch), got shape {shape_str(w.shape)}")
    if w.dtype != x.dtype:
        raise DTypeError(f"{fn}: the weight has dtype {w.dtype} but the input {x.dtype}; they "
                         f"must be the same (as in PyTorch): convert one, e.g. "
                         f"weight.to(x.dtype)")
    if w.numel() != 1:
        channels = x.shape[1] if x.ndim >= 2 else 1
        if x.ndim == 0 or w.numel() != channels:
            raise ShapeError(
                f"{fn}: mismatch of the weight's number of values ({w.numel()}) and the "
                f"input's channels ({channels}, axis 1 of shape {shape_str(x.shape)}); give "
                f"one value per channel, or a single one")
        w = w.reshape((channels,) + (1,) * (x.ndim - 2))
    elif w.ndim:
        w = w.reshape(())
    positive = x > 0
    # w times x's non-positive part only: a positive inf would give w the gradient
    # 0 * inf = NaN through the branch that where() does not take
    return where(positive, x, w * where(positive, 0.0, x))
