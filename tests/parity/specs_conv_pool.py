"""Specs of convolution and pooling: F.conv1d/conv2d, F.max_pool1d/2d, F.avg_pool1d/2d and
their modules (nn.Conv1d/Conv2d with copied weights, their initialisation by its bound,
nn.MaxPool1d/2d, nn.AvgPool1d/2d, with their reprs).

The cases draw batched, unbatched and empty batches; stride, padding (ints, tuples,
'same', 'valid'), dilation, groups, ceil_mode, count_include_pad, divisor_override and
return_indices; every dtype (the integer ones and bool where PyTorch refuses them); ties,
NaN and inf in the pools; and arguments both libraries refuse: a kernel larger than the
padded input, a channel mismatch, stride 0, 'same' with a stride, padding over half a
kernel.

Three differences of docs/guide/pytorch.md are not drawn (the registry of known
differences is full): inf and NaN in a convolution (which outputs turn NaN is up to the
matrix-product kernel, in both libraries), a dtype a convolution refuses on an empty
batch (PyTorch checks it only when its kernel runs), and a max pool window that reads
padding only (PyTorch returns -inf with an index outside the input).
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st
from parity_harness import Arr, Case, Spec, weights_for
from parity_strategies import FLOAT_FLAVORS, FLOATS, seeds, values

SPECS: list[Spec] = []

# finite values only in convolutions (see the docstring)
_CONV_FLAVORS = ("normal", "ties")
_MOSTLY_FLOATS = FLOATS * 4 + (np.int64, np.int32, np.uint8, np.bool_)


def _value(draw, dtype, shape, grad: bool = True, flavors=FLOAT_FLAVORS) -> Arr:
    """An Arr of `dtype`: floats of the flavors (ties, NaN, inf), small integers."""
    flavor = draw(st.sampled_from(flavors)) if np.dtype(dtype).kind == "f" else "normal"
    return Arr(values(dtype, tuple(shape), flavor, draw(seeds)), grad=grad)


def _per_axis(draw, d: int, choices: list[int]):
    """An int, or a tuple of d ints, from `choices`."""
    if draw(st.booleans()):
        return draw(st.sampled_from(choices))
    return tuple(draw(st.sampled_from(choices)) for _ in range(d))


# ---- conv1d and conv2d -----------------------------------------------------------------------
@st.composite
def conv_cases(draw, d: int) -> Case:
    dtype = draw(st.sampled_from(_MOSTLY_FLOATS))
    groups = draw(st.sampled_from([1, 1, 2]))
    c_in, c_out = groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 2))
    kernel = [draw(st.integers(1, 3)) for _ in range(d)]
    refused = dtype == np.bool_ or np.dtype(dtype).kind in "iu" and dtype != np.int64
    # an empty batch only of the dtypes both libraries take (see the docstring)
    batch = draw(st.sampled_from([(2,), (1,), ()] + ([] if refused else [(0,)])))
    spatial = [draw(st.integers(1, 6)) for _ in range(d)]  # the kernel may not fit: both raise
    w_in = c_in // groups + (1 if draw(st.sampled_from([0] * 12 + [1])) else 0)  # rarely wrong
    x = _value(draw, dtype, batch + (c_in, *spatial), flavors=_CONV_FLAVORS)
    w = _value(draw, dtype, (c_out, w_in, *kernel), flavors=_CONV_FLAVORS)
    b = _value(draw, dtype, (c_out,), flavors=_CONV_FLAVORS) if draw(st.booleans()) else None
    kwargs = {}
    if draw(st.booleans()):
        kwargs["stride"] = _per_axis(draw, d, [1, 1, 2, 3, 0])  # 0: both raise
    if draw(st.booleans()):
        kwargs["padding"] = draw(st.sampled_from(
            [0, 1, 2, "same", "same", "valid", _per_axis(draw, d, [0, 1, 2])]))
    if draw(st.booleans()):
        kwargs["dilation"] = _per_axis(draw, d, [1, 2])
    if groups > 1 or draw(st.sampled_from([0] * 9 + [1])):
        kwargs["groups"] = groups
    return Case((x, w, b), kwargs, seed=draw(seeds))


SPECS += [
    Spec("F.conv1d", lambda L, x, w, b, **kw: L.F.conv1d(x, w, b, **kw), conv_cases(1),
         sums=True),
    Spec("F.conv2d", lambda L, x, w, b, **kw: L.F.conv2d(x, w, b, **kw), conv_cases(2),
         sums=True),
    Spec("mg.conv1d", lambda L, x, w, b, **kw: L.t.conv1d(x, w, b, **kw), conv_cases(1),
         sums=True),
    Spec("mg.conv2d", lambda L, x, w, b, **kw: L.t.conv2d(x, w, b, **kw), conv_cases(2),
         sums=True),
]


# ---- the pools --------------------------------------------------------------------------------
def _reads_padding_only(shape, kernel, kwargs, d: int) -> bool:
    """Whether a max pool window would read padding only (see the docstring); False where
    the arguments are refused anyway."""
    def per_axis(v):
        v = tuple(v) if isinstance(v, (tuple, list)) else (v,)
        return v * d if len(v) == 1 else v

    ks, pads = per_axis(kernel), per_axis(kwargs.get("padding", 0))
    strides, dils = per_axis(kwargs.get("stride", kernel)), per_axis(kwargs.get("dilation", 1))
    ceil = kwargs.get("ceil_mode", False)
    for size, k, s, p, dl in zip(shape[-d:], ks, strides, pads, dils):
        out = (size + 2 * p - dl * (k - 1) - 1 + (s - 1 if ceil else 0)) // s + 1
        if ceil and (out - 1) * s >= size + p:
            out -= 1
        if p > k // 2 or out < 1:
            return False
        reach = (np.arange(out) * s - p)[:, None] + dl * np.arange(k)
        if not ((reach >= 0) & (reach < size)).any(axis=1).all():
            return True
    return False


@st.composite
def pool_cases(draw, d: int, kind: str, indices: bool = True,
               dtypes: tuple = _MOSTLY_FLOATS) -> Case:
    dtype = draw(st.sampled_from(dtypes))
    batch = draw(st.sampled_from([(2,), (1,), (), (0,)]))
    channels = draw(st.sampled_from([1, 2, 3, 2, 0]))  # 0: both raise
    spatial = [draw(st.integers(1, 7)) for _ in range(d)]
    x = _value(draw, dtype, batch + (channels, *spatial))
    kernel = _per_axis(draw, d, [1, 2, 2, 3])
    kwargs = {}
    if draw(st.booleans()):
        kwargs["stride"] = _per_axis(draw, d, [1, 2, 3])
    if draw(st.booleans()):
        kwargs["padding"] = _per_axis(draw, d, [0, 1, 1, 2])  # over half a kernel: both raise
    if draw(st.booleans()):
        kwargs["ceil_mode"] = True
    if kind == "max":
        if draw(st.booleans()):
            kwargs["dilation"] = _per_axis(draw, d, [1, 2])
        if indices and draw(st.booleans()):
            kwargs["return_indices"] = True
        assume(not _reads_padding_only(x.value.shape, kernel, kwargs, d))
    else:
        if draw(st.booleans()):
            kwargs["count_include_pad"] = False
        if d >= 2 and draw(st.booleans()):
            kwargs["divisor_override"] = draw(st.sampled_from([3, -2, 1, 0]))  # 0: both raise
    return Case((x, kernel), kwargs, seed=draw(seeds))


for _d in (1, 2):
    SPECS += [
        Spec(f"F.max_pool{_d}d", lambda L, x, k, d=_d, **kw: getattr(L.F, f"max_pool{d}d")(
            x, k, **kw), pool_cases(_d, "max")),
        Spec(f"F.avg_pool{_d}d", lambda L, x, k, d=_d, **kw: getattr(L.F, f"avg_pool{d}d")(
            x, k, **kw), pool_cases(_d, "avg"), sums=True),
        # PyTorch's top-level max_pool1d/2d take no return_indices
        Spec(f"mg.max_pool{_d}d", lambda L, x, k, d=_d, **kw: getattr(L.t, f"max_pool{d}d")(
            x, k, **kw), pool_cases(_d, "max", indices=False)),
    ]
SPECS.append(Spec("mg.avg_pool1d", lambda L, x, k, **kw: L.t.avg_pool1d(x, k, **kw),
                  pool_cases(1, "avg"), sums=True))


# ---- the layers ---------------------------------------------------------------------------------
def _const(L, array, like):
    t = L.tensor(np.asarray(array))
    return t.to(like.dtype) if L.name == "torch" else t.astype(like.dtype)


@st.composite
def conv_layer_cases(draw, d: int) -> Case:
    dtype = draw(st.sampled_from(FLOATS))
    groups = draw(st.sampled_from([1, 2]))
    c_in, c_out = groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 2))
    kernel = [draw(st.integers(1, 3)) for _ in range(d)]
    batch = draw(st.sampled_from([(2,), ()]))
    x = _value(draw, dtype, batch + (c_in, *[draw(st.integers(3, 6)) for _ in range(d)]),
               flavors=_CONV_FLAVORS)
    w = _value(draw, dtype, (c_out, c_in // groups, *kernel), grad=False, flavors=_CONV_FLAVORS)
    b = _value(draw, dtype, (c_out,), grad=False, flavors=_CONV_FLAVORS) if draw(
        st.booleans()) else None
    kwargs = {"groups": groups}
    for name, choices in (("stride", [1, 2]), ("padding", [0, 1, "same"]),
                          ("dilation", [1, 2])):
        if draw(st.booleans()):
            kwargs[name] = draw(st.sampled_from(choices))
    if kwargs.get("padding") == "same":
        kwargs.pop("stride", None)
    return Case((x, w, b), kwargs, seed=draw(seeds))


def conv_layer(L, x, w, b, **kwargs):
    """nn.ConvNd with the given weights: its output, the weights' gradients and its repr."""
    d = w.ndim - 2
    layer = getattr(L.nn, f"Conv{d}d")(w.shape[1] * kwargs["groups"], w.shape[0],
                                       tuple(w.shape[2:]), bias=b is not None, dtype=w.dtype,
                                       **kwargs)
    with L.t.no_grad():
        layer.weight.copy_(w)
        if b is not None:
            layer.bias.copy_(b)
    y = layer(x)
    y.backward(_const(L, weights_for(tuple(y.shape), 0, 0), y))
    grads = [layer.weight.grad] + ([layer.bias.grad] if b is not None else [])
    return [y.detach(), repr(layer)] + grads


