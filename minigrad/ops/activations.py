"""The activation functions: the nonlinearities between layers.

Elementwise ops like those in `elementwise.py`; they have a file of their
own because a network is built from them. Sigmoid and Tanh take their
derivative from their own output (`saves_output = True`); Relu keeps the
mask of the positive inputs. Softplus and LogSigmoid are computed in a form
that never overflows. The others (leaky_relu, elu, gelu, silu, hardtanh, ...)
are in `activations_more.py`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..errors import DTypeError
from ..function import Function
from ..tensor import Tensor
from . import either
from .arguments import as_float, as_tensor


class Relu(Function):
    """z = max(x, 0).   dz/dx = 0 where x <= 0 (including at 0), else 1.

    A NaN input gives a NaN output and passes its gradient on, as in PyTorch.
    """

    chain = ("z = max(x, 0)", "dz/dx = 1 where x > 0, else 0")

    def forward(self, x: np.ndarray) -> np.ndarray:
        if x.dtype == np.bool_:
            raise TypeError("bool tensors are not supported (as in PyTorch); convert first, "
                            "e.g. mask.float()")
        z = np.maximum(x, 0)  # not x * mask: that gives -0.0 for negative x
        self.saved = z != 0  # x > 0, and NaN (NaN != 0): one pass over the output
        return z

    def backward(self, g: Any) -> Any:
        return either.masked(g, self.saved)


class Sigmoid(Function):
    """z = 1 / (1 + e**-x).   dz/dx = z * (1 - z).

    Forward avoids overflow: for x < 0 it computes e**x / (1 + e**x).
    """

    chain = ("z = 1 / (1 + e**-x)", "dz/dx = z * (1 - z)")

    saves_output = True

    def forward(self, x: np.ndarray) -> np.ndarray:
        e = np.exp(-np.abs(x))  # in (0, 1]: never overflows
        return np.where(x >= 0, 1 / (1 + e), e / (1 + e))

    def backward(self, g: Any) -> Any:
        z = self.saved_output()
        return g * z * (1 - z)


class Tanh(Function):
    """z = tanh x.   dz/dx = 1 - z**2."""

    chain = ("z = tanh x", "dz/dx = 1 - z**2")

    saves_output = True

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.tanh(x)

    def backward(self, g: Any) -> Any:
        z = self.saved_output()
        return g * (1 - z * z)


class Softplus(Function):
    """z = log(1 + e^(βx)) / β, and z = x where βx > threshold.   dz/dx = sigmoid(βx),
    and 1 where βx > threshold.

    PyTorch's F.softplus has beta=1 and threshold=20: above the threshold the
    curve is taken to be the line z = x (they differ by less than 2e-9 there).
    Without a threshold (the default here) there is no such region: binary
    cross-entropy's backward applies this op that way (through
    `either.softplus`) when the backward pass is recorded (create_graph=True).
    """

    chain = ("z = log(1 + e^(beta x)) / beta", "dz/dx = sigmoid(beta x)")

    def forward(self, x: np.ndarray, beta: float = 1.0,
                threshold: float = math.inf) -> np.ndarray:
        bx = x * beta if beta != 1 else x
        z = either.softplus(bx)  # the form that never overflows
        if beta != 1:
            z = z / beta
        if threshold != math.inf:
            z = np.where(bx > threshold, x, z)
        return z

    def backward(self, g: Any) -> Any:
        (x,) = self.saved_inputs()
        beta, threshold = self.params.get("beta", 1.0), self.params.get("threshold", math.inf)
        bx = x * beta if beta != 1 else x
        slope = either.sigmoid(bx)
        if threshold != math.inf:
            slope = either.where(either.raw(bx) > threshold, 1.0, slope)
        return g * slope


class LogSigmoid(Function):
    """z = log sigmoid(x) = -softplus(-x) = min(x, 0) - log(1 + e^-|x|).
    dz/dx = 1 - sigmoid(x) = sigmoid(-x).

    Never log(sigmoid(x)) as written: sigmoid(-1e4) is 0 in floats, and its log
    -inf, where the true value is -1e4.
    """

    chain = ("z = log sigmoid(x) = -softplus(-x)", "dz/dx = sigmoid(-x)")

    def forward(self, x: np.ndarray) -> np.ndarray:
        return -either.softplus(-x)

    def backward(self, g: Any) -> Any:
        (x,) = self.saved_inputs()
        return g * either.sigmoid(-x)


def relu(x: Any) -> Tensor:
    """max(x, 0)."""
    return Relu.apply(as_tensor(x))


def sigmoid(x: Any) -> Tensor:
    """The logistic function 1 / (1 + e ** -x)."""
    return Sigmoid.apply(as_float(x))


def tanh(x: Any) -> Tensor:
    """Hyperbolic tangent."""
    return Tanh.apply(as_float(x))


def floating(x: Any, op: str) -> Tensor:
    """x as a Tensor, refusing integer and bool ones: PyTorch computes these
    activations for floating tensors only (unlike sigmoid, which makes ints float32)."""
    t = as_tensor(x)
    if t._data.dtype.kind != "f":
        raise DTypeError(
            f"{op}: needs a floating tensor, got dtype {t._data.dtype} (as in PyTorch, "
            f"integer and bool tensors are refused); convert first, e.g. {op}(x.float())"
        )
    return t


def softplus(x: Any, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """log(1 + e^(beta x)) / beta, and x itself where beta x > threshold (PyTorch's F.softplus)."""
    return Softplus.apply(floating(x, "softplus"), beta=float(beta), threshold=float(threshold))


def logsigmoid(x: Any) -> Tensor:
    """log(sigmoid(x)), computed stably (finite for every finite x)."""
    return LogSigmoid.apply(floating(x, "logsigmoid"))
