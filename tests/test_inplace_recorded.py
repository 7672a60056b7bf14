"""In-place changes of tensors in a graph are recorded, as in PyTorch.

The expected values are PyTorch 2.13's, written as literals (the comment
above each says what was run there).
"""

from __future__ import annotations

import os
import traceback

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import minigrad as mg
from minigrad.errors import InplaceError, ShapeError


def f64(values, requires_grad=False):
    return mg.tensor(np.asarray(values, dtype=np.float64), requires_grad=requires_grad)


def raises(exc, fn, *words):
    """fn() raises exc from minigrad's code (not numpy's), with every word in its message."""
    with pytest.raises(exc) as info:
        fn()
    message = str(info.value)
    for word in words:
        assert word in message, f"{word!r} missing from: {message}"
    last = traceback.extract_tb(info.tb)[-1].filename
    assert f"{os.sep}numpy{os.sep}" not in last
    return message


# ---- a non-leaf changed in place: the op is recorded, the history rebased -------------
def test_iadd_of_an_expression_of_itself():
    # a = [1, 2] (grad); c = a * 2; c += c + 1; c.sum().backward() -> a.grad [4, 4], AddBackward0
    a = f64([1.0, 2.0], requires_grad=True)
    c = a * 2
    data = c.numpy()
    c += c + 1
    assert c.numpy() is data and c.tolist() == [5.0, 9.0]
    assert c.grad_fn.name == "Add" and c._version == 1 and not c.is_leaf
    c.sum().backward()
    assert a.grad.tolist() == [4.0, 4.0]


def test_uses_recorded_before_the_change_keep_the_old_history():
    # c = a * 2; d = c + 1; c.mul_(3); (d + c).sum().backward() -> a.grad [8, 8]
    a = f64([1.0, 2.0], requires_grad=True)
    c = a * 2
    d = c + 1
    c.mul_(3)
    (d + c).sum().backward()
    assert a.grad.tolist() == [8.0, 8.0]
    assert d.grad_fn.inputs[0] is not c  # the engine rewired d's use to the old c


def test_uses_before_and_after_with_a_value_that_requires_grad():
    # a = [1, 2, 3]; c = a * 2; d = c + 1; k = 5.0 (grad); c.add_(k); (c * d).sum().backward()
    # -> a.grad [20, 28, 36], k.grad 15
    a = f64([1.0, 2.0, 3.0], requires_grad=True)
    k = f64(5.0, requires_grad=True)
    c = a * 2
    d = c + 1
    c.add_(k)
    (c * d).sum().backward()
    assert a.grad.tolist() == [20.0, 28.0, 36.0]
    assert k.grad.tolist() == 15.0


def test_each_method_gives_pytorchs_gradient():
    # c = a * 2 with a = [1, 2, 3], then the change, then c.sum().backward():
    # clamp_(3, 5) -> [0, 2, 0] ClampBackward1; fill_(3) -> [0, 0, 0]; zero_() -> [0, 0, 0];
    # div_(a) -> [0, 0, 0]; add_(c) -> [4, 4, 4]; copy_([1, 1, 1]) -> [0, 0, 0]
    cases = [
        (lambda c, a: c.clamp_(3, 5), [0.0, 2.0, 0.0], "Clip"),
        (lambda c, a: c.fill_(3), [0.0, 0.0, 0.0], "SetItem"),
        (lambda c, a: c.zero_(), [0.0, 0.0, 0.0], "SetItem"),
        (lambda c, a: c.div_(a), [0.0, 0.0, 0.0], "Div"),
        (lambda c, a: c.add_(c), [4.0, 4.0, 4.0], "Add"),
        (lambda c, a: c.copy_(f64([1.0, 1.0, 1.0])), [0.0, 0.0, 0.0], "SetItem"),
        (lambda c, a: c.sub_(a, alpha=0.5), [1.5, 1.5, 1.5], "Sub"),
    ]
    for change, expected, name in cases:
        a = f64([1.0, 2.0, 3.0], requires_grad=True)
        c = a * 2
        change(c, a)
        assert c.grad_fn.name == name
        c.sum().backward()
        assert a.grad.tolist() == expected, name


def test_add_with_alpha_records_the_scaling():
    # c = a * 2; w = [1, 1, 1] (grad); c.add_(w, alpha=2); c.sum().backward() -> w.grad [2, 2, 2]
    a = f64([1.0, 2.0, 3.0], requires_grad=True)
    w = f64([1.0, 1.0, 1.0], requires_grad=True)
    c = a * 2
    c.add_(w, alpha=2)
    assert c.tolist() == [4.0, 6.0, 8.0]
    c.sum().backward()
    assert w.grad.tolist() == [2.0, 2.0, 2.0] and a.grad.tolist() == [2.0, 2.0, 2.0]


