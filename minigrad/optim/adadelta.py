"""Adadelta: steps whose size comes from running averages of past steps and gradients,
so that the learning rate is (nearly) not needed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from .optimizer import Optimizer


class Adadelta(Optimizer):
    """Adadelta, as PyTorch computes it. For each parameter p with gradient g:

        g = g + weight_decay * p
        v = rho * v + (1 - rho) * g**2                  (square_avg, v0 = 0)
        d = sqrt(a + eps) / sqrt(v + eps) * g           (the step)
        a = rho * a + (1 - rho) * d**2                  (acc_delta, a0 = 0)
        p = p - lr * d
    """

    _state_keys = ("step", "square_avg", "acc_delta")

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1.0,
        rho: float = 0.9,
        eps: float = 1e-6,
        weight_decay: float = 0.0,
        maximize: bool = False,
    ) -> None:
        defaults = dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay,
                        maximize=maximize)
        super().__init__(params, defaults)

    def _check_settings(self, group: dict[str, Any]) -> None:
        super()._check_settings(group)
        if not 0 <= group["rho"] <= 1:
            raise ValueError(f"Adadelta: invalid rho={group['rho']} (must be in [0, 1])")
        if not group["eps"] >= 0:
            raise ValueError(f"Adadelta: invalid eps={group['eps']} (>= 0)")

    def _update(
        self, p: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> np.ndarray:
        rho, eps = group["rho"], group["eps"]
        if not state:
            state.update(step=0, square_avg=np.zeros_like(p), acc_delta=np.zeros_like(p))
        state["step"] += 1
        if group["weight_decay"] != 0:
            grad = grad + group["weight_decay"] * p
        v, a = state["square_avg"], state["acc_delta"]
        v *= rho
        v += (1 - rho) * grad * grad
        d = np.sqrt(a + eps) / np.sqrt(v + eps) * grad
        a *= rho
        a += (1 - rho) * d * d
        return group["lr"] * d
