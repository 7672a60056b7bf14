"""torch.linalg's norms: vector_norm, matrix_norm, norm (which picks one of the two), and
svdvals, the singular values that the nuclear and spectral norms are made of.

vector_norm is the vector norm that `mg.norm` already computes (the `Norm` op
of ops/statistics.py, written once), with linalg's argument names and checks.
matrix_norm reduces two axes of A (by default the last two, so a batch of
matrices gives one norm per matrix):

    'fro'    sqrt(sum of a_ij^2)            the vector 2-norm of the entries (Norm)
    1, -1    max / min over columns of sum |a_ij| down the column (Norm, then amax/amin)
    inf, -inf  the same with rows and columns swapped
    2, -2    the largest / smallest singular value (SvdVals, then amax/amin)
    'nuc'    the sum of the singular values (SvdVals, then sum)

so each is a composition whose backward comes from its parts; only the singular
values need an op of their own. renorm (torch.renorm) scales slices down to a
largest vector norm, again a composition.
"""

from __future__ import annotations

import builtins
import math
from typing import Any

import numpy as np

from ..errors import BackwardError, DTypeError, ShapeError, shape_str
from ..function import Function
from ..tensor import Tensor
from .arguments import as_tensor, normalize_axis
from .cast import cast
from .elementwise import where
from .inverse import float_matrices
from .reduce import amax, amin, keepdims_shape
from .reduce import sum as sum_over
from .shape import permute
from .statistics import Norm


class SvdVals(Function):
    """s = the singular values of each matrix of A (..., m, n), largest first:
    A = U diag(s) V^T with U, V orthonormal columns, k = min(m, n) values.

    ds_i = u_i^T dA v_i, so dL/dA = U diag(g) V^T (the columns u_i, v_i weighted by
    g_i). Where singular values are equal, u_i and v_i are not unique, but the sum is
    when g weights the equal ones equally (as the 2-norm's amax does). Second
    derivatives would need the derivative of U and V too, which minigrad leaves out.
    """

    chain = ("s = singular values of A", "dL/dA = U diag(g) V^T")

    def forward(self, a: np.ndarray) -> np.ndarray:
        return np.linalg.svd(a, compute_uv=False)

    def backward(self, g: Any) -> Any:
        if self.create_graph:
            raise BackwardError(
                "svdvals (and matrix norms 'nuc', 2 and -2): second derivatives "
                "(create_graph=True) are not available in minigrad; they need the "
                "derivative of the singular vectors. The first derivative works")
        (a,) = self.saved_inputs()
        u, _, vh = np.linalg.svd(a, full_matrices=False)  # again: forward kept no U, V
        return (u * g[..., None, :]) @ vh


# ---- the functions users call ---------------------------------------------------------
def svdvals(A: Any) -> Tensor:  # noqa: N803  (PyTorch's argument name)
    """torch.linalg.svdvals: the singular values of each matrix of A (..., m, n), largest
    first, shape (..., min(m, n)); float32 or float64."""
    return SvdVals.apply(float_matrices("linalg.svdvals", A, square=False))


def vector_norm(x: Any, ord: Any = 2, dim: Any = None, keepdim: bool = False, *,  # noqa: A002
                dtype: Any = None) -> Tensor:
    """torch.linalg.vector_norm: (sum |x|^ord)^(1/ord) over `dim` (an int, a tuple, or
    None or () for all axes, flattened).

    ord = inf / -inf: the largest / smallest |x|; 0: the number of nonzero elements;
    any other number as written. `dtype=` converts x first (to a float dtype at least
    as wide). Floating tensors only.
    """
    x = _float_input("linalg.vector_norm", x, dtype)
    if isinstance(ord, (str, bool)) or not isinstance(ord, (int, float, np.number)):
        hint = "; 'fro' and 'nuc' are matrix norms: mg.linalg.matrix_norm" if isinstance(
            ord, str) else ""
        raise TypeError(f"linalg.vector_norm: ord must be a number (2, 1, inf, -inf, 0, 0.5, "
                        f"...), got {ord!r}{hint}")
    if isinstance(dim, (tuple, list)) and not dim:
        dim = None  # dim=() is every axis, as in PyTorch
    axis = normalize_axis(dim, x.ndim, "linalg.vector_norm")
    if (ord < 0 or ord == math.inf) and builtins.any(x.shape[a] == 0 for a in axis):
        raise ShapeError(f"linalg.vector_norm: the {ord} norm over no elements (axes {axis} "
                         f"of shape {shape_str(x.shape)}) has no value, as in PyTorch: there is "
                         "no largest |x|, and a negative power of 0 is infinite")
    return Norm.apply(x, axis=axis, p=float(ord), keepdims=bool(keepdim))


