"""mse_loss: the squared error of the perceptron and of linear regression.

The lecture starts here: E = 1/2 sum_d (y_d - yhat_d)^2. PyTorch's mse_loss
(and ours) leaves out the 1/2 and, with reduction='mean', divides by the
number of elements: mean((input - target)^2).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..function import Function
from ..tensor import Tensor
from .reduction import check_reduction, mean_scale, reduce_array, spread
from .validation import float_input, float_target, promoted_floats


class MSELoss(Function):
    """loss = reduce((x - y)^2).

    dloss/dx = 2 (x - y) and dloss/dy = -2 (x - y) for each element, times
    1/n for the mean over n elements.
    """

    def forward(self, x: np.ndarray, y: np.ndarray, reduction: str) -> np.ndarray:
        # 1 / n for the mean over all n elements (kept for backward)
        self.scale = mean_scale("mse_loss", x.size, x.dtype) if reduction == "mean" else None
        diff = x - y
        return reduce_array(diff * diff, reduction, self.scale, x.size == 0)

    def backward(self, g: Any) -> tuple[Any, Any]:
        x, y = self.saved_inputs()
        g = spread(g, self.params["reduction"], x.shape, self.scale)
        gx = g * (x - y) * 2
        return gx, (-gx if self.needs_input_grad[1] else None)


@promoted_floats()
def mse_loss(input: Any, target: Any, reduction: str = "mean") -> Tensor:
    """Mean (or sum, or each) of the squared differences (input - target)^2.

    input and target must have the same shape: a silently broadcast (N,)
    against (N, 1) would compare every prediction with every target.
    """
    fn = "mse_loss"
    x = float_input(fn, input)
    reduction = check_reduction(fn, reduction)
    y = float_target(fn, target, x)
    return MSELoss.apply(x, y, reduction=reduction)
