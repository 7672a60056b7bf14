"""searchsorted, bucketize, bincount, histc, tril/triu_indices (no gradient), and
block_diag, cartesian_prod, combinations (gradients back to each element).
Literal results are PyTorch 2.13's for the same calls."""

from __future__ import annotations

import numpy as np
import pytest
from op_strategies import check

import minigrad as mg
from minigrad.errors import DTypeError, ShapeError


def values(t):
    return t.numpy().tolist()


# ---- locating ------------------------------------------------------------------------------
def test_searchsorted_left_right_rows_and_numbers() -> None:
    seq = mg.tensor([1, 3, 5, 7])
    assert values(mg.searchsorted(seq, mg.tensor([3, 6, 9]))) == [1, 3, 4]
    assert values(mg.searchsorted(seq, mg.tensor([3, 6, 9]), right=True)) == [2, 3, 4]
    assert values(mg.searchsorted(seq, mg.tensor([3]), side="right")) == [2]
    rows = mg.tensor([[1, 3, 5], [2, 4, 6]])
    assert values(mg.searchsorted(rows, mg.tensor([[3, 6], [3, 6]]))) == [[1, 3], [1, 2]]
    number = mg.searchsorted(seq, 3)
    assert number.shape == () and number.item() == 1 and number.dtype == np.int64
    assert mg.searchsorted(seq, mg.tensor([3]), out_int32=True).dtype == np.int32
    assert values(mg.searchsorted(mg.tensor([5.0, 1, 3]), mg.tensor([3.0]),
                                  sorter=mg.tensor([1, 2, 0]))) == [1]
    empty = mg.searchsorted(mg.zeros((0, 1)), mg.zeros((0, 0)))
    assert empty.shape == (0, 0) and empty.dtype == np.int64


def test_bucketize_is_searchsorted_on_boundaries() -> None:
    b = mg.tensor([1, 3, 5, 7])
    assert values(mg.bucketize(mg.tensor([[3, 6, 9]]), b, right=True)) == [[2, 3, 4]]
    assert mg.bucketize(3, b).item() == 1


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: mg.searchsorted(mg.tensor([[1.0, 2]]), mg.tensor([1.0])), ShapeError,
     r"searchsorted: a sorted sequence of shape \(1, 2\) is searched row by row"),
    (lambda: mg.searchsorted(mg.tensor(1.0), mg.tensor([1.0])), ShapeError, "0-d tensor"),
    (lambda: mg.searchsorted(mg.tensor([1.0]), 1.0, side="left", right=True), ValueError,
     "side='left' and right=True contradict"),
    (lambda: mg.searchsorted(mg.tensor([1.0]), 1.0, side="up"), ValueError, "'left' or 'right'"),
    (lambda: mg.searchsorted(mg.tensor([1.0, 2]), 1.0, sorter=mg.tensor([0.0, 1])), ShapeError,
     "sorter must be an integer tensor"),
    (lambda: mg.bucketize(mg.tensor([1.0]), mg.tensor([[1.0]])), ShapeError,
     r"bucketize: boundaries must be 1-D, got shape \(1, 1\)"),
])
def test_locating_errors(call, error, message) -> None:
    with pytest.raises(error, match=message):
        call()


# ---- counting ------------------------------------------------------------------------------
def test_bincount_counts_and_weights_with_pytorchs_dtypes() -> None:
    x = mg.tensor([0, 1, 1, 3])
    assert values(mg.bincount(x)) == [1, 2, 0, 1] and mg.bincount(x).dtype == np.int64
    assert values(x.bincount(minlength=6)) == [1, 2, 0, 1, 0, 0]
    w32 = mg.tensor([0.5, 1.0, 1.0, 2.0])
    assert values(mg.bincount(x, weights=w32)) == [0.5, 2.0, 0.0, 2.0]
    assert mg.bincount(x, weights=w32).dtype == np.float32
    assert mg.bincount(x, weights=mg.tensor([1, 2, 3, 4])).dtype == np.float64
    empty = mg.bincount(mg.tensor(np.zeros(0, np.int64)), weights=mg.zeros(0), minlength=3)
    assert values(empty) == [0, 0, 0] and empty.dtype == np.int64


@pytest.mark.parametrize(("call", "message"), [
    (lambda: mg.bincount(mg.tensor([-1, 2])), "non-negative integers.*holding negative"),
    (lambda: mg.bincount(mg.tensor([1.0])), "got float32"),
    (lambda: mg.bincount(mg.tensor([True])), "got bool"),
    (lambda: mg.bincount(mg.tensor([[1]])), r"shape \(1, 1\)"),
    (lambda: mg.bincount(mg.tensor([1]), minlength=-1), "minlength must be an int >= 0"),
    (lambda: mg.bincount(mg.tensor([1, 2]), weights=mg.ones(3)), "weights must have"),
])
def test_bincount_errors(call, message) -> None:
    with pytest.raises(ValueError, match="bincount: .*" + message):
        call()


