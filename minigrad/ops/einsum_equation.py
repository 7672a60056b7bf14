"""Reading an einsum equation ('ij,jk->ik'): PyTorch's grammar, its checks, broadcasting.

An equation gives every axis of every operand a letter (a-z, A-Z); `...`
stands for any number of leading batch axes; spaces are ignored. After `->`
comes the output's letters. Without `->` the output is the batch axes, then
the letters that appear exactly once, in PyTorch's order (A-Z before a-z).

`parse` checks an equation against the operands' shapes, as PyTorch does and
with errors that name the letter and the sizes, and turns it into a `Plan`:
the plain equation the Einsum op runs (one letter per axis, no `...`, every
letter one size) and the shape each operand takes first. An axis of size 1
whose letter has another size elsewhere broadcasts, so it is dropped: the
operand then does not depend on that letter at all, which is exactly what
broadcasting means, and the gradient of the drop (a reshape) puts it back.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import ShapeError, shape_str

LETTERS = string.ascii_uppercase + string.ascii_lowercase  # PyTorch's order of the labels
ELLIPSIS = "..."


@dataclass(frozen=True)
class Plan:
    """What `parse` finds. `inputs` and `output` use one letter per axis (the batch axes
    under `...` get letters the equation leaves free); `equation` is the same without the
    dropped (broadcast) axes, and `shapes` the operands' shapes without them."""

    inputs: tuple[str, ...]  # every operand's letters, axis by axis
    output: str
    sizes: dict[str, int]  # each letter's size, after broadcasting
    shapes: tuple[tuple[int, ...], ...]  # each operand's shape once broadcast axes are dropped
    equation: str  # what the Einsum op runs: 'ij,jk->ik'

    def summed(self) -> set[str]:
        """The letters summed over: in an input, not in the output."""
        return set("".join(self.inputs)) - set(self.output)


def from_sublists(args: Sequence[Any]) -> tuple[str, list[Any]]:
    """PyTorch's second form, einsum(x, [0, 1], y, [1, 2], [0, 2]): an operand, its list of
    subscripts (ints 0-51, or Ellipsis), ..., and the output's list (optional)."""
    has_output = len(args) % 2 == 1
    operands = list(args[:-1:2] if has_output else args[::2])
    lists = list(args[1::2])
    if has_output:
        lists.append(args[-1])
    terms = ["".join(_sublist_letter(s, lst) for s in _sublist(lst)) for lst in lists]
    equation = ",".join(terms[: len(operands)])
    return (equation + "->" + terms[-1] if has_output else equation), operands


def _sublist(value: Any) -> list[Any]:
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"einsum: in the form einsum(x, [0, 1], y, [1, 2]), each operand is "
                        f"followed by a list of subscripts (ints 0 to 51, or ...), got "
                        f"{type(value).__name__} {value!r:.60}")
    return list(value)


def _sublist_letter(s: Any, lst: Any) -> str:
    if s is Ellipsis:
        return ELLIPSIS
    if isinstance(s, bool) or not isinstance(s, int) or not 0 <= s < 52:
        raise ValueError(f"einsum: subscript {s!r} in {lst!r} is not an int from 0 to 51 (or "
                         "...): PyTorch's subscripts stand for the 52 letters")
    return LETTERS[s]


def parse(equation: str, shapes: Sequence[tuple[int, ...]]) -> Plan:
    """Check `equation` against the operands' shapes (PyTorch's rules) and plan it."""
    if not isinstance(equation, str):
        raise TypeError(f"einsum: the equation must be a string such as 'ij,jk->ik', got "
                        f"{type(equation).__name__}")
    lhs, arrow, rhs = equation.partition("->")
    terms = _terms(equation, lhs, len(shapes))
    batch = _batch_ndim(equation, terms, shapes)
    free = [c for c in LETTERS[26:] + LETTERS[:26] if c not in lhs]  # a-z first: easier to read
    if batch > len(free):
        raise ShapeError(f"einsum: {equation!r} needs {batch - len(free)} more letters than "
                         "the 52 there are, counting one per batch axis under '...'; minigrad's "
                         "einsum runs on numpy's, which has 52 letters")
    batch_letters = "".join(free[:batch])
    inputs = tuple(_expand(term, len(shape), batch_letters) for term, shape in zip(terms, shapes))
    if arrow:
        output = _explicit_output(equation, rhs, len(lhs) + 2, lhs, batch_letters)
    else:
        output = batch_letters + "".join(c for c in LETTERS if lhs.count(c) == 1)
    sizes = _sizes(equation, inputs, shapes)
    kept = tuple("".join(c for c, n in zip(letters, shape) if n == sizes[c])
                 for letters, shape in zip(inputs, shapes))
    return Plan(inputs, output, sizes,
                tuple(tuple(sizes[c] for c in k) for k in kept), ",".join(kept) + "->" + output)


