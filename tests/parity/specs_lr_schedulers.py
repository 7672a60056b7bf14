"""Specs of the learning-rate schedules beyond StepLR and ExponentialLR: the lrs of
three parameter groups over the epochs (and, for the cyclic ones, the momentum or
beta1 they set), and the errors PyTorch raises for bad settings."""

from __future__ import annotations

from hypothesis import strategies as st
from parity_harness import Case, Spec

SPECS: list[Spec] = []


def _run(L, make, steps, optimizer="SGD", metrics=None):
    """The lrs (and momenta) as made and after each step; `make(S, opt)` builds the schedule."""
    groups = [{"params": [L.t.zeros(2, requires_grad=True)]},
              {"params": [L.t.zeros(1, requires_grad=True)], "lr": 0.3},
              {"params": [L.t.zeros(1, requires_grad=True)], "lr": 0.05}]
    opt = (L.optim.SGD(groups, lr=0.1, momentum=0.9) if optimizer == "SGD"
           else L.optim.Adam(groups, lr=0.1))
    sched = make(L.optim.lr_scheduler, opt)

    def momenta():
        return [g["betas"][0] if "betas" in g else g["momentum"] for g in opt.param_groups]

    rows = [sched.get_last_lr() + momenta()]
    for i in range(steps):
        opt.step()
        sched.step() if metrics is None else sched.step(metrics[i])
        rows.append(sched.get_last_lr() + [g["lr"] for g in opt.param_groups] + momenta())
    return rows


_steps = st.integers(0, 30)
_gammas = st.sampled_from([0.1, 0.5, 0.9, 0.97, 0.3333])
_factors = st.sampled_from([0.0, 0.1, 0.25, 1 / 3, 0.5, 1.0, 1.5, -0.1])
_iters = st.integers(1, 12)
_opts = st.sampled_from(["SGD", "Adam"])


def _spec(name, make, cases):
    SPECS.append(Spec(f"lr_scheduler.{name}", lambda L, *a, **kw: _run(L, make(kw), *a), cases))


_spec("LambdaLR", lambda kw: lambda S, o: S.LambdaLR(o, lambda e: kw["base"] ** e / (e + 1)),
      st.builds(lambda n, g: Case((n,), {"base": g}), _steps, _gammas))
_spec("MultiplicativeLR", lambda kw: lambda S, o: S.MultiplicativeLR(o, lambda e: kw["g"]),
      st.builds(lambda n, g: Case((n,), {"g": g}), _steps, _gammas))
_spec("MultiStepLR", lambda kw: lambda S, o: S.MultiStepLR(o, kw["m"], kw["g"]),
      st.builds(lambda n, m, g: Case((n,), {"m": m, "g": g}), _steps,
                st.lists(st.integers(0, 25), max_size=5), _gammas))
_spec("ConstantLR", lambda kw: lambda S, o: S.ConstantLR(o, kw["f"], kw["t"]),
      st.builds(lambda n, f, t: Case((n,), {"f": f, "t": t}), _steps,
                _factors.filter(lambda f: f != 0.0), _iters))
_spec("LinearLR", lambda kw: lambda S, o: S.LinearLR(o, kw["a"], kw["b"], kw["t"]),
      st.builds(lambda n, a, b, t: Case((n,), {"a": a, "b": b, "t": t}), _steps,
                st.sampled_from([0.1, 0.25, 1 / 3, 1.0, 0.0]),
                st.sampled_from([1.0, 0.5, 0.0, 0.9, 1.5]), _iters))
_spec("PolynomialLR", lambda kw: lambda S, o: S.PolynomialLR(o, kw["t"], kw["p"]),
      st.builds(lambda n, t, p: Case((n,), {"t": t, "p": p}), _steps, _iters,
                st.sampled_from([0.5, 1.0, 2.0, 3.0])))
_spec("CosineAnnealingLR", lambda kw: lambda S, o: S.CosineAnnealingLR(o, kw["t"], kw["e"]),
      st.builds(lambda n, t, e: Case((n,), {"t": t, "e": e}), _steps, _iters,
                st.sampled_from([0.0, 0.001, 0.01])))
