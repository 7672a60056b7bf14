"""After a backward without retain_graph, a graph keeps its structure but no values.

Issue 16: `losses.append(loss)` after `backward()` (instead of `loss.item()`)
kept every activation of every step alive. Now `Function.release` swaps a
freed node's inputs for stand-ins (`minigrad.freed`), and pictures drawn
afterwards show shapes, names and the leaves' `.grad`, and say what was freed.
"""

from __future__ import annotations

import gc
import tracemalloc
import weakref

import numpy as np
import pytest

import minigrad as mg
from minigrad import nn, optim, viz
from minigrad.engine import topological_order
from minigrad.errors import BackwardError
from minigrad.freed import FreedTensor


def f64(values: object, **kwargs: object) -> mg.Tensor:
    return mg.tensor(np.asarray(values, dtype=np.float64), **kwargs)


# ---- the scenario -------------------------------------------------------------
def test_keeping_every_loss_after_backward_keeps_memory_flat() -> None:
    # A small MLP trained for 40 steps on fresh batches, keeping each loss tensor. One
    # step's activations and batch take about 0.8 MB, so before the fix the kept graphs
    # grew memory by about 32 MB; now what is left of a step is its nodes and stand-ins.
    mg.manual_seed(0)
    rng = np.random.default_rng(0)
    X = rng.standard_normal((1024, 16)).astype(np.float32)
    Y = (X[:, :1] > 0).astype(np.float32)
    model = nn.Sequential(nn.Linear(16, 128), nn.ReLU(), nn.Linear(128, 128), nn.Tanh(),
                          nn.Linear(128, 1))
    opt = optim.SGD(model.parameters(), lr=0.1)
    loss_fn = nn.BCEWithLogitsLoss()
    losses = []
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(40):
            idx = rng.integers(0, len(X), 256)
            loss = loss_fn(model(mg.tensor(X[idx])), mg.tensor(Y[idx]))
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss)  # the slip: loss.item() was meant
        gc.collect()
        growth = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert growth < 2_000_000, f"40 kept losses hold {growth:,} bytes"
    assert losses[-1].item() < losses[0].item()  # it trained
    # what the kept graph holds: stand-ins, and the parameters the user holds anyway
    for node in topological_order([losses[0].grad_fn]):
        for t in node.inputs:
            assert isinstance(t, (FreedTensor, nn.Parameter)), (node, t)


def test_a_freed_graph_holds_no_activation_the_user_dropped(gc_off: None) -> None:
    x = mg.randn(16, 8, dtype=np.float64)  # a batch the user drops (only the graph holds it)
    w = mg.randn(8, 5, dtype=np.float64, requires_grad=True)
    h = (x @ w).tanh()
    z = (h * h + h.exp()).sigmoid()  # h used three times; tanh, exp, sigmoid read their output
    loss = z.mean()
    arrays = [weakref.ref(t.numpy()) for t in (x, h, z)]
    tensors = [weakref.ref(t) for t in (x, h, z)]
    del x, h, z
    assert all(r() is not None for r in arrays)  # held by the graph
    loss.backward()
    assert all(r() is None for r in tensors + arrays)  # freed by reference counting alone
    assert w.grad is not None and loss.grad_fn is not None  # the structure is still there


def test_outputs_read_by_their_own_backward_are_kept_until_it_ran(gc_off: None) -> None:
    # Tanh, Sigmoid and Exp read their output, which they hold weakly; the node that uses
    # it runs (and is freed) first, so its stand-in keeps the output until then.
    x = f64(np.linspace(-2.0, 2.0, 40), requires_grad=True)
    a = x.tanh()
    b = a.sigmoid()
    loss = (b.exp() * 2.0).sum()
    refs = [weakref.ref(t) for t in (a, b)]
    del a, b
    loss.backward()
    t = np.tanh(x.numpy())
    s = 1 / (1 + np.exp(-t))
    expected = 2.0 * np.exp(s) * s * (1 - s) * (1 - t**2)
    np.testing.assert_allclose(x.grad.numpy(), expected, rtol=1e-12)
    assert all(r() is None for r in refs)  # let go of once their nodes ran


