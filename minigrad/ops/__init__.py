"""The primitive ops, grouped by kind. Each module puts every op's forward
beside its backward; the functions at the bottom of each are what users call.

Reading order: elementwise (the chain rule one element at a time),
activations (relu, sigmoid, tanh, softplus, logsigmoid) and activations_more
(leaky_relu, elu, gelu, silu, hardtanh, ...), math (sin, log2, erf, ...), rounding
(sign, floor, round, ...), trig (sinh, asin, atan2, ...), reduce
(one value from many), shape (values moved, not changed), indexing, linalg.
After them, PyTorch's further picking and moving: gather (gather, scatter,
index_select, index_add), rearrange (repeat, flip, roll, pad), masking
(tril, triu, masked_fill), diagonal (trace, diag), pieces (split, chunk,
unbind), products (mm, bmm, dot, outer, tensordot, kron), einsum (sums of
products written as index equations; its backward is another einsum), meshgrid
(coordinate grids); statistics (var, std, norm, any,
all), cumulative (prod, cumsum, cumprod), ordering (sort, argsort, topk, median, mode),
quantile (quantile, nanquantile: sort, gather and an interpolation), distance (cdist);
added_products (addmm, baddbmm, inner, ...), differences (diff, trapezoid), running
(cummax, cummin, logcumsumexp), lerp_hypot, log_terms (logit, xlogy, entr) and
special_functions (erfc, sinc, ndtr: minigrad.special).
Square matrices, for minigrad.linalg: inverse (inv, solve), determinant (det,
slogdet), matrix_norms (vector_norm, matrix_norm, svdvals), matrix_power
(matrix_power, multi_dot), matrix_exp and cholesky; then triangular (solve_triangular),
lu (lu_factor, lu, lu_solve), lstsq, cond and linalg_extras (vecdot, cross, diagonal,
vander), each built on the ones before.
Beside them: cast (dtype changes and copies), promotion (which dtype two
operands meet in), inplace_ops (in-place changes recorded in a graph),
logical (logical_and, ...: truth values, no gradient),
arguments (operands to Tensors, axes to tuples, PyTorch's dim/keepdim) and
either (the few free functions a backward formula needs, written for arrays
and for Tensors alike).
"""

from .activations import relu, sigmoid, tanh
from .added_products import addbmm, addmm, addmv, baddbmm, chain_matmul, ger, inner, vdot
from .cast import cast, clone
from .cholesky import cholesky_torch as cholesky
from .clip import clip
from .cumulative import cumprod, cumsum, prod
from .determinant import det, slogdet
from .diagonal import diag, trace
from .differences import cumulative_trapezoid, diff, trapezoid
from .distance import cdist
from .einsum import einsum
from .elementwise import (
    abs,
    add,
    div,
    exp,
    log,
    maximum,
    minimum,
    mul,
    neg,
    pow,
    sqrt,
    sub,
    where,
)
from .gather import gather, index_add, index_select, scatter, scatter_add
from .indexing import concatenate, getitem, hstack, stack, vstack
from .inverse import inverse
from .lerp_hypot import hypot, lerp
from .linalg import matmul
from .log_terms import entr, logit, xlog1py, xlogy
from .logical import logical_and, logical_not, logical_or, logical_xor
from .masking import masked_fill, tril, triu
from .math import (
    cos,
    erf,
    expm1,
    float_power,
    log1p,
    log2,
    log10,
    reciprocal,
    rsqrt,
    sin,
    square,
    tan,
)
from .matrix_exp import matrix_exp
from .matrix_norms import renorm
from .matrix_power import matrix_power
from .meshgrid import meshgrid
from .nonzero import argwhere, count_nonzero, nonzero
from .ordering import argsort, median, mode, sort, topk
from .pieces import chunk, split, unbind
from .products import bmm, dot, kron, mm, mv, outer, t, tensordot
from .quantile import nanquantile, quantile
from .rearrange import flip, pad, repeat, roll, rot90, tile
from .reduce import ValuesIndices, amax, amin, argmax, argmin, max, mean, min, sum
from .rounding import ceil, floor, round, sign, trunc
from .running import cummax, cummin, logcumsumexp
from .shape import (
    broadcast_to,
    expand_dims,
    flatten,
    permute,
    reshape,
    squeeze,
    swapaxes,
    transpose,
    unsqueeze,
)
from .statistics import all, any, norm, std, std_mean, var, var_mean
from .trig import acos, asin, atan, atan2, cosh, sinh
from .unique import unique

__all__ = [
    "ValuesIndices", "abs", "add", "amax", "amin", "argmax", "argmin", "broadcast_to",
    "cast", "clip", "clone", "concatenate",
    "div", "exp",
    "expand_dims", "flatten", "getitem", "log", "matmul", "max", "maximum", "mean", "min",
    "minimum", "mul", "neg", "permute", "pow", "relu", "reshape", "sigmoid", "sqrt",
    "squeeze", "stack", "sub", "sum", "swapaxes", "tanh", "transpose", "unsqueeze", "where",
    # more elementwise math (ops/math.py, ops/rounding.py)
    "ceil", "cos", "erf", "expm1", "float_power", "floor", "log1p", "log2", "log10",
    "reciprocal", "round", "rsqrt", "sign", "sin", "square", "tan", "trunc",
    # hyperbolic and inverse trigonometry (ops/trig.py), truth values (ops/logical.py)
    "acos", "asin", "atan", "atan2", "cosh", "sinh",
    "logical_and", "logical_not", "logical_or", "logical_xor",
    # picking, placing and rearranging (gather.py, rearrange.py, masking.py, pieces.py,
    # products.py)
    "bmm", "chunk", "dot", "flip", "gather", "index_add", "index_select", "masked_fill", "mm",
    "mv", "outer", "pad", "repeat", "roll", "scatter", "scatter_add", "split", "t", "tile",
    "tril", "triu", "unbind",
    # diagonals (diagonal.py) and joining (indexing.py)
    "diag", "hstack", "trace", "vstack",
    # contractions and grids (einsum.py, products.py, meshgrid.py)
    "einsum", "kron", "meshgrid", "tensordot",
    # square matrices (determinant.py, inverse.py, matrix_power.py, cholesky.py; the rest
    # of minigrad.linalg is there too)
    "cholesky", "det", "inverse", "matrix_exp", "matrix_power", "slogdet",
    # statistics and ordering (statistics.py, cumulative.py, ordering.py)
    "all", "any", "argsort", "cumprod", "cumsum", "median", "mode", "norm", "prod", "sort", "std",
    "std_mean", "topk", "unique", "var", "var_mean",
    # where a tensor is non-zero (nonzero.py)
    "argwhere", "count_nonzero", "nonzero",
    # quantiles (quantile.py) and pairwise distances (distance.py)
    "cdist", "nanquantile", "quantile",
    # products with an added term (added_products.py), differences and integrals
    # (differences.py), running extremes (running.py), two-operand math (lerp_hypot.py,
    # log_terms.py), rot90 (rearrange.py), renorm (matrix_norms.py)
    "addbmm", "addmm", "addmv", "baddbmm", "chain_matmul", "ger", "inner", "vdot",
    "cumulative_trapezoid", "diff", "trapezoid", "cummax", "cummin", "logcumsumexp",
    "entr", "hypot", "lerp", "logit", "xlog1py", "xlogy", "renorm", "rot90",
]
