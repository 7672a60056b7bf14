"""In-place methods: `add_`, `mul_`, `zero_`, ... and `t[index] = value`.

Each one changes `data` where it is and bumps the tensor's version counter;
an op that saved the tensor for its backward compares versions and refuses
to compute a wrong gradient (see `Function.saved_inputs`).

Under `mg.no_grad()` (how optimisers update weights) a change is just a
change. With grad mode on, as in PyTorch:

- a leaf that requires grad may not be changed in place (the graph would no
  longer match its values);
- a change that involves a tensor requiring grad (the tensor changed, or the
  value written into it) is recorded: the op is computed out of place with
  the ordinary op classes (`c.mul_(w)` is `Mul(old c, w)`), the result is
  written into c's own array, and c's history moves onto the new node, whose
  first input holds c's history from before (`ops/inplace_ops.py`). So
  `c = a * 2; c += c + 1` works, and `buf[0:2] = w` makes buf part of the graph.

Uses of c recorded before the change still mean the old c: the engine asks
`settle_input` which history each use saw (it compares versions), so their
gradients go past the change, as PyTorch's do. A recorded change also changes
the values of c's views (or of the tensor c views); PyTorch rebuilds their
history, minigrad marks it stale, and a backward through a later use of them
stops with an error. Changing a view of a leaf that requires grad is refused.
"""

from __future__ import annotations

import operator
import threading
import weakref
from collections.abc import Callable
from typing import Any

import numpy as np

from .dtypes import is_floating
from .errors import InplaceError, ShapeError, shape_str
from .grad_mode import state


def _value(other: Any) -> Any:
    """The raw value of an operand: a Tensor's array, or the number/array itself."""
    return other.data if isinstance(other, InplaceMethods) else other  # Tensor is one


def _requires_grad(value: Any) -> bool:
    return isinstance(value, InplaceMethods) and value.requires_grad


# Tensors that share one array (detach(), and views: reshape, transpose, slices,
# broadcast_to) form a group: a change made in place through one is a change of
# all of them, so all their version counters move; otherwise a value saved for
# backward could change without anyone noticing (PyTorch shares one version
# counter between a tensor and its views for the same reason). Most tensors
# share with nobody and are in no group. Keyed by id() (== on tensors is
# elementwise); the entries of dead tensors are ignored, and swept out as the
# table grows.
#
# Within a group, a tensor and its views form a family; detach() starts a new
# one (a detached tensor shares the memory but not the history, as in PyTorch).
# A recorded change of one member leaves the others' history stale.
class _Group:
    """The live tensors that share one array, as weak references."""

    __slots__ = ("members", "prune_at")

    def __init__(self) -> None:
        self.members: list[weakref.ref[Any]] = []
        self.prune_at = 16

    def add(self, t: Any) -> None:
        # Tensors made once per step (w.T in a Linear layer) die soon; their references
        # are dropped whenever the list has doubled since the last time (so that many
        # live views, a dataset cut into batches, cost no more than a few).
        if len(self.members) >= self.prune_at:
            self.members[:] = [r for r in self.members if r() is not None]
            self.prune_at = max(16, 2 * len(self.members))
        self.members.append(weakref.ref(t))


# id(tensor) -> (weak reference to it, its group, its family: a token object)
_groups: dict[int, tuple[weakref.ref[Any], _Group, object]] = {}
_sweep_at = 256  # sweep the dead entries out of _groups when it reaches this size


def _entry(t: Any) -> tuple[weakref.ref[Any], _Group, object] | None:
    entry = _groups.get(id(t))
    return entry if entry is not None and entry[0]() is t else None


def _group_of(t: Any) -> _Group | None:
    entry = _entry(t)
    return entry[1] if entry is not None else None


def _join(t: Any, group: _Group, family: object) -> None:
    global _sweep_at
    if len(_groups) >= _sweep_at:
        for key in [k for k, (ref, *_) in _groups.items() if ref() is None]:
            del _groups[key]
        _sweep_at = max(256, 2 * len(_groups))
    _groups[id(t)] = (weakref.ref(t), group, family)
    group.add(t)


_joining = threading.Lock()  # two threads may make views at once; the table is shared


def link_shared_data(original: Any, alias: Any) -> None:
    """Record that `alias` shares `original`'s array (detach() and the view ops)."""
    with _joining:
        entry = _entry(original)
        if entry is None:
            group, family = _Group(), object()
            _join(original, group, family)
        else:
            _, group, family = entry
        detached = alias.data is original.data  # detach() wraps the very same array
        _join(alias, group, object() if detached else family)


def _relatives(t: Any) -> list[Any]:
    """The other live members of t's family: its views, what it views, their views."""
    entry = _entry(t)
    if entry is None:
        return []
    _, group, family = entry
    found = []
    for ref in group.members:
        member = ref()
        if member is not None and member is not t:
            other = _entry(member)
            if other is not None and other[2] is family:
                found.append(member)
    return found


