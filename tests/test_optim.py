"""minigrad.optim: each step equals the formula PyTorch documents, computed here in numpy."""

import numpy as np
import pytest

import minigrad as mg
from minigrad import nn, optim
from minigrad.errors import InplaceError

P0 = np.array([[1.0, -2.0], [0.5, 3.0]], dtype=np.float32)
G1 = np.array([[0.1, 0.2], [-0.3, 0.4]], dtype=np.float32)
G2 = np.array([[-0.5, 0.0], [0.25, 1.0]], dtype=np.float32)


def run_two_steps(make_opt):
    """Two steps with the fixed gradients G1, G2; returns the parameter after each."""
    p = nn.Parameter(P0)
    opt = make_opt([p])
    after = []
    for g in (G1, G2):
        opt.zero_grad()
        p.grad = mg.tensor(g)
        opt.step()
        assert p.dtype == np.float32
        after.append(p.numpy().copy())
    return after


def sgd_reference(lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
    p, buf, out = P0.astype(np.float64), None, []
    for g in (G1, G2):
        g = g + weight_decay * p
        if momentum:
            buf = g.copy() if buf is None else momentum * buf + (1 - dampening) * g
            g = g + momentum * buf if nesterov else buf
        p = p - lr * g
        out.append(p)
    return out


def adam_reference(lr, b1, b2, eps, weight_decay=0.0):
    p, m, v, out = P0.astype(np.float64), 0.0, 0.0, []
    for t, g in enumerate((G1, G2), start=1):
        g = g + weight_decay * p
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        p = p - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
        out.append(p)
    return out


@pytest.mark.parametrize("settings", [
    dict(lr=0.1),
    dict(lr=0.1, momentum=0.9),
    dict(lr=0.05, momentum=0.8, dampening=0.3, weight_decay=0.01),
    dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.1),
])
def test_sgd_matches_formula(settings):
    got = run_two_steps(lambda ps: optim.SGD(ps, **settings))
    for a, b in zip(got, sgd_reference(**settings)):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_sgd_first_step_by_hand():
    # p - lr * g with lr = 0.1: [[1 - 0.01, -2 - 0.02], [0.5 + 0.03, 3 - 0.04]]
    first, _ = run_two_steps(lambda ps: optim.SGD(ps, lr=0.1))
    np.testing.assert_allclose(first, [[0.99, -2.02], [0.53, 2.96]], rtol=1e-6)


@pytest.mark.parametrize("maximize", [False, True])
def test_sgd_momentum_of_a_0d_parameter_keeps_accumulating(maximize):
    # A 0-d parameter's gradient (with weight decay or maximize) is a numpy scalar, not an
    # array: the momentum buffer once stayed at its first value, so step 3 went wrong.
    # Expected values from torch.optim.SGD with the same settings.
    p = nn.Parameter(mg.tensor(0.13))
    opt = optim.SGD([p], lr=1, momentum=0.5, dampening=0.1, weight_decay=0.1, maximize=maximize)
    after = []
    for g in (0.63, -2.46, 1.13):
        p.grad = mg.tensor(g)
        opt.step()
        after.append(p.item())
    expected = [0.747, -1.22573, -1.0847794] if maximize else [-0.513, 1.42567, 1.2496947]
    np.testing.assert_allclose(after, expected, rtol=1e-5)


@pytest.mark.parametrize("settings", [
    dict(lr=0.1, b1=0.9, b2=0.999, eps=1e-8),
    dict(lr=0.01, b1=0.5, b2=0.9, eps=1e-3, weight_decay=0.1),
])
def test_adam_matches_formula(settings):
    b1, b2, eps = settings["b1"], settings["b2"], settings["eps"]
    wd = settings.get("weight_decay", 0.0)
    got = run_two_steps(
        lambda ps: optim.Adam(ps, lr=settings["lr"], betas=(b1, b2), eps=eps, weight_decay=wd))
    for a, b in zip(got, adam_reference(**settings)):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_adam_first_step_is_lr_times_sign():
    # With bias correction, step 1 is lr * g / (|g| + eps): lr in the direction of -sign(g).
    first, _ = run_two_steps(lambda ps: optim.Adam(ps, lr=0.01))
    np.testing.assert_allclose(first, P0 - 0.01 * np.sign(G1), rtol=1e-5)


