"""Specs of minigrad.linalg's matrix_power, multi_dot and cholesky, and of mg.matrix_power,
mg.cholesky and the Tensor methods matrix_power and cholesky.

The matrices are well conditioned (see specs_linalg.py), so that float32 results agree to
float32's tolerance whichever LAPACK computed them. cholesky's cases are positive definite
(B B^T plus the identity), with a triangle that is not read filled with anything, and now
and then one that is not positive definite (both libraries raise), or refused dtypes and
shapes.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from parity_harness import Arr, Case, Spec
from parity_strategies import seeds, values
from specs_linalg import BATCHES, _matrix, square_cases

SPECS: list[Spec] = []


# ---- matrix_power: any power, ints (n >= 0 only), bool (n 0 and 1 only), float16 ----------
@st.composite
def power_cases(draw) -> Case:
    dtype = draw(st.sampled_from((np.float64, np.float32) * 6 + (np.float16, np.int64,
                                                                 np.bool_)))
    n = draw(st.sampled_from([-3, -2, -1, 0, 1, 2, 3, 4, 7]))
    if dtype in (np.float64, np.float32):
        case = draw(square_cases(dtypes=(dtype,)))
        return Case(case.args, {"n": n}, seed=case.seed)
    batch = draw(st.sampled_from([(), (2,)]))
    size = draw(st.sampled_from([1, 2, 3]))
    a = values(dtype, (*batch, size, size), "normal", draw(seeds))
    if dtype == np.float16:  # small entries: no overflow, and float16's rounding stays small
        a = (_matrix(np.float64, batch, size, "well", draw(seeds)) / 6).astype(np.float16)
        n = min(n, 3)
    return Case((Arr(a),), {"n": n}, seed=draw(seeds))


SPECS += [
    Spec("mg.linalg.matrix_power", lambda L, a, n: L.t.linalg.matrix_power(a, n),
         power_cases()),
    Spec("mg.matrix_power", lambda L, a, n: L.t.matrix_power(a, n), power_cases()),
    Spec("Tensor.matrix_power", lambda L, a, n: a.matrix_power(n), power_cases()),
]


# ---- multi_dot: 2 to 4 tensors, vectors at either end, shapes that do not fit ------------
@st.composite
def multi_dot_cases(draw) -> Case:
    dtype = draw(st.sampled_from((np.float64, np.float32) * 8 + (np.int64, np.bool_)))
    k = draw(st.sampled_from([2, 2, 3, 3, 4, 1]))  # 1: refused
    # no empty bool ones: torch multiplies nothing there, minigrad refuses bool always
    sides = [1, 2, 3, 4] + ([0] if dtype != np.bool_ else [])
    dims = [draw(st.sampled_from(sides)) for _ in range(k + 1)]
    shapes = [(dims[i], dims[i + 1]) for i in range(k)]
    if draw(st.booleans()):
        shapes[0] = (dims[1],)
    if draw(st.booleans()):
        shapes[-1] = (dims[-2],)
    wrong = draw(st.sampled_from(["none"] * 12 + ["fit", "3-D", "0-d", "dtype"]))
    i = draw(st.integers(0, k - 1))
    if wrong == "fit":
        shapes[i] = (*shapes[i][:-1], shapes[i][-1] + 1)
    elif wrong == "3-D":
        shapes[i] = (2, *shapes[i])
    elif wrong == "0-d":
        shapes[i] = ()
    tensors = [Arr(values(dtype, s, "normal", draw(seeds))) for s in shapes]
    if wrong == "dtype":
        tensors[i] = Arr(tensors[i].value.astype(np.float32 if dtype != np.float32
                                                 else np.float64))
    return Case((tensors,), seed=draw(seeds))


SPECS.append(Spec("mg.linalg.multi_dot", lambda L, ts: L.t.linalg.multi_dot(ts),
                  multi_dot_cases(), sums=True))


# ---- cholesky: positive definite (one triangle anything), or not; upper ------------------
@st.composite
def cholesky_cases(draw, empty: bool = True) -> Case:
    """`empty=False` for the deprecated torch.cholesky, which returns any empty tensor
    unchecked (ints, non-square); minigrad's checks it as linalg.cholesky (the PyTorch page)."""
    dtype = draw(st.sampled_from((np.float64, np.float32) * 8 + (np.float16, np.int64)))
    # not empty float16 ones: torch lets them through (nothing to factorise), minigrad
    # refuses float16 whatever the size (as in specs_linalg.py)
    empty = empty and dtype != np.float16
    batch = draw(st.sampled_from(BATCHES if empty else [(), (2,), (2, 1)]))
    n = draw(st.sampled_from([1, 2, 3, 4] + ([0] if empty else [])))
    seed = draw(seeds)
    kind = draw(st.sampled_from(["definite"] * 8 + ["not definite", "wide", "vector"]))
    b = values(np.float64, (*batch, max(n, 1), max(n, 1) + 1), "normal", seed)
    if kind == "vector":
        a = values(np.float64, (max(n, 1),), "normal", seed)
    elif kind == "wide":
        a = b
    else:
        a = b @ b.swapaxes(-1, -2) / max(n, 1) + np.eye(n)
        if kind == "not definite" and a.size:
            a.reshape(-1, n, n)[-1, n - 1, n - 1] = -1.0  # the last minor fails
        rng = np.random.default_rng(seed)
        if draw(st.booleans()):  # the triangle that is not read: anything
            k = draw(st.sampled_from([1, -1]))
            junk = rng.standard_normal(a.shape) * 10
            a = np.triu(junk, 1) + np.tril(a) if k == 1 else np.tril(junk, -1) + np.triu(a)
    kwargs = {}
    if draw(st.booleans()):
        kwargs["upper"] = draw(st.booleans())
    return Case((Arr(a.astype(dtype)),), kwargs, seed=draw(seeds))


