"""Everyday tensor idioms from tutorials: creation, shapes, views, indexing with
gather and masks, reductions, one-hot labels, dtypes, devices and printing.
"""

import numpy as np
import torch
import torch.nn.functional as F

device = "cuda" if torch.cuda.is_available() else "cpu"
print("device:", device, torch.device(device))
rng = np.random.default_rng(0)

# Creation
x = torch.arange(12, dtype=torch.float32, device=device)
print(torch.zeros(2, 3).shape, torch.ones_like(x).sum().item(), torch.full((2, 2), 7.0).tolist())
print(torch.eye(3).sum().item(), torch.randint(0, 10, (5,)).shape, torch.rand(2, 2).dtype)
print(torch.linspace(0, 1, 5).tolist(), torch.zeros_like(x).dtype == torch.float32)

# Shapes: view, t(), mm, size, numel, dim
m = x.view(3, 4)
print(m.size(), m.size(1), m.numel(), m.dim(), len(m))
print(m.t().shape, m.mm(m.t()).tolist())
print(m.view(-1, 6).shape, m.reshape(2, 2, 3).permute(2, 0, 1).shape, m.unsqueeze(0).shape)
rows = [row.sum().item() for row in m]  # iterating goes over the first axis
print("row sums:", rows)

# Indexing: masks, masked_fill, gather, where
scores = torch.tensor(rng.normal(size=(4, 5)), dtype=torch.float32)
print("positive:", (scores > 0).sum().item(), "of", scores.numel())
masked = scores.masked_fill(scores < 0, 0.0)
print("masked_fill is relu here:", bool((masked == F.relu(scores)).all()))
labels = torch.tensor([1, 0, 4, 2])
picked = scores.gather(1, labels.unsqueeze(1)).squeeze(1)
print("gather:", [f"{v:.4f}" for v in picked.tolist()])
print("same as indexing:", bool((picked == scores[torch.arange(4), labels]).all()))
print("where:", torch.where(scores[0] > 0, scores[0], torch.zeros(5)).numpy().round(4))
both = (scores > -1) & (scores < 1)
outside = (scores > 1) | (scores < -1)
print("& | ~:", both.sum().item(), outside.sum().item(), (~both).sum().item())

# Reductions
print(f"mean {scores.mean():.4f}  std {scores.std():.4f}  var {scores.var(unbiased=False):.4f}")
print("max per row:", scores.max(dim=1).values.numpy().round(4))
print("argmax:", scores.argmax(dim=1).tolist())
print("cumsum:", torch.arange(1, 6).cumsum(dim=0).tolist())
values, indices = torch.topk(scores[0], k=2)
print("topk:", values.numpy().round(4), indices.tolist())
print("clamp:", scores[1].clamp(min=-0.5, max=0.5).numpy().round(4))

# one_hot labels and the cross-entropy written with them
one_hot = F.one_hot(labels, num_classes=5)
print(one_hot.tolist(), one_hot.dtype == torch.int64)
log_probs = F.log_softmax(scores, dim=1)
manual = -(one_hot.float() * log_probs).sum(dim=1).mean()
loss = F.cross_entropy(scores, labels)
print(f"loss {loss.item():.4f} = {loss:.4f} = {manual:.4f}")

# dtypes and numpy
d = scores.to(torch.float64)
print(d.dtype == torch.float64, d.double().dtype == torch.double, labels.dtype == torch.long)
print(labels.float().dtype == torch.float32, labels.to(torch.int32).dtype == torch.int32)
positives = (scores > 0).long()  # bool to int64, to count along a row
print(positives.sum(dim=1).tolist(), positives.dtype == torch.int64)
print(scores.type(), labels.type(), labels.type(torch.float32).dtype == torch.float)
arr = scores.cpu().numpy()
print(type(arr).__name__, arr.dtype, arr.shape, torch.from_numpy(arr).shape == scores.shape)
print(torch.cat([m, m], dim=0).shape, torch.stack([m, m]).shape, scores.to(device).device.type)
