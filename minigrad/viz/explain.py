"""The backward pass told as text: each op in the engine's order, written as
the chain rule, and the gradients it passes on.

Every step multiplies the gradient g it receives by its own local derivative
and hands the result to its inputs: `dL/dx = g * dz/dx`, with the formula of
dz/dx stated by the op (`Function.chain`, worked out in chain.py), its value,
the product, and the sum the engine takes where an input was broadcast. A
tensor used more than once receives the sum of its uses' shares, each named
by the step it came from.
"""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np

from ..errors import shape_str
from ..freed import FreedTensor
from ..languages import check_lang
from ..tensor import Tensor
from . import chain, labels
from .flow import Flow, Step, gradient_flow
from .graph import check_roots, display_name, inputs_of, resolve_names, tensor_key
from .messages import say


def gradient_text(g: np.ndarray | None, lang: str = "en") -> str:
    """`(3,) = [1, 2, 3]` for small gradients, `(100,) min .., mean .., max ..` for large."""
    if g is None:
        return say(lang, "unknown")
    if g.size <= labels.AUTO_LIMIT:
        return f"{shape_str(g.shape)} = {chain.show(g)}"
    return f"{shape_str(g.shape)}, {chain.summary(g)}"


class Namer:
    """Names tensors in the text: their own name, else what they are."""

    def __init__(self, flow: Flow, names: dict[int, str], lang: str = "en") -> None:
        self.names = names
        self.lang = lang
        self.step_of = {id(s.fn): i for i, s in enumerate(flow.steps)}
        # Every name the user gave a tensor of this graph: formulas must not reuse them.
        self.user_names: set[str] = set()
        for s in flow.steps:
            for t in [*inputs_of(s.fn), s.output]:
                name = None if t is None else display_name(t, names)
                if name:
                    self.user_names.add(name)

    def own(self, t: Tensor | None) -> str | None:
        return None if t is None else display_name(t, self.names)

    def __call__(self, t: Tensor) -> str:
        name = display_name(t, self.names)
        if name:
            return name
        lang = self.lang
        if t.grad_fn is not None:
            step = self.step_of.get(id(t.grad_fn))
            if step is None:
                return say(lang, "output_of", op=t.grad_fn.name)
            return say(lang, "output_of_at", op=t.grad_fn.name, k=step + 1)
        return say(lang, "unnamed_parameter" if t.requires_grad else "constant")


Uses = list[tuple[str, np.ndarray]]  # (where a share of a tensor's gradient came from, the share)


def received_text(g: np.ndarray | None, uses: Uses | None, lang: str = "en") -> str:
    """The gradient arriving; for a tensor used more than once, as the sum of its shares."""
    if g is None or not uses or len(uses) < 2:
        return gradient_text(g, lang)
    parts = " + ".join(say(lang, "share_from", share=chain.show(share), source=source)
                       for source, share in uses)
    return say(lang, "sum_of_uses", n=len(uses), parts=parts, total=gradient_text(g, lang))


def step_lines(
    index: int, total: int, step: Step, name: Namer, uses: Uses | None = None
) -> list[str]:
    """The text for one step, the chain rule written out: for each input, the op's
    local derivative, its value, times the gradient arriving, equals what is sent.

    Line 0 is the op and what it computes, line 1 its derivatives on one line
    (the stepper's pictures show these two as their title).
    """
    lang = name.lang
    fn = step.fn
    out = step.output
    inputs = inputs_of(fn)
    rule = chain.chain_of(fn, [name.own(t) for t in inputs], name.own(out), name.user_names)
    arguments = ", ".join(line for line in labels.op_lines(fn, False, False)[1:])
    head = say(lang, "step_head", k=index + 1, n=total, op=fn.name)
    arguments = f"  ({arguments})" if arguments else ""
    shapes_in = ", ".join(shape_str(t.shape) for t in inputs)
    shape_out = shape_str(out.shape) if out is not None else "?"
    if rule is None:  # the op states no chain rule: its docstring, and what it sends
        lines = [head + arguments, say(lang, "derivative", text=labels.derivative_text(fn))]
        grad_name, roles = "dL/d(output)", [None] * len(inputs)
    else:
        roles = [None if e is None else e.role for e in rule.entries]
        lines = [f"{head}  {rule.formula}{arguments}",
                 say(lang, "derivatives", text=rule.summary())]
        legend = [f"{r} = {name(t)}" for r, t in zip(roles, inputs) if r not in (None, name(t))]
        legend.append(f"{rule.out} = " + (name(out) if out is not None and name.own(out)
                                         else say(lang, "its_output")))
        lines.append(say(lang, "where", legend=", ".join(legend)))
        grad_name = f"{rule.grad} = dL/d{rule.out}"
    lines.append(say(lang, "shapes", inputs=shapes_in, output=shape_out))
    lines.append(say(lang, "receives", grad=grad_name,
                     value=received_text(step.grad_out, uses, lang)))
    if step.problem is not None:
        lines.append(say(lang, "cannot_send", problem=problem_text(step, lang)))
        return lines
    raw = local = None
    if rule is not None and step.grad_out is not None:
        raw = chain.run_backward_of(fn, step.grad_out)
        if any(e is not None and e.local for e in rule.entries):
            local = chain.run_backward_of(fn, np.ones_like(step.grad_out))
    values = {}
    if rule is not None:  # the values a `dL/dx = ...` formula names
        for role, t in [*zip(roles, inputs), (rule.out, out)]:
            if role is not None and t is not None and type(t) is not FreedTensor:
                values[role] = t._data
    for k, (t, need, g) in enumerate(zip(inputs, fn.needs_input_grad, step.grads_in)):
        label = role_label(roles[k], k, name(t), lang)
        if not need:
            lines.append(say(lang, "no_grad_needed", label=label))
        elif g is None:
            lines.append(say(lang, "no_grad_came", label=label))
        elif rule is None or rule.entries[k] is None or step.grad_out is None:
            lines.append(say(lang, "sends_to", label=label, value=gradient_text(g, lang)))
        else:
            shapes = (t.shape, out.shape if out is not None else step.grad_out.shape)
            lines.extend(chain.input_lines(rule, k, fn, step.grad_out, shapes, g, raw, local,
                                           values, label, lang))
    return lines