def conv_init(L, c_in, c_out, kernel, groups):
    """A fresh layer: shapes, dtypes, repr, and whether its weights lie within PyTorch's
    bound 1/sqrt(fan_in) (the draws themselves differ)."""
    layer = L.nn.Conv2d(c_in, c_out, kernel, groups=groups)
    fan_in = c_in // groups * kernel * kernel
    bound = 1 / math.sqrt(fan_in)
    w, b = layer.weight.detach().numpy(), layer.bias.detach().numpy()
    return [layer.weight.detach(), layer.bias.detach(), repr(layer), bool(np.abs(w).max() <= bound),
            bool(np.abs(b).max() <= bound), [n for n, _ in layer.named_parameters()]]


_init_cases = st.builds(lambda c, o, k, g, s: Case((c * g, o * g, k, g), seed=s),
                        st.integers(1, 3), st.integers(1, 3), st.integers(1, 3),
                        st.sampled_from([1, 2]), seeds)

SPECS += [
    Spec("nn.Conv1d", conv_layer, conv_layer_cases(1), grads_out=True, sums=True),
    Spec("nn.Conv2d", conv_layer, conv_layer_cases(2), grads_out=True, sums=True),
    Spec("nn.Conv2d (initialisation)", conv_init, _init_cases, values=False),
]


def pool_layer(L, x, kernel, d, kind, **kwargs):
    """nn.MaxPoolNd / nn.AvgPoolNd: the output (values and indices) and the repr."""
    layer = getattr(L.nn, f"{kind}Pool{d}d")(kernel, **kwargs)
    out = layer(x)
    return [out, repr(layer)]


for _d in (1, 2):
    for _kind in ("Max", "Avg"):
        SPECS.append(Spec(
            f"nn.{_kind}Pool{_d}d",
            lambda L, x, k, d=_d, kind=_kind, **kw: pool_layer(L, x, k, d, kind, **kw),
            pool_cases(_d, _kind.lower()), sums=_kind == "Avg"))
