"""The differential suite against PyTorch: how much it runs, and its summary.

Skipped when torch is not installed, except under `make parity`, which sets
MINIGRAD_REQUIRE_TORCH=1: there a missing torch is an error (CI must never skip
these tests quietly). MINIGRAD_PARITY_EXAMPLES is the number of cases drawn per
spec (default 3 under `make test`; `make parity` draws many more), and
MINIGRAD_PARITY_SEED, if set, draws other cases than the fixed default ones.
The summary line at the end of a run is printed by parity_summary.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

if os.environ.get("MINIGRAD_REQUIRE_TORCH") == "1":
    import torch  # noqa: F401  (make parity: no torch is a failure, not a skip)

_here = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark this directory's tests `torch`: `make parity` runs the tests marked so."""
    for item in items:
        if _here in Path(item.path).parents:
            item.add_marker(pytest.mark.torch)
