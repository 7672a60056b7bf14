"""Specs of einsum (ops/einsum.py), tensordot and kron (ops/products.py) and meshgrid
(ops/meshgrid.py): random equations with repeated letters, broadcasting, '...', implicit
and explicit outputs, every dtype and their mixtures (PyTorch's dtype depends on how it
computes an equation), and the mistakes both libraries refuse.

Empty tensors are drawn for einsum and tensordot only where their operands share a float
dtype: with bools, integers or two dtypes, PyTorch's matrix product skips its dtype checks
when there is nothing to multiply, and minigrad refuses such an empty tensor as it refuses
the same tensor with elements (docs/guide/pytorch.md, "einsum, tensordot and kron";
tests/test_einsum.py checks the refusal)."""

from __future__ import annotations

import string

import numpy as np
from hypothesis import strategies as st
from parity_harness import Case, Spec
from parity_strategies import ALL, FLOATS, arrays, seeds

SPECS: list[Spec] = []
POOL = "ijkB"  # an uppercase letter too: implicit outputs put A-Z before a-z
SAME_DTYPE = (np.float32, np.float64, np.float64, np.float16, np.int64, np.int32, np.uint8,
              np.bool_)


# ---- einsum ---------------------------------------------------------------------------
@st.composite
def equations(draw, max_operands: int = 3) -> tuple[str, list[tuple[int, ...]]]:
    """An equation and the operands' shapes; one in ten is wrong in some way."""
    size = {c: draw(st.sampled_from([1, 2, 3, 2, 3, 0])) for c in POOL}
    batch = tuple(draw(st.lists(st.sampled_from([1, 2, 3]), max_size=2)))
    terms, shapes = [], []
    for _ in range(draw(st.integers(1, max_operands))):
        letters = draw(st.lists(st.sampled_from(POOL), max_size=3))
        broadcast = {c for c in letters if draw(st.sampled_from([False] * 4 + [True]))}
        shape = [1 if c in broadcast else size[c] for c in letters]
        term = "".join(letters)
        if batch and draw(st.booleans()):  # '...' somewhere, over the last batch axes
            at = draw(st.integers(0, len(letters)))
            own = batch[len(batch) - draw(st.integers(0, len(batch))):]
            own = tuple(1 if draw(st.sampled_from([False] * 3 + [True])) else n for n in own)
            term = term[:at] + "..." + term[at:]
            shape[at:at] = own
        terms.append(term)
        shapes.append(tuple(shape))
    equation = ",".join(terms)
    if draw(st.booleans()):  # an explicit output: some of the letters, in some order
        used = sorted(set(equation) - {"."})
        out = "".join(draw(st.permutations(used))[: draw(st.integers(0, len(used)))])
        if "..." in equation and draw(st.booleans()):
            at = draw(st.integers(0, len(out)))
            out = out[:at] + "..." + out[at:]
        equation += "->" + out
    if draw(st.sampled_from([False] * 9 + [True])):  # a mistake
        mistake = draw(st.sampled_from(["size", "axes", "letter", "output", "count"]))
        k = draw(st.integers(0, len(shapes) - 1))
        if mistake == "size" and shapes[k]:
            shapes[k] = shapes[k][:-1] + (shapes[k][-1] + 4,)
        elif mistake == "axes":
            shapes[k] = shapes[k] + (2,)
        elif mistake == "letter":
            equation = equation.replace(",", ",1", 1) if "," in equation else "1" + equation
        elif mistake == "output":
            equation = equation.split("->")[0] + "->iz" if "i" in equation else equation + "->ii"
        else:
            shapes = shapes[:-1] if len(shapes) > 1 else shapes + [(2,)]
    return equation, shapes


@st.composite
def einsum_cases(draw, as_list: bool = False) -> Case:
    equation, shapes = draw(equations())
    empty = any(0 in s for s in shapes)  # then one float dtype (see the module's docstring)
    mixed = not empty and draw(st.sampled_from([False, False, True]))
    dtype = draw(st.sampled_from(FLOATS if empty else SAME_DTYPE))
    operands = [draw(arrays(ALL if mixed else (dtype,), shape=s)) for s in shapes]
    return Case((equation, operands) if as_list else (equation, *operands), seed=draw(seeds))


def _sublists(case_strategy: st.SearchStrategy) -> st.SearchStrategy:
    """The same cases in PyTorch's other form: einsum(x, [0, 1], y, [1, 2], [0, 2])."""
    def convert(case: Case) -> Case:
        equation, *operands = case.args
        lhs, arrow, rhs = equation.partition("->")
        number = {c: i for i, c in enumerate(string.ascii_uppercase + string.ascii_lowercase)}

        def sublist(term: str) -> list:
            head, dots, tail = term.partition("...")
            return [number.get(c, 99) for c in head] + ([Ellipsis] if dots else []) + [
                number.get(c, 99) for c in tail]  # 99: a subscript out of range (both raise)

        args: list = []
        for op, term in zip(operands, lhs.split(",")):
            args += [op, sublist(term)]
        if arrow:
            args.append(sublist(rhs))
        return Case(tuple(args), seed=case.seed)

    return case_strategy.filter(lambda c: len(c.args[0].split(",")) == len(c.args) - 1).map(
        convert)


SPECS += [
    Spec("mg.einsum", lambda L, eq, *ops: L.t.einsum(eq, *ops), einsum_cases(), sums=True),
    Spec("mg.einsum(list)", lambda L, eq, ops: L.t.einsum(eq, ops), einsum_cases(True),
         sums=True),
    Spec("mg.einsum(sublists)", lambda L, *args: L.t.einsum(*args), _sublists(einsum_cases()),
         sums=True),
]


