"""Logistic regression: two clouds of points, nn.Linear with a sigmoid, BCELoss.

Then the same model trained on raw scores with BCEWithLogitsLoss (the stable way).
"""

import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(0)

# Two Gaussian blobs: class 0 around (-1, -1), class 1 around (1, 1)
n = 100
points = np.concatenate([rng.normal(-1.0, 1.0, size=(n, 2)), rng.normal(1.0, 1.0, size=(n, 2))])
classes = np.concatenate([np.zeros(n), np.ones(n)])
X = torch.tensor(points, dtype=torch.float32)
y = torch.tensor(classes, dtype=torch.float32).unsqueeze(1)
W0 = rng.normal(0, 0.1, size=(1, 2))


class LogisticRegression(nn.Module):
    def __init__(self, n_inputs):
        super().__init__()
        self.linear = nn.Linear(n_inputs, 1)

    def forward(self, x):
        return torch.sigmoid(self.linear(x))


model = LogisticRegression(2)
with torch.no_grad():
    model.linear.weight.copy_(torch.from_numpy(W0))
    model.linear.bias.zero_()

criterion = nn.BCELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
for epoch in range(100):
    optimizer.zero_grad()
    y_prob = model(X)
    loss = criterion(y_prob, y)
    loss.backward()
    optimizer.step()
    if epoch % 20 == 0:
        print(f"Epoch [{epoch}/100], Loss: {loss.item():.4f}")

with torch.no_grad():
    predicted = (model(X) >= 0.5).float()
    accuracy = (predicted == y).float().mean()
print(f"accuracy: {accuracy.item() * 100:.1f}%")
print("weights:", model.linear.weight.detach().numpy().round(4),
      "bias:", round(model.linear.bias.item(), 4))

# The same model on raw scores: BCEWithLogitsLoss puts the sigmoid inside the loss
linear = nn.Linear(2, 1)
with torch.no_grad():
    linear.weight.copy_(torch.from_numpy(W0))
    linear.bias.zero_()
loss_fn = nn.BCEWithLogitsLoss()
optimizer = torch.optim.SGD(linear.parameters(), lr=0.5)
for _ in range(100):
    loss = loss_fn(linear(X), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
same = torch.allclose(linear.weight, model.linear.weight)
print(f"with logits: loss {loss.item():.4f}, same weights: {same}")
probs = torch.sigmoid(linear(X[:3])).squeeze()
print("first three probabilities:", [f"{p:.3f}" for p in probs.tolist()])
