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
from .dtypes import DEFAULT_FLOAT, check_supported, to_array
from .tensor import Tensor

_generator = np.random.default_rng()


def manual_seed(seed: int) -> np.random.Generator:
    """Seed the generator `rand`/`randn`/`randint` use by default; returns it."""
    global _generator
    _generator = np.random.default_rng(seed)
    return _generator


def default_generator() -> np.random.Generator:
    """The shared generator (the one `manual_seed` seeds)."""
    return _generator


def _shape(shape: tuple[Any, ...], op: str = "zeros") -> tuple[int, ...]:
    """Accept both f(2, 3) and f((2, 3)); sizes must be non-negative ints."""
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    for n in shape:
        if not isinstance(n, (int, np.integer)) or isinstance(n, bool):
            raise TypeError(f"{op}: sizes must be ints, got {n!r} in the shape {shape!r}")
        if n < 0:
            raise ValueError(f"{op}: sizes cannot be negative, got the shape {shape!r}")
    return tuple(int(n) for n in shape)


def _float(dtype: Any) -> Any:
    """`dtype=None` means the default float32, as in PyTorch (numpy would say float64)."""
    return DEFAULT_FLOAT if dtype is None else dtype


def _made(data: np.ndarray, requires_grad: bool, name: str | None = None) -> Tensor:
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
        data = data.data
    return _made(to_array(data, dtype), requires_grad, name)


def from_numpy(array: np.ndarray) -> Tensor:
    """A tensor sharing memory with `array` (no copy; in-place changes show in both)."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"from_numpy: expected an ndarray, got {type(array).__name__}")
    return Tensor._make(check_supported(array, "from_numpy"))


def zeros(*shape: Any, dtype: Any = DEFAULT_FLOAT, requires_grad: bool = False,
          device: Any = None) -> Tensor:
    """A tensor of zeros: mg.zeros(2, 3) or mg.zeros((2, 3))."""
    check_device(device, "mg.zeros")
    return _made(np.zeros(_shape(shape), dtype=_float(dtype)), requires_grad)


def ones(*shape: Any, dtype: Any = DEFAULT_FLOAT, requires_grad: bool = False,
         device: Any = None) -> Tensor:
    """A tensor of ones."""
    check_device(device, "mg.ones")
    return _made(np.ones(_shape(shape, "ones"), dtype=_float(dtype)), requires_grad)


def full(shape: Any, fill_value: Any, dtype: Any = None, requires_grad: bool = False,
         device: Any = None) -> Tensor:
    """A tensor of `shape` filled with `fill_value` (float32 for a Python float)."""
    check_device(device, "mg.full")
    if dtype is None:
        dtype = DEFAULT_FLOAT if isinstance(fill_value, float) else np.asarray(fill_value).dtype
    shape = _shape((shape,), "full")
    value = to_array(fill_value, dtype)  # -1 in uint8 is 255, inf in int64 an error (PyTorch's)
    return _made(np.full(shape, value, dtype=value.dtype), requires_grad)


def zeros_like(t: Any, dtype: Any = None, requires_grad: bool = False,
               device: Any = None) -> Tensor:
    """Zeros with the shape (and dtype, unless given) of `t`."""
    check_device(device, "mg.zeros_like")
    data = t.data if isinstance(t, Tensor) else np.asarray(t)
    return _made(np.zeros(data.shape, dtype=dtype or data.dtype), requires_grad)


def ones_like(t: Any, dtype: Any = None, requires_grad: bool = False,
              device: Any = None) -> Tensor:
    """Ones with the shape (and dtype, unless given) of `t`."""
    check_device(device, "mg.ones_like")
    data = t.data if isinstance(t, Tensor) else np.asarray(t)
    return _made(np.ones(data.shape, dtype=dtype or data.dtype), requires_grad)


def arange(start: float, stop: float | None = None, step: float = 1, dtype: Any = None,
           requires_grad: bool = False, device: Any = None) -> Tensor:
    """Evenly spaced values in [start, stop): int64 for int arguments, else float32."""
    check_device(device, "mg.arange")
    if stop is None:
        start, stop = 0, start
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
        dtype = np.int64 if ints else DEFAULT_FLOAT
    return _made(np.arange(start, stop, step, dtype=dtype), requires_grad)


def linspace(start: float, stop: float, num: int, dtype: Any = DEFAULT_FLOAT,
             requires_grad: bool = False, device: Any = None) -> Tensor:
    """`num` evenly spaced values from start to stop, both included."""
    check_device(device, "mg.linspace")
    return _made(np.linspace(start, stop, num, dtype=_float(dtype)), requires_grad)


def eye(
    n: int, m: int | None = None, dtype: Any = DEFAULT_FLOAT, requires_grad: bool = False,
    device: Any = None,
) -> Tensor:
    """The identity matrix (n x m, m defaults to n)."""
    check_device(device, "mg.eye")
    return _made(np.eye(n, m, dtype=_float(dtype)), requires_grad)


def rand(*shape: Any, generator: np.random.Generator | None = None, dtype: Any = DEFAULT_FLOAT,
         requires_grad: bool = False, device: Any = None) -> Tensor:
    """Uniform random values in [0, 1)."""
    check_device(device, "mg.rand")
    rng = generator or _generator
    return _made(rng.random(_shape(shape, "rand")).astype(_float(dtype), copy=False), requires_grad)


def randn(*shape: Any, generator: np.random.Generator | None = None, dtype: Any = DEFAULT_FLOAT,
          requires_grad: bool = False, device: Any = None) -> Tensor:
    """Standard normal random values (mean 0, variance 1)."""
    check_device(device, "mg.randn")
    rng = generator or _generator
    values = rng.standard_normal(_shape(shape, "randn"))
    return _made(values.astype(_float(dtype), copy=False), requires_grad)


def randint(low: int, high: int, size: Any, generator: np.random.Generator | None = None,
            device: Any = None) -> Tensor:
    """Random int64 values in [low, high)."""
    check_device(device, "mg.randint")
    rng = generator or _generator
    if low >= high:
        raise ValueError(f"randint: low ({low}) must be smaller than high ({high})")
    size = _shape((size,), "randint")
    return Tensor._make(rng.integers(low, high, size=size, dtype=np.int64))
