"""Every public op of minigrad against PyTorch, on cases drawn by hypothesis.

One test per spec (the specs_*.py modules list them); each draws
MINIGRAD_PARITY_EXAMPLES cases and compares values, dtypes, shapes, errors and
gradients (see parity_harness.py). A failure prints the case and both results.
"""

from __future__ import annotations

import pytest

pytest.importorskip("torch")

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from parity_check import check  # noqa: E402
from parity_settings import PARITY  # noqa: E402
from parity_specs import SPECS  # noqa: E402


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
@PARITY
@given(data=st.data())
def test_op_matches_pytorch(spec, data) -> None:
    check(spec, data.draw(spec.cases, label=spec.name))
