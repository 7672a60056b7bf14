"""`MultiheadAttention`: several attentions side by side over projections of q, k, v.

    attn = nn.MultiheadAttention(embed_dim=8, num_heads=2, batch_first=True)
    out, weights = attn(x, x, x)          # self-attention: x of shape (N, L, 8)

The computation, as PyTorch's (E = embed_dim, H = num_heads, d = E / H):

    q, k, v  = query W_q.T + b_q, key W_k.T + b_k, value W_v.T + b_v     (F.linear)
    split each into H heads of d features; for each head h
    head_h   = softmax(q_h k_h.T / sqrt(d) + mask) v_h                  (L, d)
    output   = concat(head_1..head_H) W_o.T + b_o                      out_proj, a Linear

The masks keep PyTorch's meaning, which is the reverse of F.scaled_dot_product_attention's
bool mask: here True means "masked out". key_padding_mask (N, S) hides padded keys of
each sequence; attn_mask is (L, S) or (N * H, L, S); a float mask is added to the scores.
Everything is built from existing ops, so backward needs nothing new.

Shapes: query (L, N, E) (batch_first: (N, L, E); unbatched: (L, E)), key (S, N, kdim),
value (S, N, vdim); output like the query; weights (N, L, S) averaged over the heads,
(N, H, L, S) with average_attn_weights=False, or None with need_weights=False.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import DTypeError, ShapeError, shape_str
from ..functional.attention import scaled_dot_product_attention
from ..functional.dropout import dropout as dropout_fn
from ..functional.linear import linear
from ..functional.softmax import softmax
from ..ops.arguments import as_tensor
from ..ops.indexing import concatenate
from ..tensor import Tensor
from . import init
from .cells import weight_dtype
from .layers import Linear
from .module import Module, Parameter

NAME = "MultiheadAttention"


class MultiheadAttention(Module):
    """Multi-head attention with PyTorch's parameters: `in_proj_weight` (3E, E) when
    kdim == vdim == embed_dim, else `q_proj_weight` (E, E), `k_proj_weight` (E, kdim) and
    `v_proj_weight` (E, vdim); `in_proj_bias` (3E,) and `out_proj` (a Linear(E, E)).
    add_bias_kv=True adds `bias_k` and `bias_v` (1, 1, E), one more key and value for
    every sequence; add_zero_attn=True adds a key and value of zeros."""

    def __init__(self, embed_dim: int, num_heads: int, dropout: float = 0.0, bias: bool = True,
                 add_bias_kv: bool = False, add_zero_attn: bool = False, kdim: int | None = None,
                 vdim: int | None = None, batch_first: bool = False, device: Any = None,
                 dtype: Any = None, generator: np.random.Generator | None = None) -> None:
        super().__init__()
        for name, n in (("embed_dim", embed_dim), ("num_heads", num_heads), ("kdim", kdim),
                        ("vdim", vdim)):
            if n is not None and (isinstance(n, bool) or not isinstance(n, (int, np.integer))
                                  or n < 1):
                raise ValueError(f"{NAME}: {name} must be a positive int, got {n!r}")
        if embed_dim % num_heads:
            raise ValueError(f"{NAME}: embed_dim must be divisible by num_heads (each head "
                             f"gets embed_dim // num_heads features), got embed_dim="
                             f"{embed_dim} and num_heads={num_heads}")
        if isinstance(dropout, bool) or not isinstance(dropout, (int, float)) or not (
                0 <= dropout <= 1):
            raise ValueError(f"{NAME}: dropout should be a number in range [0, 1], got "
                             f"{dropout!r}")
        dtype = weight_dtype(NAME, dtype, device)  # floating, on the CPU
        self.embed_dim, self.num_heads = int(embed_dim), int(num_heads)
        self.kdim = int(kdim) if kdim is not None else self.embed_dim
        self.vdim = int(vdim) if vdim is not None else self.embed_dim
        self._qkv_same_embed_dim = self.kdim == self.embed_dim and self.vdim == self.embed_dim
        self.dropout, self.batch_first = float(dropout), bool(batch_first)
        self.head_dim = self.embed_dim // self.num_heads
        self.add_zero_attn = bool(add_zero_attn)
        E = self.embed_dim

        def param(*shape: int) -> Parameter:
            return Parameter(np.empty(shape, dtype=dtype))

        if self._qkv_same_embed_dim:
            self.in_proj_weight = param(3 * E, E)
            self.q_proj_weight = self.k_proj_weight = self.v_proj_weight = None
        else:
            self.q_proj_weight = param(E, E)
            self.k_proj_weight = param(E, self.kdim)
            self.v_proj_weight = param(E, self.vdim)
            self.in_proj_weight = None
        self.in_proj_bias = param(3 * E) if bias else None
        self.out_proj = Linear(E, E, bias=bias, dtype=dtype, generator=generator)
        self.bias_k = self.bias_v = None
        if add_bias_kv:
            self.bias_k, self.bias_v = param(1, 1, E), param(1, 1, E)
        self._reset_parameters(generator)

    def _reset_parameters(self, generator: np.random.Generator | None = None) -> None:
        """PyTorch's scheme: xavier_uniform_ on the projections' weights, zeros on their
        biases and on out_proj's, xavier_normal_ on bias_k and bias_v."""
        for w in (self.in_proj_weight, self.q_proj_weight, self.k_proj_weight,
                  self.v_proj_weight):
            if w is not None:
                init.xavier_uniform_(w, generator=generator)
        if self.in_proj_bias is not None:
            init.zeros_(self.in_proj_bias)
            init.zeros_(self.out_proj.bias)
        for b in (self.bias_k, self.bias_v):
            if b is not None:
                init.xavier_normal_(b, generator=generator)

    # ---- forward -----------------------------------------------------------------------
    def forward(self, query: Any, key: Any, value: Any, key_padding_mask: Any = None,
                need_weights: bool = True, attn_mask: Any = None,
                average_attn_weights: bool = True,
                is_causal: bool = False) -> tuple[Tensor, Tensor | None]:
        """(output, weights); the shapes and the masks' meaning are in the module's
        docstring. is_causal is a hint, as in PyTorch: attn_mask must then be given (the
        causal mask), and it is used as given."""
        q, k, v = (as_tensor(t) for t in (query, key, value))
        batched = self._check_shapes(q, k, v, key_padding_mask, attn_mask)
        if is_causal and attn_mask is None:
            raise ValueError(f"{NAME}: is_causal=True is only a hint that attn_mask is the "
                             "causal mask; pass the mask too (PyTorch: 'Need attn_mask if "
                             "specifying the is_causal hint')")
        if not batched:  # one sequence: a batch of one, removed again at the end
            q, k, v = q.unsqueeze(1), k.unsqueeze(1), v.unsqueeze(1)
            if key_padding_mask is not None:
                key_padding_mask = as_tensor(key_padding_mask).unsqueeze(0)
        elif self.batch_first:
            q, k, v = q.swapaxes(0, 1), k.swapaxes(0, 1), v.swapaxes(0, 1)
        L, N, E = q.shape
        H, d = self.num_heads, self.head_dim
        kpm = _float_mask("key_padding_mask", key_padding_mask, q.dtype)
        mask = _float_mask("attn_mask", attn_mask, q.dtype)
        if mask is not None and mask.ndim == 2:
            mask = mask.unsqueeze(0)
        q, k, v = self._project(q, k, v)
        if self.bias_k is not None:
            k = concatenate([k, self.bias_k.expand(1, N, E)], axis=0)
            v = concatenate([v, self.bias_v.expand(1, N, E)], axis=0)
            mask, kpm = _pad(mask), _pad(kpm)
        q, k, v = (t.reshape(t.shape[0], N * H, d).swapaxes(0, 1) for t in (q, k, v))
        if self.add_zero_attn:
            zeros = Tensor._make(np.zeros((N * H, 1, d), dtype=k.dtype))
            k, v = concatenate([k, zeros], axis=1), concatenate([v, zeros], axis=1)
            mask, kpm = _pad(mask), _pad(kpm)
        S = k.shape[1]
        if kpm is not None:  # (N, S) -> (N * H, 1, S), one row for each sequence and head
            kpm = kpm.reshape(N, 1, 1, S).expand(N, H, 1, S).reshape(N * H, 1, S)
            mask = kpm if mask is None else mask + kpm
        p = self.dropout if self.training else 0.0
        if need_weights:
            scores = (q * float(np.sqrt(1.0 / d))) @ k.swapaxes(1, 2)
            if mask is not None:
                scores = scores + mask
            weights = softmax(scores, -1)  # a row masked out entirely: NaN, as in PyTorch
            if p > 0:
                weights = dropout_fn(weights, p)
            out = weights @ v  # (N * H, L, d)
            weights = weights.reshape(N, H, L, S)
            if average_attn_weights:
                weights = weights.mean(1)
            if not batched:
                weights = weights.squeeze(0)
        else:
            if mask is not None:  # (1, L, S) or (N * H, L or 1, S) -> 4 axes
                mask = mask.reshape(1, 1, *mask.shape[1:]) if mask.shape[0] == 1 else \
                    mask.reshape(N, H, -1, S)
            out = scaled_dot_product_attention(
                q.reshape(N, H, L, d), k.reshape(N, H, S, d), v.reshape(N, H, S, d),
                attn_mask=mask,
                dropout_p=p).reshape(N * H, L, d)
            weights = None
        out = out.swapaxes(0, 1).reshape(L * N, E)
        out = linear(out, self.out_proj.weight, self.out_proj.bias).reshape(L, N, E)
        if not batched:
            out = out.squeeze(1)
        elif self.batch_first:
            out = out.swapaxes(0, 1)
        return out, weights

    def _project(self, q: Tensor, k: Tensor, v: Tensor) -> tuple[Tensor, Tensor, Tensor]:
        E = self.embed_dim
        if self._qkv_same_embed_dim:
            w_q, w_k, w_v = self.in_proj_weight[:E], self.in_proj_weight[E:2 * E], \
                self.in_proj_weight[2 * E:]
        else:
            w_q, w_k, w_v = self.q_proj_weight, self.k_proj_weight, self.v_proj_weight
        b = self.in_proj_bias
        b_q, b_k, b_v = (None, None, None) if b is None else (b[:E], b[E:2 * E], b[2 * E:])
        return linear(q, w_q, b_q), linear(k, w_k, b_k), linear(v, w_v, b_v)

    def _check_shapes(self, q: Tensor, k: Tensor, v: Tensor, key_padding_mask: Any,
                      attn_mask: Any) -> bool:
        """True for batched inputs (3 axes), False for one sequence (2 axes); else an error."""
        shapes = f"query {shape_str(q.shape)}, key {shape_str(k.shape)}, value " \
                 f"{shape_str(v.shape)}"
        if q.ndim not in (2, 3) or not q.ndim == k.ndim == v.ndim:
            raise ShapeError(f"{NAME}: query, key and value must all have 3 axes (batched: "
                             f"(L, N, E), or (N, L, E) with batch_first=True) or all 2 (one "
                             f"sequence: (L, E)), got {shapes}")
        if not q.dtype == k.dtype == v.dtype:
            raise DTypeError(f"{NAME}: query, key and value must have one dtype, got "
                             f"{q.dtype}, {k.dtype} and {v.dtype}")
        batched = q.ndim == 3
        seq, batch = (1, 0) if batched and self.batch_first else (0, 1)
        for name, t, size in (("query", q, self.embed_dim), ("key", k, self.kdim),
                              ("value", v, self.vdim)):
            if t.shape[-1] != size:
                what = "embed_dim" if name == "query" else name[0] + "dim"
                raise ShapeError(f"{NAME}: the {name}'s last axis must be {what}={size}, got "
                                 f"{shapes}")
        if k.shape[seq] != v.shape[seq] or (batched and not (
                q.shape[batch] == k.shape[batch] == v.shape[batch])):
            raise ShapeError(f"{NAME}: key and value must have the same number of keys S, "
                             f"and query, key and value the same batch size N, got {shapes}")
        N, L, S = (q.shape[batch] if batched else 1), q.shape[seq], k.shape[seq]
        if key_padding_mask is not None:
            want = (N, S) if batched else (S,)
            got = as_tensor(key_padding_mask).shape
            if got != want:
                raise ShapeError(f"{NAME}: key_padding_mask must have shape {shape_str(want)} "
                                 f"((N, S): True where a key is padding), got {shape_str(got)}")
        if attn_mask is not None:
            got = as_tensor(attn_mask).shape
            wants = ((L, S), (N * self.num_heads, L, S))
            if got not in wants:
                raise ShapeError(f"{NAME}: attn_mask must have shape {shape_str(wants[0])} or "
                                 f"{shape_str(wants[1])} (N * num_heads, L, S), got "
                                 f"{shape_str(got)}")
        return batched

    def extra_repr(self) -> str:
        return f"embed_dim={self.embed_dim}, num_heads={self.num_heads}"


def _float_mask(name: str, mask: Any, dtype: np.dtype) -> Tensor | None:
    """PyTorch's masks as numbers to add to the scores: a bool mask becomes -inf where
    True and 0 elsewhere; a float mask (of the query's dtype) is used as it is."""
    if mask is None:
        return None
    m = as_tensor(mask)
    if m.dtype == np.bool_:
        return Tensor._make(np.where(m.numpy(), -np.inf, 0.0).astype(dtype))
    if m.dtype != dtype:
        raise DTypeError(f"{NAME}: {name} must hold bools (True = masked out) or floats of the "
                         f"query's dtype {dtype} (added to the scores), got {m.dtype}")
    return m


def _pad(mask: Tensor | None) -> Tensor | None:
    """One more column of zeros (the added key takes part everywhere)."""
    if mask is None:
        return None
    zeros = Tensor._make(np.zeros((*mask.shape[:-1], 1), dtype=mask.dtype))
    return concatenate([mask, zeros], axis=-1)
