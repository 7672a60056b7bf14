"""Where every picture starts: the options checked, the graph read and styled.

`draw_graph` and `to_dot` (dot.py), `to_mermaid` (mermaid.py) and
`backprop_steps` (steps.py) take the same keyword options and make the same
`Picture` (style.py), a drawing with no file format yet; each then writes it
in its own format.
"""

from __future__ import annotations

from typing import Any

from .flow import gradient_flow
from .graph import gc_paused
from .style import DrawOptions, Picture, prepare, style


def check_options(options: dict[str, Any], what: str) -> None:
    """Refuse keyword arguments that are not drawing options, naming the ones that are."""
    known = DrawOptions.__dataclass_fields__
    unknown = sorted(set(options) - set(known))
    if unknown:
        raise TypeError(
            f"{what}: unexpected argument(s) {', '.join(unknown)}; the options are "
            f"{', '.join(known)}"
        )


def make_picture(roots: tuple[Any, ...], options: DrawOptions, what: str) -> Picture:
    """The styled picture of the graph behind `roots` (with the gradient flow when
    `options.backward`); `what` names the caller in error messages."""
    with gc_paused():
        tensors, graph = prepare(roots, options, what)
        flow = gradient_flow(tensors, what) if options.backward else None
        return style(graph, options, flow)
