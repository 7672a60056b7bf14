"""Specs of the statistics and ordering ops: var, std (correction, unbiased), var_mean,
std_mean, prod, cumsum, cumprod, norm, any, all, logsumexp, sort, argsort, topk, median, mode.

Where PyTorch's gradient is an artifact of its formula rather than a value (var with
no estimate, n - correction <= 0; prod and cumprod at inf or NaN, where it divides by
the element) only the values are compared: minigrad's gradients there are NaN or
the exact products (docs/guide/pytorch.md, "Smaller differences").
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st
from parity_harness import Arr, Case, Spec
from parity_strategies import ALL, FLOATS, arrays, dims, reduce_cases, seeds

SPECS: list[Spec] = []
TIES = ("ties", "normal", "edges")
FINITE = ("ties", "normal")


def _values_only(case: Case) -> Case:
    """The case with its tensors not requiring grad: values compared, gradients not."""
    args = tuple(Arr(a.value, grad=False) if isinstance(a, Arr) else a for a in case.args)
    return Case(args, case.kwargs, case.seed)


def _without_estimate(case: Case) -> bool:
    """var/std's n - correction <= 0 (the result is NaN or inf in both)."""
    x = case.args[0].value
    dim = case.kwargs.get("dim", case.args[1] if len(case.args) > 2 else None)
    axes = range(x.ndim) if dim is None else dim if isinstance(dim, tuple) else (dim,)
    n = int(np.prod([x.shape[a] for a in axes])) if x.ndim else 1
    correction = case.kwargs.get("correction")
    if correction is None:
        unbiased = case.kwargs.get("unbiased", case.args[-1 if len(case.args) == 2 else 2]
                                   if len(case.args) > 1 else True)
        correction = int(bool(unbiased))
    return n - correction <= 0


def _gradient_if_estimated(case: Case) -> Case:
    return _values_only(case) if _without_estimate(case) else case


def _with(cases: st.SearchStrategy, **choices: st.SearchStrategy) -> st.SearchStrategy:
    """The cases with more keyword arguments drawn from `choices` (None: left out)."""
    def add(case: Case, extra: dict) -> Case:
        kwargs = dict(case.kwargs, **{k: v for k, v in extra.items() if v is not None})
        return Case(case.args, kwargs, case.seed)
    return st.builds(add, cases, st.fixed_dictionaries(choices))


# ---- var, std, var_mean, std_mean --------------------------------------------------------
_correction = st.one_of(st.none(), st.sampled_from([0, 1, 2, 0.5]))


def _var_cases(flavors: tuple[str, ...]) -> st.SearchStrategy:
    return st.one_of(
        _with(reduce_cases(ALL, flavors), correction=_correction),
        _with(reduce_cases(FLOATS, flavors), unbiased=st.sampled_from([True, False])),
    ).map(_gradient_if_estimated)


for _name in ("var", "std"):
    SPECS.append(Spec(f"mg.{_name}", lambda L, x, n=_name, **kw: getattr(L.t, n)(x, **kw),
                      _var_cases(TIES), sums=True))
    SPECS.append(Spec(f"Tensor.{_name}", lambda L, x, n=_name, **kw: getattr(x, n)(**kw),
                      _var_cases(TIES), sums=True))
    # finite values: at an inf, PyTorch's one-pass mean is NaN or inf by where the inf is
    SPECS.append(Spec(f"mg.{_name}_mean", lambda L, x, n=_name, **kw:
                      getattr(L.t, f"{n}_mean")(x, **kw), _var_cases(FINITE), sums=True))
# PyTorch's positional forms: var(x, unbiased) and var(x, dim, unbiased, keepdim)
_positional = st.builds(
    lambda x, dim, unbiased, keepdim, seed: Case((x, dim, unbiased, keepdim), seed=seed),
    arrays(FLOATS, shape=(3, 4)), st.sampled_from([0, 1, -1, (0, 1)]), st.booleans(),
    st.booleans(), seeds)
