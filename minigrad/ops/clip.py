"""clip (PyTorch's clamp): values limited to [min, max], the bounds numbers or Tensors.

Its own module because of what the bounds may be: numbers (parameters of the
op) or Tensors (inputs that get gradients), with PyTorch's rules for a bound
above the other and for the dtype the bounds meet x in.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..dtypes import is_python_scalar, result_type, to_array
from ..errors import broadcast_error
from ..function import Function
from ..tensor import Tensor
from . import either
from .arguments import as_tensor
from .cast import cast
from .either import raw


class Clip(Function):
    """z = min(max(x, low), high).   dz/dx = 1 where low <= x <= high, else 0.

    PyTorch's clamp: where low > high, z = high. For the bounds,
    dz/dlow  = 1 where x < low and low < high, else 0
    dz/dhigh = 1 where x > high, or where high < low, else 0
    so the gradient of each element goes to the one value z took there. A bound
    given as a number is the parameter `min` or `max`; a bound given as a
    Tensor is an input after x (min before max), named in `tensor_bounds`, and
    gets its gradient summed back to its shape.
    """

    def forward(
        self,
        x: np.ndarray,
        *bound_arrays: np.ndarray,
        min: Any = None,
        max: Any = None,
        tensor_bounds: tuple[str, ...] = (),
    ) -> np.ndarray:
        given = dict(zip(tensor_bounds, bound_arrays))
        low, high = given.get("min", min), given.get("max", max)
        inside, below, above = True, False, False  # NaN compares False: no gradient
        if low is not None:
            inside, below = x >= low, x < low
        if high is not None:
            inside, above = inside & (x <= high), x > high
        if low is not None and high is not None:  # where high < low, z = high whatever x is
            below, above = below & (low < high), above | (high < low)  # (PyTorch's rule)
        self.saved = (inside, below, above)
        return np.clip(x, low, high)

    def backward(self, g: Any) -> Any:
        inside, below, above = self.saved
        grads = [either.masked(g, inside)]
        tensor_bounds = self.params.get("tensor_bounds", ())
        for k, name in enumerate(tensor_bounds, start=1):
            need = self.needs_input_grad[k]
            mask = below if name == "min" else above
            grads.append(either.masked(g, mask) if need else None)
        return tuple(grads) if tensor_bounds else grads[0]

    def explain_error(self, error: Exception, inputs: Any) -> Exception:
        x, *bounds = inputs
        for bound in bounds:
            try:
                np.broadcast_shapes(x.shape, bound.shape)
            except ValueError:
                return broadcast_error("clip", x, bound)
        return super().explain_error(error, inputs)




def clip(x: Any, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002
    """Values limited to [min, max] (PyTorch's clamp); either bound may be None.

    Tensor bounds get gradients (where they are the value taken); where
    min > max the result is max, as in PyTorch. The dtype follows PyTorch's
    promotion: float32 x with number bounds stays float32.
    """
    if min is None and max is None:
        raise ValueError("clip: give at least one of min and max")
    numbers = [is_python_scalar(v) or isinstance(v, np.generic) for v in (min, max)]
    wrapped = None  # a bound given as a 0-d tensor beside a number
    if min is not None and max is not None and numbers[0] != numbers[1]:
        # One number and one tensor: PyTorch takes a 0-d tensor that needs no gradient
        # as the number it holds, and refuses any other tensor here
        tensor = max if numbers[0] else min
        if np.ndim(raw(tensor)) != 0 or getattr(tensor, "requires_grad", False):
            raise TypeError(
                f"clip: min and max must both be numbers or both be tensors, got "
                f"{type(min).__name__} and {type(max).__name__} (as in PyTorch, a tensor "
                "goes with a number only if it is 0-d and needs no gradient); make the "
                "number a tensor too, e.g. mg.tensor(1.0)"
            )
        # Its value is stored in x's dtype as a tensor's would be: wrapping around, not
        # refused as an out-of-range number is (uint8 with a 0-d int64 tensor -2 is 254)
        wrapped = "max" if numbers[0] else "min"
        if numbers[0]:
            max = raw(max).item()
        else:
            min = raw(min).item()
    x = as_tensor(x)
    values = [v if v is None or isinstance(v, (Tensor, np.generic)) or is_python_scalar(v)
              else to_array(v) for v in (min, max)]
    dtype = result_type(x._data, *[raw(v) if isinstance(v, Tensor) else v
                                  for v in values if v is not None])
    if dtype == np.bool_ and all(isinstance(v, Tensor) for v in values):
        # both bounds bool tensors: PyTorch has no such clamp (one of them alone it takes)
        raise TypeError("clip: bool tensors cannot be clamped between bool tensors (as in "
                        "PyTorch); convert first, e.g. mask.long().clamp(0, 1)")
    if x._data.dtype != dtype:
        x = cast(x, dtype)
    params: dict[str, Any] = {}  # the bounds given as numbers, as the picture shows them
    inputs, names = [], []
    for name, v in zip(("min", "max"), values):
        if isinstance(v, Tensor):  # an input: it gets a gradient
            inputs.append(v if v._data.dtype == dtype else cast(v, dtype))
            names.append(name)
        elif v is not None:  # a constant of the result's dtype
            if name == wrapped:
                params[name] = np.asarray(v).astype(dtype)
                continue
            if dtype.kind in "iu" and not np.iinfo(dtype).min <= v <= np.iinfo(dtype).max:
                raise OverflowError(
                    f"clip: {name}={v} does not fit the tensor's dtype {dtype}; convert the "
                    "tensor to a wider one first, e.g. x.astype(np.int64)"
                )
            params[name] = np.asarray(v, dtype=dtype)
    if names:
        params["tensor_bounds"] = tuple(names)
    return Clip.apply(x, *inputs, **params)
