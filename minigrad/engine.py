"""The backward pass: walk the graph from the loss to the leaves.

`count_consumers` counts, for every node, how many times the graph uses its
output. `run_backward` starts at the loss and runs a node as soon as all of
those uses have sent back their share of the gradient (so each node comes
after every node that uses its output: the order `topological_order` lists),
calls its `backward` with the gradient of its output, and sends the results on
to its inputs, adding up where a tensor is used more than once.
`Tensor.backward` and `mg.grad` are thin front doors to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import repeat
from typing import Any

import numpy as np

from .autograd import Function, check_finite
from .errors import BackwardError, shape_str
from .grad_mode import state
from .inplace import settle_input
from .tensor import Tensor


def count_consumers(roots: list[Function]) -> dict[Function, int]:
    """For every node reachable from `roots`: how many uses of its output the graph has.

    A node's gradient is complete once that many contributions have arrived,
    which is when backward may run it. Walked with a stack, not recursion, so
    a chain 100,000 ops deep is no problem.
    """
    root_set = set(roots)
    consumers: dict[Function, int] = {}  # also the set of nodes found so far
    stack = list(roots)
    while stack:
        node = stack.pop()
        inputs = node.inputs
        for t in inputs:
            parent = t.grad_fn
            if parent is not None and parent._changed_at is not None:
                # t was changed in place: node may have used it before (its old history).
                # This rewrites node.inputs, so the walks after this one need no check.
                parent = settle_input(node, inputs, t).grad_fn
            if parent is not None:
                count = consumers.get(parent)
                if count is None:  # found for the first time: visit it next
                    consumers[parent] = 1
                    if parent not in root_set:
                        stack.append(parent)
                else:
                    consumers[parent] = count + 1
    return consumers


def topological_order(roots: Iterable[Function]) -> list[Function]:
    """Every node reachable from `roots`, each one after all nodes that use its output.

    This is the order backward runs in (Kahn's algorithm: count each node's
    consumers, then release a node when its last consumer is done); the time
    is linear in the size of the graph.
    """
    roots = list(dict.fromkeys(roots))
    consumers = count_consumers(roots)
    order = []
    ready = [r for r in reversed(roots) if r not in consumers]
    while ready:
        node = ready.pop()
        order.append(node)
        for t in reversed(node.inputs):
            parent = t.grad_fn
            if parent is not None:
                consumers[parent] -= 1
                if consumers[parent] == 0:
                    ready.append(parent)
    return order


def _as_grad(value: Any, like: Tensor, create_graph: bool, what: str) -> Any:
    """Check a user-given output gradient and convert it to the kind backward uses."""
    if isinstance(value, Tensor):
        grad = value if create_graph else value.data.copy()  # never alias the caller's data
    else:
        try:
            grad = np.array(value, dtype=like.dtype)  # a copy: .grad may be changed in place
        except (TypeError, ValueError):
            raise TypeError(
                f"{what}: the gradient must be a Tensor or numbers, got {type(value).__name__} "
                f"{value!r:.60}"
            ) from None
        if create_graph:
            grad = Tensor._make(grad)
    if grad.shape != like.shape:
        raise BackwardError(
            f"{what}: the gradient has shape {shape_str(grad.shape)} but the output has "
            f"shape {shape_str(like.shape)}; they must match"
        )
    return grad


def _default_grad(output: Tensor, create_graph: bool, what: str) -> Any:
    if output.data.size != 1:
        raise BackwardError(
            f"{what}: the output has shape {shape_str(output.shape)}, and a gradient can only "
            "be implied for a single number. Reduce it first (loss = y.sum() or y.mean()), "
            "or pass the gradient of the output explicitly: y.backward(gradient=...)"
        )
    data = output.data
    ones = np.array(1, dtype=data.dtype).reshape(data.shape)  # cheaper than np.ones_like
    return Tensor._make(ones) if create_graph else ones


def nodes_to_run(roots: list[Function], inputs: Sequence[Tensor]) -> set[Function]:
    """For `mg.grad`: the nodes whose backward must run for gradients to reach `inputs`.

    A node must run when one of its inputs is a wanted tensor or is made by a
    node that must run: these are exactly the nodes on a path from the outputs
    down to a wanted input. The rest is neither run nor freed, as in
    `torch.autograd.grad`: below a wanted input no gradient is asked for, and a
    branch that leads to no wanted input would compute gradients nobody reads.
    """
    wanted_leaves = {id(t) for t in inputs if t.grad_fn is None}
    wanted_nodes = {t.grad_fn for t in inputs if t.grad_fn is not None}
    run: set[Function] = set()
    for node in reversed(topological_order(roots)):  # the makers of a node's inputs come first
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


def run_backward(
    outputs: Sequence[Tensor],
    grads: Sequence[Any],
    retain_graph: bool,
    create_graph: bool,
    inputs: Sequence[Tensor] | None = None,
) -> list[Any] | None:
    """Propagate `grads` (one per output) back through the graph.

    With `inputs=None` the gradients are accumulated into the `.grad` of the
    leaves (and of tensors that called `retain_grad()`), as `loss.backward()`
    does. Otherwise the gradients reaching `inputs` are returned in order
    (None where none arrived), as `mg.grad()` does: no leaf's `.grad` is
    touched and only the nodes on a path to `inputs` run (`nodes_to_run`).

    The walk is `topological_order` done on the fly: a node runs once every
    node that uses its output has sent its share of the gradient.
    """
    roots = _roots(outputs)
    to_run = None if inputs is None else nodes_to_run(roots, inputs)
    # mg.grad's non-leaf inputs: the node that made each one -> its output's gradient
    captured = {t.grad_fn: None for t in inputs or () if t.grad_fn is not None}
    pending: dict[Function, Any] = {}  # node -> gradient of the loss w.r.t. its output
    # leaf -> its gradient so far (tensors hash by identity; a dict entry, unlike a
    # [leaf, gradient] pair, is no object for the garbage collector to track)
    leaves: dict[Tensor, Any] = {}
    summed: set[int] = set()  # id(entry) of the sums this engine made: safe to add into
    stored: set[int] = set()  # id of the memory already handed to some .grad

    def own(grad: Any) -> Any:
        # Each .grad gets memory of its own: Add passes one array to both inputs, so the
        # second .grad (or a read-only broadcast view) is copied; in-place updates of one
        # .grad (grad.zero_()) must never change another.
        if type(grad) is np.ndarray:
            owner = id(grad if grad.base is None else grad.base)
            if owner in stored or not grad.flags.writeable:
                return grad.copy()
            stored.add(owner)
        return grad

    def retain(node: Function, grad: Any) -> None:
        # The output called retain_grad(): its .grad accumulates, as a leaf's does.
        out = node.out_ref()
        if out is not None:
            out._grad = _accumulate(out._grad, own(grad), create_graph)

    def send(tensor: Tensor, grad: Any) -> None:
        node = tensor.grad_fn
        if node is None:  # a leaf: collect, store at the end
            if tensor in leaves:
                leaves[tensor] = add(leaves[tensor], grad, id(tensor))
            else:
                leaves[tensor] = grad
        elif node in pending:
            pending[node] = add(pending[node], grad, id(node))
        else:
            pending[node] = grad

    def add(total: Any, grad: Any, key: int) -> Any:
        # A gradient that arrives from a backward may be shared (Add passes g to both
        # inputs) or be the caller's array, so the first sum is a new array; later
        # ones are added into that array in place (no new array per contribution).
        if key in summed and type(total) is np.ndarray:
            total += grad
            return total
        summed.add(key)
        return total + grad

    for output, grad in zip(outputs, grads):
        send(output, grad)
    consumers = count_consumers(roots)
    ready = [r for r in reversed(roots) if r not in consumers]  # nodes whose gradient is complete

    anomaly = state.anomaly_enabled
    previous_mode = state.grad_enabled
    state.grad_enabled = create_graph  # record the backward pass only if asked
    try:
        while ready:
            node = ready.pop()
            grad = pending.pop(node, None)
            if to_run is not None and node not in to_run:
                # mg.grad, and no wanted input lies below this node: it is not run (nor
                # freed), and the nodes below are never reached. It may be an input.
                if grad is not None and node in captured:
                    captured[node] = grad
                    if node.retains_grad:
                        retain(node, grad)
                continue
            if grad is None:  # nothing flowed here (e.g. only through an unused branch)
                input_grads: Any = repeat(None)
            else:
                input_grads = _run_node(node, grad, create_graph, anomaly)
                if captured and node in captured:
                    captured[node] = grad
                if node.retains_grad:
                    retain(node, grad)
            # Send each input its gradient, and count this use of it as done: a parent
            # whose last consumer this was is ready to run.
            place = len(ready)
            for t, need, g in zip(node.inputs, node.needs_input_grad, input_grads):
                if need and g is not None:
                    data = t._data
                    if g.shape != data.shape:
                        raise _wrong_shape(node, g, t)
                    if g.dtype != data.dtype:
                        g = g.astype(data.dtype)
                    send(t, g)
                parent = t.grad_fn
                if parent is not None:
                    left = consumers[parent] - 1
                    consumers[parent] = left
                    if left == 0:
                        ready.append(parent)
            if len(ready) > place + 1:  # the first input's parent runs first, as in the order
                ready[place:] = ready[place:][::-1]
            if grad is not None and not retain_graph:
                node.release()
    finally:
        state.grad_enabled = previous_mode

    if inputs is not None:
        # own(): each result has memory of its own (mg.grad(y, [x, x]) gives two arrays).
        return [own(leaves.get(t) if t.grad_fn is None else captured[t.grad_fn]) for t in inputs]
    # The engine made these gradients with the leaves' shapes and dtypes: it sets the
    # private slot directly, without the checks of the public .grad setter.
    for tensor, grad in leaves.items():
        if not tensor.requires_grad:  # switched off since the graph was made
            continue
        if tensor._grad is None and not create_graph:  # the usual case: a first .grad
            tensor._grad = Tensor._make(own(grad))
        else:
            tensor._grad = _accumulate(tensor._grad, own(grad), create_graph)
    return None


def _roots(outputs: Sequence[Tensor]) -> list[Function]:
    """The nodes that made `outputs`, each once (leaves have none)."""
    roots = [t.grad_fn for t in outputs if t.grad_fn is not None]
    return list(dict.fromkeys(roots)) if len(roots) > 1 else roots


def _run_node(node: Function, grad: Any, create_graph: bool, anomaly: bool) -> tuple[Any, ...]:
    """One node's backward: the gradients for its inputs, as a tuple."""
    if node.freed:
        raise BackwardError(
            f"{node.name}: trying to run backward through this part of the graph a "
            "second time, but its saved values were freed after the first backward. "
            "Pass retain_graph=True to the first backward() if you need a second one."
        )
    if create_graph:
        node.create_graph = True
        try:
            input_grads = node.backward(grad)
        finally:
            node.create_graph = False
    else:
        input_grads = node.backward(grad)
    if type(input_grads) is not tuple:
        input_grads = (input_grads,)
    if anomaly:
        for g in input_grads:
            if g is not None:
                check_finite(g, node, "gradient it computed")
    return input_grads


