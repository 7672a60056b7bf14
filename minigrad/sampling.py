"""More random tensors, with PyTorch's signatures: `normal`, `randperm`,
`rand_like`, `randn_like`, `randint_like` (random values shaped like a tensor),
and the samplers `bernoulli` (coin flips) and `multinomial` (indices drawn from
weights, as when sampling a language model's next character).

Every draw comes from the generator `mg.manual_seed` seeds (or the one passed
as `generator=`). The numbers differ from PyTorch's for the same seed: the
generators differ (see docs/guide/pytorch.md).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import creation
from .devices import check_device
from .errors import DTypeError, ShapeError, shape_str
from .function import Function
from .ops.rounding import zero_gradient
from .tensor import Tensor


def _rng(generator: np.random.Generator | None) -> np.random.Generator:
    return creation.default_generator() if generator is None else generator


class Normal(Function):
    """z = mean + std * noise.   dz/dmean = 0, dz/dstd = 0 (PyTorch's definition).

    The noise is drawn from the standard normal (a constant input). PyTorch
    defines a sample's gradient with respect to its distribution's parameters
    as 0; to learn mean and std, write the sample out yourself:
    mean + std * mg.randn_like(std).
    """

    def forward(self, mean: np.ndarray, std: np.ndarray, noise: np.ndarray,
                dtype: np.dtype) -> np.ndarray:
        return (mean + std * noise).astype(dtype, copy=False)

    def backward(self, g: Any) -> tuple[Any, Any, None]:
        return zero_gradient(g), zero_gradient(g), None


def _number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def normal(mean: Any = 0.0, std: Any = 1.0, size: Any = None, *,
           generator: np.random.Generator | None = None, dtype: Any = None,
           requires_grad: bool = False, device: Any = None) -> Tensor:
    """Values drawn from normal distributions, in PyTorch's forms:

        mg.normal(0.0, 1.0, size=(2, 3))    # numbers: size is required (float32 by default)
        mg.normal(mean_tensor, std_tensor)  # one draw per element (they broadcast)
        mg.normal(mean_tensor, 0.5)         # or a number for either one

    With a tensor, the result has the mean's dtype (the std's when the mean is
    a number). std must be >= 0.
    """
    check_device(device, "mg.normal")
    rng = _rng(generator)
    if not isinstance(mean, Tensor) and not isinstance(std, Tensor):
        if not (_number(mean) and _number(std)):
            raise TypeError(f"normal: mean and std must be numbers or tensors, got "
                            f"{type(mean).__name__} and {type(std).__name__}")
        if size is None:
            raise TypeError("normal: with a number for both mean and std, give the shape: "
                            f"mg.normal({mean}, {std}, size=(2, 3))")
        _check_std(np.asarray(float(std)))
        out_dtype = creation.random_float_dtype(dtype, "normal")
        noise = rng.standard_normal(creation.size_tuple((size,), "normal"))
        return creation.made((mean + std * noise).astype(out_dtype), requires_grad)
    if size is not None or dtype is not None:
        raise TypeError("normal: size= and dtype= go with numbers for mean and std; with a "
                        "tensor the result has its shape and dtype")
    first = mean if isinstance(mean, Tensor) else std
    out_dtype = first._data.dtype
    if out_dtype.kind != "f":
        raise DTypeError(f"normal: the mean and std tensors must hold floats, got dtype "
                         f"{out_dtype}; convert first, e.g. t.float()")
    m, s = (v if isinstance(v, Tensor) else Tensor._make(np.asarray(v, out_dtype))
            for v in (mean, std))
    if s._data.dtype.kind != "f" or m._data.dtype.kind != "f":
        raise DTypeError(f"normal: the mean and std must hold floats, got dtypes "
                         f"{m._data.dtype} and {s._data.dtype}")
    try:
        shape = np.broadcast_shapes(m.shape, s.shape)
    except ValueError:
        raise ShapeError(f"normal: mean of shape {shape_str(m.shape)} and std of shape "
                         f"{shape_str(s.shape)} cannot be broadcast together") from None
    _check_std(s._data)
    noise = Tensor._make(rng.standard_normal(shape))
    out = Normal.apply(m, s, noise, dtype=out_dtype)
    return out.requires_grad_(True) if requires_grad else out


def _check_std(std: np.ndarray) -> None:
    bad = ~(std >= 0)  # NaN included
    if bad.any():
        raise ValueError(f"normal: std must be >= 0, but it holds {std[bad].flat[0]}")


def randperm(n: int, *, generator: np.random.Generator | None = None, dtype: Any = np.int64,
             requires_grad: bool = False, device: Any = None) -> Tensor:
    """0, 1, ..., n - 1 in random order (int64 unless `dtype` says otherwise)."""
    check_device(device, "mg.randperm")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise ValueError(f"randperm: n must be a non-negative int, got {n!r}")
    values = _rng(generator).permutation(int(n))
    return creation.made(values.astype(np.dtype(dtype), copy=False), requires_grad)


def _like(op: str, input: Any, dtype: Any, floats: bool) -> tuple[tuple[int, ...], np.dtype]:
    """The shape of `input` and the result's dtype (input's unless given)."""
    data = input._data if isinstance(input, Tensor) else np.asarray(input)
    out = np.dtype(data.dtype if dtype is None else dtype)
    if floats and out.kind != "f":
        raise DTypeError(f"{op}: random floats cannot have dtype {out} (the input's dtype "
                         "unless dtype= is given); pass dtype=mg.float32, or use "
                         "mg.randint_like for whole numbers")
    return data.shape, out


def rand_like(input: Any, *, dtype: Any = None, requires_grad: bool = False,
              generator: np.random.Generator | None = None, device: Any = None) -> Tensor:
    """Uniform values in [0, 1) with the shape (and dtype, unless given) of `input`."""
    check_device(device, "mg.rand_like")
    shape, out = _like("rand_like", input, dtype, floats=True)
    return creation.made(_rng(generator).random(shape).astype(out), requires_grad)


def randn_like(input: Any, *, dtype: Any = None, requires_grad: bool = False,
               generator: np.random.Generator | None = None, device: Any = None) -> Tensor:
    """Standard normal values with the shape (and dtype, unless given) of `input`."""
    check_device(device, "mg.randn_like")
    shape, out = _like("randn_like", input, dtype, floats=True)
    return creation.made(_rng(generator).standard_normal(shape).astype(out), requires_grad)


def randint_like(input: Any, low: int = 0, high: int | None = None, *, dtype: Any = None,
                 requires_grad: bool = False, generator: np.random.Generator | None = None,
                 device: Any = None) -> Tensor:
    """Whole numbers in [low, high) with the shape (and dtype, unless given) of `input`:
    mg.randint_like(x, 10) or mg.randint_like(x, 2, 10)."""
    check_device(device, "mg.randint_like")
    if high is None:
        low, high = 0, low
    for name, value in (("low", low), ("high", high)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"randint_like: {name} must be an int, got {value!r}")
    if low >= high:
        raise ValueError(f"randint_like: low ({low}) must be smaller than high ({high})")
    shape, out = _like("randint_like", input, dtype, floats=False)
    values = _rng(generator).integers(low, high, size=shape)
    return creation.made(values.astype(out), requires_grad)


class Bernoulli(Function):
    """z = 1 where noise < p, else 0.   dz/dp = 0 (PyTorch's definition, as for normal).

    noise is uniform in [0, 1), so P(noise < p) = p: p = 0 never gives 1, p = 1 always.
    p is the input x itself, or the number `p` when one is given (x then gives only
    its shape and dtype).
    """

    def forward(self, x: np.ndarray, noise: np.ndarray, p: float | None) -> np.ndarray:
        return (noise < (x if p is None else p)).astype(x.dtype)

    def backward(self, g: Any) -> tuple[Any, None]:
        return zero_gradient(g), None


def _floats(op: str, input: Any, what: str) -> np.ndarray:
    """input's array, refused unless it is a tensor of floats (PyTorch's rule)."""
    if not isinstance(input, Tensor):
        raise TypeError(f"{op}: the {what} must be a tensor, got {type(input).__name__}; "
                        f"make one first, e.g. mg.{op}(mg.tensor([...]))")
    if input._data.dtype.kind != "f":
        raise DTypeError(f"{op}: the {what} must hold floats, got dtype {input._data.dtype}; "
                         "convert first, e.g. x.float()")
    return input._data


def bernoulli(input: Tensor, p: float | None = None, *,
              generator: np.random.Generator | None = None) -> Tensor:
    """0 or 1 for each element: 1 with probability input[i] (a float in [0, 1]).

        mask = mg.bernoulli(mg.full((3, 4), 0.8))   # about 80% ones
        coins = mg.bernoulli(mg.zeros(10), 0.5)     # one probability p for every element

    The result has input's shape and dtype. With a number `p` the input's values
    are not read, so it may hold any dtype (ints and bools too, as in PyTorch).
    As in PyTorch it requires grad when input does, with gradient 0: a sample
    does not change smoothly with p.
    """
    if p is None:
        probs = _floats("bernoulli", input, "probabilities")
        bad = ~((probs >= 0) & (probs <= 1))  # NaN included
        if bad.any():
            raise ValueError(f"bernoulli: each probability must be in [0, 1], but the input "
                             f"holds {probs[bad].flat[0]}")
    else:
        if not isinstance(input, Tensor):
            raise TypeError(f"bernoulli: the input must be a tensor (it gives the shape and "
                            f"dtype), got {type(input).__name__}")
        p = _probability(p)
    noise = Tensor._make(_rng(generator).random(input.shape))
    return Bernoulli.apply(input, noise, p=p)


def _probability(p: Any) -> float:
    """bernoulli's number p as a float in [0, 1] (a bool counts as 0 or 1, as in PyTorch)."""
    if isinstance(p, Tensor) and p._data.size == 1:
        p = p.item()  # torch reads a one-number tensor as its number
    if not isinstance(p, (int, float, np.integer, np.floating)):
        raise TypeError(f"bernoulli: p must be a number in [0, 1], got {type(p).__name__}; "
                        "for one probability per element pass them as the input: "
                        "mg.bernoulli(probs)")
    if not 0 <= p <= 1:  # NaN fails both
        raise ValueError(f"bernoulli: p must be in [0, 1], got p={p}")
    return float(p)


