"""one_hot: class indices to rows of zeros with a single 1.

    F.one_hot(mg.tensor([0, 2]), num_classes=3)   # [[1, 0, 0], [0, 0, 1]]

The result is int64, as in PyTorch, with one more axis (of size
num_classes) than the input. It records nothing: indices have no gradient.
Multiply by a float tensor, or convert it (`.float()`), to use it in a loss.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import DTypeError
from ..ops.arguments import as_tensor
from ..tensor import Tensor


def one_hot(tensor: Any, num_classes: int = -1) -> Tensor:
    """An int64 tensor of shape (*tensor.shape, num_classes): 1 at each index, 0 elsewhere.

    `tensor` holds int64 class indices in [0, num_classes); num_classes=-1
    (the default) uses the largest index + 1.
    """
    fn = "one_hot"
    indices = as_tensor(tensor)._data
    if indices.dtype != np.int64:
        raise DTypeError(
            f"{fn}: the input must hold class indices as int64 (PyTorch's LongTensor), got "
            f"dtype {indices.dtype}; convert it first, e.g. t.astype(mg.int64)"
        )
    if isinstance(num_classes, bool) or not isinstance(num_classes, (int, np.integer)):
        raise TypeError(f"{fn}: num_classes must be an int, got {type(num_classes).__name__}")
    if num_classes < -1:
        raise ValueError(f"{fn}: num_classes={num_classes} is not allowed; give the number of "
                         "classes, or -1 to take the largest index + 1")
    if indices.size and indices.min() < 0:
        raise ValueError(f"{fn}: class values must be non-negative, but the input holds "
                         f"{indices.min()}")
    if indices.size == 0 and num_classes < 1:  # PyTorch refuses 0 here too
        raise ValueError(f"{fn}: cannot infer the number of classes from an empty tensor; "
                         "pass num_classes (a positive int)")
    if num_classes == -1:
        num_classes = int(indices.max()) + 1
    elif indices.size and indices.max() >= num_classes:
        raise ValueError(f"{fn}: class values must be smaller than num_classes={num_classes}, "
                         f"but the input holds {indices.max()}")
    out = np.zeros((*indices.shape, int(num_classes)), dtype=np.int64)
    np.put_along_axis(out, indices[..., None], 1, axis=-1)
    return Tensor._make(out)
