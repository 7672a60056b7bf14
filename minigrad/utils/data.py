"""`minigrad.utils._data`, PyTorch's path to datasets and loaders:

    from minigrad.utils._data import DataLoader, TensorDataset

The same classes and functions as `minigrad.data`, where they are written.
"""

from ..data import DataLoader, Dataset, Subset, TensorDataset, default_collate, random_split

__all__ = ["DataLoader", "Dataset", "Subset", "TensorDataset", "default_collate", "random_split"]
