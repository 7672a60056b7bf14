"""PyTorch's diff, trapezoid and cumulative_trapezoid (ops/differences.py), cummax,
cummin and logcumsumexp (ops/running.py), rot90 (ops/rearrange.py), renorm
(ops/matrix_norms.py) and minigrad.special (minigrad/special.py,
ops/special_functions.py, ops/log_terms.py).

Gradients in float64 (gradcheck and gradgradcheck) on 0-d and larger shapes;
values and gradients against literals from PyTorch 2.13; dtypes; every error path.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from op_strategies import SOME, check, distinct, nonscalar_shapes, seeds, shapes

import minigrad as mg
from minigrad.errors import DTypeError, ShapeError


def close(t, expected, rtol=1e-6, atol=1e-6):
    np.testing.assert_allclose(np.asarray(t.numpy(), dtype=np.float64).reshape(-1),
                               np.asarray(expected, dtype=np.float64), rtol=rtol, atol=atol)


# ---- diff and the trapezoid rule ----------------------------------------------------------
@SOME
@given(shape=nonscalar_shapes, seed=seeds)
def test_diff_and_trapezoid_gradients(shape, seed):
    rng = np.random.default_rng(seed)
    dim = int(rng.integers(-len(shape), len(shape)))
    check(lambda x: mg.diff(x, n=2, dim=dim), rng.normal(size=shape))
    edge = list(shape)
    edge[dim] = 1
    check(lambda x, p: x.diff(dim=dim, prepend=p, append=p), rng.normal(size=shape),
          rng.normal(size=edge))
    check(lambda y: mg.trapezoid(y, dx=0.5, dim=dim), rng.normal(size=shape))
    points = np.cumsum(rng.uniform(0.1, 1.0, shape[dim]))
    check(lambda y, x: mg.trapezoid(y, x, dim=dim), rng.normal(size=shape), points)
    check(lambda y, x: mg.cumulative_trapezoid(y, x, dim=dim), rng.normal(size=shape),
          np.cumsum(rng.uniform(0.1, 1.0, shape), axis=dim))


def test_diff_as_pytorch():
    x = mg.tensor([[1.0, 4.0, 9.0, 16.0], [2.0, 3.0, 5.0, 7.0]], requires_grad=True)
    z = mg.diff(x, n=2)
    z.sum().backward()
    close(z, [2.0, 2.0, 1.0, 0.0])
    close(x.grad, [1.0, -1.0, -1.0, 1.0, 1.0, -1.0, -1.0, 1.0])
    assert mg.diff(mg.tensor([True, False, False, True])).tolist() == [True, False, True]
    assert mg.diff(mg.ones(2, 3), n=5).shape == (2, 0)
    assert mg.diff(mg.ones(2, 3), n=0, prepend=mg.ones(2, 5)).shape == (2, 3)  # unused
    assert mg.diff(mg.ones(2, 3), prepend=mg.ones(2, 1, dtype=mg.float64)).dtype == np.float64
    assert mg.diff(mg.ones(2, 3), append=mg.ones(2, 2, dtype=mg.int64)).dtype == np.float32
    assert mg.diff(mg.tensor([1, 5], dtype=mg.uint8)).tolist() == [4]


def test_diff_errors():
    x = mg.ones(2, 3)
    with pytest.raises(ValueError, match="0 or more"):
        mg.diff(x, n=-1)
    with pytest.raises(ShapeError, match="at least one axis"):
        mg.diff(mg.tensor(1.0))
    with pytest.raises(ShapeError, match="as many axes"):
        mg.diff(x, prepend=mg.ones(1))
    with pytest.raises(ShapeError, match="on every axis but"):
        mg.diff(x, prepend=mg.ones(3, 1))
    with pytest.raises(TypeError, match="append must be a tensor"):
        mg.diff(x, append=1.0)
    with pytest.raises(ShapeError, match="out of range"):
        mg.diff(x, dim=2)
    with pytest.raises(TypeError, match="n must be an int"):
        mg.diff(x, n=1.0)


def test_trapezoid_as_pytorch():
    y = mg.tensor([1.0, 2.0, 4.0, 3.0], requires_grad=True)
    t = mg.tensor([0.0, 0.5, 2.0, 3.0], requires_grad=True)
    z = mg.trapezoid(y, t)
    z.backward()
    close(z, [8.75])
    close(y.grad, [0.25, 1.0, 1.25, 0.5])
    close(t.grad, [-1.5, -1.5, -0.5, 3.5])
    y = mg.tensor([1.0, 2.0, 4.0, 3.0], requires_grad=True)
    z = mg.cumulative_trapezoid(y, dx=0.5)
    z.sum().backward()
    close(z, [0.75, 2.25, 4.0])
    close(y.grad, [0.75, 1.25, 0.75, 0.25])
    assert mg.trapezoid(mg.tensor([1, 2, 5])).item() == 5.0
    assert mg.trapezoid(mg.tensor([1, 2, 5])).dtype == np.float32
    assert mg.trapezoid(mg.ones(2, 3), mg.ones(2, 3, dtype=mg.float64)).dtype == np.float64
    assert mg.trapezoid(mg.ones(2, 0)).tolist() == [0.0, 0.0]
    assert mg.trapezoid(mg.zeros(0, dtype=mg.int64)).dtype == np.int64  # no samples: y's dtype
    assert mg.cumulative_trapezoid(mg.ones(2, 1)).shape == (2, 0)


def test_trapezoid_errors():
    y = mg.ones(2, 3)
    with pytest.raises(DTypeError, match="bool"):
        mg.trapezoid(y.bool())
    with pytest.raises(ShapeError, match="one x value for each"):
        mg.trapezoid(y, mg.ones(4))
    with pytest.raises(TypeError, match="not both"):
        mg.cumulative_trapezoid(y, mg.ones(3), dx=1.0)
    with pytest.raises(TypeError, match="dx=0.5"):
        mg.trapezoid(y, 0.5)
    with pytest.raises(ShapeError, match="0-d"):
        mg.trapezoid(mg.tensor(1.0))
    with pytest.raises(ShapeError, match="1-D or have as many axes"):
        mg.trapezoid(y, mg.ones(5, 2, 3))
    with pytest.raises(TypeError, match="dx must be a number"):
        mg.trapezoid(y, dx="1")


# ---- cummax, cummin, logcumsumexp -----------------------------------------------------------
@SOME
@given(shape=shapes, seed=seeds)
def test_running_gradients(shape, seed):
    rng = np.random.default_rng(seed)
    dim = int(rng.integers(-len(shape), len(shape))) if shape else 0
    x = distinct(rng, shape) if shape else rng.normal(size=())
    check(lambda t: mg.cummax(t, dim).values, x)
    check(lambda t: t.cummin(dim)[0], x)
    check(lambda t: mg.logcumsumexp(t, dim), rng.normal(size=shape) * 3)


def test_cummax_and_cummin_as_pytorch():
    values, indices = mg.cummax(mg.tensor([1.0, 3.0, 3.0, 2.0, 5.0, np.nan, 1.0]), 0)
    close(values, [1.0, 3.0, 3.0, 3.0, 5.0, np.nan, np.nan])
    assert indices.tolist() == [0, 1, 2, 2, 4, 5, 5] and indices.dtype == np.int64
    values, indices = mg.tensor([1.0, 3.0, 0.0, 0.0, 5.0, np.nan, 1.0]).cummin(0)
    close(values, [1.0, 1.0, 0.0, 0.0, 0.0, np.nan, np.nan])
    assert indices.tolist() == [0, 0, 2, 3, 3, 5, 5]
    x = mg.tensor([1.0, 3.0, 3.0, 2.0, 5.0, 1.0], requires_grad=True)
    mg.cummax(x, 0).values.sum().backward()
    close(x.grad, [1.0, 1.0, 2.0, 0.0, 2.0, 0.0])  # to the positions the values came from
    assert mg.cummax(mg.ones(2, 3, dtype=mg.int32), 1).values.dtype == np.int32
    assert mg.cummin(mg.tensor(2.0), 0).indices.item() == 0
    with pytest.raises(TypeError, match="one int"):
        mg.cummax(x, (0,))
    with pytest.raises(ShapeError, match="out of range"):
        mg.cummin(x, 1)


def test_logcumsumexp_as_pytorch():
    x = mg.tensor([1.0, 3.0, 2.0, 5.0, 4.0], requires_grad=True)
    z = mg.logcumsumexp(x, 0)
    z.backward(mg.tensor([1.0, -2.0, 0.5, 1.0, 3.0]))
    assert z.dtype == np.float32
    close(z, [1.0, 3.1269281, 3.4076059, 5.1851826, 5.4519143])
    close(x.grad, [0.8567976, -1.0581306, 0.2587897, 2.7401783, 0.702365], rtol=1e-5)
    big = mg.logcumsumexp(mg.tensor([-np.inf, 1000.0, 1.0, np.inf, 2.0]), 0)
    close(big, [-np.inf, 1000.0, 1000.0, np.inf, np.inf])  # no overflow
    x = mg.tensor([-np.inf, 0.0, 1.0], requires_grad=True)
    x.logcumsumexp(0).sum().backward()
    close(x.grad, [np.nan, 1.2689414, 0.7310585])  # NaN at -inf, as PyTorch's formula
    assert mg.logcumsumexp(mg.ones(2, dtype=mg.float16), 0).dtype == np.float16
    with pytest.raises(DTypeError, match="floating"):
        mg.logcumsumexp(mg.tensor([1, 2]), 0)


# ---- rot90 and renorm -------------------------------------------------------------------
def test_rot90_as_pytorch():
    a = mg.arange(6).reshape(2, 3)
    assert mg.rot90(a).tolist() == [[2, 5], [1, 4], [0, 3]]
    assert a.rot90(-1).tolist() == [[3, 0], [4, 1], [5, 2]]
    assert mg.rot90(a, 2).tolist() == [[5, 4, 3], [2, 1, 0]]
    assert mg.rot90(a, 3, [1, 0]).tolist() == mg.rot90(a).tolist()
    assert mg.rot90(a, 4).tolist() == a.tolist()
    with pytest.raises(ValueError, match="different"):
        mg.rot90(a, 1, (0, -2))
    with pytest.raises(ValueError, match="two axes"):
        mg.rot90(a, 1, (0,))
    with pytest.raises(ShapeError, match="at least 2 axes"):
        mg.rot90(mg.ones(3))
    with pytest.raises(TypeError, match="k must be an int"):
        mg.rot90(a, 1.0)


@SOME
@given(seed=seeds)
def test_rot90_and_renorm_gradients(seed):
    rng = np.random.default_rng(seed)
    for k in (-1, 1, 2, 3):
        check(lambda x, k=k: mg.rot90(x, k, (2, 0)), rng.normal(size=(2, 3, 2)))
    x = rng.normal(size=(3, 2, 2)) * 2
    check(lambda t: t.renorm(2, 0, 1.5), x)
    check(lambda t: mg.renorm(t, 1, -1, 2.0), x)


def test_renorm_as_pytorch():
    x = mg.tensor([[1.0, 2.0], [3.0, 4.0], [0.3, 0.1]], requires_grad=True)
    z = mg.renorm(x, 1, 0, 2.0)
    z.backward(mg.tensor([[1.0, -1.0], [2.0, 0.5], [1.0, 1.0]]))
    close(z, [0.6666667, 1.3333334, 0.8571429, 1.1428572, 0.3, 0.1])
    close(x.grad, [0.8888888, -0.4444444, 0.244898, -0.1836735, 1.0, 1.0], rtol=1e-5)
    with pytest.raises(DTypeError, match="floating"):
        mg.renorm(mg.ones(2, 2, dtype=mg.int64), 2, 0, 1.0)
    with pytest.raises(ShapeError, match="at least 2 axes"):
        mg.renorm(mg.ones(3), 2, 0, 1.0)
    with pytest.raises(ValueError, match="p must be positive"):
        mg.renorm(x, 0, 0, 1.0)
    with pytest.raises(ValueError, match="maxnorm"):
        mg.renorm(x, 2, 0, -1.0)
    with pytest.raises(ShapeError, match="out of range"):
        mg.renorm(x, 2, 5, 1.0)


# ---- minigrad.special -------------------------------------------------------------------
X = [-2.0, -0.5, 0.0, 0.75, 3.0]
SPECIAL = {  # value, gradient of the sum (PyTorch 2.13, float32)
    "erfc": ([1.9953222, 1.5204999, 1.0, 0.2888444, 2.21e-05],
             [-0.020667, -0.8787826, -1.1283792, -0.6429312, -0.0001393]),
    "sinc": ([0.0, 0.6366197, 1.0, 0.3001054, 0.0], [-0.5, 1.2732396, 0.0, -1.3429495,
                                                      -0.3333333]),
    "exp2": ([0.25, 0.7071068, 1.0, 1.6817929, 8.0],
             [0.1732868, 0.4901291, 0.6931472, 1.16573, 5.5451775]),
    "ndtr": ([0.0227501, 0.3085375, 0.5, 0.7733727, 0.9986501],
             [0.053991, 0.3520653, 0.3989423, 0.3011374, 0.0044319]),
    "entr": ([-np.inf, -np.inf, 0.0, 0.2157616, -3.2958369],
             [np.nan, np.nan, np.inf, -0.7123179, -2.0986123]),
}


@pytest.mark.parametrize("name", list(SPECIAL))
def test_special_values_and_gradients_as_pytorch(name):
    x = mg.tensor(X, requires_grad=True)
    z = getattr(mg.special, name)(x)
    with np.errstate(all="ignore"):
        z.sum().backward()
    assert z.dtype == np.float32
    close(z, SPECIAL[name][0], rtol=1e-5, atol=1e-7)
    close(x.grad, SPECIAL[name][1], rtol=1e-5, atol=1e-7)
    assert getattr(mg.special, name)(mg.tensor([1, 2])).dtype == np.float32


@SOME
@given(shape=shapes, seed=seeds)
def test_special_gradients(shape, seed):
    rng = np.random.default_rng(seed)
    for name in ("erfc", "sinc", "exp2", "ndtr"):
        check(getattr(mg.special, name), rng.normal(size=shape))
    check(mg.special.entr, rng.uniform(0.2, 2.0, shape))
    check(mg.special.xlog1py, rng.normal(size=shape), rng.uniform(-0.5, 2.0, shape))
    zeros = mg.Tensor(np.zeros(shape), requires_grad=True)
    assert mg.gradcheck(mg.special.sinc, (zeros,))  # the limit at 0 (first order)


def test_xlog1py_as_pytorch():
    x = mg.tensor([0.0, 0.5, 2.0], requires_grad=True)
    y = mg.tensor([-0.5, 0.0, 1.0], requires_grad=True)
    z = mg.special.xlog1py(x, y)
    z.sum().backward()
    close(z, [0.0, 0.0, 1.3862944])
    close(x.grad, [-0.6931472, 0.0, 0.6931472])
    close(y.grad, [0.0, 0.5, 1.0])


def test_special_aliases_and_the_names_it_lacks():
    assert mg.special.expit is mg.sigmoid
    assert mg.special.logit is mg.logit and mg.special.xlogy is mg.xlogy
    close(mg.special.round(mg.tensor([1.25, 2.5]), 1), [1.2, 2.5])
    with pytest.raises(DTypeError, match="floating"):
        mg.special.round(mg.tensor([1, 2]))  # torch.special.round refuses (torch.round not)
    close(mg.special.logsumexp(mg.tensor([[0.0, 0.0]]), 1), [np.log(2.0)])
    close(mg.special.softmax(mg.tensor([0.0, 0.0]), 0), [0.5, 0.5])
    with pytest.raises(AttributeError, match="torch.special.gammaln is a PyTorch name"):
        mg.special.gammaln  # noqa: B018
    with pytest.raises(AttributeError, match="has no attribute 'nonsense'"):
        mg.special.nonsense  # noqa: B018