def matrix_norm(A: Any, ord: Any = "fro", dim: Any = (-2, -1), keepdim: bool = False, *,  # noqa: A002, N803
                dtype: Any = None) -> Tensor:
    """torch.linalg.matrix_norm: the norm of the matrices held by the two axes `dim` (the
    last two by default; the other axes are a batch).

    ord: 'fro' (default), 'nuc' (sum of singular values), 2 / -2 (largest / smallest
    singular value), 1 / -1 (largest / smallest column sum of |a_ij|), inf / -inf (the
    same over rows). float16 works except for 'nuc', 2 and -2, as in PyTorch.
    """
    op = "linalg.matrix_norm"
    given = as_tensor(A).dtype  # float16 is refused for 'nuc', 2, -2 even with dtype=
    a = _float_input(op, A, dtype)
    if a.ndim < 2:
        raise ShapeError(f"{op}: needs a matrix or a batch of matrices (2 or more axes), got "
                         f"shape {shape_str(a.shape)}; for a vector use mg.linalg.vector_norm")
    if not isinstance(dim, (tuple, list)) or len(dim) != 2:
        raise (ShapeError if isinstance(dim, (tuple, list)) else TypeError)(
            f"{op}: dim must be a pair of axes (the rows' and the columns'), got {dim!r}")
    d0, d1 = (normalize_axis(d, a.ndim, op)[0] for d in dim)
    if d0 == d1:
        raise ShapeError(f"{op}: the two axes of dim must differ, got {tuple(dim)}")
    if not _is_matrix_ord(ord):
        raise ValueError(f"{op}: ord {ord!r} is not a matrix norm; use 'fro', 'nuc', 2, -2, "
                         f"1, -1, inf or -inf (as PyTorch)")
    if ord == "fro":
        return Norm.apply(a, axis=tuple(sorted((d0, d1))), p=2.0, keepdims=bool(keepdim))
    if ord in ("nuc", 2, -2):
        if given == np.float16:
            raise DTypeError(f"{op}: ord={ord!r} needs singular values, which float16 is too "
                             f"coarse for (PyTorch refuses it too); convert first: A.float()")
        rest = [i for i in range(a.ndim) if i not in (d0, d1)]
        s = SvdVals.apply(permute(a, rest + [d0, d1]))  # (batch..., k)
        result = _largest_or_smallest(s, -1, ord == -2, total=ord == "nuc")
        return result.reshape(keepdims_shape(a.shape, (d0, d1))) if keepdim else result
    # 1 / -1: over columns of the sums down each column; inf / -inf: rows and columns swapped
    if math.isinf(ord):
        d0, d1 = d1, d0
    sums = Norm.apply(a, axis=(d0,), p=1.0, keepdims=True)
    result = _largest_or_smallest(sums, d1, ord < 0, keepdims=True)
    kept = keepdims_shape(a.shape, (d0, d1))
    return result if keepdim else result.reshape([n for i, n in enumerate(kept)
                                                  if i not in (d0, d1)])


def norm(A: Any, ord: Any = None, dim: Any = None, keepdim: bool = False, *,  # noqa: A002, N803
         dtype: Any = None) -> Tensor:
    """torch.linalg.norm: a vector norm or a matrix norm, chosen as PyTorch chooses.

    With `ord` a string ('fro', 'nuc'), or a number and two axes (dim a pair, or no dim
    and a 2-D A): matrix_norm. Otherwise vector_norm, with ord 2 by default; ord=None
    and no dim is the 2-norm of all the entries (the Frobenius norm for a matrix). With
    ord given and no dim, A must be 1-D or 2-D.
    """
    op = "linalg.norm"
    a = as_tensor(A)
    dims = None
    if dim is not None:
        dims = (dim,) if isinstance(dim, (int, np.integer)) else tuple(dim)
        if len(dims) not in (1, 2):
            raise ShapeError(f"{op}: dim must be one axis (a vector norm) or two (a matrix "
                             f"norm), got {dim!r}")
    elif ord is not None and a.ndim not in (1, 2):
        raise ShapeError(f"{op}: with ord and no dim, A must be 1-D (a vector norm) or 2-D (a "
                         f"matrix norm), got shape {shape_str(a.shape)}; say which axes with "
                         f"dim=")
    two_axes = len(dims) == 2 if dims is not None else a.ndim == 2
    if isinstance(ord, str) or (ord is not None and two_axes):
        return matrix_norm(a, ord, (-2, -1) if dims is None else dims, keepdim, dtype=dtype)
    return vector_norm(a, 2 if ord is None else ord, dims, keepdim, dtype=dtype)


