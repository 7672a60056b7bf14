"""Elementwise ops: gradcheck and gradgradcheck in float64 over random shapes.

Shapes come from hypothesis and include 0-d tensors, size-1 axes and
broadcasting. Values are built from a drawn seed so that no example sits on a
point where the op is not differentiable (relu/abs at 0, ties of
maximum/minimum, clip at its bounds, log/sqrt/pow of non-positive numbers).
Shared strategies and `check` live in op_strategies.py.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis.extra import numpy as hnp
from op_strategies import FEW, SOME, away_from_zero, check, seeds, shape_pairs, shapes

import minigrad as mg
from minigrad import Tensor

# ---- elementwise, binary (broadcasting) ----------------------------------------

BINARY = {
    "add": lambda x, y: x + y,
    "sub": lambda x, y: x - y,
    "mul": lambda x, y: x * y,
    "div": lambda x, y: x / y,
    "mg.add": mg.add,
    "mg.sub": mg.sub,
    "mg.mul": mg.mul,
    "mg.div": mg.div,
}


@pytest.mark.parametrize("name", list(BINARY))
@SOME
@given(pair=shape_pairs, seed=seeds)
def test_binary_arithmetic(name, pair, seed):
    rng = np.random.default_rng(seed)
    sx, sy = pair.input_shapes
    check(BINARY[name], rng.standard_normal(sx), away_from_zero(rng, sy))


@SOME
@given(pair=shape_pairs, seed=seeds)
def test_pow_tensor_exponent(pair, seed):
    rng = np.random.default_rng(seed)
    sx, sy = pair.input_shapes
    check(lambda x, y: x**y, rng.uniform(0.5, 2.0, sx), rng.uniform(-2.0, 2.0, sy))


@pytest.mark.parametrize(
    "fn",
    [
        lambda x: x**2,
        lambda x: x**3,
        lambda x: x**-1,
        lambda x: x**0.5,
        lambda x: x.pow(1.5),
        lambda x: 2**x,
        lambda x: 0.5**x,
        lambda x: mg.pow(3.0, x),
    ],
    ids=["x**2", "x**3", "x**-1", "x**0.5", "x.pow(1.5)", "2**x", "0.5**x", "mg.pow(3,x)"],
)
@FEW
@given(shape=shapes, seed=seeds)
def test_pow_with_a_scalar_on_either_side(fn, shape, seed):
    rng = np.random.default_rng(seed)
    check(fn, rng.uniform(0.5, 2.0, shape))


@SOME
@given(shape=shapes, seed=seeds)
def test_integer_power_of_negative_base(shape, seed):
    rng = np.random.default_rng(seed)
    check(lambda x: x**3 + x**2, away_from_zero(rng, shape))


@pytest.mark.parametrize("op", ["maximum", "minimum"])
@SOME
@given(pair=shape_pairs, seed=seeds)
def test_maximum_minimum(op, pair, seed):
    rng = np.random.default_rng(seed)
    sx, sy = pair.input_shapes
    # x on quarter points, y on three-quarter points: never within 0.4 of each other.
    x = rng.integers(-3, 3, sx) + 0.25 + rng.uniform(-0.05, 0.05, sx)
    y = rng.integers(-3, 3, sy) + 0.75 + rng.uniform(-0.05, 0.05, sy)
    check(lambda a, b: getattr(mg, op)(a, b), x, y)
    check(lambda a, b: getattr(a, op)(b), x, y)


@SOME
@given(shapes3=hnp.mutually_broadcastable_shapes(num_shapes=3, max_dims=3, max_side=3), seed=seeds)
def test_where(shapes3, seed):
    rng = np.random.default_rng(seed)
    sc, sx, sy = shapes3.input_shapes
    cond = rng.random(sc) > 0.5
    check(lambda x, y: mg.where(cond, x, y), rng.standard_normal(sx), rng.standard_normal(sy))
    check(lambda x: mg.where(Tensor(cond), x, 0.5), rng.standard_normal(sx))


# ---- elementwise, unary --------------------------------------------------------

UNARY = {
    "neg": (lambda x: -x, "normal"),
    "exp": (lambda x: x.exp(), "normal"),
    "mg.exp": (mg.exp, "normal"),
    "log": (lambda x: x.log(), "positive"),
    "sqrt": (lambda x: x.sqrt(), "positive"),
    "abs": (lambda x: x.abs(), "nonzero"),
    "abs()": (abs, "nonzero"),
    "relu": (lambda x: x.relu(), "nonzero"),
    "relu then square": (lambda x: x.relu() * x, "nonzero"),
    "sigmoid": (lambda x: x.sigmoid(), "normal"),
    "tanh": (lambda x: x.tanh(), "normal"),
    "clone": (lambda x: x.clone() * x, "normal"),
    "astype float64": (lambda x: x.astype(np.float64) * x, "normal"),
}


@pytest.mark.parametrize("name", list(UNARY))
@SOME
@given(shape=shapes, seed=seeds)
def test_unary(name, shape, seed):
    fn, domain = UNARY[name]
    rng = np.random.default_rng(seed)
    x = {
        "normal": lambda: rng.standard_normal(shape) * 2,
        "positive": lambda: rng.uniform(0.3, 3.0, shape),
        "nonzero": lambda: away_from_zero(rng, shape),
    }[domain]()
    check(fn, x)


@FEW
@given(shape=shapes, seed=seeds)
def test_clip(shape, seed):
    rng = np.random.default_rng(seed)
    # Bounds at -1 and 1; values at half-integers, so never on a bound.
    x = rng.integers(-3, 3, shape) + 0.5 + rng.uniform(-0.1, 0.1, shape)
    check(lambda t: t.clip(-1.0, 1.0), x)
    check(lambda t: t.clamp(min=-1.0) * t, x)
    check(lambda t: mg.clip(t, None, 1.0) * t, x)


@FEW
@given(shape=shapes, seed=seeds)
def test_astype_float32_round_trip(shape, seed):
    # float32 in the middle: a coarse eps keeps rounding out of the finite differences.
    rng = np.random.default_rng(seed)
    check(lambda x: (x.astype(np.float32) ** 2).astype(np.float64), rng.uniform(0.5, 2.0, shape),
          eps=1e-3, atol=1e-3, rtol=1e-2)


def test_astype_gradient_has_the_leaf_dtype():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = Tensor(np.array([1.0, 2.0], dtype=np.float32), requires_grad=True)
    (x.astype(np.float32) * 3).sum().backward()
    (y.astype(np.float64) * 3).sum().backward()
    assert x.grad.dtype == np.float64 and x.grad.tolist() == [3.0, 3.0]
    assert y.grad.dtype == np.float32 and y.grad.tolist() == [3.0, 3.0]


# ---- kinks and ties ------------------------------------------------------------


def test_maximum_minimum_split_ties_evenly():
    a = Tensor(np.array([1.0, 2.0, 3.0]), requires_grad=True)
    b = Tensor(np.array([1.0, 5.0, 0.0]), requires_grad=True)
    (mg.maximum(a, b) + 2 * mg.minimum(a, b)).sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), [1.5, 2.0, 1.0])
    np.testing.assert_allclose(b.grad.numpy(), [1.5, 1.0, 2.0])


def test_relu_and_abs_at_zero_have_gradient_zero():
    x = Tensor(np.array([-1.0, 0.0, 2.0]), requires_grad=True)
    x.relu().sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, 1.0]
    x.grad = None
    x.abs().sum().backward()
    assert x.grad.tolist() == [-1.0, 0.0, 1.0]


def test_relu_gives_plus_zero():
    out = Tensor([-2.0, -0.5, 0.0, 3.0]).relu().numpy()
    assert out.tolist() == [0.0, 0.0, 0.0, 3.0]
    assert not np.signbit(out).any()  # no -0.0 to confuse a reader of the printout


# ---- NaN: PyTorch's gradients (values read off PyTorch 2.13) -------------------

NAN = float("nan")


def grads_of(fn, *values):
    """The gradients of fn(*tensors).sum() for float64 tensors made from `values`."""
    xs = [Tensor(np.array(v, dtype=np.float64), requires_grad=True) for v in values]
    fn(*xs).sum().backward()
    return [x.grad.tolist() for x in xs]


def test_relu_passes_the_gradient_of_a_nan():
    # torch.relu's backward zeroes the gradient where x <= 0; NaN is not <= 0
    assert grads_of(mg.relu, [NAN, -1.0, 0.0, 2.0]) == [[1.0, 0.0, 0.0, 1.0]]


def test_abs_has_gradient_zero_at_a_nan():
    assert grads_of(mg.abs, [NAN, -1.0, 0.0, 2.0]) == [[0.0, -1.0, 0.0, 1.0]]


def test_maximum_minimum_give_a_nan_both_gradients():
    # The NaN output depends on both sides, so neither loses: each gets the gradient
    for op in (mg.maximum, mg.minimum):
        gx, gy = grads_of(op, [NAN, NAN, 1.0, 2.0], [NAN, 1.0, NAN, 2.0])
        assert gx == [1.0, 1.0, 1.0, 0.5] and gy == [1.0, 1.0, 1.0, 0.5]
    # a 0-d side broadcast against [nan, 1, 0, -1]: 1 + 0 + 1/2 + 1
    assert grads_of(mg.maximum, 0.0, [NAN, 1.0, 0.0, -1.0]) == [2.5, [1.0, 1.0, 0.5, 0.0]]


def test_clip_and_where_with_nan():
    assert grads_of(lambda x: x.clip(0.0, 1.0), [NAN, -1.0, 0.5, 2.0]) == [[0.0, 0.0, 1.0, 0.0]]
    gx, glo, ghi = grads_of(lambda x, lo, hi: x.clamp(lo, hi), [NAN, -1.0, 0.5, 2.0, 1.0],
                            [0.0, 0.0, NAN, 0.0, 2.0], [1.0, NAN, 1.0, NAN, 0.0])
    assert gx == [0.0] * 5 and glo == [0.0] * 5 and ghi == [0.0, 0.0, 0.0, 0.0, 1.0]
    cond = mg.tensor([True, False])
    assert grads_of(lambda x, y: mg.where(cond, x, y), [NAN, NAN], [NAN, NAN]) == [
        [1.0, 0.0], [0.0, 1.0]]


def test_where_gives_zero_gradient_where_an_input_was_not_chosen_even_for_inf_and_nan():
    # torch 2.13: where([True, False], a, b).backward([inf, nan]) gives a.grad = [inf, 0] and
    # b.grad = [0, nan]; multiplying g by the mask would give inf * 0 = NaN instead of 0
    a = mg.tensor([1.0, 2.0], requires_grad=True)
    b = mg.tensor([3.0, 4.0], requires_grad=True)
    mg.where(mg.tensor([True, False]), a, b).backward(mg.tensor([np.inf, np.nan]))
    assert a.grad.numpy()[0] == np.inf and a.grad.numpy()[1] == 0.0
    assert b.grad.numpy()[0] == 0.0 and np.isnan(b.grad.numpy()[1])


def test_maximum_and_clip_give_zero_gradient_where_not_chosen_even_for_inf_and_nan():
    # torch 2.13's values: an input that was not chosen (or was clamped) gets 0, not NaN
    a = mg.tensor([1.0, 5.0, 2.0], requires_grad=True)
    b = mg.tensor([3.0, 4.0, 2.0], requires_grad=True)
    mg.maximum(a, b).backward(mg.tensor([np.inf, np.nan, np.inf]))
    assert a.grad.numpy()[0] == 0.0 and np.isnan(a.grad.numpy()[1]) and a.grad.numpy()[2] == np.inf
    assert b.grad.numpy().tolist()[0] == np.inf and b.grad.numpy()[1] == 0.0
    x = mg.tensor([-1.0, 5.0], requires_grad=True)
    mg.clip(x, 0, 3).backward(mg.tensor([np.inf, np.nan]))
    assert x.grad.tolist() == [0.0, 0.0]
    low = mg.tensor([0.0, 0.0], requires_grad=True)
    y = mg.tensor([-1.0, 5.0], requires_grad=True)
    mg.clip(y, low, mg.tensor([3.0, 3.0])).backward(mg.tensor([2.0, np.nan]))
    assert y.grad.tolist() == [0.0, 0.0] and low.grad.tolist() == [2.0, 0.0]


def test_clip_refuses_bool_bounds_on_a_bool_tensor_as_pytorch():
    mask = mg.tensor([True, False])
    assert mg.clip(mask, 0, 1).tolist() == [1, 0]  # number bounds: int64, as in torch
    with pytest.raises(TypeError, match="clip: bool tensors cannot be clamped"):
        mg.clip(mask, mg.tensor(False), mg.tensor(True))


def test_clip_stores_a_zero_d_tensor_bound_beside_a_number_in_the_dtype_as_pytorch():
    # torch 2.13: clamp(uint8 5, 0, tensor(-2)) is 5: the 0-d bound becomes uint8 254
    x = mg.tensor(np.array(5, np.uint8))
    assert mg.clip(x, 0, mg.tensor(-2)).item() == 5
    with pytest.raises(OverflowError, match="clip: max=-2 does not fit"):
        mg.clip(x, 0, -2)  # a Python int out of range is refused: a deliberate difference
