"""Specs of the Tensor's own API: creation, conversions, attributes, in-place methods."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st
from parity_harness import Arr, Case, Dtype, Spec
from parity_strategies import (
    ALL,
    FLOATS,
    arrays,
    broadcast_shapes,
    python_scalars,
    seeds,
    shapes,
)

SPECS: list[Spec] = []
DTYPES = st.sampled_from(ALL)


def _spread(shape: tuple[int, ...]) -> tuple:
    """zeros(2, 3) for the shape (2, 3), but zeros(()) for () (zeros() is an error in torch)."""
    return shape if shape else (shape,)


def _case(*parts: st.SearchStrategy, **kwargs: st.SearchStrategy) -> st.SearchStrategy:
    return st.builds(lambda args, kw, seed: Case(tuple(args), kw, seed),
                     st.tuples(*parts), st.fixed_dictionaries(kwargs), seeds)


# ---- creation ------------------------------------------------------------------------
_nested = st.recursive(
    python_scalars(), lambda inner: st.lists(inner, min_size=1, max_size=3), max_leaves=8
)
_sizes = shapes(max_dims=3).map(tuple)
_dtype = st.one_of(st.none(), DTYPES.map(Dtype))
_ndarrays = arrays(ALL).map(lambda a: a.value)  # passed as numpy arrays, not as tensors
SPECS += [
    Spec("mg.tensor(data)", lambda L, d: L.t.tensor(d), _case(_nested)),
    Spec("mg.tensor(ndarray)", lambda L, a: L.t.tensor(a), _case(_ndarrays)),
    # The class itself, as torch.Tensor: floats whatever the data (lists only: given an int,
    # torch.Tensor(n) is an empty tensor of n elements)
    Spec("mg.Tensor(data)", lambda L, d: L.t.Tensor(d), _case(_nested.filter(
        lambda d: isinstance(d, list)))),
    Spec("mg.tensor(data, dtype)", lambda L, d, t: L.t.tensor(d, dtype=t),
         _case(_nested, DTYPES.map(Dtype))),
    Spec("mg.from_numpy", lambda L, a: L.t.from_numpy(a.copy()), _case(_ndarrays)),
    Spec("mg.zeros", lambda L, s, **kw: L.t.zeros(*_spread(s), **kw),
         _case(_sizes, dtype=_dtype)),
    Spec("mg.ones", lambda L, s, **kw: L.t.ones(s, **kw), _case(_sizes, dtype=_dtype)),
    Spec("mg.full", lambda L, s, v, **kw: L.t.full(s, v, **kw),
         _case(_sizes, python_scalars(), dtype=_dtype)),
    Spec("mg.zeros_like", lambda L, x, **kw: L.t.zeros_like(x, **kw),
         _case(arrays(ALL), dtype=_dtype)),
    Spec("mg.ones_like", lambda L, x, **kw: L.t.ones_like(x, **kw),
         _case(arrays(ALL), dtype=_dtype)),
    Spec("mg.arange", lambda L, *a: L.t.arange(*a), st.one_of(
        _case(st.integers(-3, 6)),
        _case(st.integers(-3, 3), st.integers(-3, 6), st.sampled_from([1, 2, 3, -1])),
        _case(st.sampled_from([0.0, -1.5, 0.25]), st.sampled_from([1.0, 2, 3.5]),
              st.sampled_from([0.25, 0.5, 1, 2.0])),
    )),
    Spec("mg.linspace", lambda L, a, b, n, **kw: L.t.linspace(a, b, n, **kw),
         _case(st.sampled_from([0, -1.5, 2]), st.sampled_from([1, 3.5, -2.0]),
               st.integers(0, 5), dtype=st.one_of(st.none(), st.sampled_from(
                   [np.float16, np.float32, np.float64]).map(Dtype))),
         tol=4),  # torch's float16 linspace is off by a few units in the last place
    Spec("mg.eye", lambda L, *a, **kw: L.t.eye(*a, **kw),
         _case(st.integers(0, 4), st.integers(0, 4), dtype=_dtype)),
    Spec("mg.rand", lambda L, s: L.t.rand(*_spread(s)), _case(_sizes), values=False),
    Spec("mg.randn", lambda L, s, **kw: L.t.randn(*_spread(s), **kw),
         _case(_sizes, dtype=st.sampled_from([np.float32, np.float64]).map(Dtype)),
         values=False),
    Spec("mg.randint", lambda L, lo, hi, s: L.t.randint(lo, hi, s),
         _case(st.integers(-3, 2), st.integers(-1, 5), _sizes), values=False),
]

# ---- conversions and attributes ------------------------------------------------------
_any = _case(arrays(ALL))


@st.composite
def _one_element(draw) -> Case:
    shape = draw(st.sampled_from([(), (1,), (1, 1), (2,), (0,)]))
    return Case((draw(arrays(ALL, shape=shape)),), seed=draw(seeds))


SPECS += [
    Spec("Tensor.astype", lambda L, x, d: x.astype(d), _case(arrays(ALL), DTYPES.map(Dtype)),
         torch_call=lambda L, x, d: x.to(d)),
    Spec("Tensor.float", lambda L, x: x.float(), _any),
    Spec("Tensor.double", lambda L, x: x.double(), _any),
    Spec("Tensor.clone", lambda L, x: x.clone(), _any),
    Spec("Tensor.detach", lambda L, x: x.detach(), _any),
    Spec("Tensor.numpy", lambda L, x: x.numpy(), _any),
    Spec("Tensor.tolist", lambda L, x: x.tolist(), _any),
    Spec("Tensor.item", lambda L, x: x.item(), _one_element()),
    Spec("float(x)", lambda L, x: float(x), _one_element()),
    Spec("int(x)", lambda L, x: int(x), _one_element()),
    Spec("bool(x)", lambda L, x: bool(x), _one_element()),
    Spec("len(x)", lambda L, x: len(x), _any),
    Spec("list(x)", lambda L, x: list(x), _any),
    Spec("Tensor.shape", lambda L, x: tuple(x.shape), _any),
    Spec("Tensor.ndim", lambda L, x: x.ndim, _any),
    Spec("Tensor.size()", lambda L, x: tuple(x.size()), _any),
    Spec("Tensor.size(dim)", lambda L, x, d: x.size(d), _case(arrays(ALL), st.integers(-4, 3))),
    Spec("Tensor.numel", lambda L, x: x.numel(), _any),
    Spec("Tensor.dim", lambda L, x: x.dim(), _any),
    Spec("Tensor.is_leaf", lambda L, x: (x.is_leaf, (x * 1).is_leaf), _any),
    Spec("Tensor.requires_grad_", lambda L, x: x.detach().requires_grad_(), _any),
]


# ---- in-place ------------------------------------------------------------------------
@st.composite
def inplace_cases(draw, other_grad: bool = True, alpha: bool = False) -> Case:
    """A tensor (no grad) and what to combine into it: a tensor broadcasting to it, or a number."""
    (s1,) = draw(broadcast_shapes(1))
    x = draw(arrays(ALL, shape=s1, grad=False))
    s2 = s1[draw(st.integers(0, len(s1))):]
    if draw(st.sampled_from([False] * 7 + [True])):
        s2 = (2,) + tuple(s1)  # does not fit: both must raise
    other = draw(st.one_of(arrays(ALL, shape=s2, grad=other_grad), python_scalars()))
    kwargs = {"alpha": draw(st.sampled_from([2, 0.5, -1]))} if alpha and draw(st.booleans()) else {}
    return Case((x, other), kwargs, seed=draw(seeds))


def _nonleaf(L, x, op):
    """op applied in place to y = x * 1, a tensor in x's graph (x requires grad)."""
    y = x * 1
    op(y)
    return y


