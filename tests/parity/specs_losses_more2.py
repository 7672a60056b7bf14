"""Specs of the multi-class margin losses (F.multi_margin_loss, F.multilabel_margin_loss,
F.triplet_margin_with_distance_loss and their modules), F.pdist, F.bilinear and nn.Bilinear,
F.local_response_norm and nn.LocalResponseNorm, F.channel_shuffle and nn.ChannelShuffle, and
the random ones: alpha dropout (F.alpha_dropout, F.feature_alpha_dropout, nn.AlphaDropout,
nn.FeatureAlphaDropout), F.rrelu / nn.RReLU and F.gumbel_softmax.

Left out of the draws, on purpose (docs/guide/pytorch.md lists them):
- an empty batch for the multi-margin losses: PyTorch's kernels return uninitialised memory;
- integer input to the dropouts and local_response_norm: minigrad refuses it (as F.dropout);
- F.pdist with p = inf and tied largest differences: minigrad splits the gradient (its norm),
  PyTorch gives each the whole; its inputs here are unrounded normal values, so no ties.
The random ops draw other numbers than PyTorch's: their training-mode specs compare shapes,
dtypes, gradients' presence and errors (values=False), their evaluation mode by value; their
values are checked against PyTorch's formula on the drawn mask in tests/test_layers_more2.py.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from parity_harness import Arr, Case, Spec
from parity_strategies import ALL, F32_64, FLOATS, seeds, shapes, values
from specs_functional import REDUCTIONS

SPECS: list[Spec] = []
_RARE = [False] * 9 + [True]


def _floats(draw, shape, dtype, flavor="normal", grad=True) -> Arr:
    return Arr(values(dtype, shape, flavor, draw(seeds)), grad=grad)


def _unrounded(draw, shape, dtype) -> Arr:
    return Arr(np.random.default_rng(draw(seeds)).standard_normal(shape).astype(dtype))


# ---- multi_margin_loss: (N, C) with (N,), (C,) with () or (1,); p, margin, weight ----------
@st.composite
def _multi_margin(draw, module: bool = False) -> Case:
    dtype = draw(st.sampled_from(F32_64))
    n, c = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    rng = np.random.default_rng(draw(seeds))
    form = draw(st.sampled_from(["batch", "batch", "single", "single1", "rank3"]))
    shape = {"batch": (n, c), "single": (c,), "single1": (c,), "rank3": (1, n, c)}[form]
    x = _floats(draw, shape, dtype, draw(st.sampled_from(["normal", "ties"])))
    tshape = {"batch": (n,), "single": (), "single1": (1,), "rank3": (n,)}[form]
    high = c + 1 if draw(st.sampled_from(_RARE)) else c  # a class out of range: both refuse
    y = rng.integers(0, high, tshape).astype(np.int32 if draw(st.sampled_from(_RARE))
                                               else np.int64)
    kwargs = {"reduction": draw(REDUCTIONS)}
    for name, options in (("p", [1, 2, 2, 3]), ("margin", [1.0, 0.5, 2.0, -0.5])):
        if draw(st.booleans()):
            kwargs[name] = draw(st.sampled_from(options))
    if draw(st.booleans()):
        size = c + 1 if draw(st.sampled_from(_RARE)) else c
        kwargs["weight"] = Arr(np.round(values(np.float64, (size,), "positive", draw(seeds)), 1)
                               .astype(dtype), grad=False)
    return Case((x, Arr(y)), kwargs, seed=draw(seeds))


SPECS += [
    Spec("F.multi_margin_loss", lambda L, x, y, **kw: L.F.multi_margin_loss(x, y, **kw),
         _multi_margin(), sums=True),
    Spec("nn.MultiMarginLoss", lambda L, x, y, **kw: L.nn.MultiMarginLoss(**kw)(x, y),
         _multi_margin(), sums=True),
]


# ---- multilabel_margin_loss: targets of the input's shape, each list ended by -1 ---------
@st.composite
def _multilabel(draw) -> Case:
    dtype = draw(st.sampled_from(F32_64))
    n, c = draw(st.integers(1, 4)), draw(st.integers(1, 5))
    shape = draw(st.sampled_from([(n, c), (n, c), (c,)]))
    x = _floats(draw, shape, dtype, draw(st.sampled_from(["normal", "ties"])))
    rng = np.random.default_rng(draw(seeds))
    y = rng.integers(-1, c, shape)
    if draw(st.sampled_from(_RARE)):
        y.flat[0] = c  # out of range: both refuse
    if draw(st.sampled_from(_RARE)):
        y = y[..., :-1]  # another shape: both refuse
    return Case((x, Arr(y.astype(np.int64))), {"reduction": draw(REDUCTIONS)}, seed=draw(seeds))


SPECS += [
    Spec("F.multilabel_margin_loss",
         lambda L, x, y, **kw: L.F.multilabel_margin_loss(x, y, **kw), _multilabel(), sums=True),
    Spec("nn.MultiLabelMarginLoss",
         lambda L, x, y, **kw: L.nn.MultiLabelMarginLoss(**kw)(x, y), _multilabel(), sums=True),
]


# ---- triplet_margin_with_distance_loss: the default distance and a cosine distance ------
@st.composite
def _triplets(draw) -> Case:
    dtype = draw(st.sampled_from(F32_64))
    shape = draw(st.sampled_from([(4, 3), (2, 5), (3,), (1, 2), (2, 3, 2)]))
    a, p = _floats(draw, shape, dtype), _floats(draw, shape, dtype)
    other = draw(st.sampled_from([shape, shape, (1, *shape[1:]), shape[1:] or shape]))
    n = _floats(draw, other, dtype)  # broadcast against the others, or another rank: refused
    kwargs = {"reduction": draw(REDUCTIONS)}
    for name, options in (("margin", [1.0, 0.5, 3.0, 0.0, -1.0]), ("swap", [False, True])):
        if draw(st.booleans()):
            kwargs[name] = draw(st.sampled_from(options))
    return Case((a, p, n), kwargs, seed=draw(seeds))


def _cosine_distance(L):
    return lambda x, y: 1 - L.F.cosine_similarity(x, y, dim=-1)


SPECS += [
    Spec("F.triplet_margin_with_distance_loss",
         lambda L, a, p, n, **kw: L.F.triplet_margin_with_distance_loss(a, p, n, **kw),
         _triplets(), sums=True),
    Spec("F.triplet_margin_with_distance_loss(cosine)",
         lambda L, a, p, n, **kw: L.F.triplet_margin_with_distance_loss(
             a, p, n, distance_function=_cosine_distance(L), **kw), _triplets(), sums=True),
    Spec("nn.TripletMarginWithDistanceLoss",
         lambda L, a, p, n, **kw: L.nn.TripletMarginWithDistanceLoss(**kw)(a, p, n),
         _triplets(), sums=True),
]


# ---- pdist: (N, M), every p >= 0 (inf without ties), and the ranks and p it refuses -------
@st.composite
def _pdist(draw) -> Case:
    dtype = draw(st.sampled_from(F32_64))
    # no (0, M): PyTorch's pdist backward crashes the process on it (forward gives (0,), as
    # minigrad's, tested in tests/test_margin_losses_multi.py)
    shape = draw(st.sampled_from([(4, 3), (5, 2), (2, 1), (1, 3), (3, 0), (3,), (2, 2, 2)]))
    x = _unrounded(draw, shape, dtype)
    if draw(st.sampled_from(_RARE)) and len(shape) == 2 and shape[0] > 1:
        v = x.value.copy()
        v[1] = v[0]  # two equal rows: distance 0, gradient 0 in both
        x = Arr(v)
    p = draw(st.sampled_from([2.0, 2.0, 1.0, 3.0, 0.5, 1.5, 0.0, np.inf, -1.0]))
    return Case((x,), {"p": p}, seed=draw(seeds))


SPECS.append(Spec("F.pdist", lambda L, x, **kw: L.F.pdist(x, **kw), _pdist()))


# ---- bilinear: batch axes, no batch, bias or none, and the shapes it refuses -------------
@st.composite
def _bilinear(draw) -> Case:
    dtype = draw(st.sampled_from(F32_64))
    in1, in2, out = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    batch = draw(st.sampled_from([(2,), (3,), (), (2, 2), (0,)]))
    other = batch
    if draw(st.sampled_from(_RARE)):
        other = (*batch, 2)  # another rank: both refuse
    x1 = _floats(draw, (*batch, in1), dtype)
    x2 = _floats(draw, (*other, in2 + (1 if draw(st.sampled_from(_RARE)) else 0)), dtype)
    w = _floats(draw, (out, in1, in2), dtype)
    args = [x1, x2, w]
    if draw(st.booleans()):
        args.append(_floats(draw, (out + (1 if draw(st.sampled_from(_RARE)) else 0),), dtype))
    return Case(tuple(args), seed=draw(seeds))


def _bilinear_module(L, x1, x2, w, b=None):
    """nn.Bilinear with the case's weight and bias copied in."""
    out, in1, in2 = w.shape
    layer = L.nn.Bilinear(in1, in2, out, bias=b is not None, dtype=x1.dtype)
    with L.t.no_grad():
        layer.weight.copy_(w.detach())
        if b is not None:
            layer.bias.copy_(b.detach())
    y = layer(x1, x2)
    (y * y).sum().backward()
    return [repr(layer), y.detach(), layer.weight.grad]


