"""`minigrad.nn.functional`, PyTorch's path to the functions of `minigrad.functional`:

    import minigrad.nn.functional as F
    loss = F.cross_entropy(logits, labels)

Everything `minigrad.functional` exports, the same objects (written there).
"""

from .. import missing
from ..functional import *  # noqa: F403  (exactly minigrad.functional's __all__)
from ..functional import __all__  # noqa: F401

__getattr__ = missing.module_getattr(__name__)  # PyTorch names minigrad lacks: a clear error
