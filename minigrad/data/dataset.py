"""Datasets: things with a length that hand out one sample per index.

The protocol is PyTorch's: a `Dataset` has `__len__` and `__getitem__(i)`;
a `DataLoader` (loader.py) asks it for samples and stacks them into batches.
`TensorDataset` wraps arrays that share their first dimension, so sample `i`
is `(X[i], y[i])`.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
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