def test_retain_grad_follows_the_tensor():
    # c = a * 2; c.retain_grad(); c.add_(1); (c * c).sum().backward()
    # -> a.grad [12, 20, 28], c.grad [6, 10, 14] (the gradient w.r.t. the new c)
    a = f64([1.0, 2.0, 3.0], requires_grad=True)
    c = a * 2
    c.retain_grad()
    c.add_(1)
    (c * c).sum().backward()
    assert a.grad.tolist() == [12.0, 20.0, 28.0]
    assert c.grad.tolist() == [6.0, 10.0, 14.0]


def test_a_saved_value_that_was_changed_still_refuses():
    # PyTorch raises for each: Exp saved its output, Mul saved c (the other operand),
    # Log saved its input; the check fires only in the backward that needs the value.
    a = f64([1.0, 2.0, 3.0], requires_grad=True)
    c = a.exp()
    c.add_(1)
    raises(InplaceError, c.sum().backward, "Exp", "modified in place")
    c = a * 2
    c.mul_(c)
    raises(InplaceError, c.sum().backward, "Mul", "input 1", "modified in place")
    c = a * 2
    d = c.log()
    c.add_(1)
    c.sum().backward()  # nothing here needs the old values
    raises(InplaceError, d.sum().backward, "Log", "modified in place")


def test_write_from_an_expression_of_the_same_tensor():
    # c = a * 2; c[0] = c[1] * 5; c.sum().backward() -> a.grad [0, 12, 2], CopySlices
    a = f64([1.0, 2.0, 3.0], requires_grad=True)
    c = a * 2
    c[0] = c[1] * 5
    assert c.tolist() == [20.0, 4.0, 6.0] and c.grad_fn.name == "SetItem"
    c.sum().backward()
    assert a.grad.tolist() == [0.0, 12.0, 2.0]


def test_a_sequence_of_changes_is_recorded_in_order():
    a = f64([1.0, -2.0, 3.0], requires_grad=True)
    w = f64([0.5, 2.0, -1.0], requires_grad=True)
    c = a * 1
    c.mul_(w)  # a * w
    c += a  # a * w + a
    c[0] = w[1] * 3  # [3 w1, a1 w1 + a1, a2 w2 + a2]
    c.clamp_(max=10.0)
    c.sum().backward()
    assert c.tolist() == [6.0, -6.0, 0.0]
    assert a.grad.tolist() == [0.0, 3.0, 0.0]
    assert w.grad.tolist() == [0.0, 1.0, 3.0]


# ---- a tensor without grad given a value that requires grad ---------------------------
def test_a_plain_tensor_joins_the_graph():
    # buf = zeros(3); buf[0:2] = w * 1; (buf * [1, 2, 3]).sum().backward()
    # -> buf.requires_grad True, CopySlices, w.grad [1, 2]
    w = f64([1.0, 2.0], requires_grad=True)
    buf = mg.zeros(3, dtype=np.float64)
    data = buf.numpy()
    buf[0:2] = w * 1
    assert buf.requires_grad and not buf.is_leaf and buf.grad_fn.name == "SetItem"
    assert buf.numpy() is data and buf.tolist() == [1.0, 2.0, 0.0]
    (buf * f64([1.0, 2.0, 3.0])).sum().backward()
    assert w.grad.tolist() == [1.0, 2.0]


@pytest.mark.parametrize(
    "change, start, expected",
    [
        # buf = start; buf.<change>(w); buf.sum().backward() -> w.grad
        (lambda b, w: b.copy_(w), 0.0, [1.0, 1.0]),
        (lambda b, w: b.add_(w), 0.0, [1.0, 1.0]),
        (lambda b, w: b.sub_(w), 0.0, [-1.0, -1.0]),
        (lambda b, w: b.mul_(w), 0.0, [0.0, 0.0]),
        (lambda b, w: b.div_(w), 1.0, [-1.0, -0.25]),
        (lambda b, w: b.__iadd__(w), 0.0, [1.0, 1.0]),
    ],
)
def test_each_method_passes_the_gradient_to_the_value(change, start, expected):
    w = f64([1.0, 2.0], requires_grad=True)
    buf = mg.full((2,), start, dtype=np.float64)
    assert change(buf, w) is buf
    assert buf.requires_grad and buf.grad_fn is not None
    buf.sum().backward()
    assert w.grad.tolist() == expected


