"""An inf or NaN gradient arriving at an op that passes its gradient on in some places and
stops it in others (relu, hardtanh, max, median, maximum, where, clip) gives 0 where it is
stopped, as PyTorch does; amax and abs multiply, and give NaN there, as PyTorch does too.
(ops/either.py: masked and weighted.) Compared with torch itself, and with its literals."""

from __future__ import annotations

import math

import numpy as np
import pytest
from torch_or_skip import torch_or_skip

import minigrad as mg
from minigrad import functional as F

CASES = {
    "relu": (lambda L, F, x: L.relu(x), [-1.0, 2.0]),
    "hardtanh": (lambda L, F, x: F.hardtanh(x), [-3.0, 0.5]),
    "relu6": (lambda L, F, x: F.relu6(x), [-1.0, 7.0]),
    "amax": (lambda L, F, x: x.amax(), [1.0, 2.0]),
    "max": (lambda L, F, x: x.max(), [1.0, 2.0]),
    "max with a tie": (lambda L, F, x: x.max(), [2.0, 2.0, 1.0]),
    "max along a dim": (lambda L, F, x: x.max(0).values, [1.0, 2.0]),
    "median": (lambda L, F, x: x.median(), [1.0, 2.0, 3.0]),
    "min": (lambda L, F, x: x.min(), [1.0, 2.0]),
    "maximum": (lambda L, F, x: L.maximum(x, L.tensor([0.0, 0.0])), [-1.0, 2.0]),
    "where": (lambda L, F, x: L.where(x > 1, x, L.zeros(2)), [1.0, 2.0]),
    "clamp": (lambda L, F, x: x.clamp(0, 1), [-1.0, 0.5]),
    "abs": (lambda L, F, x: x.abs(), [0.0, 2.0]),
}


def _grad(library, functional, name, g):
    fn, values = CASES[name]
    x = library.tensor(values, requires_grad=True)
    y = fn(library, functional, x)
    y.backward(library.full(tuple(y.shape), g))
    return np.asarray(x.grad.tolist())


def test_an_inf_gradient_stops_as_zero_where_the_op_stops_it():
    # torch 2.13's values
    assert _grad(mg, F, "relu", math.inf).tolist() == [0.0, math.inf]
    assert _grad(mg, F, "median", math.inf).tolist() == [0.0, math.inf, 0.0]
    assert _grad(mg, F, "max with a tie", math.inf).tolist() == [math.inf, math.inf, 0.0]
    amax = _grad(mg, F, "amax", math.inf)  # amax multiplies, as PyTorch's does
    assert math.isnan(amax[0]) and amax[1] == math.inf


@pytest.mark.torch
@pytest.mark.parametrize("g", [math.inf, math.nan])
@pytest.mark.parametrize("name", list(CASES))
def test_same_gradients_as_torch(name, g):
    torch = torch_or_skip()
    ours = _grad(mg, F, name, g)
    theirs = _grad(torch, torch.nn.functional, name, g)
    np.testing.assert_array_equal(ours, theirs)