def role_label(role: str | None, k: int, name: str, lang: str = "en") -> str:
    """How a step names input k: `x (w)`, or just `w` when the role is the name."""
    if role is None:
        return say(lang, "input_label", k=k, name=name)
    return name if role == name else f"{role} ({name})"


def problem_text(step: Step, lang: str) -> str:
    """Why a step's gradients are unknown (flow.Step.why), in `lang`."""
    if step.why == "failed":
        return say(lang, "failed", error=step.error)
    if step.why in ("freed", "unknown_above"):
        return say(lang, step.why)
    return str(step.problem)


def walk(flow: Flow, name: Namer) -> tuple[list[list[str]], dict[Any, Uses]]:
    """The text of every step, and where each tensor's gradient came from (by tensor_key)."""
    uses: dict[Any, Uses] = {}
    texts = []
    total = len(flow.steps)
    for index, step in enumerate(flow.steps):
        mine = uses.get(tensor_key(step.output)) if step.output is not None else None
        texts.append(step_lines(index, total, step, name, mine))
        inputs = inputs_of(step.fn)
        rule = chain.chain_of(step.fn, [name.own(t) for t in inputs], name.own(step.output),
                              name.user_names)
        for k, (t, g) in enumerate(zip(inputs, step.grads_in)):
            if g is not None:
                entry = None if rule is None else rule.entries[k]
                role = say(name.lang, "input_k", k=k) if entry is None else entry.role
                source = say(name.lang, "source", k=index + 1, op=step.fn.name, role=role)
                uses.setdefault(tensor_key(t), []).append((source, g))
    return texts, uses


def explain_text(
    loss: Tensor, names: dict[int, str], what: str = "explain", lang: str = "en"
) -> str:
    """The whole walk as one string (see `explain`)."""
    flow = gradient_flow([loss], what)
    name = Namer(flow, names, lang)
    total = len(flow.steps)
    title = display_name(loss, names) or say(lang, "the_output")
    steps = say(lang, "one_step" if total == 1 else "n_steps", n=total)
    lines = [
        say(lang, "backward_from", title=title, shape=shape_str(loss.shape), dtype=loss.dtype,
            steps=steps),
        say(lang, "start", value=labels.values(np.ones_like(loss._data))),
    ]
    if total == 0:
        lines.append(say(lang, "nothing_to_do"))
    texts, uses = walk(flow, name)
    for text in texts:
        lines.append("")
        lines.extend(text)
    leaves = []
    seen: set[int] = set()
    for step in flow.steps:
        for t in inputs_of(step.fn):
            if t.grad_fn is None and t.requires_grad and id(t) not in seen:
                seen.add(id(t))
                leaves.append(t)
    if leaves:
        lines.append("")
        lines.append(say(lang, "leaves"))
        for t in leaves:
            key = tensor_key(t)
            g = None if key in flow.unknown else flow.tensor_grads.get(key)
            line = f"  {name(t)}: {received_text(g, uses.get(key), lang)}"
            if g is None and t.grad is not None:  # e.g. an earlier backward() freed the graph
                line += say(lang, "leaf_grad_kept", grad=gradient_text(t.grad._data, lang))
            lines.append(line)
    return "\n".join(lines) + "\n"


def explain(
    loss: Any, print: bool = True, names: Any = None, module: Any = None, lang: str = "en"
) -> str:
    """Walk the backward pass of `loss` as text, step by step, in the engine's order.

    Each step is the chain rule written out: the op and what it computes
    (`z = x * y`), its local derivatives (`dz/dx = y, dz/dy = x`), which
    tensor each letter stands for, the gradient g = dL/dz it receives, and
    for each input `dL/dx = g * dz/dx` with the numbers: the value of dz/dx,
    times g, equals what is sent. Ops whose derivative is not one number per
    element state what they send instead (`dL/dA = G @ B^T` for matmul);
    an op that states nothing shows the first line of its docstring.

    Where an input was broadcast, the text says over which axes the engine
    sums its gradient; a tensor used more than once receives the sum of the
    shares of its uses, each named by the step it came from; letters that
    are names of the user's own tensors are replaced by others. At the end,
    the gradient of each leaf. Nothing is changed: no `.grad` is written and
    the graph can still be used for backward().

    The text is printed (unless `print=False`) and returned, so
    `text = mg.explain(loss, print=False)` keeps it quiet. `names` and
    `module` name tensors as in `draw_graph`. `lang="ko"` tells it in Korean
    (the formulas, names, shapes and numbers are the same; see viz/messages.py).
    """
    check_lang(lang, "explain")
    (loss,) = check_roots([loss], "explain")
    text = explain_text(loss, resolve_names(names, module), lang=lang)
    if print:
        builtins.print(text, end="")
    return text