SPECS += [
    Spec("Tensor.add_", lambda L, x, o, **kw: x.add_(o, **kw), inplace_cases(alpha=True)),
    Spec("Tensor.sub_", lambda L, x, o, **kw: x.sub_(o, **kw), inplace_cases(alpha=True)),
    Spec("Tensor.mul_", lambda L, x, o: x.mul_(o), inplace_cases()),
    Spec("Tensor.div_", lambda L, x, o: x.div_(o), inplace_cases()),
    Spec("Tensor.copy_", lambda L, x, o: x.copy_(o),
         inplace_cases().filter(lambda c: not isinstance(c.args[1], (bool, int, float)))),
    Spec("x += y", lambda L, x, o: _iop(x, o, "add"), inplace_cases()),
    Spec("x -= y", lambda L, x, o: _iop(x, o, "sub"), inplace_cases()),
    Spec("x *= y", lambda L, x, o: _iop(x, o, "mul"), inplace_cases()),
    Spec("x /= y", lambda L, x, o: _iop(x, o, "div"), inplace_cases()),
    Spec("Tensor.fill_", lambda L, x, v: x.fill_(v), _case(arrays(ALL, grad=False),
                                                           python_scalars())),
    Spec("Tensor.zero_", lambda L, x: x.zero_(), _case(arrays(ALL, grad=False))),
    Spec("Tensor.clamp_", lambda L, x, lo, hi: x.clamp_(lo, hi),
         _case(arrays(ALL, grad=False), st.sampled_from([None, -1, 0.5]),
               st.sampled_from([None, 1, 2.5, math.inf]))),
    Spec("Tensor.clip_", lambda L, x, lo, hi: x.clip_(lo, hi),
         _case(arrays(ALL, grad=False), st.sampled_from([-1, 0.5]), st.sampled_from([None, 1]))),
    # on a leaf that requires grad (both refuse), and on a tensor inside a graph (both record)
    Spec("Tensor.add_ (leaf requiring grad)", lambda L, x: x.add_(1), _case(arrays(ALL))),
    Spec("Tensor.mul_ (in a graph)", lambda L, x, o: _nonleaf(L, x, lambda y: y.mul_(o)),
         inplace_cases(other_grad=True).map(lambda c: Case((Arr(c.args[0].value), c.args[1]),
                                                           seed=c.seed))),
]


