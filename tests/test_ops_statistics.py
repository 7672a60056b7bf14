"""var, std, var_mean, std_mean, norm, any, all (ops/statistics.py) and prod, cumsum,
cumprod (ops/cumulative.py): values and gradients as PyTorch 2.13 gives them (written as
literals), float64 gradient checks over 0-d, dim=None, int and tuple dims, zeros for the
products, and the errors."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import minigrad as mg
from minigrad.errors import DTypeError, ShapeError

RNG = np.random.default_rng(13)
X = [[1.0, 2.0, 4.0], [3.0, -1.0, 0.5]]


def f64(data, grad: bool = True) -> mg.Tensor:
    return mg.tensor(np.asarray(data, dtype=np.float64), requires_grad=grad)


def close(t: mg.Tensor, expected, atol: float = 1e-7) -> None:
    np.testing.assert_allclose(t.numpy(), np.asarray(expected, dtype=np.float64), atol=atol,
                               rtol=1e-6)


# ---- var and std ------------------------------------------------------------------------
def test_var_and_std_match_pytorch() -> None:
    x = f64(X)
    close(x.var(), 3.24166667)
    close(mg.var(x, 1), [2.33333333, 4.08333333])
    close(x.var(0, correction=0), [1.0, 2.25, 3.0625])
    close(x.var(correction=2.5), 4.63095238)
    std = x.std(dim=(0, 1), keepdim=True)
    assert std.shape == (1, 1)
    close(std, [[1.80046290]])
    close(mg.std(x, 1, unbiased=False), [1.24721913, 1.64991582])
    close(x.std(1, False), [1.24721913, 1.64991582])  # PyTorch's var(dim, unbiased)
    close(mg.var(x, False), 2.70138889)  # var(input, unbiased): all elements, / n
    close(x.var(axis=1, keepdims=True), [[2.33333333], [4.08333333]])  # numpy's names


def test_var_and_std_gradients_match_pytorch() -> None:
    x = f64(X)
    (x.std(1) * mg.tensor([1.0, -2.0], dtype=np.float64)).sum().backward()
    close(x.grad, [[-0.43643578, -0.10910895, 0.54554473],
                   [-1.07222193, 0.90726471, 0.16495722]])
    x.grad = None
    (x.var(0) * mg.tensor([1.0, -2.0, 3.0], dtype=np.float64)).sum().backward()
    close(x.grad, [[-2.0, -6.0, 10.5], [2.0, 6.0, -10.5]])


@pytest.mark.parametrize("shape,dim", [((), None), ((4,), None), ((3, 4), 1), ((3, 4), -2),
                                       ((2, 3, 4), (0, 2)), ((2, 3, 4), None)])
@pytest.mark.parametrize("name", ["var", "std"])
def test_var_and_std_gradcheck(name: str, shape, dim) -> None:
    x = f64(RNG.standard_normal(shape))
    corrections = [0] if x.size == 1 or shape == () else [0, 1, 0.5]
    for c in corrections:
        def fn(a, c=c):
            return getattr(mg, name)(a, dim, correction=c)
        assert mg.gradcheck(fn, (x,)) and mg.gradgradcheck(fn, (x,))


def test_std_gradient_where_the_values_are_equal_is_zero_as_pytorch() -> None:
    """sqrt's slope at 0 is infinite; PyTorch (and minigrad) give 0 there, not NaN."""
    x = f64([2.0, 2.0, 2.0])
    x.std().backward()
    close(x.grad, [0.0, 0.0, 0.0])
    y = f64([[1.0, 3.0], [5.0, 5.0]])
    (g,) = mg.grad(y.std(1).sum(), y, create_graph=True)
    close(g, [[-0.70710678, 0.70710678], [0.0, 0.0]])
    assert not np.isnan(mg.grad(g.sum(), y)[0].numpy()).any()


