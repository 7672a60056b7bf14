"""Activation functions as modules, so they can sit inside a `Sequential`.

Each one only calls the function of the same name, with the settings given to
its constructor (PyTorch's arguments, and PyTorch's repr); the derivative lives
with the op (minigrad/ops/activations.py, activations_more.py, minigrad/functional/).
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


def inplace_repr(inplace: bool, first: bool = False) -> str:
    """PyTorch's way of showing inplace in a repr: only when it is True."""
    if not inplace:
        return ""
    return "inplace=True" if first else ", inplace=True"


class ReLU(Module):
    """max(x, 0), elementwise. inplace=True overwrites the input (see F.relu)."""

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, x: Tensor) -> Tensor:
        """relu(x)."""
        return functional.relu(x, inplace=True) if self.inplace else x.relu()

    def extra_repr(self) -> str:
        return inplace_repr(self.inplace, first=True)


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



class LeakyReLU(Module):
    """x where x > 0, else negative_slope * x, elementwise."""

    def __init__(self, negative_slope: float = 0.01, inplace: bool = False) -> None:
        super().__init__()
        self.negative_slope = negative_slope
        self.inplace = inplace

    def forward(self, x: Tensor) -> Tensor:
        """leaky_relu(x, negative_slope)."""
        return functional.leaky_relu(x, self.negative_slope, self.inplace)

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}{inplace_repr(self.inplace)}"


class ELU(Module):
    """x where x > 0, else alpha * (exp(x) - 1), elementwise."""

    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        self.alpha = alpha
        self.inplace = inplace

    def forward(self, x: Tensor) -> Tensor:
        """elu(x, alpha)."""
        return functional.elu(x, self.alpha, self.inplace)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}{inplace_repr(self.inplace)}"


class SELU(Module):
    """scale * elu(x, alpha) with SELU's fixed constants, elementwise."""

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, x: Tensor) -> Tensor:
        """selu(x)."""
        return functional.selu(x, self.inplace)

    def extra_repr(self) -> str:
        return inplace_repr(self.inplace, first=True)


class GELU(Module):
    """x * Φ(x), Φ the standard normal's CDF; approximate='tanh' for the tanh formula."""

    def __init__(self, approximate: str = "none") -> None:
        super().__init__()
        if approximate not in ("none", "tanh"):  # said now, not at the first forward
            raise ValueError(f"GELU: approximate must be 'none' or 'tanh', got {approximate!r}")
        self.approximate = approximate

    def forward(self, x: Tensor) -> Tensor:
        """gelu(x, approximate)."""
        return functional.gelu(x, approximate=self.approximate)

    def extra_repr(self) -> str:
        return f"approximate={self.approximate!r}"


class SiLU(Module):
    """x * sigmoid(x), elementwise (also called swish)."""

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, x: Tensor) -> Tensor:
        """silu(x)."""
        return functional.silu(x, self.inplace)

    def extra_repr(self) -> str:
        return inplace_repr(self.inplace, first=True)


class Mish(Module):
    """x * tanh(softplus(x)), elementwise."""

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, x: Tensor) -> Tensor:
        """mish(x)."""
        return functional.mish(x, self.inplace)

    def extra_repr(self) -> str:
        return inplace_repr(self.inplace, first=True)


class Softplus(Module):
    """log(1 + exp(beta * x)) / beta, elementwise; x itself where beta * x > threshold."""

    def __init__(self, beta: float = 1.0, threshold: float = 20.0) -> None:
        super().__init__()
        self.beta = beta
        self.threshold = threshold

    def forward(self, x: Tensor) -> Tensor:
        """softplus(x, beta, threshold)."""
        return functional.softplus(x, self.beta, self.threshold)

    def extra_repr(self) -> str:
        return f"beta={self.beta}, threshold={self.threshold}"


class LogSigmoid(Module):
    """log(sigmoid(x)), elementwise, computed stably."""

    def forward(self, x: Tensor) -> Tensor:
        """logsigmoid(x)."""
        return functional.logsigmoid(x)


class Hardtanh(Module):
    """x limited to [min_val, max_val], elementwise."""

    def __init__(self, min_val: float = -1.0, max_val: float = 1.0,
                 inplace: bool = False) -> None:
        super().__init__()
        if not max_val > min_val:  # PyTorch's check: equal bounds are refused too
            raise ValueError(f"Hardtanh: max_val ({max_val}) must be greater than min_val "
                             f"({min_val})")
        self.min_val = min_val
        self.max_val = max_val
        self.inplace = inplace

    def forward(self, x: Tensor) -> Tensor:
        """hardtanh(x, min_val, max_val)."""
        return functional.hardtanh(x, self.min_val, self.max_val, self.inplace)

    def extra_repr(self) -> str:
        return f"min_val={self.min_val}, max_val={self.max_val}{inplace_repr(self.inplace)}"


class ReLU6(Module):
    """min(max(x, 0), 6), elementwise."""

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, x: Tensor) -> Tensor:
        """relu6(x)."""
        return functional.relu6(x, self.inplace)

    def extra_repr(self) -> str:
        return inplace_repr(self.inplace, first=True)
