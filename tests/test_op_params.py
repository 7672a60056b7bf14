"""An op's parameters are recorded as it was applied (`node.params`), and pictures show
exactly them: what the user passed, never the engine's bookkeeping or what an op keeps
for its own backward."""

import numpy as np
import pytest

import minigrad as mg
from minigrad import functional as F
from minigrad import nn, viz
from minigrad.viz import labels


def x23():
    return mg.tensor(np.arange(6.0, dtype=np.float32).reshape(2, 3), requires_grad=True)


def label(t):
    return labels.op_lines(t.grad_fn, show_saved=False, show_data=False)


def test_nothing_set_on_a_node_later_shows_in_its_picture():
    a, b = x23(), x23()
    y = a * b
    y.retain_grad()  # sets retains_grad and out_ref on y's node
    y.grad_fn.note = "set by hand"  # any attribute someone sets on a node
    z = nn.Sequential(nn.Tanh())(y).sum()  # the module tags its Tanh node
    z.backward(retain_graph=True)  # the engine sets and resets create_graph on each node
    assert label(y) == ["Mul"]
    assert label(z.grad_fn.inputs[0]) == ["Tanh"]
    assert "retains_grad" not in viz.to_dot(z) and "note" not in viz.to_dot(z)


def test_what_an_op_keeps_for_backward_is_not_a_parameter():
    x = x23()
    loss = F.mse_loss(x, np.zeros((2, 3), np.float32))
    assert dict(loss.grad_fn.params) == {"reduction": "mean"}  # not its 1/n scale
    cast = x.astype(np.float64)
    assert dict(cast.grad_fn.params) == {"dtype": np.dtype(np.float64)}  # not the source dtype
    values = x.max(1).values
    assert dict(values.grad_fn.params) == {"axis": (1,), "keepdims": False}  # not the argmax


@pytest.mark.parametrize(
    "make, name, params",
    [
        (lambda x: x.sum(axis=1, keepdims=True), "Sum", {"axis": (1,), "keepdims": True}),
        (lambda x: x.mean(dim=0), "Mean", {"axis": (0,), "keepdims": False}),
        (lambda x: x.min(dim=0, keepdim=True).values, "MinDim", {"axis": (0,), "keepdims": True}),
        (lambda x: x.reshape(3, 2), "Reshape", {"shape": (3, 2)}),
        (lambda x: x.T, "Permute", {"axes": (1, 0)}),
        (lambda x: mg.stack([x, x], axis=2), "Stack", {"axis": 2}),
        (lambda x: F.softmax(x, dim=-1), "Softmax", {"axis": (1,)}),
        (lambda x: x * x, "Mul", {}),
        (lambda x: F.binary_cross_entropy_with_logits(x, np.ones((2, 3), np.float32),
                                                      reduction="sum"),
         "BCEWithLogits", {"weight": None, "pos_weight": None, "reduction": "sum"}),
        (lambda x: F.cross_entropy(x, F.softmax(x.detach(), dim=1), label_smoothing=0.25),
         "CrossEntropy", {"weight": None, "reduction": "mean", "label_smoothing": 0.25}),
    ],
)
def test_params_are_the_arguments_the_op_was_applied_with(make, name, params):
    node = make(x23()).grad_fn
    assert node.name == name
    assert dict(node.params) == params


def test_cross_entropy_records_the_users_target_and_options():
    x = x23()
    target = np.array([2, -100])
    loss = F.cross_entropy(x, target, weight=mg.tensor([1.0, 2.0, 3.0]), reduction="sum")
    params = dict(loss.grad_fn.params)
    np.testing.assert_array_equal(params.pop("target"), [2, -100])  # as given, -100 included
    np.testing.assert_array_equal(params.pop("weight"), [1.0, 2.0, 3.0])
    assert params == {"ignore_index": -100, "reduction": "sum", "label_smoothing": 0.0}
    assert label(loss) == ["CrossEntropy", "target=[2, -100]", "weight=[1, 2, 3]",
                           "ignore_index=-100", "reduction=sum", "label_smoothing=0"]


def test_clip_shows_number_bounds_and_names_tensor_bounds():
    x = x23()
    assert label(x.clip(0.5, 2.0)) == ["Clip", "min=0.5", "max=2"]
    assert label(x.clip(max=4)) == ["Clip", "max=4"]
    low = mg.tensor([1.0, 1.0, 1.0], requires_grad=True)
    clipped = mg.clip(x, low, None)
    assert label(clipped) == ["Clip", "tensor_bounds=(min,)"]
    clipped.sum().backward()
    np.testing.assert_array_equal(low.grad.numpy(), [1.0, 0.0, 0.0])  # only x[0, 0] is below


def test_picture_of_a_getitem_and_a_reduction_is_unchanged():
    x = x23()
    dot = viz.to_dot(x.sum(axis=0)[1:])
    assert "Sum\\naxis=(0,)\\nkeepdims=False" in dot
    assert "GetItem\\n[1:]" in dot
