"""Exercise "matmul": the backward of Z = A @ B, for 2-D A (n, m) and B (m, k).

In index notation Z[i, j] = sum_r A[i, r] B[r, j]. backward receives
G = dL/dZ (the code's g), of Z's shape (n, k), and returns (dL/dA, dL/dB)
(A and B are the code's a and b):
    dL/dA[i, r] = sum_j G[i, j] B[r, j]
    dL/dB[r, j] = sum_i A[i, r] G[i, j]
Write each sum as one matrix product. Check the shapes: dL/dA has A's shape.

Check it:   python -m minigrad check matmul.py
"""

import minigrad as mg

EXERCISE = "matmul"


class MatMul(mg.Function):
    def forward(self, a, b):
        self.saved = (a, b)
        return a @ b

    def backward(self, g):
        a, b = self.saved
        # ---- yours: return (dL/dA, dL/dB) ----
        return g @ b.T, a.T @ g
        # ---- end ----


if __name__ == "__main__":
    a = mg.ones(2, 3, dtype=mg.float64, requires_grad=True)
    b = mg.ones(3, 4, dtype=mg.float64, requires_grad=True)
    MatMul.apply(a, b).sum().backward()
    print("dL/dA =", a.grad)
