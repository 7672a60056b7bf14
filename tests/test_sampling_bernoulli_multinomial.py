"""mg.bernoulli and mg.multinomial (and their Tensor methods): the draws follow the
probabilities, the seeds repeat them, the results have PyTorch's dtypes and grad
flags, and bad input is refused with a message naming the op.

The statistical checks use fixed seeds, so they never flake; their tolerances
(5 standard errors of 20,000 draws) still fail any wrong formula by far.
"""

from __future__ import annotations

import numpy as np
import pytest

import minigrad as mg
from minigrad.errors import DTypeError, ShapeError

N = 20_000


def _close_to(frequencies: np.ndarray, p: np.ndarray, n: int) -> None:
    """Each frequency within 5 standard errors of its probability (plus a hair for p = 0, 1)."""
    se = np.sqrt(p * (1 - p) / n)
    np.testing.assert_array_less(np.abs(frequencies - p), 5 * se + 1e-12)


# ---- bernoulli -------------------------------------------------------------------------
def test_bernoulli_frequencies_match_the_probabilities():
    mg.manual_seed(0)
    p = np.array([0.1, 0.5, 0.9, 0.02], dtype=np.float32)
    draws = mg.bernoulli(mg.tensor(np.tile(p, (N, 1)))).numpy()
    assert set(np.unique(draws)) <= {0.0, 1.0}
    _close_to(draws.mean(axis=0), p.astype(np.float64), N)


def test_bernoulli_zero_and_one_are_exact():
    mg.manual_seed(1)
    p = mg.tensor(np.tile([0.0, 1.0], (N, 1)))
    draws = mg.bernoulli(p).numpy()
    assert (draws[:, 0] == 0).all() and (draws[:, 1] == 1).all()


def test_bernoulli_keeps_shape_and_dtype():
    for dtype in (mg.float16, mg.float32, mg.float64):
        p = mg.full((2, 3), 0.5, dtype=dtype)
        out = mg.bernoulli(p)
        assert out.shape == (2, 3) and out.dtype == dtype
    assert mg.bernoulli(mg.tensor(0.5)).shape == ()
    assert mg.bernoulli(mg.zeros(0)).shape == (0,)


def test_bernoulli_method_and_generator_and_seed_repeat():
    p = mg.full((50,), 0.5)
    mg.manual_seed(7)
    first = mg.bernoulli(p).numpy()
    mg.manual_seed(7)
    np.testing.assert_array_equal(p.bernoulli().numpy(), first)
    a = mg.bernoulli(p, generator=np.random.default_rng(3)).numpy()
    b = p.bernoulli(generator=np.random.default_rng(3)).numpy()
    np.testing.assert_array_equal(a, b)
    assert 0 < a.sum() < 50


def test_bernoulli_has_gradient_zero_as_in_pytorch():
    # torch.bernoulli of a tensor requiring grad gives a result requiring grad, with
    # gradient 0 (PyTorch's derivatives.yaml: zeros_like(grad)); the same here.
    p = mg.tensor([0.2, 0.8, 0.5], requires_grad=True)
    out = mg.bernoulli(p)
    assert out.requires_grad
    out.sum().backward()
    np.testing.assert_array_equal(p.grad.numpy(), [0.0, 0.0, 0.0])
    assert not mg.bernoulli(p.detach()).requires_grad


def test_bernoulli_leaves_the_input_alone():
    p = mg.tensor([0.2, 0.8, 0.5])
    before = p.numpy().copy()
    mg.bernoulli(p)
    np.testing.assert_array_equal(p.numpy(), before)


@pytest.mark.parametrize("make, error, words", [
    (lambda: mg.tensor([0.5, 1.5]), ValueError, "in [0, 1], but the input holds 1.5"),
    (lambda: mg.tensor([-0.1, 0.5]), ValueError, "in [0, 1], but the input holds -0.1"),
    (lambda: mg.tensor([0.5, float("nan")]), ValueError, "in [0, 1], but the input holds nan"),
    (lambda: mg.tensor([0, 1]), DTypeError, "must hold floats, got dtype int64"),
    (lambda: mg.tensor([True]), DTypeError, "must hold floats, got dtype bool"),
    (lambda: [0.5, 0.5], TypeError, "must be a tensor, got list"),
])
def test_bernoulli_refuses_bad_probabilities(make, error, words):
    with pytest.raises(error, match=r"^bernoulli: ") as info:
        mg.bernoulli(make())
    assert words in str(info.value)


