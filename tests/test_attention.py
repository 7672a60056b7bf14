"""Attention: F.scaled_dot_product_attention, nn.MultiheadAttention,
nn.TransformerEncoderLayer and nn.TransformerEncoder.

All four are compositions of ops that have their own backward (linear, matmul, where,
softmax, dropout, layer_norm), so the tests check the composition: float64 gradchecks
and gradgradchecks over batch axes, broadcasting and every kind of mask; values
against numbers taken from PyTorch 2.13; dtypes; every error. The tests marked
`torch` load a PyTorch state_dict into minigrad's modules and compare (the parity
specs in tests/parity/specs_attention.py compare many more cases).
"""

from __future__ import annotations

import copy

import numpy as np
import pytest
from op_strategies import check
from torch_or_skip import torch_or_skip

import minigrad as mg
import minigrad.functional as F
from minigrad import nn
from minigrad.errors import DTypeError, ShapeError

sdpa = F.scaled_dot_product_attention
RNG = np.random.default_rng(0)


def _torch():
    return torch_or_skip()


def randn(*shape, dtype=np.float64):
    return mg.tensor(RNG.standard_normal(shape).astype(dtype))


# ---- scaled_dot_product_attention ----------------------------------------------------------
Q = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]
K = [[1.0, 2.0], [-1.0, 0.5]]
V = [[0.5, 1.0, -1.0], [2.0, 0.0, 1.0]]


def test_sdpa_values_and_gradients_as_pytorch():
    q, k, v = (mg.tensor(a, dtype=mg.float64, requires_grad=True) for a in (Q, K, V))
    out = sdpa(q, k, v)
    np.testing.assert_allclose(out.numpy(), [[0.7933554762, 0.8044296825, -0.6088593650],
                                             [0.8857749728, 0.7428166848, -0.4856333695],
                                             [0.6164577561, 0.9223614959, -0.8447229919]],
                               atol=1e-9)
    out.sum().backward()
    np.testing.assert_allclose(q.grad.numpy(), [[-0.5562192748, -0.4171644561],
                                                [-0.6754286010, -0.5065714508],
                                                [-0.2531822939, -0.1898867204]], atol=1e-9)
    np.testing.assert_allclose(k.grad.numpy(), [[-0.4047007843, -0.4643054475],
                                                [0.4047007843, 0.4643054475]], atol=1e-9)
    np.testing.assert_allclose(v.grad.numpy(), [[2.4696078632] * 3, [0.5303921368] * 3],
                               atol=1e-9)


def test_sdpa_masks_as_pytorch():
    q, k, v = (mg.tensor(a, dtype=mg.float64) for a in (Q, K, V))
    # bool: True takes part; row 1 is masked out entirely: zeros, as PyTorch 2.13
    mask = mg.tensor([[True, False], [False, False], [True, True]])
    np.testing.assert_allclose(sdpa(q, k, v, attn_mask=mask).numpy(),
                               [[0.5, 1.0, -1.0], [0.0, 0.0, 0.0],
                                [0.6164577561, 0.9223614959, -0.8447229919]], atol=1e-9)
    np.testing.assert_allclose(sdpa(q, k, v, is_causal=True).numpy(),
                               [[0.5, 1.0, -1.0], [0.8857749728, 0.7428166848, -0.4856333695],
                                [0.6164577561, 0.9223614959, -0.8447229919]], atol=1e-9)
    fmask = mg.tensor([[0.0, -1.0]], dtype=mg.float64)  # added to the scores, broadcast
    np.testing.assert_allclose(sdpa(q, k, v, attn_mask=fmask, scale=0.5).numpy(),
                               [[0.6788043830, 0.8807970780, -0.7615941560],
                                [0.7220707970, 0.8519528020, -0.7039056039],
                                [0.5901299753, 0.9399133498, -0.8798266997]], atol=1e-9)


