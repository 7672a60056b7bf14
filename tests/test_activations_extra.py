"""hardsigmoid, hardswish, threshold, celu, softsign, tanhshrink, softmin and glu
(ops/activations_hard.py, functional/activations_extra.py) and their modules
(nn/activations_extra.py).

Values and gradients (at the kinks too) compared with literals from PyTorch 2.13;
float64 gradient and second-gradient checks, near the kinks but not on them; float32
kept; inplace=; the reprs; and every error.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from op_strategies import check, seeds

import minigrad as mg
import minigrad.functional as F
from minigrad import nn
from minigrad.errors import DTypeError, InplaceError, ShapeError

POINTS = [-3., 3., -4., 4., 0., 1.5, -1.5]
# (values, gradient of the sum) at POINTS, from PyTorch 2.13
TORCH = {
    "hardswish": (F.hardswish, [-0.0, 3.0, -0.0, 4.0, 0.0, 1.125, -0.375],
                  [0.0, 1.0, 0.0, 1.0, 0.5, 1.0, 0.0]),
    "hardsigmoid": (F.hardsigmoid, [0.0, 1.0, 0.0, 1.0, 0.5, 0.75, 0.25],
                    [0.0, 0.0, 0.0, 0.0, 0.1666666716, 0.1666666716, 0.1666666716]),
    "threshold": (lambda x: F.threshold(x, 1.5, -2.0), [-2.0, 3.0, -2.0, 4.0, -2.0, -2.0, -2.0],
                  [0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0]),
    "celu": (lambda x: F.celu(x, 2.0),
             [-1.5537396797, 3.0, -1.7293294335, 4.0, 0.0, 1.5, -1.0552668945],
             [0.2231301601, 1.0, 0.1353352832, 1.0, 1.0, 1.0, 0.4723665527]),
    "softsign": (F.softsign, [-0.75, 0.75, -0.8, 0.8, 0.0, 0.6, -0.6],
                 [0.0625, 0.0625, 0.04, 0.04, 1.0, 0.16, 0.16]),
    "tanhshrink": (F.tanhshrink, [-2.0049452463, 2.0049452463, -3.0006707003, 3.0006707003,
                                  0.0, 0.5948517464, -0.5948517464],
                   [0.9901339628, 0.9901339628, 0.9986590493, 0.9986590493, 0.0,
                    0.8192933611, 0.8192933611]),
}


@pytest.mark.parametrize("name", list(TORCH))
def test_values_and_gradients_at_the_kinks_match_torch(name):
    fn, values, grads = TORCH[name]
    x = mg.tensor(POINTS, dtype=mg.float64, requires_grad=True)
    y = fn(x)
    y.sum().backward()
    np.testing.assert_allclose(y.detach().numpy(), values, atol=1e-9)
    np.testing.assert_allclose(x.grad.numpy(), grads, atol=1e-9)


# near the kinks (-3, 3 for the hard ones, 1.5 for threshold, 0 for celu), not on them
NEAR = [-3.2, -2.9, 2.8, 3.1, 1.3, 1.7, -0.2, 0.3, -5.0, 5.0]


@pytest.mark.parametrize("name", list(TORCH))
def test_gradcheck_near_the_kinks(name):
    check(TORCH[name][0], np.array(NEAR))


@settings(max_examples=10, deadline=None)
@given(seeds, st.sampled_from([(), (3,), (2, 4), (2, 2, 3)]))
def test_gradcheck_random_shapes(seed, shape):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-5, 5, size=shape)
    x = np.where(np.abs(np.abs(x) - 3) < 0.05, x + 0.2, x)  # away from the kinks
    x = np.where(np.abs(x - 1.5) < 0.05, x + 0.2, x)
    for name in TORCH:
        check(TORCH[name][0], x)
    if len(shape) >= 1:
        check(lambda t: F.softmin(t, dim=-1), x)
        if shape[0] % 2 == 0:
            check(lambda t: F.glu(t, dim=0), x)


def test_softmin_and_glu_match_torch():
    data = [[1., -2., 0.5], [3., 0.25, -1.]]
    x = mg.tensor(data, dtype=mg.float64, requires_grad=True)
    y = F.softmin(x, 1)
    np.testing.assert_allclose(y.detach().numpy(), [[0.0439864803, 0.8834920740, 0.0725214457],
                                                    [0.0140369038, 0.2195741184, 0.7663889778]],
                               atol=1e-9)
    (y * mg.tensor([[1., 2, 3], [4, 5, 6]], dtype=mg.float64)).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [[0.0452416330, 0.0252104158, -0.0704520487],
                                                [0.0245975974, 0.1651970434, -0.1897946408]],
                               atol=1e-9)
    x.grad = None
    y = F.glu(x, 0)
    np.testing.assert_allclose(y.detach().numpy(), [[0.9525741268, -1.1243530018,
                                                     0.1344707107]], atol=1e-9)
    (y * mg.tensor([[1., 2, 3]], dtype=mg.float64)).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [[0.9525741268, 1.1243530018, 0.8068242641],
                                                [0.0451766597, -0.9845363310, 0.2949178999]],
                               atol=1e-9)
    assert F.glu(mg.randn(2, 6)).shape == (2, 3)
    assert F.softmin(x, 1, dtype=mg.float32).dtype == mg.float32


def test_float32_stays_float32_and_integers_as_torch():
    x = mg.randn(2, 4)
    for name in TORCH:
        assert TORCH[name][0](x).dtype == mg.float32, name
    assert F.softmin(x, 0).dtype == mg.float32 and F.glu(x).dtype == mg.float32
    h = mg.tensor([-3.5, -1.0, 2.0, 4.0], dtype=mg.float16)
    assert F.hardswish(h).dtype == mg.float16 and F.celu(h).dtype == mg.float16
    ints = mg.tensor([1, -2, 5])
    t = F.threshold(ints, 1, 7)
    assert t.dtype == mg.int64 and t.tolist() == [7, 7, 5]
    np.testing.assert_allclose(F.softsign(ints).numpy(), [0.5, -0.6666667, 0.8333333],
                               rtol=1e-6)
    assert F.softsign(ints).dtype == mg.float32
    np.testing.assert_allclose(F.tanhshrink(ints).numpy(), [0.23840582, -1.0359724, 4.0000906],
                               rtol=1e-6)


def test_inplace():
    x = mg.tensor([-4.0, -1.0, 0.5, 3.5], dtype=mg.float64, requires_grad=True)
    for fn in (lambda t, i: F.hardswish(t, i), lambda t, i: F.hardsigmoid(t, i),
               lambda t, i: F.threshold(t, 0.0, 9.0, i), lambda t, i: F.celu(t, 0.5, i)):
        x.grad = None
        fn(x * 2, False).sum().backward()
        want = x.grad.numpy().copy()
        x.grad = None
        h = x * 2
        assert fn(h, True) is h
        h.sum().backward()
        np.testing.assert_allclose(x.grad.numpy(), want, rtol=1e-15)
        with pytest.raises(InplaceError, match="leaf"):
            fn(x, True)
    for module in (nn.Hardswish(True), nn.Hardsigmoid(True), nn.Threshold(0.0, 1.0, True),
                   nn.CELU(1.0, True)):
        t = mg.tensor([-1.0, 2.0])
        assert module(t) is t


def test_module_reprs_and_values():
    assert repr(nn.Hardswish()) == "Hardswish()" and repr(nn.Hardswish(True)) == "Hardswish()"
    assert repr(nn.Hardsigmoid(inplace=True)) == "Hardsigmoid()"
    assert repr(nn.Threshold(0.1, 20)) == "Threshold(threshold=0.1, value=20)"
    assert repr(nn.Threshold(0.1, 20, True)) == "Threshold(threshold=0.1, value=20, inplace=True)"
    assert repr(nn.CELU()) == "CELU(alpha=1.0)"
    assert repr(nn.CELU(2.0, inplace=True)) == "CELU(alpha=2.0, inplace=True)"
    assert repr(nn.Softsign()) == "Softsign()" and repr(nn.Tanhshrink()) == "Tanhshrink()"
    assert repr(nn.Softmin(1)) == "Softmin(dim=1)" and repr(nn.Softmin()) == "Softmin(dim=None)"
    assert repr(nn.GLU()) == "GLU(dim=-1)"
    x = mg.randn(3, 4, dtype=mg.float64)
    pairs = [(nn.Hardswish(), F.hardswish(x)), (nn.Hardsigmoid(), F.hardsigmoid(x)),
             (nn.Threshold(0.2, -1.0), F.threshold(x, 0.2, -1.0)), (nn.CELU(0.5), F.celu(x, 0.5)),
             (nn.Softsign(), F.softsign(x)), (nn.Tanhshrink(), F.tanhshrink(x)),
             (nn.Softmin(1), F.softmin(x, 1)), (nn.GLU(), F.glu(x)), (nn.GLU(0), None)]
    for module, want in pairs[:-1]:
        np.testing.assert_array_equal(module(x).numpy(), want.numpy())
    with pytest.raises(ShapeError, match="even"):
        nn.GLU(0)(x)


def test_errors():
    ints = mg.tensor([1, 2])
    for fn, name in ((F.hardswish, "hardswish"), (F.hardsigmoid, "hardsigmoid"),
                     (F.celu, "celu"), (F.glu, "glu")):
        with pytest.raises(DTypeError, match=name):
            fn(ints)
    with pytest.raises(TypeError, match="bool"):
        F.threshold(mg.tensor([True, False]), 0.5, 1.0)
    with pytest.raises(TypeError, match="threshold must be a number"):
        F.threshold(mg.randn(2), "a", 1.0)
    with pytest.raises(TypeError, match="value must be a number"):
        F.threshold(mg.randn(2), 0.0, None)
    with pytest.raises(ValueError, match="alpha cannot be 0"):
        F.celu(mg.randn(2), 0.0)
    with pytest.raises(TypeError, match="alpha must be a number"):
        F.celu(mg.randn(2), "1")
    with pytest.raises(ShapeError, match="0-d"):
        F.glu(mg.tensor(1.0))
    with pytest.raises(ShapeError, match="dimension 1 of the input .2, 3. has size 3"):
        F.glu(mg.randn(2, 3))
    with pytest.raises(IndexError, match="out of range"):
        F.glu(mg.randn(2, 4), 2)
    with pytest.raises(TypeError, match="dim must be an int"):
        F.glu(mg.randn(2, 4), 1.0)
    with pytest.raises(TypeError, match="needs a Tensor"):
        F.hardswish([1.0, 2.0], inplace=True)
    with pytest.warns(UserWarning):
        F.softmin(mg.randn(2, 3))  # no dim: PyTorch's implicit choice, with a warning


def test_inputs_are_not_modified():
    data = np.array(NEAR)
    x = mg.tensor(data.copy())
    for name in TORCH:
        TORCH[name][0](x)
    F.softmin(x, 0)
    F.glu(x)
    np.testing.assert_array_equal(x.numpy(), data)


def test_threshold_on_integers_converts_its_numbers_as_torch():
    i = mg.tensor([5, 0, -3], dtype=mg.int32)
    assert F.threshold(i, -2.5, 7.9).tolist() == [5, 0, 7]  # -2.5 -> -2, 7.9 -> 7
    u = mg.tensor([5, 0, 200], dtype=mg.uint8)
    assert F.threshold(u, 1.5, 2.5).tolist() == [5, 2, 200]
    for bound, value in ((-3.0, 7.0), (300.0, 1.0), (1.0, 300.0)):
        with pytest.raises(ValueError, match="without overflow"):
            F.threshold(u, bound, value)


def test_glu_of_an_empty_axis():
    assert F.glu(mg.zeros(0)).shape == (0,)
    assert F.glu(mg.zeros(3, 0), dim=1).shape == (3, 0)


def test_threshold_keeps_nan_as_torch():
    x = mg.tensor([np.nan, 1.0], requires_grad=True)
    y = F.threshold(x, 1.5, -2.0)
    y.sum().backward()
    assert np.isnan(y.detach().numpy()[0]) and y.detach().numpy()[1] == -2.0
    np.testing.assert_array_equal(x.grad.numpy(), [1.0, 0.0])
