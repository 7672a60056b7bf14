"""logreg: logistic regression, N=8192 points in D=256, BCE with logits, SGD.

The lecture's last model: Bernoulli maximum likelihood is binary
cross-entropy. The arrays are large, so minigrad should cost what the numpy
below costs: one X @ w forward, one X.T @ g backward, a few (N,) temporaries.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..harness import StepResult, minigrad_trainer, torch_trainer
from .base import Workload

LR = 0.5


class LogReg(Workload):
    name = "logreg"
    description = "logistic regression N=8192 D=256, BCE with logits, gradient step"
    sizes = {"full": {"n": 8192, "d": 256}, "tiny": {"n": 32, "d": 5}}
    rounds = 150  # short steps: many rounds cost little and steady the median
    budget = 15.0

    def make_data(self, rng: np.random.Generator, n: int, d: int) -> dict[str, Any]:
        x = rng.standard_normal((n, d)).astype(self.dtype)
        true_w = rng.standard_normal(d) / np.sqrt(d)
        y = (x @ true_w + 0.3 * rng.standard_normal(n) > 0).astype(self.dtype)
        return {
            "x": x,
            "y": y,
            "w": (0.01 * rng.standard_normal(d)).astype(self.dtype),
            "b": np.zeros((), dtype=self.dtype),
        }

    def numpy_step(self, d: dict[str, Any]) -> Any:
        x, y, w, b = d["x"], d["y"], d["w"].copy(), d["b"].copy()
        one = self.dtype(1)

        def step() -> StepResult:
            z = x @ w + b
            # loss_i = log(1 + e^z) - y z, written so that e^z never overflows
            e = np.exp(-np.abs(z))
            loss = (np.maximum(z, 0) - y * z + np.log1p(e)).mean()
            # d loss / d z = (sigmoid(z) - y) / N
            sig = np.where(z >= 0, one / (one + e), e / (one + e))
            gz = (sig - y) / self.dtype(y.size)
            gw = gz @ x
            gb = gz.sum()
            w[...] -= LR * gw
            b[...] -= LR * gb
            return StepResult(loss, (gw, gb))

        return step

    def minigrad_step(self, d: dict[str, Any], audit: Any = None) -> Any:
        import minigrad as mg
        from minigrad.functional import binary_cross_entropy_with_logits as bce

        x, y = mg.from_numpy(d["x"]), mg.from_numpy(d["y"])  # shared: see Workload
        w, b = mg.tensor(d["w"], requires_grad=True), mg.tensor(d["b"], requires_grad=True)
        return minigrad_trainer([w, b], lambda: bce(x @ w + b, y), lr=LR, audit=audit)

    def torch_step(self, torch: Any, d: dict[str, Any]) -> Any:
        import torch.nn.functional as F  # noqa: N812

        x, y = torch.from_numpy(d["x"]), torch.from_numpy(d["y"])
        w, b = (torch.tensor(d[k], requires_grad=True) for k in "wb")
        return torch_trainer(
            torch, [w, b], lambda: F.binary_cross_entropy_with_logits(x @ w + b, y), lr=LR
        )
