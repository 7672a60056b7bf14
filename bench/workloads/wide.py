"""wide: the sum of 8,000 separate small products, a graph 8,000 nodes wide.

loss = sum_i sum(a_i * w): 8,000 leaves a_i of shape (3,), each multiplied by
one shared weight w (so w collects 8,000 gradient contributions), stacked into
one (8000, 3) tensor and summed. A backward that re-sorts its queue at every
node goes quadratic here; run at 800 and 8,000 the time must stay linear
(at most 12x for 10x the width).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..harness import StepResult, minigrad_trainer, torch_trainer
from .base import Workload


class Wide(Workload):
    name = "wide"
    description = "stack of 8,000 separate products a_i * w, summed"
    sizes = {"full": {"width": 8_000}, "small": {"width": 800}, "tiny": {"width": 20}}
    target = "none"  # only linear time is asked for (torch is shown for scale)
    linear_time = True
    warmup = 1
    block = 1  # a step is long: alternate every step
    rounds = 25
    budget = 15.0

    def make_data(self, rng: np.random.Generator, width: int) -> dict[str, Any]:
        return {
            "a": rng.standard_normal((width, 3)).astype(self.dtype),
            "w": rng.standard_normal(3).astype(self.dtype),
        }

    def ops_per_step(self, width: int) -> int:
        return width + 2  # the products, the stack, the sum

    def numpy_step(self, d: dict[str, Any]) -> Any:
        rows, w = [r.copy() for r in d["a"]], d["w"].copy()

        def step() -> StepResult:
            products = [a * w for a in rows]
            loss = np.stack(products).sum()
            # d loss / d product_i = 1, so grad a_i = w and grad w = sum_i a_i
            gw = np.zeros_like(w)
            grads = []
            for a in rows:
                grads.append(np.ones_like(a) * w)
                gw += a
            return StepResult(loss, (gw, *grads))

        return step

    def minigrad_step(self, d: dict[str, Any], audit: Any = None) -> Any:
        import minigrad as mg

        rows = [mg.tensor(r, requires_grad=True) for r in d["a"]]
        w = mg.tensor(d["w"], requires_grad=True)

        def loss() -> mg.Tensor:
            return mg.stack([a * w for a in rows]).sum()

        return minigrad_trainer([w, *rows], loss, audit=audit)

    def torch_step(self, torch: Any, d: dict[str, Any]) -> Any:
        rows = [torch.tensor(r, requires_grad=True) for r in d["a"]]
        w = torch.tensor(d["w"], requires_grad=True)

        def loss() -> Any:
            return torch.stack([a * w for a in rows]).sum()

        return torch_trainer(torch, [w, *rows], loss)
