"""In-place methods: values, version counters, and the checks that keep gradients right."""

from __future__ import annotations

import numpy as np
import pytest

import minigrad as mg
from minigrad import Tensor
from minigrad.errors import InplaceError, ShapeError


def f64(values, requires_grad=False):
    return Tensor(np.asarray(values, dtype=np.float64), requires_grad=requires_grad)


@pytest.mark.parametrize(
    "method, args, expected",
    [
        ("add_", (1.0,), [2.0, 3.0, 4.0]),
        ("add_", ([1.0, 1.0, 2.0],), [2.0, 3.0, 5.0]),
        ("add_", (2.0,), [3.0, 4.0, 5.0]),
        ("sub_", (1.0,), [0.0, 1.0, 2.0]),
        ("mul_", (3.0,), [3.0, 6.0, 9.0]),
        ("div_", (2.0,), [0.5, 1.0, 1.5]),
        ("zero_", (), [0.0, 0.0, 0.0]),
        ("fill_", (7.0,), [7.0, 7.0, 7.0]),
        ("copy_", ([4.0, 5.0, 6.0],), [4.0, 5.0, 6.0]),
        ("clamp_", (1.5, 2.5), [1.5, 2.0, 2.5]),
        ("clip_", (None, 2.0), [1.0, 2.0, 2.0]),
    ],
)
def test_inplace_methods_change_values_and_bump_version(method, args, expected):
    x = f64([1.0, 2.0, 3.0])
    data = x.numpy()
    args = tuple(Tensor(np.asarray(a)) if isinstance(a, list) else a for a in args)
    out = getattr(x, method)(*args)
    assert out is x
    assert x.numpy() is data  # changed where it is
    assert x.tolist() == expected
    assert x._version == 1
    getattr(x, method)(*args)
    assert x._version == 2


def test_add_sub_alpha_and_operators():
    x = f64([1.0, 2.0])
    x.add_(Tensor(np.array([1.0, 1.0])), alpha=2)
    assert x.tolist() == [3.0, 4.0]
    x.sub_(1.0, alpha=0.5)
    assert x.tolist() == [2.5, 3.5]
    data = x.numpy()
    x += 1
    x -= 0.5
    x *= 2
    x /= 4
    assert x.numpy() is data and x.tolist() == [1.5, 2.0] and x._version == 6


def test_setitem_bumps_version():
    x = f64([[1.0, 2.0], [3.0, 4.0]])
    x[0] = 0.0
    x[:, 1] = Tensor(np.array([9.0, 8.0]))
    x[Tensor(np.array([True, False])), 0] = -1.0
    assert x.tolist() == [[-1.0, 9.0], [3.0, 8.0]] and x._version == 3
    with pytest.raises(IndexError, match=r"\(2, 2\)"):
        x[5] = 1.0


def test_inplace_keeps_the_dtype_and_the_shape():
    x = Tensor([1.0, 2.0])  # float32
    x.add_(np.array([1.0, 1.0]))  # a float64 operand does not change x's dtype
    assert x.dtype == np.float32
    with pytest.raises(ShapeError, match=r"\(3,\).*\(2,\)"):
        x.add_(np.ones(3))
    with pytest.raises(TypeError, match="int64"):
        mg.tensor([1, 2]).add_(0.5)  # the float result would not fit back into ints


def test_inplace_on_a_read_only_view_is_refused_clearly():
    y = Tensor([1.0, 2.0]).broadcast_to((3, 2))
    for change in (lambda: y.add_(1.0), lambda: y.zero_(), lambda: y.__setitem__(0, 1.0)):
        with pytest.raises(ValueError, match="clone"):
            change()
    y.clone().add_(1.0)  # a clone owns its memory


def test_refused_on_a_leaf_requiring_grad_allowed_under_no_grad():
    w = f64([1.0, 2.0], requires_grad=True)
    for change in (lambda: w.add_(1.0), lambda: w.mul_(2.0), lambda: w.zero_(),
                   lambda: w.fill_(1.0), lambda: w.copy_(np.zeros(2)), lambda: w.clamp_(0, 1)):
        with pytest.raises(InplaceError, match="no_grad"):
            change()
    with pytest.raises(InplaceError, match="__setitem__"):
        w[0] = 5.0
    with pytest.raises(InplaceError):
        w -= 1.0
    assert w.tolist() == [1.0, 2.0] and w._version == 0
    with mg.no_grad():
        w -= 0.5
        w.mul_(2.0)
        w[1] = 10.0
    assert w.tolist() == [1.0, 10.0] and w._version == 3
    assert w.requires_grad and w.is_leaf


