"""inplace=True of the activation functions (minigrad/functional/activations.py):
relu, leaky_relu, elu, selu, hardtanh, relu6, silu, mish. As in PyTorch the input
itself is changed and returned; a leaf that requires grad is refused; in a graph the
change is recorded and the gradient is the out-of-place one."""

from __future__ import annotations

import numpy as np
import pytest
from test_errors import raises

import minigrad as mg
import minigrad.nn.functional as F
from minigrad.errors import DTypeError, InplaceError

INPLACE = {
    "relu": lambda x, inplace: F.relu(x, inplace=inplace),
    "leaky_relu": lambda x, inplace: F.leaky_relu(x, 0.1, inplace),
    "elu": lambda x, inplace: F.elu(x, 0.5, inplace),
    "selu": lambda x, inplace: F.selu(x, inplace),
    "hardtanh": lambda x, inplace: F.hardtanh(x, -1.0, 2.0, inplace),
    "relu6": lambda x, inplace: F.relu6(x, inplace),
    "silu": lambda x, inplace: F.silu(x, inplace),
    "mish": lambda x, inplace: F.mish(x, inplace=inplace),
}


@pytest.mark.parametrize("name", list(INPLACE))
def test_inplace_changes_the_input_and_keeps_the_gradient(name):
    """As PyTorch: the input itself, changed, is returned; the gradient is exact."""
    f = INPLACE[name]
    x = mg.tensor([-1.0, 0.5, 3.0], dtype=np.float64, requires_grad=True)
    expected = f(x * 2, False)
    expected.sum().backward()
    want = x.grad.numpy().copy()
    x.grad = None
    h = x * 2
    out = f(h, True)
    assert out is h and h._version == 1
    np.testing.assert_array_equal(h.detach().numpy(), expected.detach().numpy())
    out.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), want, rtol=1e-15)


@pytest.mark.parametrize("name", list(INPLACE))
def test_inplace_refuses_a_leaf_that_requires_grad(name):
    x = mg.tensor([-1.0, 0.5], requires_grad=True)
    raises(InplaceError, lambda: INPLACE[name](x, True), f"{name}_", "leaf")
    np.testing.assert_array_equal(x.numpy(), [-1.0, 0.5])


@pytest.mark.parametrize("name", list(INPLACE))
def test_inplace_without_a_graph_just_changes_the_values(name):
    x = mg.tensor([-1.0, 0.5, 3.0])
    expected = INPLACE[name](x, False).numpy()
    with mg.no_grad():
        w = mg.tensor([-1.0, 0.5, 3.0], requires_grad=True)
        assert INPLACE[name](w, True) is w
    assert INPLACE[name](x, True) is x and x.grad_fn is None
    np.testing.assert_array_equal(x.numpy(), expected)
    np.testing.assert_array_equal(w.detach().numpy(), expected)


def test_inplace_errors_leave_the_input_alone():
    x = mg.tensor([1, 2])
    raises(DTypeError, lambda: F.elu(x, inplace=True), "elu", "int64")
    assert x.tolist() == [1, 2] and x._version == 0
    assert F.relu6(x, inplace=True) is x and x.tolist() == [1, 2]  # ints: in place, as PyTorch
    raises(TypeError, lambda: F.silu([1.0, -1.0], inplace=True), "silu", "Tensor", "list")
    b = mg.broadcast_to(mg.tensor([-1.0]), (3,))
    raises(ValueError, lambda: F.elu(b, inplace=True), "elu_", "read-only")


def test_a_saved_output_changed_in_place_is_caught():
    """sigmoid's backward reads its output; relu(inplace=True) on it is an error at
    backward time, as in PyTorch (not a wrong gradient)."""
    x = mg.tensor([-1.0, 2.0], requires_grad=True)
    y = F.relu(x.sigmoid(), inplace=True)
    raises(InplaceError, lambda: y.sum().backward(), "Sigmoid", "in place")
