"""nn.utils (clip_grad_norm_, clip_grad_value_, parameters_to_vector, vector_to_parameters),
nn.ParameterList, nn.Unflatten and the top-level mg.dropout, with PyTorch 2.13's values
(literals) and torch itself where it is installed."""

from __future__ import annotations

import math

import numpy as np
import pytest
from torch_or_skip import torch_or_skip

import minigrad as mg
from minigrad import nn
from minigrad.errors import ShapeError
from minigrad.nn.utils import (
    clip_grad_norm_,
    clip_grad_value_,
    parameters_to_vector,
    vector_to_parameters,
)


def _params(*grads, dtype=np.float32):
    params = []
    for g in grads:
        p = nn.Parameter(mg.tensor(np.zeros(np.shape(g)), dtype=dtype))
        if g is not None:
            p.grad = mg.tensor(np.asarray(g, dtype=dtype))
        params.append(p)
    return params


def test_clip_grad_norm_scales_all_gradients_together():
    a, b = _params([3.0, 4.0], [[0.0, 12.0]])
    c = nn.Parameter(mg.tensor(1.0))  # no .grad: skipped
    total = clip_grad_norm_([a, b, c], 1.0)
    assert total.item() == 13.0 and total.dtype == np.float32  # sqrt(3² + 4² + 12²)
    scale = 1.0 / (13.0 + 1e-6)
    np.testing.assert_allclose(a.grad.numpy(), [3 * scale, 4 * scale], rtol=1e-6)
    np.testing.assert_allclose(b.grad.numpy(), [[0.0, 12 * scale]], rtol=1e-6)
    before = np.linalg.norm(np.r_[a.grad.numpy(), b.grad.numpy().ravel()])
    assert before == pytest.approx(1.0, rel=1e-5)


@pytest.mark.parametrize("norm_type, total, clipped", [
    (2.0, 5.0, [3.0, 4.0]),  # under max_norm 10: unchanged (torch: tensor(5.), [3., 4.])
    (math.inf, 4.0, [0.75, 1.0]),  # max_norm 1 from here on (torch's values)
    (1, 7.0, [3 / 7, 4 / 7]),
])
def test_clip_grad_norm_orders(norm_type, total, clipped):
    (a,) = _params([3.0, 4.0])
    max_norm = 10.0 if norm_type == 2.0 else 1.0
    assert clip_grad_norm_(a, max_norm, norm_type=norm_type).item() == total  # one tensor
    np.testing.assert_allclose(a.grad.numpy(), clipped, rtol=1e-5)


def test_clip_grad_norm_nonfinite_and_mixed_dtypes_and_nothing():
    (a,) = _params([3.0, float("nan")])
    assert math.isnan(clip_grad_norm_([a], 1.0).item()) and np.isnan(a.grad.numpy()).all()
    (b,) = _params([3.0, float("inf")])
    with pytest.raises(RuntimeError, match="clip_grad_norm_: the total norm of order 2.0"):
        clip_grad_norm_([b], 1.0, error_if_nonfinite=True)
    f32, = _params([3.0, 4.0])
    f64, = _params([12.0], dtype=np.float64)
    total = clip_grad_norm_([f32, f64], 1.0)
    assert total.item() == 13.0 and total.dtype == np.float64  # promoted, as in torch
    assert f32.grad.dtype == np.float32
    assert clip_grad_norm_([], 1.0).item() == 0.0


def test_clip_grad_value_clamps_in_place():
    (a,) = _params([3.0, -4.0])
    grad = a.grad
    assert clip_grad_value_([a], 3.5) is None
    assert a.grad is grad and a.grad.tolist() == [3.0, -3.5]


