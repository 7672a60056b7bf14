"""Adagrad: each parameter's step divided by the root of the sum of all its squared
gradients so far, so that often-updated elements slow down."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from .optimizer import Optimizer


class Adagrad(Optimizer):
    """Adagrad, in PyTorch's formulation. For each parameter p with gradient g, at step t:

        g = g + weight_decay * p
        s = s + g**2                      (sum, s0 = initial_accumulator_value)
        lr_t = lr / (1 + (t - 1) * lr_decay)
        p = p - lr_t * g / (sqrt(s) + eps)

    As in PyTorch, every parameter has its state (step 0 and s0) from the start.
    """

    _state_keys = ("step", "sum")

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-2,
        lr_decay: float = 0.0,
        weight_decay: float = 0.0,
        initial_accumulator_value: float = 0.0,
        eps: float = 1e-10,
        maximize: bool = False,
    ) -> None:
        defaults = dict(lr=lr, lr_decay=lr_decay, weight_decay=weight_decay,
                        initial_accumulator_value=initial_accumulator_value, eps=eps,
                        maximize=maximize)
        super().__init__(params, defaults)

    def add_param_group(self, group: dict[str, Any]) -> None:
        """Add a group (see Optimizer) and give each of its parameters its starting state."""
        super().add_param_group(group)
        added = self.param_groups[-1]
        for p in added["params"]:
            self.state[p] = {"step": 0,
                             "sum": np.full_like(p._data, added["initial_accumulator_value"])}

    def _check_settings(self, group: dict[str, Any]) -> None:
        super()._check_settings(group)
        for key in ("lr_decay", "initial_accumulator_value", "eps"):
            if not group[key] >= 0:
                raise ValueError(f"Adagrad: invalid {key}={group[key]} (>= 0)")

    def _update(
        self, p: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> np.ndarray:
        # float16 is computed in float32 and stored rounded, as PyTorch does (g**2 overflows)
        g = np.asarray(grad, dtype=np.promote_types(p.dtype, np.float32))
        if group["weight_decay"] != 0:
            g = g + group["weight_decay"] * p
        if not state:  # a loaded state_dict without this parameter's entry
            state.update(step=0, sum=np.full_like(p, group["initial_accumulator_value"]))
        state["step"] += 1
        lr = group["lr"] / (1 + (state["step"] - 1) * group["lr_decay"])
        s = state["sum"]
        with np.errstate(over="ignore"):  # a float16 sum beyond 65504 is inf, silently
            s[...] = s + g * g
        return lr * g / (np.sqrt(s) + group["eps"])
