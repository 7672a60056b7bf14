"""Ops that copy values into a new arrangement: repeat (and tile), flip, roll, pad, rot90.

Like the shape ops, they never change a value, so each backward only moves
the gradient back: repeat's sums the copies, flip's flips again, roll's rolls
back, pad's crops (and pads where forward cropped). Unlike reshape and
transpose, PyTorch returns a new tensor from each of them, not a view, and so
do they.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import ShapeError, shape_str
from ..function import Function
from ..tensor import Tensor
from .arguments import as_tensor, normalize_axis
from .pad_edges import MODES, pad_edges


class Repeat(Function):
    """z = x tiled `reps` times along each axis (x first given leading axes of size 1
    until it has len(reps) axes); PyTorch's x.repeat(*reps), numpy's tile.

    Each element of x appears in z prod(reps) times, each copy with slope 1:
    dL/dx = the sum of g over the copies.
    """

    def forward(self, x: np.ndarray, reps: tuple[int, ...]) -> np.ndarray:
        return np.tile(x, reps)

    def backward(self, g: Any) -> Any:
        reps = self.params["reps"]
        x_shape = self.inputs[0].shape
        padded = (1,) * (len(reps) - len(x_shape)) + tuple(x_shape)
        # Axis i of z is (copy number, position in x) = (reps[i], padded[i]): split
        # each axis in two and sum over the copy numbers.
        split = tuple(n for pair in zip(reps, padded) for n in pair)
        summed = g.reshape(split).sum(axis=tuple(range(0, len(split), 2)))
        return summed.reshape(x_shape)


class Flip(Function):
    """z = x with the order of its elements reversed along each axis in `dims`.

    z[i] = x[n - 1 - i] along those axes: dL/dx = g flipped the same way.
    """

    def forward(self, x: np.ndarray, dims: tuple[int, ...]) -> np.ndarray:
        return x[_reversed(x.ndim, dims)].copy()  # a copy, as PyTorch's flip

    def backward(self, g: Any) -> Any:
        return g[_reversed(g.ndim, self.params["dims"])]  # indexing: arrays and Tensors alike


def _reversed(ndim: int, dims: tuple[int, ...]) -> tuple[slice, ...]:
    return tuple(slice(None, None, -1) if d in dims else slice(None) for d in range(ndim))


class Roll(Function):
    """z = x shifted cyclically by shifts[k] places along dims[k] (elements pushed
    off one end come back at the other); dims=None rolls the flattened tensor.

    z[i] = x[(i - s) % n] along each rolled axis: dL/dx[j] = g[(j + s) % n],
    g rolled back by -s.
    """

    def forward(self, x: np.ndarray, shifts: tuple[int, ...],
                dims: tuple[int, ...] | None) -> np.ndarray:
        return np.roll(x, shifts, axis=dims) if dims is not None else np.roll(x, shifts)

    def backward(self, g: Any) -> Any:
        shifts, dims = self.params["shifts"], self.params["dims"]
        if dims is None:  # the flattened tensor, rolled back
            flat = g.reshape(-1)
            return flat[_rolled_back(flat.shape[0], shifts[0])].reshape(g.shape)
        for shift, d in zip(shifts, dims):  # written as indexing: arrays and Tensors alike
            g = g[(slice(None),) * d + (_rolled_back(g.shape[d], shift),)]
        return g


def _rolled_back(n: int, shift: int) -> Any:
    """The positions that undo a roll by `shift` of an axis of size n."""
    return (np.arange(n) + shift) % n if n else slice(None)


class Pad(Function):
    """z = x with pad[0] values before and pad[1] after its last axis, pad[2] and pad[3]
    around the one before, ... (PyTorch's order: last axis first), all equal to
    `value`; a negative amount crops that many elements instead.

    Each kept element moves with slope 1, the padding is constant: dL/dx = g with the
    padding cropped off (and zeros where forward cropped): g padded by -pad.
    """

    def forward(self, x: np.ndarray, pad: tuple[int, ...], value: Any) -> np.ndarray:
        return _pad_array(x, pad, value)

    def backward(self, g: Any) -> Any:
        undo = tuple(-p for p in self.params["pad"])
        if isinstance(g, Tensor):  # recording the backward pass: the same op again
            return Pad.apply(g, pad=undo, value=0)
        return _pad_array(g, undo, 0)


def _pad_array(x: np.ndarray, pad: tuple[int, ...], value: Any) -> np.ndarray:
    """numpy's pad with PyTorch's argument: crop where an amount is negative, then pad."""
    crop = [slice(None)] * x.ndim
    widths = [(0, 0)] * x.ndim
    for k in range(len(pad) // 2):
        axis = x.ndim - 1 - k
        before, after = pad[2 * k], pad[2 * k + 1]
        crop[axis] = slice(max(-before, 0), x.shape[axis] - max(-after, 0))
        widths[axis] = (max(before, 0), max(after, 0))
    if not widths:  # a 0-d tensor: nothing to pad (numpy refuses an empty pad_width)
        return x.copy()
    return np.pad(x[tuple(crop)], widths, constant_values=np.asarray(value).astype(x.dtype))


# ---- the functions users call ------------------------------------------------------------
def _ints(op: str, name: str, values: Any) -> tuple[int, ...]:
    """An int or a sequence of ints (a list, a tuple, a 1-d tensor) as a tuple of ints."""
    if isinstance(values, Tensor):
        values = values.tolist()
    values = (values,) if isinstance(values, (int, np.integer)) else values
    if not isinstance(values, (tuple, list)) or not all(
            isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in values):
        raise TypeError(f"{op}: {name} must be ints, got {values!r}")
    return tuple(int(v) for v in values)


def _sizes(args: tuple[Any, ...]) -> Any:
    """x.repeat(2, 3) and x.repeat((2, 3)) alike."""
    return args[0] if len(args) == 1 and not isinstance(args[0], (int, np.integer)) else args


def repeat(x: Any, *sizes: Any) -> Tensor:
    """x repeated sizes[i] times along axis i (PyTorch's x.repeat: numpy's tile); sizes has
    at least as many entries as x has axes, and extra ones add leading axes."""
    x = as_tensor(x)
    reps = _ints("repeat", "the repeat counts", _sizes(sizes))
    if len(reps) < x.ndim:
        raise ShapeError(
            f"repeat: {len(reps)} repeat count(s) {reps} for a tensor with {x.ndim} axes "
            f"(shape {shape_str(x.shape)}); give one per axis at least (x.tile(...) fills "
            "in leading 1s)"
        )
    if any(r < 0 for r in reps):
        raise ShapeError(f"repeat: repeat counts must be >= 0, got {reps}")
    return Repeat.apply(x, reps=reps)


def tile(x: Any, dims: Any) -> Tensor:
    """x repeated dims[i] times along axis i; a dims shorter than x's axes is filled with
    leading 1s (so tile(x, (2,)) repeats the last axis), as in PyTorch and numpy."""
    x = as_tensor(x)
    reps = _ints("tile", "dims", dims)
    return repeat(x, (1,) * (x.ndim - len(reps)) + reps)


def _dims(op: str, dims: Any, ndim: int) -> tuple[int, ...]:
    """dims as non-negative axes, each at most once (a 0-d tensor has one: 0 or -1)."""
    n = max(ndim, 1)
    dims = _ints(op, "dims", dims)
    normalize_axis(dims, n, op)  # the range and repeat checks, with their messages
    return tuple(sorted(d % n for d in dims))


def flip(x: Any, dims: Any) -> Tensor:
    """x with the order of the elements reversed along each axis in `dims`."""
    x = as_tensor(x)
    axes = _dims("flip", dims, x.ndim)
    if x.ndim == 0:
        return Flip.apply(x, dims=())  # nothing to reverse, but a new tensor, as PyTorch's
    return Flip.apply(x, dims=axes)


def roll(x: Any, shifts: Any, dims: Any = None) -> Tensor:
    """x shifted cyclically by `shifts` places along `dims` (ints, or tuples of the same
    length); without dims, the flattened tensor is rolled and given x's shape back."""
    x = as_tensor(x)
    shift_tuple = _ints("roll", "shifts", shifts)
    if dims is None:
        if len(shift_tuple) != 1:
            raise ShapeError(f"roll: {len(shift_tuple)} shifts but no dims: without dims, "
                             "give one shift (the flattened tensor is rolled)")
        return Roll.apply(x, shifts=shift_tuple, dims=None)
    dim_tuple = _ints("roll", "dims", dims)
    if len(dim_tuple) != len(shift_tuple):
        raise ShapeError(f"roll: shifts {shift_tuple} and dims {dim_tuple} must have the "
                         "same length (one shift per axis)")
    if x.ndim == 0:
        raise ShapeError(f"roll: a 0-d tensor has no axis {dim_tuple[0]} to roll along (as in "
                         "PyTorch); leave dims out to roll it as it is")
    axes = [normalize_axis(d, x.ndim, "roll")[0] for d in dim_tuple]
    return Roll.apply(x, shifts=shift_tuple, dims=tuple(axes))


def pad(input: Any, pad: Any, mode: str = "constant", value: Any = None) -> Tensor:  # noqa: A002
    """`input` padded with `value` (default 0): pad = (before, after) for the last axis,
    then (before, after) for the one before, ... (PyTorch's order); a negative amount
    crops. mode="reflect", "replicate" or "circular" pads with copies of the input's
    own elements instead (see ops/pad_edges.py)."""
    x = as_tensor(input)
    if mode != "constant" and mode not in MODES:
        raise ValueError(f"pad: mode={mode!r} is not a padding mode; use 'constant', "
                         "'reflect', 'replicate' or 'circular'")
    amounts = _ints("pad", "pad amounts", pad)
    if len(amounts) % 2:
        raise ShapeError(f"pad: {amounts} has an odd length; give pairs (before, after), the "
                         "last axis first")
    if mode != "constant":
        return pad_edges(x, amounts, mode, value)
    if len(amounts) > 2 * x.ndim:
        raise ShapeError(f"pad: {len(amounts)} amounts pad {len(amounts) // 2} axes, but the "
                         f"input has shape {shape_str(x.shape)} ({x.ndim} axes)")
    for k in range(len(amounts) // 2):
        axis = x.ndim - 1 - k
        cropped = sum(max(-p, 0) for p in amounts[2 * k: 2 * k + 2])
        if cropped > x.shape[axis]:
            raise ShapeError(
                f"pad: cropping {amounts[2 * k: 2 * k + 2]} from axis {axis} of size "
                f"{x.shape[axis]} (shape {shape_str(x.shape)}) removes more than is there"
            )
    return Pad.apply(x, pad=amounts, value=0 if value is None else value)


def rot90(input: Any, k: int = 1, dims: Any = (0, 1)) -> Tensor:  # noqa: A002
    """input turned k quarter turns in the plane of the two axes `dims`, from the first axis
    towards the second (k < 0 turns the other way). A flip and a transpose, as in PyTorch:
    each moves values only, so the gradient is turned back."""
    x = as_tensor(input)
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise TypeError(f"rot90: k must be an int (the number of quarter turns), got {k!r}")
    if not isinstance(dims, (tuple, list)) or len(dims) != 2:
        raise ValueError(f"rot90: dims must be two axes, got {dims!r}")
    if x.ndim < 2:
        raise ShapeError(f"rot90: needs at least 2 axes, got shape {shape_str(x.shape)}")
    first, second = (normalize_axis(d, x.ndim, "rot90")[0] for d in dims)
    if first == second:
        raise ValueError(f"rot90: the two dims must be different axes, got {list(dims)}")
    turns = int(k) % 4
    if turns == 0:
        return x.clone()
    if turns == 2:
        return flip(x, (first, second))
    return flip(x, (second if turns == 1 else first,)).swapaxes(first, second)
