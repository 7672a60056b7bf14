"""Activation functions as modules, so they can sit inside a `Sequential`.

Each one only calls the function of the same name; the derivative lives with
the op (minigrad/ops/elementwise.py, minigrad/functional/).
"""

from __future__ import annotations

from .. import functional
from ..tensor import Tensor
from .module import Module


def _axis(cls: str, axis: int | None, dim: int | None) -> int | None:
    """`axis` (numpy's name) or `dim` (PyTorch's), not both."""
    if dim is None:
        return axis
    if axis is not None and axis != dim:
        raise TypeError(f"{cls}: give axis or dim, not both (got axis={axis}, dim={dim})")
    return dim


class ReLU(Module):
    """max(x, 0), elementwise."""

    def forward(self, x: Tensor) -> Tensor:
        """relu(x)."""
        return x.relu()


class Sigmoid(Module):
    """1 / (1 + exp(-x)), elementwise: a probability from a logit."""

    def forward(self, x: Tensor) -> Tensor:
        """sigmoid(x)."""
        return x.sigmoid()


class Tanh(Module):
    """tanh(x), elementwise."""

    def forward(self, x: Tensor) -> Tensor:
        """tanh(x)."""
        return x.tanh()


class Softmax(Module):
    """exp(x) / sum(exp(x)) along `axis` (`dim=` also accepted).

    Pass the axis, as in PyTorch: without one, `functional.softmax` uses
    PyTorch's old implicit choice (which depends on x's number of axes) and warns.
    """

    def __init__(self, axis: int | None = None, *, dim: int | None = None) -> None:
        super().__init__()
        self.axis = _axis("Softmax", axis, dim)

    def forward(self, x: Tensor) -> Tensor:
        """softmax(x, axis)."""
        return functional.softmax(x, self.axis)

    def extra_repr(self) -> str:
        return f"axis={self.axis}"


class LogSoftmax(Module):
    """log(softmax(x)) along `axis`, computed stably (x - logsumexp(x)).

    Pass the axis: without one, the implicit choice of `functional.log_softmax`
    is used with a warning, as in PyTorch.
    """

    def __init__(self, axis: int | None = None, *, dim: int | None = None) -> None:
        super().__init__()
        self.axis = _axis("LogSoftmax", axis, dim)

    def forward(self, x: Tensor) -> Tensor:
        """log_softmax(x, axis)."""
        return functional.log_softmax(x, self.axis)

    def extra_repr(self) -> str:
        return f"axis={self.axis}"

