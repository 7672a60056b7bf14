"""`Unfold` and `Fold`, PyTorch's layers on minigrad.functional's unfold and fold (im2col
and col2im). They keep their settings as given and check them when called."""

from __future__ import annotations

from typing import Any

from ..functional.fold import fold, unfold
from ..tensor import Tensor
from .module import Module


class Unfold(Module):
    """Every kernel_size window of x (N, C, H, W) or (C, H, W) as a column:
    (N, C * kH * kW, L). See functional.unfold."""

    def __init__(self, kernel_size: Any, dilation: Any = 1, padding: Any = 0,
                 stride: Any = 1) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.dilation = dilation
        self.padding = padding
        self.stride = stride

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002  (PyTorch's name)
        """The columns of input's windows."""
        return unfold(input, self.kernel_size, self.dilation, self.padding, self.stride)

    def extra_repr(self) -> str:
        return (f"kernel_size={self.kernel_size}, dilation={self.dilation}, "
                f"padding={self.padding}, stride={self.stride}")


class Fold(Module):
    """Columns (N, C * kH * kW, L) added back into their windows of an (N, C, *output_size)
    image, summed where windows overlap: Unfold's adjoint. See functional.fold."""

    def __init__(self, output_size: Any, kernel_size: Any, dilation: Any = 1,
                 padding: Any = 0, stride: Any = 1) -> None:
        super().__init__()
        self.output_size = output_size
        self.kernel_size = kernel_size
        self.dilation = dilation
        self.padding = padding
        self.stride = stride

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002  (PyTorch's name)
        """The image the columns add up to."""
        return fold(input, self.output_size, self.kernel_size, self.dilation, self.padding,
                    self.stride)

    def extra_repr(self) -> str:
        return (f"output_size={self.output_size}, kernel_size={self.kernel_size}, "
                f"dilation={self.dilation}, padding={self.padding}, stride={self.stride}")
