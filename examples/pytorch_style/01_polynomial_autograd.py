"""Fit y = sin(x) with a cubic polynomial, using autograd and a hand-written update.

In the style of PyTorch's "Learning PyTorch with Examples" (tensors and autograd).
"""

import math

import numpy as np
import torch

dtype = torch.float
device = torch.device("cpu")
rng = np.random.default_rng(0)

# Input and output: x from -pi to pi, y = sin(x)
x = torch.linspace(-math.pi, math.pi, 2000, device=device, dtype=dtype)
y = torch.sin(x)

# Four weights, drawn at random (from numpy, so that every library starts alike)
a = torch.tensor(rng.normal(), device=device, dtype=dtype, requires_grad=True)
b = torch.tensor(rng.normal(), device=device, dtype=dtype, requires_grad=True)
c = torch.tensor(rng.normal(), device=device, dtype=dtype, requires_grad=True)
d = torch.tensor(rng.normal(), device=device, dtype=dtype, requires_grad=True)

learning_rate = 1e-6
for t in range(1000):
    # Forward pass: the polynomial, then the sum of squared errors
    y_pred = a + b * x + c * x ** 2 + d * x ** 3
    loss = (y_pred - y).pow(2).sum()
    if t % 100 == 99:
        print(t, loss.item())

    # Backward pass: fills a.grad, b.grad, c.grad and d.grad
    loss.backward()

    # Gradient descent by hand: no graph is recorded for the update
    with torch.no_grad():
        a -= learning_rate * a.grad
        b -= learning_rate * b.grad
        c -= learning_rate * c.grad
        d -= learning_rate * d.grad

        # Zero the gradients: backward adds to them
        a.grad.zero_()
        b.grad.zero_()
        c.grad.zero_()
        d.grad = None

print(f"Result: y = {a.item():.4f} + {b.item():.4f} x + {c.item():.4f} x^2 + {d.item():.4f} x^3")
