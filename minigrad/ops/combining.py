"""Tensors put together: block_diag, cartesian_prod, combinations.

Each is written with ops that already have a backward (pad and cat, meshgrid
and stack, indexing), so each element of the result is a copy of one input
element and its gradient goes back there: nothing new to derive.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from ..dtypes import result_type
from ..errors import ShapeError, shape_str
from ..tensor import Tensor
from .arguments import as_tensor
from .indexing import concatenate, stack
from .meshgrid import meshgrid
from .rearrange import pad


def block_diag(*tensors: Any) -> Tensor:
    """The tensors (each 0-d, 1-D or 2-D) as blocks along the diagonal of one matrix,
    zeros elsewhere: a 0-d tensor is a 1 x 1 block, a 1-D one a single row. The
    dtype is PyTorch's promotion of the inputs (where a 0-d tensor counts less, as
    in x + y); no tensors give a 1 x 0 matrix."""
    tensors = tuple(map(as_tensor, tensors))
    blocks = []
    for i, t in enumerate(tensors):
        if t.ndim > 2:
            raise ShapeError(f"block_diag: each tensor must have at most 2 axes, but tensor "
                             f"{i} has shape {shape_str(t.shape)}")
        blocks.append(t.reshape(1, -1) if t.ndim == 1 else t.reshape(1, 1) if t.ndim == 0 else t)
    if not blocks:
        return Tensor._make(np.zeros((1, 0), np.float32))
    dtype = result_type(*[t._data for t in tensors])  # PyTorch's rule: 0-d tensors rank lower
    width = sum(b.shape[1] for b in blocks)
    rows, left = [], 0
    for b in blocks:  # each block padded with zeros to the full width, at its column
        right = width - left - b.shape[1]
        rows.append(pad(b.astype(dtype) if b.dtype != dtype else b, (left, right)))
        left += b.shape[1]
    return concatenate(rows, axis=0)


def cartesian_prod(*tensors: Any) -> Tensor:
    """Every tuple (a, b, ...) with a from the first 1-D tensor, b from the second, ...,
    as the rows of a matrix, the last tensor varying fastest (as itertools.product).
    One tensor is returned as it is. All must have one dtype (PyTorch requires it)."""
    ts = [as_tensor(t) for t in tensors]
    for i, t in enumerate(ts):
        if t.ndim != 1:
            raise ShapeError(f"cartesian_prod: each tensor must be 1-D, but tensor {i} has "
                             f"shape {shape_str(t.shape)}")
    if not ts:
        raise ValueError("cartesian_prod: give at least one tensor")
    if len(ts) == 1:
        return ts[0]
    grids = meshgrid(*ts, indexing="ij")  # meshgrid refuses mixed dtypes, as PyTorch
    return stack([g.reshape(-1) for g in grids], axis=1)


def combinations(input: Any, r: int = 2, with_replacement: bool = False) -> Tensor:  # noqa: A002
    """Every choice of r elements of the 1-D `input`, in order of position (as
    itertools.combinations, or combinations_with_replacement), one per row of the
    result. r = 0 gives an empty 1-D tensor, more than there are an empty (0, r) one."""
    x = as_tensor(input)
    if x.ndim != 1:
        raise ShapeError(f"combinations: the input must be 1-D, got shape "
                         f"{shape_str(x.shape)}")
    if isinstance(r, bool) or not isinstance(r, (int, np.integer)) or r < 0:
        raise ValueError(f"combinations: r must be an int >= 0, got {r!r}")
    if r == 0:  # nothing chosen: an empty tensor, outside the graph as in PyTorch
        return Tensor._make(np.zeros(0, x.dtype))
    choose = itertools.combinations_with_replacement if with_replacement \
        else itertools.combinations
    positions = np.array(list(choose(range(x.shape[0]), r)), dtype=np.int64).reshape(-1, r)
    return x[positions]
