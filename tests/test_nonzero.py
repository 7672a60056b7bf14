"""nonzero, argwhere and count_nonzero (ops/nonzero.py): PyTorch 2.13's results (literals)
for 0-d, empty and NaN inputs, the round trip x[x.nonzero(as_tuple=True)], no gradient."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from op_strategies import SOME

import minigrad as mg
from minigrad.errors import ShapeError

X = mg.tensor([[0.0, 1.5], [2.0, 0.0]])


def test_nonzero_matches_pytorch():
    assert mg.nonzero(X).tolist() == [[0, 1], [1, 0]] and mg.nonzero(X).dtype == np.int64
    rows, cols = X.nonzero(as_tuple=True)
    assert rows.tolist() == [0, 1] and cols.tolist() == [1, 0]
    assert mg.argwhere(X).tolist() == X.argwhere().tolist() == [[0, 1], [1, 0]]
    assert mg.nonzero(mg.tensor(3.0)).shape == (1, 0)  # a 0-d tensor: one match, no axes
    assert mg.nonzero(mg.tensor(0.0)).shape == (0, 0)
    (only,) = mg.nonzero(mg.tensor(3.0), as_tuple=True)
    assert only.tolist() == [0]
    assert mg.nonzero(mg.tensor([float("nan"), -0.0, 0.0])).tolist() == [[0]]  # NaN is not 0
    assert mg.nonzero(mg.zeros(0, 2)).shape == (0, 2)
    assert mg.nonzero(mg.tensor([True, False])).tolist() == [[0]]


def test_count_nonzero_matches_pytorch():
    assert mg.count_nonzero(X).item() == 2 and mg.count_nonzero(X).dtype == np.int64
    assert X.count_nonzero(0).tolist() == [1, 1]
    assert mg.count_nonzero(X, dim=(0, 1)).item() == 2
    with pytest.raises(ShapeError, match="count_nonzero: axis 2 is out of range"):
        X.count_nonzero(2)


def test_results_never_require_grad():
    x = mg.tensor([0.0, 1.0], requires_grad=True)
    assert not x.nonzero().requires_grad and not x.count_nonzero().requires_grad
    assert not any(t.requires_grad for t in x.nonzero(as_tuple=True))


@SOME
@given(x=hnp.arrays(np.int64, hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=4),
                    elements=st.integers(-1, 1)))
def test_the_indices_pick_exactly_the_nonzero_values(x):
    t = mg.tensor(x)
    np.testing.assert_array_equal(t[t.nonzero(as_tuple=True)].numpy(), x[x != 0])
    assert len(t.nonzero()) == t.count_nonzero().item() == np.count_nonzero(x)
