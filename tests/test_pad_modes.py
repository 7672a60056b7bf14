"""F.pad's modes that copy the input's own elements (ops/pad_edges.py): reflect,
replicate and circular, with PyTorch 2.13's values (literals), float64 gradient checks
on batched and unbatched inputs with 1, 2 and 3 padded axes (crops included), and
PyTorch's rules on what fits, as clear errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from op_strategies import SOME, check, seeds

import minigrad as mg
from minigrad import functional as F
from minigrad.errors import ShapeError

ROW = mg.arange(4.0).reshape(1, 4)  # [[0, 1, 2, 3]]


@pytest.mark.parametrize("mode, amounts, expected", [
    # from torch.nn.functional.pad(torch.arange(4.).reshape(1, 4), amounts, mode=mode)
    ("reflect", (2, 1), [2, 1, 0, 1, 2, 3, 2]),
    ("reflect", (3, 0), [3, 2, 1, 0, 1, 2, 3]),
    ("reflect", (-1, 2), [1, 2, 3, 2, 1]),
    ("reflect", (-4, 1), [2]),
    ("replicate", (2, 1), [0, 0, 0, 1, 2, 3, 3]),
    ("replicate", (0, 5), [0, 1, 2, 3, 3, 3, 3, 3, 3]),
    ("replicate", (1, -1), [0, 0, 1, 2]),
    ("circular", (2, 1), [2, 3, 0, 1, 2, 3, 0]),
    ("circular", (4, 0), [0, 1, 2, 3, 0, 1, 2, 3]),
    ("circular", (-1, 2), [1, 2, 3, 1, 2]),  # wrapped within what the crop left
    ("circular", (1, -1), [2, 0, 1, 2]),
])
def test_values_match_pytorch(mode, amounts, expected):
    assert F.pad(ROW, amounts, mode=mode).tolist() == [expected]


def test_two_axes_reflect_matches_pytorch():
    x = mg.tensor(np.arange(9.0).reshape(1, 3, 3))
    assert F.pad(x, (1, 1, 1, 1), mode="reflect").tolist() == [[
        [4, 3, 4, 5, 4], [1, 0, 1, 2, 1], [4, 3, 4, 5, 4], [7, 6, 7, 8, 7], [4, 3, 4, 5, 4]]]
    assert F.pad(x, (0, 1, 1, 0), mode="replicate")[0, :, -1].tolist() == [2, 2, 5, 8]


def test_gradient_adds_every_copy_into_its_source():
    x = mg.tensor([[0.0, 1.0, 2.0, 3.0]], requires_grad=True)
    F.pad(x, (2, 1), mode="replicate").sum().backward()
    assert x.grad.tolist() == [[3.0, 1.0, 1.0, 2.0]]  # torch 2.13 gives the same
    x.grad = None
    F.pad(x, (2, 1), mode="reflect").sum().backward()
    assert x.grad.tolist() == [[1.0, 2.0, 3.0, 1.0]]


@st.composite
def padded(draw):
    """A mode, an input of k + 1 or k + 2 axes, and amounts (crops too) that fit it."""
    mode = draw(st.sampled_from(["reflect", "replicate", "circular"]))
    k = draw(st.integers(1, 3))
    shape = tuple(draw(st.integers(1, 3)) for _ in range(k + draw(st.integers(1, 2))))
    amounts = []
    for n in reversed(shape[-k:]):
        if mode == "reflect":
            amounts += [draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))]
        elif mode == "replicate":
            amounts += [draw(st.integers(-(n - 1), 3)), draw(st.integers(0, 3))]
        else:
            before = draw(st.integers(-(n - 1), 0))
            amounts += [before, draw(st.integers(0, n + before))]
    return mode, shape, tuple(amounts)


@SOME
@given(case=padded(), seed=seeds)
def test_gradients(case, seed):
    mode, shape, amounts = case
    x = np.random.default_rng(seed).standard_normal(shape)
    check(lambda t: F.pad(t, amounts, mode=mode), x)


def test_dtypes_kept_and_input_untouched():
    for dtype in (np.float32, np.int64, np.uint8):
        x = mg.tensor(np.arange(6).reshape(1, 2, 3).astype(dtype))
        before = x.numpy().copy()
        for mode in ("reflect", "replicate", "circular"):
            assert F.pad(x, (1, 1), mode=mode).dtype == dtype
        np.testing.assert_array_equal(x.numpy(), before)


@pytest.mark.parametrize("call, error, words", [
    (lambda: F.pad(ROW, (1, 1), mode="reflect", value=2.0), ValueError,
     "takes no value (got value=2.0)"),
    (lambda: F.pad(mg.arange(4.0), (1, 1), mode="reflect"), ShapeError,
     "2 amounts need a 2-D or 3-D input, got shape (4,)"),
    (lambda: F.pad(mg.zeros(3, 3), (1, 1, 1, 1), mode="circular"), ShapeError,
     "4 amounts need a 3-D or 4-D input, got shape (3, 3)"),
    (lambda: F.pad(ROW, (4, 0), mode="reflect"), ShapeError, "each amount below the size"),
    (lambda: F.pad(ROW, (0, 5), mode="circular"), ShapeError, "at most the size left"),
    (lambda: F.pad(ROW, (-2, -2), mode="replicate"), ShapeError, "a non-empty result"),
    (lambda: F.pad(mg.zeros(1, 0), (1, 1), mode="replicate"), ShapeError,
     "every axis but the batch to be non-empty"),
    (lambda: F.pad(ROW, (1, 1), mode="wrap"), ValueError, "not a padding mode"),
])
def test_errors_say_what_fits(call, error, words):
    with pytest.raises(error, match=r"^pad: ") as info:
        call()
    assert words in str(info.value)
