"""Specs of the Transformer decoder and the encoder-decoder (nn/transformer_decoder.py,
nn/encoder_decoder.py): nn.TransformerDecoderLayer, nn.TransformerDecoder, nn.Transformer
and Transformer.generate_square_subsequent_mask.

As for the encoder (specs_attention.py, whose helpers these reuse): both modules get the
same weights (copied in by name, in sorted order, under no_grad), run in eval mode (no
dropout) with PyTorch's masks (True = masked out; a float mask is added), backward runs
with fixed weights on the output, and the output and every parameter's gradient are
compared. The cases cover float32 and float64, batch_first, unbatched inputs, norm_first,
relu and gelu, bias=False, bool and float masks of both shapes ((T, S) and
(N * nhead, T, S)), the causal mask with its is_causal hint (PyTorch then takes another
path when no key padding mask is given: SDPA's own causal mask), and what both refuse:
features that are not d_model, batch sizes that differ, a hint without its mask.

Left out of the draws (minigrad deliberately differs, docs/guide/pytorch.md): a stack of
0 layers (PyTorch's stacks index layers[0] and raise IndexError; minigrad's return the
input, normalised), and a wrong is_causal hint (PyTorch may then use a causal mask
instead of the one given; minigrad always uses the mask given).
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from parity_harness import Arr, Case, Spec
from parity_strategies import F32_64, seeds, values
from specs_attention import _backward, _fill, _grads, _layer_shapes, _masks, _weights

SPECS: list[Spec] = []


def _decoder_layer_shapes(d: int, ff: int, bias: bool) -> dict:
    named = _layer_shapes(d, ff, bias)
    named.update({"multihead_attn.in_proj_weight": (3 * d, d),
                  "multihead_attn.out_proj.weight": (d, d), "norm3.weight": (d,)})
    if bias:
        named.update({"multihead_attn.in_proj_bias": (3 * d,),
                      "multihead_attn.out_proj.bias": (d,), "norm3.bias": (d,)})
    return named


def _config(draw, d: int, H: int, ff: int, bias: bool, batch_first: bool) -> dict:
    return {"d_model": d, "nhead": H, "dim_feedforward": ff, "bias": bias,
            "batch_first": batch_first, "norm_first": draw(st.booleans()),
            "activation": draw(st.sampled_from(["relu", "gelu"])), "dropout": 0.1}


def _renamed(masks: dict, prefix: str) -> dict:
    """_masks' attn_mask and key_padding_mask, as `prefix`_mask and `prefix`_key_padding_mask."""
    names = {"attn_mask": f"{prefix}_mask", "key_padding_mask": f"{prefix}_key_padding_mask"}
    return {names[k]: v for k, v in masks.items()}


def _causal(draw, T: int, masks: dict, prefix: str) -> None:
    """Sometimes the causal mask (T, T) with its hint {prefix}_is_causal=True."""
    if draw(st.sampled_from([False, False, True])):
        masks[f"{prefix}_mask"] = Arr(np.triu(np.ones((T, T), bool), 1))
        masks[f"{prefix}_is_causal"] = True


# ---- TransformerDecoderLayer and TransformerDecoder (eval mode: no dropout) -------------
@st.composite
def decoder_cases(draw, stack: bool) -> Case:
    dtype = draw(st.sampled_from(F32_64))
    H = draw(st.integers(1, 2))
    d, ff = H * draw(st.integers(1, 3)), draw(st.integers(1, 4))
    bias, batch_first, batched = draw(st.booleans()), draw(st.booleans()), draw(
        st.sampled_from([True, True, False]))
    N, T, S = draw(st.integers(1, 3)), draw(st.integers(1, 4)), draw(st.integers(1, 4))
    wrong = draw(st.sampled_from([None] * 12 + ["E", "memory E", "batch", "hint"]))

    def seq(length: int, features: int, batch: int = N) -> Arr:
        shape = ((batch, length) if batch_first else (length, batch)) if batched else (length,)
        return Arr(values(dtype, (*shape, features), "normal", draw(seeds)))

    tgt = seq(T, d + (wrong == "E"))
    memory = seq(S, d + (wrong == "memory E"), N + (wrong == "batch" and batched))
    masks = _renamed(_masks(draw, dtype, N, T, T, H, batched), "tgt")
    _causal(draw, T, masks, "tgt")
    masks.update(_renamed(_masks(draw, dtype, N, T, S, H, batched), "memory"))
    if wrong == "hint":
        masks.pop("tgt_mask", None)
        masks["tgt_is_causal"] = True
    named = _decoder_layer_shapes(d, ff, bias)
    layers = draw(st.integers(1, 2)) if stack else 1
    final_norm = stack and draw(st.booleans())
    if stack:
        named = {f"layers.{i}.{n}": s for i in range(layers) for n, s in named.items()}
        if final_norm:
            named.update({"norm.weight": (d,), "norm.bias": (d,)})
    weights = _weights(draw, dtype, [named[n] for n in sorted(named)])
    config = _config(draw, d, H, ff, bias, batch_first)
    return Case((tgt, memory, weights), {"config": config, "layers": layers,
                                         "final_norm": final_norm, "stack": stack, **masks},
                seed=draw(seeds))


