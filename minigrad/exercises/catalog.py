"""The exercises: what each asks for, the cases it is checked on, and the answer key.

The answer key is minigrad itself: a learner's Sigmoid is compared with
`mg.sigmoid`, their cross-entropy with `F.cross_entropy`, ... Those ops are
checked against central differences by minigrad's own tests, so they are a
reference the learner can trust and read afterwards (`read_after`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .. import functional as F
from ..engine import sum_to_shape
from ..ops import sigmoid
from ..tensor import Tensor


@dataclass(frozen=True)
class Case:
    """One set of inputs: arrays (float64), which of them get a gradient, and the params."""

    label: str
    arrays: tuple[np.ndarray, ...]
    differentiable: tuple[bool, ...]
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Exercise:
    name: str
    title: str
    target: str  # the class (or, for kind "function", the function) the learner writes
    kind: str  # "op": a Function subclass applied as target.apply(*arrays, **params)
    inputs: tuple[str, ...]  # the names the messages use for the inputs, in order
    reference: Callable[..., Any]  # minigrad's own answer, on Tensors (or arrays for "function")
    cases: Callable[[np.random.Generator], list[Case]]
    read_after: str  # where minigrad does the same, to read once it works
    checks_forward: bool = False  # the learner writes forward too
    output: str = "the output"  # the name of what forward returns, for the messages
    mean_over: str | None = None  # a loss's mean divides by the "rows" or by "all" elements
    sums: bool = False  # a loss that adds up its terms without dividing


def _sigmoid_cases(rng: np.random.Generator) -> list[Case]:
    return [Case(f"x of shape {s}", (rng.normal(0, 2, s),), (True,))
            for s in [(), (4,), (2, 3)]]


def _mul_cases(rng: np.random.Generator) -> list[Case]:
    pairs = [((3,), (3,)), ((2, 3), (2, 3)), ((2, 3), (3,)), ((3, 1), (1, 4)), ((), (2, 2))]
    return [Case(f"x of shape {a} times y of shape {b}", (rng.normal(size=a), rng.normal(size=b)),
                 (True, True)) for a, b in pairs]


def _sum_to_shape_cases(rng: np.random.Generator) -> list[Case]:
    pairs = [((2, 3), (2, 3)), ((4, 3), (3,)), ((4, 3), (1, 3)), ((4, 3), (4, 1)),
             ((2, 4, 3), (4, 1)), ((2, 3), ()), ((5, 2, 3), (2, 3))]
    return [Case(f"g of shape {g} to shape {s}", (rng.normal(size=g),), (False,), {"shape": s})
            for g, s in pairs]


def _softmax_cases(rng: np.random.Generator) -> list[Case]:
    return [Case(f"x of shape {s}, dim={d}", (rng.normal(0, 2, s),), (True,), {"dim": d})
            for s, d in [((4,), -1), ((3, 4), -1), ((3, 4), 0), ((2, 3, 4), 1)]]


def _cross_entropy_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for n, c in [(1, 3), (4, 3), (6, 5)]:
        z, y = rng.normal(0, 2, (n, c)), rng.integers(0, c, n)
        cases.append(Case(f"scores z of shape {(n, c)}, targets y = {y.tolist()}", (z,), (True,),
                          {"target": y}))
    return cases


def _matmul_cases(rng: np.random.Generator) -> list[Case]:
    return [Case(f"A of shape {a} @ B of shape {b}", (rng.normal(size=a), rng.normal(size=b)),
                 (True, True)) for a, b in [((2, 3), (3, 4)), ((1, 5), (5, 1)), ((4, 2), (2, 2))]]


def _squared_error_cases(rng: np.random.Generator) -> list[Case]:
    return [Case(f"yhat of shape {s}", (rng.normal(size=s),), (True,),
                 {"target": rng.normal(size=s)}) for s in [(), (5,), (3, 2)]]


def _bernoulli_cases(rng: np.random.Generator) -> list[Case]:
    return [Case(f"q of shape {s}", (rng.uniform(0.05, 0.95, s),), (True,),
                 {"target": (rng.uniform(size=s) < 0.5).astype(np.float64)})
            for s in [(1,), (6,), (2, 3)]]


EXERCISES: dict[str, Exercise] = {e.name: e for e in [
    Exercise("sigmoid", "the backward of sigmoid", "Sigmoid", "op", ("x",),
             lambda x: sigmoid(x), _sigmoid_cases, "minigrad/ops/activations.py, class Sigmoid"),
    Exercise("mul", "the backward of x * y, with broadcasting", "Mul", "op", ("x", "y"),
             lambda x, y: x * y, _mul_cases, "minigrad/ops/elementwise.py, class Mul"),
    Exercise("sum_to_shape", "the backward of broadcasting: sum a gradient back to a shape",
             "sum_to_shape", "function", ("g",), sum_to_shape, _sum_to_shape_cases,
             "minigrad/engine.py, function sum_to_shape"),
    Exercise("softmax", "the backward of softmax", "Softmax", "op", ("x",),
             lambda x, dim: F.softmax(x, dim=dim), _softmax_cases,
             "minigrad/functional/softmax.py, class Softmax"),
    Exercise("cross_entropy", "the backward of cross-entropy on scores (logits)",
             "CrossEntropy", "op", ("z",),
             lambda z, target: F.cross_entropy(z, Tensor(target)), _cross_entropy_cases,
             "minigrad/functional/classification.py, class IndexCrossEntropy",
             output="L", mean_over="rows"),
    Exercise("matmul", "the backward of a matrix product", "MatMul", "op", ("A", "B"),
             lambda a, b: a @ b, _matmul_cases, "minigrad/ops/linalg.py, class MatMul"),
    Exercise("squared_error", "the lecture's squared error E = 1/2 sum (y - yhat)^2, both ways",
             "SquaredError", "op", ("yhat",),
             lambda yhat, target: 0.5 * ((Tensor(target) - yhat) ** 2).sum(),
             _squared_error_cases, "docs/tutorial/01-squared-error.md, the same loss with "
             "minigrad's ops", checks_forward=True, output="E", sums=True),
    Exercise("bernoulli_nll", "the lecture's Bernoulli negative log-likelihood, both ways",
             "BernoulliNLL", "op", ("q",),
             lambda q, target: F.binary_cross_entropy(q, Tensor(target)), _bernoulli_cases,
             "minigrad/functional/bce.py, class BinaryCrossEntropy", checks_forward=True,
             output="L", mean_over="all"),
]}
