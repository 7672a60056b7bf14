"""optim.LBFGS: every point it evaluates, against PyTorch's LBFGS from the same start
(Rosenbrock, least squares and logistic regression with two parameter tensors, with
and without the strong-Wolfe line search), convergence on a quadratic to the exact
minimiser, its checkpoints, and its errors."""

from __future__ import annotations

import numpy as np
import pytest
from torch_or_skip import torch_or_skip

import minigrad as mg
from minigrad import optim
from minigrad.optim.line_search import cubic_minimiser

RNG = np.random.default_rng(7)
X = RNG.normal(size=(12, 3))
Y2 = X @ np.array([[1.0, -2.0], [0.5, 0.0], [-1.0, 3.0]]) + 0.3 + 0.1 * RNG.normal(size=(12, 2))
LABELS = (X @ np.array([1.0, -1.0, 0.5]) + RNG.normal(size=12) > 0).astype(np.float64)

# name: (starting values of the parameters, loss(T, params)); T(array) is a constant
# tensor of the parameters' library and dtype
PROBLEMS = {
    "rosenbrock": ([np.array([-1.2, 1.0])],
                   lambda T, p: (1 - p[0][0]) ** 2 + 100 * (p[0][1] - p[0][0] ** 2) ** 2),
    "rosenbrock_6d": ([np.array([-1.5, 2.0, 0.5, -0.3, 1.2, 0.8])],
                      lambda T, p: (100 * (p[0][1:] - p[0][:-1] ** 2) ** 2
                                    + (1 - p[0][:-1]) ** 2).sum()),
    "least_squares": ([np.zeros((3, 2)), np.zeros(2)],
                      lambda T, p: ((T(X) @ p[0] + p[1] - T(Y2)) ** 2).mean()
                      + 0.05 * (p[0] ** 4).sum()),
    "logistic": ([np.array([0.1, 0.2, -0.3]), np.array(0.5)],  # b is 0-d
                 lambda T, p: _logistic(T, T(X) @ p[0] + p[1])
                 + 0.01 * (p[0] ** 2).sum()),
}


def _logistic(T, z):
    """mean(log(1 + e^z) - y z): the logistic regression loss for labels y in {0, 1}."""
    return ((1 + z.exp()).log() - T(LABELS) * z).mean()


def _trace(lib, problem, steps=3, dtype=np.float64, **settings):
    """Every point the optimiser evaluates (params and loss at each closure call), what
    each step returns and where it leaves the parameters, and the two counters."""
    starts, loss_fn = PROBLEMS[problem]
    if lib == "torch":
        import torch as L
        td = {np.float64: L.float64, np.float32: L.float32}[dtype]
        params = [L.nn.Parameter(L.tensor(a, dtype=td)) for a in starts]
        opt = L.optim.LBFGS(params, **settings)

        def T(a):
            return L.tensor(a, dtype=td)
    else:
        params = [mg.nn.Parameter(mg.tensor(a.astype(dtype))) for a in starts]
        opt = optim.LBFGS(params, **settings)

        def T(a):
            return mg.tensor(a.astype(dtype))
    evaluated = []

    def closure():
        opt.zero_grad()
        loss = loss_fn(T, params)
        loss.backward()
        evaluated.append([float(loss.detach())] + [np.array(p.detach().numpy()) for p in params])
        return loss

    stepped = []
    for _ in range(steps):
        loss = opt.step(closure)
        stepped.append([float(loss.detach())] + [np.array(p.detach().numpy()) for p in params])
    state = opt.state[params[0]]
    return evaluated, stepped, (state["func_evals"], state["n_iter"])


def _need_torch():
    torch_or_skip()


def _same(ours, theirs, rtol, atol):
    assert len(ours) == len(theirs)  # the same number of closure calls
    for k, (a, b) in enumerate(zip(ours, theirs)):
        assert a[0] == pytest.approx(b[0], rel=rtol, abs=atol), f"loss {k}"
        for p, q in zip(a[1:], b[1:]):
            assert p.dtype == q.dtype
            np.testing.assert_allclose(p, q, rtol=rtol, atol=atol, err_msg=f"point {k}")


# Steps and max_iter per problem. torch's `p.add_(d, alpha=t)` rounds t * d + p once (a
# fused multiply-add), numpy twice, so the two differ in the last bit from the first move
# on; Rosenbrock's narrow curved valley multiplies such a difference by about 3 per
# iteration, so it is compared over 20 iterations (1e-15 grows to about 1e-11 there).
ROUNDS = {"rosenbrock": (2, 10), "rosenbrock_6d": (2, 10), "least_squares": (3, 20),
          "logistic": (3, 20)}


