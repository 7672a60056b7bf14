"""Creation with PyTorch's signatures: normal, randperm, rand_like/randn_like/randint_like,
F.one_hot, and the keyword and vararg forms of the older creation functions.

Random draws cannot equal PyTorch's (different generators): the tests check
shapes, dtypes, ranges, statistics and reproducibility with mg.manual_seed.
"""

import numpy as np
import pytest
from test_errors import raises

import minigrad as mg
import minigrad.nn.functional as F
from minigrad.errors import DTypeError, ShapeError


def _is(t, shape, dtype, requires_grad=False):
    assert isinstance(t, mg.Tensor)
    assert t.shape == shape and t.dtype == np.dtype(dtype) and t.requires_grad == requires_grad


# ---- normal ---------------------------------------------------------------------------
def test_normal_with_numbers_needs_a_size_and_gives_float32():
    mg.manual_seed(0)
    x = mg.normal(3.0, 0.5, size=(400, 50))
    _is(x, (400, 50), np.float32)
    assert abs(x.numpy().mean() - 3.0) < 0.01 and abs(x.numpy().std() - 0.5) < 0.01
    _is(mg.normal(0, 1, (2,)), (2,), np.float32)  # ints for mean and std, as PyTorch
    _is(mg.normal(0.0, 1.0, [2, 3], dtype=mg.float64, requires_grad=True), (2, 3),
        np.float64, True)
    raises(TypeError, lambda: mg.normal(0.0, 1.0), "normal", "size=")
    raises(DTypeError, lambda: mg.normal(0.0, 1.0, (2,), dtype=mg.int64), "normal", "int64")


def test_normal_with_tensors_broadcasts_and_takes_the_means_dtype():
    mg.manual_seed(1)
    mean = mg.tensor([[0.0], [100.0]])
    out = mg.normal(mean, mg.tensor([0.0, 0.0, 1.0]))
    _is(out, (2, 3), np.float32)
    assert out.numpy()[:, :2].tolist() == [[0.0, 0.0], [100.0, 100.0]]  # std 0: the mean
    # PyTorch's dtypes: the mean tensor's; the std's when the mean is a number
    _is(mg.normal(mg.zeros(3, dtype=mg.float16), mg.ones(3, dtype=mg.float64)), (3,), np.float16)
    _is(mg.normal(0.0, mg.ones(3, dtype=mg.float64)), (3,), np.float64)
    _is(mg.normal(mg.zeros(2, dtype=mg.float64)), (2,), np.float64)  # std defaults to 1
    _is(mg.normal(mean=mg.tensor(0.0), std=mg.tensor(1.0)), (), np.float32)


def test_normal_gives_mean_and_std_a_zero_gradient_as_pytorch():
    mean = mg.zeros(3, requires_grad=True)
    std = mg.ones(1, requires_grad=True)
    out = mg.normal(mean, std)
    assert out.requires_grad
    (out * 2).sum().backward()
    assert mean.grad.tolist() == [0.0, 0.0, 0.0] and std.grad.tolist() == [0.0]


def test_normal_errors():
    raises(ValueError, lambda: mg.normal(0.0, -1.0, (2,)), "normal", "std", "-1.0")
    raises(ValueError, lambda: mg.normal(0.0, float("nan"), (2,)), "normal", "nan")
    raises(ValueError, lambda: mg.normal(mg.zeros(2), mg.tensor([1.0, -2.0])), "normal", "-2.0")
    raises(ShapeError, lambda: mg.normal(mg.zeros(3), mg.ones(4)), "normal", "(3,)", "(4,)")
    raises(DTypeError, lambda: mg.normal(mg.tensor([0, 1]), 1.0), "normal", "int64")
    raises(TypeError, lambda: mg.normal(mg.zeros(3), 1.0, size=(3,)), "normal", "size=")
    raises(TypeError, lambda: mg.normal("0", 1.0, (2,)), "normal", "str")


