"""The activation functions of ops/activations.py and ops/activations_more.py, as
functions (minigrad.nn.functional, mg.selu): leaky_relu, elu, selu, gelu (exact and
tanh), silu, mish, softplus (beta, threshold), logsigmoid, hardtanh, relu6.
(inplace=True: test_activations_inplace.py; the modules: test_nn_activations.py.)

Gradients are checked in float64 (gradcheck and gradgradcheck) on 0-d and larger
shapes and through broadcasting, away from the kinks; at the kinks, at the
thresholds and at +-1e4, values and gradients are compared with literals taken
from PyTorch 2.13, as are the dtype rules.
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
import minigrad.nn.functional as F
from minigrad.errors import DTypeError

FUNCTIONS = {
    "leaky_relu": F.leaky_relu,
    "leaky_relu(-0.2)": lambda x: F.leaky_relu(x, -0.2),
    "elu": F.elu,
    "elu(0.5)": lambda x: F.elu(x, 0.5),
    "selu": mg.selu,
    "gelu": F.gelu,
    "gelu(tanh)": lambda x: F.gelu(x, approximate="tanh"),
    "silu": F.silu,
    "mish": F.mish,
    "softplus": F.softplus,
    "softplus(2, 1)": lambda x: F.softplus(x, 2, 1),
    "hardtanh": F.hardtanh,
    "hardtanh(-2, 6)": lambda x: F.hardtanh(x, -2.0, 6.0),
    "relu6": F.relu6,
    "logsigmoid": F.logsigmoid,
}
# Where each is not differentiable (kinks, and softplus's switch to the line z = x)
KINKS = {"hardtanh": (-1.0, 1.0), "hardtanh(-2, 6)": (-2.0, 6.0), "relu6": (0.0, 6.0),
         "softplus(2, 1)": (0.5,)}


def draw(rng, shape, name):
    """Values in [-3, 8) at least 0.15 from a kink of `name` (0 for every piecewise one)."""
    x = rng.uniform(-3.0, 8.0, shape)
    for kink in KINKS.get(name, ()) + (0.0,):
        near = np.abs(x - kink) < 0.15
        x = np.where(near, kink + 0.3, x)
    return x


@pytest.mark.parametrize("name", list(FUNCTIONS))
@SOME
@given(shape=shapes, seed=seeds)
def test_gradients(name, shape, seed):
    check(FUNCTIONS[name], draw(np.random.default_rng(seed), shape, name))


@pytest.mark.parametrize("name", list(FUNCTIONS))
@SOME
@given(pair=shape_pairs, seed=seeds)
def test_gradients_through_broadcasting(name, pair, seed):
    rng = np.random.default_rng(seed)
    sx, sy = pair.input_shapes
    x, y = draw(rng, sx, name), draw(rng, sy, name)
    check(lambda a, b: FUNCTIONS[name](a + 0.5 * b), x, y)


def test_a_0d_tensor_gives_a_0d_tensor():
    for name, f in FUNCTIONS.items():
        x = mg.tensor(0.75, requires_grad=True)
        y = f(x)
        y.backward()
        assert y.shape == () and x.grad.shape == (), name


# ---- values and gradients at the kinks and the extremes, from PyTorch ---------------
POINTS = [-1e4, -2.5, -1.0, -0.0, 0.0, 0.5, 1.0, 6.0, 20.0, 20.5, 1e4]
EXPECTED = {  # name: (values, gradients) at POINTS, from PyTorch 2.13 (float64)
    "leaky_relu": (
        [-100.0, -0.025, -0.01, -0.0, 0.0, 0.5, 1.0, 6.0, 20.0, 20.5, 10000.0],
        [0.01, 0.01, 0.01, 0.01, 0.01, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
    ),
    "leaky_relu(-0.2)": (
        [2000.0, 0.5, 0.2, 0.0, -0.0, 0.5, 1.0, 6.0, 20.0, 20.5, 10000.0],
        [-0.2, -0.2, -0.2, -0.2, -0.2, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
    ),
    "elu": (
        [-1.0, -0.9179150013761013, -0.6321205588285577, -0.0, 0.0, 0.5, 1.0, 6.0, 20.0,
         20.5, 10000.0],
        [0.0, 0.0820849986238988, 0.36787944117144233, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
         1.0],
    ),
    "elu(0.5)": (
        [-0.5, -0.45895750068805063, -0.31606027941427883, -0.0, 0.0, 0.5, 1.0, 6.0, 20.0,
         20.5, 10000.0],
        [0.0, 0.0410424993119494, 0.18393972058572117, 0.5, 0.5, 1.0, 1.0, 1.0, 1.0, 1.0,
         1.0],
    ),
    "selu": (
        [-1.7580993408473766, -1.6137857588732425, -1.1113307378125625, -0.0, 0.0,
         0.5253504936777402, 1.0507009873554805, 6.304205924132883, 21.014019747109607,
         21.53937024078735, 10507.009873554805],
        [0.0, 0.1443135819741343, 0.646768603034814, 1.7580993408473766,
         1.7580993408473766, 1.0507009873554805, 1.0507009873554805, 1.0507009873554805,
         1.0507009873554805, 1.0507009873554805, 1.0507009873554805],
    ),
    "gelu": (
        [-0.0, -0.015524163314440398, -0.15865525393145702, -0.0, 0.0, 0.34573123063700656,
         0.841344746068543, 5.999999994080474, 20.0, 20.5, 10000.0],
        [0.0, -0.03761108590814519, -0.08331547058768635, 0.5, 0.5, 0.8674951246561629,
         1.0833154705876864, 1.0000000354687093, 1.0, 1.0, 1.0],
    ),
    "gelu(tanh)": (
        [-0.0, -0.015084266089998577, -0.15880800939172324, -0.0, 0.0, 0.34571400982514394,
         0.8411919906082768, 5.9999999999156035, 20.0, 20.5, 10000.0],
        [0.0, -0.03795157621266618, -0.08296408384578252, 0.5, 0.5, 0.8673699035346424,
         1.0829640838457826, 1.0000000007709977, 1.0, 1.0, 1.0],
    ),
    "silu": (
        [-0.0, -0.18964545005310887, -0.2689414213699951, -0.0, 0.0, 0.3112296656009273,
         0.7310585786300049, 5.985164261060192, 19.999999958776925, 20.499999974371867,
         10000.0],
        [-0.0, -0.09940111134152683, 0.07232948812851325, 0.5, 0.5, 0.7399611873026519,
         0.9276705118714869, 1.0123264325915249, 1.0000000391619202, 1.000000024377981,
         1.0],
    ),
    "mish": (
        [-0.0, -0.19681620390653337, -0.30340146137410895, -0.0, 0.0, 0.3752452113048951,
         0.8650983882673103, 5.999926634065252, 20.0, 20.5, 10000.0],
        [0.0, -0.10974357275018566, 0.059216755877395014, 0.6, 0.6, 0.8864243753577272,
         1.0490362200997922, 1.00013414050621, 1.0, 1.0, 1.0],
    ),
    "softplus": (
        [0.0, 0.07888973429254963, 0.31326168751822286, 0.6931471805599453,
         0.6931471805599453, 0.9740769841801067, 1.3132616875182228, 6.00247568513773,
         20.000000002061153, 20.5, 10000.0],
        [0.0, 0.07585818002124356, 0.2689414213699951, 0.5, 0.5, 0.6224593312018546,
         0.7310585786300049, 0.9975273768433652, 0.9999999979388464, 1.0, 1.0],
    ),
    "softplus(2, 1)": (
        [0.0, 0.003357674244559034, 0.06346400552148625, 0.34657359027997264,
         0.34657359027997264, 0.6566308437591114, 1.0, 6.0, 20.0, 20.5, 10000.0],
        [0.0, 0.006692850924284856, 0.11920292202211755, 0.5, 0.5, 0.7310585786300049, 1.0,
         1.0, 1.0, 1.0, 1.0],
    ),
    "hardtanh": (
        [-1.0, -1.0, -1.0, -0.0, 0.0, 0.5, 1.0, 1.0, 1.0, 1.0, 1.0],
        [0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    ),
    "hardtanh(-2, 6)": (
        [-2.0, -2.0, -1.0, -0.0, 0.0, 0.5, 1.0, 6.0, 6.0, 6.0, 6.0],
        [0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0],
    ),
    "relu6": (
        [0.0, 0.0, 0.0, -0.0, 0.0, 0.5, 1.0, 6.0, 6.0, 6.0, 6.0],
        [0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0],
    ),
    "logsigmoid": (
        [-10000.0, -2.5788897342925496, -1.3132616875182228, -0.6931471805599453,
         -0.6931471805599453, -0.4740769841801067, -0.31326168751822286,
         -0.0024756851377304495, -2.061153620314381e-09, -1.2501528656053017e-09, 0.0],
        [1.0, 0.9241418199787564, 0.7310585786300049, 0.5, 0.5, 0.37754066879814546,
         0.2689414213699951, 0.0024726231566347748, 2.0611536181902033e-09,
         1.2501528648238605e-09, 0.0],
    ),
}

@pytest.mark.parametrize("name", list(EXPECTED))
def test_values_and_gradients_at_kinks_and_extremes_as_pytorch(name):
    """0 (where leaky_relu, elu and selu take the left slope, hardtanh and relu6 slope 0),
    the bounds of hardtanh and relu6 (slope 0), softplus's threshold (20: still the
    curve; 20.5: the line z = x, slope exactly 1) and +-1e4 (finite everywhere)."""
    x = mg.tensor(np.array(POINTS), requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow on the way
        y = FUNCTIONS[name](x)
        y.sum().backward()
    values, grads = EXPECTED[name]
    assert y.dtype == np.float64 and np.isfinite(y.numpy()).all()
    np.testing.assert_allclose(y.numpy(), values, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(x.grad.numpy(), grads, rtol=1e-12, atol=1e-300)


def test_logsigmoid_is_not_log_of_sigmoid():
    """log(sigmoid(-1e4)) is log(0) = -inf; logsigmoid(-1e4) is -1e4, slope 1 (PyTorch)."""
    x = mg.tensor([-1e4, -800.0, 800.0, 1e4], requires_grad=True)
    y = F.logsigmoid(x)
    y.sum().backward()
    np.testing.assert_allclose(y.numpy(), [-1e4, -800.0, 0.0, 0.0], atol=0)
    np.testing.assert_allclose(x.grad.numpy(), [1.0, 1.0, 0.0, 0.0], atol=0)
    assert np.isfinite(F.logsigmoid(mg.tensor([-1e4, 1e4])).numpy()).all()  # float32 too


def test_softplus_linear_region_uses_beta_times_x():
    """The switch is at beta * x > threshold (PyTorch), not at x > threshold."""
    x = mg.tensor([4.0, 6.0], dtype=np.float64, requires_grad=True)
    y = F.softplus(x, beta=2.0, threshold=10.0)  # 2 * 4 = 8: the curve; 2 * 6 = 12: the line
    y.sum().backward()
    np.testing.assert_allclose(y.numpy(), [4.000167703186448, 6.0], rtol=1e-14)
    np.testing.assert_allclose(x.grad.numpy(), [0.9996646498695335, 1.0], rtol=1e-14)


def test_nan_passes():
    """NaN in, NaN out. Gradients at NaN: leaky_relu's slope (PyTorch), NaN for the
    smooth ones, elu and selu, 0 for hardtanh and relu6 (PyTorch's for long tensors:
    its loops for short ones give 1 there)."""
    grads = {"leaky_relu": 0.01, "leaky_relu(-0.2)": -0.2, "hardtanh": 0.0,
             "hardtanh(-2, 6)": 0.0, "relu6": 0.0}
    for name, f in FUNCTIONS.items():
        x = mg.tensor([np.nan, 1.5], dtype=np.float64, requires_grad=True)
        y = f(x)
        y.sum().backward()
        assert np.isnan(y.numpy()[0]) and not np.isnan(y.numpy()[1]), name
        g = x.grad.numpy()[0]
        assert (g == grads[name]) if name in grads else np.isnan(g), (name, g)


def test_infinities_as_pytorch():
    """At +-inf: the limits where PyTorch has them (elu(-inf) = -1, softplus(-inf) = 0,
    logsigmoid(-inf) = -inf), NaN where x * (something that is 0 there) is inf * 0."""
    x = mg.tensor([-np.inf, np.inf], dtype=np.float64)
    expect = {"leaky_relu": [-np.inf, np.inf], "elu": [-1.0, np.inf], "gelu": [np.nan, np.inf],
              "gelu(tanh)": [np.nan, np.inf], "silu": [np.nan, np.inf], "mish": [np.nan, np.inf],
              "softplus": [0.0, np.inf], "hardtanh": [-1.0, 1.0], "relu6": [0.0, 6.0],
              "logsigmoid": [-np.inf, 0.0]}
    for name, values in expect.items():
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # and quietly, as PyTorch
            y = FUNCTIONS[name](x)
        np.testing.assert_array_equal(y.numpy(), values, err_msg=name)


# ---- dtypes --------------------------------------------------------------------------
HALF_POINTS = [-3.0, -0.5, 0.0, 1.5, 7.0]
HALF = {  # name: (values, gradients) at HALF_POINTS in float16, from PyTorch 2.13
    "leaky_relu": ([-0.029998779296875, -0.005001068115234375, 0.0, 1.5, 7.0],
        [0.01000213623046875, 0.01000213623046875, 0.01000213623046875, 1.0, 1.0]),
    "elu": ([-0.9501953125, -0.3935546875, 0.0, 1.5, 7.0],
        [0.049774169921875, 0.6064453125, 1.0, 1.0, 1.0]),
    "selu": ([-1.6708984375, -0.69189453125, 0.0, 1.576171875, 7.35546875],
        [0.0875244140625, 1.06640625, 1.7578125, 1.05078125, 1.05078125]),
    "gelu": ([-0.00405120849609375, -0.154296875, 0.0, 1.3994140625, 7.0],
        [-0.0119476318359375, 0.1324462890625, 0.5, 1.1279296875, 1.0]),
    "gelu(tanh)": ([-0.0036373138427734375, -0.154296875, 0.0, 1.3994140625, 7.0],
        [-0.0115814208984375, 0.1326904296875, 0.5, 1.1279296875, 1.0]),
    "silu": ([-0.142333984375, -0.188720703125, 0.0, 1.2265625, 6.9921875],
        [-0.08807373046875, 0.260009765625, 0.5, 1.041015625, 1.005859375]),
    "mish": ([-0.1456298828125, -0.220703125, 0.0, 1.4033203125, 7.0],
        [-0.0933837890625, 0.28955078125, 0.60009765625, 1.0888671875, 1.0]),
    "softplus": ([0.048583984375, 0.47412109375, 0.693359375, 1.701171875, 7.0],
        [0.04742431640625, 0.37744140625, 0.5, 0.8173828125, 0.9990234375]),
    "hardtanh": ([-1.0, -0.5, 0.0, 1.0, 1.0],
        [0.0, 1.0, 1.0, 0.0, 0.0]),
    "relu6": ([0.0, 0.0, 0.0, 1.5, 6.0],
        [0.0, 0.0, 0.0, 1.0, 0.0]),
    "logsigmoid": ([-3.048828125, -0.97412109375, -0.693359375, -0.201416015625,
                    -0.0009112358093261719],
        [0.95263671875, 0.62255859375, 0.5, 0.1824951171875, 0.0009107589721679688]),
}

@pytest.mark.parametrize("name", list(HALF))
def test_float16_stays_float16_with_pytorchs_values(name):
    """Computed in float32 and rounded once; gradients rounded to float16 by the engine."""
    x = mg.tensor(np.array(HALF_POINTS, dtype=np.float16), requires_grad=True)
    y = FUNCTIONS[name](x)
    y.sum().backward()
    assert y.dtype == np.float16 and x.grad.dtype == np.float16
    values, grads = HALF[name]
    np.testing.assert_allclose(y.numpy(), values, rtol=2e-3, atol=1e-5)
    np.testing.assert_allclose(x.grad.numpy(), grads, rtol=1e-2, atol=1e-3)


def test_float16_backward_does_not_overflow():
    """1e4 * 1e4 is inf in float16: gelu's backward at 1e4 must still give 1, as PyTorch."""
    x = mg.tensor(np.array([1e4, -1e4], dtype=np.float16), requires_grad=True)
    for f in (F.gelu, lambda t: F.gelu(t, approximate="tanh"), F.silu, F.mish):
        x.grad = None
        f(x).sum().backward()
        np.testing.assert_array_equal(x.grad.numpy(), [1.0, 0.0])


