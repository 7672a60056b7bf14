"""Specs of hardsigmoid, hardswish, threshold, celu, softsign, tanhshrink, softmin,
glu, hardshrink and softshrink (ops/activations_hard.py, ops/shrink.py,
functional/activations_extra.py) as functions with their
arguments, with inplace=True, and as modules (values, gradients and reprs).

Besides the shared flavors, "kinks" puts values exactly at -3, 3, 0 and the threshold
(1.5), where the gradients are PyTorch's choices. hardswish, hardsigmoid and celu are
drawn without NaN, as elu is in specs_activations.py (PyTorch's gradient at a NaN
depends on the tensor's length).
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from parity_harness import Arr, Case, Spec
from parity_strategies import ALL, FLOAT_FLAVORS, FLOATS, seeds, shapes, values

SPECS: list[Spec] = []

KINKS = np.array([-3.0, 3.0, 0.0, 1.5, -1.5, -4.0, 4.0, 2.5])


@st.composite
def cases(draw, dtypes=ALL, flavors=FLOAT_FLAVORS + ("kinks",), min_dims=0, kwargs=None):
    dtype = draw(st.sampled_from(dtypes))
    shape = draw(shapes(min_dims=min_dims))
    flavor = draw(st.sampled_from(flavors))
    seed = draw(seeds)
    if flavor == "kinks":
        rng = np.random.default_rng(seed)
        a = rng.choice(KINKS, size=shape).astype(dtype) if np.dtype(dtype).kind == "f" else \
            values(dtype, shape, "normal", seed)
    else:
        a = values(dtype, shape, flavor, seed)
    kw = draw(kwargs) if kwargs is not None else {}
    return Case((Arr(np.asarray(a)),), kw, seed=draw(seeds))


NO_NAN = ("normal", "ties", "kinks")


@st.composite
def glu_cases(draw) -> Case:
    """Mostly an even size on the halved axis; now and then odd, 0-d or integer (refused)."""
    dtype = draw(st.sampled_from(FLOATS * 3 + (np.int64,)))
    shape = list(draw(shapes(min_dims=1)))
    dim = draw(st.sampled_from([-1, 0]))
    if draw(st.sampled_from([True] * 5 + [False])):
        shape[dim] = draw(st.sampled_from([2, 4, 0]))
    if draw(st.sampled_from([False] * 9 + [True])):
        shape = []
    x = values(dtype, tuple(shape), draw(st.sampled_from(FLOAT_FLAVORS)), draw(seeds))
    return Case((Arr(x),), {"dim": dim} if draw(st.booleans()) or dim == 0 else {},
                seed=draw(seeds))
SPECS += [
    Spec("F.hardswish", lambda L, x: L.F.hardswish(x), cases(flavors=NO_NAN)),
    Spec("F.hardsigmoid", lambda L, x: L.F.hardsigmoid(x), cases(flavors=NO_NAN)),
    Spec("F.softsign", lambda L, x: L.F.softsign(x), cases()),
    Spec("F.tanhshrink", lambda L, x: L.F.tanhshrink(x), cases(), tol=4),
    Spec("F.threshold", lambda L, x, **kw: L.F.threshold(x, **kw),
         cases(kwargs=st.sampled_from([{"threshold": 1.5, "value": -2.0},
                                       {"threshold": 0.0, "value": 0.0},
                                       {"threshold": -3.0, "value": 7.0}]))),
    Spec("F.celu", lambda L, x, **kw: L.F.celu(x, **kw),
         cases(flavors=NO_NAN, kwargs=st.sampled_from([{}, {"alpha": 2.0}, {"alpha": 0.5},
                                                       {"alpha": 0.0}]))),
    Spec("F.softmin", lambda L, x, **kw: L.F.softmin(x, **kw),
         cases(dtypes=FLOATS, min_dims=1, kwargs=st.sampled_from([{"dim": 0}, {"dim": -1}]))),
    Spec("F.glu", lambda L, x, **kw: L.F.glu(x, **kw), glu_cases()),
    # lambd 1.5 and 3 meet the kinks exactly (gradient 0 there); -1 keeps every value
    # (hardshrink) or is refused (softshrink), as in PyTorch. No NaN: PyTorch's gradient
    # at a NaN is 1 in its scalar loop and 0 in its vectorised one (it depends on the
    # tensor's length), as for hardswish above; minigrad passes it (1) always.
    Spec("F.hardshrink", lambda L, x, **kw: L.F.hardshrink(x, **kw),
         cases(flavors=NO_NAN, kwargs=st.sampled_from([{}, {"lambd": 1.5}, {"lambd": 3.0},
                                                       {"lambd": -1.0}]))),
    Spec("F.softshrink", lambda L, x, **kw: L.F.softshrink(x, **kw),
         cases(flavors=NO_NAN, kwargs=st.sampled_from([{}, {"lambd": 1.5}, {"lambd": 0.0},
                                                       {"lambd": -1.0}]))),
    Spec("mg.hardshrink", lambda L, x: L.t.hardshrink(x), cases(flavors=NO_NAN)),
    Spec("Tensor.hardshrink", lambda L, x: x.hardshrink(1.5), cases(flavors=NO_NAN)),
]

# ---- inplace=True, on a tensor made by an op ------------------------------------------
INPLACE = {"hardswish": {}, "hardsigmoid": {}, "threshold": {"threshold": 0.5, "value": 2.0},
           "celu": {"alpha": 0.5}}
for _name, _kw in INPLACE.items():
    SPECS.append(Spec(
        f"F.{_name}(inplace=True)",
        lambda L, x, n=_name, kw=_kw: getattr(L.F, n)(x * 1, inplace=True, **kw),
        cases(dtypes=FLOATS, flavors=NO_NAN)))

# ---- modules ------------------------------------------------------------------------
MODULES = {
    "nn.Hardswish": lambda nn: nn.Hardswish(),
    "nn.Hardsigmoid": lambda nn: nn.Hardsigmoid(),
    "nn.Threshold": lambda nn: nn.Threshold(1.5, -1.0),
    "nn.CELU": lambda nn: nn.CELU(alpha=2.0),
    "nn.Softsign": lambda nn: nn.Softsign(),
    "nn.Tanhshrink": lambda nn: nn.Tanhshrink(),
    "nn.Softmin": lambda nn: nn.Softmin(dim=-1),
    "nn.GLU": lambda nn: nn.GLU(),
    "nn.Hardshrink": lambda nn: nn.Hardshrink(1.5),
    "nn.Softshrink": lambda nn: nn.Softshrink(),
}
for _name, _make in MODULES.items():
    SPECS.append(Spec(_name, lambda L, x, make=_make: make(L.nn)(x * 1),
                      cases(dtypes=FLOATS, flavors=NO_NAN, min_dims=1), tol=4))


def _reprs(L) -> list[str]:
    nn = L.nn
    modules = [make(nn) for make in MODULES.values()] + [
        nn.Hardswish(True), nn.Hardsigmoid(True), nn.Threshold(0.1, 20, True), nn.CELU(),
        nn.CELU(1.5, True), nn.Softmin(), nn.GLU(0),
    ]
    return [repr(m) for m in modules]


SPECS.append(Spec("more activation module reprs", _reprs, st.just(Case(()))))
