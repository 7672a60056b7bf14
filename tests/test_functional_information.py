"""information, entropy, cross_entropy_between and kl_div: the lecture's definitions."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import minigrad as mg
import minigrad.functional as F

rng = np.random.default_rng(4)


def leaf(values):
    return mg.Tensor(np.asarray(values, dtype=np.float64), requires_grad=True)


# ---- values ------------------------------------------------------------------------
def test_information_of_events():
    np.testing.assert_allclose(F.information(0.5).item(), np.log(2), rtol=1e-6)
    assert F.information(np.array(1.0)).item() == 0.0
    assert F.information(np.array(0.0)).item() == np.inf
    # independent events: information adds up
    a, b = 0.3, 0.2
    np.testing.assert_allclose(
        F.information(np.array(a * b)).item(),
        F.information(np.array(a)).item() + F.information(np.array(b)).item(),
    )


def test_entropy_closed_forms():
    np.testing.assert_allclose(F.entropy(np.array([0.5, 0.5])).item(), np.log(2))
    np.testing.assert_allclose(F.entropy(np.full(8, 1 / 8)).item(), np.log(8))
    assert F.entropy(np.array([1.0, 0.0])).item() == 0.0  # 0 log 0 = 0
    p = np.array([[0.2, 0.8], [0.6, 0.4]])
    np.testing.assert_allclose(F.entropy(p).numpy(), -(p * np.log(p)).sum(1))
    np.testing.assert_allclose(F.entropy(p, dim=0).numpy(), -(p * np.log(p)).sum(0))
    assert F.entropy(p).dtype == np.float64
    assert F.entropy([0.5, 0.5]).dtype == np.float32


def test_cross_entropy_between_closed_forms():
    p, q = np.array([0.25, 0.75]), np.array([0.5, 0.5])
    # the lecture's Bernoulli form: -p(0) log q(0) - p(1) log q(1)
    np.testing.assert_allclose(
        F.cross_entropy_between(p, q).item(), -(0.25 * np.log(0.5) + 0.75 * np.log(0.5))
    )
    np.testing.assert_allclose(F.cross_entropy_between(p, p).item(), F.entropy(p).item())
    assert F.cross_entropy_between(np.array([1.0, 0.0]), np.array([1.0, 0.0])).item() == 0.0
    assert F.cross_entropy_between(np.array([0.5, 0.5]), np.array([1.0, 0.0])).item() == np.inf


def test_cross_entropy_between_equals_cross_entropy_of_logits():
    x = rng.standard_normal((3, 4))
    y = np.array([0, 3, 1])
    q = F.softmax(x, 1)
    np.testing.assert_allclose(
        F.cross_entropy_between(np.eye(4)[y], q).numpy(),
        F.cross_entropy(x, y, reduction="none").numpy(),
        rtol=1e-12,
    )


def test_kl_div_values():
    p = rng.dirichlet(np.ones(3), size=2)
    q = rng.dirichlet(np.ones(3), size=2)
    kl_rows = (p * np.log(p / q)).sum(1)
    log_q = np.log(q)
    np.testing.assert_allclose(F.kl_div(log_q, p, reduction="batchmean").item(), kl_rows.mean())
    np.testing.assert_allclose(F.kl_div(log_q, p, reduction="sum").item(), kl_rows.sum())
    np.testing.assert_allclose(
        F.kl_div(log_q, np.log(p), reduction="none", log_target=True).numpy(), p * np.log(p / q)
    )
    with pytest.warns(UserWarning, match="batchmean"):
        np.testing.assert_allclose(F.kl_div(log_q, p).item(), kl_rows.sum() / 6)
    # KL = H(p, q) - H(p)
    np.testing.assert_allclose(
        kl_rows, (F.cross_entropy_between(p, q) - F.entropy(p)).numpy(), rtol=1e-12
    )
    zero = F.kl_div(np.log([0.5, 0.5]), np.array([1.0, 0.0]), reduction="sum")
    np.testing.assert_allclose(zero.item(), np.log(2))  # the p = 0 outcome adds 0, not NaN


# ---- gradients ---------------------------------------------------------------------
def test_information_and_entropy_gradients():
    p = leaf([0.2, 0.5, 0.3])
    assert mg.gradcheck(F.information, p) and mg.gradgradcheck(F.information, p)
    assert mg.gradcheck(F.entropy, p) and mg.gradgradcheck(F.entropy, p)
    (g,) = mg.grad(F.entropy(p), [p])
    np.testing.assert_allclose(g.numpy(), -(np.log(p.numpy()) + 1))  # d/dp (-p log p)
    s = leaf(0.4)  # 0-d
    assert mg.gradcheck(F.entropy, s) and mg.gradgradcheck(F.entropy, s)


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_cross_entropy_between_gradients(axis):
    p = leaf(rng.uniform(0.1, 0.9, (2, 3)))
    q = leaf(rng.uniform(0.1, 0.9, (2, 3)))
    fn = lambda p, q: F.cross_entropy_between(p, q, axis)  # noqa: E731
    assert mg.gradcheck(fn, (p, q)) and mg.gradgradcheck(fn, (p, q))


def test_zero_probabilities_give_zero_gradient_not_nan():
    p = leaf([1.0, 0.0])
    (g,) = mg.grad(F.cross_entropy_between(p, np.array([0.5, 0.0])), [p])
    assert np.isfinite(g.numpy()).all()


@pytest.mark.parametrize("reduction", ["none", "batchmean", "sum"])
@pytest.mark.parametrize("log_target", [False, True])
def test_kl_div_gradcheck_and_gradgradcheck(reduction, log_target):
    x = leaf(np.log(rng.dirichlet(np.ones(3), size=2)))
    t = rng.dirichlet(np.ones(3), size=2)
    t = leaf(np.log(t) if log_target else t)
    fn = lambda x, t: F.kl_div(x, t, reduction, log_target)  # noqa: E731
    assert mg.gradcheck(fn, (x, t)) and mg.gradgradcheck(fn, (x, t))


def test_kl_div_gradient_for_a_zero_target_is_nan_as_in_pytorch():
    # torch.nn.functional.kl_div (float64): loss 0 and input gradient -0 where the target is
    # 0, but the target's gradient there is NaN (its t log t is xlogy(t, t): 0 + t / t)
    x, t = leaf([0.25, -1.0, 0.5, -0.3]), leaf([0.0, 0.5, 0.0, 0.3])
    loss = F.kl_div(x, t, reduction="none")
    np.testing.assert_allclose(loss.numpy(), [0.0, 0.153426409720, 0.0, -0.271191841297])
    loss.backward(mg.tensor(np.ones(4)))
    np.testing.assert_allclose(x.grad.numpy(), [0.0, -0.5, 0.0, -0.3])
    np.testing.assert_allclose(t.grad.numpy(), [np.nan, 1.306852819440, np.nan, 0.096027195674])
    x0, t0 = leaf(-0.7), leaf(0.4)  # 0-d
    fn = lambda x, t: F.kl_div(x, t, reduction="sum")  # noqa: E731
    assert mg.gradcheck(fn, (x0, t0)) and mg.gradgradcheck(fn, (x0, t0))


# ---- bad input ------------------------------------------------------------------------
def test_bad_input():
    with pytest.raises(ValueError, match=r"information: .*\[0, 1\].*p\[1\] = 1.5"):
        F.information(np.array([0.5, 1.5]))
    with pytest.raises(ValueError, match=r"entropy: .*p\[0\] = -0.1"):
        F.entropy(np.array([-0.1, 1.1]))
    with pytest.raises(ValueError, match=r"cross_entropy_between: p has shape \(2,\).*\(3,\)"):
        F.cross_entropy_between(np.full(2, 0.5), np.full(3, 1 / 3))
    with pytest.raises(ValueError, match="kl_div: .*log_target=True"):
        F.kl_div(np.zeros(2), np.array([-1.0, 0.5]))
    with pytest.raises(ValueError, match="reduction='avg'.*'batchmean'"):
        F.kl_div(np.zeros(2), np.full(2, 0.5), reduction="avg")
    with pytest.raises(ValueError, match=r"kl_div: the target has shape \(3,\)"):
        F.kl_div(np.zeros(2), np.full(3, 0.5))


def test_nothing_passed_in_is_modified():
    p, q = np.array([0.0, 0.4, 0.6]), np.array([0.2, 0.2, 0.6])
    copies = p.copy(), q.copy()
    F.entropy(p), F.cross_entropy_between(p, q), F.information(p)
    F.kl_div(np.log(q), p, reduction="sum")
    np.testing.assert_array_equal(p, copies[0])
    np.testing.assert_array_equal(q, copies[1])


@given(st.lists(st.floats(0.01, 1.0), min_size=2, max_size=6), st.data())
def test_gibbs_inequality_cross_entropy_is_at_least_entropy(raw_p, data):
    p = np.array(raw_p) / np.sum(raw_p)
    raw_q = data.draw(st.lists(st.floats(0.01, 1.0), min_size=len(p), max_size=len(p)))
    q = np.array(raw_q) / np.sum(raw_q)
    h = F.entropy(p).item()
    assert -1e-12 <= h <= np.log(len(p)) + 1e-12
    assert F.cross_entropy_between(p, q).item() >= h - 1e-12
