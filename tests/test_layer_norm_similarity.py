"""F.layer_norm and nn.LayerNorm (functional/layer_norm.py, nn/layer_norm.py), F.normalize
and F.cosine_similarity (functional/similarity.py).

layer_norm is one op with its own backward: it is gradchecked and gradgradchecked in
float64 (weight and bias each there or not, one or two normalized axes, with and without
batch axes) and compared with its composition from primitive ops (composed.layer_norm).
normalize and cosine_similarity are compositions; they are gradchecked (with broadcasting)
and compared with literals from PyTorch 2.13, including what eps does at a zero vector.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from op_strategies import SOME, check, seeds

import minigrad as mg
import minigrad.functional as F
from minigrad import nn
from minigrad.errors import DTypeError, ShapeError

affines = st.sampled_from([(True, True), (True, False), (False, True), (False, False)])


def _layer_norm_inputs(rng, batch, normalized, affine):
    arrays = [rng.normal(size=batch + normalized)]
    arrays += [rng.normal(size=normalized) for there in affine if there]
    return arrays


def _with_affine(normalized, affine, fn=F.layer_norm):
    """fn(x, [w], [b]) with the weight and bias that `affine` says are there."""
    def call(x, *params):
        rest = iter(params)
        w, b = (next(rest) if there else None for there in affine)
        return fn(x, normalized, w, b, eps=1e-3)
    return call


# ---- layer_norm -----------------------------------------------------------------------------
@SOME
@given(batch=st.sampled_from([(), (3,), (2, 2)]), normalized=st.sampled_from([(1,), (3,), (2, 3)]),
       affine=affines, seed=seeds)
def test_layer_norm_gradients(batch, normalized, affine, seed):
    arrays = _layer_norm_inputs(np.random.default_rng(seed), batch, normalized, affine)
    check(_with_affine(normalized, affine), *arrays)


@SOME
@given(batch=st.sampled_from([(), (4,), (2, 3)]), normalized=st.sampled_from([(3,), (2, 3)]),
       affine=affines, seed=seeds)
def test_layer_norm_fused_agrees_with_composed(batch, normalized, affine, seed):
    rng = np.random.default_rng(seed)
    inputs = [mg.tensor(a, requires_grad=True)
              for a in _layer_norm_inputs(rng, batch, normalized, affine)]
    g = mg.tensor(rng.normal(size=batch + normalized))
    fused = _with_affine(normalized, affine)(*inputs)
    composed = _with_affine(normalized, affine, F.composed.layer_norm)(*inputs)
    np.testing.assert_allclose(fused.numpy(), composed.numpy(), rtol=1e-12, atol=1e-12)
    for a, b in zip(mg.grad((fused * g).sum(), inputs), mg.grad((composed * g).sum(), inputs)):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-10, atol=1e-12)


def test_layer_norm_values_and_gradients_as_pytorch():
    x = mg.tensor([[1.0, 2.0, 4.0], [-1.0, 0.5, 0.0]], requires_grad=True)
    w = mg.tensor([0.5, -1.0, 2.0], requires_grad=True)
    b = mg.tensor([0.1, 0.2, -0.3], requires_grad=True)
    y = F.layer_norm(x, (3,), w, b)
    y.backward(mg.tensor([[1.0, -2.0, 0.5], [0.25, 1.0, -1.0]]))
    assert y.dtype == np.float32
    np.testing.assert_allclose(y.numpy(), [[-0.43452069, 0.46726030, 2.37260365],
                                           [-0.56814456, -0.86903113, 0.23451555]], rtol=1e-6)
    np.testing.assert_allclose(x.grad.numpy(), [[-0.45816106, 0.68724078, -0.22907978],
                                                [0.47250617, 0.94492137, -1.41742730]],
                               rtol=1e-5)
    np.testing.assert_allclose(w.grad.numpy(), [-1.40311360, 1.60355186, 0.40089312],
                               rtol=1e-6)
    np.testing.assert_allclose(b.grad.numpy(), [1.25, -1.0, -0.5])


def test_layer_norm_dtypes_and_edges():
    x16 = mg.tensor(np.array([[1.0, 2.0, 4.0]], dtype=np.float16), requires_grad=True)
    w32 = mg.ones(3, requires_grad=True)
    y = F.layer_norm(x16, [3], w32)  # float16 with float32 weight: allowed, as in PyTorch
    y.sum().backward()
    assert y.dtype == np.float16 and x16.grad.dtype == np.float16 and w32.grad.dtype == np.float32
    np.testing.assert_allclose(y.numpy(), [[-1.069, -0.2673, 1.336]], rtol=1e-3)
    ones = F.layer_norm(mg.ones(2, 3), (3,))
    np.testing.assert_array_equal(ones.numpy(), 0)  # a row of equal values: 0
    assert F.layer_norm(mg.zeros(2, 0), (0,)).shape == (2, 0)  # nothing to normalise
    with np.errstate(invalid="ignore"):
        assert np.isnan(F.layer_norm(mg.tensor([[1.0, np.inf, 2.0]]), (3,)).numpy()).all()


@pytest.mark.parametrize("args, kwargs, error, words", [
    (((2, 3), 3), {}, TypeError, "write (3,)"),
    (((2, 3), ()), {}, ShapeError, "at least one axis"),
    (((2, 3, 4), (3,)), {}, ShapeError, "for this input: (4,) or (3, 4)"),
    (((2, 3), (3,)), {"weight": (1,)}, ShapeError, "weight must have shape"),
    (((2, 3), (3,)), {"bias": (3, 1)}, ShapeError, "bias must have shape"),
])
def test_layer_norm_shape_errors(args, kwargs, error, words):
    shape, normalized = args
    with pytest.raises(error) as info:
        F.layer_norm(mg.zeros(*shape), normalized, **{k: mg.zeros(*v) for k, v in kwargs.items()})
    assert words in str(info.value) and "layer_norm" in str(info.value)


def test_layer_norm_dtype_errors():
    with pytest.raises(DTypeError, match="floating-point"):
        F.layer_norm(mg.tensor([[1, 2]]), (2,))
    with pytest.raises(DTypeError, match="the weight has dtype float64 but the input float32"):
        F.layer_norm(mg.zeros(2, 3), (3,), mg.ones(3, dtype=mg.float64))
    half = mg.zeros(2, 3, dtype=mg.float16)
    with pytest.raises(DTypeError, match="weight has dtype float32 but the bias float16"):
        F.layer_norm(half, (3,), mg.ones(3), mg.zeros(3, dtype=mg.float16))


def test_nn_layer_norm_as_pytorch():
    layer = nn.LayerNorm(4)
    assert repr(layer) == "LayerNorm((4,), eps=1e-05, elementwise_affine=True, bias=True)"
    assert layer.normalized_shape == (4,) and list(layer.state_dict()) == ["weight", "bias"]
    np.testing.assert_array_equal(layer.weight.numpy(), 1)
    np.testing.assert_array_equal(layer.bias.numpy(), 0)
    assert list(nn.LayerNorm(4, bias=False).state_dict()) == ["weight"]
    plain = nn.LayerNorm([3, 4], eps=1e-6, elementwise_affine=False)
    assert repr(plain) == "LayerNorm((3, 4), eps=1e-06, elementwise_affine=False, bias=False)"
    assert list(plain.state_dict()) == [] and plain.weight is None
    x = mg.randn(2, 3, 4)
    with mg.no_grad():
        layer.weight.mul_(2.0)
    np.testing.assert_array_equal(layer(x).numpy(),
                                  F.layer_norm(x, (4,), layer.weight, layer.bias).numpy())
    layer.reset_parameters()
    np.testing.assert_array_equal(layer.weight.numpy(), 1)
    assert nn.LayerNorm(2, dtype=np.float64).weight.dtype == np.float64
    with pytest.raises(ValueError, match=">= 0"):
        nn.LayerNorm(-1)
    with pytest.raises(DTypeError, match="floating"):
        nn.LayerNorm(2, dtype=np.int64)


def test_explain_states_the_layer_norm_chain_rule():
    x = mg.tensor([[1.0, 2.0, 4.0]], requires_grad=True, name="x")
    text = mg.explain(F.layer_norm(x, (3,), mg.ones(3, requires_grad=True)).sum(), print=False)
    assert "xhat * mean(g*w * xhat)) / sigma" in text


# ---- normalize ------------------------------------------------------------------------------
def test_normalize_values_and_gradients_as_pytorch():
    x = mg.tensor([[3.0, 4.0], [0.0, 0.0], [1.0, -2.0]], requires_grad=True)
    y = F.normalize(x)
    y.backward(mg.tensor([[1.0, 2.0], [1.0, -1.0], [0.5, 0.5]]))
    np.testing.assert_allclose(y.numpy(), [[0.6, 0.8], [0, 0], [0.44721359, -0.89442718]],
                               rtol=1e-6)
    # at the zero vector the clamp holds the length at eps: the gradient is g / eps
    np.testing.assert_allclose(x.grad.numpy(), [[-0.064, 0.048], [1e12, -1e12],
                                                [0.26832816, 0.13416408]], rtol=1e-5)
    x = mg.tensor([[3.0, -4.0, 1.0]], requires_grad=True)
    y = F.normalize(x, p=1, dim=-1)
    y.sum().backward()
    np.testing.assert_allclose(y.numpy(), [[0.375, -0.5, 0.125]])
    np.testing.assert_allclose(x.grad.numpy(), [[0.125, 0.125, 0.125]])


@SOME
@given(shape=st.sampled_from([(3,), (2, 3), (2, 2, 3)]), p=st.sampled_from([2.0, 1, 3.0]),
       dim=st.sampled_from([-1, 0, None, (0, -1)]), seed=seeds)
def test_normalize_gradients(shape, p, dim, seed):
    dim = -1 if dim == (0, -1) and len(shape) == 1 else dim
    rng = np.random.default_rng(seed)
    x = rng.choice([-1.0, 1.0], shape) * rng.uniform(0.3, 2.0, shape)  # no zeros: |x| smooth
    check(lambda t: F.normalize(t, p=p, dim=dim), x)


def test_normalize_dtypes_and_errors():
    assert F.normalize(mg.ones(2, 3)).dtype == np.float32
    with np.errstate(invalid="ignore"):  # 0 / 0 (numpy warns, as everywhere in minigrad)
        half = F.normalize(mg.tensor(np.array([[0.0, 0.0], [3.0, 4.0]], np.float16)))
    assert half.dtype == np.float16  # eps = 1e-12 is 0 in float16: 0 / 0, as PyTorch
    np.testing.assert_allclose(half.numpy(), [[np.nan, np.nan], [0.6001, 0.7998]], rtol=1e-3)
    with pytest.raises(DTypeError, match="normalize"):
        F.normalize(mg.tensor([[3, 4]]))
    with pytest.raises(ShapeError, match="normalize: axis 1 is out of range"):
        F.normalize(mg.tensor([3.0, 4.0]))  # dim=1 by default, as PyTorch
    with pytest.raises(TypeError, match="p must be a number"):
        F.normalize(mg.ones(2, 2), p="2")
    with pytest.raises(ShapeError, match="twice"):
        F.normalize(mg.tensor(2.0), dim=(0, -1))


# ---- cosine_similarity ----------------------------------------------------------------------
def test_cosine_similarity_values_and_gradients_as_pytorch():
    a = mg.tensor([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [1e-9, 0, 0]], requires_grad=True,
                  dtype=mg.float64)
    b = mg.tensor([[1.0, 0.0, -1.0], [1.0, 1.0, 1.0], [1, 1, 0]], requires_grad=True,
                  dtype=mg.float64)
    c = F.cosine_similarity(a, b)
    c.sum().backward()
    np.testing.assert_allclose(c.numpy(), [-0.37796447, 0.0, 0.07071068], rtol=1e-7)
    # rows 2 and 3 have |a| < eps = 1e-8: PyTorch raises the length to eps without
    # differentiating the clamp, so the gradient still flows through |a| in row 3
    np.testing.assert_allclose(a.grad.numpy(), [[2.15979699e-01, 5.39949247e-02,
                                                 -1.07989849e-01],
                                                [5.77350269e7, 5.77350269e7, 5.77350269e7],
                                                [6.36396103e7, 7.07106781e7, 0]], rtol=1e-7)
    np.testing.assert_allclose(b.grad.numpy(), [[0.37796447] * 3, [0, 0, 0],
                                                [0.03535534, -0.03535534, 0]], rtol=1e-6)


def test_cosine_similarity_broadcasts_as_pytorch():
    a = mg.tensor([[1.0, 2.0], [3.0, -1.0]], requires_grad=True)
    b = mg.tensor([2.0, 1.0], requires_grad=True)
    c = F.cosine_similarity(a, b, dim=-1)
    c.backward(mg.tensor([1.0, -1.0]))
    np.testing.assert_allclose(c.numpy(), [0.8, 0.70710671], rtol=1e-6)
    np.testing.assert_allclose(a.grad.numpy(), [[0.24, -0.12], [-0.0707107, -0.21213201]],
                               rtol=1e-5)
    np.testing.assert_allclose(b.grad.numpy(), [-0.26142138, 0.52284265], rtol=1e-5)


@SOME
@given(shapes=st.sampled_from([((3,), (3,)), ((2, 3), (3,)), ((2, 1, 3), (4, 3)),
                               ((1, 3), (2, 3))]), dim=st.sampled_from([-1, 0]), seed=seeds)
def test_cosine_similarity_gradients(shapes, dim, seed):
    rng = np.random.default_rng(seed)
    a, b = (rng.choice([-1.0, 1.0], s) * rng.uniform(0.3, 2.0, s) for s in shapes)
    check(lambda x, y: F.cosine_similarity(x, y, dim=dim), a, b)


def test_cosine_similarity_dtypes_and_errors():
    mixed = F.cosine_similarity(mg.tensor([[1, 2]]), mg.tensor([[2.0, 1.0]]))
    assert mixed.dtype == np.float32 and np.isclose(mixed.numpy()[0], 0.8)
    with np.errstate(invalid="ignore"):
        zero = F.cosine_similarity(mg.tensor(np.array([[0.0, 0.0], [1.0, 1.0]], np.float16)),
                                   mg.tensor(np.array([[1.0, 2.0], [1.0, 0.0]], np.float16)))
    assert zero.dtype == np.float16  # eps = 1e-8 is 0 in float16: NaN, as PyTorch
    np.testing.assert_allclose(zero.numpy(), [np.nan, 0.7070], rtol=1e-3)
    a = F.cosine_similarity(mg.tensor(2.0), mg.tensor(-3.0), dim=0)  # 0-d: the sign
    assert a.shape == () and a.item() == -1.0
    with pytest.raises(DTypeError, match="at least one must be floating"):
        F.cosine_similarity(mg.tensor([[1, 2]]), mg.tensor([[2, 1]]))
    with pytest.raises(ShapeError, match=r"\(2, 3\) and x2 of shape \(4,\) cannot be broadcast"):
        F.cosine_similarity(mg.zeros(2, 3), mg.zeros(4))
    with pytest.raises(TypeError, match="dim must be an int"):
        F.cosine_similarity(mg.zeros(2, 3), mg.zeros(2, 3), dim=(0, 1))
    with pytest.raises(ShapeError, match="cosine_similarity: axis 1 is out of range"):
        F.cosine_similarity(mg.zeros(3), mg.zeros(3))
