"""The backward pass: the chain rule, applied node by node from the loss down.

A loss L is the output of a graph of nodes (`Function`s), each holding the
tensors it was applied to. `run_backward` walks that graph in four steps:

1. **Order the nodes** (`topological_order`): every node comes after all the
   nodes that use its output, so by its turn every use has sent its share of
   the gradient.
2. **Give each node dL/dz**, the gradient of L with respect to its output z:
   the sum of what every use of z sent.
3. **Call its backward**, which returns dL/dx = dL/dz * dz/dx for each input
   x: the chain rule, with the op's own local derivative dz/dx.
4. **Add what comes back into the inputs' gradients.** A tensor used twice
   gets the sum of both uses' gradients. Where an op broadcast an input (a
   bias added to every row), its gradient comes back in the output's shape
   and is summed down to the input's shape here, by `sum_to_shape`: the one
   place in minigrad where broadcasting is undone. At the leaves the sums are
   added into `.grad`.

`Tensor.backward` and `mg.grad` (in `minigrad.gradients`) check what the user
passed and call `run_backward`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from .errors import BackwardError, shape_str
from .function import Function, check_finite
from .grad_mode import state
from .tensor import Tensor
from .versions import settle_input

# observer(node, dL/dz, the gradients it sent to its inputs (None where it failed),
# why it failed (None when it ran)): see run_backward
Observer = Callable[[Function, Any, "list[Any] | None", "str | None"], None]


def run_backward(
    outputs: Sequence[Tensor],
    grads: Sequence[Any],
    retain_graph: bool,
    create_graph: bool,
    inputs: Sequence[Tensor] | None = None,
    observer: Observer | None = None,
) -> list[Any] | None:
    """Send `grads` (dL/d output, one per output) back through the graph.

    With `inputs=None` the leaves' gradients are added into their `.grad`, as
    `loss.backward()` does. Otherwise they are returned, one per input, as
    `mg.grad()` does: no leaf's `.grad` is touched, and only the nodes on a
    path from the outputs to `inputs` run (`nodes_to_run`).

    With an `observer` (the pictures, `mg.explain`) the pass only watches:
    each node's gradients are handed to the observer, nothing is stored in
    any `.grad`, and a node whose backward fails (its saved values were freed
    by an earlier backward) is reported instead of raising.
    """
    # 1. Order the nodes.
    order = topological_order([t.grad_fn for t in outputs if t.grad_fn is not None])
    # dL/d(tensor), summed over the tensor's uses so far. A tensor's gradient is kept
    # under the node that made it, a leaf's (made by no node) under the leaf itself. A
    # node's entry is complete on its turn and taken out then, so the leaves' are left.
    grad_of: dict[Any, Any] = {}
    for output, g in zip(outputs, grads):
        _add(grad_of, output, g)
    if inputs is not None:  # mg.grad: which nodes to run, which gradients to hand back
        needed = nodes_to_run(order, inputs)
        wanted = {t.grad_fn for t in inputs if t.grad_fn is not None}
        found: dict[Function, Any] = {}  # dL/d(an input that is not a leaf)
    previous_mode = state.grad_enabled
    state.grad_enabled = create_graph  # record the backward pass only if asked
    try:
        for node in order:
            g = grad_of.pop(node, None)  # 2. dL/dz, complete now: every use came before
            if g is None:
                continue  # no gradient reached this node (an unused branch)
            if inputs is not None:
                if node in wanted:
                    found[node] = g
                if node not in needed:  # nothing asked for lies below it
                    if node in wanted and node.retains_grad:
                        _retain(node, g, create_graph)
                    continue
            if node.retains_grad and observer is None:
                _retain(node, g, create_graph)  # as PyTorch: only on the way to the inputs
            if observer is None:
                input_grads = _run_node(node, g, create_graph)  # 3. the chain rule
            else:  # an observer only watches: it may look at a freed node, and is told
                try:
                    input_grads = _run_node(node, g, create_graph, check_freed=False)
                except Exception as error:  # noqa: BLE001
                    observer(node, g, None, f"{type(error).__name__}: {error}")
                    continue
                sent: list[Any] = []
            # 4. Add what came back into the inputs' gradients, in their shapes (_fit).
            for t, need, gi in zip(node.inputs, node.needs_input_grad, input_grads):
                if need and gi is not None:
                    if gi.shape != t.shape or gi.dtype != t.dtype:
                        gi = _fit(gi, t, node)
                    _add(grad_of, t, gi)
                if observer is not None:
                    sent.append(gi if need else None)
            if observer is not None:
                observer(node, g, sent, None)
            if not retain_graph:
                node.release()
    finally:
        state.grad_enabled = previous_mode
    if inputs is not None:
        chosen = [grad_of.get(t) if t.grad_fn is None else found.get(t.grad_fn) for t in inputs]
        return [_own_copy(g) for g in chosen]  # an input listed twice: two arrays
    if observer is None:
        _store_in_leaves(grad_of, create_graph)
    return None


def _add(grad_of: dict[Any, Any], t: Tensor, g: Any) -> None:
    """Add g into t's gradient so far (a tensor used twice gets the sum of both)."""
    key = t if t.grad_fn is None else t.grad_fn
    grad_of[key] = g if key not in grad_of else grad_of[key] + g