def test_var_without_an_estimate_warns_once_and_gives_nan_or_inf_as_pytorch() -> None:
    """n - correction <= 0: PyTorch gives NaN (0/0) or inf and a UserWarning; numpy's own
    RuntimeWarning must not leak."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        one = f64([3.0])
        v = one.var()
        v.backward()
        assert math.isnan(v.item()) and math.isnan(one.grad.item())
        assert math.isinf(mg.var(f64([1.0, 2.0]), correction=3).item())
        assert np.isnan(mg.std(f64(np.zeros((2, 0))), 1, correction=0).numpy()).all()
    kinds = [w.category for w in caught]
    assert kinds == [UserWarning] * 3, [str(w.message) for w in caught]
    assert "n - correction <= 0" in str(caught[0].message)
    assert caught[0].filename == __file__  # the user's line


def test_var_mean_and_std_mean() -> None:
    x = f64(X)
    v, m = mg.var_mean(x, 1)
    close(v, [2.33333333, 4.08333333])
    close(m, [2.33333333, 0.83333333])
    s, m = mg.std_mean(x, correction=0)
    close(s, 1.64359024)
    close(m, 1.58333333)


def test_var_keeps_float32_and_float16_and_refuses_integers() -> None:
    assert mg.tensor([1.0, 2.0]).var().dtype == np.float32
    half = mg.tensor(np.array([1e4, -1e4], np.float16))
    assert half.std().dtype == np.float16
    assert half.std().item() == pytest.approx(14142, rel=1e-3)  # squares computed in float32
    with pytest.raises(DTypeError, match="var: the tensor has dtype int64"):
        mg.tensor([1, 2, 3]).var()
    with pytest.raises(TypeError, match="either unbiased= or correction="):
        mg.var(f64(X), unbiased=False, correction=1)
    with pytest.raises(ShapeError, match="axis 2 is out of range"):
        f64(X).std(2)


# ---- norm ---------------------------------------------------------------------------------
@pytest.mark.parametrize("p,expected", [(2, 5.0990195), ("fro", 5.0990195), (1, 8.0),
                                        (math.inf, 4.0), (-math.inf, 0.0), (0, 3.0),
                                        (3, 4.5143574), (0.5, 22.3923048), (-1, 0.0)])
def test_norm_values_match_pytorch(p, expected) -> None:
    x = mg.tensor([[3.0, -4.0], [0.0, 1.0]])
    close(mg.norm(x, p), expected, atol=1e-5)
    close(x.norm(p), expected, atol=1e-5)


def test_norm_over_dims() -> None:
    x = mg.tensor([[3.0, -4.0], [0.0, 1.0]])
    close(x.norm(dim=1), [5.0, 1.0])
    assert x.norm(dim=1, keepdim=True).shape == (2, 1)
    close(x.norm(p=1, dim=(0, 1)), 8.0)
    y = f64([[0.5, -2.0, 3.0], [1.0, 0.0, -1.0]])
    n = y.norm(3, dim=1)
    close(n, [3.27495581, 1.25992105])
    (n * mg.tensor([1.0, 2.0], dtype=np.float64)).sum().backward()
    close(y.grad, [[0.02330929, -0.37294870, 0.83913458], [1.25992105, 0.0, -1.25992105]])


@pytest.mark.parametrize("p,expected", [
    (2, [0.2294157, -0.6882472, 0.6882472, 0.0]), (1, [1.0, -1.0, 1.0, 0.0]),
    (math.inf, [0.0, -0.5, 0.5, 0.0]), (-math.inf, [0.0, 0.0, 0.0, 0.0]),
    (0.5, [4.4641016, -2.5773503, 2.5773503, 0.0]),
])
def test_norm_gradients_with_ties_and_zeros_match_pytorch(p, expected) -> None:
    x = f64([1.0, -3.0, 3.0, 0.0])
    x.norm(p).backward()
    close(x.grad, expected)


@pytest.mark.parametrize("p", [2, 1, 3, 0.5, -1, math.inf, -math.inf])
def test_norm_gradient_at_zero_is_zero_as_pytorch(p) -> None:
    x = f64(np.zeros(3))
    x.norm(p).backward()
    close(x.grad, [0.0, 0.0, 0.0])


def test_norm_zero_counts_and_has_no_gradient() -> None:
    x = f64([1.0, 0.0, -2.0])
    n = x.norm(0)
    assert n.item() == 2.0
    n.backward()
    assert x.grad is None  # PyTorch leaves it None as well


@pytest.mark.parametrize("shape,dim", [((), None), ((5,), None), ((3, 4), 1),
                                       ((2, 3, 4), (0, 2))])
@pytest.mark.parametrize("p", [2, 1, 3, 1.5, 0.5, -1, math.inf, -math.inf])
def test_norm_gradcheck(p, shape, dim) -> None:
    x = f64(RNG.standard_normal(shape))
    assert mg.gradcheck(lambda a: mg.norm(a, p, dim), (x,))
    assert mg.gradgradcheck(lambda a: mg.norm(a, p, dim), (x,))


def test_norm_errors() -> None:
    with pytest.raises(DTypeError, match="norm: the tensor has dtype int64"):
        mg.tensor([1, 2]).norm()
    with pytest.raises(ValueError, match="nuclear norm is not available"):
        mg.tensor([[1.0]]).norm("nuc")
    with pytest.raises(ShapeError, match="inf norm over no elements"):
        mg.zeros(0).norm(math.inf)
    with pytest.raises(ShapeError, match="at most 2 dims"):
        mg.zeros(2, 2, 2).norm("fro", dim=(0, 1, 2))
    assert mg.zeros(0).norm().item() == 0.0


# ---- any and all ----------------------------------------------------------------------------
def test_any_and_all_match_pytorch() -> None:
    x = mg.tensor([[0.0, 1.5], [math.nan, 0.0]])
    assert x.any().item() is True and x.all().item() is False
    assert x.any(1).tolist() == [True, True]  # NaN counts as nonzero
    assert mg.all(x, dim=0, keepdim=True).tolist() == [[False, False]]
    assert mg.any(x, dim=(0, 1)).dtype == np.bool_
    assert mg.zeros(0).any().item() is False and mg.zeros(0).all().item() is True
    assert mg.tensor(np.array([1, 0], np.uint8)).any().dtype == np.uint8  # as PyTorch
    assert not mg.tensor([1.0, 2.0], requires_grad=True).any().requires_grad


# ---- prod, cumsum, cumprod ----------------------------------------------------------------------
def test_prod_values_and_dtypes_match_pytorch() -> None:
    close(mg.tensor([[2.0, 3.0], [0.5, -1.0]]).prod(1), [6.0, -0.5])
    assert mg.prod(mg.tensor([[2.0, 3.0]]), 1, keepdim=True).shape == (1, 1)
    for data in (np.array([1, 2, 3]), np.array([1, 2], np.int32), np.array([True, False]),
                 np.array([1, 2], np.uint8)):
        assert mg.tensor(data).prod().dtype == np.int64
    assert mg.zeros(0).prod().item() == 1.0
    with pytest.raises(TypeError, match="prod: dim must be one int"):
        mg.prod(mg.zeros(2, 2), (0, 1))


@pytest.mark.parametrize("data,expected", [
    ([2.0, 0.0, 3.0, 4.0], [0.0, 24.0, 0.0, 0.0]),  # one zero: only its own slope is nonzero
    ([2.0, 0.0, 0.0, 4.0], [0.0, 0.0, 0.0, 0.0]),  # two zeros: every slope holds a zero
    ([2.0, -1.0, 3.0, 0.5], [-1.5, 3.0, -1.0, -6.0]),
])
def test_prod_gradient_with_zeros_matches_pytorch(data, expected) -> None:
    x = f64(data)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no division by zero anywhere
        x.prod().backward()
    close(x.grad, expected)


@pytest.mark.parametrize("shape,dim", [((), None), ((), 0), ((5,), None), ((3, 4), 1),
                                       ((3, 4), -2), ((2, 3, 4), 1)])
def test_prod_gradcheck_with_and_without_zeros(shape, dim) -> None:
    data = RNG.standard_normal(shape)
    for zeros in ([], [0], [0, 1]):
        values = data.copy()
        if values.size > 2:
            values.reshape(-1)[zeros] = 0.0
        x = f64(values)
        assert mg.gradcheck(lambda a: mg.prod(a, dim), (x,))
        assert mg.gradgradcheck(lambda a: mg.prod(a, dim), (x,))


def test_cumsum_matches_pytorch() -> None:
    t = mg.tensor([[2, 3], [5, -1]]).cumsum(1)
    assert t.dtype == np.int64 and t.tolist() == [[2, 5], [5, 4]]
    assert mg.tensor([True, True]).cumsum(0).tolist() == [1, 2]
    assert mg.tensor(np.array([1, 2], np.uint8)).cumsum(0).dtype == np.int64
    assert mg.tensor(3.0).cumsum(0).item() == 3.0
    x = f64([1.0, 2.0, 3.0])
    (x.cumsum(0) * mg.tensor([1.0, -2.0, 4.0], dtype=np.float64)).sum().backward()
    close(x.grad, [3.0, 2.0, 4.0])
    with pytest.raises(TypeError, match="dim"):
        mg.cumsum(mg.tensor([1, 2]))  # dim is required, as in PyTorch


def test_cumprod_matches_pytorch_with_zeros() -> None:
    close(mg.tensor([[2.0, 3.0], [0.5, -1.0]]).cumprod(0), [[2.0, 3.0], [1.0, -3.0]])
    assert mg.tensor([1, 2, 3]).cumprod(0).dtype == np.int64
    x = f64([2.0, 0.0, 3.0, 0.0, 5.0])
    x.cumprod(0).sum().backward()
    close(x.grad, [1.0, 8.0, 0.0, 0.0, 0.0])


@pytest.mark.parametrize("shape,dim", [((), 0), ((5,), 0), ((3, 4), 1), ((3, 4), 0),
                                       ((2, 3, 4), -2)])
@pytest.mark.parametrize("name", ["cumsum", "cumprod"])
def test_cumsum_and_cumprod_gradcheck(name: str, shape, dim) -> None:
    data = RNG.standard_normal(shape)
    for zeros in ([], [1], [0, 2]):
        values = data.copy()
        if values.size > 2:
            values.reshape(-1)[zeros] = 0.0
        x = f64(values)
        assert mg.gradcheck(lambda a: getattr(mg, name)(a, dim), (x,))
        assert mg.gradgradcheck(lambda a: getattr(mg, name)(a, dim), (x,))


def test_float16_products_are_computed_in_float32() -> None:
    x = mg.tensor(np.array([4.0, -1.0, 2.0, -1e4], np.float16), requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warning from numpy either
        x.cumprod(0).backward(mg.tensor(np.ones(4, np.float16)))
    # z_3 = 80000 passes float16's largest number, 65504; the gradients mostly do not
    # (PyTorch's float16 kernel gives inf for all four)
    assert x.grad.dtype == np.float16
    np.testing.assert_allclose(x.grad.numpy().astype(np.float64),
                               [19998.0, -np.inf, 39996.0, -8.0], rtol=1e-3)


def test_logsumexp_at_the_top_level() -> None:
    close(mg.logsumexp(mg.tensor([[1.0, 2.0], [3.0, -1e4]]), 1), [2.31326175, 3.0], atol=1e-6)
