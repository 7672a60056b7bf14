"""Pictures of computation graphs: Graphviz and Mermaid, forward and backward.

    from minigrad import viz
    viz.draw_graph(loss)                      # a graphviz.Digraph (notebooks show it)
    viz.save(viz.draw_graph(loss), "g.svg")   # .svg/.png/.pdf/.dot by suffix
    viz.to_dot(loss); viz.to_mermaid(loss)    # text, no Graphviz program needed
    viz.draw_graph(loss, backward=True)       # the gradient flow
    viz.backprop_steps(loss, "steps/")        # one picture per backward step + index.html
    mg.explain(loss)                          # the same walk as text

Reading a picture. Graphs are laid out top to bottom (`rankdir="TB"`): the
inputs at the top, the loss at the bottom, so a small graph is a narrow
column whose text stays legible at page width (left to right, a 10-op graph
was over 2,000 pt wide; `rankdir="LR"` still gives that layout). Tensors are
boxes, ops ellipses; the fill says the role (parameter yellow, input or
constant blue, intermediate white, output green), and the legend is one
compact key under the graph, or under the title of a picture that has one
(`legend=False` drops it). A box shows the
tensor's name (`Tensor.name`, `names=` or `module=`: name the
intermediates the way your text does), shape, dtype and values. In the
backward view every edge a gradient crosses carries that gradient, signed:
all its values when it has at most 10, else its shape and min, mean, max;
the edge's colour and width give its size (root mean square, log scale).
Long values wrap between rows, so labels stay about 40 characters wide.

Reading order: graph.py (the model), collapse.py, labels.py, flow.py (the
gradients edge by edge), style.py, picture.py (what every picture starts
with), dot.py, mermaid.py, render.py, steps.py,
chain.py (each step as the chain rule), explain.py, cli.py.
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