SPECS += [
    Spec("mg.var(x, dim, unbiased, keepdim)", lambda L, *a: L.t.var(*a), _positional, sums=True),
    Spec("Tensor.std(dim, unbiased, keepdim)", lambda L, x, *a: x.std(*a), _positional,
         sums=True),
    Spec("mg.std(x, unbiased)", lambda L, x, u: L.t.std(x, u), st.builds(
        lambda x, u, seed: Case((x, u), seed=seed), arrays(FLOATS), st.booleans(), seeds)
        .map(_gradient_if_estimated), sums=True),
]

# ---- prod, cumsum, cumprod -------------------------------------------------------------
# ties: zeros, often several in a row. Gradients at finite values; at inf and NaN
# (edges) the values only (see the module docstring)
_one_dim = reduce_cases(ALL, FINITE, tuples=False)
_one_dim_edges = reduce_cases(FLOATS, ("edges",), tuples=False).map(_values_only)
SPECS += [
    Spec("mg.prod", lambda L, x, **kw: L.t.prod(x, **kw), _one_dim, sums=True),
    Spec("Tensor.prod", lambda L, x, **kw: x.prod(**kw), _one_dim, sums=True),
    Spec("mg.prod (inf and NaN: values)", lambda L, x, **kw: L.t.prod(x, **kw),
         _one_dim_edges, sums=True),
]
_running = reduce_cases(ALL, FINITE, tuples=False, none=False, keepdim=False)
for _name in ("cumsum", "cumprod"):
    SPECS.append(Spec(f"mg.{_name}", lambda L, x, n=_name, **kw: getattr(L.t, n)(x, **kw),
                      _running, sums=True))
    SPECS.append(Spec(f"Tensor.{_name}", lambda L, x, n=_name, **kw: getattr(x, n)(**kw),
                      _running, sums=True))
SPECS += [
    Spec("mg.cumsum (edges)", lambda L, x, **kw: L.t.cumsum(x, **kw),
         reduce_cases(FLOATS, ("edges",), tuples=False, none=False, keepdim=False), sums=True),
    Spec("mg.cumprod (inf and NaN: values)", lambda L, x, **kw: L.t.cumprod(x, **kw),
         reduce_cases(FLOATS, ("edges",), tuples=False, none=False, keepdim=False)
         .map(_values_only), sums=True),
]

# ---- norm ------------------------------------------------------------------------------
_p = st.sampled_from([2, 1, math.inf, -math.inf, 0, 3, 0.5, -1, "fro"])
_norm_cases = _with(reduce_cases(ALL, TIES), p=_p)
SPECS += [
    Spec("mg.norm", lambda L, x, **kw: L.t.norm(x, **kw), _norm_cases, sums=True),
    Spec("Tensor.norm", lambda L, x, **kw: x.norm(**kw), _norm_cases, sums=True),
    Spec("Tensor.norm(p)", lambda L, x, p: x.norm(p), st.builds(
        lambda x, p, seed: Case((x, p), seed=seed), arrays(FLOATS, flavors=TIES), _p, seeds),
        sums=True),
]

# ---- any, all: bools, no gradient -------------------------------------------------------
_any_cases = reduce_cases(ALL, TIES)
for _name in ("any", "all"):
    SPECS.append(Spec(f"mg.{_name}", lambda L, x, n=_name, **kw: getattr(L.t, n)(x, **kw),
                      _any_cases))
    SPECS.append(Spec(f"Tensor.{_name}", lambda L, x, n=_name, **kw: getattr(x, n)(**kw),
                      _any_cases))

# ---- logsumexp at the top level (torch.logsumexp; minigrad also allows no dim) ------------
SPECS.append(Spec("mg.logsumexp", lambda L, x, **kw: L.t.logsumexp(x, **kw),
                  reduce_cases(FLOATS, TIES + ("logits",), none=False), sums=True))


