"""The activation functions: the nonlinearities between layers.

Elementwise ops like those in `elementwise.py`; they have a file of their
own because a network is built from them. Sigmoid and Tanh take their
derivative from their own output (`saves_output = True`); Relu keeps the
mask of the positive inputs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..function import Function
from ..tensor import Tensor
from . import either
from .arguments import as_float, as_tensor


class Relu(Function):
    """z = max(x, 0).   dz/dx = 0 where x <= 0 (including at 0), else 1.

    A NaN input gives a NaN output and passes its gradient on, as in PyTorch.
    """

    def forward(self, x: np.ndarray) -> np.ndarray:
        if x.dtype == np.bool_:
            raise TypeError("bool tensors are not supported (as in PyTorch); convert first, "
                            "e.g. mask.float()")
        z = np.maximum(x, 0)  # not x * mask: that gives -0.0 for negative x
        self.saved = z != 0  # x > 0, and NaN (NaN != 0): one pass over the output
        return z

    def backward(self, g: Any) -> Any:
        return g * self.saved


class Sigmoid(Function):
    """z = 1 / (1 + e**-x).   dz/dx = z * (1 - z).

    Forward avoids overflow: for x < 0 it computes e**x / (1 + e**x).
    """

    saves_output = True

    def forward(self, x: np.ndarray) -> np.ndarray:
        e = np.exp(-np.abs(x))  # in (0, 1]: never overflows
        return np.where(x >= 0, 1 / (1 + e), e / (1 + e))

    def backward(self, g: Any) -> Any:
        z = self.saved_output()
        return g * z * (1 - z)


class Tanh(Function):
    """z = tanh x.   dz/dx = 1 - z**2."""

    saves_output = True

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.tanh(x)

    def backward(self, g: Any) -> Any:
        z = self.saved_output()
        return g * (1 - z * z)


class Softplus(Function):
    """z = log(1 + e^x).   dz/dx = e^x / (1 + e^x) = sigmoid(x).

    No user-facing function: binary cross-entropy's backward applies it (through
    `either.softplus`) when the backward pass is recorded (create_graph=True).
    """

    def forward(self, x: np.ndarray) -> np.ndarray:
        return either.softplus(x)

    def backward(self, g: Any) -> Any:
        (x,) = self.saved_inputs()
        return g * either.sigmoid(x)


def relu(x: Any) -> Tensor:
    """max(x, 0)."""
    return Relu.apply(as_tensor(x))


def sigmoid(x: Any) -> Tensor:
    """The logistic function 1 / (1 + e ** -x)."""
    return Sigmoid.apply(as_float(x))


def tanh(x: Any) -> Tensor:
    """Hyperbolic tangent."""
    return Tanh.apply(as_float(x))