def test_fill_with_a_0d_tensor_that_requires_grad():
    # c = zeros(3); k = 2.0 (grad); c.fill_(k); c.sum().backward() -> k.grad 3
    k = f64(2.0, requires_grad=True)
    c = mg.zeros(3, dtype=np.float64)
    c.fill_(k)
    c.sum().backward()
    assert c.tolist() == [2.0, 2.0, 2.0] and k.grad.tolist() == 3.0
    raises(ShapeError, lambda: c.fill_(f64([1.0])), "fill_", "0-d", "(1,)")


def test_the_tensor_keeps_its_dtype_and_the_value_its_own():
    w = f64([1.0, 2.0], requires_grad=True)
    buf = mg.zeros(2, dtype=np.float32)
    buf.add_(w)
    assert buf.dtype == np.float32
    buf.sum().backward()
    assert w.grad.dtype == np.float64 and w.grad.tolist() == [1.0, 1.0]


def test_integer_tensors_do_not_join_the_graph():
    # As PyTorch: long_buf[0:2] = w * 1 stores [1, 2] with no history; long_buf.add_(w)
    # fails (a float result cannot be stored in int64).
    w = f64([1.5, 2.5], requires_grad=True)
    buf = mg.zeros(3, dtype=np.int64)
    buf[0:2] = w * 1
    assert buf.tolist() == [1, 2, 0] and not buf.requires_grad
    raises(TypeError, lambda: buf.add_(w[0:1].sum()), "add_", "int64")
    # copy_ casts as PyTorch does: [1.7, -2.7] into int64 -> [1, -2]
    assert mg.zeros(2, dtype=np.int64).copy_(f64([1.7, -2.7])).tolist() == [1, -2]


def test_a_refused_change_changes_nothing():
    a = f64([1.0, 2.0], requires_grad=True)
    c = a * 2
    node = c.grad_fn
    raises(ShapeError, lambda: c.add_(np.ones(3)), "add_", "(3,)", "(2,)")
    raises(ShapeError, lambda: c.mul_(f64([[1.0], [2.0]], requires_grad=True)), "mul_")
    raises(IndexError, lambda: c.__setitem__(5, a[0]), "__setitem__", "(2,)")
    raises(ShapeError, lambda: c.copy_(f64([1.0, 2.0, 3.0])), "copy_", "(3,)")
    assert c.tolist() == [2.0, 4.0] and c.grad_fn is node and c._version == 0
    assert a.tolist() == [1.0, 2.0]


def test_user_values_are_not_modified():
    value = np.array([5.0, 6.0])
    keep = value.copy()
    w = mg.tensor(value.copy(), requires_grad=True)
    c = w * 1
    c.copy_(value)
    c.add_(value)
    c[0] = value[1]
    assert np.array_equal(value, keep) and w.tolist() == [5.0, 6.0]


