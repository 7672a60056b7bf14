"""Building blocks for models: `Module`, `Parameter`, layers, activations, losses.

    from minigrad import nn
    model = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 1))
    loss = nn.BCEWithLogitsLoss()(model(x), y)

Reading order: module.py (the tree of parameters), layers.py (Linear),
activations.py, losses.py, init.py (initialisers).
"""

from .. import missing
from . import functional, init
from .activations import LogSoftmax, ReLU, Sigmoid, Softmax, Tanh
from .layers import Flatten, Identity, Linear, Sequential
from .losses import BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, MSELoss, NLLLoss
from .module import IncompatibleKeys, Module, Parameter

__all__ = [
    "BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss", "Flatten", "Identity",
    "IncompatibleKeys", "Linear", "LogSoftmax", "MSELoss", "Module", "NLLLoss", "Parameter",
    "ReLU", "Sequential", "Sigmoid", "Softmax", "Tanh", "functional", "init",
]

# A PyTorch name minigrad does not have gets a clear error (minigrad/missing.py).
__getattr__ = missing.module_getattr(__name__)
