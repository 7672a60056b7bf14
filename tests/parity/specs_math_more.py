"""Specs of the products with an added term (ops/added_products.py), lerp and hypot
(ops/lerp_hypot.py), logit, xlogy, xlog1py and entr (ops/log_terms.py), diff and the
trapezoid rule (ops/differences.py), cummax, cummin and logcumsumexp (ops/running.py),
rot90 and renorm, and minigrad.special (ops/special_functions.py), as functions and as
Tensor methods.

Kept out of the draws, on purpose:
- logcumsumexp's gradient where an input is -inf: PyTorch's formula gives NaN there
  (-inf - -inf), and so does minigrad's, but whether a neighbour's gradient is NaN
  depends on rounding; the edge flavor is used for values only (no gradient).
- empty matrices in addmm and its kin: PyTorch takes shortcuts there, and they differ
  from op to op (an empty bool product passes, addmv gives a 0-d input back unbroadcast,
  baddbmm skips its dtype checks); minigrad checks the same way whatever the size.
- addbmm in float16: PyTorch adds the batch's products one by one, rounding to float16
  after each; minigrad sums them in float32 and rounds once (listed on the PyTorch page).
- xlogy and xlog1py with a Python number NaN: PyTorch's gradient for x is then 0 where
  x is 0, but NaN when the NaN comes in a tensor; minigrad gives NaN for both.
- float16 in sinc and ndtr: PyTorch rounds to float16 at steps of its own; minigrad
  computes in float32 or float64 and rounds once (listed on the PyTorch page).
- logit's gradient at -0.0: PyTorch's vectorised kernel gives g / -0 there, its scalar
  one g * inf (which minigrad gives), so the sign depends on the tensor's length.
- chain_matmul's warning is not compared (warnings are not part of the outcome).
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from parity_harness import Arr, Case, Spec
from parity_strategies import (
    ALL,
    F32_64,
    FLOAT_FLAVORS,
    FLOATS,
    arrays,
    binary_cases,
    broadcast_shapes,
    seeds,
    shapes,
)

SPECS: list[Spec] = []


# ---- addmm, addmv, addbmm, baddbmm: input broadcast, beta and alpha, mixed dtypes -----------
@st.composite
def added_cases(draw, kind: str) -> Case:
    # one dtype for the three, and now and then a mix (which PyTorch refuses)
    dtypes = draw(st.sampled_from([(np.float32,), (np.float64,), (np.float16,), (np.int64,),
                                   (np.int32,), (np.bool_,), (np.float32,), F32_64]))
    n, m, k, b = (draw(st.integers(1, 3)) for _ in range(4))  # (see the module docstring)
    shape1, shape2, out = {"mm": ((n, m), (m, k), (n, k)), "mv": ((n, m), (m,), (n,)),
                           "bmm": ((b, n, m), (b, m, k), (n, k)),
                           "baddbmm": ((b, n, m), (b, m, k), (b, n, k))}[kind]
    if draw(st.integers(0, 5)) == 0:  # a wrong inner size
        shape2 = (shape2[0] + 1,) + shape2[1:] if kind in ("mm", "mv") else (
            shape2[0], shape2[1] + 1, shape2[2])
    # input: the full shape, a broadcasting one, or a 0-d tensor
    start = draw(st.integers(0, len(out)))
    in_shape = tuple(draw(st.sampled_from([s, 1])) for s in out[start:])
    if draw(st.integers(0, 6)) == 0:
        in_shape = (4,) + in_shape  # does not broadcast to the product's shape
    a = draw(arrays(dtypes, shape=in_shape, flavors=("normal", "edges")))
    m1 = draw(arrays(dtypes, shape=shape1, flavors=("normal",)))
    m2 = draw(arrays(dtypes, shape=shape2, flavors=("normal",)))
    kwargs = {}
    for name in ("beta", "alpha"):
        if draw(st.booleans()):
            kwargs[name] = draw(st.sampled_from([0, 1, 2, 0.5, -1.5, 0.0]))
    return Case((a, m1, m2), kwargs, seed=draw(seeds))


def _no_half(case: Case) -> bool:
    return all(a.value.dtype != np.float16 for a in case.arrays())


for _kind, _name in (("mm", "addmm"), ("mv", "addmv"), ("bmm", "addbmm"),
                     ("baddbmm", "baddbmm")):
    _cases = added_cases(_kind).filter(_no_half) if _kind == "bmm" else added_cases(_kind)
    SPECS += [
        Spec(f"mg.{_name}", lambda L, a, b, c, n=_name, **kw: getattr(L.t, n)(a, b, c, **kw),
             _cases, sums=True),
        Spec(f"Tensor.{_name}", lambda L, a, b, c, n=_name, **kw: getattr(a, n)(b, c, **kw),
             _cases, sums=True),
    ]


# ---- inner, vdot, ger, chain_matmul --------------------------------------------------------
@st.composite
def inner_cases(draw) -> Case:
    last = draw(st.integers(0, 3))
    dtypes = draw(st.sampled_from([F32_64, (np.float64,), (np.int64,), (np.float32,)]))
    sa = draw(shapes(max_dims=2)) + (last,)
    sb = draw(shapes(max_dims=2)) + (draw(st.sampled_from([last, last, last + 1])),)
    sa, sb = (s if draw(st.integers(0, 5)) else () for s in (sa, sb))  # 0-d sometimes
    return Case((draw(arrays(dtypes, shape=sa)), draw(arrays(dtypes, shape=sb))),
                seed=draw(seeds))


@st.composite
def vector_pairs(draw, same_length: bool = True) -> Case:
    n = draw(st.integers(0, 4))
    dtypes = draw(st.sampled_from([F32_64, (np.float64,), (np.int64,), (np.float32,)]))
    m = n if same_length and draw(st.integers(0, 5)) else draw(st.integers(0, 4))
    a = draw(arrays(dtypes, shape=(n,)))
    b = draw(arrays(dtypes, shape=draw(st.sampled_from([(m,), (m,), (m, 1)]))))
    return Case((a, b), seed=draw(seeds))


@st.composite
def chain_cases(draw) -> Case:
    sizes = draw(st.lists(st.integers(1, 3), min_size=2, max_size=5))
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    mats = [draw(arrays((dtype,), shape=(p, q), flavors=("normal",)))
            for p, q in zip(sizes, sizes[1:])]
    return Case(tuple(mats), seed=draw(seeds))


SPECS += [
    Spec("mg.inner", lambda L, a, b: L.t.inner(a, b), inner_cases(), sums=True),
    Spec("Tensor.inner", lambda L, a, b: a.inner(b), inner_cases(), sums=True),
    Spec("mg.vdot", lambda L, a, b: L.t.vdot(a, b), vector_pairs(), sums=True),
    Spec("Tensor.vdot", lambda L, a, b: a.vdot(b), vector_pairs(), sums=True),
    Spec("mg.ger", lambda L, a, b: L.t.ger(a, b), vector_pairs(False)),
    Spec("Tensor.ger", lambda L, a, b: a.ger(b), vector_pairs(False)),
    Spec("mg.chain_matmul", lambda L, *ms: L.t.chain_matmul(*ms), chain_cases(), sums=True),
]


# ---- lerp: broadcasting, a number or a tensor weight, the dtypes PyTorch refuses ----------
@st.composite
def lerp_cases(draw) -> Case:
    s1, s2, s3 = draw(broadcast_shapes(3))
    dtype = draw(st.sampled_from([np.float32, np.float64, np.float16, np.int64]))
    x = draw(arrays((dtype,), shape=s1))
    end_dtype = dtype if draw(st.integers(0, 5)) else draw(st.sampled_from(ALL))
    end = draw(arrays((end_dtype,), shape=s2))
    if draw(st.booleans()):
        weight = draw(st.sampled_from([0.0, 0.25, 0.5, 1.0, -0.75, 2.0]))
    else:
        weight = draw(arrays((dtype,), shape=s3, flavors=("normal",)))
    return Case((x, end, weight), seed=draw(seeds))


SPECS += [
    Spec("mg.lerp", lambda L, a, b, w: L.t.lerp(a, b, w), lerp_cases()),
    Spec("Tensor.lerp", lambda L, a, b, w: a.lerp(b, w), lerp_cases()),
]

# ---- hypot, xlogy (numbers on either side too), xlog1py -----------------------------------
_two = binary_cases(ALL, FLOAT_FLAVORS + ("positive",), scalars="")
_two_with_numbers = binary_cases(ALL, FLOAT_FLAVORS + ("positive",), scalars="if").filter(
    lambda c: not any(isinstance(v, float) and v != v for v in c.args))  # (see the docstring)
SPECS += [
    Spec("mg.hypot", lambda L, a, b: L.t.hypot(a, b), _two),
    Spec("Tensor.hypot", lambda L, a, b: a.hypot(b), _two),
    Spec("mg.xlogy", lambda L, a, b: L.t.xlogy(a, b), _two_with_numbers),
    Spec("Tensor.xlogy", lambda L, a, b: a.xlogy(b),
         _two_with_numbers.filter(lambda c: isinstance(c.args[0], Arr))),
    Spec("mg.special.xlogy", lambda L, a, b: L.t.special.xlogy(a, b), _two_with_numbers),
    Spec("mg.special.xlog1py", lambda L, a, b: L.t.special.xlog1py(a, b), _two_with_numbers),
]


# ---- logit (with and without eps), entr and the other unary special functions -------------
@st.composite
def logit_cases(draw) -> Case:
    x = draw(arrays(ALL, flavors=("probability", "edges", "normal")))
    v = x.value
    if v.dtype.kind == "f" and np.any((v == 0) & np.signbit(v)):  # (see the docstring)
        x = Arr(np.where(v == 0, 0.0, v).astype(v.dtype))
    kwargs = {}
    if draw(st.booleans()):
        kwargs["eps"] = draw(st.sampled_from([0.0, 1e-6, 0.1, 0.25, -1.0, None]))
    return Case((x,), kwargs, seed=draw(seeds))


_unary = st.builds(lambda x, seed: Case((x,), seed=seed),
                   arrays(ALL, flavors=FLOAT_FLAVORS + ("probability",)), seeds)
_unary_no_half = st.builds(lambda x, seed: Case((x,), seed=seed),  # (see the docstring)
                           arrays(F32_64 + (np.int64, np.bool_), flavors=FLOAT_FLAVORS), seeds)
SPECS += [
    Spec("mg.logit", lambda L, x, **kw: L.t.logit(x, **kw), logit_cases()),
    Spec("Tensor.logit", lambda L, x, **kw: x.logit(**kw), logit_cases()),
    Spec("mg.special.logit", lambda L, x, **kw: L.t.special.logit(x, **kw), logit_cases()),
]
for _name in ("entr", "erfc", "sinc", "exp2", "ndtr", "expit", "erf", "expm1", "log1p"):
    SPECS.append(Spec(f"mg.special.{_name}", lambda L, x, n=_name: getattr(L.t.special, n)(x),
                      _unary_no_half if _name in ("sinc", "ndtr") else _unary))
SPECS.append(Spec("mg.special.round", lambda L, x: L.t.special.round(x), _unary))


@st.composite
def softmax_cases(draw) -> Case:
    # float32 and float64: these are minigrad's softmax, log_softmax and logsumexp, whose
    # float16 is compared in specs_functional.py
    x = draw(arrays(F32_64, shape=draw(shapes(min_dims=1))))
    return Case((x, draw(st.integers(-x.value.ndim, x.value.ndim - 1))), seed=draw(seeds))


SPECS += [
    Spec("mg.special.softmax", lambda L, x, d: L.t.special.softmax(x, d), softmax_cases()),
    Spec("mg.special.log_softmax", lambda L, x, d: L.t.special.log_softmax(x, d),
         softmax_cases()),
    Spec("mg.special.logsumexp", lambda L, x, d: L.t.special.logsumexp(x, d), softmax_cases()),
]


# ---- diff: n, dim, prepend and append (mixed dtypes, wrong shapes), bools ------------------
@st.composite
def diff_cases(draw) -> Case:
    x = draw(arrays(ALL, shape=draw(shapes(min_dims=0))))
    ndim = x.value.ndim
    kwargs = {}
    if draw(st.booleans()):
        kwargs["n"] = draw(st.integers(-1, 4))
    if ndim and draw(st.booleans()):
        kwargs["dim"] = draw(st.integers(-ndim, ndim - 1))
    axis = kwargs.get("dim", -1) % ndim if ndim else 0
    for name in ("prepend", "append"):
        if ndim and draw(st.booleans()):
            shape = list(x.value.shape)
            shape[axis] = draw(st.integers(0, 2))
            if draw(st.integers(0, 5)) == 0:
                shape = shape[1:]  # one axis too few
            dtype = x.value.dtype.type if draw(st.integers(0, 2)) else draw(st.sampled_from(ALL))
            kwargs[name] = draw(arrays((dtype,), shape=tuple(shape)))
    return Case((x,), kwargs, seed=draw(seeds))


SPECS += [
    Spec("mg.diff", lambda L, x, **kw: L.t.diff(x, **kw), diff_cases()),
    Spec("Tensor.diff", lambda L, x, **kw: x.diff(**kw), diff_cases()),
]


# ---- trapezoid and cumulative_trapezoid: x (1-D or y's shape), dx, dim, integer y ---------
@st.composite
def trapezoid_cases(draw) -> Case:
    y = draw(arrays(FLOATS + (np.int64, np.int32, np.bool_), shape=draw(shapes(min_dims=0)),
                    flavors=("normal", "ties")))
    ndim = y.value.ndim
    kwargs = {}
    if ndim and draw(st.booleans()):
        kwargs["dim"] = draw(st.integers(-ndim, ndim - 1))
    axis = kwargs.get("dim", -1) % ndim if ndim else 0
    args = (y,)
    how = draw(st.sampled_from(["none", "dx", "x1", "x1", "xfull"]))
    if how == "dx":
        kwargs["dx"] = draw(st.sampled_from([0.5, 2, -1.25]))
    elif ndim and how != "none":
        n = y.value.shape[axis] + (draw(st.integers(0, 5)) == 0)  # sometimes one too many
        shape = (n,) if how == "x1" else y.value.shape[:axis] + (n,) + y.value.shape[axis + 1:]
        dtype = draw(st.sampled_from([np.float32, np.float64, np.int64]))
        args = (y, draw(arrays((dtype,), shape=shape, flavors=("normal",))))
    return Case(args, kwargs, seed=draw(seeds))


SPECS += [
    Spec("mg.trapezoid", lambda L, *a, **kw: L.t.trapezoid(*a, **kw), trapezoid_cases(),
         sums=True),
    Spec("mg.cumulative_trapezoid", lambda L, *a, **kw: L.t.cumulative_trapezoid(*a, **kw),
         trapezoid_cases(), sums=True),
]


# ---- cummax, cummin (ties, NaN, every dtype), logcumsumexp --------------------------------
@st.composite
def running_cases(draw, dtypes, flavors) -> Case:
    x = draw(arrays(dtypes, flavors=flavors))
    n = max(x.value.ndim, 1)
    return Case((x, draw(st.integers(-n, n - 1))), seed=draw(seeds))


_extremes = running_cases(ALL, ("ties", "normal", "edges"))
_logs = running_cases(FLOATS + (np.int64,), ("normal", "ties"))
SPECS += [
    Spec("mg.cummax", lambda L, x, d: L.t.cummax(x, d), _extremes),
    Spec("Tensor.cummax", lambda L, x, d: x.cummax(d), _extremes),
    Spec("mg.cummin", lambda L, x, d: L.t.cummin(x, d), _extremes),
    Spec("Tensor.cummin", lambda L, x, d: x.cummin(d), _extremes),
    Spec("mg.logcumsumexp", lambda L, x, d: L.t.logcumsumexp(x, d), _logs),
    Spec("Tensor.logcumsumexp", lambda L, x, d: x.logcumsumexp(d), _logs),
    Spec("mg.logcumsumexp(edges)", lambda L, x, d: L.t.logcumsumexp(x.detach(), d),
         running_cases(FLOATS, ("edges",))),
]


# ---- rot90 and renorm ----------------------------------------------------------------------
@st.composite
def rot90_cases(draw) -> Case:
    x = draw(arrays(ALL))
    n = max(x.value.ndim, 2)
    kwargs = {}
    if draw(st.booleans()):
        kwargs["k"] = draw(st.integers(-5, 5))
    if draw(st.booleans()):
        kwargs["dims"] = draw(st.lists(st.integers(-n, n - 1), min_size=2, max_size=2))
    return Case((x,), kwargs, seed=draw(seeds))


@st.composite
def renorm_cases(draw) -> Case:
    ndim = draw(st.sampled_from([2, 2, 3, 1]))  # (1 axis: refused)
    x = draw(arrays(F32_64 + F32_64 + (np.int64,),
                    shape=draw(shapes(min_dims=ndim, max_dims=max(ndim, 3))),
                    flavors=("normal", "ties")))
    n = x.value.ndim
    p = draw(st.sampled_from([1, 2, 3.5, float("inf"), 2, 1, 0, -1]))
    maxnorm = draw(st.sampled_from([0.5, 1.0, 3.0, 0.0, 0.5, 1.0, -1.0]))
    return Case((x, p, draw(st.integers(-n, n - 1)), maxnorm), seed=draw(seeds))


SPECS += [
    Spec("mg.rot90", lambda L, x, **kw: L.t.rot90(x, **kw), rot90_cases()),
    Spec("Tensor.rot90", lambda L, x, **kw: x.rot90(**kw), rot90_cases()),
    Spec("mg.renorm", lambda L, x, p, d, m: L.t.renorm(x, p, d, m), renorm_cases()),
    Spec("Tensor.renorm", lambda L, x, p, d, m: x.renorm(p, d, m), renorm_cases()),
]
