"""The learning-rate schedules beyond StepLR and ExponentialLR: LambdaLR,
MultiplicativeLR, MultiStepLR, ConstantLR, LinearLR, PolynomialLR,
CosineAnnealingLR, ReduceLROnPlateau, OneCycleLR, CyclicLR,
CosineAnnealingWarmRestarts, SequentialLR and ChainedScheduler.

Values are literals computed once with PyTorch 2.13; the tests marked `torch`
drive a PyTorch optimiser and a minigrad one side by side, with the same
schedule, over 50 steps and three parameter groups, and compare every lr (and
the momentum or beta1 the cyclic ones set) to 1e-12.
"""

from __future__ import annotations

import math

import pytest

import minigrad as mg
from minigrad import optim
from minigrad.optim import lr_scheduler as S

LRS = (0.1, 0.05, 0.3)
METRICS = [1.0, 0.9, 0.95, 0.95, 0.96, 0.97, 0.89, 0.9, 0.9, 0.9, 0.9, 0.91, 0.5, 0.6, 0.6,
           0.6, 0.6, 0.6, 0.6, 0.6, 0.49999, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6]
EPOCHS = [0.0, 0.5, 1.25, 3.0, 4.99, 5.0, 6.5, 14.0, 15.0, 16.2, 40.0, 2.0, 3.75]


def _optimizer(lib, name: str, lrs=LRS):
    groups = [{"params": [lib.zeros(2, requires_grad=True)], "lr": lr} for lr in lrs]
    if name == "SGD":
        return lib.optim.SGD(groups, lr=0.1, momentum=0.9)
    return lib.optim.Adam(groups, lr=0.1)


def _momenta(opt) -> list[float]:
    return [g["betas"][0] if "betas" in g else g["momentum"] for g in opt.param_groups]


def _drive(lib, opt_name, build, steps, driver="step"):
    """Each step's get_last_lr(), the groups' lrs and momenta, and last_epoch."""
    opt = _optimizer(lib, opt_name)
    sched = build(lib.optim.lr_scheduler, opt)
    rows = [sched.get_last_lr() + _momenta(opt)]
    inputs = {"step": [None] * steps, "metric": METRICS, "epochs": EPOCHS}[driver]
    for value in inputs:
        opt.step()
        sched.step() if value is None else sched.step(value)
        rows.append(sched.get_last_lr() + [g["lr"] for g in opt.param_groups] + _momenta(opt)
                    + [sched.last_epoch if hasattr(sched, "last_epoch") else 0])
    return rows


def _seq(S, o):
    return S.SequentialLR(o, [S.LinearLR(o, start_factor=0.1, total_iters=5),
                              S.CosineAnnealingLR(o, T_max=20, eta_min=0.001)], milestones=[5])


def _seq3(S, o):
    return S.SequentialLR(o, [S.ConstantLR(o, factor=0.5, total_iters=2),
                              S.ExponentialLR(o, gamma=0.9), S.StepLR(o, step_size=4)],
                          milestones=[3, 10])


def _chain(S, o):
    return S.ChainedScheduler([S.ConstantLR(o, factor=0.5, total_iters=4),
                               S.ExponentialLR(o, gamma=0.9)])


def _plateau(**kw):
    return ("SGD", lambda S, o: S.ReduceLROnPlateau(o, **kw), 0, "metric")


