"""Grad-mode switches used as decorators, as in PyTorch: on generator functions (every
resumption runs in the mode, the caller's mode is untouched between them), without
parentheses (`@mg.no_grad`), and clear errors for what is not a function or a bool.

Expected values were checked against torch 2.13 (torch.no_grad, enable_grad,
set_grad_enabled on the same programs).
"""

from __future__ import annotations

import numpy as np
import pytest

import minigrad as mg


def leaf() -> mg.Tensor:
    return mg.tensor(np.ones(2), requires_grad=True)


# ---- generator functions -----------------------------------------------------------
def test_no_grad_on_a_generator_records_nothing_inside_it() -> None:
    x = leaf()

    @mg.no_grad()
    def doubled(t):
        for _ in range(3):
            yield mg.is_grad_enabled(), (t * 2).requires_grad

    assert list(doubled(x)) == [(False, False)] * 3
    assert mg.is_grad_enabled()


def test_the_callers_mode_holds_between_the_yields() -> None:
    x = leaf()

    @mg.no_grad()
    def steps(t):
        yield (t * 2).requires_grad
        yield (t * 3).requires_grad

    gen = steps(x)
    assert next(gen) is False
    assert mg.is_grad_enabled() and (x * 2).requires_grad  # the caller records again
    with mg.no_grad():
        inside_enable = mg.enable_grad()(lambda: next(gen))
        assert inside_enable() is False  # the generator's own mode wins when it resumes
        assert not mg.is_grad_enabled()
    assert mg.is_grad_enabled()


def test_enable_grad_and_set_grad_enabled_on_generators() -> None:
    x = leaf()

    @mg.enable_grad()
    def tracked(t):
        yield (t * 2).requires_grad

    @mg.set_grad_enabled(False)
    def off(t):
        yield (t * 2).requires_grad

    with mg.no_grad():
        assert list(tracked(x)) == [True]
        assert not mg.is_grad_enabled()
    assert list(off(x)) == [False]
    assert mg.is_grad_enabled()


def test_send_throw_close_and_return_value_pass_through() -> None:
    closed = []

    @mg.no_grad()
    def echo():
        received = yield "ready"
        try:
            while True:
                try:
                    received = yield (received, mg.is_grad_enabled())
                except KeyError as error:
                    received = f"caught {error.args[0]} with grad {mg.is_grad_enabled()}"
        finally:
            closed.append(mg.is_grad_enabled())

    gen = echo()
    assert next(gen) == "ready"
    assert gen.send(5) == (5, False)
    assert gen.throw(KeyError("k")) == ("caught k with grad False", False)
    gen.close()
    assert closed == [False] and mg.is_grad_enabled()

    @mg.no_grad()
    def returns():
        yield 1
        return "done"

    def outer():
        result = yield from returns()
        yield result

    assert list(outer()) == [1, "done"]


def test_an_error_inside_the_generator_restores_the_mode() -> None:
    @mg.no_grad()
    def broken():
        yield 1
        raise ValueError("boom")

    gen = broken()
    next(gen)
    with pytest.raises(ValueError, match="boom"):
        next(gen)
    assert mg.is_grad_enabled()


def test_decorated_generator_keeps_its_name() -> None:
    @mg.no_grad()
    def batches():
        yield 1

    assert batches.__name__ == "batches"


# ---- without parentheses -----------------------------------------------------------
def test_no_grad_and_enable_grad_without_parentheses() -> None:
    x = leaf()

    @mg.no_grad
    def frozen(t):
        return (t * 2).requires_grad, mg.is_grad_enabled()

    @mg.enable_grad
    def tracked(t):
        return (t * 2).requires_grad

    @mg.no_grad
    def frozen_gen(t):
        yield (t * 2).requires_grad

    assert frozen(x) == (False, False) and frozen.__name__ == "frozen"
    with mg.no_grad():
        assert tracked(x) is True
    assert list(frozen_gen(x)) == [False]
    assert mg.is_grad_enabled()
    assert isinstance(mg.no_grad(), mg.no_grad)  # with parentheses: still a context manager


def test_methods_can_be_decorated_without_parentheses() -> None:
    class Model:
        @mg.no_grad
        def predict(self, t):
            return t * 2

    assert not Model().predict(leaf()).requires_grad


# ---- errors -----------------------------------------------------------------------------
def test_decorating_something_that_is_not_a_function_says_so() -> None:
    with pytest.raises(TypeError, match=r"no_grad.*a function.*got int"):
        mg.no_grad(5)
    with pytest.raises(TypeError, match=r"enable_grad.*a function.*got str"):
        mg.enable_grad()("x")
    assert mg.is_grad_enabled()


def test_set_grad_enabled_wants_a_bool() -> None:
    with pytest.raises(TypeError, match=r"set_grad_enabled.*True or False.*got int"):
        mg.set_grad_enabled(1)
    with pytest.raises(TypeError, match=r"set_grad_enabled.*got function.*@mg.no_grad"):

        @mg.set_grad_enabled
        def f():
            return 1

    assert mg.is_grad_enabled()  # a refused call switches nothing
