"""mg.explain and the stepper's captions write each step as the chain rule (issue 15):
local derivative, its value, times the gradient arriving, equals what is sent."""

from __future__ import annotations

import html
import json

import numpy as np
import pytest

import minigrad as mg
import minigrad.functional as F
from minigrad import viz
from minigrad.viz.labels import values


def f64(data, **kwargs):
    return mg.tensor(np.asarray(data, dtype=np.float64), **kwargs)


def step_text(text: str, op: str) -> str:
    """The block of the first step of `op` in explain's text."""
    blocks = text.split("\n\n")
    return next(b for b in blocks if b.split("\n", 1)[0].split("  ")[0].endswith(f": {op}"))


def test_a_product_step_shows_formula_value_gradient_and_result():
    w = f64([2.0, -3.0], requires_grad=True, name="w")
    c = f64([4.0, 5.0], name="c")
    loss = (w * c * 3.0).sum()
    text = mg.explain(loss, print=False)
    loss.backward()
    first_mul = step_text(text, "Mul")  # (w * c) * 3: g = [1, 1] arrives, dz/dx = 3
    assert "Mul  z = x * y" in first_mul and "derivatives: dz/dx = y, dz/dy = x" in first_mul
    assert "dL/dx = g * dz/dx,  dz/dx = y\n      = [1, 1] * [3, 3] = [3, 3]" in first_mul
    last = text.split("\n\n")[3]  # w * c: receives [3, 3], sends [3, 3] * [4, 5] to w
    assert "to x (w): dL/dx = g * dz/dx,  dz/dx = y" in last
    assert "= [3, 3] * [4, 5] = [12, 15]" in last
    assert values(w.grad.numpy()) == "[12, 15]"  # the engine's own result


def test_the_local_value_is_the_op_derivative_at_its_input():
    x = f64([0.5, -1.0], requires_grad=True, name="s")
    loss = (x.sigmoid() * f64([2.0, 1.0])).sum()
    text = mg.explain(loss, print=False)
    loss.backward()
    z = 1 / (1 + np.exp(-np.array([0.5, -1.0])))
    local = z * (1 - z)  # dz/dx = z (1 - z): 0.2350, 0.1966
    product = np.array([2.0, 1.0]) * local
    np.testing.assert_allclose(x.grad.numpy(), product)
    step = step_text(text, "Sigmoid")
    assert "dz/dx = z * (1 - z)" in step
    assert f"= [2, 1] * {values(local)} = {values(x.grad.numpy())}" in step
    assert values(local) == "[0.235, 0.1966]"


def test_a_tensor_used_twice_gets_the_sum_of_its_shares_by_source():
    a = f64([1.0, 2.0], requires_grad=True, name="a")
    h = a * 3.0  # an intermediate used twice below
    loss = (h * h + h).sum()
    text = mg.explain(loss, print=False)
    loss.backward()
    # h gets 2h from h * h (as x and as y: h each) and 1 from + h: 3 + 3 + 1, 6 + 6 + 1
    h_step = [b for b in text.split("\n\n") if "Mul  z = x * y" in b][-1]  # a * 3, last step
    assert ("receives g = dL/dz: the sum over its 3 uses, [1, 1] (from step 2, Add, as y) + "
            "[3, 6] (from step 3, Mul, as x) + [3, 6] (from step 3, Mul, as y) = (2,) = [7, 13]"
            ) in h_step
    assert "= [7, 13] * [3, 3] = [21, 39]" in h_step
    assert values(a.grad.numpy()) == "[21, 39]"
    b = f64([1.0, 2.0], requires_grad=True, name="b")
    leaves = mg.explain((b * b + b).sum(), print=False).split("leaves")[1]
    assert ("b: the sum over its 3 uses, [1, 1] (from step 2, Add, as y) + [1, 2] (from step 3, "
            "Mul, as x) + [1, 2] (from step 3, Mul, as y) = (2,) = [3, 5]") in leaves


def test_a_broadcast_input_says_its_gradient_is_summed_over_the_broadcast_axes():
    x = f64([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], name="data")
    bias = f64([0.5, 0.0, -0.5], requires_grad=True, name="bias")
    loss = ((x + bias) * f64([[1.0], [2.0]])).sum()
    text = mg.explain(loss, print=False)
    loss.backward()
    add = step_text(text, "Add")
    assert "to y (bias): dL/dy = g * dz/dy,  dz/dy = 1" in add
    assert "= [[1, 1, 1], [2, 2, 2]] * [[1, 1, 1], [1, 1, 1]] = [[1, 1, 1], [2, 2, 2]]" in add
    assert ("summed over axis 0 (the engine's sum_to_shape), as y (3,) was broadcast to "
            "(2, 3): [3, 3, 3]") in add
    assert values(bias.grad.numpy()) == "[3, 3, 3]"
    # the constant [[1], [2]] is broadcast too, but wants no gradient: no sum is written
    assert text.count("summed over") == 1


