"""Learning-rate schedules: SGD with momentum under StepLR, then Adam under
ExponentialLR, on a small regression problem.
"""

import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim
from torch.optim.lr_scheduler import ExponentialLR, StepLR

rng = np.random.default_rng(0)
X = torch.tensor(rng.uniform(-2, 2, size=(64, 3)), dtype=torch.float32)
y = (X ** 2).sum(dim=1, keepdim=True) - 1.0
W1, W2 = rng.normal(0, 0.5, size=(16, 3)), rng.normal(0, 0.5, size=(1, 16))


def make_model():
    model = nn.Sequential(nn.Linear(3, 16), nn.Tanh(), nn.Linear(16, 1))
    with torch.no_grad():
        model[0].weight.copy_(torch.tensor(W1))
        model[0].bias.zero_()
        model[2].weight.copy_(torch.tensor(W2))
        model[2].bias.zero_()
    return model


def train(model, optimizer, scheduler, epochs):
    loss_fn = nn.MSELoss()
    for epoch in range(epochs):
        optimizer.zero_grad()
        loss = loss_fn(model(X), y)
        loss.backward()
        optimizer.step()
        scheduler.step()  # after optimizer.step(), once per epoch
        if epoch % 4 == 3:
            lr = scheduler.get_last_lr()[0]
            print(f"epoch {epoch + 1:2d}: loss {loss.item():.4f}, next lr {lr:.5f}")
    return loss.item()


model = make_model()
optimizer = optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
scheduler = StepLR(optimizer, step_size=8, gamma=0.5)
print("StepLR, start lr:", optimizer.param_groups[0]["lr"])
final_step = train(model, optimizer, scheduler, 24)
print("the optimizer uses the scheduler's lr:",
      optimizer.param_groups[0]["lr"] == scheduler.get_last_lr()[0])

model = make_model()
optimizer = optim.Adam(model.parameters(), lr=0.05)
scheduler = ExponentialLR(optimizer, gamma=0.9)
print("ExponentialLR, start lr:", scheduler.get_last_lr())
final_exp = train(model, optimizer, scheduler, 24)
print(f"final losses: StepLR {final_step:.4f}, ExponentialLR {final_exp:.4f}")
state = scheduler.state_dict()
print("scheduler state:", {k: v for k, v in state.items() if k in ("last_epoch", "gamma")})