def test_tensors_of_a_few_numbers_are_kept(gc_off: None) -> None:
    # A stand-in would save their few bytes only; pictures then still show their values.
    w = mg.tensor([0.5, -0.25], requires_grad=True)
    c = mg.tensor([1.0, 2.0])
    loss = (w * c).tanh().sum()
    mul = loss.grad_fn.inputs[0].grad_fn.inputs[0].grad_fn
    loss.backward()
    assert mul.freed and mul.inputs[0] is w and mul.inputs[1] is c
    assert not any(isinstance(t, FreedTensor) for t in loss.grad_fn.inputs)
    dot = viz.to_dot(loss, backward=True, legend=False)  # every gradient can still be worked out
    assert "unknown" not in dot and "freed" not in dot


def test_the_same_gradients_as_with_retain_graph() -> None:
    def run(retain: bool) -> list[np.ndarray]:
        mg.manual_seed(3)
        x = mg.randn(5, 4, dtype=np.float64)
        w1 = mg.randn(4, 6, dtype=np.float64, requires_grad=True)
        w2 = mg.randn(6, dtype=np.float64, requires_grad=True)
        h = (x @ w1).tanh()
        v = h[:, 1:4]  # a view
        loss = (h.sigmoid() @ w2).exp().mean() + (v * v).sum() + h.relu().amax()
        loss.backward(retain_graph=retain)
        return [w1.grad.numpy(), w2.grad.numpy()]

    for freed, kept in zip(run(False), run(True)):
        np.testing.assert_array_equal(freed, kept)


# ---- a second backward --------------------------------------------------------------
def test_a_second_backward_still_fails_clearly() -> None:
    x = mg.randn(64, 2)
    w = mg.randn(2, requires_grad=True)
    loss = (x @ w).tanh().sum()
    loss.backward()
    with pytest.raises(BackwardError, match="retain_graph=True"):
        loss.backward()
    # running a freed node's backward by hand says so too (not "changed in place")
    node = loss.grad_fn.inputs[0].grad_fn.inputs[0].grad_fn  # the MatMul
    with pytest.raises(BackwardError, match="MatMul: its inputs' values were freed"):
        node.backward(np.ones(64, np.float32))


def test_retain_graph_keeps_every_value_for_a_second_backward() -> None:
    x = f64(np.arange(40.0) / 40)
    w = f64(np.full(40, 0.5), requires_grad=True)
    h = w * x
    loss = h.exp().sum()
    del h
    loss.backward(retain_graph=True)
    first = w.grad.numpy().copy()
    nodes = topological_order([loss.grad_fn])
    assert not any(isinstance(t, FreedTensor) for n in nodes for t in n.inputs)
    loss.backward()
    np.testing.assert_allclose(w.grad.numpy(), 2 * first)
    assert any(isinstance(t, FreedTensor) for n in nodes for t in n.inputs)  # now freed


def test_create_graph_without_retain_graph_records_from_the_real_values() -> None:
    x = f64([0.5, -1.5], requires_grad=True)
    y = x.tanh().sum()
    (g,) = mg.grad(y, x, create_graph=True, retain_graph=False)  # frees y's graph
    t = np.tanh(x.numpy())
    np.testing.assert_allclose(g.numpy(), 1 - t**2, rtol=1e-12)  # Tanh read its real output
    assert g.requires_grad
    # g's recorded graph goes back through y's freed nodes: as in PyTorch, a gradient
    # of g then needs retain_graph=True on the first pass.
    with pytest.raises(BackwardError, match="retain_graph=True"):
        g.sum().backward()


def test_mg_grad_frees_only_the_nodes_it_ran() -> None:
    a = f64([1.0, 2.0], requires_grad=True)
    b = f64([3.0, 4.0], requires_grad=True)
    pa, pb = a * a, b.exp()
    loss = (pa + pb).sum()
    (ga,) = mg.grad(loss, a)  # runs Sum, Add, the Mul; not Exp, which only leads to b
    np.testing.assert_allclose(ga.numpy(), [2.0, 4.0])
    assert not pb.grad_fn.freed and not isinstance(pb.grad_fn.inputs[0], FreedTensor)
    assert pa.grad_fn.freed and loss.grad_fn.freed


