"""Layers: `Linear` (the perceptron's weighted sum), `Sequential`, `Identity`, `Flatten`,
`Dropout`."""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any, overload

import numpy as np

from ..dtypes import default_float
from ..errors import DTypeError, ShapeError, shape_str
from ..functional.dropout import check_probability, dropout
from ..functional.linear import linear
from ..ops.arguments import normalize_axis
from ..tensor import Tensor
from . import init
from .module import Module, Parameter


def _check_features(layer: str, **sizes: Any) -> None:
    for name, n in sizes.items():
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"{layer}: {name} must be a positive int, got {n!r}")


class Linear(Module):
    """y = x @ W.T + b: every output is a weighted sum of the inputs plus a bias.

    `weight` has shape (out_features, in_features) and `bias` (out_features,),
    as in PyTorch. Both start uniform in [-1/sqrt(in_features), 1/sqrt(in_features)]
    (PyTorch's default), drawn from `generator` or the one `mg.manual_seed` seeds.
    The input's last axis holds the features; leading axes are batch axes.
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        bias: bool = True,
        dtype: Any = None,
        generator: np.random.Generator | None = None,
    ) -> None:
        super().__init__()
        _check_features("Linear", in_features=in_features, out_features=out_features)
        dtype = np.dtype(default_float() if dtype is None else dtype)
        if dtype.kind != "f":
            raise DTypeError(f"Linear: dtype must be floating (float32 or float64), got {dtype}")
        self.in_features = int(in_features)
        self.out_features = int(out_features)
        self.weight = Parameter(np.empty((self.out_features, self.in_features), dtype=dtype))
        self.bias = Parameter(np.empty(self.out_features, dtype=dtype)) if bias else None
        self.reset_parameters(generator)

    def reset_parameters(self, generator: np.random.Generator | None = None) -> None:
        """Draw new initial weights: uniform in +-1/sqrt(in_features), as PyTorch does."""
        # kaiming_uniform_ with a = sqrt(5) is PyTorch's way of writing this bound.
        init.kaiming_uniform_(self.weight, a=math.sqrt(5), generator=generator)
        if self.bias is not None:
            bound = 1.0 / math.sqrt(self.in_features)
            init.uniform_(self.bias, -bound, bound, generator=generator)

    def forward(self, x: Tensor) -> Tensor:
        """x @ weight.T + bias (functional.linear), for x of shape (..., in_features)."""
        if not isinstance(x, Tensor):
            raise TypeError(
                f"Linear.forward: expected a Tensor, got {type(x).__name__}; "
                "wrap the data with mg.tensor(...)"
            )
        if x.ndim == 0 or x.shape[-1] != self.in_features:
            raise ShapeError(
                f"{self!r}: the input has shape {shape_str(x.shape)}, but its last axis must "
                f"be in_features={self.in_features}"
            )
        if x.dtype != self.weight.dtype:
            fix = "x.float()" if self.weight.dtype == np.float32 else "x.double()"
            raise DTypeError(
                f"{self!r}: the input has dtype {x.dtype} but the weights {self.weight.dtype}; "
                f"convert the input with {fix} (or the model with model.to(dtype))"
            )
        return linear(x, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, "
            f"bias={self.bias is not None}"
        )


class Identity(Module):
    """Returns its input unchanged (a placeholder layer)."""

    def forward(self, x: Any) -> Any:
        """x itself."""
        return x


class Flatten(Module):
    """Merge axes start_dim..end_dim into one: (N, 2, 3) -> (N, 6) by default."""

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, x: Tensor) -> Tensor:
        """x with the axes merged."""
        return x.flatten(self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Unflatten(Module):
    """Split axis `dim` into the axes `unflattened_size` (one of them may be -1):
    Unflatten(1, (2, 5)) turns (N, 10) into (N, 2, 5). The inverse of Flatten."""

    def __init__(self, dim: int, unflattened_size: Any) -> None:
        super().__init__()
        self.dim = dim
        self.unflattened_size = tuple(unflattened_size)

    def forward(self, x: Tensor) -> Tensor:
        """x with axis dim split into unflattened_size."""
        axis = normalize_axis(self.dim, x.ndim, "Unflatten")[0]
        sizes = self.unflattened_size
        known = int(np.prod([s for s in sizes if s != -1]))
        fits = x.shape[axis] == known if -1 not in sizes else known and x.shape[axis] % known == 0
        if not fits:
            raise ShapeError(f"Unflatten: sizes {sizes} do not multiply up to the size of "
                             f"dim {self.dim} ({x.shape[axis]}) of the input of shape "
                             f"{shape_str(x.shape)}")
        # -1 worked out along this axis alone: reshape could not infer it in an empty tensor
        sizes = tuple(x.shape[axis] // known if s == -1 else s for s in sizes)
        return x.reshape(x.shape[:axis] + sizes + x.shape[axis + 1:])

    def extra_repr(self) -> str:
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"


class Dropout(Module):
    """Zeros each value with probability `p` while training (the rest scaled by 1 / (1 - p));
    passes the input through unchanged after `model.eval()`. See functional.dropout."""

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        check_probability("Dropout", p)
        self.p = p  # as given, as PyTorch keeps it (repr shows p=1 for 1)
        self.inplace = inplace

    def forward(self, x: Tensor) -> Tensor:
        """functional.dropout(x, p, training=self.training)."""
        return dropout(x, self.p, self.training, self.inplace)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"


class Sequential(Module):
    """Modules applied one after another: `Sequential(Linear(2, 8), ReLU(), Linear(8, 1))`.

    The children are named '0', '1', ... (or by the keys of an OrderedDict),
    so parameters are named '0.weight', '2.bias', ...
    """

    def __init__(self, *modules: Module | OrderedDict[str, Module]) -> None:
        super().__init__()
        if len(modules) == 1 and isinstance(modules[0], OrderedDict):
            items = list(modules[0].items())
        else:
            items = [(str(i), m) for i, m in enumerate(modules)]
        for name, module in items:
            if not isinstance(module, Module):
                raise TypeError(
                    f"Sequential: item {name} is a {type(module).__name__}, not a Module"
                    + ("; did you mean the class instance, e.g. ReLU()?"
                       if isinstance(module, type) else "")
                )
            self.add_module(name, module)

    def forward(self, x: Any) -> Any:
        """Pass x through each module in turn."""
        for module in self.children():
            x = module(x)
        return x

    def append(self, module: Module) -> Sequential:
        """Add a module at the end; returns self."""
        if not isinstance(module, Module):
            raise TypeError(f"Sequential.append: expected a Module, got {type(module).__name__}")
        self.add_module(str(len(self._modules)), module)
        return self

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(list(self.children()))

    @overload
    def __getitem__(self, index: int) -> Module: ...

    @overload
    def __getitem__(self, index: slice) -> Sequential: ...

    def __getitem__(self, index: int | slice) -> Module:
        items = list(self._modules.items())
        if isinstance(index, slice):
            return Sequential(OrderedDict(items[index]))
        n = len(items)
        if not -n <= index < n:
            raise IndexError(f"Sequential index {index} is out of range for {n} modules")
        return items[index][1]
