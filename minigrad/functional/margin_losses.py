"""The margin losses of torch.nn.functional, composed from ops minigrad has.

    F.margin_ranking_loss(x1, x2, y)       # max(0, -y (x1 - x2) + margin)
    F.hinge_embedding_loss(x, y)           # x where y = 1, max(0, margin - x) where y = -1
    F.soft_margin_loss(x, y)               # log(1 + exp(-y x)), as softplus(-y x)
    F.multilabel_soft_margin_loss(x, y)    # the soft margin of every class, averaged over them
    F.cosine_embedding_loss(x1, x2, y)     # 1 - cos where y = 1, max(0, cos - margin) where -1
    F.triplet_margin_loss(a, p, n)         # max(0, d(a, p) - d(a, n) + margin)

Each is PyTorch's formula written with differentiable ops (clamp(min=0) for the
hinge, whose gradient at the kink is 1 as PyTorch's clamp_min,
softplus and logsigmoid for the soft margins, norm for the distances), so the
gradients are those ops' gradients and no new backward is needed. softplus keeps
the soft margins finite for large margins: at -y x = 1e4 the loss is 1e4, where
PyTorch's log1p(exp(-y x)) overflows to inf.

Like the other losses, these do not broadcast an input against a target: the
shapes must match (see regression.py).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..dtypes import promote_types
from ..errors import DTypeError, ShapeError, shape_str
from ..ops import activations as act
from ..ops import minimum, where
from ..ops.arguments import as_tensor
from ..ops.statistics import norm
from ..tensor import Tensor
from .reduction import check_reduction, reduce_tensor
from .validation import broadcast_constant, float_target


def floats(fn: str, names: tuple[str, ...], *values: Any) -> list[Tensor]:
    """The tensors as Tensors of one float dtype, their promotion (at least one must be a
    float: integer targets then take it)."""
    tensors = [as_tensor(v) for v in values]
    dtype = tensors[0].dtype
    for t in tensors[1:]:
        dtype = promote_types(dtype, t.dtype)
    if dtype.kind != "f":
        listed = ", ".join(f"{n} {t.dtype}" for n, t in zip(names, tensors))
        raise DTypeError(f"{fn}: the inputs must hold floating-point numbers, got {listed}; "
                         "convert them first, e.g. x.astype(np.float32)")
    return [t if t.dtype == dtype else t.astype(dtype) for t in tensors]


def same_shapes(fn: str, names: tuple[str, ...], tensors: list[Tensor]) -> None:
    """A ShapeError unless every tensor has the first one's shape (losses do not broadcast)."""
    first = tensors[0].shape
    if any(t.shape != first for t in tensors[1:]):
        listed = ", ".join(f"{n} {shape_str(t.shape)}" for n, t in zip(names, tensors))
        raise ShapeError(f"{fn}: the shapes must be the same, got {listed} (reshape them; "
                         "losses do not broadcast)")


