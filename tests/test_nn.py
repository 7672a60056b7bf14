"""minigrad.nn: the Module tree, Parameter, Linear/Sequential, activations, losses, init."""

import math

import numpy as np
import pytest

import minigrad as mg
from minigrad import nn
from minigrad.errors import DTypeError, ShapeError


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 4)
        self.body = nn.Sequential(nn.Linear(4, 4), nn.Tanh(), nn.Linear(4, 2))
        self.scale = nn.Parameter([2.0])

    def forward(self, x):
        return self.body(self.fc(x).relu()) * self.scale


# ---- Parameter and registration -----------------------------------------------
def test_parameter_defaults():
    p = nn.Parameter([[1.0, 2.0]])
    assert isinstance(p, mg.Tensor) and p.requires_grad and p.is_leaf
    assert p.dtype == np.float32 and p.name is None
    assert repr(p).startswith("Parameter containing:\nTensor(")
    array = np.ones(3)
    q = nn.Parameter(array)
    q.numpy()[0] = 5  # a copy: the caller's array is untouched
    assert array[0] == 1 and q.dtype == np.float64
    with pytest.raises(TypeError, match="floating"):
        nn.Parameter(mg.tensor([1, 2]))


def test_named_parameters_follow_pytorch_naming_and_order():
    net = Net()
    names = [n for n, _ in net.named_parameters()]
    assert names == ["scale", "fc.weight", "fc.bias", "body.0.weight", "body.0.bias",
                     "body.2.weight", "body.2.bias"]
    assert len(list(net.parameters())) == 7
    assert [n for n, _ in net.named_modules()] == ["", "fc", "body", "body.0", "body.1", "body.2"]
    assert [type(m).__name__ for m in net.children()] == ["Linear", "Sequential"]
    assert len(list(net.modules())) == 6


def test_shared_parameters_and_modules_are_listed_once():
    layer = nn.Linear(2, 2)
    seq = nn.Sequential(layer, nn.ReLU(), layer)
    assert len(list(seq.parameters())) == 2
    assert len(list(seq.modules())) == 3  # seq, layer, relu
    assert list(seq.state_dict()) == ["0.weight", "0.bias", "2.weight", "2.bias"]


def test_setattr_registers_replaces_and_deletes():
    net = Net()
    net.fc = nn.Linear(3, 5)
    assert net.fc.out_features == 5 and "fc" in net._modules and "fc" not in net.__dict__
    with pytest.raises(TypeError, match="Parameter"):
        net.scale = mg.tensor([1.0])
    net.scale = None
    assert "scale" not in [n for n, _ in net.named_parameters()]
    del net.fc
    with pytest.raises(AttributeError, match="fc"):
        net.fc  # noqa: B018
    net.plain = 3
    assert net.plain == 3 and "plain" not in net._parameters


def test_assigning_before_super_init_is_explained():
    class Bad(nn.Module):
        def __init__(self):
            self.fc = nn.Linear(1, 1)

    with pytest.raises(AttributeError, match=r"super\(\).__init__\(\)"):
        Bad()


def test_forward_missing_and_call():
    with pytest.raises(NotImplementedError, match="forward"):
        nn.Module()(1)
    assert nn.Identity()(7) == 7


def test_train_eval_recurse():
    net = Net()
    assert net.training and net.body[1].training
    assert net.eval() is net
    assert not any(m.training for m in net.modules())
    net.train()
    assert all(m.training for m in net.modules())


def test_zero_grad():
    net = Net()
    net(mg.randn(5, 3)).sum().backward()
    assert all(p.grad is not None for p in net.parameters())
    net.zero_grad(set_to_none=False)
    assert all(np.all(p.grad.numpy() == 0) for p in net.parameters())
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())


def test_repr_is_nested_like_pytorch():
    seq = nn.Sequential(nn.Linear(2, 1), nn.Sigmoid())
    assert repr(seq) == (
        "Sequential(\n  (0): Linear(in_features=2, out_features=1, bias=True)\n"
        "  (1): Sigmoid()\n)"
    )
    text = repr(Net())
    assert "  (body): Sequential(\n    (0): Linear(in_features=4, out_features=4, " in text
    assert repr(nn.Softmax(dim=1)) == "Softmax(axis=1)"
    assert repr(nn.MSELoss(reduction="sum")) == "MSELoss(reduction='sum')"


# ---- state_dict ---------------------------------------------------------------
def test_state_dict_is_an_ordered_copy():
    net = Net()
    sd = net.state_dict()
    assert list(sd) == [n for n, _ in net.named_parameters()]
    assert all(type(v) is mg.Tensor and not v.requires_grad for v in sd.values())
    sd["fc.weight"].numpy()[...] = 0
    assert np.any(net.fc.weight.numpy() != 0)


