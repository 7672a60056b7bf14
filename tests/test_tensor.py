"""The Tensor itself: construction, dtype rules, attributes, conversions, factories."""

from __future__ import annotations

import numpy as np
import pytest

import minigrad as mg
from minigrad import Tensor
from minigrad.errors import DTypeError, ShapeError

# ---- construction and the dtype rules ----------------------------------------


@pytest.mark.parametrize(
    "data, dtype",
    [
        (1.5, np.float32),
        ([1.0, 2.0], np.float32),
        ([[1.0], [2.0]], np.float32),
        ([1, 2.5], np.float32),  # mixed list: a float wins, still float32
        (3, np.int64),
        ([1, 2, 3], np.int64),
        (True, np.bool_),
        ([True, False], np.bool_),
    ],
)
def test_python_data_dtypes(data, dtype):
    assert mg.tensor(data).dtype == dtype  # inferred, as torch.tensor
    assert Tensor(data).dtype == np.float32  # the class: always float32, as torch.Tensor


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.int32, np.int8, np.bool_])
def test_ndarray_keeps_its_dtype(dtype):
    a = np.ones((2, 3), dtype=dtype)
    assert Tensor(a).dtype == dtype
    assert Tensor(np.float64(2.0)).dtype == np.float64  # numpy scalars too


def test_ndarray_is_copied():
    a = np.array([1.0, 2.0])
    t = Tensor(a)
    a[0] = 100.0
    assert t.tolist() == [1.0, 2.0]
    t.numpy()[1] = -5.0
    assert a[1] == 2.0


def test_explicit_dtype_and_tensor_input():
    assert Tensor([1, 2], dtype=np.float64).dtype == np.float64
    assert Tensor(1.0, dtype="float64").dtype == np.float64
    src = Tensor([1.0, 2.0])
    copy = Tensor(src)
    assert copy.dtype == np.float32 and copy.tolist() == [1.0, 2.0]
    copy.numpy()[0] = 9.0
    assert src.tolist() == [1.0, 2.0]


@pytest.mark.parametrize("bad", ["abc", [1 + 2j], {"a": 1}, object()])
def test_unsupported_data_is_refused(bad):
    with pytest.raises(DTypeError, match="Tensor"):
        Tensor(bad)


def test_only_floating_tensors_may_require_grad():
    for data in ([1, 2], [True], np.arange(3, dtype=np.int32)):
        with pytest.raises(DTypeError, match="floating"):
            mg.tensor(data, requires_grad=True)
        with pytest.raises(DTypeError, match="float"):
            mg.tensor(data).requires_grad_()
    assert Tensor([1.0], requires_grad=True).requires_grad
    assert Tensor(np.float16(1.0), requires_grad=True).requires_grad
    with pytest.raises(DTypeError):
        mg.zeros(2, dtype=np.int64, requires_grad=True)


# A Python number never changes a float32 tensor's dtype, on either side of any operator.
FLOAT32_OPERATORS = {
    "x + 2": lambda x: x + 2,
    "2 + x": lambda x: 2 + x,
    "x + 2.5": lambda x: x + 2.5,
    "x - 1": lambda x: x - 1,
    "1 - x": lambda x: 1 - x,
    "1.5 - x": lambda x: 1.5 - x,
    "x * 3": lambda x: x * 3,
    "3.0 * x": lambda x: 3.0 * x,
    "x / 3": lambda x: x / 3,
    "3 / x": lambda x: 3 / x,
    "x / 0.5": lambda x: x / 0.5,
    "x ** 2": lambda x: x**2,
    "x ** 0.5": lambda x: x**0.5,
    "2 ** x": lambda x: 2**x,
    "2.5 ** x": lambda x: 2.5**x,
    "True * x": lambda x: True * x,
    "-x": lambda x: -x,
    "x.maximum(0)": lambda x: x.maximum(0),
    "x.minimum(1.5)": lambda x: x.minimum(1.5),
    "x.pow(3)": lambda x: x.pow(3),
    "x.clip(0.5, 1.5)": lambda x: x.clip(0.5, 1.5),
    "mg.add(x, 2)": lambda x: mg.add(x, 2),
    "mg.add(2, x)": lambda x: mg.add(2, x),
    "mg.sub(1, x)": lambda x: mg.sub(1, x),
    "mg.mul(x, 2.5)": lambda x: mg.mul(x, 2.5),
    "mg.div(1, x)": lambda x: mg.div(1, x),
    "mg.pow(x, 2)": lambda x: mg.pow(x, 2),
    "mg.pow(2, x)": lambda x: mg.pow(2, x),
    "mg.maximum(x, 0)": lambda x: mg.maximum(x, 0),
    "mg.minimum(0, x)": lambda x: mg.minimum(0, x),
    "mg.where(x > 1, x, 0)": lambda x: mg.where(x > 1, x, 0),
    "mg.where(x > 1, 0.5, x)": lambda x: mg.where(x > 1, 0.5, x),
}


