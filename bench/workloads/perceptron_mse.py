"""perceptron_mse: a 2-to-1 linear unit trained with mean squared error.

The lecture's first model: 256 points in the plane, prediction w . x + b,
loss mean((pred - y)^2), 200 steps of gradient descent. The arrays are small,
so this measures per-op overhead in a real training loop (time per step).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..harness import StepResult, minigrad_trainer, torch_trainer
from .base import Workload

LR = 0.1


def mse(pred: Any, target: Any) -> Any:
    """minigrad.functional.mse_loss, or the same from primitives until it exists."""
    try:
        from minigrad.functional import mse_loss
    except ImportError:
        return ((pred - target) ** 2).mean()
    return mse_loss(pred, target)


class PerceptronMSE(Workload):
    name = "perceptron_mse"
    description = "2-to-1 linear unit, MSE, 256 points, SGD (time per step; 200 steps)"
    sizes = {"full": {"n": 256}, "tiny": {"n": 8}}
    target = "torch"
    warmup = 10
    rounds = 50  # 4 steps a round, the first not counted: 200 steps, 150 timed
    budget = 10.0

    def make_data(self, rng: np.random.Generator, n: int) -> dict[str, Any]:
        x = rng.standard_normal((n, 2)).astype(self.dtype)
        y = (x @ np.array([[2.0], [-3.0]]) + 0.5 + 0.1 * rng.standard_normal((n, 1)))
        return {
            "x": x,
            "y": y.astype(self.dtype),
            "w": (0.1 * rng.standard_normal((2, 1))).astype(self.dtype),
            "b": np.zeros(1, dtype=self.dtype),
        }

    def numpy_step(self, d: dict[str, Any]) -> Any:
        x, y, w, b = d["x"], d["y"], d["w"].copy(), d["b"].copy()
        two_over_n = self.dtype(2.0 / y.size)

        def step() -> StepResult:
            diff = x @ w + b - y
            loss = (diff * diff).mean()
            g = diff * two_over_n  # d loss / d pred
            gw = x.T @ g
            gb = g.sum(axis=0)
            w[...] -= LR * gw
            b[...] -= LR * gb
            return StepResult(loss, (gw, gb))

        return step

    def minigrad_step(self, d: dict[str, Any], audit: Any = None) -> Any:
        import minigrad as mg

        x, y = mg.tensor(d["x"]), mg.tensor(d["y"])
        w, b = mg.tensor(d["w"], requires_grad=True), mg.tensor(d["b"], requires_grad=True)
        return minigrad_trainer([w, b], lambda: mse(x @ w + b, y), lr=LR, audit=audit)

    def torch_step(self, torch: Any, d: dict[str, Any]) -> Any:
        import torch.nn.functional as F  # noqa: N812

        x, y = torch.tensor(d["x"]), torch.tensor(d["y"])
        w, b = (torch.tensor(d[k], requires_grad=True) for k in "wb")
        return torch_trainer(torch, [w, b], lambda: F.mse_loss(x @ w + b, y), lr=LR)
