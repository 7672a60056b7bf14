"""Keep big drawings readable: fold modules and long chains, then cut what does not fit.

Above `max_nodes` up to three things happen, in this order:

1. Modules. The inside of whole submodules becomes one node each (modules.py).
2. Runs. A run is a chain of ops where each op's only interesting input is
   the unnamed output of the op before it, used nowhere else (constant
   operands, like the 2 in `x * 2`, travel along). The middle of each long
   run becomes one summary node that counts the ops it stands for; every
   run keeps as many ops at its ends as `max_nodes` leaves room for.
3. Cut. If the drawing is still too big, the nodes nearest the roots are
   kept (breadth first) and everything else becomes one summary node.

Every summary says what it hides, and the graph gets a note saying so.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from .graph import INPUT, INTERMEDIATE, OP, SUMMARY, Graph, VNode
from .modules import fold_modules, folded_text

KEEP_AT_ENDS = 1  # ops of a run kept visible at each end, at least
MIN_HIDDEN = 2  # shorter runs are not worth a summary node


def collapse(graph: Graph, max_nodes: int | None, module: Any = None) -> Graph:
    """`graph` itself when it fits in `max_nodes`, else a smaller graph with summaries.

    Modules are folded first (see modules.py; `module` is draw_graph's
    `module=`, which names them), then runs, then the cut.
    """
    total = len(graph.nodes)
    if max_nodes is None or total <= max_nodes:
        return graph
    graph, folded = fold_modules(graph, max_nodes, module)
    if len(graph.nodes) > max_nodes:
        graph = fold_runs(graph, max_nodes)
    if len(graph.nodes) > max_nodes:
        graph = cut(graph, max_nodes)
    drawn = sum(1 for n in graph.nodes if n.role != SUMMARY)
    modules = f"; {folded_text(folded)}" if folded else ""
    graph.note = (
        f"{drawn:,} of {total:,} nodes drawn (max_nodes={max_nodes}){modules}; the dashed "
        "nodes summarise the rest. Pass max_nodes=None to draw everything."
    )
    return graph


def _uses(nodes: list[VNode]) -> tuple[list[int], list[int]]:
    """For each node: how many nodes read it (x * x counts once), and the last of them."""
    uses, user = [0] * len(nodes), [-1] * len(nodes)
    for dst, node in enumerate(nodes):
        for src in node.inputs if len(node.inputs) < 2 else set(node.inputs):
            uses[src] += 1
            user[src] = dst
    return uses, user


def fold_runs(graph: Graph, max_nodes: int) -> Graph:
    """Replace the middle of long runs of ops with one summary node each, as far as needed.

    Only as many ops are hidden as it takes to come down to `max_nodes`:
    every run keeps the same number of ops at each end (at least
    KEEP_AT_ENDS), the most that fits, and the spare room goes to the
    first runs one more op at each end at a time. When even the fewest
    kept ops do not fit, the cut that follows does the rest.
    """
    nodes = graph.nodes
    uses, user = _uses(nodes)

    def passes_through(t: int) -> bool:
        """An unnamed intermediate tensor with one consumer: a link inside a run."""
        n = nodes[t]
        return uses[t] == 1 and n.role == INTERMEDIATE and n.name is None

    def is_constant(t: int) -> bool:
        n = nodes[t]
        return uses[t] == 1 and n.role == INPUT and n.name is None

    # previous[op] = the op whose output is op's only non-constant input, if that is a link.
    previous: dict[int, int] = {}
    for i, n in enumerate(nodes):
        if n.role == OP:
            main = [t for t in dict.fromkeys(n.inputs) if not is_constant(t)]
            if len(main) == 1 and passes_through(main[0]):
                previous[i] = nodes[main[0]].inputs[0]
    following = {before: after for after, before in previous.items()}

    runs = []
    for start in sorted(following):
        if start in previous:
            continue  # not the first op of a run
        run = [start]
        while run[-1] in following:
            run.append(following[run[-1]])
        if len(run) - 2 * KEEP_AT_ENDS >= MIN_HIDDEN:
            runs.append(run)
    # Hiding an op hides its output and its constants too: prefix sums of those counts.
    sums = []
    for run in runs:
        total = [0]
        for op in run:
            constants = sum(1 for t in dict.fromkeys(nodes[op].inputs) if is_constant(t))
            total.append(total[-1] + 2 + constants)
        sums.append(total)
    keeps = _ends_to_keep(runs, sums, len(nodes) - max_nodes)

    owner = [-1] * len(nodes)  # hidden node -> its summary's number
    summaries: list[tuple[VNode, int]] = []  # (summary, the tensor it reads)
    for run, (first, last) in zip(runs, keeps):
        inside = run[first : len(run) - last]
        if len(inside) < MIN_HIDDEN:
            continue
        summary = VNode(SUMMARY)
        summary.hidden = hidden = []
        number = len(summaries)
        for op in inside:
            out = user[op]  # an op's only reader is its output tensor
            for member in [op, out] + [t for t in nodes[op].inputs if is_constant(t)]:
                if owner[member] < 0:
                    owner[member] = number
                    hidden.append(nodes[member])
        summaries.append((summary, user[run[first - 1]]))  # the last kept op's output
    if not summaries:
        return graph

    # Each summary takes the place of the first node it hides, so the order stays stable.
    position = [-1] * len(nodes)
    summary_position: list[int] = [-1] * len(summaries)
    result: list[VNode] = []
    for i, n in enumerate(nodes):
        if owner[i] >= 0:
            if summary_position[owner[i]] < 0:
                summary_position[owner[i]] = len(result)
                result.append(summaries[owner[i]][0])
        else:
            position[i] = len(result)
            result.append(n)
    for i, n in enumerate(nodes):  # nodes belong to this drawing only: rewire in place
        if owner[i] < 0:
            n.inputs = [
                summary_position[owner[src]] if owner[src] >= 0 else position[src]
                for src in n.inputs
            ]
    for summary, first_output in summaries:
        summary.inputs = [position[first_output]]  # it reads the run's first output
    return Graph(result, graph.note)


def _ends_to_keep(runs: list[list[int]], sums: list[list[int]], need: int) -> list[tuple[int, int]]:
    """How many ops each run keeps at its two ends so that `need` nodes go, and no more.

    `sums[r][k]` counts the nodes the first k ops of run r stand for; hiding
    the middle of a run saves what it hides, less the one summary node.
    """

    def saved(r: int, first: int, last: int) -> int:
        n = len(runs[r])
        return sums[r][n - last] - sums[r][first] - 1 if n - first - last >= MIN_HIDDEN else 0

    def total(keep: int) -> int:
        return sum(saved(r, keep, keep) for r in range(len(runs)))

    low, high = KEEP_AT_ENDS, max((len(run) for run in runs), default=0) // 2
    if total(low) <= need:
        return [(low, low)] * len(runs)  # even the fewest kept ops do not fit
    while low < high:  # the most kept ops that still save enough (saving falls as keep grows)
        middle = (low + high + 1) // 2
        if total(middle) >= need:
            low = middle
        else:
            high = middle - 1
    keeps, spare = [(low, low)] * len(runs), total(low) - need
    for r in range(len(runs)):  # the room left over: one more op at an end, run by run
        for first, last in ((low + 1, low), (low + 1, low + 1)):
            cost = saved(r, *keeps[r]) - saved(r, first, last)
            if cost > spare:
                break
            keeps[r], spare = (first, last), spare - cost
    return keeps


def cut(graph: Graph, max_nodes: int) -> Graph:
    """Keep the `max_nodes - 1` nodes nearest the roots; one summary stands for the rest."""
    nodes = graph.nodes
    uses, _ = _uses(nodes)
    queue = [i for i in range(len(nodes)) if uses[i] == 0]  # the roots
    seen = set(queue)
    done = 0
    while done < len(queue) and done < max_nodes - 1:  # breadth first; the list is the queue
        for src in nodes[queue[done]].inputs:
            if src not in seen:
                seen.add(src)
                queue.append(src)
        done += 1
    kept = sorted(queue[:done])  # in the original order, which is stable
    position = {old: new for new, old in enumerate(kept)}
    summary = VNode(SUMMARY)
    summary.hidden = []
    for i, n in enumerate(nodes):
        if i not in position:
            summary.hidden.extend(n.hidden if n.role == SUMMARY else [n])
    result = [nodes[old] for old in kept]
    for n in result:  # one edge from the summary is enough, however many it stands for
        inputs = [position.get(src, len(kept)) for src in n.inputs]
        if inputs.count(len(kept)) > 1:
            inputs = [s for k, s in enumerate(inputs) if s != len(kept) or k == inputs.index(s)]
        n.inputs = inputs
    result.append(summary)
    return Graph(result, graph.note)


def describe_hidden(hidden: list[VNode]) -> list[str]:
    """Lines for a summary node: how many ops of each kind, tensors and leaves it hides."""
    ops = Counter(n.fn.name for n in hidden if n.role == OP and n.fn is not None)
    tensors = sum(1 for n in hidden if n.tensor is not None)
    leaves = sum(1 for n in hidden if n.tensor is not None and n.tensor.grad_fn is None)
    total_ops = sum(ops.values())
    lines = [f"... {total_ops:,} ops and {tensors:,} tensors not drawn"]
    kinds = sorted(ops.items(), key=lambda item: (-item[1], item[0]))
    shown = ", ".join(f"{name} x{count:,}" for name, count in kinds[:4])
    if len(kinds) > 4:
        shown += f", {len(kinds) - 4} more kinds"
    if shown:
        lines.append(shown)
    if leaves:
        lines.append(f"({leaves:,} of the tensors are leaves)")
    return lines
