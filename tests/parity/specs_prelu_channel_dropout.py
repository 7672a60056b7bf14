"""Specs of F.prelu and nn.PReLU (one slope, or one per channel), nn.Softmax2d, and
channel-wise dropout (F.dropout1d, F.dropout2d, nn.Dropout1d, nn.Dropout2d): dropout's
masks are random numbers, so its specs compare shapes, dtypes and the errors
(values=False), and its evaluation mode, which is the identity, by value."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from parity_harness import Arr, Case, Spec
from parity_strategies import FLOATS, seeds, shapes, values

SPECS: list[Spec] = []


@st.composite
def prelu_cases(draw, flavors=("normal", "ties", "edges")) -> Case:
    dtype = draw(st.sampled_from(FLOATS * 3 + (np.int64,)))
    shape = draw(shapes(min_dims=0, max_dims=4))
    x = values(dtype, shape, draw(st.sampled_from(flavors)), draw(seeds))
    wdtype = dtype if np.dtype(dtype).kind == "f" else np.float32
    if draw(st.sampled_from([False] * 9 + [True])):
        wdtype = np.float64 if wdtype != np.float64 else np.float32  # refused by both
    channels = shape[1] if len(shape) >= 2 else 1
    n = draw(st.sampled_from([1, channels, channels, channels + 1]))
    wshape = draw(st.sampled_from([(n,), (n,), (1, n), ()])) if n == 1 else \
        draw(st.sampled_from([(n,)] * 5 + [(1, n)]))
    w = values(wdtype, wshape, "normal", draw(seeds))
    return Case((Arr(x), Arr(w)), seed=draw(seeds))


SPECS += [
    Spec("F.prelu", lambda L, x, w: L.F.prelu(x, w), prelu_cases()),
    Spec("nn.PReLU", lambda L, x, w: _prelu_module(L, x, w), prelu_cases(("normal", "ties")),
         grads_out=True),
]


def _prelu_module(L, x, w):
    """nn.PReLU with the case's weight (when it is a vector of the input's float dtype)."""
    layer = L.nn.PReLU(max(w.numel(), 1) if w.ndim == 1 else 1, dtype=x.dtype)
    if w.ndim == 1:
        with L.t.no_grad():
            layer.weight.copy_(w.detach())
    y = layer(x * 1)
    (y * y).sum().backward()
    return [repr(layer), y.detach(), layer.weight.grad]


@st.composite
def softmax2d_cases(draw) -> Case:
    dtype = draw(st.sampled_from(FLOATS))
    ndim = draw(st.sampled_from([3, 4, 3, 4, 2, 5]))  # 2 and 5 axes: both refuse
    shape = draw(shapes(min_dims=ndim, max_dims=ndim))
    return Case((Arr(values(dtype, shape, "normal", draw(seeds))),), seed=draw(seeds))


SPECS.append(Spec("nn.Softmax2d", lambda L, x: L.nn.Softmax2d()(x), softmax2d_cases()))


@st.composite
def dropout_cases(draw) -> Case:
    # floats only: minigrad's dropout refuses integer input even where it would change
    # nothing (training=False, p=0), as F.dropout does (specs_nn_more.py)
    dtype = draw(st.sampled_from(FLOATS))
    ndim = draw(st.sampled_from([2, 3, 4, 2, 3, 4, 1, 5]))  # mostly what they take
    shape = draw(shapes(min_dims=ndim, max_dims=ndim))
    x = values(dtype, shape, "normal", draw(seeds))
    kwargs = {"p": draw(st.sampled_from([0.5, 0.2, 0.0, 1.0, 1.5]))}
    return Case((Arr(x),), kwargs, seed=draw(seeds))


SPECS += [
    Spec("F.dropout1d", lambda L, x, **kw: L.F.dropout1d(x, **kw), dropout_cases(),
         values=False),
    Spec("F.dropout1d(training=False)",
         lambda L, x, **kw: L.F.dropout1d(x, training=False, **kw), dropout_cases()),
    Spec("F.dropout2d(4D)", lambda L, x, **kw: L.F.dropout2d(x, **kw),
         dropout_cases().filter(lambda c: c.args[0].value.ndim == 4), values=False),
    Spec("nn.Dropout1d", lambda L, x, **kw: L.nn.Dropout1d(**kw)(x), dropout_cases(),
         values=False),
    Spec("nn.Dropout2d.eval", lambda L, x, **kw: L.nn.Dropout2d(**kw).eval()(x),
         dropout_cases().filter(lambda c: c.args[0].value.ndim == 4)),
    Spec("channel dropout reprs", lambda L: [repr(L.nn.Dropout1d()),
                                            repr(L.nn.Dropout2d(0.3, True))],
         st.just(Case(()))),
]