def number(fn: str, name: str, value: Any) -> float:
    """A float argument (margin, eps, p), or a TypeError."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{fn}: {name} must be a number, got {type(value).__name__}")
    return float(value)


def margin_ranking_loss(input1: Any, input2: Any, target: Any, margin: float = 0.0,
                        reduction: str = "mean") -> Tensor:
    """max(0, -target * (input1 - input2) + margin): target = 1 asks input1 to rank higher
    than input2 by at least the margin, target = -1 lower."""
    fn, names = "margin_ranking_loss", ("input1", "input2", "target")
    x1, x2, y = floats(fn, names, input1, input2, target)
    margin = number(fn, "margin", margin)
    reduction = check_reduction(fn, reduction)
    same_shapes(fn, names, [x1, x2, y])
    return reduce_tensor(fn, (-y * (x1 - x2) + margin).clamp(min=0), reduction)


def hinge_embedding_loss(input: Any, target: Any, margin: float = 1.0,  # noqa: A002
                         reduction: str = "mean") -> Tensor:
    """input where target = 1, max(0, margin - input) where target = -1 (input is a
    distance: small for similar pairs, at least `margin` for dissimilar ones). As in
    PyTorch, a target other than 1 and -1 adds both terms."""
    fn = "hinge_embedding_loss"
    x, y = floats(fn, ("input", "target"), input, target)
    margin = number(fn, "margin", margin)
    reduction = check_reduction(fn, reduction)
    same_shapes(fn, ("input", "target"), [x, y])
    t = y.numpy()
    zero = np.zeros((), dtype=x.dtype)
    loss = where(t != -1, x, zero) + where(t != 1, (margin - x).clamp(min=0), zero)
    return reduce_tensor(fn, loss, reduction)


def soft_margin_loss(input: Any, target: Any, reduction: str = "mean") -> Tensor:  # noqa: A002
    """log(1 + exp(-target * input)), the logistic loss for targets 1 and -1; computed as
    softplus(-target * input), which stays finite for large margins."""
    fn = "soft_margin_loss"
    x, y = floats(fn, ("input", "target"), input, target)
    reduction = check_reduction(fn, reduction)
    same_shapes(fn, ("input", "target"), [x, y])
    return reduce_tensor(fn, act.softplus(-y * x, 1.0, np.inf), reduction)


def multilabel_soft_margin_loss(input: Any, target: Any, weight: Any = None,  # noqa: A002
                                reduction: str = "mean") -> Tensor:
    """-(target log sigmoid(input) + (1 - target) log sigmoid(-input)), times `weight` (it
    broadcasts to the input), averaged over the classes (the last axis): one loss per
    sample, then reduced."""
    fn = "multilabel_soft_margin_loss"
    x, y = floats(fn, ("input", "target"), input, target)
    reduction = check_reduction(fn, reduction)
    y = float_target(fn, y, x)
    w = broadcast_constant(fn, weight, "weight", x)
    loss = -(y * act.logsigmoid(x) + (1 - y) * act.logsigmoid(-x))
    if w is not None:
        loss = loss * w
    classes = x.shape[-1] if x.ndim else 1
    per_sample = (loss.sum(-1) if x.ndim else loss) / np.asarray(classes, dtype=x.dtype)
    return reduce_tensor(fn, per_sample, reduction)


def cosine_embedding_loss(input1: Any, input2: Any, target: Any, margin: float = 0.0,
                          reduction: str = "mean") -> Tensor:
    """1 - cos(input1, input2) where target = 1, max(0, cos - margin) where target = -1.

    The vectors lie along the last axis: inputs (N, D) with target (N,), or (D,) with a 0-d
    target. cos = <x1, x2> / sqrt((|x1|^2 + eps) (|x2|^2 + eps)), eps = 1e-12, PyTorch's
    formula (so a zero vector gives cos = 0, not NaN).
    """
    fn = "cosine_embedding_loss"
    x1, x2, y = floats(fn, ("input1", "input2", "target"), input1, input2, target)
    margin = number(fn, "margin", margin)
    reduction = check_reduction(fn, reduction)
    if y.ndim > 1 or x1.ndim != y.ndim + 1 or x1.shape != x2.shape or x1.shape[:-1] != y.shape:
        raise ShapeError(
            f"{fn}: got input1 {shape_str(x1.shape)}, input2 {shape_str(x2.shape)} and target "
            f"{shape_str(y.shape)}; the inputs must both be (N, D) with a target (N,), or (D,) "
            "with a 0-d target"
        )
    eps = np.asarray(1e-12, dtype=x1.dtype)
    dot = (x1 * x2).sum(-1)
    cos = dot / ((x1 * x1).sum(-1) + eps).mul((x2 * x2).sum(-1) + eps).sqrt()
    t = y.numpy()
    zero = np.zeros((), dtype=x1.dtype)
    loss = where(t == 1, 1 - cos, zero) + where(t == -1, (cos - margin).clamp(min=0), zero)
    return reduce_tensor(fn, loss, reduction)


def pairwise_distance(x1: Any, x2: Any, p: float = 2.0, eps: float = 1e-6,
                      keepdim: bool = False) -> Tensor:
    """The p-norm of x1 - x2 + eps along the last axis (PyTorch adds eps to the difference,
    so equal vectors are eps apart and the gradient of the 2-norm stays finite)."""
    fn = "pairwise_distance"
    a, b = floats(fn, ("x1", "x2"), x1, x2)
    p, eps = number(fn, "p", p), number(fn, "eps", eps)
    try:
        np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise ShapeError(f"{fn}: x1 of shape {shape_str(a.shape)} and x2 of shape "
                         f"{shape_str(b.shape)} cannot be broadcast together") from None
    d = a - b + eps
    return norm(d, p, -1 if d.ndim else None, keepdim=keepdim and d.ndim > 0)


def triplet_margin_loss(anchor: Any, positive: Any, negative: Any, margin: float = 1.0,
                        p: float = 2.0, eps: float = 1e-6, swap: bool = False,
                        reduction: str = "mean") -> Tensor:
    """max(0, d(anchor, positive) - d(anchor, negative) + margin), d the pairwise distance
    (p-norm along the last axis, eps added to the difference). swap=True uses the smaller
    of d(anchor, negative) and d(positive, negative)."""
    fn, names = "triplet_margin_loss", ("anchor", "positive", "negative")
    a, pos, neg = floats(fn, names, anchor, positive, negative)
    margin, p, eps = number(fn, "margin", margin), number(fn, "p", p), number(fn, "eps", eps)
    if margin <= 0:
        raise ValueError(f"{fn}: margin must be greater than 0, got {margin} (as in PyTorch)")
    reduction = check_reduction(fn, reduction)
    if not (a.ndim == pos.ndim == neg.ndim) or a.ndim not in (1, 2):
        raise ShapeError(
            f"{fn}: anchor {shape_str(a.shape)}, positive {shape_str(pos.shape)} and negative "
            f"{shape_str(neg.shape)} must all be (N, D) or all (D,)"
        )
    same_shapes(fn, names, [a, pos, neg])
    d_pos = pairwise_distance(a, pos, p, eps)
    d_neg = pairwise_distance(a, neg, p, eps)
    if swap:
        d_swap = pairwise_distance(pos, neg, p, eps)
        d_neg = minimum(d_neg, d_swap)  # a tie splits the gradient, as PyTorch's min
    return reduce_tensor(fn, (margin + d_pos - d_neg).clamp(min=0), reduction)
