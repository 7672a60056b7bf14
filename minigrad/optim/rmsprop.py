"""RMSprop: each parameter's step divided by a running average of its squared gradients."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from .optimizer import Optimizer


class RMSprop(Optimizer):
    """RMSprop, with optional momentum and centering, in PyTorch's formulation.

    For each parameter p with gradient g:

        g = g + weight_decay * p
        v = alpha * v + (1 - alpha) * g**2           (square_avg, v0 = 0)
        centered:  a = alpha * a + (1 - alpha) * g   (grad_avg, a0 = 0)
                   v~ = v - a**2                     (a variance instead of a second moment)
        d = g / (sqrt(v~) + eps)                     (v~ = v when not centered)
        momentum > 0:  b = momentum * b + d,  p = p - lr * b   (momentum_buffer, b0 = 0)
        otherwise:     p = p - lr * d

    Large gradients get small steps and small ones large steps, per element.
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        momentum: float = 0.0,
        centered: bool = False,
        maximize: bool = False,
    ) -> None:
        defaults = dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay,
                        momentum=momentum, centered=centered, maximize=maximize)
        super().__init__(params, defaults)

    def state_keys(self, group: Mapping[str, Any]) -> tuple[str, ...]:
        """step and square_avg; momentum_buffer with momentum, grad_avg when centered."""
        keys = ("step", "square_avg")
        keys += ("momentum_buffer",) if group["momentum"] > 0 else ()
        return keys + (("grad_avg",) if group["centered"] else ())

    def _check_settings(self, group: dict[str, Any]) -> None:
        super()._check_settings(group)
        for key in ("alpha", "eps", "momentum"):
            if not group[key] >= 0:
                raise ValueError(f"RMSprop: invalid {key}={group[key]} (>= 0)")

    def _update(
        self, p: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> np.ndarray:
        alpha, momentum = group["alpha"], group["momentum"]
        # float16 is computed in float32 and stored rounded, as PyTorch does: g**2 of a
        # float16 gradient overflows long before alpha brings it back into range.
        g = np.asarray(grad, dtype=np.promote_types(p.dtype, np.float32))
        if group["weight_decay"] != 0:
            g = g + group["weight_decay"] * p
        if not state:
            state["step"] = 0
            state["square_avg"] = np.zeros_like(p)
            if momentum > 0:
                state["momentum_buffer"] = np.zeros_like(p)
            if group["centered"]:
                state["grad_avg"] = np.zeros_like(p)
        state["step"] += 1
        v = state["square_avg"]
        with np.errstate(over="ignore"):  # a float16 average beyond 65504 is inf, silently
            v[...] = alpha * v + (1 - alpha) * g * g
            if group["centered"]:
                a = state["grad_avg"]
                a[...] = alpha * a + (1 - alpha) * g
                v = (v - a.astype(g.dtype) * a).astype(p.dtype)
        d = g / (np.sqrt(v) + group["eps"])
        if momentum > 0:
            b = state["momentum_buffer"]
            b[...] = momentum * b + d
            d = b
        return group["lr"] * d
