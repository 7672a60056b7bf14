"""The gradients of one backward pass, recorded edge by edge, for the pictures.

The engine keeps only the gradients of the leaves; a picture of the gradient
flow needs more: what each op received and what it handed to each input.
So `gradient_flow` runs the engine's own backward pass (`run_backward`) with
an observer that records every node's gradients. In that mode the engine only
watches: no `.grad` is written and no saved value is freed. If an earlier
`backward()` (without retain_graph) already freed the values an op saved (its
inputs among them: see `minigrad.freed`) and its backward needs them, that op
(and what lies below it) is marked unknown instead of failing: the picture
still has the graph's shapes and names, and the leaves' `.grad`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..engine import run_backward, topological_order
from ..errors import BackwardError, shape_str
from ..function import Function
from ..tensor import Tensor
from .graph import inputs_of, tensor_key
from .messages import say


@dataclass
class Step:
    """One op's turn in the backward pass."""

    fn: Function
    grad_out: np.ndarray | None  # dL/d(output); None when it could not be computed
    grads_in: list[np.ndarray | None]  # dL/d(input k) as handed over; None: no gradient
    problem: str | None = None  # why the gradients are unknown, if they are (in English)
    output: Tensor | None = None  # the op's output (nodes keep no reference to it)
    why: str | None = None  # the problem's message id: 'freed', 'failed' or 'unknown_above'
    error: str | None = None  # for 'failed': the error the op's backward raised


@dataclass
class Flow:
    """All steps in the engine's order, and the total gradient reaching each tensor."""

    steps: list[Step] = field(default_factory=list)
    by_fn: dict[int, Step] = field(default_factory=dict)  # id(fn) -> its step
    # keyed by graph.tensor_key(tensor): id(tensor), or one key for the stand-ins of a tensor
    tensor_grads: dict[Any, np.ndarray] = field(default_factory=dict)  # -> dL/dt
    unknown: set[Any] = field(default_factory=set)  # tensors whose gradient is unknown
    keep: list[Any] = field(default_factory=list)  # keeps the tensors behind those ids alive


def seed_gradients(roots: list[Tensor], what: str) -> list[np.ndarray]:
    """dL/dL = 1 for each root, which must hold a single number (as backward() asks)."""
    seeds = []
    for r in roots:
        if r.numel() != 1:
            raise BackwardError(
                f"{what}: the output has shape {shape_str(r.shape)}, and the backward pass "
                "starts from a single number. Reduce it first (loss = y.sum() or y.mean())."
            )
        seeds.append(np.ones_like(r._data))
    return seeds


def gradient_flow(roots: list[Tensor], what: str = "gradient_flow") -> Flow:
    """Watch the backward pass from `roots` and record every gradient."""
    flow = Flow()
    seeds = seed_gradients(roots, what)
    order = topological_order(r.grad_fn for r in roots if r.grad_fn is not None)
    outputs = {id(r.grad_fn): r for r in roots if r.grad_fn is not None}
    for fn in order:  # nodes keep no reference to their output; their users do
        for t in inputs_of(fn):
            if t.grad_fn is not None:
                outputs.setdefault(id(t.grad_fn), t)
    seen: dict[int, Step] = {}

    def watch(fn: Function, g: Any, grads: list[Any] | None, problem: str | None) -> None:
        # numpy gives a number, not a 0-d array, for some 0-d results: the pictures want arrays
        sent = [None] * len(fn.inputs) if grads is None else [_array(gi) for gi in grads]
        why = None if problem is None else "freed" if fn.freed else "failed"
        seen[id(fn)] = Step(fn, _array(g), sent, _why(fn, problem), why=why, error=problem)

    run_backward(roots, seeds, retain_graph=True, create_graph=False, observer=watch)

    unknown_below = _below_failures(order, seen)
    for root, seed in zip(roots, seeds):
        _add(flow, root, seed)
    for fn in order:  # the steps in the engine's order, with what lies below a failure
        step = seen.get(id(fn))
        if id(fn) in unknown_below:
            step = Step(fn, None, [None] * len(fn.inputs), say("en", "unknown_above"),
                        why="unknown_above")
        if step is None:
            continue  # no gradient reached it; the engine skipped it too
        step.output = outputs.get(id(fn))
        flow.steps.append(step)
        flow.by_fn[id(fn)] = step
        failed = step.problem is not None
        for t, need, gi in zip(inputs_of(fn), fn.needs_input_grad, step.grads_in):
            if failed and need:
                flow.unknown.add(tensor_key(t))
                flow.tensor_grads.pop(tensor_key(t), None)
                flow.keep.append(t)
            elif gi is not None:
                _add(flow, t, gi)
    return flow


def _array(g: Any) -> Any:
    return None if g is None else np.asarray(g)


def _add(flow: Flow, t: Tensor, g: Any) -> None:
    """One more gradient reaching t (a tensor used twice gets the sum)."""
    flow.keep.append(t)
    key = tensor_key(t)
    if key in flow.unknown:
        return
    flow.tensor_grads[key] = flow.tensor_grads[key] + g if key in flow.tensor_grads else g


def _below_failures(order: list[Function], seen: dict[int, Step]) -> set[int]:
    """id of every node below a node whose backward failed: their gradients are unknown."""
    below: set[int] = set()
    for fn in order:  # each node comes before the nodes below it
        step = seen.get(id(fn))
        if id(fn) in below or (step is not None and step.problem is not None):
            for t in fn.inputs:
                if t.grad_fn is not None:
                    below.add(id(t.grad_fn))
    return below


def _why(fn: Function, problem: str | None) -> str | None:
    """The reason a node's gradients are unknown, in words a learner can act on."""
    if problem is None:
        return None
    if fn.freed:
        return say("en", "freed")
    return say("en", "failed", error=problem)
