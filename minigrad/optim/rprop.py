"""Rprop: each element's step size grows while its gradient keeps its sign and shrinks
when the sign flips; only the gradient's sign is used, never its size."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from .optimizer import Optimizer


class Rprop(Optimizer):
    """Rprop (resilient backpropagation), as PyTorch computes it. For each element of a
    parameter p with gradient g, and the gradient of the step before, g_prev:

        g * g_prev > 0:  s = min(s * etas[1], step_sizes[1])     (same sign: speed up)
        g * g_prev < 0:  s = max(s * etas[0], step_sizes[0])     (sign flipped: slow down,
                         g = 0                                     and skip this step)
        g * g_prev = 0:  s unchanged                   (NaN counts as 0, as torch.sign)
        p = p - sign(g) * s
        g_prev = g                                     (prev, 0 at first; s0 = lr: step_size)
    """

    _state_keys = ("step", "prev", "step_size")

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-2,
        etas: tuple[float, float] = (0.5, 1.2),
        step_sizes: tuple[float, float] = (1e-6, 50),
        maximize: bool = False,
    ) -> None:
        defaults = dict(lr=lr, etas=tuple(etas), step_sizes=tuple(step_sizes),
                        maximize=maximize)
        super().__init__(params, defaults)

    def _check_settings(self, group: dict[str, Any]) -> None:
        super()._check_settings(group)
        etas, sizes = group["etas"], group["step_sizes"]
        if len(etas) != 2 or not 0 < etas[0] < 1 < etas[1]:
            raise ValueError(f"Rprop: invalid etas={etas}: they must be two numbers with "
                             "0 < etas[0] < 1 < etas[1] (how much a step shrinks and grows)")
        if len(sizes) != 2:
            raise ValueError(f"Rprop: step_sizes must be two numbers (min, max), got {sizes}")

    def _update(
        self, p: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> np.ndarray:
        etaminus, etaplus = group["etas"]
        size_min, size_max = group["step_sizes"]
        if not state:
            state.update(step=0, prev=np.zeros_like(p),
                         step_size=np.full_like(p, group["lr"]))
        state["step"] += 1
        prev, step_size = state["prev"], state["step_size"]
        factor = _sign(grad * prev)
        factor[factor > 0] = etaplus
        factor[factor < 0] = etaminus
        factor[factor == 0] = 1
        step_size *= factor
        np.clip(step_size, size_min, size_max, out=step_size)
        grad = np.array(grad)  # a copy
        grad[factor == factor.dtype.type(etaminus)] = 0
        prev[...] = grad
        return _sign(grad) * step_size


def _sign(x: np.ndarray) -> np.ndarray:
    """torch.sign: -1, 0 or 1, and 0 for NaN (numpy's sign keeps NaN); always an array."""
    x = np.asarray(x)
    return np.asarray((x > 0).astype(x.dtype) - (x < 0).astype(x.dtype))
