"""minigrad.linalg: inv, det, slogdet, solve (ops/inverse.py, ops/determinant.py), svdvals and
the norms (ops/matrix_norms.py), and mg.det, mg.inverse, mg.slogdet and the Tensor methods.

Gradients are checked in float64 (gradcheck and gradgradcheck) over batches of matrices and,
for solve, batch axes that broadcast; values and gradients are compared with literals
taken from PyTorch 2.13; every error path is tried. tests/parity compares them all with
torch itself.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from op_strategies import FEW, SOME, check, seeds

import minigrad as mg
from minigrad import linalg
from minigrad.errors import BackwardError, DTypeError, LinAlgError, ShapeError

BATCHES = st.sampled_from([(), (2,), (2, 1), (1, 3)])
SIZES = st.integers(1, 3)


def well_conditioned(rng, batch, n):
    """Matrices far from singular: small random entries plus 3 on the diagonal."""
    return rng.uniform(-1, 1, (*batch, n, n)) + 3 * np.eye(n)


# ---- gradients ----------------------------------------------------------------------------
@SOME
@given(batch=BATCHES, n=SIZES, seed=seeds)
def test_inv_det_slogdet_gradients(batch, n, seed):
    a = well_conditioned(np.random.default_rng(seed), batch, n)
    check(linalg.inv, a)
    check(linalg.det, a)
    check(lambda t: linalg.slogdet(t).logabsdet, a)
    check(lambda t: t.inverse(), a)
    check(lambda t: t.det(), -a)  # a negative determinant for odd n


@SOME
@given(batch=BATCHES, n=SIZES, k=st.integers(1, 2), seed=seeds, left=st.booleans())
def test_solve_gradients_with_broadcast_batches(batch, n, k, seed, left):
    rng = np.random.default_rng(seed)
    a = well_conditioned(rng, batch, n)
    b = rng.standard_normal((2, *[1] * len(batch), n, k) if left else (2, *[1] * len(batch), k,
                                                                       n))
    check(lambda x, y: linalg.solve(x, y, left=left), a, b)


@FEW
@given(batch=BATCHES, n=SIZES, seed=seeds)
def test_solve_gradients_with_vectors(batch, n, seed):
    rng = np.random.default_rng(seed)
    a = well_conditioned(rng, batch, n)
    check(linalg.solve, a, rng.standard_normal(n))  # one vector for the whole batch
    check(linalg.solve, a, rng.standard_normal((*batch, n)))  # a batch of vectors


@FEW
@given(shape=st.sampled_from([(3, 2), (2, 3), (2, 2, 3), (1, 1)]), seed=seeds)
def test_singular_value_norms_have_first_derivatives(shape, seed):
    a = mg.tensor(np.random.default_rng(seed).standard_normal(shape), requires_grad=True)
    assert mg.gradcheck(linalg.svdvals, a)
    for ord_ in ("nuc", 2, -2):
        assert mg.gradcheck(lambda t, o=ord_: linalg.matrix_norm(t, o), a)
    with pytest.raises(BackwardError, match="second derivatives"):
        mg.gradgradcheck(lambda t: linalg.matrix_norm(t, "nuc"), a)


@FEW
@given(seed=seeds, keepdim=st.booleans())
def test_entrywise_matrix_norms_and_vector_norms_twice_differentiable(seed, keepdim):
    rng = np.random.default_rng(seed)
    # |a| away from 0 and no ties among the sums that max and min pick from
    a = rng.uniform(0.5, 2.0, (2, 3, 4)) * rng.choice([-1, 1], (2, 3, 4))
    for ord_ in ("fro", 1, -1, math.inf, -math.inf):
        check(lambda t, o=ord_: linalg.matrix_norm(t, o, dim=(0, 2), keepdim=keepdim), a)
    check(lambda t: linalg.vector_norm(t, 3, dim=(1, 2), keepdim=keepdim), a)
    check(lambda t: linalg.norm(t, dim=1), a)


# ---- values as PyTorch's --------------------------------------------------------------------
A = [[2.0, -1.0, 0.5], [1.0, 3.0, -2.0], [0.0, 1.0, 4.0]]
TORCH = {  # float32: value, gradient of the sum of the value (PyTorch 2.13)
    "inv": (linalg.inv, [[0.43076923, 0.13846155, 0.01538462], [-0.12307693, 0.24615386,
                         0.13846155], [0.03076923, -0.06153847, 0.21538462]],
            [[-0.19786984, -0.08852072, -0.06248521], [-0.18887575, -0.08449706, -0.05964498],
             [-0.21585801, -0.09656806, -0.06816569]]),
    "det": (linalg.det, 32.5, [[14.0, -4.0, 1.0], [4.5, 8.0, -2.0], [0.5, 4.5, 7.0]]),
    "logabsdet": (lambda a: linalg.slogdet(a).logabsdet, 3.4812403,
                  [[0.43076923, -0.12307693, 0.03076923], [0.13846155, 0.24615386, -0.06153847],
                   [0.01538461, 0.13846155, 0.21538462]]),
    "fro": (lambda a: linalg.matrix_norm(a), 6.0207973,
            [[0.33218193, -0.16609097, 0.08304548], [0.16609097, 0.4982729, -0.33218193],
             [0.0, 0.16609097, 0.66436386]]),
    "nuc": (lambda a: linalg.matrix_norm(a, "nuc"), 10.008253,
            [[0.93280137, -0.34102723, 0.11654174], [0.3593126, 0.85504693, -0.37388396],
             [0.027856, 0.39063445, 0.92012417]]),
    "2": (lambda a: linalg.matrix_norm(a, 2), 4.579856,
          [[-0.00963377, -0.03161372, 0.12228653], [0.04575688, 0.15015362, -0.58081627],
           [-0.05997815, -0.19682148, 0.76133442]]),
    "-2": (lambda a: linalg.matrix_norm(a, -2), 2.1940234,
           [[0.96512312, -0.13990037, 0.03986541], [0.21503939, -0.03117125, 0.00888242],
            [0.00903267, -0.00130934, 0.0003731]]),
    "1": (lambda a: linalg.matrix_norm(a, 1), 6.5, [[0, 0, 1], [0, 0, -1], [0, 0, 1]]),
    "-1": (lambda a: linalg.matrix_norm(a, -1), 3.0, [[1, 0, 0], [1, 0, 0], [0, 0, 0]]),
    "inf": (lambda a: linalg.matrix_norm(a, math.inf), 6.0, [[0, 0, 0], [1, 1, -1], [0, 0, 0]]),
    "-inf": (lambda a: linalg.matrix_norm(a, -math.inf), 3.5,
             [[1, -1, 1], [0, 0, 0], [0, 0, 0]]),
    "vector 3": (lambda a: linalg.vector_norm(a, 3), 4.7932343,
                 [[0.17410156, -0.04352539, 0.01088135], [0.04352539, 0.39172852, -0.17410156],
                  [0.0, 0.04352539, 0.69640625]]),
}


@pytest.mark.parametrize("name", list(TORCH))
def test_values_and_gradients_as_pytorch(name):
    fn, value, grad = TORCH[name]
    a = mg.tensor(A, requires_grad=True)
    z = fn(a)
    z.sum().backward()
    assert z.dtype == np.float32 and a.grad.dtype == np.float32
    np.testing.assert_allclose(z.numpy(), value, rtol=1e-5)
    np.testing.assert_allclose(a.grad.numpy(), grad, rtol=1e-4, atol=1e-5)


def test_solve_and_svdvals_as_pytorch():
    a, b = mg.tensor(A, requires_grad=True), mg.tensor([1.0, 2.0, 3.0], requires_grad=True)
    x = linalg.solve(a, b)
    x.sum().backward()
    np.testing.assert_allclose(x.numpy(), [0.75384617, 0.7846154, 0.55384618], rtol=1e-5)
    np.testing.assert_allclose(b.grad.numpy(), [0.33846152, 0.32307693, 0.36923081], rtol=1e-5)
    np.testing.assert_allclose(a.grad.numpy()[0], [-0.2551479, -0.26556212, -0.18745562],
                               rtol=1e-5)
    s = linalg.svdvals(mg.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]))
    np.testing.assert_allclose(s.numpy(), [9.5255194, 0.51430136], rtol=1e-5)
    sign, logabsdet = linalg.slogdet(mg.tensor([[0.0, 1.0], [1.0, 0.0]]))
    assert (sign.item(), logabsdet.item()) == (-1.0, 0.0)


def test_the_top_level_names_and_methods_are_the_same_functions():
    a = mg.tensor(A, dtype=np.float64)
    assert mg.det(a).item() == pytest.approx(32.5) == a.det().item()
    np.testing.assert_allclose(mg.inverse(a).numpy(), linalg.inv(a).numpy())
    np.testing.assert_allclose(a.inverse().numpy(), np.linalg.inv(a.numpy()))
    sign, logabsdet = mg.slogdet(a)
    assert (sign.item(), logabsdet.item()) == pytest.approx((1.0, math.log(32.5)))
    assert a.slogdet()._fields == ("sign", "logabsdet") and mg.linalg is linalg
    assert mg.linalg.LinAlgError is LinAlgError and issubclass(LinAlgError, RuntimeError)


# ---- dtypes, batches, empty matrices ------------------------------------------------------
@pytest.mark.parametrize("fn", [linalg.inv, linalg.det, lambda a: linalg.slogdet(a)[1],
                                linalg.svdvals, linalg.matrix_norm, linalg.norm,
                                lambda a: linalg.solve(a, a)])
def test_float32_stays_float32_and_float64_stays_float64(fn):
    for dtype in (np.float32, np.float64):
        assert fn(mg.tensor(A, dtype=dtype)).dtype == dtype


def test_batches_and_empty_matrices():
    a = np.stack([np.array(A), 2 * np.eye(3)])
    np.testing.assert_allclose(linalg.det(mg.tensor(a)).numpy(), [32.5, 8.0])
    assert linalg.det(mg.zeros(0, 0)).item() == 1.0  # the empty product
    assert linalg.inv(mg.zeros(4, 0, 0)).shape == (4, 0, 0)
    assert linalg.solve(mg.zeros(0, 2, 2), mg.zeros(0, 2)).shape == (0, 2)
    assert linalg.svdvals(mg.zeros(0, 3)).shape == (0,)
    # the norm of an empty matrix is 0, a constant, as in PyTorch; the smallest of none is
    # an error
    z = linalg.matrix_norm(mg.zeros(2, 0, 3, requires_grad=True), 2)
    assert z.tolist() == [0.0, 0.0] and not z.requires_grad
    with pytest.raises(ValueError):
        linalg.matrix_norm(mg.zeros(3, 0), -1)


@pytest.mark.parametrize("b_shape,x_shape", [((3,), (4, 3)), ((4, 3), (4, 3)),
                                             ((3, 2), (4, 3, 2)), ((5, 1, 3, 2), (5, 4, 3, 2))])
def test_solve_reads_b_as_pytorch_does(b_shape, x_shape):
    rng = np.random.default_rng(0)
    a = mg.tensor(well_conditioned(rng, (4,), 3))
    b = rng.standard_normal(b_shape)
    x = linalg.solve(a, mg.tensor(b))
    assert x.shape == x_shape
    vector = len(b_shape) == 1 or b_shape == (4, 3)
    recovered = a.numpy() @ (x.numpy()[..., None] if vector else x.numpy())
    np.testing.assert_allclose(recovered[..., 0] if vector else recovered,
                               np.broadcast_to(b, x_shape))


def test_solve_left_false_solves_x_a_equals_b():
    rng = np.random.default_rng(1)
    a, b = well_conditioned(rng, (), 3), rng.standard_normal((2, 3))
    x = linalg.solve(mg.tensor(a), mg.tensor(b), left=False)
    np.testing.assert_allclose(x.numpy() @ a, b)


def test_norm_chooses_as_pytorch():
    x = mg.tensor([[3.0, -4.0], [0.0, 12.0]])
    assert linalg.norm(x).item() == 13.0  # ord None: the 2-norm of every entry
    assert linalg.norm(x, 1).item() == 16.0  # a 2-D tensor and a number: matrix 1-norm
    assert linalg.norm(x, dim=1).tolist() == [5.0, 12.0]  # one axis: vector norms
    assert linalg.norm(x, 1, dim=(1, 0)).item() == 12.0  # two axes, rows first: x.T's
    assert linalg.norm(x[0], 1).item() == 7.0  # 1-D: the vector norm
    assert linalg.vector_norm(x, dim=()).item() == 13.0  # () is every axis
    assert linalg.matrix_norm(x, keepdim=True).shape == (1, 1)
    assert linalg.vector_norm(x.half(), dtype=np.float32).dtype == np.float32


# ---- singular matrices ---------------------------------------------------------------------
def test_inv_and_solve_refuse_a_singular_matrix_and_name_it():
    batch = mg.tensor([A, [[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.0, 1.0]]])
    with pytest.raises(LinAlgError, match=r"linalg\.inv: the matrix at batch index \(1,\)"):
        linalg.inv(batch)
    with pytest.raises(LinAlgError, match=r"linalg\.solve: .* is singular"):
        linalg.solve(batch, mg.ones(3))
    with pytest.raises(RuntimeError, match=r"linalg\.inv: the matrix is singular"):
        mg.inverse(mg.zeros(2, 2))


def test_singular_to_working_precision_is_refused_but_badly_scaled_is_not():
    # equal rows of decimals: OpenBLAS meets no exactly zero pivot (1/5.08 * 5.08 != 1)
    with pytest.raises(LinAlgError, match="singular"):
        linalg.inv(mg.tensor([[5.08, 2.15], [5.08, 2.15]], dtype=np.float64))
    a = mg.tensor([[1e-20, 1.0], [1e-20, 2.0]], dtype=np.float64)  # a tiny column: fine
    np.testing.assert_allclose(linalg.inv(a).numpy(), [[2e20, -1e20], [-1.0, 1.0]])
    assert linalg.inv(mg.tensor(np.diag([1e-20, 1.0]))).numpy()[0, 0] == 1e20


def test_det_of_a_singular_matrix_is_0_with_the_cofactor_matrix_as_gradient():
    # rank 2 of 3: det(A) A^-T does not exist, but the cofactors do (PyTorch's backward
    # gives 0 here, and the cofactors only with create_graph=True: the PyTorch page)
    a = mg.tensor([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.0, 1.0]], dtype=np.float64,
                  requires_grad=True)
    d = linalg.det(a)
    d.backward()
    assert d.item() == 0.0
    np.testing.assert_allclose(a.grad.numpy(), [[4, 4, -4], [-2, -2, 2], [0, 0, 0]], atol=1e-12)
    assert mg.gradcheck(linalg.det, a)
    b = mg.ones(3, 3, dtype=np.float64, requires_grad=True)  # rank 1: every cofactor is 0
    linalg.det(b).backward()
    np.testing.assert_allclose(b.grad.numpy(), np.zeros((3, 3)), atol=1e-12)
    with pytest.raises(BackwardError, match="singular matrix"):
        mg.grad(linalg.det(a), a, create_graph=True)


def test_slogdet_of_a_singular_matrix():
    a = mg.tensor([[1.0, 2.0], [2.0, 4.0]], requires_grad=True)
    sign, logabsdet = linalg.slogdet(a)
    assert (sign.item(), logabsdet.item()) == (0.0, -math.inf)
    logabsdet.backward()
    assert np.isinf(a.grad.numpy()).all()  # cof(A) / 0: the log of 0 has no finite slope
    sign.backward()  # the sign has gradient 0
    assert np.isinf(a.grad.numpy()).all()


# ---- errors --------------------------------------------------------------------------------
@pytest.mark.parametrize("fn,name", [(linalg.inv, "linalg.inv"), (linalg.det, "linalg.det"),
                                     (linalg.slogdet, "linalg.slogdet"),
                                     (mg.inverse, "linalg.inv"),
                                     (linalg.svdvals, "linalg.svdvals")])
def test_integer_bool_float16_and_vectors_are_refused(fn, name):
    for bad in (mg.tensor([[1, 2], [3, 4]]), mg.tensor([[True]]), mg.ones(2, 2).half()):
        with pytest.raises(DTypeError, match=name):
            fn(bad)
    with pytest.raises(ShapeError, match=rf"{name}: needs a matrix .* got shape \(3,\)"):
        fn(mg.ones(3))


def test_non_square_matrices_are_refused():
    for fn in (linalg.inv, linalg.det, linalg.slogdet, lambda a: linalg.solve(a, a)):
        with pytest.raises(ShapeError, match="square matrices .* 2 by 3"):
            fn(mg.ones(4, 2, 3))


def test_solve_errors():
    a = mg.tensor(A)
    with pytest.raises(DTypeError, match="A has dtype float32 and B float64"):
        linalg.solve(a, mg.ones(3, dtype=np.float64))
    with pytest.raises(ShapeError, match="A is 3 by 3 but B has 2 rows"):
        linalg.solve(a, mg.ones(2, 4))
    with pytest.raises(ShapeError, match="X A = B cannot hold; B needs 3 columns"):
        linalg.solve(a, mg.ones(3, 2), left=False)
    with pytest.raises(ShapeError, match="with left=False .* B must be a matrix"):
        linalg.solve(a, mg.ones(3), left=False)
    with pytest.raises(ShapeError, match="0-d"):
        linalg.solve(a, mg.tensor(1.0))
    with pytest.raises(ShapeError, match="cannot be broadcast"):
        linalg.solve(mg.ones(2, 3, 3), mg.ones(4, 3, 1))


def test_norm_errors():
    x = mg.tensor(A)
    with pytest.raises(TypeError, match="'fro' and 'nuc' are matrix norms"):
        linalg.vector_norm(x, "fro")
    with pytest.raises(ValueError, match="ord 3 is not a matrix norm"):
        linalg.matrix_norm(x, 3)
    with pytest.raises(ShapeError, match="needs a matrix"):
        linalg.matrix_norm(x[0])
    with pytest.raises(TypeError, match="dim must be a pair"):
        linalg.matrix_norm(x, dim=0)
    with pytest.raises(ShapeError, match="must differ"):
        linalg.matrix_norm(x, dim=(1, -1))
    with pytest.raises(ShapeError, match="one axis .* or two"):
        linalg.norm(x, dim=())
    with pytest.raises(ShapeError, match="must be 1-D .* or 2-D"):
        linalg.norm(mg.ones(2, 2, 2), 1)
    with pytest.raises(DTypeError, match="narrow"):
        linalg.vector_norm(x.double(), dtype=np.float32)
    with pytest.raises(DTypeError, match="floating"):
        linalg.vector_norm(mg.tensor([1, 2]))
    with pytest.raises(DTypeError, match="float16"):
        linalg.matrix_norm(x.half(), 2, dtype=np.float32)
    with pytest.raises(ShapeError, match="over no elements"):
        linalg.vector_norm(mg.zeros(0), math.inf)


def test_missing_linalg_names_say_so():
    with pytest.raises(AttributeError, match=r"torch\.linalg\.eig is a PyTorch name"):
        linalg.eig  # noqa: B018


def test_inputs_are_not_changed():
    a = np.array(A)
    b = np.array([1.0, 2.0, 3.0])
    ta, tb = mg.tensor(a.copy()), mg.tensor(b.copy())
    for out in (linalg.inv(ta), linalg.det(ta), linalg.solve(ta, tb), linalg.matrix_norm(ta, 2),
                linalg.solve(ta, ta, left=False)):
        assert out is not ta
    np.testing.assert_array_equal(ta.numpy(), a)
    np.testing.assert_array_equal(tb.numpy(), b)
