"""Module.__call__ tags the ops its forward made (for folded graph pictures) in linear
time: the walk stops at the call's inputs, wherever they sit in the arguments (dicts,
lists, nested), and at ops an earlier call already tagged.

The cost is counted, not timed: a test op counts how often its `inputs` are read,
which the tagging walk does once per op it visits.
"""

from __future__ import annotations

import numpy as np
import pytest

import minigrad as mg
from minigrad import nn
from minigrad.function import Function


def tag(node):
    return node.__dict__.get("module")


class Counted(Function):
    """z = x (a copy); reading `.inputs` is counted, so a test sees each visit."""

    reads = 0

    @property  # type: ignore[override]
    def inputs(self):
        Counted.reads += 1
        return Function.inputs.__get__(self)

    @inputs.setter
    def inputs(self, value):
        Function.inputs.__set__(self, value)

    def forward(self, x: np.ndarray) -> np.ndarray:
        return x.copy()

    def backward(self, g):
        return g


def visits(step, n: int) -> int:
    """How many op visits n calls of step() cost the tagging."""
    before = Counted.reads
    for _ in range(n):
        step()
    return Counted.reads - before


class DictCell(nn.Module):
    """A recurrent cell whose state travels in a dict, as in many tutorials."""

    def forward(self, state):
        return {"h": (Counted.apply(state["h"]) * 0.5 + state["x"]).tanh(), "x": state["x"]}


@pytest.mark.parametrize("pack", ["dict", "list", "nested", "kwargs"])
def test_tagging_cost_per_step_stays_constant(pack: str) -> None:
    class Cell(nn.Module):
        def forward(self, *args, **kwargs):
            if pack == "dict":
                h, x = args[0]["h"], args[0]["x"]
            elif pack == "list":
                h, x = args[0]
            elif pack == "nested":
                h, x = args[0][1]["h"], args[0][0]
            else:
                h, x = kwargs["state"]["h"], kwargs["x"]
            return (Counted.apply(h) * 0.5 + x).tanh()

    cell = Cell()
    x = mg.randn(1, 3)
    h = mg.zeros(1, 3, requires_grad=True)

    def step() -> None:
        nonlocal h
        if pack == "dict":
            h = cell({"h": h, "x": x})
        elif pack == "list":
            h = cell([h, x])
        elif pack == "nested":
            h = cell((x, {"h": h}))
        else:
            h = cell(state={"h": h}, x=x)

    early = visits(step, 20)
    late = visits(step, 20)  # 20 more, on a graph now twice as long
    assert early == late == 20  # one visit of the one Counted op each call makes


def test_dict_outputs_fed_back_stay_linear() -> None:
    cell = DictCell()
    state = {"h": mg.zeros(1, 3, requires_grad=True), "x": mg.randn(1, 3)}

    def step() -> None:
        nonlocal state
        state = cell(state)

    assert visits(step, 10) == visits(step, 40) / 4 == 10
    assert tag(state["h"].grad_fn) is cell  # dict outputs are tagged


def test_state_kept_on_the_module_stays_linear() -> None:
    # The previous step's tensor is not an argument at all; the walk still stops at
    # the ops the previous call tagged.
    class Stateful(nn.Module):
        def __init__(self):
            super().__init__()
            self.h = mg.zeros(1, 3, requires_grad=True)

        def forward(self, x):
            self.h = (Counted.apply(self.h) + x).tanh()
            return self.h

    rnn, x = Stateful(), mg.randn(1, 3)
    assert visits(lambda: rnn(x), 10) == visits(lambda: rnn(x), 40) / 4 == 10


def test_cost_ratio_of_n_and_4n_steps_of_a_model() -> None:
    # A cell with a child module: the outer walk passes through the child's ops
    # once, and never through earlier steps.
    class Cell(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(3, 3)

        def forward(self, state):
            return (self.fc(Counted.apply(state["x"])) + Counted.apply(state["h"])).tanh()

    def run(n: int) -> tuple[int, mg.Tensor]:
        cell = Cell()
        h, x = mg.zeros(1, 3, requires_grad=True), mg.randn(1, 3, requires_grad=True)
        before = Counted.reads
        for _ in range(n):
            h = cell({"h": h, "x": x})
        return Counted.reads - before, h

    small, _ = run(25)
    big, h = run(100)
    assert big == 4 * small == 4 * 25 * 2
    h.sum().backward()  # the graph is intact


def test_nodes_made_before_the_call_are_not_tagged_whatever_holds_the_argument() -> None:
    w = mg.randn(3, requires_grad=True)
    before = (w * 2.0).exp()  # made outside any module
    layer = nn.Tanh()

    class Reads(nn.Module):
        def forward(self, packed):
            return layer(packed["a"][0]) * 3.0

    reads = Reads()
    out = reads({"a": [before]})
    assert tag(out.grad_fn) is reads and tag(out.grad_fn.inputs[0].grad_fn) is layer
    assert tag(before.grad_fn) is None  # the walk stopped at the argument
    assert tag(before.grad_fn.inputs[0].grad_fn) is None


def test_nested_and_dict_outputs_are_tagged() -> None:
    class Lstmish(nn.Module):
        def forward(self, x):
            return x.exp(), (x * 2.0, {"c": x.tanh()})

    model = Lstmish()
    a, (b, state) = model(mg.randn(3, requires_grad=True))
    assert tag(a.grad_fn) is model and tag(b.grad_fn) is model
    assert tag(state["c"].grad_fn) is model


def test_an_argument_that_holds_itself_is_fine() -> None:
    loop: list = [mg.randn(2, requires_grad=True)]
    loop.append(loop)

    class First(nn.Module):
        def forward(self, items):
            return items[0] * 2.0

    model = First()
    assert tag(model(loop).grad_fn) is model


def test_a_recursive_module_tags_the_inner_calls_with_itself() -> None:
    class Tree(nn.Module):
        def forward(self, x, depth):
            if depth == 0:
                return x * 2.0
            return self(x, depth - 1).tanh() + self(x, depth - 1)

    tree = Tree()
    x = mg.randn(2, requires_grad=True)
    y = tree(x, 2)
    from minigrad.engine import topological_order

    nodes = topological_order([y.grad_fn])
    assert len(nodes) > 5 and all(tag(n) is tree for n in nodes)
    assert x.grad_fn is None


def test_tagging_leaves_the_values_and_gradients_alone() -> None:
    cell = DictCell()
    h0 = mg.tensor([[0.1, -0.2, 0.3]], requires_grad=True, dtype=np.float64)
    x = mg.tensor([[1.0, 2.0, 3.0]], dtype=np.float64)
    state = {"h": h0, "x": x}
    for _ in range(3):
        state = cell(state)
    state["h"].sum().backward()
    expected = h0.detach().numpy()
    grad = np.ones_like(expected)
    chain = []
    for _ in range(3):
        expected = np.tanh(expected * 0.5 + x.numpy())
        chain.append(expected)
    for y in reversed(chain):
        grad = grad * (1 - y**2) * 0.5
    np.testing.assert_allclose(h0.grad.numpy(), grad)
