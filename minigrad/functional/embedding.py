"""embedding: look rows up in a table, the first layer of word-vector and transformer code.

    F.embedding(mg.tensor([[1, 4], [4, 0]]), weight)   # weight (10, 3): result (2, 2, 3)

Row i of `weight` (shape (num_embeddings, embedding_dim)) is the vector of
token i; the result puts the row of every index in its place, so it has the
indices' shape plus one axis of size embedding_dim. It is x[index] along the
first axis, and its backward is indexing's backward: each gradient row is
added back to the row it came from, and a row picked several times gets the
sum (np.add.at). The row `padding_idx` gets no gradient, so it stays as it is
while the others learn (nn.Embedding starts it at zeros).

Indices follow PyTorch: int64 or int32, of any shape, each in [0, num_embeddings).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import DTypeError, ShapeError, shape_str
from ..function import Function
from ..ops import either
from ..ops.arguments import as_tensor
from ..tensor import Tensor


class Embedding(Function):
    """z = weight[index]: z[..., :] = weight[index[...], :], of shape index.shape + (dim,).

    dz/dweight is 1 where a row was picked, so dL/dweight = zeros of the table's
    shape with every row of g added to the row index names (repeats add up), except
    at `padding_idx`, which gets nothing.
    """

    chain = ("z = weight[index]",
             "dL/dweight = the rows of g added at index (none at padding_idx)")

    def forward(self, weight: np.ndarray, index: np.ndarray,
                padding_idx: int | None) -> np.ndarray:
        return weight[index]

    def backward(self, g: Any) -> Any:
        index, pad = self.params["index"], self.params["padding_idx"]
        if pad is not None:  # leave out the padding row's uses
            keep = index != pad
            index, g = index[keep], g[keep]
        return either.index_add(g, self.inputs[0].shape, (index,))


def embedding(input: Any, weight: Any, padding_idx: int | None = None,  # noqa: A002
              max_norm: float | None = None, norm_type: float = 2.0,
              scale_grad_by_freq: bool = False, sparse: bool = False) -> Tensor:
    """The rows of `weight` (num_embeddings, embedding_dim) that `input` (int64 or int32
    indices of any shape) names: a tensor of shape input.shape + (embedding_dim,).

    `padding_idx` (negative counts from the end) names a row that gets no gradient.
    PyTorch's max_norm, scale_grad_by_freq and sparse are not available.
    """
    fn = "embedding"
    unavailable(fn, max_norm, scale_grad_by_freq, sparse)
    w = as_tensor(weight)
    if w.ndim != 2:
        raise ShapeError(f"{fn}: the weight must be a 2-D table of shape (num_embeddings, "
                         f"embedding_dim), got shape {shape_str(w.shape)}")
    n = w.shape[0]
    pad = padding_row(fn, padding_idx, n)
    index = indices(fn, input, n)
    return Embedding.apply(w, index=index, padding_idx=pad)


def unavailable(fn: str, max_norm: Any, scale_grad_by_freq: Any, sparse: Any) -> None:
    """Refuse PyTorch's options minigrad does not have, naming them."""
    asked = [name for name, on in (("max_norm", max_norm is not None),
                                   ("scale_grad_by_freq", scale_grad_by_freq),
                                   ("sparse", sparse)) if on]
    if asked:
        raise NotImplementedError(
            f"{fn}: {', '.join(asked)} {'is' if len(asked) == 1 else 'are'} not available in "
            "minigrad (its embedding has padding_idx only); leave "
            f"{'it' if len(asked) == 1 else 'them'} at the default"
        )


def padding_row(fn: str, padding_idx: Any, n: int) -> int | None:
    """padding_idx as a row number in [0, n), negative ones counted from the end."""
    if padding_idx is None:
        return None
    if isinstance(padding_idx, bool) or not isinstance(padding_idx, (int, np.integer)):
        raise TypeError(f"{fn}: padding_idx must be an int or None, got {padding_idx!r}")
    if not -n <= padding_idx < n:
        raise ValueError(f"{fn}: padding_idx={padding_idx} is out of range for {n} embeddings "
                         f"(valid: {-n} to {n - 1}, or None)" if n else
                         f"{fn}: padding_idx={padding_idx} names a row of an empty table")
    return int(padding_idx) % n


def indices(fn: str, input: Any, n: int) -> np.ndarray:  # noqa: A002
    """The index array, checked: int64 or int32, every index in [0, n)."""
    index = as_tensor(input)._data
    if index.dtype not in (np.int64, np.int32):
        raise DTypeError(
            f"{fn}: the indices must be int64 or int32 (as in PyTorch), got {index.dtype}; "
            "convert them with idx.long()" + (" (they name rows: whole numbers)"
                                              if index.dtype.kind == "f" else "")
        )
    if index.size:
        low, high = int(index.min()), int(index.max())
        bad = low if low < 0 else high if high >= n else None
        if bad is not None:
            raise IndexError(
                f"{fn}: index {bad} is out of range for a table of {n} embeddings (valid "
                f"indices: 0 to {n - 1})" if n else
                f"{fn}: index {bad} is out of range: the table has no rows"
            )
    return index
