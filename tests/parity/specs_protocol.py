"""Specs of the Tensor protocol and PyTorch's names: the bitwise operators, .to(dtype),
.type(), format, iteration, and the learning-rate schedules."""

from __future__ import annotations

import operator

import numpy as np
from hypothesis import strategies as st
from parity_harness import Case, Dtype, Spec
from parity_strategies import ALL, FLOATS, INTS, arrays, binary_cases, seeds, unary_cases

SPECS: list[Spec] = []

# ---- bitwise operators: bools and ints (floats raise in both: tests/test_tensor_protocol.py)
_BITS = INTS + (np.bool_,)
for _symbol, _op in {"&": operator.and_, "|": operator.or_, "^": operator.xor}.items():
    SPECS.append(Spec(f"a {_symbol} b", lambda L, a, b, op=_op: op(a, b),
                      binary_cases(_BITS, scalars="ib")))
SPECS.append(Spec("~x", lambda L, x: ~x, unary_cases(_BITS)))

# ---- conversions and descriptions ---------------------------------------------------------
_to_cases = st.builds(lambda x, d, seed: Case((x, Dtype(d)), seed=seed),
                      arrays(ALL), st.sampled_from(ALL), seeds)
SPECS += [
    Spec("Tensor.to(dtype)", lambda L, x, d: x.to(d), _to_cases),
    Spec("Tensor.to('cpu', dtype)", lambda L, x, d: x.to("cpu", d), _to_cases),
    Spec("Tensor.type(dtype)", lambda L, x, d: x.type(d), _to_cases),
    Spec("Tensor.type()", lambda L, x: x.type(), unary_cases(ALL)),
    Spec("str(x.device)", lambda L, x: str(x.device), unary_cases(ALL)),
    Spec("format(x, '.3f')", lambda L, x: format(x, ".3f"), unary_cases(ALL)),
    Spec("Tensor.cpu()", lambda L, x: x.cpu(), unary_cases(ALL)),
    Spec("Tensor.is_cuda", lambda L, x: x.is_cuda, unary_cases(ALL)),
    Spec("mg.device('cpu')", lambda L: str(L.t.device("cpu")), st.just(Case(()))),
]
# PyTorch's dtype names, each used as .to's dtype
DTYPE_NAMES = ("bool", "double", "float", "float16", "float32", "float64", "half", "int",
               "int8", "int16", "int32", "int64", "long", "short", "uint8")
for _name in DTYPE_NAMES:
    SPECS.append(Spec(f"mg.{_name}", lambda L, x, n=_name: x.to(getattr(L.t, n)),
                      unary_cases(ALL)))


# PyTorch's dtype shorthands, and the predicates and closeness checks
for _name in ("long", "int", "short", "byte", "bool", "half"):
    SPECS.append(Spec(f"Tensor.{_name}()", lambda L, x, n=_name: getattr(x, n)(),
                      unary_cases(ALL)))
for _name in ("isnan", "isinf", "isfinite"):
    SPECS.append(Spec(f"Tensor.{_name}", lambda L, x, n=_name: getattr(x, n)(),
                      unary_cases(ALL)))
    SPECS.append(Spec(f"mg.{_name}", lambda L, x, n=_name: getattr(L.t, n)(x),
                      unary_cases(ALL)))
_close_cases = binary_cases(FLOATS, scalars="")  # two tensors: torch takes no numbers here
SPECS += [
    Spec("mg.isclose", lambda L, a, b: L.t.isclose(a, b), _close_cases),
    Spec("mg.isclose(equal_nan)", lambda L, a, b: L.t.isclose(a, b, equal_nan=True),
         _close_cases),
    Spec("Tensor.isclose", lambda L, a, b: a.isclose(b, rtol=1e-3, atol=1e-3), _close_cases),
    Spec("mg.allclose", lambda L, a, b: L.t.allclose(a, b), _close_cases),
    Spec("Tensor.allclose", lambda L, a, b: a.allclose(b, rtol=0.1), _close_cases),
    Spec("mg.equal", lambda L, a, b: L.t.equal(a, b), binary_cases(ALL, scalars="")),
    Spec("Tensor.equal", lambda L, a, b: a.equal(b), binary_cases(ALL, scalars="")),
    Spec("mg.is_tensor", lambda L, x: L.t.is_tensor(x), unary_cases(ALL)),
    Spec("mg.numel", lambda L, x: L.t.numel(x), unary_cases(ALL)),
]



