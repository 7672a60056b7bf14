"""`mg.detect_anomaly()`, as in PyTorch: the first NaN in a gradient names the op
and shows the user's line that created it; infinities and forward values pass;
normal mode records nothing."""

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


def test_forward_nan_and_inf_pass_as_in_pytorch() -> None:
    # PyTorch's anomaly mode looks at gradients only: a NaN or -inf made by the
    # forward pass is not an error by itself (it is often masked away later).
    with mg.detect_anomaly():
        y = mg.tensor([1.0, -1.0]).log()
        z = mg.tensor([0.0]).log()
    assert np.isnan(y.numpy()[1]) and z.item() == -np.inf


def test_a_minus_inf_attention_mask_is_not_an_anomaly() -> None:
    # softmax(s + mask) with -inf where attention is not allowed: exp(-inf) = 0,
    # and every gradient stays finite. torch 2.13 gives the same gradients.
    s = mg.tensor([1.0, 2.0, 3.0], requires_grad=True)
    mask = mg.tensor([0.0, -np.inf, 0.0])
    with mg.detect_anomaly():
        (s + mask).softmax(0)[0].backward()
    np.testing.assert_allclose(s.grad.numpy(), [0.10499357, 0.0, -0.10499357], rtol=1e-5)
    t = mg.tensor([1.0, 2.0, 3.0], requires_grad=True)
    with mg.detect_anomaly():
        (t + mask).log_softmax(0)[0].backward()
    np.testing.assert_allclose(t.grad.numpy(), [0.88079708, 0.0, -0.88079703], rtol=1e-5)


def test_a_nan_masked_by_where_is_not_an_anomaly() -> None:
    x = mg.tensor([-1.0, 2.0], requires_grad=True)
    with mg.detect_anomaly():
        mg.where(x > 0, x.log(), 0.0).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [0.0, 0.5])  # torch: [-0., 0.5]


def test_an_infinite_gradient_is_not_an_anomaly() -> None:
    x = mg.tensor([0.0, 4.0], requires_grad=True)
    with mg.detect_anomaly():
        x.sqrt().sum().backward()  # d sqrt/dx at 0 is inf: allowed, as in torch
    assert x.grad.numpy().tolist() == [np.inf, 0.25]


def test_nan_in_backward_names_the_op_and_the_users_line() -> None:
    x = mg.tensor([0.0, 4.0], requires_grad=True)
    with mg.detect_anomaly():
        line = this_line() + 1
        root = x.sqrt()  # d sqrt/dx at 0 is inf, and inf * 0 is NaN
        loss = (root * 0.0).sum()
        with pytest.raises(AnomalyError) as info:
            loss.backward()
    message = str(info.value)
    assert message.startswith("Sqrt: NaN in the gradient it computed (shape (2,))")
    assert f"line {line}" in message and "root = x.sqrt()" in message
    assert "minigrad/ops" not in message  # the user's frames, not minigrad's internals


def test_softmax_of_a_row_that_is_all_minus_inf() -> None:
    s = mg.tensor([1.0, 2.0], requires_grad=True)
    with mg.detect_anomaly(), pytest.raises(AnomalyError, match="Softmax: NaN"):
        (s + mg.tensor([-np.inf, -np.inf])).softmax(0).sum().backward()  # torch: Softmax too


def test_a_nan_seed_gradient_is_reported_by_the_first_op() -> None:
    y = mg.tensor([1.0], requires_grad=True) * 2.0
    with mg.detect_anomaly(), pytest.raises(AnomalyError, match="Sum: NaN"):
        y.sum().backward(mg.tensor(np.nan))  # torch: SumBackward0


def test_a_graph_recorded_outside_anomaly_mode_says_how_to_see_the_line() -> None:
    x = mg.tensor([0.0], requires_grad=True)
    loss = (x.sqrt() * 0.0).sum()  # recorded without a stack
    with mg.detect_anomaly(), pytest.raises(AnomalyError) as info:
        loss.backward()
    assert "Sqrt: NaN" in str(info.value)
    assert "inside detect_anomaly() too" in str(info.value)


def test_nan_when_the_backward_pass_is_recorded() -> None:
    x = mg.tensor([0.0], requires_grad=True)
    with mg.detect_anomaly(), pytest.raises(AnomalyError, match="Sqrt: NaN"):
        mg.grad((x.sqrt() * 0.0).sum(), x, create_graph=True)


def test_backward_anomaly_stops_before_touching_the_leaves() -> None:
    x = mg.tensor([0.0], requires_grad=True)
    with mg.detect_anomaly():
        loss = (x.sqrt() * 0.0).sum()
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
    x = mg.tensor([0.0], requires_grad=True)
    with pytest.raises(AnomalyError), mg.detect_anomaly():
        (x.sqrt() * 0.0).sum().backward()
    assert not mg.is_anomaly_enabled()


def test_anomaly_error_is_a_runtime_error() -> None:
    assert issubclass(AnomalyError, RuntimeError)