# ---- sort, argsort, topk -----------------------------------------------------------------
@st.composite
def sort_cases(draw, distinct: bool = False) -> Case:
    """A tensor and sort's dim and descending; `distinct`: no two equal values along
    any axis (which of equal values topk picks is PyTorch's own business)."""
    x = draw(arrays(ALL if not distinct else FLOATS + (np.int64,), flavors=TIES))
    if distinct:
        a = x.value
        ranks = np.random.default_rng(draw(seeds)).permutation(a.size).reshape(a.shape)
        x = Arr((ranks - a.size // 2).astype(a.dtype) / (1 if a.dtype.kind == "i" else 4))
    kwargs = {}
    dim = draw(dims(x.value.ndim, tuples=False, none=False))
    if draw(st.booleans()):
        kwargs["dim"] = dim
    return Case((x,), kwargs, seed=draw(seeds))


_sorting = _with(sort_cases(), descending=st.one_of(st.none(), st.booleans()))
SPECS += [
    # minigrad's sort is always stable; PyTorch's is stable when asked
    Spec("mg.sort", lambda L, x, **kw: L.t.sort(x, **kw), _sorting,
         torch_call=lambda L, x, **kw: L.t.sort(x, stable=True, **kw)),
    Spec("Tensor.sort", lambda L, x, **kw: x.sort(**kw), _sorting,
         torch_call=lambda L, x, **kw: x.sort(stable=True, **kw)),
    Spec("Tensor.sort(stable=True)", lambda L, x, **kw: x.sort(stable=True, **kw), _sorting),
    Spec("mg.argsort", lambda L, x, **kw: L.t.argsort(x, stable=True, **kw), _sorting),
    Spec("Tensor.argsort", lambda L, x, **kw: x.argsort(stable=True, **kw), _sorting),
]


@st.composite
def topk_cases(draw) -> Case:
    case = draw(sort_cases(distinct=True))
    x = case.args[0].value
    axis = case.kwargs.get("dim", -1) if x.ndim else 0
    n = x.shape[axis] if x.ndim else 1
    k = draw(st.integers(0, n + 1))  # n + 1: both refuse it
    kwargs = dict(case.kwargs)
    largest = draw(st.one_of(st.none(), st.booleans()))
    if largest is not None:
        kwargs["largest"] = largest
    return Case((case.args[0], k), kwargs, case.seed)


SPECS += [
    Spec("mg.topk", lambda L, x, k, **kw: L.t.topk(x, k, **kw), topk_cases()),
    Spec("Tensor.topk", lambda L, x, k, **kw: x.topk(k, **kw), topk_cases()),
    Spec("Tensor.topk(k).indices", lambda L, x, k, **kw: x.topk(k, **kw).indices,
         topk_cases()),
]


# ---- median: of everything (ties share the gradient), or along a dim (values, indices) ----
@st.composite
def median_dim_cases(draw) -> Case:
    case = draw(sort_cases(distinct=True))
    kwargs = dict(case.kwargs)
    kwargs.setdefault("dim", -1)
    if draw(st.booleans()):
        kwargs["keepdim"] = True
    return Case(case.args, kwargs, case.seed)


SPECS += [
    # (not of an empty integer tensor: minigrad raises, PyTorch returns int64's minimum)
    Spec("mg.median", lambda L, x: L.t.median(x), st.builds(
        lambda x, seed: Case((x,), seed=seed), arrays(ALL, flavors=TIES), seeds).filter(
            lambda c: c.args[0].value.size or c.args[0].value.dtype.kind == "f")),
    Spec("Tensor.median(dim)", lambda L, x, **kw: x.median(**kw), median_dim_cases()),
]


# ---- mode: many equal values (ties between counts too), every dtype, along a dim --------
# (no NaN: torch's answer with NaNs depends on their order; see the PyTorch page)
@st.composite
def mode_cases(draw) -> Case:
    x = draw(arrays(ALL, flavors=("ties", "normal")))
    kwargs = {}
    ndim = x.value.ndim
    if draw(st.booleans()):
        kwargs["dim"] = draw(st.integers(-max(ndim, 1), max(ndim, 1) - 1))
    if draw(st.booleans()):
        kwargs["keepdim"] = True
    return Case((x,), kwargs, seed=draw(seeds))


SPECS += [
    Spec("mg.mode.values", lambda L, x, **kw: L.t.mode(x, **kw).values, mode_cases()),
    Spec("mg.mode.indices", lambda L, x, **kw: L.t.mode(x, **kw).indices, mode_cases()),
    Spec("Tensor.mode", lambda L, x, **kw: x.mode(**kw).values, mode_cases()),
]
