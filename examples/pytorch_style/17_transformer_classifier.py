"""A tiny Transformer encoder classifies token sequences of different lengths: are
there more 1s than 2s? nn.Embedding plus a learnt position vector, an
nn.TransformerEncoder (batch_first=True) with src_key_padding_mask hiding the
padding, a mean over the real tokens, an nn.Linear head, CrossEntropyLoss and Adam.
Then one attention layer alone: nn.MultiheadAttention's weights, and
F.scaled_dot_product_attention with a causal mask.
"""

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

rng = np.random.default_rng(0)

# toy data: 48 sequences of 3 to 6 tokens from 1..4, padded with 0 to length 6
lengths = rng.integers(3, 7, size=48)
tokens = np.zeros((48, 6), dtype=np.int64)
for i, n in enumerate(lengths):
    tokens[i, :n] = rng.integers(1, 5, size=n)
labels = ((tokens == 1).sum(1) > (tokens == 2).sum(1)).astype(np.int64)
ids, y = torch.tensor(tokens), torch.tensor(labels)
padding = ids == 0  # True where a position is padding (hidden from attention)
print("batch:", tuple(ids.shape), "positives:", int(y.sum()))


class Classifier(nn.Module):
    def __init__(self, vocab, d_model, heads, layers):
        super().__init__()
        self.embed = nn.Embedding(vocab, d_model)
        self.position = nn.Parameter(torch.zeros(6, d_model))
        layer = nn.TransformerEncoderLayer(d_model, heads, dim_feedforward=16, dropout=0.0,
                                           batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.head = nn.Linear(d_model, 2)

    def forward(self, ids, padding):
        h = self.encoder(self.embed(ids) + self.position, src_key_padding_mask=padding)
        keep = (~padding).unsqueeze(-1).float()
        pooled = (h * keep).sum(1) / keep.sum(1)  # mean over the real tokens
        return self.head(pooled)


model = Classifier(vocab=5, d_model=8, heads=2, layers=2)
names = [name for name, _ in model.named_parameters()]
print(len(names), "parameters, e.g.", names[2:6])
with torch.no_grad():  # starting weights from numpy (PyTorch would draw its own)
    for name, param in model.named_parameters():
        if "norm" in name:
            continue  # LayerNorm keeps its ones and zeros
        param.copy_(torch.tensor(rng.normal(0.0, 0.3, size=tuple(param.shape))))

optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
loss_fn = nn.CrossEntropyLoss()
for step in range(1, 61):
    loss = loss_fn(model(ids, padding), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 20 == 0:
        print(f"step {step:2d}  loss {loss.item():.4f}")

model.eval()
with torch.no_grad():
    accuracy = (model(ids, padding).argmax(1) == y).float().mean()
print(f"training accuracy {accuracy.item():.3f}")

# One attention layer alone: its weights, averaged over the heads
attn = model.encoder.layers[0].self_attn
x = model.embed(ids[:2]) + model.position
with torch.no_grad():
    out, weights = attn(x, x, x, key_padding_mask=padding[:2])
print("attention output", tuple(out.shape), "weights", tuple(weights.shape))
print("weights of padding are 0:", bool((weights[0][:, lengths[0]:] == 0).all()))
print("each row sums to 1:", torch.allclose(weights.sum(-1), torch.ones(2, 6)))

# The function inside it, with a causal mask: token i looks at tokens 0..i only
q = torch.tensor(rng.normal(size=(1, 2, 4, 3)), dtype=torch.float32)  # (N, heads, L, E)
causal = F.scaled_dot_product_attention(q, q, q, is_causal=True)
print("causal attention", tuple(causal.shape))
print(causal[0, 0].numpy().round(4))
