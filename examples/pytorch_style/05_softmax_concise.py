"""Softmax regression the concise way: nn.Sequential, nn.CrossEntropyLoss, optim.SGD
and a DataLoader over a TensorDataset (d2l.ai's "concise implementation").
"""

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

rng = np.random.default_rng(1)

# 3 classes of 2x2 "images" (4 pixels), 50 of each
centers = rng.normal(0, 2.0, size=(3, 2, 2))
targets = np.tile(np.arange(3), 50)
images = centers[targets] + rng.normal(0, 1.0, size=(150, 2, 2))
dataset = TensorDataset(torch.tensor(images, dtype=torch.float32), torch.tensor(targets))
train_iter = DataLoader(dataset, batch_size=25, shuffle=False)
print("examples:", len(dataset), "batches:", len(train_iter))

# Flatten each 2x2 image to 4 inputs, then one linear layer with 3 outputs
net = nn.Sequential(nn.Flatten(), nn.Linear(4, 3))
W0 = rng.normal(0, 0.01, size=(3, 4))


def init_weights(m):
    if isinstance(m, nn.Linear):
        with torch.no_grad():
            m.weight.copy_(torch.tensor(W0))
            m.bias.zero_()


net.apply(init_weights)
loss = nn.CrossEntropyLoss(reduction="none")
trainer = torch.optim.SGD(net.parameters(), lr=0.1)

num_epochs = 5
for epoch in range(num_epochs):
    net.train()
    total_loss, total_correct, total = 0.0, 0, 0
    for X, y in train_iter:
        y_hat = net(X)
        l = loss(y_hat, y)  # noqa: E741
        trainer.zero_grad()
        l.mean().backward()
        trainer.step()
        total_loss += l.sum().item()
        total_correct += int((y_hat.argmax(dim=1) == y).sum())
        total += y.numel()
    print(f"epoch {epoch + 1}: loss {total_loss / total:.4f}, "
          f"train acc {total_correct / total:.3f}")

net.eval()
with torch.no_grad():
    X, y = next(iter(train_iter))
    probs = torch.softmax(net(X[:4]), dim=1)
    print("probabilities:\n", probs.numpy().round(3))
    print("predicted:", probs.argmax(1).tolist(), "true:", y[:4].tolist())
