"""Exercise "bernoulli_nll": the lecture's Bernoulli likelihood, forward and backward.

The model says each y_i in {0, 1} is 1 with probability q_i. The likelihood
of the data is prod q_i^y_i (1 - q_i)^(1 - y_i); maximum likelihood minimises
the mean negative log of it:
    L = -1/N sum_i [ y_i log q_i + (1 - y_i) log(1 - q_i) ]
(binary cross-entropy; N is the number of elements of q, whatever its shape).
The targets y come as the parameter `target`. Write
forward (L, as a 0-d array) and backward: g, the gradient with respect to L
of whatever comes after it (1 when L is the final loss), arrives; return
dL/dq times g.

Check it:   python -m minigrad check bernoulli_nll.py
"""

import numpy as np

import minigrad as mg

EXERCISE = "bernoulli_nll"


class BernoulliNLL(mg.Function):
    def forward(self, q, target):
        y = target
        # ---- yours: return L ----
        return -np.mean(y * np.log(q) + (1 - y) * np.log(1 - q))
        # ---- end ----

    def backward(self, g):
        (q,) = self.saved_inputs()  # the inputs forward got
        y = self.params["target"]
        # ---- yours: return dL/dq ----
        return g * (q - y) / (q * (1 - q)) / q.size  # = -(y/q - (1-y)/(1-q)) / N
        # ---- end ----


if __name__ == "__main__":
    q = mg.tensor([0.9, 0.2], dtype=mg.float64, requires_grad=True)
    BernoulliNLL.apply(q, target=np.array([1.0, 0.0])).backward()
    print("dL/dq =", q.grad)
