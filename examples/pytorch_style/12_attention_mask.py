"""The "mathematical trick" behind self-attention: averaging over the past with
a lower-triangular matrix, first by loops, then by a matrix product, then with
masked_fill and softmax. Then a few shape tricks around it.
"""

import numpy as np
import torch
import torch.nn.functional as F

rng = np.random.default_rng(0)
B, T, C = 2, 4, 3  # batch, time, channels
x = torch.tensor(rng.normal(size=(B, T, C)), dtype=torch.float32)

# Version 1: for every position, the mean of the positions up to it, by loops
xbow = torch.zeros((B, T, C))
for b in range(B):
    for t in range(T):
        xprev = x[b, :t + 1]  # (t, C)
        xbow[b, t] = torch.mean(xprev, 0)

# Version 2: the same with a matrix product
wei = torch.tril(torch.ones(T, T))
wei = wei / wei.sum(1, keepdim=True)
xbow2 = wei @ x  # (T, T) @ (B, T, C) ----> (B, T, C)
print("loops == matmul:", torch.allclose(xbow, xbow2))

# Version 3: softmax over a mask of -inf
tril = torch.tril(torch.ones(T, T))
wei = torch.zeros((T, T))
wei = wei.masked_fill(tril == 0, float("-inf"))
wei = F.softmax(wei, dim=-1)
xbow3 = wei @ x
print("loops == softmax:", torch.allclose(xbow, xbow3))
print(wei)

# The weights learnt from the data: scores q k^T, masked the same way
q = torch.tensor(rng.normal(size=(B, T, C)), dtype=torch.float32)
k = torch.tensor(rng.normal(size=(B, T, C)), dtype=torch.float32)
scores = q @ k.transpose(-2, -1) * C ** -0.5
scores = scores.masked_fill(tril == 0, float("-inf"))
att = F.softmax(scores, dim=-1)
print("attention rows sum to 1:", torch.allclose(att.sum(-1), torch.ones(B, T)))
print("attention of the last position:", att[0, -1].numpy().round(4))
print("upper triangle is zero:", bool((torch.triu(att[0], diagonal=1) == 0).all()))

# Shape tricks seen around attention code
heads = x.view(B, T, C, 1).expand(B, T, C, 2)
print("expand:", tuple(heads.shape), "| repeat:", tuple(x.repeat(1, 2, 1).shape))
first, second = x.split(2, dim=1)
print("split:", tuple(first.shape), tuple(second.shape),
      "| chunk:", [tuple(c.shape) for c in x.chunk(3, dim=2)])
print("flip:", torch.arange(5).flip(0).tolist(), "roll:", torch.roll(torch.arange(5), 1).tolist())
print("pad:", F.pad(torch.ones(2, 2), (1, 1), value=0.0).tolist())
sorted_vals, order = torch.sort(att[0, -1], descending=True)
print("sorted:", sorted_vals.numpy().round(4), order.tolist())
print(f"norm {x.norm():.4f}, prod {torch.tensor([1.0, 2.0, 3.0, 4.0]).prod():.1f},",
      "any negative:", bool((x < 0).any()), "| all small:", bool((x.abs() < 10).all()))
