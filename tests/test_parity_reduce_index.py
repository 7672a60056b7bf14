"""Reductions, indexing, clip and shape ops give PyTorch's answers (issue 12).

Each expected value below was read off PyTorch 2.13 (CPU) and written as a
literal, so these tests run without torch. Gradients are also checked in
float64 against central differences (mg.gradcheck / gradgradcheck).
"""

from __future__ import annotations

import numpy as np
import pytest
from op_strategies import check, distinct
from test_errors import raises

import minigrad as mg
from minigrad.errors import ShapeError

# ---- max / min with a dim: (values, indices) ---------------------------------------

TIED = [[1.0, 5.0, 5.0, 2.0], [7.0, 0.0, 7.0, 0.0]]


@pytest.mark.parametrize(
    "call",
    [
        lambda x: x.max(1),
        lambda x: x.max(dim=1),
        lambda x: x.max(axis=1),
        lambda x: mg.max(x, 1),
        lambda x: mg.max(x, dim=-1),
    ],
    ids=["x.max(1)", "dim=1", "axis=1", "mg.max(x, 1)", "mg.max(x, dim=-1)"],
)
def test_max_with_a_dim_is_values_and_indices(call) -> None:
    result = call(mg.tensor(TIED))
    values, indices = result  # unpacks like a tuple ...
    assert isinstance(result, mg.ops.ValuesIndices) and isinstance(result, tuple)
    assert result.values is values and result.indices is indices and result[1] is indices
    assert values.tolist() == [5.0, 7.0]
    assert indices.tolist() == [1, 0]  # the first of tied maxima, as PyTorch on the CPU
    assert indices.dtype == np.int64
    assert "values=" in repr(result) and "indices=" in repr(result)


def test_min_with_a_dim_and_keepdim() -> None:
    x = mg.tensor(TIED)
    values, indices = x.min(1, keepdim=True)
    assert values.tolist() == [[1.0], [0.0]] and indices.tolist() == [[0], [1]]
    values, indices = mg.min(x, axis=0, keepdims=False)
    assert values.tolist() == [1.0, 0.0, 5.0, 0.0] and indices.tolist() == [0, 1, 0, 1]


def test_classification_idioms() -> None:
    outputs = mg.tensor([[0.1, 2.0, -1.0], [3.0, 0.0, 0.5]])
    _, predicted = mg.max(outputs, 1)
    assert predicted.tolist() == [1, 0]
    assert outputs.max(1)[1].tolist() == [1, 0]
    assert outputs.argmax(dim=1).tolist() == [1, 0]


@pytest.mark.parametrize(
    "op, expected",
    [
        ("max", [[0.0, 1.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0]]),  # only the returned index
        ("amax", [[0.0, 0.5, 0.5, 0.0], [0.5, 0.0, 0.5, 0.0]]),  # ties share it
    ],
)
def test_gradient_of_tied_maxima(op: str, expected) -> None:
    x = mg.tensor(TIED, requires_grad=True)
    out = getattr(x, op)(1)
    (out.values if op == "max" else out).sum().backward()
    assert x.grad.tolist() == expected


def test_min_dim_gradient_goes_to_the_returned_index() -> None:
    x = mg.tensor(TIED, requires_grad=True)
    x.min(0).values.sum().backward()
    assert x.grad.tolist() == [[1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.0, 1.0]]


def test_max_without_a_dim_is_one_tensor_and_splits_ties() -> None:
    x = mg.tensor(TIED, requires_grad=True)
    m = x.max()
    assert isinstance(m, mg.Tensor) and m.shape == () and m.item() == 7.0
    m.backward()
    assert x.grad.tolist() == [[0.0, 0.0, 0.0, 0.0], [0.5, 0.0, 0.5, 0.0]]


def test_max_of_two_tensors_is_maximum() -> None:
    a, b = mg.tensor([1.0, 5.0]), mg.tensor(3.0)
    assert mg.max(a, b).tolist() == [3.0, 5.0] and a.max(b).tolist() == [3.0, 5.0]
    assert mg.min(a, b).tolist() == [1.0, 3.0] and a.min(mg.tensor([0.0, 9.0])).tolist() == [0, 5]