def decoder(L, tgt, memory, weights, config, layers, final_norm, stack, **masks):
    layer = L.nn.TransformerDecoderLayer(dtype=weights[0].dtype, **config)
    if stack:
        norm = L.nn.LayerNorm(config["d_model"], dtype=weights[0].dtype) if final_norm else None
        module = L.nn.TransformerDecoder(layer, layers, norm=norm)
    else:
        module = layer
    _fill(L, module, weights)
    module.eval()
    out = module(tgt, memory, **masks)
    _backward(L, [out], 4)
    return [out.detach()] + _grads(module)


SPECS += [
    Spec("nn.TransformerDecoderLayer", decoder, decoder_cases(False), grads_out=True, tol=10,
         grad_tol=10),
    Spec("nn.TransformerDecoder", decoder, decoder_cases(True), grads_out=True, tol=10,
         grad_tol=10),
]


# ---- Transformer: encoder and decoder, each ending in a LayerNorm --------------------------
@st.composite
def transformer_cases(draw) -> Case:
    dtype = draw(st.sampled_from(F32_64))
    H = draw(st.integers(1, 2))
    d, ff = H * draw(st.integers(1, 2)), draw(st.integers(1, 3))
    bias, batch_first, batched = draw(st.booleans()), draw(st.booleans()), draw(
        st.sampled_from([True, True, False]))
    N, S, T = draw(st.integers(1, 3)), draw(st.integers(1, 4)), draw(st.integers(1, 4))
    wrong = draw(st.sampled_from([None] * 12 + ["src E", "tgt E", "batch"]))

    def seq(length: int, features: int, batch: int = N) -> Arr:
        shape = ((batch, length) if batch_first else (length, batch)) if batched else (length,)
        return Arr(values(dtype, (*shape, features), "normal", draw(seeds)))

    src = seq(S, d + (wrong == "src E"))
    tgt = seq(T, d + (wrong == "tgt E"), N + (wrong == "batch" and batched))
    # the encoder's masks stay bool, as in specs_attention.py's encoder cases
    masks = _renamed(_masks(draw, dtype, N, S, S, H, batched, kinds=("none", "bool")), "src")
    masks.update(_renamed(_masks(draw, dtype, N, T, T, H, batched), "tgt"))
    _causal(draw, T, masks, "tgt")
    masks.update(_renamed(_masks(draw, dtype, N, T, S, H, batched), "memory"))
    enc, dec = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    named = {f"encoder.layers.{i}.{n}": s for i in range(enc)
             for n, s in _layer_shapes(d, ff, bias).items()}
    named.update({f"decoder.layers.{i}.{n}": s for i in range(dec)
                  for n, s in _decoder_layer_shapes(d, ff, bias).items()})
    for stack in ("encoder", "decoder"):
        named[f"{stack}.norm.weight"] = (d,)
        if bias:
            named[f"{stack}.norm.bias"] = (d,)
    weights = _weights(draw, dtype, [named[n] for n in sorted(named)])
    config = {**_config(draw, d, H, ff, bias, batch_first), "num_encoder_layers": enc,
              "num_decoder_layers": dec}
    return Case((src, tgt, weights), {"config": config, **masks}, seed=draw(seeds))


def transformer(L, src, tgt, weights, config, **masks):
    module = L.nn.Transformer(dtype=weights[0].dtype, **config)
    _fill(L, module, weights)
    module.eval()
    out = module(src, tgt, **masks)
    _backward(L, [out], 6)
    return [out.detach()] + _grads(module)


SPECS.append(Spec("nn.Transformer", transformer, transformer_cases(), grads_out=True,
                  tol=10, grad_tol=10))


# ---- generate_square_subsequent_mask ----------------------------------------------------
@st.composite
def mask_cases(draw) -> Case:
    kwargs = {"sz": draw(st.integers(-1, 5))}
    dtype = draw(st.sampled_from([None, None, np.float32, np.float64, np.bool_, np.int64]))
    if dtype is not None:
        kwargs["dtype"] = dtype
    return Case((), kwargs, seed=draw(seeds))


def square_mask(L, sz, dtype=None):
    dtype = None if dtype is None else L.dtype(dtype)
    return L.nn.Transformer.generate_square_subsequent_mask(sz, dtype=dtype)


SPECS.append(Spec("nn.Transformer.generate_square_subsequent_mask", square_mask,
                  mask_cases()))


# ---- constructors: parameters' names and shapes, and the errors ---------------------------
@st.composite
def constructor_cases(draw) -> Case:
    kind = draw(st.sampled_from(["TransformerDecoderLayer", "Transformer"]))
    size, heads = draw(st.sampled_from([4, 6, 4, 3])), draw(st.sampled_from([1, 2, 2, 4]))
    kwargs = {"d_model": size, "nhead": heads, "dim_feedforward": draw(st.integers(1, 8)),
              "bias": draw(st.booleans()), "norm_first": draw(st.booleans()),
              "activation": draw(st.sampled_from(["relu", "gelu", "tanh"]))}
    if kind == "Transformer":
        kwargs.update(num_encoder_layers=draw(st.integers(1, 2)),
                      num_decoder_layers=draw(st.integers(1, 2)))
    return Case((), {"kind": kind, **kwargs}, seed=draw(seeds))


def constructor(L, kind, **kwargs):
    module = getattr(L.nn, kind)(**kwargs)
    return [f"{name} {tuple(p.shape)}" for name, p in module.named_parameters()]


SPECS.append(Spec("nn.TransformerDecoderLayer/Transformer (constructors)", constructor,
                  constructor_cases()))
