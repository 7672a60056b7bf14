"""interpolate, torch.nn.functional's, with its arguments and checks.

    y = F.interpolate(x, size=None, scale_factor=None, mode='nearest',
                      align_corners=None, recompute_scale_factor=None, antialias=False)

x is (N, C, L), (N, C, H, W) or (N, C, D, H, W): a batch axis and a channel axis first,
as in PyTorch.
Exactly one of size (the output's spatial size) and scale_factor (the output is
floor(input size * scale_factor)) is given, each an int / float or one per spatial axis.
Modes: 'nearest' and 'nearest-exact' (3-D, 4-D or 5-D input), 'linear' (3-D), 'bilinear'
(4-D), 'trilinear' (5-D), the linear ones with align_corners. The index rules are in
minigrad/ops/resize.py.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..errors import DTypeError, ShapeError, shape_str
from ..ops.resize import LinearResize, NearestResize, linear_positions, nearest_positions
from ..tensor import Tensor
from .window_arguments import tensor_argument

_MODES_TORCH = ("nearest", "linear", "bilinear", "bicubic", "trilinear", "lanczos", "area",
                "nearest-exact")
_HAVE = ("minigrad has mode='nearest' and 'nearest-exact' for 3-D, 4-D and 5-D inputs, "
         "'linear' for 3-D, 'bilinear' for 4-D and 'trilinear' for 5-D")
_NEEDS = {"linear": 3, "bilinear": 4, "bicubic": 4, "trilinear": 5}


def interpolate(input: Any, size: Any = None, scale_factor: Any = None,  # noqa: A002
                mode: str = "nearest", align_corners: bool | None = None,
                recompute_scale_factor: bool | None = None, antialias: bool = False) -> Tensor:
    """x (N, C, L), (N, C, H, W) or (N, C, D, H, W) resized to `size`, or by `scale_factor`,
    with `mode` ('nearest', 'nearest-exact', 'linear', 'bilinear' or 'trilinear'), as
    torch.nn.functional's."""
    x = tensor_argument("interpolate", "input", input)
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ValueError(f"interpolate: align_corners only applies to the interpolating "
                             f"modes (linear, bilinear, bicubic, trilinear), not "
                             f"mode={mode!r}; leave it None")
    elif align_corners is None:
        align_corners = False
    elif not isinstance(align_corners, (bool, np.bool_)):
        raise TypeError(f"interpolate: align_corners must be True or False, got "
                        f"{align_corners!r}")
    dim = x.ndim - 2  # the number of spatial axes
    sizes, factors = _output_size(x, dim, size, scale_factor, recompute_scale_factor)
    if antialias and not (mode in ("bilinear", "bicubic", "lanczos") and x.ndim == 4):
        raise ValueError("interpolate: antialias=True is only for mode='bilinear', 'bicubic' or "
                         "'lanczos' with a 4-D input (as in PyTorch)")
    _check_mode(x, mode, antialias)
    _check_input(x, mode, sizes)
    axes = range(2, x.ndim)
    if mode in ("nearest", "nearest-exact"):
        exact = mode == "nearest-exact"
        positions = tuple((a, nearest_positions(x.shape[a], m, f, exact, x.dtype, x.ndim == 4))
                          for a, m, f in zip(axes, sizes, factors))
        return NearestResize.apply(x, positions=positions)
    half = x.dtype == np.float16 and x.ndim != 4  # PyTorch rounds them, but not for bilinear
    steps = tuple((a, *linear_positions(x.shape[a], m, f, bool(align_corners), x.dtype, half))
                  for a, m, f in zip(axes, sizes, factors))
    return LinearResize.apply(x, steps=steps)


def _per_axis(name: str, value: Any, x: Tensor, dim: int) -> tuple[Any, ...]:
    """`value`, one for each spatial axis (a single value is used for all)."""
    if not isinstance(value, (tuple, list)):
        return (value,) * dim
    if len(value) != dim:
        raise ValueError(f"interpolate: {name}={tuple(value)} gives {len(value)} spatial axes, "
                         f"but the input {shape_str(x.shape)} has {max(dim, 0)} "
                         f"(input (N, C, then 1 to 3 spatial axes), {name} one per axis "
                         f"after N, C)")
    return tuple(value)


