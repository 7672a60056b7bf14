"""A tiny sequence-to-sequence nn.Transformer learns to reverse sequences of 4 tokens.
The encoder reads the source; the decoder reads the target shifted right by a start
token, under the causal mask from nn.Transformer.generate_square_subsequent_mask (each
position sees only the ones before it), and predicts the next token (teacher forcing).
Then greedy decoding: the model writes the reversal one token at a time.
"""

import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(0)
START, LENGTH = 0, 4  # token 0 starts the target; the data's tokens are 1..5

src = rng.integers(1, 6, size=(64, LENGTH))
tgt = src[:, ::-1].copy()  # the reversal
src_ids, tgt_ids = torch.tensor(src), torch.tensor(tgt)
tgt_in = torch.tensor(np.concatenate([np.full((64, 1), START), tgt[:, :-1]], axis=1))
print("batch:", tuple(src_ids.shape), "first pair:", src[0].tolist(), "->", tgt[0].tolist())


class Reverser(nn.Module):
    def __init__(self, vocab, d_model):
        super().__init__()
        self.embed = nn.Embedding(vocab, d_model)
        self.position = nn.Parameter(torch.zeros(LENGTH, d_model))
        self.transformer = nn.Transformer(d_model, nhead=2, num_encoder_layers=1,
                                          num_decoder_layers=1, dim_feedforward=32,
                                          dropout=0.0, batch_first=True)
        self.head = nn.Linear(d_model, vocab)

    def forward(self, src_ids, tgt_in):
        T = tgt_in.shape[1]
        mask = nn.Transformer.generate_square_subsequent_mask(T)
        h = self.transformer(self.embed(src_ids) + self.position,
                             self.embed(tgt_in) + self.position[:T], tgt_mask=mask,
                             tgt_is_causal=True)
        return self.head(h)


model = Reverser(vocab=6, d_model=16)
names = [name for name, _ in model.named_parameters()]
print(len(names), "parameters, e.g.", names[2], names[-3])
print(nn.Transformer.generate_square_subsequent_mask(3))
with torch.no_grad():  # starting weights from numpy (PyTorch would draw its own)
    for name, param in model.named_parameters():
        if "norm" in name:
            continue  # LayerNorm keeps its ones and zeros
        param.copy_(torch.tensor(rng.normal(0.0, 0.25, size=tuple(param.shape))))

optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
loss_fn = nn.CrossEntropyLoss()
for step in range(1, 121):
    logits = model(src_ids, tgt_in)
    loss = loss_fn(logits.reshape(-1, 6), tgt_ids.reshape(-1))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 40 == 0:
        print(f"step {step:3d}  loss {loss.item():.4f}")

# greedy decoding: start with the start token, append the most likely next token
model.eval()
with torch.no_grad():
    out = torch.full((64, 1), START, dtype=torch.int64)
    for _ in range(LENGTH):
        next_token = model(src_ids, out)[:, -1].argmax(-1, keepdim=True)
        out = torch.cat([out, next_token], dim=1)
written = out[:, 1:]
print("first source", src[0].tolist(), "written", written[0].tolist())
print("sequences reversed exactly:", int((written == tgt_ids).all(1).sum()), "of 64")
