"""Normal: the bell curve with mean `loc` and standard deviation `scale`.

    noise = Normal(loc=mu, scale=sigma)
    noise.log_prob(x) = -(x - mu)^2 / (2 sigma^2) - log sigma - log sqrt(2 pi)
    noise.entropy()   = 1/2 + log sqrt(2 pi) + log sigma          (in nats)
    noise.rsample()   = mu + sigma * eps,  eps ~ N(0, 1)

rsample is the reparameterisation trick: the noise eps is drawn apart from the
parameters, so a sample is a differentiable function of mu and sigma (sample()
is the same draw outside the graph). Minus log_prob with a fixed sigma is the
squared error of the lecture's first step, halved and scaled, plus a constant.
"""

from __future__ import annotations

from typing import Any

from .. import creation
from ..tensor import Tensor
from . import constraints
from .distribution import HALF_LOG_2PI, Distribution, constant, is_number, parameters


class Normal(Distribution):
    """N(loc, scale^2); torch.distributions.Normal. scale must be > 0."""

    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.real
    has_rsample = True

    def __init__(self, loc: Any, scale: Any, validate_args: bool | None = None) -> None:
        self.loc, self.scale = parameters("Normal", loc=loc, scale=scale)
        numbers = is_number(loc) and is_number(scale)
        super().__init__(() if numbers else self.loc.shape, (), validate_args)

    @property
    def mean(self) -> Tensor:
        """loc."""
        return self.loc

    @property
    def mode(self) -> Tensor:
        """loc."""
        return self.loc

    @property
    def stddev(self) -> Tensor:
        """scale."""
        return self.scale

    @property
    def variance(self) -> Tensor:
        """scale^2."""
        return self.stddev.pow(2)

    def rsample(self, sample_shape: Any = ()) -> Tensor:
        """loc + scale * eps with eps ~ N(0, 1) from mg.manual_seed's generator: a draw that
        is differentiable with respect to loc and scale (the reparameterisation trick)."""
        shape = self._extended_shape(sample_shape)
        eps = creation.default_generator().standard_normal(shape)
        return self.loc + constant(eps.astype(self.loc._data.dtype)) * self.scale

    def log_prob(self, value: Any) -> Tensor:
        """-(value - loc)^2 / (2 scale^2) - log scale - log sqrt(2 pi)."""
        value = self._value(value)
        var = self.scale**2
        return -((value - self.loc) ** 2) / (2 * var) - self.scale.log() - HALF_LOG_2PI

    def entropy(self) -> Tensor:
        """1/2 + log sqrt(2 pi) + log scale, in nats."""
        return 0.5 + HALF_LOG_2PI + self.scale.log()


__all__ = ["Normal"]