def test_max_of_several_axes_points_to_amax() -> None:
    x = mg.tensor(TIED)
    raises(TypeError, lambda: x.max(axis=(0, 1)), "max", "(0, 1)", "amax")
    raises(TypeError, lambda: mg.min(x, dim=(0, 1)), "min", "amin")


def test_max_dim_of_0d_and_empty_tensors() -> None:
    values, indices = mg.tensor(5.0).max(0)
    assert values.item() == 5.0 and indices.shape == () and indices.item() == 0
    values, indices = mg.zeros(0, 3).max(1)  # nothing to reduce in each of no rows
    assert values.shape == (0,) and indices.shape == (0,)
    raises(ValueError, lambda: mg.zeros(0, 3).max(0), "max", "axis 0", "size 0")
    raises(ValueError, lambda: mg.zeros(0, 3).amax(), "amax", "empty")


def test_amax_amin_tuple_dims_and_empty_tuple() -> None:
    x = mg.tensor(TIED)
    assert x.amax((0, 1)).item() == 7.0 and mg.amin(x, 0).tolist() == [1.0, 0.0, 5.0, 0.0]
    assert x.amax(dim=(), keepdim=True).tolist() == [[7.0]]  # () is every axis, as PyTorch
    assert x.sum(()).item() == 27.0 and x.mean(dim=()).item() == 27.0 / 8


def test_argmax_argmin_match_pytorch() -> None:
    x = mg.tensor(TIED)
    assert x.argmax(1).tolist() == [1, 0] and x.argmin(1).tolist() == [0, 1]
    assert x.argmax().item() == 4  # of the flattened tensor, first of the ties
    assert x.argmax(keepdim=True).shape == (1, 1) and x.argmax(0, keepdim=True).shape == (1, 4)
    assert mg.tensor(3.0).argmax(0).item() == 0 and mg.argmin(x, dim=0).tolist() == [0, 1, 0, 1]


@pytest.mark.parametrize("shape, dim", [((), 0), ((4,), 0), ((2, 3), 1), ((2, 3), -2),
                                        ((2, 1, 3), 2)])
@pytest.mark.parametrize("keepdim", [False, True])
def test_max_min_dim_gradcheck(shape, dim, keepdim) -> None:
    x = distinct(np.random.default_rng(0), shape)
    check(lambda t: t.max(dim, keepdim=keepdim).values, x)
    check(lambda t: mg.min(t * t, dim, keepdim)[0], x)
    if len(shape) == 2:  # a broadcast factor before the reduction
        y = distinct(np.random.default_rng(1), (shape[1],)) / 7 + 1
        check(lambda t, s: (t * s).max(dim).values, x, y)


@pytest.mark.parametrize("shape, dims", [((), ()), ((2, 3), (0, 1)), ((2, 3, 2), (0, 2)),
                                         ((2, 3), -1)])
def test_amax_amin_gradcheck(shape, dims) -> None:
    x = distinct(np.random.default_rng(2), shape)
    check(lambda t: t.amax(dims), x)
    check(lambda t: mg.amin(t, dims, keepdims=True), x)


# ---- indexing -----------------------------------------------------------------------


def cube(requires_grad: bool = False) -> mg.Tensor:
    return mg.tensor(np.arange(24.0).reshape(2, 3, 4), requires_grad=requires_grad)


def test_int_and_index_array_apart_select_the_int_first() -> None:
    x = cube(requires_grad=True)
    y = x[1, :, [0, 2, 1]]  # numpy gives the transpose
    assert y.tolist() == [[12.0, 14.0, 13.0], [16.0, 18.0, 17.0], [20.0, 22.0, 21.0]]
    x[1, :, [0, 2, 2]].sum().backward()
    assert x.grad[1].tolist() == [[1.0, 0.0, 2.0, 0.0]] * 3 and x.grad[0].sum().item() == 0


def test_0d_integer_tensor_index_is_an_int() -> None:
    x = cube()
    assert x[mg.tensor(1), :, [0, 2]].tolist() == [[12.0, 14.0], [16.0, 18.0], [20.0, 22.0]]
    assert x[np.array(1), :, [0, 2]].shape == (3, 2)


