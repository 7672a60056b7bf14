"""random_split: counts or fractions, as in PyTorch, and never a silent mix of both."""

from __future__ import annotations

import numpy as np
import pytest

from minigrad import data


def dataset(n: int) -> data.TensorDataset:
    return data.TensorDataset(np.arange(n))


@pytest.mark.parametrize("lengths, sizes", [
    ([0.7, 0.3], [7, 3]),
    ([0.25, 0.25, 0.25, 0.25], [3, 3, 2, 2]),  # PyTorch's sizes: leftovers go first
    ([0.1, 0.2, 0.7], [1, 2, 7]),
    ([2, 8], [2, 8]),
    ([np.int64(4), np.int64(6)], [4, 6]),
    ([1, 0], [10, 0]),  # ints summing to 1 are fractions in PyTorch too
])
def test_sizes_match_pytorch(lengths, sizes):
    parts = data.random_split(dataset(10), lengths, seed=0)
    assert [len(p) for p in parts] == sizes
    values = sorted(int(p[i][0].item()) for p in parts for i in range(len(p)))
    assert values == list(range(10))


@pytest.mark.parametrize("lengths", [[0.5, 10], [0.5, 9.5], [5.0, 5.0], [2.5, 7.5]])
def test_fractions_and_counts_are_not_mixed(lengths):
    # [0.5, 10] used to become counts [0, 10]: an empty split, silently.
    with pytest.raises(ValueError, match="neither whole-number counts nor fractions"):
        data.random_split(dataset(10), lengths)


def test_other_bad_lengths():
    with pytest.raises(ValueError, match=r"fraction 1\.5 .* not in \[0, 1\]"):
        data.random_split(dataset(10), [1.5, -0.5])
    with pytest.raises(ValueError, match="add up"):
        data.random_split(dataset(10), [3, 3])
    with pytest.raises(ValueError, match="add up"):
        data.random_split(dataset(10), [12, -2])
    with pytest.raises(TypeError, match="list of numbers"):
        data.random_split(dataset(10), ["5", "5"])
    with pytest.raises(TypeError, match="list of numbers"):
        data.random_split(dataset(10), [])
