"""The autograd engine: the op base class and the backward walk.

Every op is a `Function` subclass with `forward` and `backward` side by side.
Calling `SomeOp.apply(*tensors, **params)` runs `forward` on the raw arrays
and, when any input requires grad (and grad mode is on), records the node in
the graph: the output tensor points to the node (`out.grad_fn`), the node
points to its input tensors. The graph is only ever held from the output
side, so dropping the output frees the whole graph at once (no cycles).

`backward` gets the gradient of the loss with respect to the op's output and
returns one gradient per input (`None` where none is needed). It is written
once for two kinds of values: plain numpy arrays (the normal, fast case) and
Tensors (when `create_graph=True`, so the backward pass is itself recorded and
can be differentiated again). Operators and ndarray-style methods
(`g * y`, `g.sum(axis=..., keepdims=True)`, `g.reshape(shape)`, `a @ b`)
mean the same for both; the few free functions backward needs live in
`minigrad.ops.common`.
"""

from __future__ import annotations

import os
import traceback
import weakref
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from .errors import AnomalyError, BackwardError, InplaceError, shape_str
from .grad_mode import state
from .tensor import Tensor

_FREED = object()  # what `Function.saved` holds after release()


class Function:
    """Base class of every op: one node of the computation graph.

    Subclasses write `forward(self, *arrays, **params) -> ndarray` and
    `backward(self, grad) -> grad or tuple of grads`. Inside backward:

    * `self.saved_inputs()` gives the inputs (arrays, or Tensors when the
      backward pass is being recorded) after checking none was changed in place;
    * `self.saved_output()` gives the output the same way;
    * `self.saved` holds anything else forward chose to keep (a mask, an
      argmax); it is freed after backward unless `retain_graph=True`;
    * `self.needs_input_grad[i]` says whether input i wants a gradient.

    Keyword parameters that describe the op (axis, shape, ...) are stored as
    plain attributes by forward; graph pictures show them.
    """

    __slots__ = ("inputs", "needs_input_grad", "versions", "out_ref", "saved", "__dict__")

    # Rarely set, so plain class defaults rather than per-node slots.
    create_graph = False  # set by the engine while this node's backward runs
    retains_grad = False  # the output called retain_grad(): keep its .grad
    stack = None  # where the op was created, recorded by detect_anomaly()

    @classmethod
    def apply(cls, *inputs: Tensor, **params: Any) -> Tensor:
        """Run forward on the inputs' arrays and record the node if needed."""
        node = cls.__new__(cls)
        node.saved = None
        # One and two inputs (nearly every op) are spelled out: on small arrays a
        # comprehension costs more than numpy's own work.
        if len(inputs) == 2:
            a, b = inputs
            arrays = (a.data, b.data)
        elif len(inputs) == 1:
            arrays = (inputs[0].data,)
        else:
            arrays = tuple([t.data for t in inputs])
        try:
            data = node.forward(*arrays, **params)
        except (ValueError, IndexError, TypeError) as error:
            # numpy's message would point deep inside numpy; name the op instead.
            raise node.explain_error(error, inputs) from None
        out = Tensor._make(data)
        mode = state  # a thread-local: read it once
        if mode.grad_enabled:
            if len(inputs) == 2:
                needs = (a.requires_grad, b.requires_grad)
            else:
                needs = tuple([t.requires_grad for t in inputs])
            if True in needs:
                node.inputs = inputs
                node.needs_input_grad = needs
                if len(inputs) == 2:
                    node.versions = (a._version, b._version)
                else:
                    node.versions = tuple([t._version for t in inputs])
                node.out_ref = weakref.ref(out)
                out.requires_grad = True
                out.grad_fn = node
                if mode.anomaly_enabled:
                    node.stack = traceback.format_stack()[:-2]
        if mode.anomaly_enabled:
            check_finite(out.data, node, "forward output")
        return out

    def forward(self, *arrays: Any, **params: Any) -> np.ndarray:
        """Compute the output array from the input arrays."""
        raise NotImplementedError(f"{type(self).__name__} does not define forward")

    def backward(self, grad: Any) -> Any:
        """Gradients of the loss w.r.t. each input, given the one w.r.t. the output."""
        raise NotImplementedError(f"{type(self).__name__} does not define backward")

    @property
    def name(self) -> str:
        """The op's name as shown in messages and pictures (`Mul`, `Sum`, ...)."""
        return type(self).__name__

    def saved_inputs(self) -> tuple[Any, ...]:
        """The inputs for backward: arrays, or Tensors when recording the backward pass."""
        inputs = self.inputs
        two = len(inputs) == 2  # spelled out, as in apply: the common case, and cheaper
        if two:
            a, b = inputs
            versions = (a._version, b._version)
        else:
            versions = tuple([t._version for t in inputs])
        if versions != self.versions:
            raise self._modified_input_error(versions)
        if self.create_graph:
            return inputs
        return (a.data, b.data) if two else tuple([t.data for t in inputs])

    def _modified_input_error(self, versions: tuple[int, ...]) -> InplaceError:
        i = next(k for k, (now, then) in enumerate(zip(versions, self.versions)) if now != then)
        t = self.inputs[i]
        return InplaceError(
            f"{self.name}: input {i} (a tensor of shape {shape_str(t.shape)}"
            f"{', named ' + repr(t.name) if t.name else ''}) was modified in place "
            f"after {self.name} used it (version {self.versions[i]} -> {versions[i]}), so the "
            "gradient would be wrong. Use the out-of-place form (x = x + 1, not "
            "x.add_(1)) or .clone() the tensor before changing it."
        )

    def saved_output(self) -> Any:
        """The op's output for backward (array, or Tensor when recording the backward pass)."""
        out = self.out_ref()
        if out is None:
            raise BackwardError(f"{self.name}: its output no longer exists; keep it alive")
        if out._version != 0:
            raise InplaceError(
                f"{self.name}: its output (shape {shape_str(out.shape)}) was modified in "
                "place after it was computed, and backward needs it. Use the out-of-place "
                "form or .clone() it first."
            )
        return out if self.create_graph else out.data

    @property
    def freed(self) -> bool:
        """True once a backward pass released what this node saved."""
        return self.saved is _FREED

    def release(self) -> None:
        """Free what backward saved; a second backward through this node now fails."""
        self.saved = _FREED

    def explain_error(self, error: Exception, inputs: Sequence[Tensor]) -> Exception:
        """Turn an error raised inside forward into one that names the op and shapes."""
        shapes = " and ".join(shape_str(t.shape) for t in inputs)
        return type(error)(f"{self.name}: {error} (input shapes {shapes})")

    def __repr__(self) -> str:
        return f"<{self.name}>"


