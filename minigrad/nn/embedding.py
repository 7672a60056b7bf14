"""`Embedding`: a table of learnt vectors, one row per token (see functional.embedding).

    emb = nn.Embedding(10, 3)          # 10 tokens, a vector of 3 numbers each
    emb(mg.tensor([[1, 4], [4, 0]]))   # shape (2, 2, 3)

The rows start as draws from N(0, 1), as in PyTorch (from `generator`, or the
one `mg.manual_seed` seeds); the row `padding_idx` starts at zeros and gets no
gradient, so a padding token stays the zero vector. `Embedding.from_pretrained`
makes a layer from a table you already have (word vectors).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..dtypes import default_float
from ..errors import DTypeError, ShapeError, shape_str
from ..functional.embedding import embedding, padding_row, unavailable
from ..grad_mode import no_grad
from ..ops.arguments import as_tensor
from ..tensor import Tensor
from . import init
from .module import Module, Parameter


def _size(name: str, n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise ValueError(f"Embedding: {name} must be an int >= 0, got {n!r}")
    return int(n)


class Embedding(Module):
    """A lookup table: `forward(index)` gives the rows of `weight` the indices name.

    `weight` has shape (num_embeddings, embedding_dim). The indices are int64 or
    int32, of any shape, each in [0, num_embeddings). PyTorch's max_norm,
    scale_grad_by_freq and sparse are not available (an error says so when set).
    """

    def __init__(
        self,
        num_embeddings: int,
        embedding_dim: int,
        padding_idx: int | None = None,
        max_norm: float | None = None,
        norm_type: float = 2.0,
        scale_grad_by_freq: bool = False,
        sparse: bool = False,
        _weight: Any = None,
        _freeze: bool = False,
        dtype: Any = None,
        generator: np.random.Generator | None = None,
    ) -> None:
        super().__init__()
        unavailable("Embedding", max_norm, scale_grad_by_freq, sparse)
        self.num_embeddings = _size("num_embeddings", num_embeddings)
        self.embedding_dim = _size("embedding_dim", embedding_dim)
        self.padding_idx = padding_row("Embedding", padding_idx, self.num_embeddings)
        self.max_norm, self.norm_type = max_norm, norm_type
        self.scale_grad_by_freq, self.sparse = scale_grad_by_freq, sparse
        if _weight is not None:  # from_pretrained: this table, as it is
            table = as_tensor(_weight)
            if table.shape != (self.num_embeddings, self.embedding_dim):
                raise ShapeError(
                    f"Embedding: _weight has shape {shape_str(table.shape)}, but "
                    f"({self.num_embeddings}, {self.embedding_dim}) was asked for"
                )
            self.weight = Parameter(table.detach(), requires_grad=not _freeze)
            return
        dtype = np.dtype(default_float() if dtype is None else dtype)
        if dtype.kind != "f":
            raise DTypeError(f"Embedding: dtype must be floating (float32 or float64), got "
                             f"{dtype}")
        self.weight = Parameter(np.empty((self.num_embeddings, self.embedding_dim), dtype))
        self.reset_parameters(generator)

    def reset_parameters(self, generator: np.random.Generator | None = None) -> None:
        """Draw new rows from N(0, 1), as PyTorch does; the padding row becomes zeros."""
        init.normal_(self.weight, generator=generator)
        if self.padding_idx is not None:
            with no_grad():
                self.weight[self.padding_idx] = 0.0

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        """The rows of weight that `input` names: shape input.shape + (embedding_dim,)."""
        return embedding(input, self.weight, self.padding_idx)

    def extra_repr(self) -> str:
        parts = [f"{self.num_embeddings}, {self.embedding_dim}"]
        if self.padding_idx is not None:
            parts.append(f"padding_idx={self.padding_idx}")
        return ", ".join(parts)

    @classmethod
    def from_pretrained(
        cls,
        embeddings: Any,
        freeze: bool = True,
        padding_idx: int | None = None,
        max_norm: float | None = None,
        norm_type: float = 2.0,
        scale_grad_by_freq: bool = False,
        sparse: bool = False,
    ) -> Embedding:
        """A layer whose weight is a copy of `embeddings` (num_embeddings, embedding_dim),
        fixed (`freeze=True`: no gradient) or trainable. As in PyTorch, the padding row is
        kept as given (it gets no gradient) and no random numbers are drawn."""
        table = as_tensor(embeddings)
        if table.ndim != 2:
            raise ShapeError(f"Embedding.from_pretrained: embeddings must be 2-D "
                             f"(num_embeddings, embedding_dim), got shape "
                             f"{shape_str(table.shape)}")
        if table.dtype.kind != "f":
            raise DTypeError(f"Embedding.from_pretrained: embeddings must be floating, got "
                             f"{table.dtype}; convert them first, e.g. w.float()")
        rows, cols = table.shape
        return cls(rows, cols, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse,
                   _weight=table, _freeze=freeze)
