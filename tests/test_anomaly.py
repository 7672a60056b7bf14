"""`mg.detect_anomaly()`: the first NaN/inf, forward or backward, names the op
and shows the user's line that created it; normal mode records nothing."""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pytest

import minigrad as mg
from minigrad.errors import AnomalyError


@pytest.fixture(autouse=True)
def _quiet_numpy() -> object:
    # NaN-making ops make numpy warn; the tests are about minigrad's error.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def this_line() -> int:
    frame = inspect.currentframe()
    assert frame is not None and frame.f_back is not None
    return frame.f_back.f_lineno


def test_nan_in_forward_names_the_op_and_the_users_line() -> None:
    x = mg.tensor([1.0, -1.0], requires_grad=True)
    with mg.detect_anomaly(), pytest.raises(AnomalyError) as info:
        line = this_line() + 1
        x.log() * 2  # log(-1) is NaN
    message = str(info.value)
    assert message.startswith("Log: NaN in the forward output")
    assert f'{__file__}", line {line}' in message
    assert "x.log() * 2" in message
    assert "minigrad/ops" not in message  # the user's frames, not minigrad's internals


def test_inf_in_forward_without_any_grad() -> None:
    with mg.detect_anomaly(), pytest.raises(AnomalyError) as info:
        mg.tensor([0.0]).log()
    message = str(info.value)
    assert "Log: inf in the forward output" in message
    assert "mg.tensor([0.0]).log()" in message


def test_nan_in_backward_names_the_op_that_made_it() -> None:
    x = mg.tensor([0.0, 4.0], requires_grad=True)
    with mg.detect_anomaly():
        line = this_line() + 1
        root = x.sqrt()  # forward is finite; d sqrt/dx at 0 is inf
        loss = root.sum()
        with pytest.raises(AnomalyError) as info:
            loss.backward()
    message = str(info.value)
    assert message.startswith("Sqrt: inf in the gradient it computed")
    assert f'line {line}' in message and "root = x.sqrt()" in message


def test_nan_from_zero_times_inf_in_backward() -> None:
    # forward: exp(-1000) = 0 then log(0) = -inf, caught where it first appears.
    x = mg.tensor([-1000.0], dtype=np.float64, requires_grad=True)
    with mg.detect_anomaly(), pytest.raises(AnomalyError, match="Log: inf"):
        x.exp().log()


def test_backward_anomaly_stops_before_touching_the_leaves() -> None:
    x = mg.tensor([0.0], requires_grad=True)
    with mg.detect_anomaly():
        loss = x.sqrt().sum()
        with pytest.raises(AnomalyError):
            loss.backward()
    assert x.grad is None


def test_without_anomaly_mode_nan_passes_silently_and_no_stack_is_recorded() -> None:
    x = mg.tensor([1.0, -1.0], requires_grad=True)
    y = x.log()
    assert np.isnan(y.numpy()[1])
    assert y.grad_fn.stack is None  # normal runs pay nothing
    y.sum().backward()
    assert x.grad is not None


def test_anomaly_mode_records_the_stack_of_every_node() -> None:
    x = mg.tensor([1.0], requires_grad=True)
    with mg.detect_anomaly():
        y = (x * 2).exp()
    assert y.grad_fn.stack is not None
    assert any("(x * 2).exp()" in frame for frame in y.grad_fn.stack)
    assert not mg.is_anomaly_enabled()


def test_finite_graph_runs_normally_in_anomaly_mode() -> None:
    x = mg.tensor([1.0, 2.0], requires_grad=True)
    with mg.detect_anomaly():
        (x.log() * x).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), np.log([1.0, 2.0]) + 1, rtol=1e-6)


def test_detect_anomaly_nests_and_can_be_disabled() -> None:
    with mg.detect_anomaly():
        assert mg.is_anomaly_enabled()
        with mg.detect_anomaly(enabled=False):
            assert not mg.is_anomaly_enabled()
            mg.tensor([0.0]).log()  # no error
        assert mg.is_anomaly_enabled()
    assert not mg.is_anomaly_enabled()


def test_anomaly_mode_is_restored_after_an_error() -> None:
    with pytest.raises(AnomalyError), mg.detect_anomaly():
        mg.tensor([-1.0]).sqrt()
    assert not mg.is_anomaly_enabled()


def test_anomaly_error_is_a_runtime_error() -> None:
    assert issubclass(AnomalyError, RuntimeError)