@pytest.mark.parametrize("name", list(FUNCTIONS))
def test_float32_stays_float32(name):
    x = mg.tensor([-1.5, 0.25, 3.0], requires_grad=True)
    y = FUNCTIONS[name](x)
    y.sum().backward()
    assert y.dtype == np.float32 and x.grad.dtype == np.float32


@pytest.mark.parametrize("name", ["leaky_relu", "elu", "selu", "gelu", "silu", "mish",
                                  "softplus", "logsigmoid"])
@pytest.mark.parametrize("dtype", [np.int64, np.uint8, np.bool_])
def test_integers_and_bools_are_refused_as_pytorch(name, dtype):
    x = mg.tensor(np.array([1, 0], dtype=dtype))
    raises(DTypeError, lambda: FUNCTIONS[name](x), name.split("(")[0], "floating", str(x.dtype))


def test_hardtanh_and_relu6_keep_integers_as_pytorch():
    x = mg.tensor([-3, 0, 2, 9])
    assert F.relu6(x).dtype == np.int64 and F.relu6(x).tolist() == [0, 0, 2, 6]
    assert F.hardtanh(x, -1.5, 1.5).tolist() == [-1, 0, 1, 1]  # bounds truncated, as PyTorch
    small = mg.tensor(np.array([-3, 0, 9], dtype=np.int8))
    assert F.relu6(small).dtype == np.int8 and F.relu6(small).tolist() == [0, 0, 6]
    unsigned = mg.tensor(np.array([5, 9], dtype=np.uint8))
    assert F.relu6(unsigned).tolist() == [5, 6]
    raises(ValueError, lambda: F.hardtanh(unsigned), "Hardtanh", "unsigned", "negative")
    raises(TypeError, lambda: F.hardtanh(mg.tensor([True, False])), "Hardtanh", "bool")
    raises(TypeError, lambda: F.relu6(mg.tensor([True])), "Relu6", "bool")