SPECS += [
    Spec("F.bilinear", lambda L, *args: L.F.bilinear(*args), _bilinear()),
    Spec("nn.Bilinear", _bilinear_module,
         _bilinear().filter(lambda c: len(c.args) == 3 or c.args[3].value.shape[0]
                            == c.args[2].value.shape[0]), grads_out=True),
]


# ---- local_response_norm: 3 to 5 axes, sizes bigger and smaller than C --------------------
@st.composite
def _lrn(draw) -> Case:
    dtype = draw(st.sampled_from(F32_64))
    ndim = draw(st.sampled_from([3, 3, 4, 4, 5, 2]))  # 2: both refuse
    shape = draw(shapes(min_dims=ndim, max_dims=ndim, max_side=4))
    x = _floats(draw, shape, dtype)
    kwargs = {"size": draw(st.integers(1, 6))}
    for name, options in (("alpha", [1e-4, 0.5, 2.0]), ("beta", [0.75, 0.5, 1.5]),
                          ("k", [1.0, 2.0, 0.5])):
        if draw(st.booleans()):
            kwargs[name] = draw(st.sampled_from(options))
    return Case((x,), kwargs, seed=draw(seeds))


SPECS += [
    Spec("F.local_response_norm", lambda L, x, **kw: L.F.local_response_norm(x, **kw), _lrn()),
    Spec("nn.LocalResponseNorm", lambda L, x, **kw: L.nn.LocalResponseNorm(**kw)(x), _lrn()),
]


