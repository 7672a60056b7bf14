"""minigrad.linalg's qr (ops/qr.py), svd, pinv and matrix_rank (ops/svd.py).

Gradients are checked in float64 over batches of matrices, tall, square and wide, on
sign-free losses for svd (U diag(w) Vh, |U|, |Vh|); values and gradients are compared with
literals taken from PyTorch 2.13; every error path is tried. tests/parity/
specs_linalg_factor.py compares them with torch itself.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from op_strategies import SOME, check, seeds

import minigrad as mg
from minigrad import linalg
from minigrad.errors import BackwardError, DTypeError, ShapeError

SHAPES = st.sampled_from([(3, 2), (2, 2), (2, 3), (2, 4, 2), (2, 1, 2, 3), (1, 1), (3, 3)])
A = [[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]]
W = [[1.0, -2.0], [0.5, 0.25], [2.0, -1.0]]



# ---- qr -------------------------------------------------------------------------------------
@SOME
@given(shape=SHAPES, seed=seeds)
def test_qr_gradients(shape, seed):
    a = mg.tensor(np.random.default_rng(seed).standard_normal(shape), requires_grad=True)
    assert mg.gradcheck(lambda t: linalg.qr(t), a)
    assert mg.gradcheck(lambda t: linalg.qr(t).R, a)  # each part alone too
    assert mg.gradcheck(lambda t: linalg.qr(t).Q, a)
    if shape[-2] <= shape[-1]:
        assert mg.gradcheck(lambda t: linalg.qr(t, "complete"), a)


def test_qr_as_pytorch():
    a = mg.tensor(A, requires_grad=True)
    q, r = linalg.qr(a)
    ((q * mg.tensor(W)).sum() + (r * mg.tensor([[1.0, 2.0], [3.0, 4.0]])).sum()).backward()
    assert q.dtype == r.dtype == a.grad.dtype == np.float32
    np.testing.assert_allclose(q.numpy(), [[-0.1690309, 0.94868344], [-0.5070926, -0.3162275],
                                           [-0.84515435, 0.0]], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(r.numpy(), [[-5.9160795, -8.282512], [0.0, 0.6324559]],
                               rtol=1e-5)
    np.testing.assert_allclose(a.grad.numpy(), [[-5.7423372, 3.5413768], [1.0157565, -2.024983],
                                                [-0.644205, -1.8597159]], rtol=1e-4, atol=1e-5)
    wide = mg.tensor(np.array(A).T.copy(), requires_grad=True)
    q, r = linalg.qr(wide)
    ((q * mg.tensor([[1.0, 2.0], [3.0, 4.0]])).sum() + (r * mg.tensor(W).mT).sum()).backward()
    np.testing.assert_allclose(wide.grad.numpy(), [[-2.6385608, -0.44721356, 0.0],
                                                   [0.2012465, -0.33541018, -2.236068]],
                               rtol=1e-4, atol=1e-5)


def test_qr_modes_and_shapes():
    a = mg.tensor(A, dtype=np.float64)
    q, r = linalg.qr(a, "complete")
    assert q.shape == (3, 3) and r.shape == (3, 2)
    np.testing.assert_allclose(q.numpy() @ r.numpy(), A, atol=1e-12)
    np.testing.assert_allclose(q.numpy().T @ q.numpy(), np.eye(3), atol=1e-12)
    q, r = linalg.qr(a, mode="r")
    assert q.shape == (0,) and r.shape == (2, 2) and q.dtype == np.float64
    assert linalg.qr(mg.ones(2, 0, 3)).R.shape == (2, 0, 3)
    assert linalg.qr(mg.ones(3, 0), "complete").Q.shape == (3, 3)
    assert linalg.qr(a)._fields == ("Q", "R")
    batch = np.random.default_rng(1).standard_normal((2, 3, 4, 3))
    q, r = linalg.qr(mg.tensor(batch))
    np.testing.assert_allclose(q.numpy() @ r.numpy(), batch, atol=1e-12)
    assert (np.tril(r.numpy(), -1) == 0).all()


def test_qr_refuses_gradients_as_pytorch():
    a = mg.tensor(A, requires_grad=True)
    with pytest.raises(BackwardError, match="not computed when mode='r'"):
        linalg.qr(a, "r").R.sum().backward()
    with pytest.raises(BackwardError, match="mode='complete' and more rows than columns"):
        linalg.qr(a, "complete").R.sum().backward()
    with pytest.raises(BackwardError, match="second derivatives"):
        mg.gradgradcheck(lambda t: linalg.qr(t).R, a.double())


# ---- svd ------------------------------------------------------------------------------------
def sign_free(t, full_matrices):
    """svd's outputs without the singular vectors' signs."""
    u, s, vh = linalg.svd(t, full_matrices=full_matrices)
    k = s.shape[-1]
    weights = mg.tensor(np.arange(1.0, k + 1))
    return s, (u[..., :k] * weights) @ vh[..., :k, :], u[..., :k].abs(), vh[..., :k, :].abs()


@SOME
@given(shape=SHAPES, full=st.booleans(), seed=seeds)
def test_svd_gradients_of_sign_free_losses(shape, full, seed):
    a = mg.tensor(np.random.default_rng(seed).standard_normal(shape), requires_grad=True)
    assert mg.gradcheck(lambda t: sign_free(t, full), a)


def test_svd_as_pytorch():
    a = mg.tensor(A, requires_grad=True)
    u, s, vh = linalg.svd(a, full_matrices=False)
    loss = (s * mg.tensor([1.0, -2.0])).sum() + (
        ((u * mg.tensor([1.0, 3.0])) @ vh) * mg.tensor(W)).sum()
    loss.backward()
    assert u.dtype == s.dtype == vh.dtype == a.grad.dtype == np.float32
    np.testing.assert_allclose(s.numpy(), [10.191428, 0.36713788], rtol=1e-5)
    np.testing.assert_allclose(np.abs(u.numpy()), [[0.21678397, 0.93892294],
                                                   [0.49045417, 0.34146363],
                                                   [0.84407318, 0.04273445]], rtol=1e-4)
    np.testing.assert_allclose(np.abs(vh.numpy()), [[0.57975304, 0.81479222],
                                                    [0.81479222, 0.57975304]], rtol=1e-5)
    np.testing.assert_allclose(a.grad.numpy(), [[1.1721177, 0.12439907], [-2.8098583, 2.3419814],
                                                [1.8947327, -0.33939642]], rtol=1e-4, atol=1e-5)
    u, s, vh = linalg.svd(a)
    assert u.shape == (3, 3) and vh.shape == (2, 2)
    assert linalg.svd(a)._fields == ("U", "S", "Vh")


def test_svd_shapes_and_reconstruction():
    batch = np.random.default_rng(2).standard_normal((2, 3, 5, 4))
    u, s, vh = linalg.svd(mg.tensor(batch), full_matrices=False)
    np.testing.assert_allclose((u.numpy() * s.numpy()[..., None, :]) @ vh.numpy(), batch,
                               atol=1e-12)
    assert (np.diff(s.numpy(), axis=-1) <= 0).all()
    u, s, vh = linalg.svd(mg.tensor(batch))
    assert u.shape == (2, 3, 5, 5) and vh.shape == (2, 3, 4, 4)
    assert [t.shape for t in linalg.svd(mg.ones(0, 3))] == [(0, 0), (0,), (3, 3)]


def test_svd_repeated_singular_values_give_nan_as_pytorch():
    a = mg.eye(2, dtype=np.float64, requires_grad=True)
    u, s, vh = linalg.svd(a)
    (u * mg.tensor([[1.0, 2.0], [3.0, 4.0]])).sum().backward()
    assert np.isnan(a.grad.numpy()).any()
    b = mg.eye(2, dtype=np.float64, requires_grad=True)
    linalg.svd(b).S.sum().backward()  # the singular values alone: finite
    np.testing.assert_allclose(b.grad.numpy(), np.eye(2))


def test_svd_errors():
    with pytest.raises(ValueError, match="driver= is only for CUDA"):
        linalg.svd(mg.ones(2, 2), driver="gesvd")
    with pytest.raises(BackwardError, match="second derivatives"):
        mg.gradgradcheck(lambda t: linalg.svd(t).U,
                         mg.tensor(np.diag([1.0, 2.0]), requires_grad=True))


# ---- pinv and matrix_rank -------------------------------------------------------------------
@SOME
@given(shape=SHAPES, seed=seeds)
def test_pinv_first_and_second_derivatives(shape, seed):
    rng = np.random.default_rng(seed)
    check(linalg.pinv, rng.standard_normal(shape))
    n = shape[-1]
    b = rng.standard_normal((n, n))
    check(lambda t: linalg.pinv(t + t.mT, hermitian=True), b @ b.T + np.eye(n))


def test_pinv_as_pytorch():
    a = mg.tensor(A, requires_grad=True)
    p = linalg.pinv(a)
    (p * mg.tensor(W).mT).sum().backward()
    assert p.dtype == a.grad.dtype == np.float32 and p.shape == (2, 3)
    np.testing.assert_allclose(p.numpy(), [[-2.0714276, 0.78571326, 0.14285715],
                                           [1.4999992, -0.49999923, 0.0]], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(a.grad.numpy(), [[-9.895361, 7.785727], [1.045911, -1.0178709],
                                                [1.6301153, -1.19644]], rtol=1e-4)
    nearly = mg.tensor([[1.0, 2.0], [2.0, 4.001]])
    np.testing.assert_allclose(linalg.pinv(nearly, atol=0.01).numpy(),
                               [[0.0399808, 0.0799776], [0.0799776, 0.1599872]], rtol=1e-5)
    np.testing.assert_allclose(linalg.pinv(mg.tensor([[2.0, 0.0], [7.0, -1.0]]),
                                           hermitian=True).numpy(),
                               [[0.01960783, 0.13725489], [0.13725489, -0.03921569]], rtol=1e-5)
    assert linalg.pinv(mg.ones(2, 3), rtol=1.0).tolist() == [[0.0, 0.0]] * 3
    assert linalg.pinv(mg.ones(2, 3), atol=mg.tensor([0.1, 0.2])).shape == (2, 3, 2)
    assert linalg.pinv(mg.ones(2, 0, 3)).shape == (2, 3, 0)


def test_matrix_rank_as_pytorch():
    rank = linalg.matrix_rank(mg.tensor([[1.0, 2.0], [2.0, 4.0]], requires_grad=True))
    assert rank.dtype == np.int64 and rank.item() == 1 and not rank.requires_grad
    nearly = mg.tensor([[1.0, 2.0], [2.0, 4.001]])
    assert linalg.matrix_rank(nearly).item() == 2
    assert linalg.matrix_rank(nearly, atol=0.01).item() == 1
    assert linalg.matrix_rank(nearly, rtol=0.01).item() == 1
    assert linalg.matrix_rank(nearly, tol=0.01).item() == 1
    assert linalg.matrix_rank(mg.eye(2), atol=1.0).item() == 0
    assert linalg.matrix_rank(mg.eye(2), atol=0.0).item() == 2
    assert linalg.matrix_rank(mg.ones(2, 0, 3)).tolist() == [0, 0]
    assert linalg.matrix_rank(mg.tensor([[2.0, 0.0], [7.0, -1.0]]), hermitian=True).item() == 2
    batch = np.stack([np.eye(3), np.diag([1.0, 1.0, 0.0]), np.zeros((3, 3))])
    assert linalg.matrix_rank(mg.tensor(batch)).tolist() == [3, 2, 0]


@pytest.mark.parametrize("fn,name", [
    (linalg.qr, "linalg.qr"), (linalg.svd, "linalg.svd"), (linalg.pinv, "linalg.pinv"),
    (linalg.matrix_rank, "linalg.matrix_rank")])
def test_dtypes_and_shapes_refused(fn, name):
    for bad in (mg.tensor([[1, 0], [0, 1]]), mg.tensor([[True]]), mg.eye(2).half()):
        with pytest.raises(DTypeError, match=name):
            fn(bad)
    with pytest.raises(ShapeError, match=rf"{name}: needs a matrix .* shape \(3,\)"):
        fn(mg.ones(3))
    for dtype in (np.float32, np.float64):
        out = fn(mg.tensor(A, dtype=dtype))
        outs = out if isinstance(out, tuple) else (out,)
        assert all(t.dtype == (np.int64 if name == "linalg.matrix_rank" else dtype)
                   for t in outs)


def test_other_errors():
    with pytest.raises(ValueError, match="mode must be 'reduced'"):
        linalg.qr(mg.ones(2, 2), "full")
    for fn in (linalg.pinv, linalg.matrix_rank):
        with pytest.raises(ShapeError, match="square matrices"):
            fn(mg.ones(2, 3), hermitian=True)
        with pytest.raises(ShapeError, match="must broadcast against the batch"):
            fn(mg.ones(3, 2, 3), atol=mg.tensor([0.1, 0.2]))
        with pytest.raises(DTypeError, match="atol must be a number"):
            fn(mg.ones(2, 2), atol=mg.tensor([True]))
    with pytest.raises(TypeError, match="not both"):
        linalg.matrix_rank(mg.ones(2, 2), 0.1, atol=0.1)
    a = np.array(A)
    t = mg.tensor(a.copy())
    for fn in (linalg.qr, linalg.svd, linalg.pinv, linalg.matrix_rank):
        fn(t)
    np.testing.assert_array_equal(t.numpy(), a)
