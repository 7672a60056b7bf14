"""PyTorch's dtype rules: promotion by category, float16 computed in float32, and
the gradients of x ** y at the points where its formulas break down.

Every expected value here was taken from PyTorch 2.13 (CPU); the differential
suite (tests/parity) checks the same rules against torch itself when it is
installed.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import minigrad as mg
import minigrad.functional as F
from minigrad import Tensor, nn
from minigrad.dtypes import category, promote_types, result_type
from minigrad.errors import DTypeError

f16, f32, f64 = np.float16, np.float32, np.float64
i32, i64, u8, b = np.int32, np.int64, np.uint8, np.bool_


def t(values, dtype):
    return mg.tensor(np.asarray(values, dtype=dtype))


# (expression, dtype PyTorch gives)
PROMOTION = {
    "int64 * 0.5": (lambda: t([1, 2], i64) * 0.5, f32),
    "0.5 * int64": (lambda: 0.5 * t([1, 2], i64), f32),
    "int32 + 1": (lambda: t([1, 2], i32) + 1, i32),
    "uint8 * 2": (lambda: t([1, 2], u8) * 2, u8),
    "bool + 1": (lambda: t([True], b) + 1, i64),
    "bool * 1.5": (lambda: t([True], b) * 1.5, f32),
    "bool + True": (lambda: t([True], b) + True, b),
    "float32 + int64 tensor": (lambda: t([1, 2], f32) + t([1, 2], i64), f32),
    "int64 tensor - float32": (lambda: t([1, 2], i64) - t([1, 2], f32), f32),
    "float32 ** int64 tensor": (lambda: t([1, 2], f32) ** t([1, 2], i64), f32),
    "int64 ** 0.5": (lambda: t([4, 9], i64) ** 0.5, f32),
    "int64 ** 2": (lambda: t([4, 9], i64) ** 2, i64),
    "float16 + int64 tensor": (lambda: t([1, 2], f16) + t([1, 2], i64), f16),
    "float32 + float64": (lambda: t([1, 2], f32) + t([1, 2], f64), f64),
    "float16 * float32": (lambda: t([1, 2], f16) * t([1, 2], f32), f32),
    "int32 + int64 tensor": (lambda: t([1, 2], i32) + t([1, 2], i64), i64),
    "uint8 + int32 tensor": (lambda: t([1, 2], u8) + t([1, 2], i32), i32),
    # A 0-d tensor does not widen a dimensioned one of the same category ...
    "float32 * 0-d float64": (lambda: t([1, 2], f32) * t(2.5, f64), f32),
    "float16 + 0-d float32": (lambda: t([1, 2], f16) + t(2.5, f32), f16),
    "int32 + 0-d int64": (lambda: t([1, 2], i32) + t(5, i64), i32),
    # ... but one of a higher category decides.
    "int64 * 0-d float64": (lambda: t([1, 2], i64) * t(2.5, f64), f64),
    "0-d int64 * 0-d float64": (lambda: t(2, i64) * t(2.5, f64), f64),
    "int64 / int64": (lambda: t([1, 2], i64) / t([3, 3], i64), f32),
    "int64 / 2": (lambda: t([1, 2], i64) / 2, f32),
    "maximum(int64, float32)": (lambda: mg.maximum(t([1, 2], i64), t([1.5], f32)), f32),
    "where(c, int64, 2.5)": (lambda: mg.where(np.array([True, False]), t([1, 2], i64), 2.5), f32),
    "float32 * np.float64(2)": (lambda: t([1, 2], f32) * np.float64(2.0), f32),
    "int64 * np.float64(0.5)": (lambda: t([1, 2], i64) * np.float64(0.5), f32),
}


@pytest.mark.parametrize("name", list(PROMOTION))
def test_binary_ops_promote_as_pytorch(name: str) -> None:
    make, expected = PROMOTION[name]
    assert make().dtype == np.dtype(expected), name


@pytest.mark.parametrize("op", ["exp", "log", "sqrt", "sigmoid", "tanh"])
@pytest.mark.parametrize("dtype", [i64, i32, u8, b])
def test_float_ops_on_integers_give_float32(op: str, dtype: type) -> None:
    x = t([1, 4], dtype)
    out = getattr(mg, op)(x)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out.numpy(), getattr(np, op, None)(x.numpy().astype(f64))
                               if op != "sigmoid" else 1 / (1 + np.exp(-x.numpy().astype(f64))),
                               rtol=1e-6)
    assert getattr(x, op)().dtype == np.float32


def test_integer_ops_that_stay_integer() -> None:
    x = t([1, -2], i32)
    assert (-x).dtype == i32 and x.abs().dtype == i32 and x.relu().dtype == i32
    assert mg.tensor([1, 2]).max().dtype == i64


def test_the_class_gives_float32_and_mg_tensor_infers() -> None:
    assert Tensor([0, 1]).dtype == np.float32 and Tensor(True).dtype == np.float32
    assert mg.tensor([0, 1]).dtype == np.int64 and mg.tensor([True]).dtype == np.bool_
    assert Tensor(np.array([0, 1])).dtype == np.int64  # arrays keep theirs (a listed difference)


def test_an_int_tensor_scaled_by_a_float_feeds_a_linear_layer() -> None:
    # Before: int64 * 0.5 was float64, and the float32 layer then failed.
    mg.manual_seed(0)
    layer = nn.Linear(2, 1)
    out = layer(mg.tensor([[1, 2], [3, 4]]) * 0.5)
    assert out.dtype == np.float32 and out.shape == (2, 1)


def test_float32_tensor_with_an_int_tensor_keeps_float32_gradients() -> None:
    w = mg.tensor([1.0, 2.0], requires_grad=True)
    (w * mg.tensor([3, 4])).sum().backward()
    assert w.grad.dtype == np.float32 and w.grad.tolist() == [3.0, 4.0]


def test_a_wider_float_still_widens_and_the_gradient_comes_back_narrow() -> None:
    w = mg.tensor([1.0, 2.0], requires_grad=True)
    y = w * t([3.0, 4.0], f64)
    assert y.dtype == np.float64
    y.sum().backward()
    assert w.grad.dtype == np.float32 and w.grad.tolist() == [3.0, 4.0]


def test_a_0d_float64_parameter_narrowed_to_float32_still_gets_its_gradient() -> None:
    s = mg.tensor(np.float64(2.0), requires_grad=True)
    y = t([1.0, 3.0], f32) * s
    assert y.dtype == np.float32
    y.sum().backward()
    assert s.grad.dtype == np.float64 and s.grad.item() == 4.0


def test_matmul_of_two_dtypes_is_refused_as_in_pytorch() -> None:
    with pytest.raises(DTypeError, match="float64 and float32.*x.float"):
        t(np.ones((2, 3)), f64) @ t(np.ones((3, 1)), f32)
    assert (t(np.ones((2, 3)), i64) @ t(np.ones((3, 1)), i64)).dtype == np.int64


def test_sums_of_integers_and_bools_are_int64_and_a_mean_needs_floats() -> None:
    for dtype in (i32, u8, b):
        assert t([1, 1], dtype).sum().dtype == np.int64
    assert t([200, 100], u8).sum().item() == 300  # no wrap-around at 255
    with pytest.raises(DTypeError, match=r"mean.*int64.*x.float\(\).mean\(\)"):
        mg.tensor([1, 2]).mean()


# ---- float16: computed in float32, rounded once --------------------------------
def test_a_number_meeting_float16_is_not_rounded_to_float16_first() -> None:
    half = t([60000.0], f16)
    out = half / 70000  # 70000 is inf in float16
    assert out.dtype == np.float16
    assert out.item() == pytest.approx(0.8569, abs=1e-3)  # PyTorch: 0.8569
    assert (half * 2).item() == np.inf  # 120000 does not fit float16 at the end


def test_float16_sums_and_means_accumulate_in_float32() -> None:
    many = t(np.full(100, 60000.0), f16)
    assert many.mean().item() == 60000.0 and many.mean().dtype == np.float16
    assert t([60000.0, 60000.0, -60000.0], f16).sum().item() == 60000.0
    assert many.sum().item() == np.inf  # 6,000,000 is too large for float16, as in PyTorch
    assert t(np.full(5000, 30.0), f16).mean().item() == 30.0


def test_float16_losses_are_finite_where_pytorch_is() -> None:
    x = t(np.full(64, 200.0), f16).requires_grad_()
    loss = F.mse_loss(x, t(np.zeros(64), f16))
    assert loss.dtype == np.float16 and loss.item() == 40000.0  # PyTorch: 40000.
    loss.backward()
    assert x.grad.dtype == np.float16 and x.grad[0].item() == 6.25
    logits = t(np.full((4000, 3), 20.0), f16).requires_grad_()
    ce = F.cross_entropy(logits, mg.tensor(np.zeros(4000, dtype=np.int64)))
    assert ce.dtype == np.float16 and ce.item() == pytest.approx(1.0986, abs=1e-3)


# ---- x ** y at its edges (PyTorch's values) ------------------------------------
def test_d_dx_of_x_to_the_zero_is_zero_even_at_zero() -> None:
    x = mg.tensor([0.0, 1.0, -2.0], requires_grad=True)
    (x**0).sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, 0.0]  # was [nan, 0, 0]
    y = mg.tensor([0.0, 2.0], requires_grad=True)
    x0 = mg.tensor([0.0, 0.0], requires_grad=True)
    (x0**y).sum().backward()
    assert x0.grad.tolist() == [0.0, 0.0]


def test_d_dy_of_a_zero_or_negative_base() -> None:
    y = mg.tensor([-1.0, 2.0, 0.5, 0.0], requires_grad=True)
    (mg.tensor(0.0) ** y).sum().backward()
    assert y.grad.tolist() == [-np.inf, 0.0, 0.0, 0.0]  # PyTorch: [-inf, 0, 0, 0]
    y.grad = None
    (mg.tensor(-2.0) ** y).sum().backward()
    assert np.isnan(y.grad.numpy()).all()  # no real log of -2: NaN, as in PyTorch


@pytest.mark.parametrize(
    "shape_x, shape_y", [((3,), (3,)), ((2, 3), (3,)), ((), (2,)), ((2, 1), ()), ((), ())]
)
def test_pow_gradients_check_numerically(shape_x, shape_y) -> None:
    rng = np.random.default_rng(1)
    x = mg.tensor(rng.uniform(0.5, 2.0, shape_x), requires_grad=True)
    y = mg.tensor(rng.uniform(-1.5, 1.5, shape_y), requires_grad=True)
    assert mg.gradcheck(lambda a, c: a**c, (x, y))
    assert mg.gradgradcheck(lambda a, c: a**c, (x, y))


def test_pow_second_derivative_keeps_the_masks() -> None:
    x = mg.tensor([0.0, 1.5], dtype=np.float64, requires_grad=True)
    (gx,) = mg.grad((x**0).sum(), x, create_graph=True)
    assert gx.tolist() == [0.0, 0.0]
    (gxx,) = mg.grad((x**3).sum(), x, create_graph=True)
    (second,) = mg.grad(gxx.sum(), x)
    np.testing.assert_allclose(second.numpy(), [0.0, 9.0])  # 6x


# ---- operands that are not tensors ---------------------------------------------
def test_a_numpy_operand_is_copied_into_the_graph() -> None:
    arr = np.array([1.0, 2.0], dtype=np.float32)
    w = mg.tensor([3.0, 4.0], requires_grad=True)
    y = (w * arr).sum()
    arr[:] = 100.0  # refilled between forward and backward
    y.backward()
    assert w.grad.tolist() == [1.0, 2.0]  # was [100, 100]


# ---- the rule itself -----------------------------------------------------------
DTYPES = [np.dtype(d) for d in (b, u8, np.int8, np.int16, i32, i64, f16, f32, f64)]


@given(st.sampled_from(DTYPES), st.sampled_from(DTYPES))
def test_promote_types_is_symmetric_and_never_lowers_the_category(a, c) -> None:
    p = promote_types(a, c)
    assert p == promote_types(c, a)
    assert category(p) == max(category(a), category(c))
    if category(a) == category(c):
        assert np.can_cast(a, p) and np.can_cast(c, p)


@given(st.sampled_from(DTYPES), st.sampled_from(DTYPES))
def test_a_python_number_never_widens_a_tensor_of_its_category(a, c) -> None:
    array = np.zeros(2, dtype=a)
    for number in (True, 3, 2.5):
        out = result_type(array, number)
        number_category = category(np.asarray(number).dtype)
        if number_category <= category(a):
            assert out == a
        else:
            assert out == (np.dtype(np.int64) if number_category == 1 else np.dtype(f32))
    zero_d = np.zeros((), dtype=c)
    assert result_type(array, zero_d) == (a if category(c) <= category(a) else promote_types(a, c))


# ---- found by the differential suite (tests/parity), values from PyTorch 2.13 ----
def test_dtype_none_means_the_default_float() -> None:
    for make in (lambda: mg.zeros(2, dtype=None), lambda: mg.ones(2, dtype=None),
                 lambda: mg.eye(2, dtype=None), lambda: mg.linspace(0, 1, 3, dtype=None),
                 lambda: mg.randn(2, dtype=None), lambda: mg.rand(2, dtype=None)):
        assert make().dtype == np.float32


def test_joining_tensors_promotes_them() -> None:
    assert mg.cat([mg.tensor([[4, -1]]), mg.tensor([[1.5, 2.0]])]).dtype == np.float32
    assert mg.stack([mg.tensor(0), t(1.0, f16)]).dtype == np.float16
    w = mg.tensor([1.0, 2.0], requires_grad=True)
    mg.cat([w, mg.tensor([3, 4])]).sum().backward()
    assert w.grad.tolist() == [1.0, 1.0]


def test_where_with_a_number_keeps_float16() -> None:
    out = mg.where(np.array([True, False]), False, t([1.0, 2.0], f16))
    assert out.dtype == np.float16 and out.tolist() == [0.0, 2.0]


def test_true_division_converts_integers_to_float_first() -> None:
    # -1 must not become 255 by meeting a uint8 tensor before the division.
    out = mg.tensor(-1) / t([2, 0], u8)
    assert out.dtype == np.float32 and out.tolist() == [-0.5, -np.inf]


def test_integer_powers_follow_pytorch() -> None:
    assert (mg.tensor([4, 1, -1, -1, 2]) ** mg.tensor([-1, -2, -1, -2, 3])).tolist() == [
        0, 1, -1, 1, 8]
    assert (t([True, False], b) ** False).dtype == np.bool_
    assert (t([True, False], b) ** True).tolist() == [True, False]


def test_bool_subtraction_and_negation_are_refused_clearly() -> None:
    with pytest.raises(DTypeError, match="~mask"):
        3 - t([True], b)
    with pytest.raises(DTypeError, match="subtraction"):
        t([1.0], f32) - True
    with pytest.raises(TypeError, match="~mask"):
        -t([True], b)


def test_python_ints_wrap_around_small_integer_dtypes() -> None:
    assert (t([1, 2], u8) + (-1)).tolist() == [0, 1]
    assert mg.tensor([-3], dtype=np.uint8).tolist() == [253]


def test_losses_promote_input_and_target_or_refuse_as_pytorch() -> None:
    x, y = t([0.2, 0.7], f32), t([0.0, 1.0], f64)
    assert F.kl_div(x.log(), y.log(), reduction="batchmean", log_target=True).dtype == np.float64
    assert F.mse_loss(x, y).dtype == np.float64
    with pytest.raises(DTypeError, match="target.*float64.*float32"):
        F.binary_cross_entropy(x, y)
    logits = t(np.zeros((2, 3)), f32)
    with pytest.raises(DTypeError, match="weight.*float64"):
        F.cross_entropy(logits, mg.tensor([0, 2]), weight=t([1.0, 1.0, 1.0], f64))


def test_float16_log_softmax_is_computed_in_float32() -> None:
    x = t([[-3.03, -4.01, -2.32, 2.73]], f16)
    out = F.log_softmax(x, 1)
    assert out.dtype == np.float16
    assert out[0, 3].item() == pytest.approx(-0.01068, abs=1e-4)  # float16 steps: -0.009766


def test_integer_edges_found_with_another_seed() -> None:
    assert mg.full((), -1, dtype=np.uint8).item() == 255  # wraps, as PyTorch
    with pytest.raises(ValueError, match="no inf"):
        mg.tensor([float("inf")], dtype=np.int64)
    with pytest.raises(DTypeError, match="negative integer powers"):
        mg.tensor(4) ** -1  # a number: refused; a tensor exponent gives 0 (above)
