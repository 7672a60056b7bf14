"""ASGD: plain SGD steps with a decaying learning rate, plus a running average of the
parameters themselves (the average is what one would keep at the end)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from ..dtypes import get_default_dtype
from .optimizer import Optimizer


class ASGD(Optimizer):
    """ASGD (averaged SGD), as PyTorch computes it. For each parameter p with gradient g,
    at step t:

        g = g + weight_decay * p
        p = p * (1 - lambd * eta)                   (eta, eta_0 = lr)
        p = p - eta * g
        ax = ax + (p - ax) * mu                     (ax = p while mu = 1; ax0 = 0)
        eta = lr / (1 + lambd * lr * t)**alpha
        mu = 1 / max(1, t - t0)                     (averaging starts after step t0)

    The averaged parameters are in `opt.state[p]["ax"]`. As in PyTorch, eta and mu
    are kept in the default dtype (float32 at first), whatever the parameter's dtype.
    """

    _state_keys = ("step", "eta", "mu", "ax")
    _returns_new_value = True

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-2,
        lambd: float = 1e-4,
        alpha: float = 0.75,
        t0: float = 1e6,
        weight_decay: float = 0.0,
        maximize: bool = False,
    ) -> None:
        defaults = dict(lr=lr, lambd=lambd, alpha=alpha, t0=t0, weight_decay=weight_decay,
                        maximize=maximize)
        super().__init__(params, defaults)

    def _update(
        self, p: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> np.ndarray:
        lr, lambd = group["lr"], group["lambd"]
        scalar = get_default_dtype().type  # the dtype PyTorch keeps eta and mu in
        if not state:
            state.update(step=0, eta=float(scalar(lr)), mu=1.0, ax=np.zeros_like(p))
        state["step"] += 1
        if group["weight_decay"] != 0:
            grad = grad + group["weight_decay"] * p
        eta, ax = state["eta"], state["ax"]
        new = p * (1 - lambd * eta)
        new = new + (-eta) * grad
        if state["mu"] != 1:
            ax += (new - ax) * p.dtype.type(state["mu"])
        else:
            ax[...] = new
        t = float(state["step"])
        state["eta"] = float(scalar(lr / ((1 + lambd * lr * t) ** group["alpha"])))
        state["mu"] = float(scalar(1 / max(1, t - group["t0"])))
        return new
