"""Specs of the transposed convolutions: F.conv_transpose1d/2d/3d (also as mg.*), and
nn.ConvTranspose1d/2d/3d with copied weights (their output, the weights' gradients, the
repr, and forward's output_size=), and their initialisation by its bound.

The cases draw batched, unbatched and empty batches; stride, padding, output_padding
(also where output_padding >= stride but < dilation, which PyTorch allows), dilation and
groups, as ints and tuples; every dtype (PyTorch takes the floats and int64 and refuses
the rest); and arguments both libraries refuse: output_padding not smaller than the
stride or the dilation, an output size below 1 (too much padding), a channel mismatch,
stride 0, an output_size= out of range.

Kept out of the draws, as in specs_conv_pool.py (the registry of known differences is
full): inf and NaN (which outputs turn NaN is up to the matrix-product kernel), an empty
batch with a refused dtype, a refused output_padding or an output of 0 positions (PyTorch
checks these only when its kernel runs, and it does not run on N = 0), an output of
exactly 0 positions (PyTorch's float32 kernel returns an empty result, its others raise,
as minigrad does), and a bias
of another dtype than the input (PyTorch takes a float64 bias with float32 input;
minigrad asks for one dtype, as its conv1d/conv2d do). docs/guide/pytorch.md lists them.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st
from parity_harness import Arr, Case, Spec, weights_for
from parity_strategies import FLOATS, seeds, values

SPECS: list[Spec] = []

_FLAVORS = ("normal", "ties")  # finite values only (see the docstring)
_MOSTLY_FLOATS = FLOATS * 4 + (np.int64, np.int64, np.int32, np.uint8, np.bool_)


def _value(draw, dtype, shape, grad: bool = True) -> Arr:
    flavor = draw(st.sampled_from(_FLAVORS)) if np.dtype(dtype).kind == "f" else "normal"
    return Arr(values(dtype, tuple(shape), flavor, draw(seeds)), grad=grad)


def _per_axis(draw, d: int, choices: list[int]):
    """An int, or a tuple of d ints, from `choices`."""
    if draw(st.booleans()):
        return draw(st.sampled_from(choices))
    return tuple(draw(st.sampled_from(choices)) for _ in range(d))


def _settings(draw, d: int, groups: int, wrong: bool) -> dict:
    """stride, padding, output_padding, dilation and groups, each drawn or left out;
    `wrong` lets stride 0 and too large an output_padding through (both libraries raise)."""
    kwargs = {}
    if draw(st.booleans()):
        kwargs["stride"] = _per_axis(draw, d, [1, 2, 2, 3] + ([0] if wrong else []))
    if draw(st.booleans()):
        kwargs["padding"] = _per_axis(draw, d, [0, 1, 2])
    if draw(st.booleans()):
        kwargs["dilation"] = _per_axis(draw, d, [1, 2])
    if draw(st.booleans()):
        kwargs["output_padding"] = _per_axis(draw, d, [0, 1, 1] + ([2] if wrong else []))
        if not wrong:  # keep it valid: smaller than the stride or the dilation on every axis
            stride, dilation = (kwargs.get(k, 1) for k in ("stride", "dilation"))
            allowed = [max(s, dl) - 1 for s, dl in zip(*(
                v if isinstance(v, tuple) else (v,) * d for v in (stride, dilation)))]
            extra = kwargs["output_padding"]
            extra = extra if isinstance(extra, tuple) else (extra,) * d
            kwargs["output_padding"] = tuple(min(e, a) for e, a in zip(extra, allowed))
    if groups > 1 or draw(st.sampled_from([0] * 9 + [1])):
        kwargs["groups"] = groups
    return kwargs


# ---- F.conv_transpose1d/2d/3d ----------------------------------------------------------------
@st.composite
def conv_transpose_cases(draw, d: int) -> Case:
    dtype = draw(st.sampled_from(_MOSTLY_FLOATS))
    groups = draw(st.sampled_from([1, 1, 2]))
    c_in, per_group = groups * draw(st.integers(1, 2)), draw(st.integers(1, 2))
    kernel = [draw(st.integers(1, 3)) for _ in range(d)]
    refused = np.dtype(dtype).kind != "f" and dtype != np.int64
    # an empty batch only of the dtypes both libraries take (see the docstring)
    batch = draw(st.sampled_from([(2,), (1,), ()] + ([] if refused else [(0,)])))
    spatial = [draw(st.integers(1, 4 if d < 3 else 3)) for _ in range(d)]
    w_in = c_in + (1 if draw(st.sampled_from([0] * 12 + [1])) else 0)  # rarely wrong
    x = _value(draw, dtype, batch + (c_in, *spatial))
    w = _value(draw, dtype, (w_in, per_group, *kernel))
    b = _value(draw, dtype, (per_group * groups,)) if draw(st.booleans()) else None
    empty = batch == (0,)
    kwargs = _settings(draw, d, groups, wrong=not empty and draw(st.sampled_from(
        [False] * 6 + [True])))
    if empty:  # no padding: an output of at least 1 position (see the docstring)
        kwargs.pop("padding", None)
    assume(0 not in _output_sizes(spatial, kernel, kwargs))  # (see the docstring)
    return Case((x, w, b), kwargs, seed=draw(seeds))


def _output_sizes(spatial, kernel, kwargs) -> list[int]:
    """PyTorch's output size of each spatial axis, with the settings drawn."""
    d = len(spatial)
    s, p, op, dl = (_tuple(kwargs.get(k, v), d) for k, v in (
        ("stride", 1), ("padding", 0), ("output_padding", 0), ("dilation", 1)))
    return [(n - 1) * si - 2 * pi + di * (k - 1) + oi + 1 for n, si, pi, oi, di, k in
            zip(spatial, s, p, op, dl, kernel)]


