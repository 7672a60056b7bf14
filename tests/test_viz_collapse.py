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
    assert node_count(dot) == 49  # 48 drawn and one summary: as many as fit
    assert "48 of 300,003 nodes drawn (max_nodes=50)" in dot
    assert "99,985 ops and 199,970 tensors not drawn\\nMul x99,985" in dot
    assert dot.count('label="Mul') == 15  # the ends of the run, 7 and 8 ops
    assert "x\\n(3,) float32" in dot  # the leaf at the far end is still drawn


def test_mermaid_collapses_too():
    mermaid = viz.to_mermaid(chain(500), max_nodes=20)
    nodes = re.findall(r"^  n\d+[\[(]", mermaid, flags=re.MULTILINE)
    assert "Mul x495" in mermaid and len(nodes) == 19


def test_short_runs_are_kept_and_small_graphs_untouched():
    loss = chain(3)
    full = viz.to_dot(loss, max_nodes=None)
    assert viz.to_dot(loss, max_nodes=500) == full
    assert full.count("Mul") == 3 and "not drawn" not in full


def test_collapsed_run_keeps_its_ends_and_order():
    loss = chain(10)
    dot = viz.to_dot(loss, max_nodes=10, legend=False)
    # Sum (the run's last op), the summary, then the first two Muls with x and their
    # constants: exactly max_nodes nodes.
    labels = re.findall(r'^\tn\d+ \[label="([^\\"]*)', dot, flags=re.MULTILINE)
    assert len(labels) == 10
    assert labels[1] == "Sum"
    assert labels[2].startswith("... 8 ops and 16 tensors not drawn")
    assert labels.count("Mul") == 2
    assert "\tn2 -> n1 [style=dashed]" in dot  # the summary feeds Sum
    assert "\tn3 -> n2 [style=dashed]" in dot  # and reads the second Mul's output
    edges = re.findall(r"^\tn(\d+) -> n(\d+)", dot, flags=re.MULTILINE)
    read = {int(src) for src, _ in edges}
    assert read == set(range(1, 10))  # every node but the loss feeds another: one chain


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


def test_a_long_chain_fills_max_nodes_instead_of_collapsing_to_a_few():
    # Issue 16: 50,000 nodes used to collapse to 6 drawn nodes with max_nodes=500.
    x = mg.tensor([1.0], requires_grad=True, name="x")
    y = x
    for i in range(12_500):
        y = (y * 1.0001).tanh() if i % 2 else y + 0.5
    dot = viz.to_dot(y.sum(), max_nodes=500, legend=False)
    assert 490 <= node_count(dot) <= 500
    drawn = int(re.search(r'label="(\d+) of 50,003 nodes drawn', dot).group(1))
    assert drawn >= 489
    assert dot.count('label="Tanh') > 50 and dot.count('label="Add') > 50  # was 1 each
    assert "x\\n(1,) float32" in dot


def test_runs_keep_the_same_number_of_ops_at_their_ends():
    x = mg.tensor([1.0], requires_grad=True, name="x")
    z = mg.tensor([2.0], requires_grad=True, name="z")
    long, short = x, z
    for _ in range(300):
        long = long.sigmoid()
    for _ in range(60):
        short = short.tanh()
    loss = long + short
    full = node_count(viz.to_dot(loss, max_nodes=None))
    assert full == 2 * 360 + 4
    dot = viz.to_dot(loss, max_nodes=100)
    assert 95 <= node_count(dot) <= 100
    exps, tanhs = dot.count('label="Sigmoid'), dot.count('label="Tanh')
    assert abs(exps - tanhs) <= 2 and exps >= 20  # shared fairly, not one run folded away
    assert dot.count("not drawn") == 2


def test_fold_only_as_much_as_needed_when_the_runs_fit_almost():
    loss = chain(40)  # 40 Mul with a constant each: 3 nodes per op, 123 in all
    assert node_count(viz.to_dot(loss, max_nodes=None)) == 123
    dot = viz.to_dot(loss, max_nodes=120)
    assert 118 <= node_count(dot) <= 120 and dot.count("not drawn") == 1
