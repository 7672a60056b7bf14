"""The multi-class margin losses of torch.nn.functional, composed from ops minigrad has.

    F.multi_margin_loss(x, y)        # sum over j != y of max(0, margin - x[y] + x[j])^p / C
    F.multilabel_margin_loss(x, y)   # sum over targets j, non-targets i of
                                     #   max(0, 1 - (x[j] - x[i])) / C
    F.triplet_margin_with_distance_loss(a, p, n, distance_function=d)
                                     # max(0, d(a, p) - d(a, n) + margin), any distance d

The first two are the SVM's hinge for many classes: the score of the right class
must beat every other score by the margin, and each class that comes closer costs
the amount it comes closer (squared with p=2). They are written with `where` on the
hinge's mask, not clamp: PyTorch's kernels count a term only where it is > 0, so at
the kink (exactly on the margin) the gradient is 0, where clamp(min=0) would give 1.

Class targets are int64 (torch.long) indices, as PyTorch requires; the weights of
multi_margin_loss are a constant (PyTorch has no gradient for them either).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import DTypeError, ShapeError, shape_str
from ..ops import minimum, where
from ..ops.arguments import as_tensor
from ..tensor import Tensor
from .margin_losses import number, pairwise_distance
from .reduction import check_reduction, reduce_tensor


def _scores(fn: str, input: Any) -> Tensor:  # noqa: A002
    """The scores as a float32/float64 Tensor of 0, 1 or 2 axes with some classes."""
    x = as_tensor(input)
    if x.dtype not in (np.float32, np.float64):
        raise DTypeError(f"{fn}: the input must be float32 or float64 (as PyTorch's kernel), "
                         f"got {x.dtype}; convert it first, e.g. x.float()")
    if x.ndim > 2 or (x.ndim >= 1 and x.shape[-1] == 0):
        raise ShapeError(f"{fn}: expected a non-empty vector (C,) or a matrix (N, C) of scores "
                         f"with C > 0 classes, got shape {shape_str(x.shape)}")
    return x


def _labels(fn: str, target: Any) -> np.ndarray:
    """The class indices (int64) as an array."""
    t = as_tensor(target)
    if t.dtype != np.int64:
        raise DTypeError(f"{fn}: the target must hold int64 class indices (torch.long), got "
                         f"{t.dtype}; convert it with target.long()")
    return t.numpy()


def _finish(fn: str, per_sample: Tensor, reduction: str, keep_batch: bool) -> Tensor:
    """'none' gives one loss per sample ((N,), or 0-d for a single sample); else reduced."""
    if reduction == "none":
        return per_sample if keep_batch else per_sample.reshape(())
    return reduce_tensor(fn, per_sample, reduction)


def multi_margin_loss(input: Any, target: Any, p: int = 1, margin: float = 1.0,  # noqa: A002
                      weight: Any = None, reduction: str = "mean") -> Tensor:
    """For scores x (N, C) and classes y (N,): sum over j != y of
    weight[y] * max(0, margin - x[y] + x[j])^p, divided by C, one loss per sample.

    p is 1 or 2. A single sample is x (C,) with y 0-d or (1,). As in PyTorch, 'none'
    keeps a batch axis only when the target has one.
    """
    fn = "multi_margin_loss"
    if isinstance(p, bool) or p not in (1, 2):
        raise ValueError(f"{fn}: only p == 1 and p == 2 supported, got p={p!r} (as in PyTorch)")
    margin = number(fn, "margin", margin)
    reduction = check_reduction(fn, reduction)
    x = _scores(fn, input)
    y = _labels(fn, target)
    rows = x.reshape((-1, x.shape[-1] if x.ndim else 1))
    n, c = rows.shape
    if y.ndim > 1 or y.size != n or (x.ndim == 2 and y.ndim != 1):
        raise ShapeError(f"{fn}: the target must be 1-D with one class per sample: input "
                         f"{shape_str(x.shape)} needs a target of shape ({n},), got "
                         f"{shape_str(y.shape)}")
    y = y.reshape(n)
    if y.size and (y.min() < 0 or y.max() >= c):
        bad = y[(y < 0) | (y >= c)][0]
        raise IndexError(f"{fn}: target {bad} is out of range for {c} classes (0 to {c - 1})")
    w = None
    if weight is not None:
        wt = as_tensor(weight)
        if wt.ndim != 1:
            raise ValueError(f"{fn}: weight must be one-dimensional (one per class), got shape "
                             f"{shape_str(wt.shape)}")
        if wt.shape[0] != c:
            raise ShapeError(f"{fn}: inconsistent weight size: expected {c} (one per class), got "
                             f"{shape_str(wt.shape)}")
        if wt.dtype != x.dtype:
            raise DTypeError(f"{fn}: the weight has dtype {wt.dtype} but the input {x.dtype}; "
                             "they must be the same (as in PyTorch)")
        w = wt.numpy()
    picked = rows[np.arange(n), y].reshape((n, 1))  # x[y], one per sample
    z = (margin - picked) + rows  # margin - x[y] + x[j], in PyTorch's order (same rounding)
    counted = (z.numpy() > 0) & (np.arange(c) != y[:, None])  # only z > 0, and j != y
    zero = np.zeros((), dtype=x.dtype)
    h = where(counted, z if p == 1 else z * z, zero)
    if w is not None:
        h = h * w[y][:, None]
    per_sample = h.sum(-1) / np.asarray(c, dtype=x.dtype)
    return _finish(fn, per_sample, reduction, keep_batch=np.ndim(target) > 0)


def multilabel_margin_loss(input: Any, target: Any, reduction: str = "mean") -> Tensor:  # noqa: A002
    """For scores x (N, C) and targets y (N, C) of class indices (the first -1 ends the list
    of a sample's classes): sum over its classes j and the classes i not among them of
    max(0, 1 - (x[j] - x[i])), divided by C. A class listed twice counts twice, as in
    PyTorch. A single sample is x (C,) with y (C,); its loss is 0-d.
    """
    fn = "multilabel_margin_loss"
    reduction = check_reduction(fn, reduction)
    x = _scores(fn, input)
    y = _labels(fn, target)
    c = x.shape[-1] if x.ndim else 1
    rows = x.reshape((-1, c))
    n = rows.shape[0]
    if (x.ndim == 2 and y.shape != x.shape) or (x.ndim < 2 and (y.ndim > 1 or y.size != c)):
        raise ShapeError(f"{fn}: inconsistent target size {shape_str(y.shape)} for input of "
                         f"size {shape_str(x.shape)}: the target must have the input's shape")
    y = y.reshape(n, c)
    if y.size and (y.min() < -1 or y.max() >= c):
        raise IndexError(f"{fn}: the target holds {y[(y < -1) | (y >= c)][0]}, out of range: "
                         f"class indices are 0 to {c - 1}, and -1 ends a sample's list")
    listed = np.cumprod(y != -1, axis=1).astype(bool)  # before the first -1
    counts = np.zeros((n, c))
    rows_of = np.broadcast_to(np.arange(n)[:, None], y.shape)
    np.add.at(counts, (rows_of[listed], y[listed]), 1.0)
    pairs = counts[:, :, None] * (counts == 0)[:, None, :]  # (n, target j, other class i)
    z = 1 - rows.reshape((n, c, 1)) + rows.reshape((n, 1, c))  # 1 - (x[j] - x[i])
    counted = (z.numpy() > 0) & (pairs > 0)
    h = where(counted, z, np.zeros((), dtype=x.dtype)) * pairs.astype(x.dtype)
    per_sample = h.sum((1, 2)) / np.asarray(c, dtype=x.dtype)
    return _finish(fn, per_sample, reduction, keep_batch=x.ndim == 2)


def triplet_margin_with_distance_loss(
    anchor: Any, positive: Any, negative: Any, *,
    distance_function: Callable[[Tensor, Tensor], Tensor] | None = None,
    margin: float = 1.0, swap: bool = False, reduction: str = "mean",
) -> Tensor:
    """max(0, d(anchor, positive) - d(anchor, negative) + margin) for a distance function d
    of two tensors (any differentiable function; None is pairwise_distance). swap=True uses
    the smaller of d(anchor, negative) and d(positive, negative)."""
    fn = "triplet_margin_with_distance_loss"
    margin = number(fn, "margin", margin)
    if margin <= 0:
        raise ValueError(f"{fn}: expected margin to be greater than 0, got {margin} instead "
                         "(as in PyTorch)")
    reduction = check_reduction(fn, reduction)
    a, pos, neg = as_tensor(anchor), as_tensor(positive), as_tensor(negative)
    if not a.ndim == pos.ndim == neg.ndim:
        raise ShapeError(f"{fn}: the anchor, positive and negative tensors must have the same "
                         f"number of dimensions, got anchor {shape_str(a.shape)}, positive "
                         f"{shape_str(pos.shape)} and negative {shape_str(neg.shape)}")
    distance = pairwise_distance if distance_function is None else distance_function
    if not callable(distance):
        raise TypeError(f"{fn}: distance_function must be a function of two tensors (or None "
                        f"for pairwise_distance), got {type(distance).__name__}")
    d_pos = as_tensor(distance(a, pos))
    d_neg = as_tensor(distance(a, neg))
    if swap:
        d_neg = minimum(d_neg, as_tensor(distance(pos, neg)))  # a tie splits the gradient
    # clamp(min=0) as PyTorch's clamp_min here: gradient 1 at the kink
    return reduce_tensor(fn, (d_pos + margin - d_neg).clamp(min=0), reduction)
