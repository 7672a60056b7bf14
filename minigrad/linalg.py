"""`minigrad.linalg`, PyTorch's `torch.linalg`: inverses, determinants, solving, norms.

    import minigrad as mg
    x = mg.linalg.solve(A, b)          # A x = b, without forming A^-1
    sign, logabsdet = mg.linalg.slogdet(A)

Each name is written in minigrad/ops, forward beside backward: inv and solve in
ops/inverse.py, det and slogdet in ops/determinant.py, the norms and svdvals in
ops/matrix_norms.py, matrix_power and multi_dot in ops/matrix_power.py, cholesky in
ops/cholesky.py, eigh and eigvalsh in ops/eigh.py, qr in ops/qr.py, svd, pinv and
matrix_rank in ops/svd.py, solve_triangular in ops/triangular.py, lu_factor, lu and
lu_solve in ops/lu.py, lstsq in ops/lstsq.py, matrix_exp in ops/matrix_exp.py and cond in
ops/cond.py, and matmul, vecdot, cross, diagonal and vander, compositions of other ops,
in ops/linalg_extras.py. eig and eigvals are missing: their results are complex, and minigrad has
no complex dtype. `mg.det`, `mg.inverse`, `mg.matrix_power` and `mg.cholesky`
(torch.det, torch.inverse, torch.matrix_power, torch.cholesky) and the Tensor methods
`A.det()`, `A.inverse()`, `A.slogdet()`, `A.matrix_power(n)`, `A.cholesky()` are the same
functions, and so are `mg.matrix_exp` and `A.matrix_exp()`.
"""

from . import missing
from .errors import LinAlgError
from .ops.cholesky import cholesky
from .ops.cond import cond
from .ops.determinant import det, slogdet
from .ops.eigh import eigh, eigvalsh
from .ops.inverse import inv, solve
from .ops.linalg_extras import cross, diagonal, matmul, vander, vecdot
from .ops.lstsq import lstsq
from .ops.lu import lu, lu_factor, lu_solve
from .ops.matrix_exp import matrix_exp
from .ops.matrix_norms import matrix_norm, norm, svdvals, vector_norm
from .ops.matrix_power import matrix_power, multi_dot
from .ops.qr import qr
from .ops.svd import matrix_rank, pinv, svd
from .ops.triangular import solve_triangular

__all__ = ["LinAlgError", "cholesky", "cond", "cross", "det", "diagonal", "eigh", "eigvalsh",
           "inv", "lstsq", "lu", "lu_factor", "lu_solve", "matmul", "matrix_exp", "matrix_norm",
           "matrix_power", "matrix_rank", "multi_dot", "norm", "pinv", "qr", "slogdet", "solve",
           "solve_triangular", "svd", "svdvals", "vander", "vecdot", "vector_norm"]

# A PyTorch name minigrad does not have gets a clear error (minigrad/missing.py).
__getattr__ = missing.module_getattr(__name__)