@pytest.mark.torch
@pytest.mark.parametrize("line_search_fn", [None, "strong_wolfe"])
@pytest.mark.parametrize("history_size", [1, 3, 100])
@pytest.mark.parametrize("problem", list(PROBLEMS))
def test_every_point_matches_torch(problem, history_size, line_search_fn):
    _need_torch()
    steps, max_iter = ROUNDS[problem]
    settings = dict(history_size=history_size, line_search_fn=line_search_fn,
                    max_iter=max_iter)
    ours = _trace("mg", problem, steps, **settings)
    theirs = _trace("torch", problem, steps, **settings)
    _same(ours[0], theirs[0], 1e-9, 1e-12)  # each evaluated point
    _same(ours[1], theirs[1], 1e-9, 1e-12)  # each step's returned loss and result
    assert ours[2] == theirs[2]  # func_evals and n_iter


@pytest.mark.torch
@pytest.mark.parametrize("settings", [
    dict(max_iter=1), dict(max_iter=4, lr=0.5), dict(max_iter=7, max_eval=9),
    dict(max_iter=3, line_search_fn="strong_wolfe", lr=0.3),
    dict(max_iter=10, max_eval=6, line_search_fn="strong_wolfe"),
    dict(tolerance_change=1e-3, tolerance_grad=1e-3),
    dict(tolerance_change=1e-2, line_search_fn="strong_wolfe"),
])
@pytest.mark.parametrize("problem", ["least_squares", "logistic"])
def test_the_limits_and_tolerances_stop_as_in_torch(problem, settings):
    _need_torch()
    ours, theirs = _trace("mg", problem, 4, **settings), _trace("torch", problem, 4, **settings)
    _same(ours[0], theirs[0], 1e-9, 1e-12)
    _same(ours[1], theirs[1], 1e-9, 1e-12)
    assert ours[2] == theirs[2]


@pytest.mark.torch
@pytest.mark.parametrize("line_search_fn", [None, "strong_wolfe"])
def test_float32_stays_float32_and_follows_torch(line_search_fn):
    """float32 vectors; the scalars (t, ro, slopes) are Python floats here, float32 in
    PyTorch, so the two agree to float32 rounding rather than bit for bit."""
    _need_torch()
    settings = dict(line_search_fn=line_search_fn, max_iter=5)
    ours = _trace("mg", "least_squares", 2, np.float32, **settings)[1]
    theirs = _trace("torch", "least_squares", 2, np.float32, **settings)[1]
    _same(ours, theirs, 1e-4, 1e-5)


# ---- minigrad alone -------------------------------------------------------------------
A = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]])
B = np.array([1.0, -2.0, 0.5])


def _quadratic(**settings):
    """0.5 x.A x - b.x over x = (u, v), two parameters; its minimiser is A^-1 b."""
    u = mg.nn.Parameter(mg.zeros(2, dtype=np.float64))
    v = mg.nn.Parameter(mg.tensor(0.0, dtype=np.float64))  # 0-d
    opt = optim.LBFGS([u, v], **settings)

    def closure():
        opt.zero_grad()
        x = mg.cat([u, v.reshape(1)])
        loss = 0.5 * (x * (mg.tensor(A) @ x)).sum() - (mg.tensor(B) * x).sum()
        loss.backward()
        return loss

    return u, v, opt, closure


@pytest.mark.parametrize("line_search_fn", [None, "strong_wolfe"])
def test_a_quadratic_is_solved_exactly(line_search_fn):
    # (the default tolerance_change stops once g.d > -1e-9, i.e. at |x - x*| ~ 1e-8)
    u, v, opt, closure = _quadratic(line_search_fn=line_search_fn, tolerance_grad=1e-13,
                                    tolerance_change=1e-30)
    first = opt.step(closure)
    assert first.item() == 0.0  # the loss before the step, at x = 0
    np.testing.assert_allclose(np.append(u.numpy(), v.numpy()), np.linalg.solve(A, B),
                               rtol=0, atol=1e-12)
    assert u.dtype == np.float64 and v.shape == ()


def test_step_returns_what_the_closure_returned_first():
    u, _, opt, closure = _quadratic(max_iter=5)
    returned = []

    def recording():
        returned.append(closure())
        return returned[-1]

    assert opt.step(recording) is returned[0]
    assert len(returned) == 5  # max_iter=5 without a line search: 1 + 4 evaluations


def test_a_stationary_start_returns_at_once():
    p = mg.nn.Parameter(mg.tensor([1.0, 1.0], dtype=np.float64))
    opt = optim.LBFGS([p])

    def closure():
        opt.zero_grad()
        loss = ((p - 1) ** 2).sum()
        loss.backward()
        return loss

    assert opt.step(closure).item() == 0.0
    assert opt.state[p] == {"func_evals": 1, "n_iter": 0}  # the counters only, as PyTorch
    saved = opt.state_dict()
    assert saved["state"] == {0: {"func_evals": 1, "n_iter": 0}}
    fresh = optim.LBFGS([p])
    fresh.load_state_dict(saved)
    assert fresh.state[p] == {"func_evals": 1, "n_iter": 0}


def test_defaults_are_pytorchs():
    p = mg.nn.Parameter(mg.tensor([1.0]))
    assert optim.LBFGS([p]).defaults == dict(
        lr=1, max_iter=20, max_eval=25, tolerance_grad=1e-7, tolerance_change=1e-9,
        history_size=100, line_search_fn=None)
    assert optim.LBFGS([p], max_iter=7).defaults["max_eval"] == 8  # max_iter * 5 // 4


