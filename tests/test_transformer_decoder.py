"""The Transformer decoder and the whole encoder-decoder: nn.TransformerDecoderLayer,
nn.TransformerDecoder and nn.Transformer (with generate_square_subsequent_mask).

They are compositions of modules with their own tests (MultiheadAttention, Linear,
LayerNorm, Dropout), so these tests check the composition: values and gradients
against numbers taken from PyTorch 2.13 for one small model with fixed weights, float64
gradchecks and gradgradchecks with masks, PyTorch's parameter names and initialisation,
and every error. The tests marked `torch` load a PyTorch state_dict into minigrad's
modules and compare outputs and every gradient (tests/parity/specs_transformer.py
compares many more cases).
"""

from __future__ import annotations

import copy
import math

import numpy as np
import pytest
from op_strategies import check
from torch_or_skip import torch_or_skip

import minigrad as mg
from minigrad import nn
from minigrad.errors import DTypeError, ShapeError

RNG = np.random.default_rng(0)
LAYER_NAMES = [
    "self_attn.in_proj_weight", "self_attn.in_proj_bias", "self_attn.out_proj.weight",
    "self_attn.out_proj.bias", "multihead_attn.in_proj_weight", "multihead_attn.in_proj_bias",
    "multihead_attn.out_proj.weight", "multihead_attn.out_proj.bias", "linear1.weight",
    "linear1.bias", "linear2.weight", "linear2.bias", "norm1.weight", "norm1.bias",
    "norm2.weight", "norm2.bias", "norm3.weight", "norm3.bias"]


def _torch():
    return torch_or_skip()


def randn(*shape, dtype=np.float64):
    return mg.tensor(RNG.standard_normal(shape).astype(dtype))


def causal(size: int) -> np.ndarray:
    return np.triu(np.ones((size, size), bool), 1)


# ---- values and gradients as PyTorch's, for one small model -------------------------------
def _fill(module) -> None:
    """Every parameter k (in named order) holds 0.5 sin(0.7 i + k), i = 0, 1, ..."""
    with mg.no_grad():
        for k, (_, p) in enumerate(module.named_parameters()):
            p.copy_(mg.tensor(0.5 * np.sin(np.arange(p.numel()) * 0.7 + k).reshape(p.shape)))


