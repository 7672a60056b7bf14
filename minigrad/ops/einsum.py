"""einsum: sums of products written as index equations, and why its backward is one too.

`mg.einsum('ij,jk->ik', a, b)` is a @ b: each operand's axes get letters, the
output keeps the letters after `->`, and every other letter is summed over.
One notation covers matmul ('ij,jk->ik'), batched matmul ('bij,bjk->bik'),
outer products ('i,j->ij'), traces ('ii->'), diagonals ('ii->i'), sums
('ij->'), transposes ('ij->ji') and bilinear forms ('bn,anm,bm->ba').

The equation is read and checked in einsum_equation.py, and PyTorch's dtype
rules are in einsum_dtypes.py; what is left here is the op itself, whose
backward is another einsum. `mg.einsum` computes as PyTorch does, two operands
at a time, left to right: one Einsum node per pair (`run`), so that dtypes,
integer wraparound, float16 rounding and even inf and NaN come out as
PyTorch's, forward and backward.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from ..dtypes import accumulate_dtype, promote_types
from ..function import Function
from ..tensor import Tensor
from . import either
from .arguments import not_a_number
from .einsum_dtypes import result_dtype
from .einsum_equation import Plan, from_sublists, parse


class Einsum(Function):
    """z = einsum(equation, x0, x1, ...): z[O] = Σ x0[L0] · x1[L1] · ..., summed over every
    letter not in O, where Lk are operand k's letters and O the output's. For 'ij,jk->ik':
    z[i, k] = Σ_j x0[i, j] x1[j, k], the matrix product.

    The backward of a contraction is another contraction. z is linear in each operand,
    and x_k[L_k] is multiplied by the product of the other operands, so

        dL/dx_k[L_k] = Σ g[O] · Π_{j ≠ k} x_j[L_j]   (summed over the letters not in L_k)
                     = einsum('O,L0,...(all but L_k)...->L_k', g, x0, ..., x_n):

    the output and operand k swap places. For 'ij,jk->ik', dL/dx0 = einsum('ik,jk->ij',
    g, x1) = g @ x1ᵀ and dL/dx1 = einsum('ik,ij->jk', g, x0) = x0ᵀ @ g, MatMul's rule.
    Two cases need a second look:

    * a letter only x_k has (x_k alone sums it, as j in 'ij->i'): each x_k[i, j] reaches
      z[i] once, so its gradient is g[i] whatever j is. A vector of ones with letter j
      as one more operand says so: einsum('i,j->ij', g, ones), g put back along j (the
      backward of a sum broadcasts).
    * a letter repeated within x_k ('ii->i', the diagonal; 'ii->', the trace): only
      x_k[i, i] is read, so the einsum gives the gradient of the diagonal, with the letter
      once ('i->i'), and it is written onto the diagonal of zeros of x_k's shape. (An
      einsum with the identity, einsum('i,ia->ia', g, I), says the same, but 0 · inf is
      NaN: an infinite g would leak off the diagonal.)

    The equation here is the plain one `einsum` prepares: one letter per axis, no '...',
    no broadcasting. Operands of different dtypes meet as in PyTorch (`contract`), and a
    gradient that comes out wider than its operand is cast back by the engine.
    """

    @property
    def chain(self) -> tuple[str, ...]:  # the chain rule for mg.explain (see Function.chain)
        equation = self.params["equation"]
        names = [f"x{k}" for k in range(len(self.inputs))]
        inputs = equation.split("->")[0].split(",")
        rules = []
        for k, letters in enumerate(inputs):
            gradient, ones = gradient_equation(equation, k)
            factors = ", ".join(["g", *names[:k], *names[k + 1:]] + ["ones"] * len(ones))
            rule = f"dL/dx{k} = einsum('{gradient}', {factors})"
            if len(set(letters)) < len(letters):
                rule += f", on the diagonal '{letters}' of zeros"
            rules.append(rule)
        return (f"z = einsum('{equation}', {', '.join(names)})", *rules)

    def forward(self, *arrays: np.ndarray, equation: str) -> np.ndarray:
        out = contract(equation, arrays)
        if any(np.may_share_memory(out, a) for a in arrays):
            out = out.copy()  # numpy's einsum gives a view for 'ij->ji' and 'ii->i'
        return out

    def backward(self, g: Any) -> tuple[Any, ...]:
        operands = self.saved_inputs()
        equation = self.params["equation"]
        inputs = equation.split("->")[0].split(",")
        grads = []
        for k, needed in enumerate(self.needs_input_grad):
            if not needed:
                grads.append(None)
                continue
            letters, shape = inputs[k], self.inputs[k].shape
            size = dict(zip(letters, shape))
            gradient, ones = gradient_equation(equation, k)
            ones_vectors = [np.ones(size[c], dtype=either.raw(g).dtype) for c in ones]
            others = operands[:k] + operands[k + 1:]
            grad = either.einsum(gradient, g, *others, *ones_vectors)
            if len(set(letters)) < len(letters):  # a repeated letter: back onto the diagonal
                grad = either.index_add(grad, shape, diagonal_index(letters, size))
            grads.append(grad)
        return tuple(grads)


@functools.lru_cache(maxsize=512)  # the same few equations at every training step
def gradient_equation(equation: str, k: int) -> tuple[str, str]:
    """The einsum that gives operand k's gradient (see Einsum), each of its letters once,
    and the letters only operand k has: the einsum's last operands are ones vectors of
    them."""
    lhs, out = equation.split("->")
    inputs = lhs.split(",")
    letters = "".join(dict.fromkeys(inputs[k]))  # each letter once, in order
    others = inputs[:k] + inputs[k + 1:]
    ones = "".join(c for c in letters if c not in out + "".join(others))
    return ",".join([out, *others, *ones]) + "->" + letters, ones


def diagonal_index(letters: str, size: dict[str, int]) -> tuple[np.ndarray, ...]:
    """The index that picks x[L] for every value of L's letters, each letter once: for
    'iij' the places [i, i, j]. x[index] is the diagonal; writing there undoes it."""
    unique = list(dict.fromkeys(letters))
    grids = np.ix_(*[np.arange(size[c]) for c in unique])
    return tuple(grids[unique.index(c)] for c in letters)


def contract(equation: str, arrays: tuple[np.ndarray, ...] | list[np.ndarray]) -> np.ndarray:
    """The einsum of the arrays, computed in PyTorch's order and dtypes: two operands at a
    time, left to right, each index summed as soon as no later operand holds it, and an
    index that only one operand of the pair holds summed in that operand first
    (einsum('kk,', x, s) is trace(x) * s, not the sum of x[k, k] * s). Every order gives
    the same numbers, except where inf or NaN meet 0 or each other (inf - inf, 0 * inf),
    where integers wrap around, and in the last digits: this one gives PyTorch's. Each
    step has PyTorch's dtype (einsum_dtypes.py): a sum of integers is int64, a product
    promotes; float16 is computed in float32 and rounded after each step, as in PyTorch."""
    lhs, out = equation.split("->")
    pending = list(zip(lhs.split(","), arrays))
    while len(pending) > 1:
        (letters_a, a), (letters_b, b) = pending[0], pending[1]
        later = out + "".join(letters for letters, _ in pending[2:])
        letters_a, a = _sum_own(letters_a, a, letters_b + later, alone=False)
        letters_b, b = _sum_own(letters_b, b, letters_a + later, alone=False)
        kept = "".join(c for c in dict.fromkeys(letters_a + letters_b) if c in later)
        dtype = promote_types(a.dtype, b.dtype)
        product = _einsum(f"{letters_a},{letters_b}->{kept}", a.astype(dtype, copy=False),
                          b.astype(dtype, copy=False))
        pending[:2] = [(kept, product)]
    letters, result = _sum_own(*pending[0], out, alone=len(arrays) == 1)
    return result if letters == out else np.einsum(f"{letters}->{out}", result)  # out's order


def _sum_own(letters: str, array: np.ndarray, elsewhere: str,
             alone: bool) -> tuple[str, np.ndarray]:
    """The array with a repeated letter made a diagonal, and the letters that are not
    `elsewhere` summed out: integers and bools to int64, float16 in float32 (numpy's sum,
    whose pairwise additions lose fewer digits than einsum's running total). Among several
    operands PyTorch drops an axis of size 1 without a sum, so its dtype stays; a single
    operand is summed over all of them."""
    unique = "".join(dict.fromkeys(letters))
    if unique == letters and all(c in elsewhere for c in letters):
        return letters, array  # nothing to do (the common case)
    if unique != letters:
        array = np.einsum(f"{letters}->{unique}", array)  # the diagonal (a view)
    if not alone:  # axes of size 1 that go: dropped, not summed
        keep = [c in elsewhere or n != 1 for c, n in zip(unique, array.shape)]
        if not all(keep):
            array = array.reshape([n for n, k in zip(array.shape, keep) if k])
            unique = "".join(c for c, k in zip(unique, keep) if k)
    summed = tuple(i for i, c in enumerate(unique) if c not in elsewhere)
    if not summed:
        return unique, array
    kept = "".join(c for c in unique if c in elsewhere)
    dtype = np.int64 if array.dtype.kind in "iub" else accumulate_dtype(array.dtype)
    total = np.asarray(array.sum(axis=summed, dtype=dtype))
    return kept, total if array.dtype.kind in "iub" else _back_to(total, array.dtype)


def _einsum(equation: str, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """numpy's einsum of two arrays of one dtype; float16 in float32, rounded once."""
    dtype = a.dtype
    if dtype == np.float16:
        a, b = a.astype(np.float32), b.astype(np.float32)
    # numpy's optimize=True uses BLAS where it can; its planning (about 20 µs) pays from a
    # few hundred elements on
    big = max(a.size, b.size) > 256
    return _back_to(np.asarray(np.einsum(equation, a, b, optimize=big)), dtype)


def _back_to(array: np.ndarray, dtype: np.dtype) -> np.ndarray:
    if array.dtype == dtype:
        return array
    with np.errstate(over="ignore"):  # too large for float16: inf, as in PyTorch
        return array.astype(dtype)


def run(plan: Plan, tensors: list[Tensor]) -> Tensor:
    """The Einsum ops for the plan: each tensor first reshaped to drop its broadcast axes
    (a reshape in the graph, whose backward puts them back), then, as PyTorch computes
    it, one Einsum node per pair of operands, left to right, each keeping the letters
    that the output or a later operand needs. Its backward then multiplies the same
    factors in PyTorch's order too, which matters only where inf or NaN meet."""
    lhs, out = plan.equation.split("->")
    pending = [(letters, t if t.shape == shape else t.reshape(shape))
               for letters, t, shape in zip(lhs.split(","), tensors, plan.shapes)]
    while len(pending) > 2:
        (letters_a, a), (letters_b, b) = pending[0], pending[1]
        later = out + "".join(letters for letters, _ in pending[2:])
        kept = "".join(c for c in dict.fromkeys(letters_a + letters_b) if c in later)
        pending[:2] = [(kept, Einsum.apply(a, b, equation=f"{letters_a},{letters_b}->{kept}"))]
    equation = ",".join(letters for letters, _ in pending) + "->" + out
    return Einsum.apply(*[t for _, t in pending], equation=equation)


# ---- the function users call --------------------------------------------------------
def einsum(*args: Any) -> Tensor:
    """torch.einsum: the sum of products that `equation` describes.

        mg.einsum('ij,jk->ik', a, b)      # a @ b
        mg.einsum('ij,jk', a, b)          # the same: without '->', the output is the
                                          # letters that appear once, in order (A-Z, a-z)
        mg.einsum('bij,bjk->bik', a, b)   # a batch of matrix products
        mg.einsum('ii', m)                # the trace; 'ii->i' the diagonal
        mg.einsum('...ij->...ji', x)      # '...': any batch axes (they broadcast)
        mg.einsum('ij,jk->ik', [a, b])    # the operands as one list
        mg.einsum(a, [0, 1], b, [1, 2], [0, 2])  # PyTorch's sublist form

    Sizes of one letter must agree (1 broadcasts). The dtype is PyTorch's, which depends
    on how PyTorch computes the equation: see minigrad/ops/einsum_dtypes.py.
    """
    if len(args) < 2:
        raise TypeError("einsum: needs an equation and at least one operand, e.g. "
                        "mg.einsum('ij,jk->ik', a, b), or PyTorch's form einsum(a, [0, 1], "
                        "b, [1, 2])")
    if isinstance(args[0], str):
        equation, operands = args[0], list(args[1:])
        if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
            operands = list(operands[0])  # einsum('ij,jk', [a, b])
    else:
        equation, operands = from_sublists(args)
    tensors = [not_a_number("einsum", f"operand {k}", v) for k, v in enumerate(operands)]
    plan = _checked_plan(equation, tuple(t.shape for t in tensors),
                         tuple(t.dtype for t in tensors))
    return run(plan, tensors)


# A training loop calls einsum with the same equation, shapes and dtypes at every step:
# remembering the plan saves reading and checking them again (about 30 µs a call).
@functools.lru_cache(maxsize=256)
def _checked_plan(equation: str, shapes: tuple[tuple[int, ...], ...],
                  dtypes: tuple[np.dtype, ...]) -> Plan:
    """The plan of `equation` for operands of these shapes, after PyTorch's dtype refusals."""
    plan = parse(equation, shapes)
    held = [{c for c, n in zip(letters, shape) if n != 1}
            for letters, shape in zip(plan.inputs, shapes)]
    result_dtype(list(dtypes), held, plan.summed())
    return plan
