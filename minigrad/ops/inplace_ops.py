"""Recording an in-place change in the graph (used by `minigrad.inplace`).

A change like `c.mul_(w)` with grad mode on is recorded as an ordinary op
computed out of place, `Mul(old c, w)`, whose result is written back into c's
own array; c's history then moves onto the new node (`record_change`). Most
changes reuse Add, Mul, Clip, ...; writing into part of a tensor
(`t[index] = value`, and `copy_`/`fill_`, which are `t[...] = value`) needs
`SetItem`. Other tensors sharing c's memory (its views, or the tensor it
views) keep a history that no longer matches their values: `StaleView`
marks it.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import InplaceError, ShapeError, shape_str
from ..function import NO_PARAMS, Function
from ..inplace import read_only_error
from ..tensor import Tensor
from ..versions import VersionCounter, bump_version, settle_input


def _sum_to(g: Any, shape: tuple[int, ...]) -> Any:
    """`g` with the leading 1s `shape` may have on top of it (x[0] = v, v of shape (1, n):
    numpy and PyTorch drop such axes when writing); the engine then sums it to `shape`."""
    if g.ndim < len(shape):
        g = g.reshape((1,) * (len(shape) - g.ndim) + tuple(g.shape))
    return g


class SetItem(Function):
    """z = x with `value` written at `index` (value broadcast to the shape of x[index]).

    dz/dx = 1 where x was kept and 0 at index: dL/dx = g with zeros at index.
    dz/dvalue = 1 at index: dL/dvalue = g[index], summed back to value's shape.
    A repeated index (x[[0, 0]] = v) keeps the last write, but each of its values
    gets g at that place, as in PyTorch.
    """

    def forward(self, x: np.ndarray, value: np.ndarray, index: Any) -> np.ndarray:
        z = x.copy()
        z[index] = value  # numpy casts value to x's dtype, as PyTorch does
        return z

    def backward(self, g: Any) -> tuple[Any, Any]:
        index = self.params["index"]
        gx = gv = None
        if self.needs_input_grad[0]:
            if isinstance(g, Tensor):  # recording the backward pass: the same op again
                zero = Tensor._make(np.zeros((), dtype=g.dtype))
                gx = SetItem.apply(g, zero, index=index)
            else:
                gx = np.array(g)  # a copy (and an array even if g is a numpy scalar)
                gx[index] = 0
        if self.needs_input_grad[1]:
            gv = _sum_to(g[index], self.inputs[1].shape)
        return gx, gv

    def explain_error(self, error: Exception, inputs: Any) -> Exception:
        shape = shape_str(inputs[0].shape)
        return type(error)(f"__setitem__ on a tensor of shape {shape}: {error}")


class StaleView(Function):
    """The history of a tensor whose memory was changed in place through another
    tensor sharing it (a view of it, or the tensor it is a view of).

    Its values changed, but no op says how they depend on the change: PyTorch
    rebuilds such a tensor's history, minigrad does not. Gradients from uses
    made before the change are routed past this node (`versions.settle_input`);
    a use after the change reaches it, and backward stops here with an error
    rather than give a wrong gradient.
    """

    def forward(self, x: np.ndarray) -> np.ndarray:
        return x  # never called: mark_stale makes this node by hand

    def backward(self, g: Any) -> Any:
        raise InplaceError(
            f"StaleView: a tensor of shape {shape_str(self.inputs[0].shape)} was changed in "
            "place through another tensor sharing its memory (a view of it, or the tensor it "
            "views) while grad mode was on, and then used again; minigrad cannot trace the "
            "gradient through that change (PyTorch can). Change the tensor itself "
            "(x[index] = value rather than x[index].add_(...)), or .clone() the view "
            "before changing it."
        )


def _old_self(t: Tensor, data: np.ndarray, before: int) -> Tensor:
    """A tensor standing for t before a change: t's history, and `data` as its values.

    Its version is the one t has after the change, so an earlier use of t that
    saved t's values (and is rewired to this tensor) still sees that t changed.
    """
    old = Tensor._make(data)
    old.grad_fn, old.requires_grad, old.name = t.grad_fn, t.requires_grad, t.name
    old._counter = VersionCounter(before + 1)  # its own, even when it shares t's array
    return old


def record_change(t: Tensor, op: str, compute: Callable[[Tensor], Tensor],
                  relatives: list[Tensor], keep_old: bool) -> Tensor:
    """Change t in place to `compute(old)`, recorded in the graph; returns t.

    `old` stands for t before the change: its values are copied only when
    backward reads them (`keep_old`: mul_ or div_ by a value that needs a
    gradient); add_, SetItem and Clip never do. Nothing changes if compute
    fails or its result does not fit t. `relatives` (the other tensors of t's
    family) get a StaleView history.
    """
    data = t._data
    if not data.flags.writeable:
        raise read_only_error(op)
    before = t._version
    old = _old_self(t, data.copy() if keep_old else data, before)
    out = compute(old)
    if out.shape != data.shape:
        raise ShapeError(
            f"{op}: the result has shape {shape_str(out.shape)} but this tensor has shape "
            f"{shape_str(data.shape)} (in place, the result must keep the tensor's shape)"
        )
    if not np.can_cast(out.dtype, data.dtype, "same_kind"):
        raise TypeError(
            f"{op}: the result has dtype {out.dtype}, which cannot be stored in this "
            f"tensor (the tensor keeps its dtype {data.dtype})"
        )
    data[...] = out._data  # the same array: views and other references see the change
    bump_version(t)
    node = out.grad_fn
    if node is not None:
        node._changed_at = before
        previous = t.grad_fn
        if previous is not None and previous.retains_grad:  # retain_grad() follows t
            previous.retains_grad = False
            node.retains_grad, node.out_ref = True, weakref.ref(t)
        t.grad_fn, t.requires_grad = node, True
    for other in relatives:
        mark_stale(other, before)  # t's counter is theirs: they were at `before` too
    if node is not None:
        _settle_the_value(node)
    return t


_NEAR = 32  # how many nodes of the value's history _settle_the_value looks at


def _settle_the_value(node: Function) -> None:
    """Rewire the uses of t in the history of the value just written into t.

    `c += c + 1` makes c's node read `c + 1`, whose node reads c: a reference
    cycle, which plain reference counting would never free (the first backward
    would break it, as the engine settles every input). Such uses of t sit
    near the change, so the nodes nearest it are settled now, and no more:
    a value with a long history of its own costs no more than a short one.
    """
    found, queue = {node}, [node]
    for n in queue:
        inputs = n.inputs
        for x in inputs[1:] if n is node else inputs:  # node's input 0, old t, is settled
            parent = x.grad_fn
            if parent is not None and parent._changed_at is not None:
                parent = settle_input(n, inputs, x).grad_fn
            if parent is not None and parent not in found and len(queue) < _NEAR:
                found.add(parent)
                queue.append(parent)


def mark_stale(t: Tensor, before: int) -> None:
    """t's memory was changed through a relative: its history becomes a StaleView node."""
    old = _old_self(t, t._data, before)
    node = StaleView.__new__(StaleView)  # by hand: there is nothing to compute
    node.params = NO_PARAMS
    node.inputs, node.needs_input_grad, node.versions = (old,), (old.requires_grad,), (before + 1,)
    node.out_ref, node.saved, node._changed_at = None, None, before
    t.grad_fn, t.requires_grad = node, True