def test_load_state_dict_round_trip_and_dtype():
    src, dst = Net(), Net()
    sd = {k: v.numpy().astype(np.float64) for k, v in src.state_dict().items()}
    version = dst.fc.weight._version
    assert dst.load_state_dict(sd) == ([], [])
    for (_, a), (_, b) in zip(src.named_parameters(), dst.named_parameters()):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
        assert b.dtype == np.float32 and b.requires_grad
    assert dst.fc.weight._version == version + 1
    x = mg.randn(2, 3)
    np.testing.assert_array_equal(src(x).numpy(), dst(x).numpy())


def test_load_state_dict_lists_every_problem_and_changes_nothing():
    net = Net()
    before = net.fc.weight.numpy().copy()
    sd = net.state_dict()
    del sd["fc.bias"], sd["scale"]
    sd["extra.weight"] = mg.zeros(1)
    sd["fc.weight"] = mg.zeros(3, 4)
    sd["body.0.bias"] = mg.zeros(5)
    with pytest.raises(ValueError) as info:
        net.load_state_dict(sd)
    message = str(info.value)
    for words in ("'fc.bias'", "'scale'", "missing", "'extra.weight'", "unexpected",
                  "fc.weight: shape (3, 4) in the state_dict, (4, 3) in the model",
                  "body.0.bias: shape (5,)"):
        assert words in message
    np.testing.assert_array_equal(net.fc.weight.numpy(), before)


def test_load_state_dict_non_strict_reports_keys():
    net = Net()
    sd = net.state_dict()
    del sd["scale"]
    sd["other"] = mg.zeros(2)
    result = net.load_state_dict(sd, strict=False)
    assert result.missing_keys == ["scale"] and result.unexpected_keys == ["other"]
    sd["fc.bias"] = mg.zeros(9)
    with pytest.raises(ValueError, match="fc.bias"):  # shapes are checked even then
        net.load_state_dict(sd, strict=False)
    with pytest.raises(TypeError, match="dict"):
        net.load_state_dict([1, 2])


# ---- Linear and Sequential ----------------------------------------------------
def test_linear_matches_formula_and_shapes():
    layer = nn.Linear(3, 2)
    assert layer.weight.shape == (2, 3) and layer.bias.shape == (2,)
    x = np.random.default_rng(1).standard_normal((5, 3)).astype(np.float32)
    out = layer(mg.tensor(x))
    expected = x @ layer.weight.numpy().T + layer.bias.numpy()
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-6)
    assert out.dtype == np.float32
    assert layer(mg.randn(4, 7, 3)).shape == (4, 7, 2)
    assert nn.Linear(3, 2, bias=False).bias is None
    assert len(list(nn.Linear(3, 2, bias=False).parameters())) == 1


def test_linear_gradients():
    layer = nn.Linear(3, 2, dtype=np.float64)
    x = mg.tensor(np.random.default_rng(2).standard_normal((4, 3)), requires_grad=True)
    assert mg.gradcheck(lambda x, w, b: x @ w.T + b, [x, layer.weight, layer.bias])
    layer(x).sum().backward()
    np.testing.assert_allclose(layer.bias.grad.numpy(), [4.0, 4.0])
    np.testing.assert_allclose(layer.weight.grad.numpy(), np.tile(x.numpy().sum(0), (2, 1)))


def test_linear_default_init_bounds_and_seed():
    mg.manual_seed(0)
    a = nn.Linear(100, 50)
    mg.manual_seed(0)
    b = nn.Linear(100, 50)
    np.testing.assert_array_equal(a.weight.numpy(), b.weight.numpy())
    bound = 1 / math.sqrt(100)
    for p in (a.weight, a.bias):
        assert np.abs(p.numpy()).max() <= bound
        assert np.abs(p.numpy()).max() > 0.9 * bound  # spread over the whole range
    gen = np.random.default_rng(5)
    c = nn.Linear(2, 2, generator=gen)
    d = nn.Linear(2, 2, generator=np.random.default_rng(5))
    np.testing.assert_array_equal(c.weight.numpy(), d.weight.numpy())
    assert nn.Linear(2, 2, dtype=np.float64).weight.dtype == np.float64


