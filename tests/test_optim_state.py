"""Optimiser checkpoints: PyTorch's state_dict layout, saved with mg.save and
restored exactly, so training resumes (even in a new process) bit for bit."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import minigrad as mg
from minigrad import nn, optim

ROOT = Path(__file__).resolve().parents[1]

TRAINING = r'''
"""Train a small model; run as a script, resume from a checkpoint and print the losses."""
import sys

import numpy as np

import minigrad as mg
from minigrad import nn, optim

rng = np.random.default_rng(0)
X = rng.normal(size=(64, 3)).astype(np.float32)
Y = X @ np.array([[1.0], [-2.0], [0.5]], np.float32) + np.float32(0.1)


def build(kind, seed):
    mg.manual_seed(seed)
    model = nn.Sequential(nn.Linear(3, 8), nn.Tanh(), nn.Linear(8, 1))
    groups = [{"params": model[0].parameters()}, {"params": model[2].parameters(), "lr": 0.02}]
    if kind == "adam":
        opt = optim.Adam(groups, lr=0.01, betas=(0.8, 0.99), weight_decay=1e-3)
    else:
        opt = optim.SGD(groups, lr=0.05, momentum=0.9, nesterov=True, weight_decay=1e-3)
    return model, opt


def train(model, opt, steps, start):
    losses = []
    for step in range(start, start + steps):
        i = (step * 16) % 64
        x, y = mg.tensor(X[i : i + 16]), mg.tensor(Y[i : i + 16])
        opt.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


if __name__ == "__main__":
    kind, path = sys.argv[1], sys.argv[2]
    model, opt = build(kind, seed=123)  # other weights: all must come from the file
    for group in opt.param_groups:
        group["lr"] = 0.5  # other settings, too
    checkpoint = mg.load(path)
    model.load_state_dict(checkpoint["model"])
    opt.load_state_dict(checkpoint["optim"])
    print(" ".join(v.hex() for v in train(model, opt, 6, checkpoint["step"])))
'''


@pytest.mark.parametrize("kind", ["adam", "sgd"])
def test_training_resumes_exactly_in_a_new_process(tmp_path, kind):
    script = tmp_path / "training.py"
    script.write_text(TRAINING)
    spec = importlib.util.spec_from_file_location(f"training_{kind}", script)
    training = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(training)

    model, opt = training.build(kind, seed=0)
    training.train(model, opt, 5, 0)
    checkpoint = tmp_path / "checkpoint.npz"
    mg.save({"model": model.state_dict(), "optim": opt.state_dict(), "step": 5}, checkpoint)
    uninterrupted = training.train(model, opt, 6, 5)

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, str(script), kind, str(checkpoint)], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    resumed = [float.fromhex(v) for v in run.stdout.split()]
    assert resumed == uninterrupted  # bit for bit, not approximately


def test_state_dict_has_pytorchs_layout():
    p = nn.Parameter([1.0, -2.0])
    opt = optim.Adam([p], lr=0.1)
    for g in ([0.5, -1.0], [0.25, 2.0]):
        p.grad = mg.tensor(g)
        opt.step()
    saved = opt.state_dict()
    assert list(saved) == ["state", "param_groups"]
    assert saved["param_groups"] == [{"lr": 0.1, "betas": (0.9, 0.999), "eps": 1e-8,
                                      "weight_decay": 0.0, "maximize": False, "params": [0]}]
    state = saved["state"][0]
    assert list(state) == ["step", "exp_avg", "exp_avg_sq"] and state["step"] == 2
    assert isinstance(state["exp_avg"], mg.Tensor)
    # PyTorch 2.13's values for the same two steps.
    np.testing.assert_allclose(state["exp_avg"].numpy(), [0.07, 0.11], rtol=1e-6)
    np.testing.assert_allclose(state["exp_avg_sq"].numpy(), [0.00031225, 0.004999], rtol=1e-6)
    plain = optim.SGD([p], lr=0.1)
    plain.step()
    assert plain.state_dict()["state"] == {}  # no momentum: no entry, as in PyTorch


def test_optimizer_state_round_trips_through_a_file(tmp_path):
    a, b = nn.Parameter(np.ones((2, 3))), nn.Parameter(np.float64(0.5))  # b is 0-d
    opt = optim.Adam([{"params": [a]}, {"params": [b], "lr": 0.2}], lr=0.1, betas=(0.8, 0.9))
    for _ in range(3):
        a.grad, b.grad = mg.ones(2, 3, dtype=np.float64), mg.tensor(-1.0, dtype=np.float64)
        opt.step()
    mg.save(opt.state_dict(), tmp_path / "opt.npz")
    back = mg.load(tmp_path / "opt.npz")
    assert list(back["state"]) == [0, 1]  # int keys stay ints
    assert back["param_groups"][1]["betas"] == (0.8, 0.9)  # a tuple stays a tuple
    assert back["param_groups"][1]["lr"] == 0.2 and back["param_groups"][1]["params"] == [1]
    assert type(back["state"][1]["step"]) is int and back["state"][1]["step"] == 3
    fresh = optim.Adam([{"params": [a]}, {"params": [b]}], lr=0.7)
    fresh.load_state_dict(back)
    assert [g["lr"] for g in fresh.param_groups] == [0.1, 0.2]
    assert fresh.param_groups[0]["betas"] == (0.8, 0.9)
    np.testing.assert_array_equal(fresh.state[b]["exp_avg"], opt.state[b]["exp_avg"])
    assert fresh.state[b]["exp_avg"].shape == ()


def test_state_dict_and_loaded_state_are_copies():
    p = nn.Parameter([1.0, 2.0])
    opt = optim.SGD([p], lr=0.1, momentum=0.9)
    p.grad = mg.tensor([1.0, 1.0])
    opt.step()
    saved = opt.state_dict()
    opt.step()  # a later step does not reach into the saved dict
    np.testing.assert_array_equal(saved["state"][0]["momentum_buffer"].numpy(), [1.0, 1.0])
    other = optim.SGD([p], lr=0.1, momentum=0.9)
    other.load_state_dict(saved)
    other.step()  # nor does stepping the optimiser that loaded it
    np.testing.assert_array_equal(saved["state"][0]["momentum_buffer"].numpy(), [1.0, 1.0])
    np.testing.assert_allclose(other.state[p]["momentum_buffer"], [1.9, 1.9])


def test_positions_are_matched_group_by_group():
    a, b = nn.Parameter([1.0]), nn.Parameter([2.0, 3.0])
    opt = optim.SGD([{"params": [a]}, {"params": [b]}], lr=0.1, momentum=0.5)
    saved = {"state": {11: {"momentum_buffer": mg.tensor([4.0, 5.0])}},
             "param_groups": [{"params": [10]}, {"params": [11], "lr": 0.3}]}
    opt.load_state_dict(saved)
    assert a not in opt.state and opt.state[b]["momentum_buffer"].tolist() == [4.0, 5.0]
    assert opt.state[b]["momentum_buffer"].dtype == np.float32  # the parameter's dtype
    assert [g["lr"] for g in opt.param_groups] == [0.1, 0.3]


def _adam_state():
    p = nn.Parameter([1.0, 2.0])
    opt = optim.Adam([p], lr=0.1)
    p.grad = mg.tensor([1.0, 1.0])
    opt.step()
    return opt.state_dict()


@pytest.mark.parametrize("change, error, words", [
    (lambda s: [1, 2], TypeError, "'state' and 'param_groups'"),
    (lambda s: {"state": {}}, TypeError, "'state' and 'param_groups'"),
    (lambda s: {**s, "param_groups": s["param_groups"] * 2}, ValueError, "[1, 1]"),
    (lambda s: {**s, "param_groups": [{**s["param_groups"][0], "params": [0, 1]}]},
     ValueError, "[2] parameters"),
    (lambda s: {**s, "param_groups": [{**s["param_groups"][0], "params": ["0"]}]},
     ValueError, "distinct ints"),
    (lambda s: {**s, "param_groups": [{**s["param_groups"][0], "momentum": 0.9}]},
     ValueError, "['momentum']"),
    (lambda s: {**s, "param_groups": [{**s["param_groups"][0], "lr": -1.0}]},
     ValueError, "lr=-1.0"),
    (lambda s: {**s, "state": {5: s["state"][0]}}, ValueError, "parameter 5"),
    (lambda s: {**s, "state": {0: {**s["state"][0], "exp_avg": mg.zeros(3)}}},
     ValueError, "shape (3,)"),
    (lambda s: {**s, "state": {0: {"momentum_buffer": mg.zeros(2)}}}, ValueError,
     "another optimiser"),
    (lambda s: {**s, "state": {0: "step"}}, ValueError, "not a dict"),
], ids=["not-a-dict", "no-groups", "group-count", "group-size", "str-position",
        "sgd-setting", "bad-lr", "unknown-position", "buffer-shape", "sgd-state", "entry-type"])
def test_mismatched_state_dicts_are_refused_and_change_nothing(change, error, words):
    p = nn.Parameter([5.0, 6.0])
    opt = optim.Adam([p], lr=0.5)
    with pytest.raises(error) as info:
        opt.load_state_dict(change(_adam_state()))
    assert "Adam.load_state_dict" in str(info.value) and words in str(info.value)
    assert opt.param_groups[0]["lr"] == 0.5 and opt.state == {}
