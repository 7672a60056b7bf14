"""The op base class: one node of the computation graph.

Every op is a `Function` subclass with `forward` and `backward` side by side.
Calling `SomeOp.apply(*tensors, **params)` runs `forward` on the raw arrays
and, when any input requires grad (and grad mode is on), records the node in
the graph: the output tensor points to the node (`out.grad_fn`), the node
points to its input tensors. The graph is only ever held from the output
side, so dropping the output frees the whole graph at once (no cycles).
`minigrad.engine` walks the graph backward.

`backward` gets the gradient of the loss with respect to the op's output and
returns one gradient per input (`None` where none is needed). It is written
once for two kinds of values: plain numpy arrays (the normal, fast case) and
Tensors (when `create_graph=True`, so the backward pass is itself recorded and
can be differentiated again). Operators and ndarray-style methods
(`g * y`, `g.sum(axis=..., keepdims=True)`, `g.reshape(shape)`, `a @ b`)
mean the same for both; the few free functions backward needs (exp, log,
where, ...) are written for both in `minigrad.ops.either`.
"""

from __future__ import annotations

import os
import traceback
import weakref
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

import numpy as np

from .errors import AnomalyError, BackwardError, InplaceError, shape_str
from .freed import let_go_of_output, stand_in
from .grad_mode import state
from .tensor import Tensor
from .versions import UNCHANGED, link_shared_data

NO_PARAMS: Mapping[str, Any] = MappingProxyType({})  # `node.params` of an op without any


class Function:
    """Base class of every op: one node of the computation graph.

    Subclasses write `forward(self, *arrays, **params) -> ndarray` and
    `backward(self, grad) -> grad or tuple of grads`. Inside backward:

    * `self.saved_inputs()` gives the inputs (arrays, or Tensors when the
      backward pass is being recorded) after checking none was changed in place;
    * `self.saved_output()` gives the output the same way (only for classes
      that set `saves_output = True`: the node then keeps a weak reference
      to its output, which other nodes do without);
    * `self.saved` holds anything else forward chose to keep (a mask, an
      argmax); it is freed after backward unless `retain_graph=True`;
    * `self.needs_input_grad[i]` says whether input i wants a gradient.

    The keyword parameters the op was applied with (`Sum.apply(x, axis=(0,),
    keepdims=False)`) are kept as they were passed in `self.params`, a mapping
    from name to value; forward receives them as keyword arguments, backward
    reads what it needs from there, and graph pictures show exactly them.
    """

    __slots__ = ("params", "inputs", "needs_input_grad", "versions", "out_ref", "saved",
                 "__dict__")

    saves_output = False  # True: backward calls saved_output(), so keep out_ref
    # The chain rule as mg.explain and the backprop stepper write it (minigrad.viz.chain),
    # in the docstring's notation: the op, then one entry per input (None: nothing to say).
    # "dz/dx = y" is a local derivative, one number per element (Mul); "dL/dA = G @ B^T"
    # is what is sent, from the gradient G arriving (MatMul). () : the docstring only.
    chain: tuple[str | None, ...] = ()
    makes_view = False  # True: the output may share the first input's array (reshape, slices)
    # Rarely set, so plain class defaults rather than per-node slots.
    create_graph = False  # set by the engine while this node's backward runs
    retains_grad = False  # the output called retain_grad(): keep its .grad
    freed = False  # True once a backward pass released what this node kept (release)
    stack = None  # where the op was created, recorded by detect_anomaly()
    # On the node of a recorded in-place change (minigrad.inplace): the changed tensor's
    # version just before the change. Nodes that used the tensor up to that version
    # used its earlier history (the engine asks versions.settle_input).
    _changed_at: int | None = None
    # Weak references to stand-ins (minigrad.freed) that keep this node's output alive
    # until its backward has read it: set only on nodes with saves_output.
    output_holders: list[Any] | None = None

    @classmethod
    def apply(cls, *inputs: Tensor, **params: Any) -> Tensor:
        """Run forward on the inputs' arrays and record the node if a gradient is wanted."""
        # 1. Make the node, with the parameters it was applied with.
        node = cls()
        node.params = params or NO_PARAMS  # ops without parameters share one empty mapping
        node.saved = None
        # 2. Run forward on the arrays.
        arrays = [t._data for t in inputs]  # t._data, minus the property call
        try:
            data = node.forward(*arrays, **params)
        except (ValueError, IndexError, TypeError) as error:
            # numpy's message would point deep inside numpy; name the op instead.
            raise node.explain_error(error, inputs) from None
        out = Tensor._make(data)
        if cls.makes_view and np.may_share_memory(data, arrays[0]):
            link_shared_data(inputs[0], out)  # one's in-place change is the other's
        # 3. Record the node when grad mode is on and an input requires grad: the output
        #    points to the node, the node to its inputs (and never back to the output).
        if state.grad_enabled:
            needs, versions = flags_and_versions(inputs)
            if True in needs:
                node.inputs = inputs
                node.needs_input_grad = needs
                node.versions = versions  # to catch an input changed in place before backward
                # Only nodes whose backward reads the output keep a (weak) reference to it.
                node.out_ref = weakref.ref(out) if cls.saves_output else None
                out.requires_grad = True
                out.grad_fn = node
                if state.anomaly_enabled:
                    node.stack = traceback.format_stack()[:-2]
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
        return (a._data, b._data) if two else tuple([t._data for t in inputs])

    def _modified_input_error(self, versions: tuple[int, ...]) -> Exception:
        if self.freed:  # its inputs are stand-ins now, whose version no node recorded
            return BackwardError(
                f"{self.name}: its inputs' values were freed by an earlier backward(), so "
                "its backward cannot run again. Pass retain_graph=True to the first "
                "backward() if you need a second one."
            )
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
        if self.out_ref is None:
            raise TypeError(
                f"{self.name}: backward calls saved_output(), so the class must set "
                "saves_output = True"
            )
        out = self.out_ref()
        if out is None:
            raise BackwardError(f"{self.name}: its output no longer exists; keep it alive")
        if out._version != 0:
            raise InplaceError(
                f"{self.name}: its output (shape {shape_str(out.shape)}) was modified in "
                "place after it was computed, and backward needs it. Use the out-of-place "
                "form or .clone() it first."
            )
        return out if self.create_graph else out._data

    def release(self) -> None:
        """Free what backward saved, and the values of the inputs; a second backward
        through this node now fails.

        The inputs are swapped for stand-ins (`minigrad.freed`) that keep shape,
        dtype, name and history but no values: a loss kept after backward then
        keeps the graph's structure alive, not every activation, as in PyTorch.
        Parameters and tensors of a few numbers stay as they are. The engine
        calls this once per node.
        """
        self.freed = True
        self.saved = None
        self.inputs = tuple(map(stand_in, self.inputs))
        if self.output_holders is not None:
            let_go_of_output(self)

    def explain_error(self, error: Exception, inputs: Sequence[Tensor]) -> Exception:
        """Turn an error raised inside forward into one that names the op and shapes."""
        shapes = " and ".join(shape_str(t.shape) for t in inputs)
        return type(error)(f"{self.name}: {error} (input shapes {shapes})")

    def __repr__(self) -> str:
        return f"<{self.name}>"


