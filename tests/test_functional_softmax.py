"""softmax, log_softmax, logsumexp: values, stability, dtypes, gradients, fused vs composed."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import minigrad as mg
import minigrad.functional as F
from minigrad.errors import ShapeError

rng = np.random.default_rng(1)


def leaf(*shape):
    return mg.Tensor(rng.standard_normal(shape), requires_grad=True)


def np_softmax(x, axis):
    e = np.exp(x)  # the textbook formula: fine for the moderate values used here
    return e / e.sum(axis=axis, keepdims=True)


# ---- values -----------------------------------------------------------------------
def test_softmax_matches_the_textbook_formula():
    x = rng.standard_normal((2, 3, 4))
    for axis in (0, 1, -1):
        np.testing.assert_allclose(F.softmax(x, axis).numpy(), np_softmax(x, axis), rtol=1e-12)
        np.testing.assert_allclose(
            F.log_softmax(x, axis).numpy(), np.log(np_softmax(x, axis)), rtol=1e-12
        )


def test_softmax_of_equal_scores_is_uniform_and_of_two_scores_is_the_sigmoid():
    np.testing.assert_allclose(F.softmax(np.zeros(4), -1).numpy(), np.full(4, 0.25))
    a = 0.7
    p = F.softmax(np.array([a, 0.0]), -1).numpy()
    np.testing.assert_allclose(p[0], 1 / (1 + np.exp(-a)), rtol=1e-12)


def test_logsumexp_matches_log_of_sum_of_exp():
    x = rng.standard_normal((3, 4))
    np.testing.assert_allclose(F.logsumexp(x).numpy(), np.log(np.exp(x).sum()), rtol=1e-12)
    np.testing.assert_allclose(
        F.logsumexp(x, 1, keepdims=True).numpy(), np.log(np.exp(x).sum(1, keepdims=True))
    )
    np.testing.assert_allclose(F.logsumexp(x, axis=(0, 1)).numpy(), np.log(np.exp(x).sum()))
    assert F.logsumexp(x, 0).shape == (4,)


def test_torch_names_and_tensor_methods():
    x = mg.tensor([[1.0, 2.0, 3.0], [0.0, 0.0, 1.0]])
    np.testing.assert_array_equal(F.softmax(x, dim=0).numpy(), F.softmax(x, 0).numpy())
    np.testing.assert_array_equal(x.softmax(1).numpy(), F.softmax(x, 1).numpy())
    np.testing.assert_array_equal(x.log_softmax(dim=1).numpy(), F.log_softmax(x, 1).numpy())
    z = x.logsumexp(dim=1, keepdim=True)
    assert z.shape == (2, 1)
    np.testing.assert_allclose(z.numpy()[:, 0], np.log(np.exp(x.numpy()).sum(1)), rtol=1e-6)


def test_zero_d_input():
    s = mg.Tensor(np.array(2.5))
    assert F.softmax(s, -1).item() == 1.0
    assert F.log_softmax(s, -1).item() == 0.0
    assert F.logsumexp(s).item() == 2.5


# ---- stability and dtypes -----------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_extreme_scores_stay_finite(dtype):
    x = mg.Tensor(np.array([[1e4, -1e4, 0.0], [1e4, 1e4, -1e4]], dtype=dtype), requires_grad=True)
    p = F.softmax(x, 1)
    assert p.dtype == dtype
    np.testing.assert_allclose(p.numpy().sum(1), 1.0, rtol=1e-6)
    np.testing.assert_allclose(p.numpy(), [[1, 0, 0], [0.5, 0.5, 0]], atol=1e-6)
    log_p = F.log_softmax(x, 1)
    assert np.isfinite(log_p.numpy()).all() and log_p.dtype == dtype
    np.testing.assert_allclose(log_p.numpy()[0], [0, -2e4, -1e4], rtol=1e-6)
    z = F.logsumexp(x, 1)
    np.testing.assert_allclose(z.numpy(), [1e4, 1e4 + np.log(2)], rtol=1e-6)
    for out in (p, log_p, z):
        (g,) = mg.grad((out * mg.Tensor(np.arange(out.numel(), dtype=dtype).reshape(out.shape))
                        ).sum(), [x])
        assert np.isfinite(g.numpy()).all() and g.dtype == dtype


def test_logsumexp_of_minus_infinity_is_minus_infinity_not_nan():
    z = F.logsumexp(np.array([[-np.inf, -np.inf], [0.0, -np.inf]]), 1)
    np.testing.assert_array_equal(z.numpy(), [-np.inf, 0.0])


def test_a_row_with_plus_infinity_is_nan_as_in_pytorch():
    # PyTorch subtracts the row's maximum even when it is infinite: a row holding +inf, or
    # only -infs, has no probabilities (NaN); logsumexp still has an answer there.
    # Values from torch.softmax / log_softmax / logsumexp (float64, dim=1).
    inf, nan = np.inf, np.nan
    rows = np.array([[1.0, inf], [inf, -inf], [-inf, -inf], [1.0, -inf]])
    expect_p = [[nan, nan], [nan, nan], [nan, nan], [1.0, 0.0]]
    expect_log_p = [[nan, nan], [nan, nan], [nan, nan], [0.0, -inf]]
    with np.errstate(all="raise"):  # and no numpy warning on the way
        for fn, expected in ((F.softmax, expect_p), (F.log_softmax, expect_log_p)):
            x = mg.tensor(rows, requires_grad=True)
            fn(x, dim=1).backward(mg.tensor(np.ones((4, 2))))
            np.testing.assert_array_equal(fn(rows, dim=1).numpy(), expected)
            assert np.isnan(x.grad.numpy()[:3]).all()
        x = mg.tensor(rows, requires_grad=True)
        z = F.logsumexp(x, 1)
        np.testing.assert_array_equal(z.numpy(), [inf, inf, -inf, 1.0])
        z.backward(mg.tensor(np.ones(4)))
        np.testing.assert_array_equal(x.grad.numpy(), [[0, nan], [nan, 0], [nan, nan], [1, 0]])
        loss = F.cross_entropy(mg.tensor(rows[:1], requires_grad=True), mg.tensor([0]))
        assert np.isnan(loss.item())  # torch: nan (minigrad gave inf)


def test_int_input_is_refused():
    with pytest.raises(TypeError, match="softmax.*floating"):
        F.softmax(np.array([1, 2, 3]), -1)


def test_bad_axis():
    with pytest.raises(ShapeError, match="log_softmax: axis 2 is out of range"):
        F.log_softmax(np.zeros((2, 3)), axis=2)
    with pytest.raises(TypeError, match="unexpected"):
        F.softmax(np.zeros(3), dims=0)


# ---- gradients --------------------------------------------------------------------------
CASES = [((), -1), ((4,), 0), ((2, 3), 1), ((2, 3), 0), ((2, 3, 2), 1), ((2, 1, 3), -1)]


@pytest.mark.parametrize("shape,axis", CASES)
@pytest.mark.parametrize("fn", [F.softmax, F.log_softmax])
def test_softmax_gradcheck_and_gradgradcheck(fn, shape, axis):
    x = leaf(*shape)
    assert mg.gradcheck(lambda x: fn(x, axis), x)
    assert mg.gradgradcheck(lambda x: fn(x, axis), x)


@pytest.mark.parametrize(
    "shape,axis,keepdims",
    [((), None, False), ((3,), 0, False), ((2, 3), 1, True), ((2, 3, 2), (0, 2), False)],
)
def test_logsumexp_gradcheck_and_gradgradcheck(shape, axis, keepdims):
    x = leaf(*shape)
    fn = lambda x: F.logsumexp(x, axis, keepdims)  # noqa: E731
    assert mg.gradcheck(fn, x)
    assert mg.gradgradcheck(fn, x)


def test_logsumexp_gradient_broadcasts_against_another_tensor():
    # The gradient flows back through a broadcast add as well as through the op.
    x, b = leaf(2, 3), leaf(3)
    assert mg.gradgradcheck(lambda x, b: F.logsumexp(x + b, 1), (x, b))


@pytest.mark.parametrize(
    "fused,composed",
    [
        (lambda x: F.softmax(x, 1), lambda x: F.composed.softmax(x, 1)),
        (lambda x: F.log_softmax(x, 1), lambda x: F.composed.log_softmax(x, 1)),
        (lambda x: F.logsumexp(x, 1), lambda x: F.composed.logsumexp(x, 1)),
        (lambda x: F.logsumexp(x), lambda x: F.composed.logsumexp(x)),
    ],
)
def test_fused_agrees_with_composed_in_value_and_gradient(fused, composed):
    x = leaf(3, 4, 2)
    a, b = fused(x), composed(x)
    np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-12, atol=1e-14)
    weights = rng.standard_normal(a.shape)
    (ga,) = mg.grad((a * weights).sum(), [x])
    (gb,) = mg.grad((b * weights).sum(), [x])
    np.testing.assert_allclose(ga.numpy(), gb.numpy(), rtol=1e-10, atol=1e-12)
    assert a.grad_fn.name in ("Softmax", "LogSoftmax", "LogSumExp")


def test_input_is_not_modified():
    x = rng.standard_normal((2, 3))
    before = x.copy()
    t = mg.Tensor(x, requires_grad=True)
    F.softmax(x, 1), F.log_softmax(x, 1), F.logsumexp(x, 1)
    (F.softmax(t, 1)[:, 0].sum() + F.logsumexp(t)).backward()
    np.testing.assert_array_equal(x, before)


@given(
    arrays(np.float64, st.integers(1, 6), elements=st.floats(-50, 50)),
    st.floats(-1e3, 1e3),
)
def test_softmax_is_a_distribution_and_shift_invariant(x, shift):
    p = F.softmax(x, -1).numpy()
    assert np.all(p >= 0) and abs(p.sum() - 1) < 1e-12
    np.testing.assert_allclose(F.softmax(x + shift, -1).numpy(), p, atol=1e-9)
    assert F.logsumexp(x).item() >= x.max()
