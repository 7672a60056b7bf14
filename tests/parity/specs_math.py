"""Specs of the elementwise math of ops/math.py, ops/trig.py and ops/rounding.py: sin,
cos, tan, sinh, cosh, asin, acos, atan, atan2, log2, log10, log1p, expm1, square,
reciprocal, rsqrt, erf, sign, floor, ceil, round (with decimals) and trunc, as
functions and as Tensor methods."""

from __future__ import annotations

from hypothesis import strategies as st
from parity_harness import Case, Spec
from parity_strategies import (
    ALL,
    FLOAT_FLAVORS,
    FLOATS,
    arrays,
    binary_cases,
    seeds,
    unary_cases,
)

SPECS: list[Spec] = []

FLAVORS = {
    "sin": FLOAT_FLAVORS, "cos": FLOAT_FLAVORS, "tan": FLOAT_FLAVORS,
    "log2": FLOAT_FLAVORS + ("positive",), "log10": FLOAT_FLAVORS + ("positive",),
    "log1p": FLOAT_FLAVORS + ("positive", "probability"),
    "expm1": FLOAT_FLAVORS + ("logits",), "square": FLOAT_FLAVORS,
    "reciprocal": FLOAT_FLAVORS, "rsqrt": FLOAT_FLAVORS + ("positive",),
    "erf": FLOAT_FLAVORS + ("logits",), "sign": FLOAT_FLAVORS,
    "floor": FLOAT_FLAVORS, "ceil": FLOAT_FLAVORS, "round": FLOAT_FLAVORS,
    "trunc": FLOAT_FLAVORS,
    # probability: values in [0, 1] with exact 0s and 1s (asin and acos's edges, inf slope)
    "sinh": FLOAT_FLAVORS + ("logits",), "cosh": FLOAT_FLAVORS + ("logits",),
    "asin": FLOAT_FLAVORS + ("probability",), "acos": FLOAT_FLAVORS + ("probability",),
    "atan": FLOAT_FLAVORS + ("logits",),
}
for _name, _flavors in FLAVORS.items():
    _cases = unary_cases(ALL, _flavors)  # ints and bools too: dtypes and refusals
    SPECS.append(Spec(f"mg.{_name}", lambda L, x, n=_name: getattr(L.t, n)(x), _cases))
    SPECS.append(Spec(f"Tensor.{_name}", lambda L, x, n=_name: getattr(x, n)(), _cases))

# round to decimals (negative ones round to tens, ...): floats, and the ints it refuses
_round_cases = st.builds(
    lambda x, d, seed: Case((x,), {"decimals": d}, seed=seed),
    arrays(ALL, flavors=FLOAT_FLAVORS + ("positive",)),
    st.sampled_from([-2, -1, 0, 1, 2, 3]),
    seeds,
)
SPECS += [
    Spec("mg.round decimals", lambda L, x, decimals: L.t.round(x, decimals=decimals),
         _round_cases),
    Spec("Tensor.round decimals", lambda L, x, decimals: x.round(decimals=decimals),
         _round_cases),
]

# halves: where round-half-to-even matters (0.5, 1.5, 2.5, ... and their negatives)
_halves = st.builds(
    lambda x, seed: Case((x,), seed=seed),
    arrays(FLOATS, flavors=("ties",)).map(lambda a: type(a)(a.value + a.value.dtype.type(0.5))),
    seeds,
)
SPECS.append(Spec("round halves", lambda L, x: L.t.round(x), _halves))

# atan2(y, x): broadcasting, every dtype pair, the origin (ties has many zeros), and a
# Python number on either side, which both libraries refuse
_atan2_cases = binary_cases(ALL, FLOAT_FLAVORS)
SPECS += [
    Spec("mg.atan2", lambda L, y, x: L.t.atan2(y, x), _atan2_cases),
    Spec("Tensor.atan2", lambda L, y, x: y.atan2(x), _atan2_cases),
]
