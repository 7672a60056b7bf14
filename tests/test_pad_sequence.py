"""nn.utils.rnn.pad_sequence: values and gradients (PyTorch 2.13's numbers as
literals), dtypes, broadcasting of the trailing axes, and every error."""

from __future__ import annotations

import numpy as np
import pytest
from op_strategies import check

import minigrad as mg
from minigrad.errors import ShapeError
from minigrad.nn.utils.rnn import pad_sequence


def test_values_as_pytorch() -> None:
    a = mg.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    b = mg.tensor([[7.0, 8.0]])
    assert pad_sequence([a, b]).tolist() == [[[1.0, 2.0], [7.0, 8.0]], [[3.0, 4.0], [0.0, 0.0]],
                                             [[5.0, 6.0], [0.0, 0.0]]]
    left = pad_sequence([a, b], batch_first=True, padding_side="left", padding_value=-1)
    assert left.tolist() == [[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]],
                             [[-1.0, -1.0], [-1.0, -1.0], [7.0, 8.0]]]
    ints = pad_sequence([mg.tensor([1, 2, 3]), mg.tensor([4])], padding_value=-1.7)
    assert ints.tolist() == [[1, 4], [2, -1], [3, -1]] and ints.dtype == np.int64
    broadcast = pad_sequence([mg.ones(2, 3), mg.ones(1, 1) * 5])  # (1, 1) -> (1, 3)
    assert broadcast.tolist() == [[[1.0, 1.0, 1.0], [5.0, 5.0, 5.0]],
                                  [[1.0, 1.0, 1.0], [0.0, 0.0, 0.0]]]
    assert pad_sequence(mg.ones(3, 2)).shape == (2, 3)  # a tensor: its rows are the sequences
    assert pad_sequence((mg.zeros(0, 2), mg.zeros(0, 2))).shape == (0, 2, 2)
    assert pad_sequence([mg.zeros(0), mg.ones(2)], batch_first=True).tolist() == [[0.0, 0.0],
                                                                                 [1.0, 1.0]]


def test_gradient_as_pytorch() -> None:
    x = mg.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = mg.tensor([4.0], requires_grad=True)
    out = pad_sequence([x, y], batch_first=True)
    (out * mg.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])).sum().backward()
    assert x.grad.tolist() == [1.0, 2.0, 3.0] and y.grad.tolist() == [4.0]


@pytest.mark.parametrize("kwargs", [{}, {"batch_first": True}, {"padding_side": "left"},
                                    {"batch_first": True, "padding_side": "left",
                                     "padding_value": 2.5}])
def test_gradcheck(kwargs) -> None:
    rng = np.random.default_rng(0)
    check(lambda a, b, c: pad_sequence([a, b, c], **kwargs),
          rng.standard_normal((3, 2)), rng.standard_normal((1, 2)), rng.standard_normal((0, 2)))
    check(lambda a, b: pad_sequence([a, b], **kwargs),  # b broadcast from (2, 1) to (2, 3)
          rng.standard_normal((4, 3)), rng.standard_normal((2, 1)))
    check(lambda a, b: pad_sequence([a, b], **kwargs), rng.standard_normal(2),
          rng.standard_normal(5))


def test_dtypes() -> None:
    f32 = pad_sequence([mg.ones(2, dtype=mg.float32), mg.ones(1, dtype=mg.float32)],
                       padding_value=0.1)
    assert f32.dtype == np.float32 and f32.tolist()[1][1] == pytest.approx(0.1)
    # the first sequence's dtype, as PyTorch's
    assert pad_sequence([mg.ones(1, dtype=mg.float64), mg.ones(2)]).dtype == np.float64
    assert pad_sequence([mg.ones(1), mg.ones(2, dtype=mg.float64)]).dtype == np.float32
    assert pad_sequence([mg.tensor([1, 2]), mg.tensor([1.5])]).tolist() == [[1, 1], [2, 0]]
    assert pad_sequence([mg.tensor([True]), mg.tensor([False, True])],
                        padding_value=-1.0).tolist() == [[True, False], [True, True]]
    half = pad_sequence([mg.ones(1, dtype=mg.float16), mg.ones(2, dtype=mg.float16)],
                        padding_value=float("inf"))
    assert half.dtype == np.float16 and half.tolist() == [[1.0, 1.0], [float("inf"), 1.0]]


@pytest.mark.parametrize("call, error, message", [
    (lambda: pad_sequence([]), ValueError, "empty list"),
    (lambda: pad_sequence(5), TypeError, "iterable"),
    (lambda: pad_sequence([[1.0, 2.0]]), TypeError, "sequence 0 is a list"),
    (lambda: pad_sequence([mg.tensor(1.0), mg.tensor(2.0)]), ShapeError, "0-d"),
    (lambda: pad_sequence(mg.ones(3)), ShapeError, "0-d"),
    (lambda: pad_sequence([mg.ones(2, 3), mg.ones(1, 2)]), ShapeError,
     r"sequence 1 has shape \(1, 2\), which does not broadcast to \(1, 3\)"),
    (lambda: pad_sequence([mg.ones(2), mg.ones(1, 2)]), ShapeError, "does not broadcast"),
    (lambda: pad_sequence([mg.ones(2)], padding_side="middle"), ValueError,
     "one of left or right, but got 'middle'"),
    (lambda: pad_sequence([mg.ones(2)], batch_first=1), TypeError, "batch_first must be a bool"),
    (lambda: pad_sequence([mg.ones(2, dtype=mg.uint8)], padding_value=-1), ValueError,
     "padding_value -1 cannot be converted to uint8"),
    (lambda: pad_sequence([mg.ones(2, dtype=mg.int64)], padding_value=float("nan")), ValueError,
     "without overflow"),
    (lambda: pad_sequence([mg.ones(2, dtype=mg.float16)], padding_value=1e5), ValueError,
     "float16"),
])
def test_errors(call, error, message) -> None:
    with pytest.raises(error, match=message):
        call()


def test_inputs_unchanged_and_importable_as_pytorch() -> None:
    import minigrad.nn.utils.rnn as rnn

    a = mg.tensor([1.0, 2.0])
    pad_sequence([a, mg.tensor([3.0])], padding_value=9.0)
    assert a.tolist() == [1.0, 2.0]
    assert mg.nn.utils.rnn.pad_sequence is rnn.pad_sequence is pad_sequence
