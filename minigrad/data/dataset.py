"""Datasets: things with a length that hand out one sample per index.

The protocol is PyTorch's: a `Dataset` has `__len__` and `__getitem__(i)`;
a `DataLoader` (loader.py) asks it for samples and stacks them into batches.
`TensorDataset` wraps arrays that share their first dimension, so sample `i`
is `(X[i], y[i])`.
"""

from __future__ import annotations

import bisect
import math
import numbers
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from ..errors import ShapeError
from ..tensor import Tensor


class Dataset:
    """Base class: subclass it and define `__len__` and `__getitem__`.

    Example::

        class Squares(Dataset):
            def __len__(self):
                return 10

            def __getitem__(self, i):
                return float(i), float(i * i)
    """

    def __len__(self) -> int:
        raise NotImplementedError(
            f"{type(self).__name__} must define __len__ (the number of samples)"
        )

    def __getitem__(self, index: int) -> Any:
        raise NotImplementedError(
            f"{type(self).__name__} must define __getitem__(index) returning one sample"
        )

    def __add__(self, other: Dataset) -> ConcatDataset:
        """`a + b`: the samples of `a`, then those of `b` (a `ConcatDataset`)."""
        return ConcatDataset([self, other])


class IterableDataset(Dataset):
    """Base class for a stream of samples: subclass it and define `__iter__`.

    For data read as it comes (lines of a file, a generator) rather than looked
    up by index. A DataLoader walks it in order and batches what it yields; it
    refuses `shuffle=True`, `sampler=` and `batch_sampler=`, as PyTorch's does.
    `len()` works only if the subclass defines `__len__`.

    Example::

        class Counter(IterableDataset):
            def __iter__(self):
                return iter(range(10))
    """

    def __iter__(self) -> Iterator[Any]:
        raise NotImplementedError(
            f"{type(self).__name__} must define __iter__ (yielding one sample at a time)"
        )

    def __len__(self) -> int:
        raise TypeError(f"object of type {type(self).__name__!r} has no len(): an "
                        "IterableDataset has a length only if it defines __len__")

    def __getitem__(self, index: int) -> Any:
        raise TypeError(f"{type(self).__name__} is an IterableDataset: iterate over it "
                        "instead of indexing it")

    def __add__(self, other: Dataset) -> ChainDataset:  # type: ignore[override]
        """`a + b`: the stream of `a`, then that of `b` (a `ChainDataset`)."""
        return ChainDataset([self, other])


class ChainDataset(IterableDataset):
    """Several IterableDatasets one after the other."""

    def __init__(self, datasets: Iterable[Dataset]) -> None:
        self.datasets = datasets

    def __iter__(self) -> Iterator[Any]:
        for d in self.datasets:
            if not isinstance(d, IterableDataset):
                raise AssertionError("ChainDataset only supports IterableDataset")
            yield from d

    def __len__(self) -> int:
        total = 0
        for d in self.datasets:
            if not isinstance(d, IterableDataset):
                raise AssertionError("ChainDataset only supports IterableDataset")
            total += len(d)
        return total


class ConcatDataset(Dataset):
    """Several datasets one after the other: index `i` past the first dataset's
    length continues into the second, and so on; negative indices count from the end.

    `cumulative_sizes[k]` is the number of samples in the first k + 1 datasets.
    """

    def __init__(self, datasets: Iterable[Dataset]) -> None:
        self.datasets = list(datasets)
        if len(self.datasets) == 0:
            raise AssertionError("datasets should not be an empty iterable")
        for d in self.datasets:
            if isinstance(d, IterableDataset):
                raise AssertionError("ConcatDataset does not support IterableDataset")
        self.cumulative_sizes = self.cumsum(self.datasets)

    @staticmethod
    def cumsum(sequence: Sequence[Dataset]) -> list[int]:
        """The running totals of the datasets' lengths."""
        totals, running = [], 0
        for d in sequence:
            running += len(d)
            totals.append(running)
        return totals

    def __len__(self) -> int:
        return self.cumulative_sizes[-1]

    def __getitem__(self, idx: int) -> Any:
        if idx < 0:
            if -idx > len(self):
                raise ValueError("absolute value of index should not exceed dataset length")
            idx = len(self) + idx
        which = bisect.bisect_right(self.cumulative_sizes, idx)
        if which >= len(self.datasets):
            raise IndexError(f"ConcatDataset index {idx} is out of range for its "
                             f"{len(self)} samples")
        start = self.cumulative_sizes[which - 1] if which > 0 else 0
        return self.datasets[which][idx - start]


