"""Upsampling layers: `Upsample`, `UpsamplingNearest2d`, `UpsamplingBilinear2d`,
PyTorch's, on minigrad.functional.interpolate. They keep their settings as given and
check them when called (as PyTorch's do); the index rules are in minigrad/ops/resize.py."""

from __future__ import annotations

from typing import Any

from ..functional.resize import interpolate
from ..tensor import Tensor
from .module import Module


class Upsample(Module):
    """x (N, C, L) or (N, C, H, W) resized to `size` or by `scale_factor` with `mode`
    ('nearest', 'nearest-exact', 'linear', 'bilinear'); see functional.interpolate."""

    def __init__(self, size: Any = None, scale_factor: Any = None, mode: str = "nearest",
                 align_corners: bool | None = None,
                 recompute_scale_factor: bool | None = None) -> None:
        super().__init__()
        self.name = type(self).__name__
        self.size = size
        # PyTorch keeps a scale factor as a float (a tuple of floats; 0 as None)
        if isinstance(scale_factor, (tuple, list)):
            self.scale_factor: Any = tuple(float(f) for f in scale_factor)
        else:
            self.scale_factor = float(scale_factor) if scale_factor else None
        self.mode = mode
        self.align_corners = align_corners
        self.recompute_scale_factor = recompute_scale_factor

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002  (PyTorch's name)
        """The resized input."""
        return interpolate(input, self.size, self.scale_factor, self.mode, self.align_corners,
                           recompute_scale_factor=self.recompute_scale_factor)

    def extra_repr(self) -> str:
        if self.scale_factor is not None:
            info = f"scale_factor={self.scale_factor!r}"
        else:
            info = f"size={self.size!r}"
        return info + f", mode={self.mode!r}"


class UpsamplingNearest2d(Upsample):
    """Upsample with mode='nearest' for (N, C, H, W) inputs (PyTorch keeps it for old code:
    nn.Upsample(..., mode='nearest') is the same)."""

    def __init__(self, size: Any = None, scale_factor: Any = None) -> None:
        super().__init__(size, scale_factor, mode="nearest")


class UpsamplingBilinear2d(Upsample):
    """Upsample with mode='bilinear' and align_corners=True (the corners of input and output
    aligned), for (N, C, H, W) inputs, as PyTorch's."""

    def __init__(self, size: Any = None, scale_factor: Any = None) -> None:
        super().__init__(size, scale_factor, mode="bilinear", align_corners=True)
