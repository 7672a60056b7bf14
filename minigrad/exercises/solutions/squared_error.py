"""Exercise "squared_error": the lecture's first loss, forward and backward.

    E = 1/2 * sum_i (y_i - yhat_i)^2

yhat is the model's output (it gets a gradient); the targets y are passed as
the parameter `target`. Write forward (return E as a 0-d array: np.sum gives
one) and backward: g = dL/dE arrives, return dL/dyhat.

Check it:   python -m minigrad check squared_error.py
"""

import numpy as np

import minigrad as mg

EXERCISE = "squared_error"


class SquaredError(mg.Function):
    def forward(self, yhat, target):
        # ---- yours: return E ----
        return 0.5 * np.sum((target - yhat) ** 2)
        # ---- end ----

    def backward(self, g):
        (yhat,) = self.saved_inputs()  # the inputs forward got
        y = self.params["target"]
        # ---- yours: return dL/dyhat ----
        return g * (yhat - y)  # the 1/2 cancels the 2 of the square; the inner -1 flips y - yhat
        # ---- end ----


if __name__ == "__main__":
    yhat = mg.tensor([0.5, 2.0], dtype=mg.float64, requires_grad=True)
    SquaredError.apply(yhat, target=np.array([1.0, 1.0])).backward()
    print("dE/dyhat =", yhat.grad)
