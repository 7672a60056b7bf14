"""The dtype of an einsum, which in PyTorch follows from how it is computed.

PyTorch contracts the operands two at a time, left to right. Before a pair
meets, an index that only one of the two holds (with a size other than 1)
and that no later operand needs is summed away in that operand, and a sum
turns integers and bools into int64. Then the pair is either multiplied
element by element, when no index is summed between them (the dtypes
promote, as in a * b), or contracted with a batched matrix product (bmm),
which needs one dtype and has no bool version. A single operand is only
summed. So

    einsum('i,j->ij', float32, float64)    float64 (multiplied)
    einsum('ij,jk->ik', float32, float64)  an error (bmm)
    einsum('ij->i', int32)                 int64 (summed)
    einsum('i,i->', int32, int32)          int32 (bmm)

`result_dtype` replays that walk on the dtypes alone, so minigrad gives the
dtypes PyTorch gives and refuses what it refuses; the Einsum op then computes
the values in one go, in the result's dtype. Learners can skip this module:
it decides dtypes, never values or gradients.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..dtypes import promote_types
from ..errors import DTypeError

INT64 = np.dtype(np.int64)


@dataclass
class _Operand:
    dtype: np.dtype
    letters: set[str]  # the indices it still holds with a size other than 1
    first: int  # operands first to last, multiplied together (left to right)
    last: int
    note: str = ""  # why its dtype changed: "(int64 once its index i is summed)"

    @property
    def name(self) -> str:
        if self.first == self.last:
            return f"operand {self.first}"
        return f"the product of operands {self.first} to {self.last}"

    def sum_away(self, letter: str) -> None:
        """PyTorch sums `letter` out of this operand alone (a.sum(dim, keepdim=True))."""
        self.letters.discard(letter)
        if self.dtype.kind in "iub":
            self.dtype = INT64
            self.note = f" once its index {letter!r} is summed on its own, as in PyTorch"


def result_dtype(dtypes: list[np.dtype], letters: list[set[str]], summed: set[str]) -> np.dtype:
    """The dtype of PyTorch's einsum of operands of `dtypes`, where operand k holds the
    indices `letters[k]` with a size other than 1 and `summed` are the indices not in the
    output; a DTypeError where PyTorch refuses."""
    if len(dtypes) == 1:  # one operand: summed over the indices not in the output, if any
        return INT64 if summed and dtypes[0].kind in "iub" else dtypes[0]
    holders = {c: sum(c in s for s in letters) for c in summed}  # operands that still hold c
    ops = [_Operand(d, set(s), k, k) for k, (d, s) in enumerate(zip(dtypes, letters))]
    while len(ops) > 1:
        a, b = ops[0], ops[1]
        between = []  # indices summed in this pair's product
        for c in sorted(summed):
            if c in a.letters and c in b.letters:
                holders[c] -= 1
                if holders[c] == 1:  # no later operand holds it: sum it now
                    between.append(c)
                    holders[c] = 0
            elif holders[c] == 1 and (c in a.letters or c in b.letters):
                (a if c in a.letters else b).sum_away(c)
                holders[c] = 0
        ops[:2] = [_pair(a, b, between)]
    return ops[0].dtype


def _pair(a: _Operand, b: _Operand, between: list[str]) -> _Operand:
    """The product of a and b, summed over `between`: multiplied when nothing is summed,
    else a matrix product of one dtype."""
    letters = (a.letters | b.letters) - set(between)
    if not between:
        return _Operand(promote_types(a.dtype, b.dtype), letters, a.first, b.last)
    shared = ", ".join(repr(c) for c in between)
    if a.dtype != b.dtype:
        raise DTypeError(
            f"einsum: {a.name} ({a.dtype}{a.note}) and {b.name} ({b.dtype}{b.note}) are "
            f"summed over the index {shared} they share, which PyTorch does as a matrix "
            "product of one dtype, so it refuses too: convert the operands to one dtype "
            "first, e.g. x.double() or x.long()")
    if a.dtype == np.bool_:
        raise DTypeError(
            f"einsum: {a.name} and {b.name} are bool and summed over the index {shared} they "
            "share, which PyTorch does as a matrix product, and it has none for bools (it "
            "refuses too): convert them first, e.g. x.long()")
    return _Operand(a.dtype, letters, a.first, b.last)
