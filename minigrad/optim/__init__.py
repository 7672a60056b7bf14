"""Optimisers: turn the gradients in `p.grad` into updates of the parameters.

    opt = optim.SGD(model.parameters(), lr=0.1)
    for x, y in loader:
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()

Each update follows the formula PyTorch documents, written with numpy on the
raw arrays and applied in place under `mg.no_grad()`. Parameters can also be
given as groups with their own settings:
`SGD([{"params": a}, {"params": b, "lr": 0.01}], lr=0.1)`.

Reading order: optimizer.py (the base class: groups, step, zero_grad), then
one file per optimiser, each written from its update formula: sgd.py,
adam.py (Adam, AdamW), rmsprop.py, adagrad.py, adamax.py, nadam.py, radam.py,
adadelta.py, rprop.py, asgd.py; lbfgs.py (L-BFGS, which takes a closure) with
line_search.py (its strong-Wolfe line search); state.py (checkpoints in
PyTorch's layout) and lr_scheduler.py (learning-rate schedules).
"""

from .. import missing
from . import lr_scheduler
from .adadelta import Adadelta
from .adagrad import Adagrad
from .adam import Adam, AdamW
from .adamax import Adamax
from .asgd import ASGD
from .lbfgs import LBFGS
from .nadam import NAdam
from .optimizer import Optimizer
from .radam import RAdam
from .rmsprop import RMSprop
from .rprop import Rprop
from .sgd import SGD

__all__ = ["ASGD", "LBFGS", "SGD", "Adadelta", "Adagrad", "Adam", "AdamW", "Adamax", "NAdam",
           "Optimizer", "RAdam", "RMSprop", "Rprop", "lr_scheduler"]

__getattr__ = missing.module_getattr(__name__)  # PyTorch names minigrad lacks: a clear error
