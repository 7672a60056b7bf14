"""normalize and cosine_similarity: vectors scaled to length 1, and the cosine of their angle.

    F.normalize(x, dim=-1)              # every row of x as a unit vector
    F.cosine_similarity(a, b, dim=-1)   # <a, b> / (|a| |b|) row by row, in [-1, 1]

Both are composed from ops minigrad already has (norm, clamp, division, sum), so
their gradients are those ops' gradients; each function is PyTorch's own recipe,
including where `eps` keeps a zero vector from giving 0 / 0:

* normalize: x / max(|x|_p, eps). The clamp is an ordinary op, so where the
  norm is below eps its gradient stops there and x / eps is differentiated as
  it reads.
* cosine_similarity: (x1 / max(|x1|, eps)) . (x2 / max(|x2|, eps)) along dim,
  each vector divided by its length first (so no product of two large lengths
  can overflow, and the result stays in [-1, 1]). PyTorch raises the norms to
  eps in place under no_grad, so the clamp itself is not differentiated: below
  eps the gradient still flows through the norm. minigrad does the same, with
  the same lines, and gives the same gradients.

float16 is computed in float32 and rounded once (eps taken as float16 holds it,
so that a zero vector gives what PyTorch gives: 1e-8 is 0 in float16).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..dtypes import promote_types
from ..errors import DTypeError, ShapeError, shape_str
from ..grad_mode import no_grad
from ..ops.arguments import as_tensor, normalize_axis
from ..ops.shape import broadcast_to
from ..ops.statistics import norm
from ..tensor import Tensor
from .validation import float_input


def normalize(input: Any, p: float = 2.0, dim: Any = 1, eps: float = 1e-12) -> Tensor:  # noqa: A002
    """x / max(|x|_p, eps) along `dim` (an int, a tuple of ints, or None for all axes): the
    vectors along dim scaled to p-norm 1, and a zero vector left at zero."""
    fn = "normalize"
    x = float_input(fn, input)
    if isinstance(p, bool) or not isinstance(p, (int, float, np.integer, np.floating)):
        raise TypeError(f"{fn}: p must be a number (2 for the length, 1, inf, ...), got {p!r}")
    axes = normalize_axis(dim, x.ndim, fn)  # a clear error for a bad dim, naming normalize
    if not axes and isinstance(dim, (tuple, list)) and len(dim) > 1:  # 0-d: (0, -1) is 0 twice
        raise ShapeError(f"{fn}: dim {tuple(dim)} names axis 0 of a 0-d tensor twice")
    if x.dtype == np.float16:  # in float32, rounded once; eps as float16 holds it (1e-12: 0)
        x32 = x.float()
        return (x32 / norm(x32, p, dim, keepdim=True).clip(min=float(np.float16(eps)))).half()
    return x / norm(x, p, dim, keepdim=True).clip(min=eps)


def cosine_similarity(x1: Any, x2: Any, dim: int = 1, eps: float = 1e-8) -> Tensor:
    """The cosine of the angle between x1 and x2 along `dim`: sum(x1 * x2) / (|x1| |x2|),
    each length at least eps (the shapes broadcast first; the result has the axis dim
    removed)."""
    fn = "cosine_similarity"
    a, b = as_tensor(x1), as_tensor(x2)
    common = promote_types(a.dtype, b.dtype)
    if common.kind != "f":
        raise DTypeError(f"{fn}: x1 and x2 have dtypes {a.dtype} and {b.dtype}; at least one "
                         "must be floating (as in PyTorch), e.g. x1.float()")
    # Integers and bools become the common float dtype; floats keep theirs, as in PyTorch
    # (so with float16 and float32, the float16 one takes eps as float16 holds it: _unit).
    a, b = (t if t.dtype.kind == "f" else t.astype(common) for t in (a, b))
    try:
        shape = np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise ShapeError(f"{fn}: x1 of shape {shape_str(a.shape)} and x2 of shape "
                         f"{shape_str(b.shape)} cannot be broadcast together") from None
    if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)):
        raise TypeError(f"{fn}: dim must be an int (as in PyTorch), got {dim!r}")
    normalize_axis(dim, len(shape), fn)
    a, b = broadcast_to(a, shape), broadcast_to(b, shape)
    out = (_unit(a, dim, eps) * _unit(b, dim, eps)).sum(dim)
    return out if out.dtype == common else out.astype(common)


def _unit(x: Tensor, dim: int, eps: float) -> Tensor:
    """x / max(|x|, eps) along dim; float16 in float32, with eps as float16 holds it (1e-8
    is 0 there, so a zero vector gives NaN, as in PyTorch)."""
    if x.dtype == np.float16:
        x, eps = x.float(), float(np.float16(eps))
    return x / _length_at_least(x, dim, eps)


def _length_at_least(x: Tensor, dim: int, eps: float) -> Tensor:
    """|x| along dim, raised to eps where smaller: PyTorch's lines, a copy of the norm
    clamped in place under no_grad, so the gradient is the norm's own."""
    length = norm(x, 2, dim, keepdim=True).clone()
    with no_grad():
        length.clamp_(min=eps)
    return length