def test_sdpa_a_row_masked_out_has_zero_output_and_gradient():
    q, k, v = (randn(2, 3, 4).requires_grad_() for _ in range(3))
    mask = np.ones((3, 3), dtype=bool)
    mask[1] = False
    out = sdpa(q, k, v, attn_mask=mask)
    assert not np.isnan(out.numpy()).any() and not out.numpy()[:, 1].any()
    out.sum().backward()
    for t in (q, k, v):
        assert np.isfinite(t.grad.numpy()).all()
    assert not q.grad.numpy()[:, 1].any()


@pytest.mark.parametrize("q_shape, k_shape, v_shape", [
    ((3, 2), (4, 2), (4, 3)),  # no batch axis
    ((2, 3, 2), (2, 4, 2), (2, 4, 1)),
    ((2, 2, 1, 2), (1, 2, 3, 2), (1, 2, 3, 2)),  # keys broadcast over the first batch axis
])
def test_sdpa_gradients(q_shape, k_shape, v_shape):
    arrays = [RNG.standard_normal(s) for s in (q_shape, k_shape, v_shape)]
    check(lambda q, k, v: sdpa(q, k, v), *arrays)
    check(lambda q, k, v: sdpa(q, k, v, scale=0.7), *arrays)


@pytest.mark.parametrize("kind", ["bool", "causal", "float"])
def test_sdpa_gradients_with_masks(kind):
    arrays = [RNG.standard_normal(s) for s in ((2, 3, 2), (2, 3, 2), (2, 3, 4))]
    if kind == "bool":
        mask = RNG.random((3, 3)) > 0.4
        mask[0] = False  # one row masked out: zeros, gradient 0
        check(lambda q, k, v: sdpa(q, k, v, attn_mask=mask), *arrays)
    elif kind == "causal":
        check(lambda q, k, v: sdpa(q, k, v, is_causal=True), *arrays)
    else:  # the float mask is an input too: its gradient is the scores'
        check(lambda q, k, v, m: sdpa(q, k, v, attn_mask=m), *arrays,
              RNG.standard_normal((1, 3, 3)))


