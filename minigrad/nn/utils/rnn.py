"""Sequences of different lengths in one batch, as torch.nn.utils.rnn: pad_sequence.

    batch = pad_sequence([mg.tensor([1.0, 2.0, 3.0]), mg.tensor([4.0])], batch_first=True)
    # [[1, 2, 3],
    #  [4, 0, 0]]

Each sequence is padded along its first axis with `pad` and the results are
stacked with `stack`, so the gradient reaches every sequence through those two
ops (the padding gets none). minigrad's RNN, LSTM and GRU take the padded batch;
PackedSequence (pack_padded_sequence) is not here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from ... import missing
from ...errors import ShapeError, broadcasts_to, shape_str
from ...ops.indexing import stack
from ...ops.rearrange import pad
from ...ops.shape import broadcast_to
from ...tensor import Tensor


def pad_sequence(sequences: Sequence[Tensor] | Tensor, batch_first: bool = False,
                 padding_value: float = 0.0, padding_side: str = "right") -> Tensor:
    """Stack tensors of shapes (L_i, *) into one of shape (T, B, *), or (B, T, *) with
    `batch_first=True`, T being the longest L_i; the shorter ones are filled with
    `padding_value` after their elements (`padding_side="right"`) or before them
    ("left"). `*` is the first sequence's; the others are broadcast to it, as
    PyTorch copies them in. The result has the first sequence's dtype (the others are converted to
    it, as in PyTorch), and the gradient flows back to every sequence."""
    if not isinstance(batch_first, bool):
        raise TypeError(f"pad_sequence: batch_first must be a bool, got {batch_first!r}")
    if padding_side not in ("left", "right"):
        raise ValueError("pad_sequence: expected padding_side to be one of left or right, "
                         f"but got {padding_side!r}")
    if not isinstance(sequences, Iterable):
        raise TypeError("pad_sequence: expected a list (or other iterable) of tensors, got "
                        f"{type(sequences).__name__}")
    seqs = list(sequences.unbind(0) if isinstance(sequences, Tensor) else sequences)
    if not seqs:
        raise ValueError("pad_sequence: received an empty list of sequences")
    for i, s in enumerate(seqs):
        if not isinstance(s, Tensor):
            raise TypeError(f"pad_sequence: expected Tensors, but sequence {i} is a "
                            f"{type(s).__name__}")
        if s.ndim == 0:
            raise ShapeError(f"pad_sequence: sequence {i} is 0-d; each sequence needs a "
                             "first axis (its length)")
        dest = (s.shape[0], *seqs[0].shape[1:])
        if not broadcasts_to(s.shape, dest):
            raise ShapeError(
                f"pad_sequence: sequence {i} has shape {shape_str(s.shape)}, which does not "
                f"broadcast to {shape_str(dest)} (its length, then the first sequence's "
                f"shape {shape_str(seqs[0].shape)} after the first axis)")
    dtype = seqs[0].dtype
    value = _fill_value(padding_value, dtype)
    longest = max(s.shape[0] for s in seqs)
    padded = []
    for s in seqs:
        if s.dtype != dtype:
            s = s.astype(dtype)
        dest = (s.shape[0], *seqs[0].shape[1:])
        if s.shape != dest:  # PyTorch copies each sequence in, broadcasting it
            s = broadcast_to(s, dest)
        extra = longest - s.shape[0]
        if extra:
            amounts = (0, 0) * (s.ndim - 1) + ((0, extra) if padding_side == "right"
                                               else (extra, 0))
            s = pad(s, amounts, value=value)
        padded.append(s)
    return stack(padded, 0 if batch_first else 1)


def _fill_value(padding_value: float, dtype: np.dtype) -> float | int | bool:
    """`padding_value` in the result's dtype; like PyTorch, refuse a value that dtype
    cannot hold (-1 for uint8, inf for ints, 1e5 for float16), padding needed or not."""
    v = float(padding_value)
    if dtype != np.bool_:
        info = np.iinfo(dtype) if np.issubdtype(dtype, np.integer) else np.finfo(dtype)
        fits = (not np.isfinite(v) and np.issubdtype(dtype, np.floating)) or (
            np.isfinite(v) and float(info.min) <= v <= float(info.max))
        if not fits:
            raise ValueError(f"pad_sequence: padding_value {padding_value} cannot be "
                             f"converted to {dtype} (the first sequence's dtype) without "
                             "overflow")
    with np.errstate(invalid="ignore", over="ignore"):
        return np.array(v).astype(dtype).item()


__all__ = ["pad_sequence"]

__getattr__ = missing.module_getattr(__name__)
