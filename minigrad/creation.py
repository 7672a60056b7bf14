"""Ways to make tensors: from data, filled with a value, ranges, random.

Floating results are float32 unless `dtype` says otherwise (PyTorch's
default). Random tensors come from a numpy Generator: pass your own with
`generator=`, or seed the shared one with `mg.manual_seed(seed)`. `device=`
is accepted for PyTorch code: "cpu", the only device.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .devices import check_device
from .dtypes import check_supported, default_float, to_array
from .errors import DTypeError
from .tensor import Tensor

_generator = np.random.default_rng()


def manual_seed(seed: int) -> np.random.Generator:
    """Seed the generator every random function uses by default; returns it.

    Any seed PyTorch takes works: an int in [-2**63, 2**64) (a negative one
    counts back from 2**64, as in PyTorch), or a float, cut to an int.
    """
    global _generator
    if not isinstance(seed, (int, float, np.integer, np.floating)):
        raise TypeError(f"manual_seed: the seed must be an int, got {type(seed).__name__}")
    seed = int(seed)
    if not -(2**63) <= seed < 2**64:
        raise ValueError(f"manual_seed: the seed must lie in [-2**63, 2**64), got {seed}")
    _generator = np.random.default_rng(seed % 2**64)
    return _generator


def default_generator() -> np.random.Generator:
    """The shared generator (the one `manual_seed` seeds)."""
    return _generator


def size_tuple(shape: tuple[Any, ...], op: str = "zeros", size: Any = None) -> tuple[int, ...]:
    """Accept f(2, 3), f((2, 3)) and f(size=(2, 3)); sizes must be non-negative ints."""
    if size is not None:
        if shape:
            raise TypeError(f"{op}: give the sizes either as arguments or as size=, not both")
        shape = (size,)
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    for n in shape:
        if not isinstance(n, (int, np.integer)) or isinstance(n, bool):
            raise TypeError(f"{op}: sizes must be ints, got {n!r} in the shape {shape!r}")
        if n < 0:
            raise ValueError(f"{op}: sizes cannot be negative, got the shape {shape!r}")
    return tuple(int(n) for n in shape)


def _float(dtype: Any) -> Any:
    """`dtype=None` means the default float (float32 unless set_default_dtype changed it),
    as in PyTorch (numpy would say float64)."""
    return default_float() if dtype is None else dtype


def random_float_dtype(dtype: Any, op: str) -> np.dtype:
    """The dtype of random floats: float32 by default; integers refused, as in PyTorch."""
    dtype = np.dtype(_float(dtype))
    if dtype.kind != "f":
        raise DTypeError(f"{op}: dtype must be a floating type (float16, float32, float64), "
                         f"got {dtype}; for random integers use mg.randint")
    return dtype


def made(data: np.ndarray, requires_grad: bool, name: str | None = None) -> Tensor:
    check_supported(data, "creating a tensor")
    t = Tensor._make(data)
    t.name = name
    return t.requires_grad_(True) if requires_grad else t


def tensor(
    data: Any, dtype: Any = None, requires_grad: bool = False, name: str | None = None,
    device: Any = None,
) -> Tensor:
    """A tensor holding a copy of `data`, its dtype inferred as `torch.tensor` does:
    Python ints give int64, floats float32, bools bool; arrays keep theirs."""
    check_device(device, "mg.tensor")
    if isinstance(data, Tensor):
        data = data._data
    return made(to_array(data, dtype), requires_grad, name)


def from_numpy(array: np.ndarray) -> Tensor:
    """A tensor sharing memory with `array` (no copy; in-place changes show in both)."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"from_numpy: expected an ndarray, got {type(array).__name__}")
    return Tensor._make(check_supported(array, "from_numpy"))


def zeros(*shape: Any, size: Any = None, dtype: Any = None,
          requires_grad: bool = False, device: Any = None) -> Tensor:
    """A tensor of zeros: mg.zeros(2, 3), mg.zeros((2, 3)) or mg.zeros(size=(2, 3))."""
    check_device(device, "mg.zeros")
    return made(np.zeros(size_tuple(shape, "zeros", size), dtype=_float(dtype)), requires_grad)


def ones(*shape: Any, size: Any = None, dtype: Any = None,
         requires_grad: bool = False, device: Any = None) -> Tensor:
    """A tensor of ones."""
    check_device(device, "mg.ones")
    return made(np.ones(size_tuple(shape, "ones", size), dtype=_float(dtype)), requires_grad)


def full(size: Any, fill_value: Any, dtype: Any = None, requires_grad: bool = False,
         device: Any = None) -> Tensor:
    """A tensor of shape `size` filled with `fill_value` (float32 for a Python float)."""
    check_device(device, "mg.full")
    if dtype is None:
        dtype = default_float() if isinstance(fill_value, float) else np.asarray(fill_value).dtype
    shape = size_tuple((size,), "full")
    value = to_array(fill_value, dtype)  # -1 in uint8 is 255, inf in int64 an error (PyTorch's)
    return made(np.full(shape, value, dtype=value.dtype), requires_grad)


def zeros_like(t: Any, dtype: Any = None, requires_grad: bool = False,
               device: Any = None) -> Tensor:
    """Zeros with the shape (and dtype, unless given) of `t`."""
    check_device(device, "mg.zeros_like")
    data = t._data if isinstance(t, Tensor) else np.asarray(t)
    return made(np.zeros(data.shape, dtype=dtype or data.dtype), requires_grad)


