"""What PyTorch code expects of a tensor besides math: dtype names, devices, .to/.type,
the bitwise operators, f-string formatting, len and iteration. Expected values are
PyTorch 2.13's, written as literals."""

from __future__ import annotations

import numpy as np
import pytest
from test_errors import raises

import minigrad as mg
from minigrad.errors import DTypeError


# ---- dtype names -------------------------------------------------------------------------
@pytest.mark.parametrize(("names", "dtype"), [
    (("float", "float32"), np.float32), (("double", "float64"), np.float64),
    (("half", "float16"), np.float16), (("long", "int64"), np.int64),
    (("int", "int32"), np.int32), (("short", "int16"), np.int16), (("bool",), np.bool_),
    (("uint8",), np.uint8), (("int8",), np.int8),
])
def test_dtype_names_are_numpy_dtypes(names: tuple[str, ...], dtype: type) -> None:
    for name in names:
        assert getattr(mg, name) is np.dtype(dtype)


def test_dtype_names_work_wherever_a_dtype_is_taken() -> None:
    assert mg.tensor([1, 2], dtype=mg.float).dtype == np.float32
    assert mg.zeros(2, dtype=mg.long).dtype == np.int64
    assert mg.ones(2, 2, dtype=mg.double).dtype == mg.float64
    assert mg.tensor([1.5]).to(mg.float64).dtype is mg.float64
    assert mg.tensor([1.5]).dtype == mg.float32  # a tensor's dtype compares with them
    assert mg.arange(3, dtype=mg.int32).dtype == np.int32
    assert mg.tensor([-1], dtype=mg.uint8).tolist() == [255]


# ---- devices -------------------------------------------------------------------------------
def test_everything_lives_on_the_cpu() -> None:
    x = mg.tensor([1.0, 2.0])
    assert str(x.device) == "cpu" and x.device == mg.device("cpu")
    assert repr(x.device) == "device(type='cpu')" and not x.is_cuda
    assert x.device != "cpu"  # as torch: a device equals devices, not strings
    assert x.cpu() is x and x.to("cpu") is x and x.to(mg.device("cpu")) is x
    assert mg.cuda.is_available() is False and mg.cuda.device_count() == 0
    assert mg.zeros(2, device="cpu").device == mg.device("cpu")
    assert mg.randn(2, device=mg.device("cpu")).shape == (2,)
    model = mg.nn.Linear(2, 1)
    assert model.to("cpu") is model and model.cpu() is model


@pytest.mark.parametrize("ask", [
    lambda: mg.tensor([1.0]).cuda(),
    lambda: mg.tensor([1.0]).to("cuda"),
    lambda: mg.tensor([1.0]).to("cuda:0", mg.float64),
    lambda: mg.zeros(2, device="cuda"),
    lambda: mg.tensor([1.0], device="cuda"),
    lambda: mg.device("cuda"),
    lambda: mg.nn.Linear(2, 1).to("cuda"),
    lambda: mg.nn.Linear(2, 1).cuda(),
])
def test_asking_for_a_gpu_says_cpu_only(ask) -> None:
    raises(RuntimeError, ask, "'cuda", "CPU only", "mg.cuda.is_available()")


def test_unknown_devices_and_bad_to_arguments() -> None:
    raises(RuntimeError, lambda: mg.tensor([1.0]).to("tpu"), "unknown device 'tpu'")
    raises(TypeError, lambda: mg.tensor([1.0]).to(1.5), "x.to()", "not a dtype")
    raises(TypeError, lambda: mg.tensor([1.0]).to("cpu", mg.float, 3), "x.to()")
    raises(DTypeError, lambda: mg.tensor([1.0]).to(np.complex64), "x.to()", "complex64")


# ---- .to and .type --------------------------------------------------------------------
def test_to_converts_in_the_graph_and_keeps_what_matches() -> None:
    x = mg.tensor([1.0, 2.0], requires_grad=True)
    assert x.to(mg.float32) is x and x.to(dtype=mg.float32, device="cpu") is x
    y = x.to("cpu", mg.float64)
    assert y.dtype == np.float64 and y.grad_fn is not None
    (y * y).sum().backward()
    assert x.grad.dtype == np.float32 and x.grad.tolist() == [2.0, 4.0]
    assert x.to(mg.tensor([1])).dtype == np.int64  # another tensor's dtype
    copy = x.to("cpu", copy=True)
    assert copy is not x and copy.tolist() == [1.0, 2.0]


