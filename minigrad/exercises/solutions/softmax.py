"""Exercise "softmax": write the backward of softmax along a dim.

    q_i = e^(x_i) / sum_k e^(x_k)        (along `dim`)

forward is written (it subtracts the max first, so that e^x never overflows)
and keeps q. Every q_i depends on every x_k:
    dq_i/dx_k = q_i (delta_ik - q_k)     (delta_ik = 1 if i = k, else 0)
so dL/dx_k = sum_i g_i dq_i/dx_k. Write that sum without building the
matrix: it is one product, one sum along dim (keepdims=True), one product.

Check it:   python -m minigrad check softmax.py
"""

import numpy as np

import minigrad as mg

EXERCISE = "softmax"


class Softmax(mg.Function):
    def forward(self, x, dim):
        e = np.exp(x - x.max(axis=dim, keepdims=True))
        q = e / e.sum(axis=dim, keepdims=True)
        self.saved = q
        return q

    def backward(self, g):
        q, dim = self.saved, self.params["dim"]
        # ---- yours: return dL/dx ----
        return q * (g - (g * q).sum(axis=dim, keepdims=True))
        # ---- end ----


if __name__ == "__main__":
    x = mg.tensor([1.0, 2.0, 3.0], dtype=mg.float64, requires_grad=True)
    Softmax.apply(x, dim=-1)[2].backward()
    print("dq_3/dx =", x.grad)
