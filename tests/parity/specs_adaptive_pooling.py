"""Specs of adaptive pooling: F.adaptive_avg_pool1d/2d, F.adaptive_max_pool1d/2d (with
return_indices) and their modules nn.AdaptiveAvgPool1d/2d, nn.AdaptiveMaxPool1d/2d (with
their reprs).

The cases draw batched, unbatched and empty batches, empty channels (the average takes
them, the max refuses them when batched), output sizes below, equal to and above the
input's (overlapping bins), 0 (an empty output; PyTorch's own backward refuses it, so
gradients are not compared there), None entries (2-D), lists; every dtype (the integer
ones and bool, which both refuse); ties, NaN and inf; and arguments both refuse: a
negative output size, the wrong number of entries, the wrong number of axes, an empty
spatial axis; except where an average to one element per channel is PyTorch's mean over
the spatial axes, which takes those last two (2-D) and refuses every integer dtype.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from parity_harness import Arr, Case, Spec
from parity_strategies import FLOAT_FLAVORS, FLOATS, seeds, values

SPECS: list[Spec] = []

_MOSTLY_FLOATS = FLOATS * 4 + (np.int64, np.int32, np.uint8, np.bool_)


@st.composite
def output_sizes(draw, d: int):
    """An int, or a tuple or list of d entries (None among them for 2-D and 3-D); rarely one
    both libraries refuse: negative, or the wrong number of entries."""
    entry = st.sampled_from([1, 1, 2, 3, 4, 5, 7, 0] + ([None, None] if d >= 2 else []))
    kind = draw(st.sampled_from(["int", "tuple", "tuple", "list", "bad"]))
    if kind == "int":
        return draw(st.sampled_from([1, 2, 3, 5, 0]))
    if kind == "bad":
        return draw(st.sampled_from([-1, (2,) * (d + 1), (-1,) * d]))
    size = tuple(draw(entry) for _ in range(d))
    return list(size) if kind == "list" else size


@st.composite
def adaptive_cases(draw, d: int, kind: str, indices: bool = True,
                   dtypes: tuple = _MOSTLY_FLOATS) -> Case:
    dtype = draw(st.sampled_from(dtypes))
    batch = draw(st.sampled_from([(2,), (1,), (), (0,)]))
    channels = draw(st.sampled_from([1, 2, 3, 2, 0]))
    spatial = [draw(st.integers(1, 7)) for _ in range(d)]
    if draw(st.sampled_from([0] * 15 + [1])):
        spatial[-1] = 0  # both raise
    axes = draw(st.sampled_from(["right"] * 14 + ["more", "fewer"]))
    if axes == "more":
        batch = (1, 1)  # one axis too many: both raise (but for PyTorch's mean, see below)
    flavor = draw(st.sampled_from(FLOAT_FLAVORS)) if np.dtype(dtype).kind == "f" else "normal"
    shape = tuple(spatial) if axes == "fewer" else batch + (channels, *spatial)
    x = Arr(values(dtype, shape, flavor, draw(seeds)))
    kwargs = {}
    if kind == "max" and indices and draw(st.booleans()):
        kwargs["return_indices"] = True
    return Case((x, draw(output_sizes(d))), kwargs, seed=draw(seeds))


def adaptive_layer(L, x, size, d, kind, **kwargs):
    """nn.AdaptiveAvgPoolNd / nn.AdaptiveMaxPoolNd: the output (values and indices) and
    the repr."""
    layer = getattr(L.nn, f"Adaptive{kind}Pool{d}d")(size, **kwargs)
    return [layer(x), repr(layer)]


for _d in (1, 2):
    SPECS += [
        Spec(f"F.adaptive_avg_pool{_d}d",
             lambda L, x, s, d=_d: getattr(L.F, f"adaptive_avg_pool{d}d")(x, s),
             adaptive_cases(_d, "avg"), sums=True),
        Spec(f"F.adaptive_max_pool{_d}d",
             lambda L, x, s, d=_d, **kw: getattr(L.F, f"adaptive_max_pool{d}d")(x, s, **kw),
             adaptive_cases(_d, "max")),
    ]
    for _kind in ("Avg", "Max"):
        SPECS.append(Spec(
            f"nn.Adaptive{_kind}Pool{_d}d",
            lambda L, x, s, d=_d, kind=_kind, **kw: adaptive_layer(L, x, s, d, kind, **kw),
            adaptive_cases(_d, _kind.lower()), sums=_kind == "Avg"))
