"""`LayerNorm`: each sample normalised over its last axes, then scaled and shifted
(see functional.layer_norm for the formula and its gradient).

    norm = nn.LayerNorm(8)      # for inputs of shape (..., 8)
    norm(mg.randn(4, 5, 8))     # every vector of 8 numbers: mean 0, variance 1
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..dtypes import default_float
from ..errors import DTypeError
from ..functional.layer_norm import layer_norm, normalized
from ..tensor import Tensor
from . import init
from .module import Module, Parameter


class ScaleAndShift(Module):
    """Shared by the normalisation layers (LayerNorm, GroupNorm, the InstanceNorms): a
    learnt `weight` (ones to start) and `bias` (zeros), or None where there is none."""

    def add_scale_and_shift(self, shape: Any, dtype: Any, affine: bool, bias: bool) -> None:
        self.register_parameter("weight", Parameter(np.ones(shape, dtype)) if affine else None)
        self.register_parameter("bias", Parameter(np.zeros(shape, dtype)) if affine and bias
                                else None)

    def reset_parameters(self) -> None:
        """weight back to ones and bias to zeros."""
        if self.weight is not None:
            init.ones_(self.weight)
        if self.bias is not None:
            init.zeros_(self.bias)


class LayerNorm(ScaleAndShift):
    """y = (x - mean) / sqrt(var + eps) * weight + bias over the last axes of x, which must
    be `normalized_shape` (an int for one axis, or a tuple).

    With `elementwise_affine=True` (the default) `weight` (ones) and `bias` (zeros, or
    none with `bias=False`) are Parameters of shape normalized_shape, as in PyTorch.
    """

    def __init__(
        self,
        normalized_shape: Any,
        eps: float = 1e-5,
        elementwise_affine: bool = True,
        bias: bool = True,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        if isinstance(normalized_shape, (int, np.integer)) and not isinstance(
                normalized_shape, bool):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = normalized("LayerNorm", normalized_shape)
        if any(n < 0 for n in self.normalized_shape):
            raise ValueError(f"LayerNorm: normalized_shape must hold sizes >= 0, got "
                             f"{self.normalized_shape}")
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        dtype = np.dtype(default_float() if dtype is None else dtype)
        if dtype.kind != "f":
            raise DTypeError(f"LayerNorm: dtype must be floating (float32 or float64), got "
                             f"{dtype}")
        self.add_scale_and_shift(self.normalized_shape, dtype, elementwise_affine, bias)

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        """functional.layer_norm with this layer's shape, weight, bias and eps."""
        return layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.normalized_shape}, eps={self.eps}, elementwise_affine="
                f"{self.elementwise_affine}, bias={self.bias is not None}")
