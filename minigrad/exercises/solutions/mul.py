"""Exercise "mul": write the backward of z = x * y (elementwise, with broadcasting).

backward receives g = dL/dz (z's shape) and returns (dL/dx, dL/dy). Each
element z = x y depends on x through the factor y, and on y through x.

Broadcasting: when x has shape (3,) and y shape (2, 3), x is used in both rows
of z. Return the gradient in z's shape: minigrad's engine then sums it down to
x's shape (the exercise "sum_to_shape" asks you to write that sum).

Check it:   python -m minigrad check mul.py
"""

import minigrad as mg

EXERCISE = "mul"


class Mul(mg.Function):
    def forward(self, x, y):
        self.saved = (x, y)
        return x * y

    def backward(self, g):
        x, y = self.saved
        # ---- yours: return (dL/dx, dL/dy) ----
        return g * y, g * x  # dz/dx = y and dz/dy = x, each times g
        # ---- end ----


if __name__ == "__main__":
    x = mg.tensor([1.0, 2.0, 3.0], dtype=mg.float64, requires_grad=True)
    y = mg.tensor([[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]], dtype=mg.float64, requires_grad=True)
    Mul.apply(x, y).sum().backward()
    print("dL/dx =", x.grad, " (each element was used twice: 1 + 2)")
