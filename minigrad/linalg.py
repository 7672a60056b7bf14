"""`minigrad.linalg`, PyTorch's `torch.linalg`: inverses, determinants, solving, norms.

    import minigrad as mg
    x = mg.linalg.solve(A, b)          # A x = b, without forming A^-1
    sign, logabsdet = mg.linalg.slogdet(A)

Each name is written in minigrad/ops, forward beside backward: inv and solve in
ops/inverse.py, det and slogdet in ops/determinant.py, the norms and svdvals in
ops/matrix_norms.py. `mg.det` and `mg.inverse` (torch.det, torch.inverse) and the
Tensor methods `A.det()`, `A.inverse()`, `A.slogdet()` are the same functions.
"""

from . import missing
from .errors import LinAlgError
from .ops.determinant import det, slogdet
from .ops.inverse import inv, solve
from .ops.matrix_norms import matrix_norm, norm, svdvals, vector_norm

__all__ = ["LinAlgError", "det", "inv", "matrix_norm", "norm", "slogdet", "solve", "svdvals",
           "vector_norm"]

# A PyTorch name minigrad does not have gets a clear error (minigrad/missing.py).
__getattr__ = missing.module_getattr(__name__)
