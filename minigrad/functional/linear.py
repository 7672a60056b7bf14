"""linear: y = x @ W.T + b, the weighted sums behind nn.Linear, as a function.

    F.linear(x, weight, bias)   # x (..., in), weight (out, in), bias (out,): y (..., out)

It is two ops, MatMul and Add, so its gradients are theirs: with G = dL/dy,
dL/dx = G @ W, dL/dW = Gᵀ x and dL/db = G, the last two summed over the batch
axes (the engine's one rule for broadcasting). nn.Linear calls this function,
so the layer and the function give the same numbers.

As in PyTorch, the weight may also be 1-D, (in,): then y = x @ w has no
feature axis, and a bias must be 0-d. The input, the weight and the bias must
have one dtype (PyTorch does not promote here either); integers are allowed,
bools are not. float16 is computed in float32 and rounded once, as PyTorch's
kernel adds the bias before rounding.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import DTypeError, ShapeError, broadcasts_to, shape_str
from ..ops.arguments import as_tensor
from ..tensor import Tensor


def linear(input: Any, weight: Any, bias: Any = None) -> Tensor:  # noqa: A002 (PyTorch's names)
    """x @ weight.T + bias for x of shape (..., in_features), weight of shape
    (out_features, in_features) (or (in_features,)) and bias of shape (out_features,)
    (or anything that broadcasts to the output, as in PyTorch)."""
    fn = "linear"
    x, w = as_tensor(input), as_tensor(weight)
    b = None if bias is None else as_tensor(bias)
    # The checks read the arrays (x._data), not the properties: nn.Linear calls this on
    # every forward, and the plain case should cost little more than x @ W.T + b.
    xs, ws, dtype = x._data.shape, w._data.shape, x._data.dtype
    if w._data.dtype != dtype or dtype.kind == "b" or (b is not None and b._data.dtype != dtype):
        raise _dtype_error(fn, x, w, b)
    if not xs or not ws:
        raise ShapeError(f"{fn}: the input and the weight need at least 1 axis each, got shapes "
                         f"{shape_str(xs)} and {shape_str(ws)}")
    if len(ws) > 2:
        raise ShapeError(f"{fn}: the weight must have shape (out_features, in_features) or "
                         f"(in_features,), got {shape_str(ws)}")
    if xs[-1] != ws[-1]:
        raise ShapeError(
            f"{fn}: the input's last axis has {xs[-1]} features (shape {shape_str(xs)}) but "
            f"the weight of shape {shape_str(ws)} takes in_features={ws[-1]}; they must be "
            "equal"
        )
    if dtype == np.float16:  # in float32, rounded once, as PyTorch's fused x @ W.T + b
        x, w, b = (None if t is None else t.float() for t in (x, w, b))
        return linear(x, w, b).half()
    out = x @ (w.T if len(ws) == 2 else w)
    if b is None:
        return out
    if len(ws) == 1 or b._data.shape != ws[:1]:  # not the everyday (out_features,) bias
        _check_bias(fn, b, len(ws), len(xs), out._data.shape)
    return out + b


def _dtype_error(fn: str, x: Tensor, w: Tensor, b: Tensor | None) -> DTypeError:
    for name, t in (("input", x), ("weight", w), ("bias", b)):
        if t is not None and t.dtype == np.bool_:
            return DTypeError(f"{fn}: the {name} is a bool tensor, which cannot be multiplied "
                              "and added (as in PyTorch); convert it first, e.g. x.float()")
    name, t = ("weight", w) if w.dtype != x.dtype else ("bias", b)
    fix = {"float32": "x.float()", "float64": "x.double()"}.get(t.dtype.name,
                                                                f"x.astype({name}.dtype)")
    return DTypeError(
        f"{fn}: the input has dtype {x.dtype} but the {name} {t.dtype}; they must be the "
        f"same (as in PyTorch): convert the input with {fix}, or the {name}"
    )


def _check_bias(fn: str, b: Tensor, w_ndim: int, x_ndim: int, shape: tuple[int, ...]) -> None:
    """A bias must broadcast to the output's shape without making it bigger (PyTorch adds
    it to the output in place); with a 1-D weight it must be 0-d."""
    if w_ndim == 1 and (b.ndim != 0 or x_ndim == 2):
        raise ShapeError(
            f"{fn}: with a 1-D weight (one output number per row) the bias must be 0-d, and "
            f"PyTorch refuses any bias for a 2-D input; got a bias of shape "
            f"{shape_str(b.shape)} and an input with {x_ndim} axes. Add it afterwards: "
            "F.linear(x, w) + b"
        )
    if not broadcasts_to(b.shape, shape):
        raise ShapeError(
            f"{fn}: a bias of shape {shape_str(b.shape)} does not fit the output of shape "
            f"{shape_str(shape)}; give it shape (out_features,) = ({shape[-1]},)"
        )  # (a 0-d bias always fits: only a 2-D weight, with its feature axis, gets here)
