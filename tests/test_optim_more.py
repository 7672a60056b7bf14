"""RMSprop, Adagrad and AdamW: PyTorch's numbers over several steps (literals from
PyTorch 2.13), checkpoints, lr schedules, the package's import paths, and the errors
for bad settings."""

import importlib

import numpy as np
import pytest
from test_errors import raises

import minigrad as mg
from minigrad import optim

P0 = [1.0, -2.0, 0.5, 0.0]
GRADS = [[0.5, -1.0, 0.0, 2.0], [0.25, 0.5, -0.125, -1.0], [-1.5, 0.0, 0.75, 0.5],
         [0.1, -0.2, 0.3, 0.0]]

# (optimiser, settings, the float64 parameter after each of the four steps), from PyTorch
TORCH = [
    ('RMSprop', dict(), [
        [0.900000019999996, -1.900000009999999, 0.5, -0.0999999950000002],
        [0.855098702557817, -1.944901331474435, 0.599999920000064, -0.05509867150943544],
        [0.9489055109907852, -1.944901331474435, 0.5013472082431444, -0.07710909009815445],
        [0.9426325966706907, -1.9270507634288092, 0.4644808533265674, -0.07710909009815445],
    ]),
    ('RMSprop', dict(lr=0.1, alpha=0.9, eps=1e-06, weight_decay=0.1, momentum=0.9, centered=True), [
        [0.6666685185082305, -1.6666675925900205, 0.16668888740750612, -0.33333277777870374],
        [0.19762035553373195, -1.4573443364987226, 0.160621915785343, -0.48112464633359076],
        [0.07019180546457171, -1.227243030456975, -0.17173636678216586, -0.683252153012419],
        [-0.06681429683625693, -0.9250249710977537, -0.5931731970864963, -0.8541941708510453],
    ]),
    ('RMSprop', dict(momentum=0.5), [
        [0.900000019999996, -1.900000009999999, 0.5, -0.09999999500000022],
        [0.8050987125578151, -1.8949013364744345, 0.599999920000064, -0.10509866900943556],
        [0.8514548672696929, -1.8923519997116522, 0.5513471682431764, -0.12965842460287225],
        [0.8683600303055372, -1.8732267632846353, 0.4901544374481557, -0.1419383023995906],
    ]),
    ('RMSprop', dict(centered=True, maximize=True), [
        [1.100503761323905, -2.100503771424912, 0.5, 0.10050377647541636],
        [1.1458125153157892, -2.0555589157258782, 0.3994962992820947, 0.05555891875634235],
        [1.0518988863708973, -2.0555589157258782, 0.4984854352363558, 0.07761557914173774],
        [1.0581770995123274, -2.073442475472458, 0.5355896766497713, 0.07761557914173774],
    ]),
    ('Adagrad', dict(), [
        [0.990000000002, -1.990000000001, 0.5, -0.0099999999995],
        [0.9855278640478004, -1.9944721359555997, 0.509999999992, -0.005527864044700422],
        [0.9948982897605313, -1.9944721359555997, 0.5001360607549759, -0.007710042946965107],
        [0.9942748100741816, -1.9927112341431035, 0.49646583825418517, -0.007710042946965107],
    ]),
    ('Adagrad', dict(lr=0.1, lr_decay=0.5, weight_decay=0.1, initial_accumulator_value=0.2), [
        [0.9198216274369869, -1.9062957428741534, 0.488888888891358, -0.09759000729009142],
        [0.8921118318616862, -1.9219505941290882, 0.500006707096663, -0.06812494850051558],
        [0.9353032995474031, -1.9147328605289782, 0.4565769736025916, -0.07867543642631314],
        [0.9305962691910998, -1.9034493245428623, 0.44252234337033375, -0.07854079237620025],
    ]),
    ('Adagrad', dict(maximize=True, eps=0.001), [
        [1.0099800399201597, -2.00999000999001, 0.5, 0.009995002498750625],
        [1.01444419016044, -2.0055218704604987, 0.49007936507936506, 0.005524865649723676],
        [1.0050796144511915, -2.0055218704604987, 0.4999303483842522, 0.007706092586603017],
        [1.0057027056528731, -2.007281223249392, 0.5035960861943605, 0.007706092586603017],
    ]),
    ('AdamW', dict(), [
        [0.99899000002, -1.99898000001, 0.499995, -0.000999999995],
        [0.9980478305047745, -1.998693673173709, 0.5007341367893986, -0.0012663270329757348],
        [0.9983850735296766, -1.9984678069365829, 0.5001935186472212, -0.0016067435153402938],
        [0.9986227058218898, -1.9981793509326942, 0.4995670420253587, -0.0018855862892139367],
    ]),
    ('AdamW', dict(lr=0.1, betas=(0.8, 0.9), eps=1e-06, weight_decay=0.5), [
        [0.8500001999996, -1.8000000999999, 0.475, -0.099999950000025],
        [0.7146682105360942, -1.6885773029721962, 0.5278272041875908, -0.1164227582958217],
        [0.7206785778699054, -1.5882323919148902, 0.4436815820567637, -0.14215808149149822],
        [0.7131775378455196, -1.4838366796426274, 0.3554833068261913, -0.15982792802702436],
    ]),
    ('AdamW', dict(weight_decay=0.0, maximize=True), [
        [1.00099999998, -2.00099999999, 0.5, 0.000999999995],
        [1.0019321795952254, -2.0012663370262906, 0.49925586326060145, 0.0012663370329756847],
        [1.0015849560920183, -2.001472216326685, 0.499791474061411, 0.0016067661786105733],
        [1.00133733994907, -2.0017406876525046, 0.500412948748087, 0.0018856250199193697],
    ]),
]


