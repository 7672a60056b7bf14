"""The graph model every drawer reads: plain nodes and ordered inputs.

`build_graph` walks from the roots towards the leaves breadth first, with a
queue instead of recursion, so a chain 100,000 ops deep is no problem. Each
tensor and each op becomes one `VNode` (a Python number, shared by every op that
uses it, becomes one per use); a node's `inputs` are the positions
(in `Graph.nodes`) of the nodes that feed it, in the order the op received
them. Positions, not `id()`, name nodes in the output, so the same code gives
the same drawing run after run.

Edges point the way data flows: input tensor -> op -> output tensor.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from ..constants import is_shared_constant
from ..freed import FreedTensor, alive
from ..function import Function
from ..tensor import Tensor
from .labels import printable

# The roles a node can have; tensors get the first four, drawn in four colours.
PARAMETER, INPUT, INTERMEDIATE, OUTPUT = "parameter", "input", "intermediate", "output"
OP, SUMMARY = "op", "summary"


class VNode:
    """One node of the picture: a tensor, an op, or a summary of hidden nodes."""

    __slots__ = ("role", "tensor", "fn", "name", "inputs", "hidden", "title")

    def __init__(
        self,
        role: str,
        tensor: Tensor | None = None,
        fn: Function | None = None,
        name: str | None = None,
    ) -> None:
        self.role = role
        self.tensor = tensor  # set for tensor nodes
        self.fn = fn  # set for op nodes
        self.name = name  # the tensor's name, if it has one
        # Positions of the nodes feeding this one, in order; and for summary nodes
        # the nodes they stand for. Shared empty tuples until set: big graphs are cheaper.
        self.inputs: list[int] | tuple[()] = ()
        self.hidden: list[VNode] | tuple[()] = ()
        self.title: str | None = None  # a folded module's 'fc1: Linear'

    @property
    def is_tensor(self) -> bool:
        """True for a tensor node (op and summary nodes have no tensor)."""
        return self.tensor is not None


class Graph:
    """The nodes of one drawing, in a fixed order, plus a note on what was left out."""

    def __init__(self, nodes: list[VNode], note: str | None = None) -> None:
        self.nodes = nodes
        self.note = note

    def edges(self) -> list[tuple[int, int, int]]:
        """(source, target, input position) for every edge, in a fixed order."""
        return [
            (src, dst, k)
            for dst, node in enumerate(self.nodes)
            for k, src in enumerate(node.inputs)
        ]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a drawing allocates many small objects.

    Drawing a 100,000-op graph creates hundreds of thousands of objects, and
    each collection would walk the whole (cycle-free) graph again; pausing
    it made to_dot several times faster. It is switched back on afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def resolve_names(names: Mapping[Any, Any] | None, module: Any = None) -> dict[int, str]:
    """A map id(tensor) -> name from `names=` (either direction) and a module's parameters.

    `names` may map Tensor -> name or name -> Tensor; the module is read
    through `named_parameters()` only, so any object offering it works.
    Explicit `names` win over module names.
    """
    found: dict[int, str] = {}
    if module is not None:
        if not hasattr(module, "named_parameters"):
            raise TypeError(
                f"draw_graph: module= needs an object with named_parameters() (an nn.Module), "
                f"got {type(module).__name__}"
            )
        for name, param in module.named_parameters():
            found[id(param)] = str(name)
    if names is not None:
        if not isinstance(names, Mapping):
            raise TypeError(
                f"draw_graph: names= must be a dict (Tensor -> name or name -> Tensor), got "
                f"{type(names).__name__}"
            )
        for key, value in names.items():
            if isinstance(key, Tensor):
                found[id(key)] = str(value)
            elif isinstance(value, Tensor):
                found[id(value)] = str(key)
            else:
                raise TypeError(
                    f"draw_graph: names= pairs a Tensor with a name; got {type(key).__name__} "
                    f"-> {type(value).__name__}"
                )
    return found


def display_name(t: Tensor, names: dict[int, str]) -> str | None:
    """The name drawn for `t` (from names= or module=, else `t.name`), printable anywhere."""
    name = names.get(id(t), t.name)
    return None if name is None else printable(name)


def is_parameter(t: Tensor) -> bool:
    """A trainable leaf: an nn.Parameter, or any leaf that requires grad."""
    return type(t).__name__ == "Parameter" or (t.grad_fn is None and t.requires_grad)


def inputs_of(fn: Function) -> tuple[Tensor, ...] | list[Tensor]:
    """The input tensors of `fn` as pictures see them.

    After a backward without retain_graph, a node holds stand-ins for its
    inputs (`minigrad.freed`): shape, name and history, no values. Each is
    swapped back for the tensor it stands for while someone still holds
    that tensor, so the picture shows its values (and finds it in names=).
    """
    return [alive(t) for t in fn.inputs] if fn.freed else fn.inputs


def tensor_key(t: Tensor) -> Any:
    """What identifies the tensor `t` in a picture: id(t), except for a stand-in.

    A tensor used by several freed nodes has a stand-in in each of them; once
    the tensor itself is gone, the stand-ins of an op's output are still one
    tensor, known by the op that made it.
    """
    if type(t) is FreedTensor and t.grad_fn is not None:
        return ("output of", id(t.grad_fn))
    return id(t)


def check_roots(roots: Iterable[Any], what: str) -> list[Tensor]:
    """The roots as a list of distinct Tensors, or a TypeError that says what was wrong."""
    result: list[Tensor] = []
    for i, r in enumerate(roots):
        if not isinstance(r, Tensor):
            raise TypeError(f"{what}: root {i} is a {type(r).__name__}, expected a minigrad Tensor")
        if not any(r is seen for seen in result):
            result.append(r)
    if not result:
        raise ValueError(f"{what}: give at least one tensor to draw, e.g. {what}(loss)")
    return result


def build_graph(roots: list[Tensor], names: dict[int, str]) -> Graph:
    """Every tensor and op reachable from `roots`, breadth first, inputs in order.

    The list of nodes is its own queue: nodes are appended as they are
    discovered and expanded in the same order, so no recursion and no
    separate queue are needed.
    """
    nodes: list[VNode] = []
    where: dict[Any, int] = {}  # id(op), tensor_key(tensor) -> position; `nodes` keeps them alive
    for root in roots:
        where[id(root)] = len(nodes)
        nodes.append(VNode(OUTPUT, tensor=root, name=display_name(root, names)))
    done = 0
    while done < len(nodes):
        node = nodes[done]
        done += 1
        if node.tensor is not None:
            fn = node.tensor.grad_fn
            if fn is None:
                continue
            position = where.get(id(fn))
            if position is None:
                position = where[id(fn)] = len(nodes)
                nodes.append(VNode(OP, fn=fn))
            node.inputs = [position]
        elif node.fn is not None:
            inputs = []
            for t in inputs_of(node.fn):
                key = tensor_key(t)
                position = where.get(key)
                if position is None:
                    position = len(nodes)
                    # A Python number (the 2 in x * 2) is one tensor shared by every op
                    # that uses it; it is not remembered, so it is drawn beside each of
                    # them, as it was written.
                    if not is_shared_constant(t):
                        where[key] = position
                    if t.grad_fn is not None:
                        role = INTERMEDIATE
                    else:
                        role = PARAMETER if is_parameter(t) else INPUT
                    nodes.append(VNode(role, tensor=t, name=display_name(t, names)))
                inputs.append(position)
            node.inputs = inputs
    return Graph(nodes)
