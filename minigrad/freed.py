"""What a node keeps of its inputs once backward has freed it.

A node holds the tensors it was applied to (`node.inputs`), and through them
their arrays. Once the node's backward has run (and `retain_graph` was not
asked for) it will never need those values again, but a loss the user keeps
(`losses.append(loss)` instead of `loss.item()`) would keep every activation
of the step alive. So `Function.release` swaps each input for a `FreedTensor`
(`stand_in`): it keeps what the graph's *structure* needs (shape, dtype, name,
`grad_fn`, `requires_grad`), so the engine can still walk the graph and a
picture can still draw it, but not the values. Parameters (leaves that
require grad) stay as they are: the user holds them anyway, and their
`.grad` is what a picture shows. So do tensors of a few numbers (`SMALL`).

A stand-in keeps a weak reference to the tensor it replaced: while the user
still holds that tensor, pictures use it (`alive`), values and all.

One input needs its values a little longer: the output of an op whose
backward reads its own output (Tanh, Sigmoid, Exp: `saves_output`). That
node holds its output only weakly (a strong reference would be a cycle,
output -> node -> output), and it runs *after* the nodes that use its
output. So the stand-in holds such a tensor until its node has run too
(`hold_for_maker`, `let_go_of_output`).
"""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np

from .errors import BackwardError, shape_str
from .tensor import Tensor
from .versions import VersionCounter

# The version of every stand-in: no node recorded it (versions start at 0), so
# `Function.saved_inputs` finds "a changed input" and, the node being freed,
# says the values were freed. That costs backward's hot path nothing.
_FREED_VERSION = VersionCounter(-1)

# A stand-in and its weak reference weigh about what a tensor and its array's header
# do (~200 bytes), so swapping a tensor for one saves exactly the array's own bytes.
# Arrays this small are kept: freeing them would save no more than a stand-in weighs,
# and would cost time on every op of a graph of small tensors.
SMALL = 256  # bytes


class FreedTensor(Tensor):
    """An input of a freed node: shape, dtype, name and history, but no values.

    Reading its values (`.data`, or an op applied to it) raises an error
    saying they were freed; `alive(t)` gives the original tensor if someone
    still holds it.
    """

    # original: a weak reference to the tensor it stands for; held: that tensor, while
    # the node that made it has yet to run its backward, which reads it (else None)
    __slots__ = ("_shape", "_dtype", "original", "held")

    # Never set on a stand-in (it cannot be changed in place, viewed, or given a .grad),
    # so these are class attributes rather than per-object stores: release stays cheap.
    _grad = None
    _counter = _FREED_VERSION
    _family = None

    @property
    def _data(self) -> np.ndarray:  # type: ignore[override]
        raise BackwardError(
            f"the values of this tensor ({self._what()}) were freed by backward(): the "
            "graph keeps only its shape, dtype, name and history. Keep your own "
            "reference to the tensor, or call backward(retain_graph=True)."
        )

    data = _data  # type: ignore[assignment]

    @property
    def shape(self) -> tuple[int, ...]:
        return self._shape

    @property
    def dtype(self) -> np.dtype:
        return self._dtype

    @property
    def ndim(self) -> int:
        return len(self._shape)

    def _what(self) -> str:
        made = f", the output of {self.grad_fn.name}" if self.grad_fn is not None else ""
        named = f", named {self.name!r}" if self.name else ""
        return f"shape {shape_str(self._shape)} {self._dtype}{made}{named}"

    def __repr__(self) -> str:
        return f"FreedTensor({self._what()}; values freed by backward())"


def stand_in(t: Tensor) -> Tensor:
    """What a freed node keeps of its input t: a FreedTensor, or t itself where a
    stand-in would free nothing worth the time it takes to make (see SMALL)."""
    if (t.requires_grad and t.grad_fn is None) or type(t) is FreedTensor:
        return t  # a parameter (the user holds it), or already a stand-in
    data = t._data
    if data.nbytes <= SMALL and data.base is None:  # base: not a view of a bigger array
        return t
    s = FreedTensor.__new__(FreedTensor)
    s._shape, s._dtype = data.shape, data.dtype
    maker = s.grad_fn = t.grad_fn
    s.requires_grad, s.name = t.requires_grad, t.name
    s.original = weakref.ref(t)
    s.held = None
    if maker is not None and maker.saves_output and maker.out_ref() is t and not maker.freed:
        hold_for_maker(s, t, maker)
    return s


def hold_for_maker(s: FreedTensor, t: Tensor, maker: Any) -> None:
    """Keep t alive through its stand-in s until `maker`, whose backward reads t, has run."""
    s.held = t
    # The node knows the stand-in only weakly: maker -> s -> t -> maker would be a cycle.
    if maker.output_holders is None:
        maker.output_holders = []
    maker.output_holders.append(weakref.ref(s))


def let_go_of_output(node: Any) -> None:
    """`node` has run: the stand-ins holding its output for it may let go of it."""
    for ref in node.output_holders:
        s = ref()
        if s is not None:
            s.held = None
    node.output_holders = None


def alive(t: Tensor) -> Tensor:
    """t, or for a stand-in the tensor it replaced while that still exists."""
    if type(t) is FreedTensor:
        original = t.original()
        if original is not None:
            return original
    return t