_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


def user_frames(stack: list[str], keep: int = 6) -> list[str]:
    """The last `keep` frames of a formatted stack that are outside minigrad: the user's code."""
    outside = [frame for frame in stack if _PACKAGE_DIR not in frame]
    return (outside or stack)[-keep:]


def check_finite(value: Any, node: Function | None, what: str) -> None:
    """Raise AnomalyError at the first NaN or inf (used by detect_anomaly)."""
    array = value.data if isinstance(value, Tensor) else np.asarray(value)
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        kind = "NaN" if np.isnan(array).any() else "inf"
        name = node.name if node is not None else "?"
        stack = node.stack if node is not None else None
        if not stack and what == "forward output":  # no graph recorded: we are at the op now
            stack = traceback.format_stack()
        where = ""
        if stack:
            where = "\nThe op was created here:\n" + "".join(user_frames(stack))
        raise AnomalyError(f"{name}: {kind} in the {what} (shape {shape_str(array.shape)}).{where}")


def topological_order(roots: Iterable[Function]) -> list[Function]:
    """Every node reachable from `roots`, each one after all nodes that use its output.

    This is the order backward runs in. It is computed without recursion
    (Kahn's algorithm: count each node's consumers, then release a node when
    its last consumer is done), so a chain 100,000 ops deep is no problem and
    the time is linear in the size of the graph.
    """
    roots = list(dict.fromkeys(roots))
    root_set = set(roots)
    consumers: dict[Function, int] = {}  # also the set of nodes found so far
    stack = list(roots)
    while stack:
        node = stack.pop()
        for t in node.inputs:
            parent = t.grad_fn
            if parent is not None:
                count = consumers.get(parent)
                if count is None:  # found for the first time: visit it next
                    consumers[parent] = 1
                    if parent not in root_set:
                        stack.append(parent)
                else:
                    consumers[parent] = count + 1
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
    if output.size != 1:
        raise BackwardError(
            f"{what}: the output has shape {shape_str(output.shape)}, and a gradient can only "
            "be implied for a single number. Reduce it first (loss = y.sum() or y.mean()), "
            "or pass the gradient of the output explicitly: y.backward(gradient=...)"
        )
    ones = np.ones_like(output.data)
    return Tensor._make(ones) if create_graph else ones


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
    does. Otherwise nothing is stored and the gradients reaching `inputs` are
    returned in order, as `mg.grad()` does (None where none arrived).
    """
    wanted: dict[int, int] = {} if inputs is None else {id(t): i for i, t in enumerate(inputs)}
    found: list[Any] = [None] * len(wanted)
    pending: dict[Function, Any] = {}  # node -> gradient of the loss w.r.t. its output
    leaves: dict[int, list[Any]] = {}  # id(leaf) -> [leaf, gradient]
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

    def send(tensor: Tensor, grad: Any) -> None:
        node = tensor.grad_fn
        if node is None:  # a leaf: collect, store at the end
            entry = leaves.get(id(tensor))
            if entry is None:
                leaves[id(tensor)] = [tensor, grad]
            else:
                entry[1] = add(entry[1], grad, id(tensor))
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
    order = topological_order(t.grad_fn for t in outputs if t.grad_fn is not None)

    anomaly = state.anomaly_enabled
    previous_mode = state.grad_enabled
    state.grad_enabled = create_graph  # record the backward pass only if asked
    try:
        for node in order:
            grad = pending.pop(node, None)
            if grad is None:  # nothing flowed here (e.g. only through an unused branch)
                continue
            if node.saved is _FREED:  # node.freed, without a property call per node
                raise BackwardError(
                    f"{node.name}: trying to run backward through this part of the graph a "
                    "second time, but its saved values were freed after the first backward. "
                    "Pass retain_graph=True to the first backward() if you need a second one."
                )
            if wanted or node.retains_grad:
                out = node.out_ref()
                if inputs is not None and out is not None and id(out) in wanted:
                    found[wanted[id(out)]] = grad
                elif node.retains_grad and out is not None:
                    out.grad = _accumulate(out.grad, own(grad), create_graph)
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
            for t, need, g in zip(node.inputs, node.needs_input_grad, input_grads):
                if need and g is not None:
                    data = t.data
                    if g.shape != data.shape:
                        raise BackwardError(
                            f"{node.name}.backward returned a gradient of shape "
                            f"{shape_str(g.shape)} for an input of shape "
                            f"{shape_str(t.shape)}; every gradient must have its input's shape"
                        )
                    if g.dtype != data.dtype:
                        g = g.astype(data.dtype)
                    send(t, g)
            if not retain_graph:
                node.saved = _FREED  # node.release(), inlined: this loop is the hot path
    finally:
        state.grad_enabled = previous_mode

    if inputs is not None:
        for tensor, grad in leaves.values():
            if id(tensor) in wanted:
                found[wanted[id(tensor)]] = grad
        return found
    for tensor, grad in leaves.values():
        if tensor.requires_grad:
            tensor.grad = _accumulate(tensor.grad, own(grad), create_graph)
    return None


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
    """Gradients of `outputs` with respect to `inputs`, without touching any `.grad`.

    Like `torch.autograd.grad`: `grad_outputs` gives the gradient of each
    output (needed for non-scalar outputs); with `create_graph=True` the
    result is itself differentiable (second derivatives, Hessian-vector
    products). Returns a tuple with one Tensor per input.
    """
    outputs = [outputs] if isinstance(outputs, Tensor) else list(outputs)
    inputs = [inputs] if isinstance(inputs, Tensor) else list(inputs)
    for t in list(outputs) + list(inputs):
        if not isinstance(t, Tensor):
            raise TypeError(f"mg.grad: expected Tensors, got {type(t).__name__}")
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
