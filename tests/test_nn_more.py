"""nn additions for PyTorch beginner code: Dropout, ModuleList/ModuleDict, L1Loss,
SmoothL1Loss, HuberLoss (values and gradients from PyTorch 2.13 as literals)."""

import numpy as np
import pytest
from test_errors import raises

import minigrad as mg
import minigrad.nn.functional as F
from minigrad import nn
from minigrad.errors import DTypeError, ShapeError

# x - y = [[0, 1, 2], [-2, 0.5, -0.75]]: a zero (l1's kink), |d| = 1 (beta = 1 and
# delta = 1's joint) and |d| = 2 (delta = 2's joint).
X = [[0.0, 1.0, 2.5], [-3.0, 0.5, -0.25]]
Y = [[0.0, 0.0, 0.5], [-1.0, 0.0, 0.5]]

# (function, settings) -> (value for 'none', gradient of x for 'sum'), from PyTorch
TORCH = {
    ("l1_loss", ()): ([[0.0, 1.0, 2.0], [2.0, 0.5, 0.75]], [[0.0, 1.0, 1.0], [-1.0, 1.0, -1.0]]),
    ("smooth_l1_loss", (("beta", 1.0),)): (
        [[0.0, 0.5, 1.5], [1.5, 0.125, 0.28125]], [[0.0, 1.0, 1.0], [-1.0, 0.5, -0.75]]),
    ("smooth_l1_loss", (("beta", 0.5),)): (
        [[0.0, 0.75, 1.75], [1.75, 0.25, 0.5]], [[0.0, 1.0, 1.0], [-1.0, 1.0, -1.0]]),
    ("smooth_l1_loss", (("beta", 0.0),)): (
        [[0.0, 1.0, 2.0], [2.0, 0.5, 0.75]], [[0.0, 1.0, 1.0], [-1.0, 1.0, -1.0]]),
    ("huber_loss", (("delta", 1.0),)): (
        [[0.0, 0.5, 1.5], [1.5, 0.125, 0.28125]], [[0.0, 1.0, 1.0], [-1.0, 0.5, -0.75]]),
    ("huber_loss", (("delta", 2.0),)): (
        [[0.0, 0.5, 2.0], [2.0, 0.125, 0.28125]], [[0.0, 1.0, 2.0], [-2.0, 0.5, -0.75]]),
}


def _pair():
    x = mg.tensor(X, dtype=np.float64, requires_grad=True)
    y = mg.tensor(Y, dtype=np.float64, requires_grad=True)
    return x, y


@pytest.mark.parametrize("key", list(TORCH), ids=lambda k: f"{k[0]}{dict(k[1])}")
@pytest.mark.parametrize("reduction", ["none", "sum", "mean"])
def test_regression_losses_match_pytorch(key, reduction):
    name, settings = key
    each, grad_sum = (np.array(v) for v in TORCH[key])
    x, y = _pair()
    loss = getattr(F, name)(x, y, reduction=reduction, **dict(settings))
    expected = {"none": each, "sum": each.sum(), "mean": each.mean()}[reduction]
    np.testing.assert_allclose(loss.numpy(), expected, rtol=1e-12)
    loss.sum().backward()
    scale = 1 / 6 if reduction == "mean" else 1.0
    np.testing.assert_allclose(x.grad.numpy(), grad_sum * scale, rtol=1e-12)
    np.testing.assert_allclose(y.grad.numpy(), -grad_sum * scale, rtol=1e-12)


def test_l1_gradient_at_zero_difference_is_zero_as_in_pytorch():
    x = mg.tensor([1.0, 2.0], requires_grad=True)
    F.l1_loss(x, mg.tensor([1.0, 0.0]), reduction="sum").backward()
    assert x.grad.tolist() == [0.0, 1.0]
    x = mg.tensor([float("nan"), -1.0], requires_grad=True)
    F.l1_loss(x, mg.zeros(2), reduction="sum").backward()
    assert x.grad.tolist() == [0.0, -1.0]  # PyTorch: 0 where the difference is NaN


def test_float32_losses_keep_float32_and_mean_values_match_pytorch():
    x, y = mg.tensor(X), mg.tensor(Y)
    assert F.l1_loss(x, y).dtype == np.float32
    # PyTorch: 1.0416666269302368, 0.6510416865348816, 0.6510416865348816
    np.testing.assert_allclose(F.l1_loss(x, y).item(), 1.0416666269302368, rtol=1e-6)
    np.testing.assert_allclose(F.smooth_l1_loss(x, y).item(), 0.6510416865348816, rtol=1e-6)
    np.testing.assert_allclose(F.huber_loss(x, y).item(), 0.6510416865348816, rtol=1e-6)
    assert F.huber_loss(x.astype(np.float16), y.astype(np.float16)).dtype == np.float16


