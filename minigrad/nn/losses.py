"""Loss functions as modules: each holds its settings and calls `minigrad.functional`.

    loss_fn = nn.CrossEntropyLoss()
    loss = loss_fn(logits, labels)      # = functional.cross_entropy(logits, labels)

The lecture's losses: MSELoss (the perceptron's squared error; L1Loss,
SmoothL1Loss and HuberLoss are its relatives for outliers), BCELoss and
BCEWithLogitsLoss (Bernoulli maximum likelihood, i.e. logistic regression),
CrossEntropyLoss and NLLLoss (the multiclass form). The formulas and their
derivatives are documented in minigrad/functional/.
"""

from __future__ import annotations

from .. import functional
from ..tensor import Tensor
from .module import Module

_REDUCTIONS = ("mean", "sum", "none")


class LossWithReduction(Module):
    """Shared by the loss modules: checks and shows `reduction`."""

    def __init__(self, reduction: str = "mean") -> None:
        super().__init__()
        if reduction not in _REDUCTIONS:
            raise ValueError(
                f"{type(self).__name__}: reduction must be 'mean', 'sum' or 'none', "
                f"got {reduction!r}"
            )
        self.reduction = reduction

    def extra_repr(self) -> str:
        return "" if self.reduction == "mean" else f"reduction={self.reduction!r}"


class MSELoss(LossWithReduction):
    """Mean squared error: mean((input - target) ** 2) (sum or per element by `reduction`)."""

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """functional.mse_loss(input, target)."""
        return functional.mse_loss(input, target, reduction=self.reduction)


class L1Loss(LossWithReduction):
    """Mean absolute error: mean(|input - target|) (sum or per element by `reduction`)."""

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """functional.l1_loss(input, target)."""
        return functional.l1_loss(input, target, reduction=self.reduction)


class SmoothL1Loss(LossWithReduction):
    """Squared error (divided by 2 beta) for differences below `beta`, absolute error
    (minus beta / 2) beyond: less sensitive to outliers than MSELoss."""

    def __init__(self, reduction: str = "mean", beta: float = 1.0) -> None:
        super().__init__(reduction)
        self.beta = beta

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """functional.smooth_l1_loss(input, target, beta=beta)."""
        return functional.smooth_l1_loss(input, target, reduction=self.reduction, beta=self.beta)


class HuberLoss(LossWithReduction):
    """Half the squared error for differences below `delta`, delta times (absolute error
    minus delta / 2) beyond: SmoothL1Loss(beta=delta) times delta."""

    def __init__(self, reduction: str = "mean", delta: float = 1.0) -> None:
        super().__init__(reduction)
        self.delta = delta

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """functional.huber_loss(input, target, delta=delta)."""
        return functional.huber_loss(input, target, reduction=self.reduction, delta=self.delta)


class CrossEntropyLoss(LossWithReduction):
    """-log softmax(input)[target], from raw scores (logits) of shape (N, C) or (C,).

    `target` holds class indices (N,) or class probabilities (N, C).
    `weight` (C,) rescales classes; targets equal to `ignore_index` count for
    nothing; `label_smoothing` mixes the target with the uniform distribution.
    """

    def __init__(
        self,
        weight: Tensor | None = None,
        ignore_index: int = -100,
        reduction: str = "mean",
        label_smoothing: float = 0.0,
    ) -> None:
        super().__init__(reduction)
        self.weight = weight
        self.ignore_index = ignore_index
        self.label_smoothing = label_smoothing

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """functional.cross_entropy(input, target, ...)."""
        return functional.cross_entropy(
            input, target, weight=self.weight, ignore_index=self.ignore_index,
            reduction=self.reduction, label_smoothing=self.label_smoothing,
        )


class NLLLoss(LossWithReduction):
    """-input[target]: the negative log-likelihood, for log-probabilities (LogSoftmax output)."""

    def __init__(
        self, weight: Tensor | None = None, ignore_index: int = -100, reduction: str = "mean"
    ) -> None:
        super().__init__(reduction)
        self.weight = weight
        self.ignore_index = ignore_index

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """functional.nll_loss(input, target, ...)."""
        return functional.nll_loss(
            input, target, weight=self.weight, ignore_index=self.ignore_index,
            reduction=self.reduction,
        )


class BCELoss(LossWithReduction):
    """Binary cross-entropy -[y log p + (1 - y) log(1 - p)], for probabilities p in [0, 1]."""

    def __init__(self, weight: Tensor | None = None, reduction: str = "mean") -> None:
        super().__init__(reduction)
        self.weight = weight

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """functional.binary_cross_entropy(input, target, ...)."""
        return functional.binary_cross_entropy(
            input, target, weight=self.weight, reduction=self.reduction
        )


class BCEWithLogitsLoss(LossWithReduction):
    """Binary cross-entropy of sigmoid(input), computed stably from the logits.

    `pos_weight` multiplies the loss of the positive examples (y = 1).
    """

    def __init__(
        self,
        weight: Tensor | None = None,
        reduction: str = "mean",
        pos_weight: Tensor | None = None,
    ) -> None:
        super().__init__(reduction)
        self.weight = weight
        self.pos_weight = pos_weight

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """functional.binary_cross_entropy_with_logits(input, target, ...)."""
        return functional.binary_cross_entropy_with_logits(
            input, target, weight=self.weight, pos_weight=self.pos_weight,
            reduction=self.reduction,
        )

