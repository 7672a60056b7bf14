"""Fold what happens inside a Module into one summary node (only above max_nodes).

`nn.Module.__call__` tags each op it records with `fn.module`, the innermost
module whose forward created it. Here those tags become names (through the
model's `named_modules()`, so 'fc1', 'body.0'), and when a drawing is too big
the inside of whole submodules is folded away, shallowest first: the
children of the model before their own children.

What a folded module hides: its ops (tagged with it or a module inside it),
the tensors that only flow between those ops, and scalar constants only they
use. What stays drawn: its parameters and inputs, and every tensor that
leaves it. The summary node reads the inputs in the order the module's
expression reads them and feeds the tensors that leave it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from .graph import INPUT, OP, OUTPUT, SUMMARY, Graph, VNode
from .labels import printable

MAX_LISTED = 5  # modules named in the caption; the rest are counted


def module_of(node: VNode) -> Any:
    """The module whose forward created this op node (None if none did)."""
    return None if node.fn is None else node.fn.__dict__.get("module")


def qualified_names(tagged: list[Any], root: Any) -> tuple[dict[int, str], list[Any]]:
    """id(module) -> dotted name, and the modules at the top of the naming.

    With `root` (draw_graph's `module=`) names come from its named_modules()
    and the root is the only top. Tagged modules outside it (a loss module,
    say), or all of them when there is no root, are named from the outermost
    tagged modules: a single one becomes the root, several are named by
    their class ('BCEWithLogitsLoss', 'Linear#2').
    """
    names: dict[int, str] = {}
    tops: list[Any] = []
    if not hasattr(root, "named_modules"):
        root = None  # None, or an object that only offers named_parameters()
    if root is not None:
        names.update((id(m), name) for name, m in root.named_modules())
        tops.append(root)
    outside = [m for m in tagged if id(m) not in names]
    inner = {id(sub) for m in outside for sub in list(m.modules())[1:]}
    outer = [m for m in outside if id(m) not in inner]
    if root is None and len(outer) == 1:
        names.update((id(m), name) for name, m in outer[0].named_modules())
        return names, outer
    seen_types: Counter[str] = Counter()
    for top in outer:
        kind = type(top).__name__
        seen_types[kind] += 1
        base = kind if seen_types[kind] == 1 else f"{kind}#{seen_types[kind]}"
        for name, m in top.named_modules():
            names.setdefault(id(m), f"{base}.{name}" if name else base)
        tops.append(top)
    return names, tops


def candidate_units(graph: Graph, root: Any) -> tuple[list[Any], dict[int, str], list[int]]:
    """The modules to fold (shallowest first), their names, and each node's unit (-1: none).

    The units are the root's children and any other top module. A unit that
    holds every tagged op of the drawing (a wrapper around the real model)
    is replaced by its children, since folding it would hide everything.
    """
    by_id = {id(m): m for m in map(module_of, graph.nodes) if m is not None}  # ids: a user
    tagged = list(by_id.values())  # module may define __eq__ and so not be hashable
    if not tagged:
        return [], {}, []
    names, tops = qualified_names(tagged, root)
    units: list[Any] = []
    for top in tops:
        units.extend(top.children() if names[id(top)] == "" else [top])
    unit_of = _unit_of(graph, units)
    while True:
        used = set(unit_of) - {-1}
        if len(used) != 1:
            return units, names, unit_of
        children = list(units[used.pop()].children())
        inner = _unit_of(graph, children)
        if all(u < 0 for u in inner):
            return units, names, unit_of
        units, unit_of = children, inner


def _unit_of(graph: Graph, units: list[Any]) -> list[int]:
    """For each op node, which unit's subtree created it (-1 for none or non-ops)."""
    owner: dict[int, int] = {}
    for k, unit in enumerate(units):
        for m in unit.modules():
            owner.setdefault(id(m), k)  # a shared module counts for the first unit
    return [owner.get(id(module_of(n)), -1) if n.fn is not None else -1 for n in graph.nodes]


def hidden_sets(graph: Graph, unit_of: list[int]) -> list[int]:
    """For each node, the unit that would hide it when folded (-1: always drawn)."""
    nodes = graph.nodes
    users: list[list[int]] = [[] for _ in nodes]
    for dst, n in enumerate(nodes):
        for src in n.inputs:
            users[src].append(dst)
    hide = list(unit_of)  # ops are hidden by their own unit
    for i, n in enumerate(nodes):
        if n.tensor is None or n.role == OUTPUT or not users[i]:
            continue
        readers = {unit_of[u] for u in users[i]}
        if len(readers) != 1 or -1 in readers:
            continue  # read outside the unit: an output or input of it, drawn
        (unit,) = readers
        if n.tensor.grad_fn is not None:
            if unit_of[n.inputs[0]] == unit:  # made and used only inside
                hide[i] = unit
        elif n.role == INPUT and n.name is None and n.tensor.ndim == 0:
            hide[i] = unit  # a scalar constant like the 2 in x * 2
    return hide


def fold_modules(graph: Graph, max_nodes: int, root: Any = None) -> tuple[Graph, list[str]]:
    """Fold the fewest, shallowest modules that bring the graph to `max_nodes`.

    Returns the graph (itself when nothing was folded) and the folded
    modules' names. When folding every candidate is still not enough, all of
    them are folded and the caller cuts further.
    """
    units, names, unit_of = candidate_units(graph, root)
    if not units:
        return graph, []
    hide = hidden_sets(graph, unit_of)
    sizes = Counter(u for u in hide if u >= 0)
    first: dict[int, int] = {}
    for i, u in enumerate(hide):
        first.setdefault(u, i)
    order = sorted((u for u in sizes if sizes[u] > 1), key=lambda u: (-sizes[u], first[u]))
    chosen, count = [], len(graph.nodes)
    for u in order:
        if count <= max_nodes:
            break
        chosen.append(u)
        count -= sizes[u] - 1
    if not chosen:
        return graph, []
    chosen.sort()  # in the order the modules were registered
    picked = {u: k for k, u in enumerate(chosen)}
    owner = [picked.get(u, -1) for u in hide]  # node -> its summary's number, or -1
    summaries = []
    for u in chosen:
        summary = VNode(SUMMARY)
        summary.title = f"{printable(names.get(id(units[u]), '?'))}: {type(units[u]).__name__}"
        summary.hidden = []
        summaries.append(summary)
    for i, k in enumerate(owner):
        if k >= 0:
            summaries[k].hidden.append(graph.nodes[i])  # type: ignore[union-attr]
    folded = [printable(names.get(id(units[u]), "?")) for u in chosen]
    return _rewire(graph, owner, summaries), folded


def _rewire(graph: Graph, owner: list[int], summaries: list[VNode]) -> Graph:
    """The graph with each summary in place of the first node it hides."""
    nodes = graph.nodes
    position, where = [-1] * len(nodes), [-1] * len(summaries)
    result: list[VNode] = []
    for i, n in enumerate(nodes):
        k = owner[i]
        if k < 0:
            position[i] = len(result)
            result.append(n)
        elif where[k] < 0:
            where[k] = len(result)
            result.append(summaries[k])
    # Where each summary's inputs come from: walk its hidden ops depth first from the
    # tensors that leave it, inputs in order, which is the order the expression reads them.
    starts: list[list[int]] = [[] for _ in summaries]
    for i, n in enumerate(nodes):
        if owner[i] < 0 and n.tensor is not None and n.inputs and owner[n.inputs[0]] >= 0:
            starts[owner[n.inputs[0]]].append(n.inputs[0])
    sources: list[dict[int, None]] = [{} for _ in summaries]  # ordered sets
    for k in range(len(summaries)):
        stack, seen = list(reversed(starts[k])), set()
        while stack:
            i = stack.pop()
            if owner[i] != k:
                sources[k].setdefault(position[i])
            elif i not in seen:
                seen.add(i)
                stack.extend(reversed(nodes[i].inputs))
    for i, n in enumerate(nodes):  # the nodes belong to this drawing only: rewire in place
        if owner[i] < 0:
            n.inputs = [where[owner[s]] if owner[s] >= 0 else position[s] for s in n.inputs]
    for k, summary in enumerate(summaries):
        summary.inputs = list(sources[k])
    return Graph(result, graph.note)


def describe_module(title: str, hidden: list[VNode]) -> list[str]:
    """Lines for a folded module: 'fc1: Linear — 3 ops, 2 tensors hidden', then the op kinds."""
    ops = Counter(n.fn.name for n in hidden if n.role == OP and n.fn is not None)
    tensors = sum(1 for n in hidden if n.tensor is not None)
    total = sum(ops.values())
    lines = [
        f"{title} — {total:,} op{'s' * (total != 1)}, "
        f"{tensors:,} tensor{'s' * (tensors != 1)} hidden"
    ]
    kinds = sorted(ops.items(), key=lambda item: (-item[1], item[0]))
    shown = ", ".join(f"{name} x{count:,}" for name, count in kinds[:4])
    if len(kinds) > 4:
        shown += f", {len(kinds) - 4} more kinds"
    lines.append(shown)
    return lines


def folded_text(folded: list[str]) -> str:
    """Caption part: which modules are drawn as one node each."""
    listed = ", ".join(folded[:MAX_LISTED])
    if len(folded) > MAX_LISTED:
        listed += f" and {len(folded) - MAX_LISTED:,} more"
    noun = "module is" if len(folded) == 1 else "modules are"
    return f"{len(folded):,} {noun} drawn as one node each ({listed})"
