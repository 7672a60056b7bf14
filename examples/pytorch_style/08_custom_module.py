"""A custom nn.Module: layers kept in an nn.ModuleList, dropout that is active
only in training mode, parameters by name, and the state_dict round trip.
"""

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

rng = np.random.default_rng(0)


class MLP(nn.Module):
    def __init__(self, sizes, p_drop=0.5):
        super().__init__()
        self.layers = nn.ModuleList(
            [nn.Linear(n_in, n_out) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
        )
        self.dropout = nn.Dropout(p_drop)

    def forward(self, x):
        for layer in self.layers[:-1]:
            x = self.dropout(F.relu(layer(x)))
        return self.layers[-1](x)


model = MLP([3, 8, 8, 2])
print(model.layers[0])
print("number of layers:", len(model.layers))
for name, param in model.named_parameters():
    print(f"{name:16s} {tuple(param.shape)}")
with torch.no_grad():
    for param in model.parameters():
        param.copy_(torch.tensor(rng.normal(0, 0.5, size=tuple(param.shape))))

x = torch.tensor(rng.normal(size=(4, 3)), dtype=torch.float32)

# In eval mode dropout does nothing: the output is fixed
model.eval()
with torch.no_grad():
    out_eval = model(x)
print("training:", model.training, "| eval output:\n", out_eval.numpy().round(4))

# In training mode dropout zeroes about half of the activations and doubles the rest,
# with its own random draws: check the rule rather than print them
model.train()
drop = model.dropout
ones = torch.ones(1000)
dropped = drop(ones)
zeros = (dropped == 0).sum().item()
print("training:", model.training, "| some zeroed:", 300 < zeros < 700,
      "| others doubled:", bool((dropped[dropped != 0] == 2).all()))

# A training step touches every layer in the list
targets = torch.tensor([0, 1, 1, 0])
model.eval()  # dropout off: the numbers below are the same in every run
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for step in range(3):
    loss = F.cross_entropy(model(x), targets)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(f"step {step}: loss {loss:.5f}")
print("every layer got a gradient:", all(layer.weight.grad is not None for layer in model.layers))

# Save and restore the weights through a state_dict
state = model.state_dict()
print("keys:", list(state.keys()))
copy = MLP([3, 8, 8, 2])
copy.load_state_dict(state)
copy.eval()
print("same output after loading:", torch.allclose(copy(x), model(x)))
