"""The arguments convolution and pooling share, checked as PyTorch checks them.

`kernel_size`, `stride`, `padding` and `dilation` are an int (the same on every
spatial axis) or a tuple with one int per spatial axis; the input is batched
(N, C, *spatial) or unbatched (C, *spatial). Each helper names the function
that was called (`conv2d: stride must be ...`) and says what would be right.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import DTypeError, ShapeError, shape_str
from ..tensor import Tensor

_AXES = {1: "(L)", 2: "(H, W)", 3: "(D, H, W)"}
_MEANING = {"kernel_size": "positive", "stride": "positive", "dilation": "positive",
            "padding": "zero or more"}


def tensor_argument(op: str, name: str, value: Any) -> Tensor:
    """`value` itself, which must be a Tensor (PyTorch takes no lists here either)."""
    if not isinstance(value, Tensor):
        raise TypeError(f"{op}: {name} must be a Tensor, got {type(value).__name__}; wrap the "
                        f"data with mg.tensor(...)")
    return value


def per_axis(op: str, name: str, value: Any, d: int) -> tuple[int, ...]:
    """`value` (an int, or a tuple or list of 1 or d ints) as d ints, each checked: positive,
    or for padding zero or more."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        values: tuple[Any, ...] = (value,)
    elif isinstance(value, (tuple, list)):
        values = tuple(value)
    else:
        values = ("?",)  # neither: the type error below
    if not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in values):
        raise TypeError(f"{op}: {name} must be an int or a tuple of {d} ints "
                        f"(one per spatial axis {_AXES[d]}), got {value!r}")
    if len(values) not in (1, d):
        raise ValueError(f"{op}: {name} must be an int or a tuple of {d} ints "
                         f"(one per spatial axis {_AXES[d]}), got {len(values)}: {value!r}")
    least = 0 if name == "padding" else 1
    if any(v < least for v in values):
        raise ValueError(f"{op}: {name} must be {_MEANING[name]}, got {value!r}")
    return tuple(int(v) for v in (values * d if len(values) == 1 else values))


def batched(op: str, x: Tensor, d: int, what: str) -> tuple[Tensor, bool]:
    """x as a batch (N, C, *spatial), and whether it was one; an unbatched (C, *spatial)
    gets a batch axis of 1 in front. `what` names the axes in the message."""
    if x.ndim not in (d + 1, d + 2):
        raise ShapeError(
            f"{op}: expected a {d + 1}-D (unbatched: {what}) or {d + 2}-D (batched: N, {what}) "
            f"input, got shape {shape_str(x.shape)}")
    return (x, True) if x.ndim == d + 2 else (x.unsqueeze(0), False)


def check_dtype(op: str, x: Tensor, allowed: tuple[str, ...] = ()) -> None:
    """Refuse the dtypes PyTorch's op refuses: floats always pass; `allowed` names the
    others it takes, by numpy kind ('i' signed ints, 'u' unsigned) or by name ('int64')."""
    dtype = x.dtype
    if dtype.kind == "f" or dtype.kind in allowed or dtype.name in allowed:
        return
    raise DTypeError(f"{op}: {dtype} input is not supported (as in PyTorch); convert it "
                     "first, e.g. x.float()")
