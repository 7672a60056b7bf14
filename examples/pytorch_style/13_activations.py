"""Activation functions side by side: their values and slopes on a few points,
as functions, as Tensor methods and as nn modules, and one small network per
activation trained from the same start.
"""

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

z = torch.linspace(-3, 3, 7, requires_grad=True)
activations = {
    "relu": F.relu,
    "leaky_relu": lambda t: F.leaky_relu(t, negative_slope=0.1),
    "elu": F.elu,
    "gelu": F.gelu,
    "silu": F.silu,
    "softplus": F.softplus,
    "hardtanh": F.hardtanh,
    "logsigmoid": F.logsigmoid,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
}
print("z:", z.tolist())
for name, f in activations.items():
    out = f(z)
    (slope,) = torch.autograd.grad(out.sum(), z)
    print(f"{name:10s} f(z) = {np.round(out.detach().numpy(), 4)}")
    print(f"{'':10s} f'(z) = {np.round(slope.numpy(), 4)}")

# The same functions as Tensor methods and as modules
t = torch.tensor([-1.0, 0.5, 2.0])
print(t.relu().tolist(), t.sigmoid().numpy().round(4), t.tanh().numpy().round(4))
modules = [nn.ReLU(), nn.LeakyReLU(0.2), nn.ELU(), nn.GELU(), nn.SiLU(), nn.Softplus(),
           nn.Hardtanh(), nn.LogSigmoid(), nn.Sigmoid(), nn.Tanh()]
for module in modules:
    print(f"{type(module).__name__:10s}", module(t).numpy().round(4))

# One small network per activation, from the same starting weights
rng = np.random.default_rng(0)
X = torch.tensor(rng.uniform(-2, 2, size=(100, 1)), dtype=torch.float32)
y = torch.sin(2 * X)
W1, W2 = rng.normal(0, 1, size=(16, 1)), rng.normal(0, 0.3, size=(1, 16))
for module in [nn.ReLU(), nn.GELU(), nn.SiLU(), nn.Tanh()]:
    net = nn.Sequential(nn.Linear(1, 16), module, nn.Linear(16, 1))
    with torch.no_grad():
        net[0].weight.copy_(torch.tensor(W1))
        net[0].bias.fill_(0.1)
        net[2].weight.copy_(torch.tensor(W2))
        net[2].bias.zero_()
    optimizer = torch.optim.Adam(net.parameters(), lr=0.02)
    for _ in range(200):
        loss = F.mse_loss(net(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(f"{type(module).__name__:5s} after 200 steps: loss {loss.item():.5f}")
