"""PyTorch's module paths and names: nn.functional, utils.data, optim.lr_scheduler,
and a clear error for PyTorch names minigrad does not have. Expected numbers are
PyTorch 2.13's, written as literals."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import minigrad as mg
from minigrad import optim


# ---- module paths --------------------------------------------------------------------
def test_nn_functional_is_minigrad_functional() -> None:
    import minigrad.nn.functional as F  # noqa: N812

    assert mg.nn.functional is F
    for name in mg.functional.__all__:
        assert getattr(F, name) is getattr(mg.functional, name)
    x = mg.tensor([[2.0, 0.0, -1.0]])
    assert F.cross_entropy(x, mg.tensor([0])).item() == pytest.approx(0.1698460, abs=1e-6)


def test_utils_data_reexports_minigrad_data() -> None:
    from minigrad.utils.data import DataLoader, Dataset, TensorDataset, random_split

    assert (DataLoader, Dataset, TensorDataset, random_split) == (
        mg.data.DataLoader, mg.data.Dataset, mg.data.TensorDataset, mg.data.random_split)
    assert mg.utils.data.DataLoader is mg.data.DataLoader


@pytest.mark.parametrize("path", ["minigrad.optim.lr_scheduler", "minigrad.nn.functional",
                                  "minigrad.utils.data"])
def test_paths_import_in_a_fresh_interpreter(path: str) -> None:
    """`import minigrad.optim.lr_scheduler` as the first line of a program (optim is a
    module: the name is registered, and must work before anything else is imported)."""
    code = f"import {path} as m; from {path} import *; print(m.__name__)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() in (path, "minigrad.lr_scheduler")


def test_lr_scheduler_is_reachable_as_an_attribute_and_a_module() -> None:
    from minigrad.optim.lr_scheduler import ExponentialLR, StepLR

    assert optim.lr_scheduler.StepLR is StepLR
    assert importlib.import_module("minigrad.optim.lr_scheduler").ExponentialLR is ExponentialLR


# ---- schedules (PyTorch's numbers) -------------------------------------------------------
def _sgd(lr: float = 0.5) -> optim.SGD:
    opt = optim.SGD([mg.zeros(2, requires_grad=True)], lr=lr)
    opt.add_param_group({"params": [mg.zeros(1, requires_grad=True)], "lr": 0.2})
    return opt


def test_step_lr_follows_pytorch_over_epochs() -> None:
    opt = _sgd()
    scheduler = optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.1)
    assert scheduler.get_last_lr() == [0.5, 0.2]  # making it is epoch 0: nothing changes
    seen = []
    for _ in range(7):
        opt.step()
        scheduler.step()
        seen.append(scheduler.get_last_lr())
    assert seen == [  # torch 2.13, exactly (the chained products round the same way)
        [0.5, 0.2], [0.5, 0.2], [0.05, 0.020000000000000004], [0.05, 0.020000000000000004],
        [0.05, 0.020000000000000004], [0.005000000000000001, 0.0020000000000000005],
        [0.005000000000000001, 0.0020000000000000005],
    ]
    assert [g["lr"] for g in opt.param_groups] == seen[-1]  # the optimiser uses them
    assert [g["initial_lr"] for g in opt.param_groups] == [0.5, 0.2]
    assert scheduler.last_epoch == 7


def test_exponential_lr_and_resuming_from_state_dicts() -> None:
    w = mg.zeros(2, requires_grad=True)
    opt = optim.Adam([w], lr=0.01)
    scheduler = optim.lr_scheduler.ExponentialLR(opt, gamma=0.5)
    seen = []
    for _ in range(4):
        opt.step()
        scheduler.step()
        seen.append(scheduler.get_last_lr()[0])
    assert seen == [0.005, 0.0025, 0.00125, 0.000625]
    # resume: the optimiser's state (with initial_lr) and the scheduler's, as in PyTorch
    saved_opt, saved = opt.state_dict(), scheduler.state_dict()
    assert "optimizer" not in saved and saved["last_epoch"] == 4
    opt2 = optim.Adam([w], lr=0.01)
    opt2.load_state_dict(saved_opt)
    resumed = optim.lr_scheduler.ExponentialLR(opt2, gamma=0.5)
    resumed.load_state_dict(saved)
    resumed.step()
    assert resumed.get_last_lr() == [0.0003125] and resumed.last_epoch == 5


def test_scheduler_errors_are_clear() -> None:
    with pytest.raises(TypeError, match="expected an optimiser"):
        optim.lr_scheduler.StepLR([mg.zeros(1)], step_size=2)
    with pytest.raises(ValueError, match="step_size must be a positive int"):
        optim.lr_scheduler.StepLR(_sgd(), step_size=0)
    with pytest.raises(KeyError, match="initial_lr"):
        optim.lr_scheduler.ExponentialLR(_sgd(), gamma=0.9, last_epoch=3)
    scheduler = optim.lr_scheduler.ExponentialLR(_sgd(), gamma=0.9)
    with pytest.raises(KeyError, match="step_size"):
        scheduler.load_state_dict({"step_size": 3})


# ---- names minigrad does not have -------------------------------------------------------
@pytest.mark.parametrize(("module", "name", "torch_name"), [
    (mg, "bfloat16", "torch.bfloat16"),
    (mg.linalg, "eig", "torch.linalg.eig"),
    (mg.functional, "grid_sample", "torch.nn.functional.grid_sample"),
    (mg.nn.functional, "affine_grid", "torch.nn.functional.affine_grid"),
])
def test_a_pytorch_name_minigrad_lacks_says_so(module, name: str, torch_name: str) -> None:
    with pytest.raises(AttributeError) as info:
        getattr(module, name)
    message = str(info.value)
    assert torch_name in message and "docs/guide/pytorch.md" in message
    assert not hasattr(module, name)


@pytest.mark.parametrize("name", ["complex64", "bfloat16"])
def test_a_pytorch_name_gets_no_misleading_hint(name: str) -> None:
    """Python's 'did you mean' would point mg.bfloat16 at float16, a different dtype."""
    code = f"import minigrad as mg\nmg.{name}"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False)
    assert "PyTorch name" in result.stderr and "Did you mean" not in result.stderr


def test_other_missing_names_keep_pythons_error_and_hint() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'tensr'") as info:
        mg.tensr  # noqa: B018
    assert info.value.name == "tensr" and info.value.obj is mg  # what the hint is made from
    result = subprocess.run([sys.executable, "-c", "import minigrad as mg\nmg.tensr"],
                            capture_output=True, text=True, check=False)
    assert "Did you mean: 'tensor'?" in result.stderr


def test_the_list_of_missing_pytorch_names_holds_only_missing_names() -> None:
    # A name minigrad gains must leave the list (it would be found first anyway, but the
    # list is what the error messages and the docs say minigrad lacks).
    import importlib

    from minigrad import missing

    for module_name, names in missing._KNOWN.items():
        module = importlib.import_module(module_name)
        present = sorted(n for n in names if n in vars(module))
        assert not present, f"{module_name} has {present}: remove them from minigrad/missing.py"
