"""RAdam: Adam whose adaptive step is switched on only once the variance of the running
average of squared gradients is tractable, and then scaled by a rectification term."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from .optimizer import Optimizer, check_betas_eps


class RAdam(Optimizer):
    """RAdam (rectified Adam), as PyTorch computes it. For each parameter p with
    gradient g, at step t:

        decoupled_weight_decay:  p = p * (1 - lr * weight_decay)
        otherwise:               g = g + weight_decay * p
        m = m + (1 - beta1) * (g - m)                  (exp_avg, m0 = 0)
        v = beta2 * v + (1 - beta2) * g**2             (exp_avg_sq, v0 = 0)
        m_hat = m / (1 - beta1**t)
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 t beta2**t / (1 - beta2**t)
        rho_t > 5:  r = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t))
                    p = p - m_hat * lr * sqrt(1 - beta2**t) / (sqrt(v) + eps) * r
        otherwise:  p = p - m_hat * lr                 (plain momentum SGD)
    """

    _state_keys = ("step", "exp_avg", "exp_avg_sq")
    _returns_new_value = True

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        decoupled_weight_decay: bool = False,
        maximize: bool = False,
    ) -> None:
        defaults = dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay,
                        decoupled_weight_decay=decoupled_weight_decay, maximize=maximize)
        super().__init__(params, defaults)

    def _check_settings(self, group: dict[str, Any]) -> None:
        super()._check_settings(group)
        check_betas_eps("RAdam", group)

    def _update(
        self, p: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> np.ndarray:
        beta1, beta2 = group["betas"]
        lr, wd = group["lr"], group["weight_decay"]
        if not state:
            state.update(step=0, exp_avg=np.zeros_like(p), exp_avg_sq=np.zeros_like(p))
        state["step"] += 1
        t = float(state["step"])
        new = p
        if wd != 0:
            if group["decoupled_weight_decay"]:
                new = p * (1 - lr * wd)
            else:
                grad = grad + wd * p
        m, v = state["exp_avg"], state["exp_avg_sq"]
        self._lerp_(m, grad, 1 - beta1)
        v *= beta2
        v += (1 - beta2) * grad * grad
        bias_correction1 = 1 - beta1**t
        bias_correction2 = 1 - beta2**t
        m_hat = m / bias_correction1
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * t * (beta2**t) / bias_correction2
        if rho_t > 5.0:
            rect = ((rho_t - 4) * (rho_t - 2) * rho_inf
                    / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
            adaptive_lr = (bias_correction2**0.5) / (np.sqrt(v) + group["eps"])
            return new - m_hat * lr * adaptive_lr * rect
        return new - m_hat * lr
