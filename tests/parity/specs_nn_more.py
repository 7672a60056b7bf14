"""Specs of the nn additions for PyTorch beginner code: the regression losses l1,
smooth_l1 and huber (functions and modules), one_hot, Dropout where it is
deterministic (eval mode, p = 0), the random tensors and the samplers bernoulli and
multinomial (shapes, dtypes and errors only: the draws differ by design), and the
RMSprop, Adagrad and AdamW steps."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from parity_harness import Arr, Case, Dtype, Spec
from parity_strategies import ALL, FLOATS, INTS, arrays, seeds, shapes
from specs_functional import INPUT_FLAVORS, pointwise_cases
from specs_nn import optim_cases, steps

SPECS: list[Spec] = []


# ---- the regression losses ------------------------------------------------------------
@st.composite
def _with(draw, cases, name: str, choices: list[float]) -> Case:
    """A pointwise loss case with `name` (beta, delta) drawn from `choices` (or left out)."""
    case = draw(cases)
    value = draw(st.sampled_from([None, *choices]))
    kwargs = dict(case.kwargs) if value is None else {**case.kwargs, name: value}
    return Case(case.args, kwargs, case.seed)


_pairs = pointwise_cases(INPUT_FLAVORS, INPUT_FLAVORS)
_beta = _with(_pairs, "beta", [1.0, 0.5, 2.0, 0.0, -1.0])  # 0: l1_loss; < 0: both raise
_delta = _with(_pairs, "delta", [1.0, 0.5, 2.0, 0.0, -1.0])  # <= 0: both raise
SPECS += [
    Spec("F.l1_loss", lambda L, x, y, **kw: L.F.l1_loss(x, y, **kw), _pairs, sums=True),
    Spec("nn.L1Loss", lambda L, x, y, **kw: L.nn.L1Loss(**kw)(x, y), _pairs, sums=True),
    Spec("F.smooth_l1_loss", lambda L, x, y, **kw: L.F.smooth_l1_loss(x, y, **kw), _beta,
         sums=True),
    Spec("nn.SmoothL1Loss", lambda L, x, y, **kw: L.nn.SmoothL1Loss(**kw)(x, y), _beta,
         sums=True),
    Spec("F.huber_loss", lambda L, x, y, **kw: L.F.huber_loss(x, y, **kw), _delta, sums=True),
    Spec("nn.HuberLoss", lambda L, x, y, **kw: L.nn.HuberLoss(**kw)(x, y), _delta, sums=True),
]


# ---- one_hot ----------------------------------------------------------------------------
@st.composite
def one_hot_cases(draw) -> Case:
    shape = draw(st.sampled_from([(4,), (), (2, 3), (0,), (3, 1)]))
    dtype = draw(st.sampled_from([np.int64] * 6 + [np.int32, np.float32]))  # others: raise
    y = np.random.default_rng(draw(seeds)).integers(0, 4, size=shape)
    if y.size and draw(st.sampled_from([False] * 6 + [True])):
        y.flat[0] = -1  # negative: both raise
    num_classes = draw(st.sampled_from([-1, -1, 4, 6, 3, 0, -2]))  # too small: both raise
    return Case((Arr(y.astype(dtype)),), {"num_classes": num_classes}, seed=draw(seeds))


SPECS.append(Spec("F.one_hot", lambda L, y, **kw: L.F.one_hot(y, **kw), one_hot_cases()))


# ---- Dropout where it draws nothing ----------------------------------------------------------
def _dropout_eval(L, x, p):
    """nn.Dropout in eval mode (p checked when it is made)."""
    layer = L.nn.Dropout(p)
    layer.eval()
    return [layer(x), repr(layer), layer.training]


_dropout_cases = st.builds(lambda x, p, s: Case((x, p), seed=s), arrays(FLOATS),
                           st.sampled_from([0.5, 0.0, 1.0, 0.25, 1.5, -0.1]), seeds)
SPECS += [
    Spec("mg.dropout (train=False or p=0)",
         lambda L, x, p: [L.t.dropout(x, p, False), L.t.dropout(x, 0.0, True)], _dropout_cases),
    Spec("nn.Dropout (eval)", _dropout_eval, _dropout_cases),
    Spec("F.dropout (p=0 or training=False)",
         lambda L, x, p: [L.F.dropout(x, 0.0), L.F.dropout(x, p, training=False)],
         _dropout_cases),
]


# ---- random tensors: shapes, dtypes and errors (the draws differ by design) ----------------------
_sizes = st.sampled_from([(2, 3), (4,), (), [2], (0, 2)])


@st.composite
def normal_cases(draw) -> Case:
    if draw(st.booleans()):  # numbers and a size
        mean = draw(st.sampled_from([0.0, 1, -2.5]))
        std = draw(st.sampled_from([1.0, 0.5, 0.0, 2, -1.0]))  # < 0: both raise
        kwargs = {"size": draw(_sizes)}
        if draw(st.booleans()):
            kwargs["dtype"] = Dtype(draw(st.sampled_from(FLOATS + (np.int64,))))
        if draw(st.booleans()):
            kwargs["requires_grad"] = True
        return Case((mean, std), kwargs, seed=draw(seeds))
    mean = draw(arrays(FLOATS, flavors=("normal",)))
    std = draw(st.sampled_from([
        1.0, 0.5, -1.0,
        draw(arrays(FLOATS, shape=mean.value.shape, flavors=("positive", "normal")))]))
    if draw(st.booleans()):
        mean, std = (std, mean) if isinstance(std, Arr) else (2.0, Arr(np.abs(mean.value)))
    return Case((mean, std), seed=draw(seeds))


@st.composite
def like_cases(draw, integers: bool = False) -> Case:
    x = draw(arrays(FLOATS + INTS, flavors=("normal",), grad=False))
    kwargs = {}
    if draw(st.booleans()):
        kwargs["dtype"] = Dtype(draw(st.sampled_from((np.float64, np.float32, np.int64))))
    args = (x,) if not integers else (x, *draw(st.sampled_from([(5,), (2, 5), (5, 2)])))
    return Case(args, kwargs, seed=draw(seeds))


_randperm = st.builds(
    lambda n, d, s: Case((n,), {} if d is None else {"dtype": Dtype(d)}, seed=s),
    st.sampled_from([5, 0, 1, -1]), st.sampled_from([None, np.int64, np.float32, np.int32]), seeds)
SPECS += [
    Spec("mg.normal", lambda L, *a, **kw: L.t.normal(*a, **kw), normal_cases(), values=False),
    Spec("mg.randperm", lambda L, n, **kw: L.t.randperm(n, **kw), _randperm, values=False),
    Spec("mg.rand_like", lambda L, x, **kw: L.t.rand_like(x, **kw), like_cases(), values=False),
    Spec("mg.randn_like", lambda L, x, **kw: L.t.randn_like(x, **kw), like_cases(),
         values=False),
    Spec("mg.randint_like", lambda L, x, *a, **kw: L.t.randint_like(x, *a, **kw),
         like_cases(integers=True), values=False),
]


# Probabilities in [0, 1] (0 and 1 included), now and then a NaN, inf or negative one or
# an integer tensor: both refuse those (but torch lets an empty integer tensor through: left
# out). The result requires grad, with gradient 0.
_bernoulli = st.builds(lambda x, s: Case((x,), seed=s), arrays(
    FLOATS * 3 + INTS, flavors=("probability",) * 4 + ("edges",)).filter(
        lambda x: x.value.size or x.value.dtype.kind == "f"), seeds)


@st.composite
def multinomial_cases(draw) -> Case:
    """Weights of 0 to 3 axes (both refuse 0-d and 3-D) and num_samples (<= 0: both refuse).
    Positive weights, or with replacement weights that may be 0, negative, inf or NaN (an
    all-zero row: both refuse). Without replacement, a row with fewer non-zero weights than
    num_samples is refused by minigrad only: torch draws zero weights then (unspecified)."""
    flavor = draw(st.sampled_from(["positive"] * 3 + ["probability", "edges"]))
    replacement = flavor != "positive" or draw(st.booleans())
    ndim = draw(st.sampled_from([1, 2, 1, 2, 0, 3]))
    w = draw(arrays(FLOATS * 3 + INTS, shape=draw(shapes(ndim, ndim)), flavors=(flavor,)))
    n = draw(st.sampled_from([1, 2, 3, 5, 0, -1]))
    kwargs = {"replacement": True} if replacement else {}
    return Case((w, n), kwargs, seed=draw(seeds))


# With a number p the input gives only its shape and dtype (any dtype); p outside [0, 1] or
# NaN: both refuse. p = 0 and p = 1 have certain results, so values are compared there.
_bernoulli_p = st.builds(lambda x, p, s: Case((x, p), seed=s), arrays(ALL),
                         st.sampled_from([0.0, 0.3, 1.0, 1, 0, True, -0.1, 1.5, float("nan")]),
                         seeds)
_bernoulli_certain = st.builds(lambda x, p, s: Case((x, p), seed=s), arrays(ALL),
                               st.sampled_from([0.0, 1.0, 1, 0, True, False]), seeds)

SPECS += [
    Spec("mg.bernoulli(p)", lambda L, x, p: L.t.bernoulli(x, p), _bernoulli_p, values=False),
    Spec("Tensor.bernoulli(p)", lambda L, x, p: x.bernoulli(p), _bernoulli_p, values=False),
    Spec("mg.bernoulli(p) certain", lambda L, x, p: L.t.bernoulli(x, p), _bernoulli_certain),
    Spec("mg.bernoulli", lambda L, x: L.t.bernoulli(x), _bernoulli, values=False),
    Spec("Tensor.bernoulli", lambda L, x: x.bernoulli(), _bernoulli, values=False),
    Spec("mg.multinomial", lambda L, w, n, **kw: L.t.multinomial(w, n, **kw),
         multinomial_cases(), values=False),
    Spec("Tensor.multinomial", lambda L, w, n, **kw: w.multinomial(n, **kw),
         multinomial_cases(), values=False),
]


# ---- optimisers: the parameter after each step ---------------------------------------------
@st.composite
def _settings(draw, name: str) -> Case:
    """A parameter, gradients, lr, weight_decay and maximize from specs_nn, with `name`'s own
    settings (a negative value now and then: both must refuse it)."""
    case = draw(optim_cases(True))
    kw = {k: case.kwargs[k] for k in ("lr", "weight_decay", "maximize")}
    if name == "AdamW":
        kw.update(betas=case.kwargs["betas"], eps=case.kwargs["eps"])
    elif name == "RMSprop":
        kw.update(alpha=draw(st.sampled_from([0.99, 0.9, 0.5, -0.5])),  # 0 + centered: 0/0
                  eps=draw(st.sampled_from([1e-8, 1e-3])),
                  momentum=draw(st.sampled_from([0.0, 0.0, 0.9, 0.5])),
                  centered=draw(st.booleans()))
    else:
        kw.update(lr_decay=draw(st.sampled_from([0.0, 0.0, 0.5, -1.0])),
                  initial_accumulator_value=draw(st.sampled_from([0.0, 0.0, 0.1])),
                  eps=draw(st.sampled_from([1e-10, 1e-3])))
    return Case(case.args, kw, case.seed)


for _name, _tol in (("RMSprop", 100), ("Adagrad", 100), ("AdamW", 100)):
    SPECS.append(Spec(f"optim.{_name}", lambda L, p, g, n=_name, **kw: steps(L, p, g, n, **kw),
                      _settings(_name), tol=_tol))


# ---- containers -----------------------------------------------------------------------------
def _linear(L, n: int, dtype, k: int):
    """Linear(n, n) with weights set from k (the same in both libraries)."""
    layer = L.nn.Linear(n, n, dtype=dtype)
    with L.t.no_grad():
        for j, p in enumerate(layer.parameters()):
            shape = tuple(p.shape)
            values = np.linspace(-1, 1, int(np.prod(shape))).reshape(shape) * (k + 1 + j) / 4
            p.copy_(L.tensor(values).to(dtype) if L.name == "torch" else
                    L.tensor(values.astype(dtype)))
    return layer


def module_list(L, x):
    """append, extend, insert, del, slicing and iteration: names, lengths and the output."""
    n, dtype = x.shape[-1], x.dtype
    layers = L.nn.ModuleList([_linear(L, n, dtype, 0)])
    layers.append(L.nn.Tanh())
    layers.extend([_linear(L, n, dtype, 1), L.nn.ReLU()])
    layers.insert(1, _linear(L, n, dtype, 2))
    del layers[0]
    part = layers[1:]
    for layer in layers:
        x = layer(x)
    return [list(layers.state_dict()), len(layers), len(part), type(part).__name__,
            [type(m).__name__ for m in layers], x]


def module_dict(L, x):
    """A ModuleDict's keys, parameter names, items and lookups."""
    n, dtype = x.shape[-1], x.dtype
    heads = L.nn.ModuleDict({"b": _linear(L, n, dtype, 0), "a": L.nn.Sigmoid()})
    heads["c"] = _linear(L, n, dtype, 1)
    heads.update([("a", _linear(L, n, dtype, 2))])
    popped = type(heads.pop("b")).__name__
    return [list(heads.keys()), list(heads.state_dict()), popped, "a" in heads, len(heads),
            heads["a"](x), heads["c"](x)]


_batch = st.builds(lambda x, s: Case((x,), seed=s),
                   arrays((np.float32, np.float64), shape=(3, 2), flavors=("normal",)), seeds)
SPECS += [
    Spec("nn.ModuleList", module_list, _batch),
    Spec("nn.ModuleDict", module_dict, _batch),
]
