"""Categorical: one of k outcomes 0, ..., k - 1, with probabilities in the last axis
(a die; a classifier's softmax; a language model's next character).

    die = Categorical(probs=mg.full((6,), 1 / 6))     # or Categorical(logits=scores)
    die.log_prob(i)  = log p_i                         # log_softmax(scores)[i]
    die.entropy()    = -sum_i p_i log p_i               # log 6 nats for a fair die

probs need not sum to 1 (they are divided by their sum, as in torch); logits are
normalised with log_softmax, so log_prob is the fused, stable log_softmax and its
mean over data, negated, is F.cross_entropy(scores, targets).
OneHotCategorical is the same distribution with each draw written as a one-hot row.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import creation
from ..errors import ShapeError, shape_str
from ..functional.one_hot import one_hot
from ..functional.softmax import log_softmax, softmax
from ..grad_mode import no_grad
from ..ops import broadcast_to, clip, log
from ..tensor import Tensor
from . import constraints
from .bernoulli import clamp_probs, given
from .distribution import Distribution, constant, lazy_property, parameters


class Categorical(Distribution):
    """One of k outcomes, P(i) = probs[..., i] (or softmax(logits)[..., i]);
    torch.distributions.Categorical."""

    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real_vector}
    has_enumerate_support = True

    def __init__(self, probs: Any = None, logits: Any = None,
                 validate_args: bool | None = None) -> None:
        name, value = given(probs, logits, type(self).__name__)
        (param,) = parameters(type(self).__name__, **{name: value})
        if param.ndim < 1:
            raise ShapeError(f"{type(self).__name__}: {name} must have at least one axis (the "
                             f"outcomes), got shape {shape_str(param.shape)}; for a coin use "
                             f"Bernoulli, or give both outcomes: mg.tensor([0.3, 0.7])")
        if name == "probs":
            with np.errstate(invalid="ignore"):  # a row of zeros: NaN, refused just below
                self.probs = param / param.sum(-1, keepdims=True)
        else:
            self.logits = log_softmax(param, -1)  # logits - logsumexp(logits), in one op
        self._num_events = param.shape[-1]
        super().__init__(param.shape[:-1], (), validate_args)

    @lazy_property
    def probs(self) -> Tensor:
        """The probabilities, softmax(logits) when the logits were given."""
        return softmax(self.logits, -1)

    @lazy_property
    def logits(self) -> Tensor:
        """The log-probabilities (normalised): log(probs), probs clamped to [eps, 1 - eps]."""
        return log(clamp_probs(self.probs))

    @property
    def param_shape(self) -> tuple[int, ...]:
        return self._batch_shape + (self._num_events,)

    @property
    def support(self) -> constraints.Constraint:  # type: ignore[override]
        """The whole numbers 0, ..., k - 1."""
        return constraints.IntegerInterval(0, self._num_events - 1)

    @property
    def mean(self) -> Tensor:
        """NaN: an outcome's index has no meaningful mean (as in torch)."""
        return constant(np.full(self._extended_shape(), np.nan, self.probs._data.dtype))

    @property
    def mode(self) -> Tensor:
        """The most probable outcome."""
        return self.probs.argmax(-1)

    @property
    def variance(self) -> Tensor:
        """NaN, as the mean."""
        return self.mean

    def sample(self, sample_shape: Any = ()) -> Tensor:
        """int64 outcomes of shape sample_shape + batch_shape, from mg.manual_seed's generator.

        One uniform number u per draw; the outcome is the first i whose cumulative
        probability exceeds u (an outcome of probability 0 is never drawn).
        """
        shape = self._extended_shape(sample_shape)
        with no_grad():
            cdf = np.cumsum(self.probs._data.astype(np.float64), axis=-1)
            cdf /= cdf[..., -1:]
            u = creation.default_generator().random(shape)
            drawn = (u[..., None] >= cdf).sum(-1)
        return constant(np.minimum(drawn, self._num_events - 1).astype(np.int64))

    def log_prob(self, value: Any) -> Tensor:
        """log P(value) = logits[..., value]: log_softmax(scores) at each outcome."""
        value = self._value(value)
        index = value._data.astype(np.int64)
        shape = np.broadcast_shapes(index.shape, self._batch_shape)
        index = np.broadcast_to(index, shape)[..., None]
        log_pmf = broadcast_to(self.logits, shape + (self._num_events,))
        return log_pmf.gather(-1, constant(index)).squeeze(-1)

    def entropy(self) -> Tensor:
        """-sum_i p_i log p_i over the outcomes, in nats (log p = -inf counts as 0)."""
        smallest = float(np.finfo(self.logits._data.dtype).min)
        return -(clip(self.logits, min=smallest) * self.probs).sum(-1)

    def enumerate_support(self, expand: bool = True) -> Tensor:
        """The outcomes 0, ..., k - 1 along a new first axis (expanded to batch_shape)."""
        values = np.arange(self._num_events).reshape((-1,) + (1,) * len(self._batch_shape))
        if expand:
            values = np.broadcast_to(values, (self._num_events,) + self._batch_shape).copy()
        return constant(values)


