"""NAdam: Adam with Nesterov momentum, the momentum warming up over the first steps."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from ..dtypes import get_default_dtype
from .optimizer import Optimizer, check_betas_eps


class NAdam(Optimizer):
    """NAdam, as PyTorch computes it. For each parameter p with gradient g, at step t:

        decoupled_weight_decay:  p = p * (1 - lr * weight_decay)
        otherwise:               g = g + weight_decay * p
        mu_t = beta1 * (1 - 0.5 * 0.96**(t * momentum_decay))     (warming-up momentum)
        P_t = mu_1 * mu_2 * ... * mu_t                          (mu_product, P_0 = 1)
        m = m + (1 - beta1) * (g - m)                           (exp_avg, m0 = 0)
        v = beta2 * v + (1 - beta2) * g**2                      (exp_avg_sq, v0 = 0)
        d = sqrt(v / (1 - beta2**t)) + eps
        p = p - lr * (1 - mu_t) / (1 - P_t) * g / d
        p = p - lr * mu_{t+1} / (1 - P_t * mu_{t+1}) * m / d

    As in PyTorch, mu_product is kept in the default dtype (float32 at first), whatever
    the parameter's dtype.
    """

    _state_keys = ("step", "mu_product", "exp_avg", "exp_avg_sq")
    _returns_new_value = True

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 2e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        momentum_decay: float = 4e-3,
        decoupled_weight_decay: bool = False,
        maximize: bool = False,
    ) -> None:
        defaults = dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay,
                        momentum_decay=momentum_decay,
                        decoupled_weight_decay=decoupled_weight_decay, maximize=maximize)
        super().__init__(params, defaults)

    def _check_settings(self, group: dict[str, Any]) -> None:
        super()._check_settings(group)
        check_betas_eps("NAdam", group)
        if not group["momentum_decay"] >= 0:
            raise ValueError(f"NAdam: invalid momentum_decay={group['momentum_decay']} (>= 0)")

    def _update(
        self, p: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> np.ndarray:
        beta1, beta2 = group["betas"]
        lr, wd, decay = group["lr"], group["weight_decay"], group["momentum_decay"]
        if not state:
            state.update(step=0, mu_product=1.0, exp_avg=np.zeros_like(p),
                         exp_avg_sq=np.zeros_like(p))
        state["step"] += 1
        t = float(state["step"])
        bias_correction2 = 1 - beta2**t
        new = p
        if wd != 0:
            if group["decoupled_weight_decay"]:
                new = p * (1 - lr * wd)
            else:
                grad = grad + wd * p
        mu = beta1 * (1.0 - 0.5 * (0.96 ** (t * decay)))
        mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((t + 1) * decay)))
        scalar = get_default_dtype().type  # mu_product's dtype in PyTorch
        mu_product = float(scalar(state["mu_product"]) * scalar(mu))
        state["mu_product"] = mu_product
        m, v = state["exp_avg"], state["exp_avg_sq"]
        self._lerp_(m, grad, 1 - beta1)
        v *= beta2
        v += (1 - beta2) * grad * grad
        denom = np.sqrt(v / bias_correction2) + group["eps"]
        new = new + (-lr * (1.0 - mu) / (1.0 - mu_product)) * grad / denom
        return new + ((-lr * mu_next) / (1.0 - mu_product * mu_next)) * m / denom
