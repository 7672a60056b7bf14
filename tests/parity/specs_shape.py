"""Specs of the reductions, the shape ops, indexing, joining and matmul."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from parity_harness import Arr, Case, Spec
from parity_strategies import (
    ALL,
    F32_64,
    FLOATS,
    arrays,
    reduce_cases,
    seeds,
    shapes,
)

SPECS: list[Spec] = []
TIES = ("ties", "normal", "edges")

# ---- reductions ------------------------------------------------------------------------
for _name in ("sum", "mean", "max", "min", "amax", "amin"):
    _cases = reduce_cases(ALL, TIES)
    SPECS.append(Spec(f"mg.{_name}", lambda L, x, n=_name, **kw: getattr(L.t, n)(x, **kw),
                      _cases, sums=True))
    SPECS.append(Spec(f"Tensor.{_name}", lambda L, x, n=_name, **kw: getattr(x, n)(**kw),
                      _cases, sums=True))
for _name in ("argmax", "argmin"):
    _cases = reduce_cases(ALL, TIES, tuples=False)
    SPECS.append(Spec(f"Tensor.{_name}", lambda L, x, n=_name, **kw: getattr(x, n)(**kw),
                      _cases))
    SPECS.append(Spec(f"mg.{_name}", lambda L, x, n=_name, **kw: getattr(L.t, n)(x, **kw),
                      _cases))
# max(dim) and min(dim) return (values, indices), by name too
_with_dim = reduce_cases(ALL, TIES, tuples=False, none=False)
SPECS += [
    Spec("Tensor.max(dim).values", lambda L, x, **kw: x.max(**kw).values, _with_dim),
    Spec("Tensor.min(dim).indices", lambda L, x, **kw: x.min(**kw).indices, _with_dim),
]


@st.composite
def numpy_named(draw) -> Case:
    """axis= and keepdims=, numpy's names, which PyTorch accepts as well."""
    case = draw(reduce_cases(ALL, TIES, none=False))
    kwargs = {"axis": case.kwargs["dim"], "keepdims": case.kwargs.get("keepdim", False)}
    return Case(case.args, kwargs, case.seed)


SPECS.append(Spec("Tensor.sum(axis, keepdims)", lambda L, x, **kw: x.sum(**kw), numpy_named(),
                  sums=True))

_float_dim = reduce_cases(FLOATS, TIES + ("logits",), none=False)
SPECS += [
    Spec("Tensor.logsumexp", lambda L, x, **kw: x.logsumexp(**kw), _float_dim, sums=True),
    Spec("F.logsumexp", lambda L, x, **kw: L.F.logsumexp(x, **kw), _float_dim, sums=True,
         torch_call=lambda L, x, **kw: L.t.logsumexp(x, **kw)),
]
_one_dim = reduce_cases(FLOATS, TIES + ("logits",), tuples=False, none=False, keepdim=False)
for _name in ("softmax", "log_softmax"):
    SPECS.append(Spec(f"F.{_name}", lambda L, x, n=_name, **kw: getattr(L.F, n)(x, **kw),
                      _one_dim, sums=True))
    SPECS.append(Spec(f"Tensor.{_name}", lambda L, x, n=_name, **kw: getattr(x, n)(**kw),
                      _one_dim, sums=True))
    SPECS.append(Spec(f"mg.{_name}", lambda L, x, n=_name, **kw: getattr(L.t, n)(x, **kw),
                      _one_dim, sums=True))
    # No dim: PyTorch picks one (0 for 0-, 1- and 3-d inputs, else 1) and warns.
    SPECS.append(Spec(f"F.{_name}(no dim)", lambda L, x, n=_name: getattr(L.F, n)(x),
                      reduce_cases(FLOATS, none=True, tuples=False, keepdim=False)
                      .map(lambda c: Case(c.args, {}, c.seed)), sums=True))