CASES = {
    "LambdaLR": ("SGD", lambda S, o: S.LambdaLR(o, lambda e: 0.95 ** e), 50, "step"),
    "LambdaLR list": ("SGD", lambda S, o: S.LambdaLR(
        o, [lambda e: 0.95 ** e, lambda e: 1 / (e + 1), lambda e: 0.5]), 50, "step"),
    "MultiplicativeLR": ("SGD", lambda S, o: S.MultiplicativeLR(o, lambda e: 0.93), 50, "step"),
    "MultiStepLR": ("SGD", lambda S, o: S.MultiStepLR(o, [3, 7, 7, 12], gamma=0.5), 50, "step"),
    "MultiStepLR unsorted": ("SGD", lambda S, o: S.MultiStepLR(o, [12, 3, 7], 0.3), 50, "step"),
    "ConstantLR": ("SGD", lambda S, o: S.ConstantLR(o, factor=0.3, total_iters=4), 50, "step"),
    "LinearLR": ("SGD", lambda S, o: S.LinearLR(o, 0.25, 0.9, total_iters=10), 50, "step"),
    "LinearLR down": ("SGD", lambda S, o: S.LinearLR(o, 1.0, 0.1, total_iters=30), 50, "step"),
    "PolynomialLR": ("SGD", lambda S, o: S.PolynomialLR(o, total_iters=20, power=2.0), 50,
                     "step"),
    "CosineAnnealingLR": ("SGD", lambda S, o: S.CosineAnnealingLR(o, T_max=10, eta_min=0.001),
                          50, "step"),
    "CosineAnnealingLR long": ("Adam", lambda S, o: S.CosineAnnealingLR(o, T_max=45), 50,
                               "step"),
    "ReduceLROnPlateau": _plateau(patience=2),
    "ReduceLROnPlateau abs cooldown": _plateau(factor=0.5, patience=1, threshold=0.05,
                                               threshold_mode="abs", cooldown=2,
                                               min_lr=[0.01, 0.02, 0.0]),
    "ReduceLROnPlateau max": _plateau(mode="max", factor=0.7, patience=0, min_lr=0.01),
    "ReduceLROnPlateau eps": _plateau(factor=0.5, patience=0, eps=0.02),
    "OneCycleLR": ("SGD", lambda S, o: S.OneCycleLR(o, max_lr=1.0, total_steps=50), 50, "step"),
    "OneCycleLR linear Adam": ("Adam", lambda S, o: S.OneCycleLR(
        o, max_lr=[0.5, 0.2, 1.0], epochs=5, steps_per_epoch=10, anneal_strategy="linear"), 50,
        "step"),
    "OneCycleLR three_phase": ("SGD", lambda S, o: S.OneCycleLR(
        o, max_lr=0.8, total_steps=50, pct_start=0.25, three_phase=True, div_factor=10.0,
        final_div_factor=100.0, base_momentum=[0.8, 0.7, 0.6]), 50, "step"),
    "OneCycleLR no momentum": ("Adam", lambda S, o: S.OneCycleLR(
        o, max_lr=0.3, total_steps=50, cycle_momentum=False), 50, "step"),
    "CyclicLR": ("SGD", lambda S, o: S.CyclicLR(o, 0.01, 0.1, step_size_up=4,
                                                 step_size_down=6), 50, "step"),
    "CyclicLR triangular2 Adam": ("Adam", lambda S, o: S.CyclicLR(
        o, [0.01, 0.02, 0.03], 0.2, step_size_up=5, mode="triangular2"), 50, "step"),
    "CyclicLR exp_range": ("SGD", lambda S, o: S.CyclicLR(
        o, 0.001, 0.1, step_size_up=3, mode="exp_range", gamma=0.97,
        cycle_momentum=False), 50, "step"),
    "CosineAnnealingWarmRestarts": ("SGD", lambda S, o: S.CosineAnnealingWarmRestarts(
        o, T_0=5, T_mult=2, eta_min=0.01), 50, "step"),
    "CosineAnnealingWarmRestarts T_mult=1": ("SGD", lambda S, o: S.CosineAnnealingWarmRestarts(
        o, T_0=7), 50, "step"),
    "CosineAnnealingWarmRestarts epochs": ("SGD", lambda S, o: S.CosineAnnealingWarmRestarts(
        o, T_0=5, T_mult=2, eta_min=0.01), 0, "epochs"),
    "CosineAnnealingWarmRestarts epochs T_mult=1": (
        "SGD", lambda S, o: S.CosineAnnealingWarmRestarts(o, T_0=3), 0, "epochs"),
    "SequentialLR": ("SGD", _seq, 50, "step"),
    "SequentialLR three": ("SGD", _seq3, 50, "step"),
    "ChainedScheduler": ("SGD", _chain, 50, "step"),
}


def _lrs(make, steps: int, metrics=None, opt=None) -> list[float]:
    """Group 0's lr as made and after each step (SGD, lr 0.1, momentum 0.9)."""
    opt = opt or optim.SGD([mg.zeros(1, requires_grad=True)], lr=0.1, momentum=0.9)
    sched = make(opt)
    out = [sched.get_last_lr()[0]]
    for i in range(steps):
        opt.step()
        sched.step() if metrics is None else sched.step(metrics[i])
        out.append(opt.param_groups[0]["lr"])
    return out


