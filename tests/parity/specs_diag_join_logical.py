"""Specs of trace and diag (ops/diagonal.py), hstack and vstack (ops/indexing.py) and
the logical functions (ops/logical.py), as functions and as Tensor methods."""

from __future__ import annotations

from hypothesis import strategies as st
from parity_harness import Case, Spec
from parity_strategies import ALL, FLOAT_FLAVORS, arrays, binary_cases, seeds, shapes

SPECS: list[Spec] = []


# ---- trace and diag: vectors and matrices (empty ones too), and the shapes they refuse --
@st.composite
def diag_cases(draw, diagonal: bool) -> Case:
    ndim = draw(st.sampled_from([1, 1, 2, 2, 2, 0, 3]))  # 0 and 3 axes: both refuse
    x = draw(arrays(ALL, shape=draw(shapes(min_dims=ndim, max_dims=ndim))))
    kwargs = {"diagonal": draw(st.integers(-4, 4))} if diagonal and draw(st.booleans()) else {}
    return Case((x,), kwargs, seed=draw(seeds))


SPECS += [
    Spec("mg.trace", lambda L, x: L.t.trace(x), diag_cases(False), sums=True),
    Spec("Tensor.trace", lambda L, x: x.trace(), diag_cases(False), sums=True),
    Spec("mg.diag", lambda L, x, **kw: L.t.diag(x, **kw), diag_cases(True)),
    Spec("Tensor.diag", lambda L, x, **kw: x.diag(**kw), diag_cases(True)),
]


# ---- hstack and vstack: 0-d, 1-D and larger tensors together, mixed dtypes ---------------
@st.composite
def stack_cases(draw) -> Case:
    base = draw(shapes(max_dims=3))
    tensors = []
    for _ in range(draw(st.integers(1, 3))):
        shape = list(base)
        if shape and draw(st.booleans()):  # a different length along one axis
            axis = draw(st.integers(0, len(shape) - 1))
            shape[axis] = draw(st.integers(0, 3))
        tensors.append(draw(arrays(ALL, shape=tuple(shape))))
    return Case((tensors,), seed=draw(seeds))


SPECS += [
    Spec("mg.hstack", lambda L, ts: L.t.hstack(ts), stack_cases()),
    Spec("mg.vstack", lambda L, ts: L.t.vstack(ts), stack_cases()),
]

# ---- logical_and / or / xor / not: every dtype, broadcasting, NaN counts as true ----------
_pairs = binary_cases(ALL, FLOAT_FLAVORS)  # Python numbers included: both refuse them
for _name in ("logical_and", "logical_or", "logical_xor"):
    SPECS += [
        Spec(f"mg.{_name}", lambda L, a, b, n=_name: getattr(L.t, n)(a, b), _pairs),
        Spec(f"Tensor.{_name}", lambda L, a, b, n=_name: getattr(a, n)(b), _pairs),
    ]
_one = st.builds(lambda x, seed: Case((x,), seed=seed), arrays(ALL), seeds)
SPECS += [
    Spec("mg.logical_not", lambda L, x: L.t.logical_not(x), _one),
    Spec("Tensor.logical_not", lambda L, x: x.logical_not(), _one),
]