for _d in (1, 2, 3):
    for _prefix, _where in (("F", "F"), ("mg", "t")):
        SPECS.append(Spec(
            f"{_prefix}.conv_transpose{_d}d",
            lambda L, x, w, b, _w=_where, _n=f"conv_transpose{_d}d", **kw:
                getattr(getattr(L, _w), _n)(x, w, b, **kw),
            conv_transpose_cases(_d), sums=True))


# ---- nn.ConvTranspose1d/2d/3d ----------------------------------------------------------------
def _const(L, array, like):
    t = L.tensor(np.asarray(array))
    return t.to(like.dtype) if L.name == "torch" else t.astype(like.dtype)


@st.composite
def layer_cases(draw, d: int) -> Case:
    dtype = draw(st.sampled_from(FLOATS))
    groups = draw(st.sampled_from([1, 2]))
    c_in, per_group = groups * draw(st.integers(1, 2)), draw(st.integers(1, 2))
    kernel = [draw(st.integers(1, 3)) for _ in range(d)]
    batch = draw(st.sampled_from([(2,), ()]))
    x = _value(draw, dtype, batch + (c_in, *[draw(st.integers(1, 3)) for _ in range(d)]))
    w = _value(draw, dtype, (c_in, per_group, *kernel), grad=False)
    b = _value(draw, dtype, (per_group * groups,), grad=False) if draw(st.booleans()) else None
    kwargs = _settings(draw, d, groups, wrong=False)
    kwargs["groups"] = groups
    smallest = {k: v for k, v in kwargs.items() if k != "output_padding"}
    assume(min(_output_sizes(x.value.shape[-d:], kernel, smallest)) > 0)  # a valid layer
    # output_size= instead of output_padding: the spatial sizes or the whole shape, one
    # larger than the stride allows now and then (both raise)
    size_offsets = None
    if draw(st.booleans()):
        kwargs.pop("output_padding", None)
        size_offsets = (draw(st.booleans()),
                        tuple(draw(st.sampled_from([0, 0, 1, 1, 2])) for _ in range(d)))
    return Case((x, w, b), {"size_offsets": size_offsets, **kwargs}, seed=draw(seeds))


def _tuple(v, d):
    return v if isinstance(v, tuple) else (v,) * d


def layer(L, x, w, b, size_offsets=None, **kwargs):
    """nn.ConvTransposeNd with the given weights: its output, the weights' gradients and its
    repr; with size_offsets, forward gets output_size= (the smallest size plus them)."""
    d = w.ndim - 2
    module = getattr(L.nn, f"ConvTranspose{d}d")(w.shape[0], w.shape[1] * kwargs["groups"],
                                                 tuple(w.shape[2:]), bias=b is not None,
                                                 dtype=w.dtype, **kwargs)
    with L.t.no_grad():
        module.weight.copy_(w)
        if b is not None:
            module.bias.copy_(b)
    if size_offsets is None:
        y = module(x)
    else:
        whole, offsets = size_offsets
        s, p, dl = (_tuple(kwargs.get(k, v), d) for k, v in
                    (("stride", 1), ("padding", 0), ("dilation", 1)))
        sizes = [(n - 1) * si - 2 * pi + di * (k - 1) + 1 + o for n, si, pi, di, k, o in
                 zip(x.shape[-d:], s, p, dl, w.shape[2:], offsets)]
        y = module(x, output_size=list(x.shape[:-d]) + sizes if whole else sizes)
    y.backward(_const(L, weights_for(tuple(y.shape), 0, 0), y))
    grads = [module.weight.grad] + ([module.bias.grad] if b is not None else [])
    return [y.detach(), repr(module)] + grads


def init(L, c_in, c_out, kernel, groups):
    """A fresh layer: shapes, dtypes, repr, and whether its weights lie within PyTorch's
    bound 1/sqrt(fan_in), fan_in = out_channels / groups * kernel size (the weight's axis
    1: the transposed layout)."""
    module = L.nn.ConvTranspose2d(c_in, c_out, kernel, groups=groups)
    bound = 1 / math.sqrt(c_out // groups * kernel * kernel)
    w, b = module.weight.detach().numpy(), module.bias.detach().numpy()
    return [module.weight.detach(), module.bias.detach(), repr(module),
            bool(np.abs(w).max() <= bound), bool(np.abs(b).max() <= bound),
            [n for n, _ in module.named_parameters()]]


_init_cases = st.builds(lambda c, o, k, g, s: Case((c * g, o * g, k, g), seed=s),
                        st.integers(1, 3), st.integers(1, 3), st.integers(1, 3),
                        st.sampled_from([1, 2]), seeds)

SPECS += [
    Spec(f"nn.ConvTranspose{_d}d", layer, layer_cases(_d), grads_out=True, sums=True)
    for _d in (1, 2, 3)
]
SPECS.append(Spec("nn.ConvTranspose2d (initialisation)", init, _init_cases, values=False))