def test_transformer_values_and_gradients_as_pytorch():
    """torch.nn.Transformer(4, 2, 1, 1, 3, dropout=0.0, dtype=torch.float64), filled the
    same way, gives these numbers (PyTorch 2.13)."""
    model = nn.Transformer(4, 2, 1, 1, 3, dropout=0.0, dtype=mg.float64)
    _fill(model)
    src = mg.tensor(np.cos(np.arange(12) * 0.9).reshape(3, 1, 4), requires_grad=True)
    tgt = mg.tensor(np.sin(np.arange(8) * 1.3).reshape(2, 1, 4), requires_grad=True)
    mask = nn.Transformer.generate_square_subsequent_mask(2, dtype=mg.float64)
    out = model(src, tgt, tgt_mask=mask)
    (out * mg.tensor(np.arange(8.0).reshape(2, 1, 4) - 3)).sum().backward()
    np.testing.assert_allclose(out.numpy(), [
        [[0.19078089609, 0.25812074727, -0.0345246213237, 0.0992774881478]],
        [[0.201323421806, 0.193723332327, 0.00465561426767, 0.101591046739]]],
        rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(src.grad.numpy(), [
        [[-1.14471098988e-05, 8.25963534204e-05, 5.18380380718e-06, 3.72833720343e-05]],
        [[-0.00042461777521, 0.000319755125276, -9.60753322502e-05, 0.000187588159573]],
        [[4.99927236439e-05, 0.000136252029458, 8.88715960485e-05, 9.8284011998e-05]]],
        rtol=1e-8, atol=1e-14)
    np.testing.assert_allclose(tgt.grad.numpy(), [
        [[-0.026737017363, -0.0618037372498, 0.051872010344, -0.00151401642702]],
        [[0.00275647208977, -0.00762222373849, 0.00291248479351, -0.000195306395725]]],
        rtol=1e-8, atol=1e-14)
    w = model.decoder.layers[0].multihead_attn.in_proj_weight.grad.numpy()[:2]
    np.testing.assert_allclose(w, [
        [6.06843505599e-07, 6.47953725004e-06, 1.80688221849e-06, -3.44998838722e-06],
        [-2.28299727563e-07, -2.44154701847e-06, -6.81666607252e-07, 1.30049170094e-06]],
        rtol=1e-7, atol=1e-15)


def test_square_subsequent_mask():
    mask = nn.Transformer.generate_square_subsequent_mask(3)
    assert mask.dtype == mg.float32
    inf = -math.inf
    np.testing.assert_array_equal(mask.numpy(), [[0, inf, inf], [0, 0, inf], [0, 0, 0]])
    assert nn.Transformer.generate_square_subsequent_mask(2, dtype=mg.float64).dtype == \
        mg.float64
    np.testing.assert_array_equal(
        nn.Transformer.generate_square_subsequent_mask(3, dtype=mg.bool).numpy(), causal(3))
    assert nn.Transformer.generate_square_subsequent_mask(0).shape == (0, 0)
    assert nn.Transformer(4, 2, 1, 1, 3).generate_square_subsequent_mask(2).shape == (2, 2)
    with pytest.raises(ValueError, match="int64"):  # -inf is not an integer (PyTorch: too)
        nn.Transformer.generate_square_subsequent_mask(2, dtype=mg.int64)
    with pytest.raises(ValueError):
        nn.Transformer.generate_square_subsequent_mask(-1)


# ---- structure: PyTorch's names, shapes and initialisation --------------------------------
def test_decoder_layer_structure_and_shapes():
    layer = nn.TransformerDecoderLayer(8, 2, dim_feedforward=16, batch_first=True)
    assert [n for n, _ in layer.named_parameters()] == LAYER_NAMES
    tgt, memory = randn(2, 5, 8, dtype=np.float32), randn(2, 3, 8, dtype=np.float32)
    y = layer(tgt, memory, tgt_mask=causal(5))
    assert y.shape == (2, 5, 8) and y.dtype == mg.float32
    assert layer(tgt[0], memory[0]).shape == (5, 8)  # one sequence
    assert nn.TransformerDecoderLayer(8, 2, bias=False).norm3.bias is None
    decoder = nn.TransformerDecoder(layer, 3, norm=nn.LayerNorm(8))
    assert len(decoder.layers) == 3 and decoder.layers[0] is not layer
    w = [lay.linear1.weight for lay in decoder.layers]
    assert w[0] is not w[1] and np.array_equal(w[0].numpy(), w[1].numpy())
    assert len(list(decoder.parameters())) == 3 * 18 + 2
    assert decoder(tgt, memory, memory_key_padding_mask=np.zeros((2, 3), bool)).shape == \
        (2, 5, 8)


def test_transformer_structure_and_init():
    model = nn.Transformer(8, 2, 2, 3, 16, generator=np.random.default_rng(1))
    names = [n for n, _ in model.named_parameters()]
    assert len(names) == 2 * 12 + 2 + 3 * 18 + 2
    assert names[:2] == ["encoder.layers.0.self_attn.in_proj_weight",
                         "encoder.layers.0.self_attn.in_proj_bias"]
    assert "encoder.norm.weight" in names and names[-2:] == ["decoder.norm.weight",
                                                             "decoder.norm.bias"]
    assert (model.d_model, model.nhead, model.batch_first) == (8, 2, False)
    for name, p in model.named_parameters():
        a = p.numpy()
        if p.ndim > 1:  # xavier_uniform_: U(-b, b), b = sqrt(6 / (fan_in + fan_out))
            bound = math.sqrt(6.0 / sum(p.shape))
            assert np.abs(a).max() <= bound and np.abs(a).max() > 0.5 * bound, name
        elif "norm" in name:
            assert np.all(a == (1.0 if name.endswith("weight") else 0.0)), name
        elif "attn" in name:
            assert not a.any(), name  # MultiheadAttention's biases start at 0
    # the copies in a stack start equal in PyTorch's layer, but xavier draws each anew
    first, second = (lay.linear1.weight.numpy() for lay in model.encoder.layers)
    assert not np.array_equal(first, second)
    again = nn.Transformer(8, 2, 2, 3, 16, generator=np.random.default_rng(1))
    for (_, p), (_, q) in zip(model.named_parameters(), again.named_parameters()):
        np.testing.assert_array_equal(p.numpy(), q.numpy())
    assert nn.Transformer(8, 2, 1, 1, 4, dtype=mg.float64).decoder.norm.weight.dtype == \
        mg.float64


def test_transformer_custom_encoder_and_decoder():
    encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 3, dropout=0.0), 1)
    decoder = nn.TransformerDecoder(nn.TransformerDecoderLayer(4, 2, 3, dropout=0.0), 2)
    with mg.no_grad():
        encoder.layers[0].linear1.weight.fill_(7.0)
    model = nn.Transformer(4, 2, custom_encoder=encoder, custom_decoder=decoder)
    assert model.encoder is encoder and model.decoder is decoder
    assert encoder.norm is None and len(decoder.layers) == 2
    assert np.abs(encoder.layers[0].linear1.weight.numpy()).max() < 1.0  # reset: xavier
    src, tgt = randn(3, 2, 4, dtype=np.float32), randn(5, 2, 4, dtype=np.float32)
    np.testing.assert_allclose(model(src, tgt).numpy(), decoder(tgt, encoder(src)).numpy())


