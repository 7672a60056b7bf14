"""minigrad.linalg's solve_triangular (ops/triangular.py) and lu_factor, lu and lu_solve
(ops/lu.py).

Gradients are checked in float64 (gradcheck and gradgradcheck) over batches and every
shape PyTorch factorises; values, pivots and gradients are compared with literals taken
from PyTorch 2.13; every error path is tried. tests/parity/specs_linalg_more.py compares
them with torch itself.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from op_strategies import FEW, SOME, check, seeds

import minigrad as mg
from minigrad import linalg
from minigrad.errors import DTypeError, LinAlgError, ShapeError

BATCHES = st.sampled_from([(), (2,), (2, 1), (1, 3)])
A = [[2.0, -1.0, 0.5], [1.0, 3.0, -2.0], [0.0, 1.0, 4.0]]
B = [[1.0, 2.0], [-1.0, 0.5], [3.0, -2.0]]
M = [[1.0, 2.0, 0.0], [3.0, -1.0, 2.0], [0.5, 4.0, 1.0]]
T = [[1.0, 2.0], [3.0, -1.0], [0.5, 4.0], [2.0, 1.0]]
W = [[1.0, -2.0, 0.5], [0.25, 1.5, -1.0], [2.0, 0.0, -0.5]]


# ---- solve_triangular -------------------------------------------------------------------
@SOME
@given(batch_a=BATCHES, batch_b=BATCHES, n=st.integers(1, 3), k=st.integers(1, 2),
       upper=st.booleans(), left=st.booleans(), unit=st.booleans(), seed=seeds)
def test_solve_triangular_gradients(batch_a, batch_b, n, k, upper, left, unit, seed):
    if batch_a and batch_b and batch_a != batch_b:
        batch_b = batch_a  # (2, 1) against (1, 3) and the like broadcast; keep it simple
    rng = np.random.default_rng(seed)
    a = rng.uniform(-1, 1, (*batch_a, n, n)) + 3 * np.eye(n)
    b = rng.standard_normal((*batch_b, n, k) if left else (*batch_b, k, n))
    check(lambda x, y: linalg.solve_triangular(x, y, upper=upper, left=left,
                                               unitriangular=unit), a, b)


@pytest.mark.parametrize("kwargs,value,grad_a,grad_b", [  # float32, PyTorch 2.13
    ({"upper": True}, [[0.3958333, 1.0416666], [0.1666667, -0.1666667], [0.75, -0.5]],
     [[-0.71875, 0.0, -0.125], [0.0, 0.0, -0.125], [0.0, 0.0, -0.109375]],
     [[0.5, 0.5], [0.5, 0.5], [0.4375, 0.4375]]),
    ({"upper": False, "unitriangular": True}, [[1.0, 2.0], [-2.0, -1.5], [5.0, -0.5]],
     [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [-3.0, 3.5, 0.0]], [[1.0, 1.0], [0.0, 0.0], [1.0, 1.0]]),
    ({"upper": False, "left": False}, [[0.7916667, -0.5833334, 0.75], [0.8333333, 0.3333333,
                                                                      -0.5]],
     [[-0.8125, 0.0, 0.0], [0.125, 0.0416667, 0.0], [-0.125, -0.0416667, -0.0520833]],
     [[0.5, 0.1666667, 0.2083333], [0.5, 0.1666667, 0.2083333]]),
])
def test_solve_triangular_as_pytorch(kwargs, value, grad_a, grad_b):
    a = mg.tensor(A, requires_grad=True)
    b = mg.tensor(B if kwargs.get("left", True) else np.transpose(B).tolist(), requires_grad=True)
    z = linalg.solve_triangular(a, b, **kwargs)
    z.sum().backward()
    assert z.dtype == np.float32 and a.grad.dtype == np.float32
    for got, want in ((z, value), (a.grad, grad_a), (b.grad, grad_b)):
        np.testing.assert_allclose(got.numpy(), want, rtol=1e-5, atol=1e-6)


def test_solve_triangular_reads_one_triangle_and_broadcasts():
    a = np.array(A)
    junk = np.triu(a) + np.tril(np.full((3, 3), 99.0), -1)
    x = linalg.solve_triangular(mg.tensor(junk), mg.tensor(np.array(B)), upper=True)
    np.testing.assert_allclose(x.numpy(), np.linalg.solve(np.triu(a), B), rtol=1e-6)
    batch = linalg.solve_triangular(mg.tensor(np.stack([a, 2 * a])), mg.tensor(np.array(B)),
                                    upper=True)
    assert batch.shape == (2, 3, 2)
    np.testing.assert_allclose(batch.numpy()[1], x.numpy() / 2, rtol=1e-6)
    # a zero on the diagonal: inf or NaN, no error (PyTorch: [[nan], [inf]])
    z = linalg.solve_triangular(mg.zeros(2, 2), mg.ones(2, 1), upper=True).numpy()
    assert np.isinf(z[1, 0]) and np.isnan(z[0, 0])
    assert linalg.solve_triangular(mg.zeros(0, 3, 3), mg.ones(3, 2), upper=False).shape == (
        0, 3, 2)


def test_solve_triangular_errors():
    a, b = mg.tensor(A), mg.tensor(B)
    with pytest.raises(TypeError, match="upper"):
        linalg.solve_triangular(a, b)  # upper is required, as in PyTorch
    with pytest.raises(TypeError, match="upper must be a bool"):
        linalg.solve_triangular(a, b, upper=1)
    with pytest.raises(DTypeError, match="floating"):
        linalg.solve_triangular(mg.eye(2).long(), mg.ones(2, 1).long(), upper=True)
    with pytest.raises(DTypeError, match="same floating dtype"):
        linalg.solve_triangular(a, b.double(), upper=True)
    with pytest.raises(ShapeError, match="at least|matrix or a batch"):
        linalg.solve_triangular(a, mg.ones(3), upper=True)
    with pytest.raises(ShapeError, match="needs 3 rows"):
        linalg.solve_triangular(a, mg.ones(2, 1), upper=True)
    with pytest.raises(ShapeError, match="needs 3 columns"):
        linalg.solve_triangular(a, mg.ones(3, 1), upper=True, left=False)
    with pytest.raises(ShapeError, match="square"):
        linalg.solve_triangular(mg.ones(2, 3), mg.ones(2, 1), upper=True)
    with pytest.raises(ShapeError, match="broadcast"):
        linalg.solve_triangular(mg.ones(2, 3, 3), mg.ones(4, 3, 1), upper=True)


# ---- lu_factor, lu ----------------------------------------------------------------------
@FEW
@given(batch=BATCHES, m=st.integers(1, 4), n=st.integers(1, 4), seed=seeds)
def test_lu_gradients_any_shape(batch, m, n, seed):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((*batch, m, n)) + 2 * np.eye(m, n)
    check(lambda x: linalg.lu(x)[1:], a)
    check(lambda x: linalg.lu_factor(x)[0], a)


def test_lu_as_pytorch():
    a = mg.tensor(M, requires_grad=True)
    p, l_, u = linalg.lu(a)
    ((l_ * mg.tensor(W)).sum() + (u * mg.tensor(W)).sum()).backward()
    assert p.dtype == l_.dtype == u.dtype == np.float32 and not p.requires_grad
    np.testing.assert_array_equal(p.numpy(), [[0, 0, 1], [1, 0, 0], [0, 1, 0]])
    np.testing.assert_allclose(l_.numpy(), [[1, 0, 0], [0.1666667, 1, 0], [0.3333333, 0.56, 1]],
                               rtol=1e-6)
    np.testing.assert_allclose(u.numpy(), [[3, -1, 2], [0, 4.1666665, 0.6666666],
                                           [0, 0, -1.04]], rtol=1e-6)
    np.testing.assert_allclose(a.grad.numpy(), [[1.0266666, 0.08, -0.5],
                                                [0.4830444, -2.2692001, 0.7866667],
                                                [1.0483999, 1.4552, -0.72]], rtol=1e-5)
    packed, pivots = linalg.lu_factor(mg.tensor(M))
    assert pivots.dtype == np.int32 and pivots.tolist() == [2, 3, 3]
    np.testing.assert_allclose(packed.numpy(), [[3, -1, 2], [0.1666667, 4.1666665, 0.6666666],
                                                [0.3333333, 0.56, -1.04]], rtol=1e-6)


def test_lu_tall_as_pytorch():
    a = mg.tensor(T, requires_grad=True)
    p, l_, u = linalg.lu(a)
    assert (p.shape, l_.shape, u.shape) == ((4, 4), (4, 2), (2, 2))
    wl = np.array([[1.0, -2.0], [0.25, 1.5], [2.0, 0.0], [1.0, -2.0]])
    ((l_ * mg.tensor(wl)).sum() + (u * mg.tensor(np.array(W)[:2, :2])).sum()).backward()
    np.testing.assert_allclose(l_.numpy(), [[1, 0], [0.1666667, 1], [0.3333333, 0.56],
                                            [0.6666667, 0.4]], rtol=1e-6)
    np.testing.assert_allclose(a.grad.numpy(), [[0.6666667, 0.0], [0.5543334, -1.9619999],
                                                [0.6473334, 1.6920002], [0.1733333, -0.48]],
                               rtol=1e-5, atol=1e-6)


def test_lu_puts_the_matrix_back_and_factorises_singular_ones():
    rng = np.random.default_rng(0)
    for shape in [(2, 3, 3), (4, 2), (2, 5), (0, 3, 3), (3, 0)]:
        a = rng.standard_normal(shape)
        p, l_, u = linalg.lu(mg.tensor(a))
        np.testing.assert_allclose((p @ l_ @ u).numpy(), a, atol=1e-12)
    p, l_, u = linalg.lu(mg.tensor([[1.0, 2.0], [2.0, 4.0]]))  # singular: no error
    assert u.tolist() == [[2.0, 4.0], [0.0, 0.0]] and l_.tolist() == [[1.0, 0.0], [0.5, 1.0]]


def test_lu_errors():
    with pytest.raises(LinAlgError, match=r"U\[1,1\] is zero"):
        linalg.lu_factor(mg.tensor([[1.0, 2.0], [2.0, 4.0]]))
    with pytest.raises(LinAlgError, match=r"batch index \(1,\)"):
        linalg.lu_factor(mg.tensor(np.stack([np.eye(2), np.zeros((2, 2))])))
    for fn in (linalg.lu, linalg.lu_factor):
        with pytest.raises(LinAlgError, match="without pivoting"):
            fn(mg.eye(2), pivot=False)
        with pytest.raises(TypeError, match="pivot must be a bool"):
            fn(mg.eye(2), pivot="yes")
        with pytest.raises(DTypeError, match="floating"):
            fn(mg.eye(2).long())
        with pytest.raises(ShapeError, match="matrix"):
            fn(mg.ones(3))


# ---- lu_solve ---------------------------------------------------------------------------
@FEW
@given(batch=BATCHES, n=st.integers(1, 3), left=st.booleans(), adjoint=st.booleans(),
       seed=seeds)
def test_lu_solve_gradients(batch, n, left, adjoint, seed):
    rng = np.random.default_rng(seed)
    a = rng.uniform(-1, 1, (*batch, n, n)) + 2 * np.eye(n)
    packed, pivots = linalg.lu_factor(mg.tensor(a))
    b = rng.standard_normal((n, 2) if left else (2, n))
    check(lambda x, y: linalg.lu_solve(x, pivots, y, left=left, adjoint=adjoint),
          packed.numpy(), b)
    x = linalg.lu_solve(packed, pivots, mg.tensor(b), left=left, adjoint=adjoint).numpy()
    op = np.swapaxes(a, -1, -2) if adjoint else a
    np.testing.assert_allclose(op @ x if left else x @ op, np.broadcast_to(b, x.shape),
                               atol=1e-10)


def test_lu_solve_as_pytorch():
    packed, pivots = linalg.lu_factor(mg.tensor(M))
    np.testing.assert_allclose(linalg.lu_solve(packed, pivots, mg.tensor(B)).numpy(),
                               [[-0.3846154, 2.0769231], [0.6923077, -0.0384615],
                                [0.423077, -2.8846154]], rtol=1e-5)
    np.testing.assert_allclose(linalg.lu_solve(packed, pivots, mg.tensor(B),
                                               adjoint=True).numpy(),
                               [[-2.346154, 3.3846154], [0.923077, -0.1923077],
                                [1.1538463, -1.6153846]], rtol=1e-5)


def test_lu_solve_errors():
    packed, pivots = linalg.lu_factor(mg.tensor(M))
    b = mg.tensor(B)
    with pytest.raises(DTypeError, match="int32"):
        linalg.lu_solve(packed, pivots.long(), b)
    with pytest.raises(ShapeError, match="pivots must have shape"):
        linalg.lu_solve(packed, pivots[:2], b)
    with pytest.raises(ValueError, match="lie in 1..3"):
        linalg.lu_solve(packed, mg.tensor(np.array([0, 1, 2], dtype=np.int32)), b)
    with pytest.raises(DTypeError, match="same floating dtype"):
        linalg.lu_solve(packed, pivots, b.double())
    with pytest.raises(ShapeError, match="matrix or a batch"):
        linalg.lu_solve(packed, pivots, mg.ones(3))
    with pytest.raises(ShapeError, match="needs 3 rows"):
        linalg.lu_solve(packed, pivots, mg.ones(2, 2))
    with pytest.raises(ShapeError, match="needs 3 columns"):
        linalg.lu_solve(packed, pivots, mg.ones(3, 2), left=False)
    with pytest.raises(ShapeError, match="square"):
        linalg.lu_solve(mg.ones(2, 3), mg.tensor(np.array([1, 2], dtype=np.int32)), b)
    with pytest.raises(TypeError, match="adjoint must be a bool"):
        linalg.lu_solve(packed, pivots, b, adjoint=None)
