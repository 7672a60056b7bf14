"""softmax_ce: cross-entropy forward and backward on (4096, 1000) logits.

One fused op: all the time is in a few passes over 4M floats, so minigrad
should match the numpy below in time and in memory (16 MB per temporary).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..harness import StepResult, minigrad_trainer, torch_trainer
from .base import Workload


class SoftmaxCE(Workload):
    name = "softmax_ce"
    description = "cross-entropy forward+backward on (4096, 1000) logits, class indices"
    sizes = {"full": {"n": 4096, "classes": 1000}, "tiny": {"n": 5, "classes": 4}}
    rounds = 20
    budget = 20.0

    def make_data(self, rng: np.random.Generator, n: int, classes: int) -> dict[str, Any]:
        return {
            "z": (3 * rng.standard_normal((n, classes))).astype(self.dtype),
            "t": rng.integers(0, classes, n),
        }

    def numpy_step(self, d: dict[str, Any]) -> Any:
        z, t = d["z"], d["t"]
        rows = np.arange(len(t))

        def step() -> StepResult:
            shifted = z - z.max(axis=1, keepdims=True)
            e = np.exp(shifted)
            s = e.sum(axis=1, keepdims=True)
            loss = (np.log(s[:, 0]) - shifted[rows, t]).mean()
            gz = e / s  # softmax
            gz[rows, t] -= 1
            gz /= self.dtype(len(t))
            return StepResult(loss, (gz,))

        return step

    def minigrad_step(self, d: dict[str, Any], audit: Any = None) -> Any:
        import minigrad as mg
        from minigrad.functional import cross_entropy

        # shared with the other frameworks (see Workload); nothing changes z in place
        z, t = mg.from_numpy(d["z"]).requires_grad_(), mg.from_numpy(d["t"])
        return minigrad_trainer([z], lambda: cross_entropy(z, t), audit=audit)

    def torch_step(self, torch: Any, d: dict[str, Any]) -> Any:
        import torch.nn.functional as F  # noqa: N812

        z, t = torch.from_numpy(d["z"]).requires_grad_(), torch.from_numpy(d["t"])
        return torch_trainer(torch, [z], lambda: F.cross_entropy(z, t))
