"""The same picture as Mermaid text, which renders inside Markdown on code-hosting
sites and in the docs without any program installed.
"""

from __future__ import annotations

from typing import Any

from .graph import OP, SUMMARY
from .picture import check_options, make_picture
from .style import FILL, LEGEND, DrawOptions, Picture


def escape(text: str) -> str:
    """Text for inside a quoted Mermaid label: markup characters as entity codes.

    Quotes would end the label, angle brackets make HTML and a backtick turns
    the label into Markdown; a newline would end the statement, so (as in DOT)
    it becomes a space. Names arrive already printable (labels.printable).
    """
    return (
        text.replace("#", "#35;")
        .replace('"', "#quot;")
        .replace("<", "#lt;")
        .replace(">", "#gt;")
        .replace("`", "#96;")
        .replace("\n", " ")
    )


def mermaid_label(lines: list[str]) -> str:
    """The quoted Mermaid text of a node: its lines escaped and joined by <br/>."""
    return '"' + "<br/>".join(escape(line) for line in lines) + '"'


def node_text(i: int, role: str, lines: list[str]) -> str:
    """`n0["..."]` with the shape that matches the role: box, stadium (op), note-ish (summary)."""
    text = mermaid_label(lines)
    if role == OP:
        return f"n{i}([{text}])"
    if role == SUMMARY:
        return f"n{i}[/{text}/]"
    return f"n{i}[{text}]"


def mermaid_lines(picture: Picture) -> list[str]:
    """The Mermaid flowchart, one statement per line."""
    lines = [f"flowchart {picture.rankdir}"]
    if picture.title:
        lines.append("  %% " + " ".join(picture.title))
    for i, look in enumerate(picture.nodes):
        lines.append(f"  {node_text(i, look.role, look.lines)}")
    styles = []
    for k, edge in enumerate(picture.edges):
        # Mermaid has no dir=back, so backward-view edges point the way gradients flow.
        src, dst = (edge.dst, edge.src) if edge.back else (edge.src, edge.dst)
        arrow = "-.->" if edge.style in ("dashed", "dotted") else "-->"
        middle = f"|{mermaid_label(edge.label)}|" if edge.label else ""
        lines.append(f"  n{src} {arrow}{middle} n{dst}")
        if edge.color or edge.width is not None:
            parts = [f"stroke:{edge.color}"] if edge.color else []
            if edge.width is not None:
                parts.append(f"stroke-width:{edge.width}px")
            styles.append(f"  linkStyle {k} {','.join(parts)}")
    lines.extend(styles)
    roles = sorted(
        {look.role for look in picture.nodes} | set(picture.legend), key=list(FILL).index
    )
    for role in roles:
        dashed = ",stroke-dasharray:4 3" if role == SUMMARY else ""
        lines.append(f"  classDef {role} fill:{FILL[role]},stroke:#555555{dashed}")
    for role in roles:
        members = [f"n{i}" for i, look in enumerate(picture.nodes) if look.role == role]
        if members:
            lines.append(f"  class {','.join(members)} {role}")
    for i, look in enumerate(picture.nodes):
        if "fillcolor" in look.attrs:  # a backprop step's highlight
            lines.append(f"  style n{i} fill:{look.attrs['fillcolor']}")
    if picture.legend:
        lines.append('  subgraph legend["legend"]')
        for role in picture.legend:
            lines.append(f"    legend_{role}[{mermaid_label([LEGEND[role]])}]:::{role}")
        lines.append("  end")
    return lines


def to_mermaid(*roots: Any, **options: Any) -> str:
    """The graph of `roots` as a Mermaid flowchart (same options as draw_graph).

    Paste it into a ```mermaid block in Markdown to see it rendered.
    """
    check_options(options, "to_mermaid")
    picture = make_picture(roots, DrawOptions(**options), "to_mermaid")
    return "\n".join(mermaid_lines(picture)) + "\n"
