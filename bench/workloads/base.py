"""What a workload is: data, and one step per framework computing the same thing."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..harness import Step


class Workload:
    """One benchmark. Subclasses fill in the class attributes and the three builders.

    Every builder gets the same `data` (numpy arrays made from one seed) and
    must copy whatever it will change, so that the frameworks never share state.
    The large inputs that no step changes (logreg's X, mlp's batch, softmax_ce's
    logits) are shared instead (`from_numpy`): the frameworks then read the very
    same memory. Where a separate 8 MB copy landed made one matrix-vector
    product up to 15% faster or slower from one process to the next, and swung
    logreg's ratio to numpy between 1.03x and 1.24x.
    """

    name = "?"
    description = "?"
    dtype: Any = np.float32
    # Keyword arguments of `make_data` for each size: "full" is the real run,
    # "small" (for the linear-time check, 10x smaller) and "tiny" (for the tests).
    sizes: dict[str, dict[str, int]] = {}
    # "numpy": <= 1.15x numpy's time and <= 1.3x its memory; "torch": <= 1.25x torch's time
    target = "numpy"
    linear_time = False  # also run at "small" and check time(full) <= 12 x time(small)
    rtol = 1e-4  # agreement tolerance, relative to the size of the reference values
    warmup = 3
    block = 4  # steps in a row per framework and round (see harness.time_steps)
    rounds = 50  # at most this many timed rounds ...
    budget = 20.0  # ... or fewer once this many seconds have passed

    def make_data(self, rng: np.random.Generator, **size: int) -> dict[str, Any]:
        """The inputs and initial parameters, as numpy arrays of `dtype`."""
        raise NotImplementedError

    def numpy_step(self, data: dict[str, Any]) -> Step:
        """Hand-derived forward and backward in plain numpy: the reference."""
        raise NotImplementedError

    def minigrad_step(self, data: dict[str, Any], audit: set[np.dtype] | None = None) -> Step:
        """The same with minigrad; `audit` collects the dtypes seen in the graph."""
        raise NotImplementedError

    def torch_step(self, torch: Any, data: dict[str, Any]) -> Step:
        """The same in PyTorch eager mode (only when torch is installed)."""
        raise NotImplementedError

    def ops_per_step(self, **size: int) -> int | None:
        """How many ops one forward builds, when time per op is worth reporting."""
        return None

    def make(self, size: str, seed: int = 0) -> dict[str, Any]:
        """The data for a named size, from a fixed seed."""
        return self.make_data(np.random.default_rng(seed), **self.sizes[size])
