"""Shared pieces of the per-op gradcheck tests (test_ops_*.py).

Hypothesis strategies for shapes and seeds, and input values built from a seed
so that no example sits on a point where the op is not differentiable.
Imported as a plain module: pytest puts tests/ on sys.path (no __init__.py).
"""

from __future__ import annotations

import numpy as np
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import minigrad as mg
from minigrad import Tensor

FEW = settings(max_examples=15, deadline=None)
SOME = settings(max_examples=20, deadline=None)

seeds = st.integers(0, 2**32 - 1)
shapes = hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=3)
nonscalar_shapes = hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=3)
shape_pairs = hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3)


def check(fn, *arrays, **tolerances):
    """gradcheck and gradgradcheck `fn` at float64 leaves holding `arrays`."""
    inputs = tuple(Tensor(np.asarray(a, dtype=np.float64), requires_grad=True) for a in arrays)
    assert mg.gradcheck(fn, inputs, **tolerances)
    assert mg.gradgradcheck(fn, inputs, **tolerances)


def away_from_zero(rng, shape, low=0.2, high=2.0):
    """Random values with |v| in [low, high]: relu, abs and division are smooth there."""
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(low, high, size=shape)


def distinct(rng, shape):
    """Values at least 0.3 apart: no ties for max/min, even after a central difference."""
    n = int(np.prod(shape))
    return (rng.permutation(n) * 0.3 + rng.uniform(-0.05, 0.05, n)).reshape(shape) - 0.15 * n
