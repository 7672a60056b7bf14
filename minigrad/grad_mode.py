"""Grad mode: whether new operations are recorded in the graph.

The switches are thread-local, as in PyTorch: `no_grad()` in one thread does
not stop another thread from recording its own graph.
"""

from __future__ import annotations

import functools
import inspect
import threading
from collections.abc import Callable, Generator
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class _State(threading.local):
    """Per-thread switches read by every op (attribute reads are cheap)."""

    grad_enabled: bool = True
    anomaly_enabled: bool = False
    inference_enabled: bool = False  # read only by is_inference_mode_enabled


state = _State()


def is_grad_enabled() -> bool:
    """True when operations on tensors that require grad are being recorded."""
    return state.grad_enabled


def is_inference_mode_enabled() -> bool:
    """True inside `inference_mode()` (and not inside an `inference_mode(False)` in it)."""
    return state.inference_enabled


class _GradModeContext:
    """Sets grad mode on entry and restores the previous mode on exit.

    Usable as a context manager (`with mg.no_grad(): ...`) and as a decorator
    (`@mg.no_grad()`), like its PyTorch namesake. A decorated generator
    function runs each step (up to its next `yield`) in the mode, and the
    caller's own mode holds in between, as it would for a `with` block
    written inside the generator.
    """

    enabled = True

    def __init__(self) -> None:
        self._previous: list[bool] = []

    def __enter__(self) -> None:
        self._previous.append(state.grad_enabled)
        state.grad_enabled = self.enabled

    def __exit__(self, *exc: object) -> None:
        state.grad_enabled = self._previous.pop()

    def __call__(self, fn: F) -> F:
        if not callable(fn):
            raise TypeError(
                f"{type(self).__name__}: as a decorator it wraps a function "
                f"(@mg.{type(self).__name__}() above a def); got {type(fn).__name__}"
            )
        enabled = self.enabled
        if inspect.isgeneratorfunction(fn):
            return _generator_in_mode(fn, enabled)  # type: ignore[return-value]

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            previous, state.grad_enabled = state.grad_enabled, enabled
            try:
                return fn(*args, **kwargs)
            finally:
                state.grad_enabled = previous

        return wrapper  # type: ignore[return-value]


def _resume(enabled: bool, step: Callable[..., Any], *arg: Any) -> Any:
    """One step of a generator (send, throw or close) with grad mode set to `enabled`."""
    previous, state.grad_enabled = state.grad_enabled, enabled
    try:
        return step(*arg)
    finally:
        state.grad_enabled = previous


def _generator_in_mode(fn: Callable[..., Generator[Any, Any, Any]], enabled: bool) -> Any:
    """Wrap a generator function so its body runs in the mode, step by step.

    A plain wrapper would only switch the mode while the generator object is
    created, which runs none of its body. Values sent in, errors thrown in,
    close() and the return value all pass through unchanged.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        gen = fn(*args, **kwargs)
        try:
            value = _resume(enabled, gen.send, None)
            while True:
                try:
                    sent = yield value
                except GeneratorExit:
                    _resume(enabled, gen.close)
                    raise
                except BaseException as error:  # noqa: BLE001  (handed on to the generator)
                    value = _resume(enabled, gen.throw, error)
                else:
                    value = _resume(enabled, gen.send, sent)
        except StopIteration as stop:
            return stop.value

    return wrapper


class _BareDecorator(_GradModeContext):
    """Also usable as a decorator without parentheses: `@mg.no_grad`, as in PyTorch."""

    def __new__(cls, fn: Callable[..., Any] | None = None) -> Any:
        self = object.__new__(cls)
        # The modes to restore, made here rather than by a chain of __init__ calls:
        # `with mg.no_grad():` runs on every training step.
        self._previous = []
        if fn is None:
            return self  # `mg.no_grad()`: the context manager itself
        return self(fn)  # `@mg.no_grad`: Python passed the function in; decorate it

    def __init__(self, fn: Callable[..., Any] | None = None) -> None:
        pass  # __new__ did the work


class no_grad(_BareDecorator):  # noqa: N801  (PyTorch's spelling)
    """Do not record operations: results have `requires_grad=False`.

    Use it for evaluation and for parameter updates::

        with mg.no_grad():
            w -= lr * w.grad

    or as a decorator, with or without parentheses (`@mg.no_grad`).
    """

    enabled = False


class enable_grad(_BareDecorator):  # noqa: N801
    """Record operations again, e.g. inside a `no_grad` block."""

    enabled = True


class set_grad_enabled(_GradModeContext):  # noqa: N801
    """Switch grad mode on or off: `with mg.set_grad_enabled(training): ...`.

    Called on its own (`mg.set_grad_enabled(False)`) it switches at once, as
    in PyTorch. `mode` must be True or False (PyTorch refuses 1 or a numpy
    bool too).
    """

    def __init__(self, mode: bool) -> None:
        if not isinstance(mode, bool):
            hint = (
                "; to decorate a function, use @mg.no_grad or @mg.enable_grad, or "
                "@mg.set_grad_enabled(False) with the mode"
                if callable(mode)
                else ""
            )
            raise TypeError(
                f"set_grad_enabled: mode must be True or False, got {type(mode).__name__}{hint}"
            )
        super().__init__()
        self.enabled = mode
        state.grad_enabled, self._old = self.enabled, state.grad_enabled

    def __enter__(self) -> None:
        self._previous.append(self._old)
        state.grad_enabled = self.enabled

    def __call__(self, fn: F) -> F:
        # As a decorator, the switch made by __init__ must not outlive the decoration.
        state.grad_enabled = self._old
        return super().__call__(fn)


class inference_mode(_GradModeContext):  # noqa: N801
    """For code that only evaluates a model: nothing is recorded, as under `no_grad`.

    `with mg.inference_mode(): ...`, or as a decorator with or without
    parentheses. `inference_mode(False)` switches it off again inside, and
    then turns grad mode back on, even inside `no_grad`, as PyTorch's does.

    PyTorch goes further: the tensors made inside are "inference tensors",
    which autograd later refuses to save for a backward pass, and that
    promise lets it skip some bookkeeping. minigrad marks nothing (its
    no_grad already records nothing), so such a tensor can be used later as
    any tensor made under no_grad can; see the PyTorch page.
    """

    def __new__(cls, mode: Any = True) -> Any:
        self = object.__new__(cls)
        self._previous = []
        if callable(mode):  # `@mg.inference_mode` without parentheses: decorate it
            self.mode = True
            return self(mode)
        self.mode = bool(mode)  # PyTorch takes any truthy value here
        return self

    def __init__(self, mode: Any = True) -> None:
        pass  # __new__ did the work

    @property
    def enabled(self) -> bool:  # type: ignore[override]  # the grad mode it sets
        return not self.mode

    def __enter__(self) -> None:
        self._previous.append((state.grad_enabled, state.inference_enabled))
        state.grad_enabled, state.inference_enabled = not self.mode, self.mode

    def __exit__(self, *exc: object) -> None:
        state.grad_enabled, state.inference_enabled = self._previous.pop()

    def __call__(self, fn: F) -> F:
        if not callable(fn) or inspect.isgeneratorfunction(fn):
            # the base class words the error, and runs a generator's steps without
            # recording (is_inference_mode_enabled() reads False inside those)
            return super().__call__(fn)
        mode = self.mode

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with inference_mode(mode):
                return fn(*args, **kwargs)

        return wrapper  # type: ignore[return-value]