# ---- randperm and the *_like functions ---------------------------------------------------
def test_randperm_is_a_permutation_of_int64():
    mg.manual_seed(2)
    p = mg.randperm(10)
    _is(p, (10,), np.int64)
    assert sorted(p.tolist()) == list(range(10))
    mg.manual_seed(2)
    assert mg.randperm(10).tolist() == p.tolist()
    _is(mg.randperm(0), (0,), np.int64)
    _is(mg.randperm(4, dtype=mg.float32), (4,), np.float32)
    raises(ValueError, lambda: mg.randperm(-1), "randperm", "-1")
    raises(DTypeError, lambda: mg.randperm(3, requires_grad=True), "int64")


def test_random_like_functions_take_shape_and_dtype():
    x = mg.zeros(2, 3, dtype=mg.float64)
    u = mg.rand_like(x)
    _is(u, (2, 3), np.float64)
    assert ((u.numpy() >= 0) & (u.numpy() < 1)).all()
    _is(mg.randn_like(mg.zeros(4)), (4,), np.float32)
    _is(mg.rand_like(x, dtype=mg.float32, requires_grad=True), (2, 3), np.float32, True)
    r = mg.randint_like(mg.zeros(50), 3)
    _is(r, (50,), np.float32)  # the input's dtype, as PyTorch
    assert set(r.tolist()) <= {0.0, 1.0, 2.0}
    r = mg.randint_like(mg.zeros(50, dtype=mg.int64), 2, 5)
    _is(r, (50,), np.int64)
    assert r.numpy().min() >= 2 and r.numpy().max() < 5
    raises(DTypeError, lambda: mg.rand_like(mg.tensor([1, 2])), "rand_like", "int64")
    raises(DTypeError, lambda: mg.randn_like(mg.tensor([1, 2])), "randn_like", "int64")
    raises(ValueError, lambda: mg.randint_like(x, 5, 2), "randint_like", "5", "2")


# ---- one_hot ------------------------------------------------------------------------------
def test_one_hot_matches_pytorch():
    out = F.one_hot(mg.tensor([0, 2, 1]))
    _is(out, (3, 3), np.int64)
    assert out.tolist() == [[1, 0, 0], [0, 0, 1], [0, 1, 0]]
    assert F.one_hot(mg.tensor([[0, 1], [2, 0]]), num_classes=4).tolist() == [
        [[1, 0, 0, 0], [0, 1, 0, 0]], [[0, 0, 1, 0], [1, 0, 0, 0]]]
    assert F.one_hot(mg.tensor(2), 4).tolist() == [0, 0, 1, 0]
    _is(F.one_hot(mg.tensor([], dtype=mg.int64), 3), (0, 3), np.int64)


def test_one_hot_errors():
    raises(ValueError, lambda: F.one_hot(mg.tensor([-1, 0])), "one_hot", "non-negative", "-1")
    raises(ValueError, lambda: F.one_hot(mg.tensor([0, 3]), 3), "one_hot", "num_classes=3", "3")
    raises(DTypeError, lambda: F.one_hot(mg.tensor([0.0, 1.0])), "one_hot", "float32", "int64")
    raises(DTypeError, lambda: F.one_hot(mg.tensor([0, 1], dtype=mg.int32)), "one_hot", "int32")
    raises(ValueError, lambda: F.one_hot(mg.tensor([], dtype=mg.int64)), "one_hot", "empty")
    raises(ValueError, lambda: F.one_hot(mg.tensor([], dtype=mg.int64), 0), "one_hot", "empty")
    raises(ValueError, lambda: F.one_hot(mg.tensor([0]), -2), "one_hot", "num_classes=-2")


# ---- PyTorch's signatures of the older functions ---------------------------------------------
@pytest.mark.parametrize("make", [mg.zeros, mg.ones, mg.rand, mg.randn])
def test_sizes_as_varargs_a_tuple_a_list_or_size(make):
    for t in (make(2, 3), make((2, 3)), make([2, 3]), make(size=(2, 3))):
        _is(t, (2, 3), np.float32)
    _is(make(2, dtype=mg.float64, requires_grad=True, device="cpu"), (2,), np.float64, True)
    raises(TypeError, lambda: make(2, size=(2,)), "size=")


