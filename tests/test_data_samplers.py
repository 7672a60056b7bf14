"""ConcatDataset, IterableDataset, the samplers and DataLoader's sampler= and
batch_sampler=, as torch.utils.data's. The orders of the deterministic samplers,
the batching, the lengths and the errors are PyTorch 2.13's (literals here, and
the tests marked `torch` compare with torch itself); random draws come from
minigrad's generator, so only their sizes and sets are checked."""

from __future__ import annotations

import numpy as np
import pytest
from torch_or_skip import torch_or_skip

import minigrad as mg
from minigrad.utils.data import (
    BatchSampler,
    ChainDataset,
    ConcatDataset,
    DataLoader,
    Dataset,
    IterableDataset,
    RandomSampler,
    Sampler,
    SequentialSampler,
    SubsetRandomSampler,
    TensorDataset,
    WeightedRandomSampler,
)


class Ids(Dataset):
    """Sample i is the int i (offset by `start`)."""

    def __init__(self, n: int, start: int = 0) -> None:
        self.n, self.start = n, start

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> int:
        if not -self.n <= i < self.n:
            raise IndexError(i)
        return self.start + (i % self.n)


class Stream(IterableDataset):
    def __init__(self, n: int, sized: bool = False) -> None:
        self.n, self.sized = n, sized

    def __iter__(self):
        return iter(range(self.n))

    def __len__(self) -> int:
        if not self.sized:
            return super().__len__()
        return self.n


def _batches(loader) -> list[list[int]]:
    return [b.tolist() for b in loader]


# ---- ConcatDataset -------------------------------------------------------------------------
def test_concat_dataset_indices_cumulative_sizes_and_add() -> None:
    d = ConcatDataset([Ids(3), Ids(0, 100), Ids(2, 10)])
    assert d.cumulative_sizes == [3, 3, 5] and len(d) == 5
    assert [d[i] for i in range(5)] == [0, 1, 2, 10, 11]
    assert [d[i] for i in range(-5, 0)] == [0, 1, 2, 10, 11]
    both = Ids(2) + Ids(1, 7)
    assert isinstance(both, ConcatDataset) and [both[i] for i in range(3)] == [0, 1, 7]
    t = ConcatDataset([TensorDataset(np.arange(3)), TensorDataset(np.arange(5, 7))])
    assert _batches(x for (x,) in DataLoader(t, batch_size=2)) == [[0, 1], [2, 5], [6]]


def test_concat_dataset_errors() -> None:
    d = ConcatDataset([Ids(3), Ids(2)])
    with pytest.raises(ValueError, match="absolute value of index should not exceed"):
        d[-6]
    with pytest.raises(IndexError, match="out of range"):
        d[5]
    with pytest.raises(AssertionError, match="should not be an empty iterable"):
        ConcatDataset([])
    with pytest.raises(AssertionError, match="does not support IterableDataset"):
        ConcatDataset([Ids(2), Stream(3)])