# ---- the new op: SetItem ---------------------------------------------------------------
@pytest.mark.parametrize(
    "index, value, expected_value_grad, expected_a_grad",
    [
        # a = [[1, 2, 3], [4, 5, 6]] (grad), c = a * 2, c[index] = value,
        # (c * arange(6).reshape(2, 3)).sum().backward()
        ((0,), [[7.0, 8.0, 9.0]], [[0.0, 1.0, 2.0]], [[0, 0, 0], [6, 8, 10]]),
        ((slice(None), 1), 7.0, 5.0, [[0, 0, 4], [6, 0, 10]]),
        (
            ([[True, False, True], [False, False, True]],),
            [7.0, 8.0, 9.0],
            [0.0, 2.0, 5.0],
            [[0, 2, 0], [6, 8, 0]],
        ),
    ],
)
def test_setitem_gradients(index, value, expected_value_grad, expected_a_grad):
    a = f64([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    v = f64(value, requires_grad=True)
    c = a * 2
    index = tuple(mg.tensor(np.array(i)) if isinstance(i, list) else i for i in index)
    c[index if len(index) > 1 else index[0]] = v
    (c * mg.arange(6.0).reshape(2, 3)).sum().backward()
    assert v.grad.tolist() == expected_value_grad
    assert a.grad.tolist() == expected_a_grad


def test_setitem_with_a_repeated_index():
    # c = a * 2; c[[0, 0]] = v; c.sum().backward() -> v.grad [1, 1], a.grad [0, 2, 2]
    a = f64([1.0, 2.0, 3.0], requires_grad=True)
    v = f64([5.0, 6.0], requires_grad=True)
    c = a * 2
    c[mg.tensor([0, 0])] = v
    assert c.tolist() == [6.0, 4.0, 6.0]
    c.sum().backward()
    assert v.grad.tolist() == [1.0, 1.0] and a.grad.tolist() == [0.0, 2.0, 2.0]


@pytest.mark.parametrize(
    "shape, index, value_shape",
    [
        ((), Ellipsis, ()),  # 0-d: the whole tensor
        ((4,), slice(1, 3), ()),  # a number broadcast into a slice
        ((3, 4), (slice(None), 2), (3,)),
        ((3, 4), 1, (1, 4)),  # a leading 1 dropped on writing
        ((3, 4), (slice(None), slice(0, 2)), (2,)),  # broadcast along the rows
        ((2, 3), (np.array([1, 0]), np.array([0, 2])), (2,)),  # integer arrays
    ],
)
def test_setitem_gradcheck(shape, index, value_shape):
    from minigrad.ops.inplace_ops import SetItem

    rng = np.random.default_rng(0)
    x = mg.tensor(rng.standard_normal(shape), requires_grad=True)
    v = mg.tensor(rng.standard_normal(value_shape), requires_grad=True)

    def setitem(x, v):
        return SetItem.apply(x, v, index=index)

    assert mg.gradcheck(setitem, (x, v))
    assert mg.gradgradcheck(setitem, (x, v))


def test_gradcheck_of_a_recorded_sequence():
    rng = np.random.default_rng(1)
    a = mg.tensor(rng.standard_normal((3, 4)), requires_grad=True)
    w = mg.tensor(rng.standard_normal(4), requires_grad=True)  # broadcast along the rows
    k = mg.tensor(rng.uniform(1.0, 2.0, ()), requires_grad=True)  # 0-d

    def changed(a, w, k):
        c = a * 1.5
        d = c.exp()  # recorded before the changes: uses the old c
        c.mul_(w)
        c.div_(k)
        c.sub_(w, alpha=0.5)
        c[1] = w * k
        c[:, 0] = k
        c.clamp_(-2.0, 2.0)
        buf = mg.zeros((3, 4), dtype=np.float64)
        buf.copy_(c)
        buf.add_(d)
        return buf

    assert mg.gradcheck(changed, (a, w, k))


@settings(max_examples=40, deadline=None)
@given(
    op=st.sampled_from(["add_", "sub_", "mul_", "div_"]),
    shape=st.sampled_from([(), (3,), (2, 3)]),
    value_shape=st.sampled_from([(), (3,), (1, 3)]),
    value_needs_grad=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_inplace_gives_the_out_of_place_gradients(op, shape, value_shape, value_needs_grad,
                                                  seed):
    if len(value_shape) > len(shape) or (value_shape and shape and value_shape[-1] != shape[-1]):
        value_shape = ()
    rng = np.random.default_rng(seed)
    a0 = rng.uniform(0.5, 2.0, shape)
    v0 = rng.uniform(0.5, 2.0, value_shape)

    def grads(inplace):
        a = mg.tensor(a0, requires_grad=True)
        v = mg.tensor(v0, requires_grad=value_needs_grad)
        c = a.exp() * 1
        before = c + 3  # a use of c before the change (Add saves nothing)
        if inplace:
            assert getattr(c, op)(v) is c
        else:
            c = {"add_": c + v, "sub_": c - v, "mul_": c * v, "div_": c / v}[op]
        (c * c * before).sum().backward()
        return a.grad.numpy(), (v.grad.numpy() if value_needs_grad else None)

    (ga, gv), (ha, hv) = grads(True), grads(False)
    np.testing.assert_allclose(ga, ha, rtol=1e-12)
    if value_needs_grad:
        np.testing.assert_allclose(gv, hv, rtol=1e-12)


# ---- views and aliases -----------------------------------------------------------------
def test_a_view_of_a_leaf_that_requires_grad_is_refused():
    # PyTorch: "a view of a leaf Variable that requires grad is being used in an in-place
    # operation", and for a view made under no_grad "A view was created in no_grad mode..."
    w = f64([1.0, 2.0, 3.0], requires_grad=True)
    v = w[0:2]
    raises(InplaceError, lambda: v.add_(1.0), "add_", "leaf", "no_grad", "clone")
    with mg.no_grad():
        u = w[0:2]
        r = w.reshape(3, 1)
    raises(InplaceError, lambda: u.add_(1.0), "add_", "leaf")
    raises(InplaceError, lambda: r.__setitem__(0, 5.0), "__setitem__", "leaf")
    raises(InplaceError, lambda: u.mul_(f64(2.0, requires_grad=True)), "mul_", "leaf")
    assert w.tolist() == [1.0, 2.0, 3.0] and w._version == 0
    with mg.no_grad():
        u.add_(1.0)  # the optimiser's way is still allowed
    assert w.tolist() == [2.0, 3.0, 3.0]


def test_a_detached_alias_may_change_and_backward_notices():
    # d = w.detach(); d.add_(1) -> allowed, w sees it; a graph that saved w then refuses.
    w = f64([1.0, 2.0, 3.0], requires_grad=True)
    y = (w * w).sum()
    d = w.detach()
    d.add_(1.0)
    assert w.tolist() == [2.0, 3.0, 4.0]
    raises(InplaceError, y.backward, "Mul", "modified in place")
    # A detached alias of a view given a value that requires grad joins the graph alone.
    k = f64(2.0, requires_grad=True)
    e = w.detach()[0:2]
    e.mul_(k)
    e.sum().backward()
    assert k.grad.tolist() == 5.0 and w.grad is None and w.is_leaf


def test_a_view_made_under_no_grad_of_a_graph_tensor_is_refused():
    a = f64([1.0, 2.0, 3.0], requires_grad=True)
    c = a * 2
    with mg.no_grad():
        v = c[0:2]
    raises(InplaceError, lambda: v.mul_(3.0), "mul_", "no_grad", "clone")
    assert c.tolist() == [2.0, 4.0, 6.0]


def test_a_change_through_a_view_stops_backward_of_later_uses():
    # PyTorch rebuilds the other tensors' history; minigrad refuses clearly instead.
    a = f64([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    c = a * 2
    c.reshape(2, 2).mul_(3)  # changes c through a view
    assert c.tolist() == [6.0, 12.0, 18.0, 24.0]
    raises(InplaceError, c.sum().backward, "StaleView", "sharing its memory", "clone")
    # ... and the other way round: the base changed, then the view used
    c = a * 2
    v = c[0:2]
    c.mul_(3)
    raises(InplaceError, v.sum().backward, "StaleView")


def test_a_view_of_a_plain_tensor_given_a_grad_value_never_drops_the_gradient():
    # PyTorch: big.requires_grad becomes True and (big * w2).sum().backward() gives w its
    # gradient; minigrad refuses rather than give w none.
    w = f64([1.0, 2.0], requires_grad=True)
    w2 = f64([1.0, 1.0, 1.0, 1.0], requires_grad=True)
    big = mg.zeros(4, dtype=np.float64)
    part = big[0:2]
    part[0] = w[1]
    assert big.tolist() == [2.0, 0.0, 0.0, 0.0] and big.requires_grad
    raises(InplaceError, (big * w2).sum().backward, "StaleView")
    part.sum().backward()  # the changed view itself is fine
    assert w.grad.tolist() == [0.0, 1.0]


def test_a_view_used_before_the_change_is_fine():
    a = f64([1.0, 2.0, 3.0], requires_grad=True)
    c = a * 2
    first = c[0:2] + 10  # uses a view of c, then c changes
    c.mul_(3)
    (first.sum() + c.sum()).backward()
    assert first.tolist() == [12.0, 14.0] and c.tolist() == [6.0, 12.0, 18.0]
    assert a.grad.tolist() == [8.0, 8.0, 6.0]


# ---- issue 16: add_/sub_ with alpha and a list ---------------------------------------------
def test_alpha_scales_a_list_rather_than_repeating_it():
    # torch: x.add_(tensor([1, 2]), alpha=2) -> [3, 6]
    x = mg.tensor([1.0, 2.0])
    x.add_([1, 2], alpha=2)
    assert x.tolist() == [3.0, 6.0]
    x.sub_([1, 2], alpha=2)
    assert x.tolist() == [1.0, 2.0]
    x.add_((1.0, 2.0), alpha=0.5)
    assert x.tolist() == [1.5, 3.0]


# ---- no reference cycles ------------------------------------------------------------------
@pytest.mark.parametrize(
    "change",
    [
        lambda c: c.__iadd__(c + 1),
        lambda c: c.mul_(c),
        lambda c: c.__setitem__(slice(0, 1), c[1:2] * 5),  # through a view of c
        lambda c: c.copy_(c.exp()),
    ],
)
def test_a_value_computed_from_the_tensor_makes_no_reference_cycle(change):
    # The graph is held from the output side only: dropping c frees it at once, with the
    # cyclic garbage collector off (as tests/test_leaks.py asks of every graph).
    import gc
    import weakref

    gc.collect()
    gc.disable()
    try:
        a = f64([1.0, 2.0, 3.0], requires_grad=True)
        c = a * 2
        change(c)
        node = weakref.ref(c.grad_fn)
        del c
        assert node() is None
    finally:
        gc.enable()
