"""Errors that teach, part 2: misusing backward, in-place changes, optimisers and
state dicts. Same checks as test_errors.py: exception type, the key words of
the message, and a raise in minigrad's code rather than deep inside numpy."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from test_errors import leaf, raises

import minigrad as mg
from minigrad.errors import BackwardError, InplaceError


# ---- backward misuse --------------------------------------------------------------
def test_backward_of_a_non_scalar() -> None:
    y = leaf(3).exp()
    raises(BackwardError, y.backward, "backward()", "(3,)", "sum()", "gradient=")


def test_backward_of_a_tensor_without_grad() -> None:
    y = mg.randn(3).sum()
    raises(BackwardError, y.backward, "does not require grad", "requires_grad=True")


def test_backward_of_a_loss_made_under_no_grad() -> None:
    x = leaf(3)
    with mg.no_grad():
        y = (x * 2).sum()
    raises(BackwardError, y.backward, "does not require grad", "no_grad")


def test_second_backward_through_a_freed_graph() -> None:
    x = leaf(3)
    y = (x.exp() * x).sum()
    y.backward()
    raises(BackwardError, y.backward, "second time", "freed", "retain_graph=True")


def test_second_backward_works_with_retain_graph() -> None:
    x = leaf(3)
    y = (x.exp() * x).sum()
    y.backward(retain_graph=True)
    first = x.grad.numpy().copy()
    y.backward()
    np.testing.assert_allclose(x.grad.numpy(), 2 * first, rtol=1e-6)


def test_backward_with_a_gradient_of_the_wrong_shape() -> None:
    y = leaf(3).exp()
    raises(BackwardError, lambda: y.backward(mg.ones(4)), "gradient", "(4,)", "(3,)")


def test_backward_with_a_gradient_that_is_not_numbers() -> None:
    y = leaf(3).exp()
    raises(TypeError, lambda: y.backward("a"), "backward()", "gradient", "str")


def test_grad_of_an_unused_input() -> None:
    x, z = leaf(3), leaf(3)
    y = (x * 2).sum()
    raises(BackwardError, lambda: mg.grad(y, [x, z]), "input 1", "not used", "allow_unused=True")


def test_grad_of_an_input_without_grad() -> None:
    x = leaf(3)
    raises(BackwardError, lambda: mg.grad((x * 2).sum(), [mg.ones(3)]), "input 0",
           "does not require grad")


def test_grad_with_non_tensors() -> None:
    x = leaf(3)
    raises(TypeError, lambda: mg.grad((x * 2).sum(), [np.ones(3)]), "mg.grad", "ndarray")


def test_grad_wrong_number_of_grad_outputs() -> None:
    x = leaf(3)
    y = x * 2
    raises(BackwardError, lambda: mg.grad([y], [x], grad_outputs=[mg.ones(3), mg.ones(3)]),
           "2 grad_outputs", "1 outputs")


def test_retain_grad_without_grad() -> None:
    raises(ValueError, lambda: mg.ones(3).retain_grad(), "retain_grad()")


def test_requires_grad_false_on_a_non_leaf() -> None:
    y = leaf(3) * 2
    raises(ValueError, lambda: y.requires_grad_(False), "leaves", "detach()")


# ---- in-place misuse -----------------------------------------------------------
def test_inplace_on_a_leaf_that_requires_grad() -> None:
    w = leaf(3)
    raises(InplaceError, lambda: w.add_(1.0), "add_", "leaf", "mg.no_grad()")
    with mg.no_grad():
        w.add_(1.0)  # the optimiser's way is allowed


def test_inplace_change_of_a_saved_input_is_caught_in_backward() -> None:
    x = leaf(3)
    h = x * 1.0  # not a leaf, so in-place under no_grad is allowed
    h.name = "hidden"
    y = (h * h).sum()
    with mg.no_grad():
        h.mul_(2.0)
    raises(InplaceError, y.backward, "Mul", "modified in place", "'hidden'", "clone()")


def test_inplace_change_of_a_saved_output_is_caught_in_backward() -> None:
    x = leaf(3)
    e = x.exp()
    y = e.sum()
    with mg.no_grad():
        e.zero_()
    raises(InplaceError, y.backward, "Exp", "output", "modified in place")


# ---- optimisers and state dicts ----------------------------------------------------
def _optim() -> Any:
    from minigrad import optim

    return optim


def _nn() -> Any:
    from minigrad import nn

    return nn


@pytest.mark.parametrize("name", ["SGD", "Adam"])
def test_optimiser_with_no_parameters(name: str) -> None:
    optim = _optim()
    raises(ValueError, lambda: getattr(optim, name)([], lr=0.1), name, "parameters")


@pytest.mark.parametrize("name", ["SGD", "Adam"])
def test_optimiser_with_a_non_parameter(name: str) -> None:
    optim = _optim()
    raises(TypeError, lambda: getattr(optim, name)([np.ones(3)], lr=0.1), name, "ndarray")


def test_optimiser_with_a_generator_that_was_used_up() -> None:
    optim, nn = _optim(), _nn()
    params = nn.Linear(2, 1).parameters()
    list(params)  # the generator is now empty: a classic mistake
    raises(ValueError, lambda: optim.SGD(params, lr=0.1), "SGD", "parameters")


def test_load_state_dict_lists_every_problem_at_once() -> None:
    nn = _nn()
    model = nn.Linear(3, 2)
    state = dict(model.state_dict())
    missing = sorted(state)[0]
    state.pop(missing)
    other = next(k for k in sorted(state))
    state[other] = np.zeros((7, 7), dtype=np.float32)
    state["surprise.weight"] = np.zeros(1, dtype=np.float32)
    with pytest.raises((KeyError, ValueError, RuntimeError)) as info:
        model.load_state_dict(state)
    message = str(info.value)
    for word in (missing, "surprise.weight", other, "(7, 7)", "issing", "nexpected"):
        assert word in message, f"{word!r} missing from: {message}"


def test_load_state_dict_leaves_the_model_unchanged_on_error() -> None:
    nn = _nn()
    model = nn.Linear(3, 2)
    before = {k: np.array(v.numpy() if hasattr(v, "numpy") else v, copy=True)
              for k, v in model.state_dict().items()}
    state = {k: np.ones_like(np.asarray(before[k])) for k in before}
    state["extra"] = np.zeros(1, dtype=np.float32)
    with pytest.raises((KeyError, ValueError, RuntimeError)):
        model.load_state_dict(state)
    for k, v in model.state_dict().items():
        np.testing.assert_array_equal(np.asarray(v.numpy() if hasattr(v, "numpy") else v),
                                      before[k])


@pytest.mark.parametrize("use", [
    lambda x: x + None,
    lambda x: None * x,
    lambda x: x.detach().sub_(None, alpha=0.1),
    lambda x: x.detach().mul_(None),
])
def test_none_operand_is_a_type_error_that_says_what_none_means(use):
    # The classic slip: w.sub_(w.grad, ...) before any backward, when w.grad is None.
    x = mg.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(TypeError, match=r"an operand is None.*\.grad is None until backward"):
        use(x)
    assert x.numpy().tolist() == [1.0, 2.0]


def test_text_operand_is_a_type_error():
    with pytest.raises(TypeError, match=r"add_: an operand is the text 'a'"):
        mg.tensor([1.0]).add_("a")
