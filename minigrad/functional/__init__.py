"""The lecture's ops, with the names and arguments of torch.nn.functional.

    import minigrad.functional as F
    loss = F.cross_entropy(logits, labels)

Reading order, following the lecture: regression.py (the squared error),
information.py (information, entropy, cross-entropy, KL on distributions),
softmax.py (scores to probabilities, stably), classification.py
(cross_entropy, nll_loss), bce.py (binary cross-entropy = the Bernoulli
maximum likelihood = logistic regression's loss). The fused ops' formulas
are checked against their compositions from primitive ops in composed.py.
Beside them, activations.py: relu, leaky_relu, elu, gelu, silu, softplus, ...
and activations_extra.py: hardswish, hardsigmoid, threshold, celu, hardshrink, softmin, ...
with PyTorch's arguments (inplace= among them); their math is in minigrad/ops.
Then the layers of a small CNN: convolution.py (conv1d, conv2d, conv3d) and pooling.py
(max_pool1d/2d/3d, avg_pool1d/2d/3d), whose arguments window_arguments.py checks;
their ops are minigrad/ops/convolution.py and minigrad/ops/pooling.py;
conv_transpose.py (conv_transpose1d/2d/3d), the convolution's derivative as a layer;
adaptive_pooling.py (adaptive_avg_pool1d/2d/3d, adaptive_max_pool1d/2d/3d: a fixed
output size), on minigrad/ops/adaptive_pooling.py; fold.py (unfold and fold: im2col
and col2im), on minigrad/ops/fold.py.
batch_norm.py: batch normalisation, the function behind nn.BatchNorm1d/2d/3d;
group_norm.py: group_norm and instance_norm, behind nn.GroupNorm and nn.InstanceNorm1d/2d.
The layers of nn as functions: linear.py, embedding.py (rows of a table),
layer_norm.py, and similarity.py (normalize, cosine_similarity). Resizing: resize.py
(interpolate; its ops are minigrad/ops/resize.py). attention.py
(scaled_dot_product_attention), the core of nn.MultiheadAttention.
More losses: margin_losses.py (margin ranking, hinge embedding, soft margins,
cosine embedding, triplet margin, pairwise_distance) and likelihood_losses.py
(poisson_nll_loss, gaussian_nll_loss), composed from the ops above; pixel_shuffle.py
(pixel_shuffle, pixel_unshuffle: channels traded for pixels; channel_shuffle).
margin_losses_multi.py (multi_margin_loss, multilabel_margin_loss,
triplet_margin_with_distance_loss), pdist.py, bilinear.py, local_response_norm.py;
the random ones: alpha_dropout.py (alpha_dropout, feature_alpha_dropout) and
random_activations.py (rrelu, gumbel_softmax).
"""

from .. import missing
from ..ops import sigmoid, tanh
from ..ops.rearrange import pad
from . import composed
from .activations import (
    elu,
    gelu,
    hardtanh,
    leaky_relu,
    logsigmoid,
    mish,
    relu,
    relu6,
    selu,
    silu,
    softplus,
)
from .activations_extra import (
    celu,
    glu,
    hardshrink,
    hardsigmoid,
    hardswish,
    softmin,
    softshrink,
    softsign,
    tanhshrink,
    threshold,
)
from .adaptive_pooling import (
    adaptive_avg_pool1d,
    adaptive_avg_pool2d,
    adaptive_avg_pool3d,
    adaptive_max_pool1d,
    adaptive_max_pool2d,
    adaptive_max_pool3d,
)
from .alpha_dropout import alpha_dropout, feature_alpha_dropout
from .attention import scaled_dot_product_attention
from .batch_norm import batch_norm
from .bce import binary_cross_entropy, binary_cross_entropy_with_logits
from .bilinear import bilinear
from .channel_dropout import dropout1d, dropout2d
from .classification import cross_entropy, nll_loss
from .conv_transpose import conv_transpose1d, conv_transpose2d, conv_transpose3d
from .convolution import conv1d, conv2d, conv3d
from .dropout import dropout
from .embedding import embedding
from .fold import fold, unfold
from .group_norm import group_norm, instance_norm
from .information import cross_entropy_between, entropy, information, kl_div
from .layer_norm import layer_norm
from .likelihood_losses import gaussian_nll_loss, poisson_nll_loss
from .linear import linear
from .local_response_norm import local_response_norm
from .margin_losses import (
    cosine_embedding_loss,
    hinge_embedding_loss,
    margin_ranking_loss,
    multilabel_soft_margin_loss,
    pairwise_distance,
    soft_margin_loss,
    triplet_margin_loss,
)
from .margin_losses_multi import (
    multi_margin_loss,
    multilabel_margin_loss,
    triplet_margin_with_distance_loss,
)
from .one_hot import one_hot
from .pdist import pdist
from .pixel_shuffle import channel_shuffle, pixel_shuffle, pixel_unshuffle
from .pooling import avg_pool1d, avg_pool2d, avg_pool3d, max_pool1d, max_pool2d, max_pool3d
from .prelu import prelu
from .random_activations import gumbel_softmax, rrelu
from .reduction import REDUCTIONS
from .regression import huber_loss, l1_loss, mse_loss, smooth_l1_loss
from .resize import interpolate
from .similarity import cosine_similarity, normalize
from .softmax import log_softmax, logsumexp, softmax