# ---- channel_shuffle: any dtype, groups that divide C or not ------------------------------
@st.composite
def _shuffle(draw) -> Case:
    dtype = draw(st.sampled_from(ALL))
    groups = draw(st.sampled_from([1, 2, 3, 2, 0, -1]))  # 0, -1: both refuse
    g = max(groups, 1)
    ndim = draw(st.sampled_from([3, 3, 4, 5, 2]))  # 2: both refuse
    shape = (draw(st.integers(0, 2)), g * draw(st.integers(1, 2)) + draw(st.sampled_from(
        [0] * 5 + [1])), *[draw(st.integers(1, 3)) for _ in range(ndim - 2)])
    x = Arr(values(dtype, shape, "normal", draw(seeds)))
    return Case((x,), {"groups": groups}, seed=draw(seeds))


SPECS += [
    Spec("F.channel_shuffle", lambda L, x, groups: L.F.channel_shuffle(x, groups), _shuffle()),
    Spec("nn.ChannelShuffle", lambda L, x, groups: L.nn.ChannelShuffle(groups)(x), _shuffle()),
]


# ---- the random ones ---------------------------------------------------------------------
@st.composite
def _random_cases(draw, p_name: str = "p") -> Case:
    dtype = draw(st.sampled_from(FLOATS))
    ndim = draw(st.sampled_from([2, 3, 4, 1, 0]))
    x = _floats(draw, draw(shapes(min_dims=ndim, max_dims=ndim)), dtype)
    kwargs = {}
    if p_name == "p":
        kwargs["p"] = draw(st.sampled_from([0.5, 0.2, 0.0, 1.0, 1.5, -0.1]))
    return Case((x,), kwargs, seed=draw(seeds))


