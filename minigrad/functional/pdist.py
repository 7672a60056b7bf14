"""pdist: the distances between every pair of rows of a matrix, as torch.nn.functional's.

    F.pdist(x)          # x (N, M) -> (N (N - 1) / 2,): |x[i] - x[j]|_p for i < j

The pairs come in the order of the matrix's upper triangle, row after row: (0, 1),
(0, 2), ..., (0, N-1), (1, 2), ... Composed from ops minigrad has: the rows taken by
index (whose backward adds the gradients back into x) and norm along the last axis,
whose derivative is PyTorch's pdist's: 0 where two rows are equal (the 2-norm has no
slope at 0). For p = inf, PyTorch gives every tied largest difference the full
gradient, minigrad splits it between them (as its norm and amax); see
docs/guide/pytorch.md. For p = 0 (a count) the gradient is 0.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import DTypeError, ShapeError, shape_str
from ..ops import where
from ..ops.arguments import as_tensor
from ..ops.statistics import norm
from ..tensor import Tensor
from .margin_losses import number


def pdist(input: Any, p: float = 2) -> Tensor:  # noqa: A002
    """The p-norm distance between each pair of rows of `input` (N, M), as a vector of the
    N (N - 1) / 2 pairs i < j in upper-triangle order. p >= 0 (inf too)."""
    fn = "pdist"
    x = as_tensor(input)
    if x.ndim != 2:
        raise ShapeError(f"{fn}: only supports 2D tensors (N rows of M values), got shape "
                         f"{shape_str(x.shape)}")
    if x.dtype.kind != "f":
        raise DTypeError(f"{fn}: only supports floating-point dtypes, got {x.dtype}; convert "
                         "first, e.g. x.float()")
    p = number(fn, "p", p)
    if not p >= 0:
        raise ValueError(f"{fn}: only supports non-negative p values, got p={p}")
    i, j = np.triu_indices(x.shape[0], k=1)
    diff = x[i] - x[j]  # (pairs, M)
    if diff.shape[1] == 0 or p == 0:
        # the count (or an empty sum), with a zero gradient for x, as PyTorch's
        count = (diff.numpy() != 0).sum(-1).astype(x.dtype)
        return where(np.zeros(diff.shape, dtype=bool), diff, np.zeros((), x.dtype)).sum(-1) \
            + count
    return norm(diff, p, -1)
