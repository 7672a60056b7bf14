"""Big graphs: no recursion, and above max_nodes a small drawing that says what it left out."""

import re

import minigrad as mg
from minigrad import viz


def node_count(dot: str) -> int:
    return len(re.findall(r"^\tn\d+ \[", dot, flags=re.MULTILINE))


def chain(length: int):
    x = mg.tensor([1.0, 2.0, 3.0], requires_grad=True, name="x")
    y = x
    for _ in range(length):
        y = y * 1.0001
    return y.sum()


def test_100000_op_chain_draws_without_recursion_and_collapses():
    loss = chain(100_000)
    dot = viz.to_dot(loss, max_nodes=50)
    assert node_count(dot) <= 50
    assert "nodes drawn (max_nodes=50)" in dot
    assert "99,999 ops and 199,998 tensors not drawn\\nMul x99,999" in dot
    assert "x\\n(3,) float32" in dot  # the leaf at the far end is still drawn


def test_mermaid_collapses_too():
    mermaid = viz.to_mermaid(chain(500), max_nodes=20)
    assert "Mul x499" in mermaid and mermaid.count('"]') < 20


def test_short_runs_are_kept_and_small_graphs_untouched():
    loss = chain(3)
    full = viz.to_dot(loss, max_nodes=None)
    assert viz.to_dot(loss, max_nodes=500) == full
    assert full.count("Mul") == 3 and "not drawn" not in full


def test_collapsed_run_keeps_its_ends_and_order():
    loss = chain(10)
    dot = viz.to_dot(loss, max_nodes=10, legend=False)
    # Sum (the run's last op), the summary, then the first Mul with x and its constant.
    labels = re.findall(r'^\tn\d+ \[label="([^\\"]*)', dot, flags=re.MULTILINE)
    assert labels[1] == "Sum"
    assert labels[2].startswith("... 9 ops and 18 tensors not drawn")
    assert labels.count("Mul") == 1
    assert "\tn2 -> n1 [style=dashed]" in dot  # the summary feeds Sum


def test_wide_graph_is_cut_nearest_the_roots():
    leaves = [mg.tensor([float(i)], requires_grad=True, name=f"p{i}") for i in range(200)]
    total = leaves[0] * 2.0
    for p in leaves[1:]:
        total = total + p * 2.0
    dot = viz.to_dot(total, max_nodes=40)
    assert node_count(dot) == 40  # 39 kept + one summary
    assert "of 1," in dot and "nodes drawn (max_nodes=40)" in dot
    summary = next(line for line in dot.splitlines() if "not drawn" in line and "\tn" in line)
    assert "leaves" in summary and "Mul x" in summary and "Add x" in summary
    assert "p199\\n" in dot and "p0\\n" not in dot  # the last added is nearest the root


def test_backward_view_of_a_collapsed_chain():
    loss = chain(1000)
    dot = viz.to_dot(loss, backward=True, max_nodes=30)
    assert "dir=back" in dot and "not drawn" in dot
