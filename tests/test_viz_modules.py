"""Module internals: ops are tagged with the module that made them, and big drawings fold them."""

import gc
import re
import weakref

import numpy as np

import minigrad as mg
from minigrad import nn, viz
from minigrad.engine import topological_order


def tag(node):
    return node.__dict__.get("module")


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3, 4)
        self.body = nn.Sequential(nn.Linear(4, 4), nn.Tanh(), nn.Linear(4, 2))

    def forward(self, x):
        return self.body(self.fc1(x).relu())


def net_and_loss(seed=0):
    mg.manual_seed(seed)
    net = Net()
    x = mg.tensor(np.linspace(-1, 1, 15, dtype=np.float32).reshape(5, 3), name="x")
    return net, net(x).sum()


def node_labels(dot):
    return re.findall(r'^\tn\d+ \[label="([^"]*)"', dot, flags=re.MULTILINE)


# ---- tagging in Module.__call__ --------------------------------------------------
def test_nodes_are_tagged_with_the_innermost_module():
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
    loss = model(mg.randn(2, 3)).sum()
    tags = [(node.name, tag(node)) for node in topological_order([loss.grad_fn])]
    assert tags[0] == ("Sum", None)  # written outside any module
    by_module = {}
    for name, module in tags[1:]:
        by_module.setdefault(id(module), []).append(name)
    assert sorted(by_module[id(model[2])]) == ["Add", "MatMul", "Permute"]
    assert by_module[id(model[1])] == ["Relu"]
    assert sorted(by_module[id(model[0])]) == ["Add", "MatMul", "Permute"]
    assert id(model) not in by_module  # the container made no op of its own


def test_ops_of_the_outer_forward_are_tagged_with_the_outer_module():
    net, loss = net_and_loss()
    nodes = topological_order([loss.grad_fn])
    relus = [n for n in nodes if n.name == "Relu"]
    assert len(relus) == 1 and tag(relus[0]) is net  # written in Net.forward itself
    last_add = loss.grad_fn.inputs[0].grad_fn
    assert tag(last_add) is net.body[2]  # not body, not net: the innermost


def test_tagging_stops_at_the_arguments_and_skips_no_grad():
    w = mg.randn(3, requires_grad=True)
    h = (w * 2.0).exp()  # made before the module runs
    layer = nn.Tanh()
    out = layer(h)
    assert tag(out.grad_fn) is layer
    assert tag(h.grad_fn) is None and tag(h.grad_fn.inputs[0].grad_fn) is None
    with mg.no_grad():
        assert layer(h).grad_fn is None


def test_tuple_outputs_are_tagged():
    class Split(nn.Module):
        def forward(self, x):
            return x.exp(), x * 2.0

    class Listed(nn.Module):
        def forward(self, x):
            return [x.exp(), "not a tensor"]

    split, listed = Split(), Listed()
    x = mg.randn(3, requires_grad=True)
    a, b = split(x)
    assert tag(a.grad_fn) is split and tag(b.grad_fn) is split
    assert tag(listed(x)[0].grad_fn) is listed


def test_the_tag_does_not_keep_the_graph_or_the_model_alive():
    gc.collect()
    gc.disable()
    try:
        net, loss = net_and_loss()
        nodes = topological_order([loss.grad_fn])
        assert all(tag(n) is not None for n in nodes[1:])
        refs = [weakref.ref(n) for n in nodes]
        refs += [weakref.ref(t) for n in nodes for t in n.inputs if t.grad_fn is not None]
        assert len(refs) > 20
        del loss, nodes
        assert all(r() is None for r in refs)  # freed at once, without the cyclic collector
        model_ref = weakref.ref(net)
        del net
        assert model_ref() is None
    finally:
        gc.enable()


def test_op_labels_do_not_show_the_tag():
    _, loss = net_and_loss()
    assert "module=" not in viz.to_dot(loss, max_nodes=None)


# ---- folding modules above max_nodes -----------------------------------------------
def test_small_graphs_are_not_folded():
    net, loss = net_and_loss()
    dot = viz.to_dot(loss, module=net)
    assert "hidden" not in dot and "drawn as one node" not in dot
    assert dot == viz.to_dot(loss, module=net, max_nodes=None)


def test_big_graph_folds_the_fewest_shallowest_modules():
    net, loss = net_and_loss()
    total = len(node_labels(viz.to_dot(loss, max_nodes=None, legend=False)))
    assert total == 31
    dot = viz.to_dot(loss, module=net, max_nodes=15, legend=False, show_data=False)
    labels = node_labels(dot)
    assert len(labels) == 15
    body = "body: Sequential — 7 ops, 6 tensors hidden\\nAdd x2, MatMul x2, Permute x2, Tanh x1"
    assert body in labels
    assert "fc1: Linear — 3 ops, 2 tensors hidden\\nAdd x1, MatMul x1, Permute x1" in labels
    for name in ("fc1.weight", "fc1.bias", "body.0.weight", "body.2.bias"):
        assert any(label.startswith(name + "\\n") for label in labels), name  # params stay
    assert "Relu" in labels  # the model's own op between the two
    assert "13 of 31 nodes drawn (max_nodes=15); 2 modules are drawn as one node each " \
           "(fc1, body)" in dot
    # With room for more, only the biggest module is folded.
    dot = viz.to_dot(loss, module=net, max_nodes=19, legend=False)
    assert "1 module is drawn as one node each (body)" in dot and "fc1: Linear" not in dot