def _run(name, settings, grads=GRADS, dtype=np.float64, opt=None, p=None):
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


@pytest.mark.parametrize(("name", "settings", "expected"), TORCH,
                         ids=[f"{n}{s}" for n, s, _ in TORCH])
def test_steps_match_pytorch(name, settings, expected):
    after, _, _ = _run(name, settings)
    np.testing.assert_allclose(after, expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize(("name", "settings", "expected"), TORCH[::3],
                         ids=[f"{n}{s}" for n, s, _ in TORCH[::3]])
def test_float32_parameters_stay_float32_and_close(name, settings, expected):
    after, opt, p = _run(name, settings, dtype=np.float32)
    assert p.dtype == np.float32
    assert all(v.dtype == np.float32 for s in opt.state.values() for v in s.values()
               if isinstance(v, np.ndarray))
    np.testing.assert_allclose(after, expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(("name", "settings", "expected"), [
    ("RMSprop", {}, [0.89306640625, -0.39990234375]),
    ("RMSprop", {"centered": True, "alpha": 0.9}, [0.96435546875, -0.5]),
    ("Adagrad", {}, [1.0, -0.5]),
])
def test_float16_is_computed_in_float32_as_pytorch(name, settings, expected):
    """g**2 = 90000 overflows float16, (1 - alpha) * g**2 = 900 does not (PyTorch's values)."""
    p = mg.nn.Parameter(mg.tensor([1.0, -0.5], dtype=np.float16))
    opt = getattr(optim, name)([p], **settings)
    for g in ([300.0, -1000.0], [20.0, 0.5]):
        p.grad = mg.tensor(g, dtype=np.float16)
        opt.step()
    assert p.dtype == np.float16 and p.tolist() == expected


def test_a_0d_parameter_steps_like_a_vector_element():
    for name, settings, expected in TORCH:
        p = mg.nn.Parameter(mg.tensor(P0[0], dtype=np.float64))
        opt = getattr(optim, name)([p], **settings)
        for g in GRADS:
            p.grad = mg.tensor(g[0], dtype=np.float64)
            opt.step()
        assert p.item() == pytest.approx(expected[-1][0], rel=1e-12), name


def test_adamw_decays_the_parameter_not_the_gradient():
    """With zero gradients Adam's decay goes through the running averages, AdamW's does not."""
    p = mg.nn.Parameter(mg.tensor([2.0], dtype=np.float64))
    opt = optim.AdamW([p], lr=0.1, weight_decay=0.5)
    p.grad = mg.zeros(1, dtype=np.float64)
    opt.step()
    assert p.item() == pytest.approx(2.0 * (1 - 0.1 * 0.5))
    assert optim.AdamW([p]).defaults["weight_decay"] == 0.01  # PyTorch's default


@pytest.mark.parametrize(("name", "settings", "expected"), TORCH,
                         ids=[f"{n}{s}" for n, s, _ in TORCH])
def test_state_dict_resumes_exactly(name, settings, expected, tmp_path):
    _, opt, p = _run(name, settings, grads=GRADS[:2])
    path = tmp_path / "opt.npz"
    mg.save({"p": p.detach(), "opt": opt.state_dict()}, path)
    saved = mg.load(path)
    q = mg.nn.Parameter(saved["p"].astype(np.float64))
    fresh = getattr(optim, name)([q], lr=0.5)  # the settings come back from the state_dict
    fresh.load_state_dict(saved["opt"])
    assert fresh.param_groups[0]["lr"] == opt.param_groups[0]["lr"]
    after, _, _ = _run(name, settings, grads=GRADS[2:], opt=fresh, p=q)
    np.testing.assert_allclose(after, expected[2:], rtol=1e-12, atol=1e-15)


def test_state_keys_follow_pytorch():
    p = mg.nn.Parameter(mg.tensor([1.0, 2.0]))
    opt = optim.Adagrad([p], initial_accumulator_value=0.5)
    state = opt.state_dict()["state"]  # Adagrad has its state before the first step
    assert list(state) == [0] and state[0]["step"] == 0
    assert state[0]["sum"].tolist() == [0.5, 0.5]
    for settings, keys in [({}, ["square_avg", "step"]),
                           ({"momentum": 0.9}, ["momentum_buffer", "square_avg", "step"]),
                           ({"centered": True}, ["grad_avg", "square_avg", "step"])]:
        opt = optim.RMSprop([p], **settings)
        p.grad = mg.ones(2)
        opt.step()
        assert sorted(opt.state_dict()["state"][0]) == keys
    _, adamw, _ = _run("AdamW", {}, grads=GRADS[:1])
    assert sorted(adamw.state_dict()["state"][0]) == ["exp_avg", "exp_avg_sq", "step"]


def test_load_state_dict_refuses_another_optimisers_state():
    _, rms, _ = _run("RMSprop", {"momentum": 0.9}, grads=GRADS[:1])
    saved = rms.state_dict()
    p = mg.nn.Parameter(mg.tensor(P0, dtype=np.float64))
    raises(ValueError, lambda: optim.Adagrad([p]).load_state_dict(saved), "Adagrad",
           "momentum")
    saved["param_groups"][0]["momentum"] = 0.0  # the buffer no longer fits the settings
    raises(ValueError, lambda: optim.RMSprop([p]).load_state_dict(saved), "RMSprop",
           "momentum_buffer")


@pytest.mark.parametrize("name", ["RMSprop", "Adagrad", "AdamW"])
def test_lr_schedulers_drive_the_new_optimisers(name):
    p = mg.nn.Parameter(mg.tensor(P0, dtype=np.float64))
    opt = getattr(optim, name)([p], lr=0.1)
    scheduler = optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    lrs = []
    for g in GRADS:
        p.grad = mg.tensor(g, dtype=np.float64)
        opt.step()
        scheduler.step()
        lrs.append(opt.param_groups[0]["lr"])
    assert lrs == [0.1, 0.05, 0.05, 0.025]
    decayed = optim.lr_scheduler.ExponentialLR(getattr(optim, name)([p], lr=1.0), gamma=0.5)
    decayed.step()
    assert decayed.get_last_lr() == [0.5]


def test_bad_settings_are_refused():
    p = mg.nn.Parameter(mg.tensor([1.0]))
    raises(ValueError, lambda: optim.RMSprop([p], alpha=-1), "RMSprop", "alpha=-1")
    raises(ValueError, lambda: optim.RMSprop([p], eps=-1), "RMSprop", "eps=-1")
    raises(ValueError, lambda: optim.RMSprop([p], momentum=-0.5), "RMSprop", "momentum")
    raises(ValueError, lambda: optim.RMSprop([p], lr=-0.1), "RMSprop", "lr=-0.1")
    raises(ValueError, lambda: optim.Adagrad([p], lr_decay=-1), "Adagrad", "lr_decay")
    raises(ValueError, lambda: optim.Adagrad([p], initial_accumulator_value=-1), "Adagrad",
           "initial_accumulator_value")
    raises(ValueError, lambda: optim.AdamW([p], weight_decay=-1), "AdamW", "weight_decay")
    raises(ValueError, lambda: optim.AdamW([p], betas=(0.9, 1.0)), "AdamW", "betas")
    with pytest.raises(TypeError, match="amsgrad"):  # not implemented (nor in Adam)
        optim.AdamW([p], amsgrad=True)


def test_the_package_keeps_every_import_path():
    from minigrad.optim import SGD, Adagrad, Adam, AdamW, Optimizer, RMSprop
    from minigrad.optim.lr_scheduler import ExponentialLR, StepLR

    assert all(issubclass(c, Optimizer) for c in (SGD, Adam, AdamW, RMSprop, Adagrad))
    module = importlib.import_module("minigrad.optim.lr_scheduler")
    assert module is optim.lr_scheduler and module.StepLR is StepLR
    assert module.ExponentialLR is ExponentialLR
    from minigrad.optim.lbfgs import LBFGS  # (no longer a missing name)

    assert optim.LBFGS is LBFGS and issubclass(LBFGS, Optimizer)
