"""mg.set_default_dtype and mg.get_default_dtype, as torch's: the dtype of Python floats,
of float results from integers and of new float tensors follows the default; explicit
dtypes and existing float tensors do not. (tests/conftest.py sets float32 back after
every test.)"""

from __future__ import annotations

import numpy as np
import pytest
from torch_or_skip import torch_or_skip

import minigrad as mg
from minigrad import nn


def test_float32_is_the_default():
    assert mg.get_default_dtype() == np.float32
    assert mg.tensor(1.5).dtype == mg.zeros(1).dtype == np.float32


@pytest.mark.parametrize("dtype", [mg.float64, mg.float16])
def test_new_float_tensors_and_float_results_follow_the_default(dtype):
    mg.set_default_dtype(dtype)
    assert mg.get_default_dtype() == dtype
    made = [mg.tensor(1.5), mg.tensor([0.5, 2.0]), mg.Tensor([1, 2]), mg.zeros(2), mg.ones(2),
            mg.rand(2), mg.randn(2), mg.arange(3.0), mg.linspace(0, 1, 3), mg.eye(2),
            mg.full((2,), 2.0), mg.normal(0.0, 1.0, size=(2,)),
            mg.tensor([1, 2]) / 2, mg.tensor([1, 2]) * 1.5, mg.tensor([1, 4]).sqrt(),
            nn.Linear(2, 3).weight]
    assert [t.dtype for t in made] == [dtype] * len(made)


def test_explicit_dtypes_and_existing_floats_are_kept():
    mg.set_default_dtype(mg.float64)
    x = mg.tensor(np.ones(2, np.float32))
    assert (x * 1.5).dtype == np.float32  # a Python float meets a float tensor: its dtype
    assert mg.zeros(2, dtype=mg.float32).dtype == np.float32
    assert mg.tensor([1, 2]).dtype == np.int64 and mg.arange(3).dtype == np.int64
    assert mg.from_numpy(np.ones(2, np.float32)).dtype == np.float32


def test_gradients_in_the_new_default():
    mg.set_default_dtype(mg.float64)
    w = mg.tensor([0.1, 0.2], requires_grad=True)
    (w * w).sum().backward()
    assert w.grad.dtype == np.float64
    assert mg.gradcheck(lambda t: (t * t).sum(), (w,))


@pytest.mark.parametrize("bad", [mg.int64, mg.bool, "banana", 3])
def test_only_floats_can_be_the_default(bad):
    with pytest.raises(TypeError, match="set_default_dtype: only floating-point dtypes"):
        mg.set_default_dtype(bad)
    assert mg.get_default_dtype() == np.float32  # unchanged


def test_back_to_float32():
    mg.set_default_dtype(mg.float64)
    mg.set_default_dtype("float32")
    assert mg.tensor(1.5).dtype == np.float32


@pytest.mark.torch
def test_same_dtypes_as_torch():
    torch = torch_or_skip()
    exprs = ["L.tensor(1.5)", "L.zeros(2)", "L.rand(2)", "L.arange(3.0)", "L.linspace(0, 1, 3)",
             "L.tensor([1, 2]) / 2", "L.tensor([1, 2]) * 1.5", "L.tensor([1, 4]).sqrt()",
             "L.full((2,), 2.0)", "L.tensor([1.0], dtype=L.float32) * 2.5"]
    for ours, theirs in ((mg.float64, torch.float64), (mg.float16, torch.float16)):
        mg.set_default_dtype(ours)
        torch.set_default_dtype(theirs)
        try:
            for expr in exprs:
                a, b = eval(expr, {"L": mg}), eval(expr, {"L": torch})  # noqa: S307
                assert str(a.dtype) == str(b.dtype).removeprefix("torch."), expr
        finally:
            torch.set_default_dtype(torch.float32)


def test_layers_made_after_it_follow_the_default():
    mg.set_default_dtype(mg.float64)
    layers = [nn.Linear(2, 3), nn.Conv1d(1, 2, 3), nn.Conv2d(1, 2, 3), nn.LSTM(2, 3),
              nn.BatchNorm1d(3)]
    assert {p.dtype for layer in layers for p in layer.parameters()} == {np.dtype(np.float64)}