# ---- shape ops -----------------------------------------------------------------------
@st.composite
def reshape_cases(draw) -> Case:
    x = draw(arrays(ALL))
    shape, size = x.value.shape, x.value.size
    targets = [shape[::-1], (size,), (-1,), (1, -1), shape + (1,), (size, 1), (-1, 1, 1)]
    if size and size % 2 == 0:
        targets.append((2, size // 2))
    targets.append((size + 1,))  # impossible: both must raise
    return Case((x, draw(st.sampled_from(targets))), seed=draw(seeds))


SPECS += [
    Spec("Tensor.reshape(shape)", lambda L, x, s: x.reshape(s), reshape_cases()),
    Spec("Tensor.reshape(*shape)", lambda L, x, s: x.reshape(*s),
         reshape_cases().filter(lambda c: c.args[1] != ())),
    Spec("Tensor.view", lambda L, x, s: x.view(s), reshape_cases()),
    Spec("mg.reshape", lambda L, x, s: L.t.reshape(x, s), reshape_cases()),
]


@st.composite
def two_dims(draw, extra: int = 0) -> Case:
    """A tensor and two dims in [-ndim - extra, ndim + extra)."""
    x = draw(arrays(ALL, shape=draw(shapes(min_dims=0))))
    n = max(x.value.ndim, 1) + extra
    a, b = draw(st.integers(-n, n - 1)), draw(st.integers(-n, n - 1))
    return Case((x, a, b), seed=draw(seeds))


@st.composite
def one_dim(draw, extra: int = 0, optional: bool = False) -> Case:
    x = draw(arrays(ALL))
    n = max(x.value.ndim, 1) + extra
    dim = draw(st.integers(-n, n - 1))
    if optional and draw(st.booleans()):
        return Case((x,), seed=draw(seeds))
    return Case((x, dim), seed=draw(seeds))


@st.composite
def permutations(draw) -> Case:
    x = draw(arrays(ALL))
    order = draw(st.permutations(range(x.value.ndim)))
    order = [d - x.value.ndim if draw(st.booleans()) else d for d in order]  # negative dims too
    return Case((x, tuple(order)), seed=draw(seeds))


SPECS += [
    Spec("Tensor.transpose", lambda L, x, a, b: x.transpose(a, b), two_dims()),
    Spec("mg.transpose", lambda L, x, a, b: L.t.transpose(x, a, b), two_dims()),
    Spec("Tensor.swapaxes", lambda L, x, a, b: x.swapaxes(a, b), two_dims()),
    Spec("mg.swapaxes", lambda L, x, a, b: L.t.swapaxes(x, a, b), two_dims()),
    Spec("Tensor.flatten", lambda L, x, a, b: x.flatten(a, b), two_dims()),
    Spec("mg.flatten", lambda L, x, a, b: L.t.flatten(x, a, b), two_dims()),
    Spec("Tensor.permute(*dims)", lambda L, x, p: x.permute(*p),
         permutations().filter(lambda c: c.args[1] != ())),
    Spec("Tensor.permute(dims)", lambda L, x, p: x.permute(p), permutations()),
    Spec("mg.permute", lambda L, x, p: L.t.permute(x, p), permutations()),
    # numpy's meaning, which PyTorch spells permute (its transpose takes two axes)
    Spec("Tensor.transpose(order) (torch: permute)", lambda L, x, p: x.transpose(p),
         permutations(), torch_call=lambda L, x, p: x.permute(p)),
    Spec("Tensor.T", lambda L, x: x.T, st.builds(lambda x: Case((x,)), arrays(ALL))),
    Spec("Tensor.mT", lambda L, x: x.mT, st.builds(lambda x: Case((x,)), arrays(ALL))),
    Spec("Tensor.squeeze", lambda L, x, *d: x.squeeze(*d), one_dim(optional=True)),
    Spec("mg.squeeze", lambda L, x, *d: L.t.squeeze(x, *d), one_dim(optional=True)),
    Spec("Tensor.unsqueeze", lambda L, x, d: x.unsqueeze(d), one_dim(extra=1)),
    Spec("mg.unsqueeze", lambda L, x, d: L.t.unsqueeze(x, d), one_dim(extra=1)),
    Spec("mg.expand_dims", lambda L, x, d: L.t.expand_dims(x, d), one_dim(extra=1),
         torch_call=lambda L, x, d: L.t.unsqueeze(x, d)),
]


@st.composite
def squeeze_tuple(draw) -> Case:
    x = draw(arrays(ALL, shape=draw(st.lists(st.sampled_from([1, 1, 2]), max_size=3))))
    dims = draw(st.lists(st.sampled_from(range(x.value.ndim)), unique=True)) if x.value.ndim else []
    return Case((x, tuple(dims)), seed=draw(seeds))


SPECS.append(Spec("Tensor.squeeze(tuple)", lambda L, x, d: x.squeeze(d), squeeze_tuple()))


@st.composite
def expand_cases(draw, minus_one: bool = False) -> Case:
    """A shape and a shape it broadcasts to (sometimes one it cannot)."""
    target = draw(shapes())
    kept = target[draw(st.integers(0, len(target))):]  # leading axes dropped
    source = tuple(1 if draw(st.booleans()) else n for n in kept)  # sizes made 1
    if minus_one and target:
        lead = len(target) - len(source)
        target = tuple(-1 if i >= lead and draw(st.booleans()) else n
                       for i, n in enumerate(target))
    if draw(st.sampled_from([False] * 7 + [True])):
        target = target + (3,)  # usually impossible: both must raise
    return Case((draw(arrays(ALL, shape=source)), target), seed=draw(seeds))


SPECS += [
    Spec("mg.broadcast_to", lambda L, x, s: L.t.broadcast_to(x, s), expand_cases()),
    Spec("Tensor.broadcast_to", lambda L, x, s: x.broadcast_to(s), expand_cases()),
    Spec("Tensor.expand(*sizes)", lambda L, x, s: x.expand(*s),
         expand_cases(minus_one=True).filter(lambda c: c.args[1] != ())),
    Spec("Tensor.expand(sizes)", lambda L, x, s: x.expand(s), expand_cases(minus_one=True)),
]


# ---- indexing ------------------------------------------------------------------------
@st.composite
def index_cases(draw) -> Case:
    x = draw(arrays(ALL, shape=draw(shapes(min_dims=1))))
    shape = x.value.shape
    kind = draw(st.sampled_from(["basic", "advanced", "mask", "mask-axis0"]))
    if kind == "mask":
        return Case((x, Arr(draw(arrays((np.bool_,), shape=shape)).value)), seed=draw(seeds))
    if kind == "mask-axis0":
        mask = draw(arrays((np.bool_,), shape=shape[:1])).value
        return Case((x, (Arr(mask), Ellipsis)), seed=draw(seeds))
    parts: list = []
    for n in shape[: draw(st.integers(1, len(shape)))]:
        options = [st.just(slice(None)), st.builds(slice, st.integers(-n - 1, n + 1) | st.none(),
                                                 st.integers(-n - 1, n + 1) | st.none(),
                                                 st.sampled_from([None, 1, 2, 3]))]
        if n:
            options.append(st.integers(-n, n - 1))
            if kind == "advanced":
                options.append(st.lists(st.integers(-n, n - 1), min_size=1, max_size=4)
                               .map(lambda v: Arr(np.array(v, dtype=np.int64))))
        parts.append(draw(st.one_of(options)))
    if draw(st.booleans()):
        parts.insert(draw(st.integers(0, len(parts))), None)
    if draw(st.booleans()):
        parts.insert(draw(st.integers(0, len(parts))), Ellipsis)
    index = parts[0] if len(parts) == 1 and draw(st.booleans()) else tuple(parts)
    return Case((x, index), seed=draw(seeds))


SPECS.append(Spec("x[index]", lambda L, x, i: x[i], index_cases()))


# ---- joining -------------------------------------------------------------------------
@st.composite
def join_cases(draw, same_shape: bool) -> Case:
    shape = draw(shapes(min_dims=0 if same_shape else 1))
    ndim = len(shape) + (1 if same_shape else 0)
    dim = draw(st.integers(-max(ndim, 1), max(ndim, 1) - 1))
    tensors = []
    for _ in range(draw(st.integers(1, 3))):
        s = list(shape)
        if not same_shape and -len(s) <= dim < len(s):
            s[dim] = draw(st.integers(0, 3))
        tensors.append(draw(arrays(ALL, shape=tuple(s))))
    return Case((tensors,), {"dim": dim}, seed=draw(seeds))


SPECS += [
    Spec("mg.cat", lambda L, ts, dim: L.t.cat(ts, dim=dim), join_cases(False)),
    Spec("mg.concatenate", lambda L, ts, dim: L.t.concatenate(ts, dim=dim), join_cases(False),
         torch_call=lambda L, ts, dim: L.t.cat(ts, dim=dim)),
    Spec("mg.stack", lambda L, ts, dim: L.t.stack(ts, dim=dim), join_cases(True)),
]


# ---- matmul --------------------------------------------------------------------------
@st.composite
def matmul_cases(draw, mixed: bool) -> Case:
    n, k, m = draw(st.integers(1, 4)), draw(st.integers(0, 4)), draw(st.integers(1, 4))
    batch = draw(st.sampled_from([(), (), (2,), (3, 1)]))
    batch_b = draw(st.sampled_from([(), batch, batch[1:]]))
    a_shape = draw(st.sampled_from([(k,), (n, k), batch + (n, k)]))
    b_shape = draw(st.sampled_from([(k,), (k, m), batch_b + (k, m)]))
    if draw(st.sampled_from([False] * 9 + [True])):
        b_shape = b_shape[:-2] + (k + 1,) + b_shape[-1:] if len(b_shape) > 1 else (k + 1,)
    dtype = draw(st.sampled_from(F32_64 + (np.float16, np.int64)))
    a = draw(arrays((dtype,), shape=a_shape))
    b = draw(arrays(ALL if mixed and draw(st.booleans()) else (dtype,), shape=b_shape))
    return Case((a, b), seed=draw(seeds))


SPECS += [
    Spec("a @ b", lambda L, a, b: a @ b, matmul_cases(False), sums=True),
    Spec("mg.matmul", lambda L, a, b: L.t.matmul(a, b), matmul_cases(False), sums=True),
    Spec("Tensor.matmul", lambda L, a, b: a.matmul(b), matmul_cases(False), sums=True),
    Spec("a @ b (mixed dtypes)", lambda L, a, b: a @ b, matmul_cases(True), sums=True),
]
