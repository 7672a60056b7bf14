"""The multi-class margin loss modules, as torch.nn's: each holds its settings and calls
minigrad.functional (minigrad/functional/margin_losses_multi.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import functional
from ..tensor import Tensor
from .losses import LossWithReduction
from .more_losses import PairwiseDistance


class MultiMarginLoss(LossWithReduction):
    """sum over j != y of weight[y] * max(0, margin - x[y] + x[j])^p / C, per sample."""

    def __init__(self, p: int = 1, margin: float = 1.0, weight: Tensor | None = None,
                 reduction: str = "mean") -> None:
        super().__init__(reduction)
        if isinstance(p, bool) or p not in (1, 2):
            raise ValueError(f"MultiMarginLoss: only p == 1 and p == 2 supported, got {p!r}")
        self.p, self.margin, self.weight = p, margin, weight

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """functional.multi_margin_loss(input, target, p, margin, weight)."""
        return functional.multi_margin_loss(input, target, p=self.p, margin=self.margin,
                                            weight=self.weight, reduction=self.reduction)


class MultiLabelMarginLoss(LossWithReduction):
    """sum over a sample's classes j and the other classes i of max(0, 1 - (x[j] - x[i])) / C."""

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """functional.multilabel_margin_loss(input, target)."""
        return functional.multilabel_margin_loss(input, target, reduction=self.reduction)


class TripletMarginWithDistanceLoss(LossWithReduction):
    """max(0, d(anchor, positive) - d(anchor, negative) + margin) for a distance function d
    (default: a PairwiseDistance module, shown as a submodule, as in PyTorch)."""

    def __init__(self, *, distance_function: Callable[[Tensor, Tensor], Tensor] | None = None,
                 margin: float = 1.0, swap: bool = False, reduction: str = "mean") -> None:
        super().__init__(reduction)
        if margin <= 0:
            raise ValueError(f"TripletMarginWithDistanceLoss: expected margin to be greater "
                             f"than 0, got {margin} instead")
        self.distance_function: Any = (distance_function if distance_function is not None
                                       else PairwiseDistance())
        self.margin, self.swap = margin, swap

    def forward(self, anchor: Tensor, positive: Tensor, negative: Tensor) -> Tensor:
        """functional.triplet_margin_with_distance_loss(anchor, positive, negative, ...)."""
        return functional.triplet_margin_with_distance_loss(
            anchor, positive, negative, distance_function=self.distance_function,
            margin=self.margin, swap=self.swap, reduction=self.reduction)