def test_type_names_are_pytorchs() -> None:
    cases = {mg.float32: "torch.FloatTensor", mg.float64: "torch.DoubleTensor",
             mg.float16: "torch.HalfTensor", mg.int64: "torch.LongTensor",
             mg.int32: "torch.IntTensor", mg.bool: "torch.BoolTensor", mg.uint8: "torch.ByteTensor"}
    for dtype, name in cases.items():
        assert mg.zeros(1, dtype=dtype).type() == name
        assert mg.zeros(1).type(name).dtype == dtype  # the name also converts
    assert mg.tensor([1.7]).type(mg.long).tolist() == [1]


# ---- bitwise operators (torch's results) ------------------------------------------------
def test_bitwise_operators_on_bools_and_ints() -> None:
    b = mg.tensor([True, False, True])
    c = mg.tensor([False, False, True])
    i = mg.tensor([12, 10, -3])
    assert (b & c).tolist() == [False, False, True] and (b & c).dtype == np.bool_
    assert (b | c).tolist() == [True, False, True]
    assert (b ^ c).tolist() == [True, False, False]
    assert (~b).tolist() == [False, True, False]
    assert (i & 6).tolist() == [4, 2, 4]
    assert (i | 1).tolist() == [13, 11, -3]
    assert (i ^ b).tolist() == [13, 10, -4] and (i ^ b).dtype == np.int64
    assert (~i).tolist() == [-13, -11, 2]
    assert (5 & i).tolist() == [4, 0, 5] and (True | b).tolist() == [True, True, True]
    assert (b & 1).dtype == np.int64
    assert (mg.tensor([1, 2], dtype=mg.int32) | 1).dtype == np.int32
    u = mg.tensor([200], dtype=mg.uint8) ^ 255
    assert u.tolist() == [55] and u.dtype == np.uint8
    mask = (mg.tensor([1.0, -2.0, 3.0]) > 0) & (mg.tensor([0.5, 0.5, -0.5]) > 0)
    assert mask.tolist() == [True, False, False]


def test_bitwise_operators_refuse_floats_clearly() -> None:
    x = mg.tensor([1.0, 2.0])
    raises(DTypeError, lambda: x & 1, "x & y", "bool and integer", "float32")
    raises(DTypeError, lambda: mg.tensor([3]) | 1.5, "x | y", "float")
    raises(DTypeError, lambda: ~x, "~x", "float32")
    with pytest.raises(TypeError, match="unsupported operand"):
        mg.tensor([True]) & "yes"  # noqa: B018


def test_bitwise_operators_do_not_modify_their_inputs() -> None:
    b = mg.tensor([True, False])
    i = mg.tensor([1, 2], dtype=mg.int32)
    _ = b ^ i, ~i, b & True
    assert b.tolist() == [True, False] and i.tolist() == [1, 2] and i.dtype == np.int32


# ---- formatting, len, iteration ---------------------------------------------------------
def test_format_of_a_0d_tensor_formats_its_number() -> None:
    assert f"{mg.tensor(2.0) / 3:.4f}" == "0.6667"
    assert f"{mg.tensor(7):>4}" == "   7"
    assert f"{mg.tensor(True)}" == "True"
    x = mg.tensor([1.5, 2.0])
    assert f"{x}" == str(x)
    raises(TypeError, lambda: f"{x:.4f}", "'.4f'", "(2,)", "0-d", "x.item()")


def test_len_and_iteration_as_torch() -> None:
    x = mg.tensor([[1, 2], [3, 4], [5, 6]])
    assert len(x) == 3 and [row.tolist() for row in x] == [[1, 2], [3, 4], [5, 6]]
    raises(TypeError, lambda: len(mg.tensor(1.0)), "len() of a 0-d tensor")
    raises(TypeError, lambda: iter(mg.tensor(1.0)), "iteration over a 0-d tensor")
