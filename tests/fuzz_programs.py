"""A random program for the fuzz tests (test_fuzz.py): its steps and how to run them.

A `Program` is a list of `Step`s over some float64 inputs; `RUN` says what each
op name computes. fuzz_builder.py draws programs; on a failure hypothesis
prints the `Program`, and `Program.run` replays it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import minigrad as mg

try:
    F: Any = importlib.import_module("minigrad.functional")
except ImportError:  # the functional module is not written yet
    F = None


# ---- the program -------------------------------------------------------------
@dataclass
class Step:
    """`values.append(RUN[op](*values[args], **params))`."""

    op: str
    args: tuple[int, ...]
    params: dict[str, Any] = field(default_factory=dict)

    def source(self, k: int) -> str:
        params = "".join(f", {name}={_show(v)}" for name, v in self.params.items())
        return f"v{k} = {self.op}({', '.join(f'v{a}' for a in self.args)}{params})"


def _show(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"np.array({value.tolist()!r}, dtype={value.dtype.name!r})"
    return repr(value)


@dataclass
class Program:
    """Input shapes, the seed of the input values, the steps and which values to return."""

    seed: int
    shapes: list[tuple[int, ...]]
    steps: list[Step]
    outputs: tuple[int, ...] = ()

    def inputs(self) -> list[mg.Tensor]:
        rng = np.random.default_rng(self.seed)
        return [
            mg.tensor(rng.standard_normal(shape), dtype=np.float64, requires_grad=True)
            for shape in self.shapes
        ]

    def run(self, *inputs: mg.Tensor) -> tuple[mg.Tensor, ...]:
        values = list(inputs)
        for step in self.steps:
            values.append(RUN[step.op](*[values[a] for a in step.args], **step.params))
        return tuple(values[k] for k in self.outputs)

    def source(self) -> str:
        n = len(self.shapes)
        lines = [f"# inputs v0..v{n - 1}: shapes {self.shapes}, seed {self.seed}"]
        lines += [step.source(n + i) for i, step in enumerate(self.steps)]
        lines.append("return " + ", ".join(f"v{k}" for k in self.outputs))
        return "\n".join(lines)


# ---- what each op name runs (positive transforms keep domains safe) -------------
POSITIVE: dict[str, Callable[[mg.Tensor], mg.Tensor]] = {
    "none": lambda x: x,
    "sigmoid": lambda x: x.sigmoid() + 0.25,
    "exp_tanh": lambda x: x.tanh().exp(),
    "hypot": lambda x: (x * x + 1.0).sqrt(),
}


def _pos(x: mg.Tensor, pos: str) -> mg.Tensor:
    return POSITIVE[pos](x)


def _values(result: Any) -> mg.Tensor:
    """The values of max(x, dim)'s (values, indices), or amax's tensor itself."""
    return result[0] if isinstance(result, tuple) else result


RUN: dict[str, Callable[..., mg.Tensor]] = {
    "neg": lambda x: -x,
    "exp": lambda x, squash=False: (x.tanh() * 3.0 if squash else x).exp(),
    "tanh": lambda x: x.tanh(),
    "sigmoid": lambda x: mg.sigmoid(x),
    "clone": lambda x: x.clone(),
    "double": lambda x: x.double(),
    "log": lambda x, pos: _pos(x, pos).log(),
    "sqrt": lambda x, pos: mg.sqrt(_pos(x, pos)),
    "relu": lambda x: x.relu(),
    "abs": lambda x: abs(x),
    "clip": lambda x, low, high: x.clip(low, high),
    "add": lambda x, y: x + y,
    "sub": lambda x, y: x - y,
    "mul": lambda x, y: x * y,
    "div": lambda x, y, pos, sign: x / (_pos(y, pos) * sign),
    "pow": lambda x, y, pos: _pos(x, pos) ** y.tanh(),
    "pow_const": lambda x, p: x**p,
    "rsub_const": lambda x, c: c - x,
    "rdiv_const": lambda x, c, pos: c / _pos(x, pos),
    "mul_const": lambda x, c: x * c,
    "add_const": lambda x, c: c + x,
    "maximum": lambda x, y: mg.maximum(x, y),
    "minimum": lambda x, y: x.minimum(y),
    "where": lambda x, y, cond: mg.where(cond, x, y),
    "sum": lambda x, axis, keepdims: x.sum(axis=axis, keepdims=keepdims),
    "mean": lambda x, axis, keepdims: x.mean(dim=axis, keepdim=keepdims),
    "max": lambda x, axis, keepdims: x.max(axis, keepdim=keepdims).values,  # (values, indices)
    "min": lambda x, axis, keepdims: mg.min(x, dim=axis, keepdims=keepdims)[0],
    "amax": lambda x, axis, keepdims: x.amax(axis=axis, keepdims=keepdims),
    "amin": lambda x, axis, keepdims: mg.amin(x, axis, keepdims),
    "reshape": lambda x, shape: x.reshape(shape),
    "permute": lambda x, axes: x.permute(axes),
    "swapaxes": lambda x, a, b: x.transpose(a, b),
    "T": lambda x: x.T,
    "broadcast_to": lambda x, shape: x.broadcast_to(shape),
    "squeeze": lambda x: x.squeeze(),
    "unsqueeze": lambda x, axis: x.unsqueeze(axis),
    "flatten": lambda x, start, end: x.flatten(start, end),
    "getitem": lambda x, index: x[index],
    "concatenate": lambda *xs, axis: mg.concatenate(list(xs), axis=axis),
    "stack": lambda *xs, axis: mg.stack(xs, axis=axis),
    "tied": lambda x, op: _values(getattr(mg.stack([x, x.clone()]), op)(axis=0)),  # exact ties
    "tied_maximum": lambda x: mg.maximum(x, x),
    "matmul": lambda x, y: x @ y,
    "matmul_T": lambda x: x @ x.mT,
    "softmax": lambda x, axis: F.softmax(x, axis),
    "log_softmax": lambda x, axis: F.log_softmax(x, axis),
    "logsumexp": lambda x, axis, keepdims: F.logsumexp(x, axis, keepdims),
    "mse_loss": lambda x, target: F.mse_loss(x, target),
    "cross_entropy": lambda x, target: F.cross_entropy(x, target),
    "bce_logits": lambda x, target: F.binary_cross_entropy_with_logits(x, target),
    "bce": lambda x, target: F.binary_cross_entropy(x.sigmoid() * 0.9 + 0.05, target),
}
