"""minigrad's benchmark suite: run it with `python -m bench` (see README.md)."""

import os

# PyTorch's OpenMP worker threads otherwise keep spinning for a while after each of
# its steps, taking a core from whichever step runs next (numpy's BLAS wants both
# cores): the framework timed right after torch would look slower than it is. This
# must be set before torch is imported.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