@st.composite
def _rrelu_cases(draw) -> Case:
    case = draw(_random_cases("none"))
    lower, upper = draw(st.sampled_from([(0.125, 1 / 3), (0.1, 0.3), (0.0, 0.5), (0.3, 0.3),
                                         (0.5, 0.2)]))  # the last: both refuse
    return Case(case.args, {"lower": lower, "upper": upper}, case.seed)


@st.composite
def _gumbel_cases(draw) -> Case:
    case = draw(_random_cases("none"))
    kwargs = {"hard": draw(st.booleans()), "tau": draw(st.sampled_from([1.0, 0.5, 2.0]))}
    ndim = case.args[0].value.ndim
    kwargs["dim"] = draw(st.integers(-max(ndim, 1), max(ndim, 1) - 1)) if draw(
        st.booleans()) else -1
    return Case(case.args, kwargs, case.seed)


SPECS += [
    Spec("F.alpha_dropout", lambda L, x, **kw: L.F.alpha_dropout(x, training=True, **kw),
         _random_cases(), values=False),
    Spec("F.alpha_dropout(training=False)", lambda L, x, **kw: L.F.alpha_dropout(x, **kw),
         _random_cases()),
    Spec("F.feature_alpha_dropout",
         lambda L, x, **kw: L.F.feature_alpha_dropout(x, training=True, **kw), _random_cases(),
         values=False),
    Spec("nn.AlphaDropout", lambda L, x, **kw: L.nn.AlphaDropout(**kw)(x), _random_cases(),
         values=False),
    Spec("nn.FeatureAlphaDropout.eval",
         lambda L, x, **kw: L.nn.FeatureAlphaDropout(**kw).eval()(x), _random_cases()),
    Spec("F.rrelu", lambda L, x, **kw: L.F.rrelu(x, **kw), _rrelu_cases()),
    Spec("F.rrelu(training=True)", lambda L, x, **kw: L.F.rrelu(x, training=True, **kw),
         _rrelu_cases(), values=False),
    Spec("nn.RReLU", lambda L, x, **kw: L.nn.RReLU(**kw)(x), _rrelu_cases(), values=False),
    Spec("nn.RReLU.eval", lambda L, x, **kw: L.nn.RReLU(**kw).eval()(x), _rrelu_cases()),
    Spec("F.gumbel_softmax", lambda L, x, **kw: L.F.gumbel_softmax(x, **kw), _gumbel_cases(),
         values=False),
    Spec("more layer reprs", lambda L: [
        repr(L.nn.AlphaDropout()), repr(L.nn.FeatureAlphaDropout(0.2, True)),
        repr(L.nn.RReLU()), repr(L.nn.RReLU(0.1, 0.3, True)), repr(L.nn.ChannelShuffle(3)),
        repr(L.nn.LocalResponseNorm(3, 1e-3, 0.5, 2.0)), repr(L.nn.MultiMarginLoss()),
        repr(L.nn.MultiLabelMarginLoss()), repr(L.nn.TripletMarginWithDistanceLoss()),
        repr(L.nn.Bilinear(3, 2, 4, bias=False))], st.just(Case(()))),
]
