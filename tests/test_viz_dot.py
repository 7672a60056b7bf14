"""The forward picture: golden DOT text, labels, names, roles, determinism."""

import subprocess
import sys

import graphviz
import numpy as np
import pytest

import minigrad as mg
from minigrad import viz

GOLDEN_TWO_OPS = """digraph minigrad {
\tgraph [rankdir=TB ranksep=0.3 nodesep=0.3 fontname=Helvetica fontsize=10]
\tnode [fontname=Helvetica fontsize=10 color="#555555"]
\tedge [fontname=Helvetica fontsize=9 color="#555555"]
\tn0 [label="() float32\\ndata -5" shape=box style="filled,rounded" fillcolor="#a8e0b5"]
\tn1 [label="Sum\\naxis=(0,)\\nkeepdims=False" shape=ellipse style=filled fillcolor="#ececec"]
\tn2 [label="(2,) float32\\ndata [3, -8]" shape=box style="filled,rounded" fillcolor="#ffffff"]
\tn3 [label="Mul" shape=ellipse style=filled fillcolor="#ececec"]
\tn4 [label="x\\n(2,) float32\\ndata [1, 2]" shape=box style="filled,rounded" fillcolor="#d6e6f5"]
\tn5 [label="w\\n(2,) float32\\ndata [3, -4]\\ngrad: not computed yet" shape=box \
style="filled,rounded" fillcolor="#ffe08a"]
\tn1 -> n0
\tn2 -> n1
\tn3 -> n2
\tn4 -> n3
\tn5 -> n3
}
"""


def two_ops():
    x = mg.tensor([1.0, 2.0], name="x")
    w = mg.tensor([3.0, -4.0], requires_grad=True, name="w")
    return x, w, (x * w).sum()


def node_line(dot: str, key: str) -> str:
    return next(line for line in dot.splitlines() if line.startswith(f"\t{key} ["))


def test_golden_dot_for_two_ops():
    _, _, loss = two_ops()
    assert viz.to_dot(loss, legend=False) == GOLDEN_TWO_OPS


def test_inputs_keep_their_order():
    x, w, _ = two_ops()
    dot = viz.to_dot((w * x).sum(), legend=False)  # swapped: w is now input 0
    assert "w\\n" in node_line(dot, "n4") and "x\\n" in node_line(dot, "n5")
    assert dot.index("\tn4 -> n3") < dot.index("\tn5 -> n3")


def test_gradient_shown_after_backward_instead_of_not_computed():
    _, w, loss = two_ops()
    loss.backward()
    line = node_line(viz.to_dot(loss), "n5")
    assert "grad [1, 2]" in line and "not computed" not in line


def test_draw_graph_returns_digraph_with_the_same_source():
    _, _, loss = two_ops()
    graph = viz.draw_graph(loss)
    assert isinstance(graph, graphviz.Digraph)
    assert graph.source == viz.to_dot(loss)
    assert mg.draw_graph is viz.draw_graph


def test_legend_lists_the_four_roles():
    _, _, loss = two_ops()
    dot = viz.to_dot(loss)
    legend = dot[dot.index("label=<<TABLE") : dot.index("</TABLE>>")]
    for text in ("parameter", "input / constant", "intermediate result", "output / loss"):
        assert text in legend
    assert "labelloc=b" in dot  # under the graph
    assert "cluster" not in dot  # no nodes beside the graph: they doubled a narrow one's width


def test_legend_sits_under_a_title_and_renders(tmp_path):
    x = mg.tensor([1.0], requires_grad=True, name='a <"b"> & c')
    y = x
    for _ in range(30):
        y = y * 2.0
    dot = viz.to_dot(y.sum(), max_nodes=10)  # a title: what was left out
    label = dot[dot.index("label=<<TABLE") : dot.index("</TABLE>>")]
    assert "labelloc=t" in dot and "nodes drawn (max_nodes=10)" in label
    assert label.index("nodes drawn") < label.index("intermediate result")  # title first
    if viz.render.find_dot() is not None:  # Graphviz accepts the HTML label
        svg = viz.save(dot, tmp_path / "g.svg").read_text(encoding="utf-8")
        assert "nodes drawn" in svg and "output / loss" in svg
        assert "a &lt;&quot;b&quot;&gt; &amp; c" in svg  # the name, escaped once


