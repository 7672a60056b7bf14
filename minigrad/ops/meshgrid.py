"""meshgrid: coordinate grids from 1-D tensors, as torch.meshgrid.

Each tensor is laid along its own axis of the grid and repeated along the
others (a reshape, then broadcast_to: PyTorch's outputs are expanded views
too). Repeating is broadcasting, so the gradient of each input is the grid's
gradient summed over the other axes, done by BroadcastTo's backward (the
engine's sum_to_shape).
"""

from __future__ import annotations

import warnings
from typing import Any

from ..errors import DTypeError, ShapeError, shape_str, user_stacklevel
from ..tensor import Tensor
from .arguments import not_a_number
from .shape import broadcast_to


def meshgrid(*tensors: Any, indexing: str | None = None) -> tuple[Tensor, ...]:
    """torch.meshgrid: for 1-D (or 0-D) tensors of lengths n0, n1, ..., grids of shape
    (n0, n1, ...) where grid k holds tensor k's values along axis k. indexing='ij' (matrix
    indexing, PyTorch's default) is that; indexing='xy' (Cartesian, numpy's default) swaps
    the first two axes: x varies along the columns. Without indexing, 'ij' with a warning,
    as in PyTorch 2.13. The tensors may also come as one list: meshgrid([x, y])."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing is not None and indexing not in ("ij", "xy"):
        raise ValueError(f"meshgrid: indexing must be 'ij' or 'xy', got {indexing!r}")
    if not tensors:
        raise TypeError("meshgrid: needs at least one tensor")
    grid = [not_a_number("meshgrid", f"tensor {k}", t) for k, t in enumerate(tensors)]
    for k, t in enumerate(grid):
        if t.ndim > 1:
            raise ShapeError(f"meshgrid: tensor {k} has shape {shape_str(t.shape)}; each "
                             "tensor must be 1-D (or 0-D, counted as length 1)")
        if t.dtype != grid[0].dtype:
            raise DTypeError(f"meshgrid: tensor 0 is {grid[0].dtype} but tensor {k} is "
                             f"{t.dtype}; all need one dtype, as in PyTorch: convert them "
                             "first, e.g. x.float()")
    if indexing is None:
        warnings.warn("meshgrid: without indexing=, minigrad uses indexing='ij' as PyTorch "
                      "does (PyTorch will require the argument in a future release); pass "
                      "indexing='ij' for matrix indexing, or 'xy' for numpy's default",
                      UserWarning, stacklevel=user_stacklevel())
        indexing = "ij"
    axes = list(range(len(grid)))
    if indexing == "xy" and len(grid) > 1:
        axes[0], axes[1] = 1, 0  # x along the columns (axis 1), y along the rows
    shape = [0] * len(grid)
    for t, axis in zip(grid, axes):
        shape[axis] = t.numel()
    out = []
    for t, axis in zip(grid, axes):
        along = [1] * len(grid)
        along[axis] = t.numel()
        out.append(broadcast_to(t.reshape(tuple(along)), tuple(shape)))
    return tuple(out)
