"""More loss modules, as torch.nn's: each holds its settings and calls minigrad.functional.

KLDivLoss (kl_div), the margin losses (MarginRankingLoss, HingeEmbeddingLoss,
SoftMarginLoss, MultiLabelSoftMarginLoss, CosineEmbeddingLoss, TripletMarginLoss:
functional/margin_losses.py), the likelihoods (PoissonNLLLoss, GaussianNLLLoss:
functional/likelihood_losses.py), and the two small modules behind them,
PairwiseDistance and CosineSimilarity.
"""

from __future__ import annotations

from typing import Any

from .. import functional
from ..tensor import Tensor
from .losses import LossWithReduction
from .module import Module


class KLDivLoss(Module):
    """KL(target || exp(input)) for log-probabilities `input` (see functional.kl_div);
    reduction may also be 'batchmean', the true KL divergence per sample."""

    def __init__(self, reduction: str = "mean", log_target: bool = False) -> None:
        super().__init__()
        if reduction not in ("mean", "sum", "none", "batchmean"):
            raise ValueError(f"KLDivLoss: reduction must be 'mean', 'sum', 'none' or "
                             f"'batchmean', got {reduction!r}")
        self.reduction = reduction
        self.log_target = log_target

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """functional.kl_div(input, target, reduction, log_target)."""
        return functional.kl_div(input, target, reduction=self.reduction,
                                 log_target=self.log_target)


class _MarginLoss(LossWithReduction):
    def __init__(self, margin: float, reduction: str = "mean") -> None:
        super().__init__(reduction)
        self.margin = margin


class MarginRankingLoss(_MarginLoss):
    """max(0, -target * (input1 - input2) + margin)."""

    def __init__(self, margin: float = 0.0, reduction: str = "mean") -> None:
        super().__init__(margin, reduction)

    def forward(self, input1: Tensor, input2: Tensor, target: Tensor) -> Tensor:
        """functional.margin_ranking_loss(input1, input2, target, margin)."""
        return functional.margin_ranking_loss(input1, input2, target, margin=self.margin,
                                              reduction=self.reduction)


class HingeEmbeddingLoss(_MarginLoss):
    """input where target = 1, max(0, margin - input) where target = -1."""

    def __init__(self, margin: float = 1.0, reduction: str = "mean") -> None:
        super().__init__(margin, reduction)

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """functional.hinge_embedding_loss(input, target, margin)."""
        return functional.hinge_embedding_loss(input, target, margin=self.margin,
                                               reduction=self.reduction)


class SoftMarginLoss(LossWithReduction):
    """log(1 + exp(-target * input)), stable for large margins."""

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """functional.soft_margin_loss(input, target)."""
        return functional.soft_margin_loss(input, target, reduction=self.reduction)


class MultiLabelSoftMarginLoss(LossWithReduction):
    """The soft margin (logistic) loss of every class, averaged over the classes."""

    def __init__(self, weight: Tensor | None = None, reduction: str = "mean") -> None:
        super().__init__(reduction)
        self.weight = weight

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """functional.multilabel_soft_margin_loss(input, target, weight)."""
        return functional.multilabel_soft_margin_loss(input, target, weight=self.weight,
                                                      reduction=self.reduction)


class CosineEmbeddingLoss(_MarginLoss):
    """1 - cos(input1, input2) where target = 1, max(0, cos - margin) where target = -1."""

    def __init__(self, margin: float = 0.0, reduction: str = "mean") -> None:
        super().__init__(margin, reduction)

    def forward(self, input1: Tensor, input2: Tensor, target: Tensor) -> Tensor:
        """functional.cosine_embedding_loss(input1, input2, target, margin)."""
        return functional.cosine_embedding_loss(input1, input2, target, margin=self.margin,
                                                reduction=self.reduction)


class TripletMarginLoss(_MarginLoss):
    """max(0, d(anchor, positive) - d(anchor, negative) + margin), d the p-norm distance."""

    def __init__(self, margin: float = 1.0, p: float = 2.0, eps: float = 1e-6,
                 swap: bool = False, reduction: str = "mean") -> None:
        super().__init__(margin, reduction)
        self.p, self.eps, self.swap = p, eps, swap

    def forward(self, anchor: Tensor, positive: Tensor, negative: Tensor) -> Tensor:
        """functional.triplet_margin_loss(anchor, positive, negative, ...)."""
        return functional.triplet_margin_loss(anchor, positive, negative, margin=self.margin,
                                              p=self.p, eps=self.eps, swap=self.swap,
                                              reduction=self.reduction)


class PoissonNLLLoss(LossWithReduction):
    """exp(input) - target * input (log_input=True), or input - target * log(input + eps)."""

    def __init__(self, log_input: bool = True, full: bool = False, eps: float = 1e-8,
                 reduction: str = "mean") -> None:
        super().__init__(reduction)
        self.log_input, self.full, self.eps = log_input, full, eps

    def forward(self, log_input: Tensor, target: Tensor) -> Tensor:
        """functional.poisson_nll_loss(input, target, ...)."""
        return functional.poisson_nll_loss(log_input, target, log_input=self.log_input,
                                           full=self.full, eps=self.eps,
                                           reduction=self.reduction)


class GaussianNLLLoss(LossWithReduction):
    """0.5 (log var + (input - target)^2 / var), var raised to at least eps."""

    def __init__(self, *, full: bool = False, eps: float = 1e-6, reduction: str = "mean") -> None:
        super().__init__(reduction)
        self.full, self.eps = full, eps

    def forward(self, input: Tensor, target: Tensor, var: Any) -> Tensor:  # noqa: A002
        """functional.gaussian_nll_loss(input, target, var, ...)."""
        return functional.gaussian_nll_loss(input, target, var, full=self.full, eps=self.eps,
                                            reduction=self.reduction)


class PairwiseDistance(Module):
    """The p-norm of x1 - x2 + eps along the last axis (functional.pairwise_distance)."""

    def __init__(self, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False) -> None:
        super().__init__()
        self.norm, self.eps, self.keepdim = p, eps, keepdim

    def forward(self, x1: Tensor, x2: Tensor) -> Tensor:
        """functional.pairwise_distance(x1, x2, p, eps, keepdim)."""
        return functional.pairwise_distance(x1, x2, self.norm, self.eps, self.keepdim)


class CosineSimilarity(Module):
    """The cosine of the angle between x1 and x2 along `dim` (functional.cosine_similarity)."""

    def __init__(self, dim: int = 1, eps: float = 1e-8) -> None:
        super().__init__()
        self.dim, self.eps = dim, eps

    def forward(self, x1: Tensor, x2: Tensor) -> Tensor:
        """functional.cosine_similarity(x1, x2, dim, eps)."""
        return functional.cosine_similarity(x1, x2, self.dim, self.eps)