@pytest.mark.parametrize("name", ["l1_loss", "smooth_l1_loss", "huber_loss"])
@pytest.mark.parametrize("reduction", ["none", "sum", "mean"])
@pytest.mark.parametrize("shape", [(), (3,), (2, 3)])
def test_regression_losses_gradcheck(name, reduction, shape):
    rng = np.random.default_rng(len(shape))
    x = mg.tensor(rng.standard_normal(shape) * 2, requires_grad=True)
    y = mg.tensor(rng.standard_normal(shape), requires_grad=True)
    settings = {"smooth_l1_loss": {"beta": 0.7}, "huber_loss": {"delta": 1.3}}.get(name, {})

    def fn(a, b):
        return getattr(F, name)(a, b, reduction=reduction, **settings)

    assert mg.gradcheck(fn, (x, y))
    if name != "l1_loss":  # l1's second derivative is 0 (and central differences see its kink)
        assert mg.gradgradcheck(fn, (x, y))


def test_regression_loss_modules_call_the_functions():
    x, y = _pair()
    assert nn.L1Loss()(x, y).item() == pytest.approx(6.25 / 6)
    assert nn.SmoothL1Loss(reduction="sum", beta=0.5)(x, y).item() == pytest.approx(5.0)
    assert nn.HuberLoss(reduction="sum", delta=2.0)(x, y).item() == pytest.approx(4.90625)
    assert nn.HuberLoss(reduction="none")(x, y).shape == (2, 3)
    with pytest.raises(ValueError, match="reduction"):
        nn.L1Loss(reduction="avg")


def test_regression_loss_errors():
    x = mg.tensor([1.0, 2.0])
    raises(ValueError, lambda: F.smooth_l1_loss(x, x, beta=-1.0), "smooth_l1_loss", "beta=-1.0")
    raises(ValueError, lambda: F.huber_loss(x, x, delta=0.0), "huber_loss", "delta=0.0",
           "positive")
    raises(TypeError, lambda: F.huber_loss(x, x, delta="1"), "huber_loss", "delta")
    raises(ShapeError, lambda: F.l1_loss(x, mg.tensor([[1.0, 2.0]])), "l1_loss", "(1, 2)",
           "(2,)")
    raises(DTypeError, lambda: F.l1_loss(mg.tensor([1, 2]), x), "l1_loss", "int64")
    raises(ValueError, lambda: F.smooth_l1_loss(x, x, reduction="avg"), "smooth_l1_loss", "'avg'")


def test_losses_leave_their_inputs_unchanged():
    x, y = _pair()
    before = x.numpy().copy(), y.numpy().copy()
    F.huber_loss(x, y).backward()
    np.testing.assert_array_equal(x.numpy(), before[0])
    np.testing.assert_array_equal(y.numpy(), before[1])


# ---- dropout ---------------------------------------------------------------
def test_dropout_zeros_and_scales_with_the_seeded_generator():
    mg.manual_seed(3)
    x = mg.ones(1000, requires_grad=True)
    out = F.dropout(x, p=0.25)
    values = set(np.unique(out.numpy()).tolist())
    assert values == {0.0, np.float32(1 / 0.75)}
    kept = out.numpy() != 0
    assert 0.65 < kept.mean() < 0.85
    out.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), kept / 0.75, rtol=1e-6)  # dz/dx = the mask
    mg.manual_seed(3)
    np.testing.assert_array_equal(F.dropout(mg.ones(1000), p=0.25).numpy(), out.numpy())


def test_dropout_edge_cases_as_pytorch():
    x = mg.tensor([1.0, 2.0, 3.0], requires_grad=True)
    assert F.dropout(x, 0.5, training=False) is x  # PyTorch returns its input
    assert F.dropout(x, 0.0) is x
    zeros = F.dropout(x, 1.0)
    assert zeros.tolist() == [0.0, 0.0, 0.0]
    zeros.sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, 0.0]
    raises(ValueError, lambda: F.dropout(x, 1.5), "dropout", "between 0 and 1", "1.5")
    raises(ValueError, lambda: nn.Dropout(-0.1), "Dropout", "between 0 and 1")
    raises(DTypeError, lambda: F.dropout(mg.tensor([1, 2]), 0.5), "dropout", "int64")


def test_dropout_gradcheck_with_a_fixed_mask():
    from minigrad.functional.dropout import Dropout

    mask = mg.tensor([[2.0, 0.0, 2.0], [0.0, 0.0, 2.0]], dtype=np.float64)
    x = mg.tensor(np.random.default_rng(0).standard_normal((2, 3)), requires_grad=True)
    assert mg.gradcheck(lambda a: Dropout.apply(a, mask, p=0.5), (x,))
    assert mg.gradgradcheck(lambda a: Dropout.apply(a, mask, p=0.5) ** 2, (x,))


