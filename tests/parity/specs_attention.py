"""Specs of attention (functional/attention.py, nn/attention.py, nn/transformer.py):
F.scaled_dot_product_attention, nn.MultiheadAttention, nn.TransformerEncoderLayer and
nn.TransformerEncoder.

The function's cases cover float32 and float64, batch axes (broadcast ones too), bool
and float masks (rows masked out entirely among them: zeros in both), is_causal, scale,
enable_gqa, dropout_p = 1 (not random), and what both refuse: mixed dtypes, integers,
a mask given with is_causal, sizes that do not fit. The modules' cases build both
modules with the same weights (Arrs copied in by name under no_grad, in eval mode so
dropout is off), run them with PyTorch's masks (True = masked out), run backward with
fixed weights on the outputs, and return the outputs and every parameter's gradient.
A last spec compares the constructors: parameters' names and shapes, and the errors.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from parity_harness import Arr, Case, Spec, weights_for
from parity_strategies import F32_64, seeds, values

SPECS: list[Spec] = []


def _other(dtype):
    return np.float64 if dtype == np.float32 else np.float32


# ---- F.scaled_dot_product_attention -----------------------------------------------------
@st.composite
def sdpa_cases(draw) -> Case:
    dtype = draw(st.sampled_from(F32_64))
    batch = draw(st.sampled_from([(), (2,), (2, 3), (1, 3)]))
    L, S, E, Ev = (draw(st.integers(1, 4)) for _ in range(4))
    k_batch = batch
    if len(batch) == 2 and draw(st.booleans()):
        k_batch = (1, batch[1])  # broadcast over the first batch axis
    kwargs = {}
    if len(batch) == 2 and draw(st.sampled_from([False] * 3 + [True])):
        k_batch = (batch[0], 1)
        batch = (batch[0], draw(st.sampled_from([2, 3])))
        kwargs["enable_gqa"] = True
    wrong = draw(st.sampled_from([None] * 12 + ["dtype", "int", "E", "S"]))
    q = Arr(values(dtype, (*batch, L, E), "normal", draw(seeds)))
    k = Arr(values(_other(dtype) if wrong == "dtype" else dtype,
                   (*k_batch, S, E + (wrong == "E")), "normal", draw(seeds)))
    v = Arr(values(dtype, (*k_batch, S + (wrong == "S"), Ev), "normal", draw(seeds)))
    if wrong == "int":
        q, k, v = (Arr(a.value.astype(np.int64)) for a in (q, k, v))
    mask = draw(st.sampled_from(["none", "bool", "float", "causal", "both"]))
    if mask == "both" and len(batch) == 2:  # 4-D: PyTorch's CPU kernel combines the two masks
        mask = "bool"  # (its other paths raise, as minigrad always does: docs/guide/pytorch.md)
    mask_shape = draw(st.sampled_from([(L, S), (*batch, L, S), (1, S), (L, 1)]))
    if mask in ("bool", "both"):
        kwargs["attn_mask"] = Arr(values(np.bool_, mask_shape, "normal", draw(seeds)))
    if mask == "float":
        m = values(dtype, mask_shape, "normal", draw(seeds))
        m = np.where(values(np.bool_, mask_shape, "normal", draw(seeds)), m, -np.inf)
        kwargs["attn_mask"] = Arr(m.astype(dtype), grad=False)
    if mask in ("causal", "both"):
        kwargs["is_causal"] = True
    if draw(st.booleans()):
        kwargs["scale"] = draw(st.sampled_from([0.5, 1.0, 2.0]))
    if draw(st.sampled_from([False] * 7 + [True])):
        kwargs["dropout_p"] = draw(st.sampled_from([1.0, 1.5, -0.1]))
    return Case((q, k, v), kwargs, seed=draw(seeds))


SPECS.append(Spec("F.scaled_dot_product_attention",
                  lambda L, q, k, v, **kw: L.F.scaled_dot_product_attention(q, k, v, **kw),
                  sdpa_cases(), tol=10, grad_tol=10))


# ---- the modules: weights copied in by name ---------------------------------------------
def _fill(L, module, weights) -> None:
    with L.t.no_grad():
        for (_, p), w in zip(sorted(module.named_parameters()), weights):
            p.copy_(w)


def _grads(module) -> list:
    return [p.grad for _, p in sorted(module.named_parameters())]


def _backward(L, outputs, seed: int) -> None:
    total = 0
    for k, y in enumerate(outputs):
        w = L.tensor(weights_for(tuple(y.shape), seed, k))
        total = total + (y * (w.to(y.dtype) if L.name == "torch" else w.astype(y.dtype))).sum()
    total.backward()


def _weights(draw, dtype, shapes: list[tuple[int, ...]]) -> list[Arr]:
    return [Arr(values(dtype, s, "normal", draw(seeds)) * 0.3, grad=False) for s in shapes]


def _mha_shapes(E: int, kdim: int, vdim: int, bias: bool, bias_kv: bool) -> list:
    """The parameters' shapes in the order of their sorted names."""
    named = {"out_proj.weight": (E, E)}
    if kdim == vdim == E:
        named["in_proj_weight"] = (3 * E, E)
    else:
        named.update(q_proj_weight=(E, E), k_proj_weight=(E, kdim), v_proj_weight=(E, vdim))
    if bias:
        named.update({"in_proj_bias": (3 * E,), "out_proj.bias": (E,)})
    if bias_kv:
        named.update(bias_k=(1, 1, E), bias_v=(1, 1, E))
    return [named[n] for n in sorted(named)]