def _run_node(
    node: Function, g: Any, create_graph: bool, check_freed: bool = True
) -> tuple[Any, ...]:
    """node.backward(g): the gradient for each input, as a tuple."""
    if check_freed and node.freed:
        raise BackwardError(
            f"{node.name}: trying to run backward through this part of the graph a "
            "second time, but its saved values were freed after the first backward. "
            "Pass retain_graph=True to the first backward() if you need a second one."
        )
    if create_graph:  # backward's values are Tensors, so that its own graph is recorded
        node.create_graph = True
        try:
            input_grads = node.backward(g)
        finally:
            del node.create_graph  # back to the class's False (no per-node dict otherwise)
    else:
        input_grads = node.backward(g)
    if type(input_grads) is not tuple:
        input_grads = (input_grads,)
    if state.anomaly_enabled:
        for gi in input_grads:
            if gi is not None:
                check_finite(gi, node, "gradient it computed")
    return input_grads


def _fit(g: Any, t: Tensor, node: Function) -> Any:
    """The gradient `node` returned for its input `t`, in t's shape and dtype."""
    if g.shape != t.shape:
        g = sum_to_shape(g, t.shape, node)
    if g.dtype != t.dtype:  # a float32 input of a float64 op gets a float32 gradient
        g = g.astype(t.dtype)
    return g


def sum_to_shape(g: Any, shape: tuple[int, ...], node: Function | None = None) -> Any:
    """Sum `g` down to `shape`: the backward of broadcasting.

    Broadcasting repeats an input along new leading axes and along its axes of
    size 1 (a bias of shape (3,) added to a (4, 3) batch is used 4 times).
    Each repetition got its own gradient, and by the chain rule the input's
    gradient is their sum. Works on arrays and on Tensors alike.
    """
    lead = g.ndim - len(shape)
    if lead >= 0:
        summed = g.sum(axis=tuple(range(lead))) if lead else g  # the new leading axes
        stretched = tuple(i for i, n in enumerate(shape) if n == 1 and summed.shape[i] != 1)
        if stretched:  # the axes of size 1 that were repeated
            summed = summed.sum(axis=stretched, keepdims=True)
        if summed.shape == shape:  # else `shape` does not broadcast to g's: say so
            return summed
    raise BackwardError(
        f"{node.name if node else 'backward'}: a gradient of shape {shape_str(g.shape)} "
        f"came back for an input of shape {shape_str(shape)}; a gradient must have its "
        "input's shape, or the shape the input was broadcast to"
    )