def ones_like(t: Any, dtype: Any = None, requires_grad: bool = False,
              device: Any = None) -> Tensor:
    """Ones with the shape (and dtype, unless given) of `t`."""
    check_device(device, "mg.ones_like")
    data = t._data if isinstance(t, Tensor) else np.asarray(t)
    return made(np.ones(data.shape, dtype=dtype or data.dtype), requires_grad)


def arange(start: float = 0, end: float | None = None, step: float = 1, dtype: Any = None,
           requires_grad: bool = False, device: Any = None) -> Tensor:
    """Evenly spaced values in [start, end): int64 for int arguments, else float32.

    mg.arange(5) and mg.arange(end=5) count from 0, as in PyTorch.
    """
    check_device(device, "mg.arange")
    if end is None:
        start, end = 0, start
    stop = end
    # PyTorch refuses what numpy would quietly turn into an empty or endless range
    if not all(math.isfinite(v) for v in (start, stop, step)):
        raise ValueError(f"arange: start, stop and step must be finite, got {start}, {stop}, "
                         f"{step}")
    if step == 0:
        raise ValueError("arange: step must be nonzero")
    if (stop - start) * step < 0:
        raise ValueError(
            f"arange: a step of {step} never gets from {start} to {stop}; use a step of the "
            f"other sign, or swap start and stop"
        )
    if dtype is None:
        ints = all(isinstance(v, int) for v in (start, stop, step))
        dtype = np.int64 if ints else default_float()
    return made(np.arange(start, stop, step, dtype=dtype), requires_grad)


def linspace(start: float, end: float, steps: int, dtype: Any = None,
             requires_grad: bool = False, device: Any = None) -> Tensor:
    """`steps` evenly spaced values from start to end, both included."""
    check_device(device, "mg.linspace")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"linspace: steps must be a non-negative int, got {steps!r}")
    return made(np.linspace(start, end, steps, dtype=_float(dtype)), requires_grad)


def eye(
    n: int, m: int | None = None, dtype: Any = None, requires_grad: bool = False,
    device: Any = None,
) -> Tensor:
    """The identity matrix (n x m, m defaults to n)."""
    check_device(device, "mg.eye")
    return made(np.eye(n, m, dtype=_float(dtype)), requires_grad)


def rand(*shape: Any, size: Any = None, generator: np.random.Generator | None = None,
         dtype: Any = None, requires_grad: bool = False, device: Any = None) -> Tensor:
    """Uniform random values in [0, 1)."""
    check_device(device, "mg.rand")
    rng = generator or _generator
    dtype = random_float_dtype(dtype, "rand")
    values = rng.random(size_tuple(shape, "rand", size))
    return made(values.astype(dtype, copy=False), requires_grad)


def randn(*shape: Any, size: Any = None, generator: np.random.Generator | None = None,
          dtype: Any = None, requires_grad: bool = False, device: Any = None) -> Tensor:
    """Standard normal random values (mean 0, variance 1)."""
    check_device(device, "mg.randn")
    rng = generator or _generator
    dtype = random_float_dtype(dtype, "randn")
    values = rng.standard_normal(size_tuple(shape, "randn", size))
    return made(values.astype(dtype, copy=False), requires_grad)


def randint(*args: Any, size: Any = None, low: int | None = None, high: int | None = None,
            generator: np.random.Generator | None = None, dtype: Any = np.int64,
            requires_grad: bool = False, device: Any = None) -> Tensor:
    """Random whole numbers in [low, high), int64 unless `dtype` says otherwise.

    PyTorch's two forms: mg.randint(high, size) (low = 0) and
    mg.randint(low, high, size); each may also be given by keyword.
    """
    check_device(device, "mg.randint")
    low, high, size = _randint_arguments(args, low, high, size)
    if low >= high:
        raise ValueError(f"randint: low ({low}) must be smaller than high ({high})")
    rng = generator or _generator
    values = rng.integers(low, high, size=size_tuple((size,), "randint"))
    return made(values.astype(np.dtype(dtype), copy=False), requires_grad)


def _randint_arguments(args: tuple[Any, ...], low: Any, high: Any, size: Any) -> tuple[Any, ...]:
    """(low, high, size) from randint's positional and keyword arguments."""
    given = {"low": low, "high": high, "size": size}
    names = [name for name in ("low", "high", "size") if given[name] is None]
    if len(args) > len(names):
        raise TypeError(f"randint: expected (high, size) or (low, high, size), got {len(args)} "
                        "positional arguments besides the keywords")
    if len(args) < len(names) and names[0] == "low":
        names = names[1:]  # mg.randint(high, size): low is 0
    for name, value in zip(names, args):
        given[name] = value
    if given["high"] is None or given["size"] is None:
        raise TypeError("randint: high and size are required: mg.randint(high, size) or "
                        "mg.randint(low, high, size), e.g. mg.randint(0, 10, (3,))")
    for name in ("low", "high"):
        value = given[name]
        if value is not None and (isinstance(value, bool) or not isinstance(
                value, (int, np.integer))):
            raise TypeError(f"randint: {name} must be an int, got {value!r}")
    return (0 if given["low"] is None else int(given["low"])), int(given["high"]), given["size"]
