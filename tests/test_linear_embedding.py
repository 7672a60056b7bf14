"""F.linear (functional/linear.py), F.embedding and nn.Embedding (functional/embedding.py,
nn/embedding.py): the first layers of MLP and word-vector code.

Gradients are checked in float64 (gradcheck and gradgradcheck) over batch shapes, 1-D
inputs and 1-D weights; values and gradients are compared with literals taken from
PyTorch 2.13; dtypes and every error are checked. tests/parity compares them with torch.
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

batches = st.sampled_from([(), (1,), (3,), (2, 3)])


# ---- linear ---------------------------------------------------------------------------------
@SOME
@given(batch=batches, n_in=st.integers(1, 3), n_out=st.integers(1, 3), seed=seeds,
       bias=st.sampled_from(["out", "0-d", None]))
def test_linear_gradients(batch, n_in, n_out, seed, bias):
    rng = np.random.default_rng(seed)
    x, w = rng.normal(size=batch + (n_in,)), rng.normal(size=(n_out, n_in))
    if bias is None:
        check(F.linear, x, w)
    else:
        check(F.linear, x, w, rng.normal(size=(n_out,) if bias == "out" else ()))


@SOME
@given(batch=st.sampled_from([(), (3,), (2, 3)]), n_in=st.integers(1, 3), seed=seeds)
def test_linear_with_a_1d_weight_gives_one_number_per_row(batch, n_in, seed):
    rng = np.random.default_rng(seed)
    x, w = rng.normal(size=batch + (n_in,)), rng.normal(size=n_in)
    check(F.linear, x, w)
    assert F.linear(mg.tensor(x), mg.tensor(w)).shape == batch


def test_linear_values_and_gradients_as_pytorch():
    x = mg.tensor([[1.0, -2.0, 0.5], [0.25, 3.0, -1.0]], requires_grad=True)
    w = mg.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5]], requires_grad=True)
    b = mg.tensor([0.1, -0.2], requires_grad=True)
    y = F.linear(x, w, b)
    y.backward(mg.tensor([[1.0, 2.0], [-1.0, 0.5]]))
    assert y.dtype == np.float32
    np.testing.assert_allclose(y.numpy(), [[3.6, 0.55], [-4.775, 1.425]], rtol=1e-6)
    np.testing.assert_allclose(x.grad.numpy(), [[3.5, -0.5, 1.0], [0.25, 1.125, -2.25]])
    np.testing.assert_allclose(w.grad.numpy(), [[0.75, -5.0, 1.5], [2.125, -2.5, 0.5]])
    np.testing.assert_allclose(b.grad.numpy(), [0.0, 2.5])


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("batch", [(), (4,), (2, 3)])
def test_nn_linear_and_f_linear_give_identical_results(bias, batch):
    mg.manual_seed(0)
    layer = nn.Linear(3, 2, bias=bias)
    x = mg.randn(*batch, 3, requires_grad=True)
    y = layer(x)
    grads = mg.grad((y * y).sum(), [x, *layer.parameters()])
    z = F.linear(x, layer.weight, layer.bias)
    np.testing.assert_array_equal(y.numpy(), z.numpy())
    for a, b in zip(grads, mg.grad((z * z).sum(), [x, *layer.parameters()])):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.int64, np.int32])
def test_linear_keeps_the_dtype(dtype):
    x, w, b = (mg.tensor(np.ones(shape, dtype=dtype)) for shape in ((2, 3), (4, 3), (4,)))
    y = F.linear(x, w, b)
    assert y.dtype == dtype and y.shape == (2, 4)
    assert (y.numpy() == 4).all()


def test_linear_in_float16_adds_the_bias_before_rounding_as_pytorch():
    x = mg.tensor(np.array([1.0, 0.0, 1.0], dtype=np.float16))
    w = mg.tensor(np.array([[0.69, 1.64, 0.66]], dtype=np.float16))
    b = mg.tensor(np.array([-1.3], dtype=np.float16))
    assert F.linear(x, w, b).numpy()[0] == np.float16(0.0503)  # PyTorch 2.13; not 0.0498


@pytest.mark.parametrize("args, error, words", [
    (((), (4, 1)), ShapeError, "at least 1 axis"),
    (((2, 3), (2, 4, 3)), ShapeError, "(out_features, in_features)"),
    (((2, 3), (4, 5)), ShapeError, "in_features=5"),
    (((2, 3), (4, 3), (3,)), ShapeError, "(out_features,) = (4,)"),
    (((2, 3), (4, 3), (2, 2, 4)), ShapeError, "does not fit"),
    (((2, 3), (3,), ()), ShapeError, "1-D weight"),
    (((2, 2, 3), (3,), (2,)), ShapeError, "must be 0-d"),
])
def test_linear_shape_errors(args, error, words):
    tensors = [mg.zeros(*shape) for shape in args]
    with pytest.raises(error, match=None) as info:
        F.linear(*tensors)
    assert words in str(info.value) and "linear" in str(info.value)


def test_linear_dtype_errors():
    x, w = mg.zeros(2, 3), mg.zeros(4, 3)
    with pytest.raises(DTypeError, match=r"float64 but the weight float32.*x\.float\(\)"):
        F.linear(x.double(), w)
    with pytest.raises(DTypeError, match="the bias float64"):
        F.linear(x, w, mg.zeros(4, dtype=mg.float64))
    with pytest.raises(DTypeError, match="bool"):
        F.linear(x.bool(), w.bool())


# ---- embedding ------------------------------------------------------------------------------
W = [[0.1, 0.2], [1.0, -1.0], [2.0, 0.5], [-0.3, 0.7]]


def test_embedding_values_and_gradients_as_pytorch():
    w = mg.tensor(W, requires_grad=True)
    index = mg.tensor([[1, 3, 1], [0, 1, 2]])
    e = F.embedding(index, w, padding_idx=0)
    e.backward(mg.arange(12.0).reshape(2, 3, 2))
    assert e.shape == (2, 3, 2) and e.dtype == np.float32
    np.testing.assert_allclose(e.numpy()[0], [[1.0, -1.0], [-0.3, 0.7], [1.0, -1.0]])
    # row 1 is picked three times: its gradient rows add up; row 0 is the padding row
    np.testing.assert_array_equal(w.grad.numpy(), [[0, 0], [12, 15], [10, 11], [2, 3]])


@pytest.mark.parametrize("index", [2, [0, 3], [[1], [1]], np.array([[3, 0, 0]], np.int32)])
def test_embedding_takes_indices_of_any_shape(index):
    idx = np.asarray(index)
    e = F.embedding(mg.tensor(idx), mg.tensor(W))
    assert e.shape == idx.shape + (2,)
    np.testing.assert_allclose(e.numpy(), np.array(W, dtype=np.float32)[idx])


@SOME
@given(shape=st.sampled_from([(), (5,), (2, 3)]), seed=seeds, pad=st.sampled_from([0, 2, -1]))
def test_embedding_gradients(shape, seed, pad):
    rng = np.random.default_rng(seed)
    index = mg.tensor(rng.integers(0, 4, size=shape))  # repeats are likely
    w = mg.tensor(rng.normal(size=(4, 3)), requires_grad=True)
    check(lambda w: F.embedding(index, w), w.numpy())
    # padding_idx: the same gradient, but none for that row (not the derivative there, by
    # design: the row is used, and stays as it is)
    g = mg.tensor(rng.normal(size=shape + (3,)))
    (plain,) = mg.grad((F.embedding(index, w) * g).sum(), [w])
    (padded,) = mg.grad((F.embedding(index, w, padding_idx=pad) * g).sum(), [w])
    expected = plain.numpy().copy()
    expected[pad] = 0
    np.testing.assert_array_equal(padded.numpy(), expected)
    assert mg.gradgradcheck(lambda w: F.embedding(index, w, padding_idx=pad), (w,))


def test_embedding_leaves_its_input_alone_and_negative_padding_counts_from_the_end():
    index = np.array([3, 3, 1])
    w = mg.tensor(W, requires_grad=True)
    F.embedding(index, w, padding_idx=-1).sum().backward()
    np.testing.assert_array_equal(w.grad.numpy()[:, 0], [0, 1, 0, 0])
    np.testing.assert_array_equal(index, [3, 3, 1])


@pytest.mark.parametrize("index, error, words", [
    (mg.tensor([0.0, 1.0]), DTypeError, "int64 or int32"),
    (mg.tensor([True]), DTypeError, "idx.long()"),
    (mg.tensor(np.array([1], np.uint8)), DTypeError, "uint8"),
    (mg.tensor([1, 4]), IndexError, "index 4 is out of range for a table of 4 embeddings "
                                    "(valid indices: 0 to 3)"),
    (mg.tensor([-1]), IndexError, "index -1 is out of range"),
])
def test_embedding_index_errors(index, error, words):
    with pytest.raises(error) as info:
        F.embedding(index, mg.tensor(W))
    assert words in str(info.value)


def test_embedding_other_errors():
    with pytest.raises(ShapeError, match=r"2-D table .* got shape \(4,\)"):
        F.embedding(mg.tensor([0]), mg.zeros(4))
    with pytest.raises(ValueError, match=r"padding_idx=4 is out of range .* -4 to 3"):
        F.embedding(mg.tensor([0]), mg.tensor(W), padding_idx=4)
    with pytest.raises(TypeError, match="padding_idx must be an int"):
        F.embedding(mg.tensor([0]), mg.tensor(W), padding_idx=1.0)
    with pytest.raises(NotImplementedError, match="max_norm is not available"):
        F.embedding(mg.tensor([0]), mg.tensor(W), max_norm=1.0)
    with pytest.raises(NotImplementedError, match="scale_grad_by_freq, sparse are not"):
        F.embedding(mg.tensor([0]), mg.tensor(W), scale_grad_by_freq=True, sparse=True)


def test_nn_embedding_starts_from_the_seeded_normal_with_a_zero_padding_row():
    mg.manual_seed(3)
    a = nn.Embedding(200, 50, padding_idx=7)
    mg.manual_seed(3)
    b = nn.Embedding(200, 50)
    w = b.weight.numpy()
    assert a.weight.dtype == np.float32 and a.weight.requires_grad
    assert abs(w.mean()) < 0.02 and abs(w.std() - 1) < 0.02  # N(0, 1), as PyTorch
    np.testing.assert_array_equal(a.weight.numpy()[7], 0)
    np.testing.assert_array_equal(np.delete(a.weight.numpy(), 7, 0), np.delete(w, 7, 0))
    c = nn.Embedding(3, 2, generator=np.random.default_rng(0), dtype=np.float64)
    np.testing.assert_array_equal(c.weight.numpy(),
                                  np.random.default_rng(0).normal(size=(3, 2)))


def test_nn_embedding_repr_state_dict_and_forward():
    assert repr(nn.Embedding(10, 3)) == "Embedding(10, 3)"
    layer = nn.Embedding(10, 3, padding_idx=-1)
    assert repr(layer) == "Embedding(10, 3, padding_idx=9)" and layer.padding_idx == 9
    assert list(layer.state_dict()) == ["weight"]
    assert [name for name, _ in layer.named_parameters()] == ["weight"]
    index = mg.tensor([[9, 1]])
    layer(index).sum().backward()
    np.testing.assert_array_equal(layer.weight.grad.numpy()[[1, 9]], [[1, 1, 1], [0, 0, 0]])
    np.testing.assert_array_equal(layer(index).numpy(), F.embedding(index, layer.weight).numpy())


def test_nn_embedding_from_pretrained():
    table = mg.tensor(W)
    frozen = nn.Embedding.from_pretrained(table)
    assert repr(frozen) == "Embedding(4, 2)" and not frozen.weight.requires_grad
    np.testing.assert_array_equal(frozen(mg.tensor([2])).numpy(), [[2.0, 0.5]])
    free = nn.Embedding.from_pretrained(table, freeze=False, padding_idx=1)
    np.testing.assert_allclose(free.weight.numpy()[1], [1.0, -1.0])  # kept, as in PyTorch
    free(mg.tensor([1, 2])).sum().backward()
    np.testing.assert_array_equal(free.weight.grad.numpy(), [[0, 0], [0, 0], [1, 1], [0, 0]])
    free.weight.data[0] = 5.0
    assert table.numpy()[0, 0] == np.float32(0.1)  # a copy of the table
    with pytest.raises(ShapeError, match="2-D"):
        nn.Embedding.from_pretrained(mg.zeros(4))


def test_nn_embedding_errors():
    with pytest.raises(ValueError, match="num_embeddings must be an int >= 0, got -1"):
        nn.Embedding(-1, 3)
    with pytest.raises(ValueError, match="embedding_dim must be an int"):
        nn.Embedding(3, 2.0)
    with pytest.raises(ValueError, match="padding_idx=3 is out of range"):
        nn.Embedding(3, 2, padding_idx=3)
    with pytest.raises(DTypeError, match="floating"):
        nn.Embedding(3, 2, dtype=np.int64)
    with pytest.raises(NotImplementedError, match="Embedding: sparse is not available"):
        nn.Embedding(3, 2, sparse=True)
    with pytest.raises(DTypeError, match="int64 or int32"):
        nn.Embedding(3, 2)(mg.tensor([1.0]))
