"""A small MLP on two interleaving half-moons: nn.Sequential, ReLU, Adam, and a
DataLoader over a TensorDataset in mini-batches, with a held-out test split.
"""

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.utils.data import DataLoader, Dataset, TensorDataset, random_split

rng = np.random.default_rng(0)


def make_moons(n):
    """Two half circles, one shifted: a data set no straight line separates."""
    angle = rng.uniform(0, np.pi, size=n)
    upper = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    lower = np.stack([1 - np.cos(angle), 0.5 - np.sin(angle)], axis=1)
    label = rng.integers(0, 2, size=n)
    points = np.where(label[:, None] == 0, upper, lower) + rng.normal(0, 0.1, size=(n, 2))
    return points, label


points, label = make_moons(300)
X = torch.tensor(points, dtype=torch.float32)
y = torch.tensor(label, dtype=torch.long)
train_set = TensorDataset(X[:240], y[:240])
test_set = TensorDataset(X[240:], y[240:])
train_loader = DataLoader(train_set, batch_size=32, shuffle=False)
print(f"train: {len(train_set)} examples in {len(train_loader)} batches; test: {len(test_set)}")

# random_split draws its own permutation: only its sizes are the same in every library
part_a, part_b = random_split(train_set, [200, 40])
print("random_split sizes:", len(part_a), len(part_b), isinstance(part_a, Dataset))

model = nn.Sequential(
    nn.Linear(2, 16),
    nn.ReLU(),
    nn.Linear(16, 16),
    nn.ReLU(),
    nn.Linear(16, 2),
)
with torch.no_grad():  # starting weights from numpy (PyTorch would draw its own)
    for param in model.parameters():
        param.copy_(torch.tensor(rng.normal(0, 0.5, size=tuple(param.shape))))
print("parameters:", sum(p.numel() for p in model.parameters()))

optimizer = optim.Adam(model.parameters(), lr=0.01)
for epoch in range(30):
    model.train()
    running_loss = 0.0
    for inputs, targets in train_loader:
        optimizer.zero_grad()
        outputs = model(inputs)
        loss = F.cross_entropy(outputs, targets)
        loss.backward()
        optimizer.step()
        running_loss += loss.item() * inputs.size(0)
    if epoch % 5 == 4:
        print(f"epoch {epoch + 1:2d}  loss {running_loss / len(train_set):.4f}")

model.eval()
correct = 0
with torch.no_grad():
    for inputs, targets in DataLoader(test_set, batch_size=32):
        _, predicted = torch.max(model(inputs), 1)
        correct += (predicted == targets).sum().item()
print(f"test accuracy: {100 * correct / len(test_set):.1f}%")