def test_a_broadcast_over_new_leading_axes_names_them():
    w = f64(np.ones((2, 2)), requires_grad=True, name="w")
    loss = (f64(np.ones((3, 4, 2, 2))) * w).sum()
    text = mg.explain(loss, print=False)
    assert "summed over axes 0, 1 (the engine's sum_to_shape), as y (2, 2) was broadcast " \
           "to (3, 4, 2, 2): [[12, 12], [12, 12]]" in text


def test_role_names_never_clash_with_the_users_tensor_names():
    y = f64([1.0, 2.0], requires_grad=True, name="y")  # the user's y is the FIRST operand
    x = f64([3.0, 4.0], requires_grad=True, name="x")
    g = f64([0.5, 0.5], name="g")
    out = (y * x) * g
    out.name = "z"
    text = mg.explain(out.sum(), print=False)
    outer, inner = text.split("\n\n")[2:4]  # (y * x) * g, then y * x
    assert "Mul  z = v * s" in outer and "where v = the output of Mul at step 3, s = g, z = z" \
        in outer  # z stands for the user's z: kept; x, y and g are renamed everywhere
    assert "Mul  t = v * s" in inner and "derivatives: dt/dv = s, dt/ds = v" in inner
    assert "where v = y, s = x, t = its output" in inner
    assert "receives u = dL/dt: (2,) = [0.5, 0.5]" in inner
    assert "to v (y): dL/dv = u * dt/dv,  dt/dv = s\n      = [0.5, 0.5] * [3, 4] = [1.5, 2]" \
        in inner
    for block in text.split("\n\n")[1:-1]:
        assert " g = dL/d" not in block  # the user has a g: the gradient arriving is not g
        assert "dz/dx" not in block and "dz/dy" not in block
    # a role that stands for the user's tensor of the same name is kept
    keep = mg.explain((f64([1.0], requires_grad=True, name="x") * 2.0).sum(), print=False)
    assert "Mul  z = x * y" in keep and "to x: dL/dx = g * dz/dx" in keep


def test_bce_with_logits_shows_its_own_derivative():
    x = f64([0.5, -1.0], requires_grad=True, name="scores")
    target = f64([1.0, 0.0])
    loss = F.binary_cross_entropy_with_logits(x, target)
    text = mg.explain(loss, print=False)
    loss.backward()
    assert "derivatives: dloss/dx = (sigmoid(x) - y) / n, dloss/dy = -x / n" in text
    assert "never formed" not in text.split("derivatives:")[1]
    assert "n = 2 (reduction='mean')" in text
    local = (1 / (1 + np.exp(-np.array([0.5, -1.0]))) - [1.0, 0.0]) / 2  # -0.1888, 0.1345
    np.testing.assert_allclose(x.grad.numpy(), local)
    assert f"= 1 * {values(local)} = {values(x.grad.numpy())}" in text
    weighted = F.binary_cross_entropy_with_logits(x, target, pos_weight=f64([2.0, 2.0]))
    assert "l sigmoid(-x)" in mg.explain(weighted, print=False)


def test_a_mean_gives_its_n_and_matmul_names_the_other_factor():
    a = f64([[1.0, 2.0], [3.0, 4.0]], requires_grad=True, name="A")
    b = f64([[1.0], [-1.0]], requires_grad=True, name="B")
    loss = (a @ b).mean()
    text = mg.explain(loss, print=False)
    loss.backward()
    assert "dz/dx = 1 / n,  n = 2" in text and "= 1 * [[0.5], [0.5]] = [[0.5], [0.5]]" in text
    matmul = step_text(text, "MatMul")
    assert "derivatives: dL/dA = G @ B^T, dL/dB = A^T @ G" in matmul
    assert "receives G = dL/dZ: (2, 1) = [[0.5], [0.5]]" in matmul
    ga, gb = values(a.grad.numpy()), values(b.grad.numpy())
    to_a = f"to A: dL/dA = G @ B^T\n      with B = [[1], [-1]]\n      = {ga}"
    to_b = f"to B: dL/dB = A^T @ G\n      with A = [[1, 2], [3, 4]]\n      = {gb}"
    assert to_a in matmul and to_b in matmul


