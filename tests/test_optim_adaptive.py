"""Adamax, NAdam, RAdam, Adadelta, Rprop and ASGD: PyTorch's numbers after 4 and 8 steps
(literals from PyTorch 2.13, foreach=False), float32, checkpoints, the errors for bad settings,
and a step-by-step comparison with torch over 20 steps of a small model with two groups."""


import numpy as np
import pytest
from test_errors import raises
from torch_or_skip import torch_or_skip

import minigrad as mg
from minigrad import optim

P0 = [1.0, -2.0, 0.5, 0.0]
GRADS = [[0.5, -1.0, 0.0, 2.0], [0.25, 0.5, -0.125, -1.0], [-1.5, 0.0, 0.75, 0.5],
         [0.1, -0.2, 0.3, 0.0]]
GRADS8 = GRADS + [[-x for x in g] for g in GRADS[::-1]]

# (optimiser, settings, the float64 parameter after steps 4 and 8), from PyTorch
TORCH = [
    ('Rprop', {}, [
        [0.972, -1.985, 0.505, -0.015],
        [0.9704999999999999, -1.9825000000000002, 0.5075, -0.007499999999999998],
    ]),
    ('Rprop', {'lr': 0.1, 'etas': (0.3, 1.5), 'step_sizes': (0.05, 0.2), 'maximize': True}, [
        [1.3, -2.15, 0.45, 0.15000000000000002],
        [1.3, -2.1999999999999997, 0.4, 0.05000000000000002],
    ]),
    ('ASGD', {}, [
        [1.0064959866113536, -1.9929920209225953, 0.49074802216208396, -0.014999954664831762],
        [0.9999920009413158, -1.9999840120800687, 0.49999600493203644, 2.676827111705582e-08],
    ]),
    ('ASGD', {'lr': 0.1, 'lambd': 0.1, 'alpha': 0.5, 't0': 3, 'weight_decay': 0.1,
     'maximize': True}, [
        [0.858172056628453, -1.9119234362172233, 0.5518677610919416, 0.14127224782434733],
        [0.8526273362070967, -1.699758059346555, 0.4239092558646504, -0.014432895947856895],
    ]),
    ('Adamax', {}, [
        [0.9972179557067206, -1.997006655303329, 0.49974712450272374, -0.0031927989285107494],
        [0.9970812849224334, -1.9966145488024665, 0.49975320748848945, -0.0036412464662546806],
    ]),
    ('Adamax', {'lr': 0.1, 'betas': (0.8, 0.9), 'eps': 0.001, 'weight_decay': 0.1,
     'maximize': True}, [
        [1.1153610886299297, -2.0649447143569835, 0.40192243466380806, 0.15993780962110304],
        [1.093969668043595, -1.9518787046189774, 0.3646178371681087, 0.1796002224181127],
    ]),
    ('NAdam', {}, [
        [0.9988257690238058, -1.9981681662192843, 0.4988500498818525, -0.0019228064996425333],
        [0.9980971267418962, -1.9992031923138103, 0.501178184168584, -0.0007569359586652132],
    ]),
    ('NAdam', {'lr': 0.1, 'betas': (0.8, 0.9), 'weight_decay': 0.1, 'momentum_decay': 0.01}, [
        [0.9179642100026967, -1.8324828165608196, 0.30148444149854453, -0.10269056104432758],
        [0.8435149812286094, -1.7715879276279403, 0.39838620042457396, -0.035117486611149926],
    ]),
    ('NAdam', {'lr': 0.1, 'weight_decay': 0.5, 'decoupled_weight_decay': True, 'maximize': True}, [
        [0.8581701914522087, -1.7094138679826327, 0.46943307435237436, 0.08372071530685564],
        [0.7284084236659764, -1.3398589066859672, 0.27951138427354205, 0.008736509733916344],
    ]),
    ('RAdam', {}, [
        [0.9996512164031207, -1.9985042624808338, 0.4995764786704278, -0.0031905159935577258],
        [0.9998168364077101, -1.9984297728617193, 0.49946595254689735, -0.003438215694899361],
    ]),
    ('RAdam', {'lr': 0.1, 'betas': (0.5, 0.9), 'eps': 0.001, 'weight_decay': 0.1}, [
        [0.9778266534603174, -1.8126458148571425, 0.4150270359365079, -0.2368654831746032],
        [0.9575771985868241, -1.7784904341268593, 0.4343822203757586, -0.2197925321406981],
    ]),
    ('RAdam', {'lr': 0.1, 'betas': (0.8, 0.8), 'weight_decay': 0.5,
      'decoupled_weight_decay': True, 'maximize': True}, [
        [0.8286388083655426, -1.7524150617530765, 0.454070918715847, 0.26627233662090716],
        [0.6880934001456201, -1.4361789940110634, 0.35497935589729646, 0.23322131699919277],
    ]),
    ('Adadelta', {}, [
        [0.9988934379987285, -1.997970850196588, 0.496359290320811, -0.0022302149611747465],
        [0.9976558976679847, -2.0002745734052474, 0.5024732370640431, 0.0003487002927410566],
    ]),
    ('Adadelta', {'lr': 0.5, 'rho': 0.5, 'eps': 0.001, 'weight_decay': 0.1, 'maximize': True}, [
        [1.006053075623658, -1.9868651005214106, 0.5136587550502476, 0.01644452267089037],
        [0.9936123616857079, -1.9382702850028628, 0.4487556903025485, -0.009836685042767575],
    ]),
]
IDS = [f"{n}{s}" for n, s, _ in TORCH]