def test_op_arguments_are_shown():
    x = mg.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    y = x.sum(axis=1, keepdims=True).reshape(1, 2)[0, 1:]
    dot = viz.to_dot(y)
    assert "Sum\\naxis=(1,)\\nkeepdims=True" in dot
    assert "Reshape\\nshape=(1, 2)" in dot
    assert "GetItem\\n[0, 1:]" in dot


def test_large_tensor_gets_a_summary_not_values():
    x = mg.tensor(np.arange(1000.0), requires_grad=True, name="big")
    line = node_line(viz.to_dot(x * 2), "n2")
    assert "min 0, mean 499.5, max 999" in line
    assert "[0, 1" not in line


def test_show_data_false_and_show_grad_false_hide_them():
    _, _, loss = two_ops()
    dot = viz.to_dot(loss, show_data=False, show_grad=False, legend=False)
    assert "data " not in dot and "grad" not in dot.replace("minigrad", "")
    assert "(2,) float32" in dot


def test_show_saved_reports_what_backward_keeps():
    x = mg.tensor([-1.0, 2.0], requires_grad=True)
    y = x.relu().sum()
    assert "saved (2,) bool: [False, True]" in viz.to_dot(y, show_saved=True)
    y.backward()
    assert "saved: freed by backward()" in viz.to_dot(y, show_saved=True)


def test_names_dict_both_directions_and_module():
    a = mg.tensor([1.0], requires_grad=True)
    b = mg.tensor([2.0], requires_grad=True)
    c = mg.tensor([3.0], requires_grad=True)

    class FakeModule:
        def named_parameters(self):
            return [("layer.weight", c)]

    y = a * b + c
    dot = viz.to_dot(y, names={a: "alpha", "beta": b}, module=FakeModule())
    for name in ("alpha\\n", "beta\\n", "layer.weight\\n"):
        assert name in dot


def test_names_are_escaped():
    x = mg.tensor([1.0], requires_grad=True, name='say "hi" \\N')
    assert 'say \\"hi\\" \\\\N' in viz.to_dot(x * 2)


def test_roles_colour_constants_parameters_and_output():
    x = mg.tensor([1.0, 2.0], requires_grad=True)
    dot = viz.to_dot(x * 3.0, legend=False)
    assert 'fillcolor="#a8e0b5"' in node_line(dot, "n0")  # output
    assert 'fillcolor="#ffe08a"' in node_line(dot, "n2")  # parameter x
    assert 'fillcolor="#d6e6f5"' in node_line(dot, "n3")  # the constant 3


def test_a_shared_input_is_one_node():
    x = mg.tensor([1.0, 2.0], requires_grad=True, name="x")
    dot = viz.to_dot(x * x, legend=False)
    assert dot.count("x\\n") == 1
    assert dot.count("\tn2 -> n1") == 2  # both operands are the same node


def test_several_roots_and_a_leaf_root():
    x = mg.tensor([1.0], requires_grad=True, name="x")
    dot = viz.to_dot(x * 2, x, x * 3)
    assert dot.count("x\\n") == 1
    assert dot.count("Mul") == 2


def test_bad_arguments_raise_clear_errors():
    x = mg.tensor([1.0], requires_grad=True)
    with pytest.raises(TypeError, match="root 0 is a list"):
        viz.to_dot([x])
    with pytest.raises(ValueError, match="rankdir must be one of"):
        viz.to_dot(x, rankdir="up")
    with pytest.raises(ValueError, match="max_nodes must be an int"):
        viz.to_dot(x, max_nodes=0)
    with pytest.raises(TypeError, match="unexpected argument"):
        viz.to_dot(x, colour=True)
    with pytest.raises(TypeError, match="named_parameters"):
        viz.to_dot(x, module=object())


def test_same_dot_text_on_every_run():
    def build():
        x = mg.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True, name="x")
        w = mg.tensor([0.5, -0.5], requires_grad=True, name="w")
        h = (x @ w).tanh()
        return viz.to_dot(((h - 1.0) ** 2).mean(), backward=True)

    assert build() == build()


SCRIPT = """
import minigrad as mg
from minigrad import viz
x = mg.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True, name="x")
w = mg.tensor([0.5, -0.5], requires_grad=True, name="w")
h = (x @ w).tanh()
print(viz.to_dot(((h - 1.0) ** 2).mean(), backward=True), end="")
"""


def test_same_dot_text_in_a_separate_process():
    here = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True
    ).stdout
    x = mg.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True, name="x")
    w = mg.tensor([0.5, -0.5], requires_grad=True, name="w")
    h = (x @ w).tanh()
    assert here == viz.to_dot(((h - 1.0) ** 2).mean(), backward=True)