def test_rand_and_randn_refuse_integer_dtypes():
    raises(DTypeError, lambda: mg.rand(3, dtype=mg.int64), "rand", "int64", "randint")
    raises(DTypeError, lambda: mg.randn(3, dtype=mg.long), "randn", "int64")


def test_randint_forms():
    mg.manual_seed(4)
    for t in (mg.randint(5, (3,)), mg.randint(0, 5, (3,)), mg.randint(high=5, size=(3,)),
              mg.randint(0, 5, size=(3,)), mg.randint(5, size=(3,))):
        _is(t, (3,), np.int64)
        assert 0 <= t.numpy().min() and t.numpy().max() < 5
    low = mg.randint(3, 10, (200,))
    assert low.numpy().min() >= 3 and low.numpy().max() <= 9
    _is(mg.randint(0, 5, (2, 2), dtype=mg.int32), (2, 2), np.int32)
    _is(mg.randint(0, 5, (2,), dtype=mg.float32, requires_grad=True), (2,), np.float32, True)
    raises(DTypeError, lambda: mg.randint(0, 5, (3,), requires_grad=True), "int64")
    raises(TypeError, lambda: mg.randint(5), "randint", "size")
    raises(TypeError, lambda: mg.randint(1, 2, 3, 4), "randint", "4 positional")
    raises(TypeError, lambda: mg.randint(5.0, (2,)), "randint", "high", "5.0")
    raises(ValueError, lambda: mg.randint(5, 2, (2,)), "randint", "low (5)")


def test_arange_linspace_full_eye_keywords():
    assert mg.arange(end=4).tolist() == [0, 1, 2, 3]
    assert mg.arange(start=1, end=4).tolist() == [1, 2, 3]
    _is(mg.arange(5, dtype=mg.float32, requires_grad=True), (5,), np.float32, True)
    assert mg.arange(0, 1, 0.25).tolist() == [0.0, 0.25, 0.5, 0.75]
    _is(mg.linspace(0, 1, steps=5), (5,), np.float32)
    assert mg.linspace(start=0, end=1, steps=3).tolist() == [0.0, 0.5, 1.0]
    raises(ValueError, lambda: mg.linspace(0, 1, -1), "linspace", "steps")
    _is(mg.full(size=(2,), fill_value=True), (2,), np.bool_)
    _is(mg.full([2, 3], 2), (2, 3), np.int64)
    _is(mg.full((2, 3), 1.5, requires_grad=True), (2, 3), np.float32, True)
    _is(mg.eye(n=3, m=2), (3, 2), np.float32)
    _is(mg.eye(3, dtype=mg.long), (3, 3), np.int64)
    _is(mg.zeros_like(mg.ones(2, dtype=mg.long), dtype=mg.float32), (2,), np.float32)
    _is(mg.ones_like(mg.ones(2), requires_grad=True), (2,), np.float32, True)


def test_manual_seed_makes_every_draw_repeat():
    def draws():
        mg.manual_seed(7)
        return [mg.rand(3).tolist(), mg.randn(2).tolist(), mg.randint(10, (4,)).tolist(),
                mg.normal(0.0, 1.0, (2,)).tolist(), mg.randperm(5).tolist(),
                mg.rand_like(mg.zeros(2)).tolist()]

    assert draws() == draws()


def test_manual_seed_takes_pytorchs_seeds():
    mg.manual_seed(-1)  # PyTorch: 2**64 - 1
    first = mg.rand(3).tolist()
    mg.manual_seed(2**64 - 1)
    assert mg.rand(3).tolist() == first
    mg.manual_seed(1.5)  # cut to 1, as PyTorch
    second = mg.rand(2).tolist()
    mg.manual_seed(1)
    assert mg.rand(2).tolist() == second
    raises(ValueError, lambda: mg.manual_seed(2**64), "manual_seed", "2**64")
    raises(TypeError, lambda: mg.manual_seed("0"), "manual_seed", "str")
