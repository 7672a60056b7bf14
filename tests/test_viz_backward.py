"""The backward view, backprop step by step, and explain."""

import re

import numpy as np
import pytest

import minigrad as mg
from minigrad import viz
from minigrad.engine import topological_order
from minigrad.viz import render
from minigrad.viz.style import magnitude_color


def mlp_loss():
    x = mg.tensor([[1.0, -2.0], [0.5, 3.0]], name="x")
    w = mg.tensor([[0.1, 0.2], [-0.3, 0.4]], requires_grad=True, name="w")
    b = mg.tensor([0.1, -0.1], requires_grad=True, name="b")
    return w, b, ((x @ w + b).relu() ** 2).mean()


def edge_lines(dot: str) -> list[str]:
    return [line for line in dot.splitlines() if " -> " in line]


def test_backward_edges_carry_the_signed_gradient():
    # Issue 15: edges showed only an rms, which hides which way a gradient pushes.
    # The values are PyTorch's for the same loss.
    w, b, loss = mlp_loss()
    dot = viz.to_dot(loss, backward=True, legend=False)
    edges = edge_lines(dot)
    assert all("dir=back" in e for e in edges)
    assert "rms" not in dot
    assert any('label="  [[0.4, 0.3], [-0.8, 1.8]]"' in e for e in edges)  # dL/dw
    assert any('label="  [0.4, 0.6]"' in e for e in edges)  # dL/db, summed over the batch
    assert any('label="  1"' in e for e in edges)  # the seed dL/dL


def test_large_gradients_on_edges_are_a_signed_summary():
    x = mg.tensor(np.linspace(-1.0, 3.0, 50), requires_grad=True, name="x")
    dot = viz.to_dot((x * x).mean(), backward=True, legend=False)
    # Mul sends x · d/d(x·x) = x/50 to each of its two inputs: from -0.02 to 0.06
    assert 'label="  (50,)\\n  min -0.02, mean 0.02, max 0.06"' in dot


def test_long_values_wrap_so_pictures_stay_narrow():
    x = mg.tensor(np.arange(10.0) / 7, requires_grad=True, name="x")
    dot = viz.to_dot((x * 2).sum(), backward=True, legend=False)
    assert "data [0, 0.1429, 0.2857, 0.4286, 0.5714,\\n 0.7143, 0.8571, 1, 1.143, 1.286]" in dot
    m = mg.tensor(np.arange(8.0).reshape(2, 4) / 7, requires_grad=True)
    assert "[[0, 0.1429, 0.2857, 0.4286],\\n [0.5714, 0.7143, 0.8571, 1]]" in viz.to_dot(m * 1)


def test_backward_view_matches_the_engine_and_changes_nothing():
    w, b, loss = mlp_loss()
    dot = viz.to_dot(loss, backward=True)
    assert w.grad is None and b.grad is None  # drawing wrote no .grad
    loss.backward()  # the graph was not freed or changed by the drawing
    expected = "grad " + viz.labels.values(w.grad.numpy())
    assert expected in dot


def test_magnitude_scale_is_monotone_on_a_log_scale():
    widths = [magnitude_color(m)[1] for m in (0.0, 1e-8, 1e-4, 1.0, 1e2, 1e8, float("inf"))]
    assert widths == sorted(widths) and widths[0] < widths[-1]
    assert magnitude_color(1e-7)[0] == "#2166ac"  # vanishing: blue
    assert magnitude_color(1e5)[0] == "#c0392b"  # exploding: red


def test_vanishing_gradient_edges_are_thinner():
    x = mg.tensor([20.0], requires_grad=True, name="x")
    dot = viz.to_dot(x.sigmoid().sum(), backward=True)
    widths = [float(w) for w in re.findall(r"penwidth=([\d.]+)", dot)]
    assert min(widths) < 1.5 < max(widths)  # sigmoid'(20) ~ 2e-9 against a seed of 1


def test_freed_graph_marks_unknown_instead_of_failing():
    x = mg.tensor([-1.0, 2.0], requires_grad=True, name="x")
    loss = (x * 3.0).relu().sum()
    loss.backward()  # frees Relu's mask
    dot = viz.to_dot(loss, backward=True)
    assert 'label="  unknown"' in dot
    assert "grad: unknown" in dot


def test_non_scalar_root_needs_a_reduction():
    x = mg.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(mg.errors.BackwardError, match="Reduce it first"):
        viz.to_dot(x * 2, backward=True)


def test_backprop_steps_frames_and_index(tmp_path):
    w, b, loss = mlp_loss()
    order = topological_order([loss.grad_fn])
    paths = viz.backprop_steps(loss, tmp_path / "steps")
    assert len(paths) == len(order) == 5
    assert [p.name for p in paths] == [f"step_{k:03d}.svg" for k in range(1, 6)]
    index = (tmp_path / "steps" / "index.html").read_text()
    for p in paths:
        assert p.exists() and f'"file": "{p.name}"' in index and f'href="{p.name}"' in index
    assert "ArrowRight" in index and "ArrowLeft" in index
    assert "http" not in index.replace("https://graphviz.org", "")  # nothing to download
    # Frame k highlights the op the engine runs at step k, in the engine's order.
    for k, (p, fn) in enumerate(zip(paths, order), start=1):
        assert f"Step {k} of 5: {fn.name}" in p.read_text()
    assert w.grad is None  # the user's graph and gradients are untouched
    loss.backward()
    assert w.grad is not None


