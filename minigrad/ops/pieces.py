"""A tensor cut into pieces along one axis: split, chunk, unbind.

Each piece is x[..., start:stop] (or x[..., i] for unbind), made by the
indexing op, so it is a view of x, as in PyTorch, and its gradient goes back to
the place it was cut from. Used together (a sum of all the pieces), the pieces'
gradients fill the whole of x.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import ShapeError, shape_str
from ..tensor import Tensor
from .arguments import as_tensor, normalize_axis
from .indexing import GetItem


def _axis(op: str, x: Tensor, dim: Any) -> int:
    if x.ndim == 0:
        raise ShapeError(f"{op}: a 0-d tensor has no axis to cut along (as in PyTorch); "
                         "give it one first: x.reshape(1)")
    if not isinstance(dim, (int, np.integer)) or isinstance(dim, bool):
        raise TypeError(f"{op}: dim must be one int, got {dim!r}")
    return normalize_axis(dim, x.ndim, op)[0]


def _cut(x: Tensor, axis: int, sizes: list[int]) -> tuple[Tensor, ...]:
    """x cut along `axis` into consecutive pieces of these sizes (each a view)."""
    before = (slice(None),) * axis
    pieces, start = [], 0
    for size in sizes:
        pieces.append(GetItem.apply(x, index=before + (slice(start, start + size),)))
        start += size
    return tuple(pieces)


def split(tensor: Any, split_size_or_sections: Any, dim: int = 0) -> tuple[Tensor, ...]:
    """`tensor` cut along `dim` into pieces of split_size elements (the last one smaller
    if they do not fit exactly), or into pieces of the sizes in a list; a tuple of views."""
    x = as_tensor(tensor)
    axis = _axis("split", x, dim)
    n = x.shape[axis]
    sizes = split_size_or_sections
    if isinstance(sizes, (int, np.integer)) and not isinstance(sizes, bool):
        size = int(sizes)
        if size < 0 or (size == 0 and n != 0):
            raise ShapeError(f"split: split_size must be positive (or 0 for an empty axis), got "
                             f"{size} for axis {axis} of size {n}")
        count = max(-(-n // size), 1) if size else 1  # ceil(n / size); an empty axis: one piece
        return _cut(x, axis, [min(size, n - k * size) for k in range(count)])
    if not isinstance(sizes, (list, tuple)) or not all(
            isinstance(s, (int, np.integer)) and not isinstance(s, bool) for s in sizes):
        raise TypeError(f"split: split_size_or_sections must be an int or a list of ints, got "
                        f"{sizes!r}")
    sizes = [int(s) for s in sizes]
    if any(s < 0 for s in sizes) or sum(sizes) != n:
        raise ShapeError(
            f"split: section sizes {sizes} must be >= 0 and add up to {n}, the size of axis "
            f"{axis} (shape {shape_str(x.shape)})"
        )
    return _cut(x, axis, sizes)


def chunk(input: Any, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:  # noqa: A002
    """`input` cut along `dim` into `chunks` pieces of equal size, ceil(n / chunks) (the
    last one smaller); as in PyTorch, fewer pieces come back when fewer are needed."""
    x = as_tensor(input)
    axis = _axis("chunk", x, dim)
    if not isinstance(chunks, (int, np.integer)) or isinstance(chunks, bool) or chunks <= 0:
        raise ShapeError(f"chunk: chunks must be a positive int, got {chunks!r}")
    n = x.shape[axis]
    if n == 0:  # PyTorch gives `chunks` empty pieces
        return _cut(x, axis, [0] * int(chunks))
    return split(x, -(-n // int(chunks)), axis)


def unbind(input: Any, dim: int = 0) -> tuple[Tensor, ...]:  # noqa: A002
    """The slices of `input` along `dim`, that axis removed: unbind(x)[i] is x[i]."""
    x = as_tensor(input)
    axis = _axis("unbind", x, dim)
    before = (slice(None),) * axis
    return tuple(GetItem.apply(x, index=before + (i,)) for i in range(x.shape[axis]))
