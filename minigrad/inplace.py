"""In-place methods: `add_`, `mul_`, `zero_`, ... and `t[index] = value`.

They change `data` where it is, so they are not recorded in the graph. Each
one bumps the tensor's version counter; an op that saved the tensor for its
backward compares versions and refuses to compute a wrong gradient (see
`Function.saved_inputs`). As in PyTorch, a leaf that requires grad may only be
changed in place under `mg.no_grad()` (that is how optimisers update weights).
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

import numpy as np

from .errors import InplaceError, ShapeError, shape_str
from .grad_mode import state


def _value(other: Any) -> Any:
    """The raw value of an operand: a Tensor's array, or the number/array itself."""
    return other.data if isinstance(other, InplaceMethods) else other  # Tensor is one


# Tensors that share one array (detach(), and views: reshape, transpose, slices,
# broadcast_to) form a group: a change made in place through one is a change of
# all of them, so all their version counters move; otherwise a value saved for
# backward could change without anyone noticing (PyTorch shares one version
# counter between a tensor and its views for the same reason). Most tensors
# share with nobody and are in no group. Keyed by id() (== on tensors is
# elementwise); the entries of dead tensors are ignored, and swept out as the
# table grows.
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


_groups: dict[int, tuple[weakref.ref[Any], _Group]] = {}
_sweep_at = 256  # sweep the dead entries out of _groups when it reaches this size


def _group_of(t: Any) -> _Group | None:
    entry = _groups.get(id(t))
    return entry[1] if entry is not None and entry[0]() is t else None


def _join(t: Any, group: _Group) -> None:
    global _sweep_at
    if len(_groups) >= _sweep_at:
        for key in [k for k, (ref, _) in _groups.items() if ref() is None]:
            del _groups[key]
        _sweep_at = max(256, 2 * len(_groups))
    _groups[id(t)] = (weakref.ref(t), group)
    group.add(t)


_joining = threading.Lock()  # two threads may make views at once; the table is shared


def link_shared_data(original: Any, alias: Any) -> None:
    """Record that `alias` shares `original`'s array (detach() and the view ops)."""
    with _joining:
        group = _group_of(original)
        if group is None:
            group = _Group()
            _join(original, group)
        _join(alias, group)


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


def _read_only_error(op: str) -> ValueError:
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

    def _check_inplace(self, op: str, data_too: bool = True) -> None:
        if self.requires_grad and state.grad_enabled:
            what = "a leaf tensor that requires grad" if self.grad_fn is None else (
                "a tensor that is part of a graph (it has grad_fn)"
            )
            raise InplaceError(
                f"{op}: cannot change {what} in place while grad mode is on: the graph would "
                "no longer match the values. Update parameters under `with mg.no_grad():`, "
                "or use the out-of-place form (x = x + y)."
            )
        if data_too and not self.data.flags.writeable:
            raise _read_only_error(op)

    def _apply_inplace(self, op: str, ufunc: Any, other: Any) -> Any:
        self._check_inplace(op, data_too=False)  # read-only data: numpy refuses, see below
        value = _value(other)
        try:
            ufunc(self.data, value, out=self.data)  # casting="same_kind", numpy's default
        except ValueError:
            if not self.data.flags.writeable:
                raise _read_only_error(op) from None
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

    def add_(self, other: Any, alpha: float = 1.0) -> Any:
        """self += alpha * other, in place."""
        value = _value(other)
        return self._apply_inplace("add_", np.add, value if alpha == 1 else value * alpha)

    def sub_(self, other: Any, alpha: float = 1.0) -> Any:
        """self -= alpha * other, in place."""
        value = _value(other)
        return self._apply_inplace("sub_", np.subtract, value if alpha == 1 else value * alpha)

    def mul_(self, other: Any) -> Any:
        """self *= other, in place."""
        return self._apply_inplace("mul_", np.multiply, other)

    def div_(self, other: Any) -> Any:
        """self /= other, in place."""
        return self._apply_inplace("div_", np.true_divide, other)

    def copy_(self, src: Any) -> Any:
        """Copy `src`'s values into self (broadcast to self's shape), in place."""
        def copy(dst: np.ndarray, value: Any, out: Any) -> None:
            np.copyto(dst, value, casting="same_kind")

        return self._apply_inplace("copy_", copy, src)

    def fill_(self, value: float) -> Any:
        """Every element set to `value`, in place."""
        self._check_inplace("fill_")
        self.data.fill(value)
        bump_version(self)
        return self

    def zero_(self) -> Any:
        """Every element set to 0, in place."""
        return self.fill_(0)

    def clamp_(self, min: Any = None, max: Any = None) -> Any:  # noqa: A002
        """Values limited to [min, max], in place."""
        self._check_inplace("clamp_")
        if min is None and max is None:
            raise ValueError("clamp_: give at least one of min and max")
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
        """t[index] = value, in place (not recorded in the graph)."""
        self._check_inplace("__setitem__")
        if isinstance(index, tuple):
            index = tuple(_value(i) for i in index)
        else:
            index = _value(index)
        try:
            self.data[index] = _value(value)
        except (ValueError, IndexError, TypeError) as error:
            raise type(error)(
                f"__setitem__ on a tensor of shape {shape_str(self.data.shape)}: {error}"
            ) from None
        bump_version(self)