SPECS += [
    Spec("mg.linalg.cholesky", lambda L, a, **kw: L.t.linalg.cholesky(a, **kw),
         cholesky_cases(), grad_tol=4.0),
    Spec("mg.cholesky", lambda L, a, **kw: L.t.cholesky(a, **kw), cholesky_cases(False),
         grad_tol=4.0),
    Spec("Tensor.cholesky", lambda L, a, **kw: a.cholesky(**kw), cholesky_cases(False),
         grad_tol=4.0),
]


# ---- eigh and eigvalsh: symmetric matrices with distinct eigenvalues (one triangle
# anything), or not symmetric at all, and UPLO; the eigenvectors compared sign-free --------
@st.composite
def eigh_cases(draw) -> Case:
    dtype = draw(st.sampled_from((np.float64, np.float32) * 8 + (np.float16, np.int64)))
    # not empty float16 or int64 ones: torch lets them through (the PyTorch page)
    empty = dtype in (np.float64, np.float32)
    batch = draw(st.sampled_from(BATCHES if empty else [(), (2,)]))
    n = draw(st.sampled_from([1, 2, 3, 4] + ([0] if empty else [])))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    kind = draw(st.sampled_from(["symmetric"] * 8 + ["one triangle", "wide", "vector"]))
    if kind == "wide":
        a = values(np.float64, (*batch, max(n, 1), max(n, 1) + 1), "normal", seed)
    elif kind == "vector":
        a = values(np.float64, (max(n, 1),), "normal", seed)
    else:  # a rotation of eigenvalues at least 0.5 apart: gradients well defined
        q = np.linalg.qr(rng.standard_normal((*batch, n, n)))[0]
        eig = np.arange(n) * 0.8 + rng.uniform(-0.1, 0.1, (*batch, n)) - 1
        a = (q * eig[..., None, :]) @ q.swapaxes(-1, -2)
        if kind == "one triangle":
            junk = rng.standard_normal(a.shape) * 5
            a = np.tril(a) + np.triu(junk, 1) if draw(st.booleans()) else np.triu(a) + np.tril(
                junk, -1)
    kwargs = {}
    if draw(st.booleans()):
        kwargs["UPLO"] = draw(st.sampled_from(["L", "U", "L", "U", "u", "X"]))
    return Case((Arr(a.astype(dtype)),), kwargs, seed=draw(seeds))


def _sign_free(L, result):  # noqa: N803
    """eigh's outputs without the eigenvectors' signs: the eigenvalues, |V|, and
    V diag(0, 1, ...) V^T (projectors weighted by their index)."""
    values, vectors = result
    n = vectors.shape[-1]
    weights = L.tensor(np.arange(n, dtype=np.dtype(str(vectors.dtype).split(".")[-1])))
    return values, vectors.abs(), (vectors * weights) @ vectors.mT