# ---- gradients (float64 gradcheck and gradgradcheck) ----------------------------------------
@pytest.mark.parametrize("norm_first", [False, True])
@pytest.mark.parametrize("activation", ["relu", "gelu"])
def test_decoder_gradients(norm_first, activation):
    layer = nn.TransformerDecoderLayer(4, 2, dim_feedforward=3, activation=activation,
                                       norm_first=norm_first, dtype=mg.float64)
    decoder = nn.TransformerDecoder(layer, 2, norm=nn.LayerNorm(4, dtype=mg.float64)).eval()
    tgt_kpm = np.array([[False, False, True], [False, False, False]])
    mem_kpm = np.array([[False, True], [False, False]])
    memory_mask = np.array([[0.0, -1.0], [0.5, 0.0], [0.0, 0.0]])
    check(lambda t, m: decoder(t, m, tgt_mask=causal(3), memory_mask=memory_mask,
                               tgt_key_padding_mask=tgt_kpm,
                               memory_key_padding_mask=mem_kpm, tgt_is_causal=True),
          RNG.standard_normal((3, 2, 4)), RNG.standard_normal((2, 2, 4)))


@pytest.mark.parametrize("batch_first", [False, True])
def test_transformer_gradients(batch_first):
    model = nn.Transformer(4, 2, 1, 1, 3, batch_first=batch_first, norm_first=batch_first,
                           dtype=mg.float64).eval()
    src_kpm = np.array([[False, False, True], [False, False, False]])
    shape = (2, 3, 4) if batch_first else (3, 2, 4)
    check(lambda s, t: model(s, t, tgt_mask=causal(3), src_key_padding_mask=src_kpm,
                             memory_key_padding_mask=src_kpm),
          RNG.standard_normal(shape), RNG.standard_normal(shape))


def test_unbatched_is_a_batch_of_one():
    model = nn.Transformer(4, 2, 1, 2, 3, dtype=mg.float64).eval()
    src, tgt = randn(3, 4), randn(2, 4)
    mask = nn.Transformer.generate_square_subsequent_mask(2, dtype=mg.float64)
    kpm = np.array([False, False, True])
    one = model(src, tgt, tgt_mask=mask, src_key_padding_mask=kpm,
                memory_key_padding_mask=kpm)
    batch = model(src.unsqueeze(1), tgt.unsqueeze(1), tgt_mask=mask,
                  src_key_padding_mask=kpm[None], memory_key_padding_mask=kpm[None])
    assert one.shape == (2, 4)
    np.testing.assert_allclose(one.numpy(), batch.numpy()[:, 0], atol=1e-14)


def test_dropout_only_in_training():
    layer = nn.TransformerDecoderLayer(4, 1, dim_feedforward=3, activation=mg.tanh,
                                       dtype=mg.float64)
    assert layer.activation is mg.tanh
    tgt, memory = randn(3, 2, 4), randn(2, 2, 4)
    layer.eval()
    np.testing.assert_array_equal(layer(tgt, memory).numpy(), layer(tgt, memory).numpy())
    layer.train()
    mg.manual_seed(1)
    assert not np.allclose(layer(tgt, memory).numpy(), layer.eval()(tgt, memory).numpy())


