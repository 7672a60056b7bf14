"""A character-level LSTM learns to continue a short string: nn.LSTM with
batch_first=True on one-hot characters, a Linear head on every step's output,
CrossEntropyLoss over all the steps, nn.utils.clip_grad_norm_, and then the
model writes on its own, one character at a time, carrying (h, c) from step
to step. An nn.GRU and an nn.LSTMCell show the other shapes.
"""

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

rng = np.random.default_rng(0)

text = "hello world! " * 4
chars = sorted(set(text))
stoi = {ch: i for i, ch in enumerate(chars)}
vocab = len(chars)
data = torch.tensor([stoi[ch] for ch in text])
print(f"{len(text)} characters, {vocab} distinct: {''.join(chars)!r}")

# training windows: 12 characters in, the same 12 shifted by one out
starts = list(range(0, len(text) - 12, 3))
inputs = torch.stack([data[s:s + 12] for s in starts])
targets = torch.stack([data[s + 1:s + 13] for s in starts])
print("batch:", tuple(inputs.shape), "->", tuple(targets.shape))


class CharLSTM(nn.Module):
    def __init__(self, vocab, hidden):
        super().__init__()
        self.lstm = nn.LSTM(vocab, hidden, batch_first=True)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, ids, state=None):
        x = F.one_hot(ids, vocab).float()  # (batch, steps, vocab)
        out, state = self.lstm(x, state)  # (batch, steps, hidden)
        return self.head(out), state


model = CharLSTM(vocab, 24)
print(model)
for name, param in model.named_parameters():
    print(f"{name:18s} {tuple(param.shape)}")
with torch.no_grad():  # starting weights from numpy (PyTorch would draw its own)
    for param in model.parameters():
        param.copy_(torch.tensor(rng.uniform(-0.2, 0.2, size=tuple(param.shape))))

optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
loss_fn = nn.CrossEntropyLoss()
for step in range(1, 121):
    logits, _ = model(inputs)
    loss = loss_fn(logits.reshape(-1, vocab), targets.reshape(-1))
    optimizer.zero_grad()
    loss.backward()
    norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
    optimizer.step()
    if step % 20 == 0:
        print(f"step {step:3d}  loss {loss.item():.4f}  gradient norm {norm:.4f}")

# Writing: feed one character, keep (h, c), take the most likely next one
model.eval()
with torch.no_grad():
    ids = torch.tensor([[stoi[ch] for ch in "hel"]])
    logits, state = model(ids)
    written = "hel"
    for _ in range(30):
        next_id = logits[0, -1].argmax()
        written += chars[next_id.item()]
        logits, state = model(next_id.reshape(1, 1), state)
print("h_n, c_n:", tuple(state[0].shape), tuple(state[1].shape))
print("written:", repr(written))
print("continues the text:", written in text)

# The other recurrent layers take the same arguments
gru = nn.GRU(3, 4, num_layers=2, bidirectional=True)
print(gru, [name for name, _ in gru.named_parameters()][:4])
sequence = torch.tensor(rng.normal(size=(5, 3)), dtype=torch.float32)  # unbatched (L, H_in)
with torch.no_grad():
    for param in gru.parameters():
        param.copy_(torch.tensor(rng.uniform(-0.5, 0.5, size=tuple(param.shape))))
    out, h_n = gru(sequence)
print("GRU output", tuple(out.shape), "h_n", tuple(h_n.shape))
print("last step, forward half == h_n[2]:", torch.allclose(out[-1, :4], h_n[2]))
print("first step, backward half == h_n[3]:", torch.allclose(out[0, 4:], h_n[3]))
print(out[:, :4].numpy().round(4))

cell = nn.LSTMCell(3, 4)
with torch.no_grad():
    for param in cell.parameters():
        param.copy_(torch.tensor(rng.uniform(-0.5, 0.5, size=tuple(param.shape))))
    h = c = torch.zeros(1, 4)
    for x_t in sequence:  # the loop an nn.LSTM runs inside
        h, c = cell(x_t.unsqueeze(0), (h, c))
print("LSTMCell after 5 steps:", h.numpy().round(4))
