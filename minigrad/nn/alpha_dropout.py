"""`AlphaDropout` and `FeatureAlphaDropout`: dropout for SELU networks, as PyTorch's (see
minigrad/functional/alpha_dropout.py). While training, dropped values become SELU's lowest
value and all are rescaled so that mean 0 and variance 1 are kept; after `model.eval()`
the input passes through unchanged.
"""

from __future__ import annotations

from typing import Any

from ..functional.alpha_dropout import alpha_dropout, feature_alpha_dropout
from ..tensor import Tensor
from .channel_dropout import Dropout1d


class AlphaDropout(Dropout1d):
    """Alpha dropout of single values while training.

    >>> nn.AlphaDropout(0.2)
    AlphaDropout(p=0.2, inplace=False)
    """

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        """functional.alpha_dropout(x, p, training=self.training)."""
        return alpha_dropout(input, self.p, self.training, self.inplace)


class FeatureAlphaDropout(Dropout1d):
    """Alpha dropout of whole channels of (N, C, ...) inputs while training."""

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        """functional.feature_alpha_dropout(x, p, training=self.training)."""
        return feature_alpha_dropout(input, self.p, self.training, self.inplace)
