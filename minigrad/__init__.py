"""minigrad: a small autodiff framework on numpy, written to be read.

    import minigrad as mg
    x = mg.tensor([1.0, 2.0, 3.0], requires_grad=True)
    (x * x).sum().backward()
    x.grad          # Tensor([2., 4., 6.])

Reading order: tensor.py (the Tensor), function.py (the op base class),
engine.py (the backward pass), ops/ (each op's forward beside its backward),
gradcheck.py, then functional/ (the lecture's losses), nn/, optim/, viz/.
"""

# The Tensor first: importing it loads the ops, which need the class defined.
from .tensor import Tensor  # isort: skip

# The layers above the core: losses, models, data, pictures, files.
from . import (
    autograd,
    cuda,
    data,
    distributions,
    errors,
    functional,
    linalg,
    missing,
    nn,
    optim,
    special,
    utils,
    viz,
)
from .anomaly import detect_anomaly, is_anomaly_enabled
from .creation import (
    arange,
    default_generator,
    eye,
    from_numpy,
    full,
    linspace,
    manual_seed,
    ones,
    ones_like,
    rand,
    randint,
    randn,
    tensor,
    zeros,
    zeros_like,
)
from .devices import device
from .dtype_names import (  # PyTorch's dtype names, as numpy dtypes
    bool,
    double,
    float,
    float16,
    float32,
    float64,
    half,
    int,
    int8,
    int16,
    int32,
    int64,
    long,
    short,
    uint8,
)
from .dtypes import get_default_dtype, set_default_dtype
from .function import Function
from .functional.conv_transpose import conv_transpose1d, conv_transpose2d, conv_transpose3d
from .functional.convolution import conv1d, conv2d, conv3d
from .functional.pooling import avg_pool1d, max_pool1d, max_pool2d, max_pool3d
from .grad_mode import (
    enable_grad,
    inference_mode,
    is_grad_enabled,
    is_inference_mode_enabled,
    no_grad,
    set_grad_enabled,
)
from .gradcheck import gradcheck, gradgradcheck
from .gradients import grad
from .io import load, save
from .ops import (
    abs,
    add,
    amax,
    amin,
    argmax,
    argmin,
    broadcast_to,
    clip,
    concatenate,
    div,
    exp,
    expand_dims,
    flatten,
    log,
    matmul,
    max,
    maximum,
    mean,
    min,
    minimum,
    mul,
    neg,
    permute,
    pow,
    relu,
    reshape,
    sigmoid,
    sqrt,
    squeeze,
    stack,
    sub,
    sum,
    swapaxes,
    tanh,
    transpose,
    unsqueeze,
    where,
)
from .ops.activations_more import selu
from .ops.added_products import (
    addbmm,
    addmm,
    addmv,
    baddbmm,
    chain_matmul,
    ger,
    inner,
    vdot,
)
from .ops.cast import clone
from .ops.cholesky import cholesky_torch as cholesky
from .ops.combining import block_diag, cartesian_prod, combinations
from .ops.counting import bincount, bucketize, histc, searchsorted, tril_indices, triu_indices
from .ops.cumulative import cumprod, cumsum, prod
from .ops.determinant import det, slogdet
from .ops.diagonal import diag, trace
from .ops.differences import cumulative_trapezoid, diff, trapezoid
from .ops.distance import cdist
from .ops.einsum import einsum
from .ops.gather import gather, index_add, index_select, scatter, scatter_add
from .ops.indexing import hstack, vstack
from .ops.inverse import inverse
from .ops.lerp_hypot import hypot, lerp
from .ops.log_terms import logit, xlogy
from .ops.logical import logical_and, logical_not, logical_or, logical_xor
from .ops.masking import masked_fill, tril, triu
from .ops.math import (
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
from .ops.matrix_exp import matrix_exp
from .ops.matrix_norms import renorm
from .ops.matrix_power import matrix_power
from .ops.meshgrid import meshgrid
from .ops.nonzero import argwhere, count_nonzero, nonzero
from .ops.ordering import argsort, median, mode, sort, topk
from .ops.pieces import chunk, split, unbind
from .ops.products import bmm, dot, kron, mm, mv, outer, t, tensordot
from .ops.quantile import nanquantile, quantile
from .ops.rearrange import flip, roll, rot90, tile
from .ops.rounding import ceil, floor, round, sign, trunc
from .ops.running import cummax, cummin, logcumsumexp
from .ops.shrink import hardshrink
from .ops.statistics import all, any, norm, std, std_mean, var, var_mean
from .ops.trig import acos, asin, atan, atan2, cosh, sinh
from .ops.unique import unique
from .printing import set_printoptions
from .sampling import (
    bernoulli,
    multinomial,
    normal,
    rand_like,
    randint_like,
    randn_like,
    randperm,
)
from .top_level import (
    allclose,
    dropout,
    equal,
    is_tensor,
    isclose,
    isfinite,
    isinf,
    isnan,
    log_softmax,
    numel,
    softmax,
)
from .viz import draw_graph, explain

cat = concatenate  # PyTorch's name
clamp = clip
logsumexp = functional.logsumexp  # torch.logsumexp (dim optional here)

__version__ = "0.1.0"

# A PyTorch name minigrad does not have gets a clear error (minigrad/missing.py).
__getattr__ = missing.module_getattr(__name__)