# ---- errors ----------------------------------------------------------------------------------
def test_constructor_errors():
    with pytest.raises(ValueError, match="relu' or 'gelu"):
        nn.TransformerDecoderLayer(4, 2, activation="tanh")
    with pytest.raises(TypeError, match="activation"):
        nn.TransformerDecoderLayer(4, 2, activation=3)
    with pytest.raises(ValueError, match="divisible"):
        nn.Transformer(5, 2)
    with pytest.raises(ValueError, match="relu' or 'gelu"):
        nn.Transformer(4, 2, activation="tanh")
    with pytest.raises(TypeError, match="decoder_layer must be a Module.*DecoderLayer"):
        nn.TransformerDecoder("layer", 2)
    with pytest.raises(ValueError, match="num_layers"):
        nn.TransformerDecoder(nn.TransformerDecoderLayer(4, 2), -1)
    with pytest.raises(TypeError, match="custom_encoder must be a Module"):
        nn.Transformer(4, 2, custom_encoder=3)
    with pytest.raises(DTypeError, match="floating"):
        nn.TransformerDecoderLayer(4, 2, dtype=mg.int64)


def test_forward_errors():
    model = nn.Transformer(4, 2, 1, 1, 3)
    batch_first = nn.Transformer(4, 2, 1, 1, 3, batch_first=True)
    x = randn(3, 2, 4, dtype=np.float32)
    cases = [
        (model, (x, randn(2, 3, 4, dtype=np.float32)), {}, "batch number of src and tgt"),
        (batch_first, (x, randn(2, 3, 4, dtype=np.float32)), {}, "batch number.*axis 0"),
        (model, (x, randn(2, 2, 5, dtype=np.float32)), {}, "d_model=4"),
        (model, (randn(3, 2, 5, dtype=np.float32), x), {}, "feature number of src and tgt"),
        (model, (x, randn(2, 4, dtype=np.float32)), {}, "both be batched"),
        (model, (randn(4, dtype=np.float32), x), {}, "src must have shape"),
        (model, (x, x), {"memory_mask": np.zeros((2, 3), bool)}, "attn_mask must have"),
    ]
    for module, args, kwargs, words in cases:
        with pytest.raises(ShapeError, match=words):
            module(*args, **kwargs)
    with pytest.raises(ValueError, match="hint"):  # as PyTorch: the mask must be given
        model(x, x, tgt_is_causal=True)
    with pytest.raises(ValueError, match="hint"):
        model(x, x, memory_is_causal=True)
    with pytest.raises(DTypeError, match="bools"):  # PyTorch refuses an int mask too
        model(x, x, tgt_mask=np.zeros((3, 3), np.int64))
    layer = nn.TransformerDecoderLayer(4, 2, 3)
    for memory, words in [(randn(3, 3, 4, dtype=np.float32), "batch number of tgt and memory"),
                          (randn(3, 2, 5, dtype=np.float32), "feature number"),
                          (randn(3, 4, dtype=np.float32), "both be batched")]:
        with pytest.raises(ShapeError, match=words):
            layer(x, memory)
    with pytest.raises(ShapeError, match="tgt must have shape"):
        nn.TransformerDecoder(layer, 1)(randn(4, dtype=np.float32), x)


def test_names_leave_the_missing_list():
    from minigrad import missing

    assert not {"Transformer", "TransformerDecoder", "TransformerDecoderLayer"} & \
        missing._KNOWN["minigrad.nn"]
    assert copy.deepcopy(nn.Transformer(4, 2, 1, 1, 3)).d_model == 4


# ---- against PyTorch itself: a torch state_dict loads into minigrad's modules ---------------
def _compare(torch, theirs, ours, inputs, kwargs):
    """Outputs, input gradients and every parameter's gradient, in float64."""
    ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    theirs.eval()
    ours.eval()
    theirs.zero_grad(set_to_none=True)  # copies of a layer used before carry its gradients
    ours.zero_grad(set_to_none=True)
    t_in = [torch.tensor(a, requires_grad=True) for a in inputs]
    m_in = [mg.tensor(a, requires_grad=True) for a in inputs]
    expected = theirs(*t_in, **{k: torch.tensor(v) for k, v in kwargs.items()})
    got = ours(*m_in, **kwargs)
    np.testing.assert_allclose(got.numpy(), expected.detach().numpy(), atol=1e-12)
    w = RNG.standard_normal(got.shape)
    (expected * torch.tensor(w)).sum().backward()
    (got * mg.tensor(w)).sum().backward()
    for t, m in zip(t_in, m_in):
        np.testing.assert_allclose(m.grad.numpy(), t.grad.numpy(), atol=1e-11)
    ours_named = dict(ours.named_parameters())
    for name, p in theirs.named_parameters():
        np.testing.assert_allclose(ours_named[name].grad.numpy(), p.grad.numpy(), atol=1e-10,
                                   err_msg=name)


