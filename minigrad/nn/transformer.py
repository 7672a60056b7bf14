"""`TransformerEncoderLayer` and `TransformerEncoder`, as PyTorch's.

    layer = nn.TransformerEncoderLayer(d_model=16, nhead=4, dim_feedforward=32,
                                       batch_first=True)
    encoder = nn.TransformerEncoder(layer, num_layers=2)
    h = encoder(x)                  # x (N, L, 16) -> h (N, L, 16)

One layer is self-attention and a two-layer perceptron, each added back to its input
(a residual) and normalised (LayerNorm):

    norm_first=False (the default, "post-norm"):
        x = norm1(x + dropout1(self_attn(x, x, x)))
        x = norm2(x + dropout2(linear2(dropout(activation(linear1(x))))))
    norm_first=True ("pre-norm"):
        x = x + dropout1(self_attn(norm1(x)))
        x = x + dropout2(linear2(dropout(activation(linear1(norm2(x))))))

The encoder runs num_layers deep copies of the layer one after another (each copy has
its own weights), then `norm` if given. The parameters have PyTorch's names, so a
PyTorch state_dict (as numpy arrays) loads into the same structure.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import ShapeError, shape_str
from ..functional.activations import gelu, relu
from ..ops.arguments import as_tensor
from ..tensor import Tensor
from .attention import MultiheadAttention
from .containers import ModuleList
from .layer_norm import LayerNorm
from .layers import Dropout, Linear
from .module import Module

_ACTIVATIONS: dict[str, Callable[[Tensor], Tensor]] = {"relu": relu, "gelu": gelu}


def layer_activation(layer: str, activation: str | Callable[[Tensor], Tensor]
                     ) -> Callable[[Tensor], Tensor]:
    """The function named by `activation` ('relu' or 'gelu'), or `activation` itself if it
    is a function (the encoder's and the decoder's layers take either)."""
    if isinstance(activation, str):
        if activation not in _ACTIVATIONS:
            raise ValueError(f"{layer}: activation should be 'relu' or 'gelu' (or a "
                             f"function), not {activation!r}")
        return _ACTIVATIONS[activation]
    if not callable(activation):
        raise TypeError(f"{layer}: activation must be 'relu', 'gelu' or a function of a "
                        f"tensor, got {type(activation).__name__}")
    return activation


def check_sequence(layer: str, name: str, value: Any) -> Tensor:
    """`value` as a Tensor of sequences: (L, N, E), (N, L, E) with batch_first, or one
    sequence (L, E); any other number of axes is an error naming `layer` and `name`."""
    x = as_tensor(value)
    if x.ndim not in (2, 3):
        raise ShapeError(f"{layer}: {name} must have shape (L, N, E) (or (N, L, E) with "
                         f"batch_first=True) or (L, E), got {shape_str(x.shape)}")
    return x


def layer_clones(stack: str, argument: str, layer: Any, num_layers: Any) -> ModuleList:
    """`num_layers` deep copies of `layer` (each with its own weights, starting equal), as
    PyTorch's encoder and decoder make them; `stack` and `argument` name them in errors."""
    if not isinstance(layer, Module):
        kind = argument.replace("_layer", "").capitalize()
        raise TypeError(f"{stack}: {argument} must be a Module (e.g. "
                        f"nn.Transformer{kind}Layer(...)), got {type(layer).__name__}")
    if isinstance(num_layers, bool) or not isinstance(num_layers, (int, np.integer)) or \
            num_layers < 0:
        raise ValueError(f"{stack}: num_layers must be an int >= 0, got {num_layers!r}")
    return ModuleList([copy.deepcopy(layer) for _ in range(num_layers)])


class TransformerEncoderLayer(Module):
    """Self-attention then a feed-forward block, each with a residual and a LayerNorm
    (the module's docstring has the equations). Submodules as in PyTorch: self_attn,
    linear1, dropout, linear2, norm1, norm2, dropout1, dropout2."""

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int = 2048,
                 dropout: float = 0.1, activation: str | Callable[[Tensor], Tensor] = "relu",
                 layer_norm_eps: float = 1e-5, batch_first: bool = False,
                 norm_first: bool = False, bias: bool = True, device: Any = None,
                 dtype: Any = None, generator: np.random.Generator | None = None) -> None:
        super().__init__()
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias,
                                            batch_first=batch_first, device=device,
                                            dtype=dtype, generator=generator)
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, dtype=dtype,
                              generator=generator)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, dtype=dtype,
                              generator=generator)
        self.norm_first = bool(norm_first)
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        self.activation = layer_activation("TransformerEncoderLayer", activation)

    @property
    def batch_first(self) -> bool:
        return self.self_attn.batch_first

    def forward(self, src: Any, src_mask: Any = None, src_key_padding_mask: Any = None,
                is_causal: bool = False) -> Tensor:
        """The layer applied to src ((L, N, E), (N, L, E) with batch_first, or (L, E)).
        src_mask (L, S) or (N * nhead, L, S) and src_key_padding_mask (N, S) have
        MultiheadAttention's meaning (True = masked out); is_causal is its hint."""
        x = check_sequence("TransformerEncoderLayer", "src", src)
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask, is_causal)
            return x + self._ff_block(self.norm2(x))
        x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask, is_causal))
        return self.norm2(x + self._ff_block(x))

    def _sa_block(self, x: Tensor, attn_mask: Any, key_padding_mask: Any,
                  is_causal: bool) -> Tensor:
        x = self.self_attn(x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask,
                           need_weights=False, is_causal=is_causal)[0]
        return self.dropout1(x)

    def _ff_block(self, x: Tensor) -> Tensor:
        x = self.linear2(self.dropout(self.activation(self.linear1(x))))
        return self.dropout2(x)


class TransformerEncoder(Module):
    """`num_layers` copies of `encoder_layer` (deep copies, each with its own weights, in
    `layers`), run in turn, then `norm` (a LayerNorm, say) if given."""

    def __init__(self, encoder_layer: TransformerEncoderLayer, num_layers: int,
                 norm: Module | None = None, enable_nested_tensor: bool = True,
                 mask_check: bool = True) -> None:
        super().__init__()
        self.layers = layer_clones("TransformerEncoder", "encoder_layer", encoder_layer,
                                   num_layers)
        self.num_layers = int(num_layers)
        self.norm = norm
        # PyTorch's nested tensors are a speed path (padding skipped); minigrad has none
        self.enable_nested_tensor = enable_nested_tensor
        self.mask_check = mask_check

    def forward(self, src: Any, mask: Any = None, src_key_padding_mask: Any = None,
                is_causal: bool | None = None) -> Tensor:
        """Each layer on the output of the one before, with the same masks; then norm.
        is_causal=True is a hint that `mask` is the causal mask (which must be given)."""
        output = as_tensor(src)
        for layer in self.layers:
            output = layer(output, src_mask=mask, src_key_padding_mask=src_key_padding_mask,
                           is_causal=bool(is_causal))
        if self.norm is not None:
            output = self.norm(output)
        return output