def _iop(x, o, name):
    if name == "add":
        x += o
    elif name == "sub":
        x -= o
    elif name == "mul":
        x *= o
    else:
        x /= o
    return x


@st.composite
def setitem_cases(draw, in_graph: bool) -> Case:
    x = draw(arrays(ALL, shape=draw(shapes(min_dims=1)), grad=in_graph))
    n = x.value.shape[0]
    index = draw(st.one_of(st.integers(-n, n - 1) if n else st.just(slice(None)),
                           st.just(slice(None, None, 2)), st.just(Ellipsis),
                           st.just((slice(None), None))))
    target = np.empty(x.value.shape)[index].shape
    value = draw(st.one_of(python_scalars(), arrays(ALL, shape=target[
        draw(st.integers(0, len(target))):])))
    return Case((x, index, value), seed=draw(seeds))


def _setitem(L, x, index, value, in_graph=False):
    y = x * 1 if in_graph else x
    y[index] = value
    return y


SPECS += [
    Spec("x[index] = value", _setitem, setitem_cases(False)),
    Spec("x[index] = value (in a graph)",
         lambda L, x, i, v: _setitem(L, x, i, v, in_graph=True), setitem_cases(True)),
]


# ---- autograd attributes and grad mode ---------------------------------------------------
def _assign_data(L, x, y):
    x.data = y.detach()
    return x


def _assign_grad(L, x, g):
    x.grad = g
    return x.grad


def _grad_mode(L, x):
    """no_grad, enable_grad inside it, set_grad_enabled(False), and is_grad_enabled."""
    with L.t.no_grad():
        a = x * 2
        with L.t.enable_grad():
            b = x * 2
    with L.t.set_grad_enabled(False):
        c = x * 2
        off = L.t.is_grad_enabled()
    return [a, b, c, off, L.t.is_grad_enabled()]


def _inference_mode(L, x):
    """inference_mode, nested with inference_mode(False) and no_grad, and the two queries."""
    seen = []
    with L.t.inference_mode():
        a = x * 2
        seen += [L.t.is_grad_enabled(), L.t.is_inference_mode_enabled()]
        with L.t.inference_mode(False):
            seen += [L.t.is_grad_enabled(), L.t.is_inference_mode_enabled()]
    with L.t.no_grad(), L.t.inference_mode(False):
        b = x * 2  # recorded: inference_mode(False) turns grad mode back on
    return [a, b, *seen, L.t.is_inference_mode_enabled()]


_float_pair = st.builds(lambda x, y, s: Case((x, y), seed=s),
                        arrays(FLOATS, flavors=("normal",)), arrays(ALL), seeds)
SPECS += [
    Spec("Tensor.data = y", _assign_data, _float_pair),
    Spec("Tensor.grad = g", _assign_grad, _case(arrays(FLOATS), arrays(ALL, grad=False))),
    Spec("Tensor.grad_fn", lambda L, x: [x.grad_fn is None, (x * 2).grad_fn is None], _any),
    Spec("Tensor.retains_grad", lambda L, x: _retains(x), _case(arrays(FLOATS))),
    Spec("mg.no_grad / enable_grad / set_grad_enabled", _grad_mode, _case(arrays(FLOATS))),
    Spec("mg.inference_mode", _inference_mode, _case(arrays(FLOATS))),
    Spec("np.asarray(x)", lambda L, x: np.asarray(x), _any),
    # numpy defers to minigrad's operators; PyTorch refuses an ndarray on the left, so the
    # result is compared with torch's for the ndarray made a tensor
    Spec("ndarray + x (torch: the ndarray as a tensor)", lambda L, a, x: a + x, st.builds(
        lambda a, x, s: Case((a.value, x), seed=s), arrays(ALL), arrays(ALL), seeds),
        torch_call=lambda L, a, x: L.t.from_numpy(a) + x),
]


def _retains(x):
    y = x * 2
    before = y.retains_grad
    y.retain_grad()
    return [before, y.retains_grad]
