"""minigrad.linalg's matrix_power and multi_dot (ops/matrix_power.py) and cholesky
(ops/cholesky.py), with mg.matrix_power, mg.cholesky and the Tensor methods.

Gradients are checked in float64 (gradcheck and gradgradcheck) over batches of matrices;
values and gradients are compared with literals taken from PyTorch 2.13; every error path
is tried. tests/parity/specs_linalg_factor.py compares them all with torch itself.
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
S = [[4.0, 2.0, 0.4], [2.0, 5.0, 1.0], [0.4, 1.0, 3.0]]  # symmetric positive definite
W = [[1.0, -2.0, 0.5], [0.25, 1.5, -1.0], [2.0, 0.0, -0.5]]  # weights of a loss


def well_conditioned(rng, batch, n):
    return rng.uniform(-1, 1, (*batch, n, n)) / n + 2 * np.eye(n)


# ---- matrix_power -------------------------------------------------------------------------
@SOME
@given(batch=BATCHES, n=st.integers(1, 3), power=st.sampled_from([-3, -2, -1, 0, 1, 2, 3, 5]),
       seed=seeds)
def test_matrix_power_gradients(batch, n, power, seed):
    a = well_conditioned(np.random.default_rng(seed), batch, n)
    check(lambda t: linalg.matrix_power(t, power), a)
    check(lambda t: t.matrix_power(power), a)


@pytest.mark.parametrize("n,value,grad", [  # float32, the gradient of the sum (PyTorch 2.13)
    (3, [[1.5, -11.5, 30.5], [16.0, -0.5, -63.5], [9.0, 34.0, 42.5]],
     [[17.0, 12.5, 46.0], [16.5, 12.0, 45.5], [12.75, 8.0, 40.0]]),
    (-2, [[0.1689941, 0.09278107, 0.02911243], [-0.07905326, 0.03502959, 0.06201184],
          [0.02745562, -0.02414201, 0.03834319]],
     [[-0.16708602, -0.03679199, -0.03577242], [-0.15458538, -0.03292491, -0.03259718],
      [-0.18309334, -0.04050251, -0.03928266]]),
    (0, np.eye(3), np.zeros((3, 3))),
    (1, A, np.ones((3, 3))),
])
def test_matrix_power_as_pytorch(n, value, grad):
    a = mg.tensor(A, requires_grad=True)
    z = linalg.matrix_power(a, n)
    z.sum().backward()
    assert z.dtype == np.float32 and a.grad.dtype == np.float32 and z.requires_grad
    assert z is not a
    np.testing.assert_allclose(z.numpy(), value, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(a.grad.numpy(), grad, rtol=1e-5, atol=1e-7)


def test_matrix_power_dtypes_batches_and_the_identity():
    ints = mg.tensor([[1, 2], [3, 4]])
    assert linalg.matrix_power(ints, 2).tolist() == [[7, 10], [15, 22]]
    assert linalg.matrix_power(ints, 0).dtype == np.int64
    assert linalg.matrix_power(mg.ones(2, 2).half(), 2).dtype == np.float16
    assert mg.matrix_power(mg.tensor([[True, False], [True, True]]), 0).tolist() == [
        [True, False], [False, True]]
    assert linalg.matrix_power(mg.zeros(4, 0, 0), -1).shape == (4, 0, 0)
    eye = linalg.matrix_power(mg.tensor(np.full((2, 1, 3, 3), np.inf)), 0)
    assert eye.shape == (2, 1, 3, 3) and (eye.numpy() == np.eye(3)).all()  # not 0 * inf
    batch = mg.tensor(np.stack([np.array(A), 2 * np.eye(3)]), dtype=np.float64)
    np.testing.assert_allclose(linalg.matrix_power(batch, 4).numpy()[1], 16 * np.eye(3))
    np.testing.assert_allclose(linalg.matrix_power(batch, -1).numpy(),
                               np.linalg.inv(batch.numpy()))
    np.testing.assert_allclose(linalg.matrix_power(batch, 13).numpy()[0],
                               np.linalg.matrix_power(np.array(A), 13), rtol=1e-12)


def test_matrix_power_errors():
    a = mg.tensor(A)
    for bad in (1.5, True, "2", None):
        with pytest.raises(TypeError, match="n must be an int"):
            linalg.matrix_power(a, bad)
    with pytest.raises(ShapeError, match=r"square matrices .* 2 by 3"):
        linalg.matrix_power(mg.ones(2, 3), 2)
    with pytest.raises(ShapeError, match=r"needs a matrix .* shape \(3,\)"):
        linalg.matrix_power(mg.ones(3), 2)
    with pytest.raises(DTypeError, match="bool"):
        linalg.matrix_power(mg.tensor([[True]]), 2)
    with pytest.raises(DTypeError, match="linalg.matrix_power: the tensor has dtype int64"):
        linalg.matrix_power(mg.tensor([[1, 2], [3, 4]]), -1)
    with pytest.raises(DTypeError, match="float16"):
        linalg.matrix_power(mg.ones(2, 2).half(), -1)
    with pytest.raises(LinAlgError, match="singular"):
        linalg.matrix_power(mg.ones(2, 2), -1)


# ---- multi_dot ----------------------------------------------------------------------------
@FEW
@given(seed=seeds, row=st.booleans(), column=st.booleans(), k=st.integers(2, 4))
def test_multi_dot_gradients(seed, row, column, k):
    rng = np.random.default_rng(seed)
    dims = rng.integers(1, 5, k + 1)
    shapes = [(dims[i], dims[i + 1]) for i in range(k)]
    if row:
        shapes[0] = (dims[1],)
    if column:
        shapes[-1] = (dims[-2],)
    arrays = [rng.standard_normal(s) for s in shapes]
    check(lambda *ts: linalg.multi_dot(list(ts)), *arrays)
    expected = arrays[0]
    for x in arrays[1:]:
        expected = expected @ x
    got = linalg.multi_dot([mg.tensor(x) for x in arrays])
    np.testing.assert_allclose(got.numpy(), expected, rtol=1e-12, atol=1e-12)


def test_multi_dot_as_pytorch():
    x = mg.tensor([1.0, 2.0, 3.0], requires_grad=True)
    a = mg.tensor(A, requires_grad=True)
    b = mg.tensor([[1.0, 0.5], [-1.0, 2.0], [0.0, 1.0]], requires_grad=True)
    y = mg.tensor([2.0, -1.0], requires_grad=True)
    z = linalg.multi_dot((x, a, b, y))
    z.backward()
    assert z.shape == () and z.item() == -34.5 and z.dtype == np.float32
    np.testing.assert_allclose(x.grad.numpy(), [6.5, -8.5, -8.0])
    np.testing.assert_allclose(a.grad.numpy(), [[1.5, -4.0, -1.0], [3.0, -8.0, -2.0],
                                                [4.5, -12.0, -3.0]])
    np.testing.assert_allclose(b.grad.numpy(), [[8.0, -4.0], [16.0, -8.0], [17.0, -8.5]])
    np.testing.assert_allclose(y.grad.numpy(), [-4.0, 26.5])
    assert linalg.multi_dot([mg.ones(3), mg.ones(3, 2)]).tolist() == [3.0, 3.0]
    assert linalg.multi_dot([mg.ones(3, 2), mg.ones(2)]).tolist() == [2.0, 2.0, 2.0]
    assert linalg.multi_dot([mg.ones(3, 3, dtype=np.int64), mg.ones(3, 2, dtype=np.int64)
                             ]).dtype == np.int64
    assert linalg.multi_dot([mg.ones(0, 3), mg.ones(3, 2)]).shape == (0, 2)


def test_multi_dot_errors():
    with pytest.raises(ValueError, match="at least 2 tensors, got 1"):
        linalg.multi_dot([mg.ones(2, 2)])
    with pytest.raises(ValueError, match="at least 2 tensors, got 0"):
        linalg.multi_dot([])
    with pytest.raises(TypeError, match="list"):
        linalg.multi_dot(mg.ones(2, 2))
    with pytest.raises(ShapeError, match=r"the first tensor must be 1-D or 2-D .* \(2, 3, 3\)"):
        linalg.multi_dot([mg.ones(2, 3, 3), mg.ones(3, 2)])
    with pytest.raises(ShapeError, match=r"the last tensor must be 1-D or 2-D .* \(\)"):
        linalg.multi_dot([mg.ones(3, 2), mg.tensor(2.0)])
    with pytest.raises(ShapeError, match=r"tensor 1 must be 2-D"):
        linalg.multi_dot([mg.ones(3, 2), mg.ones(2), mg.ones(3)])
    with pytest.raises(ShapeError, match=r"tensors 0 and 1 of shapes \(3, 4\) and \(3, 2\)"):
        linalg.multi_dot([mg.ones(3, 4), mg.ones(3, 2)])
    with pytest.raises(DTypeError, match="tensor 0 is float32 and tensor 1 float64"):
        linalg.multi_dot([mg.ones(3, 3), mg.ones(3, 2, dtype=np.float64)])
    with pytest.raises(DTypeError, match="bool"):
        linalg.multi_dot([mg.tensor([[True]]), mg.tensor([[True]])])


# ---- cholesky -----------------------------------------------------------------------------
def positive_definite(rng, batch, n):
    b = rng.standard_normal((*batch, n, n))
    return b @ b.swapaxes(-1, -2) / n + np.eye(n)


@SOME
@given(batch=BATCHES, n=st.integers(1, 4), upper=st.booleans(), seed=seeds)
def test_cholesky_gradients(batch, n, upper, seed):
    # only one triangle is read and the gradient is symmetric (as PyTorch's): checked
    # through a symmetric input, whose entries above and below move together
    a = positive_definite(np.random.default_rng(seed), batch, n)
    check(lambda t: linalg.cholesky((t + t.mT) / 2, upper=upper), a)
    check(lambda t: mg.cholesky((t + t.mT) / 2, upper), a)


@pytest.mark.parametrize("upper,value,grad", [  # float32, the gradient of (L * W).sum()
    (False, [[2.0, 0.0, 0.0], [1.0, 2.0, 0.0], [0.2, 0.4, 1.67332]],
     [[0.26249999, -0.125, 0.5], [-0.125, 0.36902386, 0.02988072],
      [0.5, 0.02988072, -0.14940357]]),
    (True, [[2.0, 1.0, 0.2], [0.0, 2.0, 0.4], [0.0, 0.0, 1.67332]],
     [[0.56875002, -0.6875, 0.25], [-0.6875, 0.41902384, -0.22011927],
      [0.25, -0.22011927, -0.14940357]]),
])
def test_cholesky_as_pytorch(upper, value, grad):
    a = mg.tensor(S, requires_grad=True)
    factor = linalg.cholesky(a, upper=upper)
    (factor * mg.tensor(W)).sum().backward()
    assert factor.dtype == np.float32 and a.grad.dtype == np.float32
    np.testing.assert_allclose(factor.numpy(), value, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(a.grad.numpy(), grad, rtol=1e-5, atol=1e-6)


def test_cholesky_reads_one_triangle_and_keeps_batches():
    lower_only = mg.tensor([[4.0, 100.0], [1.0, 5.0]], dtype=np.float64)  # upper: not PD
    np.testing.assert_allclose(linalg.cholesky(lower_only).numpy(),
                               [[2.0, 0.0], [0.5, np.sqrt(4.75)]])
    upper_only = mg.tensor([[4.0, 1.0], [100.0, 5.0]], dtype=np.float64)
    np.testing.assert_allclose(linalg.cholesky(upper_only, upper=True).numpy(),
                               [[2.0, 0.5], [0.0, np.sqrt(4.75)]])
    assert linalg.cholesky(mg.tensor([[1.0, np.nan], [0.0, 4.0]])).tolist() == [[1.0, 0.0],
                                                                               [0.0, 2.0]]
    a = positive_definite(np.random.default_rng(0), (2, 3), 4)
    factor = linalg.cholesky(mg.tensor(a)).numpy()
    np.testing.assert_allclose(factor @ factor.swapaxes(-1, -2), a, atol=1e-12)
    assert (np.triu(factor, 1) == 0).all()
    assert linalg.cholesky(mg.zeros(3, 0, 0)).shape == (3, 0, 0)
    assert mg.tensor(S).cholesky().dtype == np.float32
    assert mg.tensor(S, dtype=np.float64).cholesky(True).dtype == np.float64


@pytest.mark.parametrize("matrix,order", [
    ([[1.0, 2.0], [2.0, 1.0]], 2), ([[0.0, 0.0], [0.0, 1.0]], 1),
    ([[1.0, 5.0], [-7.0, 4.0]], 2), ([[np.nan, 0.0], [0.0, 4.0]], 1),
    ([[1.0, 0.0], [np.nan, 4.0]], 2), ([[4.0, 1.0], [100.0, 5.0]], 2),
])
def test_cholesky_names_the_leading_minor_as_pytorch(matrix, order):
    with pytest.raises(LinAlgError, match=rf"^linalg\.cholesky: the matrix is not positive "
                                          rf"definite: its leading minor of order {order} "):
        linalg.cholesky(mg.tensor(matrix))


def test_cholesky_names_the_batch_index():
    batch = mg.tensor(np.eye(2) * np.array([1.0, 1.0, -1.0]).reshape(3, 1, 1, 1))
    with pytest.raises(LinAlgError, match=r"the matrix at batch index \(2, 0\) \(of the batch "
                                          r"of shape \(3, 1\)\) .* order 1"):
        linalg.cholesky(batch)
    with pytest.raises(RuntimeError, match="not positive definite"):
        mg.cholesky(mg.tensor([[4.0, 100.0], [1.0, 5.0]]), upper=True)


def test_cholesky_errors():
    for bad in (mg.tensor([[1, 0], [0, 1]]), mg.tensor([[True]]), mg.eye(2).half()):
        with pytest.raises(DTypeError, match="linalg.cholesky"):
            linalg.cholesky(bad)
    with pytest.raises(ShapeError, match=r"square matrices .* 2 by 3"):
        linalg.cholesky(mg.ones(2, 3))
    with pytest.raises(ShapeError, match=r"needs a matrix .* shape \(3,\)"):
        linalg.cholesky(mg.ones(3))
    with pytest.raises(TypeError, match="upper must be a bool"):
        linalg.cholesky(mg.eye(2), upper=1)
    with pytest.raises(TypeError):
        linalg.cholesky(mg.eye(2), True)  # keyword-only, as in PyTorch


def test_inputs_are_not_changed_and_names_are_there():
    s, a = np.array(S), np.array(A)
    ts, ta = mg.tensor(s.copy()), mg.tensor(a.copy())
    linalg.cholesky(ts)
    linalg.cholesky(ts, upper=True)
    linalg.matrix_power(ta, 3)
    linalg.matrix_power(ta, -1)
    linalg.multi_dot([ta, ta, ta])
    np.testing.assert_array_equal(ts.numpy(), s)
    np.testing.assert_array_equal(ta.numpy(), a)
    assert "matrix_power" in linalg.__all__ and "cholesky" in linalg.__all__
    assert "multi_dot" in linalg.__all__ and mg.matrix_power is linalg.matrix_power


# ---- eigh and eigvalsh ------------------------------------------------------------------
def symmetric_distinct(rng, batch, n):
    """Symmetric matrices with eigenvalues at least 0.5 apart (a random rotation of them)."""
    q = np.linalg.qr(rng.standard_normal((*batch, n, n)))[0]
    values = np.arange(n) * 0.7 + rng.uniform(-0.1, 0.1, (*batch, n)) - 1
    return (q * values[..., None, :]) @ q.swapaxes(-1, -2)


@SOME
@given(batch=BATCHES, n=st.integers(1, 4), uplo=st.sampled_from(["L", "U"]), seed=seeds)
def test_eigh_gradients_of_sign_free_losses(batch, n, uplo, seed):
    a = symmetric_distinct(np.random.default_rng(seed), batch, n)
    weights = mg.tensor(np.linspace(-1, 2, n))

    def reconstruct(t):  # eigenvalues, a weighted sum of projectors, and |V|^2
        values, vectors = linalg.eigh((t + t.mT) / 2, UPLO=uplo)
        return values, (vectors * weights) @ vectors.mT, vectors * vectors

    check(reconstruct, a)
    check(lambda t: linalg.eigvalsh((t + t.mT) / 2, uplo), a)


def test_eigh_as_pytorch():
    a = mg.tensor(S, requires_grad=True)
    values, vectors = linalg.eigh(a)
    loss = (values * mg.tensor([1.0, -2.0, 0.5])).sum() + (
        (vectors * mg.tensor([0.0, 1.0, 3.0])) @ vectors.mT * mg.tensor(W)).sum()
    loss.backward()
    assert values.dtype == vectors.dtype == a.grad.dtype == np.float32
    np.testing.assert_allclose(values.numpy(), [2.2564726, 2.9019711, 6.8415575], rtol=1e-6)
    np.testing.assert_allclose(np.abs(vectors.numpy()), [
        [0.59275037, 0.55889273, 0.57990158], [0.61963612, 0.14349428, 0.77166104],
        [0.51448822, 0.81673014, 0.26125383]], rtol=1e-5)
    np.testing.assert_allclose(a.grad.numpy(), [
        [0.42784616, -0.40305525, 1.11007357], [-0.40305522, 0.86465067, -0.02983891],
        [1.11007357, -0.02983889, -1.7924962]], rtol=1e-4, atol=1e-5)
    assert linalg.eigh(a)._fields == ("eigenvalues", "eigenvectors")


def test_eigvalsh_reads_the_triangle_uplo_as_pytorch():
    a = mg.tensor([[4.0, -9.0, 7.0], [2.0, 5.0, 1.0], [0.4, 1.0, 3.0]], requires_grad=True)
    values = linalg.eigvalsh(a, UPLO="U")
    (values * mg.tensor([1.0, -2.0, 0.5])).sum().backward()
    np.testing.assert_allclose(values.numpy(), [-7.8298779, 4.7148895, 15.1149893], rtol=1e-5)
    np.testing.assert_allclose(a.grad.numpy(), [
        [0.71109349, 0.01985978, -0.38234076], [0.01985978, -0.27801228, -1.32349038],
        [-0.38234076, -1.32349038, -0.93308008]], rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(linalg.eigvalsh(a, "l").numpy(),
                               np.linalg.eigvalsh(a.numpy(), "L"), rtol=1e-6)
    np.testing.assert_allclose(linalg.eigh(a, "u").eigenvalues.numpy(), values.numpy())


def test_eigh_batches_empty_and_non_finite_matrices():
    a = symmetric_distinct(np.random.default_rng(3), (2, 3), 4)
    values, vectors = linalg.eigh(mg.tensor(a))
    v = vectors.numpy()
    np.testing.assert_allclose((v * values.numpy()[..., None, :]) @ v.swapaxes(-1, -2), a,
                               atol=1e-12)
    assert (np.diff(values.numpy(), axis=-1) > 0).all()
    assert linalg.eigh(mg.zeros(2, 0, 0)).eigenvalues.shape == (2, 0)
    assert linalg.eigvalsh(mg.zeros(0, 0)).shape == (0,)
    # an inf or NaN in the triangle read gives NaN, as PyTorch; in the other one, nothing
    nan = linalg.eigh(mg.tensor([[S, S], [S, [[1.0, 0, 0], [np.inf, 1, 0], [0, 0, 1]]]]))
    assert np.isnan(nan.eigenvectors.numpy()[1, 1]).all()
    assert np.isfinite(nan.eigenvalues.numpy()[:, 0]).all() and np.isfinite(
        nan.eigenvalues.numpy()[0, 1]).all()
    assert np.isfinite(linalg.eigvalsh(mg.tensor([[1.0, np.nan], [2.0, 3.0]])).numpy()).all()


def test_repeated_eigenvalues_give_pytorch_s_gradients():
    a = mg.eye(3, dtype=np.float64, requires_grad=True)
    values, vectors = linalg.eigh(a)
    (vectors * mg.arange(9.0).reshape(3, 3)).sum().backward()
    assert np.isnan(a.grad.numpy()).all()  # 0 / 0, as PyTorch's
    a.grad = None
    (linalg.eigh(a).eigenvalues * mg.arange(3.0)).sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), np.diag([0.0, 1.0, 2.0]))  # PyTorch's too
    a.grad = None
    linalg.eigvalsh(a).sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), np.eye(3))


def test_eigh_errors():
    for fn, name in ((linalg.eigh, "linalg.eigh"), (linalg.eigvalsh, "linalg.eigvalsh")):
        for bad in (mg.tensor([[1, 0], [0, 1]]), mg.tensor([[True]]), mg.eye(2).half()):
            with pytest.raises(DTypeError, match=name):
                fn(bad)
        with pytest.raises(ShapeError, match=r"square matrices .* 2 by 3"):
            fn(mg.ones(2, 3))
        with pytest.raises(ShapeError, match=r"needs a matrix .* shape \(3,\)"):
            fn(mg.ones(3))
        for uplo in ("X", "lower", None):
            with pytest.raises(ValueError, match="UPLO must be 'L' .* or 'U'"):
                fn(mg.eye(2), UPLO=uplo)
    a = np.array(S)
    t = mg.tensor(a.copy())
    linalg.eigh(t, "U")
    np.testing.assert_array_equal(t.numpy(), a)
