"""Hypothesis strategies for the parity cases: dtypes, shapes, values, axes, scalars.

Values are made by `values(dtype, shape, flavor, seed)` from a seeded numpy
generator: hypothesis draws the (dtype, shape, flavor, seed), so a failure
shrinks to the simplest flavor ("normal" comes first) and the smallest shape,
and the case prints its arrays in full. The flavors:

* normal: small numbers with two decimals; ties: small integers (many equal values
  and zeros); edges: normal with some of 0, -0, +-inf, NaN, +-1e4 mixed in;
* positive (for log, sqrt, pow bases), probability (in [0, 1], with exact 0 and 1),
  logits (normal with some +-1e4 and +-50: far from zero but finite).
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from parity_harness import Arr, Case

FLOATS = (np.float16, np.float32, np.float64)
INTS = (np.int64, np.int32, np.uint8)
ALL = FLOATS + INTS + (np.bool_,)
F32_64 = (np.float32, np.float64)

FLOAT_FLAVORS = ("normal", "ties", "edges")
EDGE_VALUES = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1e4, -1e4])

seeds = st.integers(0, 2**16)


def values(dtype: type, shape: tuple[int, ...], flavor: str, seed: int) -> np.ndarray:
    """An array of `dtype` and `shape` with values of the given flavor (see the docstring)."""
    rng = np.random.default_rng(seed)
    dtype = np.dtype(dtype)
    if dtype.kind == "b":
        return np.asarray(rng.random(shape) < 0.5)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        a = rng.integers(max(info.min, -4), 6, size=shape)
        if flavor == "edges":
            extremes = [0, 1, info.max, info.min] + ([-1] if info.min < 0 else [])
            a = np.where(rng.random(shape) < 0.3, rng.choice(extremes, size=shape), a)
        if flavor == "positive":
            a = rng.integers(1, 6, size=shape)
        return np.asarray(a, dtype=dtype)
    normal = np.round(rng.standard_normal(shape) * 2, 2)
    if flavor == "ties":
        a = rng.integers(-2, 3, size=shape).astype(np.float64)
    elif flavor == "edges":
        mask = rng.random(shape) < 0.35
        if mask.size:
            mask.flat[rng.integers(mask.size)] = True  # at least one edge value
        a = np.where(mask, rng.choice(EDGE_VALUES, size=shape), normal)
    elif flavor == "positive":
        a = np.round(rng.uniform(0.1, 4.0, size=shape), 2)
    elif flavor == "probability":
        a = np.round(rng.uniform(0.0, 1.0, size=shape), 2)
        a = np.where(rng.random(shape) < 0.15, rng.choice([0.0, 1.0], size=shape), a)
    elif flavor == "logits":
        big = rng.choice([1e4, -1e4, 50.0, -50.0], size=shape)
        a = np.where(rng.random(shape) < 0.3, big, normal)
    else:
        a = normal
    return np.asarray(a, dtype=dtype)  # an array even for shape () (not a numpy scalar)


def shapes(min_dims: int = 0, max_dims: int = 3, max_side: int = 4) -> st.SearchStrategy:
    """Shapes of 0 to 3 axes; one in eight may have an axis of size 0 (an empty tensor)."""
    return st.sampled_from([1] * 7 + [0]).flatmap(
        lambda min_side: hnp.array_shapes(
            min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side
        )
    )


def broadcast_shapes(n: int = 2, max_dims: int = 3) -> st.SearchStrategy:
    """n shapes that broadcast together (0-d and size-1 axes included)."""
    return st.sampled_from([1] * 7 + [0]).flatmap(
        lambda min_side: hnp.mutually_broadcastable_shapes(
            num_shapes=n, min_dims=0, max_dims=max_dims, min_side=min_side, max_side=4
        )
    ).map(lambda s: s.input_shapes)


@st.composite
def arrays(draw, dtypes=ALL, shape=None, flavors=FLOAT_FLAVORS, grad: bool = True) -> Arr:
    """An Arr of one of `dtypes`, of `shape` (a tuple, or drawn)."""
    dtype = draw(st.sampled_from(dtypes))
    shape = draw(shapes()) if shape is None else shape
    kind = np.dtype(dtype).kind
    if kind == "f":
        flavor = draw(st.sampled_from(flavors))
    elif kind in "iu" and "edges" in flavors:  # ints: small ones, or with their extremes
        flavor = draw(st.sampled_from(["normal", "edges"]))
    elif kind in "iu" and flavors == ("positive",):
        flavor = "positive"
    else:
        flavor = "normal"
    return Arr(values(dtype, tuple(shape), flavor, draw(seeds)), grad=grad)


def python_scalars(kinds: str = "ifb") -> st.SearchStrategy:
    """Python ints, floats (with 0.5, inf, NaN, 1e4) and bools."""
    options = []
    if "i" in kinds:
        options.append(st.integers(-3, 3))
    if "f" in kinds:
        options.append(st.sampled_from([0.5, -1.5, 2.0, 0.0, -0.25, 1e4, math.inf, -math.inf,
                                        math.nan]))
    if "b" in kinds:
        options.append(st.booleans())
    return st.one_of(options)


def dims(ndim: int, tuples: bool = True, none: bool = True) -> st.SearchStrategy:
    """A dim argument for a tensor of `ndim` axes: None, an int (negative too) or a tuple."""
    valid = list(range(-ndim, ndim)) if ndim else [0, -1]
    options = []
    if none:
        options.append(st.none())
    options.append(st.sampled_from(valid))
    if tuples and ndim:
        options.append(st.lists(st.sampled_from(range(ndim)), min_size=1, max_size=ndim,
                                unique=True).map(tuple))
    return st.one_of(options)


@st.composite
def unary_cases(draw, dtypes=ALL, flavors=FLOAT_FLAVORS) -> Case:
    return Case((draw(arrays(dtypes, flavors=flavors)),), seed=draw(seeds))


@st.composite
def binary_cases(draw, dtypes=ALL, flavors=FLOAT_FLAVORS, scalars: str = "ifb",
                 scalar_left: bool = True, second_flavors=None) -> Case:
    """Two broadcastable tensors, or a tensor and a Python scalar on either side."""
    s1, s2 = draw(broadcast_shapes())
    kinds = ["tensors"] + (["scalar right"] if scalars else [])
    kinds += ["scalar left"] if scalars and scalar_left else []
    kind = draw(st.sampled_from(kinds))
    a = draw(arrays(dtypes, shape=s1, flavors=flavors))
    b = draw(arrays(dtypes, shape=s2, flavors=second_flavors or flavors))
    if kind == "scalar right":
        b = draw(python_scalars(scalars))
    elif kind == "scalar left":
        a = draw(python_scalars(scalars))
    return Case((a, b), seed=draw(seeds))


@st.composite
def reduce_cases(draw, dtypes=ALL, flavors=FLOAT_FLAVORS, tuples: bool = True,
                 none: bool = True, keepdim: bool = True) -> Case:
    """A tensor and dim= (and keepdim=) for a reduction."""
    x = draw(arrays(dtypes, flavors=flavors))
    kwargs = {}
    dim = draw(dims(x.value.ndim, tuples=tuples, none=none))
    if dim is not None:
        kwargs["dim"] = dim
        if keepdim and draw(st.booleans()):
            kwargs["keepdim"] = True
    return Case((x,), kwargs, seed=draw(seeds))
