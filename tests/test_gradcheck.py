"""mg.gradcheck and mg.gradgradcheck: they pass correct ops and catch wrong ones."""

from __future__ import annotations

import numpy as np
import pytest

import minigrad as mg
from minigrad import Function, Tensor
from minigrad.errors import GradcheckError
from minigrad.ops.either import raw


def f64(values):
    return Tensor(np.asarray(values, dtype=np.float64), requires_grad=True)


class Square(Function):
    """z = x**2.   dz/dx = 2x."""

    def forward(self, x):
        return x * x

    def backward(self, g):
        (x,) = self.saved_inputs()
        return 2 * g * x


class WrongSquare(Square):
    """The classic mistake: the factor 2 of dz/dx = 2x forgotten."""

    def backward(self, g):
        (x,) = self.saved_inputs()
        return g * x


class FrozenSquare(Square):
    """Right first derivative, but x is taken as a constant (raw array) in backward,
    so the backward pass is not differentiable with respect to x."""

    def backward(self, g):
        (x,) = self.saved_inputs()
        return 2 * g * raw(x)


class WrongSecondInput(Function):
    """z = x * y with the gradient for y (input 1) off by a sign."""

    def forward(self, x, y):
        return x * y

    def backward(self, g):
        x, y = self.saved_inputs()
        return g * y, -(g * x)


def test_correct_ops_pass():
    x = f64([[0.5, -1.0, 2.0]])
    y = f64([[1.5], [0.3]])
    assert mg.gradcheck(lambda a: Square.apply(a), x) is True
    assert mg.gradgradcheck(lambda a: Square.apply(a), x) is True
    assert mg.gradcheck(lambda a, b: (a * b).tanh(), (x, y)) is True
    assert mg.gradgradcheck(lambda a, b: (a * b).tanh(), [x, y]) is True
    assert mg.gradcheck(lambda a: a.sum(), f64(2.0)) is True  # a 0-d input


def test_wrong_backward_is_reported_with_index_and_both_values():
    x = f64([1.0, -2.0, 3.0])
    with pytest.raises(GradcheckError) as info:
        mg.gradcheck(lambda a: WrongSquare.apply(a), x)
    message = str(info.value)
    assert "input 0" in message
    assert "numerical" in message and "analytic" in message
    assert "index (0,)" in message and "index (2,)" in message
    assert "3 of 3" in message
    # The reported numbers are the true and the wrong derivative of sum(w * x^2):
    # numerical = 2 * analytic at every position.
    rows = [line for line in message.splitlines() if "index" in line]
    for line in rows:
        numerical = float(line.split("numerical ")[1].split(",")[0])
        analytic = float(line.split("analytic ")[1].split(",")[0])
        assert numerical == pytest.approx(2 * analytic, rel=1e-4)


def test_the_disagreeing_input_is_named():
    x, y = f64([1.0, 2.0]), f64([3.0, -1.0])
    with pytest.raises(GradcheckError, match="input 1"):
        mg.gradcheck(lambda a, b: WrongSecondInput.apply(a, b), (x, y))
    # Input 0 alone is right, so checking only it passes.
    assert mg.gradcheck(lambda a, b: WrongSecondInput.apply(a, b),
                        (x, Tensor(np.array([3.0, -1.0]))))


def test_wrong_backward_on_a_0d_input_is_reported():
    with pytest.raises(GradcheckError, match=r"input 0 \(shape \(\)\)"):
        mg.gradcheck(lambda a: WrongSquare.apply(a), f64(1.5))


def test_gradgradcheck_catches_a_backward_that_is_not_differentiable():
    x = f64([0.5, -1.5, 2.0])
    assert mg.gradcheck(lambda a: FrozenSquare.apply(a), x)  # first derivatives are right
    with pytest.raises(GradcheckError, match="input 0"):
        mg.gradgradcheck(lambda a: FrozenSquare.apply(a), x)
    assert mg.gradgradcheck(lambda a: Square.apply(a), x)


def test_float32_input_is_refused():
    x = Tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(TypeError, match=r"input 0.*float32.*float64"):
        mg.gradcheck(lambda a: a * a, x)
    with pytest.raises(TypeError, match="float64"):
        mg.gradgradcheck(lambda a: a * a, x)


def test_nothing_to_check_is_an_error():
    with pytest.raises(ValueError, match="requires_grad"):
        mg.gradcheck(lambda a: a * 2, Tensor(np.ones(2)))


def test_non_differentiated_inputs_pass_through():
    x = f64([1.0, 2.0])
    c = Tensor(np.array([3.0, 4.0]))
    assert mg.gradcheck(lambda a, b, k: a * b * k, (x, c, 2.0))


def test_tolerances_are_used():
    x = f64([1.0, 2.0])

    class SlightlyOff(Square):
        def backward(self, g):
            (a,) = self.saved_inputs()
            return 2 * g * a * 1.01  # 1% too large

    with pytest.raises(GradcheckError):
        mg.gradcheck(lambda a: SlightlyOff.apply(a), x)
    assert mg.gradcheck(lambda a: SlightlyOff.apply(a), x, atol=0.0, rtol=0.05)


def test_multiple_outputs_are_all_checked():
    x = f64([1.0, 2.0])
    assert mg.gradcheck(lambda a: (a * 2, a.exp()), x)
    with pytest.raises(GradcheckError):
        mg.gradcheck(lambda a: (a * 2, WrongSquare.apply(a)), x)