def test_ellipsis_that_stands_for_no_axis() -> None:
    assert cube()[:, [0, 1], ..., [1, 2]].tolist() == [[1.0, 6.0], [13.0, 18.0]]


def test_index_forms_that_agree_with_pytorch() -> None:
    x = cube()
    assert x[True].shape == (1, 2, 3, 4) and x[False].shape == (0, 2, 3, 4)
    assert x[[]].shape == (0, 3, 4) and x[[True, False]].shape == (1, 3, 4)
    assert x[[0, 1], :, 1].shape == (2, 3) and x[1, [0, 2]].shape == (2, 4)


def test_ambiguous_indices_are_refused() -> None:
    x = cube()
    raises(IndexError, lambda: x[[[0, 1], [1, 0]]], "tuple", "x[tuple(index)]")
    raises(IndexError, lambda: x[[0, slice(None)]], "tuple")
    raises(IndexError, lambda: x[np.array([1, 0], dtype=np.uint8)], "uint8", "astype(bool)")
    assert x[([0, 1], [1, 0])].shape == (2, 4)  # the tuple, as the message says


def test_repeated_index_array_with_a_mask_adds_up() -> None:
    x = mg.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    mask = np.array([True, False, True])
    x[np.array([[0], [0]]), mask].sum().backward()
    assert x.grad.tolist() == [[2.0, 0.0, 2.0], [0.0, 0.0, 0.0]]


@pytest.mark.parametrize(
    "index",
    [
        (1, slice(None), [0, 2, 2]),
        (Ellipsis, 1, slice(None), np.array([[1], [3]])),
        (np.array([[0], [0]]), np.array([True, False, True])),
        (mg.tensor(0), None, slice(None), [1, 1]),
    ],
)
def test_indexing_gradcheck(index) -> None:
    shape = (2, 3, 4) if len(index) != 2 else (2, 3)
    x = np.random.default_rng(3).standard_normal(shape)
    check(lambda t: t[index], x)
    check(lambda t, b: (t * b)[index], x, np.random.default_rng(4).standard_normal(shape[-1]))


# ---- clip / clamp with Tensor bounds ----------------------------------------------


def test_clamp_gives_tensor_bounds_their_gradient() -> None:
    x = mg.tensor([0.0, 1.0, 2.0, 3.0, 4.0, 5.0], requires_grad=True)
    low = mg.tensor([1.0, 1.0, 1.0, 3.0, 5.0, 6.0], requires_grad=True)
    high = mg.tensor([3.0, 3.0, 2.0, 3.0, 4.0, 5.0], requires_grad=True)
    z = mg.clamp(x, low, high)
    assert z.tolist() == [1.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    z.backward(mg.tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]))
    assert x.grad.tolist() == [0.0, 2.0, 3.0, 4.0, 0.0, 0.0]  # ties at a bound: x's
    assert low.grad.tolist() == [1.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    assert high.grad.tolist() == [0.0, 0.0, 0.0, 0.0, 5.0, 6.0]  # low > high: high's


@pytest.mark.parametrize(
    "xv, lo, hi, grads",
    [(1.0, 2.0, 2.0, [0, 0, 0]), (3.0, 2.0, 2.0, [0, 0, 1]), (2.0, 2.0, 2.0, [1, 0, 0]),
     (0.0, 3.0, 1.0, [0, 0, 1]), (2.0, 3.0, 1.0, [0, 0, 1])],
)
def test_clamp_ties_and_crossed_bounds(xv, lo, hi, grads) -> None:
    x, low, high = (mg.tensor(v, requires_grad=True) for v in (xv, lo, hi))
    x.clamp(low, high).backward()
    assert [x.grad.item(), low.grad.item(), high.grad.item()] == grads


def test_clip_with_min_above_max_gives_max() -> None:
    x = mg.tensor([0.0, 2.0, 5.0], requires_grad=True)
    z = x.clip(3.0, 1.0)
    assert z.tolist() == [1.0, 1.0, 1.0]
    z.sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, 0.0]


