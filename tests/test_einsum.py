"""einsum (ops/einsum.py, with einsum_equation.py and einsum_dtypes.py), tensordot and kron
(ops/products.py) and meshgrid (ops/meshgrid.py).

Gradients are checked in float64 (gradcheck and gradgradcheck) on many equations:
matmul, batched matmul, outer, trace, diagonal, sums, transposes, the bilinear form,
'...' with broadcasting, 0-d operands, three operands. Values, gradients and dtypes are
compared with literals taken from PyTorch 2.13; tests/parity compares them with torch on
random equations.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from op_strategies import SOME, check, seeds

import minigrad as mg
from minigrad.errors import DTypeError, ShapeError
from minigrad.ops.einsum import gradient_equation

EQUATIONS = [  # (equation, operand shapes)
    ("ij,jk->ik", [(2, 3), (3, 4)]),  # matmul
    ("ij,jk", [(2, 3), (3, 4)]),  # the same, implicit output
    ("bij,bjk->bik", [(2, 2, 3), (2, 3, 4)]),  # batched matmul
    ("i,j->ij", [(3,), (2,)]),  # outer
    ("ii", [(3, 3)]),  # trace
    ("ii->i", [(3, 3)]),  # diagonal
    ("iii->", [(2, 2, 2)]),  # a letter three times
    ("ij->", [(2, 3)]),  # sum
    ("ij->j", [(2, 3)]),  # sum over one axis
    ("ij->ji", [(2, 3)]),  # transpose
    ("bn,anm,bm->ba", [(2, 3), (4, 3, 5), (2, 5)]),  # bilinear
    ("...ij,...jk", [(5, 1, 2, 3), (4, 3, 4)]),  # '...' broadcasting 1 against 4
    ("...ij,...jk->ik", [(2, 1, 2, 3), (3, 3, 4)]),  # batch axes summed
    ("...ii->...i", [(2, 3, 3)]),  # batched diagonal
    ("ij,ij->ij", [(1, 3), (2, 3)]),  # a size-1 axis broadcasts
    ("ii,i->i", [(1, 1), (3,)]),  # a diagonal of size 1 broadcasts
    ("iij,j->i", [(2, 2, 3), (3,)]),
    ("ijk,jil->kl", [(2, 3, 2), (3, 2, 2)]),
    ("", [()]),
    (",->", [(), ()]),
    ("i,->i", [(3,), ()]),
    ("kk,", [(2, 2), ()]),
    ("ij,kl,jk->li", [(2, 3), (4, 2), (3, 4)]),
    ("B a , a c -> c B", [(2, 3), (3, 2)]),  # uppercase, spaces
]


@pytest.mark.parametrize(("equation", "shapes"), EQUATIONS, ids=[e or "''" for e, _ in EQUATIONS])
def test_einsum_gradients(equation, shapes):
    rng = np.random.default_rng(0)
    check(lambda *xs: mg.einsum(equation, *xs), *[rng.standard_normal(s) for s in shapes])


@SOME
@given(seed=seeds, n=st.integers(1, 3), m=st.integers(1, 3), k=st.integers(1, 3),
       batch=st.sampled_from([(), (2,), (2, 1)]), other=st.sampled_from([(), (1,), (3, 2)]))
def test_batched_matmul_gradients_through_broadcast_batches(seed, n, m, k, batch, other):
    if other and batch and len(other) == len(batch) and other != batch:
        other = batch[:-1] + (1,)
    rng = np.random.default_rng(seed)
    check(lambda a, b: mg.einsum("...ij,...jk->...ik", a, b),
          rng.standard_normal(batch + (n, m)), rng.standard_normal(other + (m, k)))


def test_values_and_gradients_as_pytorch():
    l = mg.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5]], requires_grad=True)  # noqa: E741
    a = mg.tensor([[[1.0, -2.0], [0.5, 0.0], [3.0, 1.0]], [[-1.0, 0.5], [2.0, -1.5], [0.0, 1.0]]],
                  requires_grad=True)
    r = mg.tensor([[2.0, -1.0], [0.5, 1.5]], requires_grad=True)
    z = mg.einsum("bn,anm,bm->ba", l, a, r)
    (z * mg.tensor([[1.0, -2.0], [0.5, 3.0]])).sum().backward()
    assert z.dtype == np.float32
    np.testing.assert_allclose(z.numpy(), [[11.0, -8.75], [-5.1875, -0.6875]])
    np.testing.assert_allclose(l.grad.numpy(), [[9.0, -10.0, 7.0], [-0.5, -3.625, 6.0]])
    np.testing.assert_allclose(a.grad.numpy(), [[[1.375, 0.625], [-1.9375, 1.1875],
                                                 [3.875, -2.375]],
                                                [[0.25, 7.75], [4.375, -0.875], [-8.75, 1.75]]])
    np.testing.assert_allclose(r.grad.numpy(), [[11.0, -6.5], [-2.9375, -2.125]])

    m = mg.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]], requires_grad=True)
    d = mg.einsum("ii->i", m)
    (d * mg.tensor([1.0, 2.0, 3.0])).sum().backward()
    assert d.tolist() == [1.0, 5.0, 9.0]
    assert m.grad.tolist() == [[1.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 3.0]]
    x, y = mg.arange(12.0).reshape(2, 2, 3), mg.arange(12.0).reshape(2, 3, 2)
    assert mg.einsum("bij,bjk->bik", x, y).tolist() == [[[10.0, 13.0], [28.0, 40.0]],
                                                        [[172.0, 193.0], [244.0, 274.0]]]


def test_the_forms_of_the_call():
    a, b = mg.tensor([[1.0, 2.0], [3.0, 4.0]]), mg.tensor([[0.0, 1.0], [1.0, 0.0]])
    expected = (a @ b).tolist()
    assert mg.einsum("ij,jk->ik", a, b).tolist() == expected
    assert mg.einsum("ij,jk->ik", [a, b]).tolist() == expected  # one list
    assert mg.einsum("ij,jk->ik", (a, b)).tolist() == expected
    assert mg.einsum(a, [0, 1], b, [1, 2], [0, 2]).tolist() == expected  # sublists
    assert mg.einsum(a, [0, 1], b, [1, 2]).tolist() == expected  # implicit output
    assert mg.einsum(a, [Ellipsis, 1], [1, Ellipsis]).tolist() == a.numpy().T.tolist()
    assert mg.einsum("ij", np.ones((1, 2))).shape == (1, 2)  # arrays are converted
    assert mg.einsum("Ba", mg.zeros(2, 3)).shape == (2, 3)  # implicit: A-Z before a-z
    assert mg.einsum("ba", mg.zeros(2, 3)).shape == (3, 2)


def test_the_backward_of_a_contraction_is_a_contraction():
    assert gradient_equation("ij,jk->ik", 0) == ("ik,jk->ij", "")  # g @ bᵀ
    assert gradient_equation("ij,jk->ik", 1) == ("ik,ij->jk", "")  # aᵀ @ g
    assert gradient_equation("ij->i", 0) == ("i,j->ij", "j")  # g broadcast along j
    assert gradient_equation("ii->", 0) == (",i->i", "i")  # then laid on the diagonal
    a = mg.tensor([[1.0, 2.0]], requires_grad=True, name="a")
    b = mg.tensor([[3.0], [4.0]], requires_grad=True, name="b")
    z = mg.einsum("ij,jk->ik", a, b)
    assert z.grad_fn.chain == ("z = einsum('ij,jk->ik', x0, x1)",
                               "dL/dx0 = einsum('ik,jk->ij', g, x1)",
                               "dL/dx1 = einsum('ik,ij->jk', g, x0)")
    text = mg.explain(z, print=False)  # mg.explain writes the rule with the numbers
    assert "dL/dx0 = einsum('ik,jk->ij', g, x1)" in text and "= [[3, 4]]" in text
    trace = mg.einsum("ii", mg.eye(2, requires_grad=True)).grad_fn.chain
    assert trace[1] == "dL/dx0 = einsum(',i->i', g, ones), on the diagonal 'ii' of zeros"


def test_infinities_meet_pytorchs_order():
    x = mg.tensor([[0.69, 1.64], [0.66, -2.61]], requires_grad=True)
    s = mg.tensor(float("inf"), requires_grad=True)
    z = mg.einsum("kk,", x, s)  # PyTorch sums the diagonal first: (0.69 - 2.61) * inf
    assert z.item() == -np.inf
    z.backward()
    assert x.grad.tolist() == [[np.inf, 0.0], [0.0, np.inf]]  # 0 off the diagonal, not NaN
    assert s.grad.item() == pytest.approx(-1.92)


def test_dtypes_follow_pytorch():
    ints = mg.tensor([[1, 2, 3], [4, 5, 6]], dtype=mg.int32)
    assert mg.einsum("ij->i", ints).dtype == np.int64  # a sum of ints
    assert mg.einsum("ij->ji", ints).dtype == np.int32  # no sum
    v = mg.tensor([2147483647, 1], dtype=mg.int32)
    i = mg.einsum("i,i->", v, mg.tensor([1, 1], dtype=mg.int32))  # a matrix product
    assert i.dtype == np.int32 and i.item() == -2147483648  # wraps, as in PyTorch
    assert mg.einsum("ij->", v.reshape(1, 2)).item() == 2147483648
    f32, f64 = mg.ones(2), mg.ones(3, dtype=mg.float64)
    assert mg.einsum("i,j->ij", f32, f64).dtype == np.float64  # multiplied: promoted
    assert mg.einsum("i,j->ij", mg.ones(2, dtype=mg.float16), mg.ones(3, dtype=mg.float16)
                     ).dtype == np.float16
    assert mg.einsum("i,j->ij", mg.tensor([True]), mg.tensor([True, False])).dtype == np.bool_
    with pytest.raises(DTypeError, match=r"einsum: operand 0 \(float32\) and operand 1 "
                                         r"\(float64\) are summed over the index 'i'"):
        mg.einsum("i,i->", f32, mg.ones(2, dtype=mg.float64))
    with pytest.raises(DTypeError, match=r"bool and summed over the index 'i'"):
        mg.einsum("i,i->", mg.tensor([True, False]), mg.tensor([True, True]))
    assert mg.einsum("i,i->", mg.tensor([True]), mg.tensor([True])).dtype == np.bool_  # size 1
    with pytest.raises(DTypeError, match=r"operand 0 \(int64 once its index 'i' is summed"):
        mg.einsum("ij,j->", ints, ints[0])
    # Empty tensors are refused alike (PyTorch's matrix product skips its dtype checks when
    # there is nothing to multiply, and gives a result: the PyTorch page lists it).
    with pytest.raises(DTypeError, match=r"operand 0 \(float32\) and operand 1 \(float64\)"):
        mg.einsum("ij,jk->ik", mg.ones(2, 0), mg.ones(0, 4, dtype=mg.float64))
    with pytest.raises(DTypeError, match=r"bool"):
        mg.einsum("ij,jk->ik", mg.ones(2, 0, dtype=mg.bool), mg.ones(0, 4, dtype=mg.bool))
    p = mg.ones(2, 3, requires_grad=True)
    z = mg.einsum("ij,j->ij", p, mg.ones(3, dtype=mg.float64))
    z.sum().backward()
    assert z.dtype == np.float64 and p.grad.dtype == np.float32  # gradient in p's dtype


def test_inputs_are_left_alone_and_results_are_new():
    x = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
    t = mg.einsum("ij->ji", x)
    t[0, 0] = 100.0
    d = mg.einsum("ii->i", x)
    d[0] = -1.0
    assert x.tolist() == [[1.0, 2.0], [3.0, 4.0]]


@pytest.mark.parametrize(("args", "error", "message"), [
    (("ij,jk->ik", mg.ones(2, 3)), TypeError, r"subscripts for 2 operands .* but 1 tensor"),
    (("ij->ij", mg.ones(2, 3), mg.ones(2)), TypeError, r"1 operand .* but 2 tensors were"),
    (("ij,jk->ik", mg.ones(2, 3), mg.ones(4, 4)), ShapeError,
     r"index 'j' has size 3 in operand 0 \(shape \(2, 3\)\) but 4 in operand 1 \(shape "
     r"\(4, 4\)\)"),
    (("ijk,jk->ik", mg.ones(2, 3), mg.ones(3, 4)), ShapeError,
     r"operand 0 has shape \(2, 3\) \(2 axes\) but its subscripts 'ijk' name 3"),
    (("i...jk", mg.ones(2, 3)), ShapeError, r"names 3 axes besides '...'"),
    (("ij,jk->iz", mg.ones(2, 3), mg.ones(3, 4)), ValueError, r"output letter 'z' .* in no "
                                                               r"input"),
    (("i->ii", mg.ones(2)), ValueError, r"output letter 'i' appears twice"),
    (("i1,jk", mg.ones(2, 3), mg.ones(3, 4)), ValueError, r"has '1' at index 1; subscripts "
                                                          r"are the letters"),
    (("i\t->i", mg.ones(2)), ValueError, r"has '\\t' at index 1"),
    (("i..", mg.ones(2)), ValueError, r"'.' at index 1 that is not part of '...'"),
    (("......", mg.ones(2)), ValueError, r"has '...' twice"),
    (("i->...i...", mg.ones(2)), ValueError, r"the output of 'i->...i...' has '...' twice"),
    (("ii", mg.ones(2, 3)), ShapeError, r"index 'i' is repeated in operand 0 \(shape \(2, 3\)\) "
                                        r"on axes of sizes 2 and 3"),
    (("...i,...i", mg.ones(2, 3), mg.ones(4, 3)), ShapeError,
     r"index under '...' \(a batch axis\) has size 2 in operand 0"),
    (("i,i", mg.ones(2), 3.0), TypeError, r"einsum: operand 1 must be a tensor, got float"),
    (("ij",), TypeError, r"needs an equation and at least one operand"),
    ((mg.ones(2), [52]), ValueError, r"subscript 52 in \[52\] is not an int from 0 to 51"),
    ((mg.ones(2), 0), TypeError, r"followed by a list of subscripts"),
    ((3, "ij"), TypeError, r"followed by a list of subscripts"),
])
def test_einsum_errors(args, error, message):
    with pytest.raises(error, match=message):
        mg.einsum(*args)


def test_52_letters_count_the_batch_axes():
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWX"  # 50 letters
    x = mg.ones(*(1,) * 52)
    assert mg.einsum(letters + "...", x).shape == (1,) * 52  # 2 batch axes: 52 letters
    with pytest.raises(ShapeError, match=r"needs 1 more letters than the 52 there are"):
        mg.einsum(letters + "...", mg.ones(*(1,) * 53))


# ---- tensordot -------------------------------------------------------------------------
def test_tensordot_values_and_gradients_as_pytorch():
    a = mg.arange(60.0).reshape(3, 4, 5).requires_grad_()
    b = mg.arange(24.0).reshape(4, 3, 2).requires_grad_()
    t = mg.tensordot(a, b, dims=([1, 0], [0, 1]))
    assert t.tolist() == [[4400.0, 4730.0], [4532.0, 4874.0], [4664.0, 5018.0],
                          [4796.0, 5162.0], [4928.0, 5306.0]]
    t.sum().backward()
    assert a.grad[0].tolist() == [[1.0] * 5, [13.0] * 5, [25.0] * 5, [37.0] * 5]
    assert b.grad[0].tolist() == [[10.0, 10.0], [110.0, 110.0], [210.0, 210.0]]
    x, y = mg.ones(2, 3), mg.ones(3, 4)
    assert mg.tensordot(x, y, dims=1).shape == (2, 4)  # a @ b
    assert mg.tensordot(x, y, dims=0).shape == (2, 3, 3, 4)  # outer
    assert mg.tensordot(mg.ones(2, 3, 4), mg.ones(3, 4, 5)).shape == (2, 5)  # dims=2
    assert mg.tensordot(x, y, dims=[[-1], [0]]).shape == (2, 4)
    assert mg.tensordot(x, y, dims=mg.tensor(1)).shape == (2, 4)
    assert mg.tensordot(mg.tensor(2.0), mg.ones(3), dims=0).tolist() == [2.0, 2.0, 2.0]
    ints = mg.tensor([[0, 1, 5], [5, 2147483647, 3], [1, 1, -2]], dtype=mg.int32)
    wrapped = mg.tensordot(ints, mg.tensor([1], dtype=mg.int32), dims=([-2], [0]))
    assert wrapped.dtype == np.int32 and wrapped.tolist() == [6, -2147483647, 6]


@pytest.mark.parametrize(("sa", "sb", "dims"), [
    ((2, 3), (3, 4), 1), ((2, 3, 4), (3, 4, 2), 2), ((2, 3), (4,), 0), ((), (3,), 0),
    ((3, 4, 2), (4, 3, 2), ([1, 0], [0, 1])), ((2, 1), (3, 2), ([1], [0])),  # a size 1 pairs
    ((2, 3), (1, 2), ([1], [0])),
])
def test_tensordot_gradients(sa, sb, dims):
    rng = np.random.default_rng(1)
    check(lambda a, b: mg.tensordot(a, b, dims=dims), rng.standard_normal(sa),
          rng.standard_normal(sb))


@pytest.mark.parametrize(("a", "b", "dims", "error", "message"), [
    ((2, 3), (3, 4), -1, ValueError, r"dims must be 0 or more, got -1"),
    ((2, 3), (3, 4), 3, ShapeError, r"dims=3 pairs the last 3 axes of a"),
    ((2, 3), (3, 4), (1, 0), TypeError, r"an int or a pair of lists of axes"),
    ((2, 3), (3, 4), 1.0, TypeError, r"an int or a pair of lists of axes"),
    ((2, 3), (3, 4), ([1], [0], [0]), TypeError, r"an int or a pair of lists of axes"),
    ((2, 3), (3, 4), ([1, 0], [0]), ValueError, r"need the same length"),
    ((2, 3), (3, 4), ([2], [0]), ShapeError, r"axis 2 is out of range for a of shape \(2, 3\)"),
    ((2, 3), (3, 4), ([1, -1], [0, 1]), ValueError, r"axis -1 of a appears twice"),
    ((2, 3), (3, 4), ([True], [0]), TypeError, r"axes in dims must be ints"),
    ((2, 3), (4, 4), 1, ShapeError, r"axis 1 of a has size 3 but axis 0 of b, paired with it, "
                                    r"has size 4"),
])
def test_tensordot_errors(a, b, dims, error, message):
    with pytest.raises(error, match=message):
        mg.tensordot(mg.ones(*a), mg.ones(*b), dims=dims)


def test_tensordot_dtypes():
    with pytest.raises(DTypeError, match=r"dtypes float32 and float64; both need the same"):
        mg.tensordot(mg.ones(2), mg.ones(2, dtype=mg.float64), dims=1)
    with pytest.raises(DTypeError, match=r"bool tensors have no matrix product"):
        mg.tensordot(mg.tensor([True]), mg.tensor([True]), dims=0)
    with pytest.raises(DTypeError, match=r"bool tensors"):  # empty too (PyTorch: a result)
        mg.tensordot(mg.ones(2, 0, dtype=mg.bool), mg.ones(0, 3, dtype=mg.bool), dims=1)
    assert mg.tensordot(mg.ones(2, dtype=mg.float16), mg.ones(2, dtype=mg.float16),
                        dims=1).dtype == np.float16
    assert mg.tensordot(mg.tensor([1, 2], dtype=mg.uint8), mg.tensor([3, 4], dtype=mg.uint8),
                        dims=1).dtype == np.uint8


# ---- kron -------------------------------------------------------------------------------
def test_kron_values_and_gradients_as_pytorch():
    x = mg.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    y = mg.tensor([[0.0, 1.0], [1.0, 0.5]], requires_grad=True)
    k = mg.kron(x, y)
    assert k.tolist() == [[0.0, 1.0, 0.0, 2.0], [1.0, 0.5, 2.0, 1.0], [0.0, 3.0, 0.0, 4.0],
                          [3.0, 1.5, 4.0, 2.0]]
    (k * mg.arange(16.0).reshape(4, 4)).sum().backward()
    assert x.grad.tolist() == [[7.5, 12.5], [27.5, 32.5]]
    assert y.grad.tolist() == [[68.0, 78.0], [108.0, 118.0]]
    assert x.kron(y).tolist() == k.tolist()
    assert mg.kron(mg.tensor([1.0, 2.0]), mg.tensor([[1.0, 10.0], [100.0, 1000.0]])).tolist() == [
        [1.0, 10.0, 2.0, 20.0], [100.0, 1000.0, 200.0, 2000.0]]


@pytest.mark.parametrize(("sa", "sb"), [((2, 3), (2, 2)), ((3,), (2, 2)), ((), (2, 3)),
                                        ((), ()), ((2, 1, 2), (1, 3)), ((2, 0), (1, 2))])
def test_kron_gradients(sa, sb):
    rng = np.random.default_rng(2)
    check(mg.kron, rng.standard_normal(sa), rng.standard_normal(sb))


def test_kron_dtypes_and_errors():
    f32, f64 = mg.ones(2), mg.ones(3, dtype=mg.float64)
    assert mg.kron(f32, f64).dtype == np.float64
    assert mg.kron(mg.ones((), dtype=mg.float64), f32).dtype == np.float64  # no 0-d rule
    assert mg.kron(mg.tensor([1, 2], dtype=mg.int32), f32).dtype == np.float32
    assert mg.kron(mg.tensor([True]), mg.tensor([True, False])).dtype == np.bool_
    assert mg.kron(mg.tensor([True]), mg.tensor([1], dtype=mg.int32)).dtype == np.int32
    with pytest.raises(TypeError, match=r"kron: other must be a tensor, got float 3.0"):
        mg.kron(f32, 3.0)


# ---- meshgrid ---------------------------------------------------------------------------
def test_meshgrid_values_and_gradients_as_pytorch():
    u = mg.tensor([1.0, 2.0, 3.0], requires_grad=True)
    v = mg.tensor([10.0, 20.0], requires_grad=True)
    x, y = mg.meshgrid(u, v, indexing="xy")
    assert x.tolist() == [[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]
    assert y.tolist() == [[10.0, 10.0, 10.0], [20.0, 20.0, 20.0]]
    (x * mg.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
     + y * mg.tensor([[1.0, 0.0, -1.0], [2.0, 2.0, 2.0]])).sum().backward()
    assert u.grad.tolist() == [5.0, 7.0, 9.0]
    assert v.grad.tolist() == [0.0, 6.0]
    i, j = mg.meshgrid(u, v, indexing="ij")
    assert i.shape == j.shape == (3, 2) and j.tolist() == [[10.0, 20.0]] * 3
    assert [t.shape for t in mg.meshgrid([u, v, mg.ones(4)], indexing="xy")] == [(2, 3, 4)] * 3
    assert [t.shape for t in mg.meshgrid(mg.tensor(5.0), u, indexing="ij")] == [(1, 3)] * 2
    assert mg.meshgrid(u, indexing="xy")[0].tolist() == [1.0, 2.0, 3.0]


@pytest.mark.parametrize("indexing", ["ij", "xy"])
def test_meshgrid_gradients(indexing):
    rng = np.random.default_rng(3)
    check(lambda *ts: mg.meshgrid(*ts, indexing=indexing), rng.standard_normal(3),
          rng.standard_normal(2), rng.standard_normal(()))


def test_meshgrid_warns_without_indexing_as_pytorch():
    with pytest.warns(UserWarning, match=r"meshgrid: without indexing=, minigrad uses "
                                         r"indexing='ij' as PyTorch does"):
        x, _ = mg.meshgrid(mg.ones(2), mg.ones(3))
    assert x.shape == (2, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        mg.meshgrid(mg.ones(2), mg.ones(3), indexing="ij")


def test_meshgrid_dtypes_and_errors():
    ints = mg.meshgrid(mg.tensor([1, 2], dtype=mg.int32), mg.tensor([3], dtype=mg.int32),
                       indexing="ij")
    assert [t.dtype for t in ints] == [np.int32, np.int32]
    with pytest.raises(DTypeError, match=r"tensor 0 is float32 but tensor 1 is float64"):
        mg.meshgrid(mg.ones(2), mg.ones(2, dtype=mg.float64), indexing="ij")
    with pytest.raises(ShapeError, match=r"tensor 1 has shape \(2, 2\); each tensor must be 1-D"):
        mg.meshgrid(mg.ones(2), mg.ones(2, 2), indexing="ij")
    with pytest.raises(ValueError, match=r"indexing must be 'ij' or 'xy', got 'ji'"):
        mg.meshgrid(mg.ones(2), indexing="ji")
    with pytest.raises(TypeError, match=r"needs at least one tensor"):
        mg.meshgrid([], indexing="ij")
    with pytest.raises(TypeError, match=r"tensor 0 must be a tensor, got float"):
        mg.meshgrid(3.0, mg.ones(2), indexing="ij")


def test_the_names_are_no_longer_missing():
    for name in ("einsum", "tensordot", "kron", "meshgrid"):
        assert callable(getattr(mg, name))
    with pytest.raises(AttributeError, match=r"torch.complex64 is a PyTorch name"):
        mg.complex64  # noqa: B018  (still missing: the list kept its other names)