def test_backprop_steps_without_graphviz_writes_dot_frames(tmp_path, monkeypatch):
    monkeypatch.setattr(render, "find_dot", lambda: None)
    monkeypatch.setattr("minigrad.viz.steps.find_dot", lambda: None)
    _, _, loss = mlp_loss()
    with pytest.warns(RuntimeWarning, match="dot` was not found"):
        paths = viz.backprop_steps(loss, tmp_path)
    assert all(p.suffix == ".dot" for p in paths) and len(paths) == 5
    frame = paths[2].read_text()
    assert 'fillcolor="#ffb870"' in frame  # the current op is highlighted
    index = (tmp_path / "index.html").read_text()
    assert "apt-get install graphviz" in index and "step_003.dot" in index


def test_backprop_steps_edges_show_values(tmp_path, monkeypatch):
    monkeypatch.setattr("minigrad.viz.steps.find_dot", lambda: None)
    x = mg.tensor([1.0, 2.0], name="x")
    w = mg.tensor([3.0, -4.0], requires_grad=True, name="w")
    with pytest.warns(RuntimeWarning):
        first, second = viz.backprop_steps((x * w).sum(), tmp_path)
    mul_step = second.read_text()
    assert 'label="  [1, 2]" color="#d35400"' in mul_step  # what Mul hands to w, highlighted
    assert 'label="  [1, 1]" color="#555555"' in mul_step  # what Sum sent at step 1, still shown
    assert "Mul  (step 2)" in mul_step and "Sum  (step 1)" in mul_step
    assert "grad: not computed yet" in first.read_text()  # w's gradient arrives at step 2


EXPLAIN_TWO_OPS = """\
Backward pass from loss: () float32, 2 steps in the order the engine runs them.
Start: dL/dL = 1.

Step 1 of 2: Sum  z = sum of u over axis  (axis=(0,), keepdims=False)
  derivatives: dz/du = 1 for every element summed
  where u = the output of Mul at step 2, z = loss
  shapes: (2,) -> ()
  receives g = dL/dz: () = 1
  to u (the output of Mul at step 2): dL/du = g * dz/du,  dz/du = 1 for every element summed
      = 1 * [1, 1] = [1, 1]

Step 2 of 2: Mul  z = x * y
  derivatives: dz/dx = y, dz/dy = x
  where y = w, z = its output
  shapes: (2,), (2,) -> (2,)
  receives g = dL/dz: (2,) = [1, 1]
  x: no gradient, it does not require grad
  to y (w): dL/dy = g * dz/dy,  dz/dy = x
      = [1, 1] * [1, 2] = [1, 2]

Gradients reaching the leaves (what backward() adds to their .grad):
  w: (2,) = [1, 2]
"""


def test_explain_two_ops(capsys):
    x = mg.tensor([1.0, 2.0], name="x")
    w = mg.tensor([3.0, -4.0], requires_grad=True, name="w")
    loss = (x * w).sum()
    loss.name = "loss"
    text = mg.explain(loss)
    assert text == EXPLAIN_TWO_OPS
    assert capsys.readouterr().out == EXPLAIN_TWO_OPS
    assert mg.explain(loss, print=False) == EXPLAIN_TWO_OPS
    assert capsys.readouterr().out == ""
    assert w.grad is None


def test_explain_large_tensors_summarised():
    x = mg.tensor(np.linspace(-1.0, 1.0, 50), requires_grad=True, name="x")
    text = mg.explain((x * x).mean(), print=False)
    assert "= <(50,) all 0.02> * <(50,) min -1, mean " in text  # g * dz/dx, summarised


def test_zero_d_gradients_are_drawn_not_unknown() -> None:
    # numpy hands back a number, not a 0-d array, for some 0-d gradients; the picture
    # of the README's loss once showed those edges as "unknown".
    w = mg.tensor([0.5, -0.25], requires_grad=True, name="w")
    b = mg.tensor(0.1, requires_grad=True, name="b")
    loss = (((w * mg.tensor([1.0, 2.0])).sum() + b).sigmoid() - 1.0) ** 2
    before = viz.to_dot(loss, backward=True, legend=False)
    loss.backward()
    for dot in (before, viz.to_dot(loss, backward=True, legend=False)):
        assert "unknown" not in dot
        assert 'label="  -0.2369"' in dot  # the Add's gradient, sent to b and to the Sum


def test_a_freed_hardtanh_is_unknown_too_not_zeros():
    # its backward selects g with a saved mask (either.masked): once freed, it must say so
    x = mg.tensor([-2.0, 0.5], requires_grad=True, name="x")
    loss = mg.functional.hardtanh(x * 3.0).sum()
    loss.backward()
    assert "grad: unknown" in viz.to_dot(loss, backward=True)
