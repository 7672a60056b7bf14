"""overhead: a chain of 60 small elementwise ops on a (16,) tensor.

The arrays are tiny, so the time is almost all per-op Python overhead: making
the node, the output tensor, and walking the graph backward. Reported as
microseconds per op (forward + backward).

The chain repeats ten blocks of six ops:
    y = tanh(sigmoid((y * 0.9 + b) * w) - 0.5)   (6 ops: mul, add, mul, sigmoid, sub, tanh)
then sums y (one more op). Leaves needing gradients: x, w, b.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..harness import StepResult, minigrad_trainer, torch_trainer
from .base import Workload

BLOCKS = 10
OPS_PER_BLOCK = 6


class Overhead(Workload):
    name = "overhead"
    description = "60 elementwise ops on a (16,) float32 tensor, forward+backward"
    sizes = {"full": {"n": 16, "blocks": BLOCKS}, "tiny": {"n": 4, "blocks": 2}}
    target = "torch"
    rounds = 500
    budget = 8.0
    warmup = 20

    def make_data(self, rng: np.random.Generator, n: int, blocks: int) -> dict[str, Any]:
        return {
            "x": rng.standard_normal(n).astype(self.dtype),
            "w": rng.uniform(0.5, 1.5, n).astype(self.dtype),
            "b": rng.uniform(-0.1, 0.1, n).astype(self.dtype),
            "blocks": blocks,
        }

    def ops_per_step(self, n: int, blocks: int) -> int:
        return blocks * OPS_PER_BLOCK + 1

    def numpy_step(self, d: dict[str, Any]) -> Any:
        x0, w, b, blocks = d["x"].copy(), d["w"].copy(), d["b"].copy(), d["blocks"]
        f = self.dtype

        def step() -> StepResult:
            # forward, keeping what backward needs: the input of each multiply by w,
            # each sigmoid output and each tanh output
            y, saved = x0, []
            for _ in range(blocks):
                u = y * f(0.9) + b
                s = 1 / (1 + np.exp(-(u * w)))
                t = np.tanh(s - f(0.5))
                saved.append((u, s, t))
                y = t
            loss = y.sum()
            # backward
            g = np.ones_like(y)
            gw = np.zeros_like(w)
            gb = np.zeros_like(b)
            for u, s, t in reversed(saved):
                g = g * (1 - t * t)  # tanh
                g = g * s * (1 - s)  # sigmoid
                gw += g * u  # (u * w)
                g = g * w
                gb += g  # (+ b)
                g = g * f(0.9)
            return StepResult(loss, (g, gw, gb))

        return step

    def minigrad_step(self, d: dict[str, Any], audit: Any = None) -> Any:
        import minigrad as mg

        x, w, b = (mg.tensor(d[k], requires_grad=True) for k in "xwb")
        blocks = d["blocks"]

        def loss() -> mg.Tensor:
            y = x
            for _ in range(blocks):
                y = ((((y * 0.9 + b) * w).sigmoid()) - 0.5).tanh()
            return y.sum()

        return minigrad_trainer([x, w, b], loss, audit=audit)

    def torch_step(self, torch: Any, d: dict[str, Any]) -> Any:
        x, w, b = (torch.tensor(d[k], requires_grad=True) for k in "xwb")
        blocks = d["blocks"]

        def loss() -> Any:
            y = x
            for _ in range(blocks):
                y = ((((y * 0.9 + b) * w).sigmoid()) - 0.5).tanh()
            return y.sum()

        return torch_trainer(torch, [x, w, b], loss)