def test_a_non_leaf_in_a_graph_is_changed_and_recorded():
    # Refused before; now recorded as in PyTorch (see test_inplace_recorded.py).
    x = f64([1.0, 2.0], requires_grad=True)
    y = x * 2
    y.add_(1.0)
    assert y.tolist() == [3.0, 5.0] and y.grad_fn.name == "Add" and y._version == 1
    y.sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]


def test_modified_input_of_mul_is_caught_in_backward():
    x = f64([1.0, 2.0], requires_grad=True)
    a = Tensor(np.array([3.0, 4.0]), name="a")  # saved by Mul for x's gradient
    y = (x * a).sum()
    a.mul_(10.0)  # allowed: a does not require grad, but Mul saved it
    with pytest.raises(InplaceError, match=r"Mul.*input 1.*'a'.*version 0 -> 1"):
        y.backward()


def test_modified_output_of_exp_is_caught_in_backward():
    x = f64([0.0, 1.0], requires_grad=True)
    z = x.exp()  # Exp saves its output
    y = z.sum()
    with mg.no_grad():
        z.add_(1.0)
    with pytest.raises(InplaceError, match="Exp"):
        y.backward()


def test_modified_leaf_after_use_under_no_grad_is_caught():
    w = f64([1.0, 2.0], requires_grad=True)
    loss = (w * w).sum()
    with mg.no_grad():
        w.sub_(0.1)  # an optimiser step before backward: Mul's saved input changed
    with pytest.raises(InplaceError, match="modified in place"):
        loss.backward()


def test_inplace_that_backward_does_not_need_is_fine():
    x = f64([1.0, 2.0], requires_grad=True)
    c = f64([5.0, 5.0])
    y = (x + c).sum()  # Add saves nothing
    c.add_(1.0)
    y.backward()
    assert x.grad.tolist() == [1.0, 1.0]


def test_optimiser_step_then_a_new_forward_works():
    w = f64([1.0, -2.0], requires_grad=True)
    for _ in range(3):
        loss = (w * w).sum()
        loss.backward()
        with mg.no_grad():
            w -= 0.25 * w.grad
        w.grad = None
    np.testing.assert_allclose(w.numpy(), [0.125, -0.25])


def test_user_arrays_are_never_modified():
    a = np.array([1.0, 2.0])
    keep = a.copy()
    t = Tensor(a, requires_grad=True)
    with mg.no_grad():
        t.add_(5.0)
        t.zero_()
    u = Tensor(a)
    u[0] = 100.0
    u.mul_(3.0)
    m = mg.tensor(a)
    m.fill_(0.0)
    (Tensor(a, requires_grad=True) * 2).sum().backward()
    np.testing.assert_array_equal(a, keep)
    b = np.array([1.0, 2.0])
    x = Tensor(np.array([3.0, 4.0]))
    x.copy_(b)
    x.add_(1.0)
    assert b.tolist() == [1.0, 2.0]


# ---- views share a version counter with what they view (as in PyTorch) -------------
def test_change_through_a_reshape_view_is_caught():
    x = Tensor(np.array([0.5, 1.0, 1.5, 2.0]), requires_grad=True)
    y = x.exp()  # Exp's backward reads y
    view = y.reshape(2, 2)
    with mg.no_grad():
        view.mul_(2.0)  # changes y's values too
    assert y._version == 1 and np.allclose(y.numpy(), 2 * np.exp(x.numpy()))
    with pytest.raises(InplaceError, match="modified in place"):
        y.sum().backward()


def test_change_of_the_base_is_caught_in_a_saved_view():
    w = Tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    x = Tensor(np.ones((4, 3)))
    out = x @ w.T  # MatMul saves the view w.T
    with mg.no_grad():
        w.sub_(1.0)  # an optimiser step before the backward that needs w.T
    with pytest.raises(InplaceError):
        out.sum().backward()


def test_slices_share_but_fancy_indexing_copies():
    x = Tensor(np.arange(5.0), requires_grad=True)
    sliced, picked = x[1:3], x[[0, 4]]
    y = sliced * sliced + picked.sum()
    with mg.no_grad():
        picked.add_(10.0)  # a copy: x and the saved slice are untouched
    y.sum().backward()
    assert np.allclose(x.grad.numpy(), [2, 2, 4, 0, 2])  # picked.sum() reaches both of y
    z = sliced * sliced
    with mg.no_grad():
        x[2:4] = 0.0  # overlaps the slice
    with pytest.raises(InplaceError):
        z.sum().backward()


