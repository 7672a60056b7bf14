"""Uniform: every value in [low, high) equally likely.

    u = Uniform(low, high)
    u.log_prob(x) = -log(high - low) inside [low, high), -inf outside
    u.entropy()   = log(high - low)                     (in nats)
    u.rsample()   = low + (high - low) * r,  r uniform in [0, 1)

As for Normal, rsample's draw is differentiable with respect to low and high.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import creation
from ..tensor import Tensor
from . import constraints
from .distribution import Distribution, constant, is_number, parameters


class Uniform(Distribution):
    """Uniform on [low, high); torch.distributions.Uniform. low must be less than high."""

    has_rsample = True

    def __init__(self, low: Any, high: Any, validate_args: bool | None = None) -> None:
        self.low, self.high = parameters("Uniform", low=low, high=high)
        numbers = is_number(low) and is_number(high)
        super().__init__(() if numbers else self.low.shape, (), validate_args)

    @property
    def arg_constraints(self) -> dict[str, constraints.Constraint]:  # type: ignore[override]
        """low < high, each checked against the other (as torch)."""
        return {"low": constraints.LessThan(self.high._data, "high"),
                "high": constraints.GreaterThan(self.low._data, "low")}

    @property
    def support(self) -> constraints.Constraint:  # type: ignore[override]
        """[low, high] (the closed interval, as torch checks it)."""
        return constraints.Interval(self.low._data, self.high._data)

    @property
    def mean(self) -> Tensor:
        """(low + high) / 2."""
        return (self.high + self.low) / 2

    @property
    def mode(self) -> Tensor:
        """NaN: every value is as likely (as torch)."""
        return self.high * float("nan")

    @property
    def stddev(self) -> Tensor:
        """(high - low) / sqrt(12)."""
        return (self.high - self.low) / 12**0.5

    @property
    def variance(self) -> Tensor:
        """(high - low)^2 / 12."""
        return (self.high - self.low).pow(2) / 12

    def rsample(self, sample_shape: Any = ()) -> Tensor:
        """low + (high - low) * r with r uniform in [0, 1), from mg.manual_seed's generator:
        differentiable with respect to low and high."""
        shape = self._extended_shape(sample_shape)
        r = creation.default_generator().random(shape).astype(self.low._data.dtype)
        return self.low + constant(r) * (self.high - self.low)

    def log_prob(self, value: Any) -> Tensor:
        """-log(high - low) where low <= value < high, -inf elsewhere (in low's dtype)."""
        value = self._value(value)
        inside = (self.low._data <= value._data) & (self.high._data > value._data)
        outside = constant(np.where(inside, 0.0, -np.inf).astype(self.low._data.dtype))
        return outside - (self.high - self.low).log()

    def entropy(self) -> Tensor:
        """log(high - low), in nats."""
        return (self.high - self.low).log()


__all__ = ["Uniform"]