def test_summary_edges_keep_the_order_the_module_reads_its_inputs():
    net, loss = net_and_loss()
    dot = viz.to_dot(loss, module=net, max_nodes=15, legend=False, show_data=False)
    labels = node_labels(dot)
    summary = labels.index("fc1: Linear — 3 ops, 2 tensors hidden\\nAdd x1, MatMul x1, Permute x1")
    into = re.findall(rf"^\tn(\d+) -> n{summary} ", dot, flags=re.MULTILINE)
    assert [labels[int(i)].split("\\n")[0] for i in into] == ["x", "fc1.weight", "fc1.bias"]
    out = re.findall(rf"^\tn{summary} -> n(\d+) ", dot, flags=re.MULTILINE)
    assert len(out) == 1 and labels[int(out[0])] == "(5, 4) float32"  # fc1's output, drawn


def test_names_come_from_the_tags_without_module_argument():
    _, loss = net_and_loss()
    dot = viz.to_dot(loss, max_nodes=15)  # the one outermost tagged module names the rest
    assert 'label="fc1: Linear — 3 ops, 2 tensors hidden' in dot
    assert 'label="body: Sequential — 7 ops, 6 tensors hidden' in dot
    assert "fc1.weight" not in dot  # parameter names still need module= (or names=)


class SquaredError(nn.Module):
    def forward(self, p, y):
        return ((p - y) ** 2.0).mean()


def test_a_loss_module_outside_the_model_is_named_by_its_class():
    mg.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
    loss = SquaredError()(model(mg.randn(8, 3)), mg.ones(8, 1))
    dot = viz.to_dot(loss, module=model, max_nodes=14, legend=False)
    assert 'label="SquaredError: SquaredError — 3 ops, 3 tensors hidden\\nMean x1, Pow x1, ' \
           'Sub x1"' in dot  # the 2.0 exponent is one of the tensors
    assert "2: Linear — 3 ops" in dot and "0: Linear — 3 ops" in dot
    assert "3 modules are drawn as one node each (0, 2, SquaredError)" in dot
    assert "not drawn" not in dot


def test_wrapper_modules_are_looked_through():
    class Wrapper(nn.Module):
        def __init__(self):
            super().__init__()
            self.inner = Net()

        def forward(self, x):
            return self.inner(x)

    mg.manual_seed(0)
    model = Wrapper()
    loss = model(mg.randn(5, 3)).sum()
    dot = viz.to_dot(loss, module=model, max_nodes=15)
    assert "inner.body: Sequential — 7 ops" in dot and "inner.fc1: Linear" in dot


def test_too_big_even_folded_falls_back_to_the_cut():
    mg.manual_seed(0)
    layers = []
    for _ in range(30):
        layers += [nn.Linear(4, 4), nn.Tanh()]
    model = nn.Sequential(*layers)
    loss = model(mg.randn(2, 4)).sum()
    dot = viz.to_dot(loss, module=model, max_nodes=40)
    labels = node_labels(dot)
    assert len(labels) - dot.count("legend_") <= 40
    assert any(": Linear — 3 ops, 2 tensors hidden" in label for label in labels)
    assert any(label.startswith("... ") and "not drawn" in label for label in labels)
    assert "modules are drawn as one node each (0, 2, 4, 6, 8 and 25 more)" in dot


def test_folded_drawing_is_deterministic():
    first = viz.to_dot(net_and_loss(0)[1], max_nodes=15)
    for _ in range(2):
        net, loss = net_and_loss(0)
        assert viz.to_dot(loss, max_nodes=15) == first
        assert viz.to_dot(loss, max_nodes=15, module=net) == viz.to_dot(
            loss, max_nodes=15, module=net
        )


def test_mermaid_and_backward_view_fold_modules_too():
    net, loss = net_and_loss()
    mermaid = viz.to_mermaid(loss, module=net, max_nodes=15)
    assert '[/"fc1: Linear — 3 ops, 2 tensors hidden<br/>' in mermaid
    assert "fc1.weight<br/>" in mermaid and mermaid.count("-.->") == 10
    loss.backward()
    dot = viz.to_dot(loss, module=net, max_nodes=15, backward=True)
    assert "body: Sequential — 7 ops" in dot and "dir=back" in dot