# ---- values, from PyTorch 2.13 ------------------------------------------------------------
TORCH_VALUES = {
    "LambdaLR": (lambda o: S.LambdaLR(o, lambda e: 1 / (e + 1)), 4,
                 [0.1, 0.05, 0.03333333333333333, 0.025, 0.020000000000000004]),
    "MultiplicativeLR": (lambda o: S.MultiplicativeLR(o, lambda e: 0.5), 3,
                         [0.1, 0.05, 0.025, 0.0125]),
    "MultiStepLR": (lambda o: S.MultiStepLR(o, [2, 4, 4], 0.5), 5,
                    [0.1, 0.1, 0.05, 0.05, 0.0125, 0.0125]),
    "ConstantLR": (lambda o: S.ConstantLR(o, factor=0.5, total_iters=2), 3,
                   [0.05, 0.05, 0.1, 0.1]),
    "LinearLR": (lambda o: S.LinearLR(o, 0.5, 1.0, total_iters=4), 5,
                 [0.05, 0.0625, 0.075, 0.08750000000000001, 0.1, 0.1]),
    "PolynomialLR": (lambda o: S.PolynomialLR(o, total_iters=4, power=2.0), 5,
                     [0.1, 0.05625, 0.024999999999999998, 0.0062499999999999995, 0.0, 0.0]),
    "CosineAnnealingLR": (lambda o: S.CosineAnnealingLR(o, T_max=4), 6,
                          [0.1, 0.08535533905932738, 0.05, 0.014644660940672627, 0.0,
                           0.014644660940672622, 0.05000000000000001]),
    "CyclicLR": (lambda o: S.CyclicLR(o, 0.1, 0.5, step_size_up=2, cycle_momentum=False), 5,
                 [0.1, 0.30000000000000004, 0.5, 0.30000000000000004, 0.1,
                  0.30000000000000004]),
    "CosineAnnealingWarmRestarts": (lambda o: S.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=2),
                                    6, [0.1, 0.05, 0.1, 0.08535533905932738, 0.05,
                                        0.014644660940672627, 0.1]),
    "SequentialLR": (lambda o: S.SequentialLR(o, [S.ConstantLR(o, factor=0.5, total_iters=10),
                                                  S.ExponentialLR(o, gamma=0.5)], [2]), 4,
                     [0.05, 0.05, 0.1, 0.05, 0.025]),
    "ChainedScheduler": (lambda o: S.ChainedScheduler([S.ConstantLR(o, factor=0.5, total_iters=2),
                                                       S.ExponentialLR(o, gamma=0.5)]), 3,
                         [0.05, 0.025, 0.025, 0.0125]),
}


@pytest.mark.parametrize("name", TORCH_VALUES)
def test_lrs_equal_pytorchs(name) -> None:
    make, steps, expected = TORCH_VALUES[name]
    assert _lrs(make, steps) == expected


def test_reduce_on_plateau_waits_patience_epochs() -> None:
    lrs = _lrs(lambda o: S.ReduceLROnPlateau(o, patience=1, factor=0.5), 6,
               metrics=[1, 1, 1, 1, 0.5, mg.tensor(0.5)])
    assert lrs == [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05]


def test_one_cycle_moves_lr_and_momentum_as_pytorch() -> None:
    opt = optim.SGD([mg.zeros(1, requires_grad=True)], lr=0.1, momentum=0.9)
    sched = S.OneCycleLR(opt, max_lr=1.0, total_steps=6)
    seen = [(sched.get_last_lr()[0], opt.param_groups[0]["momentum"])]
    for _ in range(5):
        opt.step()
        sched.step()
        seen.append((sched.get_last_lr()[0], opt.param_groups[0]["momentum"]))
    assert seen == [(0.040000000000000036, 0.95), (0.9944154354509117, 0.8505584586887436),
                    (0.811745653949763, 0.8688255099070633),
                    (0.46263710266697505, 0.9037365046793212),
                    (0.1334775301888306, 0.9366525935914912), (4e-06, 0.95)]
    opt.step()
    sched.step()  # the last of the 6 steps
    with pytest.raises(ValueError, match="stepped 7 times, but total_steps is 6"):
        sched.step()


def test_adam_betas_cycle_in_beta1_only() -> None:
    opt = optim.Adam([mg.zeros(1, requires_grad=True)], lr=0.1, betas=(0.9, 0.99))
    S.CyclicLR(opt, 0.01, 0.1, step_size_up=2, base_momentum=0.7, max_momentum=0.8)
    assert opt.param_groups[0]["betas"] == (0.8, 0.99)
    opt.step()
    assert opt.param_groups[0]["betas"][1] == 0.99


