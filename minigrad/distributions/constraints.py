"""The sets a distribution's parameters and values must lie in, as torch.distributions'
constraints: each one checks an array and says in words what it wants.

A check never builds a graph: it reads the numbers only (`check` gets numpy arrays),
and returns a bool array, one entry per value (per row where `event_dim` is 1).
"""

from __future__ import annotations

import numpy as np


class Constraint:
    """A set of allowed values: `check(array)` is True where a value is in it."""

    event_dim = 0  # 1: a value is a row (the last axis), checked as a whole
    words = "allowed"  # what the set is, for error messages ("in [0, 1]", ...)

    def check(self, value: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__.lstrip('_')}()"


class _Real(Constraint):
    words = "a real number (not NaN)"

    def check(self, value: np.ndarray) -> np.ndarray:
        return value == value  # False only for NaN


class _RealVector(_Real):
    event_dim = 1
    words = "rows of real numbers (no NaN)"

    def check(self, value: np.ndarray) -> np.ndarray:
        return np.all(value == value, axis=-1)


class GreaterThan(Constraint):
    """value > lower_bound (the bound may be an array: one per value)."""

    def __init__(self, lower_bound: float | np.ndarray, name: str | None = None) -> None:
        self.lower_bound = lower_bound  # name: the bound's name for messages ("low")
        self.words = f"greater than {name}" if name else f"> {lower_bound}"

    def check(self, value: np.ndarray) -> np.ndarray:
        return value > self.lower_bound

    def __repr__(self) -> str:
        return f"GreaterThan(lower_bound={self.lower_bound})"


class LessThan(Constraint):
    """value < upper_bound (the bound may be an array: one per value)."""

    def __init__(self, upper_bound: float | np.ndarray, name: str | None = None) -> None:
        self.upper_bound = upper_bound  # name: the bound's name for messages ("high")
        self.words = f"less than {name}" if name else f"< {upper_bound}"

    def check(self, value: np.ndarray) -> np.ndarray:
        return value < self.upper_bound

    def __repr__(self) -> str:
        return f"LessThan(upper_bound={self.upper_bound})"


class Interval(Constraint):
    """lower_bound <= value <= upper_bound (both ends included, as torch's interval)."""

    def __init__(self, lower_bound: float | np.ndarray, upper_bound: float | np.ndarray) -> None:
        self.lower_bound, self.upper_bound = lower_bound, upper_bound
        scalar = np.ndim(lower_bound) == 0 and np.ndim(upper_bound) == 0
        self.words = f"in [{lower_bound}, {upper_bound}]" if scalar else "in [low, high]"

    def check(self, value: np.ndarray) -> np.ndarray:
        return (self.lower_bound <= value) & (value <= self.upper_bound)

    def __repr__(self) -> str:
        return f"Interval(lower_bound={self.lower_bound}, upper_bound={self.upper_bound})"


class IntegerInterval(Interval):
    """A whole number from lower_bound to upper_bound (both included)."""

    def __init__(self, lower_bound: int, upper_bound: int) -> None:
        super().__init__(lower_bound, upper_bound)
        self.words = f"a whole number from {lower_bound} to {upper_bound}"

    def check(self, value: np.ndarray) -> np.ndarray:
        return (value % 1 == 0) & super().check(value)

    def __repr__(self) -> str:
        return f"IntegerInterval(lower_bound={self.lower_bound}, upper_bound={self.upper_bound})"


class _Boolean(Constraint):
    words = "0 or 1"

    def check(self, value: np.ndarray) -> np.ndarray:
        return (value == 0) | (value == 1)


class _Simplex(Constraint):
    event_dim = 1
    words = "rows of numbers >= 0 that sum to 1"

    def check(self, value: np.ndarray) -> np.ndarray:
        return np.all(value >= 0, axis=-1) & (np.abs(value.sum(-1) - 1) < 1e-6)


class _OneHot(Constraint):
    event_dim = 1
    words = "rows of 0s with a single 1"

    def check(self, value: np.ndarray) -> np.ndarray:
        return np.all((value == 0) | (value == 1), axis=-1) & (value.sum(-1) == 1)


real = _Real()
real_vector = _RealVector()
positive = GreaterThan(0.0)
unit_interval = Interval(0.0, 1.0)
boolean = _Boolean()
simplex = _Simplex()
one_hot = _OneHot()

__all__ = ["Constraint", "GreaterThan", "IntegerInterval", "Interval", "LessThan", "boolean",
           "one_hot", "positive", "real", "real_vector", "simplex", "unit_interval"]