# ---- the order ----------------------------------------------------------------------
def topological_order(roots: Iterable[Function]) -> list[Function]:
    """Every node reachable from `roots`, each one after all the nodes that use its output.

    A depth-first walk, as micrograd's: a node is placed once the nodes that
    made its inputs are placed, and that order, reversed, is the one backward
    needs. The walk keeps its own stack instead of recursing, so a chain
    100,000 ops deep is no problem: a node is pushed once to be opened (its
    inputs' makers pushed above it) and, once they are all placed, popped
    again to be placed itself.
    """
    placed: list[Function] = []
    seen: set[Function] = set()
    # Pushed in order, so the last is opened first and, the order being reversed at the
    # end, comes last: a node's first input's branch runs first, as one reads the graph.
    stack = [(root, False) for root in roots]
    while stack:
        node, opened = stack.pop()
        if opened:  # everything below it is placed
            placed.append(node)
            continue
        if node in seen:
            continue
        seen.add(node)
        stack.append((node, True))
        inputs = node.inputs
        for t in inputs:
            maker = t.grad_fn
            if maker is not None and maker._changed_at is not None:
                # t was changed in place after node used it: node used its old history
                # (see versions.settle_input, which rewrites node.inputs to say so).
                maker = settle_input(node, inputs, t).grad_fn
            if maker is not None and maker not in seen:
                stack.append((maker, False))
    placed.reverse()
    return placed


def nodes_to_run(order: list[Function], inputs: Sequence[Tensor]) -> set[Function]:
    """For `mg.grad`: the nodes whose backward must run for gradients to reach `inputs`.

    A node must run when one of its inputs is a wanted tensor or is made by a
    node that must run: exactly the nodes on a path from the outputs down to a
    wanted input. The rest is neither run nor freed, as in
    `torch.autograd.grad`: nobody reads the gradients it would compute.
    """
    wanted_leaves = {id(t) for t in inputs if t.grad_fn is None}
    wanted_nodes = {t.grad_fn for t in inputs if t.grad_fn is not None}
    run: set[Function] = set()
    for node in reversed(order):  # the makers of a node's inputs come first
        for t in node.inputs:
            parent = t.grad_fn
            if parent is None:
                leads_to_input = id(t) in wanted_leaves
            else:
                leads_to_input = parent in run or parent in wanted_nodes
            if leads_to_input:
                run.add(node)
                break
    return run


# ---- where the gradients end up -----------------------------------------------------
def _store_in_leaves(leaf_grad: dict[Tensor, Any], create_graph: bool) -> None:
    """Add each leaf's gradient into its `.grad`, as PyTorch does (gradients accumulate)."""
    handed_out: set[int] = set()  # arrays already given to a .grad in this pass
    with _storing:
        for leaf, g in leaf_grad.items():
            if not leaf.requires_grad:  # switched off since the graph was made
                continue
            if type(g) is np.ndarray and (id(g) in handed_out or g.base is not None
                                          or not g.flags.writeable):
                g = g.copy()  # see _own_copy: one array must not become two .grads
            handed_out.add(id(g))
            leaf._grad = _accumulate(leaf._grad, g, create_graph)


# Adding into .grad reads it, adds and writes it back: two threads running backward into
# one shared leaf would each add to the same old value and one update would be lost.
_storing = threading.Lock()


def _retain(node: Function, g: Any, create_graph: bool) -> None:
    """The output of `node` called retain_grad(): its .grad accumulates, as a leaf's does."""
    out = node.out_ref()
    if out is not None:
        out._grad = _accumulate(out._grad, _own_copy(g), create_graph)


def _accumulate(current: Tensor | None, g: Any, create_graph: bool) -> Tensor:
    """current + g as the new `.grad` (the private slot: the engine made g the right shape)."""
    if create_graph:  # g is a Tensor in the recorded backward graph
        return g if current is None else current + g
    if current is None:
        return Tensor._make(g)
    return Tensor._make(current._data + g)


def _own_copy(g: Any) -> Any:
    """g, or a copy of it where it may be shared: each `.grad` owns its memory.

    A backward may hand one array to two inputs (Add does), return a read-only
    broadcast view, or pass on the caller's own gradient array; `grad.zero_()`
    on one `.grad` must never change another.
    """
    if type(g) is np.ndarray:
        return g.copy()
    return g