def test_parameters_to_vector_and_back():
    a = nn.Parameter(mg.tensor([3.0, 4.0]))
    b = nn.Parameter(mg.tensor([[1.0, 2.0]]))
    vec = parameters_to_vector([a, b])
    assert vec.tolist() == [3.0, 4.0, 1.0, 2.0] and vec.requires_grad
    vec.sum().backward()
    assert a.grad.tolist() == [1.0, 1.0]  # in the graph
    new = mg.arange(4.0)
    vector_to_parameters(new, [a, b])
    assert a.tolist() == [0.0, 1.0] and b.tolist() == [[2.0, 3.0]]
    assert isinstance(a, nn.Parameter) and a.requires_grad
    with pytest.raises(ShapeError, match="the vector has 3 elements but the parameters hold 4"):
        vector_to_parameters(mg.zeros(3), [a, b])
    with pytest.raises(TypeError, match="expected a 1-D tensor, got a tensor of 2 axes"):
        vector_to_parameters(mg.zeros(2, 2), [a, b])


def test_parameter_list_registers_its_entries():
    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.scales = nn.ParameterList([nn.Parameter(mg.ones(2)), mg.zeros(3)])

    model = Model()
    assert [n for n, _ in model.named_parameters()] == ["scales.0", "scales.1"]
    assert isinstance(model.scales[1], nn.Parameter) and model.scales[1].requires_grad
    model.scales.append(mg.ones(1))
    assert list(model.state_dict()) == ["scales.0", "scales.1", "scales.2"]
    assert len(model.scales) == 3 and len(model.scales[0:2]) == 2
    assert model.scales[-1].shape == (1,)
    assert "(0): Parameter containing: [float32 of size 2]" in repr(model.scales)
    with pytest.raises(TypeError, match="ParameterList: expected a Parameter or a Tensor, got int"):
        model.scales.append(3)
    with pytest.raises(IndexError, match="index 5 is out of range for 3 parameters"):
        model.scales[5]


def test_unflatten_is_the_inverse_of_flatten():
    x = mg.arange(30.0).reshape(3, 10)
    layer = nn.Unflatten(1, (2, 5))
    assert repr(layer) == "Unflatten(dim=1, unflattened_size=(2, 5))"  # torch's repr
    y = layer(x)
    assert y.shape == (3, 2, 5) and nn.Flatten()(y).tolist() == x.tolist()
    assert nn.Unflatten(-1, (2, -1))(x).shape == (3, 2, 5)
    with pytest.raises(ShapeError, match=r"Unflatten: sizes \(3, 5\) do not multiply up"):
        nn.Unflatten(1, (3, 5))(x)


def test_top_level_dropout_needs_train_as_in_torch():
    x = mg.ones(4)
    assert mg.dropout(x, 0.5, False).tolist() == [1.0] * 4  # not training: unchanged
    mg.manual_seed(0)
    kept = mg.dropout(mg.ones(1000), 0.5, True).numpy()
    assert set(np.unique(kept)) == {0.0, 2.0} and 400 < (kept == 0).sum() < 600
    with pytest.raises(TypeError):
        mg.dropout(x, 0.5)


@pytest.mark.torch
def test_clip_grad_norm_against_torch():
    torch = torch_or_skip()
    g = [np.array([0.3, -2.0, 1.5]), np.array([[4.0, -0.5]])]
    ours = _params(*g)
    theirs = [torch.nn.Parameter(torch.zeros(x.shape)) for x in g]
    for p, x in zip(theirs, g):
        p.grad = torch.tensor(x, dtype=torch.float32)
    for norm_type in (2.0, 1.0, 3.0, math.inf):
        for p, x in zip(ours, g):
            p.grad = mg.tensor(x.astype(np.float32))
        for p, x in zip(theirs, g):
            p.grad = torch.tensor(x, dtype=torch.float32)
        a = clip_grad_norm_(ours, 1.0, norm_type)
        b = torch.nn.utils.clip_grad_norm_(theirs, 1.0, norm_type)
        assert a.item() == pytest.approx(b.item(), rel=1e-6)
        for p, q in zip(ours, theirs):
            np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-6)
