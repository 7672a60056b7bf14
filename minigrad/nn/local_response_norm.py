"""`LocalResponseNorm`: each value divided by the activity of its neighbouring channels, as
PyTorch's (AlexNet's normalisation; see minigrad/functional/local_response_norm.py)."""

from __future__ import annotations

from typing import Any

from ..functional.local_response_norm import local_response_norm
from ..tensor import Tensor
from .module import Module


class LocalResponseNorm(Module):
    """x / (k + alpha * mean of x^2 over `size` neighbouring channels)^beta, for (N, C, *).

    >>> nn.LocalResponseNorm(2)
    LocalResponseNorm(2, alpha=0.0001, beta=0.75, k=1.0)
    """

    def __init__(self, size: int, alpha: float = 1e-4, beta: float = 0.75,
                 k: float = 1.0) -> None:
        super().__init__()
        self.size, self.alpha, self.beta, self.k = size, alpha, beta, k

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        """functional.local_response_norm(input, size, alpha, beta, k)."""
        return local_response_norm(input, self.size, self.alpha, self.beta, self.k)

    def extra_repr(self) -> str:
        return f"{self.size}, alpha={self.alpha}, beta={self.beta}, k={self.k}"
