"""Specs of the activation functions (ops/activations.py, ops/activations_more.py,
functional/activations.py, nn/activations.py): leaky_relu, elu, selu, gelu, silu,
mish, softplus, logsigmoid, hardtanh, relu6 as functions with their arguments, with
inplace=True, and as modules (values, gradients and reprs).

elu, selu, hardtanh and relu6 are drawn without NaN ("edges"): PyTorch's own
gradient at a NaN input differs between its loops for short and for long tensors
(tests/test_ops_activations.py pins minigrad's). gelu is drawn without +-inf: its
float32 kernel gives NaN at +inf for tensors of 7 elements or more, and inf below.
"""

from __future__ import annotations

from hypothesis import strategies as st
from parity_harness import Case, Spec
from parity_strategies import ALL, FLOAT_FLAVORS, FLOATS, arrays, seeds, unary_cases

SPECS: list[Spec] = []

WITH_EDGES = FLOAT_FLAVORS + ("logits",)  # normal, ties, 0/-0/+-inf/NaN/+-1e4, +-50
NO_NAN = ("normal", "ties", "logits")


def _with(kwargs: st.SearchStrategy, flavors: tuple[str, ...]) -> st.SearchStrategy:
    """A tensor of any dtype and keyword arguments drawn from `kwargs`."""
    return st.builds(lambda x, kw, seed: Case((x,), kw, seed=seed),
                     arrays(ALL, flavors=flavors), kwargs, seeds)


# ---- functions, default arguments ----------------------------------------------------
FLAVORS = {
    "leaky_relu": WITH_EDGES, "elu": NO_NAN, "selu": NO_NAN, "gelu": NO_NAN,
    "silu": WITH_EDGES, "mish": WITH_EDGES, "softplus": WITH_EDGES, "logsigmoid": WITH_EDGES,
    "hardtanh": NO_NAN, "relu6": NO_NAN,
}
for _name, _flavors in FLAVORS.items():
    SPECS.append(Spec(f"F.{_name}", lambda L, x, n=_name: getattr(L.F, n)(x),
                      unary_cases(ALL, _flavors)))
SPECS.append(Spec("mg.selu", lambda L, x: L.t.selu(x), unary_cases(ALL, NO_NAN)))

# ---- functions, their arguments ---------------------------------------------------------
SPECS += [
    Spec("F.leaky_relu(negative_slope)", lambda L, x, **kw: L.F.leaky_relu(x, **kw),
         _with(st.fixed_dictionaries({"negative_slope": st.sampled_from([0.2, 0.0, -0.1, 1.5])}),
               WITH_EDGES)),
    Spec("F.elu(alpha)", lambda L, x, **kw: L.F.elu(x, **kw),
         _with(st.fixed_dictionaries({"alpha": st.sampled_from([0.5, 2.0, 0.0])}), NO_NAN)),
    Spec("F.gelu(approximate)", lambda L, x, **kw: L.F.gelu(x, **kw),
         _with(st.fixed_dictionaries({"approximate": st.sampled_from(["none", "tanh"])}),
               NO_NAN)),
    Spec("F.softplus(beta, threshold)", lambda L, x, **kw: L.F.softplus(x, **kw),
         _with(st.fixed_dictionaries({"beta": st.sampled_from([1.0, 2.0, 0.5]),
                                      "threshold": st.sampled_from([20.0, 1.0, 5.0])}),
               WITH_EDGES)),
    Spec("F.hardtanh(min_val, max_val)", lambda L, x, **kw: L.F.hardtanh(x, **kw),
         _with(st.sampled_from([{"min_val": -2.0, "max_val": 3.0},
                                {"min_val": 0.0, "max_val": 6.0},
                                {"min_val": 0.5, "max_val": 0.5},
                                {"min_val": 2.0, "max_val": 1.0}]),  # refused by both
               NO_NAN)),
]

# ---- inplace=True, on a tensor made by an op (a leaf that requires grad is refused) ---
INPLACE = {
    "relu": {}, "leaky_relu": {"negative_slope": 0.2}, "elu": {"alpha": 0.5}, "selu": {},
    "hardtanh": {"min_val": -1.5, "max_val": 2.0}, "relu6": {}, "silu": {}, "mish": {},
}


def _refused(f, x, kw) -> bool:
    """Whether f(x, inplace=True) is refused (x is a leaf that requires grad: it must be).
    The harness checks that x is unchanged in both."""
    try:
        f(x, inplace=True, **kw)
    except RuntimeError:
        return True
    return False


for _name, _kw in INPLACE.items():
    _flavors = WITH_EDGES if _name in ("relu", "leaky_relu", "silu", "mish") else NO_NAN
    SPECS.append(Spec(
        f"F.{_name}(inplace=True)",
        lambda L, x, n=_name, kw=_kw: getattr(L.F, n)(x * 1, inplace=True, **kw),
        unary_cases(FLOATS, _flavors)))
    SPECS.append(Spec(f"F.{_name}(leaf, inplace=True)",
                      lambda L, x, n=_name, kw=_kw: _refused(getattr(L.F, n), x, kw),
                      unary_cases(FLOATS, ("normal",))))

# ---- modules ------------------------------------------------------------------------
MODULES = {
    "nn.LeakyReLU": lambda nn: nn.LeakyReLU(0.2),
    "nn.ELU": lambda nn: nn.ELU(alpha=0.5),
    "nn.SELU": lambda nn: nn.SELU(),
    "nn.GELU": lambda nn: nn.GELU(approximate="tanh"),
    "nn.SiLU": lambda nn: nn.SiLU(),
    "nn.Mish": lambda nn: nn.Mish(),
    "nn.Softplus": lambda nn: nn.Softplus(beta=2, threshold=1),
    "nn.LogSigmoid": lambda nn: nn.LogSigmoid(),
    "nn.Hardtanh": lambda nn: nn.Hardtanh(-2, 3),
    "nn.ReLU6": lambda nn: nn.ReLU6(),
    "nn.ReLU(inplace=True)": lambda nn: nn.ReLU(inplace=True),
    "nn.LeakyReLU(inplace=True)": lambda nn: nn.LeakyReLU(0.1, inplace=True),
}
for _name, _make in MODULES.items():
    _nan_ok = _name.split("(")[0] not in ("nn.ELU", "nn.SELU", "nn.Hardtanh", "nn.ReLU6",
                                          "nn.GELU")
    SPECS.append(Spec(_name, lambda L, x, make=_make: make(L.nn)(x * 1),
                      unary_cases(FLOATS, WITH_EDGES if _nan_ok else NO_NAN)))


def _reprs(L) -> list[str]:
    nn = L.nn
    modules = [make(nn) for make in MODULES.values()] + [
        nn.LeakyReLU(), nn.ELU(1, True), nn.GELU(), nn.SiLU(True), nn.Softplus(),
        nn.Hardtanh(), nn.Hardtanh(-2.5, 3, True), nn.ReLU6(True), nn.SELU(True), nn.Mish(True),
        nn.ReLU(),
    ]
    return [repr(m) for m in modules]


SPECS.append(Spec("activation module reprs", _reprs, st.just(Case(()))))
