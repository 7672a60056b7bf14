"""`Transformer`: the encoder-decoder of "Attention Is All You Need", as PyTorch's.

    model = nn.Transformer(d_model=16, nhead=4, num_encoder_layers=2,
                           num_decoder_layers=2, dim_feedforward=32, batch_first=True)
    causal = nn.Transformer.generate_square_subsequent_mask(T)
    y = model(src, tgt, tgt_mask=causal)        # src (N, S, 16), tgt (N, T, 16) -> (N, T, 16)

It is the two stacks of transformer.py and transformer_decoder.py joined:

    memory = encoder(src)            TransformerEncoder(..., norm=LayerNorm(d_model))
    output = decoder(tgt, memory)    TransformerDecoder(..., norm=LayerNorm(d_model))

with the final LayerNorms PyTorch adds (encoder.norm and decoder.norm), so the parameters'
names are PyTorch's (encoder.layers.0.self_attn.in_proj_weight, ..., decoder.norm.bias)
and a PyTorch state_dict, as numpy arrays, loads. custom_encoder and custom_decoder take
the place of the two stacks. Every parameter with more than one axis (weights, not
biases or LayerNorm's scales) starts from xavier_uniform_, as in PyTorch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..creation import full
from ..ops.masking import triu
from ..tensor import Tensor
from . import init
from .layer_norm import LayerNorm
from .module import Module
from .transformer import TransformerEncoder, TransformerEncoderLayer
from .transformer_decoder import TransformerDecoder, TransformerDecoderLayer, check_pair

NAME = "Transformer"


class Transformer(Module):
    """An encoder (`encoder`) and a decoder (`decoder`) of `num_encoder_layers` and
    `num_decoder_layers` layers, each stack ending in a LayerNorm; the module's docstring
    has the picture. The arguments are PyTorch's; `generator` (minigrad's) draws the
    initial weights."""

    def __init__(self, d_model: int = 512, nhead: int = 8, num_encoder_layers: int = 6,
                 num_decoder_layers: int = 6, dim_feedforward: int = 2048,
                 dropout: float = 0.1, activation: str | Callable[[Tensor], Tensor] = "relu",
                 custom_encoder: Any = None, custom_decoder: Any = None,
                 layer_norm_eps: float = 1e-5, batch_first: bool = False,
                 norm_first: bool = False, bias: bool = True, device: Any = None,
                 dtype: Any = None, generator: np.random.Generator | None = None) -> None:
        super().__init__()
        layer = (d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps,
                 batch_first, norm_first, bias)
        factory = {"device": device, "dtype": dtype, "generator": generator}
        for name, custom in (("custom_encoder", custom_encoder),
                             ("custom_decoder", custom_decoder)):
            if custom is not None and not callable(custom):
                raise TypeError(f"{NAME}: {name} must be a Module (called like PyTorch's "
                                f"{'encoder' if 'enc' in name else 'decoder'}), got "
                                f"{type(custom).__name__}")
        if custom_encoder is not None:
            self.encoder = custom_encoder
        else:
            self.encoder = TransformerEncoder(
                TransformerEncoderLayer(*layer, **factory), num_encoder_layers,
                LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype))
        if custom_decoder is not None:
            self.decoder = custom_decoder
        else:
            self.decoder = TransformerDecoder(
                TransformerDecoderLayer(*layer, **factory), num_decoder_layers,
                LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype))
        self._reset_parameters(generator)
        self.d_model, self.nhead, self.batch_first = d_model, nhead, bool(batch_first)

    def _reset_parameters(self, generator: np.random.Generator | None = None) -> None:
        """PyTorch's scheme: xavier_uniform_ on every parameter with more than one axis
        (the custom encoder's and decoder's too); the rest keep their layers' own start."""
        for p in self.parameters():
            if p.ndim > 1:
                init.xavier_uniform_(p, generator=generator)

    def forward(self, src: Any, tgt: Any, src_mask: Any = None, tgt_mask: Any = None,
                memory_mask: Any = None, src_key_padding_mask: Any = None,
                tgt_key_padding_mask: Any = None, memory_key_padding_mask: Any = None,
                src_is_causal: bool | None = None, tgt_is_causal: bool | None = None,
                memory_is_causal: bool = False) -> Tensor:
        """The decoder's output, shaped like tgt: src (S, N, E) and tgt (T, N, E) ((N, S, E)
        and (N, T, E) with batch_first; (S, E) and (T, E) unbatched). src_mask (S, S),
        tgt_mask (T, T) and memory_mask (T, S) (or one per sequence and head), and the key
        padding masks (N, S), (N, T), (N, S), have MultiheadAttention's meaning: True is
        masked out, a float is added to the scores. The is_causal flags are hints, as
        PyTorch's: the mask they describe must be given, and it is used as given."""
        src, tgt = check_pair(NAME, ("src", src), ("tgt", tgt), self.batch_first,
                              self.d_model)
        memory = self.encoder(src, mask=src_mask, src_key_padding_mask=src_key_padding_mask,
                              is_causal=src_is_causal)
        return self.decoder(tgt, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                            tgt_key_padding_mask=tgt_key_padding_mask,
                            memory_key_padding_mask=memory_key_padding_mask,
                            tgt_is_causal=tgt_is_causal, memory_is_causal=memory_is_causal)

    @staticmethod
    def generate_square_subsequent_mask(sz: int, device: Any = None,
                                        dtype: Any = None) -> Tensor:
        """The causal mask of a sequence of sz positions: (sz, sz), 0 on and below the
        diagonal, -inf above it (position i sees positions 0..i). float32 unless told (the
        default dtype); dtype=mg.bool gives True above the diagonal (masked out)."""
        return triu(full((sz, sz), float("-inf"), dtype=dtype, device=device), diagonal=1)
