"""`minigrad.utils`: PyTorch's path to the data tools (`minigrad.utils._data`)."""

from . import data

__all__ = ["data"]