def test_histc_bins_ranges_and_edges_as_pytorch() -> None:
    x = mg.tensor([1.0, 2, 1, 5])
    assert values(mg.histc(x, bins=4, min=0, max=3)) == [0, 2, 1, 0]  # 5 is outside
    assert values(mg.tensor([1.0, 2, 1]).histc(bins=4)) == [2, 0, 0, 1]  # max joins the last
    assert values(mg.histc(mg.tensor([2.0, 2]), bins=4)) == [0, 0, 2, 0]  # range 1 to 3
    assert values(mg.histc(mg.tensor([0.25], dtype=mg.float16), bins=1, min=-1, max=-1)) == [1]
    # -0.6 lies on an edge: worked out in float16 it falls in bin 0, as in PyTorch
    assert values(mg.histc(mg.tensor(-0.6, dtype=mg.float16), bins=2)) == [1, 0]
    assert values(mg.histc(mg.tensor([1.0, np.inf, 2]), bins=3, min=0, max=3)) == [0, 1, 1]
    assert mg.histc(mg.tensor([1.0], dtype=mg.float64)).dtype == np.float64


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: mg.histc(mg.tensor([1, 2])), DTypeError, "floating-point numbers, got int64"),
    (lambda: mg.histc(mg.tensor([1.0]), bins=0), ValueError, "bins must be an int > 0"),
    (lambda: mg.histc(mg.tensor([1.0]), min=3, max=1), ValueError, "max must be at least min"),
    (lambda: mg.histc(mg.tensor([1.0, np.inf])), ValueError, r"range \[1.0, inf\] is not finite"),
    (lambda: mg.histc(mg.tensor([1.0, np.nan])), ValueError, "not finite"),
    (lambda: mg.histc(mg.tensor([1.0]), min="low"), TypeError, "min must be a number"),
])
def test_histc_errors(call, error, message) -> None:
    with pytest.raises(error, match="histc: .*" + message):
        call()


def test_triangle_indices() -> None:
    assert values(mg.tril_indices(3, 4, 1)) == [[0, 0, 1, 1, 1, 2, 2, 2, 2],
                                                 [0, 1, 0, 1, 2, 0, 1, 2, 3]]
    assert values(mg.triu_indices(4, 3, -1)) == [[0, 0, 0, 1, 1, 1, 2, 2, 3],
                                                 [0, 1, 2, 0, 1, 2, 1, 2, 2]]
    assert mg.tril_indices(0, 3).shape == (2, 0)
    assert mg.triu_indices(2, 2, dtype=mg.int32).dtype == np.int32
    with pytest.raises(DTypeError, match="tril_indices: dtype must be an integer dtype"):
        mg.tril_indices(2, 2, dtype=mg.float32)
    with pytest.raises(ValueError, match="triu_indices: row must be an int >= 0, got -1"):
        mg.triu_indices(-1, 2)


def test_no_gradient_and_inputs_unchanged() -> None:
    x = mg.tensor([0.5, 1.5, 2.5], requires_grad=True)
    before = x.numpy().copy()
    for out in (mg.searchsorted(x, x), mg.histc(x, bins=2), mg.bucketize(x, mg.tensor([1.0]))):
        assert out.grad_fn is None and not out.requires_grad
    np.testing.assert_array_equal(x.numpy(), before)


# ---- combining (differentiable) ----------------------------------------------------------
def test_block_diag_values_dtypes_and_gradient() -> None:
    out = mg.block_diag(mg.tensor(2.0), mg.tensor([1.0, 2]), mg.ones(2, 3))
    assert values(out) == [[2, 0, 0, 0, 0, 0], [0, 1, 2, 0, 0, 0],
                           [0, 0, 0, 1, 1, 1], [0, 0, 0, 1, 1, 1]]
    assert mg.block_diag(mg.tensor([1, 2]), mg.ones(2, 3, dtype=mg.float64)).dtype == np.float64
    # a 0-d tensor counts less in the promotion, as in x + y
    assert mg.block_diag(mg.ones(1, dtype=mg.float16), mg.tensor(0.25)).dtype == np.float16
    assert values(mg.block_diag(mg.tensor([[True]]), mg.tensor([[2]]))) == [[1, 0], [0, 2]]
    assert mg.block_diag().shape == (1, 0)
    rng = np.random.default_rng(0)
    check(lambda a, b, c: mg.block_diag(a, b, c), rng.standard_normal(()),
          rng.standard_normal(3), rng.standard_normal((2, 2)))
    with pytest.raises(ShapeError, match=r"block_diag: .* tensor 0 has shape \(1, 1, 1\)"):
        mg.block_diag(mg.ones(1, 1, 1))


def test_cartesian_prod() -> None:
    out = mg.cartesian_prod(mg.tensor([1, 2]), mg.tensor([3, 4, 5]))
    assert values(out) == [[1, 3], [1, 4], [1, 5], [2, 3], [2, 4], [2, 5]]
    one = mg.tensor([1, 2])
    assert mg.cartesian_prod(one) is one
    rng = np.random.default_rng(1)
    check(lambda a, b, c: mg.cartesian_prod(a, b, c), rng.standard_normal(2),
          rng.standard_normal(3), rng.standard_normal(1))
    with pytest.raises(ShapeError, match=r"cartesian_prod: .* tensor 1 has shape \(2, 2\)"):
        mg.cartesian_prod(one, mg.ones(2, 2))
    with pytest.raises(ValueError, match="at least one tensor"):
        mg.cartesian_prod()


def test_combinations() -> None:
    x = mg.tensor([1.0, 2, 3], requires_grad=True)
    pairs = mg.combinations(x, 2, with_replacement=True)
    assert values(pairs) == [[1, 1], [1, 2], [1, 3], [2, 2], [2, 3], [3, 3]]
    pairs.sum().backward()
    assert values(x.grad) == [4, 4, 4]  # each element sits in four of the pairs
    assert values(mg.combinations(mg.tensor([1, 2, 3]))) == [[1, 2], [1, 3], [2, 3]]
    assert mg.combinations(mg.tensor([1, 2]), r=3).shape == (0, 3)
    nothing = mg.combinations(x, r=0)
    assert nothing.shape == (0,) and not nothing.requires_grad
    check(lambda a: mg.combinations(a, 3), np.random.default_rng(2).standard_normal(4))
    with pytest.raises(ShapeError, match=r"combinations: the input must be 1-D"):
        mg.combinations(mg.ones(2, 2))
    with pytest.raises(ValueError, match="r must be an int >= 0, got -1"):
        mg.combinations(x, -1)