# ---- speed: what apply records about the inputs ---------------------------------------
# needs_input_grad of one- and two-input nodes, indexed by the inputs' requires_grad
_NEEDS_1 = ((False,), (True,))
_NEEDS_2 = (((False, False), (False, True)), ((True, False), (True, True)))


def flags_and_versions(inputs: tuple[Tensor, ...]) -> tuple[tuple[bool, ...], tuple[int, ...]]:
    """(t.requires_grad, ...) and (t._version, ...) of the inputs, for apply.

    The plain form is the last line. Nearly every op has one or two inputs, and
    for those the flags are taken from the tables above, and inputs never
    changed in place (they share the counter `UNCHANGED`) get the one tuple
    (0, 0) or (0,), instead of tuples built for each node: that saves a few
    tenths of a µs per op (several percent of a small op's forward and backward;
    `python -m bench overhead`) and one or two objects per node for the garbage
    collector to track, which a graph of 40,000 nodes feels (`bench deep`).
    """
    n = len(inputs)
    if n == 2:
        a, b = inputs
        needs = _NEEDS_2[a.requires_grad][b.requires_grad]
        if a._counter is UNCHANGED and b._counter is UNCHANGED:
            return needs, (0, 0)
        return needs, (a._version, b._version)
    if n == 1:
        (a,) = inputs
        return _NEEDS_1[a.requires_grad], (0,) if a._counter is UNCHANGED else (a._version,)
    return tuple([t.requires_grad for t in inputs]), tuple([t._version for t in inputs])


_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


def user_frames(stack: list[str], keep: int = 6) -> list[str]:
    """The last `keep` frames of a formatted stack that are outside minigrad: the user's code."""
    outside = [frame for frame in stack if _PACKAGE_DIR not in frame]
    return (outside or stack)[-keep:]


def check_finite(value: Any, node: Function | None, what: str) -> None:
    """detect_anomaly's check: raise AnomalyError when a gradient holds a NaN.

    As in PyTorch, only what backward computes is checked, and only for NaN.
    An infinity is a value the math allows (log(0) = -inf is a common mask,
    and exp(-inf) = 0 consumes it), and a NaN in a forward output is often
    masked away later (`where(x > 0, x.log(), 0)`); a NaN that matters
    reaches a gradient, and there the op that made it is named, with the
    user's line that created it.
    """
    array = value._data if isinstance(value, Tensor) else np.asarray(value)
    if array.dtype.kind in "fc" and np.isnan(array).any():
        name = node.name if node is not None else "?"
        stack = node.stack if node is not None else None
        if stack:
            where = "\nThe op was created here:\n" + "".join(user_frames(stack))
        else:
            where = (
                " Run the forward pass inside detect_anomaly() too, to see the line "
                "that created the op."
            )
        raise AnomalyError(
            f"{name}: NaN in the {what} (shape {shape_str(array.shape)}). A NaN "
            "gradient usually comes from 0 * inf or inf - inf, e.g. the derivative of "
            f"sqrt or log at 0, or a softmax over a row that is all -inf.{where}"
        )
