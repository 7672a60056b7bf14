"""DataLoader: walk a dataset in (optionally shuffled) mini-batches.

Each epoch (each `for batch in loader`) visits every sample exactly once:
a sampler (sampler.py) gives the indices 0..n-1, permuted when `shuffle=True`,
and a BatchSampler cuts them into chunks of `batch_size`. The samples of a
chunk are stacked along a new first axis. An IterableDataset is read in order
and its samples are grouped the same way.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from ..dtypes import to_array
from ..tensor import Tensor
from .dataset import Dataset, IterableDataset, TensorDataset
from .sampler import BatchSampler, RandomSampler, Sampler, SequentialSampler


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
        dataset: a `Dataset` (anything with `__len__` and `__getitem__`), or an
            `IterableDataset` (read in order).
        batch_size: samples per batch; the last batch may be smaller. None turns
            batching off: each sample comes out on its own (arrays as Tensors).
        shuffle: visit the samples in a new random order every epoch.
        sampler: the order of the indices (a `Sampler` or any iterable of
            indices); not together with `shuffle`.
        batch_sampler: gives whole lists of indices, one per batch; not together
            with `batch_size`, `shuffle`, `sampler` or `drop_last`.
        num_workers: accepted for PyTorch's code (and timeout, worker_init_fn,
            multiprocessing_context, prefetch_factor, persistent_workers, with
            PyTorch's checks); minigrad always loads in the main process, so the
            batches are the same and worker_init_fn is never called.
        collate_fn: turns a list of samples into a batch (`default_collate`).
        pin_memory: accepted and ignored (minigrad is CPU only).
        drop_last: drop the last batch when it is smaller than `batch_size`.
        generator: a numpy Generator to shuffle with instead of the shared one
            (`mg.manual_seed`).
        seed: (minigrad's, keyword only) seed a new generator for the shuffling,
            so the sequence of epochs is reproducible.

    Example::

        loader = DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True, seed=0)
        for xb, yb in loader:
            ...
    """

    def __init__(
        self,
        dataset: Dataset,
        batch_size: int | None = 1,
        shuffle: bool | None = None,
        sampler: Sampler | Iterable[int] | None = None,
        batch_sampler: Sampler | Iterable[list[int]] | None = None,
        num_workers: int = 0,
        collate_fn: Callable[[list[Any]], Any] | None = None,
        pin_memory: bool = False,
        drop_last: bool = False,
        timeout: float = 0,
        worker_init_fn: Callable[[int], None] | None = None,
        multiprocessing_context: Any = None,
        generator: np.random.Generator | None = None,
        *,
        prefetch_factor: int | None = None,
        persistent_workers: bool = False,
        seed: int | None = None,
    ) -> None:
        if num_workers < 0:
            raise ValueError("num_workers option should be non-negative; "
                             "use num_workers=0 to disable multiprocessing.")
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError("prefetch_factor option could only be specified in multiprocessing."
                             "let num_workers > 0 to enable multiprocessing, otherwise set "
                             "prefetch_factor to None.")
        if prefetch_factor is not None and prefetch_factor < 0:
            raise ValueError("prefetch_factor option should be non-negative")
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")
        if seed is not None and generator is not None:
            raise ValueError("DataLoader: give seed= or generator=, not both")
        if seed is not None:
            generator = np.random.default_rng(seed)
        self._iterable = isinstance(dataset, IterableDataset)
        if self._iterable:
            if shuffle not in {False, None}:
                raise ValueError("DataLoader with IterableDataset: expected unspecified "
                                 f"shuffle option, but got shuffle={shuffle}")
            if sampler is not None:
                raise ValueError("DataLoader with IterableDataset: expected unspecified "
                                 f"sampler option, but got sampler={sampler}")
            if batch_sampler is not None:
                raise ValueError("DataLoader with IterableDataset: expected unspecified "
                                 f"batch_sampler option, but got batch_sampler={batch_sampler}")
        shuffle = bool(shuffle)
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("batch_sampler option is mutually exclusive with batch_size, "
                                 "shuffle, sampler, and drop_last")
            batch_size, drop_last = None, False
        elif batch_size is None and drop_last:
            raise ValueError("batch_size=None option disables auto-batching and is mutually "
                             "exclusive with drop_last")
        if sampler is None and not self._iterable:
            sampler = (RandomSampler(dataset, generator=generator) if shuffle
                       else SequentialSampler(dataset))
        if batch_size is not None and batch_sampler is None and not self._iterable:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        elif batch_size is not None and self._iterable:
            BatchSampler([], batch_size, drop_last)  # PyTorch's checks of the two arguments
        self.dataset = dataset
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.num_workers = num_workers
        self.pin_memory = pin_memory
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.multiprocessing_context = multiprocessing_context
        self.prefetch_factor = prefetch_factor
        self.persistent_workers = persistent_workers
        self.generator = generator
        self.collate_fn = collate_fn

    def __len__(self) -> int:
        """The number of batches in one epoch."""
        if self._iterable:
            n = len(self.dataset)  # a TypeError unless the IterableDataset defines __len__
            if self.batch_size is None:
                return n
            return n // self.batch_size if self.drop_last else -(-n // self.batch_size)
        return len(self.batch_sampler if self.batch_sampler is not None else self.sampler)

    def __iter__(self) -> Iterator[Any]:
        if self._iterable:
            yield from self._stream()
        elif self.batch_sampler is None:  # batch_size=None: one sample at a time
            for i in self.sampler:
                yield self._single(self.dataset[i])
        else:
            for indices in self.batch_sampler:
                yield self._batch(indices)

    def _stream(self) -> Iterator[Any]:
        samples = iter(self.dataset)
        if self.batch_size is None:
            for sample in samples:
                yield self._single(sample)
            return
        while batch := list(itertools.islice(samples, self.batch_size)):
            if len(batch) < self.batch_size and self.drop_last:
                return
            yield (self.collate_fn or default_collate)(batch)

    def _single(self, sample: Any) -> Any:
        return self.collate_fn(sample) if self.collate_fn is not None else _convert(sample)

    def _batch(self, indices: Sequence[int]) -> Any:
        # A TensorDataset can be sliced with all the indices at once (fast and
        # the same result as stacking the samples one by one).
        if type(self.dataset) is TensorDataset and self.collate_fn is None:
            return self.dataset[np.asarray(indices, dtype=np.int64)]
        samples = [self.dataset[i] for i in indices]
        return (self.collate_fn or default_collate)(samples)

    def __repr__(self) -> str:
        size = "" if self._iterable else f" of {len(self.dataset)}"
        return (
            f"DataLoader({type(self.dataset).__name__}{size}, "
            f"batch_size={self.batch_size}, shuffle={self.shuffle}, drop_last={self.drop_last})"
        )


def _convert(sample: Any) -> Any:
    """A sample as it comes out with batching off: arrays become Tensors (PyTorch's
    default_convert), everything else is left as it is."""
    if isinstance(sample, np.ndarray):
        return Tensor._make(sample)
    if isinstance(sample, dict):
        return {key: _convert(value) for key, value in sample.items()}
    if isinstance(sample, (tuple, list)):
        return type(sample)(_convert(value) for value in sample)
    return sample