def test_step_is_in_place_skips_missing_grads_and_bumps_version():
    a, b = nn.Parameter([1.0, 2.0]), nn.Parameter([3.0])
    opt = optim.SGD([a, b], lr=0.5, momentum=0.9)
    storage, version = a.numpy(), a._version
    (a * a).sum().backward()
    opt.step()
    assert a.numpy() is storage and a._version == version + 1
    np.testing.assert_allclose(a.numpy(), [0.0, 0.0])
    assert b._version == 0 and b.numpy()[0] == 3.0 and b not in opt.state
    assert a.grad is not None and not a.grad.requires_grad


def test_param_groups_have_their_own_settings():
    a, b = nn.Parameter([1.0]), nn.Parameter([1.0])
    opt = optim.SGD([{"params": [a]}, {"params": [b], "lr": 0.01}], lr=1.0)
    a.grad, b.grad = mg.tensor([1.0]), mg.tensor([1.0])
    opt.step()
    assert a.item() == pytest.approx(0.0) and b.item() == pytest.approx(0.99)
    assert opt.param_groups[1]["momentum"] == 0.0
    with pytest.raises(TypeError, match="unknown setting"):
        optim.SGD([{"params": [a], "beta": 1}], lr=1.0)


def test_trains_a_model_and_zero_grad():
    mg.manual_seed(0)
    x = mg.randn(64, 2)
    y = x @ mg.tensor([[2.0], [-1.0]]) + 0.5
    model = nn.Linear(2, 1)
    opt = optim.Adam(model.parameters(), lr=0.1)
    for _ in range(200):
        opt.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        opt.step()
    assert loss.item() < 1e-3
    np.testing.assert_allclose(model.weight.numpy(), [[2.0, -1.0]], atol=0.02)
    opt.zero_grad(set_to_none=False)
    assert np.all(model.weight.grad.numpy() == 0)
    opt.zero_grad()
    assert model.weight.grad is None


def test_closure_and_maximize():
    p = nn.Parameter([1.0])
    opt = optim.SGD([p], lr=0.1, maximize=True)

    def closure():
        opt.zero_grad()
        loss = (p * p).sum()
        loss.backward()
        return loss

    assert opt.step(closure).item() == 1.0
    assert p.item() == pytest.approx(1.2)  # gradient ascent: 1 + 0.1 * 2


def test_optimizer_state_dict_round_trip():
    p = nn.Parameter(P0)
    opt = optim.Adam([p], lr=0.1)
    p.grad = mg.tensor(G1)
    opt.step()
    saved = opt.state_dict()
    q = nn.Parameter(p.numpy())
    opt2 = optim.Adam([q], lr=0.5)
    opt2.load_state_dict(saved)
    assert opt2.param_groups[0]["lr"] == 0.1
    p.grad, q.grad = mg.tensor(G2), mg.tensor(G2)
    opt.step()
    opt2.step()
    np.testing.assert_array_equal(p.numpy(), q.numpy())


def test_constructor_errors():
    with pytest.raises(ValueError, match="empty parameter list"):
        optim.SGD([], lr=0.1)
    model = nn.Linear(2, 1)
    with pytest.raises(TypeError, match=r"model.parameters\(\)"):
        optim.SGD(model, lr=0.1)
    with pytest.raises(TypeError, match=r"\[tensor\]"):
        optim.Adam(nn.Parameter([1.0]))
    with pytest.raises(TypeError, match="parameter 1 is a ndarray"):
        optim.SGD([nn.Parameter([1.0]), np.ones(2)], lr=0.1)
    with pytest.raises(ValueError, match="does not require grad"):
        optim.SGD([mg.tensor([1.0])], lr=0.1)
    w = mg.tensor([1.0], requires_grad=True)
    with pytest.raises(ValueError, match="not a leaf"):
        optim.SGD([w * 2], lr=0.1)
    with pytest.raises(ValueError, match="more than once"):
        optim.SGD([w, w], lr=0.1)
    with pytest.raises(ValueError, match="learning rate"):
        optim.SGD([w], lr=-1)
    with pytest.raises(ValueError, match="Nesterov"):
        optim.SGD([w], lr=0.1, nesterov=True)
    with pytest.raises(ValueError, match="betas"):
        optim.Adam([w], betas=(0.9, 1.0))


def test_manual_update_outside_no_grad_is_refused():
    # What optimisers avoid by updating under no_grad: the in-place rule itself.
    p = nn.Parameter([1.0])
    with pytest.raises(InplaceError, match="no_grad"):
        p.sub_(0.1)