def _run(name, settings, grads=GRADS8, dtype=np.float64, opt=None, p=None):
    if p is None:
        p = mg.nn.Parameter(mg.tensor(P0, dtype=dtype))
    if opt is None:
        opt = getattr(optim, name)([p], **settings)
    after = []
    for g in grads:
        p.grad = mg.tensor(g, dtype=dtype)
        opt.step()
        after.append(p.tolist())
    return after, opt, p


@pytest.mark.parametrize(("name", "settings", "expected"), TORCH, ids=IDS)
def test_steps_match_pytorch(name, settings, expected):
    after, _, _ = _run(name, settings)
    np.testing.assert_allclose(after[3::4], expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize(("name", "settings", "expected"), TORCH, ids=IDS)
def test_float32_parameters_stay_float32_and_close(name, settings, expected):
    after, opt, p = _run(name, settings, dtype=np.float32)
    assert p.dtype == np.float32
    assert all(v.dtype == np.float32 for s in opt.state.values() for v in s.values()
               if isinstance(v, np.ndarray))
    np.testing.assert_allclose(after[3::4], expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(("name", "settings", "expected"), TORCH, ids=IDS)
def test_state_dict_resumes_exactly(name, settings, expected, tmp_path):
    _, opt, p = _run(name, settings, grads=GRADS8[:3])
    path = tmp_path / "opt.npz"
    mg.save({"p": p.detach(), "opt": opt.state_dict()}, path)
    saved = mg.load(path)
    q = mg.nn.Parameter(saved["p"].astype(np.float64))
    fresh = getattr(optim, name)([q], lr=0.5)  # the settings come back from the state_dict
    fresh.load_state_dict(saved["opt"])
    assert fresh.param_groups[0] == {**opt.param_groups[0], "params": [q]}
    after, _, _ = _run(name, settings, grads=GRADS8[3:], opt=fresh, p=q)
    np.testing.assert_allclose(after[::4], expected, rtol=1e-12, atol=1e-15)


def test_state_keys_follow_pytorch():
    keys = {"Adamax": ["exp_avg", "exp_inf", "step"],
            "NAdam": ["exp_avg", "exp_avg_sq", "mu_product", "step"],
            "RAdam": ["exp_avg", "exp_avg_sq", "step"],
            "Adadelta": ["acc_delta", "square_avg", "step"],
            "Rprop": ["prev", "step", "step_size"],
            "ASGD": ["ax", "eta", "mu", "step"]}
    for name, expected in keys.items():
        _, opt, _ = _run(name, {}, grads=GRADS8[:1])
        assert sorted(opt.state_dict()["state"][0]) == expected
    _, adamax, _ = _run("Adamax", {}, grads=GRADS8[:1])
    fresh = mg.nn.Parameter(mg.tensor(P0, dtype=np.float64))
    # the same settings as Adam, but another state: refused
    raises(ValueError, lambda: optim.Adam([fresh]).load_state_dict(adamax.state_dict()),
           "Adam", "exp_inf")
    raises(ValueError, lambda: optim.RAdam([fresh]).load_state_dict(opt.state_dict()),
           "RAdam", "lambd")


def test_defaults_are_pytorchs():
    p = mg.nn.Parameter(mg.tensor([1.0]))
    assert optim.Adamax([p]).defaults == dict(lr=2e-3, betas=(0.9, 0.999), eps=1e-8,
                                              weight_decay=0.0, maximize=False)
    assert optim.NAdam([p]).defaults == dict(
        lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, momentum_decay=4e-3,
        decoupled_weight_decay=False, maximize=False)
    assert optim.RAdam([p]).defaults == dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-8,
                                             weight_decay=0.0, decoupled_weight_decay=False,
                                             maximize=False)
    assert optim.Adadelta([p]).defaults == dict(lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0,
                                                maximize=False)
    assert optim.Rprop([p]).defaults == dict(lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50),
                                             maximize=False)
    assert optim.ASGD([p]).defaults == dict(lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6,
                                            weight_decay=0.0, maximize=False)


