"""The backward pass told as text: each op in the engine's order, its local
derivative in words, the shapes in and out, and the gradients it passes on.

It is the lecture's chain rule written out: every step multiplies the
gradient it receives by its own local derivative and hands the result to
its inputs.
"""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np

from ..errors import shape_str
from ..tensor import Tensor
from . import labels
from .flow import Flow, Step, gradient_flow
from .graph import check_roots, display_name, inputs_of, resolve_names, tensor_key


def gradient_text(g: np.ndarray | None) -> str:
    """`(3,) = [1, 2, 3]` for small gradients, `(100,) min .., mean .., max ..` for large."""
    if g is None:
        return "unknown"
    if g.size <= labels.AUTO_LIMIT:
        return f"{shape_str(g.shape)} = {labels.values(g)}"
    return f"{shape_str(g.shape)}, {labels.summary(g)}"


class Namer:
    """Names tensors in the text: their own name, else what they are."""

    def __init__(self, flow: Flow, names: dict[int, str]) -> None:
        self.names = names
        self.step_of = {id(s.fn): i for i, s in enumerate(flow.steps)}

    def __call__(self, t: Tensor) -> str:
        name = display_name(t, self.names)
        if name:
            return name
        if t.grad_fn is not None:
            step = self.step_of.get(id(t.grad_fn))
            where = f", step {step + 1}" if step is not None else ""
            return f"the output of {t.grad_fn.name}{where}"
        return "an unnamed parameter" if t.requires_grad else "a constant"


def step_lines(index: int, total: int, step: Step, name: Namer) -> list[str]:
    """The text for one step: op and arguments, derivative, shapes, gradients in and out."""
    fn = step.fn
    arguments = ", ".join(line for line in labels.op_lines(fn, False, False)[1:])
    head = f"Step {index + 1} of {total}: {fn.name}" + (f"  ({arguments})" if arguments else "")
    out = step.output
    inputs = inputs_of(fn)
    shapes_in = ", ".join(shape_str(t.shape) for t in inputs)
    shape_out = shape_str(out.shape) if out is not None else "?"
    lines = [
        head,
        f"  derivative: {labels.derivative_text(fn)}",
        f"  shapes: {shapes_in} -> {shape_out}",
        f"  receives dL/d(output): {gradient_text(step.grad_out)}",
    ]
    if step.problem is not None:
        lines.append(f"  cannot compute what it sends: {step.problem}")
        return lines
    for k, (t, need, g) in enumerate(zip(inputs, fn.needs_input_grad, step.grads_in)):
        if not need:
            lines.append(f"  input {k} ({name(t)}): no gradient, it does not require grad")
        else:
            lines.append(f"  sends to input {k} ({name(t)}): {gradient_text(g)}")
    return lines


def explain_text(loss: Tensor, names: dict[int, str], what: str = "explain") -> str:
    """The whole walk as one string (see `explain`)."""
    flow = gradient_flow([loss], what)
    name = Namer(flow, names)
    total = len(flow.steps)
    title = display_name(loss, names) or "the output"
    lines = [
        f"Backward pass from {title}: {shape_str(loss.shape)} {loss.dtype}, {total} "
        f"step{'s' if total != 1 else ''} in the order the engine runs them.",
        f"Start: dL/dL = {labels.values(np.ones_like(loss.data))}.",
    ]
    if total == 0:
        lines.append("Nothing to do: this tensor was not computed from tensors that require grad.")
    for index, step in enumerate(flow.steps):
        lines.append("")
        lines.extend(step_lines(index, total, step, name))
    leaves = []
    seen: set[int] = set()
    for step in flow.steps:
        for t in inputs_of(step.fn):
            if t.grad_fn is None and t.requires_grad and id(t) not in seen:
                seen.add(id(t))
                leaves.append(t)
    if leaves:
        lines.append("")
        lines.append("Gradients reaching the leaves (what backward() adds to their .grad):")
        for t in leaves:
            key = tensor_key(t)
            g = None if key in flow.unknown else flow.tensor_grads.get(key)
            line = f"  {name(t)}: {gradient_text(g)}"
            if g is None and t.grad is not None:  # e.g. an earlier backward() freed the graph
                line += f" (its .grad, from backward(), is {gradient_text(t.grad.data)})"
            lines.append(line)
    return "\n".join(lines) + "\n"


def explain(loss: Any, print: bool = True, names: Any = None, module: Any = None) -> str:
    """Walk the backward pass of `loss` as text, step by step, in the engine's order.

    For each op: its name and arguments, its local derivative in words (the
    first line of the op's docstring), the shapes in and out, the gradient
    it receives and the gradient it sends to each input; at the end, the
    gradient of each leaf. Nothing is changed: no `.grad` is written and the
    graph can still be used for backward().

    The text is printed (unless `print=False`) and returned, so
    `text = mg.explain(loss, print=False)` keeps it quiet. `names` and
    `module` name tensors as in `draw_graph`.
    """
    (loss,) = check_roots([loss], "explain")
    text = explain_text(loss, resolve_names(names, module))
    if print:
        builtins.print(text, end="")
    return text
