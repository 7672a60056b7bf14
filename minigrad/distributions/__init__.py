"""minigrad.distributions: a few of torch.distributions' families, written on
minigrad's ops, so log_prob, entropy, kl_divergence and rsample are differentiable
with respect to the parameters.

The lecture in code: -d.log_prob(x) is the information of x, d.entropy() its
expected value, and the mean of -log_prob over data is the cross-entropy a
network is trained with (maximum likelihood):

    import minigrad as mg
    from minigrad.distributions import Bernoulli, Categorical
    coin = Bernoulli(logits=mg.tensor([0.0, 2.0]))
    -coin.log_prob(mg.tensor([1.0, 1.0])).mean()    # = F.binary_cross_entropy_with_logits
    Categorical(probs=mg.full((6,), 1 / 6)).entropy()  # log 6 nats

Files: distribution.py (the base class: shapes, argument checks), constraints.py
(the sets parameters and values must lie in), one file per family (bernoulli.py,
categorical.py with OneHotCategorical, normal.py, uniform.py), and kl.py.
Draws come from the generator mg.manual_seed seeds.
"""

from __future__ import annotations

from .. import missing
from . import constraints
from .bernoulli import Bernoulli
from .categorical import Categorical, OneHotCategorical
from .distribution import Distribution
from .kl import kl_divergence
from .normal import Normal
from .uniform import Uniform

__all__ = ["Bernoulli", "Categorical", "Distribution", "Normal", "OneHotCategorical", "Uniform",
           "constraints", "kl_divergence"]

# A PyTorch name minigrad does not have gets a clear error (minigrad/missing.py).
__getattr__ = missing.module_getattr(__name__)