def test_state_round_trips_through_a_file(tmp_path):
    u, v, opt, closure = _quadratic(max_iter=2, history_size=2)
    for _ in range(2):
        opt.step(closure)
    saved = opt.state_dict()
    state = saved["state"][0]
    assert sorted(state) == sorted(["func_evals", "n_iter", "d", "t", "old_dirs", "old_stps",
                                    "ro", "H_diag", "prev_flat_grad", "prev_loss"])
    assert list(saved["state"]) == [0]  # all of it on the first parameter, as PyTorch
    assert isinstance(state["d"], mg.Tensor) and state["d"].shape == (3,)
    assert all(isinstance(s, mg.Tensor) for s in state["old_stps"])
    assert isinstance(state["t"], float) and isinstance(state["ro"][0], float)
    mg.save(saved, tmp_path / "lbfgs.npz")
    start = [u.numpy().copy(), v.numpy().copy()]
    opt.step(closure)  # the uninterrupted run
    expected = np.append(u.numpy(), v.numpy())

    u2, v2, fresh, closure2 = _quadratic(max_iter=2, history_size=7)
    with mg.no_grad():
        u2.copy_(mg.tensor(start[0]))
        v2.copy_(mg.tensor(start[1]))
    fresh.load_state_dict(mg.load(tmp_path / "lbfgs.npz"))
    assert fresh.param_groups[0]["history_size"] == 2
    fresh.step(closure2)
    np.testing.assert_array_equal(np.append(u2.numpy(), v2.numpy()), expected)  # bit for bit


def test_loading_refuses_a_state_that_does_not_fit():
    u, _, opt, closure = _quadratic()
    opt.step(closure)
    saved = opt.state_dict()
    ps = [mg.nn.Parameter(mg.zeros(4, dtype=np.float64)), mg.nn.Parameter(mg.tensor(0.0))]
    with pytest.raises(ValueError, match=r"state 'd' of parameter 0 has shape \(3,\), but "
                                         r"shape \(5,\) was expected"):
        optim.LBFGS(ps).load_state_dict(saved)
    adam = optim.Adam([u])
    adam.step()
    with pytest.raises(ValueError, match="another optimiser"):
        optim.LBFGS([u, mg.nn.Parameter(mg.tensor(0.0))]).load_state_dict(
            {**adam.state_dict(), "param_groups": saved["param_groups"]})


def _raises(error, make, *words):
    with pytest.raises(error) as info:
        make()
    for word in words:
        assert word in str(info.value), f"{word!r} missing from: {info.value}"


def test_errors_are_clear():
    p = mg.nn.Parameter(mg.tensor([1.0, 2.0]))
    opt = optim.LBFGS([p])
    _raises(TypeError, opt.step, "needs a closure", "loss.backward()")
    _raises(TypeError, lambda: opt.step(3.0), "needs a closure")
    _raises(TypeError, lambda: opt.step(lambda: None), "closure must return the loss")
    _raises(TypeError, lambda: opt.step(lambda: p * 2), "closure must return the loss")
    _raises(ValueError, lambda: optim.LBFGS([p], lr=-1), "LBFGS", "lr=-1")
    _raises(ValueError, lambda: optim.LBFGS([p], line_search_fn="backtracking"),
            "'strong_wolfe'", "'backtracking'")
    for size in (0, -2, 1.5, True):
        _raises(ValueError, lambda s=size: optim.LBFGS([p], history_size=s), "history_size")
    q = mg.nn.Parameter(mg.tensor([3.0]))
    _raises(ValueError, lambda: optim.LBFGS([{"params": [p]}, {"params": [q]}]),
            "parameter groups")
    _raises(ValueError, lambda: opt.add_param_group({"params": [q]}), "parameter groups")
    _raises(TypeError, lambda: optim.LBFGS([p], momentum=0.9), "momentum")
    empty = mg.nn.Parameter(mg.zeros(0))
    nothing = optim.LBFGS([empty])
    _raises(ValueError, lambda: nothing.step(lambda: empty.sum()), "no elements", "(0,)")


def test_cubic_minimiser_finds_a_cubics_minimum():
    """phi(t) = t^3 - 3t has its minimum at t = 1: the cubic through two of its points
    (with slopes 3t^2 - 3) is phi itself, from either side."""
    def phi(t):
        return t**3 - 3 * t, 3 * t**2 - 3

    assert cubic_minimiser(0.0, *phi(0.0), 2.0, *phi(2.0)) == pytest.approx(1.0)
    assert cubic_minimiser(2.0, *phi(2.0), 0.0, *phi(0.0)) == pytest.approx(1.0)
    assert cubic_minimiser(0.0, *phi(0.0), 0.5, *phi(0.5)) == 0.5  # clamped to [0, 0.5]
    # no minimum (d1^2 < g1 g2): the middle of the bounds
    assert cubic_minimiser(0.0, 0.0, 1.0, 1.0, 2 / 3, 1.0, bounds=(0.0, 4.0)) == 2.0