def test_dropout_module_follows_train_and_eval():
    layer = nn.Dropout(p=0.5)
    assert repr(layer) == "Dropout(p=0.5, inplace=False)"
    assert repr(nn.Dropout(1)) == "Dropout(p=1, inplace=False)"  # p as given, as PyTorch
    model = nn.Sequential(nn.Linear(4, 4), layer)
    x = mg.ones(64, 4)
    mg.manual_seed(0)
    assert (model(x).numpy() == 0).any()
    model.eval()
    assert not layer.training
    np.testing.assert_array_equal(model(x).numpy(), model[0](x).numpy())
    model.train()
    assert layer.training


def test_dropout_inplace_changes_the_input():
    mg.manual_seed(1)
    x = mg.ones(50)
    out = F.dropout(x, 0.5, inplace=True)
    assert out is x and set(np.unique(x.numpy()).tolist()) <= {0.0, 2.0}


# ---- Identity and Flatten ----------------------------------------------------
def test_identity_and_flatten_match_pytorch():
    x = mg.randn(2, 3, 4, 5)
    assert nn.Identity()(x) is x
    assert repr(nn.Flatten()) == "Flatten(start_dim=1, end_dim=-1)"
    assert nn.Flatten()(x).shape == (2, 60)
    assert nn.Flatten(0, 2)(x).shape == (24, 5)
    assert nn.Flatten(start_dim=2)(x).shape == (2, 3, 20)


# ---- ModuleList and ModuleDict -------------------------------------------------
class Stack(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])
        self.heads = nn.ModuleDict({"a": nn.Linear(2, 1), "b": nn.Linear(2, 3)})

    def forward(self, x):
        for layer in self.layers:
            x = layer(x).relu()
        return self.heads["a"](x), self.heads.b(x)


def test_module_list_and_dict_register_their_entries():
    model = Stack()
    assert list(model.state_dict()) == [
        "layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias",
        "layers.2.weight", "layers.2.bias", "heads.a.weight", "heads.a.bias",
        "heads.b.weight", "heads.b.bias",
    ]
    assert len(list(model.parameters())) == 10
    a, b = model(mg.ones(4, 2))
    (a.sum() + b.sum()).backward()
    assert all(p.grad is not None for p in model.parameters())
    model.eval()
    assert not any(m.training for m in model.modules())
    model.double()
    assert model.layers[0].weight.dtype == np.float64


def test_module_list_behaves_like_a_list():
    first, second, third = nn.Linear(1, 1), nn.ReLU(), nn.Tanh()
    layers = nn.ModuleList()
    assert len(layers) == 0
    layers.append(first).extend([second])
    layers.insert(0, third)
    assert list(layers) == [third, first, second]
    assert [name for name, _ in layers.named_children()] == ["0", "1", "2"]
    assert layers[-1] is second and layers[1] is first
    part = layers[1:]
    assert isinstance(part, nn.ModuleList) and list(part) == [first, second]
    del layers[0]
    assert list(layers) == [first, second] and list(layers.state_dict()) == ["0.weight", "0.bias"]
    layers[1] = third
    assert layers[1] is third
    layers += [nn.Sigmoid()]
    assert len(layers) == 3 and layers.pop() is not None and len(layers) == 2
    assert "ModuleList(\n  (0): Linear" in repr(layers)


def test_module_list_errors():
    layers = nn.ModuleList([nn.ReLU()])
    raises(IndexError, lambda: layers[3], "ModuleList", "3", "1 modules")
    raises(TypeError, lambda: layers.append(nn.ReLU), "ModuleList.append", "type", "ReLU()")
    raises(TypeError, lambda: nn.ModuleList([nn.ReLU(), 3]), "ModuleList", "item 1", "int")
    raises(TypeError, lambda: layers.extend(nn.Linear(1, 1)), "extend", "append")
    raises(TypeError, lambda: layers["0"], "ModuleList", "str")
    raises(NotImplementedError, lambda: layers(mg.ones(1)), "forward")


def test_module_dict_behaves_like_a_dict():
    heads = nn.ModuleDict([("x", nn.ReLU()), ("y", nn.Tanh())])
    assert heads.keys() == ["x", "y"] and len(heads) == 2 and "x" in heads
    assert list(heads) == ["x", "y"]
    heads["z"] = nn.Sigmoid()
    heads.update({"x": nn.Tanh()})
    assert isinstance(heads["x"], nn.Tanh) and [k for k, _ in heads.items()] == ["x", "y", "z"]
    assert isinstance(heads.pop("y"), nn.Tanh) and "y" not in heads
    del heads["z"]
    assert heads.keys() == ["x"]
    heads.clear()
    assert len(heads) == 0
    raises(KeyError, lambda: heads["missing"], "missing")
    raises(TypeError, lambda: heads.update({1: nn.ReLU()}), "ModuleDict", "strings")
    raises(KeyError, lambda: heads.update({"a.b": nn.ReLU()}), "'.'")
    raises(TypeError, lambda: heads.update({"a": 3}), "ModuleDict", "int")
