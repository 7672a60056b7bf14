"""Specs of unique (ops/unique.py), float_power (ops/math.py) and nonzero, argwhere and
count_nonzero (ops/nonzero.py), as functions and as Tensor methods."""

from __future__ import annotations

from hypothesis import strategies as st
from parity_harness import Case, Spec
from parity_strategies import ALL, FLOAT_FLAVORS, arrays, binary_cases, seeds


# ---- unique: every dtype, NaN (each one distinct), the inverse and the counts, and along a
# dim (without NaN there: the two order NaN rows differently) -----------------------------
@st.composite
def unique_cases(draw, along_dim: bool) -> Case:
    x = draw(arrays(ALL, flavors=("ties", "normal") if along_dim else ("ties", "edges")))
    kwargs = {name: True for name in ("return_inverse", "return_counts") if draw(st.booleans())}
    if draw(st.booleans()):
        kwargs["sorted"] = draw(st.booleans())
    if along_dim:
        n = max(x.value.ndim, 1)
        kwargs["dim"] = draw(st.integers(-n, n - 1))
    return Case((x,), kwargs, seed=draw(seeds))


SPECS: list[Spec] = []
for _along in (False, True):
    _suffix = "(dim)" if _along else ""
    SPECS += [
        Spec(f"mg.unique{_suffix}", lambda L, x, **kw: L.t.unique(x, **kw), unique_cases(_along)),
        Spec(f"Tensor.unique{_suffix}", lambda L, x, **kw: x.unique(**kw), unique_cases(_along)),
    ]

# ---- float_power: any dtypes and numbers, broadcasting, NaN where a negative base meets a
# fractional exponent ---------------------------------------------------------------------
_pairs = binary_cases(ALL, FLOAT_FLAVORS + ("positive",))
SPECS += [
    Spec("mg.float_power", lambda L, a, b: L.t.float_power(a, b), _pairs),
    Spec("Tensor.float_power", lambda L, a, b: a.float_power(b),
         _pairs.filter(lambda c: hasattr(c.args[0], "value"))),
]

# ---- nonzero, argwhere, count_nonzero (ops/nonzero.py): every dtype, 0-d and empty tensors,
# NaN and -0.0 among the values ------------------------------------------------------------
_any = st.builds(lambda x, seed: Case((x,), seed=seed), arrays(ALL, flavors=("ties", "edges")),
                 seeds)


@st.composite
def count_cases(draw) -> Case:
    x = draw(arrays(ALL, flavors=("ties", "edges")))
    kwargs = {}
    if x.value.ndim and draw(st.booleans()):
        kwargs["dim"] = draw(st.integers(-x.value.ndim, x.value.ndim - 1))
    return Case((x,), kwargs, seed=draw(seeds))


SPECS += [
    Spec("mg.nonzero", lambda L, x: L.t.nonzero(x), _any),
    Spec("Tensor.nonzero(as_tuple)", lambda L, x: x.nonzero(as_tuple=True), _any),
    Spec("mg.argwhere", lambda L, x: L.t.argwhere(x), _any),
    Spec("Tensor.argwhere", lambda L, x: x.argwhere(), _any),
    Spec("Tensor.count_nonzero", lambda L, x, **kw: x.count_nonzero(**kw), count_cases()),
    Spec("mg.count_nonzero", lambda L, x, **kw: L.t.count_nonzero(x, **kw), count_cases()),
]