class TensorDataset(Dataset):
    """Samples are rows of the given tensors: `dataset[i] == (t[i] for t in tensors)`.

    Accepts Tensors or numpy arrays (arrays are wrapped without changing their
    dtype, so int64 labels stay int64). All must have the same first dimension.
    """

    def __init__(self, *tensors: Tensor | np.ndarray) -> None:
        if not tensors:
            raise ValueError("TensorDataset: give at least one tensor, e.g. TensorDataset(X, y)")
        wrapped = []
        for t in tensors:
            if isinstance(t, np.ndarray):
                t = Tensor(t)  # a copy: later changes to the caller's array do not leak in
            if not isinstance(t, Tensor):
                raise TypeError(
                    f"TensorDataset: expected Tensors or numpy arrays, got {type(t).__name__}"
                )
            if t.ndim == 0:
                raise ShapeError("TensorDataset: a 0-d tensor has no samples to index")
            wrapped.append(t)
        sizes = [t.shape[0] for t in wrapped]
        if len(set(sizes)) != 1:
            shapes = ", ".join(str(t.shape) for t in wrapped)
            raise ShapeError(
                f"TensorDataset: size mismatch between tensors: shapes {shapes}; "
                "every tensor needs the same first dimension (one row per sample)"
            )
        self.tensors: tuple[Tensor, ...] = tuple(wrapped)

    def __len__(self) -> int:
        return self.tensors[0].shape[0]

    def __getitem__(self, index: Any) -> tuple[Tensor, ...]:
        # Plain numpy indexing: samples are data, not part of any graph.
        return tuple(Tensor._make(t._data[index]) for t in self.tensors)


class Subset(Dataset):
    """The samples of `dataset` at `indices`, in that order."""

    def __init__(self, dataset: Dataset, indices: Sequence[int]) -> None:
        self.dataset = dataset
        self.indices = [int(i) for i in indices]

    def __len__(self) -> int:
        return len(self.indices)

    def __getitem__(self, index: int) -> Any:
        return self.dataset[self.indices[index]]


def random_split(
    dataset: Dataset,
    lengths: Sequence[int | float],
    generator: np.random.Generator | None = None,
    seed: int | None = None,
) -> list[Subset]:
    """Split `dataset` at random into non-overlapping subsets of the given lengths.

    `lengths` are either whole-number counts summing to `len(dataset)`, or
    fractions in [0, 1] summing to 1 (leftover samples from rounding go to the
    first subsets, one each), as in PyTorch; a mix of the two (`[0.5, 10]`) is
    refused. Pass `seed=` or `generator=` for a reproducible split.
    """
    n = len(dataset)
    lengths = list(lengths)
    if not lengths or not all(isinstance(x, numbers.Real) for x in lengths):
        raise TypeError(
            f"random_split: lengths must be a non-empty list of numbers, got {lengths!r}"
        )
    total = sum(lengths)
    if math.isclose(total, 1.0) and total <= 1.0:  # fractions (PyTorch's test)
        bad = [x for x in lengths if not 0.0 <= x <= 1.0]
        if bad:
            raise ValueError(f"random_split: fraction {bad[0]} in {lengths} is not in [0, 1]")
        counts = [math.floor(n * x) for x in lengths]
        for i in range(n - sum(counts)):
            counts[i % len(counts)] += 1
    elif all(isinstance(x, numbers.Integral) for x in lengths):
        counts = [int(x) for x in lengths]
    else:  # int(0.5) would silently be 0: [0.5, 10] must not split 10 samples into 0 and 10
        raise ValueError(
            f"random_split: lengths {lengths} are neither whole-number counts nor fractions "
            f"summing to 1; give counts summing to {n} (e.g. [{n - n // 2}, {n // 2}]) or "
            "fractions (e.g. [0.5, 0.5]), not a mix"
        )
    if sum(counts) != n or any(c < 0 for c in counts):
        raise ValueError(
            f"random_split: lengths {lengths} do not add up to the dataset's "
            f"{n} samples; give counts summing to {n} or fractions summing to 1"
        )
    rng = generator if generator is not None else np.random.default_rng(seed)
    order = rng.permutation(n)
    bounds = np.cumsum([0, *counts])
    return [Subset(dataset, order[a:b].tolist()) for a, b in zip(bounds[:-1], bounds[1:])]