_spec("OneCycleLR", lambda kw: lambda S, o: S.OneCycleLR(
    o, kw["top"], total_steps=kw["total"], pct_start=kw["pct"], anneal_strategy=kw["how"],
    three_phase=kw["three"], cycle_momentum=kw["momentum"]),
    st.builds(lambda total, top, pct, how, three, mom, opt: Case(
        (total, opt), {"total": total, "top": top, "pct": pct, "how": how, "three": three,
                       "momentum": mom}),
        st.integers(1, 30), st.sampled_from([1.0, 0.1, [0.5, 0.2, 1.0]]),
        st.sampled_from([0.3, 0.25, 0.5, 0.1, 1.0, 1.5, 1]), st.sampled_from(["cos", "linear"]),
        st.booleans(), st.booleans(), _opts))
_spec("CyclicLR", lambda kw: lambda S, o: S.CyclicLR(
    o, kw["low"], kw["top"], kw["up"], kw["down"], mode=kw["mode"], gamma=0.95,
    cycle_momentum=kw["momentum"]),
    st.builds(lambda n, low, top, up, down, mode, mom, opt: Case(
        (n, opt), {"low": low, "top": top, "up": up, "down": down, "mode": mode,
                   "momentum": mom}),
        _steps, st.sampled_from([0.01, [0.01, 0.02, 0.03]]), st.sampled_from([0.1, 1.0]),
        st.integers(1, 6), st.sampled_from([None, 1, 3]),
        st.sampled_from(["triangular", "triangular2", "exp_range", "sine"]), st.booleans(),
        _opts))
_spec("CosineAnnealingWarmRestarts", lambda kw: lambda S, o: S.CosineAnnealingWarmRestarts(
    o, kw["t0"], kw["mult"], kw["e"]),
    st.builds(lambda n, t0, mult, e: Case((n,), {"t0": t0, "mult": mult, "e": e}), _steps,
              st.integers(0, 6), st.integers(0, 3), st.sampled_from([0.0, 0.01])))
_spec("SequentialLR", lambda kw: lambda S, o: S.SequentialLR(
    o, [S.LinearLR(o, 0.1, total_iters=kw["m"]), S.ExponentialLR(o, 0.9),
        S.CosineAnnealingLR(o, T_max=7)], [kw["m"], kw["m"] + kw["k"]]),
    st.builds(lambda n, m, k: Case((n,), {"m": m, "k": k}), _steps, st.integers(1, 8),
              st.integers(0, 8)))
_spec("ChainedScheduler", lambda kw: lambda S, o: S.ChainedScheduler(
    [S.ConstantLR(o, 0.5, kw["t"]), S.ExponentialLR(o, kw["g"])]),
    st.builds(lambda n, t, g: Case((n,), {"t": t, "g": g}), _steps, _iters, _gammas))

_metrics = st.lists(st.sampled_from([1.0, 0.9, 0.95, 0.5, 0.49999, 0.6, 2.0]), max_size=30)
SPECS.append(Spec(
    "lr_scheduler.ReduceLROnPlateau",
    lambda L, metrics, **kw: _run(L, lambda S, o: S.ReduceLROnPlateau(o, **kw), len(metrics),
                                  metrics=metrics),
    st.builds(lambda m, mode, f, p, th, tm, cd, lo: Case(
        (m,), {"mode": mode, "factor": f, "patience": p, "threshold": th,
               "threshold_mode": tm, "cooldown": cd, "min_lr": lo}),
        _metrics, st.sampled_from(["min", "max", "avg"]), st.sampled_from([0.1, 0.5, 1.0]),
        st.integers(0, 3), st.sampled_from([1e-4, 0.05]), st.sampled_from(["rel", "abs"]),
        st.integers(0, 2), st.sampled_from([0, 0.02, [0.0, 0.1, 0.01]]))))