@pytest.mark.parametrize("expr", list(FLOAT32_OPERATORS))
def test_python_scalar_keeps_float32(expr):
    x = Tensor([0.5, 1.0, 2.0], requires_grad=True)
    y = FLOAT32_OPERATORS[expr](x)
    assert y.dtype == np.float32, expr
    y.sum().backward()
    assert x.grad.dtype == np.float32, expr


def test_scalar_with_float64_and_float16_keeps_their_dtype():
    for dtype in (np.float64, np.float16):
        x = Tensor(np.array([1.0, 2.0], dtype=dtype))
        for y in (x + 1, 2 * x, x / 3, 2**x, 1.5 - x):
            assert y.dtype == dtype


def test_int_tensor_rules():
    i = mg.tensor([1, 2, 3])
    assert (i + 1).dtype == np.int64
    assert (i * 2).dtype == np.int64
    q = i / 2
    assert q.dtype == np.float32  # int / int -> float32, as in PyTorch
    np.testing.assert_allclose(q.numpy(), [0.5, 1.0, 1.5])
    assert (i / mg.tensor([2, 4, 4])).dtype == np.float32
    assert (mg.tensor([True, False]) + 1).dtype == np.int64


def test_comparisons_give_bool_and_are_not_differentiable():
    x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    for c in (x > 2, x >= 2, x < 2, x <= 2, x == 2, x != 2, 2 < x):
        assert c.dtype == np.bool_
        assert not c.requires_grad and c.grad_fn is None
    assert (x > 1.5).tolist() == [False, True, True]
    assert (x == Tensor([1.0, 0.0, 3.0])).tolist() == [True, False, True]


def test_ndarray_operand_gives_a_tensor():
    x = Tensor([1.0, 2.0], requires_grad=True)
    a = np.array([3.0, 4.0], dtype=np.float32)
    for y in (a * x, x * a, a + x, a - x, a / x):
        assert isinstance(y, Tensor) and y.requires_grad


# ---- attributes and repr -------------------------------------------------------


def test_size_is_pytorchs_method():
    # x.size() is the shape and x.size(dim) one length, as in PyTorch (numpy's size,
    # the number of elements, is x.numel())
    x = mg.zeros(2, 3, 4)
    assert x.size() == (2, 3, 4) and isinstance(x.size(), tuple)
    assert x.size(0) == 2 and x.size(-1) == 4 and x.size(dim=1) == 3
    assert x.numel() == 24 and mg.tensor(5.0).numel() == 1 and mg.zeros(0, 3).numel() == 0
    assert mg.tensor(5.0).size() == () and mg.tensor(5.0).dim() == 0
    with pytest.raises(IndexError, match=r"size\(\): dim 3 is out of range .* -3 to 2"):
        x.size(3)
    with pytest.raises(IndexError, match="0-d tensor has no axes"):
        mg.tensor(5.0).size(0)
    with pytest.raises(TypeError, match="dim must be an int"):
        x.size(1.0)


