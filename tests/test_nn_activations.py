"""The activation modules of nn/activations.py: PyTorch's constructor arguments, reprs
(PyTorch 2.13's, as literals), the function each one calls, and inplace=True."""

from __future__ import annotations

import numpy as np
import pytest
from test_errors import raises

import minigrad as mg
import minigrad.nn.functional as F
from minigrad import nn
from minigrad.errors import InplaceError

# module -> the same computation as a function
PAIRS = [
    (nn.LeakyReLU(), F.leaky_relu),
    (nn.LeakyReLU(0.2), lambda x: F.leaky_relu(x, 0.2)),
    (nn.ELU(alpha=0.5), lambda x: F.elu(x, 0.5)),
    (nn.SELU(), F.selu),
    (nn.GELU(), F.gelu),
    (nn.GELU("tanh"), lambda x: F.gelu(x, approximate="tanh")),
    (nn.SiLU(), F.silu),
    (nn.Mish(), F.mish),
    (nn.Softplus(beta=2, threshold=1), lambda x: F.softplus(x, 2, 1)),
    (nn.LogSigmoid(), F.logsigmoid),
    (nn.Hardtanh(-2, 3), lambda x: F.hardtanh(x, -2, 3)),
    (nn.ReLU6(), F.relu6),
    (nn.ReLU(), F.relu),
]


@pytest.mark.parametrize("module, function", PAIRS, ids=[repr(m) for m, _ in PAIRS])
def test_module_is_its_function(module, function):
    data = np.array([[-2.5, -0.5, 0.0], [0.75, 2.0, 7.0]])
    x = mg.tensor(data, requires_grad=True)
    y = module(x)
    y.sum().backward()
    g = x.grad.numpy().copy()
    x.grad = None
    z = function(x)
    z.sum().backward()
    np.testing.assert_array_equal(y.detach().numpy(), z.detach().numpy())
    np.testing.assert_array_equal(g, x.grad.numpy())
    np.testing.assert_array_equal(x.detach().numpy(), data)  # not in place by default


def test_reprs_are_pytorchs():
    reprs = {
        nn.LeakyReLU(): "LeakyReLU(negative_slope=0.01)",
        nn.LeakyReLU(0.2, inplace=True): "LeakyReLU(negative_slope=0.2, inplace=True)",
        nn.ELU(): "ELU(alpha=1.0)",
        nn.ELU(1, True): "ELU(alpha=1, inplace=True)",
        nn.GELU(): "GELU(approximate='none')",
        nn.GELU(approximate="tanh"): "GELU(approximate='tanh')",
        nn.SiLU(): "SiLU()",
        nn.SiLU(inplace=True): "SiLU(inplace=True)",
        nn.Softplus(): "Softplus(beta=1.0, threshold=20.0)",
        nn.Softplus(2, 10): "Softplus(beta=2, threshold=10)",
        nn.Hardtanh(): "Hardtanh(min_val=-1.0, max_val=1.0)",
        nn.Hardtanh(-2, 3, True): "Hardtanh(min_val=-2, max_val=3, inplace=True)",
        nn.LogSigmoid(): "LogSigmoid()",
        nn.ReLU6(): "ReLU6()",
        nn.ReLU6(True): "ReLU6(inplace=True)",
        nn.SELU(inplace=True): "SELU(inplace=True)",
        nn.Mish(): "Mish()",
        nn.ReLU(): "ReLU()",
        nn.ReLU(inplace=True): "ReLU(inplace=True)",
    }
    for module, text in reprs.items():
        assert repr(module) == text


def test_bad_settings_are_refused_when_the_module_is_made():
    raises(ValueError, lambda: nn.Hardtanh(1.0, -1.0), "Hardtanh", "max_val (-1.0)",
           "min_val (1.0)")
    raises(ValueError, lambda: nn.Hardtanh(1.0, 1.0), "Hardtanh", "greater")
    raises(ValueError, lambda: nn.GELU("fast"), "GELU", "'none' or 'tanh'")


def test_activations_have_no_parameters():
    for module, _ in PAIRS:
        assert list(module.parameters()) == [] and module.state_dict() == {}


def test_inplace_modules_in_a_model_train_like_out_of_place_ones():
    """nn.ReLU(inplace=True), nn.LeakyReLU(0.2, inplace=True): the pytorch/examples
    idiom. The same weights get the same gradients as with inplace=False."""

    def model(inplace):
        mg.manual_seed(0)
        return nn.Sequential(nn.Linear(3, 4), nn.LeakyReLU(0.2, inplace), nn.Linear(4, 4),
                             nn.ReLU(inplace), nn.Linear(4, 4), nn.ELU(inplace=inplace),
                             nn.Linear(4, 1))

    x = mg.tensor(np.random.default_rng(1).standard_normal((5, 3)).astype(np.float32))
    grads = []
    for inplace in (False, True):
        net = model(inplace)
        net(x).sum().backward()
        grads.append([p.grad.numpy() for p in net.parameters()])
    for a, b in zip(*grads):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_inplace_module_on_a_leaf_that_requires_grad_is_refused():
    x = mg.tensor([-1.0, 1.0], requires_grad=True)
    raises(InplaceError, lambda: nn.ReLU(inplace=True)(x), "relu_", "leaf")
    raises(InplaceError, lambda: nn.Hardtanh(inplace=True)(x), "hardtanh_", "leaf")


def test_new_names_are_no_longer_listed_as_missing():
    from minigrad import missing

    for module, names in (("minigrad.nn", ["GELU", "LeakyReLU", "SiLU", "Softplus"]),
                          ("minigrad.functional", ["elu", "gelu", "leaky_relu", "silu",
                                                   "softplus"])):
        assert not set(names) & missing._KNOWN[module]
