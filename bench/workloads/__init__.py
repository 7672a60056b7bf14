"""The workloads, in the order the table shows them."""

from .base import Workload
from .deep import Deep
from .logreg import LogReg
from .mlp import MLP
from .overhead import Overhead
from .perceptron_mse import PerceptronMSE
from .softmax_ce import SoftmaxCE
from .wide import Wide

WORKLOADS: list[Workload] = [
    Overhead(), Deep(), Wide(), PerceptronMSE(), LogReg(), MLP(), SoftmaxCE()
]
BY_NAME = {w.name: w for w in WORKLOADS}
