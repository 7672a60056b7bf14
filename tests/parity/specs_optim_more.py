"""Specs of Adamax, NAdam, RAdam, Adadelta, Rprop and ASGD (minigrad/optim/): the
parameter after each of a few steps, every float dtype and shape (0-d and empty too),
settings drawn around torch's defaults, now and then one that both must refuse."""

from __future__ import annotations

from hypothesis import strategies as st
from parity_harness import Case, Spec
from specs_nn import optim_cases, steps

SPECS: list[Spec] = []


@st.composite
def _settings(draw, name: str) -> Case:
    """A parameter, gradients, lr and maximize from specs_nn, with `name`'s own settings."""
    case = draw(optim_cases(True))
    kw = {k: case.kwargs[k] for k in ("lr", "maximize")}
    if name != "Rprop":  # the only one without weight decay
        kw["weight_decay"] = case.kwargs["weight_decay"]
    if name in ("Adamax", "NAdam", "RAdam"):
        kw.update(betas=draw(st.sampled_from([(0.9, 0.999), (0.5, 0.9), (0.0, 0.99),
                                              (0.9, 1.0), (-0.1, 0.9)])),
                  eps=draw(st.sampled_from([1e-8, 1e-3, -1.0])))
    if name in ("NAdam", "RAdam"):
        kw["decoupled_weight_decay"] = draw(st.booleans())
    if name == "NAdam":
        kw["momentum_decay"] = draw(st.sampled_from([4e-3, 0.1, 0.0, -1.0]))
    elif name == "Adadelta":
        kw.update(rho=draw(st.sampled_from([0.9, 0.5, 0.0, 1.0, 1.5])),
                  eps=draw(st.sampled_from([1e-6, 1e-3, -1.0])))
    elif name == "Rprop":
        kw.update(etas=draw(st.sampled_from([(0.5, 1.2), (0.3, 2.0), (0.5, 1.0)])),
                  step_sizes=draw(st.sampled_from([(1e-6, 50), (1e-3, 0.05)])))
    elif name == "ASGD":
        kw.update(lambd=draw(st.sampled_from([1e-4, 0.1])),
                  alpha=draw(st.sampled_from([0.75, 0.5])),
                  t0=draw(st.sampled_from([1e6, 1.0, 2.0])))
    return Case(case.args, kw, case.seed)


for _name in ("Adamax", "NAdam", "RAdam", "Adadelta", "Rprop", "ASGD"):
    SPECS.append(Spec(f"optim.{_name}", lambda L, p, g, n=_name, **kw: steps(L, p, g, n, **kw),
                      _settings(_name), tol=100))
