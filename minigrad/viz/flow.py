"""The gradients of one backward pass, recorded edge by edge, without running backward.

The engine (`engine.run_backward`) keeps only the gradients of the leaves.
A picture of the gradient flow needs more: what each op received and what
it handed to each input. So this module walks the graph itself, in the
engine's order (`topological_order`), calling each op's own `backward`.

Why not run the real backward with retain_graph=True and hooks? It would add
into the leaves' `.grad` (the user would see doubled gradients after their
own backward), and the engine has no hook for per-edge gradients. Calling
`backward` directly changes nothing: no `.grad` is written and no saved value
is freed. If an earlier `backward()` already freed what an op saved, that op
(and what lies below it) is marked unknown instead of failing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..autograd import Function
from ..engine import topological_order
from ..errors import BackwardError, shape_str
from ..grad_mode import no_grad
from ..tensor import Tensor


@dataclass
class Step:
    """One op's turn in the backward pass."""

    fn: Function
    grad_out: np.ndarray | None  # dL/d(output); None when it could not be computed
    grads_in: list[np.ndarray | None]  # dL/d(input k) as handed over; None: no gradient
    problem: str | None = None  # why the gradients are unknown, if they are
    output: Tensor | None = None  # the op's output (nodes keep no reference to it)


@dataclass
class Flow:
    """All steps in the engine's order, and the total gradient reaching each tensor."""

    steps: list[Step] = field(default_factory=list)
    by_fn: dict[int, Step] = field(default_factory=dict)  # id(fn) -> its step
    tensor_grads: dict[int, np.ndarray] = field(default_factory=dict)  # id(tensor) -> dL/dt
    unknown: set[int] = field(default_factory=set)  # id(tensor) whose gradient is unknown
    keep: list[Any] = field(default_factory=list)  # keeps the tensors behind those ids alive


def seed_gradients(roots: list[Tensor], what: str) -> list[np.ndarray]:
    """dL/dL = 1 for each root, which must hold a single number (as backward() asks)."""
    seeds = []
    for r in roots:
        if r.size != 1:
            raise BackwardError(
                f"{what}: the output has shape {shape_str(r.shape)}, and the backward pass "
                "starts from a single number. Reduce it first (loss = y.sum() or y.mean())."
            )
        seeds.append(np.ones_like(r.data))
    return seeds


def gradient_flow(roots: list[Tensor], what: str = "gradient_flow") -> Flow:
    """Run each op's backward in the engine's order and record every gradient."""
    flow = Flow()
    pending: dict[int, Any] = {}  # id(fn) -> gradient of its output so far (None: unknown)
    outputs: dict[int, Tensor] = {}  # id(fn) -> its output, met as some op's input or a root

    def send(t: Tensor, g: np.ndarray | None) -> None:
        flow.keep.append(t)
        key = id(t)
        if g is None or key in flow.unknown:
            flow.unknown.add(key)
            flow.tensor_grads.pop(key, None)
        elif key in flow.tensor_grads:
            flow.tensor_grads[key] = flow.tensor_grads[key] + g
        else:
            flow.tensor_grads[key] = g
        if t.grad_fn is not None:
            fid = id(t.grad_fn)
            outputs[fid] = t
            if g is None or (fid in pending and pending[fid] is None):
                pending[fid] = None
            else:
                pending[fid] = pending[fid] + g if fid in pending else g

    for root, seed in zip(roots, seed_gradients(roots, what)):
        send(root, seed)
    order = topological_order(r.grad_fn for r in roots if r.grad_fn is not None)
    with no_grad():
        for fn in order:
            if id(fn) not in pending:
                continue  # no gradient reached it; the engine skips it too
            g = pending.pop(id(fn))
            step = _run_step(fn, g)
            step.output = outputs[id(fn)]
            flow.steps.append(step)
            flow.by_fn[id(fn)] = step
            for t, need, gi in zip(fn.inputs, fn.needs_input_grad, step.grads_in):
                if need and (gi is not None or step.problem is not None):
                    send(t, gi)
    return flow


def _run_step(fn: Function, g: np.ndarray | None) -> Step:
    """Call fn.backward(g); a freed or modified node gives unknown gradients, not an error."""
    nothing: list[np.ndarray | None] = [None] * len(fn.inputs)
    if g is None:
        return Step(fn, None, nothing, "the gradient reaching it is unknown")
    try:
        result = fn.backward(g)
    except Exception as error:  # noqa: BLE001  (any failure means: cannot show this step)
        why = (
            "its saved values were freed by an earlier backward(); draw before calling "
            "backward(), or call backward(retain_graph=True)"
            if fn.freed
            else f"its backward failed: {type(error).__name__}: {error}"
        )
        return Step(fn, g, nothing, why)
    if type(result) is not tuple:
        result = (result,)
    grads: list[np.ndarray | None] = []
    for t, gi in zip(fn.inputs, result):
        if gi is not None:
            gi = np.asarray(gi)
            if gi.dtype != t.dtype:
                gi = gi.astype(t.dtype)  # as the engine does
        grads.append(gi)
    return Step(fn, g, grads)