# ---- arguments -----------------------------------------------------------------------
def test_bad_arguments_get_clear_errors():
    x = mg.tensor([0.5])
    raises(ValueError, lambda: F.gelu(x, approximate="fast"), "gelu", "'none' or 'tanh'",
           "'fast'")
    raises(ValueError, lambda: F.hardtanh(x, 2.0, 1.0), "hardtanh", "min_val (2.0)",
           "max_val (1.0)")
    np.testing.assert_array_equal(F.hardtanh(mg.tensor([0.5, 3.0]), 1.0, 1.0).numpy(), [1, 1])


def test_params_are_recorded_for_the_pictures():
    x = mg.tensor([0.5, -1.0], requires_grad=True)
    assert dict(F.leaky_relu(x, 0.2).grad_fn.params) == {"negative_slope": 0.2}
    assert dict(F.elu(x, 0.5).grad_fn.params) == {"alpha": 0.5}
    assert dict(F.gelu(x, approximate="tanh").grad_fn.params) == {"approximate": "tanh"}
    assert dict(F.softplus(x, 2, 10).grad_fn.params) == {"beta": 2.0, "threshold": 10.0}
    assert dict(F.hardtanh(x).grad_fn.params) == {"min_val": -1.0, "max_val": 1.0}
    assert F.selu(x).grad_fn.name == "Selu" and F.relu6(x).grad_fn.name == "Relu6"