SPECS += [
    Spec("mg.linalg.eigh", lambda L, a, **kw: _sign_free(L, L.t.linalg.eigh(a, **kw)),
         eigh_cases(), grad_tol=4.0),
    Spec("mg.linalg.eigvalsh", lambda L, a, **kw: L.t.linalg.eigvalsh(a, **kw),
         eigh_cases(), grad_tol=4.0),
]


# ---- qr, svd, pinv, matrix_rank: matrices of any shape (distinct singular values) -------
@st.composite
def general_cases(draw, square: bool = False, rank: bool = False) -> Case:
    """Matrices (batch..., m, n), empty ones too for float32/64, or refused dtypes and
    shapes; not empty float16 or int64 ones (torch lets those through: the PyTorch page).
    Their singular values are far apart and from 0 (3, 6, 9, ... on the diagonal), so
    float32 agrees; with `rank`, now and then a row of zeros (a lower rank) instead."""
    dtype = draw(st.sampled_from((np.float64, np.float32) * 8 + (np.float16, np.int64)))
    full = dtype in (np.float64, np.float32)
    batch = draw(st.sampled_from(BATCHES if full else [(), (2,)]))
    sides = [1, 2, 3, 4] + ([0] if full else [])
    m = draw(st.sampled_from(sides))
    n = m if square else draw(st.sampled_from(sides))
    if not draw(st.sampled_from([True] * 12 + [False])):
        return Case((Arr(values(dtype, (max(m, 1),), "normal", draw(seeds))),), seed=draw(seeds))
    a = values(np.float64, (*batch, m, n), "normal", draw(seeds)) / 4
    if rank and m and draw(st.booleans()):
        a[..., draw(st.integers(0, m - 1)), :] = 0
    else:
        a = a + np.eye(m, n) * 3 * np.arange(1, n + 1)
    return Case((Arr(a.astype(dtype)),), seed=draw(seeds))


def _with(cases, **choices):
    """Cases with keyword arguments drawn from `choices` (name -> list; None: left out)."""
    @st.composite
    def build(draw):
        case = draw(cases)
        kwargs = {k: v for k, options in choices.items()
                  if (v := draw(st.sampled_from(options))) is not None}
        return Case(case.args, kwargs, seed=case.seed)
    return build()


def _svd_sign_free(L, result):  # noqa: N803
    """svd's outputs without the signs of the singular vectors: S, |U| and |Vh| (their
    first k columns / rows) and U diag(1, 2, ...) Vh."""
    u, s, vh = result
    k = s.shape[-1]
    weights = L.tensor(np.arange(1, k + 1, dtype=np.dtype(str(s.dtype).split(".")[-1])))
    u, vh = u[..., :k], vh[..., :k, :]
    return s, u.abs(), vh.abs(), (u * weights) @ vh


SPECS += [
    Spec("mg.linalg.qr", lambda L, a, **kw: L.t.linalg.qr(a, **kw),
         _with(general_cases(), mode=[None, None, "reduced", "complete", "r", "full"]),
         grad_tol=4.0),
    Spec("mg.linalg.svd", lambda L, a, **kw: _svd_sign_free(L, L.t.linalg.svd(a, **kw)),
         _with(general_cases(), full_matrices=[None, True, False]), grad_tol=4.0),
    Spec("mg.linalg.pinv", lambda L, a, **kw: L.t.linalg.pinv(a, **kw),
         _with(general_cases(), atol=[None, None, 0.5, 0.0], rtol=[None, None, 0.3]),
         grad_tol=4.0),
    Spec("mg.linalg.pinv (hermitian)", lambda L, a: L.t.linalg.pinv(a, hermitian=True),
         general_cases(square=True), grad_tol=4.0),
    Spec("mg.linalg.matrix_rank", lambda L, a, **kw: L.t.linalg.matrix_rank(a, **kw),
         _with(general_cases(rank=True), atol=[None, None, 0.5, 4.0], rtol=[None, None, 0.3])),
    Spec("mg.linalg.matrix_rank (hermitian)",
         lambda L, a, **kw: L.t.linalg.matrix_rank(a, hermitian=True, **kw),
         _with(general_cases(square=True, rank=True), atol=[None, 0.5], rtol=[None, 0.3])),
]
