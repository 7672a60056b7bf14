"""`mg.detect_anomaly()`: stop at the first NaN in a gradient, and say where.

In this mode every op records the stack of the user's code that created it,
and the backward pass checks every gradient an op computes. As in PyTorch,
only NaN stops it: an infinity is something the math allows (a -inf mask
before a softmax, the slope of sqrt at 0), and a NaN in a forward value is
often masked away later, so forward values are not checked. Recording the
stacks is slow, so the mode is off unless asked for (normal runs only read
one flag per op).
"""

from __future__ import annotations

from .grad_mode import state


class detect_anomaly:  # noqa: N801  (PyTorch's spelling)
    """Context manager: raise `AnomalyError` at the first NaN gradient, naming the op.

    >>> with mg.detect_anomaly():          # doctest: +SKIP
    ...     loss = model(x).log().sum()
    ...     loss.backward()
    """

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._previous: list[bool] = []

    def __enter__(self) -> None:
        self._previous.append(state.anomaly_enabled)
        state.anomaly_enabled = self.enabled

    def __exit__(self, *exc: object) -> None:
        state.anomaly_enabled = self._previous.pop()


def is_anomaly_enabled() -> bool:
    """True inside `detect_anomaly()` (in this thread)."""
    return state.anomaly_enabled