def test_asgd_keeps_the_average_and_its_schedule_as_pytorch():
    settings = dict(lr=0.1, lambd=0.1, alpha=0.5, t0=3, weight_decay=0.1, maximize=True)
    _, opt, p = _run("ASGD", settings)
    state = opt.state[p]
    np.testing.assert_allclose(state["ax"], [0.89114553951214, -1.8012594092499654,
                                             0.44906311910558216, 0.09837851066614259],
                               rtol=1e-12)
    # eta and mu are float32 numbers in PyTorch (the default dtype), as here
    assert state["eta"] == 0.09622504562139511 and state["mu"] == 0.20000000298023224


def test_nadam_keeps_mu_product_in_the_default_dtype():
    """As PyTorch: a float32 number (the default dtype), even for float64 parameters."""
    _, opt, p = _run("NAdam", {}, grads=GRADS8[:2])
    mu = opt.state[p]["mu_product"]
    assert mu == 0.2025991976261139  # torch's mu_product.item() after two steps
    assert mu == float(np.float32(mu))


@pytest.mark.parametrize("name", ["Adamax", "NAdam", "RAdam"])
def test_bad_settings_are_refused(name):
    p = mg.nn.Parameter(mg.tensor([1.0]))
    make = getattr(optim, name)
    raises(ValueError, lambda: make([p], lr=-0.1), name, "lr=-0.1")
    raises(ValueError, lambda: make([p], eps=-1), name, "eps=-1")
    raises(ValueError, lambda: make([p], weight_decay=-1), name, "weight_decay")
    raises(ValueError, lambda: make([p], betas=(1.0, 0.9)), name, "index 0")
    raises(ValueError, lambda: make([p], betas=(0.9, -0.1)), name, "index 1")
    raises(ValueError, lambda: make([p], betas=(0.9,)), name, "two numbers")
    with pytest.raises(TypeError, match="amsgrad"):
        make([p], amsgrad=True)


def test_bad_settings_of_nadam_and_adadelta_are_refused():
    p = mg.nn.Parameter(mg.tensor([1.0]))
    raises(ValueError, lambda: optim.NAdam([p], momentum_decay=-1), "NAdam", "momentum_decay")
    raises(ValueError, lambda: optim.Adadelta([p], rho=1.5), "Adadelta", "rho=1.5")
    raises(ValueError, lambda: optim.Adadelta([p], rho=-0.1), "Adadelta", "rho")
    raises(ValueError, lambda: optim.Adadelta([p], eps=-1), "Adadelta", "eps=-1")
    raises(ValueError, lambda: optim.Adadelta([p], lr=-1), "Adadelta", "lr=-1")
    raises(ValueError, lambda: optim.Adadelta([p], weight_decay=-1), "Adadelta", "weight_decay")
    raises(ValueError, lambda: optim.Adadelta([{"params": [p], "rho": 2.0}]), "Adadelta", "rho")
    for etas in [(0.5, 1.0), (0.0, 1.2), (1.0, 1.2), (0.5,)]:
        raises(ValueError, lambda e=etas: optim.Rprop([p], etas=e), "Rprop", "etas")
    raises(ValueError, lambda: optim.Rprop([p], step_sizes=(1e-6,)), "Rprop", "step_sizes")
    raises(ValueError, lambda: optim.Rprop([p], lr=-1), "Rprop", "lr=-1")
    raises(ValueError, lambda: optim.ASGD([p], lr=-1), "ASGD", "lr=-1")
    raises(ValueError, lambda: optim.ASGD([p], weight_decay=-1), "ASGD", "weight_decay")
    with pytest.raises(TypeError, match="weight_decay"):  # Rprop has none, as in PyTorch
        optim.Rprop([p], weight_decay=0.1)


