"""Specs of minigrad.linalg's solve_triangular, lu_factor, lu, lu_solve, lstsq, matrix_exp
and cond, and of mg.matrix_exp and Tensor.matrix_exp.

The matrices are well conditioned (see specs_linalg.py), so that float32 results agree to
float32's tolerance whichever LAPACK computed them, and their entries are drawn from a
continuous distribution, so that no two candidates for an LU pivot are equal (a tie could
be broken differently after rounding). Kept out of the draws, on purpose (the PyTorch
page lists them):
- float16 matrix_exp: PyTorch computes it, minigrad refuses float16 as its other linalg
  functions do;
- the gradient of lu at a singular matrix, and of lstsq's solution at a matrix of lower
  rank: both are inf/NaN or jump there (singular cases are compared without gradients);
- cond with p 2, -2, None or 'nuc' at a singular matrix: there it is made of 1 / s_min
  with s_min zero only up to rounding, a huge number whose digits depend on the LAPACK;
- cond of an empty int64 matrix: PyTorch returns 0 without checking the dtype, minigrad
  refuses integers whatever the size (as specs_linalg.py's functions);
- lstsq's rank (and so its solution) for a matrix of lower rank with the default driver
  'gelsy': LAPACK's gelsy estimates the rank from a pivoted QR and sometimes reports 0
  for a matrix with a column of zeros (2 by 2, rank 1); minigrad counts singular values,
  as gelsd and gelss do, whose lower-rank cases are drawn.
PyTorch's own backward of cond for the norms other than 2 fails (an in-place error in
torch 2.13); the harness does not compare gradients where torch's backward raises.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st
from parity_harness import Arr, Case, Spec
from parity_strategies import seeds, values
from specs_linalg import BATCHES

SPECS: list[Spec] = []
DTYPES = (np.float64, np.float32) * 8 + (np.float16, np.int64)  # the last two: refused


def _square(dtype, batch, n, seed, junk: str = "") -> np.ndarray:
    """Well conditioned square matrices; with junk 'upper' / 'lower' that triangle (not
    read by a triangular solve) is filled with large numbers."""
    a = values(np.float64, (*batch, n, n), "normal", seed) / max(n, 1) + 4 * np.eye(n)
    if junk:
        noise = np.random.default_rng(seed).standard_normal(a.shape) * 10
        a = np.triu(a) + np.tril(noise, -1) if junk == "lower" else np.tril(a) + np.triu(
            noise, 1)
    return a.astype(dtype)


# ---- solve_triangular: upper / lower, left / right, unit diagonal, batches broadcast -----
@st.composite
def triangular_cases(draw) -> Case:
    dtype = draw(st.sampled_from(DTYPES))
    full = dtype in (np.float64, np.float32)
    batch = draw(st.sampled_from(BATCHES if full else [(), (2,)]))
    n = draw(st.sampled_from([1, 2, 3, 4] + ([0] if full else [])))
    upper, left = draw(st.booleans()), draw(st.booleans())
    a = _square(dtype, batch, n, draw(seeds), junk="lower" if upper else "upper")
    k = draw(st.sampled_from([1, 2, 3]))
    form = draw(st.sampled_from(["same", "none", "broadcast"] * 4 + ["vector", "wrong n"]))
    b_batch = {"same": batch, "none": (), "broadcast": (2, *[1] * len(batch))}.get(form, ())
    shape = (n, k) if left else (k, n)
    if form == "vector":
        shape = (n,)
    elif form == "wrong n":
        shape = (n + 1, k)
    b = values(dtype if dtype != np.float16 else np.float16, (*b_batch, *shape), "normal",
               draw(seeds))
    kwargs = {"upper": upper, "left": left}
    if draw(st.booleans()):
        kwargs["unitriangular"] = draw(st.booleans())
    return Case((Arr(a), Arr(b)), kwargs, seed=draw(seeds))


SPECS.append(Spec("mg.linalg.solve_triangular",
                  lambda L, a, b, **kw: L.t.linalg.solve_triangular(a, b, **kw),
                  triangular_cases(), grad_tol=4.0))


# ---- lu_factor, lu: any shape; lu_factor refuses a singular one, lu factorises it --------
@st.composite
def lu_cases(draw, singular: bool) -> Case:
    dtype = draw(st.sampled_from(DTYPES))
    full = dtype in (np.float64, np.float32)
    batch = draw(st.sampled_from(BATCHES if full else [(), (2,)]))
    sides = [1, 2, 3, 4] + ([0] if full else [])
    m, n = draw(st.sampled_from(sides)), draw(st.sampled_from(sides))
    if not draw(st.sampled_from([True] * 12 + [False])):
        return Case((Arr(values(dtype, (max(m, 1),), "normal", draw(seeds))),), seed=draw(seeds))
    a = values(np.float64, (*batch, m, n), "normal", draw(seeds)) + 3 * np.eye(m, n)
    grad = True
    if singular and m and n and a.size and draw(st.booleans()):
        a.reshape(-1, m, n)[-1, :, draw(st.integers(0, n - 1))] = 0  # a column of zeros
        grad = False
    return Case((Arr(a.astype(dtype), grad=grad),), seed=draw(seeds))


SPECS += [
    Spec("mg.linalg.lu_factor", lambda L, a: L.t.linalg.lu_factor(a), lu_cases(True),
         grad_tol=4.0),
    Spec("mg.linalg.lu", lambda L, a: L.t.linalg.lu(a), lu_cases(True), grad_tol=4.0),
]


# ---- lu_solve: of lu_factor's result, B batched or not, left / adjoint ------------------
@st.composite
def lu_solve_cases(draw) -> Case:
    dtype = draw(st.sampled_from((np.float64, np.float32) * 8 + (np.int64,)))
    batch = draw(st.sampled_from(BATCHES))
    n = draw(st.sampled_from([1, 2, 3, 4]))
    left = draw(st.booleans())
    a = _square(dtype, batch, n, draw(seeds))
    k = draw(st.sampled_from([1, 2]))
    form = draw(st.sampled_from(["same", "none"] * 4 + ["vector", "wrong n"]))
    shape = {"vector": (n,), "wrong n": (n + 1, k)}.get(form, (n, k) if left else (k, n))
    b = values(np.float64 if dtype == np.int64 else dtype,
               (*(batch if form == "same" else ()), *shape), "normal", draw(seeds))
    kwargs = {"left": left}
    if draw(st.booleans()):
        kwargs["adjoint"] = draw(st.booleans())
    return Case((Arr(a), Arr(b)), kwargs, seed=draw(seeds))


SPECS.append(Spec("mg.linalg.lu_solve",
                  lambda L, a, b, **kw: L.t.linalg.lu_solve(*L.t.linalg.lu_factor(a), b, **kw),
                  lu_solve_cases(), grad_tol=4.0))


# ---- lstsq: tall, wide and square, matrices or vectors, each driver, lower ranks ---------
@st.composite
def lstsq_cases(draw) -> Case:
    dtype = draw(st.sampled_from((np.float64, np.float32) * 8 + (np.int64,)))
    batch = draw(st.sampled_from([(), (), (2,), (3,), (2, 1)]))
    m, n = draw(st.sampled_from([1, 2, 3, 5])), draw(st.sampled_from([1, 2, 3, 5]))
    a = values(np.float64, (*batch, m, n), "normal", draw(seeds)) / 4 + 3 * np.eye(m, n)
    driver = draw(st.sampled_from([None, None, "gels", "gelsy", "gelsd", "gelss"]))
    grad = True
    # lower rank: float64 only (in float32 LAPACK leaves noise of 1e-5 where the answer is
    # 0, amplified by the smallest nonzero singular value)
    if driver in ("gelsd", "gelss") and dtype == np.float64 and min(m, n) > 1 and draw(
            st.sampled_from([False] * 3 + [True])):
        a[..., :, draw(st.integers(0, n - 1))] = 0  # lower rank: values only
        grad = False
    form = draw(st.sampled_from(["matrix", "broadcast", "vector"] * 3 + ["wrong m"]))
    shape = {"matrix": (*batch, m, 2), "broadcast": (2, *[1] * len(batch), m, 2)
             if batch == () else (*batch, m, 2), "vector": (*batch, m),
             "wrong m": (*batch, m + 1, 2)}[form]
    b = values(np.float64, shape, "normal", draw(seeds))
    kwargs = {} if driver is None else {"driver": driver}
    return Case((Arr(a.astype(dtype), grad=grad), Arr(b.astype(dtype), grad=grad)), kwargs,
                seed=draw(seeds))


# sums=True: each entry of the solution is a sum of products (pinv(A) B), and where it
# is 0 (a column of zeros) float32 LAPACK leaves noise of the size of the others' rounding
SPECS.append(Spec("mg.linalg.lstsq", lambda L, a, b, **kw: L.t.linalg.lstsq(a, b, **kw),
                  lstsq_cases(), sums=True, grad_tol=4.0))


# ---- matrix_exp: small and large norms (so that squarings happen), batches ---------------
@st.composite
def exp_cases(draw) -> Case:
    dtype = draw(st.sampled_from((np.float64, np.float32) * 8 + (np.int64,)))
    batch = draw(st.sampled_from(BATCHES))
    n = draw(st.sampled_from([0, 1, 2, 3, 4]))
    scale = draw(st.sampled_from([0.01, 0.5, 1.0, 2.0, 4.0]))
    shape = draw(st.sampled_from(["square"] * 10 + ["wide", "vector"]))
    dims = {"square": (*batch, n, n), "wide": (*batch, n, n + 1), "vector": (n,)}[shape]
    a = values(np.float64, dims, "normal", draw(seeds)) * scale / max(n, 1)
    return Case((Arr(a.astype(dtype)),), seed=draw(seeds))


SPECS += [
    Spec("mg.linalg.matrix_exp", lambda L, a: L.t.linalg.matrix_exp(a), exp_cases(),
         grad_tol=4.0),
    Spec("mg.matrix_exp", lambda L, a: L.t.matrix_exp(a), exp_cases(), grad_tol=4.0),
    Spec("Tensor.matrix_exp", lambda L, a: a.matrix_exp(), exp_cases(), grad_tol=4.0),
]


# ---- cond: every norm, square and not, singular ones where PyTorch gives inf ------------
@st.composite
def cond_cases(draw) -> Case:
    dtype = draw(st.sampled_from((np.float64, np.float32) * 8 + (np.int64,)))
    batch = draw(st.sampled_from(BATCHES if dtype != np.int64 else [(), (2,)]))  # not empty
    p = draw(st.sampled_from([None, 2, -2, "fro", "nuc", math.inf, -math.inf, 1, -1, 3]))
    n = draw(st.sampled_from([1, 2, 3, 4] + ([0] if dtype != np.int64 else [])))
    m = n if draw(st.sampled_from([True] * 3 + [False])) else draw(st.sampled_from([1, 2, 3]))
    a = values(np.float64, (*batch, m, n), "normal", draw(seeds)) / 4 + 3 * np.eye(m, n) * (
        1 + np.arange(n))
    grad = True
    if p not in (None, 2, -2, "nuc") and m == n and n > 1 and a.size and draw(st.booleans()):
        a.reshape(-1, n, n)[-1, draw(st.integers(0, n - 1)), :] = 0  # singular: inf
        grad = False
    kwargs = {} if p is None and draw(st.booleans()) else {"p": p}
    return Case((Arr(a.astype(dtype), grad=grad),), kwargs, seed=draw(seeds))


SPECS.append(Spec("mg.linalg.cond", lambda L, a, **kw: L.t.linalg.cond(a, **kw), cond_cases(),
                  grad_tol=4.0))


# ---- matmul, vecdot, cross, diagonal, vander: compositions, any axis, any dtype ----------
ANY = (np.float64, np.float32) * 4 + (np.int64, np.bool_, np.float16)


@st.composite
def pair_cases(draw, length: int | None, dtypes=ANY) -> Case:
    """Two tensors of one dtype (rarely two) whose shapes broadcast (or not), with an axis
    of `length` (3 for cross) at `dim`."""
    dtype = draw(st.sampled_from(dtypes))
    ndim = draw(st.sampled_from([1, 2, 2, 3]))
    shape = [draw(st.sampled_from([1, 2, 3])) for _ in range(ndim)]
    dim = draw(st.integers(-ndim, ndim - 1))
    if length is not None and draw(st.sampled_from([True] * 8 + [False])):
        shape[dim] = length
    other = list(shape)
    if draw(st.booleans()):
        other[draw(st.integers(0, ndim - 1))] = 1
    if length is None and draw(st.booleans()):
        other = other[1:]  # fewer axes: vecdot broadcasts them
    second = dtype if draw(st.sampled_from([True] * 10 + [False])) else np.float64
    x = values(dtype, tuple(shape), "normal", draw(seeds))
    y = values(second, tuple(other), "normal", draw(seeds))
    return Case((Arr(x), Arr(y)), {"dim": dim} if draw(st.booleans()) or dim != -1 else {},
                seed=draw(seeds))


@st.composite
def diagonal_cases(draw) -> Case:
    dtype = draw(st.sampled_from(ANY))
    ndim = draw(st.sampled_from([2, 2, 3, 4, 1]))
    shape = tuple(draw(st.sampled_from([0, 1, 2, 3, 4])) for _ in range(ndim))
    kwargs = {"offset": draw(st.integers(-4, 4))}
    if ndim >= 2 and draw(st.booleans()):
        kwargs["dim1"], kwargs["dim2"] = (draw(st.integers(-ndim, ndim - 1)) for _ in range(2))
    return Case((Arr(values(dtype, shape, "normal", draw(seeds))),), kwargs, seed=draw(seeds))


@st.composite
def vander_cases(draw) -> Case:
    dtype = draw(st.sampled_from(ANY))
    ndim = draw(st.sampled_from([1, 1, 2, 3, 0]))
    shape = tuple(draw(st.sampled_from([1, 2, 3, 4])) for _ in range(ndim))
    x = values(dtype, shape, "normal", draw(seeds))
    if dtype == np.int64:
        x = np.clip(x, -3, 3)  # no overflow in x^(N-1)
    kwargs = {"N": draw(st.sampled_from([1, 2, 3, 5]))} if draw(st.booleans()) else {}
    return Case((Arr(x),), kwargs, seed=draw(seeds))


# matmul is mg.matmul (specs_*.py compare it fully), so no bool or float16 here
SPECS += [
    Spec("mg.linalg.matmul", lambda L, a, b: L.t.linalg.matmul(a, b),
         pair_cases(None, ANY[:-2]).map(lambda c: Case(c.args, {}, c.seed)), sums=True),
    Spec("mg.linalg.vecdot", lambda L, a, b, **kw: L.t.linalg.vecdot(a, b, **kw),
         pair_cases(None), sums=True),
    Spec("mg.linalg.cross", lambda L, a, b, **kw: L.t.linalg.cross(a, b, **kw), pair_cases(3)),
    Spec("mg.linalg.diagonal", lambda L, a, **kw: L.t.linalg.diagonal(a, **kw),
         diagonal_cases()),
    Spec("mg.linalg.vander", lambda L, x, **kw: L.t.linalg.vander(x, **kw), vander_cases()),
]
