"""Where a tensor is non-zero: nonzero and argwhere (the indices) and count_nonzero.

Their results are integers, which have no gradient: they never require grad, as
in PyTorch. NaN is non-zero (it is not equal to 0); -0.0 is zero.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..tensor import Tensor
from .arguments import as_tensor, normalize_axis


def nonzero(input: Any, *, as_tuple: bool = False) -> Any:  # noqa: A002
    """The indices of the non-zero elements, in row-major order: an int64 tensor of shape
    (number of them, input.ndim); with as_tuple=True, one 1-D tensor per axis instead,
    ready to index with (x[x.nonzero(as_tuple=True)] are the non-zero values).

        mg.nonzero(mg.tensor([[0.0, 1.5], [2.0, 0.0]]))   # [[0, 1], [1, 0]]
    """
    x = as_tensor(input)._data
    if as_tuple:
        flat = x.reshape(1) if x.ndim == 0 else x  # as PyTorch: a 0-d tensor counts as 1-D
        return tuple(Tensor._make(i.astype(np.int64)) for i in np.nonzero(flat))
    return Tensor._make(np.argwhere(x).astype(np.int64))


def argwhere(input: Any) -> Tensor:  # noqa: A002
    """torch.argwhere: nonzero(input), the (number of them, input.ndim) indices."""
    return nonzero(input)


def count_nonzero(input: Any, dim: Any = None) -> Tensor:  # noqa: A002
    """The number of non-zero elements (int64), over all axes or over `dim` (ints)."""
    x = as_tensor(input)._data
    axis = None if dim is None else normalize_axis(dim, x.ndim, "count_nonzero")
    return Tensor._make(np.asarray(np.count_nonzero(x, axis=axis), dtype=np.int64))
