"""`TransformerDecoderLayer` and `TransformerDecoder`, as PyTorch's.

    layer = nn.TransformerDecoderLayer(d_model=16, nhead=4, dim_feedforward=32,
                                       batch_first=True)
    decoder = nn.TransformerDecoder(layer, num_layers=2)
    causal = nn.Transformer.generate_square_subsequent_mask(T)
    y = decoder(tgt, memory, tgt_mask=causal)    # tgt (N, T, 16), memory (N, S, 16)

A decoder layer is the encoder's layer (transformer.py) with one more block in the
middle: attention from the target's positions (the queries) to the encoder's output,
the "memory" (the keys and values). Each block is added back to its input and
normalised:

    norm_first=False (the default, "post-norm"):
        x = norm1(x + dropout1(self_attn(x, x, x)))                 masks: tgt_*
        x = norm2(x + dropout2(multihead_attn(x, memory, memory)))  masks: memory_*
        x = norm3(x + dropout3(linear2(dropout(activation(linear1(x))))))
    norm_first=True ("pre-norm"):
        x = x + dropout1(self_attn(norm1(x)))
        x = x + dropout2(multihead_attn(norm2(x), memory, memory))
        x = x + dropout3(linear2(dropout(activation(linear1(norm3(x))))))

tgt_mask (T, T) keeps a position from looking ahead (the causal mask, -inf above the
diagonal); memory_mask is (T, S); the key padding masks are (N, T) and (N, S), True where
a token is padding. The decoder runs num_layers deep copies of the layer, each on the
output of the one before and on the same memory, then `norm` if given.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import ShapeError, shape_str
from ..tensor import Tensor
from .attention import MultiheadAttention
from .layer_norm import LayerNorm
from .layers import Dropout, Linear
from .module import Module
from .transformer import check_sequence, layer_activation, layer_clones

NAME = "TransformerDecoderLayer"


class TransformerDecoderLayer(Module):
    """Self-attention, attention to the memory, then a feed-forward block, each with a
    residual and a LayerNorm (the module's docstring has the equations). Submodules as
    in PyTorch: self_attn, multihead_attn, linear1, dropout, linear2, norm1, norm2, norm3,
    dropout1, dropout2, dropout3."""

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int = 2048,
                 dropout: float = 0.1, activation: str | Callable[[Tensor], Tensor] = "relu",
                 layer_norm_eps: float = 1e-5, batch_first: bool = False,
                 norm_first: bool = False, bias: bool = True, device: Any = None,
                 dtype: Any = None, generator: np.random.Generator | None = None) -> None:
        super().__init__()
        attention = {"dropout": dropout, "bias": bias, "batch_first": batch_first,
                     "device": device, "dtype": dtype, "generator": generator}
        self.self_attn = MultiheadAttention(d_model, nhead, **attention)
        self.multihead_attn = MultiheadAttention(d_model, nhead, **attention)
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, dtype=dtype,
                              generator=generator)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, dtype=dtype,
                              generator=generator)
        self.norm_first = bool(norm_first)
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.norm3 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        self.dropout3 = Dropout(dropout)
        self.activation = layer_activation(NAME, activation)

    @property
    def batch_first(self) -> bool:
        return self.self_attn.batch_first

    def forward(self, tgt: Any, memory: Any, tgt_mask: Any = None, memory_mask: Any = None,
                tgt_key_padding_mask: Any = None, memory_key_padding_mask: Any = None,
                tgt_is_causal: bool = False, memory_is_causal: bool = False) -> Tensor:
        """The layer applied to tgt ((T, N, E), (N, T, E) with batch_first, or (T, E)) and
        memory (S in place of T). The masks have MultiheadAttention's meaning (True =
        masked out, a float is added); the is_causal flags are its hints."""
        x, mem = check_pair(NAME, ("tgt", tgt), ("memory", memory), self.batch_first,
                            self.self_attn.embed_dim)
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), tgt_mask, tgt_key_padding_mask,
                                   tgt_is_causal)
            x = x + self._mha_block(self.norm2(x), mem, memory_mask, memory_key_padding_mask,
                                    memory_is_causal)
            return x + self._ff_block(self.norm3(x))
        x = self.norm1(x + self._sa_block(x, tgt_mask, tgt_key_padding_mask, tgt_is_causal))
        x = self.norm2(x + self._mha_block(x, mem, memory_mask, memory_key_padding_mask,
                                           memory_is_causal))
        return self.norm3(x + self._ff_block(x))

    def _sa_block(self, x: Tensor, attn_mask: Any, key_padding_mask: Any,
                  is_causal: bool) -> Tensor:
        x = self.self_attn(x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask,
                           need_weights=False, is_causal=bool(is_causal))[0]
        return self.dropout1(x)

    def _mha_block(self, x: Tensor, mem: Tensor, attn_mask: Any, key_padding_mask: Any,
                   is_causal: bool) -> Tensor:
        x = self.multihead_attn(x, mem, mem, attn_mask=attn_mask,
                                key_padding_mask=key_padding_mask, need_weights=False,
                                is_causal=bool(is_causal))[0]
        return self.dropout2(x)

    def _ff_block(self, x: Tensor) -> Tensor:
        x = self.linear2(self.dropout(self.activation(self.linear1(x))))
        return self.dropout3(x)


class TransformerDecoder(Module):
    """`num_layers` copies of `decoder_layer` (deep copies, each with its own weights, in
    `layers`), run in turn on the same memory, then `norm` (a LayerNorm, say) if given."""

    def __init__(self, decoder_layer: TransformerDecoderLayer, num_layers: int,
                 norm: Module | None = None) -> None:
        super().__init__()
        self.layers = layer_clones("TransformerDecoder", "decoder_layer", decoder_layer,
                                   num_layers)
        self.num_layers = int(num_layers)
        self.norm = norm

    def forward(self, tgt: Any, memory: Any, tgt_mask: Any = None, memory_mask: Any = None,
                tgt_key_padding_mask: Any = None, memory_key_padding_mask: Any = None,
                tgt_is_causal: bool | None = None, memory_is_causal: bool = False) -> Tensor:
        """Each layer on the output of the one before, with the same memory and masks; then
        norm. tgt_is_causal=True is a hint that tgt_mask is the causal mask (which must be
        given); None (the default) lets PyTorch look, and minigrad uses the mask as given
        either way."""
        output = tgt
        for layer in self.layers:
            output = layer(output, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                           tgt_key_padding_mask=tgt_key_padding_mask,
                           memory_key_padding_mask=memory_key_padding_mask,
                           tgt_is_causal=bool(tgt_is_causal),
                           memory_is_causal=bool(memory_is_causal))
        if self.norm is not None:
            output = self.norm(output)
        return output


def check_pair(layer: str, first: tuple[str, Any], second: tuple[str, Any], batch_first: bool,
               d_model: int) -> tuple[Tensor, Tensor]:
    """Two sequences that go together (tgt and memory; src and tgt) as Tensors: both
    batched or both not, with the same batch size and d_model features each (the number
    of positions may differ). Else a ShapeError naming `layer`, the two and their shapes."""
    (a_name, a), (b_name, b) = first, second
    a, b = check_sequence(layer, a_name, a), check_sequence(layer, b_name, b)
    shapes = f"{a_name} {shape_str(a.shape)} and {b_name} {shape_str(b.shape)}"
    if a.ndim != b.ndim:
        raise ShapeError(f"{layer}: {a_name} and {b_name} must both be batched (3 axes) or "
                         f"both one sequence (2 axes), got {shapes}")
    batch = 0 if batch_first else 1
    if a.ndim == 3 and a.shape[batch] != b.shape[batch]:
        raise ShapeError(f"{layer}: the batch number of {a_name} and {b_name} must be equal "
                         f"(axis {batch} with batch_first={batch_first}), got {shapes}")
    if a.shape[-1] != d_model or b.shape[-1] != d_model:
        raise ShapeError(f"{layer}: the feature number of {a_name} and {b_name} must be equal "
                         f"to d_model={d_model} (their last axis), got {shapes}")
    return a, b
