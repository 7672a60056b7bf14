"""The hypothesis settings of the parity suite: a fixed, explicit budget.

MINIGRAD_PARITY_EXAMPLES cases per spec (default 3: a few hundred cases in all
under `make test`); `make parity` sets it higher. The cases are the same on
every run (derandomize) unless MINIGRAD_PARITY_SEED picks another draw.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, seed, settings

EXAMPLES = int(os.environ.get("MINIGRAD_PARITY_EXAMPLES", "3"))
SEED = os.environ.get("MINIGRAD_PARITY_SEED") or None

_settings = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=SEED is None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def PARITY(test):  # noqa: N802  (used as a decorator, like hypothesis's settings)
    """The settings above, and the seed when one is given."""
    test = _settings(test)
    return seed(int(SEED))(test) if SEED is not None else test
