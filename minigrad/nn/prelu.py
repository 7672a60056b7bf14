"""`PReLU` (leaky_relu with a learnt slope, functional/prelu.py) and `Softmax2d` (softmax
over the channels of every pixel), as PyTorch's.

    act = nn.PReLU(16)               # one slope per channel of a (N, 16, ...) input
    nn.Softmax2d()(mg.randn(2, 3, 4, 4)).sum(1)   # ones: a distribution per pixel
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..devices import check_device
from ..dtypes import default_float
from ..errors import DTypeError
from ..functional.prelu import prelu
from ..functional.softmax import softmax
from ..ops.arguments import as_tensor
from ..tensor import Tensor
from . import init
from .module import Module, Parameter


class PReLU(Module):
    """x where x > 0, else weight * x, with `weight` a Parameter of `num_parameters`
    values (1: one slope for all; else one per channel, axis 1), all starting at `init`.

    >>> nn.PReLU(3)
    PReLU(num_parameters=3)
    """

    def __init__(self, num_parameters: int = 1, init: float = 0.25, device: Any = None,
                 dtype: Any = None) -> None:
        super().__init__()
        check_device(device, "PReLU")
        if isinstance(num_parameters, bool) or not isinstance(num_parameters,
                                                              (int, np.integer)):
            raise TypeError(f"PReLU: num_parameters must be an int, got {num_parameters!r}")
        if num_parameters < 1:
            raise ValueError(f"PReLU: num_parameters must be at least 1, got {num_parameters}")
        dtype = np.dtype(default_float() if dtype is None else dtype)
        if dtype.kind != "f":
            raise DTypeError(f"PReLU: dtype must be floating (float32 or float64), got {dtype}")
        self.num_parameters = int(num_parameters)
        self.init = init
        self.weight = Parameter(np.full(self.num_parameters, init, dtype))

    def reset_parameters(self) -> None:
        """Every slope back to `init`."""
        init.constant_(self.weight, self.init)

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        """prelu(x, weight)."""
        return prelu(input, self.weight)

    def extra_repr(self) -> str:
        return f"num_parameters={self.num_parameters}"


class Softmax2d(Module):
    """softmax over the channels (axis -3) of an input (N, C, H, W) or (C, H, W): for each
    pixel, its C scores become probabilities."""

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        """softmax(x, -3)."""
        x = as_tensor(input)
        if x.ndim not in (3, 4):
            raise ValueError(f"Softmax2d: expected input to be 3D or 4D, got {x.ndim}D "
                             f"instead (as PyTorch)")
        return softmax(x, -3)