@st.composite
def named_einsum_cases(draw) -> Case:
    """The equations the docs name, on floats: matmul, batched matmul, outer, trace,
    diagonal, sum, transpose, the bilinear form, '...'."""
    equation, shapes = draw(st.sampled_from([
        ("ij,jk->ik", [(2, 3), (3, 4)]), ("bij,bjk->bik", [(2, 2, 3), (2, 3, 1)]),
        ("i,j->ij", [(3,), (2,)]), ("ii", [(3, 3)]), ("ii->i", [(3, 3)]), ("ij->", [(2, 3)]),
        ("ij->ji", [(2, 3)]), ("bn,anm,bm->ba", [(2, 3), (4, 3, 2), (2, 2)]),
        ("...ij,...jk", [(2, 1, 2, 3), (3, 3, 2)]), ("...ii->...i", [(2, 3, 3)]),
    ]))
    dtype = draw(st.sampled_from(FLOATS))  # finite values (the other specs have inf and NaN)
    return Case((equation, *[draw(arrays((dtype,), shape=s, flavors=("normal", "ties")))
                             for s in shapes]),
                seed=draw(seeds))


SPECS.append(Spec("mg.einsum(named)", lambda L, eq, *ops: L.t.einsum(eq, *ops),
                  named_einsum_cases(), sums=True))


# ---- tensordot ------------------------------------------------------------------------
@st.composite
def tensordot_cases(draw) -> Case:
    n_a, n_b = draw(st.integers(0, 3)), draw(st.integers(0, 3))
    sizes = st.sampled_from([1, 2, 3, 3, 0])
    shape_a = [draw(sizes) for _ in range(n_a)]
    shape_b = [draw(sizes) for _ in range(n_b)]
    kind = draw(st.sampled_from(["int", "int", "lists", "lists", "bad"]))
    if kind == "int":
        dims = draw(st.integers(0, min(n_a, n_b)))
        for i in range(dims):  # a's last dims axes meet b's first: equal sizes, or 1
            shape_b[i] = draw(st.sampled_from([shape_a[n_a - dims + i]] * 3 + [1]))
    elif kind == "lists":
        count = draw(st.integers(0, min(n_a, n_b)))
        axes_a = draw(st.permutations(range(n_a)))[:count]
        axes_b = draw(st.permutations(range(n_b)))[:count]
        for i, j in zip(axes_a, axes_b):
            shape_b[j] = draw(st.sampled_from([shape_a[i]] * 3 + [1]))
        negative = draw(st.booleans())
        axes_a = [i - n_a if negative else i for i in axes_a]
        dims = (list(axes_a), list(axes_b)) if draw(st.booleans()) else [list(axes_a),
                                                                          list(axes_b)]
    else:
        dims = draw(st.sampled_from([-1, 4, ([0], []), ([0, 0], [0, 1]), ([5], [0]), 1]))
        if dims == 1 and n_a and n_b:
            shape_b[0] = shape_a[-1] + 2  # sizes that do not match
    empty = 0 in shape_a + shape_b  # then no bools (see the module's docstring)
    dtype = draw(st.sampled_from(SAME_DTYPE[:-1] if empty else SAME_DTYPE))
    mixed = not empty and draw(st.sampled_from([False] * 4 + [True]))
    a = draw(arrays((dtype,), shape=tuple(shape_a)))
    b = draw(arrays(ALL if mixed else (dtype,), shape=tuple(shape_b)))
    return Case((a, b), {"dims": dims}, seed=draw(seeds))


SPECS.append(Spec("mg.tensordot", lambda L, a, b, dims: L.t.tensordot(a, b, dims=dims),
                  tensordot_cases(), sums=True))


# ---- kron -----------------------------------------------------------------------------
@st.composite
def kron_cases(draw) -> Case:
    small = st.lists(st.sampled_from([1, 2, 3, 0]), max_size=3).map(tuple)
    dtype = draw(st.sampled_from(SAME_DTYPE))
    other = ALL if draw(st.sampled_from([False, False, True])) else (dtype,)
    return Case((draw(arrays((dtype,), shape=draw(small))), draw(arrays(other, shape=draw(
        small)))), seed=draw(seeds))


SPECS += [
    Spec("mg.kron", lambda L, a, b: L.t.kron(a, b), kron_cases()),
    Spec("Tensor.kron", lambda L, a, b: a.kron(b), kron_cases()),
]


# ---- meshgrid -------------------------------------------------------------------------
@st.composite
def meshgrid_cases(draw) -> Case:
    """1-D and 0-D tensors of one dtype; one case in ten has a mistake both refuse."""
    dtype = draw(st.sampled_from(SAME_DTYPE))
    shapes = [draw(st.sampled_from([(2,), (3,), (1,), (0,), ()]))
              for _ in range(draw(st.integers(1, 3)))]
    dtypes = [dtype] * len(shapes)
    indexing = draw(st.sampled_from(["ij", "xy", "xy", None]))
    mistake = draw(st.sampled_from([None] * 9 + ["2-D", "dtypes", "indexing"]))
    if mistake == "2-D":
        shapes[-1] = (2, 2)
    elif mistake == "dtypes":
        dtypes[-1] = draw(st.sampled_from([d for d in SAME_DTYPE if d != dtype]))
    elif mistake == "indexing":
        indexing = "yx"
    tensors = [draw(arrays((d,), shape=s)) for d, s in zip(dtypes, shapes)]
    return Case((tensors,), {"indexing": indexing}, seed=draw(seeds))


SPECS += [
    Spec("mg.meshgrid", lambda L, ts, **kw: L.t.meshgrid(*ts, **kw), meshgrid_cases()),
    Spec("mg.meshgrid(list)", lambda L, ts, **kw: L.t.meshgrid(ts, **kw), meshgrid_cases()),
]
