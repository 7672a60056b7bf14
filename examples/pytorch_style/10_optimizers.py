"""Five optimizers on one problem, from the same starting weights: SGD with
momentum, Adagrad, RMSprop, Adam and AdamW. Then an optimizer's state saved
with state_dict() and restored with load_state_dict().
"""

import os
import tempfile

import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim

rng = np.random.default_rng(0)
X = torch.tensor(rng.normal(size=(128, 5)), dtype=torch.float32)
true_w = torch.tensor([[1.5], [-2.0], [0.5], [0.0], [3.0]])
y = X @ true_w + 0.1 * torch.tensor(rng.normal(size=(128, 1)), dtype=torch.float32)
W0 = torch.tensor(rng.normal(0, 0.1, size=(1, 5)), dtype=torch.float32)


def fresh_model():
    model = nn.Linear(5, 1)
    with torch.no_grad():
        model.weight.copy_(W0)
        model.bias.zero_()
    return model


def fit(model, optimizer, steps=50):
    criterion = nn.MSELoss()
    for _ in range(steps):
        optimizer.zero_grad()
        loss = criterion(model(X), y)
        loss.backward()
        optimizer.step()
    return loss.item()


optimizers = {
    "SGD+momentum": lambda p: optim.SGD(p, lr=0.05, momentum=0.9),
    "Adagrad": lambda p: optim.Adagrad(p, lr=0.5),
    "RMSprop": lambda p: optim.RMSprop(p, lr=0.05),
    "Adam": lambda p: optim.Adam(p, lr=0.1),
    "AdamW": lambda p: optim.AdamW(p, lr=0.1, weight_decay=0.01),
}
for name, make in optimizers.items():
    model = fresh_model()
    final = fit(model, make(model.parameters()))
    w = model.weight.detach().squeeze().numpy().round(3)
    print(f"{name:13s} final loss {final:9.5f}  w = {w}")

# Checkpoint an optimizer halfway, then continue from the checkpoint
model = fresh_model()
optimizer = optim.Adam(model.parameters(), lr=0.1, betas=(0.9, 0.99))
fit(model, optimizer, steps=20)
with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "checkpoint.pt")
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict()}, path)
    checkpoint = torch.load(path)
print("optimizer state keys:", sorted(checkpoint["optimizer"]), "| param_groups[0]['betas']:",
      checkpoint["optimizer"]["param_groups"][0]["betas"])
print("state of the weight:", sorted(checkpoint["optimizer"]["state"][0]))
straight = fit(model, optimizer, steps=20)

resumed = fresh_model()
resumed.load_state_dict(checkpoint["model"])
optimizer2 = optim.Adam(resumed.parameters(), lr=0.1, betas=(0.9, 0.99))
optimizer2.load_state_dict(checkpoint["optimizer"])
print(f"continued {straight:.6f}, resumed from the checkpoint "
      f"{fit(resumed, optimizer2, steps=20):.6f}")