def _terms(equation: str, lhs: str, n_operands: int) -> list[list[str]]:
    """The inputs' subscripts, one list per operand: letters and '...'."""
    terms: list[list[str]] = [[]]
    i = 0
    while i < len(lhs):
        c = lhs[i]
        if c == ",":
            terms.append([])
        elif c == ".":
            if lhs[i:i + 3] != ELLIPSIS:
                raise ValueError(f"einsum: {equation!r} has a '.' at index {i} that is not part "
                                 "of '...' (the batch axes)")
            if ELLIPSIS in terms[-1]:
                raise ValueError(f"einsum: operand {len(terms) - 1} of {equation!r} has '...' "
                                 "twice; one '...' stands for all its batch axes")
            terms[-1].append(ELLIPSIS)
            i += 2
        elif c != " ":
            _check_letter(equation, c, i)
            terms[-1].append(c)
        i += 1
    if len(terms) != n_operands:
        raise TypeError(f"einsum: {equation!r} has subscripts for {len(terms)} operand"
                        f"{'s' if len(terms) != 1 else ''} (separated by commas) but "
                        f"{n_operands} tensor{'s were' if n_operands != 1 else ' was'} given")
    return terms


def _check_letter(equation: str, c: str, i: int) -> None:
    if c not in LETTERS:
        raise ValueError(f"einsum: {equation!r} has {c!r} at index {i}; subscripts are the "
                         "letters a-z and A-Z (and '...' for batch axes, ',' between operands, "
                         "'->' before the output)")


def _batch_ndim(equation: str, terms: list[list[str]], shapes: Sequence[tuple[int, ...]]) -> int:
    """The number of batch axes '...' stands for (the most any operand has), after checking
    each operand's number of letters against its number of axes."""
    batch = 0
    for k, (term, shape) in enumerate(zip(terms, shapes)):
        letters = len(term) - (ELLIPSIS in term)
        written = "".join(term)
        if ELLIPSIS in term:
            if letters > len(shape):
                raise ShapeError(f"einsum: operand {k} has shape {shape_str(shape)} ({len(shape)} "
                                 f"axes) but {written!r} names {letters} axes besides '...'")
            batch = max(batch, len(shape) - letters)
        elif letters != len(shape):
            raise ShapeError(f"einsum: operand {k} has shape {shape_str(shape)} ({len(shape)} "
                             f"axes) but its subscripts {written!r} name {letters}; one letter "
                             "per axis (or '...' for any number of batch axes)")
    return batch


def _expand(term: list[str], ndim: int, batch_letters: str) -> str:
    """An operand's letters with its '...' replaced by its own batch axes' letters (the last
    ones: batch axes line up from the right, as in broadcasting)."""
    if ELLIPSIS not in term:
        return "".join(term)
    own = ndim - (len(term) - 1)
    mine = batch_letters[len(batch_letters) - own:] if own else ""
    return "".join(mine if t == ELLIPSIS else t for t in term)


def _explicit_output(equation: str, rhs: str, offset: int, lhs: str, batch_letters: str) -> str:
    out = []
    i = 0
    while i < len(rhs):
        c = rhs[i]
        if c == ".":
            if rhs[i:i + 3] != ELLIPSIS:
                raise ValueError(f"einsum: {equation!r} has a '.' at index {offset + i} that is "
                                 "not part of '...'")
            if ELLIPSIS in out:
                raise ValueError(f"einsum: the output of {equation!r} has '...' twice")
            out.append(ELLIPSIS)
            i += 2
        elif c != " ":
            _check_letter(equation, c, offset + i)
            if c not in lhs:
                raise ValueError(f"einsum: the output letter {c!r} of {equation!r} is in no "
                                 "input; every output letter must name an input's axis")
            if c in out:
                raise ValueError(f"einsum: the output letter {c!r} appears twice in "
                                 f"{equation!r}; each output axis needs its own letter "
                                 "(for a diagonal, repeat the letter in an input: 'ii->i')")
            out.append(c)
        i += 1
    return "".join(batch_letters if c == ELLIPSIS else c for c in out)


def _sizes(equation: str, inputs: tuple[str, ...],
           shapes: Sequence[tuple[int, ...]]) -> dict[str, int]:
    """Each letter's size. Sizes of one letter must agree, except that 1 broadcasts; a
    letter repeated within one operand (a diagonal) needs equal sizes there."""
    sizes: dict[str, int] = {}
    seen: dict[str, tuple[int, int]] = {}  # letter -> (operand, size) that set its size
    for k, (letters, shape) in enumerate(zip(inputs, shapes)):
        first: dict[str, int] = {}
        for c, n in zip(letters, shape):
            if c in first:
                if n != first[c]:
                    raise ShapeError(
                        f"einsum: index {_named(c, equation)} is repeated in operand {k} (shape "
                        f"{shape_str(shape)}) on axes of sizes {first[c]} and {n}; a repeated "
                        "index takes a diagonal, which needs equal sizes")
                continue
            first[c] = n
            if n == 1:
                sizes.setdefault(c, 1)
                continue
            if c in seen and seen[c][1] != n:
                j, m = seen[c]
                raise ShapeError(
                    f"einsum: index {_named(c, equation)} has size {m} in operand {j} (shape "
                    f"{shape_str(shapes[j])}) but {n} in operand {k} (shape "
                    f"{shape_str(shape)}); the sizes of one index must be equal, or 1 to "
                    "broadcast")
            seen[c] = (k, n)
            sizes[c] = n
    return sizes


def _named(c: str, equation: str) -> str:
    """A letter as the user wrote it, or, for a batch axis, the words for it."""
    return repr(c) if c in equation.partition("->")[0] else "under '...' (a batch axis)"
