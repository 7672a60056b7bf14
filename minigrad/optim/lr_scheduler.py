"""Learning-rate schedules: `minigrad.optim.lr_scheduler`, as in PyTorch.

    opt = optim.SGD(model.parameters(), lr=0.1)
    scheduler = optim.lr_scheduler.StepLR(opt, step_size=30, gamma=0.1)
    for epoch in range(100):
        train_one_epoch()             # ... opt.step() for each batch
        scheduler.step()              # then once per epoch

A scheduler changes the "lr" of each of the optimiser's `param_groups` in
place, so the optimiser simply uses the new value on its next step. As in
PyTorch, most steps multiply the current lr (a "chainable" rule), the lr the
schedule started from is remembered in each group as "initial_lr", and
`get_last_lr()` gives the lrs the last step set.

Reading order: lr_base.py (the base class), this file (StepLR,
ExponentialLR), lr_decay.py (LambdaLR, MultiStepLR, CosineAnnealingLR, ...),
lr_plateau.py (ReduceLROnPlateau), lr_cycles.py (OneCycleLR, CyclicLR,
CosineAnnealingWarmRestarts), lr_combined.py (SequentialLR, ChainedScheduler).
"""

from __future__ import annotations

from typing import Any

from .lr_base import LRScheduler
from .lr_combined import ChainedScheduler, SequentialLR
from .lr_cycles import CosineAnnealingWarmRestarts, CyclicLR, OneCycleLR
from .lr_decay import (
    ConstantLR,
    CosineAnnealingLR,
    LambdaLR,
    LinearLR,
    MultiplicativeLR,
    MultiStepLR,
    PolynomialLR,
)
from .lr_plateau import ReduceLROnPlateau


class StepLR(LRScheduler):
    """lr multiplied by `gamma` every `step_size` epochs:
    lr = initial_lr * gamma ** (epoch // step_size)."""

    def __init__(self, optimizer: Any, step_size: int, gamma: float = 0.1,
                 last_epoch: int = -1) -> None:
        if isinstance(step_size, bool) or not isinstance(step_size, int) or step_size < 1:
            raise ValueError(f"StepLR: step_size must be a positive int, got {step_size!r}")
        self.step_size = step_size
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def _next_lr(self, lr: float) -> float:
        if self.last_epoch == 0 or self.last_epoch % self.step_size != 0:
            return lr
        return lr * self.gamma

    def _closed_form_lrs(self) -> list[float]:
        return [base * self.gamma ** (self.last_epoch // self.step_size)
                for base in self.base_lrs]


class ExponentialLR(LRScheduler):
    """lr multiplied by `gamma` every epoch: lr = initial_lr * gamma ** epoch."""

    def __init__(self, optimizer: Any, gamma: float, last_epoch: int = -1) -> None:
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def _next_lr(self, lr: float) -> float:
        return lr if self._is_initial else lr * self.gamma

    def _closed_form_lrs(self) -> list[float]:
        return [base * self.gamma ** self.last_epoch for base in self.base_lrs]


__all__ = ["ChainedScheduler", "ConstantLR", "CosineAnnealingLR", "CosineAnnealingWarmRestarts",
           "CyclicLR", "ExponentialLR", "LRScheduler", "LambdaLR", "LinearLR", "MultiStepLR",
           "MultiplicativeLR", "OneCycleLR", "PolynomialLR", "ReduceLROnPlateau",
           "SequentialLR", "StepLR"]