def lecture_losses():
    """One small graph per op the tutorial and the examples use: (name, loss, leaves)."""
    rng = np.random.default_rng(0)
    x = f64(rng.normal(size=(2, 3)), requires_grad=True, name="logits")
    p = f64([0.3, 0.8], requires_grad=True, name="prob")
    w = f64(rng.normal(size=(3, 2)), requires_grad=True, name="weights")
    t = f64([0.0, 1.0])
    hidden = ((x @ w).relu() + (x @ w).tanh() - (x @ w).sigmoid()) / 2.0
    return {
        "arithmetic": (((-(hidden**2)).exp() + (hidden * hidden + 1.0).log()).sum(), [x, w]),
        "softmax": ((x.softmax(1) * F.log_softmax(x, 1)).mean(), [x]),
        "cross_entropy": (F.cross_entropy(x, mg.tensor([0, 2])), [x]),
        "soft targets": (F.cross_entropy(x, x.detach().softmax(1)), [x]),
        "nll": (F.nll_loss(F.log_softmax(x, 1), mg.tensor([1, 0])), [x]),
        "bce": (F.binary_cross_entropy(p, t), [p]),
        "bce with logits": (F.binary_cross_entropy_with_logits(p, t), [p]),
        "mse": (F.mse_loss(p, t), [p]),
    }


@pytest.mark.parametrize("case", sorted(lecture_losses()))
def test_every_lecture_op_states_its_chain_rule(case):
    loss, leaves = lecture_losses()[case]  # fresh leaves: .grad starts empty
    text = mg.explain(loss, print=False)
    assert "  derivative: " not in text  # the docstring fallback: an op states no chain rule
    assert "  sends to " not in text
    loss.backward()
    for leaf in leaves:
        line = next(line for line in text.splitlines() if line.startswith(f"  {leaf.name}: "))
        assert line.endswith(values(leaf.grad.numpy())), line


def test_an_op_without_a_chain_rule_falls_back_to_its_docstring():
    x = f64([1.0, 3.0, 2.0], requires_grad=True, name="v")
    text = mg.explain(x.amax(), print=False)
    assert "  derivative: z = max of x over `axis` (amax)." in text
    assert "  sends to input 0 (v): (3,) = [0, 1, 0]" in text


def test_the_stepper_captions_state_the_chain_rule(tmp_path, monkeypatch):
    monkeypatch.setattr("minigrad.viz.steps.find_dot", lambda: None)
    w = mg.tensor([3.0, -4.0], requires_grad=True, name="w")
    with pytest.warns(RuntimeWarning):
        viz.backprop_steps((w * mg.tensor([1.0, 2.0])).sum(), tmp_path)
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    data = page.split("const frames = ", 1)[1].split(";\nconst pictures", 1)[0]
    captions = [frame["caption"] for frame in json.loads(data)]
    assert "to x (w): dL/dx = g * dz/dx,  dz/dx = y\n      = [1, 1] * [1, 2] = [1, 2]" \
        in captions[1]
    frame = (tmp_path / "step_002.dot").read_text(encoding="utf-8")
    assert "derivatives: dz/dx = y, dz/dy = x" in frame  # the picture's title


def test_a_negative_zero_is_printed_as_zero():
    v = f64([1.0, 2.0], requires_grad=True, name="v")
    text = mg.explain((v * f64([0.0, 0.0])).sum() * -1.0, print=False)
    assert "= [-1, -1] * [0, 0] = [0, 0]" in text and "-0" not in text


@pytest.mark.skipif(viz.render.find_dot() is None, reason="needs Graphviz's dot")
def test_a_long_chain_rule_does_not_widen_the_stepper_picture(tmp_path):
    z = f64(np.random.default_rng(0).normal(size=(4, 3)), requires_grad=True, name="z")
    loss = F.cross_entropy(z, mg.tensor([0, 1, 2, 1]), weight=f64(np.ones(3)),
                           label_smoothing=0.1)
    (frame,) = viz.backprop_steps(loss, tmp_path, legend=False)
    svg = html.unescape(frame.read_text(encoding="utf-8"))
    width = float(svg.split('svg width="', 1)[1].split("pt", 1)[0])
    assert width < 500, width  # the title is wrapped (one line of it was ~1,000 pt)
    assert "derivatives: dloss/dz = (q * sum(a) - a) / n" in svg


def test_a_users_tensor_named_n_renames_the_count_of_a_mean():
    n = f64([1.0, 2.0, 3.0], requires_grad=True, name="n")
    text = mg.explain((n * 2.0).mean(), print=False)
    assert "dz/dx = 1 / u,  u = 3\n      = 1 * [0.3333, 0.3333, 0.3333]" in text
    assert "1 / n" not in text