# ---- bernoulli with one probability p for every element -------------------------------
def test_bernoulli_with_p_follows_p_and_ignores_the_input_values():
    mg.manual_seed(0)
    x = mg.tensor(np.full((N,), 0.9))  # its values must not matter
    for p in (0.0, 0.25, 0.5, 1.0):
        draws = mg.bernoulli(x, p).numpy()
        _close_to(np.array([draws.mean()]), np.array([p]), N)
    assert mg.bernoulli(x, 0.0).numpy().max() == 0.0
    assert mg.bernoulli(x, 1).numpy().min() == 1.0


@pytest.mark.parametrize("values, dtype", [
    ([0.2, 0.7], np.float32), ([0.2, 0.7], np.float64), ([3, -4], np.int64),
    ([7, 9], np.uint8), ([True, False], np.bool_),
])
def test_bernoulli_with_p_keeps_any_dtype_and_shape(values, dtype):
    # PyTorch takes integer and bool inputs when p is given: only their shape and dtype count
    x = mg.tensor(np.array(values, dtype=dtype))
    ones, zeros = mg.bernoulli(x, 1.0), x.bernoulli(p=0.0)
    assert ones.dtype == dtype and zeros.dtype == dtype and ones.shape == (2,)
    np.testing.assert_array_equal(ones.numpy(), np.ones(2, dtype))
    np.testing.assert_array_equal(zeros.numpy(), np.zeros(2, dtype))
    assert mg.bernoulli(mg.tensor(np.zeros((), dtype)), True).shape == ()  # True counts as 1


def test_bernoulli_with_p_seeds_gradient_and_input_untouched():
    x = mg.tensor([0.3, 0.6, 0.9], requires_grad=True)
    before = x.numpy().copy()
    a = mg.bernoulli(x, 0.5, generator=np.random.default_rng(5)).numpy()
    b = x.bernoulli(0.5, generator=np.random.default_rng(5))
    np.testing.assert_array_equal(b.numpy(), a)
    np.testing.assert_array_equal(x.numpy(), before)
    assert b.requires_grad
    b.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, 0.0, 0.0])
    # a one-number tensor is read as its number, as in PyTorch
    np.testing.assert_array_equal(mg.bernoulli(x, mg.tensor(1.0)).numpy(), [1.0, 1.0, 1.0])


@pytest.mark.parametrize("p, error, words", [
    (1.5, ValueError, "p must be in [0, 1], got p=1.5"),
    (-0.1, ValueError, "p must be in [0, 1], got p=-0.1"),
    (2, ValueError, "p must be in [0, 1], got p=2"),
    (float("nan"), ValueError, "got p=nan"),
    ("0.5", TypeError, "p must be a number in [0, 1], got str"),
    (mg.tensor([0.5, 0.5]), TypeError, "got Tensor; for one probability per element"),
])
def test_bernoulli_refuses_a_bad_p(p, error, words):
    with pytest.raises(error, match=r"^bernoulli: ") as info:
        mg.bernoulli(mg.zeros(3), p)
    assert words in str(info.value)
    with pytest.raises(TypeError, match=r"^bernoulli: the input must be a tensor"):
        mg.bernoulli([0.5], 0.5)


# ---- multinomial -----------------------------------------------------------------------
def test_multinomial_with_replacement_follows_the_normalised_weights():
    mg.manual_seed(0)
    w = np.array([1.0, 2.0, 0.0, 3.0, 4.0])
    draws = mg.multinomial(mg.tensor(w), N, replacement=True).numpy()
    assert draws.shape == (N,) and draws.dtype == np.int64
    _close_to(np.bincount(draws, minlength=5) / N, w / w.sum(), N)


def test_multinomial_rows_are_separate_distributions():
    mg.manual_seed(2)
    w = np.array([[1.0, 0.0, 3.0], [0.0, 5.0, 5.0]], dtype=np.float64)
    draws = mg.multinomial(mg.tensor(w), N, replacement=True).numpy()
    assert draws.shape == (2, N)
    for row, weights in zip(draws, w):
        _close_to(np.bincount(row, minlength=3) / N, weights / weights.sum(), N)


def test_multinomial_one_sample_as_in_a_language_model():
    mg.manual_seed(3)
    logits = mg.tensor([[2.0, 0.0, -1.0]])
    probs = mg.softmax(logits, dim=-1)
    draws = np.array([mg.multinomial(probs, num_samples=1).item() for _ in range(2000)])
    p = probs.numpy()[0].astype(np.float64)
    _close_to(np.bincount(draws, minlength=3) / 2000, p, 2000)


