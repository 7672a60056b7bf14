"""Data for training: datasets, a batching loader, toy problems, two real sets.

    from minigrad import data
    X, y = data.two_moons(200, noise=0.1, seed=0)
    loader = data.DataLoader(data.TensorDataset(X, y), batch_size=32, shuffle=True, seed=0)

Reading order: dataset.py (what a sample is), sampler.py (the order of the
indices), loader.py (how samples become
batches), toy.py (generated problems), real.py (Iris, Breast Cancer), split.py.
"""

from .dataset import (
    ChainDataset,
    ConcatDataset,
    Dataset,
    IterableDataset,
    Subset,
    TensorDataset,
    random_split,
)
from .loader import DataLoader, default_collate
from .real import feature_names, load_breast_cancer, load_iris, target_names
from .sampler import (
    BatchSampler,
    RandomSampler,
    Sampler,
    SequentialSampler,
    SubsetRandomSampler,
    WeightedRandomSampler,
)
from .split import standardize, train_test_split
from .toy import blobs, coin_flips, logic_gate, noisy_line, spirals, two_moons

__all__ = [
    "BatchSampler", "ChainDataset", "ConcatDataset", "DataLoader", "Dataset", "IterableDataset",
    "RandomSampler", "Sampler", "SequentialSampler", "Subset", "SubsetRandomSampler",
    "TensorDataset", "WeightedRandomSampler", "blobs", "coin_flips",
    "default_collate", "feature_names", "load_breast_cancer", "load_iris", "logic_gate",
    "noisy_line", "random_split", "spirals", "standardize", "target_names", "train_test_split",
    "two_moons",
]
