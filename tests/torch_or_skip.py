"""PyTorch, for the tests that compare minigrad with it.

Where torch is not installed (a learner's `make test`) such a test is skipped;
under `make parity`, which sets MINIGRAD_REQUIRE_TORCH=1, a missing torch is a
failure instead, so CI never skips the comparisons.
"""

from __future__ import annotations

import os
from typing import Any

import pytest


def torch_or_skip() -> Any:
    """The torch module, or a skip (a failure under MINIGRAD_REQUIRE_TORCH=1)."""
    if os.environ.get("MINIGRAD_REQUIRE_TORCH") == "1":
        import torch

        return torch
    return pytest.importorskip("torch")