def test_attributes():
    x = Tensor(np.zeros((2, 3, 4)), requires_grad=True, name="x")
    assert x.shape == (2, 3, 4) and x.ndim == 3 and x.numel() == 24 and x.dim() == 3
    assert x.dtype == np.float64
    assert isinstance(x.numpy(), np.ndarray)
    assert x.grad is None and x.grad_fn is None and x.is_leaf
    assert x.name == "x" and x._version == 0
    assert x.T.shape == (4, 3, 2)
    assert x.mT.shape == (2, 4, 3)
    scalar = mg.tensor(5.0)
    assert scalar.mT is scalar  # a 0-d tensor is its own mT, as in PyTorch
    with pytest.raises(ShapeError, match=r"mT: needs a matrix .* shape \(3,\)"):
        mg.ones(3).mT  # noqa: B018
    y = x * 2
    assert not y.is_leaf and y.requires_grad and y.grad_fn.name == "Mul"
    assert y.grad_fn.inputs[0] is x
    assert y.grad_fn.out_ref is None  # Mul's backward does not read its output
    assert x.exp().grad_fn.out_ref() is not None  # Exp's does: it keeps a weak reference
    z = Tensor([1.0]) * 2  # nothing requires grad: no graph
    assert z.is_leaf and z.grad_fn is None and not z.requires_grad


def test_repr():
    assert repr(Tensor([1.0, 2.0], requires_grad=True)) == "Tensor([1., 2.], requires_grad=True)"
    assert repr(Tensor([1.0, 2.0])) == "Tensor([1., 2.])"
    assert repr(mg.tensor([1, 2])) == "Tensor([1, 2])"
    assert repr(Tensor(np.array([1.0]))) == "Tensor([1.], dtype=float64)"
    x = Tensor([1.0, 2.0], requires_grad=True)
    assert repr(x * x) == "Tensor([1., 4.], grad_fn=<Mul>)"
    assert "name='w'" in repr(Tensor(1.0, name="w"))
    big = repr(Tensor(np.zeros(1000, dtype=np.float32)))
    assert "..." in big and len(big) < 400


# ---- conversions ---------------------------------------------------------------


def test_item_tolist_numpy():
    x = Tensor([[1.0, 2.0], [3.0, 4.0]])
    assert x.tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert x.numpy() is x.numpy()
    assert np.asarray(x) is x.numpy()
    assert np.asarray(x, dtype=np.float64).dtype == np.float64
    assert Tensor(2.5).item() == 2.5 and isinstance(Tensor(2.5).item(), float)
    assert mg.tensor([7]).item() == 7 and isinstance(mg.tensor([7]).item(), int)
    assert float(Tensor(1.5)) == 1.5 and int(mg.tensor(3)) == 3
    with pytest.raises(ValueError, match=r"\(2, 2\)"):
        x.item()


def test_detach_shares_data_and_cuts_the_graph():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    d = y.detach()
    assert d.grad_fn is None and not d.requires_grad and d.is_leaf
    assert d.numpy() is y.numpy()


def test_astype_float_double():
    x = Tensor([1.0, 2.0], requires_grad=True)
    assert x.astype(np.float64).dtype == np.float64
    assert x.double().dtype == np.float64 and x.double().float().dtype == np.float32
    assert x.astype("float64").requires_grad
    cut = x.astype(np.int64)  # cannot carry gradients: cut from the graph
    assert cut.dtype == np.int64 and not cut.requires_grad
    x.double().sum().backward()
    assert x.grad.dtype == np.float32 and x.grad.tolist() == [1.0, 1.0]


def test_len_iter_bool():
    x = Tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    assert len(x) == 3
    rows = list(x)
    assert len(rows) == 3 and all(isinstance(r, Tensor) for r in rows)
    assert rows[2].tolist() == [5.0, 6.0]
    with pytest.raises(TypeError, match="0-d"):
        len(Tensor(1.0))
    assert bool(Tensor(1.0)) and not bool(Tensor([0.0]))
    with pytest.raises(ValueError, match="ambiguous"):
        bool(x)