# ---- in-place changes and views ------------------------------------------------------
def test_recorded_in_place_changes_work_and_are_freed(gc_off: None) -> None:
    a0 = np.linspace(-1.0, 1.0, 40)
    a = f64(a0, requires_grad=True)
    c = a * 2.0
    d = c + 1.0  # used c before the change
    c += c + 1.0  # c = 2c + 1, recorded
    c[0] = a[1] * 5.0  # and a write into part of it
    loss = (c.tanh() * d).sum()
    loss.backward()
    c1 = 4 * a0 + 1
    c1[0] = 5 * a0[1]
    # dL/da through c (c1 = 4a + 1 except c1[0] = 5 a[1]) and through d = 2a + 1
    dc = (1 - np.tanh(c1) ** 2) * (2 * a0 + 1)
    expected = 4 * dc + 2 * np.tanh(c1)
    expected[0] -= 4 * dc[0]
    expected[1] += 5 * dc[0]
    np.testing.assert_allclose(a.grad.numpy(), expected, rtol=1e-12)
    np.testing.assert_allclose(c.numpy(), c1)  # the user still holds c: its values are kept
    dot = viz.to_dot(loss)  # the picture of the freed graph still works
    assert "data: freed by backward()" in dot
    with pytest.raises(BackwardError, match="retain_graph=True"):
        loss.backward()


def test_views_and_detach_keep_working_after_release() -> None:
    w0 = np.arange(64.0).reshape(2, 32)
    w = f64(w0, requires_grad=True)
    h = w * 3.0
    v = h[0]  # a view of h
    kept = h.detach()  # the user holds h's memory through a detached alias
    loss = (v * v).sum() + h.sum()
    del h, v
    loss.backward()
    np.testing.assert_allclose(w.grad.numpy(), [3 + 18 * w0[0], np.full(32, 3.0)])
    np.testing.assert_allclose(kept.numpy(), 3 * w0)  # untouched
    with mg.no_grad():
        kept.add_(1.0)  # the alias can still be changed; the freed graph does not care
    w.grad = None
    (w * 3.0)[1].sum().backward()
    np.testing.assert_allclose(w.grad.numpy(), [np.zeros(32), np.full(32, 3.0)])


# ---- what the stand-ins are ----------------------------------------------------------
def test_a_stand_in_keeps_shape_name_and_history_but_refuses_its_values() -> None:
    x = mg.tensor(np.ones((32, 3), np.float32), name="batch")
    w = mg.randn(3, 2, requires_grad=True)
    loss = (x @ w).sum()
    mm = loss.grad_fn.inputs[0].grad_fn
    del x
    loss.backward()
    s, kept = mm.inputs
    assert kept is w  # parameters stay as they are
    assert type(s) is FreedTensor and s.shape == (32, 3) and s.dtype == np.float32
    assert s.ndim == 2
    assert s.name == "batch" and s.grad_fn is None and not s.requires_grad
    with pytest.raises(BackwardError, match=r"shape \(32, 3\) float32.*'batch'.*freed by backward"):
        s.numpy()  # noqa: B018
    with pytest.raises(BackwardError, match="freed by backward"):
        s * 2.0  # an op on it cannot compute with made-up values
    with pytest.raises(BackwardError, match="freed by backward"):
        s.numpy()
    with pytest.raises(BackwardError, match="freed by backward"), mg.no_grad():
        s.add_(1.0)
    assert "FreedTensor(shape (32, 3) float32, named 'batch'; values freed" in repr(s)
    assert s._version == -1  # no node recorded this version: saved_inputs refuses it
    assert loss.grad_fn.inputs[0].grad_fn is mm  # the history is intact


# ---- pictures after backward ---------------------------------------------------------
def neuron() -> tuple[mg.Tensor, mg.Tensor, mg.Tensor]:
    """One neuron's squared error over 40 inputs: tensors big enough to be freed."""
    x = f64(np.linspace(-1.0, 1.0, 40), name="x")
    w = f64(np.full(40, 0.5), requires_grad=True, name="w")
    loss = ((w * x).tanh().sum() - 1.0) ** 2
    return x, w, loss


def test_the_forward_picture_after_backward_shows_what_is_left() -> None:
    x, w, loss = neuron()
    loss.backward()
    dot = viz.to_dot(loss, legend=False)
    assert "x\\n(40,) float64\\ndata min -1, mean " in dot  # the user holds x: its values
    assert f"grad {viz.labels.data_text(w.grad.numpy(), 'auto')}" in dot  # the leaf's .grad
    assert dot.count("data: freed by backward()") == 2  # Mul's and Tanh's outputs
    assert "(40,) float64\\ndata: freed by backward()" in dot
    del x
    assert "x\\n(40,) float64\\ndata: freed by backward()" in viz.to_dot(loss, legend=False)
    assert "freed" not in viz.to_dot(loss, show_data=False)  # asked for no data