def test_clamp_broadcasts_against_a_bound() -> None:
    x = mg.tensor([1.0, 2.0, 3.0], requires_grad=True)
    low = mg.tensor([[0.0], [2.5]], requires_grad=True)
    z = x.clamp(min=low)
    assert z.tolist() == [[1.0, 2.0, 3.0], [2.5, 2.5, 3.0]]
    z.sum().backward()
    assert x.grad.tolist() == [1.0, 1.0, 2.0] and low.grad.tolist() == [[0.0], [2.0]]


def test_clip_dtypes_follow_pytorch() -> None:
    f32 = mg.tensor([1.0, 2.0, 3.0])
    assert f32.clip(1.5, 2.5).dtype == np.float32
    assert f32.clip(min=mg.tensor(np.float64(2.0))).dtype == np.float32  # a 0-d bound
    ints = mg.tensor([1, 2, 3])
    assert ints.clip(1.5).dtype == np.float32 and ints.clip(1, 2).dtype == np.int64
    b = mg.tensor(np.float64(2.5), requires_grad=True)
    f32.clip(max=b).sum().backward()
    assert b.grad.dtype == np.float64 and b.grad.item() == 1.0
    small = mg.tensor(np.array([5, 0], dtype=np.uint8))  # PyTorch wraps -1 to 255 here
    raises(OverflowError, lambda: small.clip(-1), "clip", "min=-1", "uint8", "astype")


def test_clip_bounds_are_both_numbers_or_both_tensors() -> None:
    x = mg.tensor([0.0, 2.0])
    raises(TypeError, lambda: x.clip(0.5, mg.tensor([1.0, 1.0])), "clip", "both", "0-d",
           "mg.tensor")
    raises(TypeError, lambda: x.clip(mg.tensor(0.5, requires_grad=True), 1.0), "clip",
           "needs no gradient")
    assert x.clip(None, mg.tensor(1.0)).tolist() == [0.0, 1.0]


def test_clip_takes_a_0d_tensor_beside_a_number_as_a_number() -> None:
    # PyTorch reads a 0-d tensor without gradient as the number it holds (values and
    # dtypes below from torch.clamp)
    u8 = mg.tensor(np.array([1, 2, 9], dtype=np.uint8))
    z = mg.clip(u8, min=0, max=mg.tensor(4))
    assert z.tolist() == [1, 2, 4] and z.dtype == np.uint8
    z = u8.clip(min=mg.tensor(4), max=2.5)
    assert z.tolist() == [2.5, 2.5, 2.5] and z.dtype == np.float32
    half = mg.tensor(np.array([1.0, 5.0], dtype=np.float16), requires_grad=True)
    z = half.clamp(mg.tensor(np.float64(2.1)), 3)
    assert z.dtype == np.float16 and z.tolist() == [2.099609375, 3.0]
    z.sum().backward()
    assert half.grad.tolist() == [0.0, 0.0]


def test_clip_does_not_modify_its_inputs() -> None:
    data, bound = np.array([0.0, 5.0]), np.array([1.0, 1.0])
    x, high = mg.tensor(data), mg.tensor(bound)
    mg.clip(x, mg.tensor(np.array(2.0)), high)
    x.clip(2.0, 3.0)
    assert data.tolist() == [0.0, 5.0] and high.tolist() == [1.0, 1.0]


def test_clip_gradcheck_with_tensor_bounds() -> None:
    rng = np.random.default_rng(5)
    x = rng.uniform(-2, 2, (2, 3))
    x = np.where(np.abs(np.abs(x) - 1) < 0.1, 0.0, x)  # away from the kinks at -1 and 1
    check(lambda t, lo, hi: t.clip(lo, hi), x, np.full((3,), -1.0), np.array(1.0))
    check(lambda t, lo: mg.clamp(t, min=lo), x, np.full((2, 1), -1.0))
    check(lambda t, hi: mg.clamp(t, None, hi), np.array(0.5), np.array([0.0, 1.0]))


# ---- shape ops ----------------------------------------------------------------------


def test_permute_refuses_out_of_range_dims() -> None:
    x = cube()
    raises(ShapeError, lambda: x.permute(1, 3, 2), "permute", "(1, 3, 2)", "-3 to 2")
    assert x.permute(1, -3, 2).shape == (3, 2, 4) and mg.zeros(3).permute(0).shape == (3,)


