"""In-place methods: `add_`, `mul_`, `zero_`, ... and `t[index] = value`.

They change `data` where it is, so they are not recorded in the graph. Each
one bumps the tensor's version counter; an op that saved the tensor for its
backward compares versions and refuses to compute a wrong gradient (see
`Function.saved_inputs`). As in PyTorch, a leaf that requires grad may only be
changed in place under `mg.no_grad()` (that is how optimisers update weights).
"""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np

from .errors import InplaceError, ShapeError, shape_str
from .grad_mode import state


def _value(other: Any) -> Any:
    """The raw value of an operand: a Tensor's array, or the number/array itself."""
    return other.data if isinstance(other, InplaceMethods) else other  # Tensor is one


# Tensors made by detach() share their array with the original. A change made in
# place through one is a change of the other too, so both version counters move;
# otherwise a value saved for backward could change without anyone noticing.
# Keyed by id() (== on tensors is elementwise); an entry leaves with its tensor.
_peers: dict[int, tuple[weakref.ref[Any], list[weakref.ref[Any]]]] = {}


def _peers_of(t: Any) -> list[weakref.ref[Any]]:
    key = id(t)
    entry = _peers.get(key)
    if entry is None or entry[0]() is not t:
        entry = (weakref.ref(t, lambda _: _peers.pop(key, None)), [])
        _peers[key] = entry
    return entry[1]


def link_shared_data(original: Any, alias: Any) -> None:
    """Record that `alias` shares `original`'s array (called by Tensor.detach)."""
    group = [r for r in _peers_of(original) if r() is not None] + [weakref.ref(original)]
    for ref in group:
        peer = ref()
        if peer is not None:
            _add_peer(_peers_of(peer), weakref.ref(alias))
    _peers_of(alias).extend(group)


def _add_peer(peers: list[weakref.ref[Any]], ref: weakref.ref[Any]) -> None:
    # A long-lived tensor may be detached once per step (w.detach() in a training
    # loop); the aliases die, their references would not: drop them now and then.
    if len(peers) >= 16:
        peers[:] = [r for r in peers if r() is not None]
    peers.append(ref)


def bump_version(t: Any) -> None:
    """Count one in-place change of `t` (and of the tensors sharing its array)."""
    t._version += 1
    entry = _peers.get(id(t))
    if entry is not None and entry[0]() is t:
        for ref in entry[1]:
            peer = ref()
            if peer is not None:
                peer._version += 1


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
