"""mlp: a 784-256-10 ReLU network, batch 256, cross-entropy on class indices, SGD.

MNIST-sized, on random data (the time does not depend on the values). Most
of the time is in the four matrix products; minigrad should add little.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..harness import StepResult, minigrad_trainer, torch_trainer
from .base import Workload

LR = 0.05


class MLP(Workload):
    name = "mlp"
    description = "784-256-10 ReLU MLP, batch 256, cross-entropy on class indices, SGD"
    sizes = {
        "full": {"batch": 256, "d_in": 784, "hidden": 256, "classes": 10},
        "tiny": {"batch": 6, "d_in": 7, "hidden": 5, "classes": 3},
    }
    rounds = 60
    budget = 15.0

    def make_data(
        self, rng: np.random.Generator, batch: int, d_in: int, hidden: int, classes: int
    ) -> dict[str, Any]:
        f = self.dtype
        return {
            "x": rng.standard_normal((batch, d_in)).astype(f),
            "t": rng.integers(0, classes, batch),
            "w1": (rng.standard_normal((d_in, hidden)) * np.sqrt(2 / d_in)).astype(f),
            "b1": np.zeros(hidden, dtype=f),
            "w2": (rng.standard_normal((hidden, classes)) * np.sqrt(1 / hidden)).astype(f),
            "b2": np.zeros(classes, dtype=f),
        }

    def numpy_step(self, d: dict[str, Any]) -> Any:
        x, t = d["x"], d["t"]
        params = [d[k].copy() for k in ("w1", "b1", "w2", "b2")]
        rows = np.arange(len(t))

        def step() -> StepResult:
            w1, b1, w2, b2 = params
            h = x @ w1 + b1
            a = np.maximum(h, 0)
            z = a @ w2 + b2
            # cross-entropy: mean over rows of logsumexp(z) - z[target]
            shifted = z - z.max(axis=1, keepdims=True)
            e = np.exp(shifted)
            s = e.sum(axis=1, keepdims=True)
            loss = (np.log(s[:, 0]) - shifted[rows, t]).mean()
            # d loss / d z = (softmax(z) - onehot(t)) / N
            gz = e / s
            gz[rows, t] -= 1
            gz /= self.dtype(len(t))
            gw2 = a.T @ gz
            gb2 = gz.sum(axis=0)
            gh = (gz @ w2.T) * (h > 0)
            gw1 = x.T @ gh
            gb1 = gh.sum(axis=0)
            grads = (gw1, gb1, gw2, gb2)
            for p, g in zip(params, grads):
                p -= LR * g
            return StepResult(loss, grads)

        return step

    def minigrad_step(self, d: dict[str, Any], audit: Any = None) -> Any:
        import minigrad as mg
        from minigrad.functional import cross_entropy

        x, t = mg.from_numpy(d["x"]), mg.from_numpy(d["t"])  # shared: see Workload
        params = [mg.tensor(d[k], requires_grad=True) for k in ("w1", "b1", "w2", "b2")]
        w1, b1, w2, b2 = params

        def loss() -> mg.Tensor:
            return cross_entropy((x @ w1 + b1).relu() @ w2 + b2, t)

        return minigrad_trainer(params, loss, lr=LR, audit=audit)

    def torch_step(self, torch: Any, d: dict[str, Any]) -> Any:
        import torch.nn.functional as F  # noqa: N812

        x, t = torch.from_numpy(d["x"]), torch.from_numpy(d["t"])
        params = [torch.tensor(d[k], requires_grad=True) for k in ("w1", "b1", "w2", "b2")]
        w1, b1, w2, b2 = params

        def loss() -> Any:
            return F.cross_entropy(torch.relu(x @ w1 + b1) @ w2 + b2, t)

        return torch_trainer(torch, params, loss, lr=LR)