# PyTorch's method spellings of the operators (minigrad/tensor_torch.py)
for _name in ("add", "sub", "mul", "div", "eq", "ne", "lt", "le", "gt", "ge"):
    SPECS.append(Spec(f"Tensor.{_name}", lambda L, a, b, n=_name: getattr(a, n)(b),
                      binary_cases(ALL, scalar_left=False)))
SPECS += [
    Spec("Tensor.add(alpha)", lambda L, a, b: a.add(b, alpha=2.5), binary_cases(FLOATS,
                                                                               scalar_left=False)),
    Spec("Tensor.sub(alpha)", lambda L, a, b: a.sub(b, alpha=0.5), binary_cases(FLOATS,
                                                                               scalar_left=False)),
    Spec("Tensor.neg", lambda L, x: x.neg(), unary_cases(FLOATS + INTS)),
    Spec("Tensor.contiguous", lambda L, x: x.contiguous(), unary_cases(ALL)),
    Spec("Tensor.view_as", lambda L, x: x.view_as(x.reshape(-1)), unary_cases(ALL)),
    Spec("Tensor.reshape_as", lambda L, x: x.reshape_as(x.reshape(-1)), unary_cases(ALL)),
    Spec("Tensor.expand_as", lambda L, x: x.reshape(-1)[:1].expand_as(x.reshape(-1)),
         unary_cases(ALL)),
    Spec("Tensor.type_as", lambda L, a, b: a.type_as(b), binary_cases(ALL, scalars="")),
]


def _legendre3(L, x):
    """A custom op written as PyTorch's tutorial writes one (ctx, save_for_backward)."""

    class P3(L.t.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return 0.5 * (5 * x * x * x - 3 * x)

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return g * 1.5 * (5 * x * x - 1)

    return P3.apply(x)


SPECS.append(Spec("autograd.Function", _legendre3, unary_cases((np.float32, np.float64))))


# ---- learning-rate schedules: the lrs over epochs -----------------------------------------
def _lrs(L, scheduler, epochs, **settings):
    """The lrs of two parameter groups, as made and after each of `epochs` scheduler steps,
    and the lrs the optimiser holds at the end."""
    groups = [{"params": [L.t.zeros(2, requires_grad=True)]},
              {"params": [L.t.zeros(1, requires_grad=True)], "lr": 0.3}]
    opt = L.optim.SGD(groups, lr=0.1)
    sched = getattr(L.optim.lr_scheduler, scheduler)(opt, **settings)
    lrs = [sched.get_last_lr()]
    for _ in range(epochs):
        opt.step()
        sched.step()
        lrs.append(sched.get_last_lr())
    return lrs + [[g["lr"] for g in opt.param_groups]]


_gammas = st.sampled_from([0.1, 0.5, 0.9, 0.95, 0.3333])
SPECS += [
    Spec("lr_scheduler.StepLR", lambda L, epochs, **kw: _lrs(L, "StepLR", epochs, **kw),
         st.builds(lambda e, s, g: Case((e,), {"step_size": s, "gamma": g}),
                   st.integers(0, 12), st.integers(1, 5), _gammas)),
    Spec("lr_scheduler.ExponentialLR",
         lambda L, epochs, **kw: _lrs(L, "ExponentialLR", epochs, **kw),
         st.builds(lambda e, g: Case((e,), {"gamma": g}), st.integers(0, 12), _gammas)),
]