def test_a_view_of_a_view_and_a_broadcast_view_share_the_version_counter():
    base = Tensor(np.ones(3), requires_grad=True)
    chain = base.reshape(3, 1).T  # a view of a view
    wide = base.broadcast_to((2, 3))
    with mg.no_grad():
        base.mul_(3.0)
    assert chain._version == 1 and wide._version == 1
    assert np.allclose(chain.numpy(), 3.0) and np.allclose(wide.numpy(), 3.0)
    with mg.no_grad():
        chain[0, 1] = 5.0  # a change through the view of a view counts for all
    assert base._version == wide._version == 2 and base.tolist() == [3.0, 5.0, 3.0]


def test_a_view_made_after_a_change_reads_the_same_count():
    # torch: x = ones(4); x.add_(1) -> x[0:2]._version, x.detach()._version and
    # x.reshape(2, 2)._version are all 1: one counter for one memory, whenever made.
    x = f64([1.0, 1.0, 1.0, 1.0])
    x.add_(1.0)
    view, alias, shaped = x[0:2], x.detach(), x.reshape(2, 2)
    assert view._version == alias._version == shaped._version == 1
    view.mul_(2.0)
    assert x._version == alias._version == shaped._version == 2
    assert x.tolist() == [4.0, 4.0, 2.0, 2.0]


def test_a_change_counts_for_that_tensor_and_its_views_only():
    # Tensors never changed nor viewed share one counter at 0 (minigrad.versions): a
    # change must give the changed tensor a counter of its own first, never bump theirs.
    a, b = f64([1.0, 2.0]), f64([3.0, 4.0])
    view = a[0:1]
    a.add_(1.0)
    b.mul_(2.0)
    b.mul_(2.0)
    fresh = f64([5.0]) * 2.0
    assert (a._version, view._version, b._version) == (1, 1, 2)
    assert fresh._version == 0 and f64([0.0])._version == 0 and mg.zeros(3)._version == 0
    w = f64([1.0, 2.0], requires_grad=True)
    loss = (w * f64([3.0, 4.0])).sum()  # recorded at versions (0, 0)
    loss.backward()  # so a bumped shared counter would fail here as "modified in place"
    assert w.grad.tolist() == [3.0, 4.0]


def test_copies_of_unchanged_tensors_count_their_changes_apart():
    # copy.deepcopy of a model copies its parameters together: the counter they share
    # while unchanged must stay that one object, or the copies would share one counter.
    import copy
    import pickle

    a, b = f64([1.0]), f64([2.0])
    a2, b2 = copy.deepcopy([a, b])
    a3, b3 = pickle.loads(pickle.dumps([a, b]))
    a2.add_(1.0)
    a3.mul_(2.0)
    assert (a2._version, b2._version, a3._version, b3._version) == (1, 0, 1, 0)
    assert (a._version, b._version) == (0, 0) and b2.tolist() == [2.0]


def test_a_view_made_every_step_keeps_memory_flat_and_is_freed_at_once():
    import gc
    import tracemalloc
    import weakref

    w = Tensor(np.ones((2, 3)), requires_grad=True)
    x = Tensor(np.ones((4, 3)))

    def steps(n):
        for _ in range(n):  # a Linear layer's x @ w.T: one new view of w per step
            w.grad = None
            (x @ w.T).sum().backward()
            with mg.no_grad():
                w.sub_(w.grad, alpha=0.01)

    steps(200)
    tracemalloc.start()
    try:
        # Traced steps fill caches first, and CPython's free lists: up to 2,000 freed
        # tuples of each size stay allocated for reuse (112 KB of pairs), filled a few
        # per step; a step that leaked would keep growing after that.
        steps(3000)
        before, _ = tracemalloc.get_traced_memory()
        steps(2000)
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert after - before < 20_000, f"memory grew by {after - before} bytes"
    assert np.allclose(w.numpy(), 1 - 5200 * 0.01 * 4)
    gc.disable()  # reference counting alone frees a dropped view
    try:
        view = weakref.ref(w.T)
        assert view() is None
    finally:
        gc.enable()
    with mg.no_grad():
        w.mul_(2.0)  # the live tensor still counts its changes
    assert w._version == 5201