def test_transpose_function_takes_two_dims_as_pytorch() -> None:
    x = cube()
    assert mg.transpose(x, 0, 2).shape == (4, 3, 2) and mg.transpose(x, 1, 1).shape == (2, 3, 4)
    assert x.transpose(dim0=0, dim1=1).shape == (3, 2, 4) and mg.transpose(x).shape == (4, 3, 2)
    assert mg.transpose(x, (1, 0, 2)).shape == (3, 2, 4) == mg.transpose(x, axes=(1, 0, 2)).shape
    assert mg.transpose(mg.zeros(()), 0, -1).shape == ()


def test_squeeze_leaves_other_sizes_alone() -> None:
    x = mg.zeros(2, 1, 3)
    assert x.squeeze(0).shape == (2, 1, 3) and x.squeeze(dim=1).shape == (2, 3)
    assert x.squeeze((0, 1)).shape == (2, 3) and x.squeeze(()).shape == (2, 1, 3)
    assert mg.squeeze(mg.zeros(()), -1).shape == ()
    raises(ShapeError, lambda: x.squeeze(3), "squeeze", "axis 3")
    raises(ShapeError, lambda: x.squeeze((1, 1)), "squeeze", "repeats")


def test_unsqueeze_takes_dim() -> None:
    assert mg.zeros(2, 3).unsqueeze(dim=-1).shape == (2, 3, 1)
    assert mg.unsqueeze(mg.zeros(()), dim=0).shape == (1,)
    raises(TypeError, lambda: mg.zeros(2).unsqueeze(), "unsqueeze", "int")


def test_expand_keeps_sizes_given_as_minus_one() -> None:
    x = mg.zeros(3, 1)
    for target in [(-1, 4), [-1, 4], mg.tensor([-1, 4])]:
        assert x.expand(target).shape == (3, 4)
    assert x.expand(-1, 4).shape == (3, 4) and x.expand(2, -1, 4).shape == (2, 3, 4)
    assert x.expand((2, 3, 1)).shape == (2, 3, 1) and mg.broadcast_to(x, (-1, 2)).shape == (3, 2)
    raises(ShapeError, lambda: x.expand(-1, 3, 4), "broadcast_to", "-1", "new leading axis")
    check(lambda t: t.expand(2, -1, 4), np.arange(3.0).reshape(3, 1))


# ---- NaN maxima: PyTorch's gradients -------------------------------------------------
NAN, INF = float("nan"), float("inf")


def _grad(fn, values):
    x = mg.tensor(np.array(values, dtype=np.float64), requires_grad=True)
    fn(x).sum().backward()
    return x.grad.tolist()


def test_max_of_everything_sends_a_nan_maximum_s_gradient_to_the_nans() -> None:
    # x.max()/x.min(): the NaN elements are the extremes and share the gradient
    assert _grad(lambda x: x.max(), [0.38, NAN, INF]) == [0.0, 1.0, 0.0]
    assert _grad(lambda x: x.min(), [0.38, NAN, -INF]) == [0.0, 1.0, 0.0]
    assert _grad(lambda x: x.max(), [NAN, 1.0, NAN]) == [0.5, 0.0, 0.5]
    assert _grad(lambda x: x.max(), [1.0, 2.0, 2.0]) == [0.0, 0.5, 0.5]


def test_amax_gives_nan_gradients_where_the_maximum_is_nan() -> None:
    # PyTorch's amax/amin: no element equals NaN, so the shared gradient is 0/0
    rows = [[0.38, NAN, INF], [1.0, 2.0, 2.0]]
    got = np.array(_grad(lambda x: x.amax(1), rows))
    assert np.isnan(got[0]).all() and got[1].tolist() == [0.0, 0.5, 0.5]
    assert np.isnan(_grad(lambda x: x.amin(), [NAN, 1.0])).all()


def test_max_with_a_dim_gives_the_gradient_to_the_first_nan() -> None:
    rows = [[0.38, NAN, INF], [NAN, 1.0, NAN], [1.0, 2.0, 2.0]]
    assert _grad(lambda x: x.max(1).values, rows) == [[0, 1, 0], [1, 0, 0], [0, 1, 0]]
    assert _grad(lambda x: x.min(1).values, rows) == [[0, 1, 0], [1, 0, 0], [1, 0, 0]]
