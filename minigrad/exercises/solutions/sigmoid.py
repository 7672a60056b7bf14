"""Exercise "sigmoid": write the backward of the sigmoid.

    z = sigmoid(x) = 1 / (1 + e^-x)

forward is written and keeps z. backward receives g = dL/dz, the gradient of
the loss with respect to z (one number per element of z), and returns dL/dx.
By the chain rule dL/dx = g * dz/dx. Differentiate 1 / (1 + e^-x) and write
the result with z alone: that is why forward kept z.

Check it:   python -m minigrad check sigmoid.py
"""

import numpy as np

import minigrad as mg

EXERCISE = "sigmoid"


class Sigmoid(mg.Function):
    def forward(self, x):
        z = 1 / (1 + np.exp(-x))
        self.saved = z
        return z

    def backward(self, g):
        z = self.saved
        # ---- yours: return dL/dx ----
        return g * z * (1 - z)  # dz/dx = e^-x / (1 + e^-x)^2 = z (1 - z)
        # ---- end ----


if __name__ == "__main__":
    x = mg.tensor([-2.0, 0.0, 3.0], dtype=mg.float64, requires_grad=True)
    Sigmoid.apply(x).sum().backward()
    print("dL/dx =", x.grad)
