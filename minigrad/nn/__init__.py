"""Building blocks for models: `Module`, `Parameter`, layers, activations, losses.

    from minigrad import nn
    model = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 1))
    loss = nn.BCEWithLogitsLoss()(model(x), y)

Reading order: module.py (the tree of parameters; buffers.py adds the state
that is not learnt), layers.py (Linear), containers.py (ModuleList, ModuleDict,
ParameterList), activations.py and activations_extra.py, losses.py, normalization.py (BatchNorm1d,
BatchNorm2d, BatchNorm3d), layer_norm.py (LayerNorm), group_norm.py (GroupNorm,
InstanceNorm1d, InstanceNorm2d), embedding.py (Embedding), init.py
(initialisers), utils.py (clipping gradients), cells.py (one step of an RNN,
LSTM or GRU: the equations) and recurrent.py (RNN, LSTM, GRU: the steps over a
sequence); then convolution.py (Conv1d, Conv2d, Conv3d, ConvTranspose1d/2d/3d),
pooling.py (MaxPool1d/2d/3d, AvgPool1d/2d/3d), adaptive_pooling.py
(AdaptiveAvgPool1d/2d/3d, AdaptiveMaxPool1d/2d/3d) and fold.py (Unfold, Fold: im2col
and col2im), the layers of a small CNN, and upsampling.py (Upsample: resizing, on
functional.interpolate). Last attention.py (MultiheadAttention), transformer.py
(TransformerEncoderLayer, TransformerEncoder), transformer_decoder.py
(TransformerDecoderLayer, TransformerDecoder) and encoder_decoder.py (Transformer: the
two stacks joined), built from them. More: bilinear.py (Bilinear),
local_response_norm.py (LocalResponseNorm), alpha_dropout.py (AlphaDropout,
FeatureAlphaDropout), margin_losses_multi.py (MultiMarginLoss, MultiLabelMarginLoss,
TripletMarginWithDistanceLoss).
"""

from .. import missing
from . import functional, init, utils
from .activations import (
    ELU,
    GELU,
    SELU,
    Hardtanh,
    LeakyReLU,
    LogSigmoid,
    LogSoftmax,
    Mish,
    ReLU,
    ReLU6,
    Sigmoid,
    SiLU,
    Softmax,
    Softplus,
    Tanh,
)
from .activations_extra import (
    CELU,
    GLU,
    Hardshrink,
    Hardsigmoid,
    Hardswish,
    RReLU,
    Softmin,
    Softshrink,
    Softsign,
    Tanhshrink,
    Threshold,
)
from .adaptive_pooling import (
    AdaptiveAvgPool1d,
    AdaptiveAvgPool2d,
    AdaptiveAvgPool3d,
    AdaptiveMaxPool1d,
    AdaptiveMaxPool2d,
    AdaptiveMaxPool3d,
)
from .alpha_dropout import AlphaDropout, FeatureAlphaDropout
from .attention import MultiheadAttention
from .bilinear import Bilinear
from .cells import GRUCell, LSTMCell, RNNCell
from .channel_dropout import Dropout1d, Dropout2d
from .containers import ModuleDict, ModuleList, ParameterList
from .convolution import (
    Conv1d,
    Conv2d,
    Conv3d,
    ConvTranspose1d,
    ConvTranspose2d,
    ConvTranspose3d,
)
from .embedding import Embedding
from .encoder_decoder import Transformer
from .fold import Fold, Unfold
from .group_norm import GroupNorm, InstanceNorm1d, InstanceNorm2d
from .layer_norm import LayerNorm
from .layers import Dropout, Flatten, Identity, Linear, Sequential, Unflatten
from .local_response_norm import LocalResponseNorm
from .losses import (
    BCELoss,
    BCEWithLogitsLoss,
    CrossEntropyLoss,
    HuberLoss,
    L1Loss,
    MSELoss,
    NLLLoss,
    SmoothL1Loss,
)
from .margin_losses_multi import (
    MultiLabelMarginLoss,
    MultiMarginLoss,
    TripletMarginWithDistanceLoss,
)
from .module import IncompatibleKeys, Module, Parameter
from .more_losses import (
    CosineEmbeddingLoss,
    CosineSimilarity,
    GaussianNLLLoss,
    HingeEmbeddingLoss,
    KLDivLoss,
    MarginRankingLoss,
    MultiLabelSoftMarginLoss,
    PairwiseDistance,
    PoissonNLLLoss,
    SoftMarginLoss,
    TripletMarginLoss,
)
from .normalization import BatchNorm1d, BatchNorm2d, BatchNorm3d
from .padding import (
    ChannelShuffle,
    ConstantPad1d,
    ConstantPad2d,
    PixelShuffle,
    PixelUnshuffle,
    ReflectionPad1d,
    ReflectionPad2d,
    ReplicationPad1d,
    ReplicationPad2d,
    ZeroPad1d,
    ZeroPad2d,
)
from .parameter_dict import ParameterDict
from .pooling import AvgPool1d, AvgPool2d, AvgPool3d, MaxPool1d, MaxPool2d, MaxPool3d
from .prelu import PReLU, Softmax2d
from .recurrent import GRU, LSTM, RNN
from .transformer import TransformerEncoder, TransformerEncoderLayer
from .transformer_decoder import TransformerDecoder, TransformerDecoderLayer
from .upsampling import Upsample, UpsamplingBilinear2d, UpsamplingNearest2d