def test_warm_restarts_take_fractional_epochs() -> None:
    opt = optim.SGD([mg.zeros(1, requires_grad=True)], lr=1.0)
    sched = S.CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=2)
    sched.step(2.5)  # half an epoch into the second period (of length 4)
    assert sched.T_i == 4 and sched.T_cur == 0.5 and sched.last_epoch == 2
    assert math.isclose(sched.get_last_lr()[0], (1 + math.cos(math.pi * 0.5 / 4)) / 2)


def test_get_last_lr_is_a_copy_and_names_are_reexported() -> None:
    opt = optim.SGD([mg.zeros(1, requires_grad=True)], lr=0.1)
    sched = S.LambdaLR(opt, lambda e: 1.0)
    sched.get_last_lr().append(5.0)
    assert sched.get_last_lr() == [0.1]
    for name in ("LambdaLR", "OneCycleLR", "ReduceLROnPlateau", "SequentialLR"):
        assert name in S.__all__ and getattr(optim.lr_scheduler, name) is getattr(S, name)


# ---- state_dict: what is saved, and resuming ------------------------------------------
class _Warmup:
    """A callable object: LambdaLR saves its attributes (a plain function is saved as None)."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __call__(self, epoch: int) -> float:
        return min(1.0, (epoch + 1) / self.n)


RESUMABLE = {name: CASES[name] for name in (
    "LambdaLR list", "MultiStepLR", "LinearLR", "PolynomialLR", "CosineAnnealingLR",
    "ReduceLROnPlateau abs cooldown", "OneCycleLR three_phase", "CyclicLR triangular2 Adam",
    "CosineAnnealingWarmRestarts", "SequentialLR", "ChainedScheduler")}


@pytest.mark.parametrize("name", RESUMABLE)
def test_state_dict_resumes_exactly(name) -> None:
    opt_name, build, steps, driver = CASES[name]
    inputs = METRICS if driver == "metric" else [None] * steps

    def advance(opt, sched, values):
        for value in values:
            opt.step()
            sched.step() if value is None else sched.step(value)
        return sched.get_last_lr() + _momenta(opt)

    opt, sched = _optimizer(mg, opt_name), None
    sched = build(S, opt)
    straight = advance(opt, sched, inputs)
    opt, sched = _optimizer(mg, opt_name), None
    sched = build(S, opt)
    advance(opt, sched, inputs[:11])
    saved_opt, saved = opt.state_dict(), sched.state_dict()
    assert "optimizer" not in saved
    assert saved.get("last_epoch") == getattr(sched, "last_epoch", None)
    opt2 = _optimizer(mg, opt_name, lrs=(1.0, 2.0, 3.0))
    sched2 = build(S, opt2)
    opt2.load_state_dict(saved_opt)
    sched2.load_state_dict(saved)
    assert advance(opt2, sched2, inputs[11:]) == straight


def test_lambda_objects_are_saved_by_their_attributes() -> None:
    opt = optim.SGD([mg.zeros(1, requires_grad=True)], lr=0.1)
    sched = S.LambdaLR(opt, [_Warmup(4)])
    state = sched.state_dict()
    assert state["lr_lambdas"] == [{"n": 4}]
    assert S.LambdaLR(opt, lambda e: 1.0).state_dict()["lr_lambdas"] == [None]
    other = S.LambdaLR(opt, [_Warmup(10)])
    other.load_state_dict(state)
    assert other.lr_lambdas[0].n == 4


def test_state_dict_keys_follow_pytorch() -> None:
    opt = optim.SGD([mg.zeros(1, requires_grad=True)], lr=0.1)
    assert sorted(S.ReduceLROnPlateau(opt).state_dict()) == [
        "_last_lr", "best", "cooldown", "cooldown_counter", "default_min_lr", "eps", "factor",
        "last_epoch", "min_lrs", "mode", "mode_worse", "num_bad_epochs", "patience",
        "threshold", "threshold_mode"]
    seq = S.SequentialLR(opt, [S.ConstantLR(opt), S.ExponentialLR(opt, 0.5)], [2])
    assert sorted(seq.state_dict()) == ["_last_lr", "_milestones", "_schedulers", "last_epoch"]
    assert sorted(S.CosineAnnealingLR(opt, T_max=3).state_dict()) == [
        "T_max", "_is_initial", "_last_lr", "_step_count", "base_lrs", "eta_min", "last_epoch"]
    with pytest.raises(KeyError, match="unknown keys"):
        S.LinearLR(opt).load_state_dict({"T_max": 3})


# ---- errors ---------------------------------------------------------------------------
def _sgd(lib):
    return lib.optim.SGD([lib.zeros(1, requires_grad=True)], lr=0.1, momentum=0.9)


def _adagrad(lib):
    return lib.optim.Adagrad([lib.zeros(1, requires_grad=True)], lr=0.1)


def _two(lib):
    return lib.optim.SGD([{"params": [lib.zeros(1, requires_grad=True)]},
                          {"params": [lib.zeros(1, requires_grad=True)]}], lr=0.1)


def _past(lib):
    S, o = lib.optim.lr_scheduler, _sgd(lib)
    sched = S.OneCycleLR(o, max_lr=0.1, total_steps=1)
    sched.step()
    sched.step()


def _negative_epoch(lib):
    lib.optim.lr_scheduler.CosineAnnealingWarmRestarts(_sgd(lib), T_0=2).step(-1)


def _other_optimizer(lib):
    S = lib.optim.lr_scheduler
    o, p = _sgd(lib), _sgd(lib)
    return S.SequentialLR(o, [S.ConstantLR(o), S.ConstantLR(p)], [2])


ERRORS = {
    "LambdaLR count": (lambda L: L.optim.lr_scheduler.LambdaLR(_two(L), [lambda e: 1.0]),
                       ValueError, "expected 2 lr_lambdas"),
    "MultiplicativeLR not callable": (
        lambda L: L.optim.lr_scheduler.MultiplicativeLR(_sgd(L), 0.5), TypeError,
        "lr_lambda should be a function"),
    "LambdaLR not an optimiser": (lambda L: L.optim.lr_scheduler.LambdaLR([1], lambda e: 1),
                                  TypeError, "expected an optimiser", AttributeError),
    "ConstantLR factor": (lambda L: L.optim.lr_scheduler.ConstantLR(_sgd(L), factor=1.5),
                          ValueError, "factor must be between 0 and 1"),
    "LinearLR start_factor": (lambda L: L.optim.lr_scheduler.LinearLR(_sgd(L), start_factor=0),
                              ValueError, "start_factor must be greater than 0"),
    "LinearLR end_factor": (lambda L: L.optim.lr_scheduler.LinearLR(_sgd(L), end_factor=1.5),
                            ValueError, "end_factor must be between 0 and 1"),
    "resume without initial_lr": (
        lambda L: L.optim.lr_scheduler.CosineAnnealingLR(_sgd(L), T_max=3, last_epoch=4),
        KeyError, "initial_lr"),
    "ReduceLROnPlateau factor": (
        lambda L: L.optim.lr_scheduler.ReduceLROnPlateau(_sgd(L), factor=1.0), ValueError,
        "factor must be < 1.0"),
    "ReduceLROnPlateau mode": (
        lambda L: L.optim.lr_scheduler.ReduceLROnPlateau(_sgd(L), mode="avg"), ValueError,
        "mode must be 'min' or 'max'"),
    "ReduceLROnPlateau threshold_mode": (
        lambda L: L.optim.lr_scheduler.ReduceLROnPlateau(_sgd(L), threshold_mode="x"),
        ValueError, "threshold_mode must be 'rel' or 'abs'"),
    "ReduceLROnPlateau min_lr count": (
        lambda L: L.optim.lr_scheduler.ReduceLROnPlateau(_two(L), min_lr=[0.1]), ValueError,
        "expected 2 values of min_lr"),
    "ReduceLROnPlateau not an optimiser": (
        lambda L: L.optim.lr_scheduler.ReduceLROnPlateau(None), TypeError,
        "expected an optimiser"),
    "OneCycleLR no length": (lambda L: L.optim.lr_scheduler.OneCycleLR(_sgd(L), max_lr=0.1),
                             ValueError, "give either total_steps"),
    "OneCycleLR total_steps": (
        lambda L: L.optim.lr_scheduler.OneCycleLR(_sgd(L), max_lr=0.1, total_steps=0),
        ValueError, "total_steps must be a positive int"),
    "OneCycleLR epochs": (
        lambda L: L.optim.lr_scheduler.OneCycleLR(_sgd(L), 0.1, epochs=0, steps_per_epoch=2),
        ValueError, "epochs must be a positive int"),
    "OneCycleLR pct_start": (
        lambda L: L.optim.lr_scheduler.OneCycleLR(_sgd(L), 0.1, total_steps=5, pct_start=1),
        ValueError, "pct_start must be a float between 0 and 1"),
    "OneCycleLR anneal_strategy": (
        lambda L: L.optim.lr_scheduler.OneCycleLR(_sgd(L), 0.1, total_steps=5,
                                                  anneal_strategy="exp"),
        ValueError, "anneal_strategy must be 'cos' or 'linear'"),
    "OneCycleLR max_lr count": (
        lambda L: L.optim.lr_scheduler.OneCycleLR(_two(L), [0.1, 0.2, 0.3], total_steps=5),
        ValueError, "expected 2 values of max_lr"),
    "OneCycleLR no momentum": (
        lambda L: L.optim.lr_scheduler.OneCycleLR(_adagrad(L), 0.1, total_steps=5),
        ValueError, "'momentum' or 'betas'"),
    "OneCycleLR past the end": (_past, ValueError, "total_steps is 1"),
    "CyclicLR mode": (lambda L: L.optim.lr_scheduler.CyclicLR(_sgd(L), 0.1, 1.0, mode="sin"),
                      ValueError, "mode must be 'triangular'"),
    "CyclicLR no momentum": (lambda L: L.optim.lr_scheduler.CyclicLR(_adagrad(L), 0.1, 1.0),
                             ValueError, "'momentum' or 'betas'"),
    "CosineAnnealingWarmRestarts T_0": (
        lambda L: L.optim.lr_scheduler.CosineAnnealingWarmRestarts(_sgd(L), T_0=0),
        ValueError, "T_0 must be a positive int"),
    "CosineAnnealingWarmRestarts T_mult": (
        lambda L: L.optim.lr_scheduler.CosineAnnealingWarmRestarts(_sgd(L), 2, T_mult=1.5),
        ValueError, "T_mult must be an int >= 1"),
    "CosineAnnealingWarmRestarts eta_min": (
        lambda L: L.optim.lr_scheduler.CosineAnnealingWarmRestarts(_sgd(L), 2, eta_min="0"),
        ValueError, "eta_min must be a float or an int"),
    "CosineAnnealingWarmRestarts negative epoch": (_negative_epoch, ValueError,
                                                   "epoch must be >= 0"),
    "SequentialLR milestones": (
        lambda L: L.optim.lr_scheduler.SequentialLR(
            o := _sgd(L), [L.optim.lr_scheduler.ConstantLR(o)], [2]),
        ValueError, "expected 0 milestones"),
    "SequentialLR none": (lambda L: L.optim.lr_scheduler.SequentialLR(_sgd(L), [], []),
                          ValueError, "at least one scheduler"),
    "SequentialLR plateau": (
        lambda L: L.optim.lr_scheduler.SequentialLR(
            o := _sgd(L), [L.optim.lr_scheduler.ReduceLROnPlateau(o)], []),
        ValueError, "ReduceLROnPlateau"),
    "SequentialLR other optimiser": (_other_optimizer, ValueError, "another optimiser"),
    "SequentialLR not a scheduler": (
        lambda L: L.optim.lr_scheduler.SequentialLR(_sgd(L), [0.1], []), TypeError,
        "not a scheduler"),
    "ChainedScheduler none": (lambda L: L.optim.lr_scheduler.ChainedScheduler([]), ValueError,
                              "at least one scheduler"),
    "ChainedScheduler plateau": (
        lambda L: L.optim.lr_scheduler.ChainedScheduler(
            [L.optim.lr_scheduler.ReduceLROnPlateau(_sgd(L))]), ValueError,
        "ReduceLROnPlateau"),
}


@pytest.mark.parametrize("name", ERRORS)
def test_errors_are_clear(name) -> None:
    make, error, message = ERRORS[name][:3]
    with pytest.raises(error, match=message):
        make(mg)


def test_plateau_refuses_a_new_group_without_its_min_lr() -> None:
    opt = optim.SGD([mg.zeros(1, requires_grad=True)], lr=0.1)
    sched = S.ReduceLROnPlateau(opt, patience=0, min_lr=[0.0])
    opt.add_param_group({"params": [mg.zeros(1, requires_grad=True)]})
    sched.step(1.0)
    with pytest.raises(RuntimeError, match="min_lr was given for 1"):
        sched.step(2.0)
