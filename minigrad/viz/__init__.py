"""Pictures of computation graphs: Graphviz and Mermaid, forward and backward.

    from minigrad import viz
    viz.draw_graph(loss)                      # a graphviz.Digraph (notebooks show it)
    viz.save(viz.draw_graph(loss), "g.svg")   # .svg/.png/.pdf/.dot by suffix
    viz.to_dot(loss); viz.to_mermaid(loss)    # text, no Graphviz program needed
    viz.draw_graph(loss, backward=True)       # the gradient flow
    viz.backprop_steps(loss, "steps/")        # one picture per backward step + index.html
    mg.explain(loss)                          # the same walk as text

Reading order: graph.py (the model), collapse.py, labels.py, flow.py (the
gradients edge by edge), style.py, picture.py (what every picture starts
with), dot.py, mermaid.py, render.py, steps.py,
explain.py, cli.py.
"""

from .dot import draw_graph, to_dot
from .explain import explain
from .mermaid import to_mermaid
from .render import GraphvizNotFoundError, save
from .steps import backprop_steps

__all__ = [
    "GraphvizNotFoundError",
    "backprop_steps",
    "draw_graph",
    "explain",
    "save",
    "to_dot",
    "to_mermaid",
]
