"""Specs of the margin and likelihood losses (functional/margin_losses.py,
functional/likelihood_losses.py) as functions and modules, KLDivLoss, pairwise_distance
with nn.PairwiseDistance, nn.CosineSimilarity, pixel_shuffle and pixel_unshuffle with their
modules, and the padding modules.

Inputs are float32 or float64 of ordinary size (the soft margins' large-margin case, where
PyTorch overflows to inf, is a documented difference tested in tests/test_more_losses.py);
targets of 1 and -1 are constants, as PyTorch's kernels refuse their gradient. Shapes the
losses refuse are drawn too, where PyTorch refuses them as well.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from parity_harness import Arr, Case, Spec
from parity_strategies import F32_64, seeds, values
from specs_functional import REDUCTIONS

SPECS: list[Spec] = []
_SHAPES = [(4, 3), (2, 5), (3,), (1, 1), (0, 3), (2, 3, 2)]


def _floats(draw, shape, dtype, flavor="normal", grad=True) -> Arr:
    return Arr(values(dtype, shape, flavor, draw(seeds)), grad=grad)


def _signs(draw, shape, dtype) -> Arr:
    rng = np.random.default_rng(draw(seeds))
    return Arr(rng.choice([-1.0, 1.0], size=shape).astype(dtype), grad=False)


@st.composite
def _pointwise(draw, n_inputs: int, target: str) -> Case:
    """n_inputs float inputs and a target (signs, 0/1 labels or counts), one shape."""
    dtype = draw(st.sampled_from(F32_64))
    shape = draw(st.sampled_from(_SHAPES[:-1]))
    flavor = draw(st.sampled_from(["normal", "ties"]))
    inputs = [_floats(draw, shape, dtype, flavor) for _ in range(n_inputs)]
    if target == "signs":
        y = _signs(draw, shape, dtype)
    elif target == "labels":
        y = Arr(np.random.default_rng(draw(seeds)).integers(0, 2, shape).astype(dtype), grad=False)
    else:
        y = Arr(np.random.default_rng(draw(seeds)).integers(0, 5, shape).astype(dtype), grad=False)
    if draw(st.sampled_from([False] * 9 + [True])):  # another number of axes: both refuse
        y = Arr(y.value.reshape(y.value.shape + (1,)), grad=False)
    return Case((*inputs, y), {"reduction": draw(REDUCTIONS)}, seed=draw(seeds))


def _with(cases, **choices) -> st.SearchStrategy[Case]:
    """Each case with some of `choices` (name: list of values) added to its kwargs."""
    @st.composite
    def build(draw):
        case = draw(cases)
        kwargs = dict(case.kwargs)
        for name, options in choices.items():
            value = draw(st.sampled_from([None, *options]))
            if value is not None:
                kwargs[name] = value
        return Case(case.args, kwargs, case.seed)
    return build()


_ranking = _with(_pointwise(2, "signs"), margin=[0.0, 0.5, -0.3])
_hinge = _with(_pointwise(1, "signs"), margin=[1.0, 0.5, 2.0])
_soft = _pointwise(1, "signs")
_poisson = _with(_pointwise(1, "counts"), log_input=[True, False], full=[True, False],
                 eps=[1e-8, 0.1])
SPECS += [
    Spec("F.margin_ranking_loss", lambda L, a, b, y, **kw: L.F.margin_ranking_loss(a, b, y, **kw),
         _ranking, sums=True),
    Spec("nn.MarginRankingLoss", lambda L, a, b, y, **kw: L.nn.MarginRankingLoss(**kw)(a, b, y),
         _ranking, sums=True),
    Spec("F.hinge_embedding_loss", lambda L, x, y, **kw: L.F.hinge_embedding_loss(x, y, **kw),
         _hinge, sums=True),
    Spec("nn.HingeEmbeddingLoss", lambda L, x, y, **kw: L.nn.HingeEmbeddingLoss(**kw)(x, y),
         _hinge, sums=True),
    Spec("F.soft_margin_loss", lambda L, x, y, **kw: L.F.soft_margin_loss(x, y, **kw), _soft,
         sums=True),
    Spec("nn.SoftMarginLoss", lambda L, x, y, **kw: L.nn.SoftMarginLoss(**kw)(x, y), _soft,
         sums=True),
    Spec("F.poisson_nll_loss",
         lambda L, x, y, **kw: L.F.poisson_nll_loss(
             x.abs() if kw.get("log_input") is False else x, y, **kw), _poisson, sums=True),
    Spec("nn.PoissonNLLLoss",
         lambda L, x, y, **kw: L.nn.PoissonNLLLoss(**kw)(
             x.abs() if kw.get("log_input") is False else x, y), _poisson, sums=True),
]


# ---- multilabel soft margin: labels 0/1, a class weight that broadcasts ------------------
@st.composite
def _multilabel(draw) -> Case:
    case = draw(_pointwise(1, "labels"))
    x = case.args[0].value
    if x.ndim and x.ndim <= 2 and draw(st.booleans()):
        w = np.round(values(np.float64, x.shape[-1:], "positive", draw(seeds)), 1)
        return Case(case.args, {**case.kwargs, "weight": Arr(w.astype(x.dtype), grad=False)},
                    case.seed)
    return case


SPECS += [
    Spec("F.multilabel_soft_margin_loss",
         lambda L, x, y, **kw: L.F.multilabel_soft_margin_loss(x, y, **kw), _multilabel(),
         sums=True),
    Spec("nn.MultiLabelSoftMarginLoss",
         lambda L, x, y, **kw: L.nn.MultiLabelSoftMarginLoss(**kw)(x, y), _multilabel(),
         sums=True),
]


# ---- cosine embedding and triplet margin: (N, D) or (D,) ---------------------------------
@st.composite
def _embedding_cases(draw, triplet: bool) -> Case:
    dtype = draw(st.sampled_from(F32_64))
    shape = draw(st.sampled_from([(4, 3), (2, 5), (3,), (1, 2), (0, 3)]))
    a, b = _floats(draw, shape, dtype), _floats(draw, shape, dtype)
    kwargs = {"reduction": draw(REDUCTIONS)}
    if triplet:
        c = _floats(draw, shape, dtype)
        if draw(st.sampled_from([False] * 9 + [True])):  # another number of axes: both refuse
            c = Arr(c.value[None])
        for name, options in (("margin", [1.0, 0.5, 3.0, 0.0, -1.0]), ("p", [2.0, 1.0, 3.0]),
                              ("eps", [1e-6, 0.1]), ("swap", [False, True])):
            if draw(st.booleans()):
                kwargs[name] = draw(st.sampled_from(options))
        return Case((a, b, c), kwargs, seed=draw(seeds))
    y = _signs(draw, shape[:-1], dtype)
    if draw(st.sampled_from([False] * 9 + [True])):  # a target with the inputs' shape: refused
        y = _signs(draw, shape, dtype)
    if draw(st.booleans()):
        kwargs["margin"] = draw(st.sampled_from([0.0, 0.5, -0.5]))
    return Case((a, b, y), kwargs, seed=draw(seeds))


_cosine, _triplet = _embedding_cases(False), _embedding_cases(True)
SPECS += [
    Spec("F.cosine_embedding_loss",
         lambda L, a, b, y, **kw: L.F.cosine_embedding_loss(a, b, y, **kw), _cosine, sums=True),
    Spec("nn.CosineEmbeddingLoss",
         lambda L, a, b, y, **kw: L.nn.CosineEmbeddingLoss(**kw)(a, b, y), _cosine, sums=True),
    Spec("F.triplet_margin_loss",
         lambda L, a, b, c, **kw: L.F.triplet_margin_loss(a, b, c, **kw), _triplet, sums=True),
    Spec("nn.TripletMarginLoss",
         lambda L, a, b, c, **kw: L.nn.TripletMarginLoss(**kw)(a, b, c), _triplet, sums=True),
]


# ---- Gaussian NLL: the var shapes PyTorch accepts, and some it refuses --------------------
@st.composite
def _gaussian(draw) -> Case:
    dtype = draw(st.sampled_from(F32_64))
    shape = draw(st.sampled_from([(4, 3), (2, 5), (3,), (2, 3, 2)]))
    x, y = _floats(draw, shape, dtype), _floats(draw, shape, dtype)
    var_shape = draw(st.sampled_from(
        [shape, shape, shape[:-1], (*shape[:-1], 1), (1, *shape[1:]), (*shape[:-1], 2)]))
    v = values(dtype, var_shape, "positive", draw(seeds))
    if v.size and draw(st.sampled_from([False] * 9 + [True])):
        v.flat[0] = -1.0  # negative: both refuse
    kwargs = {"reduction": draw(REDUCTIONS)}
    if draw(st.booleans()):
        kwargs["full"] = True
    if draw(st.booleans()):
        kwargs["eps"] = draw(st.sampled_from([1e-6, 0.5]))
    return Case((x, y, Arr(v)), kwargs, seed=draw(seeds))


SPECS += [
    Spec("F.gaussian_nll_loss",
         lambda L, x, y, v, **kw: L.F.gaussian_nll_loss(x, y, v, **kw), _gaussian(), sums=True),
    Spec("nn.GaussianNLLLoss",
         lambda L, x, y, v, **kw: L.nn.GaussianNLLLoss(**kw)(x, y, v), _gaussian(), sums=True),
]


# ---- KLDivLoss: log-probabilities against probabilities or log-probabilities --------------
@st.composite
def _kl(draw) -> Case:
    dtype = draw(st.sampled_from(F32_64))
    shape = draw(st.sampled_from([(4, 3), (2, 5), (3,)]))
    rng = np.random.default_rng(draw(seeds))
    logits = rng.standard_normal(shape)
    logp = (logits - np.log(np.exp(logits).sum(-1, keepdims=True))).astype(dtype)
    q = rng.dirichlet(np.ones(shape[-1]), size=shape[:-1]).astype(dtype)
    log_target = draw(st.booleans())
    target = np.log(q) if log_target else q
    reduction = draw(st.sampled_from(["batchmean", "sum", "none"]))
    return Case((Arr(logp), Arr(target.astype(dtype))),
                {"reduction": reduction, "log_target": log_target}, seed=draw(seeds))


SPECS.append(Spec("nn.KLDivLoss", lambda L, x, y, **kw: L.nn.KLDivLoss(**kw)(x, y), _kl(),
                  sums=True))


# ---- pairwise_distance, PairwiseDistance, CosineSimilarity -------------------------------
@st.composite
def _pairs(draw) -> Case:
    dtype = draw(st.sampled_from(F32_64))
    shape = draw(st.sampled_from([(4, 3), (2, 5), (3,), (2, 3, 2)]))
    other = draw(st.sampled_from([shape, shape, (1, *shape[1:]), shape[-1:]]))
    kwargs = {}
    for name, options in (("p", [2.0, 1.0, 3.0]), ("eps", [1e-6, 0.1]),
                          ("keepdim", [False, True])):
        if draw(st.booleans()):
            kwargs[name] = draw(st.sampled_from(options))
    return Case((_floats(draw, shape, dtype), _floats(draw, other, dtype)), kwargs,
                seed=draw(seeds))


@st.composite
def _cosine_pairs(draw) -> Case:
    dtype = draw(st.sampled_from(F32_64))
    shape = draw(st.sampled_from([(4, 3), (2, 5), (2, 3, 2)]))
    kwargs = {"dim": draw(st.sampled_from([1, 0, -1]))}
    return Case((_floats(draw, shape, dtype), _floats(draw, shape, dtype)), kwargs,
                seed=draw(seeds))


SPECS += [
    Spec("F.pairwise_distance", lambda L, a, b, **kw: L.F.pairwise_distance(a, b, **kw),
         _pairs()),
    Spec("nn.PairwiseDistance", lambda L, a, b, **kw: L.nn.PairwiseDistance(**kw)(a, b),
         _pairs()),
    Spec("nn.CosineSimilarity", lambda L, a, b, **kw: L.nn.CosineSimilarity(**kw)(a, b),
         _cosine_pairs()),
]


# ---- pixel_shuffle / pixel_unshuffle and the padding modules ------------------------------
@st.composite
def _shuffle(draw, unshuffle: bool) -> Case:
    dtype = draw(st.sampled_from(F32_64))
    r = draw(st.sampled_from([1, 2, 3, 2, 0]))  # 0: both refuse
    k = max(r, 1)
    shape = draw(st.sampled_from(
        [(1, 4 * k * k, 2, 3), (2, k * k, 1, 1), (k * k, 2, 2), (2, 1, 2 * k * k, 1, 2),
         (1, 3, 2, 2), (2, 2)]))  # the last two: channels not divisible, too few axes
    if unshuffle:
        shape = (*shape[:-2], shape[-2] * k, shape[-1] * (k if draw(st.booleans()) else 1))
    return Case((_floats(draw, shape, dtype),), {"factor": r}, seed=draw(seeds))


@st.composite
def _pad_cases(draw, axes: int) -> Case:
    dtype = draw(st.sampled_from(F32_64))
    ndim = draw(st.sampled_from([axes + 1, axes + 1, axes + 2, axes]))
    shape = tuple(draw(st.integers(2, 4)) for _ in range(ndim))
    padding = draw(st.one_of(st.integers(0, 2),
                             st.tuples(*[st.integers(0, 2) for _ in range(2 * axes)])))
    return Case((_floats(draw, shape, dtype),), {"padding": padding}, seed=draw(seeds))


SPECS += [
    Spec("F.pixel_shuffle", lambda L, x, factor: L.F.pixel_shuffle(x, factor), _shuffle(False)),
    Spec("nn.PixelShuffle", lambda L, x, factor: L.nn.PixelShuffle(factor)(x), _shuffle(False)),
    Spec("F.pixel_unshuffle", lambda L, x, factor: L.F.pixel_unshuffle(x, factor),
         _shuffle(True)),
    Spec("nn.PixelUnshuffle", lambda L, x, factor: L.nn.PixelUnshuffle(factor)(x),
         _shuffle(True)),
]
def _pad_module(L, x, padding, cls):
    """nn.<cls>(padding) applied to x (ConstantPad with the value 2.5)."""
    extra = (2.5,) if cls.startswith("ConstantPad") else ()
    return getattr(L.nn, cls)(padding, *extra)(x)


for _name in ("ZeroPad", "ReflectionPad", "ReplicationPad", "ConstantPad"):
    for _axes in (1, 2):
        _cls = f"{_name}{_axes}d"
        SPECS.append(Spec(f"nn.{_cls}",
                          lambda L, x, padding, c=_cls: _pad_module(L, x, padding, c),
                          _pad_cases(_axes)))
