"""Specs of searchsorted, bucketize, bincount, histc, tril/triu_indices (ops/counting.py)
and block_diag, cartesian_prod, combinations (ops/combining.py).

NaN is left out of the searched values: PyTorch's binary search and numpy's place a
NaN differently (numpy puts it last, as a sort does), a difference the PyTorch page
lists; every other value, equal ones included, lands in the same place.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from parity_harness import Arr, Case, Spec
from parity_strategies import ALL, F32_64, FLOATS, arrays, seeds, shapes, values

SPECS: list[Spec] = []
_NUMBERS = (np.float32, np.float64, np.int64, np.int32)


# ---- searchsorted and bucketize ------------------------------------------------------
@st.composite
def search_cases(draw, rows: bool) -> Case:
    dtype = draw(st.sampled_from(_NUMBERS))
    value_shape = draw(shapes(min_dims=0, max_dims=3))
    n = draw(st.integers(1, 5))
    seq_shape = (*value_shape[:-1], n) if rows and value_shape else (n,)
    seq = np.sort(values(dtype, seq_shape, draw(st.sampled_from(["normal", "ties"])),
                         draw(seeds)), axis=-1)
    vals = values(dtype, value_shape, draw(st.sampled_from(["normal", "ties"])), draw(seeds))
    kwargs = {}
    if draw(st.booleans()):
        kwargs["right"] = draw(st.booleans())
    if draw(st.booleans()):
        kwargs["out_int32"] = True
    if not rows:  # bucketize: the values first, then the boundaries
        return Case((Arr(vals, grad=False), Arr(seq, grad=False)), kwargs)
    return Case((Arr(seq, grad=False), Arr(vals, grad=False)), kwargs)


SPECS += [
    Spec("mg.searchsorted", lambda L, s, v, **kw: L.t.searchsorted(s, v, **kw),
         search_cases(rows=True)),
    Spec("mg.bucketize", lambda L, v, b, **kw: L.t.bucketize(v, b, **kw),
         search_cases(rows=False)),
]


# ---- bincount and histc ------------------------------------------------------------------
@st.composite
def bincount_cases(draw) -> Case:
    n = draw(st.integers(0, 6))
    low = draw(st.sampled_from([0, 0, 0, -1]))  # sometimes a negative number: refused
    x = np.random.default_rng(draw(seeds)).integers(low, 6, size=n)
    args: tuple = (Arr(x.astype(draw(st.sampled_from([np.int64, np.int32, np.uint8])))
                       if low == 0 else x),)
    kwargs = {}
    if draw(st.booleans()):
        kwargs["weights"] = draw(arrays(_NUMBERS, shape=(n,), grad=False))
    if draw(st.booleans()):
        kwargs["minlength"] = draw(st.integers(0, 8))
    return Case(args, kwargs)


@st.composite
def histc_cases(draw) -> Case:
    x = draw(arrays(FLOATS + (np.int64,), shape=draw(shapes(max_dims=2)),
                    flavors=("normal", "ties"), grad=False))
    kwargs = {"bins": draw(st.integers(1, 6))}
    if draw(st.booleans()):
        low = draw(st.integers(-3, 2))
        kwargs.update(min=low, max=low + draw(st.integers(-1, 4)))  # max < min: refused
    return Case((x,), kwargs)


def _bincount(L, x, **kw):
    return L.t.bincount(x if L.is_tensor(x) else L.tensor(x), **kw)


SPECS += [
    Spec("mg.bincount", _bincount, bincount_cases()),
    Spec("Tensor.bincount", lambda L, x, **kw: _bincount(L, x, **kw), bincount_cases()),
    Spec("mg.histc", lambda L, x, **kw: L.t.histc(x, **kw), histc_cases()),
    Spec("Tensor.histc", lambda L, x, **kw: x.histc(**kw), histc_cases()),
]


# ---- tril_indices and triu_indices --------------------------------------------------------
_triangle = st.builds(lambda r, c, o: Case((r, c, o)), st.integers(0, 5), st.integers(0, 5),
                      st.integers(-6, 6))
SPECS += [
    Spec("mg.tril_indices", lambda L, r, c, o: L.t.tril_indices(r, c, o), _triangle),
    Spec("mg.triu_indices", lambda L, r, c, o: L.t.triu_indices(r, c, o), _triangle),
]


# ---- block_diag, cartesian_prod, combinations: gradients go back to each element ------------
@st.composite
def block_cases(draw) -> Case:
    tensors = [draw(arrays(ALL, shape=draw(shapes(max_dims=draw(st.sampled_from([2, 2, 3])),
                                                    max_side=3))))
               for _ in range(draw(st.integers(1, 3)))]
    return Case(tuple(tensors), seed=draw(seeds))


@st.composite
def product_cases(draw) -> Case:
    dtype = draw(st.sampled_from(ALL))
    n = draw(st.integers(1, 3))
    return Case(tuple(draw(arrays((dtype,), shape=(draw(st.integers(0, 3)),)))
                      for _ in range(n)), seed=draw(seeds))


@st.composite
def combination_cases(draw) -> Case:
    x = draw(arrays(F32_64 + (np.int64,), shape=(draw(st.integers(0, 4)),)))
    kwargs = {"r": draw(st.integers(0, 4))}
    if draw(st.booleans()):
        kwargs["with_replacement"] = draw(st.booleans())
    return Case((x,), kwargs, seed=draw(seeds))


SPECS += [
    Spec("mg.block_diag", lambda L, *ts: L.t.block_diag(*ts), block_cases()),
    Spec("mg.cartesian_prod", lambda L, *ts: L.t.cartesian_prod(*ts), product_cases()),
    Spec("mg.combinations", lambda L, x, **kw: L.t.combinations(x, **kw), combination_cases()),
]
