"""scaled_dot_product_attention: each query's weighted mean of the values, as PyTorch's.

    out = F.scaled_dot_product_attention(q, k, v)   # q (..., L, E), k (..., S, E), v (..., S, Ev)

The formula, for one query row q_i against the keys k_j:

    scores_ij = (q_i . k_j) * scale + bias_ij        scale = 1 / sqrt(E) unless given
    weights_i = softmax(scores_i)                     over j, the S keys
    out_i     = sum_j weights_ij v_j                  (..., L, Ev)

It is built from existing ops (matmul, where, softmax, dropout), so its gradients are
theirs; no new backward is written here. The bias comes from `attn_mask`: a bool mask
says which keys each query may look at (True = takes part; a False place gets -inf),
a float mask is added to the scores, and is_causal=True lets query i see keys 0..i
only (the lower triangle). Masks broadcast with the scores (..., L, S).

A query row whose keys are all masked out gets zeros (its weights are all 0), as in
PyTorch 2.13's version of this function (its "safe softmax"); the gradient there is 0
too. nn.MultiheadAttention with need_weights=True computes its own softmax and gives
NaN for such rows, as PyTorch's does.

With dropout_p > 0 the weights go through dropout every call, training or not (as in
PyTorch: pass dropout_p=0.0 when evaluating). enable_gqa=True lets key and value have
fewer heads (axis -3) than the query, each shared by a group of query heads.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..errors import DTypeError, ShapeError, broadcasts_to, shape_str
from ..ops.arguments import as_tensor
from ..ops.elementwise import where
from ..tensor import Tensor
from .dropout import check_probability, dropout
from .softmax import softmax

FN = "scaled_dot_product_attention"


def scaled_dot_product_attention(query: Any, key: Any, value: Any, attn_mask: Any = None,
                                 dropout_p: float = 0.0, is_causal: bool = False,
                                 scale: float | None = None, enable_gqa: bool = False) -> Tensor:
    """softmax(query @ key.T * scale + mask) @ value over the last two axes; the
    module's docstring has the formula and the meaning of each mask."""
    q, k, v = (as_tensor(t) for t in (query, key, value))
    _check_inputs(q, k, v)
    p = check_probability(FN, dropout_p)
    if is_causal and attn_mask is not None:
        raise ValueError(f"{FN}: give either attn_mask or is_causal=True, not both (PyTorch: "
                         "'Explicit attn_mask should not be set when is_causal=True'); for a "
                         "causal mask combined with your own, pass their combination as "
                         "attn_mask")
    if enable_gqa:
        k, v = _repeat_heads(q, k), _repeat_heads(q, v)
    L, S = q.shape[-2], k.shape[-2]
    if scale is None:
        scale = 1.0 / math.sqrt(q.shape[-1])
    elif isinstance(scale, bool) or not isinstance(scale, (int, float, np.number)):
        raise TypeError(f"{FN}: scale must be a number (or None for 1/sqrt(E)), got "
                        f"{type(scale).__name__}")
    scores = (q @ k.swapaxes(-1, -2)) * float(scale)
    allowed = None  # bools where a key takes part, when some do not
    if is_causal:
        allowed = np.tril(np.ones((L, S), dtype=bool))
    elif attn_mask is not None:
        mask = _check_mask(attn_mask, q, scores.shape)
        if mask.dtype == np.bool_:
            allowed = mask.numpy()
        else:
            scores = scores + mask
    if allowed is not None:
        scores = where(allowed, scores, -math.inf)
    weights = safe_softmax(scores)
    if p > 0:
        weights = dropout(weights, p)
    return weights @ v


def safe_softmax(scores: Tensor) -> Tensor:
    """softmax over the last axis, with 0 (not NaN) for a row that is all -inf.

    The dead rows are set to 0 before the softmax and their weights to 0 after, so no
    NaN enters the graph and their gradient is 0 (PyTorch's _safe_softmax)."""
    dead = np.all(np.isneginf(scores.numpy()), axis=-1, keepdims=True)
    if not dead.any():
        return softmax(scores, -1)
    return where(dead, 0.0, softmax(where(dead, 0.0, scores), -1))


def _check_inputs(q: Tensor, k: Tensor, v: Tensor) -> None:
    if min(q.ndim, k.ndim, v.ndim) < 2:
        raise ShapeError(f"{FN}: query, key and value need at least 2 axes each ((..., L, E), "
                         f"(..., S, E), (..., S, Ev)), got shapes {shape_str(q.shape)}, "
                         f"{shape_str(k.shape)} and {shape_str(v.shape)}")
    if not q.dtype == k.dtype == v.dtype:
        raise DTypeError(f"{FN}: query, key and value must have the same dtype (as in "
                         f"PyTorch), got {q.dtype}, {k.dtype} and {v.dtype}")
    if q.dtype.kind != "f":
        raise DTypeError(f"{FN}: query, key and value must be floating (float32 or float64), "
                         f"got {q.dtype}; convert them first, e.g. x.float()")
    if q.shape[-1] != k.shape[-1]:
        raise ShapeError(f"{FN}: the query's last axis ({q.shape[-1]}, shape "
                         f"{shape_str(q.shape)}) must equal the key's ({k.shape[-1]}, shape "
                         f"{shape_str(k.shape)}): each query is dotted with each key")
    if k.shape[-2] != v.shape[-2]:
        raise ShapeError(f"{FN}: key and value must have as many rows (axis -2, the S keys), "
                         f"got shapes {shape_str(k.shape)} and {shape_str(v.shape)}")


def _repeat_heads(q: Tensor, t: Tensor) -> Tensor:
    """t's heads (axis -3) repeated each g times to the query's count (repeat_interleave)."""
    if q.ndim < 3 or t.ndim < 3 or q.shape[-3] % t.shape[-3]:
        raise ShapeError(f"{FN}: with enable_gqa=True the query's heads (axis -3) must be a "
                         f"multiple of the key's and value's, got shapes {shape_str(q.shape)} "
                         f"and {shape_str(t.shape)}")
    g = q.shape[-3] // t.shape[-3]
    if g == 1:
        return t
    lead, (h, s, e) = t.shape[:-3], t.shape[-3:]
    return t.unsqueeze(-3).expand(*lead, h, g, s, e).reshape(*lead, h * g, s, e)


def _check_mask(attn_mask: Any, q: Tensor, shape: tuple[int, ...]) -> Tensor:
    mask = as_tensor(attn_mask)
    if mask.dtype != np.bool_ and mask.dtype != q.dtype:
        raise DTypeError(f"{FN}: attn_mask must hold bools (True = takes part) or floats of "
                         f"the query's dtype {q.dtype} (added to the scores), got {mask.dtype}")
    if not broadcasts_to(mask.shape, shape):
        raise ShapeError(f"{FN}: attn_mask of shape {shape_str(mask.shape)} does not broadcast "
                         f"to the scores' shape {shape_str(shape)} (..., L, S)")
    return mask
