"""A gentle tour of autograd, in the order of PyTorch's autograd tutorial:
requires_grad, backward, accumulated gradients, retain_grad, no_grad, detach,
a vector-Jacobian product and torch.autograd.grad.
"""

import torch

# A one-layer network: z = x w + b, then binary cross-entropy on its output
x = torch.ones(5)  # input tensor
y = torch.zeros(3)  # expected output
w = torch.tensor([[0.1, -0.2, 0.3], [0.0, 0.5, -0.1], [0.2, 0.2, 0.2],
                  [-0.3, 0.1, 0.0], [0.4, -0.4, 0.1]], requires_grad=True)
b = torch.tensor([0.1, 0.2, -0.3], requires_grad=True)
z = torch.matmul(x, w) + b
loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
print("z:", z.tolist())
print("loss:", round(loss.item(), 6))
print("grad_fn set:", z.grad_fn is not None, loss.grad_fn is not None)

loss.backward()
print(w.grad)
print(b.grad)

# Gradients accumulate: a second backward adds to .grad
z = torch.matmul(x, w) + b
torch.nn.functional.binary_cross_entropy_with_logits(z, y).backward()
print("b.grad after two backward passes:", b.grad.tolist())
b.grad.zero_()
w.grad = None

# Only leaves keep their gradient, unless asked with retain_grad()
a = torch.tensor([2.0, 3.0], requires_grad=True)
h = a * a
h.retain_grad()
out = (h * 3).sum()
out.backward()
print("is_leaf:", a.is_leaf, h.is_leaf, "| h.grad:", h.grad.tolist(), "| a.grad:", a.grad.tolist())

# Stopping the recording: no_grad() and detach()
z = torch.matmul(x, w) + b
print("requires_grad:", z.requires_grad)
with torch.no_grad():
    z = torch.matmul(x, w) + b
print("inside no_grad:", z.requires_grad)
z_det = (torch.matmul(x, w) + b).detach()
print("detached:", z_det.requires_grad)

# A non-scalar output: backward needs the vector v of the product v^T J
inp = torch.eye(4, 5, requires_grad=True)
out = (inp + 1).pow(2).t()
out.backward(torch.ones_like(out), retain_graph=True)
print("first call\n", inp.grad)
out.backward(torch.ones_like(out))
print("second call\n", inp.grad)
inp.grad.zero_()
out = (inp + 1).pow(2).t()
out.backward(torch.ones_like(out))
print("call after zeroing gradients\n", inp.grad)

# torch.autograd.grad returns the gradients instead of storing them
t = torch.tensor(1.5, requires_grad=True)
f = t ** 3 - 2 * t
(df,) = torch.autograd.grad(f, t, create_graph=True)
(d2f,) = torch.autograd.grad(df, t)
print(f"f = {f:.4f}, df/dt = {df:.4f}, d2f/dt2 = {d2f.item():.4f}, t.grad: {t.grad}")

# requires_grad_() switches recording on for an existing tensor
v = torch.arange(4.0)
v.requires_grad_()
(v.sin() * v).sum().backward()
print("d/dv (v sin v):", [round(g, 4) for g in v.grad.tolist()])
