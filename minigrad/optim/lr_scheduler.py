"""Learning-rate schedules: `minigrad.optim.lr_scheduler`, as in PyTorch.

    opt = optim.SGD(model.parameters(), lr=0.1)
    scheduler = optim.lr_scheduler.StepLR(opt, step_size=30, gamma=0.1)
    for epoch in range(100):
        train_one_epoch()             # ... opt.step() for each batch
        scheduler.step()              # then once per epoch

A scheduler changes the "lr" of each of the optimiser's `param_groups` in
place, so the optimiser simply uses the new value on its next step. As in
PyTorch, each step multiplies the current lr (a "chainable" rule), the lr the
schedule started from is remembered in each group as "initial_lr", and
`get_last_lr()` gives the lrs the last step set.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .optimizer import Optimizer


class LRScheduler:
    """Base class: keeps `last_epoch` (how many times `step()` ran) and `base_lrs`.

    Subclasses implement `_next_lr(lr)`, the lr of a group for the new
    `last_epoch`, given its current lr. Making a scheduler counts as step 0
    and leaves the lrs as they are.
    """

    def __init__(self, optimizer: Any, last_epoch: int = -1) -> None:
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"{type(self).__name__}: expected an optimiser (like optim.SGD), "
                            f"got {type(optimizer).__name__}")
        self.optimizer = optimizer
        groups = optimizer.param_groups
        if last_epoch == -1:
            for group in groups:
                group.setdefault("initial_lr", group["lr"])
        elif any("initial_lr" not in group for group in groups):
            raise KeyError(f"{type(self).__name__}: last_epoch={last_epoch} resumes a schedule, "
                           "but the optimiser's groups have no 'initial_lr'; start with "
                           "last_epoch=-1, or load the optimiser's state_dict first")
        self.base_lrs = [group["initial_lr"] for group in groups]
        self.last_epoch = last_epoch
        self.step()

    def _next_lr(self, lr: float) -> float:
        raise NotImplementedError(f"{type(self).__name__} does not define _next_lr")

    def step(self) -> None:
        """Move to the next epoch: update the lr of every parameter group."""
        self.last_epoch += 1
        for group in self.optimizer.param_groups:
            group["lr"] = self._next_lr(group["lr"])
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]

    def get_last_lr(self) -> list[float]:
        """The lr of each parameter group, as the last `step()` set it."""
        return list(self._last_lr)

    def state_dict(self) -> dict[str, Any]:
        """Everything but the optimiser (save it separately), as in PyTorch."""
        return {key: value for key, value in self.__dict__.items() if key != "optimizer"}

    def load_state_dict(self, state_dict: Mapping[str, Any]) -> None:
        """Resume from what `state_dict()` returned (only the keys this scheduler has)."""
        unknown = sorted(set(state_dict) - set(self.state_dict()))
        if unknown:
            raise KeyError(f"{type(self).__name__}.load_state_dict: unknown keys {unknown}; "
                           "was it saved from another kind of scheduler?")
        self.__dict__.update(state_dict)


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


class ExponentialLR(LRScheduler):
    """lr multiplied by `gamma` every epoch: lr = initial_lr * gamma ** epoch."""

    def __init__(self, optimizer: Any, gamma: float, last_epoch: int = -1) -> None:
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def _next_lr(self, lr: float) -> float:
        return lr if self.last_epoch == 0 else lr * self.gamma


__all__ = ["ExponentialLR", "LRScheduler", "StepLR"]