def _wrong_shape(node: Function, g: Any, t: Tensor) -> BackwardError:
    return BackwardError(
        f"{node.name}.backward returned a gradient of shape {shape_str(g.shape)} for an "
        f"input of shape {shape_str(t.shape)}; every gradient must have its input's shape"
    )


def _accumulate(current: Tensor | None, grad: Any, create_graph: bool) -> Tensor:
    """`.grad` accumulates over backward calls, as in PyTorch."""
    if not isinstance(grad, Tensor):
        grad = Tensor._make(grad)  # own() already made it a writeable array of its own
    if current is None:
        return grad
    if create_graph:
        return current + grad
    return Tensor._make(current.data + grad.data)


def backward(
    tensor: Tensor,
    gradient: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
) -> None:
    """`tensor.backward(...)`: see `Tensor.backward`."""
    if not tensor.requires_grad:
        raise BackwardError(
            "backward(): this tensor does not require grad, so there is no graph to walk. "
            "Create the leaves with requires_grad=True (Tensor(data, requires_grad=True)) "
            "and compute the loss outside mg.no_grad()."
        )
    if gradient is None:
        grad = _default_grad(tensor, create_graph, "backward()")
    else:
        grad = _as_grad(gradient, tensor, create_graph, "backward()")
    if retain_graph is None:
        retain_graph = create_graph
    run_backward([tensor], [grad], retain_graph, create_graph)