# ---- against torch: 20 steps of a small model with two parameter groups -----------------
GROUPS = {
    "Adamax": ({"lr": 0.05}, {"lr": 0.01, "betas": (0.8, 0.99), "weight_decay": 0.1,
                              "maximize": True}),
    "NAdam": ({"lr": 0.05, "weight_decay": 0.1}, {"lr": 0.02, "momentum_decay": 0.01,
                                                  "weight_decay": 0.2,
                                                  "decoupled_weight_decay": True}),
    "RAdam": ({"lr": 0.05, "betas": (0.8, 0.9)}, {"lr": 0.02, "weight_decay": 0.1,
                                                  "decoupled_weight_decay": True}),
    "Adadelta": ({"lr": 1.0}, {"lr": 0.5, "rho": 0.8, "eps": 1e-4, "weight_decay": 0.1,
                               "maximize": True}),
    "Rprop": ({"lr": 0.05}, {"lr": 0.01, "etas": (0.3, 1.5), "step_sizes": (1e-3, 0.1),
                             "maximize": True}),
    "ASGD": ({"lr": 0.05, "t0": 5}, {"lr": 0.1, "lambd": 0.01, "alpha": 0.5, "t0": 2,
                                     "weight_decay": 0.1}),
}


def _train(lib, name, dtype, steps=20):
    """A 3-4-1 tanh network on fixed data; its weights after each step."""
    rng = np.random.default_rng(0)
    arrays = [rng.normal(size=s) for s in [(4, 3), (4,), (1, 4), (1,)]]
    x, y = rng.normal(size=(8, 3)), rng.normal(size=(8, 1))
    if lib == "torch":
        import torch
        td = {np.float32: torch.float32, np.float64: torch.float64}[dtype]
        ps = [torch.nn.Parameter(torch.tensor(a, dtype=td)) for a in arrays]
        xt, yt = torch.tensor(x, dtype=td), torch.tensor(y, dtype=td)
        extra = {"foreach": False}
        make = getattr(torch.optim, name)
    else:
        ps = [mg.nn.Parameter(mg.tensor(a.astype(dtype))) for a in arrays]
        xt, yt = mg.tensor(x.astype(dtype)), mg.tensor(y.astype(dtype))
        extra = {}
        make = getattr(optim, name)
    first, second = GROUPS[name]
    opt = make([{"params": ps[:2], **first}, {"params": ps[2:], **second}], **extra)
    history = []
    for _ in range(steps):
        opt.zero_grad()
        h = (xt @ ps[0].T + ps[1]).tanh()
        ((h @ ps[2].T + ps[3] - yt) ** 2).mean().backward()
        opt.step()
        history.append([np.array(p.detach().numpy()) for p in ps])
    return history


@pytest.mark.torch
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", list(GROUPS))
def test_every_step_matches_torch(name, dtype):
    torch_or_skip()
    rtol, atol = (1e-12, 1e-14) if dtype == np.float64 else (1e-5, 1e-6)
    ours, theirs = _train("mg", name, dtype), _train("torch", name, dtype)
    for step, (a, b) in enumerate(zip(ours, theirs)):
        for p, q in zip(a, b):
            assert p.dtype == dtype
            np.testing.assert_allclose(p, q, rtol=rtol, atol=atol, err_msg=f"step {step + 1}")


def test_a_0d_parameter_steps_like_a_vector_element():
    for name, settings, expected in TORCH:
        p = mg.nn.Parameter(mg.tensor(P0[0], dtype=np.float64))
        opt = getattr(optim, name)([p], **settings)
        for g in GRADS8:
            p.grad = mg.tensor(g[0], dtype=np.float64)
            opt.step()
        assert p.item() == pytest.approx(expected[-1][0], rel=1e-12), name


def test_rprop_takes_the_sign_of_nan_as_zero_as_torch():
    """torch.sign(nan) is 0: that element keeps its place and its step size (torch's values)."""
    p = mg.nn.Parameter(mg.tensor([0.25, -0.5, 1.0], dtype=np.float32))
    opt = optim.Rprop([p], lr=0.01)
    for g in ([float("nan"), -1.0, 2.0], [1.0, -1.0, -2.0]):
        p.grad = mg.tensor(g, dtype=np.float32)
        opt.step()
    np.testing.assert_allclose(p.tolist(), [0.24, -0.478, 0.99], rtol=1e-6)
    assert p.dtype == np.float32
    assert opt.state[p]["step_size"].tolist() == pytest.approx([0.01, 0.012, 0.005])


@pytest.mark.torch
@pytest.mark.parametrize("name", ["NAdam", "ASGD"])
def test_float64_default_dtype_keeps_their_numbers_in_float64_as_torch(name):
    torch = torch_or_skip()
    before, before_torch = mg.get_default_dtype(), torch.get_default_dtype()
    mg.set_default_dtype(mg.float64)
    torch.set_default_dtype(torch.float64)
    try:
        ours, theirs = _train("mg", name, np.float64), _train("torch", name, np.float64)
    finally:
        mg.set_default_dtype(before)
        torch.set_default_dtype(before_torch)
    for a, b in zip(ours, theirs):
        for p, q in zip(a, b):
            np.testing.assert_allclose(p, q, rtol=1e-12, atol=1e-14)
