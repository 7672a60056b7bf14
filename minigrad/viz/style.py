"""From the graph model to what each node and edge looks like.

`Picture` is a drawing with no file format yet: label lines, a role (which
picks the colour), a shape, and extra attributes for each node; label,
colour and width for each edge. The DOT and Mermaid writers only translate
it, so both show the same thing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import shape_str
from ..tensor import Tensor
from . import labels
from .collapse import collapse, describe_hidden
from .flow import Flow
from .graph import (
    INPUT,
    INTERMEDIATE,
    OP,
    OUTPUT,
    PARAMETER,
    SUMMARY,
    Graph,
    build_graph,
    check_roots,
    inputs_of,
    resolve_names,
    tensor_key,
)
from .messages import say
from .modules import describe_module

FILL = {
    PARAMETER: "#ffe08a",
    INPUT: "#d6e6f5",
    INTERMEDIATE: "#ffffff",
    OUTPUT: "#a8e0b5",
    OP: "#ececec",
    SUMMARY: "#f7f7f7",
}
LEGEND_IDS = {  # each role's words in the legend: message ids of messages.py
    PARAMETER: "legend.parameter",
    INPUT: "legend.input",
    INTERMEDIATE: "legend.intermediate",
    OUTPUT: "legend.output",
    OP: "legend.op",
    SUMMARY: "legend.summary",
}
LEGEND = {role: say("en", key) for role, key in LEGEND_IDS.items()}
CURRENT_FILL, CURRENT_LINE = "#ffb870", "#d35400"  # the op a backprop step is processing
DONE_FILL = "#dff3e4"  # ops whose step has run
IDLE_EDGE = "#c8c8c8"  # edges no gradient has crossed yet
RANKDIRS = ("LR", "TB", "RL", "BT")
FREED_NOTE = say("en", "freed_note")


@dataclass
class DrawOptions:
    """The keyword arguments shared by draw_graph, to_dot and to_mermaid."""

    rankdir: str = "TB"
    show_data: bool | str = "auto"
    show_grad: bool = True
    show_saved: bool = False
    max_nodes: int | None = 500
    names: Any = None
    backward: bool = False
    module: Any = None
    legend: bool = True

    def check(self, what: str) -> DrawOptions:
        """Raise a clear error for a bad option; return self."""
        if self.rankdir not in RANKDIRS:
            raise ValueError(f"{what}: rankdir must be one of {RANKDIRS}, got {self.rankdir!r}")
        if self.show_data not in ("auto", True, False):
            raise ValueError(
                f"{what}: show_data must be 'auto', True or False, got {self.show_data!r}"
            )
        if self.max_nodes is not None and (
            isinstance(self.max_nodes, bool)
            or not isinstance(self.max_nodes, int)
            or self.max_nodes < 2
        ):
            raise ValueError(
                f"{what}: max_nodes must be an int of at least 2, or None for no limit; "
                f"got {self.max_nodes!r}"
            )
        return self


@dataclass
class NodeLook:
    lines: list[str]
    role: str
    attrs: dict[str, str] = field(default_factory=dict)  # extra DOT attributes


@dataclass
class EdgeLook:
    src: int
    dst: int
    label: list[str] = field(default_factory=list)
    color: str | None = None
    width: float | None = None
    style: str | None = None  # 'dashed' or 'dotted'
    back: bool = False  # drawn against the data flow: the gradient's direction


@dataclass
class Picture:
    nodes: list[NodeLook]
    edges: list[EdgeLook]
    rankdir: str
    title: list[str] = field(default_factory=list)
    legend: list[str] = field(default_factory=list)  # roles to explain, in order
    lang: str = "en"  # the language of the words drawn (the stepper's frames can be Korean)


def prepare(roots: tuple[Any, ...], options: DrawOptions, what: str) -> tuple[list[Tensor], Graph]:
    """Check the roots and options, build the graph model and collapse it to max_nodes."""
    options.check(what)
    tensors = check_roots(roots, what)
    names = resolve_names(options.names, options.module)
    return tensors, collapse(build_graph(tensors, names), options.max_nodes, options.module)


def magnitude_color(rms: float) -> tuple[str, float]:
    """Colour and pen width for a gradient of this size, on a log scale.

    1e-6 and below: thin and blue (vanishing); around 1: grey; 1e3 and above:
    thick and red (exploding).
    """
    if not math.isfinite(rms):
        x = 3.0  # inf or NaN: as bad as exploding
    else:
        x = min(3.0, max(-6.0, math.log10(rms) if rms > 0 else -6.0))
    if x <= 0:  # blue (#2166ac) to grey (#555555)
        t = (x + 6.0) / 6.0
        low, high = (0x21, 0x66, 0xAC), (0x55, 0x55, 0x55)
    else:  # grey to red (#c0392b)
        t = x / 3.0
        low, high = (0x55, 0x55, 0x55), (0xC0, 0x39, 0x2B)
    rgb = [round(a + (b - a) * t) for a, b in zip(low, high)]
    width = 0.6 + 4.4 * (x + 6.0) / 9.0
    return "#" + "".join(f"{c:02x}" for c in rgb), round(width, 2)


def gradient_label(g: np.ndarray) -> list[str]:
    """Edge label: the gradient itself, with its sign: all its values when it has at most
    AUTO_LIMIT of them (-1.517, [0.659, -0.341]), else its shape and min, mean and max.

    Its size (rms) is shown by the edge's colour and width instead: a lone rms hides
    which way the gradient pushes.
    """
    if g.size <= labels.AUTO_LIMIT:
        return labels.wrap(g, labels.values(g))
    return [shape_str(g.shape), labels.summary(g)]


def _edge_gradient(
    graph: Graph, flow: Flow, steps_of: dict[int, int], src: int, dst: int, k: int
) -> tuple[Any, int | None]:
    """(gradient, step index) carried by an edge: 'unknown', None (no gradient) or an array."""
    node, source = graph.nodes[dst], graph.nodes[src]
    if node.fn is not None and source.tensor is not None:  # input k -> op: what the op sent
        index = steps_of.get(id(node.fn))
        if index is None or not node.fn.needs_input_grad[k]:
            return None, None
        step = flow.steps[index]
        return ("unknown" if step.problem is not None else step.grads_in[k]), index
    if node.tensor is not None and source.fn is not None:  # op -> output: what the op got
        index = steps_of.get(id(source.fn))
        if index is None:
            return None, None
        step = flow.steps[index]
        return ("unknown" if step.grad_out is None else step.grad_out), index
    return None, None


def style(
    graph: Graph, options: DrawOptions, flow: Flow | None = None, step: int | None = None,
    lang: str = "en",
) -> Picture:
    """The looks of every node and edge: forward view, backward view, or one backprop step
    (whose words can be in Korean: `lang`, see messages.py)."""
    show_data, show_grad = options.show_data, options.show_grad
    steps_of = {} if flow is None else {id(s.fn): i for i, s in enumerate(flow.steps)}
    complete = _complete_at(graph, flow) if step is not None else {}
    looks: list[NodeLook] = []
    for node in graph.nodes:
        if node.role == SUMMARY:
            lines = (
                describe_module(node.title, node.hidden) if node.title
                else describe_hidden(node.hidden)
            )
            looks.append(NodeLook(lines, SUMMARY))
        elif node.fn is not None:
            look = NodeLook(labels.op_lines(node.fn, options.show_saved, show_data), OP)
            index = steps_of.get(id(node.fn))
            if step is not None and index is not None and index <= step:
                current = index == step
                look.attrs = {
                    "fillcolor": CURRENT_FILL if current else DONE_FILL,
                    **({"color": CURRENT_LINE, "penwidth": "3"} if current else {}),
                }
                look.lines[0] = say(lang, "op_step", op=look.lines[0], k=index + 1)
            looks.append(look)
        else:
            t = node.tensor
            assert t is not None
            if flow is None:
                lines = labels.tensor_lines(t, node.name, show_data, show_grad)
            else:
                lines = labels.tensor_lines(t, node.name, show_data, False, lang)
                if show_grad and t.requires_grad:
                    lines += _flow_grad_lines(flow, t, step, complete, lang)
            looks.append(NodeLook(lines, node.role))

    edges = []
    for src, dst, k in graph.edges():
        edge = EdgeLook(src, dst, back=flow is not None)
        if SUMMARY in (graph.nodes[src].role, graph.nodes[dst].role):
            edge.style = "dashed"
        elif flow is not None:
            g, index = _edge_gradient(graph, flow, steps_of, src, dst, k)
            if step is not None and (index is None or index > step):
                edge.color, edge.style = IDLE_EDGE, "dotted"
            elif isinstance(g, np.ndarray):
                edge.label = gradient_label(g)
                edge.color, edge.width = magnitude_color(labels.magnitude(g))
                if step is not None and index == step:
                    edge.color = CURRENT_LINE
            elif g is not None:
                edge.label, edge.style, edge.color = [say(lang, "unknown")], "dashed", IDLE_EDGE
            else:
                edge.color, edge.style = IDLE_EDGE, "dotted"
        edges.append(edge)

    picture = Picture(looks, edges, options.rankdir, lang=lang)
    if graph.note:
        picture.title.append(graph.note)
    if flow is not None and any(s.problem is not None and s.fn.freed for s in flow.steps):
        picture.title.append(say(lang, "freed_note"))
    if options.legend:
        present = {look.role for look in looks}
        always = (PARAMETER, INPUT, INTERMEDIATE, OUTPUT)
        picture.legend = [role for role in LEGEND if role in always or role in present]
    return picture


def _complete_at(graph: Graph, flow: Flow | None) -> dict[int, int]:
    """tensor_key(tensor) -> the step after which its gradient is final (its last consumer's
    step)."""
    if flow is None:
        return {}
    done: dict[int, int] = {}
    for index, s in enumerate(flow.steps):
        for t in inputs_of(s.fn):
            done[tensor_key(t)] = index
        out = s.output
        if out is not None:
            done.setdefault(tensor_key(out), -1)
    return done


def _flow_grad_lines(
    flow: Flow, t: Tensor, step: int | None, complete: dict[int, int], lang: str = "en"
) -> list[str]:
    key = tensor_key(t)
    if step is not None and complete.get(key, -1) > step:
        return [say(lang, "grad_not_yet")]
    if key in flow.unknown:
        if t.grad_fn is None and t.grad is not None:  # a leaf: backward() left its .grad
            return labels.data_lines(say(lang, "grad_unknown_leaf"), t.grad._data, "auto")
        return [say(lang, "grad_unknown")]
    g = flow.tensor_grads.get(key)
    if g is None:
        return [say(lang, "grad_none")]
    return labels.data_lines("grad ", g, "auto")
