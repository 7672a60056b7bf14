"""Specs of picking, placing and rearranging: gather, scatter(_add), index_select,
index_add, repeat, tile, flip, roll, tril, triu, masked_fill, pad, split, chunk,
unbind, t, mm, bmm, mv, dot, outer, clone, view(-1)."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from parity_harness import Arr, Case, Spec
from parity_strategies import ALL, F32_64, FLOATS, INTS, arrays, seeds, shapes

SPECS: list[Spec] = []
INDEX_DTYPES = (np.int64, np.int64, np.int64, np.int32)


def _index(draw, shape, high, bad: bool = True) -> Arr:
    """Indices in [0, high) of `shape`; now and then one out of range (both must raise)."""
    rng = np.random.default_rng(draw(seeds))
    values = rng.integers(0, max(high, 1), size=shape)
    if bad and values.size and draw(st.sampled_from([False] * 9 + [True])):
        values.flat[0] = draw(st.sampled_from([high, -1]))
    return Arr(values.astype(draw(st.sampled_from(INDEX_DTYPES))))


# ---- gather and scatter ---------------------------------------------------------------
@st.composite
def gather_cases(draw, src: bool = False, unique: bool = False) -> Case:
    x = draw(arrays(ALL, shape=draw(shapes(min_dims=1))))
    shape = x.value.shape
    dim = draw(st.integers(-len(shape), len(shape) - 1))
    d = dim % len(shape)
    index_shape = [draw(st.integers(0 if n == 0 else 1, n)) for n in shape]
    index_shape[d] = draw(st.integers(0, shape[d] if unique else shape[d] + 2))
    if unique:  # each place written once: which of two writes wins is unspecified
        rng = np.random.default_rng(draw(seeds))
        order = np.argsort(rng.random(shape), axis=d)
        take = tuple(slice(0, n) for n in index_shape)
        index = Arr(order[take].astype(np.int64))
    else:
        index = _index(draw, tuple(index_shape), shape[d])
    args = (x, dim, index)
    if src:
        grow = draw(st.sampled_from([0, 0, 0, 1]))  # a larger src: only its start is used
        args += (draw(arrays((x.value.dtype,), shape=tuple(n + grow for n in index_shape))),)
    return Case(args, seed=draw(seeds))


SPECS += [
    Spec("mg.gather", lambda L, x, d, i: L.t.gather(x, d, i), gather_cases()),
    Spec("Tensor.gather", lambda L, x, d, i: x.gather(d, i), gather_cases()),
    Spec("mg.scatter_add", lambda L, x, d, i, s: L.t.scatter_add(x, d, i, s),
         gather_cases(src=True)),
    Spec("Tensor.scatter_add", lambda L, x, d, i, s: x.scatter_add(d, i, s),
         gather_cases(src=True)),
    Spec("mg.scatter", lambda L, x, d, i, s: L.t.scatter(x, d, i, s),
         gather_cases(src=True, unique=True)),
    Spec("Tensor.scatter(value)", lambda L, x, d, i: x.scatter(d, i, value=2.0),
         gather_cases(unique=True)),
]


@st.composite
def select_cases(draw, source: bool = False) -> Case:
    x = draw(arrays(ALL, shape=draw(shapes(min_dims=0))))
    shape = x.value.shape
    n = max(len(shape), 1)
    dim = draw(st.integers(-n, n - 1))
    size = shape[dim] if shape else 1
    count = 1 if not shape else draw(st.integers(0, 4))
    index = _index(draw, draw(st.sampled_from([(count,), ()])) if count == 1 else (count,), size)
    if not source:
        return Case((x, dim, index), seed=draw(seeds))
    src_shape = list(shape)
    if shape:
        src_shape[dim] = index.value.size
    src = draw(arrays((x.value.dtype,), shape=tuple(src_shape)))
    alpha = draw(st.sampled_from([1, 1, 2, -1])) if x.value.dtype.kind in "iu" else (
        draw(st.sampled_from([1, 2.5, -1.0])) if x.value.dtype.kind == "f" else 1)
    return Case((x, dim, index, src), {"alpha": alpha}, seed=draw(seeds))


SPECS += [
    Spec("mg.index_select", lambda L, x, d, i: L.t.index_select(x, d, i), select_cases()),
    Spec("Tensor.index_select", lambda L, x, d, i: x.index_select(d, i), select_cases()),
    Spec("mg.index_add", lambda L, x, d, i, s, **kw: L.t.index_add(x, d, i, s, **kw),
         select_cases(source=True)),
    Spec("Tensor.index_add", lambda L, x, d, i, s, **kw: x.index_add(d, i, s, **kw),
         select_cases(source=True)),
]


# ---- rearranging ----------------------------------------------------------------------
@st.composite
def repeat_cases(draw, fewer: bool = False) -> Case:
    x = draw(arrays(ALL, shape=draw(shapes(max_side=3))))
    n = x.value.ndim + draw(st.integers(-x.value.ndim if fewer else 0, 2))
    reps = tuple(draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)))
    return Case((x, reps), seed=draw(seeds))


@st.composite
def dims_cases(draw, shifts: bool = False) -> Case:
    x = draw(arrays(ALL))
    n = max(x.value.ndim, 1)
    dims = tuple(draw(st.lists(st.integers(-n, n - 1), max_size=n)))  # repeats: both raise
    if not shifts:
        return Case((x, dims), seed=draw(seeds))
    moves = tuple(draw(st.integers(-5, 5)) for _ in dims)
    if not dims or draw(st.booleans()):
        return Case((x, moves[:1] or (draw(st.integers(-5, 5)),)), seed=draw(seeds))
    return Case((x, moves, dims), seed=draw(seeds))


SPECS += [
    Spec("mg.ops.repeat", lambda L, x, r: L.t.ops.repeat(x, r), repeat_cases(),
         torch_call=lambda L, x, r: x.repeat(r)),  # torch has only the method
    Spec("Tensor.repeat", lambda L, x, r: x.repeat(*r) if r else x.repeat(r), repeat_cases()),
    Spec("Tensor.repeat(tuple)", lambda L, x, r: x.repeat(r), repeat_cases()),
    Spec("mg.tile", lambda L, x, r: L.t.tile(x, r), repeat_cases(fewer=True)),
    Spec("Tensor.tile", lambda L, x, r: x.tile(r), repeat_cases(fewer=True)),
    Spec("mg.flip", lambda L, x, d: L.t.flip(x, d), dims_cases()),
    Spec("Tensor.flip(*dims)", lambda L, x, d: x.flip(*d), dims_cases()),
    Spec("mg.roll", lambda L, x, *a: L.t.roll(x, *a), dims_cases(shifts=True)),
    Spec("Tensor.roll", lambda L, x, *a: x.roll(*a), dims_cases(shifts=True)),
]


@st.composite
def triangle_cases(draw) -> Case:
    x = draw(arrays(ALL, shape=draw(shapes(min_dims=1))))  # 1-d: both raise
    return Case((x,), {"diagonal": draw(st.integers(-4, 4))}, seed=draw(seeds))


for _name in ("tril", "triu"):
    SPECS += [
        Spec(f"mg.{_name}", lambda L, x, n=_name, **kw: getattr(L.t, n)(x, **kw),
             triangle_cases()),
        Spec(f"Tensor.{_name}", lambda L, x, n=_name, **kw: getattr(x, n)(**kw),
             triangle_cases()),
    ]


@st.composite
def masked_fill_cases(draw) -> Case:
    x = draw(arrays(ALL))
    shape = x.value.shape
    mask_shape = tuple(1 if draw(st.booleans()) else n for n in shape)
    mask_shape = mask_shape[draw(st.integers(0, len(mask_shape))):]
    mask = draw(arrays((np.bool_,), shape=mask_shape))
    if x.value.dtype.kind == "f" and draw(st.booleans()):
        value = draw(arrays(FLOATS, shape=()))  # a 0-d tensor, which gets a gradient
    elif x.value.dtype.kind == "b":
        value = draw(st.booleans())
    else:
        value = draw(st.sampled_from([0, 2, -1, 0.5] if x.value.dtype.kind == "f" else [0, 3]))
    return Case((x, mask, value), seed=draw(seeds))


SPECS += [
    Spec("mg.masked_fill", lambda L, x, m, v: L.t.masked_fill(x, m, v), masked_fill_cases()),
    Spec("Tensor.masked_fill", lambda L, x, m, v: x.masked_fill(m, v), masked_fill_cases()),
    # in place on a copy that is in the graph (a leaf requiring grad: both refuse)
    Spec("Tensor.masked_fill_", lambda L, x, m, v: x.clone().masked_fill_(m, v),
         masked_fill_cases()),
]


@st.composite
def pad_cases(draw) -> Case:
    x = draw(arrays(ALL))
    shape = x.value.shape
    amounts: list[int] = []
    for n in reversed(shape[len(shape) - draw(st.integers(0, len(shape))):]):
        before = draw(st.integers(-n, 2))
        amounts += [before, draw(st.integers(-(n - max(-before, 0)), 2))]
    value = draw(st.sampled_from([0, 1, 2.5])) if x.value.dtype.kind != "b" else 0
    return Case((x, tuple(amounts)), {"value": value}, seed=draw(seeds))


SPECS += [
    Spec("F.pad", lambda L, x, p, **kw: L.F.pad(x, p, **kw), pad_cases()),
    Spec("mg.ops.pad", lambda L, x, p, **kw: L.t.ops.pad(x, p, **kw), pad_cases(),
         torch_call=lambda L, x, p, **kw: L.F.pad(x, p, **kw)),
]


# ---- pieces -------------------------------------------------------------------------
@st.composite
def cut_cases(draw, kind: str) -> Case:
    x = draw(arrays(ALL, shape=draw(shapes(min_dims=1))))
    shape = x.value.shape
    dim = draw(st.integers(-len(shape), len(shape) - 1))
    if kind == "unbind":
        return Case((x, dim), seed=draw(seeds))
    if kind == "sections":
        n, sizes = shape[dim], []
        while sum(sizes) < n:
            sizes.append(draw(st.integers(0, n - sum(sizes))))
        return Case((x, sizes, dim), seed=draw(seeds))
    return Case((x, draw(st.integers(1, 5)), dim), seed=draw(seeds))


SPECS += [
    Spec("Tensor.split(size)", lambda L, x, s, d: x.split(s, d), cut_cases("size")),
    Spec("mg.split(sections)", lambda L, x, s, d: L.t.split(x, s, dim=d), cut_cases("sections")),
    Spec("Tensor.chunk", lambda L, x, c, d: x.chunk(c, d), cut_cases("size")),
    Spec("mg.chunk", lambda L, x, c, d: L.t.chunk(x, c, d), cut_cases("size")),
    Spec("Tensor.unbind", lambda L, x, d: x.unbind(d), cut_cases("unbind")),
    Spec("mg.unbind", lambda L, x, d: L.t.unbind(x, d), cut_cases("unbind")),
]


# ---- products -----------------------------------------------------------------------
@st.composite
def product_cases(draw, ndims: tuple[int, int]) -> Case:
    n, k, m, b = (draw(st.integers(1, 3)) for _ in range(4))
    k = draw(st.sampled_from([k, k, k, 0]))
    shapes_by_ndim = {1: [(k,)], 2: [(n, k), (k, m)], 3: [(b, n, k), (b, k, m)]}
    a_shape = shapes_by_ndim[ndims[0]][0]
    b_shape = shapes_by_ndim[ndims[1]][-1] if ndims[1] != 1 else (k,)
    if draw(st.sampled_from([False] * 9 + [True])):
        b_shape = b_shape[:-2] + (k + 1,) + b_shape[-1:] if len(b_shape) > 1 else (k + 1,)
    dtype = draw(st.sampled_from(F32_64 + (np.int64,)))
    return Case((draw(arrays((dtype,), shape=a_shape)), draw(arrays((dtype,), shape=b_shape))),
                seed=draw(seeds))


SPECS += [
    Spec("mg.mm", lambda L, a, b: L.t.mm(a, b), product_cases((2, 2)), sums=True),
    Spec("Tensor.mm", lambda L, a, b: a.mm(b), product_cases((2, 2)), sums=True),
    Spec("mg.bmm", lambda L, a, b: L.t.bmm(a, b), product_cases((3, 3)), sums=True),
    Spec("Tensor.bmm", lambda L, a, b: a.bmm(b), product_cases((3, 3)), sums=True),
    Spec("mg.mv", lambda L, a, b: L.t.mv(a, b), product_cases((2, 1)), sums=True),
    Spec("Tensor.mv", lambda L, a, b: a.mv(b), product_cases((2, 1)), sums=True),
    Spec("mg.dot", lambda L, a, b: L.t.dot(a, b), product_cases((1, 1)), sums=True),
    Spec("Tensor.dot", lambda L, a, b: a.dot(b), product_cases((1, 1)), sums=True),
    Spec("mg.outer", lambda L, a, b: L.t.outer(a, b),
         st.builds(lambda a, b, s: Case((a, b), seed=s), arrays(ALL, shape=(3,)),
                   arrays(ALL, shape=(2,)), seeds)),
    Spec("Tensor.outer", lambda L, a, b: a.outer(b),
         st.builds(lambda a, b, s: Case((a, b), seed=s), arrays(ALL, shape=(2,)),
                   arrays(ALL, shape=(3,)), seeds)),
    Spec("Tensor.t", lambda L, x: x.t(), st.builds(lambda x: Case((x,)), arrays(ALL))),
    Spec("mg.t", lambda L, x: L.t.t(x), st.builds(lambda x: Case((x,)), arrays(ALL))),
    Spec("mg.clone", lambda L, x: L.t.clone(x), st.builds(lambda x: Case((x,)), arrays(ALL))),
    Spec("Tensor.view(-1)", lambda L, x: x.view(-1), st.builds(lambda x: Case((x,)),
                                                                 arrays(ALL))),
]


# ---- pad's reflect, replicate and circular modes: 1 to 3 padded axes, crops, what does not
# fit (both refuse), an empty batch. Not a circular pad by more than a crop on the other side
# left: torch returns uninitialised memory there, minigrad refuses. Not a reflect or replicate
# crop to nothing: torch refuses that on the last axis and returns an empty tensor on the
# others, minigrad refuses on every axis (the PyTorch page lists both).
@st.composite
def pad_mode_cases(draw) -> Case:
    mode = draw(st.sampled_from(["reflect", "replicate", "circular"]))
    k = draw(st.integers(1, 3))
    ndim = draw(st.sampled_from([k + 1, k + 2, k + 2, k]))  # k axes only: both refuse
    shape = [draw(st.integers(1, 4)) for _ in range(ndim)]
    if ndim == k + 2 and draw(st.integers(0, 9)) == 0:
        shape[0] = 0  # an empty batch is allowed
    x = draw(arrays(FLOATS + INTS, shape=tuple(shape)))
    amounts: list[int] = []
    for n in reversed(shape[-k:]):
        before = draw(st.integers(-n, n))
        after = draw(st.integers(-n, n))
        if mode == "circular" and max(before, after) > n - max(-before, 0) - max(-after, 0):
            before, after = max(before, 0), max(after, 0)  # see above
        if mode != "circular" and n + before + after < 1:
            before, after = max(before, 0), max(after, 0)  # see below
        amounts += [before, after]
    return Case((x, tuple(amounts)), {"mode": mode}, seed=draw(seeds))


SPECS += [
    Spec("F.pad(mode)", lambda L, x, p, **kw: L.F.pad(x, p, **kw), pad_mode_cases()),
]
