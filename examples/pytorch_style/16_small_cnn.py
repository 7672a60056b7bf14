"""A small CNN in the style of PyTorch's MNIST example, on a tiny synthetic data set:
8x8 images of a horizontal bar, a vertical bar or a diagonal, with noise. nn.Conv2d,
F.max_pool2d, nn.MaxPool2d, F.avg_pool2d, torch.flatten, log_softmax with nll_loss,
SGD with momentum, a DataLoader, and one image passed without a batch axis.
"""

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.utils.data import DataLoader, TensorDataset

rng = np.random.default_rng(0)


def make_bars(n):
    """n noisy 8x8 images: class 0 a horizontal bar, 1 a vertical bar, 2 a diagonal."""
    labels = np.tile(np.arange(3), n // 3)
    images = rng.normal(0, 0.3, size=(n, 1, 8, 8))
    for i, label in enumerate(labels):
        k = rng.integers(1, 7)
        if label == 0:
            images[i, 0, k, :] += 1.0
        elif label == 1:
            images[i, 0, :, k] += 1.0
        else:
            images[i, 0] += np.eye(8)[:, ::-1] if k % 2 else np.eye(8)
    return images, labels


images, labels = make_bars(150)
X = torch.tensor(images, dtype=torch.float32)
y = torch.tensor(labels)
train_loader = DataLoader(TensorDataset(X[:120], y[:120]), batch_size=30)
test_x, test_y = X[120:], y[120:]
print("train batches:", len(train_loader), "image shape:", tuple(X.shape[1:]))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, padding=1)  # 8x8 -> 8x8
        self.pool = nn.MaxPool2d(2)  # -> 4x4
        self.conv2 = nn.Conv2d(4, 8, kernel_size=3)  # -> 2x2
        self.fc = nn.Linear(8, 3)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)  # -> 1x1
        x = torch.flatten(x, 1)
        return F.log_softmax(self.fc(x), dim=1)


model = Net()
print(model)
with torch.no_grad():  # starting weights from numpy (PyTorch would draw its own)
    for param in model.parameters():
        param.copy_(torch.tensor(rng.normal(0, 0.4, size=tuple(param.shape))))
print("parameters:", sum(p.numel() for p in model.parameters()))

out = model.conv1(X[:2])
print("conv1 output:", tuple(out.shape), "pooled:", tuple(model.pool(out).shape),
      "avg-pooled:", tuple(F.avg_pool2d(out, 2, stride=2).shape))
print(f"first activations: {out[0, 0, 0, :4].tolist()}")

optimizer = optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
for epoch in range(6):
    model.train()
    total = 0.0
    for batch, (inputs, targets) in enumerate(train_loader):
        optimizer.zero_grad()
        loss = F.nll_loss(model(inputs), targets)
        loss.backward()
        if epoch == 0 and batch == 0:
            print(f"first loss {loss.item():.4f}, conv1 weight grad sum "
                  f"{model.conv1.weight.grad.abs().sum().item():.4f}, "
                  f"conv2 bias grad {model.conv2.bias.grad[:3].tolist()}")
        optimizer.step()
        total += loss.item() * len(inputs)
    print(f"epoch {epoch + 1}  loss {total / 120:.4f}")

model.eval()
with torch.no_grad():
    predicted = model(test_x).argmax(dim=1)
    accuracy = (predicted == test_y).float().mean().item()
    single = model.conv1(test_x[0])  # one image, no batch axis: (C, H, W)
print(f"test accuracy: {100 * accuracy:.1f}%")
print("one image through conv1:", tuple(single.shape))
