"""nn.ParameterDict (nn/parameter_dict.py): registration as ParameterList's and PyTorch's,
the dict methods, the order PyTorch gives, the repr, and the errors."""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pytest

import minigrad as mg
from minigrad import nn, optim


def test_registers_tensors_as_parameters_in_torchs_order():
    d = nn.ParameterDict({"b": nn.Parameter(mg.ones(2, 3)), "a": mg.zeros(2)})
    assert d.keys() == ["a", "b"]  # a plain dict: sorted keys, as PyTorch
    assert all(isinstance(v, nn.Parameter) and v.requires_grad for v in d.values())
    ordered = nn.ParameterDict(OrderedDict([("b", mg.ones(1)), ("a", mg.ones(1))]))
    assert list(ordered) == ["b", "a"]
    d.update([("z", mg.ones(1)), ("y", mg.ones(1))])
    assert list(d) == ["a", "b", "z", "y"]
    model = nn.Module()
    model.scales = d
    assert [name for name, _ in model.named_parameters()] == [
        "scales.a", "scales.b", "scales.z", "scales.y"]
    assert list(model.state_dict()) == ["scales.a", "scales.b", "scales.z", "scales.y"]
    assert len(list(model.parameters())) == 4


def test_dict_methods():
    d = nn.ParameterDict({"w": mg.ones(2)})
    assert "w" in d and "q" not in d and len(d) == 1
    assert d.get("q") is None and d.get("q", 3) == 3
    d["v"] = nn.Parameter(mg.zeros(3))
    assert d.items()[1][0] == "v"
    popped = d.pop("w")
    assert isinstance(popped, nn.Parameter) and list(d) == ["v"]
    del d["v"]
    assert len(d) == 0
    d.update(nn.ParameterDict({"x": mg.ones(1)}))
    d.clear()
    assert len(d) == 0


def test_parameters_train_with_an_optimiser():
    d = nn.ParameterDict({"w": mg.tensor([1.0, 2.0])})
    opt = optim.SGD(d.parameters(), lr=0.5)
    (d["w"] * d["w"]).sum().backward()
    opt.step()
    np.testing.assert_allclose(d["w"].numpy(), [0.0, 0.0])


def test_repr():
    assert repr(nn.ParameterDict()) == "ParameterDict()"
    d = nn.ParameterDict({"a": mg.zeros(2, dtype=mg.float32)})
    assert repr(d) == "ParameterDict(\n  (a): Parameter containing: [float32 of size 2]\n)"


def test_errors():
    d = nn.ParameterDict()
    with pytest.raises(TypeError, match="keys must be strings"):
        d[1] = mg.ones(1)
    with pytest.raises(KeyError, match="cannot be empty or contain"):
        d["a.b"] = mg.ones(1)
    with pytest.raises(TypeError, match="expected a Parameter or a Tensor"):
        d["a"] = 3.0
    with pytest.raises(KeyError, match="has no parameter 'x'"):
        d["x"]  # noqa: B018
    with pytest.raises(KeyError):
        del d["x"]
    with pytest.raises(ValueError, match="item 0 has 3 elements"):
        d.update([("a", mg.ones(1), 1)])
    assert len(d) == 0