# ---- helpers -------------------------------------------------------------------------------
def _float_input(op: str, value: Any, dtype: Any) -> Tensor:
    """`value` as a floating Tensor, converted to `dtype` when given (PyTorch's rules: a
    float dtype at least as wide as the input's)."""
    x = as_tensor(value)
    if x.dtype.kind != "f":
        raise DTypeError(f"{op}: the tensor has dtype {x.dtype}, and norms are only defined "
                         f"for floating tensors (as in PyTorch); convert first, e.g. x.float()")
    if dtype is None:
        return x
    dtype = np.dtype(dtype)
    if dtype.kind != "f":
        raise DTypeError(f"{op}: dtype must be a floating dtype, got {dtype}")
    if np.promote_types(x.dtype, dtype) != dtype:
        raise DTypeError(f"{op}: dtype={dtype} would narrow the input's {x.dtype} (PyTorch "
                         f"refuses that too); give a dtype at least as wide, or convert first")
    return x if dtype == x.dtype else cast(x, dtype)


def _is_matrix_ord(ord: Any) -> bool:  # noqa: A002
    if isinstance(ord, str):
        return ord in ("fro", "nuc")
    return (isinstance(ord, (int, float, np.number)) and not isinstance(ord, bool)
            and ord in (1, -1, 2, -2, math.inf, -math.inf))


def _largest_or_smallest(x: Tensor, axis: int, smallest: bool, keepdims: bool = False,
                         total: bool = False) -> Tensor:
    """amax or amin of non-negative x over `axis` (or its sum, for `total`).

    The largest of no values is taken as 0, the norm of an empty matrix, as PyTorch
    gives it: a constant, outside the graph, as PyTorch's is. (The smallest of none stays
    an error, as in PyTorch.)"""
    if total:
        return sum_over(x, axis, keepdims)
    if not smallest and x.shape[axis] == 0:
        shape = keepdims_shape(x.shape, (axis % x.ndim,))
        return Tensor._make(np.zeros(shape if keepdims else shape[:axis % x.ndim] +
                                     shape[axis % x.ndim + 1:], dtype=x.dtype))
    return (amin if smallest else amax)(x, axis, keepdims)


def renorm(input: Any, p: Any, dim: int, maxnorm: Any) -> Tensor:  # noqa: A002
    """Each slice input[..., i, ...] along `dim` whose p-norm exceeds maxnorm, scaled down
    to norm maxnorm (times maxnorm / (norm + 1e-7), as PyTorch); the others unchanged.

    A composite: z = x * where(n > maxnorm, maxnorm / (n + 1e-7), 1) with n the
    vector_norm over the other axes, so the gradient also flows through n."""
    op = "renorm"
    x = as_tensor(input)
    if x.dtype.kind != "f":
        raise DTypeError(f"{op}: needs a floating tensor, got {x.dtype} (as in PyTorch): "
                         "convert first, e.g. x.float()")
    if x.ndim < 2:
        raise ShapeError(f"{op}: needs at least 2 axes, got shape {shape_str(x.shape)}")
    for name, value in (("p", p), ("maxnorm", maxnorm)):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer,
                                                             np.floating)):
            raise TypeError(f"{op}: {name} must be a number, got {value!r}")
    if not p > 0:
        raise ValueError(f"{op}: p must be positive (a norm such as 1, 2 or inf), got {p}")
    if not maxnorm >= 0:
        raise ValueError(f"{op}: maxnorm must be 0 or more, got {maxnorm}")
    if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)):
        raise TypeError(f"{op}: dim must be an int, got {dim!r}")
    axis = normalize_axis(dim, x.ndim, op)[0]
    others = tuple(a for a in range(x.ndim) if a != axis)
    norms = vector_norm(x, p, others, keepdim=True)
    too_long = norms._data > maxnorm
    factor = where(too_long, maxnorm / (norms + 1e-7), np.ones((), x.dtype))
    return x * factor
