"""The exercises: what each asks for, the cases it is checked on, and the answer key.

The answer key is minigrad itself: a learner's Sigmoid is compared with
`mg.sigmoid`, their cross-entropy with `F.cross_entropy`, ... Those ops are
checked against central differences by minigrad's own tests, so they are a
reference the learner can trust and read afterwards (`read_after`). What an
exercise is called and how its cases are described is in `messages`, in English
and in Korean.
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
from .messages import say


@dataclass(frozen=True)
class Case:
    """One set of inputs: arrays (float64), which of them get a gradient, and the params.

    Its description is the message `label` of messages.py, filled in with `about`."""

    label: str
    arrays: tuple[np.ndarray, ...]
    differentiable: tuple[bool, ...]
    params: dict[str, Any] = field(default_factory=dict)
    about: dict[str, Any] = field(default_factory=dict)

    def describe(self, lang: str = "en") -> str:
        return say(lang, self.label, **self.about)


@dataclass(frozen=True)
class Exercise:
    """One exercise; its title and where to read after are the messages title.NAME and
    read.NAME of messages.py."""

    name: str
    target: str  # the class (or, for kind "function", the function) the learner writes
    kind: str  # "op": a Function subclass applied as target.apply(*arrays, **params)
    inputs: tuple[str, ...]  # the names the messages use for the inputs, in order
    reference: Callable[..., Any]  # minigrad's own answer, on Tensors (or arrays for "function")
    cases: Callable[[np.random.Generator], list[Case]]
    checks_forward: bool = False  # the learner writes forward too
    output: str | None = None  # the name of what forward returns, for the messages
    mean_over: str | None = None  # a loss's mean divides by the "rows" or by "all" elements
    sums: bool = False  # a loss that adds up its terms without dividing

    def title(self, lang: str = "en") -> str:
        return say(lang, f"title.{self.name}")

    def read_after(self, lang: str = "en") -> str:
        """Where minigrad does the same, to read once it works."""
        return say(lang, f"read.{self.name}")


def _sigmoid_cases(rng: np.random.Generator) -> list[Case]:
    return [Case("case.shape", (rng.normal(0, 2, s),), (True,), about={"name": "x", "shape": s})
            for s in [(), (4,), (2, 3)]]


def _mul_cases(rng: np.random.Generator) -> list[Case]:
    pairs = [((3,), (3,)), ((2, 3), (2, 3)), ((2, 3), (3,)), ((3, 1), (1, 4)), ((), (2, 2))]
    return [Case("case.times", (rng.normal(size=a), rng.normal(size=b)), (True, True),
                 about={"a": a, "b": b}) for a, b in pairs]


def _sum_to_shape_cases(rng: np.random.Generator) -> list[Case]:
    pairs = [((2, 3), (2, 3)), ((4, 3), (3,)), ((4, 3), (1, 3)), ((4, 3), (4, 1)),
             ((2, 4, 3), (4, 1)), ((2, 3), ()), ((5, 2, 3), (2, 3))]
    return [Case("case.sum_to", (rng.normal(size=g),), (False,), {"shape": s},
                 about={"g": g, "shape": s}) for g, s in pairs]


def _softmax_cases(rng: np.random.Generator) -> list[Case]:
    return [Case("case.dim", (rng.normal(0, 2, s),), (True,), {"dim": d},
                 about={"shape": s, "dim": d})
            for s, d in [((4,), -1), ((3, 4), -1), ((3, 4), 0), ((2, 3, 4), 1)]]


def _cross_entropy_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for n, c in [(1, 3), (4, 3), (6, 5)]:
        z, y = rng.normal(0, 2, (n, c)), rng.integers(0, c, n)
        cases.append(Case("case.scores", (z,), (True,), {"target": y},
                          about={"shape": (n, c), "y": y.tolist()}))
    return cases


def _matmul_cases(rng: np.random.Generator) -> list[Case]:
    pairs = [((2, 3), (3, 4)), ((1, 5), (5, 1)), ((4, 2), (2, 2))]
    return [Case("case.matmul", (rng.normal(size=a), rng.normal(size=b)), (True, True),
                 about={"a": a, "b": b}) for a, b in pairs]


def _squared_error_cases(rng: np.random.Generator) -> list[Case]:
    return [Case("case.shape", (rng.normal(size=s),), (True,), {"target": rng.normal(size=s)},
                 about={"name": "yhat", "shape": s}) for s in [(), (5,), (3, 2)]]


def _bernoulli_cases(rng: np.random.Generator) -> list[Case]:
    return [Case("case.shape", (rng.uniform(0.05, 0.95, s),), (True,),
                 {"target": (rng.uniform(size=s) < 0.5).astype(np.float64)},
                 about={"name": "q", "shape": s}) for s in [(1,), (6,), (2, 3)]]


# Their words (titles, the cases' labels, where to read after) are in messages.py, in
# English and in Korean: title.NAME, case.*, read.NAME.
EXERCISES: dict[str, Exercise] = {e.name: e for e in [
    Exercise("sigmoid", "Sigmoid", "op", ("x",), lambda x: sigmoid(x), _sigmoid_cases),
    Exercise("mul", "Mul", "op", ("x", "y"), lambda x, y: x * y, _mul_cases),
    Exercise("sum_to_shape", "sum_to_shape", "function", ("g",), sum_to_shape,
             _sum_to_shape_cases),
    Exercise("softmax", "Softmax", "op", ("x",), lambda x, dim: F.softmax(x, dim=dim),
             _softmax_cases),
    Exercise("cross_entropy", "CrossEntropy", "op", ("z",),
             lambda z, target: F.cross_entropy(z, Tensor(target)), _cross_entropy_cases,
             output="L", mean_over="rows"),
    Exercise("matmul", "MatMul", "op", ("A", "B"), lambda a, b: a @ b, _matmul_cases),
    Exercise("squared_error", "SquaredError", "op", ("yhat",),
             lambda yhat, target: 0.5 * ((Tensor(target) - yhat) ** 2).sum(),
             _squared_error_cases, checks_forward=True, output="E", sums=True),
    Exercise("bernoulli_nll", "BernoulliNLL", "op", ("q",),
             lambda q, target: F.binary_cross_entropy(q, Tensor(target)), _bernoulli_cases,
             checks_forward=True, output="L", mean_over="all"),
]}