def test_many_live_views_all_see_a_change_and_cost_no_more_than_dropped_ones():
    import time

    def cut(keep):
        data = Tensor(np.arange(40_000.0))
        start = time.perf_counter()
        if keep:
            kept = [data[i : i + 2] for i in range(0, 40_000, 2)]  # 20,000 live slices
        else:
            for i in range(0, 40_000, 2):
                data[i : i + 2]  # dropped at once
            kept = None
        return time.perf_counter() - start, data, kept

    # What a tensor must know about its live views must not make each new view
    # cost more: a dataset cut into batches costs about as much as batches dropped.
    live = min(cut(True)[0] for _ in range(3))
    dropped = min(cut(False)[0] for _ in range(3))
    assert live < 4 * dropped, f"{live:.3f} s with 20,000 live views, {dropped:.3f} s without"
    _, data, batches = cut(True)
    with mg.no_grad():
        data.mul_(2.0)
    assert all(b._version == 1 for b in batches)
    assert batches[-1].numpy()[0] == 2 * 39_998
    data.requires_grad_()
    with pytest.raises(InplaceError, match="leaf"):  # each live view is known to be one of data
        batches[0].add_(1.0)


def test_a_copy_of_a_tensor_shares_nothing_with_it():
    import copy
    import pickle

    buf = mg.zeros(4, dtype=np.float64)
    part = buf[0:2]  # buf has a view
    for twin in (copy.deepcopy(buf), pickle.loads(pickle.dumps(buf))):
        assert twin.numpy() is not buf.numpy() and twin._version == 0
        w = f64([1.0, 2.0, 3.0, 4.0], requires_grad=True)
        twin.add_(w)  # recorded; buf and its view are not the copy's relatives
        assert twin.requires_grad and not buf.requires_grad and not part.requires_grad
        assert buf._version == 0 and buf.tolist() == [0.0] * 4
        twin.sum().backward()
        assert w.grad.tolist() == [1.0] * 4


# ---- dtypes: computed as out of place, stored in the tensor's dtype (PyTorch's rule) ----
def _u8():
    return mg.tensor(np.array([5, 100], dtype=np.uint8))


def test_in_place_results_are_stored_in_the_tensor_s_dtype():
    # values from PyTorch 2.13: the result of the out-of-place op, cast into uint8
    assert _u8().add_(mg.tensor([120, 3])).tolist() == [125, 103]
    assert _u8().add_(mg.tensor([120, 3]), alpha=-1).tolist() == [141, 97]
    assert _u8().add_(True, alpha=-1).tolist() == [4, 99]
    assert _u8().mul_(-1).tolist() == [251, 156]
    assert _u8().sub_(mg.tensor(np.array([6, 1], dtype=np.int8))).tolist() == [255, 99]
    x = _u8()
    x += mg.tensor([1, 1])
    assert x.dtype == np.uint8 and x.tolist() == [6, 101]
    half = mg.tensor(np.array([1.0], dtype=np.float16))
    assert half.add_(mg.tensor([70000.0])).tolist() == [np.inf]  # too big for float16
    flags = mg.tensor([True, False])
    assert flags.add_(mg.tensor([False, True])).tolist() == [True, True]


def test_alpha_is_applied_in_the_dtype_of_the_sum():
    # PyTorch: 0.5 + 2 * 255 = 510.5 in float32; 2 * 255 in uint8 would wrap to 254
    x = mg.tensor([0.5])
    x.add_(mg.tensor(np.array([255], dtype=np.uint8)), alpha=2)
    assert x.tolist() == [510.5] and x.dtype == np.float32
    y = mg.tensor([0.5, 2.0])
    y.sub_(mg.tensor(np.array([0.25, 1e-9])), alpha=2)  # float64 other, stored as float32
    assert y.dtype == np.float32 and y.tolist() == [0.0, 2.0]


def test_in_place_refuses_what_the_tensor_cannot_hold():
    from minigrad.errors import DTypeError

    for change in (lambda x: x.add_(2.5), lambda x: x.div_(_u8()),
                   lambda x: x.add_(mg.tensor([1.0, 2.0])), lambda x: x.add_(1, alpha=0.5)):
        x = _u8()
        with pytest.raises(DTypeError, match=r"_: the result has dtype float\d+, which this "
                           r"tensor of dtype uint8 cannot hold"):
            change(x)
        assert x.tolist() == [5, 100]  # unchanged
    with pytest.raises(DTypeError, match="bool"):
        mg.tensor([True]).add_(1)
    with pytest.raises(TypeError, match="subtraction with a bool"):
        _u8().sub_(True, alpha=2)


def test_python_numbers_written_into_integer_tensors_wrap_or_are_refused() -> None:
    # PyTorch 2.13: -1 written into uint8 is 255; inf has no integer value.
    x = mg.tensor(np.array([5, 6], dtype=np.uint8))
    x[0] = -1
    assert x.tolist() == [255, 6]
    with pytest.raises(ValueError, match="inf cannot be stored.*int64"):
        mg.tensor([4]).fill_(float("inf"))
