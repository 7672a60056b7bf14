"""Specs of resizing: F.interpolate (nearest, nearest-exact, linear, bilinear, trilinear), the
modules nn.Upsample, nn.UpsamplingNearest2d, nn.UpsamplingBilinear2d, with their reprs.

The cases draw 3-D, 4-D and 5-D inputs (an empty batch too), every dtype (uint8 in the nearest
modes; the others refused by both), sizes and scale factors (ints, tuples, non-integer
factors, factors that make an axis empty), recompute_scale_factor, align_corners, and the
arguments both libraries refuse: both size and scale_factor, neither, align_corners with a
nearest mode, a mode on the wrong number of axes, no channels.

Two differences of docs/guide/pytorch.md are not drawn: uint8 images resized with
mode='bilinear' (PyTorch has a fixed-point kernel for them; minigrad refuses them), and a
1-D or 3-D nearest resize by a
scale factor that keeps an axis's size, or doubles it, without being 1 or 2 (PyTorch's
backward then reads other positions than its own forward; minigrad's gradient is its
forward's).
Linear cases hold finite values only (0 * inf is NaN wherever a weight is 0, in both
libraries, but which weights are exactly 0 is rounding).
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st
from parity_harness import Arr, Case, Spec
from parity_strategies import FLOAT_FLAVORS, FLOATS, seeds, values

SPECS: list[Spec] = []

_DTYPES = FLOATS * 4 + (np.uint8, np.int64, np.bool_)
_FACTORS = [1.7, 2, 0.5, 0.7, 1.0, 1.1, 1.5, 2.0, 2.5, 3, 1 / 3, 0.1]  # 0.1: may make an axis empty
_NDIM = {"linear": 3, "bilinear": 4, "trilinear": 5}


def _spatial(draw, d: int, pick) -> object:
    """One value for every axis, or a tuple of d (rarely of the wrong length)."""
    if draw(st.booleans()):
        return pick()
    n = d if draw(st.sampled_from([1] * 12 + [0])) else d + 1
    return tuple(pick() for _ in range(n))


def _keeps_or_doubles(shape, mode, kwargs) -> bool:
    """A 1-D or 3-D nearest resize by a factor that is not 1 or 2 but keeps or doubles the
    size of an axis."""
    f = kwargs.get("scale_factor")
    if mode != "nearest" or len(shape) not in (3, 5) or f is None or kwargs.get(
            "recompute_scale_factor"):
        return False
    d = len(shape) - 2
    factors = f if isinstance(f, tuple) else (f,) * d
    if len(factors) != d:
        return False  # the wrong length: both raise
    sizes = [(n, math.floor(n * f)) for n, f in zip(shape[2:], factors)]
    return any(m in (n, 2 * n) and m / n != f for (n, m), f in zip(sizes, factors))


@st.composite
def interpolate_cases(draw, modes=("nearest", "nearest-exact", "linear", "bilinear",
                                   "trilinear"), recompute: bool = True) -> Case:
    mode = draw(st.sampled_from(modes))
    ndim = _NDIM.get(mode, draw(st.sampled_from([3, 4, 4, 5])))
    if draw(st.sampled_from([0] * 15 + [1])):
        ndim = draw(st.sampled_from([2, 3, 4, 5, 6]))  # the wrong number of axes: both raise
    dtype = draw(st.sampled_from(_DTYPES))
    assume(not (dtype == np.uint8 and mode == "bilinear" and ndim == 4))  # see the docstring
    batch = draw(st.sampled_from([2, 1, 1, 0]))
    channels = draw(st.sampled_from([1, 2, 3, 2, 0]))  # 0: both raise
    spatial = tuple(draw(st.integers(1, 6 if ndim < 5 else 4)) for _ in range(max(ndim - 2, 0)))
    flavors = FLOAT_FLAVORS if mode.startswith("nearest") else ("normal", "ties")
    flavor = draw(st.sampled_from(flavors)) if np.dtype(dtype).kind == "f" else "normal"
    shape = ((batch, channels) + spatial)[:ndim]
    x = Arr(values(dtype, shape, flavor, draw(seeds)))
    d = max(ndim - 2, 1)
    kwargs: dict = {"mode": mode}
    which = draw(st.sampled_from(["size"] * 4 + ["scale"] * 4 + ["both", "neither"]))
    if which in ("size", "both"):
        kwargs["size"] = _spatial(draw, d, lambda: draw(st.sampled_from([3, 1, 2, 4, 5, 7, 9, 0])))
    if which in ("scale", "both"):
        kwargs["scale_factor"] = _spatial(draw, d, lambda: draw(st.sampled_from(_FACTORS)))
        if recompute and draw(st.booleans()):
            kwargs["recompute_scale_factor"] = draw(st.booleans())
    if draw(st.booleans()):
        # on a nearest mode both raise
        kwargs["align_corners"] = draw(st.booleans()) if "linear" in mode or draw(
            st.sampled_from([0] * 5 + [1])) else None
    assume(not _keeps_or_doubles(shape, mode, kwargs))
    return Case((x,), kwargs, seed=draw(seeds))


SPECS += [
    Spec("F.interpolate", lambda L, x, **kw: L.F.interpolate(x, **kw), interpolate_cases()),
    Spec("F.interpolate nearest", lambda L, x, **kw: L.F.interpolate(x, **kw),
         interpolate_cases(("nearest", "nearest-exact"))),
    Spec("F.interpolate linear", lambda L, x, **kw: L.F.interpolate(x, **kw),
         interpolate_cases(("linear", "bilinear", "trilinear"))),
]


# ---- the modules: the same cases through nn.Upsample, and the two fixed-mode ones -----------
def _upsample(L, x, **kw):
    layer = L.nn.Upsample(**kw)
    return [layer(x), repr(layer)]


def _fixed(name: str):
    def call(L, x, **kw):
        kw = {k: v for k, v in kw.items() if k in ("size", "scale_factor")}
        layer = getattr(L.nn, name)(**kw)
        return [layer(x), repr(layer)]

    return call


SPECS += [
    Spec("nn.Upsample", _upsample, interpolate_cases()),
    Spec("nn.UpsamplingNearest2d", _fixed("UpsamplingNearest2d"),
         interpolate_cases(("nearest",), recompute=False)),
    Spec("nn.UpsamplingBilinear2d", _fixed("UpsamplingBilinear2d"),
         interpolate_cases(("bilinear",), recompute=False)),
]