def test_linear_errors():
    layer = nn.Linear(3, 2)
    with pytest.raises(ShapeError, match=r"shape \(4, 2\).*in_features=3"):
        layer(mg.zeros(4, 2))
    with pytest.raises(DTypeError, match=r"x.float\(\)"):
        layer(mg.tensor([[1, 2, 3]]))
    with pytest.raises(TypeError, match="mg.tensor"):
        layer([[1.0, 2.0, 3.0]])
    with pytest.raises(ValueError, match="in_features"):
        nn.Linear(0, 2)
    with pytest.raises(DTypeError):
        nn.Linear(2, 2, dtype=np.int64)


def test_module_to_double_allows_gradcheck():
    model = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1)).double()
    assert all(p.dtype == np.float64 for p in model.parameters())
    params = list(model.parameters())
    x = mg.tensor(np.random.default_rng(3).standard_normal((4, 2)))

    def run(*ps):
        h = (x @ ps[0].T + ps[1]).tanh()
        return h @ ps[2].T + ps[3]

    assert mg.gradcheck(run, params)
    np.testing.assert_allclose(run(*params).numpy(), model(x).numpy())


def test_sequential_container():
    seq = nn.Sequential(nn.Linear(2, 3), nn.ReLU())
    seq.append(nn.Linear(3, 1))
    assert len(seq) == 3 and isinstance(seq[-1], nn.Linear)
    assert [type(m).__name__ for m in seq] == ["Linear", "ReLU", "Linear"]
    assert isinstance(seq[1:], nn.Sequential) and len(seq[1:]) == 2
    with pytest.raises(IndexError):
        seq[3]  # noqa: B018
    with pytest.raises(TypeError, match=r"ReLU\(\)"):
        nn.Sequential(nn.ReLU)
    assert nn.Flatten()(mg.zeros(2, 3, 4)).shape == (2, 12)


def test_flatten_of_a_0d_tensor():
    # PyTorch: a 0-d tensor has dims 0 and -1 only, so Flatten()'s start_dim=1 is an error
    assert nn.Flatten(0)(mg.tensor(5.0)).shape == (1,)
    assert mg.tensor(5.0).flatten(-1, 0).shape == (1,)
    with pytest.raises(ShapeError, match=r"flatten: start_dim=1 is out of range for a 0-d"):
        nn.Flatten()(mg.tensor(5.0))
    with pytest.raises(ShapeError, match=r"end_dim=2"):
        mg.tensor(5.0).flatten(0, 2)


def test_activations():
    x = mg.tensor([[-2.0, 0.5, 3.0]])
    data = x.numpy()
    np.testing.assert_allclose(nn.ReLU()(x).numpy(), np.maximum(data, 0))
    np.testing.assert_allclose(nn.Sigmoid()(x).numpy(), 1 / (1 + np.exp(-data)), rtol=1e-6)
    np.testing.assert_allclose(nn.Tanh()(x).numpy(), np.tanh(data), rtol=1e-6)