def test_sdpa_grouped_query_heads():
    q, k, v = randn(2, 4, 3, 2), randn(2, 2, 5, 2), randn(2, 2, 5, 3)
    out = sdpa(q, k, v, enable_gqa=True)
    heads = [sdpa(q[:, h], k[:, h // 2], v[:, h // 2]).numpy() for h in range(4)]
    np.testing.assert_allclose(out.numpy(), np.stack(heads, axis=1), atol=1e-12)
    check(lambda q, k, v: sdpa(q, k, v, enable_gqa=True), RNG.standard_normal((1, 2, 2, 2)),
          RNG.standard_normal((1, 1, 3, 2)), RNG.standard_normal((1, 1, 3, 2)))


def test_sdpa_dtypes_and_dropout():
    q = randn(2, 3, 4, dtype=np.float32)
    assert sdpa(q, q, q).dtype == mg.float32
    assert sdpa(q, q, q, scale=0.5, is_causal=True).dtype == mg.float32
    assert sdpa(q, q, q, attn_mask=mg.zeros(3, 3)).dtype == mg.float32
    assert not sdpa(q, q, q, dropout_p=1.0).numpy().any()  # every weight dropped
    mg.manual_seed(0)
    assert not np.allclose(sdpa(q, q, q, dropout_p=0.5).numpy(), sdpa(q, q, q).numpy())


@pytest.mark.parametrize("args, kwargs, error, words", [
    ((randn(3), randn(3), randn(3)), {}, ShapeError, "at least 2 axes"),
    ((randn(3, 2), randn(4, 3), randn(4, 3)), {}, ShapeError, "query's last axis"),
    ((randn(3, 2), randn(4, 2), randn(5, 3)), {}, ShapeError, "as many rows"),
    ((randn(3, 2), randn(4, 2, dtype=np.float32), randn(4, 3)), {}, DTypeError, "same dtype"),
    ((mg.ones(3, 2, dtype=mg.int64),) * 3, {}, DTypeError, "floating"),
    ((randn(3, 2), randn(4, 2), randn(4, 3)), {"attn_mask": mg.ones(3, 4, dtype=mg.bool),
                                               "is_causal": True}, ValueError, "not both"),
    ((randn(3, 2), randn(4, 2), randn(4, 3)), {"attn_mask": mg.ones(3, 3, dtype=mg.bool)},
     ShapeError, "does not broadcast"),
    ((randn(3, 2), randn(4, 2), randn(4, 3)), {"attn_mask": mg.ones(3, 4, dtype=mg.int64)},
     DTypeError, "bools"),
    ((randn(3, 2), randn(4, 2), randn(4, 3)), {"attn_mask": mg.ones(3, 4, dtype=mg.float32)},
     DTypeError, "float64"),
    ((randn(3, 2), randn(4, 2), randn(4, 3)), {"dropout_p": 1.5}, ValueError, "between 0"),
    ((randn(3, 2), randn(4, 2), randn(4, 3)), {"scale": "big"}, TypeError, "scale"),
    ((randn(1, 3, 2, 2), randn(1, 2, 2, 2), randn(1, 2, 2, 2)), {"enable_gqa": True},
     ShapeError, "multiple"),
])
def test_sdpa_errors(args, kwargs, error, words):
    with pytest.raises(error, match=words):
        sdpa(*args, **kwargs)


# ---- MultiheadAttention --------------------------------------------------------------------
def _mha_fixed():
    m = nn.MultiheadAttention(2, 2, dtype=mg.float64)
    m.load_state_dict({"in_proj_weight": np.linspace(-1, 1, 12).reshape(6, 2),
                       "in_proj_bias": np.linspace(-0.3, 0.3, 6),
                       "out_proj.weight": [[1.0, 0.5], [-0.5, 1.0]],
                       "out_proj.bias": [0.1, -0.1]})
    return m


X = [[1.0, 2.0], [0.0, -1.0], [0.5, 0.5]]


def test_mha_values_as_pytorch():
    m, x = _mha_fixed(), mg.tensor(X, dtype=mg.float64)
    out, w = m(x, x, x)  # one sequence of 3, unbatched
    np.testing.assert_allclose(out.numpy(), [[1.5477817178, -0.4473297407],
                                             [1.3982327231, 0.9602686333],
                                             [1.4790778004, 0.2065078321]], atol=1e-9)
    np.testing.assert_allclose(w.numpy(), [[0.3655068913, 0.3614008081, 0.2730923006],
                                           [0.3315857103, 0.3370468295, 0.3313674602],
                                           [0.3392140941, 0.3392140941, 0.3215718117]],
                               atol=1e-9)
    out, w = m(x, x, x, key_padding_mask=mg.tensor([False, False, True]),
               average_attn_weights=False)
    np.testing.assert_allclose(out.numpy(), [[1.5899303006, -0.8970669205],
                                             [1.3825922151, 1.0663335719],
                                             [1.5023404499, -0.0493813128]], atol=1e-9)
    assert w.shape == (2, 3, 3)
    np.testing.assert_allclose(w.numpy()[1, 2], [0.3408510102, 0.6591489898, 0.0], atol=1e-9)
    out2, none = m(x, x, x, key_padding_mask=mg.tensor([False, False, True]),
                   need_weights=False)
    assert none is None
    np.testing.assert_allclose(out2.numpy(), out.numpy(), atol=1e-12)


def test_mha_parameters_and_initialisation():
    m = nn.MultiheadAttention(8, 2)
    assert {n: p.shape for n, p in m.named_parameters()} == {
        "in_proj_weight": (24, 8), "in_proj_bias": (24,), "out_proj.weight": (8, 8),
        "out_proj.bias": (8,)}
    assert not m.in_proj_bias.numpy().any() and not m.out_proj.bias.numpy().any()
    bound = np.sqrt(6 / (8 + 24))  # xavier_uniform_ on (3E, E)
    assert np.abs(m.in_proj_weight.numpy()).max() <= bound
    assert np.abs(m.in_proj_weight.numpy()).max() > bound / 2
    assert m.in_proj_weight.dtype == mg.float32
    m = nn.MultiheadAttention(4, 1, kdim=3, vdim=5, bias=False, add_bias_kv=True)
    assert {n: p.shape for n, p in m.named_parameters()} == {
        "q_proj_weight": (4, 4), "k_proj_weight": (4, 3), "v_proj_weight": (4, 5),
        "bias_k": (1, 1, 4), "bias_v": (1, 1, 4), "out_proj.weight": (4, 4)}
    assert m.in_proj_weight is None and m.in_proj_bias is None and m.head_dim == 4


@pytest.mark.parametrize("batch_first", [False, True])
def test_mha_shapes(batch_first):
    m = nn.MultiheadAttention(4, 2, kdim=3, vdim=5, batch_first=batch_first)
    q = randn(2, 6, 4, dtype=np.float32)  # (L, N, E) or (N, L, E)
    k, v = randn(2, 6, 3, dtype=np.float32), randn(2, 6, 5, dtype=np.float32)
    if batch_first:  # the same sequences in the other layout: N = 2, L = S = 6
        out, w = m(q, k, v)
        assert out.shape == (2, 6, 4) and w.shape == (2, 6, 6) and out.dtype == mg.float32
    else:  # L = S = 2, N = 6
        out, w = m(q, k, v, average_attn_weights=False)
        assert out.shape == (2, 6, 4) and w.shape == (6, 2, 2, 2)
    out, w = m(q[0], k[0], v[0])  # one sequence
    assert out.shape == (6, 4) and w.shape == (6, 6)


@pytest.mark.parametrize("options", [
    {}, {"batch_first": True}, {"kdim": 3, "vdim": 1}, {"bias": False},
    {"add_bias_kv": True, "add_zero_attn": True},
])
def test_mha_gradients(options):
    m = nn.MultiheadAttention(4, 2, dtype=mg.float64, **options)
    kd, vd = options.get("kdim", 4), options.get("vdim", 4)
    kpm = np.array([[False, False, True], [False, False, False]])
    mask = RNG.standard_normal((3, 3))

    def f(q, k, v):
        out, w = m(q, k, v, key_padding_mask=kpm, attn_mask=mask)
        return out.sum() + (w * w).sum()

    shape = (2, 3) if options.get("batch_first") else (3, 2)
    check(f, RNG.standard_normal((*shape, 4)), RNG.standard_normal((*shape, kd)),
          RNG.standard_normal((*shape, vd)))


def test_mha_row_masked_out_nan_with_weights_zero_without():
    m = nn.MultiheadAttention(4, 2)
    x = randn(3, 2, 4, dtype=np.float32)
    kpm = np.array([[True, True, True], [False, False, False]])
    out, w = m(x, x, x, key_padding_mask=kpm)  # as PyTorch: NaN for sequence 0
    assert np.isnan(out.numpy()[:, 0]).all() and np.isfinite(out.numpy()[:, 1]).all()
    assert np.isnan(w.numpy()[0]).all()
    out, _ = m(x, x, x, key_padding_mask=kpm, need_weights=False)  # the SDPA path: zeros
    assert np.isfinite(out.numpy()).all()


def test_mha_dropout_only_while_training():
    m = nn.MultiheadAttention(4, 2, dropout=1.0)
    x = randn(3, 2, 4, dtype=np.float32)
    _, w = m(x, x, x)
    assert not w.numpy().any()
    m.eval()
    _, w = m(x, x, x)
    np.testing.assert_allclose(w.numpy().sum(-1), 1.0, rtol=1e-6)


@pytest.mark.parametrize("args, error, words", [
    ((5, 2), ValueError, "divisible by num_heads"),
    ((0, 1), ValueError, "positive int"),
    ((4, 2, 1.5), ValueError, "dropout"),
])
def test_mha_constructor_errors(args, error, words):
    with pytest.raises(error, match=words):
        nn.MultiheadAttention(*args)
    with pytest.raises(DTypeError, match="floating"):
        nn.MultiheadAttention(4, 2, dtype=mg.int64)


def test_mha_forward_errors():
    m = nn.MultiheadAttention(4, 2)
    x = randn(3, 2, 4, dtype=np.float32)
    cases = [
        ((randn(3, 4, dtype=np.float32), x, x), {}, ShapeError, "all have 3 axes"),
        ((randn(3, 2, 5, dtype=np.float32), x, x), {}, ShapeError, "embed_dim=4"),
        ((x, randn(3, 2, 3, dtype=np.float32), x), {}, ShapeError, "kdim=4"),
        ((x, x, randn(4, 2, 4, dtype=np.float32)), {}, ShapeError, "same number of keys"),
        ((x, x, randn(3, 2, 4)), {}, DTypeError, "one dtype"),
        ((x, x, x), {"key_padding_mask": np.zeros((3, 2), bool)}, ShapeError, r"\(2, 3\)"),
        ((x, x, x), {"attn_mask": np.zeros((2, 3), bool)}, ShapeError, "attn_mask"),
        ((x, x, x), {"attn_mask": np.zeros((3, 3))}, DTypeError, "float32"),
        ((x, x, x), {"is_causal": True}, ValueError, "hint"),
    ]
    for args, kwargs, error, words in cases:
        with pytest.raises(error, match=words):
            m(*args, **kwargs)


# ---- TransformerEncoderLayer and TransformerEncoder --------------------------------------
def test_encoder_layer_structure_and_shapes():
    layer = nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, batch_first=True)
    assert sorted(n for n, _ in layer.named_parameters()) == [
        "linear1.bias", "linear1.weight", "linear2.bias", "linear2.weight", "norm1.bias",
        "norm1.weight", "norm2.bias", "norm2.weight", "self_attn.in_proj_bias",
        "self_attn.in_proj_weight", "self_attn.out_proj.bias", "self_attn.out_proj.weight"]
    x = randn(2, 5, 8, dtype=np.float32)
    assert layer(x).shape == (2, 5, 8) and layer(x).dtype == mg.float32
    assert layer(x[0]).shape == (5, 8)
    encoder = nn.TransformerEncoder(layer, 3, norm=nn.LayerNorm(8))
    assert len(encoder.layers) == 3 and encoder.layers[0] is not layer
    w = [lay.linear1.weight for lay in encoder.layers]
    assert w[0] is not w[1] and np.array_equal(w[0].numpy(), w[1].numpy())
    assert len(list(encoder.parameters())) == 3 * 12 + 2
    assert encoder(x, src_key_padding_mask=np.zeros((2, 5), bool)).shape == (2, 5, 8)
    assert nn.TransformerEncoderLayer(8, 2, bias=False).norm1.bias is None


@pytest.mark.parametrize("norm_first", [False, True])
@pytest.mark.parametrize("activation", ["relu", "gelu"])
def test_encoder_gradients(norm_first, activation):
    layer = nn.TransformerEncoderLayer(4, 2, dim_feedforward=3, activation=activation,
                                       norm_first=norm_first, dtype=mg.float64)
    encoder = nn.TransformerEncoder(layer, 2).eval()
    mask = np.triu(np.ones((3, 3), bool), 1)
    kpm = np.array([[False, False, True], [False, False, False]])
    check(lambda x: encoder(x, mask=mask, src_key_padding_mask=kpm, is_causal=True),
          RNG.standard_normal((3, 2, 4)))


def test_encoder_layer_callable_activation_and_dropout():
    layer = nn.TransformerEncoderLayer(4, 1, dim_feedforward=3, activation=mg.tanh,
                                       dtype=mg.float64)
    assert layer.activation is mg.tanh
    x = randn(3, 2, 4)
    layer.eval()
    np.testing.assert_array_equal(layer(x).numpy(), layer(x).numpy())
    layer.train()
    mg.manual_seed(1)
    assert not np.allclose(layer(x).numpy(), layer.eval()(x).numpy())


def test_encoder_errors():
    with pytest.raises(ValueError, match="relu' or 'gelu"):
        nn.TransformerEncoderLayer(4, 2, activation="tanh")
    with pytest.raises(TypeError, match="activation"):
        nn.TransformerEncoderLayer(4, 2, activation=3)
    with pytest.raises(ValueError, match="divisible"):
        nn.TransformerEncoderLayer(5, 2)
    with pytest.raises(ValueError, match="hint"):  # as PyTorch: the mask must be given
        nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2), 1)(randn(3, 2, 4),
                                                                   is_causal=True)
    with pytest.raises(ShapeError, match="src must have shape"):
        nn.TransformerEncoderLayer(4, 2)(randn(4))
    with pytest.raises(TypeError, match="encoder_layer must be a Module"):
        nn.TransformerEncoder("layer", 2)
    with pytest.raises(ValueError, match="num_layers"):
        nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2), -1)