def multinomial(input: Tensor, num_samples: int, replacement: bool = False, *,
                generator: np.random.Generator | None = None) -> Tensor:
    """Indices drawn with probability proportional to the weights in `input`:
    1-D for one distribution, 2-D for one per row (the weights need not sum to 1).

        probs = F.softmax(logits, dim=-1)
        next_char = mg.multinomial(probs, num_samples=1)   # int64, shape (1,)

    Without replacement, an index is drawn at most once per row, so each row
    needs at least num_samples non-zero weights. The result holds int64 indices
    of shape (num_samples,) or (rows, num_samples) and never requires grad.
    """
    w = _floats("multinomial", input, "weights")
    if w.ndim not in (1, 2):
        raise ShapeError(f"multinomial: the weights must be 1-D (one distribution) or 2-D (one "
                         f"per row), got shape {shape_str(w.shape)}")
    if isinstance(num_samples, bool) or not isinstance(num_samples, (int, np.integer)):
        raise TypeError(f"multinomial: num_samples must be an int, got {num_samples!r}")
    categories = w.shape[-1]
    if num_samples <= 0:
        raise ValueError(f"multinomial: num_samples must be at least 1, got {num_samples}")
    if not replacement and num_samples > categories:
        raise ValueError(f"multinomial: cannot draw {num_samples} samples without replacement "
                         f"from {categories} categories; pass replacement=True or draw fewer")
    bad = ~((w >= 0) & np.isfinite(w))  # NaN and inf included
    if bad.any():
        raise ValueError(f"multinomial: the weights must be finite and >= 0, but they hold "
                         f"{w[bad].flat[0]}")
    rows = w.reshape(w.shape[0] if w.ndim == 2 else 1, categories).astype(np.float64)
    nonzero = (rows > 0).sum(axis=1)
    for i, count in enumerate(nonzero):
        row = f" in row {i}" if w.ndim == 2 else ""
        if count == 0:
            raise ValueError(f"multinomial: the weights{row} are all zero; there is nothing "
                             "to draw from")
        if not replacement and count < num_samples:
            raise ValueError(f"multinomial: only {count} of the weights{row} are non-zero, too "
                             f"few to draw {num_samples} samples without replacement; pass "
                             "replacement=True or draw fewer")
    rng = _rng(generator)
    out = np.empty((rows.shape[0], int(num_samples)), dtype=np.int64)
    for i, row in enumerate(rows):
        row = row / row.max()  # the largest weight 1: the sum cannot overflow
        out[i] = rng.choice(categories, size=int(num_samples), replace=bool(replacement),
                            p=row / row.sum())
    return creation.made(out.reshape(w.shape[:-1] + (int(num_samples),)), False)


__all__ = ["bernoulli", "multinomial", "normal", "rand_like", "randint_like", "randn_like",
           "randperm"]
