"""Adam and AdamW: steps scaled by running averages of the gradient and of its square.

AdamW differs from Adam only in its weight decay: Adam adds weight_decay * p
to the gradient (so the decay is scaled by the running averages too), AdamW
shrinks the parameter directly, p -= lr * weight_decay * p ("decoupled").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from .optimizer import Optimizer


class Adam(Optimizer):
    """Adam: steps scaled by running averages of the gradient and of its square.

    For each parameter p with gradient g, at step t (PyTorch's formulation):

        g = g + weight_decay * p
        m = beta1 * m + (1 - beta1) * g          (first moment, m0 = 0)
        v = beta2 * v + (1 - beta2) * g**2       (second moment, v0 = 0)
        m_hat = m / (1 - beta1**t),  v_hat = v / (1 - beta2**t)   (bias correction)
        p = p - lr * m_hat / (sqrt(v_hat) + eps)
    """

    _state_keys = ("step", "exp_avg", "exp_avg_sq")

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
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
        name, betas = type(self).__name__, group["betas"]
        if len(betas) != 2 or not all(0 <= b < 1 for b in betas):
            raise ValueError(f"{name}: betas must be two numbers in [0, 1), got {betas}")
        if not group["eps"] >= 0:
            raise ValueError(f"{name}: invalid eps={group['eps']} (>= 0)")

    def _update(
        self, p: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> np.ndarray:
        if group["weight_decay"] != 0:
            grad = grad + group["weight_decay"] * p
        return self._moments_step(p, grad, state, group)

    def _moments_step(
        self, p: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> np.ndarray:
        """lr * m_hat / (sqrt(v_hat) + eps), after updating the running averages in `state`."""
        beta1, beta2 = group["betas"]
        if not state:
            state["step"] = 0
            state["exp_avg"] = np.zeros_like(p)
            state["exp_avg_sq"] = np.zeros_like(p)
        state["step"] += 1
        t, m, v = state["step"], state["exp_avg"], state["exp_avg_sq"]
        m *= beta1
        m += (1 - beta1) * grad
        v *= beta2
        v += (1 - beta2) * grad * grad
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        return group["lr"] * m_hat / (np.sqrt(v_hat) + group["eps"])


class AdamW(Adam):
    """Adam with decoupled weight decay (and a default weight_decay of 0.01, as PyTorch).

    For each parameter p with gradient g, at step t:

        p = p - lr * weight_decay * p            (the decay, on the parameter itself)
        m, v, m_hat, v_hat as in Adam, from g alone
        p = p - lr * m_hat / (sqrt(v_hat) + eps)
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
        maximize: bool = False,
    ) -> None:
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                         maximize=maximize)

    def _update(
        self, p: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> np.ndarray:
        step = self._moments_step(p, grad, state, group)
        decay = group["lr"] * group["weight_decay"]
        return step if decay == 0 else step + decay * p
