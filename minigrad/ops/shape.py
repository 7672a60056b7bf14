"""Shape ops: they move values around without changing them, so each
backward moves the gradient back the opposite way.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import ShapeError, shape_str
from ..function import Function
from ..tensor import Tensor
from .arguments import as_tensor, normalize_axis


class Reshape(Function):
    """z = x with a new shape (same elements, same order).   backward: g reshaped back."""

    chain = ("z = x with a new shape", "dL/dx = g reshaped back to the shape of x")

    makes_view = True

    def forward(self, x: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
        return x.reshape(shape)

    def backward(self, g: Any) -> Any:
        return g.reshape(self.inputs[0].shape)

    def explain_error(self, error: Exception, inputs: Any) -> Exception:
        x = inputs[0]
        return ShapeError(
            f"reshape: cannot reshape a tensor of shape {shape_str(x.shape)} ({x.numel()} "
            f"elements) into shape {shape_str(self.params['shape'])}; the number of elements "
            "must stay the same (one size may be -1 to have it inferred)"
        )


class Permute(Function):
    """z = x with its axes reordered: z.shape[i] = x.shape[axes[i]].

    backward: g with the inverse order (argsort of `axes`).
    """

    chain = ("z = x with its axes reordered", "dL/dx = g with its axes put back in order")

    makes_view = True

    def forward(self, x: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
        return x.transpose(axes)

    def backward(self, g: Any) -> Any:
        return g.transpose(tuple(np.argsort(self.params["axes"])))


class BroadcastTo(Function):
    """z = x repeated along new leading axes and axes of size 1.

    backward: each copy got a gradient; x's gradient is their sum, which the
    engine forms for every op whose gradient comes back broadcast
    (`engine.sum_to_shape`), so the backward only passes g on.
    """

    chain = ("z = x repeated to a larger shape", "dL/dx = g summed over the repeats")

    makes_view = True

    def forward(self, x: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
        return np.broadcast_to(x, shape)

    def backward(self, g: Any) -> Any:
        return g  # the engine sums it down to x's shape

    def explain_error(self, error: Exception, inputs: Any) -> Exception:
        return ShapeError(
            f"broadcast_to: cannot broadcast shape {shape_str(inputs[0].shape)} to "
            f"{shape_str(self.params['shape'])}: compared from the right, each size must equal the "
            "target size or be 1"
        )


def _shape_arg(shape: Any, op: str) -> tuple[int, ...]:
    if isinstance(shape, Tensor):
        shape = shape.tolist()
    shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
    if not all(isinstance(n, (int, np.integer)) and not isinstance(n, bool) for n in shape):
        raise TypeError(f"{op}: a shape is a tuple of ints, got {shape!r}")
    return tuple(int(n) for n in shape)


def reshape(x: Any, shape: Any) -> Tensor:
    """The same elements in a new shape; one size may be -1."""
    x = as_tensor(x)
    shape = _shape_arg(shape, "reshape")
    if shape == x.shape:
        return x
    if any(n < -1 for n in shape) or shape.count(-1) > 1:
        raise ShapeError(
            f"reshape: invalid target shape {shape_str(shape)} for a tensor of shape "
            f"{shape_str(x.shape)}: sizes must be >= 0, and at most one may be -1 (inferred)"
        )
    return Reshape.apply(x, shape=shape)


def permute(x: Any, axes: Any) -> Tensor:
    """Axes reordered: result.shape[i] = x.shape[axes[i]] (numpy's transpose)."""
    x = as_tensor(x)
    if not all(isinstance(a, (int, np.integer)) and not isinstance(a, bool) for a in axes):
        raise TypeError(f"permute: axes must be ints, got {tuple(axes)!r}")
    axes = tuple(int(a) for a in axes)
    n = x.ndim
    if len(axes) != n or any(not -n <= a < n for a in axes) or len({a % n for a in axes}) != n:
        raise ShapeError(
            f"permute: {axes} is not an ordering of the {n} axes of a tensor of shape "
            f"{shape_str(x.shape)}: give each axis once, from {-n} to {n - 1}"
            if n
            else f"permute: a 0-d tensor has no axes to reorder; give (), got {axes}"
        )
    axes = tuple(a % n for a in axes)
    if axes == tuple(range(x.ndim)):
        return x
    return Permute.apply(x, axes=axes)


def transpose(x: Any, *axes: Any, **names: Any) -> Tensor:
    """Both libraries' transpose. transpose(x, dim0, dim1) swaps two axes, as
    PyTorch; transpose(x) reverses all axes and transpose(x, (2, 0, 1)) (or
    axes=(2, 0, 1)) reorders them, as numpy."""
    x = as_tensor(x)
    if names:  # PyTorch's dim0=, dim1= or numpy's axes=
        if not axes and set(names) == {"dim0", "dim1"}:
            axes = (names["dim0"], names["dim1"])
        elif not axes and set(names) == {"axes"}:
            axes = (names["axes"],)
        else:
            raise TypeError(
                f"transpose: unexpected argument(s) {', '.join(sorted(names))}; give two axes "
                "to swap (dim0, dim1) or one ordering of all axes (axes)"
            )
    if len(axes) == 2:
        return swapaxes(x, *axes)
    if len(axes) == 1 and axes[0] is not None:
        order = axes[0]
        return permute(x, (order,) if isinstance(order, (int, np.integer)) else tuple(order))
    if axes and axes != (None,):
        return permute(x, axes)  # x.transpose(2, 0, 1), numpy's spelling
    return permute(x, tuple(range(x.ndim - 1, -1, -1)))


def swapaxes(x: Any, axis1: int, axis2: int) -> Tensor:
    """Two axes exchanged (PyTorch's x.transpose(a, b))."""
    x = as_tensor(x)
    a, b = normalize_axis(axis1, x.ndim, "swapaxes"), normalize_axis(axis2, x.ndim, "swapaxes")
    order = list(range(x.ndim))
    if a and b:
        order[a[0]], order[b[0]] = order[b[0]], order[a[0]]
    return permute(x, order)


def broadcast_to(x: Any, shape: Any) -> Tensor:
    """x repeated to `shape` along new leading axes and axes of size 1 (PyTorch's
    expand); a size of -1 keeps that axis of x as it is."""
    x = as_tensor(x)
    shape = _shape_arg(shape, "broadcast_to")
    lead = len(shape) - x.ndim
    if -1 in shape and lead >= 0:
        if -1 in shape[:lead]:
            raise ShapeError(
                f"broadcast_to: size -1 (keep the size) at new leading axis "
                f"{shape[:lead].index(-1)} of {shape_str(shape)}: a new axis has no size to "
                "keep; give it one"
            )
        shape = shape[:lead] + tuple(x.shape[i] if n == -1 else n for i, n in
                                     enumerate(shape[lead:]))
    if shape == x.shape:
        return x
    return BroadcastTo.apply(x, shape=shape)


def squeeze(x: Any, axis: Any = None, **torch_names: Any) -> Tensor:
    """Axes of size 1 removed: all of them, or those in `axis` (an int or a tuple)
    that have size 1; a named axis of another size stays, as in PyTorch."""
    x = as_tensor(x)
    axis = torch_names.pop("dim", axis)
    if torch_names:
        raise TypeError(f"squeeze: unexpected argument(s) {', '.join(torch_names)}")
    axes = tuple(a for a in normalize_axis(axis, x.ndim, "squeeze") if x.shape[a] == 1)
    return reshape(x, tuple(n for i, n in enumerate(x.shape) if i not in axes))


def unsqueeze(x: Any, axis: Any = None, **torch_names: Any) -> Tensor:
    """A new axis of size 1 inserted at position `axis` (or `dim=`; -1 appends)."""
    x = as_tensor(x)
    axis = torch_names.pop("dim", axis)
    if torch_names:
        raise TypeError(f"unsqueeze: unexpected argument(s) {', '.join(torch_names)}")
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
        raise TypeError(
            f"unsqueeze: the position of the new axis (axis= or dim=) must be one int, "
            f"got {axis!r}"
        )
    (position,) = normalize_axis(axis, x.ndim + 1, "unsqueeze")
    return reshape(x, x.shape[:position] + (1,) + x.shape[position:])


def expand_dims(x: Any, axis: int) -> Tensor:
    """numpy's name for unsqueeze."""
    return unsqueeze(x, axis)


def flatten(x: Any, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Axes start_dim..end_dim (inclusive) merged into one."""
    x = as_tensor(x)
    if x.ndim == 0:  # PyTorch: a 0-d tensor counts as having one axis here (dims 0 and -1)
        for name, dim in (("start_dim", start_dim), ("end_dim", end_dim)):
            if dim not in (0, -1):
                raise ShapeError(
                    f"flatten: {name}={dim} is out of range for a 0-d tensor (valid: -1 and "
                    "0, as in PyTorch); flatten(x) or x.reshape(1) gives shape (1,)"
                )
        return reshape(x, (1,))
    (start,) = normalize_axis(start_dim, x.ndim, "flatten")
    (end,) = normalize_axis(end_dim, x.ndim, "flatten")
    if start > end:
        raise ShapeError(f"flatten: start_dim {start_dim} comes after end_dim {end_dim}")
    merged = int(np.prod(x.shape[start : end + 1]))
    return reshape(x, x.shape[:start] + (merged,) + x.shape[end + 1 :])
