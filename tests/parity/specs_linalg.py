"""Specs of minigrad.linalg (inv, det, slogdet, solve, svdvals, vector_norm, matrix_norm,
norm) and of mg.det, mg.inverse, mg.slogdet and their Tensor methods.

The matrices are well conditioned (small entries plus a multiple of the identity), so
that float32 results agree to float32's tolerance whichever LAPACK computed them. The
singular ones have a row or a column of zeros, which every LU factorisation finds
exactly singular: inv and solve raise in both libraries. (A matrix singular only up to
rounding, one row the sum of two others, may or may not be refused by PyTorch, by
rounding in its LAPACK; minigrad refuses it: the PyTorch page.) At a singular matrix the
gradients of det and slogdet differ on purpose (the PyTorch page, "det and slogdet at a
singular matrix"), so those cases are compared without gradients, in specs of their own.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st
from parity_harness import Arr, Case, Dtype, Spec
from parity_strategies import FLOATS, reduce_cases, seeds, values

SPECS: list[Spec] = []

MATRIX_DTYPES = (np.float64, np.float32) * 8 + (np.float16, np.int64)  # the last two: refused
BATCHES = [(), (), (2,), (3,), (2, 1), (0,)]


def _matrix(dtype, batch, n, flavor, seed, m=None) -> np.ndarray:
    """Matrices (*batch, n, m or n) of one flavor: 'well' (conditioned), 'normal' (any
    entries), 'singular' (a row or a column of zeros, in the last matrix of the batch)."""
    m = n if m is None else m
    a = values(np.float64, (*batch, n, m), "normal", seed)
    if flavor == "well" and n == m:
        a = a / n + 6 * np.eye(n)  # the diagonal beats the rest of each row: far from singular
    if flavor == "singular" and n:
        a = a + 6 * np.eye(n, m)
        last = a.reshape(-1, n, m)[-1:]  # a view (empty for an empty batch)
        if seed % 2:
            last[:, seed % n, :] = 0
        else:
            last[:, :, seed % m] = 0
    return a.astype(dtype)


@st.composite
def square_cases(draw, flavors=("well", "well", "well", "singular"), grad: bool = True,
                 dtypes=MATRIX_DTYPES) -> Case:
    """One batch of square matrices; now and then not square, or of < 2 axes (refused).
    Not empty float16 ones: torch's det, solve and svdvals let those through (there is
    nothing to factorise), minigrad refuses float16 whatever the size (the PyTorch page)."""
    dtype = draw(st.sampled_from(dtypes))
    batch = draw(st.sampled_from(BATCHES if dtype != np.float16 else [(), (2,)]))
    n = draw(st.sampled_from([1, 2, 3, 3, 4] + ([0] if dtype != np.float16 else [])))
    shape = draw(st.sampled_from(["square"] * 20 + ["wide", "vector"]))
    seed = draw(seeds)
    if shape == "wide":
        a = _matrix(dtype, batch, n, "normal", seed, m=n + 1)
    elif shape == "vector":
        a = values(dtype, (n,), "normal", seed)
    else:
        a = _matrix(dtype, batch, n, draw(st.sampled_from(flavors)), seed)
    return Case((Arr(a, grad=grad),), seed=draw(seeds))


_square, _invertible = square_cases(), square_cases(flavors=("well",))
_singular = square_cases(flavors=("singular", "singular", "well"), grad=False)
SPECS += [
    Spec("mg.linalg.inv", lambda L, a: L.t.linalg.inv(a), _square),
    Spec("mg.inverse", lambda L, a: L.t.inverse(a), _square),
    Spec("Tensor.inverse", lambda L, a: a.inverse(), _square),
    Spec("mg.linalg.det", lambda L, a: L.t.linalg.det(a), _invertible),
    Spec("mg.det", lambda L, a: L.t.det(a), _invertible),
    Spec("Tensor.det", lambda L, a: a.det(), _invertible),
    Spec("mg.linalg.slogdet", lambda L, a: L.t.linalg.slogdet(a), _invertible),
    Spec("mg.slogdet", lambda L, a: L.t.slogdet(a), _invertible),
    Spec("Tensor.slogdet", lambda L, a: a.slogdet(), _invertible),
    # singular matrices: the values (0; sign 0 and -inf), not the gradients (see above)
    Spec("mg.linalg.det (singular: values)", lambda L, a: L.t.linalg.det(a), _singular),
    Spec("mg.linalg.slogdet (singular: values)", lambda L, a: L.t.linalg.slogdet(a),
         _singular),
]


# ---- solve: B a batch of matrices or of vectors, batch axes broadcast, left=False ---------
@st.composite
def solve_cases(draw) -> Case:
    """A and B of one dtype (rarely two, or ints: refused), B's form drawn from PyTorch's
    rules: a vector (n,), A's batch of vectors, matrices (..., n, k) with a batch that
    broadcasts or does not, and shapes that do not fit."""
    case = draw(square_cases(dtypes=(np.float64, np.float32) * 8 + (np.int64,)))
    a = case.args[0].value
    dtype = a.dtype if draw(st.sampled_from([True] * 15 + [False])) else np.dtype(np.float64)
    n = a.shape[-1] if a.ndim else 1
    batch = a.shape[:-2]
    form = draw(st.sampled_from(["vector", "vectors", "matrix", "batched", "broadcast"] * 3
                                + ["wrong n", "0-d"]))
    k = draw(st.sampled_from([1, 2, 3, 0]))
    shape = {"vector": (n,), "vectors": batch + (n,), "matrix": (n, k),
             "batched": batch + (n, k), "broadcast": (2, *[1] * len(batch), n, k),
             "wrong n": (n + 1, k), "0-d": ()}[form]
    b = values(dtype, shape, "normal", draw(seeds))
    kwargs = {"left": False} if draw(st.sampled_from([False] * 4 + [True])) else {}
    return Case((case.args[0], Arr(b)), kwargs, seed=draw(seeds))


SPECS.append(Spec("mg.linalg.solve", lambda L, a, b, **kw: L.t.linalg.solve(a, b, **kw),
                  solve_cases()))


# ---- svdvals and the norms ----------------------------------------------------------------
@st.composite
def any_matrices(draw, dtypes=(np.float64, np.float32) * 8 + (np.float16, np.int64)) -> Case:
    """Matrices of any shape (empty ones too, but not in float16: see square_cases) with
    entries that make distinct singular values, or fewer than 2 axes (refused by the
    matrix functions)."""
    dtype = draw(st.sampled_from(dtypes))
    ndim = draw(st.sampled_from([2, 2, 2, 3, 3, 4, 1, 0]))
    sides = [1, 2, 3, 4] + ([0] if dtype != np.float16 else [])
    shape = tuple(draw(st.sampled_from(sides)) for _ in range(ndim))
    return Case((Arr(values(dtype, shape, "normal", draw(seeds))),), seed=draw(seeds))


_ORDS = [2, 1, math.inf, -math.inf, 0, 3, 0.5, -1, -2, "fro", "nuc", 1.5]


@st.composite
def matrix_norm_cases(draw) -> Case:
    case = draw(any_matrices())
    ndim = case.args[0].value.ndim
    kwargs = {"ord": draw(st.sampled_from(["fro", "nuc", 2, -2, 1, -1, math.inf, -math.inf,
                                           2.0, 3]))}  # 3: refused
    if ndim >= 2 and draw(st.booleans()):
        pairs = [(i, j) for i in range(-ndim, ndim) for j in range(-ndim, ndim)]
        kwargs["dim"] = draw(st.sampled_from(pairs))  # the same axis twice: refused
    if draw(st.booleans()):
        kwargs["keepdim"] = True
    if draw(st.sampled_from([False] * 5 + [True])):
        kwargs["dtype"] = Dtype(draw(st.sampled_from([np.float64, np.float32])))
    return Case(case.args, kwargs, seed=case.seed)


@st.composite
def norm_cases(draw) -> Case:
    """linalg.norm: ord None or any order, dim None, one axis or two (or three: refused)."""
    case = draw(any_matrices())
    ndim = case.args[0].value.ndim
    kwargs = {}
    ord_ = draw(st.sampled_from([None, None, *_ORDS]))
    if ord_ is not None:
        kwargs["ord"] = ord_
    how = draw(st.sampled_from(["none", "one", "two", "three"]))
    if how == "one" and ndim:
        kwargs["dim"] = draw(st.sampled_from(range(-ndim, ndim)))
    elif how == "two" and ndim >= 2:
        kwargs["dim"] = tuple(draw(st.permutations(range(ndim)))[:2])
    elif how == "three" and ndim >= 3:
        kwargs["dim"] = (0, 1, 2)
    if draw(st.booleans()):
        kwargs["keepdim"] = True
    return Case(case.args, kwargs, seed=case.seed)


def _with_ord(cases):
    return st.builds(lambda c, o, d: Case(c.args, {**c.kwargs, "ord": o, **d}, c.seed), cases,
                     st.sampled_from([2, 1, math.inf, -math.inf, 0, 3, 0.5, -1, "fro"]),
                     st.sampled_from([{}] * 5 + [{"dtype": Dtype(np.float64)},
                                                 {"dtype": Dtype(np.float16)}]))


SPECS += [
    Spec("mg.linalg.svdvals", lambda L, a: L.t.linalg.svdvals(a), any_matrices(), sums=True),
    Spec("mg.linalg.vector_norm", lambda L, x, **kw: L.t.linalg.vector_norm(x, **kw),
         _with_ord(reduce_cases(FLOATS * 3 + (np.int64,), ("ties", "normal", "edges"))),
         sums=True),
    Spec("mg.linalg.matrix_norm", lambda L, a, **kw: L.t.linalg.matrix_norm(a, **kw),
         matrix_norm_cases(), sums=True),
    Spec("mg.linalg.norm", lambda L, a, **kw: L.t.linalg.norm(a, **kw), norm_cases(),
         sums=True),
]
