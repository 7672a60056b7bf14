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
`versions.settle_input` which history each use saw (it compares versions), so their
gradients go past the change, as PyTorch's do. A recorded change also changes
the values of c's views (or of the tensor c views); PyTorch rebuilds their
history, minigrad marks it stale, and a backward through a later use of them
stops with an error. Changing a view of a leaf that requires grad is refused.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import numpy as np

from .dtypes import (
    category,
    is_floating,
    is_python_scalar,
    result_type,
    scalar_array,
    to_array,
)
from .errors import DTypeError, InplaceError, ShapeError, broadcasts_to, check_operand, shape_str
from .grad_mode import state
from .versions import VersionCounter, bump_version, relatives_of


def _value(other: Any) -> Any:
    """The raw value of an operand: a Tensor's array, or the number/array itself."""
    return other._data if isinstance(other, InplaceMethods) else other  # Tensor is one


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool) or getattr(_value(value), "dtype", None) == np.bool_


def _requires_grad(value: Any) -> bool:
    return isinstance(value, InplaceMethods) and value.requires_grad


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
    relatives = relatives_of(t)  # [] for nearly every tensor
    for other in relatives:
        if other.requires_grad and other.grad_fn is None:
            raise InplaceError(
                f"{op}: this tensor (shape {shape_str(t.shape)}) shares its memory with a "
                f"leaf tensor that requires grad (shape {shape_str(other.shape)}): it is a "
                "view of it (perhaps made under no_grad()) or the tensor it views. Changing "
                "it in place would change the leaf while grad mode is on. Do it under "
                "`with mg.no_grad():`, or .clone() the view first."
            )
    if (t.requires_grad or _requires_grad(value)) and is_floating(t._data.dtype):
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


def change_in_place(t: Any, op: str, compute: Callable[[Any], Any]) -> Any:
    """t changed in place to compute(t), for the in-place form of an op that has no method
    here (F.relu(x, inplace=True), ...); returns t. Refused, recorded or plain by the same
    rules as the methods; when recorded, the op's backward reads a copy of t's old values."""
    relatives = _how_to_change(t, op)
    if relatives is not None:
        return _record(t, op, compute, relatives, keep_old=True)
    if not t._data.flags.writeable:
        raise read_only_error(op)
    t._data[...] = compute(t)._data  # compute raises before anything is written (e.g. for ints)
    bump_version(t)
    return t


def _fits(op: str, t: Any, other: Any) -> None:
    """A binary in-place op's value must broadcast to t's shape, not beyond it."""
    shape = np.shape(_value(other))
    if not broadcasts_to(shape, t.shape):
        raise ShapeError(
            f"{op}: a value of shape {shape_str(shape)} cannot be broadcast into this tensor "
            f"of shape {shape_str(t.shape)} (in place, the result must keep the tensor's shape)"
        )


def _scaled(op: str, t: Any, other: Any, alpha: Any) -> Any:
    """alpha * other for t.add_ and t.sub_, computed in the dtype t and other meet in, as
    PyTorch does: float32 0.5 + 2 * (uint8 255) is 510.5 (2 * 255 in uint8 would wrap to
    254). Recorded only if other needs a gradient."""
    check_operand(op, other)
    if alpha == 1:
        return other
    value = _value(other)
    dtype = t._data.dtype
    if (type(alpha) in (int, float) and isinstance(value, np.ndarray) and value.dtype == dtype
            and dtype.kind == "f" and dtype != np.float16 and not _requires_grad(other)):
        return value * alpha  # the everyday case (an optimiser's step): one float dtype
    if dtype == np.bool_ and _is_bool(value) and not isinstance(alpha, float):
        return other if alpha else t._data & False  # bools: alpha counts as a bool (PyTorch)
    if is_python_scalar(value):
        return alpha * value  # still a number: it meets t's dtype as one
    if not isinstance(value, np.ndarray):
        value = to_array(value, copy=False)  # a list: an array, as mg.tensor would make it
    dtype = result_type(t._data, value)
    if _requires_grad(other) and state.grad_enabled:
        return other.astype(dtype) * alpha  # astype: the Cast op, differentiable
    return _as_tensor(value.astype(dtype, copy=False)) * alpha


def _update_directly(t: Any, ufunc: Any, other: Any, alpha: Any) -> bool:
    """A fast path (skip it when reading): an optimiser's update, `w.sub_(w.grad,
    alpha=lr)` under no_grad, done at once when none of this module's rules can
    apply: grad mode off, and t and `other` Tensors of one float dtype (not float16).
    False leaves the change to the general path, which also words the errors. It
    saves about 1 µs of checks per call, two calls a step in `python -m bench logreg`."""
    if state.grad_enabled or type(alpha) not in (int, float):
        return False
    if not isinstance(other, InplaceMethods):  # a Tensor (the class is mixed into it)
        return False
    data, value = t._data, other._data
    if value.dtype != data.dtype or data.dtype.kind != "f" or data.itemsize < 4:
        return False
    try:
        ufunc(data, value if alpha == 1 else value * alpha, out=data)
    except ValueError:  # read-only, or a shape that does not fit: the general path says so
        return False
    bump_version(t)
    return True