def _output_size(x: Tensor, dim: int, size: Any, scale_factor: Any,
                 recompute: bool | None) -> tuple[tuple[int, ...], tuple[float | None, ...]]:
    """The output's spatial sizes, and the scale factors the index rules use (None: size
    over size), as PyTorch's interpolate works them out."""
    if size is not None and scale_factor is not None:
        raise ValueError(f"interpolate: give only one of size and scale_factor, got size={size!r} "
                         f"and scale_factor={scale_factor!r}")
    if size is None and scale_factor is None:
        raise ValueError("interpolate: give either size (the output's spatial size) or "
                         "scale_factor (its ratio to the input's)")
    if recompute and size is not None:
        raise ValueError("interpolate: recompute_scale_factor=True is only meaningful with "
                         "scale_factor, not with an explicit size")
    if size is not None:
        sizes = _per_axis("size", size, x, dim)
        if not all(isinstance(s, (int, np.integer)) and not isinstance(s, bool) for s in sizes):
            raise TypeError(f"interpolate: size must be an int or a tuple of ints, got "
                            f"{size!r}")
        return tuple(int(s) for s in sizes), (None,) * len(sizes)
    factors = _per_axis("scale_factor", scale_factor, x, dim)
    if not all(isinstance(f, (int, float, np.integer, np.floating)) and not isinstance(f, bool)
               for f in factors):
        raise TypeError(f"interpolate: scale_factor must be a number or a tuple of numbers, "
                        f"got {scale_factor!r}")
    if any(not math.isfinite(f) for f in factors):
        raise ValueError(f"interpolate: scale_factor must be finite, got {scale_factor!r}")
    sizes = tuple(math.floor(n * float(f)) for n, f in zip(x.shape[2:], factors))
    return sizes, ((None,) * len(sizes) if recompute else tuple(float(f) for f in factors))


def _check_mode(x: Tensor, mode: str, antialias: bool) -> None:
    """The modes minigrad has, on the inputs PyTorch takes them for."""
    if mode not in _MODES_TORCH:
        raise NotImplementedError(f"interpolate: unknown mode={mode!r}; PyTorch's are "
                                  f"{', '.join(_MODES_TORCH)}; {_HAVE}")
    if x.ndim not in (3, 4, 5):
        raise NotImplementedError(f"interpolate: needs a 3-D, 4-D or 5-D input (N, C, then 1 to 3 "
                                  f"spatial axes), got shape {shape_str(x.shape)}; for one "
                                  f"unbatched sample, add the batch axis: x.unsqueeze(0)")
    needs = _NEEDS.get(mode)
    if needs is not None and x.ndim != needs:
        raise NotImplementedError(f"interpolate: mode={mode!r} needs a {needs}-D input, got "
                                  f"{x.ndim}-D shape {shape_str(x.shape)}; {_HAVE}")
    if mode in ("bicubic", "area", "lanczos") or antialias:
        what = "antialias=True" if antialias else f"mode={mode!r}"
        raise NotImplementedError(f"interpolate: {what} is not in minigrad; {_HAVE}, all "
                                  f"without antialias")


def _check_input(x: Tensor, mode: str, sizes: tuple[int, ...]) -> None:
    """Refuse what PyTorch's kernels refuse: dtypes, empty axes, sizes below 1."""
    if x.dtype.kind != "f" and not (mode.startswith("nearest") and x.dtype == np.uint8):
        takes = "floats and uint8" if mode.startswith("nearest") else "floats"
        raise DTypeError(f"interpolate: mode={mode!r} takes {takes}, not {x.dtype} (as in "
                         f"PyTorch); convert it first, e.g. x.float()")
    spatial = x.shape[2:]
    if min(spatial) < 1 or min(sizes) < 1:
        raise ShapeError(f"interpolate: input and output sizes must be at least 1, got input "
                         f"spatial size {tuple(spatial)} and output size {tuple(sizes)}")
    if x.shape[1] == 0:
        raise ShapeError(f"interpolate: needs at least one channel, got shape "
                         f"{shape_str(x.shape)} (only the batch axis may be empty)")
