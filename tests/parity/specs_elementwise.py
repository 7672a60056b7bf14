"""Specs of the elementwise ops: unary functions and methods, binary functions,
operators with tensors and Python numbers on either side, comparisons, where, clamp."""

from __future__ import annotations

import operator

import numpy as np
from hypothesis import strategies as st
from parity_harness import Case, Spec
from parity_strategies import (
    ALL,
    FLOAT_FLAVORS,
    FLOATS,
    arrays,
    binary_cases,
    broadcast_shapes,
    python_scalars,
    seeds,
    unary_cases,
)

SPECS: list[Spec] = []

# ---- unary: mg.f(x), x.f(), and F.f(x) for the activations --------------------------
UNARY_FLAVORS = {
    "exp": FLOAT_FLAVORS + ("logits",),
    "log": FLOAT_FLAVORS + ("positive",),
    "sqrt": FLOAT_FLAVORS + ("positive",),
    "abs": FLOAT_FLAVORS, "neg": FLOAT_FLAVORS,
    "relu": FLOAT_FLAVORS, "sigmoid": FLOAT_FLAVORS + ("logits",),
    "tanh": FLOAT_FLAVORS + ("logits",),
}
for _name, _flavors in UNARY_FLAVORS.items():
    _cases = unary_cases(ALL, _flavors)
    SPECS.append(Spec(f"mg.{_name}", lambda L, x, n=_name: getattr(L.t, n)(x), _cases))
    if _name != "neg":  # minigrad has no Tensor.neg (use -x)
        SPECS.append(Spec(f"Tensor.{_name}", lambda L, x, n=_name: getattr(x, n)(), _cases))
    if _name in ("relu", "sigmoid", "tanh"):
        torch_f = (lambda L, x, n=_name: getattr(L.t, n)(x)) if _name != "relu" else None
        SPECS.append(Spec(f"F.{_name}", lambda L, x, n=_name: getattr(L.F, n)(x), _cases,
                          torch_call=torch_f))

SPECS += [
    Spec("-x", lambda L, x: -x, unary_cases()),
    Spec("+x", lambda L, x: +x, unary_cases()),
    Spec("abs(x)", lambda L, x: abs(x), unary_cases()),
]

# ---- binary: functions and operators -----------------------------------------------
BINARY = {
    "add": operator.add, "sub": operator.sub, "mul": operator.mul,
    "div": operator.truediv, "pow": operator.pow,
}
SYMBOL = {"add": "+", "sub": "-", "mul": "*", "div": "/", "pow": "**"}
for _name, _op in BINARY.items():
    flavors = FLOAT_FLAVORS + (("positive",) if _name in ("pow", "div") else ())
    _cases = binary_cases(ALL, flavors)
    SPECS.append(Spec(f"mg.{_name}", lambda L, a, b, n=_name: getattr(L.t, n)(a, b), _cases))
    SPECS.append(Spec(f"a {SYMBOL[_name]} b", lambda L, a, b, op=_op: op(a, b), _cases))
SPECS.append(Spec("Tensor.pow", lambda L, a, b: a.pow(b),
                  binary_cases(ALL, FLOAT_FLAVORS + ("positive",), scalar_left=False)))

# pow with the edge values the gradients care about: bases 0 and negative, exponents 0, 1, 2, 0.5
_pow_edges = st.builds(
    lambda a, b, seed: Case((a, b), seed=seed),
    arrays(FLOATS, flavors=("ties", "edges")),
    st.sampled_from([0, 1, 2, 3, -1, 0.5, 2.0, 0.0, -2.0]),
    seeds,
)
SPECS.append(Spec("pow edges", lambda L, a, b: a**b, _pow_edges))

def _as_tensor(L, x, number):
    """PyTorch's spelling of `number` next to the tensor x (for maximum(x, 2))."""
    return L.t.tensor(number, dtype=L.t.result_type(x, number))


for _name in ("maximum", "minimum"):
    _cases = binary_cases(ALL, ("ties", "normal", "edges"), scalars="")
    SPECS.append(Spec(f"mg.{_name}", lambda L, a, b, n=_name: getattr(L.t, n)(a, b), _cases))
    SPECS.append(Spec(f"Tensor.{_name}", lambda L, a, b, n=_name: getattr(a, n)(b), _cases))
    # minigrad also takes a Python number (torch only tensors): it means the number as a
    # tensor of the dtype the two promote to, as in x + number
    _cases = binary_cases(ALL, ("ties", "normal", "edges"), scalar_left=False).filter(
        lambda case: not hasattr(case.args[1], "value"))
    SPECS.append(Spec(f"mg.{_name}(x, number) (torch: the number as a tensor)",
                      lambda L, a, b, n=_name: getattr(L.t, n)(a, b), _cases,
                      torch_call=lambda L, a, b, n=_name: getattr(L.t, n)(a, _as_tensor(L, a, b))))
    SPECS.append(Spec(f"Tensor.{_name}(number) (torch: the number as a tensor)",
                      lambda L, a, b, n=_name: getattr(a, n)(b), _cases,
                      torch_call=lambda L, a, b, n=_name: getattr(a, n)(_as_tensor(L, a, b))))

COMPARISONS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
               ">": operator.gt, ">=": operator.ge}
for _symbol, _op in COMPARISONS.items():
    SPECS.append(Spec(f"a {_symbol} b", lambda L, a, b, op=_op: op(a, b),
                      binary_cases(ALL, ("ties", "edges", "normal"))))
SPECS.append(Spec("t == None", lambda L, a: (a == None, a != None),  # noqa: E711
                  unary_cases()))


# ---- where ---------------------------------------------------------------------------
@st.composite
def where_cases(draw) -> Case:
    sc, sx, sy = draw(broadcast_shapes(3))
    cond = draw(arrays((np.bool_,), shape=sc))
    x = draw(st.one_of(arrays(ALL, shape=sx), python_scalars()))
    y = draw(st.one_of(arrays(ALL, shape=sy), python_scalars()))
    return Case((cond, x, y), seed=draw(seeds))


SPECS.append(Spec("mg.where", lambda L, c, x, y: L.t.where(c, x, y), where_cases()))


# ---- clamp / clip -----------------------------------------------------------------
@st.composite
def clamp_cases(draw, tensors: bool = True) -> Case:
    x = draw(arrays(ALL, flavors=("normal", "ties", "edges")))
    bound = st.one_of(st.none(), python_scalars("if"))
    if tensors:
        bound = st.one_of(bound, arrays(ALL, shape=draw(broadcast_shapes(1))[0]))
    low, high = draw(bound), draw(bound)
    if low is None and high is None and draw(st.booleans()):
        low = -1
    kwargs = {k: v for k, v in (("min", low), ("max", high)) if v is not None}
    return Case((x,), kwargs, seed=draw(seeds))


SPECS += [
    Spec("mg.clamp", lambda L, x, **kw: L.t.clamp(x, **kw), clamp_cases()),
    Spec("mg.clip", lambda L, x, **kw: L.t.clip(x, **kw), clamp_cases()),
    Spec("Tensor.clamp", lambda L, x, **kw: x.clamp(**kw), clamp_cases()),
    Spec("Tensor.clip", lambda L, x, **kw: x.clip(**kw), clamp_cases()),
    Spec("mg.clamp(number bounds)", lambda L, x, **kw: L.t.clamp(x, **kw),
         clamp_cases(tensors=False)),
]
