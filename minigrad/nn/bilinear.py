"""`Bilinear`: y = x1^T A x2 + b, as PyTorch's (see minigrad/functional/bilinear.py).

    layer = nn.Bilinear(3, 2, 4)        # x1 (*, 3), x2 (*, 2) -> y (*, 4)

`weight` is (out_features, in1_features, in2_features) and `bias` (out_features,); both
start uniform in +-1/sqrt(in1_features), PyTorch's initialisation.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..dtypes import default_float
from ..errors import DTypeError
from ..functional.bilinear import bilinear
from ..tensor import Tensor
from . import init
from .module import Module, Parameter


class Bilinear(Module):
    """y_k = x1^T A_k x2 + b_k for each of the out_features outputs k."""

    def __init__(self, in1_features: int, in2_features: int, out_features: int,
                 bias: bool = True, dtype: Any = None,
                 generator: np.random.Generator | None = None) -> None:
        super().__init__()
        for name, n in (("in1_features", in1_features), ("in2_features", in2_features),
                        ("out_features", out_features)):
            if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
                raise ValueError(f"Bilinear: {name} must be a positive int, got {n!r}")
        dtype = np.dtype(default_float() if dtype is None else dtype)
        if dtype.kind != "f":
            raise DTypeError(f"Bilinear: dtype must be floating (float32 or float64), got {dtype}")
        self.in1_features, self.in2_features = int(in1_features), int(in2_features)
        self.out_features = int(out_features)
        shape = (self.out_features, self.in1_features, self.in2_features)
        self.weight = Parameter(np.empty(shape, dtype=dtype))
        self.bias = Parameter(np.empty(self.out_features, dtype=dtype)) if bias else None
        self.reset_parameters(generator)

    def reset_parameters(self, generator: np.random.Generator | None = None) -> None:
        """Draw new initial values: uniform in +-1/sqrt(in1_features), as PyTorch does."""
        bound = 1.0 / math.sqrt(self.in1_features)
        init.uniform_(self.weight, -bound, bound, generator=generator)
        if self.bias is not None:
            init.uniform_(self.bias, -bound, bound, generator=generator)

    def forward(self, input1: Any, input2: Any) -> Tensor:
        """functional.bilinear(input1, input2, weight, bias)."""
        return bilinear(input1, input2, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (f"in1_features={self.in1_features}, in2_features={self.in2_features}, "
                f"out_features={self.out_features}, bias={self.bias is not None}")