__all__ = [
    # activations (activations.py)
    "elu", "gelu", "hardtanh", "leaky_relu", "logsigmoid", "mish", "relu6", "selu", "silu",
    "softplus",
    # more activations (activations_extra.py)
    "celu", "glu", "hardshrink", "hardsigmoid", "hardswish", "softmin", "softshrink",
    "softsign", "tanhshrink", "threshold",
    # prelu.py, channel_dropout.py
    "prelu", "dropout1d", "dropout2d",
    "REDUCTIONS", "batch_norm", "binary_cross_entropy", "binary_cross_entropy_with_logits",
    "composed",
    "cross_entropy", "cross_entropy_between", "dropout", "entropy", "huber_loss",
    "information", "kl_div", "l1_loss", "one_hot", "smooth_l1_loss",
    "log_softmax", "logsumexp", "mse_loss", "nll_loss", "relu", "sigmoid", "softmax", "tanh",
    "pad",
    # convolution and pooling (convolution.py, pooling.py)
    "avg_pool1d", "avg_pool2d", "avg_pool3d", "conv1d", "conv2d", "conv3d", "max_pool1d",
    "max_pool2d", "max_pool3d",
    # transposed convolution (conv_transpose.py)
    "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
    # im2col and col2im (fold.py)
    "fold", "unfold",
    # adaptive pooling (adaptive_pooling.py)
    "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d", "adaptive_max_pool1d",
    "adaptive_max_pool2d", "adaptive_max_pool3d",
    # layers as functions (linear.py, embedding.py, layer_norm.py, similarity.py)
    "cosine_similarity", "embedding", "layer_norm", "linear", "normalize",
    # per-example normalisation (group_norm.py)
    "group_norm", "instance_norm",
    # resizing (resize.py)
    "interpolate",
    # attention (attention.py)
    "scaled_dot_product_attention",
    # more losses (margin_losses.py, likelihood_losses.py)
    "cosine_embedding_loss", "gaussian_nll_loss", "hinge_embedding_loss", "margin_ranking_loss",
    "multilabel_soft_margin_loss", "pairwise_distance", "poisson_nll_loss", "soft_margin_loss",
    "triplet_margin_loss",
    # pixel_shuffle.py
    "pixel_shuffle", "pixel_unshuffle",
    # margin_losses_multi.py, pdist.py, bilinear.py, local_response_norm.py, channel_shuffle
    "multi_margin_loss", "multilabel_margin_loss", "triplet_margin_with_distance_loss",
    "pdist", "bilinear", "local_response_norm", "channel_shuffle",
    # alpha_dropout.py, random_activations.py
    "alpha_dropout", "feature_alpha_dropout", "gumbel_softmax", "rrelu",
]

# A PyTorch name minigrad does not have gets a clear error (minigrad/missing.py).
__getattr__ = missing.module_getattr(__name__)