class OneHotCategorical(Distribution):
    """A Categorical whose draws are one-hot rows of length k (event_shape (k,));
    torch.distributions.OneHotCategorical."""

    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real_vector}
    support = constraints.one_hot
    has_enumerate_support = True

    def __init__(self, probs: Any = None, logits: Any = None,
                 validate_args: bool | None = None) -> None:
        given(probs, logits, "OneHotCategorical")
        self._categorical = Categorical(probs, logits, validate_args)
        super().__init__(self._categorical.batch_shape, self._categorical.param_shape[-1:],
                         validate_args)

    def expand(self, batch_shape: Any) -> OneHotCategorical:
        new = object.__new__(OneHotCategorical)
        new.__dict__.update(self.__dict__)
        new._categorical = self._categorical.expand(batch_shape)
        new._batch_shape = tuple(batch_shape)
        return new

    @property
    def probs(self) -> Tensor:
        """The probabilities of the k outcomes."""
        return self._categorical.probs

    @property
    def logits(self) -> Tensor:
        """The normalised log-probabilities of the k outcomes."""
        return self._categorical.logits

    @property
    def param_shape(self) -> tuple[int, ...]:
        return self._categorical.param_shape

    @property
    def mean(self) -> Tensor:
        """E[X] = probs (the mean of one-hot rows)."""
        return self.probs

    @property
    def mode(self) -> Tensor:
        """The one-hot row of the most probable outcome."""
        return self._one_hot(self._categorical.mode)

    @property
    def variance(self) -> Tensor:
        """p (1 - p) for each entry of the row."""
        return self.probs * (1 - self.probs)

    def _one_hot(self, index: Tensor) -> Tensor:
        return constant(one_hot(index, self._event_shape[0])._data.astype(self._dtype()))

    def _dtype(self) -> np.dtype:
        return self._categorical._dtype()

    def sample(self, sample_shape: Any = ()) -> Tensor:
        """One-hot rows (in probs' dtype) of shape sample_shape + batch_shape + (k,)."""
        return self._one_hot(self._categorical.sample(sample_shape))

    def log_prob(self, value: Any) -> Tensor:
        """log P(value): the Categorical's log_prob at the index of the row's 1."""
        value = self._value(value)
        return self._categorical.log_prob(constant(value._data.argmax(-1)))

    def entropy(self) -> Tensor:
        """-sum_i p_i log p_i, as the Categorical's."""
        return self._categorical.entropy()

    def enumerate_support(self, expand: bool = True) -> Tensor:
        """The k one-hot rows along a new first axis (expanded to batch_shape)."""
        k = self._event_shape[0]
        values = np.eye(k, dtype=self._dtype()).reshape((k,) + (1,) * len(self._batch_shape)
                                                        + (k,))
        if expand:
            values = np.broadcast_to(values, (k,) + self._batch_shape + (k,)).copy()
        return constant(values)

    def __repr__(self) -> str:
        return f"OneHotCategorical({repr(self._categorical)[len('Categorical('):-1]})"


__all__ = ["Categorical", "OneHotCategorical"]
