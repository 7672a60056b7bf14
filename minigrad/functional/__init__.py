"""The lecture's ops, with the names and arguments of torch.nn.functional.

    import minigrad.functional as F
    loss = F.cross_entropy(logits, labels)

Reading order, following the lecture: regression.py (the squared error),
information.py (information, entropy, cross-entropy, KL on distributions),
softmax.py (scores to probabilities, stably), classification.py
(cross_entropy, nll_loss), bce.py (binary cross-entropy = the Bernoulli
maximum likelihood = logistic regression's loss). The fused ops' formulas
are checked against their compositions from primitive ops in composed.py.
"""

from .. import missing
from ..ops import relu, sigmoid, tanh
from . import composed
from .bce import binary_cross_entropy, binary_cross_entropy_with_logits
from .classification import cross_entropy, nll_loss
from .information import cross_entropy_between, entropy, information, kl_div
from .reduction import REDUCTIONS
from .regression import mse_loss
from .softmax import log_softmax, logsumexp, softmax

__all__ = [
    "REDUCTIONS", "binary_cross_entropy", "binary_cross_entropy_with_logits", "composed",
    "cross_entropy", "cross_entropy_between", "entropy", "information", "kl_div",
    "log_softmax", "logsumexp", "mse_loss", "nll_loss", "relu", "sigmoid", "softmax", "tanh",
]

# A PyTorch name minigrad does not have gets a clear error (minigrad/missing.py).
__getattr__ = missing.module_getattr(__name__)
