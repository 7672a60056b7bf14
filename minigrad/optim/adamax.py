"""Adamax: Adam with the running root-mean-square replaced by a running maximum."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from .optimizer import Optimizer, check_betas_eps


class Adamax(Optimizer):
    """Adamax (Adam's infinity-norm variant), as PyTorch computes it.

    For each parameter p with gradient g, at step t:

        g = g + weight_decay * p
        m = m + (1 - beta1) * (g - m)            (exp_avg, m0 = 0; torch's lerp)
        u = max(beta2 * u, |g| + eps)            (exp_inf, u0 = 0)
        p = p - (lr / (1 - beta1**t)) * m / u
    """

    _state_keys = ("step", "exp_avg", "exp_inf")

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 2e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        maximize: bool = False,
    ) -> None:
        defaults = dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay,
                        maximize=maximize)
        super().__init__(params, defaults)

    def _check_settings(self, group: dict[str, Any]) -> None:
        super()._check_settings(group)
        check_betas_eps(type(self).__name__, group)

    def _update(
        self, p: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> np.ndarray:
        beta1, beta2 = group["betas"]
        if not state:
            state.update(step=0, exp_avg=np.zeros_like(p), exp_inf=np.zeros_like(p))
        state["step"] += 1
        if group["weight_decay"] != 0:
            grad = grad + group["weight_decay"] * p
        m, u = state["exp_avg"], state["exp_inf"]
        self._lerp_(m, grad, 1 - beta1)
        np.maximum(u * beta2, np.abs(grad) + group["eps"], out=u)
        clr = group["lr"] / (1 - beta1 ** float(state["step"]))
        return clr * m / u