def bump_version(t: Any) -> None:
    """Count one in-place change of `t` (and of the tensors sharing its array)."""
    group = _group_of(t)
    if group is None:
        t._version += 1
        return
    for ref in group.members:
        member = ref()
        if member is not None:
            member._version += 1


def settle_input(node: Any, inputs: tuple[Any, ...], t: Any) -> Any:
    """The tensor holding the history that `node` used for its input `t`.

    Called by the engine when t's node is that of a recorded in-place change
    (`_changed_at` set). If node was recorded before the change (the version
    of t it saw is not newer), it used t's earlier history, held by the first
    input of the change's node; changes are followed back as far as needed.
    node.inputs is rewritten to that tensor, so every later walk of the graph
    (the engine's, a picture's) sees it directly. `inputs` is node.inputs as
    it was when the caller started reading it.
    """
    seen = node.versions[next(i for i, x in enumerate(inputs) if x is t)]
    used, change = t, t.grad_fn
    while change is not None and change._changed_at is not None and seen <= change._changed_at:
        used = change.inputs[0]
        change = used.grad_fn
    if used is not t:
        node.inputs = tuple(used if x is t else x for x in node.inputs)
    return used


# ---- recording a change ------------------------------------------------------
def _how_to_change(t: Any, op: str, value: Any = None) -> list[Any] | None:
    """None: change t's array plainly. A list: record the change (the list holds
    the other tensors of t's family, whose history the change makes stale)."""
    if not state.grad_enabled:
        return None
    if t.requires_grad and t.grad_fn is None:
        raise InplaceError(
            f"{op}: cannot change a leaf tensor that requires grad in place while grad mode "
            "is on: the graph would no longer match its values. Update parameters under "
            "`with mg.no_grad():`, or use the out-of-place form (x = x + y)."
        )
    relatives = _relatives(t)  # [] for nearly every tensor
    for other in relatives:
        if other.requires_grad and other.grad_fn is None:
            raise InplaceError(
                f"{op}: this tensor (shape {shape_str(t.shape)}) shares its memory with a "
                f"leaf tensor that requires grad (shape {shape_str(other.shape)}): it is a "
                "view of it (perhaps made under no_grad()) or the tensor it views. Changing "
                "it in place would change the leaf while grad mode is on. Do it under "
                "`with mg.no_grad():`, or .clone() the view first."
            )
    if (t.requires_grad or _requires_grad(value)) and is_floating(t.data.dtype):
        return relatives
    if any(other.requires_grad for other in relatives):
        raise InplaceError(
            f"{op}: this tensor (shape {shape_str(t.shape)}) is a view, made under no_grad(), "
            "of a tensor in a graph (or that tensor itself): changing it in place with grad "
            "mode on would change values the graph used without recording it. Make the "
            "change under `with mg.no_grad():`, make the view with grad mode on, or "
            ".clone() it first."
        )
    return None


def _as_tensor(value: Any) -> Any:
    from .tensor import Tensor

    return value if isinstance(value, Tensor) else Tensor._make(np.asarray(value))


def _record(t: Any, op: str, compute: Callable[[Any], Any], relatives: list[Any],
            keep_old: bool = False) -> Any:
    """Change t to `compute(old)` as a recorded op (see ops.inplace_ops.record_change)."""
    from .ops.inplace_ops import record_change  # the ops need Tensor, which needs this module

    return record_change(t, op, compute, relatives, keep_old)


def _fits(op: str, t: Any, other: Any) -> None:
    """A binary in-place op's value must broadcast to t's shape, not beyond it."""
    shape = np.shape(_value(other))
    try:
        fits = np.broadcast_shapes(t.shape, shape) == t.shape
    except ValueError:
        fits = False
    if not fits:
        raise ShapeError(
            f"{op}: a value of shape {shape_str(shape)} cannot be broadcast into this tensor "
            f"of shape {shape_str(t.shape)} (in place, the result must keep the tensor's shape)"
        )


def _scaled(other: Any, alpha: float) -> Any:
    """alpha * other for add_ and sub_: recorded only if other needs a gradient."""
    if alpha == 1:
        return other
    if _requires_grad(other) and state.grad_enabled:
        return other * alpha
    return np.asarray(_value(other)) * alpha  # an array first: [1, 2] * 2 would repeat the list


def read_only_error(op: str) -> ValueError:
    # e.g. broadcast_to: many elements share one memory location
    return ValueError(
        f"{op}: this tensor's data is read-only (a broadcast view, where several elements "
        "share one memory location); .clone() it before changing it in place"
    )


