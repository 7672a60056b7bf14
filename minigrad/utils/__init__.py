"""`minigrad.utils`: PyTorch's path to the data tools (`minigrad.utils.data`)."""

from . import data

__all__ = ["data"]
