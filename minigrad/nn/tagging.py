"""Which module made which op: the tags graph pictures use to fold a module.

`Module.__call__` calls `tag_graph` after `forward`; it marks the graph nodes
that call created with `node.module` (and the call's number). Doing it once
per call, not per op, means ops pay nothing.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from ..tensor import Tensor

if TYPE_CHECKING:
    from .module import Module

_calls = itertools.count(1)  # numbers every Module call, so tagging can tell older ops apart


def next_call() -> int:
    """A new call number, taken before forward runs (inner calls get later ones)."""
    return next(_calls)


def tensors_in(value: Any) -> list[Tensor]:
    """The Tensors in `value`: itself, or inside (nested) tuples, lists and dict values."""
    found: list[Tensor] = []
    todo, opened = [value], set()
    while todo:
        item = todo.pop()
        if isinstance(item, Tensor):
            found.append(item)
        elif isinstance(item, (tuple, list, dict)) and id(item) not in opened:
            opened.add(id(item))  # a list may hold itself
            todo.extend(item.values() if isinstance(item, dict) else item)
    return found


def tag_graph(
    module: Module, call: int, out: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    """Tag the graph nodes that call number `call` of `module` created.

    The walk goes back from the outputs (a Tensor, or Tensors inside tuples,
    lists and dicts) and stops at
      * leaves, and the tensors passed in, wherever they sit in the arguments;
      * ops tagged by an earlier call: those existed before this call began,
        so neither they nor anything behind them is this call's work.
    Ops of inner modules (tagged during this call, so with a later number)
    keep their tag, the innermost module, and are passed through. Each op is
    tagged once and walked by its own call and the calls around it, so a long
    recurrent loop stays linear. node -> module is the only new reference;
    modules never hold nodes, so there are no cycles.
    """
    if isinstance(out, Tensor):
        if out.grad_fn is None:  # grad mode off, or nothing required grad
            return
        stack = [out.grad_fn]
    else:
        stack = [t.grad_fn for t in tensors_in(out) if t.grad_fn is not None]
        if not stack:
            return
    seen = {None}
    for arg in args:
        if isinstance(arg, Tensor):  # the common case, without building a list
            seen.add(arg.grad_fn)
        else:
            seen.update([t.grad_fn for t in tensors_in(arg)])
    if kwargs:
        seen.update([t.grad_fn for t in tensors_in(list(kwargs.values()))])
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        tags = node.__dict__
        made_in = tags.get("module_call")
        if made_in is None:
            tags["module"], tags["module_call"] = module, call
        elif made_in < call:
            continue
        stack.extend([t.grad_fn for t in node.inputs])