# ---- IterableDataset and the loader over it -----------------------------------------------------
def test_iterable_dataset_is_batched_in_order() -> None:
    assert _batches(DataLoader(Stream(7), batch_size=3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert _batches(DataLoader(Stream(7), batch_size=3, drop_last=True)) == [[0, 1, 2],
                                                                            [3, 4, 5]]
    assert list(DataLoader(Stream(3), batch_size=None)) == [0, 1, 2]
    assert len(DataLoader(Stream(7, sized=True), batch_size=3)) == 3
    assert len(DataLoader(Stream(7, sized=True), batch_size=3, drop_last=True)) == 2
    assert _batches(DataLoader(Stream(2) + Stream(3), batch_size=4)) == [[0, 1, 0, 1], [2]]
    assert len(ChainDataset([Stream(2, True), Stream(3, True)])) == 5
    batch = next(iter(DataLoader(Stream(4), batch_size=4, shuffle=False)))
    assert batch.dtype == np.int64


def test_iterable_dataset_refusals() -> None:
    with pytest.raises(ValueError, match="expected unspecified shuffle option, but got "
                                         "shuffle=True"):
        DataLoader(Stream(3), shuffle=True)
    with pytest.raises(ValueError, match="expected unspecified sampler option"):
        DataLoader(Stream(3), sampler=[0, 1])
    with pytest.raises(ValueError, match="expected unspecified batch_sampler option"):
        DataLoader(Stream(3), batch_sampler=[[0, 1]])
    with pytest.raises(TypeError, match="no len"):
        len(DataLoader(Stream(3)))
    with pytest.raises(TypeError, match="iterate over it"):
        Stream(3)[0]
    with pytest.raises(NotImplementedError, match="__iter__"):
        iter(IterableDataset())
    with pytest.raises(AssertionError, match="only supports IterableDataset"):
        list(ChainDataset([Stream(1), Ids(2)]))
    with pytest.raises(ValueError, match="batch_size should be a positive integer"):
        DataLoader(Stream(3), batch_size=0)


# ---- the samplers ----------------------------------------------------------------------------
def test_sequential_and_batch_samplers() -> None:
    s = SequentialSampler(range(10))
    assert list(s) == list(range(10)) and len(s) == 10
    assert list(BatchSampler(s, 3, False)) == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]
    assert list(BatchSampler(s, 3, True)) == [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    assert (len(BatchSampler(s, 3, False)), len(BatchSampler(s, 3, True))) == (4, 3)
    assert list(BatchSampler([5, 1, 4], 2, False)) == [[5, 1], [4]]  # any iterable
    assert list(BatchSampler(range(4), 2, True)) == [[0, 1], [2, 3]]
    with pytest.raises(NotImplementedError, match="__iter__"):
        iter(Sampler())


@pytest.mark.parametrize("kwargs, message", [
    ({"batch_size": 0, "drop_last": False}, "batch_size should be a positive integer value, "
                                            "but got batch_size=0"),
    ({"batch_size": True, "drop_last": False}, "batch_size=True"),
    ({"batch_size": 2.0, "drop_last": False}, "batch_size=2.0"),
    ({"batch_size": 2, "drop_last": 1}, "drop_last should be a boolean value, but got "
                                        "drop_last=1"),
])
def test_batch_sampler_errors(kwargs, message) -> None:
    with pytest.raises(ValueError, match=message):
        BatchSampler(range(3), **kwargs)


def test_random_sampler_sizes_and_draws() -> None:
    mg.manual_seed(0)
    order = list(RandomSampler(range(6)))
    assert sorted(order) == list(range(6))
    g = np.random.default_rng(3)
    assert list(RandomSampler(range(6), generator=np.random.default_rng(3))) == \
        list(RandomSampler(range(6), generator=g))
    longer = list(RandomSampler(range(4), num_samples=10, generator=g))
    assert len(longer) == 10 and sorted(longer[:4]) == sorted(longer[4:8]) == [0, 1, 2, 3]
    assert len(set(longer[8:])) == 2
    drawn = list(RandomSampler(range(3), replacement=True, num_samples=50, generator=g))
    assert len(drawn) == 50 and set(drawn) == {0, 1, 2}
    assert len(RandomSampler(range(5), num_samples=7)) == 7
    assert len(RandomSampler(range(5))) == 5


def test_random_sampler_errors() -> None:
    with pytest.raises(TypeError, match="replacement should be a boolean value, but got "
                                        "replacement=1"):
        RandomSampler(range(3), replacement=1)
    with pytest.raises(ValueError, match="num_samples should be a positive integer value, "
                                         "but got num_samples=0"):
        RandomSampler(range(3), num_samples=0)
    with pytest.raises(ValueError, match="num_samples=0"):
        RandomSampler([])  # an empty dataset
    with pytest.raises(ValueError, match="num_samples=2.0"):
        RandomSampler(range(3), num_samples=2.0)


def test_subset_random_sampler() -> None:
    s = SubsetRandomSampler([7, 3, 9], generator=np.random.default_rng(0))
    assert len(s) == 3 and sorted(s) == [3, 7, 9]
    mg.manual_seed(1)
    first = list(SubsetRandomSampler(range(20)))
    mg.manual_seed(1)
    assert list(SubsetRandomSampler(range(20))) == first  # from minigrad's generator


def test_weighted_random_sampler() -> None:
    s = WeightedRandomSampler([0.0, 1.0, 0.0, 3.0], 40, generator=np.random.default_rng(0))
    drawn = list(s)
    assert len(s) == 40 and len(drawn) == 40 and set(drawn) == {1, 3}
    assert drawn.count(3) > drawn.count(1)
    once = list(WeightedRandomSampler([1.0, 2.0, 3.0], 3, replacement=False))
    assert sorted(once) == [0, 1, 2]
    assert s.weights.dtype == np.float64 and s.weights.tolist() == [0.0, 1.0, 0.0, 3.0]
    assert WeightedRandomSampler(mg.tensor([1.0, 2.0]), 2).weights.dtype == np.float64


def test_weighted_random_sampler_errors() -> None:
    with pytest.raises(ValueError, match="num_samples should be a positive integer value, "
                                         "but got num_samples=0"):
        WeightedRandomSampler([1.0], 0)
    with pytest.raises(ValueError, match="num_samples=True"):
        WeightedRandomSampler([1.0], True)
    with pytest.raises(ValueError, match="replacement should be a boolean value, but got "
                                         "replacement=0"):
        WeightedRandomSampler([1.0], 1, replacement=0)
    with pytest.raises(ValueError, match=r"weights should be a 1d sequence but given weights "
                                         r"have shape \(2, 1\)"):
        WeightedRandomSampler([[1.0], [2.0]], 1)
    with pytest.raises(ValueError, match="without replacement"):
        list(WeightedRandomSampler([1.0, 2.0], 3, replacement=False))  # when iterated


# ---- DataLoader with sampler= and batch_sampler= ------------------------------------------------
def test_loader_with_a_sampler_or_a_batch_sampler() -> None:
    d = TensorDataset(np.arange(10, 17))
    loader = DataLoader(d, batch_size=3, sampler=[6, 5, 0, 1])
    assert [b.tolist() for (b,) in loader] == [[16, 15, 10], [11]] and len(loader) == 2
    loader = DataLoader(d, batch_sampler=[[0, 1], [6], [2, 3, 4]])
    assert [b.tolist() for (b,) in loader] == [[10, 11], [16], [12, 13, 14]]
    assert len(loader) == 3 and loader.batch_size is None and loader.drop_last is False
    loader = DataLoader(Ids(7), batch_sampler=BatchSampler(SequentialSampler(range(7)), 4,
                                                           True))
    assert _batches(loader) == [[0, 1, 2, 3]] and len(loader) == 1
    loader = DataLoader(Ids(5), sampler=SubsetRandomSampler([0, 2, 4]), batch_size=2)
    assert sorted(sum(_batches(loader), [])) == [0, 2, 4] and len(loader) == 2
    weighted = DataLoader(Ids(4), sampler=WeightedRandomSampler([0, 0, 1.0, 0], 5),
                          batch_size=5)
    assert _batches(weighted) == [[2, 2, 2, 2, 2]]
    assert list(DataLoader(Ids(3), batch_size=None)) == [0, 1, 2]
    first = next(iter(DataLoader(TensorDataset(np.arange(3)), batch_size=None)))
    assert isinstance(first[0], mg.Tensor) and first[0].shape == ()
    assert isinstance(DataLoader(Ids(3), shuffle=True).sampler, RandomSampler)
    assert isinstance(DataLoader(Ids(3)).sampler, SequentialSampler)
    assert isinstance(DataLoader(Ids(3)).batch_sampler, BatchSampler)


def test_loader_shuffles_with_minigrads_generator() -> None:
    mg.manual_seed(5)
    first = sum(_batches(DataLoader(Ids(9), batch_size=4, shuffle=True)), [])
    mg.manual_seed(5)
    assert sum(_batches(DataLoader(Ids(9), batch_size=4, shuffle=True)), []) == first
    assert sorted(first) == list(range(9))
    a = _batches(DataLoader(Ids(9), batch_size=4, shuffle=True, seed=2))
    assert a == _batches(DataLoader(Ids(9), batch_size=4, shuffle=True, seed=2))
    assert [len(b) for b in a] == [4, 4, 1]


@pytest.mark.parametrize("kwargs, message", [
    ({"shuffle": True, "sampler": [0]}, "sampler option is mutually exclusive with shuffle"),
    ({"batch_sampler": [[0]], "batch_size": 2}, "batch_sampler option is mutually exclusive "
                                                 "with batch_size, shuffle, sampler, and "
                                                 "drop_last"),
    ({"batch_sampler": [[0]], "shuffle": True}, "batch_sampler option is mutually exclusive"),
    ({"batch_sampler": [[0]], "sampler": [0]}, "batch_sampler option is mutually exclusive"),
    ({"batch_sampler": [[0]], "drop_last": True}, "batch_sampler option is mutually exclusive"),
    ({"batch_size": None, "drop_last": True}, "batch_size=None option disables auto-batching "
                                              "and is mutually exclusive with drop_last"),
    ({"num_workers": -1}, "num_workers option should be non-negative"),
    ({"timeout": -1}, "timeout option should be non-negative"),
    ({"prefetch_factor": 2}, "prefetch_factor option could only be specified in "
                             "multiprocessing"),
    ({"persistent_workers": True}, "persistent_workers option needs num_workers > 0"),
    ({"batch_size": 0}, "batch_size should be a positive integer value"),
    ({"drop_last": "yes"}, "drop_last should be a boolean value"),
])
def test_loader_errors(kwargs, message) -> None:
    with pytest.raises(ValueError, match=message):
        DataLoader(Ids(3), **kwargs)


def test_loader_accepts_pytorchs_worker_arguments() -> None:
    loader = DataLoader(Ids(5), batch_size=2, num_workers=2, pin_memory=True,
                        persistent_workers=True, prefetch_factor=2,
                        worker_init_fn=lambda i: None)
    assert _batches(loader) == [[0, 1], [2, 3], [4]]


# ---- against PyTorch itself ---------------------------------------------------------------------
def _torch():
    return torch_or_skip()


class _TorchIds:
    """Ids for torch's DataLoader (a subclass of its own Dataset)."""

    def __new__(cls, n: int):
        tdata = _torch().utils.data

        class TIds(tdata.Dataset):
            def __len__(self):
                return n

            def __getitem__(self, i):
                return i

        return TIds()


def _torch_stream(n: int):
    tdata = _torch().utils.data

    class TStream(tdata.IterableDataset):
        def __iter__(self):
            return iter(range(n))

    return TStream()


@pytest.mark.torch
@pytest.mark.parametrize("n, batch_size, drop_last", [(0, 1, False), (1, 3, True), (7, 3, False),
                                                      (7, 3, True), (9, 3, True), (5, 8, False)])
def test_batching_equals_torch(n, batch_size, drop_last) -> None:
    tdata = _torch().utils.data
    ours = BatchSampler(SequentialSampler(range(n)), batch_size, drop_last)
    theirs = tdata.BatchSampler(tdata.SequentialSampler(range(n)), batch_size, drop_last)
    assert list(ours) == list(theirs) and len(ours) == len(theirs)
    for kw in ({"batch_size": batch_size, "drop_last": drop_last},
               {"batch_size": batch_size, "drop_last": drop_last, "sampler": [4, 0, 2, 1][:n]}):
        ours_l, theirs_l = DataLoader(Ids(n), **kw), tdata.DataLoader(_TorchIds(n), **kw)
        assert _batches(ours_l) == [b.tolist() for b in theirs_l]
        assert len(ours_l) == len(theirs_l)
    ours_s = DataLoader(Stream(n), batch_size=batch_size, drop_last=drop_last)
    theirs_s = tdata.DataLoader(_torch_stream(n), batch_size=batch_size, drop_last=drop_last)
    assert _batches(ours_s) == [b.tolist() for b in theirs_s]


@pytest.mark.torch
def test_concat_and_sampler_lengths_equal_torch() -> None:
    tdata = _torch().utils.data
    sizes = [3, 0, 2, 4]
    ours = ConcatDataset([Ids(k, 10 * j) for j, k in enumerate(sizes)])
    theirs = tdata.ConcatDataset([[10 * j + i for i in range(k)] for j, k in enumerate(sizes)])
    assert ours.cumulative_sizes == theirs.cumulative_sizes
    assert [ours[i] for i in range(-9, 9)] == [theirs[i] for i in range(-9, 9)]
    for args in [(range(5),), (range(5), True, 12), (range(5), False, 12), (range(5), False, 3)]:
        assert len(RandomSampler(*args)) == len(tdata.RandomSampler(*args))
        assert len(list(RandomSampler(*args))) == len(list(tdata.RandomSampler(*args)))
    assert len(WeightedRandomSampler([1, 2], 5)) == len(tdata.WeightedRandomSampler([1, 2], 5))
    assert len(SubsetRandomSampler([4, 1])) == len(tdata.SubsetRandomSampler([4, 1]))


@pytest.mark.torch
@pytest.mark.parametrize("kwargs", [
    {"shuffle": True, "sampler": [0]}, {"batch_sampler": [[0]], "batch_size": 2},
    {"batch_sampler": [[0]], "shuffle": True}, {"batch_sampler": [[0]], "drop_last": True},
    {"batch_sampler": [[0]], "sampler": [0]}, {"batch_size": None, "drop_last": True},
    {"num_workers": -1}, {"timeout": -1}, {"prefetch_factor": 2},
    {"persistent_workers": True}, {"batch_size": 0}, {"batch_size": 1.5},
    {"drop_last": 1},
])
def test_loader_errors_equal_torch(kwargs) -> None:
    tdata = _torch().utils.data
    with pytest.raises(ValueError) as theirs:
        tdata.DataLoader(_TorchIds(3), **kwargs)
    with pytest.raises(ValueError) as ours:
        DataLoader(Ids(3), **kwargs)
    assert str(ours.value) == str(theirs.value)


@pytest.mark.torch
@pytest.mark.parametrize("make", [
    lambda m: m.RandomSampler(range(3), replacement=1),
    lambda m: m.RandomSampler(range(3), num_samples=0),
    lambda m: m.RandomSampler([]),
    lambda m: m.WeightedRandomSampler([1.0], 0),
    lambda m: m.WeightedRandomSampler([1.0], 1, replacement=None),
    lambda m: m.WeightedRandomSampler([[1.0]], 1),
    lambda m: m.BatchSampler(range(2), -1, False),
    lambda m: m.BatchSampler(range(2), 1, None),
    lambda m: m.ConcatDataset([]),
    lambda m: m.ConcatDataset([[1]])[-2],
    lambda m: m.DataLoader(_torch_stream(2) if m is not _ours() else Stream(2), shuffle=True),
    lambda m: m.DataLoader(_torch_stream(2) if m is not _ours() else Stream(2), sampler=[0]),
    lambda m: m.DataLoader(_torch_stream(2) if m is not _ours() else Stream(2),
                           batch_sampler=[[0]]),
])
def test_sampler_and_dataset_errors_equal_torch(make) -> None:
    tdata = _torch().utils.data
    with pytest.raises(Exception) as theirs:
        make(tdata)
    with pytest.raises(Exception) as ours:
        make(_ours())
    assert type(ours.value) is type(theirs.value)
    if "sampler=" not in str(theirs.value):  # (the sampler's repr differs)
        assert str(ours.value) == str(theirs.value)


def _ours():
    import minigrad.utils.data

    return minigrad.utils.data