def test_requires_grad_flag_and_retain_grad_errors():
    x = Tensor([1.0])
    assert x.requires_grad_() is x and x.requires_grad
    x.requires_grad_(False)
    assert not x.requires_grad
    with pytest.raises(ValueError, match="retain_grad"):
        Tensor([1.0]).retain_grad()
    y = Tensor([1.0], requires_grad=True) * 2
    with pytest.raises(ValueError, match="detach"):
        y.requires_grad_(False)


def test_hash_is_identity():
    a, b = Tensor([1.0]), Tensor([1.0])
    assert len({a, b}) == 2 and a in {a: 1}


# ---- factories -----------------------------------------------------------------


def test_filled_factories():
    assert mg.zeros(2, 3).shape == (2, 3) and mg.zeros((2, 3)).dtype == np.float32
    assert mg.zeros(2, 3).tolist() == [[0.0] * 3] * 2
    assert mg.ones(4).tolist() == [1.0] * 4 and mg.ones(4).dtype == np.float32
    assert mg.ones(2, dtype=np.float64).dtype == np.float64
    f = mg.full((2, 2), 1.5)
    assert f.dtype == np.float32 and f.tolist() == [[1.5, 1.5], [1.5, 1.5]]
    assert mg.full(3, 7).dtype == np.int64
    assert mg.eye(3).tolist() == np.eye(3).tolist() and mg.eye(2, 3).shape == (2, 3)
    assert mg.zeros(3, requires_grad=True).requires_grad


def test_like_factories():
    x = Tensor(np.arange(6.0).reshape(2, 3))
    z, o = mg.zeros_like(x), mg.ones_like(x)
    assert z.shape == o.shape == (2, 3) and z.dtype == o.dtype == np.float64
    assert z.numpy().sum() == 0 and o.numpy().sum() == 6
    assert mg.zeros_like(x, dtype=np.float32).dtype == np.float32
    assert mg.ones_like(x, requires_grad=True).requires_grad


def test_ranges():
    a = mg.arange(5)
    assert a.dtype == np.int64 and a.tolist() == [0, 1, 2, 3, 4]
    b = mg.arange(0, 1, 0.25)
    assert b.dtype == np.float32 and b.tolist() == [0.0, 0.25, 0.5, 0.75]
    lin = mg.linspace(0, 1, 5)
    assert lin.dtype == np.float32 and lin.tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]


def test_seeded_random_factories_repeat():
    mg.manual_seed(123)
    a, b, c = mg.rand(3, 4), mg.randn(2, 2), mg.randint(0, 10, (5,))
    mg.manual_seed(123)
    assert np.array_equal(a.numpy(), mg.rand(3, 4).numpy())
    assert np.array_equal(b.numpy(), mg.randn(2, 2).numpy())
    assert np.array_equal(c.numpy(), mg.randint(0, 10, (5,)).numpy())
    assert a.dtype == b.dtype == np.float32 and c.dtype == np.int64
    assert ((a.numpy() >= 0) & (a.numpy() < 1)).all()
    assert ((c.numpy() >= 0) & (c.numpy() < 10)).all()
    assert not np.array_equal(a.numpy(), mg.rand(3, 4).numpy())  # the stream moves on


def test_random_factories_with_generator():
    g1, g2 = np.random.default_rng(7), np.random.default_rng(7)
    x = mg.randn(3, generator=g1, dtype=np.float64)
    y = mg.randn(3, generator=g2, dtype=np.float64)
    assert x.dtype == np.float64 and np.array_equal(x.numpy(), y.numpy())
    assert mg.rand((2, 3), generator=g1, requires_grad=True).requires_grad
    big = mg.randn(20000, generator=np.random.default_rng(0)).numpy()
    assert abs(big.mean()) < 0.05 and abs(big.std() - 1) < 0.05


def test_from_numpy_shares_memory():
    a = np.array([1.0, 2.0])
    t = mg.from_numpy(a)
    a[0] = 5.0
    assert t.tolist() == [5.0, 2.0]
    with pytest.raises(TypeError, match="ndarray"):
        mg.from_numpy([1.0, 2.0])