def grad(
    outputs: Tensor | Sequence[Tensor],
    inputs: Tensor | Sequence[Tensor],
    grad_outputs: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    allow_unused: bool = False,
) -> tuple[Tensor | None, ...]:
    """Gradients of `outputs` with respect to `inputs`, returned rather than stored.

    Like `torch.autograd.grad`: `grad_outputs` gives the gradient of each
    output (needed for non-scalar outputs); with `create_graph=True` the
    result is itself differentiable (second derivatives, Hessian-vector
    products). Returns a tuple with one Tensor per input (an input listed
    twice gets its gradient twice; an unused one is an error, or None with
    `allow_unused=True`).

    Only the graph between the outputs and the inputs is run (and freed unless
    `retain_graph=True`); what lies below the inputs or beside them is left as
    it was. No leaf's `.grad` is touched; as in PyTorch, a tensor that called
    `retain_grad()` gets its gradient when the walk passes through it.
    """
    outputs = [outputs] if isinstance(outputs, Tensor) else list(outputs)
    inputs = [inputs] if isinstance(inputs, Tensor) else list(inputs)
    for t in list(outputs) + list(inputs):
        if not isinstance(t, Tensor):
            raise TypeError(f"mg.grad: expected Tensors, got {type(t).__name__}")
    if not inputs:
        raise BackwardError(
            "mg.grad: no inputs given; pass the tensors to differentiate with respect to, "
            "e.g. mg.grad(loss, [w, b])"
        )
    for i, t in enumerate(inputs):
        if not t.requires_grad:
            raise BackwardError(f"mg.grad: input {i} does not require grad, so it has no gradient")
    for i, t in enumerate(outputs):
        if not t.requires_grad:
            raise BackwardError(
                f"mg.grad: output {i} does not require grad: it does not depend on anything "
                "that requires grad (or was computed under mg.no_grad())"
            )
    if grad_outputs is None:
        grad_outputs = [None] * len(outputs)
    elif isinstance(grad_outputs, Tensor) or not isinstance(grad_outputs, (list, tuple)):
        grad_outputs = [grad_outputs]
    if len(grad_outputs) != len(outputs):
        raise BackwardError(
            f"mg.grad: {len(grad_outputs)} grad_outputs for {len(outputs)} outputs"
        )
    grads = [
        _default_grad(o, create_graph, "mg.grad")
        if g is None
        else _as_grad(g, o, create_graph, "mg.grad")
        for o, g in zip(outputs, grad_outputs)
    ]
    if retain_graph is None:
        retain_graph = create_graph
    found = run_backward(outputs, grads, retain_graph, create_graph, inputs=inputs)
    assert found is not None
    result: list[Tensor | None] = []
    for i, g in enumerate(found):
        if g is None:
            if not allow_unused:
                raise BackwardError(
                    f"mg.grad: input {i} is not used to compute the outputs, so it has no "
                    "gradient. Pass allow_unused=True to get None for it instead."
                )
            result.append(None)
        else:
            result.append(g if isinstance(g, Tensor) else Tensor._make(np.asarray(g)))
    return tuple(result)
