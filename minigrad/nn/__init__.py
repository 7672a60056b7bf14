"""Building blocks for models: `Module`, `Parameter`, layers, activations, losses.

    from minigrad import nn
    model = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 1))
    loss = nn.BCEWithLogitsLoss()(model(x), y)

Reading order: module.py (the tree of parameters), layers.py (Linear),
containers.py (ModuleList, ModuleDict), activations.py, losses.py, init.py
(initialisers), then embedding.py (Embedding) and normalization.py (LayerNorm).
"""

from .. import missing
from . import functional, init
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
from .containers import ModuleDict, ModuleList
from .embedding import Embedding
from .layers import Dropout, Flatten, Identity, Linear, Sequential
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
from .module import IncompatibleKeys, Module, Parameter
from .normalization import LayerNorm

__all__ = [
    # activations (activations.py)
    "ELU", "GELU", "Hardtanh", "LeakyReLU", "LogSigmoid", "Mish", "ReLU6", "SELU", "SiLU",
    "Softplus",
    "BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss", "Dropout", "Flatten", "HuberLoss",
    "Identity", "IncompatibleKeys", "L1Loss", "Linear", "LogSoftmax", "MSELoss", "Module",
    "ModuleDict", "ModuleList", "NLLLoss", "Parameter", "ReLU", "Sequential", "Sigmoid",
    "SmoothL1Loss", "Softmax", "Tanh", "functional", "init",
    # embedding.py, normalization.py
    "Embedding", "LayerNorm",
]

# A PyTorch name minigrad does not have gets a clear error (minigrad/missing.py).
__getattr__ = missing.module_getattr(__name__)
