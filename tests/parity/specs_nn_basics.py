"""Specs of the layers small transformer, word-vector and MLP code uses: F.linear,
F.embedding and nn.Embedding (with from_pretrained), F.layer_norm and nn.LayerNorm,
F.normalize and F.cosine_similarity. The modules get copied weights (their random
starts differ by design); their reprs, state_dict keys and gradients are compared too.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st
from parity_harness import Arr, Case, Spec
from parity_strategies import F32_64, FLOATS, arrays, broadcast_shapes, seeds, shapes, values
from specs_nn import _backward, _const, linear_layer

SPECS: list[Spec] = []
RARELY = [False] * 11 + [True]


def _rarely(draw) -> bool:
    return draw(st.sampled_from(RARELY))


# ---- linear ----------------------------------------------------------------------------
@st.composite
def linear_cases(draw) -> Case:
    dtype = draw(st.sampled_from(FLOATS * 3 + (np.int64, np.int32, np.bool_)))
    n_in, n_out = draw(st.integers(0, 3)), draw(st.integers(1, 3))
    batch = draw(st.sampled_from([(2,), (), (2, 3), (0,), (1, 2, 2)]))
    if dtype == np.bool_ and not (n_in and all(batch)):
        dtype = np.int64  # (an empty bool product: PyTorch never reaches the kernel that refuses)
    x = draw(arrays((dtype,), shape=batch + (n_in,), flavors=("normal", "ties", "edges")))
    w_shape = draw(st.sampled_from([(n_out, n_in)] * 6 + [(n_in,), (), (1, n_out, n_in)]))
    w_dtype = np.float64 if _rarely(draw) and dtype != np.float64 else dtype
    w = draw(arrays((w_dtype,), shape=w_shape, flavors=("normal",)))
    kwargs = {}
    # PyTorch's shapes of a bias: (out,) or (); beyond them its kernels disagree with each
    # other (a 1-D input takes a (1, out) bias, or not, depending on the sizes), so only
    # these, and one that fits no output
    bias = draw(st.sampled_from([(n_out,)] * 4 + [None, None, (), (1,), (n_out + 1,)]))
    if bias is not None:
        kwargs["bias"] = draw(arrays((dtype,), shape=bias, flavors=("normal",)))
    return Case((x, w), kwargs, seed=draw(seeds))


def linear_and_layer(L, x, w, b):
    """nn.Linear with copied weights beside F.linear with the same ones: y, y, grads."""
    layer = linear_layer(L, w, b)
    y = layer(x)
    same = L.F.linear(x, layer.weight, layer.bias)
    _backward(L, y)
    return [y.detach(), same.detach(), layer.weight.grad] + (
        [layer.bias.grad] if b is not None else [])


@st.composite
def layer_cases(draw) -> Case:
    dtype = draw(st.sampled_from(FLOATS))
    n_in, n_out = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    x = draw(arrays((dtype,), shape=draw(st.sampled_from([(2,), (), (2, 3)])) + (n_in,),
                    flavors=("normal", "ties")))
    w = Arr(values(dtype, (n_out, n_in), "normal", draw(seeds)), grad=False)
    b = Arr(values(dtype, (n_out,), "normal", draw(seeds)), grad=False) if draw(
        st.booleans()) else None
    return Case((x, w, b), seed=draw(seeds))


SPECS += [
    Spec("F.linear", lambda L, x, w, **kw: L.F.linear(x, w, **kw), linear_cases(), sums=True),
    Spec("nn.Linear and F.linear", linear_and_layer, layer_cases(), grads_out=True),
]


# ---- embedding -------------------------------------------------------------------------
@st.composite
def embedding_cases(draw) -> Case:
    n, d = draw(st.integers(1, 5)), draw(st.integers(0, 3))
    w_dtype = draw(st.sampled_from(FLOATS * 3 + (np.int64,)))
    weight = draw(arrays((w_dtype,), shape=draw(st.sampled_from([(n, d)] * 8 + [(n,)])),
                         flavors=("normal", "edges")))
    shape = draw(shapes(max_dims=3))
    index = np.random.default_rng(draw(seeds)).integers(0, n, size=shape)
    if index.size and _rarely(draw):
        index.flat[0] = draw(st.sampled_from([-1, n]))  # out of range: both raise
    i_dtype = draw(st.sampled_from([np.int64] * 6 + [np.int32, np.float32, np.uint8,
                                                     np.bool_]))
    kwargs = {}
    pad = draw(st.sampled_from([None, None, 0, n - 1, -1, n, -n - 1]))  # the last two: raise
    if pad is not None:
        kwargs["padding_idx"] = pad
    return Case((Arr(index.astype(i_dtype)), weight), kwargs, seed=draw(seeds))


def embedding_layer(L, index, w, padding_idx=None):
    """nn.Embedding: its padding row at the start, then with copied weights: y, grad,
    repr, state_dict keys."""
    layer = L.nn.Embedding(w.shape[0], w.shape[1], padding_idx=padding_idx, dtype=w.dtype)
    start = [] if padding_idx is None else [layer.weight[padding_idx].detach().clone()]
    with L.t.no_grad():
        layer.weight.copy_(w)
    y = layer(index)
    _backward(L, y)
    return start + [y.detach(), layer.weight.grad, repr(layer), list(layer.state_dict()),
                    layer.padding_idx]


def pretrained(L, index, w, padding_idx=None):
    """nn.Embedding.from_pretrained, frozen and trainable."""
    frozen = L.nn.Embedding.from_pretrained(w, padding_idx=padding_idx)
    free = L.nn.Embedding.from_pretrained(w, freeze=False, padding_idx=padding_idx)
    y = free(index)
    _backward(L, y)
    return [frozen(index), frozen.weight.requires_grad, repr(frozen), y.detach(),
            free.weight.grad]


@st.composite
def embedding_layer_cases(draw) -> Case:
    case = draw(embedding_cases())
    index, weight = case.args
    dtype = draw(st.sampled_from(FLOATS))
    if weight.value.ndim == 2:
        weight = Arr(weight.value.astype(dtype), grad=False)
    return Case((index, weight), case.kwargs, case.seed)


SPECS += [
    Spec("F.embedding", lambda L, i, w, **kw: L.F.embedding(i, w, **kw), embedding_cases()),
    Spec("nn.Embedding", embedding_layer, embedding_layer_cases(), grads_out=True),
    Spec("nn.Embedding.from_pretrained", pretrained, embedding_layer_cases(), grads_out=True),
]


# ---- layer_norm ------------------------------------------------------------------------
def _close_rows(x: np.ndarray, shape: tuple[int, ...], eps: float) -> bool:
    """Some row (the normalized axes) of equal values, or in float32 of values so close
    together that rounding decides the gradients' last digits: max |x| / (var + eps) above
    50 (a unit of rounding, 6e-8, times that reaches the gradient's tolerance).

    Such rows are a deliberate difference (docs/guide/pytorch.md, "layer_norm of a row of
    equal values": minigrad's x̂ there is exactly 0, PyTorch's keeps the rounding of
    x * r - mean * r), and are left out of the cases rather than registered in
    known_differences.py, whose ten entries are its limit.
    """
    k = len(shape)
    if not x.size or not 0 < k <= x.ndim or x.shape[x.ndim - k:] != shape:
        return False  # (nothing to compare, or both raise)
    rows = x.reshape(-1, int(np.prod(shape))).astype(np.float64)
    if (rows == rows[:, :1]).all(axis=1).any():
        return True
    with np.errstate(invalid="ignore", over="ignore"):  # inf and NaN rows: NaN in both
        spread = np.abs(rows).max(axis=1) / (rows.var(axis=1) + eps)
    return x.dtype == np.float32 and bool((spread > 50).any())


@st.composite
def layer_norm_cases(draw, module: bool = False) -> Case:
    # (float16 is mostly a known difference here: its own spec below checks its dtypes)
    dtype = draw(st.sampled_from(F32_64 * 4 + (np.float16,) + (() if module else (np.int64,))))
    x = draw(arrays((dtype,), shape=draw(shapes(min_dims=1, max_dims=3)),
                    flavors=("normal", "ties", "edges")))
    k = draw(st.integers(1, x.value.ndim))
    shape = x.value.shape[x.value.ndim - k:]
    if _rarely(draw):  # not the input's last axes: both raise
        shape = draw(st.sampled_from([shape[1:], (7,) + shape[1:], ()]))
    kwargs = {"eps": draw(st.sampled_from([1e-5, 1e-5, 1e-3, 0.5]))}
    assume(not _close_rows(x.value.astype(np.float32 if dtype == np.int64 else dtype), shape,
                           kwargs["eps"]))
    if module:
        kwargs["elementwise_affine"] = draw(st.booleans())
        kwargs["bias"] = draw(st.booleans())
        normalized = shape[0] if len(shape) == 1 and draw(st.booleans()) else shape
        return Case((x, normalized), kwargs, seed=draw(seeds))
    as_int = lambda s: s[0] if s else s  # noqa: E731  (an int: both raise)
    normalized = draw(st.sampled_from([tuple] * 8 + [list] * 3 + [as_int]))(shape)
    p_dtype = dtype if dtype != np.float16 or draw(st.booleans()) else np.float32
    for name in ("weight", "bias"):
        if draw(st.booleans()):
            p_shape = shape if not _rarely(draw) else (1,)  # not normalized_shape: raise
            kind = p_dtype if not _rarely(draw) else np.float64  # another dtype: raise
            kwargs[name] = draw(arrays((kind,), shape=p_shape, flavors=("normal",)))
    return Case((x, normalized), kwargs, seed=draw(seeds))


def layer_norm_layer(L, x, normalized_shape, **settings):
    """nn.LayerNorm with weight and bias set to known values: y, grads, repr, keys."""
    layer = L.nn.LayerNorm(normalized_shape, **settings, dtype=x.dtype)
    params = list(layer.parameters())
    with L.t.no_grad():
        for i, p in enumerate(params):
            shape = tuple(p.shape)
            p.copy_(_const(L, np.linspace(-1.5, 2, int(np.prod(shape))).reshape(shape) + i, p))
    y = layer(x)
    _backward(L, y)
    return [y.detach(), repr(layer), list(layer.state_dict()), tuple(layer.normalized_shape)
            ] + [p.grad for p in params]


@st.composite
def float16_layer_norm_cases(draw) -> Case:
    """float16 inputs, whose weight and bias may be float16 or float32 (not a mix)."""
    case = draw(layer_norm_cases())
    x = Arr(case.args[0].value.astype(np.float16))
    return Case((x, *case.args[1:]), case.kwargs, case.seed)


_layer_norm = lambda L, x, s, **kw: L.F.layer_norm(x, s, **kw)  # noqa: E731
SPECS += [
    Spec("F.layer_norm", _layer_norm, layer_norm_cases()),
    # float16 layer_norm is a known difference in its values (pytorch.md, "float16 is
    # computed in float32"); which dtypes it accepts, and the dtypes it gives, are the same
    Spec("F.layer_norm (float16 dtypes)", _layer_norm, float16_layer_norm_cases(),
         values=False),
    Spec("nn.LayerNorm", layer_norm_layer, layer_norm_cases(module=True), grads_out=True),
]


# ---- normalize and cosine_similarity ---------------------------------------------------
def _dims(ndim: int, more: list) -> st.SearchStrategy:
    """A dim for a tensor of ndim axes: mostly one that exists (-1 first), rarely `more`
    or one out of range (both raise)."""
    valid = [-1, *range(ndim)] if ndim else [-1, 0]
    return st.sampled_from(valid * 4 + more + [ndim])


@st.composite
def normalize_cases(draw) -> Case:
    x = draw(arrays(F32_64 * 3 + (np.float16, np.int64), shape=draw(shapes(max_dims=3)),
                    flavors=("normal", "ties", "edges")))
    ndim = x.value.ndim
    kwargs = {}
    dim = draw(_dims(ndim, [None] + ([(0, -1)] if ndim > 1 else [])))
    if dim != 1 or draw(st.booleans()):
        kwargs["dim"] = dim
    p = draw(st.sampled_from([None, 2.0, 1, 3.0, math.inf, 0.5]))
    if p is not None:
        kwargs["p"] = p
    eps = draw(st.sampled_from([None, 0.5, 1e-3]))
    if eps is not None:
        kwargs["eps"] = eps
    return Case((x,), kwargs, seed=draw(seeds))


@st.composite
def cosine_cases(draw) -> Case:
    s1, s2 = draw(broadcast_shapes())
    if _rarely(draw):
        s2 = s2 + (5,)  # does not broadcast (or a longer last axis): both raise
    kinds = F32_64 * 4 + (np.float16, np.int64, np.bool_)
    a = draw(arrays(kinds, shape=s1, flavors=("normal", "ties", "edges")))
    b = draw(arrays(kinds, shape=s2, flavors=("normal", "ties", "edges")))
    ndim = max(len(s1), len(s2))
    kwargs = {}
    dim = draw(_dims(ndim, [(0,)]))  # a tuple: both raise
    if dim != 1 or draw(st.booleans()):
        kwargs["dim"] = dim
    eps = draw(st.sampled_from([None, None, 0.5, 10.0]))
    if eps is not None:
        kwargs["eps"] = eps
    return Case((a, b), kwargs, seed=draw(seeds))


@st.composite
def float16_cases(draw, cases) -> Case:
    """A case of `cases` with its first tensor in float16."""
    case = draw(cases)
    first = Arr(case.args[0].value.astype(np.float16))
    return Case((first, *case.args[1:]), case.kwargs, case.seed)


_normalize = lambda L, x, **kw: L.F.normalize(x, **kw)  # noqa: E731
_cosine = lambda L, a, b, **kw: L.F.cosine_similarity(a, b, **kw)  # noqa: E731
SPECS += [
    Spec("F.normalize", _normalize, normalize_cases()),
    Spec("F.cosine_similarity", _cosine, cosine_cases(), sums=True),
    # float16 is a known difference (pytorch.md, "float16 is computed in float32": PyTorch
    # rounds the norms to float16, where they may overflow, and every term of the sum);
    # which dtypes the functions accept and give are the same
    Spec("F.normalize (float16 dtypes)", _normalize, float16_cases(normalize_cases()),
         values=False),
    Spec("F.cosine_similarity (float16 dtypes)", _cosine, float16_cases(cosine_cases()),
         values=False),
]
