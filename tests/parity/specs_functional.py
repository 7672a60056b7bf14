"""Specs of the losses (minigrad.functional and the nn loss modules) and of the
lecture's information functions (against the same formulas written in torch)."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from parity_harness import Arr, Case, Spec
from parity_strategies import FLOATS, arrays, seeds, values

SPECS: list[Spec] = []
REDUCTIONS = st.sampled_from(["mean", "sum", "none"])
INPUT_FLAVORS = ("normal", "ties", "logits", "edges")


def _weights(draw, shape) -> Arr:
    """Positive class or element weights (0 included), a constant (no grad)."""
    w = np.round(values(np.float64, shape, "positive", draw(seeds)), 1)
    if w.size and draw(st.booleans()):
        w.flat[0] = 0.0
    return Arr(w.astype(draw(st.sampled_from(FLOATS))), grad=False)


def _layout(draw) -> tuple[tuple[int, ...], int]:
    """(input shape, class axis): (C,), (N, C) or (N, C, d1)."""
    n, c, d = draw(st.integers(0, 4)), draw(st.integers(1, 4)), draw(st.integers(1, 3))
    shape = draw(st.sampled_from([(n, c), (n, c), (c,), (n, c, d)]))
    return shape, (0 if len(shape) == 1 else 1)


@st.composite
def classification_cases(draw, probabilities: bool, smoothing: bool) -> Case:
    shape, c = _layout(draw)
    x = draw(arrays(FLOATS, shape=shape, flavors=INPUT_FLAVORS))
    kwargs = {}
    soft = probabilities and draw(st.booleans())
    if soft:
        q = draw(arrays(FLOATS, shape=shape, flavors=("probability",)))
        target = q if draw(st.booleans()) else Arr(q.value / np.maximum(
            q.value.sum(axis=c, keepdims=True), 1e-3))
    else:
        samples = shape[:c] + shape[c + 1:]
        y = np.random.default_rng(draw(seeds)).integers(0, shape[c], size=samples)
        if draw(st.sampled_from([False] * 5 + [True])):
            ignore = draw(st.sampled_from([-100, -1, 0]))
            if y.size:
                y.flat[0] = ignore
            if ignore != -100:
                kwargs["ignore_index"] = ignore
        if draw(st.sampled_from([False] * 9 + [True])) and y.size:
            y.flat[-1] = shape[c]  # out of range: both must raise
        target = Arr(y.astype(draw(st.sampled_from([np.int64] * 6 + [np.int32, np.uint8]))))
    if draw(st.booleans()):
        kwargs["weight"] = _weights(draw, (shape[c],))
    kwargs["reduction"] = draw(REDUCTIONS)
    if smoothing and draw(st.booleans()):
        kwargs["label_smoothing"] = draw(st.sampled_from([0.1, 0.5, 1.0]))
    return Case((x, target), kwargs, seed=draw(seeds))


SPECS += [
    Spec("F.cross_entropy", lambda L, x, y, **kw: L.F.cross_entropy(x, y, **kw),
         classification_cases(True, True), sums=True),
    Spec("nn.CrossEntropyLoss", lambda L, x, y, **kw: L.nn.CrossEntropyLoss(**kw)(x, y),
         classification_cases(True, True), sums=True),
    Spec("F.nll_loss", lambda L, x, y, **kw: L.F.nll_loss(x, y, **kw),
         classification_cases(False, False), sums=True),
    Spec("nn.NLLLoss", lambda L, x, y, **kw: L.nn.NLLLoss(**kw)(x, y),
         classification_cases(False, False), sums=True),
]


@st.composite
def pointwise_cases(draw, input_flavors, target_flavors, weight: bool = False,
                    pos_weight: bool = False) -> Case:
    """input and target of one shape (rarely another: losses do not broadcast)."""
    x = draw(arrays(FLOATS, flavors=input_flavors))
    shape = x.value.shape
    if draw(st.sampled_from([False] * 11 + [True])):
        shape = shape + (2,)  # a target of another shape
    # The target has the input's dtype, or (one time in four) another float dtype.
    dtypes = (x.value.dtype.type,) if draw(st.sampled_from([1, 1, 1, 0])) else FLOATS
    y = draw(arrays(dtypes, shape=shape, flavors=target_flavors))
    kwargs = {"reduction": draw(REDUCTIONS)}
    if weight and draw(st.booleans()):
        kwargs["weight"] = _weights(draw, x.value.shape[draw(st.integers(0, x.value.ndim)):])
    if pos_weight and draw(st.booleans()):
        kwargs["pos_weight"] = _weights(draw, x.value.shape[-1:])
    return Case((x, y), kwargs, seed=draw(seeds))


_mse = pointwise_cases(INPUT_FLAVORS, INPUT_FLAVORS)
_bce = pointwise_cases(("probability",) * 6 + ("normal",), ("probability",) * 6 + ("normal",),
                       weight=True)
_bce_logits = pointwise_cases(INPUT_FLAVORS, ("probability",), weight=True, pos_weight=True)
SPECS += [
    Spec("F.mse_loss", lambda L, x, y, **kw: L.F.mse_loss(x, y, **kw), _mse, sums=True),
    Spec("nn.MSELoss", lambda L, x, y, **kw: L.nn.MSELoss(**kw)(x, y), _mse, sums=True),
    Spec("F.binary_cross_entropy",
         lambda L, x, y, **kw: L.F.binary_cross_entropy(x, y, **kw), _bce, sums=True),
    Spec("nn.BCELoss", lambda L, x, y, **kw: L.nn.BCELoss(**kw)(x, y), _bce, sums=True),
    Spec("F.binary_cross_entropy_with_logits",
         lambda L, x, y, **kw: L.F.binary_cross_entropy_with_logits(x, y, **kw), _bce_logits,
         sums=True),
    Spec("nn.BCEWithLogitsLoss", lambda L, x, y, **kw: L.nn.BCEWithLogitsLoss(**kw)(x, y),
         _bce_logits, sums=True),
]


@st.composite
def kl_cases(draw) -> Case:
    case = draw(pointwise_cases(("normal", "ties", "edges"), ("probability", "normal")))
    kwargs = dict(case.kwargs)
    kwargs["reduction"] = draw(st.sampled_from(["batchmean", "sum", "none", "mean"]))
    if draw(st.booleans()):
        kwargs["log_target"] = True
    return Case(case.args, kwargs, case.seed)


SPECS.append(Spec("F.kl_div", lambda L, x, y, **kw: L.F.kl_div(x, y, **kw), kl_cases(),
                  sums=True))


# ---- the lecture's functions, against the same formulas written with torch ops ---------
@st.composite
def distributions(draw, two: bool) -> Case:
    p = draw(arrays(FLOATS, flavors=("probability",)))
    args = (p, draw(arrays((p.value.dtype.type,), shape=p.value.shape,
                           flavors=("probability",)))) if two else (p,)
    ndim = p.value.ndim
    kwargs = {"dim": draw(st.integers(-ndim, ndim - 1))} if ndim else {}
    return Case(args, kwargs, seed=draw(seeds))


def _torch_xlogy(t, p, q):
    """p log q with 0 log anything = 0, as minigrad defines it (gradient 0 there too)."""
    return p * t.log(t.where(p > 0, q, t.ones_like(q)))


SPECS += [
    Spec("F.information", lambda L, p: L.F.information(p),
         distributions(False).map(lambda c: Case(c.args, {}, c.seed)),
         torch_call=lambda L, p: 0.0 - L.t.log(p)),
    Spec("F.entropy", lambda L, p, **kw: L.F.entropy(p, **kw), distributions(False),
         torch_call=lambda L, p, **kw: 0.0 - _torch_xlogy(L.t, p, p).sum(**kw), sums=True),
    Spec("F.cross_entropy_between",
         lambda L, p, q, **kw: L.F.cross_entropy_between(p, q, **kw), distributions(True),
         torch_call=lambda L, p, q, **kw: -_torch_xlogy(L.t, p, q).sum(**kw), sums=True),
]
