"""Errors that teach: every mistake gets the right exception type and a message
naming the op, the shapes/dtypes/values involved, and what to do instead.

Each case also checks that the raise happens in minigrad's own code (the last
traceback frame is not inside numpy), so the user sees a line they can read.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import minigrad as mg
from minigrad.errors import DTypeError, ShapeError


def raises(exc: type[BaseException], fn: Callable[[], Any], *words: str) -> str:
    """Call fn, check it raises `exc` with every word in the message; return the message."""
    with pytest.raises(exc) as info:
        fn()
    message = str(info.value)
    for word in words:
        assert word in message, f"{word!r} missing from the message: {message}"
    last = traceback.extract_tb(info.tb)[-1].filename
    assert f"{os.sep}numpy{os.sep}" not in last, f"raised inside numpy ({last}): {message}"
    assert "minigrad" in last or last == __file__, f"raised outside minigrad: {last}"
    return message


def leaf(*shape: int) -> mg.Tensor:
    return mg.randn(*shape, requires_grad=True)


# ---- shape mismatches --------------------------------------------------------
def test_matmul_inner_dimensions_suggests_transpose() -> None:
    x, w = mg.randn(3, 4), mg.randn(3, 4)
    raises(ShapeError, lambda: x @ w, "matmul", "(3, 4)", "inner dimensions 4 and 3 differ", ".T")


def test_matmul_vectors_of_different_length() -> None:
    raises(ShapeError, lambda: mg.randn(3) @ mg.randn(4), "matmul", "(3,)", "(4,)", "3 and 4")


def test_matmul_batch_axes_do_not_broadcast() -> None:
    raises(
        ShapeError, lambda: mg.randn(2, 3, 4) @ mg.randn(3, 4, 5), "matmul", "(2, 3, 4)",
        "(3, 4, 5)", "batch",
    )


def test_matmul_with_a_scalar_says_use_star() -> None:
    raises(ShapeError, lambda: mg.matmul(mg.tensor(2.0), mg.randn(3)), "matmul", "()", "*")


@pytest.mark.parametrize("op", ["add", "sub", "mul", "div", "pow", "maximum", "minimum"])
def test_binary_ops_that_do_not_broadcast(op: str) -> None:
    fn = getattr(mg, op)
    raises(
        ShapeError, lambda: fn(leaf(3, 4), leaf(3)), op, "(3, 4)", "(3,)", "broadcast",
        "must be 1",
    )


def test_operator_broadcast_error_names_the_op() -> None:
    raises(ShapeError, lambda: leaf(2, 3) * leaf(3, 2), "mul", "(2, 3)", "(3, 2)")


def test_where_shapes_do_not_broadcast() -> None:
    cond = mg.ones(2) > 0
    raises(ShapeError, lambda: mg.where(cond, leaf(2, 3), leaf(3, 2)), "where", "(2, 3)", "(3, 2)")


def test_where_condition_must_be_bool() -> None:
    raises(TypeError, lambda: mg.where(mg.ones(2), leaf(2), leaf(2)), "where", "bool", "float32")


def test_reshape_to_a_different_number_of_elements() -> None:
    raises(
        ShapeError, lambda: leaf(3, 4).reshape(5, 2), "reshape", "(3, 4)", "12 elements",
        "(5, 2)", "-1",
    )


def test_reshape_with_two_inferred_sizes() -> None:
    raises(ShapeError, lambda: leaf(3, 4).view(-1, -1), "reshape", "(-1, -1)")


def test_reshape_with_a_float_size() -> None:
    raises(TypeError, lambda: leaf(3, 4).reshape(2.0, 6), "reshape", "ints", "2.0")


def test_broadcast_to_an_incompatible_shape() -> None:
    raises(ShapeError, lambda: leaf(3).broadcast_to(4, 2), "broadcast_to", "(3,)", "(4, 2)")


def test_squeeze_an_axis_out_of_range() -> None:
    # (an axis of another size than 1 is left alone, as in PyTorch: test_parity_reduce_index)
    raises(ShapeError, lambda: leaf(3, 4).squeeze(2), "squeeze", "axis 2", "-2 to 1")


def test_concatenate_mismatched_sizes() -> None:
    raises(
        ShapeError, lambda: mg.cat([leaf(2, 3), leaf(2, 4)]), "concatenate", "tensor 1",
        "(2, 4)", "(2, 3)", "axis 0",
    )


def test_concatenate_different_number_of_axes() -> None:
    raises(ShapeError, lambda: mg.cat([leaf(2, 3), leaf(3)], dim=1), "concatenate", "(3,)")


def test_concatenate_zero_d_tensors_suggests_stack() -> None:
    raises(ShapeError, lambda: mg.cat([mg.tensor(1.0), mg.tensor(2.0)]), "concatenate", "stack")


def test_concatenate_empty_list() -> None:
    raises(TypeError, lambda: mg.cat([]), "concatenate", "non-empty")


def test_concatenate_unknown_keyword() -> None:
    raises(TypeError, lambda: mg.cat([leaf(2)], axes=0), "concatenate", "axes")


def test_stack_needs_equal_shapes() -> None:
    raises(
        ShapeError, lambda: mg.stack([leaf(2, 3), leaf(3, 2)]), "stack", "(3, 2)", "(2, 3)",
        "equal shapes",
    )


def test_inplace_value_that_does_not_fit() -> None:
    x = mg.zeros(3)
    raises(ShapeError, lambda: x.add_(mg.ones(2, 3)), "add_", "(2, 3)", "(3,)")


# ---- dtypes ------------------------------------------------------------------
@pytest.mark.parametrize(
    "make",
    [
        lambda: mg.tensor([1, 2, 3], requires_grad=True),
        lambda: mg.Tensor(np.arange(3), requires_grad=True),
        lambda: mg.zeros(3, dtype=np.int32, requires_grad=True),
        lambda: mg.arange(5, requires_grad=True),
        lambda: mg.tensor([1, 2]).requires_grad_(),
    ],
    ids=["tensor", "Tensor", "zeros", "arange", "requires_grad_"],
)
def test_integers_cannot_require_grad(make: Callable[[], Any]) -> None:
    raises(DTypeError, make, "only floating tensors can require grad", "int", "float32")


def test_bools_cannot_require_grad() -> None:
    raises(DTypeError, lambda: mg.tensor([True, False], requires_grad=True), "bool", "float")


def test_abs_relu_argmax_of_bools_are_refused_clearly() -> None:
    # PyTorch has no abs for bool tensors either; numpy's own error named no op
    mask = mg.tensor([True, False])
    for call in (lambda: mg.abs(mask), lambda: abs(mask), lambda: mask.abs()):
        raises(TypeError, call, "Abs", "abs of a bool tensor", "mask.astype(np.int64)")
    # and so are relu, argmax and argmin of bools, as in PyTorch
    raises(TypeError, lambda: mask.relu(), "Relu", "bool tensors are not supported")
    raises(TypeError, lambda: mask.argmax(), "argmax", "bool", "mask.astype(np.int64)")
    raises(TypeError, lambda: mg.argmin(mask, 0), "argmin", "bool")


def test_arange_refuses_a_range_it_cannot_walk() -> None:
    # numpy gives an empty array for these; PyTorch raises, and so does minigrad
    raises(ValueError, lambda: mg.arange(1, -2, 3), "arange", "step of 3", "1 to -2")
    raises(ValueError, lambda: mg.arange(-3), "arange", "0 to -3")
    raises(ValueError, lambda: mg.arange(0, 5, 0), "arange", "step must be nonzero")
    raises(ValueError, lambda: mg.arange(0, float("inf")), "arange", "finite", "inf")
    assert mg.arange(2, 2).shape == (0,)  # start == stop: empty, as in PyTorch
    assert mg.arange(2.5, 1, -0.5).tolist() == [2.5, 2.0, 1.5]


def test_dtype_errors_are_type_errors() -> None:
    assert issubclass(DTypeError, TypeError) and issubclass(ShapeError, ValueError)


@pytest.mark.parametrize(
    "data, dtype_text",
    [
        (["a", "b"], "<U1"),
        ("text", "<U4"),
        (np.array([1, None], dtype=object), "object"),
        (np.array([1 + 2j]), "complex128"),
        ([1 + 2j, 3], "complex128"),
    ],
    ids=["strings", "string", "object", "complex-array", "complex-list"],
)
def test_unsupported_data(data: Any, dtype_text: str) -> None:
    raises(DTypeError, lambda: mg.tensor(data), "cannot hold dtype", dtype_text, "real numbers")


def test_ragged_lists() -> None:
    raises(DTypeError, lambda: mg.tensor([[1.0, 2.0], [3.0]]), "Tensor", "list")


def test_from_numpy_rejects_strings() -> None:
    raises(DTypeError, lambda: mg.from_numpy(np.array(["a"])), "from_numpy", "<U1")


def test_from_numpy_needs_an_array() -> None:
    raises(TypeError, lambda: mg.from_numpy([1.0]), "from_numpy", "ndarray", "list")


def test_factory_with_complex_dtype() -> None:
    raises(DTypeError, lambda: mg.zeros(3, dtype=np.complex64), "complex64")


def test_astype_to_complex_or_string() -> None:
    x = leaf(3)
    raises(DTypeError, lambda: x.astype(np.complex64), "astype", "complex64", "np.float32")
    raises(DTypeError, lambda: x.astype(str), "astype")


def test_operand_that_is_complex_or_a_string() -> None:
    x = leaf(3)
    raises(DTypeError, lambda: x + (1 + 2j), "complex")
    raises(DTypeError, lambda: x * "a", "Mul", "the text 'a'", "a Tensor or a number")
    raises(DTypeError, lambda: x - None, "Sub", "is None", "backward()")


def test_gradcheck_insists_on_float64() -> None:
    x = leaf(3)
    raises(TypeError, lambda: mg.gradcheck(lambda t: t.exp(), (x,)), "gradcheck", "float32",
           "float64")


# ---- bad axes -------------------------------------------------------------------
@pytest.mark.parametrize("op", ["sum", "mean", "max", "min", "argmax", "argmin"])
def test_reduction_axis_out_of_range(op: str) -> None:
    x = leaf(3, 4)
    raises(ShapeError, lambda: getattr(x, op)(axis=2), op, "axis 2", "2 axes", "-2 to 1")


def test_reduction_axis_with_pytorch_name() -> None:
    raises(ShapeError, lambda: leaf(3, 4).sum(dim=-3), "sum", "axis -3")


def test_reduction_axis_that_is_a_float() -> None:
    raises(TypeError, lambda: leaf(3, 4).sum(axis=1.0), "sum", "axis", "int", "1.0")


def test_reduction_repeated_axis() -> None:
    raises(ShapeError, lambda: leaf(3, 4).mean(axis=(0, -2)), "mean", "repeats")


def test_reduction_unknown_keyword() -> None:
    raises(TypeError, lambda: leaf(3, 4).sum(axes=0), "sum", "axes")


def test_reduction_axis_of_a_0d_tensor() -> None:
    raises(ShapeError, lambda: mg.tensor(1.0).sum(axis=1), "sum", "0-d", "axis=None")


def test_max_of_an_empty_tensor() -> None:
    raises(ValueError, lambda: mg.zeros(0).max(), "max", "empty")


@pytest.mark.parametrize(
    "call, op",
    [
        (lambda x: x.unsqueeze(4), "unsqueeze"),
        (lambda x: x.transpose(0, 2), "swapaxes"),
        (lambda x: mg.swapaxes(x, -3, 0), "swapaxes"),
        (lambda x: x.flatten(0, 5), "flatten"),
        (lambda x: mg.cat([x, x], axis=2), "concatenate"),
        (lambda x: mg.stack([x, x], axis=4), "stack"),
    ],
    ids=["unsqueeze", "transpose", "swapaxes", "flatten", "concatenate", "stack"],
)
def test_shape_op_axis_out_of_range(call: Callable[[Any], Any], op: str) -> None:
    raises(ShapeError, lambda: call(leaf(3, 4)), op, "out of range")


def test_permute_that_is_not_an_ordering() -> None:
    raises(ShapeError, lambda: leaf(3, 4).permute(0, 0), "permute", "(0, 0)", "(3, 4)")
    raises(ShapeError, lambda: leaf(3, 4).permute(0, 1, 2), "permute", "2 axes")


def test_flatten_start_after_end() -> None:
    raises(ShapeError, lambda: leaf(2, 3, 4).flatten(2, 0), "flatten", "start_dim")


# ---- indices ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "index, words",
    [
        (3, ("index 3", "axis 0", "size 3")),
        (-4, ("index -4", "axis 0")),
        ((0, 4), ("index 4", "axis 1", "size 4")),
        ([0, 5], ("index 5", "axis 0")),
        ((0, 0, 0), ("too many indices",)),
        (np.ones(5, dtype=bool), ("boolean", "5")),
    ],
    ids=["int", "negative", "second-axis", "int-array", "too-many", "mask"],
)
def test_index_out_of_range(index: Any, words: tuple[str, ...]) -> None:
    x = leaf(3, 4)
    raises(IndexError, lambda: x[index], "(3, 4)", *words)


def test_index_with_a_float() -> None:
    raises(IndexError, lambda: leaf(3)[1.0], "integers", "1.0")


def test_index_with_a_float_array_suggests_astype() -> None:
    raises(IndexError, lambda: leaf(3)[np.array([1.0])], "float64", "astype")


def test_index_with_a_string() -> None:
    raises(IndexError, lambda: leaf(3)["a"], "(3,)", "integers")


def test_setitem_out_of_range() -> None:
    raises(IndexError, lambda: mg.zeros(3, 4).__setitem__(5, 1.0), "(3, 4)", "index 5")


# ---- creation --------------------------------------------------------------------
@pytest.mark.parametrize("factory", ["zeros", "ones", "rand", "randn"])
def test_factory_negative_size(factory: str) -> None:
    raises(ValueError, lambda: getattr(mg, factory)(2, -1), factory, "negative", "(2, -1)")


def test_factory_float_size() -> None:
    raises(TypeError, lambda: mg.zeros(2.5), "zeros", "ints", "2.5")


def test_randint_empty_range() -> None:
    raises(ValueError, lambda: mg.randint(5, 5, (2,)), "randint", "low (5)", "high (5)")


# ---- values and conversions --------------------------------------------------
def test_item_of_many_elements() -> None:
    raises(ValueError, lambda: leaf(2, 3).item(), "item()", "(2, 3)", "tolist")


def test_truth_value_of_many_elements() -> None:
    raises(ValueError, lambda: bool(mg.ones(3) > 0), "ambiguous", "(3,)", "any()")


def test_len_of_0d() -> None:
    raises(TypeError, lambda: len(mg.tensor(1.0)), "len()", "0-d")


def test_clip_without_bounds() -> None:
    # (min > max gives max, as in PyTorch: test_parity_reduce_index)
    raises(ValueError, lambda: leaf(3).clip(), "clip", "min", "max")