def test_the_backward_picture_and_explain_after_backward_say_it_was_freed() -> None:
    _, w, loss = neuron()
    loss.backward()
    dot = viz.to_dot(loss, backward=True, legend=False)
    assert "an earlier backward() freed what this graph saved for them" in dot  # the title
    assert "retain_graph=True" in dot
    assert 'label="  unknown"' in dot
    assert "grad: unknown here; its .grad is min " in dot
    assert 'label="  -2"' in dot  # what could still be worked out is drawn (a 0-d gradient)
    text = mg.explain(loss, print=False)
    assert "Step 4 of 5: Tanh" in text and "shapes: (40,) -> (40,)" in text
    assert "the values it saved for backward (its inputs among them) were freed" in text
    assert "w: unknown (its .grad, from backward(), is (40,), min " in text


def test_pictures_after_backward_with_retain_graph_show_every_gradient() -> None:
    _, w, loss = neuron()
    before = viz.to_dot(loss, backward=True, legend=False)
    loss.backward(retain_graph=True)
    after = viz.to_dot(loss, backward=True, legend=False)
    assert after == before and "unknown" not in after and "freed" not in after


def test_a_held_intermediate_keeps_its_values_and_its_name_in_pictures() -> None:
    w = f64(np.full(40, 0.5), requires_grad=True)
    h = w * 4.0
    loss = h.tanh().sum()
    loss.backward()
    assert isinstance(loss.grad_fn.inputs[0].grad_fn.inputs[0], FreedTensor)
    dot = viz.to_dot(loss, names={h: "hidden", w: "w"}, legend=False)
    assert "hidden\\n(40,) float64\\ndata min 2, mean 2, max 2" in dot
    assert "w\\n(40,) float64" in dot


def test_a_tensor_used_twice_is_drawn_once_after_backward() -> None:
    w = f64(np.full(40, 0.5), requires_grad=True)
    h = w * 4.0
    loss = (h * h + h.exp()).sum()
    before = viz.to_dot(loss, legend=False, show_data=False, show_grad=False)
    del h
    loss.backward()
    after = viz.to_dot(loss, legend=False, show_data=False, show_grad=False)
    assert after == before  # the same nodes and edges: h is one node, not three
    assert after.count("(40,) float64") == 5  # w, h, h * h, exp(h), their sum


def test_a_backward_that_stops_half_way_leaves_no_cycle(gc_off: None) -> None:
    w = f64(np.full(40, 0.5), requires_grad=True)
    v = f64(np.full(40, 2.0), requires_grad=True)
    a = (w * 2.0).tanh()
    b = v * 4.0
    loss = (b * a).sum()
    tanh, mul = a.grad_fn, b.grad_fn
    refs = [weakref.ref(t) for t in (a, b, loss, tanh, mul)]
    del a, b
    with mg.no_grad():
        v.add_(1.0)  # v * 4.0 will refuse to run: v changed after it was used
    with pytest.raises(mg.errors.InplaceError) as info:
        loss.backward()
    del info  # the traceback holds frames that hold the graph
    assert not tanh.freed  # stopped before Tanh ran: its output is still held for it
    assert refs[0]() is not None and tanh.output_holders is not None
    del loss, tanh, mul
    assert all(r() is None for r in refs)  # freed by reference counting alone


def test_a_tensor_used_twice_gets_one_gradient_line_after_backward() -> None:
    w = f64(np.full(40, 0.5), requires_grad=True)
    h = w * 4.0
    loss = (h + 1.0).sum() + (h * h).sum()  # Add can still run after backward, Mul cannot
    del h
    loss.backward()
    dot = viz.to_dot(loss, backward=True, legend=False)
    freed = [line for line in dot.splitlines() if "(40,) float64\\ndata: freed" in line]
    assert len(freed) == 3  # h + 1, h * h, and h: one node, though two nodes hold stand-ins
    assert sum("grad: unknown (see the dashed edges)" in line for line in freed) == 1  # h's:
    assert "grad min 1, mean 1, max 1" in freed[0]  # not the Add's share alone; h + 1's is known
