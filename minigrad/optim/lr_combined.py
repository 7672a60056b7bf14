"""Schedules made of schedules: SequentialLR (one after another, switching at
milestones) and ChainedScheduler (all at once, their factors multiplied);
re-exported by `minigrad.optim.lr_scheduler`."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from typing import Any

from .lr_base import LRScheduler
from .lr_plateau import ReduceLROnPlateau


def _check_parts(name: str, schedulers: Sequence[Any], optimizer: Any) -> None:
    if len(schedulers) < 1:
        raise ValueError(f"{name}: expected at least one scheduler, got none")
    for i, scheduler in enumerate(schedulers):
        if not hasattr(scheduler, "optimizer"):
            raise TypeError(f"{name}: schedulers[{i}] is a {type(scheduler).__name__}, not a "
                            "scheduler (it has no optimizer)")
        if isinstance(scheduler, ReduceLROnPlateau):
            raise ValueError(f"{name}: schedulers[{i}] is a ReduceLROnPlateau, which needs the "
                             "metric in step(metric); it cannot be combined")
        if scheduler.optimizer is not optimizer:
            raise ValueError(f"{name}: schedulers[{i}] ({type(scheduler).__name__}) drives "
                             "another optimiser; all must drive the same one")


class _Combined(LRScheduler):
    """Saves each part's state_dict under "_schedulers", as PyTorch does."""

    _schedulers: list[Any]

    def state_dict(self) -> dict[str, Any]:
        state = {k: v for k, v in self.__dict__.items() if k not in ("optimizer", "_schedulers")}
        state["_schedulers"] = [s.state_dict() for s in self._schedulers]
        return state

    def load_state_dict(self, state_dict: Mapping[str, Any]) -> None:
        state = dict(state_dict)
        parts = state.pop("_schedulers", None)
        super().load_state_dict(state)
        if parts is not None:
            if len(parts) != len(self._schedulers):
                raise ValueError(f"{type(self).__name__}.load_state_dict: {len(parts)} saved "
                                 f"schedulers, but this one has {len(self._schedulers)}")
            for scheduler, saved in zip(self._schedulers, parts):
                scheduler.load_state_dict(saved)


class SequentialLR(_Combined):
    """schedulers[0] until milestones[0], then schedulers[1] (restarted at its epoch 0)
    until milestones[1], and so on."""

    def __init__(self, optimizer: Any, schedulers: Sequence[Any], milestones: Sequence[int],
                 last_epoch: int = -1) -> None:
        _check_parts("SequentialLR", schedulers, optimizer)
        if len(milestones) != len(schedulers) - 1:
            raise ValueError(f"SequentialLR: expected {len(schedulers) - 1} milestones (one "
                             f"fewer than the {len(schedulers)} schedulers), got "
                             f"{len(milestones)}")
        self._schedulers = list(schedulers)
        self._milestones = list(milestones)
        self.last_epoch = last_epoch + 1
        self.optimizer = optimizer
        for group in optimizer.param_groups:  # undo the steps the parts made when created
            group["lr"] = group["initial_lr"]
        for scheduler in self._schedulers:
            _undo(scheduler)
        first = self._schedulers[bisect_right(self._milestones, 0)]
        first._initial_step()
        self._last_lr = first.get_last_lr()

    def step(self) -> None:
        self.last_epoch += 1
        idx = bisect_right(self._milestones, self.last_epoch)
        scheduler = self._schedulers[idx]
        if idx > 0 and self._milestones[idx - 1] == self.last_epoch:
            scheduler._update_lr(0)
        else:
            scheduler.step()
        self._last_lr = scheduler.get_last_lr()


def _undo(scheduler: Any) -> None:
    """One epoch back, through nested SequentialLRs and ChainedSchedulers."""
    if hasattr(scheduler, "_schedulers"):
        for part in scheduler._schedulers:
            _undo(part)
    elif hasattr(scheduler, "last_epoch"):
        scheduler.last_epoch -= 1


class ChainedScheduler(_Combined):
    """Steps every scheduler in turn at each step, so their changes multiply."""

    def __init__(self, schedulers: Sequence[Any], optimizer: Any = None) -> None:
        if len(schedulers) < 1:
            raise ValueError("ChainedScheduler: expected at least one scheduler, got none")
        optimizer = optimizer or schedulers[0].optimizer
        _check_parts("ChainedScheduler", schedulers, optimizer)
        self._schedulers = list(schedulers)
        self.optimizer = optimizer
        self._last_lr = self._lrs()

    def step(self) -> None:
        for scheduler in self._schedulers:
            scheduler.step()
        self._last_lr = self._lrs()


__all__ = ["ChainedScheduler", "SequentialLR"]