def test_softmax_modules():
    x = mg.tensor([[1.0, 2.0, 3.0], [0.0, 0.0, 1e4]])
    e = np.exp(x.numpy() - x.numpy().max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(nn.Softmax(axis=1)(x).numpy(), p, rtol=1e-6)
    np.testing.assert_allclose(nn.LogSoftmax(dim=1)(x).numpy()[0], np.log(p[0]), rtol=1e-6)
    assert np.isfinite(nn.LogSoftmax(-1)(x).numpy()).all()
    with pytest.raises(TypeError, match="not both"):
        nn.Softmax(axis=0, dim=1)
    # No dim: PyTorch's implicit choice (axis 0 for 3-D input), with a warning.
    cube = mg.randn(2, 3, 4)
    with pytest.warns(UserWarning, match="dim"):
        implicit = nn.Softmax()(cube)
    np.testing.assert_allclose(implicit.numpy().sum(axis=0), np.ones((3, 4)), rtol=1e-5)


# ---- losses -------------------------------------------------------------------
def test_loss_modules_match_numpy_formulas():
    logits = np.array([[2.0, -1.0, 0.5], [0.1, 0.2, 3.0]], dtype=np.float32)
    labels = np.array([0, 2])
    logp = logits - np.log(np.exp(logits).sum(1, keepdims=True))
    ce = -logp[[0, 1], labels].mean()
    out = nn.CrossEntropyLoss()(mg.tensor(logits), mg.tensor(labels))
    np.testing.assert_allclose(out.item(), ce, rtol=1e-5)
    out = nn.NLLLoss(reduction="sum")(mg.tensor(logp), mg.tensor(labels))
    np.testing.assert_allclose(out.item(), -logp[[0, 1], labels].sum(), rtol=1e-5)

    z = np.array([-3.0, 0.0, 2.0], dtype=np.float32)
    y = np.array([0.0, 1.0, 1.0], dtype=np.float32)
    p = 1 / (1 + np.exp(-z))
    bce = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    np.testing.assert_allclose(
        nn.BCEWithLogitsLoss()(mg.tensor(z), mg.tensor(y)).item(), bce.mean(), rtol=1e-5)
    np.testing.assert_allclose(
        nn.BCELoss(reduction="none")(mg.tensor(p), mg.tensor(y)).numpy(), bce, rtol=1e-5)
    np.testing.assert_allclose(
        nn.MSELoss()(mg.tensor(z), mg.tensor(y)).item(), ((z - y) ** 2).mean(), rtol=1e-6)


def test_loss_options_are_passed_on():
    logits, labels = mg.tensor([[2.0, -1.0], [0.1, 0.2]]), mg.tensor([0, -100])
    only_first = nn.CrossEntropyLoss()(logits[:1], labels[:1]).item()
    assert nn.CrossEntropyLoss()(logits, labels).item() == pytest.approx(only_first, rel=1e-6)
    z, y = mg.tensor([0.5, -0.5]), mg.tensor([1.0, 1.0])
    plain = nn.BCEWithLogitsLoss(reduction="sum")(z, y).item()
    weighted = nn.BCEWithLogitsLoss(reduction="sum", pos_weight=mg.tensor([3.0]))(z, y).item()
    assert weighted == pytest.approx(3 * plain, rel=1e-6)


def test_loss_reduction_is_checked():
    with pytest.raises(ValueError, match="'mean', 'sum' or 'none'"):
        nn.MSELoss(reduction="avg")


# ---- init ---------------------------------------------------------------------
def test_calculate_gain():
    assert nn.init.calculate_gain("linear") == 1
    assert type(nn.init.calculate_gain("sigmoid")) is int  # PyTorch returns the int 1 here
    assert nn.init.calculate_gain("tanh") == pytest.approx(5 / 3)
    assert nn.init.calculate_gain("relu") == pytest.approx(math.sqrt(2))
    assert nn.init.calculate_gain("leaky_relu", 0.2) == pytest.approx(math.sqrt(2 / 1.04))
    with pytest.raises(ValueError, match="unknown nonlinearity"):
        nn.init.calculate_gain("swish")


def test_initialisers_fill_in_place_with_right_scale():
    init = nn.init
    w = nn.Parameter(np.zeros((200, 300), dtype=np.float32))
    version = w._version
    assert init.xavier_uniform_(w, generator=np.random.default_rng(0)) is w
    assert w._version == version + 1 and w.dtype == np.float32 and w.requires_grad
    assert np.abs(w.numpy()).max() <= math.sqrt(6 / 500)
    init.xavier_normal_(w, gain=2.0, generator=np.random.default_rng(0))
    assert w.numpy().std() == pytest.approx(2 * math.sqrt(2 / 500), rel=0.02)
    init.kaiming_normal_(w, nonlinearity="relu", generator=np.random.default_rng(0))
    assert w.numpy().std() == pytest.approx(math.sqrt(2 / 300), rel=0.02)
    gen = np.random.default_rng(0)
    init.kaiming_uniform_(w, mode="fan_out", nonlinearity="relu", generator=gen)
    assert np.abs(w.numpy()).max() <= math.sqrt(6 / 200)
    assert np.abs(w.numpy()).max() > 0.99 * math.sqrt(6 / 200)
    init.normal_(w, mean=3.0, std=0.5, generator=np.random.default_rng(0))
    assert w.numpy().mean() == pytest.approx(3.0, abs=0.01)
    init.uniform_(w, -2.0, -1.0)
    assert w.numpy().min() >= -2 and w.numpy().max() < -1
    init.constant_(w, 0.25)
    assert np.all(w.numpy() == 0.25)
    assert np.all(init.zeros_(w).numpy() == 0) and np.all(init.ones_(w).numpy() == 1)


def test_initialisers_are_seeded_and_checked():
    a, b = mg.zeros(3, 4), mg.zeros(3, 4)
    nn.init.normal_(a, generator=np.random.default_rng(9))
    nn.init.normal_(b, generator=np.random.default_rng(9))
    np.testing.assert_array_equal(a.numpy(), b.numpy())
    with pytest.raises(ValueError, match="at least 2 axes"):
        nn.init.xavier_uniform_(mg.zeros(3))
    with pytest.raises(TypeError, match="Tensor"):
        nn.init.zeros_(np.zeros(3))
    with pytest.raises(ValueError, match="mode"):
        nn.init.kaiming_normal_(mg.zeros(2, 2), mode="fan_avg")