def _masks(T: int, S: int, N: int, kind: str) -> dict:
    tgt_kpm, mem_kpm = np.zeros((N, T), bool), np.zeros((N, S), bool)
    tgt_kpm[0, T - 1:] = True
    mem_kpm[-1, S - 2:] = True
    tgt_mask = causal(T) if kind == "bool" else np.where(causal(T), -np.inf, 0.0)
    return {"tgt_mask": tgt_mask, "tgt_key_padding_mask": tgt_kpm,
            "memory_key_padding_mask": mem_kpm}


@pytest.mark.torch
@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("norm_first", [False, True])
def test_torch_decoder_layer_and_decoder_agree(batch_first, norm_first):
    torch = _torch()
    T, S, N = 4, 5, 2
    config = {"d_model": 8, "nhead": 2, "dim_feedforward": 16, "batch_first": batch_first,
              "norm_first": norm_first, "activation": "gelu"}
    t_layer = torch.nn.TransformerDecoderLayer(**config, dtype=torch.float64)
    m_layer = nn.TransformerDecoderLayer(**config, dtype=mg.float64)
    tgt = RNG.standard_normal((N, T, 8) if batch_first else (T, N, 8))
    memory = RNG.standard_normal((N, S, 8) if batch_first else (S, N, 8))
    masks = _masks(T, S, N, "bool")
    masks["memory_mask"] = RNG.standard_normal((T, S)) * 0.5  # a float mask, added
    _compare(torch, t_layer, m_layer, (tgt, memory), masks)
    t_stack = torch.nn.TransformerDecoder(t_layer, 2, norm=torch.nn.LayerNorm(
        8, dtype=torch.float64))
    m_stack = nn.TransformerDecoder(m_layer, 2, norm=nn.LayerNorm(8, dtype=mg.float64))
    _compare(torch, t_stack, m_stack, (tgt, memory), _masks(T, S, N, "float"))


@pytest.mark.torch
@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("norm_first", [False, True])
def test_torch_transformer_state_dict_loads_and_agrees(batch_first, norm_first):
    torch = _torch()
    config = {"d_model": 8, "nhead": 2, "num_encoder_layers": 2, "num_decoder_layers": 2,
              "dim_feedforward": 16, "batch_first": batch_first, "norm_first": norm_first}
    theirs = torch.nn.Transformer(**config, dtype=torch.float64)
    ours = nn.Transformer(**config, dtype=mg.float64)
    T, S, N = 4, 5, 3
    src = RNG.standard_normal((N, S, 8) if batch_first else (S, N, 8))
    tgt = RNG.standard_normal((N, T, 8) if batch_first else (T, N, 8))
    masks = _masks(T, S, N, "float")
    masks["src_key_padding_mask"] = masks["memory_key_padding_mask"]
    _compare(torch, theirs, ours, (src, tgt), masks)


@pytest.mark.torch
def test_torch_square_subsequent_mask_and_initial_spread():
    torch = _torch()
    for dtype, ours in ((None, None), (torch.float64, mg.float64), (torch.bool, mg.bool)):
        np.testing.assert_array_equal(
            nn.Transformer.generate_square_subsequent_mask(4, dtype=ours).numpy(),
            torch.nn.Transformer.generate_square_subsequent_mask(4, dtype=dtype).numpy())
    ours, theirs = nn.Transformer(64, 4, 1, 1, 32), torch.nn.Transformer(64, 4, 1, 1, 32)
    for name in ("decoder.layers.0.linear1.weight", "encoder.layers.0.self_attn.in_proj_weight"):
        a = dict(ours.named_parameters())[name].numpy()
        b = dict(theirs.named_parameters())[name].detach().numpy()
        assert abs(a.std() - b.std()) < 0.06 * b.std(), name
        assert abs(np.abs(a).max() - np.abs(b).max()) < 0.03 * np.abs(b).max(), name
