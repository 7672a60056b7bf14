"""DataLoader: walk a dataset in (optionally shuffled) mini-batches.

Each epoch (each `for batch in loader`) visits every sample exactly once:
the indices 0..n-1, permuted when `shuffle=True`, are cut into chunks of
`batch_size`. The samples of a chunk are stacked along a new first axis.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from ..creation import default_generator
from ..dtypes import to_array
from ..tensor import Tensor
from .dataset import Dataset, TensorDataset


def default_collate(samples: Sequence[Any]) -> Any:
    """Stack a list of samples into one batch, keeping the samples' structure.

    Tensors and numpy arrays are stacked along a new axis 0 (their dtype kept,
    so int64 labels stay int64); Python numbers become a 1-d tensor by
    minigrad's usual rules (floats -> float32, ints -> int64); tuples, lists
    and dicts are collated field by field.
    """
    first = samples[0]
    if isinstance(first, Tensor):
        return Tensor._make(np.stack([s._data for s in samples]))
    if isinstance(first, (np.ndarray, np.generic)):
        return Tensor._make(np.stack([np.asarray(s) for s in samples]))
    if isinstance(first, (bool, int, float)):
        return Tensor._make(to_array(list(samples)))
    if isinstance(first, dict):
        return {key: default_collate([s[key] for s in samples]) for key in first}
    if isinstance(first, (tuple, list)):
        if any(len(s) != len(first) for s in samples):
            raise ValueError("default_collate: samples in one batch have different lengths")
        return type(first)(default_collate(list(field)) for field in zip(*samples))
    raise TypeError(
        f"default_collate: cannot batch samples of type {type(first).__name__}; "
        "return Tensors, numpy arrays, numbers, or tuples/dicts of them from "
        "__getitem__, or pass your own collate_fn"
    )


class DataLoader:
    """Iterate over `dataset` in batches, as `torch.utils.data.DataLoader` does.

    Args:
        dataset: a `Dataset` (anything with `__len__` and `__getitem__`).
        batch_size: samples per batch; the last batch may be smaller.
        shuffle: visit the samples in a new random order every epoch.
        drop_last: drop the last batch when it is smaller than `batch_size`.
        seed: seed for the shuffling, so the sequence of epochs is reproducible.
        generator: a numpy Generator to shuffle with instead of `seed`. With
            neither, the shared generator (`mg.manual_seed`) is used.
        collate_fn: turns a list of samples into a batch (`default_collate`).

    Example::

        loader = DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True, seed=0)
        for xb, yb in loader:
            ...
    """

    def __init__(
        self,
        dataset: Dataset,
        batch_size: int = 1,
        shuffle: bool = False,
        drop_last: bool = False,
        seed: int | None = None,
        generator: np.random.Generator | None = None,
        collate_fn: Callable[[list[Any]], Any] | None = None,
    ) -> None:
        if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)):
            raise TypeError(
                f"DataLoader: batch_size must be a positive int, got {type(batch_size).__name__}"
            )
        if batch_size < 1:
            raise ValueError(f"DataLoader: batch_size must be at least 1, got {batch_size}")
        if seed is not None and generator is not None:
            raise ValueError("DataLoader: give seed= or generator=, not both")
        self.dataset = dataset
        self.batch_size = int(batch_size)
        self.shuffle = bool(shuffle)
        self.drop_last = bool(drop_last)
        self.collate_fn = collate_fn
        self.generator = generator if generator is not None else (
            np.random.default_rng(seed) if seed is not None else None
        )

    def __len__(self) -> int:
        """The number of batches in one epoch."""
        n = len(self.dataset)
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)

    def _order(self) -> np.ndarray:
        n = len(self.dataset)
        if not self.shuffle:
            return np.arange(n)
        rng = self.generator if self.generator is not None else default_generator()
        return rng.permutation(n)

    def __iter__(self) -> Iterator[Any]:
        order = self._order()
        stop = len(self) * self.batch_size
        for start in range(0, min(stop, len(order)), self.batch_size):
            yield self._batch(order[start:start + self.batch_size])

    def _batch(self, indices: np.ndarray) -> Any:
        # A TensorDataset can be sliced with all the indices at once (fast and
        # the same result as stacking the samples one by one).
        if isinstance(self.dataset, TensorDataset) and self.collate_fn is None:
            return self.dataset[indices]
        samples = [self.dataset[int(i)] for i in indices]
        return (self.collate_fn or default_collate)(samples)

    def __repr__(self) -> str:
        return (
            f"DataLoader({type(self.dataset).__name__} of {len(self.dataset)}, "
            f"batch_size={self.batch_size}, shuffle={self.shuffle}, drop_last={self.drop_last})"
        )
