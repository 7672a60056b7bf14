"""mg.inference_mode: PyTorch's evaluation switch (nothing recorded, nested switches)."""

from __future__ import annotations

import threading

import pytest

import minigrad as mg


def modes() -> tuple[bool, bool]:
    return mg.is_grad_enabled(), mg.is_inference_mode_enabled()


def test_nothing_is_recorded_inside() -> None:
    x = mg.ones(3, requires_grad=True)
    with mg.inference_mode():
        y = x * 2
        assert modes() == (False, True)
    assert y.requires_grad is False and y.grad_fn is None
    assert modes() == (True, False)


def test_nested_switches_follow_pytorch() -> None:
    with mg.inference_mode():
        with mg.inference_mode(False):  # off again, and grad mode back on
            assert modes() == (True, False)
        with mg.enable_grad():  # grad mode only: still in inference mode
            assert modes() == (True, True)
        assert modes() == (False, True)
    with mg.no_grad(), mg.inference_mode(False):  # turns grad mode on even under no_grad
        assert modes() == (True, False)
    with mg.inference_mode(0):  # any falsy value switches it off, as in PyTorch
        assert modes() == (True, False)


def test_the_modes_come_back_after_an_error() -> None:
    with pytest.raises(RuntimeError, match="inside"), mg.inference_mode():
        raise RuntimeError("inside")
    assert modes() == (True, False)


@pytest.mark.parametrize("decorate", [mg.inference_mode, mg.inference_mode()])
def test_as_a_decorator_with_or_without_parentheses(decorate) -> None:
    @decorate
    def evaluate(x):
        """Doc."""
        return x * 2, modes()

    out, inside = evaluate(mg.ones(2, requires_grad=True))
    assert inside == (False, True) and out.requires_grad is False
    assert evaluate.__name__ == "evaluate" and evaluate.__doc__ == "Doc."
    assert modes() == (True, False)


def test_a_decorated_generator_records_nothing_in_its_steps() -> None:
    @mg.inference_mode()
    def doubles(x):
        while True:
            yield x * 2

    gen = doubles(mg.ones(2, requires_grad=True))
    assert next(gen).requires_grad is False
    assert mg.is_grad_enabled()  # the caller's mode between the steps


def test_a_decorator_needs_a_function() -> None:
    with pytest.raises(TypeError, match="inference_mode: as a decorator it wraps a function"):
        mg.inference_mode()(3)


def test_each_thread_has_its_own_mode() -> None:
    seen = []
    with mg.inference_mode():
        thread = threading.Thread(target=lambda: seen.append(modes()))
        thread.start()
        thread.join()
    assert seen == [(True, False)]


@pytest.mark.torch
def test_same_modes_as_pytorch(torch) -> None:
    def both():
        return torch.is_grad_enabled(), torch.is_inference_mode_enabled()

    cases = []
    for outer in (torch.inference_mode, torch.no_grad, torch.enable_grad):
        for inner_mode in (True, False):
            with outer():
                with torch.inference_mode(inner_mode):
                    expected = both()
            mg_outer = {torch.inference_mode: mg.inference_mode, torch.no_grad: mg.no_grad,
                        torch.enable_grad: mg.enable_grad}[outer]
            with mg_outer(), mg.inference_mode(inner_mode):
                cases.append((outer.__name__, inner_mode, modes(), expected))
    assert all(got == expected for *_, got, expected in cases), cases