def test_multinomial_without_replacement_gives_distinct_nonzero_indices():
    mg.manual_seed(4)
    w = mg.tensor([[5.0, 1.0, 0.0, 2.0, 0.0, 3.0], [0.0, 1.0, 1.0, 1.0, 1.0, 0.0]])
    for _ in range(500):
        draws = mg.multinomial(w, 4).numpy()
        for row, weights in zip(draws, w.numpy()):
            assert len(set(row)) == 4
            assert (weights[row] > 0).all()
    everything = mg.multinomial(w[1], 4).numpy()
    assert sorted(everything) == [1, 2, 3, 4]


def test_multinomial_without_replacement_draws_in_order_of_weight():
    # The first index follows the weights; the second follows them with the first removed.
    mg.manual_seed(5)
    draws = np.stack([mg.multinomial(mg.tensor([6.0, 3.0, 1.0]), 2).numpy()
                      for _ in range(4000)])
    _close_to(np.bincount(draws[:, 0], minlength=3) / 4000, np.array([0.6, 0.3, 0.1]), 4000)
    after_0 = draws[draws[:, 0] == 0, 1]
    _close_to(np.bincount(after_0, minlength=3) / after_0.size, np.array([0.0, 0.75, 0.25]),
              after_0.size)


def test_multinomial_method_seed_and_generator_repeat():
    w = mg.tensor([1.0, 2.0, 3.0, 4.0])
    mg.manual_seed(11)
    first = mg.multinomial(w, 30, True).numpy()
    mg.manual_seed(11)
    np.testing.assert_array_equal(w.multinomial(30, replacement=True).numpy(), first)
    a = mg.multinomial(w, 3, generator=np.random.default_rng(9)).numpy()
    b = w.multinomial(3, generator=np.random.default_rng(9)).numpy()
    np.testing.assert_array_equal(a, b)


def test_multinomial_dtypes_grad_and_input():
    for dtype in (mg.float16, mg.float32, mg.float64):
        w = mg.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=dtype, requires_grad=True)
        before = w.numpy().copy()
        out = mg.multinomial(w, 2)
        assert out.dtype == np.int64 and out.shape == (2, 2)
        assert not out.requires_grad
        np.testing.assert_array_equal(w.numpy(), before)
    assert mg.multinomial(mg.zeros(0, 3), 1).shape == (0, 1)


def test_multinomial_handles_huge_weights():
    big = np.finfo(np.float64).max
    draws = mg.multinomial(mg.tensor([big, big, 0.0], dtype=mg.float64), 2).numpy()
    assert sorted(draws) == [0, 1]


@pytest.mark.parametrize("make, args, error, words", [
    (lambda: mg.tensor([1.0, -2.0]), (1,), ValueError, "finite and >= 0, but they hold -2.0"),
    (lambda: mg.tensor([1.0, float("inf")]), (1,), ValueError, "but they hold inf"),
    (lambda: mg.tensor([1.0, float("nan")]), (1, True), ValueError, "but they hold nan"),
    (lambda: mg.tensor([0.0, 0.0]), (1, True), ValueError, "the weights are all zero"),
    (lambda: mg.tensor([[1.0, 0.0], [0.0, 0.0]]), (1,), ValueError,
     "the weights in row 1 are all zero"),
    (lambda: mg.tensor([1.0, 2.0]), (0,), ValueError, "num_samples must be at least 1, got 0"),
    (lambda: mg.tensor([1.0, 2.0]), (-1, True), ValueError, "at least 1, got -1"),
    (lambda: mg.tensor([1.0, 2.0]), (3,), ValueError,
     "cannot draw 3 samples without replacement from 2 categories"),
    (lambda: mg.tensor([1.0, 0.0, 2.0]), (3,), ValueError,
     "only 2 of the weights are non-zero, too few to draw 3 samples"),
    (lambda: mg.tensor(1.0), (1,), ShapeError, "1-D (one distribution) or 2-D"),
    (lambda: mg.ones(2, 2, 2), (1,), ShapeError, "got shape (2, 2, 2)"),
    (lambda: mg.tensor([1, 2]), (1,), DTypeError, "must hold floats, got dtype int64"),
    (lambda: mg.tensor([1.0, 2.0]), (1.0,), TypeError, "num_samples must be an int, got 1.0"),
    (lambda: mg.tensor([1.0, 2.0]), (True,), TypeError, "got True"),
    (lambda: np.array([1.0, 2.0]), (1,), TypeError, "must be a tensor, got ndarray"),
])
def test_multinomial_refuses_what_pytorch_refuses(make, args, error, words):
    with pytest.raises(error, match=r"^multinomial: ") as info:
        mg.multinomial(make(), *args)
    assert words in str(info.value)


def test_the_names_are_no_longer_missing():
    assert mg.bernoulli is mg.sampling.bernoulli and mg.multinomial is mg.sampling.multinomial
    assert "bernoulli" in mg.sampling.__all__ and "multinomial" in mg.sampling.__all__