def _masks(draw, dtype, N, L, S, H, batched, kinds=("none", "bool", "float")) -> dict:
    kwargs = {}
    kind = draw(st.sampled_from(kinds))
    if kind != "none":
        kpm = (N, S) if batched else (S,)
        kwargs["key_padding_mask"] = Arr(values(np.bool_, kpm, "normal", draw(seeds)) & (
            np.arange(S) > 0))  # the first key always takes part: no row is all masked
    kind = draw(st.sampled_from(kinds))
    shape = draw(st.sampled_from([(L, S), (N * H, L, S)]))
    if kind == "bool":
        kwargs["attn_mask"] = Arr(values(np.bool_, shape, "normal", draw(seeds)) & (
            np.arange(S) > 0))
    elif kind == "float":
        kwargs["attn_mask"] = Arr(values(dtype, shape, "normal", draw(seeds)), grad=False)
    return kwargs


@st.composite
def mha_cases(draw) -> Case:
    dtype = draw(st.sampled_from(F32_64))
    H = draw(st.integers(1, 2))
    E = H * draw(st.integers(1, 3))
    kdim, vdim = (draw(st.sampled_from([E, E, 1, 3])) for _ in range(2))
    bias, bias_kv, zero_attn = draw(st.booleans()), draw(st.booleans()), draw(st.booleans())
    batch_first, batched = draw(st.booleans()), draw(st.sampled_from([True, True, False]))
    N, L, S = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    wrong = draw(st.sampled_from([None] * 12 + ["E", "S"]))

    def seq(length: int, features: int) -> Arr:
        shape = ((N, length) if batch_first else (length, N)) if batched else (length,)
        return Arr(values(dtype, (*shape, features), "normal", draw(seeds)))

    q = seq(L, E + (wrong == "E"))
    k, v = seq(S, kdim), seq(S + (wrong == "S"), vdim)
    kwargs = _masks(draw, dtype, N, L, S, H, batched)
    kwargs["need_weights"] = draw(st.booleans())
    kwargs["average_attn_weights"] = draw(st.booleans())
    config = {"embed_dim": E, "num_heads": H, "bias": bias, "add_bias_kv": bias_kv,
              "add_zero_attn": zero_attn, "kdim": kdim, "vdim": vdim,
              "batch_first": batch_first}
    weights = _weights(draw, dtype, _mha_shapes(E, kdim, vdim, bias, bias_kv))
    return Case((q, k, v, weights), {"config": config, **kwargs}, seed=draw(seeds))


def mha(L, q, k, v, weights, config, **kwargs):
    module = L.nn.MultiheadAttention(dtype=weights[0].dtype, **config)
    _fill(L, module, weights)
    out, w = module(q, k, v, **kwargs)
    outputs = [out] if w is None else [out, w]
    _backward(L, outputs, 5)
    return [y.detach() for y in outputs] + _grads(module)


SPECS.append(Spec("nn.MultiheadAttention", mha, mha_cases(), grads_out=True, tol=10,
                  grad_tol=10))


# ---- TransformerEncoderLayer and TransformerEncoder (eval mode: no dropout) --------------
def _layer_shapes(d: int, ff: int, bias: bool) -> dict:
    named = {"self_attn.in_proj_weight": (3 * d, d), "self_attn.out_proj.weight": (d, d),
             "linear1.weight": (ff, d), "linear2.weight": (d, ff), "norm1.weight": (d,),
             "norm2.weight": (d,)}
    if bias:
        named.update({"self_attn.in_proj_bias": (3 * d,), "self_attn.out_proj.bias": (d,),
                      "linear1.bias": (ff,), "linear2.bias": (d,), "norm1.bias": (d,),
                      "norm2.bias": (d,)})
    return named


