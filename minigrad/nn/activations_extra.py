"""More activation modules, as PyTorch's (arguments and repr): Hardsigmoid, Hardswish,
Threshold, CELU, Hardshrink, Softshrink, Softsign, Tanhshrink, Softmin, GLU and RReLU
(random slopes while training: minigrad/functional/random_activations.py).

Each one only calls the function of the same name in minigrad.functional with the
settings given to its constructor; the derivatives live with the ops
(minigrad/ops/activations_hard.py) and in minigrad/functional/activations_extra.py.
"""

from __future__ import annotations

from typing import Any

from ..functional import activations_extra as F
from ..functional.random_activations import rrelu
from ..tensor import Tensor
from .activations import inplace_repr
from .module import Module


class Hardsigmoid(Module):
    """min(max(x + 3, 0), 6) / 6, elementwise (PyTorch's repr shows no inplace)."""

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        """hardsigmoid(x)."""
        return F.hardsigmoid(input, self.inplace)


class Hardswish(Module):
    """x * min(max(x + 3, 0), 6) / 6, elementwise (PyTorch's repr shows no inplace)."""

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        """hardswish(x)."""
        return F.hardswish(input, self.inplace)


class Threshold(Module):
    """x where x > threshold, else value, elementwise."""

    def __init__(self, threshold: float, value: float, inplace: bool = False) -> None:
        super().__init__()
        self.threshold = threshold
        self.value = value
        self.inplace = inplace

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        """threshold(x, threshold, value)."""
        return F.threshold(input, self.threshold, self.value, self.inplace)

    def extra_repr(self) -> str:
        return f"threshold={self.threshold}, value={self.value}{inplace_repr(self.inplace)}"


class Hardshrink(Module):
    """x where |x| > lambd, else 0, elementwise."""

    def __init__(self, lambd: float = 0.5) -> None:
        super().__init__()
        self.lambd = lambd

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        """hardshrink(x, lambd)."""
        return F.hardshrink(input, self.lambd)

    def extra_repr(self) -> str:
        return f"{self.lambd}"


class Softshrink(Module):
    """x moved lambd towards 0, and 0 where |x| <= lambd, elementwise."""

    def __init__(self, lambd: float = 0.5) -> None:
        super().__init__()
        self.lambd = lambd

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        """softshrink(x, lambd)."""
        return F.softshrink(input, self.lambd)

    def extra_repr(self) -> str:
        return f"{self.lambd}"


class CELU(Module):
    """x where x > 0, else alpha * (exp(x / alpha) - 1), elementwise."""

    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        self.alpha = alpha
        self.inplace = inplace

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        """celu(x, alpha)."""
        return F.celu(input, self.alpha, self.inplace)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}{inplace_repr(self.inplace)}"


class Softsign(Module):
    """x / (1 + |x|), elementwise."""

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        """softsign(x)."""
        return F.softsign(input)


class Tanhshrink(Module):
    """x - tanh(x), elementwise."""

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        """tanhshrink(x)."""
        return F.tanhshrink(input)


class Softmin(Module):
    """softmax(-x) along `dim`."""

    def __init__(self, dim: int | None = None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        """softmin(x, dim)."""
        return F.softmin(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class GLU(Module):
    """a * sigmoid(b), a and b the two halves of x along `dim` (-1)."""

    def __init__(self, dim: int = -1) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        """glu(x, dim)."""
        return F.glu(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class RReLU(Module):
    """x where x > 0, else slope * x: while training a random slope from U(lower, upper)
    for each value, after `model.eval()` the mean slope (lower + upper) / 2."""

    def __init__(self, lower: float = 1.0 / 8, upper: float = 1.0 / 3,
                 inplace: bool = False) -> None:
        super().__init__()
        self.lower = lower
        self.upper = upper
        self.inplace = inplace

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        """rrelu(x, lower, upper, training=self.training)."""
        return rrelu(input, self.lower, self.upper, self.training, self.inplace)

    def extra_repr(self) -> str:
        return f"lower={self.lower}, upper={self.upper}{inplace_repr(self.inplace)}"
