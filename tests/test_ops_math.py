"""The elementwise math of ops/math.py and ops/rounding.py: sin, cos, tan, log2,
log10, log1p, expm1, square, reciprocal, rsqrt, erf, sign, floor, ceil, round, trunc.

Gradients are checked in float64 (gradcheck and gradgradcheck) on 0-d and
larger shapes and through broadcasting; values, gradients and dtypes are
compared with literals taken from PyTorch 2.13.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from op_strategies import SOME, check, seeds, shape_pairs, shapes
from test_errors import raises

import minigrad as mg
from minigrad import Tensor

# Each op and the values where it is smooth (so that central differences work).
SMOOTH = {
    "sin": "normal", "cos": "normal", "tan": "tan", "log2": "positive", "log10": "positive",
    "log1p": "positive", "expm1": "normal", "square": "normal", "reciprocal": "nonzero",
    "rsqrt": "positive", "erf": "normal",
}


def draw(rng, shape, domain):
    return {
        "normal": lambda: rng.standard_normal(shape) * 1.5,
        "tan": lambda: rng.uniform(-1.2, 1.2, shape),  # away from the poles at ±π/2
        "positive": lambda: rng.uniform(0.3, 3.0, shape),
        "nonzero": lambda: rng.choice([-1.0, 1.0], shape) * rng.uniform(0.3, 2.0, shape),
    }[domain]()


@pytest.mark.parametrize("name", list(SMOOTH))
@SOME
@given(shape=shapes, seed=seeds)
def test_gradients_function_and_method(name, shape, seed):
    x = draw(np.random.default_rng(seed), shape, SMOOTH[name])
    check(getattr(mg, name), x)
    check(lambda t: getattr(t, name)(), x)


@pytest.mark.parametrize("name", list(SMOOTH))
@SOME
@given(pair=shape_pairs, seed=seeds)
def test_gradients_through_broadcasting(name, pair, seed):
    rng = np.random.default_rng(seed)
    sx, sy = pair.input_shapes
    # y > 0 keeps x*y's domain; for tan y <= 1 also keeps |x*y| <= 1.2, away from the
    # poles at ±π/2 (y up to 1.5 put x*y at 1.8, and a seed found a pole)
    x, y = draw(rng, sx, SMOOTH[name]), rng.uniform(0.5, 1.0 if name == "tan" else 1.5, sy)
    check(lambda a, b: getattr(mg, name)(a * b), x, y)


# ---- values and gradients from PyTorch (float32) -----------------------------------
X = [-1.5, -0.25, 0.0, 0.5, 2.0]
P = [0.25, 1.0, 3.0, 10.0]
TORCH = {  # name: (input, torch values, torch gradient of the sum)
    "sin": (X, [-0.997494996, -0.2474039644, 0.0, 0.4794255495, 0.9092974067],
            [0.0707371980, 0.9689124227, 1.0, 0.8775825500, -0.4161468446]),
    "cos": (X, [0.0707371980, 0.9689124227, 1.0, 0.8775825500, -0.4161468446],
            [0.997494996, 0.2474039644, -0.0, -0.4794255495, -0.9092974067]),
    "tan": (X, [-14.1014194489, -0.2553419173, 0.0, 0.5463024974, -2.1850397587],
            [199.8500366211, 1.0651994944, 1.0, 1.2984464169, 5.7743988037]),
    "log1p": (X, [math.nan, -0.2876820862, 0.0, 0.4054650962, 1.0986123085],
              [-2.0, 1.3333333731, 1.0, 0.6666666865, 0.3333333433]),
    "expm1": (X, [-0.7768698335, -0.2211992145, 0.0, 0.6487212777, 6.3890562057],
              [0.2231301665, 0.7788007855, 1.0, 1.6487212181, 7.3890562057]),
    "square": (X, [2.25, 0.0625, 0.0, 0.25, 4.0], [-3.0, -0.5, 0.0, 1.0, 4.0]),
    "reciprocal": (X, [-0.6666666865, -4.0, math.inf, 2.0, 0.5],
                   [-0.4444444776, -16.0, -math.inf, -4.0, -0.25]),
    "erf": (X, [-0.9661051631, -0.2763263881, 0.0, 0.5204998851, 0.9953222871],
            [0.1189302951, 1.0600142479, 1.1283792257, 0.8787826300, 0.0206669867]),
    "log2": (P, [-2.0, 0.0, 1.5849624872, 3.3219280243],
             [5.7707800865, 1.4426950216, 0.4808983505, 0.1442695111]),
    "log10": (P, [-0.60206002, 0.0, 0.4771212637, 1.0],
              [1.7371778488, 0.4342944622, 0.1447648257, 0.0434294455]),
    "rsqrt": (P, [2.0, 1.0, 0.5773502588, 0.3162277639],
              [-4.0, -0.5, -0.0962250382, -0.0158113893]),
}


@pytest.mark.parametrize("name", list(TORCH))
def test_values_and_gradients_match_pytorch(name):
    data, values, grads = TORCH[name]
    x = mg.tensor(data, requires_grad=True)  # float32
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # log1p(-1.5), 1/0: as PyTorch, no error
        z = getattr(mg, name)(x)
        z.sum().backward()
    assert z.dtype == np.float32 and x.grad.dtype == np.float32
    np.testing.assert_allclose(z.numpy(), values, rtol=2e-6, atol=1e-7)
    np.testing.assert_allclose(x.grad.numpy(), grads, rtol=2e-6, atol=1e-7)


def test_erf_is_accurate_in_float64():
    # torch.erf in float64, to the last digit
    x = mg.tensor([1e-10, 0.1, -3.5, 6.0, 0.0, -math.inf, math.nan], dtype=np.float64)
    expected = [1.1283791670955126e-10, 0.1124629160182849, -0.9999992569016276, 1.0, 0.0,
                -1.0, math.nan]
    np.testing.assert_array_equal(mg.erf(x).numpy(), expected)


# ---- dtypes: as PyTorch ---------------------------------------------------------------
FLOAT_VALUED = ["sin", "cos", "tan", "log2", "log10", "log1p", "expm1", "reciprocal", "rsqrt",
                "erf"]
KEEPS_DTYPE = ["square", "sign", "floor", "ceil", "round", "trunc"]


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.uint8, np.float16, np.float64])
def test_dtypes(dtype):
    x = mg.tensor(np.array([0, 1, 2], dtype=dtype))
    for name in FLOAT_VALUED:
        expected = dtype if np.dtype(dtype).kind == "f" else np.float32
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            assert getattr(mg, name)(x).dtype == expected, name
    for name in KEEPS_DTYPE:
        assert getattr(mg, name)(x).dtype == dtype, name


def test_bools():
    mask = mg.tensor([True, False])
    assert mg.sin(mask).dtype == np.float32
    assert mg.square(mask).dtype == np.int64 and mg.square(mask).tolist() == [1, 0]
    assert mg.sign(mask).dtype == np.bool_ and mg.sign(mask).tolist() == [True, False]
    for name in ("floor", "ceil", "round", "trunc"):
        raises(TypeError, lambda n=name: getattr(mg, n)(mask), name, "bool", "astype")


# ---- the step functions -------------------------------------------------------------
def test_round_halves_to_even_and_decimals():
    x = mg.tensor([0.5, 1.5, 2.5, -0.5, -1.5, 2.675])
    assert mg.round(x).tolist() == [0.0, 2.0, 2.0, -0.0, -2.0, 3.0]
    np.testing.assert_array_equal(mg.tensor([2.675, -1.005, 1234.5]).round(decimals=2).numpy(),
                                  np.array([2.68, -1.0, 1234.5], dtype=np.float32))
    assert mg.round(mg.tensor([1250.0, 1350.0, -49.0]), decimals=-2).tolist() == [1200, 1400, 0]
    assert mg.round(mg.tensor([1.25]), decimals=1).grad_fn is None  # no grad asked
    t = mg.tensor([1.25], requires_grad=True)
    assert mg.round(t, decimals=1).grad_fn.params == {"decimals": 1}  # shown in pictures


def test_round_refuses_decimals_on_integers():
    raises(TypeError, lambda: mg.round(mg.tensor([15, 25]), decimals=-1), "round", "int64",
           "decimals=-1", "float")
    raises(TypeError, lambda: mg.round(mg.tensor([1.5]), decimals=0.5), "round", "decimals")
    raises(TypeError, lambda: mg.tensor([15]).round(decimals=0), "round", "decimals=0")
    assert mg.round(mg.tensor([15, 25])).tolist() == [15, 25]


def test_floor_ceil_trunc_sign():
    x = mg.tensor([-1.5, 1.5, -0.0, math.nan, -math.inf])
    assert np.array_equal(mg.floor(x).numpy(), [-2.0, 1.0, -0.0, math.nan, -math.inf],
                          equal_nan=True)
    assert np.array_equal(mg.ceil(x).numpy(), [-1.0, 2.0, -0.0, math.nan, -math.inf],
                          equal_nan=True)
    assert np.array_equal(mg.trunc(x).numpy(), [-1.0, 1.0, -0.0, math.nan, -math.inf],
                          equal_nan=True)
    assert mg.sign(x).tolist() == [-1.0, 1.0, 0.0, 0.0, -1.0]  # NaN -> 0, as PyTorch
    assert mg.sign(mg.tensor([-3, 0, 2])).tolist() == [-1, 0, 1]


@pytest.mark.parametrize("name", ["sign", "floor", "ceil", "round", "trunc"])
def test_step_functions_have_gradient_zero(name):
    x = mg.tensor([-1.5, 0.0, 0.5, 2.0, math.nan], requires_grad=True)
    y = getattr(x, name)()
    y.backward(mg.tensor([1.0, math.inf, math.nan, -2.0, 1.0]))  # zeros, not g * 0
    assert x.grad.tolist() == [0.0] * 5 and x.grad.dtype == np.float32
    # and under create_graph the (constant) gradient of a longer chain is still right
    w = mg.tensor([0.25, 1.25], dtype=np.float64, requires_grad=True)  # away from the steps
    (g,) = mg.grad((getattr(w, name)() + w * w).sum(), [w], create_graph=True)
    assert g.tolist() == [0.5, 2.5]
    assert mg.gradcheck(lambda t: getattr(t, name)() * t, (w,))


# ---- details ------------------------------------------------------------------------
def test_edges_match_pytorch():
    x = mg.tensor([0.0, -0.0, math.inf], dtype=np.float64, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        z = mg.rsqrt(x)
        z.sum().backward()
    assert z.tolist() == [math.inf, -math.inf, 0.0]
    assert x.grad.tolist() == [-math.inf, math.inf, -0.0]
    x = mg.tensor(-1.0, dtype=np.float64, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        mg.log1p(x).backward()
    assert x.grad.item() == math.inf


def test_inputs_are_not_modified():
    for name in SMOOTH.keys() | set(KEEPS_DTYPE):
        data = np.array([0.5, -1.5, 2.5])
        x = Tensor(data)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            getattr(mg, name)(x)
        assert x.numpy().tolist() == [0.5, -1.5, 2.5], name


def test_python_numbers_and_lists():
    assert mg.sin(0.0).dtype == np.float32 and mg.sin(0.0).shape == ()
    assert mg.square([1, 2]).tolist() == [1, 4] and mg.square([1, 2]).dtype == np.int64