@st.composite
def encoder_cases(draw, stack: bool) -> Case:
    dtype = draw(st.sampled_from(F32_64))
    H = draw(st.integers(1, 2))
    d, ff = H * draw(st.integers(1, 3)), draw(st.integers(1, 4))
    bias, batch_first, batched = draw(st.booleans()), draw(st.booleans()), draw(
        st.sampled_from([True, True, False]))
    N, L = draw(st.integers(1, 3)), draw(st.integers(1, 4))
    shape = ((N, L) if batch_first else (L, N)) if batched else (L,)
    x = Arr(values(dtype, (*shape, d + draw(st.sampled_from([0] * 12 + [1]))), "normal",
                   draw(seeds)))
    masks = _masks(draw, dtype, N, L, L, H, batched, kinds=("none", "bool"))
    if "attn_mask" in masks:
        masks["mask" if stack else "src_mask"] = masks.pop("attn_mask")
    if "key_padding_mask" in masks:
        masks["src_key_padding_mask"] = masks.pop("key_padding_mask")
    config = {"d_model": d, "nhead": H, "dim_feedforward": ff, "bias": bias,
              "batch_first": batch_first, "norm_first": draw(st.booleans()),
              "activation": draw(st.sampled_from(["relu", "gelu"])), "dropout": 0.1}
    named = _layer_shapes(d, ff, bias)
    layers = draw(st.integers(1, 2)) if stack else 1
    final_norm = stack and draw(st.booleans())
    if stack:
        named = {f"layers.{i}.{n}": s for i in range(layers) for n, s in named.items()}
        if final_norm:
            named.update({"norm.weight": (d,), "norm.bias": (d,)})
    weights = _weights(draw, dtype, [named[n] for n in sorted(named)])
    return Case((x, weights), {"config": config, "layers": layers, "final_norm": final_norm,
                               "stack": stack, **masks}, seed=draw(seeds))


def encoder(L, x, weights, config, layers, final_norm, stack, **masks):
    layer = L.nn.TransformerEncoderLayer(dtype=weights[0].dtype, **config)
    if stack:
        norm = L.nn.LayerNorm(config["d_model"], dtype=weights[0].dtype) if final_norm else None
        kw = {"enable_nested_tensor": False} if L.name == "torch" else {}
        module = L.nn.TransformerEncoder(layer, layers, norm=norm, **kw)
    else:
        module = layer
    _fill(L, module, weights)
    module.eval()
    out = module(x, **masks)
    _backward(L, [out], 3)
    return [out.detach()] + _grads(module)


SPECS += [
    Spec("nn.TransformerEncoderLayer", encoder, encoder_cases(False), grads_out=True, tol=10,
         grad_tol=10),
    Spec("nn.TransformerEncoder", encoder, encoder_cases(True), grads_out=True, tol=10,
         grad_tol=10),
]


# ---- constructors --------------------------------------------------------------------------
@st.composite
def constructor_cases(draw) -> Case:
    kind = draw(st.sampled_from(["MultiheadAttention", "TransformerEncoderLayer"]))
    size, heads = draw(st.sampled_from([4, 6, 4, 3])), draw(st.sampled_from([1, 2, 2, 4]))
    if kind == "MultiheadAttention":
        kwargs = {"embed_dim": size, "num_heads": heads, "bias": draw(st.booleans()),
                  "add_bias_kv": draw(st.booleans()),
                  "kdim": draw(st.sampled_from([None, size, 2])),
                  "vdim": draw(st.sampled_from([None, size, 5])),
                  "dropout": draw(st.sampled_from([0.0, 0.5, 0.1]))}
    else:
        kwargs = {"d_model": size, "nhead": heads, "dim_feedforward": draw(st.integers(1, 8)),
                  "bias": draw(st.booleans()), "norm_first": draw(st.booleans()),
                  "activation": draw(st.sampled_from(["relu", "gelu", "tanh"]))}
    return Case((), {"kind": kind, **kwargs}, seed=draw(seeds))


def constructor(L, kind, **kwargs):
    module = getattr(L.nn, kind)(**kwargs)
    return [f"{name} {tuple(p.shape)}" for name, p in sorted(module.named_parameters())]


SPECS.append(Spec("nn.MultiheadAttention/TransformerEncoderLayer (constructors)", constructor,
                  constructor_cases()))
