"""Specs of quantile and nanquantile (ops/quantile.py) and cdist (ops/distance.py), as
functions and as Tensor methods.

quantile's slices hold at most 16 values: PyTorch sorts longer ones with an unstable
sort, so which of several equal values gets the gradient is then PyTorch's accident
(minigrad's sort is stable; the values agree either way). cdist is compared in
PyTorch's direct mode (at most 25 rows); its matrix-product mode, which minigrad does
not use, is compared on rows at least 0.5 apart in float64, where the two ways agree.
Not drawn: float16 or two dtypes where PyTorch computes nothing and so never notices
them (minigrad refuses them always; see the PyTorch page).
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st
from parity_harness import Arr, Case, Spec
from parity_strategies import ALL, F32_64, FLOAT_FLAVORS, arrays, seeds, shapes, values

SPECS: list[Spec] = []
INTERPOLATIONS = ["linear", "lower", "higher", "midpoint", "nearest"]


# ---- quantile, nanquantile: q a number or a 0-d / 1-D tensor, every interpolation --------
@st.composite
def quantile_cases(draw) -> Case:
    """Mostly valid cases; one in five breaks one of PyTorch's rules (a dtype, q's values,
    dtype or shape, the dim, the interpolation)."""
    broken = draw(st.sampled_from([None] * 20 + ["dtype", "q", "q dtype", "q shape", "dim",
                                                 "interpolation"]))
    x = draw(arrays(ALL if broken == "dtype" else F32_64, flavors=FLOAT_FLAVORS + ("ties",)))
    ndim, dtype = x.value.ndim, x.value.dtype
    kwargs = {}
    dim = draw(st.one_of(st.none(), st.integers(-max(ndim, 1), max(ndim, 1) - 1)))
    if dim is None and x.value.size > 16 and ndim:
        dim = -1  # slices of at most 16 values (see the module's docstring)
    if broken == "dim":
        dim = draw(st.sampled_from([ndim, -ndim - 1, max(ndim, 1)]))
    if dim is not None:
        kwargs["dim"] = dim
    if draw(st.booleans()):
        kwargs["keepdim"] = True
    if draw(st.integers(0, 4)) or broken == "interpolation":
        kwargs["interpolation"] = "bogus" if broken == "interpolation" else draw(
            st.sampled_from(INTERPOLATIONS))
    good = st.sampled_from([0.0, 0.1, 0.25, 1 / 3, 0.5, 0.7, 0.9, 1.0, 0.375, 0.625, 1, 0])
    bad = st.sampled_from([1.5, -0.1, math.nan])
    kind = draw(st.sampled_from(["number", "number", "0-d", "1-D", "1-D"]))
    if kind == "number" and broken not in ("q dtype", "q shape"):
        q = draw(bad if broken == "q" else good)
    else:
        n = draw(st.integers(0, 4))
        shape = (1, n) if broken == "q shape" else () if kind == "0-d" else (max(n, 1),)
        size = int(np.prod(shape))
        picked = draw(st.lists(good, min_size=size, max_size=size))
        if broken == "q" and size:
            picked[draw(st.integers(0, size - 1))] = draw(bad)
        if broken == "q dtype":
            dtype = {np.float32: np.float64, np.float64: np.float32}.get(dtype.type, np.float32)
        elif dtype.kind != "f" or dtype == np.float16:
            dtype = np.float32
        q = Arr(np.asarray(picked, dtype=dtype).reshape(shape))
    return Case((x, q), kwargs, seed=draw(seeds))


_quantiles = quantile_cases()
for _name in ("quantile", "nanquantile"):
    SPECS += [
        Spec(f"mg.{_name}", lambda L, x, q, n=_name, **kw: getattr(L.t, n)(x, q, **kw),
             _quantiles),
        Spec(f"Tensor.{_name}", lambda L, x, q, n=_name, **kw: getattr(x, n)(q, **kw),
             _quantiles),
    ]


# ---- cdist: batch axes that broadcast, every p, the dtypes and shapes torch refuses -------
P_VALUES = [0.0, 0.5, 1.0, 1.5, 2.0, 2.0, 2.0, 3.0, math.inf, 1, 2]


@st.composite
def cdist_cases(draw) -> Case:
    """Mostly valid cases; one in five breaks one of PyTorch's rules (the dtypes, the
    shapes, p, compute_mode)."""
    broken = draw(st.sampled_from([None] * 20 + ["dtype", "mixed", "shape", "batch", "p",
                                                 "compute_mode"]))
    dtype = draw(st.sampled_from([np.float16, np.int64, np.bool_] if broken == "dtype"
                                 else [np.float32, np.float64]))
    other = {np.float32: np.float64, np.float64: np.float32}.get(dtype, dtype) \
        if broken == "mixed" else dtype
    batch1, batch2 = draw(st.sampled_from(
        [((2,), (3,)), ((2, 2), (3, 1))] if broken == "batch" else
        [((), ()), ((2,), ()), ((), (3,)), ((2, 1), (3,)), ((2,), (2,)), ((1,), (3,))]))
    p_rows, r_rows, m = (draw(st.integers(0 if draw(st.integers(0, 7)) == 0 else 1, 4))
                         for _ in range(3))
    shape1, shape2 = (*batch1, p_rows, m), (*batch2, r_rows, m)
    if broken == "shape":  # too few axes, or rows of other lengths
        shape1, shape2 = draw(st.sampled_from([((m,), shape2), (shape1, (m,)), ((), shape2),
                                               (shape1, (r_rows, m + 1))]))
    flavor = draw(st.sampled_from(FLOAT_FLAVORS + ("ties",)))
    x1 = Arr(values(dtype, shape1, flavor, draw(seeds)))
    x2 = Arr(values(other, shape2, flavor, draw(seeds)))
    kwargs = {"p": draw(st.sampled_from([-1.0, -math.inf, math.nan] if broken == "p"
                                        else P_VALUES))}
    if broken == "compute_mode" or draw(st.booleans()):
        kwargs["compute_mode"] = "bogus" if broken == "compute_mode" else draw(st.sampled_from(
            ["use_mm_for_euclid_dist_if_necessary", "donot_use_mm_for_euclid_dist"]))
    return Case((x1, x2), kwargs, seed=draw(seeds))


def _dtypes_noticed(case: Case) -> bool:
    """False for float16 or two dtypes where PyTorch computes nothing (an empty result, rows
    without features) and so returns a result: minigrad refuses them always (the PyTorch
    page, "cdist refuses float16 and mixed dtypes")."""
    a, b = (x.value for x in case.args[:2])
    odd = np.float16 in (a.dtype, b.dtype) or a.dtype != b.dtype
    nothing = a.size == 0 or b.size == 0 or a.shape[-1:] == (0,)
    return not (odd and {a.dtype.kind, b.dtype.kind} == {"f"} and nothing)


def _far_apart(case: Case) -> bool:
    """Every pair of rows at least 0.5 apart (where the matrix-product way is accurate)."""
    a, b = (x.value for x in case.args)
    d = np.sqrt(((a[..., :, None, :] - b[..., None, :, :]) ** 2).sum(-1))
    return bool(d.size == 0 or d.min() >= 0.5)


@st.composite
def matrix_product_cases(draw) -> Case:
    shape1 = draw(shapes(min_dims=2, max_dims=3))
    shape2 = (*shape1[:-2], draw(st.integers(1, 4)), shape1[-1])
    x1 = Arr(values(np.float64, shape1, "normal", draw(seeds)))
    x2 = Arr(values(np.float64, shape2, "normal", draw(seeds)))
    return Case((x1, x2), {"compute_mode": "use_mm_for_euclid_dist"}, seed=draw(seeds))


_cdists = cdist_cases().filter(_dtypes_noticed)
SPECS += [
    Spec("mg.cdist", lambda L, a, b, **kw: L.t.cdist(a, b, **kw), _cdists),
    Spec("mg.cdist(compute_mode='use_mm_for_euclid_dist')",
         lambda L, a, b, **kw: L.t.cdist(a, b, **kw), matrix_product_cases().filter(_far_apart)),
    Spec("mg.cdist(x1, x2, p)", lambda L, a, b, p: L.t.cdist(a, b, p), st.builds(
        lambda x1, x2, p, seed: Case((x1, x2, p), seed=seed),
        arrays(F32_64, shape=(3, 2)), arrays(F32_64, shape=(2, 2)), st.sampled_from(P_VALUES),
        seeds)),
]