def _rng(generator: Any) -> Any:
    from .creation import default_generator  # creation imports the Tensor, which imports us

    return default_generator() if generator is None else generator


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
    _counter: VersionCounter

    def _apply_inplace(self, op: str, ufunc: Any, fn: Any, other: Any) -> Any:
        """The plain change, nothing recorded: self = fn(self, other), computed as the
        out-of-place op computes it (PyTorch's dtypes) and stored in self's dtype, as
        PyTorch does (uint8 += int64 wraps around; floats never go into integers)."""
        data, value = self._data, _value(other)
        if not data.flags.writeable:
            raise read_only_error(op)
        if data.dtype.kind == "f" and (
                (isinstance(value, (np.ndarray, np.generic)) and value.dtype == data.dtype)
                or (type(value) in (int, float) and data.dtype != np.float16)):
            # The everyday case (an optimizer's step): the same dtype, so numpy does it in place
            # (np.generic: a 0-d parameter's scaled step is a numpy scalar, not an array)
            try:
                ufunc(data, value, out=data)
            except ValueError:  # the shapes: say so in words
                _fits(op, self, other)
                raise
        else:
            _fits(op, self, other)
            result = fn(self, other)._data
            if category(result.dtype) > category(data.dtype):
                raise DTypeError(
                    f"{op}: the result has dtype {result.dtype}, which this tensor of dtype "
                    f"{data.dtype} cannot hold (in place, a tensor keeps its dtype, and as in "
                    "PyTorch floats are not stored into integers, nor numbers into bools); "
                    "use the out-of-place form, x = x + y, or convert x first"
                )
            with np.errstate(over="ignore"):  # float16 too small to hold it: inf, as PyTorch
                data[...] = result
        bump_version(self)
        return self

    def _binary(self, op: str, ufunc: Any, fn: Any, other: Any, keep_old: bool = False) -> Any:
        relatives = _how_to_change(self, op, other)
        if relatives is None:
            return self._apply_inplace(op, ufunc, fn, other)
        _fits(op, self, other)
        keep = keep_old and _requires_grad(other)
        return _record(self, op, lambda old: fn(old, other), relatives, keep)

    def add_(self, other: Any, alpha: float = 1.0) -> Any:
        """self += alpha * other, in place."""
        if _update_directly(self, np.add, other, alpha):
            return self
        return self._binary("add_", np.add, operator.add, _scaled("add_", self, other, alpha))

    def sub_(self, other: Any, alpha: float = 1.0) -> Any:
        """self -= alpha * other, in place."""
        if _update_directly(self, np.subtract, other, alpha):
            return self
        if _is_bool(other):  # refused whatever alpha is (sub says so): not scaled into an int
            alpha = 1
        return self._binary("sub_", np.subtract, operator.sub, _scaled("sub_", self, other, alpha))

    def mul_(self, other: Any) -> Any:
        """self *= other, in place."""
        check_operand("mul_", other)
        return self._binary("mul_", np.multiply, operator.mul, other, keep_old=True)

    def div_(self, other: Any) -> Any:
        """self /= other, in place."""
        check_operand("div_", other)
        return self._binary("div_", np.true_divide, operator.truediv, other, keep_old=True)

    def _write(self, op: str, index: Any, value: Any) -> Any:
        """self[index] = value, recorded as SetItem when it must be."""
        relatives = _how_to_change(self, op, value)
        if relatives is None:
            if not self._data.flags.writeable:
                raise read_only_error(op)
            value = _value(value)
            if is_python_scalar(value) and self._data.dtype.kind in "iu":
                if isinstance(value, float) and not np.isfinite(value):
                    raise ValueError(
                        f"{op}: {value} cannot be stored in a tensor of dtype "
                        f"{self._data.dtype} (as in PyTorch); integers have no inf or NaN"
                    )
                value = scalar_array(value, self._data.dtype)  # -1 into uint8 is 255, as PyTorch
            try:
                self._data[index] = value
            except (ValueError, IndexError, TypeError) as error:
                raise type(error)(
                    f"{op} on a tensor of shape {shape_str(self._data.shape)}: {error}"
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

    # Random fills, as PyTorch's initialisers write them: w.data.normal_(0, 0.01). The
    # draws come from the generator mg.manual_seed seeds (or `generator`).
    def normal_(self, mean: float = 0.0, std: float = 1.0, *, generator: Any = None) -> Any:
        """Every element drawn from a normal distribution N(mean, std**2), in place."""
        if std < 0:
            raise ValueError(f"normal_: std must be >= 0, got {std}")
        return self._write("normal_", Ellipsis, _rng(generator).normal(mean, std, self.shape))

    def uniform_(self, a: float = 0.0, b: float = 1.0, *, generator: Any = None) -> Any:
        """Every element drawn uniformly from [a, b), in place."""
        if a > b:
            raise ValueError(f"uniform_: expects a <= b, got a={a}, b={b}")
        return self._write("uniform_", Ellipsis, _rng(generator).uniform(a, b, self.shape))

    def clamp_(self, min: Any = None, max: Any = None) -> Any:  # noqa: A002
        """Values limited to [min, max], in place (the bounds are constants, as in clip)."""
        if min is None and max is None:
            raise ValueError("clamp_: give at least one of min and max")
        relatives = _how_to_change(self, "clamp_")
        if relatives is not None:
            return _record(self, "clamp_", lambda old: old.clip(min, max), relatives)
        if not self._data.flags.writeable:
            raise read_only_error("clamp_")
        np.clip(self._data, _value(min), _value(max), out=self._data)
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
