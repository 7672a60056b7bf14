"""Bernoulli: a coin that lands 1 with probability p and 0 otherwise (the lecture's
0/1 random variable).

    coin = Bernoulli(probs=mg.tensor(0.7))          # or Bernoulli(logits=z), p = sigmoid(z)
    coin.log_prob(y)  = y log p + (1 - y) log(1 - p)  # minus the information of y
    coin.entropy()    = -p log p - (1 - p) log(1 - p)

log_prob is minus binary_cross_entropy_with_logits(logits, y): computed from the
logit, so it stays exact where p rounds to 0 or 1, and its mean over data, negated,
is the maximum-likelihood loss of logistic regression.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import creation
from ..functional.bce import binary_cross_entropy_with_logits
from ..grad_mode import no_grad
from ..ops import clip, log, sigmoid
from ..tensor import Tensor
from . import constraints
from .distribution import Distribution, constant, is_number, lazy_property, parameters


def clamp_probs(probs: Tensor) -> Tensor:
    """probs kept in [eps, 1 - eps] (eps of the dtype), so their logs are finite (torch's)."""
    eps = float(np.finfo(probs._data.dtype).eps)
    return clip(probs, eps, 1 - eps)


def given(probs: Any, logits: Any, dist: str) -> tuple[str, Any]:
    """Which one of probs and logits was given (exactly one must be)."""
    if (probs is None) == (logits is None):
        raise ValueError(f"{dist}: give either probs or logits, not both and not neither; e.g. "
                         f"{dist}(probs=mg.tensor([0.2, 0.8])) or {dist}(logits=scores)")
    return ("probs", probs) if probs is not None else ("logits", logits)


class Bernoulli(Distribution):
    """A 0/1 variable with P(1) = probs (or sigmoid(logits)); torch.distributions.Bernoulli."""

    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.boolean
    has_enumerate_support = True

    def __init__(self, probs: Any = None, logits: Any = None,
                 validate_args: bool | None = None) -> None:
        name, value = given(probs, logits, "Bernoulli")
        (param,) = parameters("Bernoulli", **{name: value})
        self.__dict__[name] = param
        super().__init__(() if is_number(value) else param.shape, (), validate_args)

    @lazy_property
    def probs(self) -> Tensor:
        """P(1): sigmoid(logits) when the logits were given."""
        return sigmoid(self.logits)

    @lazy_property
    def logits(self) -> Tensor:
        """log(p / (1 - p)), with p clamped to [eps, 1 - eps], when probs were given."""
        p = clamp_probs(self.probs)
        return log(p) - (-p).log1p()

    @property
    def param_shape(self) -> tuple[int, ...]:
        return self.__dict__["probs" if "probs" in self.__dict__ else "logits"].shape

    @property
    def mean(self) -> Tensor:
        """E[X] = p."""
        return self.probs

    @property
    def mode(self) -> Tensor:
        """1 where p > 1/2, 0 where p < 1/2, NaN at 1/2 (torch's)."""
        p = self.probs._data
        return constant(np.where(p == 0.5, np.nan, (p >= 0.5)).astype(p.dtype))

    @property
    def variance(self) -> Tensor:
        """p (1 - p)."""
        return self.probs * (1 - self.probs)

    def sample(self, sample_shape: Any = ()) -> Tensor:
        """0s and 1s (in probs' dtype), 1 with probability p; from mg.manual_seed's generator."""
        shape = self._extended_shape(sample_shape)
        with no_grad():
            p = np.broadcast_to(self.probs._data, shape)
            return constant((creation.default_generator().random(shape) < p).astype(p.dtype))

    def log_prob(self, value: Any) -> Tensor:
        """log P(value) = -binary_cross_entropy_with_logits(logits, value): minus the
        information of each 0/1 value."""
        value = self._value(value)  # floats only: parameters() refuses ints, as torch does
        logits, value = parameters("Bernoulli.log_prob", logits=self.logits, value=value)
        return -binary_cross_entropy_with_logits(logits, value, reduction="none")

    def entropy(self) -> Tensor:
        """-p log p - (1 - p) log(1 - p), in nats: the cross-entropy of p with itself."""
        return binary_cross_entropy_with_logits(self.logits, self.probs, reduction="none")

    def enumerate_support(self, expand: bool = True) -> Tensor:
        """The values 0 and 1, along a new first axis (expanded to batch_shape)."""
        values = np.arange(2, dtype=self._dtype()).reshape((2,) + (1,) * len(self._batch_shape))
        if expand:
            values = np.broadcast_to(values, (2,) + self._batch_shape).copy()
        return constant(values)


__all__ = ["Bernoulli"]