def test_nothing_passed_in_is_changed():
    data = np.array([-1.0, 0.0, 2.0])
    x = mg.tensor(data.copy(), requires_grad=True)
    for f in FUNCTIONS.values():
        f(x).sum().backward()
    np.testing.assert_array_equal(x.numpy(), data)


def test_lists_are_accepted_like_the_other_ops():
    assert F.gelu([1.0, -1.0]).dtype == np.float32
    raises(DTypeError, lambda: F.gelu([1, 2]), "gelu", "int64")


def test_torch_top_level_names():
    """torch.selu exists (so mg.selu); torch.gelu, torch.silu, ... do not."""
    assert mg.selu is not None
    for name in ("gelu", "silu", "leaky_relu", "elu", "softplus", "hardtanh", "mish"):
        assert not hasattr(mg, name)


def test_softplus_op_without_threshold_is_what_bce_uses():
    """The Softplus op's default has no linear region: either.softplus (used by BCE's
    recorded backward) computes the same for arrays and for Tensors."""
    from minigrad.ops import either
    from minigrad.ops.activations import Softplus

    x = np.array([25.0, -3.0, 0.0])
    np.testing.assert_array_equal(Softplus.apply(mg.tensor(x)).numpy(), either.softplus(x))
    assert Softplus.apply(mg.tensor(x)).numpy()[0] != 25.0  # 25 + 1.4e-11: no line z = x


def test_calculate_gain_as_pytorch():
    gain = mg.nn.init.calculate_gain
    assert gain("leaky_relu") == pytest.approx(1.4141428569978354, rel=1e-15)
    assert gain("leaky_relu", 0.2) == pytest.approx(1.3867504905630728, rel=1e-15)
    assert gain("leaky_relu", 0) == pytest.approx(math.sqrt(2.0), rel=1e-15)
    assert gain("selu") == 0.75
