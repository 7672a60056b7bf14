"""Grad mode: whether new operations are recorded in the graph.

The switches are thread-local, as in PyTorch: `no_grad()` in one thread does
not stop another thread from recording its own graph.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class _State(threading.local):
    """Per-thread switches read by every op (attribute reads are cheap)."""

    grad_enabled: bool = True
    anomaly_enabled: bool = False


state = _State()


def is_grad_enabled() -> bool:
    """True when operations on tensors that require grad are being recorded."""
    return state.grad_enabled


class _GradModeContext:
    """Sets grad mode on entry and restores the previous mode on exit.

    Usable as a context manager (`with mg.no_grad(): ...`) and as a decorator
    (`@mg.no_grad()`), like its PyTorch namesake.
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
        enabled = self.enabled

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            previous, state.grad_enabled = state.grad_enabled, enabled
            try:
                return fn(*args, **kwargs)
            finally:
                state.grad_enabled = previous

        return wrapper  # type: ignore[return-value]


class no_grad(_GradModeContext):  # noqa: N801  (PyTorch's spelling)
    """Do not record operations: results have `requires_grad=False`.

    Use it for evaluation and for parameter updates::

        with mg.no_grad():
            w -= lr * w.grad
    """

    enabled = False


class enable_grad(_GradModeContext):  # noqa: N801
    """Record operations again, e.g. inside a `no_grad` block."""

    enabled = True


class set_grad_enabled(_GradModeContext):  # noqa: N801
    """Switch grad mode on or off: `with mg.set_grad_enabled(training): ...`."""

    def __init__(self, mode: bool) -> None:
        super().__init__()
        self.enabled = bool(mode)
        state.grad_enabled, self._old = self.enabled, state.grad_enabled

    def __enter__(self) -> None:
        self._previous.append(self._old)
        state.grad_enabled = self.enabled

    def __call__(self, fn: F) -> F:
        # As a decorator, the switch made by __init__ must not outlive the decoration.
        state.grad_enabled = self._old
        return super().__call__(fn)