def test_names_leave_the_missing_list():
    assert nn.MultiheadAttention and F.scaled_dot_product_attention
    assert mg.nn.functional.scaled_dot_product_attention is sdpa
    assert nn.Transformer and nn.TransformerDecoder  # the encoder-decoder is there too
    assert copy.deepcopy(nn.MultiheadAttention(4, 2)).embed_dim == 4


# ---- against PyTorch itself: a torch state_dict loads into minigrad's modules ---------------
@pytest.mark.torch
@pytest.mark.parametrize("batch_first", [False, True])
def test_torch_encoder_state_dict_loads_and_agrees(batch_first):
    torch = _torch()
    theirs = torch.nn.TransformerEncoder(
        torch.nn.TransformerEncoderLayer(8, 2, 16, batch_first=batch_first,
                                         dtype=torch.float64),
        2, norm=torch.nn.LayerNorm(8, dtype=torch.float64), enable_nested_tensor=False).eval()
    ours = nn.TransformerEncoder(
        nn.TransformerEncoderLayer(8, 2, 16, batch_first=batch_first, dtype=mg.float64), 2,
        norm=nn.LayerNorm(8, dtype=mg.float64)).eval()
    ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    x = RNG.standard_normal((2, 5, 8) if batch_first else (5, 2, 8))
    kpm = np.zeros((2, 5), bool)
    kpm[0, 3:] = True
    mask = np.triu(np.ones((5, 5), bool), 1)
    tx, mx = torch.tensor(x, requires_grad=True), mg.tensor(x, requires_grad=True)
    expected = theirs(tx, mask=torch.tensor(mask), src_key_padding_mask=torch.tensor(kpm))
    got = ours(mx, mask=mask, src_key_padding_mask=kpm)
    np.testing.assert_allclose(got.numpy(), expected.detach().numpy(), atol=1e-12)
    expected.pow(2).sum().backward()
    (got ** 2).sum().backward()
    np.testing.assert_allclose(mx.grad.numpy(), tx.grad.numpy(), atol=1e-11)
    for name, p in theirs.named_parameters():
        np.testing.assert_allclose(dict(ours.named_parameters())[name].grad.numpy(),
                                   p.grad.numpy(), atol=1e-10, err_msg=name)


@pytest.mark.torch
def test_torch_mha_initial_weights_have_torchs_spread():
    torch = _torch()
    ours, theirs = nn.MultiheadAttention(64, 4), torch.nn.MultiheadAttention(64, 4)
    a = ours.in_proj_weight.numpy()
    b = theirs.in_proj_weight.detach().numpy()
    assert abs(a.std() - b.std()) < 0.05 * b.std()
    assert abs(np.abs(a).max() - np.abs(b).max()) < 0.02 * np.abs(b).max()
    assert not ours.out_proj.bias.numpy().any() and not theirs.out_proj.bias.detach().any()
