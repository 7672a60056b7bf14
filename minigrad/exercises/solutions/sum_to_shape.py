"""Exercise "sum_to_shape": the backward of broadcasting.

Broadcasting uses an input many times: b of shape (3,) added to x of shape
(4, 3) is used once per row. Each use got its own gradient, so b's gradient
is their sum. Write sum_to_shape(g, shape): g has the output's shape (4, 3);
return g summed down to `shape` (3,).

Numpy's rule, compared from the right: the input may lack leading axes
(sum those away), and it may have size 1 where the output is bigger (sum
those, keeping the axis of size 1). Use numpy only.

Check it:   python -m minigrad check sum_to_shape.py
"""

import numpy as np

EXERCISE = "sum_to_shape"


def sum_to_shape(g, shape):
    # ---- yours: return g summed down to `shape` ----
    lead = g.ndim - len(shape)  # axes the input never had
    g = g.sum(axis=tuple(range(lead)))
    ones = tuple(i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1)
    return g.sum(axis=ones, keepdims=True)  # keepdims: the size-1 axes stay
    # ---- end ----


if __name__ == "__main__":
    print(sum_to_shape(np.ones((4, 3)), (3,)))  # [4. 4. 4.]: each b used 4 times
