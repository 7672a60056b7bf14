"""minigrad.linalg's lstsq (ops/lstsq.py), matrix_exp (ops/matrix_exp.py, with
mg.matrix_exp and Tensor.matrix_exp) and cond (ops/cond.py).

Gradients are checked in float64 (gradcheck, and gradgradcheck where the parts allow
second derivatives); values and gradients are compared with literals taken from
PyTorch 2.13; every error path is tried. tests/parity/specs_linalg_more.py compares them
with torch itself.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from op_strategies import FEW, check, seeds

import minigrad as mg
from minigrad import linalg
from minigrad.errors import DTypeError, LinAlgError, ShapeError

BATCHES = st.sampled_from([(), (2,), (2, 1)])
A = [[2.0, -1.0, 0.5], [1.0, 3.0, -2.0], [0.0, 1.0, 4.0]]
T = [[1.0, 2.0], [3.0, -1.0], [0.5, 4.0], [2.0, 1.0]]
Y = [[1.0, 2.0], [0.0, 1.0], [1.0, -1.0], [2.0, 0.5]]
E = [[0.5, -1.0, 0.25], [1.0, 0.0, 0.5], [-0.5, 0.75, -0.25]]
W = [[1.0, -2.0, 0.5], [0.25, 1.5, -1.0], [2.0, 0.0, -0.5]]


# ---- lstsq --------------------------------------------------------------------------------
@FEW
@given(batch=BATCHES, m=st.integers(1, 4), n=st.integers(1, 4), vector=st.booleans(),
       seed=seeds)
def test_lstsq_solution_gradients(batch, m, n, vector, seed):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((*batch, m, n)) + 2 * np.eye(m, n)  # full rank
    b = rng.standard_normal((*batch, m) if vector else (m, 2) if not batch else (*batch, m, 2))
    check(lambda x, y: linalg.lstsq(x, y).solution, a, b)
    if m > n:
        check(lambda x, y: linalg.lstsq(x, y, driver="gelsd").residuals, a, b)


@pytest.mark.parametrize("driver,residuals,rank,singular_values", [  # PyTorch 2.13
    (None, [], 2, []), ("gelsy", [], 2, []), ("gels", [1.6863711, 3.9985614], [], []),
    ("gelsd", [1.6863711, 3.9985614], 2, [4.7984972, 3.6365409]),
    ("gelss", [1.6863711, 3.9985614], 2, [4.7984972, 3.6365409]),
])
def test_lstsq_as_pytorch(driver, residuals, rank, singular_values):
    a = mg.tensor(T, requires_grad=True)
    result = linalg.lstsq(a, mg.tensor(Y), driver=driver)
    result.solution.sum().backward()
    np.testing.assert_allclose(result.solution.numpy(), [[0.3185549, 0.4022987],
                                                         [0.320197, -0.0775862]], rtol=1e-5)
    np.testing.assert_allclose(a.grad.numpy(), [[0.0136917, 0.0332128],
                                                [-0.1657081, -0.0704397],
                                                [-0.2120626, -0.092593],
                                                [-0.0656949, -0.009104]], rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(result.residuals.numpy(), residuals, rtol=1e-5)
    assert result.rank.dtype == np.int64 and result.rank.tolist() == rank
    np.testing.assert_allclose(result.singular_values.numpy(), singular_values, rtol=1e-5)
    assert result.solution.dtype == result.residuals.dtype == np.float32


def test_lstsq_rank_deficient_batches_and_vectors():
    rng = np.random.default_rng(1)
    z = rng.standard_normal((2, 5, 3))
    z[0, :, 2] = 0  # rank 2: the smallest-norm solution, and no residuals (gelsd)
    b = rng.standard_normal((2, 5, 2))
    result = linalg.lstsq(mg.tensor(z), mg.tensor(b), driver="gelsd")
    assert result.rank.tolist() == [2, 3] and result.residuals.shape == (0,)
    np.testing.assert_allclose(result.solution.numpy(), np.linalg.pinv(z) @ b, atol=1e-12)
    assert result.solution.numpy()[0, 2].tolist() == [0.0, 0.0]
    wide = linalg.lstsq(mg.tensor(z[1].T), mg.tensor(b[1, :3]))  # an exact solution
    np.testing.assert_allclose(z[1].T @ wide.solution.numpy(), b[1, :3], atol=1e-12)
    vec = linalg.lstsq(mg.tensor(z), mg.tensor(b[..., 0]), driver="gelss")
    assert vec.solution.shape == (2, 3) and vec.singular_values.shape == (2, 3)
    spread = linalg.lstsq(mg.tensor(z[1:]), mg.tensor(b), driver="gelsd")
    assert spread.solution.shape == (2, 3, 2) and spread.rank.shape == (1,)
    assert linalg.lstsq(mg.zeros(0, 3), mg.zeros(0, 2)).solution.tolist() == [[0, 0]] * 3


def test_lstsq_errors():
    a, b = mg.tensor(T), mg.tensor(Y)
    with pytest.raises(ValueError, match="driver must be one of"):
        linalg.lstsq(a, b, driver="gelsx")
    with pytest.raises(DTypeError, match="same floating dtype"):
        linalg.lstsq(a, b.double())
    with pytest.raises(DTypeError, match="floating"):
        linalg.lstsq(a.long(), b.long())
    with pytest.raises(ShapeError, match="4 rows but B 3"):
        linalg.lstsq(a, b[:3])
    with pytest.raises(ShapeError, match="one fewer"):
        linalg.lstsq(a, mg.ones(2, 4, 2))
    with pytest.raises(ShapeError, match="broadcast"):
        linalg.lstsq(mg.ones(2, 4, 2), mg.ones(3, 4, 2))
    singular = np.array(T)
    singular[:, 1] = 0
    with pytest.raises(LinAlgError, match="full rank"):
        linalg.lstsq(mg.tensor(singular.tolist()), b, driver="gels")


# ---- matrix_exp ---------------------------------------------------------------------------
@FEW
@given(batch=BATCHES, n=st.integers(1, 3), scale=st.sampled_from([0.01, 1.0, 3.0]),
       seed=seeds)
def test_matrix_exp_gradients(batch, n, scale, seed):
    a = np.random.default_rng(seed).uniform(-1, 1, (*batch, n, n)) * scale
    check(linalg.matrix_exp, a)


def test_matrix_exp_as_pytorch():
    a = mg.tensor(E, requires_grad=True)
    z = linalg.matrix_exp(a)
    (z * mg.tensor(W)).sum().backward()
    assert z.dtype == a.grad.dtype == np.float32
    np.testing.assert_allclose(z.numpy(), [[0.9945719, -1.053781, -0.002714],
                                           [1.0215189, 0.6773827, 0.5107595],
                                           [-0.1236187, 0.8306628, 0.9381907]], atol=2e-6)
    np.testing.assert_allclose(a.grad.numpy(), [[1.9172639, -0.6483732, -0.7225296],
                                                [-0.6160729, 2.0756855, -0.4734952],
                                                [2.0284967, 1.1489967, -0.8478115]], atol=3e-6)
    np.testing.assert_allclose(mg.matrix_exp(mg.tensor(E)).numpy(), z.numpy())
    np.testing.assert_allclose(mg.tensor(E).matrix_exp().numpy(), z.numpy())


def test_matrix_exp_known_values():
    assert linalg.matrix_exp(mg.tensor([[0.0, 1.0], [0.0, 0.0]])).tolist() == [[1, 1], [0, 1]]
    big = linalg.matrix_exp(mg.tensor([[20.0, 0.0], [0.0, -20.0]], dtype=mg.float64)).numpy()
    np.testing.assert_allclose(np.diag(big), [math.exp(20), math.exp(-20)], rtol=1e-13)
    rotation = linalg.matrix_exp(mg.tensor([[0.0, -30.0], [30.0, 0.0]], dtype=mg.float64))
    np.testing.assert_allclose(rotation.numpy(), [[math.cos(30), -math.sin(30)],
                                                  [math.sin(30), math.cos(30)]], atol=1e-12)
    assert linalg.matrix_exp(mg.zeros(2, 0, 0)).shape == (2, 0, 0)
    assert np.isnan(linalg.matrix_exp(mg.tensor([[np.inf, 0.0], [0.0, 1.0]])).numpy()).all()


def test_matrix_exp_errors():
    with pytest.raises(DTypeError, match="floating"):
        linalg.matrix_exp(mg.eye(2).long())
    with pytest.raises(ShapeError, match="square"):
        linalg.matrix_exp(mg.ones(2, 3))
    with pytest.raises(ShapeError, match="matrix"):
        linalg.matrix_exp(mg.ones(3))


# ---- cond ---------------------------------------------------------------------------------
NORMS = [None, 2, -2, "fro", "nuc", math.inf, -math.inf, 1, -1]


@FEW
@given(batch=BATCHES, n=st.integers(1, 3), p=st.sampled_from(NORMS), seed=seeds)
def test_cond_gradients(batch, n, p, seed):
    a = np.random.default_rng(seed).uniform(-1, 1, (*batch, n, n)) + 2 * np.eye(n)
    fn = lambda x: linalg.cond(x, p)  # noqa: E731
    if p in (None, 2, -2, "nuc"):  # singular values: no second derivatives
        assert mg.gradcheck(fn, (mg.tensor(a, requires_grad=True),))
    else:
        check(fn, a)


@pytest.mark.parametrize("p,value", [  # float32, PyTorch 2.13
    (None, 2.0874238), (2, 2.0874238), (-2, 0.4790594), ("fro", 3.5670667),
    ("nuc", 9.8412151), (math.inf, 3.5076923), (-math.inf, 1.0769231), (1, 3.8000002),
    (-1, 1.1076924),
])
def test_cond_as_pytorch(p, value):
    c = linalg.cond(mg.tensor(A), p)
    assert c.dtype == np.float32 and c.shape == ()
    np.testing.assert_allclose(c.numpy(), value, rtol=1e-5)


def test_cond_singular_empty_and_wide():
    s = mg.tensor([[[1.0, 2.0], [2.0, 4.0]], [[1.0, 0.0], [0.0, 2.0]]], dtype=mg.float64)
    for p in ("fro", 1, math.inf):
        c = linalg.cond(s, p).numpy()
        assert np.isinf(c[0]) and np.isfinite(c[1])  # PyTorch: inf, no error
    x = mg.tensor(np.array([[1.0, 2.0], [2.0, 4.0]]), requires_grad=True)
    linalg.cond(x, "fro").backward()
    assert np.isfinite(x.grad.numpy()).all()
    assert linalg.cond(mg.zeros(0, 3)).tolist() == 0.0
    assert linalg.cond(mg.zeros(2, 0, 0), 1).tolist() == [0.0, 0.0]
    wide = np.array([[3.0, 0.0, 0.0], [0.0, 1.5, 0.0]])
    assert linalg.cond(mg.tensor(wide)).tolist() == 2.0
    assert linalg.cond(mg.tensor(wide), -2).tolist() == 0.5


def test_cond_errors():
    with pytest.raises(ValueError, match="not a norm"):
        linalg.cond(mg.tensor(A), 3)
    with pytest.raises(ValueError, match="not a norm"):
        linalg.cond(mg.tensor(A), "max")
    with pytest.raises(ShapeError, match="square"):
        linalg.cond(mg.ones(2, 3), 1)
    with pytest.raises(DTypeError, match="floating"):
        linalg.cond(mg.eye(2).long())
    with pytest.raises(ShapeError, match="matrix"):
        linalg.cond(mg.ones(3))
