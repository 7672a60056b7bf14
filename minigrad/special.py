"""`minigrad.special`, PyTorch's `torch.special`: the special functions minigrad has.

    import minigrad as mg
    mg.special.expit(x)        # the sigmoid
    mg.special.xlogy(p, p)     # p ln p, 0 where p = 0

Most are other names of functions minigrad already has (expit is sigmoid;
erf, expm1, log1p, softmax, ...; round is mg.round for floats only). The new
ops are written in minigrad/ops: xlogy, xlog1py, entr and logit in
ops/log_terms.py; erfc, sinc, exp2 and ndtr in ops/special_functions.py. Each
op's docstring gives its derivative. torch.special names minigrad lacks
(gammaln, digamma, i0, ndtri, log_ndtr, ...) raise an AttributeError that says so.
"""

from __future__ import annotations

from typing import Any

from . import missing
from .errors import DTypeError
from .functional import logsumexp
from .ops.activations import sigmoid as expit
from .ops.arguments import as_tensor
from .ops.log_terms import entr, logit, xlog1py, xlogy
from .ops.math import erf, expm1, log1p
from .ops.rounding import round as _round
from .ops.special_functions import erfc, exp2, ndtr, sinc
from .top_level import log_softmax, softmax


def round(input: Any, decimals: int | None = None) -> Any:  # noqa: A001, A002  (PyTorch's names)
    """torch.special.round: mg.round, for floating tensors only (torch.round also rounds
    integers, leaving them as they are; torch.special.round refuses them)."""
    x = as_tensor(input)
    if x.dtype.kind != "f":
        raise DTypeError(f"special.round: needs a floating tensor, got {x.dtype} (as in "
                         "PyTorch; mg.round accepts integers)")
    return _round(x, decimals)


__all__ = ["entr", "erf", "erfc", "exp2", "expit", "expm1", "log1p", "log_softmax", "logit",
           "logsumexp", "ndtr", "round", "sinc", "softmax", "xlog1py", "xlogy"]

# A torch.special name minigrad does not have gets a clear error (minigrad/missing.py).
__getattr__ = missing.module_getattr(__name__)
