"""kl_divergence(p, q): how far q is from p, KL(p || q) = E_p[log p(X) - log q(X)], in nats.

It is the cross-entropy of q under p minus the entropy of p (the lecture's two sums),
so it is >= 0, and 0 only when q = p. Written in closed form for each pair of
families, as in torch (the formulas are the functions' docstrings):

    Bernoulli  || Bernoulli     Categorical || Categorical
    Normal     || Normal        OneHotCategorical || OneHotCategorical
    Uniform    || Uniform       Uniform || Normal,  Normal || Uniform (inf)

Any other pair is a NotImplementedError, as in torch.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from ..functional.activations import softplus
from ..ops import where
from ..tensor import Tensor
from .bernoulli import Bernoulli
from .categorical import Categorical, OneHotCategorical
from .distribution import Distribution, constant
from .normal import Normal
from .uniform import Uniform


def _with(mask: np.ndarray, fill: float, t: Tensor) -> Tensor:
    """t with `fill` where mask is True (torch's t[mask] = fill), no gradient there."""
    return where(constant(mask), constant(np.asarray(fill, t._data.dtype)), t)


def _bernoulli_bernoulli(p: Bernoulli, q: Bernoulli) -> Tensor:
    """p log(p/q) + (1 - p) log((1 - p)/(1 - q)), from the logits:
    log p = -softplus(-logit), log(1 - p) = -softplus(logit)."""
    pp, qp = p.probs._data, q.probs._data
    t1 = p.probs * (softplus(-q.logits) - softplus(-p.logits))
    t1 = _with(np.broadcast_to(pp == 0, t1.shape), 0.0,
               _with(np.broadcast_to(qp == 0, t1.shape), math.inf, t1))
    t2 = (1 - p.probs) * (softplus(q.logits) - softplus(p.logits))
    t2 = _with(np.broadcast_to(pp == 1, t2.shape), 0.0,
               _with(np.broadcast_to(qp == 1, t2.shape), math.inf, t2))
    return t1 + t2


def _categorical_categorical(p: Categorical, q: Categorical) -> Tensor:
    """sum_i p_i (log p_i - log q_i); a term is 0 where p_i = 0 and inf where only q_i = 0."""
    t = p.probs * (p.logits - q.logits)
    t = _with(np.broadcast_to(p.probs._data == 0, t.shape), 0.0,
              _with(np.broadcast_to(q.probs._data == 0, t.shape), math.inf, t))
    return t.sum(-1)


def _onehot_onehot(p: OneHotCategorical, q: OneHotCategorical) -> Tensor:
    """As for the Categoricals they are."""
    return _categorical_categorical(p._categorical, q._categorical)


def _normal_normal(p: Normal, q: Normal) -> Tensor:
    """(r + ((mu_p - mu_q) / sigma_q)^2 - 1 - log r) / 2, with r = (sigma_p / sigma_q)^2."""
    var_ratio = (p.scale / q.scale).pow(2)
    t1 = ((p.loc - q.loc) / q.scale).pow(2)
    return 0.5 * (var_ratio + t1 - 1 - var_ratio.log())


def _uniform_uniform(p: Uniform, q: Uniform) -> Tensor:
    """log((high_q - low_q) / (high_p - low_p)); inf where p's interval is not inside q's."""
    result = ((q.high - q.low) / (p.high - p.low)).log()
    outside = (q.low._data > p.low._data) | (q.high._data < p.high._data)
    return _with(np.broadcast_to(outside, result.shape), math.inf, result)


def _uniform_normal(p: Uniform, q: Normal) -> Tensor:
    """log(sqrt(2 pi) sigma / w) + (w^2 / 12 + (mid - mu)^2) / (2 sigma^2), w = high - low."""
    width = p.high - p.low
    t1 = (math.sqrt(math.pi * 2) * q.scale / width).log()
    t2 = width.pow(2) / 12
    t3 = ((p.high + p.low - 2 * q.loc) / 2).pow(2)
    return t1 + 0.5 * (t2 + t3) / q.scale.pow(2)


def _normal_uniform(p: Normal, q: Uniform) -> Tensor:
    """inf: a normal puts mass outside every interval."""
    return constant(np.full(p.loc.shape, np.inf, p.loc._data.dtype))


_KL: dict[tuple[type, type], Callable[..., Tensor]] = {
    (Bernoulli, Bernoulli): _bernoulli_bernoulli,
    (Categorical, Categorical): _categorical_categorical,
    (OneHotCategorical, OneHotCategorical): _onehot_onehot,
    (Normal, Normal): _normal_normal,
    (Uniform, Uniform): _uniform_uniform,
    (Uniform, Normal): _uniform_normal,
    (Normal, Uniform): _normal_uniform,
}


def kl_divergence(p: Distribution, q: Distribution) -> Tensor:
    """KL(p || q) = E_p[log p(X) - log q(X)] in nats, one value per distribution of the
    (broadcast) batch; differentiable with respect to both distributions' parameters.

        kl_divergence(Bernoulli(probs=mg.tensor(0.5)), Bernoulli(probs=mg.tensor(0.9)))
        # 0.5 log(0.5/0.9) + 0.5 log(0.5/0.1) = 0.5108
    """
    fn = _KL.get((type(p), type(q)))
    if fn is None:
        raise NotImplementedError(
            f"kl_divergence: no KL(p || q) is implemented for p of type {type(p).__name__} and "
            f"q of type {type(q).__name__}; the pairs minigrad has are "
            + ", ".join(f"{a.__name__} || {b.__name__}" for a, b in _KL))
    return fn(p, q)


__all__ = ["kl_divergence"]
