"""Linear regression with nn.Linear, nn.MSELoss and optim.SGD.

The data: y = 2 x1 - 3.4 x2 + 4.2 plus a little noise (d2l.ai's synthetic data).
"""

import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim

rng = np.random.default_rng(0)

# Synthetic data, made with numpy
true_w = np.array([2.0, -3.4])
true_b = 4.2
features = rng.normal(0, 1, size=(200, 2))
labels = features @ true_w + true_b + rng.normal(0, 0.01, size=200)

X = torch.tensor(features, dtype=torch.float32)
y = torch.tensor(labels, dtype=torch.float32).reshape((-1, 1))
print("X:", X.shape, X.dtype, "y:", y.shape)

# The model: one linear layer, with starting weights taken from numpy
model = nn.Linear(2, 1)
with torch.no_grad():
    model.weight.copy_(torch.tensor(rng.normal(0, 0.01, size=(1, 2))))
    model.bias.fill_(0)

criterion = nn.MSELoss()
optimizer = optim.SGD(model.parameters(), lr=0.03)

for epoch in range(60):
    y_hat = model(X)
    loss = criterion(y_hat, y)

    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

    if (epoch + 1) % 10 == 0:
        print(f"epoch {epoch + 1}, loss {loss.item():.6f}")

w = model.weight.data
b = model.bias.data
print("error in estimating w:", true_w - w.reshape(true_w.shape).numpy())
print("error in estimating b:", true_b - b.item())
print(f"w = {w.squeeze().tolist()}, b = {b.item():.4f}")

# Predict for new points, without building a graph
with torch.no_grad():
    new_x = torch.tensor([[1.0, 1.0], [0.0, -1.0]])
    print("predictions:", model(new_x).squeeze(1).tolist())
