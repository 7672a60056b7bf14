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
unbind), products (mm, bmm, dot, outer); statistics (var, std, norm, any,
all), cumulative (prod, cumsum, cumprod), ordering (sort, argsort, topk, median).
Square matrices, for minigrad.linalg: inverse (inv, solve), determinant (det,
slogdet) and matrix_norms (vector_norm, matrix_norm, svdvals).
Beside them: cast (dtype changes and copies), promotion (which dtype two
operands meet in), inplace_ops (in-place changes recorded in a graph),
logical (logical_and, ...: truth values, no gradient),
arguments (operands to Tensors, axes to tuples, PyTorch's dim/keepdim) and
either (the few free functions a backward formula needs, written for arrays
and for Tensors alike).
"""

from .activations import relu, sigmoid, tanh
from .cast import cast, clone
from .clip import clip
from .cumulative import cumprod, cumsum, prod
from .determinant import det, slogdet
from .diagonal import diag, trace
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
from .linalg import matmul
from .logical import logical_and, logical_not, logical_or, logical_xor
from .masking import masked_fill, tril, triu
from .math import cos, erf, expm1, log1p, log2, log10, reciprocal, rsqrt, sin, square, tan
from .ordering import argsort, median, sort, topk
from .pieces import chunk, split, unbind
from .products import bmm, dot, mm, mv, outer, t
from .rearrange import flip, pad, repeat, roll, tile
from .reduce import ValuesIndices, amax, amin, argmax, argmin, max, mean, min, sum
from .rounding import ceil, floor, round, sign, trunc
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

__all__ = [
    "ValuesIndices", "abs", "add", "amax", "amin", "argmax", "argmin", "broadcast_to",
    "cast", "clip", "clone", "concatenate",
    "div", "exp",
    "expand_dims", "flatten", "getitem", "log", "matmul", "max", "maximum", "mean", "min",
    "minimum", "mul", "neg", "permute", "pow", "relu", "reshape", "sigmoid", "sqrt",
    "squeeze", "stack", "sub", "sum", "swapaxes", "tanh", "transpose", "unsqueeze", "where",
    # more elementwise math (ops/math.py, ops/rounding.py)
    "ceil", "cos", "erf", "expm1", "floor", "log1p", "log2", "log10", "reciprocal", "round",
    "rsqrt", "sign", "sin", "square", "tan", "trunc",
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
    # square matrices (determinant.py, inverse.py; the rest of minigrad.linalg is there too)
    "det", "inverse", "slogdet",
    # statistics and ordering (statistics.py, cumulative.py, ordering.py)
    "all", "any", "argsort", "cumprod", "cumsum", "median", "norm", "prod", "sort", "std",
    "std_mean", "topk", "var", "var_mean",
]