class InplaceMethods:
    """Mixed into Tensor; every method returns the tensor itself."""

    __slots__ = ()
    data: np.ndarray
    requires_grad: bool
    grad_fn: Any
    _version: int

    def _apply_inplace(self, op: str, ufunc: Any, value: Any) -> Any:
        """The plain change: `ufunc(data, value)` written into data, nothing recorded."""
        value = _value(value)
        try:
            ufunc(self.data, value, out=self.data)  # casting="same_kind", numpy's default
        except ValueError:
            if not self.data.flags.writeable:
                raise read_only_error(op) from None
            raise ShapeError(
                f"{op}: a value of shape {shape_str(np.shape(value))} cannot be broadcast into "
                f"this tensor of shape {shape_str(self.data.shape)} (in place, the result "
                "must keep the tensor's shape)"
            ) from None
        except TypeError as error:
            raise TypeError(
                f"{op}: {error} (the tensor keeps its dtype {self.data.dtype})"
            ) from None
        bump_version(self)
        return self

    def _binary(self, op: str, ufunc: Any, fn: Any, other: Any, keep_old: bool = False) -> Any:
        relatives = _how_to_change(self, op, other)
        if relatives is None:
            return self._apply_inplace(op, ufunc, other)
        _fits(op, self, other)
        keep = keep_old and _requires_grad(other)
        return _record(self, op, lambda old: fn(old, other), relatives, keep)

    def add_(self, other: Any, alpha: float = 1.0) -> Any:
        """self += alpha * other, in place."""
        return self._binary("add_", np.add, operator.add, _scaled(other, alpha))

    def sub_(self, other: Any, alpha: float = 1.0) -> Any:
        """self -= alpha * other, in place."""
        return self._binary("sub_", np.subtract, operator.sub, _scaled(other, alpha))

    def mul_(self, other: Any) -> Any:
        """self *= other, in place."""
        return self._binary("mul_", np.multiply, operator.mul, other, keep_old=True)

    def div_(self, other: Any) -> Any:
        """self /= other, in place."""
        return self._binary("div_", np.true_divide, operator.truediv, other, keep_old=True)

    def _write(self, op: str, index: Any, value: Any) -> Any:
        """self[index] = value, recorded as SetItem when it must be."""
        relatives = _how_to_change(self, op, value)
        if relatives is None:
            if not self.data.flags.writeable:
                raise read_only_error(op)
            try:
                self.data[index] = _value(value)
            except (ValueError, IndexError, TypeError) as error:
                raise type(error)(
                    f"{op} on a tensor of shape {shape_str(self.data.shape)}: {error}"
                ) from None
            bump_version(self)
            return self
        from .ops.inplace_ops import SetItem

        value = _as_tensor(value)
        return _record(self, op, lambda old: SetItem.apply(old, value, index=index), relatives)

    def copy_(self, src: Any) -> Any:
        """Copy `src`'s values into self (broadcast to self's shape, cast to its dtype)."""
        _fits("copy_", self, src)
        return self._write("copy_", Ellipsis, src)

    def fill_(self, value: Any) -> Any:
        """Every element set to `value` (a number, or a 0-d tensor), in place."""
        if np.ndim(_value(value)) != 0:
            raise ShapeError(
                f"fill_: the value must be a number or a 0-d tensor, got shape "
                f"{shape_str(np.shape(_value(value)))}; use copy_ to write an array"
            )
        return self._write("fill_", Ellipsis, value)

    def zero_(self) -> Any:
        """Every element set to 0, in place."""
        return self.fill_(0)

    def clamp_(self, min: Any = None, max: Any = None) -> Any:  # noqa: A002
        """Values limited to [min, max], in place (the bounds are constants, as in clip)."""
        if min is None and max is None:
            raise ValueError("clamp_: give at least one of min and max")
        relatives = _how_to_change(self, "clamp_")
        if relatives is not None:
            return _record(self, "clamp_", lambda old: old.clip(min, max), relatives)
        if not self.data.flags.writeable:
            raise read_only_error("clamp_")
        np.clip(self.data, _value(min), _value(max), out=self.data)
        bump_version(self)
        return self

    clip_ = clamp_

    # `w -= lr * w.grad` must change w itself (PyTorch's update idiom), not
    # rebind the name to a new tensor that has lost requires_grad.
    def __iadd__(self, other: Any) -> Any:
        return self.add_(other)

    def __isub__(self, other: Any) -> Any:
        return self.sub_(other)

    def __imul__(self, other: Any) -> Any:
        return self.mul_(other)

    def __itruediv__(self, other: Any) -> Any:
        return self.div_(other)

    def __setitem__(self, index: Any, value: Any) -> None:
        """t[index] = value, in place (recorded as SetItem when grad is involved)."""
        if isinstance(index, tuple):
            index = tuple(_value(i) for i in index)
        else:
            index = _value(index)
        self._write("__setitem__", index, value)
