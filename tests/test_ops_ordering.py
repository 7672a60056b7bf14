"""sort, argsort, topk (ops/ordering.py) and argmax/argmin's PyTorch behaviour: values,
indices and gradients as PyTorch 2.13 gives them (literals), stable ties, NaN, float64
gradient checks including 0-d tensors, and the errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

import minigrad as mg
from minigrad.errors import DTypeError, ShapeError
from minigrad.ops import ValuesIndices

RNG = np.random.default_rng(7)


def f64(data) -> mg.Tensor:
    return mg.tensor(np.asarray(data, dtype=np.float64), requires_grad=True)


# ---- sort and argsort --------------------------------------------------------------------
def test_sort_matches_pytorch_with_ties() -> None:
    x = f64([3.0, 1.0, 3.0, 2.0, 1.0])
    result = mg.sort(x)
    assert isinstance(result, ValuesIndices)
    values, indices = result
    assert values.tolist() == [1.0, 1.0, 2.0, 3.0, 3.0]
    assert indices.tolist() == [1, 4, 3, 0, 2] and indices.dtype == np.int64
    # descending and still stable: of equal values the earlier one comes first
    assert x.sort(descending=True).indices.tolist() == [0, 2, 3, 1, 4]
    assert x.sort(0, True, stable=True).values.tolist() == [3.0, 3.0, 2.0, 1.0, 1.0]
    (values * mg.tensor([1.0, 2.0, 3.0, 4.0, 5.0], dtype=np.float64)).sum().backward()
    assert x.grad.tolist() == [4.0, 1.0, 5.0, 3.0, 2.0]  # each back to where it came from


def test_sort_puts_nan_last_and_first_descending_as_pytorch() -> None:
    x = mg.tensor([1.0, math.nan, -1.0])
    assert x.sort().indices.tolist() == [2, 0, 1]
    assert x.sort(descending=True).indices.tolist() == [1, 0, 2]
    assert np.isnan(x.sort(descending=True).values.numpy()[0])


def test_sort_other_dtypes_and_axes() -> None:
    b = mg.tensor([True, False])
    assert b.sort().values.tolist() == [False, True] and b.sort().indices.tolist() == [1, 0]
    assert mg.tensor(2.0).sort().indices.item() == 0
    m = mg.tensor([[3, 1], [2, 4]])
    assert m.sort(0).values.tolist() == [[2, 1], [3, 4]]
    assert m.sort(dim=0).indices.tolist() == [[1, 0], [0, 1]]
    assert mg.argsort(m, dim=1, descending=True).tolist() == [[0, 1], [1, 0]]
    assert m.argsort().tolist() == [[1, 0], [0, 1]]


@pytest.mark.parametrize("shape", [(), (5,), (3, 4), (2, 3, 4)])
@pytest.mark.parametrize("descending", [False, True])
def test_sort_gradcheck(shape, descending: bool) -> None:
    x = f64(RNG.standard_normal(shape))
    for dim in ([0, -1] if shape else [0]):
        def fn(a, dim=dim):
            return mg.sort(a, dim, descending).values
        assert mg.gradcheck(fn, (x,)) and mg.gradgradcheck(fn, (x,))


# ---- topk ----------------------------------------------------------------------------------
def test_topk_matches_pytorch() -> None:
    z = f64([[1.0, 5.0, 3.0, 2.0], [4.0, 0.0, 6.0, 7.0]])
    result = z.topk(2)
    assert isinstance(result, ValuesIndices)
    assert result.values.tolist() == [[5.0, 3.0], [7.0, 6.0]]
    assert result.indices.tolist() == [[1, 2], [3, 2]]
    (result.values * mg.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=np.float64)).sum().backward()
    assert z.grad.tolist() == [[0.0, 1.0, 2.0, 0.0], [0.0, 0.0, 4.0, 3.0]]
    smallest = mg.topk(z, 3, dim=1, largest=False)
    assert smallest.values.tolist() == [[1.0, 2.0, 3.0], [0.0, 4.0, 6.0]]
    assert smallest.indices.tolist() == [[0, 3, 2], [1, 0, 2]]
    assert z.topk(1, dim=0).indices.tolist() == [[1, 0, 1, 1]]
    assert z.topk(0).values.shape == (2, 0)


def test_topk_ties_take_the_earlier_elements_and_nan_counts_as_largest() -> None:
    """PyTorch leaves open which of equal values topk picks; minigrad takes the first."""
    z = mg.tensor([[1.0, 3.0, 3.0, 2.0], [4.0, 0.0, 4.0, 4.0]])
    assert z.topk(2).indices.tolist() == [[1, 2], [0, 2]]
    x = mg.tensor([1.0, math.nan, 3.0])
    assert x.topk(2).indices.tolist() == [1, 2]  # as PyTorch
    assert x.topk(2, largest=False).indices.tolist() == [0, 2]
    assert mg.tensor([3, 1, 2]).topk(2).values.tolist() == [3, 2]
    assert mg.tensor(3.0).topk(1).values.item() == 3.0


@pytest.mark.parametrize("shape", [(), (5,), (3, 4), (2, 3, 4)])
@pytest.mark.parametrize("largest", [True, False])
def test_topk_gradcheck(shape, largest: bool) -> None:
    x = f64(RNG.standard_normal(shape))
    n = shape[-1] if shape else 1
    for k in (1, n):
        def fn(a, k=k):
            return mg.topk(a, k, -1, largest).values
        assert mg.gradcheck(fn, (x,)) and mg.gradgradcheck(fn, (x,))


def test_topk_errors() -> None:
    with pytest.raises(ShapeError, match=r"topk: k=5 is out of range: axis 1 .* \(2, 4\)"):
        mg.zeros(2, 4).topk(5)
    with pytest.raises(DTypeError, match="topk: bool tensors are not supported"):
        mg.tensor([True, False]).topk(1)
    with pytest.raises(TypeError, match="topk: dim must be one int"):
        mg.zeros(2, 4).topk(1, dim=(0, 1))
    with pytest.raises(ShapeError, match="out of range"):
        mg.zeros(3).sort(1)


# ---- argmax / argmin as PyTorch ----------------------------------------------------------
def test_argmax_and_argmin_flatten_keep_dims_and_pick_the_first_tie() -> None:
    y = mg.tensor([[1.0, 3.0, 3.0], [5.0, 5.0, 0.0]])
    assert y.argmax().item() == 3  # over the flattened tensor: the first of the two 5s
    assert y.argmax(dim=1).tolist() == [1, 0]
    assert y.argmax(dim=1, keepdim=True).tolist() == [[1], [0]]
    assert y.argmax(keepdim=True).shape == (1, 1)
    assert y.argmin(0).tolist() == [0, 0, 1] and y.argmin().item() == 5
    assert mg.tensor([1.0, math.nan, 3.0]).argmax().item() == 1  # NaN is the maximum
    assert mg.tensor([1.0, math.nan, 3.0]).argmin().item() == 1  # and the minimum


# ---- median ----------------------------------------------------------------------------------
def test_median_matches_pytorch() -> None:
    x = mg.tensor([[1.0, 3.0, 3.0, 3.0, 0.0], [2.0, math.nan, 1.0, math.nan, 5.0]])
    assert math.isnan(x.median().item())  # a NaN anywhere: NaN
    values, indices = mg.median(x, 1)
    assert values.tolist()[0] == 3.0 and math.isnan(values.tolist()[1])
    assert indices.tolist() == [1, 1]  # the first 3; the first NaN
    assert x.median(1, keepdim=True).indices.shape == (2, 1)
    even = mg.tensor([3.0, 1.0, 2.0, 2.0])
    assert even.median().item() == 2.0  # the lower middle value, never an average
    assert even.median(0).indices.item() == 2
    assert mg.tensor([2.0, 2.0, 2.0, 1.0, 1.0]).median(0).indices.item() == 0
    assert mg.tensor([1, 4, 2]).median().dtype == np.int64
    assert math.isnan(mg.zeros(0).median().item())


def test_median_gradients_match_pytorch() -> None:
    x = f64([1.0, 3.0, 3.0, 3.0, 0.0])
    x.median().backward()
    np.testing.assert_allclose(x.grad.numpy(), [0.0, 1 / 3, 1 / 3, 1 / 3, 0.0])  # shared
    y = f64([[1.0, 3.0, 3.0, 3.0, 0.0]])
    y.median(1).values.sum().backward()
    assert y.grad.tolist() == [[0.0, 1.0, 0.0, 0.0, 0.0]]  # only the index's element


@pytest.mark.parametrize("shape", [(), (5,), (4,), (3, 4), (2, 3, 4)])
def test_median_gradcheck(shape) -> None:
    x = f64(RNG.standard_normal(shape))
    assert mg.gradcheck(mg.median, (x,)) and mg.gradgradcheck(mg.median, (x,))
    for keepdim in (False, True):
        def fn(a, keepdim=keepdim):
            return mg.median(a, -1, keepdim).values
        assert mg.gradcheck(fn, (x,)) and mg.gradgradcheck(fn, (x,))


def test_median_errors() -> None:
    with pytest.raises(DTypeError, match="median: bool tensors"):
        mg.tensor([True]).median()
    with pytest.raises(ShapeError, match="median: axis 1 of the tensor of shape \\(2, 0\\)"):
        mg.zeros(2, 0).median(1)


def test_median_of_an_empty_integer_tensor_is_a_clear_error() -> None:
    """PyTorch returns int64's smallest number here; numpy's error would name NaN."""
    with pytest.raises(ValueError, match="median: the int64 tensor of shape \\(0,\\) is empty"):
        mg.tensor(np.zeros(0, np.int64)).median()


def test_numpy_axis_names_are_accepted_as_elsewhere_in_minigrad() -> None:
    x = mg.tensor([[3.0, 1.0, 2.0], [0.0, 5.0, 4.0]])
    assert x.sort(axis=0).indices.tolist() == [[1, 0, 0], [0, 1, 1]]
    assert mg.argsort(x, axis=0).tolist() == [[1, 0, 0], [0, 1, 1]]
    assert x.topk(1, axis=0).values.tolist() == [[3.0, 5.0, 4.0]]
    assert x.median(axis=1, keepdims=True).values.tolist() == [[2.0], [4.0]]
    with pytest.raises(TypeError, match="sort: unexpected argument"):
        x.sort(order=1)


# ---- mode ----------------------------------------------------------------------------------
def test_mode_matches_pytorch() -> None:
    # literals from torch 2.13: ties between counts go to the smallest value, and the index
    # is the last occurrence of the value
    x = mg.tensor([[1.0, 2.0, 2.0, 3.0, 3.0], [5.0, 5.0, 1.0, 1.0, 0.0]])
    values, indices = mg.mode(x)
    assert values.tolist() == [2.0, 1.0] and indices.tolist() == [2, 3]
    assert indices.dtype == np.int64 and values.dtype == np.float32
    assert x.mode(0).values.tolist() == [1.0, 2.0, 1.0, 1.0, 0.0]
    assert x.mode(0).indices.tolist() == [0, 0, 1, 1, 1]
    assert x.mode(dim=1, keepdim=True).indices.tolist() == [[2], [3]]
    assert mg.tensor([4.0, 7.0, 4.0, 7.0, 7.0, 4.0]).mode().indices.item() == 5
    assert mg.tensor([2, 1, 2, 1, 3]).mode().values.item() == 1
    assert mg.tensor([True, False, True]).mode().indices.item() == 2
    small = mg.tensor(np.array([1, 2, 2], np.uint8)).mode()
    assert small.values.dtype == np.uint8 and small.values.item() == 2
    scalar = mg.tensor(3.0).mode()
    assert scalar.values.item() == 3.0 and scalar.indices.item() == 0
    assert mg.zeros(2, 0).mode(0).values.shape == (0,)


def test_mode_counts_nans_as_one_value() -> None:
    n = float("nan")
    assert mg.tensor([n, 1.0, 2.0]).mode().values.item() == 1.0  # one NaN: no majority
    nans = mg.tensor([n, n, n, 2.0, 2.0]).mode()
    assert math.isnan(nans.values.item()) and nans.indices.item() == 2


def test_mode_gradient_goes_to_the_chosen_element() -> None:
    x = f64([[1.0, 2.0, 2.0], [0.0, 0.0, 5.0]])
    values, _ = x.mode(1)
    (values * f64([1.0, 10.0])).sum().backward()
    assert x.grad.tolist() == [[0.0, 0.0, 1.0], [0.0, 10.0, 0.0]]


@pytest.mark.parametrize("shape", [(), (5,), (3, 4), (2, 3, 4)])
def test_mode_gradcheck(shape) -> None:
    # distinct values: every count is 1, so the mode is the smallest and moves smoothly
    x = f64(RNG.standard_normal(shape))
    for dim in {0, -1}:
        for keepdim in (False, True):
            def fn(a, dim=dim, keepdim=keepdim):
                return mg.mode(a, dim, keepdim).values
            assert mg.gradcheck(fn, (x,)) and mg.gradgradcheck(fn, (x,))


def test_mode_errors() -> None:
    with pytest.raises(ShapeError, match="mode: axis 1 of the tensor of shape \\(2, 0\\)"):
        mg.zeros(2, 0).mode(1)
    with pytest.raises(TypeError, match="mode: dim must be one int"):
        mg.zeros(3).mode((0,))