__all__ = [
    # activations (activations.py)
    "ELU", "GELU", "Hardtanh", "LeakyReLU", "LogSigmoid", "Mish", "ReLU6", "SELU", "SiLU",
    "Softplus",
    # more activations (activations_extra.py)
    "CELU", "GLU", "Hardshrink", "Hardsigmoid", "Hardswish", "Softmin", "Softshrink",
    "Softsign", "Tanhshrink", "Threshold",
    # prelu.py, channel_dropout.py
    "PReLU", "Softmax2d", "Dropout1d", "Dropout2d",
    # recurrent layers (recurrent.py) and their cells (cells.py)
    "GRU", "GRUCell", "LSTM", "LSTMCell", "RNN", "RNNCell",
    # normalisation (normalization.py)
    "BatchNorm1d", "BatchNorm2d", "BatchNorm3d",
    # per-example normalisation (group_norm.py)
    "GroupNorm", "InstanceNorm1d", "InstanceNorm2d",
    "BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss", "Dropout", "Flatten", "HuberLoss",
    "Identity", "IncompatibleKeys", "L1Loss", "Linear", "LogSoftmax", "MSELoss", "Module",
    "ModuleDict", "ModuleList", "NLLLoss", "Parameter", "ParameterList", "ReLU", "Sequential",
    "Sigmoid", "SmoothL1Loss", "Softmax", "Tanh", "Unflatten", "functional", "init", "utils",
    # convolution and pooling (convolution.py, pooling.py)
    "AvgPool1d", "AvgPool2d", "AvgPool3d", "Conv1d", "Conv2d", "Conv3d", "MaxPool1d",
    "MaxPool2d", "MaxPool3d",
    # transposed convolution (convolution.py)
    "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d",
    # im2col and col2im (fold.py)
    "Fold", "Unfold",
    # adaptive pooling (adaptive_pooling.py)
    "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d", "AdaptiveMaxPool1d",
    "AdaptiveMaxPool2d", "AdaptiveMaxPool3d",
    # embedding.py, layer_norm.py
    "Embedding", "LayerNorm",
    # upsampling.py
    "Upsample", "UpsamplingBilinear2d", "UpsamplingNearest2d",
    # attention.py, transformer.py, transformer_decoder.py, encoder_decoder.py
    "MultiheadAttention", "Transformer", "TransformerDecoder", "TransformerDecoderLayer",
    "TransformerEncoder", "TransformerEncoderLayer",
    # more_losses.py
    "CosineEmbeddingLoss", "CosineSimilarity", "GaussianNLLLoss", "HingeEmbeddingLoss",
    "KLDivLoss", "MarginRankingLoss", "MultiLabelSoftMarginLoss", "PairwiseDistance",
    "PoissonNLLLoss", "SoftMarginLoss", "TripletMarginLoss",
    # padding.py
    "ConstantPad1d", "ConstantPad2d", "PixelShuffle", "PixelUnshuffle", "ReflectionPad1d",
    "ReflectionPad2d", "ReplicationPad1d", "ReplicationPad2d", "ZeroPad1d", "ZeroPad2d",
    # parameter_dict.py
    "ParameterDict",
    # bilinear.py, local_response_norm.py, alpha_dropout.py, RReLU, ChannelShuffle
    "Bilinear", "LocalResponseNorm", "AlphaDropout", "FeatureAlphaDropout", "RReLU",
    "ChannelShuffle",
    # margin_losses_multi.py
    "MultiLabelMarginLoss", "MultiMarginLoss", "TripletMarginWithDistanceLoss",
]

# A PyTorch name minigrad does not have gets a clear error (minigrad/missing.py).
__getattr__ = missing.module_getattr(__name__)
