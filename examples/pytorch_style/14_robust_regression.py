"""Fitting a line through data with outliers: MSELoss against L1Loss,
SmoothL1Loss and HuberLoss, which give a large error less weight.
"""

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

rng = np.random.default_rng(0)
x = rng.uniform(0, 10, size=(60, 1))
y = 0.5 * x + 1.0 + rng.normal(0, 0.2, size=(60, 1))
y[::10] += 8.0  # every tenth point is an outlier
X = torch.tensor(x, dtype=torch.float32)
Y = torch.tensor(y, dtype=torch.float32)

# The losses on one prediction, and their gradients
pred = torch.tensor([0.0, 0.5, 3.0], requires_grad=True)
target = torch.zeros(3)
for loss_fn in [nn.MSELoss(), nn.L1Loss(), nn.SmoothL1Loss(beta=1.0), nn.HuberLoss(delta=1.0)]:
    loss = loss_fn(pred, target)
    loss.backward()
    print(f"{type(loss_fn).__name__:13s} loss {loss.item():.4f}  grad {pred.grad.numpy().round(4)}")
    pred.grad = None
print("functions:", F.l1_loss(pred, target).item(),
      F.smooth_l1_loss(pred, target, beta=0.5).item(), F.huber_loss(pred, target, delta=2.0).item(),
      F.mse_loss(pred, target, reduction="sum").item())

# Fit a line with each loss, by full-batch gradient descent from the same start
for loss_fn in [nn.MSELoss(), nn.L1Loss(), nn.SmoothL1Loss(), nn.HuberLoss(delta=0.5)]:
    model = nn.Linear(1, 1)
    with torch.no_grad():
        model.weight.fill_(0.0)
        model.bias.fill_(0.0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.02, momentum=0.9)
    for _ in range(300):
        optimizer.zero_grad()
        loss = loss_fn(model(X), Y)
        loss.backward()
        optimizer.step()
    slope, intercept = model.weight.item(), model.bias.item()
    print(f"{type(loss_fn).__name__:13s} y = {slope:.3f} x + {intercept:.3f}  "
          f"(final loss {loss.item():.4f})")
print("the true line: y = 0.500 x + 1.000")
