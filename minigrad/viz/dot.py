"""DOT text (Graphviz's language) for a picture, and the graphviz.Digraph around it.

The DOT text is written here line by line rather than through graphviz's
node()/edge() calls: it is faster for big graphs, needs no Graphviz
program, and the output is byte-for-byte the same on every run, since
nodes are named n0, n1, ... in the graph model's fixed order.
"""

from __future__ import annotations

import html
from typing import Any

import graphviz

from .graph import OP, SUMMARY
from .messages import say
from .picture import check_options, make_picture
from .style import FILL, LEGEND_IDS, DrawOptions, Picture

GRAPH_NAME = "minigrad"
FONT = "Helvetica"
LEGEND_COLUMNS = 3  # legend cells per row: a row of all six is wider than most graphs
# Less space between ranks than Graphviz's 0.5 inch: top-to-bottom pictures, where each
# labelled edge takes two ranks, were twice as tall as they needed to be.
SPACING = "ranksep=0.3 nodesep=0.3"


def escape(text: str) -> str:
    """Text for inside a DOT string: backslashes and quotes escaped, so they print as typed."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def quote(text: str) -> str:
    """A DOT string."""
    return f'"{escape(text)}"'


def label(lines: list[str]) -> str:
    """Several lines as one DOT string (centred lines, joined by DOT's \\n)."""
    return '"' + "\\n".join(escape(line) for line in lines) + '"'


def node_shape(role: str) -> str:
    """Ops are ellipses, summaries notes, tensors rounded boxes."""
    if role == OP:
        return "shape=ellipse style=filled"
    if role == SUMMARY:
        return 'shape=note style="filled,dashed"'
    return 'shape=box style="filled,rounded"'


def legend_label(title: list[str], roles: list[str], lang: str = "en") -> str:
    """The legend as rows of coloured cells under the title lines (a DOT HTML label).

    It is the graph's own label, not a cluster of nodes: Graphviz lays a cluster
    out beside the graph, which doubled the width of small top-to-bottom graphs.
    """
    cells = [
        f'<TD BORDER="1" BGCOLOR="{FILL[role]}">{html.escape(say(lang, LEGEND_IDS[role]))}</TD>'
        for role in roles
    ]
    rows = [f"<TR>{''.join(cells[i : i + LEGEND_COLUMNS])}</TR>"
            for i in range(0, len(cells), LEGEND_COLUMNS)]
    span = f' COLSPAN="{min(len(cells), LEGEND_COLUMNS)}"'
    rows[:0] = [f"<TR><TD{span}>{html.escape(line)}</TD></TR>" for line in title]
    return f'<<TABLE BORDER="0" CELLSPACING="3" CELLPADDING="2">{"".join(rows)}</TABLE>>'


def dot_lines(picture: Picture) -> list[str]:
    """The body of the DOT text, one statement per line."""
    graph_attrs = f"rankdir={picture.rankdir} {SPACING} fontname={FONT} fontsize=10"
    if picture.legend:  # at the top under a title, else at the bottom
        where = "t" if picture.title else "b"
        legend = legend_label(picture.title, picture.legend, picture.lang)
        graph_attrs += f" labelloc={where} label={legend}"
    elif picture.title:
        graph_attrs += f" labelloc=t label={label(picture.title)}"
    lines = [
        f"\tgraph [{graph_attrs}]\n",
        f'\tnode [fontname={FONT} fontsize=10 color="#555555"]\n',
        f'\tedge [fontname={FONT} fontsize=9 color="#555555"]\n',
    ]
    for i, look in enumerate(picture.nodes):
        attrs = f"label={label(look.lines)} {node_shape(look.role)}"
        fill = look.attrs.get("fillcolor", FILL[look.role])
        attrs += f' fillcolor="{fill}"'
        for key, value in look.attrs.items():
            if key != "fillcolor":
                attrs += f" {key}={quote(value)}"
        lines.append(f"\tn{i} [{attrs}]\n")
    for edge in picture.edges:
        attrs = []
        if edge.back:
            attrs.append("dir=back")
        if edge.label:  # two spaces: the text clears a thick edge's line
            attrs.append(f"label={label(['  ' + line for line in edge.label])}")
        if edge.color:
            attrs.append(f'color="{edge.color}"')
        if edge.width is not None:
            attrs.append(f"penwidth={edge.width}")
        if edge.style:
            attrs.append(f"style={edge.style}")
        suffix = f" [{' '.join(attrs)}]" if attrs else ""
        lines.append(f"\tn{edge.src} -> n{edge.dst}{suffix}\n")
    return lines


def dot_text(lines: list[str]) -> str:
    """The whole DOT text, exactly as graphviz.Digraph would write it."""
    return f"digraph {GRAPH_NAME} {{\n" + "".join(lines) + "}\n"


def digraph(lines: list[str]) -> graphviz.Digraph:
    """A graphviz.Digraph holding these statements (shown inline by notebooks)."""
    return graphviz.Digraph(name=GRAPH_NAME, body=lines)


def draw_graph(
    *roots: Any,
    rankdir: str = "TB",
    show_data: bool | str = "auto",
    show_grad: bool = True,
    show_saved: bool = False,
    max_nodes: int | None = 500,
    names: Any = None,
    backward: bool = False,
    module: Any = None,
    legend: bool = True,
) -> graphviz.Digraph:
    """Draw the computation graph behind `roots` as a graphviz.Digraph.

    Tensor nodes show their name (from `Tensor.name`, `names=` or the
    `module=`'s parameter names), shape and dtype, and with `show_data`
    their values ('auto': up to 10 elements, else min/mean/max; True: up
    to 100; False: none) and with `show_grad` their `.grad` ("not computed
    yet" before backward). Op nodes show the op and its arguments (axis,
    keepdims, ...); `show_saved` adds what the op saved for backward.
    Colours mark the role: parameter, input/constant, intermediate,
    output; the legend is a compact key under the graph (or under its
    title), and `legend=False` drops it. `rankdir` is Graphviz's layout
    direction: 'TB' (top to bottom, the default: narrow pictures that stay
    legible at page width), 'LR', 'RL' or 'BT'. Above `max_nodes` nodes, the insides
    of whole submodules ('fc1: Linear — 3 ops, 2 tensors hidden'), the
    middles of long chains (only as much as needed to fit) and then the
    nodes farthest from the roots are folded into summary nodes (None: no
    limit). Names are shown as written, except that control characters
    appear as escapes (\\n) and names over 100 characters are shortened.

    `backward=True` draws the gradient flow instead: every edge carries the
    gradient crossing it, with its sign: all its values when it has at most
    10 (`[0.659, -0.341]`), else its shape and min, mean and max. The edge
    is coloured and thickened by the gradient's size (root mean square) on
    a log scale, so vanishing (thin, blue) and exploding (thick, red)
    gradients stand out. Edges into tensors that need no gradient are
    dotted. The gradients are computed by calling each op's backward;
    nothing in the graph changes.

    Render with `viz.save(graph, "graph.svg")`, or show it in a notebook.
    """
    options = DrawOptions(
        rankdir, show_data, show_grad, show_saved, max_nodes, names, backward, module, legend
    )
    return digraph(dot_lines(make_picture(roots, options, "draw_graph")))


def to_dot(*roots: Any, **options: Any) -> str:
    """The DOT text of `draw_graph(*roots, **options)`; needs no Graphviz program."""
    check_options(options, "to_dot")
    return dot_text(dot_lines(make_picture(roots, DrawOptions(**options), "to_dot")))

