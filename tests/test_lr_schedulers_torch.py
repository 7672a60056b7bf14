"""The learning-rate schedulers of test_lr_schedulers_more.py against PyTorch itself:
the same steps, resuming, errors and state_dict keys, driving torch's optimizers and
minigrad's side by side (torch tests: skipped without torch, failures under make parity).
"""

from __future__ import annotations

import contextlib
import warnings

import numpy as np
import pytest
from test_lr_schedulers_more import CASES, ERRORS, RESUMABLE, _drive, _optimizer
from torch_or_skip import torch_or_skip

import minigrad as mg
from minigrad.optim import lr_scheduler as S


# ---- against PyTorch itself -----------------------------------------------------------
def _torch():
    return torch_or_skip()


def _close(ours, theirs) -> None:
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(np.array(a, dtype=float), np.array(b, dtype=float),
                                   rtol=1e-12, atol=0)


@pytest.mark.torch
@pytest.mark.parametrize("name", CASES)
def test_steps_equal_pytorchs(name) -> None:
    torch = _torch()
    opt_name, build, steps, driver = CASES[name]
    with _quiet():
        theirs = _drive(torch, opt_name, build, steps, driver)
    _close(_drive(mg, opt_name, build, steps, driver), theirs)


@pytest.mark.torch
@pytest.mark.parametrize("name", ["CosineAnnealingLR", "LinearLR", "PolynomialLR", "MultiStepLR",
                                  "ConstantLR", "LambdaLR", "MultiplicativeLR"])
def test_resuming_with_last_epoch_equals_pytorch(name) -> None:
    """A scheduler made with last_epoch=k (the optimiser's groups holding initial_lr)."""
    torch = _torch()
    opt_name, build, steps, _ = CASES[name]

    def run(lib):
        opt = _optimizer(lib, opt_name)
        sched = build(lib.optim.lr_scheduler, opt)
        for _ in range(7):
            opt.step()
            sched.step()
        resumed = _resume(lib, build, opt)
        rows = [resumed.get_last_lr()]
        for _ in range(20):
            opt.step()
            resumed.step()
            rows.append(resumed.get_last_lr())
        return rows

    with _quiet():
        theirs = run(torch)
    _close(run(mg), theirs)


def _resume(lib, build, opt):
    """The same kind of scheduler, made again at last_epoch=7 on the same optimiser."""
    probe = build(lib.optim.lr_scheduler, opt)
    kind = type(probe)
    settings = {k: v for k, v in vars(probe).items()
                if k in ("T_max", "eta_min", "start_factor", "end_factor", "total_iters",
                         "power", "factor", "gamma")}
    if kind.__name__ == "MultiStepLR":
        settings["milestones"] = list(probe.milestones.elements())
    if hasattr(probe, "lr_lambdas"):
        settings["lr_lambda"] = probe.lr_lambdas
    for group, lr in zip(opt.param_groups, [0.07, 0.03, 0.2]):
        group["lr"] = lr
    return kind(opt, last_epoch=7, **settings)


@pytest.mark.torch
@pytest.mark.parametrize("name", ERRORS)
def test_pytorch_raises_the_same_errors(name) -> None:
    torch = _torch()
    make, error = ERRORS[name][0], ERRORS[name][-1]  # (PyTorch's type, where it differs)
    if isinstance(error, str):
        error = ERRORS[name][1]
    with _quiet(), pytest.raises(error):
        make(torch)


@pytest.mark.torch
@pytest.mark.parametrize("name", RESUMABLE)
def test_state_dict_keys_equal_pytorchs(name) -> None:
    torch = _torch()
    opt_name, build, _, _ = CASES[name]
    with _quiet():
        theirs = build(torch.optim.lr_scheduler, _optimizer(torch, opt_name)).state_dict()
    ours = build(S, _optimizer(mg, opt_name)).state_dict()
    assert set(ours) == set(theirs) - {"_get_lr_called_within_step"}


@contextlib.contextmanager
def _quiet():
    """PyTorch warns about the deprecated step(epoch) that SequentialLR uses inside."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield
