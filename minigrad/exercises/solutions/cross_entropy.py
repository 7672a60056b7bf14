"""Exercise "cross_entropy": the backward of cross-entropy on scores.

N rows of scores z (logits, shape (N, C)) and N target classes y. The model's
probabilities are q = softmax(z) along each row, and the loss is the mean
over the rows of -log q[n, y_n] (the cross-entropy of the one-hot target and q).

forward is written and keeps q. backward receives g = dL/dloss (a single
number) and returns dL/dz, of shape (N, C). Work out d(-log q[y])/dz_k for
one row first (write q with the log-sum-exp: -log q[y] = -z_y + log sum e^z);
then remember the mean over N rows.

Check it:   python -m minigrad check cross_entropy.py
"""

import numpy as np

import minigrad as mg

EXERCISE = "cross_entropy"


class CrossEntropy(mg.Function):
    def forward(self, z, target):
        shifted = z - z.max(axis=1, keepdims=True)
        log_q = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        self.saved = np.exp(log_q)
        rows = np.arange(z.shape[0])
        return -log_q[rows, target].mean()

    def backward(self, g):
        q, y = self.saved, self.params["target"]
        n = q.shape[0]
        # ---- yours: return dL/dz ----
        onehot = np.zeros_like(q)
        onehot[np.arange(n), y] = 1
        return g * (q - onehot) / n  # the lecture's result: q - p, for each row, over N
        # ---- end ----


if __name__ == "__main__":
    z = mg.tensor([[2.0, 0.5, -1.0]], dtype=mg.float64, requires_grad=True)
    CrossEntropy.apply(z, target=np.array([0])).backward()
    print("dL/dz =", z.grad, " (q - onehot(y))")
