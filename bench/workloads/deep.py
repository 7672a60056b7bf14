"""deep: a chain 20,000 links deep, y = y * 1.0001 + 0.0001, on a 0-d float64 tensor.

Two ops per link, so 40,000 nodes in a line: a recursive graph walk would hit
Python's recursion limit here. Run at 2,000 and 20,000 links: the time must
grow linearly (at most 12x for 10x the links). float64, as the issue asks.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..harness import StepResult, minigrad_trainer, torch_trainer
from .base import Workload

A, C = 1.0001, 0.0001


class Deep(Workload):
    name = "deep"
    description = "a chain of y = y*1.0001 + 0.0001 on a 0-d float64 tensor"
    dtype = np.float64
    sizes = {"full": {"links": 20_000}, "small": {"links": 2_000}, "tiny": {"links": 50}}
    target = "torch"
    linear_time = True
    rtol = 1e-9
    warmup = 1
    block = 1  # a step is long: alternate every step
    rounds = 25
    budget = 15.0

    def make_data(self, rng: np.random.Generator, links: int) -> dict[str, Any]:
        return {"x": np.asarray(rng.uniform(0.5, 1.5), dtype=self.dtype), "links": links}

    def ops_per_step(self, links: int) -> int:
        return 2 * links

    def numpy_step(self, d: dict[str, Any]) -> Any:
        x, links = d["x"].copy(), d["links"]
        a, c = np.float64(A), np.float64(C)

        def step() -> StepResult:
            y = x
            for _ in range(links):
                y = y * a + c
            g = np.ones_like(x)
            for _ in range(links):  # each link multiplies the gradient by a
                g = g * a
            return StepResult(y, (g,))

        return step

    def minigrad_step(self, d: dict[str, Any], audit: Any = None) -> Any:
        import minigrad as mg

        x, links = mg.tensor(d["x"], requires_grad=True), d["links"]

        def loss() -> mg.Tensor:
            y = x
            for _ in range(links):
                y = y * A + C
            return y

        return minigrad_trainer([x], loss, audit=audit)

    def torch_step(self, torch: Any, d: dict[str, Any]) -> Any:
        x, links = torch.tensor(d["x"], requires_grad=True), d["links"]

        def loss() -> Any:
            y = x
            for _ in range(links):
                y = y * A + C
            return y

        return torch_trainer(torch, [x], loss)
