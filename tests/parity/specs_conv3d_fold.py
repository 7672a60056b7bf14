"""Specs of the 3-D convolution and pools, BatchNorm3d, and unfold / fold: F.conv3d and
mg.conv3d, F.max_pool3d / mg.max_pool3d, F.avg_pool3d, F.adaptive_avg_pool3d and
F.adaptive_max_pool3d, and their modules (nn.Conv3d with copied weights and its
initialisation by its bound, nn.MaxPool3d, nn.AvgPool3d, nn.AdaptiveAvgPool3d,
nn.AdaptiveMaxPool3d, nn.BatchNorm3d over a few training steps); F.unfold, F.fold,
nn.Unfold and nn.Fold.

The 3-D cases are drawn by the 1-D and 2-D strategies (specs_conv_pool.py,
specs_adaptive_pooling.py, specs_batch_norm.py) with three spatial axes: batched,
unbatched and empty batches, every dtype (PyTorch's avg_pool3d refuses float16 as well
as int32 and uint8), and the arguments both libraries refuse; they leave out the same
differences as there (inf and NaN in a convolution, a refused dtype on an empty batch,
a max pool window of padding only). One more is left out: float16 in
adaptive_avg_pool3d, whose PyTorch CPU kernel adds a bin up in float16, rounding after
every element, where minigrad adds in float32 and rounds once (as PyTorch's 1-D and 2-D
kernels do); the results differ in the last bits (docs/guide/pytorch.md).

unfold and fold draw batched, unbatched and empty batches; kernel_size, dilation,
padding and stride as ints or pairs (padding larger than the kernel too: columns of
zeros), now and then refused ones (0, a negative padding, one or three entries);
output sizes whose windows do not match the columns; a row count that is no multiple
of the kernel's size; a kernel larger than the padded input; float dtypes and bool
(both take bool; fold adds bools as "or") and the integer dtypes (both refuse them).
One corner is not drawn: with output_size and padding giving a negative number of
windows along both axes, PyTorch compares only their product with the number of
columns, where minigrad refuses any count below 1.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st
from parity_harness import Arr, Case, Spec
from parity_strategies import F32_64, FLOAT_FLAVORS, FLOATS, seeds, values
from specs_adaptive_pooling import adaptive_cases, adaptive_layer
from specs_batch_norm import module_cases, steps
from specs_conv_pool import conv_cases, conv_layer, conv_layer_cases, pool_cases, pool_layer

# float16 is left out of the adaptive average (see the docstring)
_NO_FLOAT16 = F32_64 * 4 + (np.int64, np.int32, np.uint8, np.bool_)
# avg_pool3d refuses float16, int32, uint8 and bool: those seldom, so that a few draws
# still hold cases it computes
_AVG3D = F32_64 * 8 + FLOATS + (np.int64, np.int32, np.uint8, np.bool_)

SPECS: list[Spec] = [
    Spec("F.conv3d", lambda L, x, w, b, **kw: L.F.conv3d(x, w, b, **kw), conv_cases(3),
         sums=True),
    Spec("mg.conv3d", lambda L, x, w, b, **kw: L.t.conv3d(x, w, b, **kw), conv_cases(3),
         sums=True),
    Spec("F.max_pool3d", lambda L, x, k, **kw: L.F.max_pool3d(x, k, **kw),
         pool_cases(3, "max")),
    # PyTorch's top-level max_pool3d takes no return_indices
    Spec("mg.max_pool3d", lambda L, x, k, **kw: L.t.max_pool3d(x, k, **kw),
         pool_cases(3, "max", indices=False)),
    Spec("F.avg_pool3d", lambda L, x, k, **kw: L.F.avg_pool3d(x, k, **kw),
         pool_cases(3, "avg", dtypes=_AVG3D), sums=True),
    Spec("F.adaptive_avg_pool3d", lambda L, x, s: L.F.adaptive_avg_pool3d(x, s),
         adaptive_cases(3, "avg", dtypes=_NO_FLOAT16), sums=True),
    Spec("F.adaptive_max_pool3d", lambda L, x, s, **kw: L.F.adaptive_max_pool3d(x, s, **kw),
         adaptive_cases(3, "max")),
    Spec("nn.Conv3d", conv_layer, conv_layer_cases(3), grads_out=True, sums=True),
    Spec("nn.MaxPool3d", lambda L, x, k, **kw: pool_layer(L, x, k, 3, "Max", **kw),
         pool_cases(3, "max")),
    Spec("nn.AvgPool3d", lambda L, x, k, **kw: pool_layer(L, x, k, 3, "Avg", **kw),
         pool_cases(3, "avg", dtypes=_AVG3D), sums=True),
    Spec("nn.AdaptiveAvgPool3d", lambda L, x, s: adaptive_layer(L, x, s, 3, "Avg"),
         adaptive_cases(3, "avg", dtypes=_NO_FLOAT16), sums=True),
    Spec("nn.AdaptiveMaxPool3d", lambda L, x, s, **kw: adaptive_layer(L, x, s, 3, "Max", **kw),
         adaptive_cases(3, "max")),
    Spec("nn.BatchNorm3d", lambda L, *a, **kw: steps(L, "BatchNorm3d", *a, **kw),
         module_cases((5,)), grads_out=True, tol=10),
]


def conv3d_init(L, c_in, c_out, kernel, groups):
    """A fresh Conv3d: shapes, dtypes, repr, and whether its weights lie within PyTorch's
    bound 1/sqrt(fan_in) (the draws themselves differ)."""
    layer = L.nn.Conv3d(c_in, c_out, kernel, groups=groups)
    bound = 1 / math.sqrt(c_in // groups * math.prod(kernel))
    w, b = layer.weight.detach().numpy(), layer.bias.detach().numpy()
    return [layer.weight.detach(), layer.bias.detach(), repr(layer),
            bool(np.abs(w).max() <= bound), bool(np.abs(b).max() <= bound)]


SPECS.append(Spec("nn.Conv3d (initialisation)", conv3d_init, st.builds(
    lambda c, o, k, g, s: Case((c * g, o * g, k, g), seed=s), st.integers(1, 3),
    st.integers(1, 3), st.tuples(*[st.integers(1, 3)] * 3), st.sampled_from([1, 2]), seeds),
    values=False))


# ---- unfold and fold ----------------------------------------------------------------------
_DTYPES = FLOATS * 4 + (np.bool_, np.bool_, np.int64, np.int32, np.uint8)


def _pair(draw, choices: list[int], refused: list) -> object:
    """An int or a pair of ints from `choices`; rarely one both libraries refuse."""
    if draw(st.sampled_from([False] * 25 + [True])):
        return draw(st.sampled_from(refused))
    if draw(st.booleans()):
        return draw(st.sampled_from(choices))
    pair = (draw(st.sampled_from(choices)), draw(st.sampled_from(choices)))
    return list(pair) if draw(st.sampled_from([False] * 4 + [True])) else pair


def _per_axis(value) -> tuple[int, int]:
    return tuple(value) if isinstance(value, (tuple, list)) else (value, value)


@st.composite
def window_arguments(draw) -> dict:
    kwargs = {"kernel_size": _pair(draw, [1, 2, 2, 3], [0, (2,), (2, 2, 2)])}
    for name, choices, refused in (("dilation", [1, 1, 2], [0]),
                                   ("padding", [0, 0, 1, 2, 4], [-1]),
                                   ("stride", [1, 1, 2, 3], [0, (1, 0)])):
        if draw(st.booleans()):
            kwargs[name] = _pair(draw, choices, refused)
    return kwargs


def _value(draw, dtype, shape) -> Arr:
    flavor = draw(st.sampled_from(FLOAT_FLAVORS)) if np.dtype(dtype).kind == "f" else "normal"
    return Arr(values(dtype, tuple(shape), flavor, draw(seeds)))


@st.composite
def unfold_cases(draw) -> Case:
    dtype = draw(st.sampled_from(_DTYPES))
    batch = draw(st.sampled_from([(2,), (1,), (), (0,)]))
    channels = draw(st.sampled_from([1, 2, 3] * 5 + [0]))  # 0: both raise
    spatial = [draw(st.integers(1, 6)) for _ in range(2)]  # the kernel may not fit: both raise
    if draw(st.sampled_from([False] * 20 + [True])):
        batch = (1, 1)  # one axis too many: both raise
    return Case((_value(draw, dtype, batch + (channels, *spatial)),), draw(window_arguments()),
                seed=draw(seeds))


def _valid(kwargs) -> bool:
    """Whether the window arguments are ones both libraries take."""
    for name in ("kernel_size", "dilation", "padding", "stride"):
        value = kwargs.get(name, 0 if name == "padding" else 1)
        if isinstance(value, (tuple, list)) and len(value) != 2:
            return False
        if min(_per_axis(value)) < (0 if name == "padding" else 1):
            return False
    return True


@st.composite
def fold_cases(draw) -> Case:
    dtype = draw(st.sampled_from(_DTYPES))
    kwargs = draw(window_arguments())
    out = (draw(st.integers(1, 6)), draw(st.integers(1, 6)))
    size = out if draw(st.sampled_from([True] * 3 + [False])) else out[0]  # an int: square
    out = _per_axis(size)
    if _valid(kwargs):
        k, dl, p, s = (_per_axis(kwargs.get(n, d)) for n, d in (
            ("kernel_size", 1), ("dilation", 1), ("padding", 0), ("stride", 1)))
        blocks = [(n + 2 * p_ - d_ * (k_ - 1) - 1) // s_ + 1
                  for n, k_, d_, p_, s_ in zip(out, k, dl, p, s)]
        length = math.prod(blocks) if min(blocks) >= 1 else 1
        assume(min(blocks) >= 1 or math.prod(blocks) != 1)  # see the docstring
        rows = math.prod(k) * draw(st.integers(1, 3))
    else:
        length, rows = 4, 4
    if draw(st.sampled_from([False] * 15 + [True])):
        length += 1  # not the number of windows: both raise
    if draw(st.sampled_from([False] * 20 + [True])):
        rows += 1  # no multiple of the kernel's size: both raise
    batch = draw(st.sampled_from([(2,), (1,), (), (0,)]))
    return Case((_value(draw, dtype, batch + (rows, length)), size), kwargs, seed=draw(seeds))


def fold_layer(L, x, *size, **kwargs):
    """nn.Unfold (no size) or nn.Fold: the output and the repr."""
    layer = L.nn.Fold(*size, **kwargs) if size else L.nn.Unfold(**kwargs)
    return [layer(x), repr(layer)]


SPECS += [
    Spec("F.unfold", lambda L, x, **kw: L.F.unfold(x, **kw), unfold_cases()),
    Spec("F.fold", lambda L, x, size, **kw: L.F.fold(x, size, **kw), fold_cases(), sums=True),
    Spec("nn.Unfold", fold_layer, unfold_cases()),
    Spec("nn.Fold", fold_layer, fold_cases(), sums=True),
]
