"""Batch normalisation layers, as PyTorch's: `BatchNorm1d` (inputs (N, C) or (N, C, L)),
`BatchNorm2d` (images, (N, C, H, W)) and `BatchNorm3d` (volumes, (N, C, D, H, W)).

Each normalises every channel by the batch's mean and variance while training
and by its running estimates after `model.eval()`, then scales and shifts it by
the learnt `weight` and `bias` (see minigrad/functional/batch_norm.py for the
formulas). The running estimates are buffers, `running_mean`, `running_var`
and `num_batches_tracked`: part of `state_dict()`, not parameters.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..devices import check_device
from ..dtypes import default_float
from ..errors import DTypeError
from ..functional.batch_norm import batch_norm
from ..tensor import Tensor
from . import init
from .module import Module, Parameter


class _BatchNorm(Module):
    """What BatchNorm1d, 2d and 3d share; they differ only in the input's axes.

    `momentum` is the weight of each new batch in the running estimates (0.1); with
    `momentum=None` they are the plain average of all batches so far instead (weight
    1 / num_batches_tracked). `affine=False` leaves out weight and bias (`bias=False`
    only the bias); `track_running_stats=False` keeps no estimates, so the batch's own
    statistics are used in evaluation too.
    """

    expected_ndims: tuple[int, ...] = ()  # the input's numbers of axes
    _shapes = ""  # the input's shapes, in words, for the error

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1,
                 affine: bool = True, track_running_stats: bool = True, device: Any = None,
                 dtype: Any = None, *, bias: bool = True) -> None:
        super().__init__()
        check_device(device, type(self).__name__)
        if isinstance(num_features, bool) or not isinstance(num_features, (int, np.integer)):
            raise TypeError(f"{type(self).__name__}: num_features must be an int (the number "
                            f"of channels), got {num_features!r}")
        if num_features < 0:
            raise ValueError(f"{type(self).__name__}: num_features must be >= 0, got "
                             f"{num_features}")
        dtype = np.dtype(default_float() if dtype is None else dtype)
        if dtype.kind != "f":
            raise DTypeError(f"{type(self).__name__}: dtype must be floating, got {dtype}")
        self.num_features = int(num_features)
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        n = self.num_features
        self.register_parameter("weight", Parameter(np.ones(n, dtype)) if affine else None)
        self.register_parameter("bias", Parameter(np.zeros(n, dtype)) if affine and bias
                                else None)
        tracked = track_running_stats
        self.register_buffer("running_mean", Tensor(np.zeros(n, dtype)) if tracked else None)
        self.register_buffer("running_var", Tensor(np.ones(n, dtype)) if tracked else None)
        self.register_buffer("num_batches_tracked",
                             Tensor(np.array(0, np.int64)) if tracked else None)

    def reset_running_stats(self) -> None:
        """running_mean to 0, running_var to 1, num_batches_tracked to 0 (in place)."""
        if self.track_running_stats:
            self.running_mean.zero_()
            self.running_var.fill_(1)
            self.num_batches_tracked.zero_()

    def reset_parameters(self) -> None:
        """The running estimates reset, weight to 1 and bias to 0."""
        self.reset_running_stats()
        if self.weight is not None:
            init.ones_(self.weight)
        if self.bias is not None:
            init.zeros_(self.bias)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002  (PyTorch's name)
        """The input normalised per channel (axis 1): by the batch while training (and
        the running estimates updated), by the running estimates in eval mode."""
        ndim = np.ndim(input._data) if isinstance(input, Tensor) else np.ndim(input)
        if ndim not in self.expected_ndims:
            wanted = " or ".join(f"{d}D" for d in self.expected_ndims)
            raise ValueError(f"{type(self).__name__}: expected {wanted} input (got {ndim}D "
                             f"input), as PyTorch; {self._shapes}")
        factor = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats:
            self.num_batches_tracked.add_(1)
            if self.momentum is None:  # the running estimates: the average of all batches
                factor = 1.0 / int(self.num_batches_tracked.item())
        # batch statistics while training, and in eval mode when no estimates are kept
        use_batch = self.training or (self.running_mean is None and self.running_var is None)
        keep = not self.training or self.track_running_stats  # estimates to read or update
        return batch_norm(input, self.running_mean if keep else None,
                          self.running_var if keep else None, self.weight, self.bias,
                          use_batch, factor, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
                f"affine={self.affine}, bias={self.bias is not None}, "
                f"track_running_stats={self.track_running_stats}")


class BatchNorm1d(_BatchNorm):
    """Batch normalisation of vectors (N, C), or of sequences (N, C, L) per channel C.

    >>> bn = nn.BatchNorm1d(3)
    >>> bn
    BatchNorm1d(3, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)
    """

    expected_ndims = (2, 3)
    _shapes = "(N, C) or (N, C, L) with C = num_features"


class BatchNorm2d(_BatchNorm):
    """Batch normalisation of images (N, C, H, W), per channel C."""

    expected_ndims = (4,)
    _shapes = "(N, C, H, W) with C = num_features"


class BatchNorm3d(_BatchNorm):
    """Batch normalisation of volumes or clips (N, C, D, H, W), per channel C: the mean and
    variance over N, D, H and W."""

    expected_ndims = (5,)
    _shapes = "(N, C, D, H, W) with C = num_features"
