"""The base class of the learning-rate schedules (`minigrad.optim.lr_scheduler`).

A scheduler keeps `last_epoch` (how many times `step()` ran) and `base_lrs`
(each group's "initial_lr"). Each `step()` counts one epoch and writes the
lrs `_compute_lrs()` gives into the optimiser's groups. Making a scheduler
is its step 0 (`_is_initial` is true during it).

Like PyTorch, most schedules are "chainable": the new lr is the current lr
times a factor (a recursive form), so several schedules can act on the same
optimiser. Some compute the lr from `base_lrs` directly (a closed form).
Each one here uses the same form as PyTorch, so the floating-point values
agree with PyTorch's step for step.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .optimizer import Optimizer


def check_optimizer(scheduler: object, optimizer: Any) -> None:
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"{type(scheduler).__name__}: expected an optimiser (like optim.SGD), "
                        f"got {type(optimizer).__name__}")


def per_group(name: str, what: str, optimizer: Optimizer, value: Any) -> list[Any]:
    """`value` for each group: a number for all, or a list or tuple with one per group."""
    n = len(optimizer.param_groups)
    if isinstance(value, (list, tuple)):
        if len(value) != n:
            raise ValueError(f"{name}: expected {n} values of {what} (one per parameter group), "
                             f"got {len(value)}")
        return list(value)
    return [value] * n


def set_momentum(optimizer: Optimizer, momenta: list[float]) -> None:
    """Write each group's momentum: SGD's "momentum", or beta1 of Adam's "betas"."""
    for group, momentum in zip(optimizer.param_groups, momenta, strict=True):
        if "betas" in optimizer.defaults:
            group["betas"] = (momentum, *group["betas"][1:])
        else:
            group["momentum"] = momentum


def check_momentum(name: str, optimizer: Optimizer) -> bool:
    """True when the optimiser keeps Adam-style betas; refuses one with no momentum."""
    if "momentum" not in optimizer.defaults and "betas" not in optimizer.defaults:
        raise ValueError(f"{name}: cycle_momentum=True needs an optimiser with 'momentum' or "
                         f"'betas' ({type(optimizer).__name__} has neither); "
                         "pass cycle_momentum=False")
    return "betas" in optimizer.defaults


class LRScheduler:
    """Base class: keeps `last_epoch` (how many times `step()` ran) and `base_lrs`.

    Subclasses implement `_next_lr(lr)` (the lr of a group for the new
    `last_epoch`, given its current lr) or, when they need more than that,
    `_compute_lrs()` (the list of new lrs); those with a closed form also
    have `_closed_form_lrs()`, used by SequentialLR when it restarts one.
    """

    _is_initial = False

    def __init__(self, optimizer: Any, last_epoch: int = -1) -> None:
        check_optimizer(self, optimizer)
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
        self._initial_step()

    def _initial_step(self) -> None:
        """Step 0: made by the constructor (and by SequentialLR when it hands over)."""
        self._step_count = 0
        self._is_initial = True
        try:
            self.step()
        finally:
            self._is_initial = False

    def _next_lr(self, lr: float) -> float:
        raise NotImplementedError(f"{type(self).__name__} does not define _next_lr")

    def _compute_lrs(self) -> list[float]:
        return [self._next_lr(group["lr"]) for group in self.optimizer.param_groups]

    def _lrs(self) -> list[float]:
        return [group["lr"] for group in self.optimizer.param_groups]

    def step(self) -> None:
        """Move to the next epoch: update the lr of every parameter group."""
        self._step_count += 1
        self._update_lr()

    def _update_lr(self, epoch: int | None = None) -> None:
        """One step; with `epoch`, jump there (the closed form where there is one)."""
        if epoch is None:
            self.last_epoch += 1
            lrs = self._compute_lrs()
        else:
            self.last_epoch = epoch
            closed = getattr(self, "_closed_form_lrs", None)
            lrs = closed() if closed is not None else self._compute_lrs()
        for group, lr in zip(self.optimizer.param_groups, lrs, strict=True):
            group["lr"] = lr
        self._last_lr = self._lrs()

    def get_last_lr(self) -> list[float]:
        """The lr of each parameter group, as the last `step()` set it."""
        return list(self._last_lr)

    def state_dict(self) -> dict[str, Any]:
        """Everything but the optimiser (save it separately), as in PyTorch."""
        return {key: value for key, value in self.__dict__.items() if key != "optimizer"}

    def load_state_dict(self, state_dict: Mapping[str, Any]) -> None:
        """Resume from what `state_dict()` returned (only the keys this scheduler has).

        PyTorch's own key for its warnings, "_get_lr_called_within_step", is ignored."""
        state_dict = {k: v for k, v in state_dict.items() if k != "_get_lr_called_within_step"}
        unknown = sorted(set(state_dict) - set(self.state_dict()))
        if unknown:
            raise KeyError(f"{type(self).__name__}.load_state_dict: unknown keys {unknown}; "
                           "was it saved from another kind of scheduler?")
        self.__dict__.update(state_dict)
