"""`Dropout1d` and `Dropout2d`: channel-wise dropout layers, as PyTorch's (see
minigrad/functional/channel_dropout.py). While training, each channel of each example
is zeroed with probability p (the others divided by 1 - p); after `model.eval()` the
input passes through unchanged.
"""

from __future__ import annotations

from typing import Any

from ..functional.channel_dropout import dropout1d, dropout2d
from ..functional.dropout import check_probability
from ..tensor import Tensor
from .module import Module


class Dropout1d(Module):
    """Zeros whole channels of (N, C, L) or (C, L) inputs while training.

    >>> nn.Dropout1d(0.3)
    Dropout1d(p=0.3, inplace=False)
    """

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        check_probability(type(self).__name__, p)
        self.p = p
        self.inplace = inplace

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        """functional.dropout1d(x, p, training=self.training)."""
        return dropout1d(input, self.p, self.training, self.inplace)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"


class Dropout2d(Dropout1d):
    """Zeros whole channels of (N, C, H, W) inputs while training (a 3D input is taken as
    (N, C, L), with a warning, as PyTorch 2.13)."""

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        """functional.dropout2d(x, p, training=self.training)."""
        return dropout2d(input, self.p, self.training, self.inplace)
