"""The hypothesis strategy `programs()` of the fuzz tests: builds a random `Program`.

Each step is drawn and evaluated on the program's actual input values, so that
kinks, non-positive domains and huge values are avoided (see test_fuzz.py).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from fuzz_programs import RUN, F, Program, Step
from hypothesis import strategies as st

import minigrad as mg

MARGIN = 1e-3  # how far values must stay from a kink (eps is 1e-6)
LIMIT = 1e3  # larger values make central differences lose too many digits


# ---- building a program on its actual values ----------------------------------------
class Builder:
    """Draws steps one at a time, evaluating each on the real input values."""

    def __init__(self, draw: Any, program: Program) -> None:
        self.draw = draw
        self.program = program
        with mg.no_grad():
            self.values: list[mg.Tensor] = [t.detach() for t in program.inputs()]

    def pick(self, candidates: list[int] | None = None) -> int:
        """A value to use: often the newest (long chains), else any earlier one (reuse)."""
        if candidates is None:
            if self.draw(st.booleans()):
                return len(self.values) - 1
            candidates = list(range(len(self.values)))
        return self.draw(st.sampled_from(candidates))

    def shape(self, k: int) -> tuple[int, ...]:
        return self.values[k].shape

    def data(self, k: int) -> np.ndarray:
        return self.values[k].numpy()

    def constant(self, shape: tuple[int, ...]) -> np.ndarray:
        seed = self.draw(st.integers(0, 2**16))
        return np.random.default_rng(seed).standard_normal(shape)

    def broadcastable(self, k: int) -> list[int]:
        """Values whose shape broadcasts with value k (k itself included)."""
        return [j for j in range(len(self.values)) if _broadcasts(self.shape(j), self.shape(k))]

    def axis_subset(self, ndim: int) -> Any:
        if ndim == 0 or self.draw(st.booleans()):
            return None
        axes = self.draw(st.lists(st.integers(0, ndim - 1), min_size=1, max_size=ndim,
                                  unique=True))
        signed = tuple(a - ndim if self.draw(st.booleans()) else a for a in axes)
        return signed[0] if len(signed) == 1 and self.draw(st.booleans()) else signed

    def add(self, step: Step) -> bool:
        """Evaluate the step; keep it if its values are finite and not too large."""
        with mg.no_grad():
            out = RUN[step.op](*[self.values[a] for a in step.args], **step.params)
        values = np.asarray(out.numpy(), dtype=np.float64)
        # Empty results (a mask that picks nothing) are left to the regular tests.
        if not values.size or not np.isfinite(values).all() or np.abs(values).max() > LIMIT:
            return False
        self.program.steps.append(step)
        self.values.append(out)
        return True


def _broadcasts(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    try:
        np.broadcast_shapes(a, b)
    except ValueError:
        return False
    return True


def _far_from(values: np.ndarray, *points: float, exact_ok: bool = False) -> bool:
    """No value within MARGIN of a kink point.

    `exact_ok` also lets values sit exactly at it: right for maximum/minimum,
    where an exact tie comes from identical expressions that move together.
    Not for relu, abs and clip: a value exactly at their kink may leave it under
    the smallest change of the inputs (mse_loss(x, t) is 0 where x = t, and
    abs of it has no derivative there).
    """
    for p in points:
        d = np.abs(values - p)
        if ((d > 0 if exact_ok else d >= 0) & (d < MARGIN)).any():
            return False
    return True


def _positive(b: Builder, k: int) -> str:
    if b.data(k).size and b.data(k).min() > 0.05 and b.draw(st.booleans()):
        return "none"
    return b.draw(st.sampled_from(["sigmoid", "exp_tanh", "hypot"]))


def build_step(b: Builder, op: str) -> Step | None:
    """One step of kind `op` on values drawn from the builder, or None if it does not fit."""
    k = b.pick()
    shape, ndim = b.shape(k), len(b.shape(k))
    x = b.data(k)
    if op == "tied":
        if not x.size:
            return None
        return Step(op, (k,), {"op": b.draw(st.sampled_from(["amax", "amin", "max", "min"]))})
    if op in ("neg", "tanh", "sigmoid", "clone", "double", "T", "tied_maximum"):
        return Step(op, (k,))
    if op == "exp":
        return Step(op, (k,), {"squash": b.draw(st.booleans())})
    if op in ("log", "sqrt"):
        return Step(op, (k,), {"pos": _positive(b, k)})
    if op in ("relu", "abs"):
        return Step(op, (k,)) if _far_from(x, 0.0) else None
    if op == "clip":
        low, high = sorted(b.draw(st.sampled_from([-1.5, -0.5, 0.0, 0.3, 1.0])) for _ in "ab")
        if low == high or not _far_from(x, low, high):
            return None
        return Step(op, (k,), {"low": low, "high": high})
    if op in ("add", "sub", "mul", "maximum", "minimum", "where", "div", "pow"):
        j = b.pick(b.broadcastable(k))
        if op in ("maximum", "minimum") and not _far_from(x - b.data(j), 0.0, exact_ok=True):
            return None
        if op == "where":
            out_shape = np.broadcast_shapes(shape, b.shape(j))
            cond_shape = out_shape[b.draw(st.integers(0, len(out_shape))):]
            cond = b.constant(cond_shape) > 0
            return Step(op, (k, j), {"cond": cond})
        if op == "div":
            return Step(op, (k, j), {"pos": _positive(b, j),
                                     "sign": b.draw(st.sampled_from([1.0, -1.0]))})
        if op == "pow":
            return Step(op, (k, j), {"pos": _positive(b, k)})
        return Step(op, (k, j))
    if op == "pow_const":
        return Step(op, (k,), {"p": b.draw(st.sampled_from([2.0, 3.0, 2, -1.0]))}) if (
            _far_from(x, 0.0)
        ) else None
    if op in ("rsub_const", "mul_const", "add_const", "rdiv_const"):
        c: Any = b.draw(st.sampled_from([0.5, -2.0, 3]))
        if b.draw(st.booleans()):  # a numpy array that broadcasts
            c = b.constant(shape[b.draw(st.integers(0, ndim)):])
        params = {"c": c}
        if op == "rdiv_const":
            params["pos"] = _positive(b, k)
        return Step(op, (k,), params)
    if op in ("sum", "mean", "amax", "amin", "max", "min"):
        if op in ("max", "min"):  # one axis: they return (values, indices)
            axis = b.draw(st.integers(-max(ndim, 1), max(ndim, 1) - 1))
        else:
            axis = b.axis_subset(ndim)
        keepdims = b.draw(st.booleans())
        if op not in ("sum", "mean") and not _ties_far(x, axis, op):
            return None
        return Step(op, (k,), {"axis": axis, "keepdims": keepdims})
    if op == "reshape":
        choices = [(-1,), tuple(reversed(shape)), shape + (1,), (1,) + shape]
        return Step(op, (k,), {"shape": b.draw(st.sampled_from(choices))})
    if op == "permute":
        axes = tuple(b.draw(st.permutations(list(range(ndim)))))
        return Step(op, (k,), {"axes": axes}) if ndim else None
    if op == "swapaxes" and ndim:
        return Step(op, (k,), {"a": b.draw(st.integers(-ndim, ndim - 1)),
                               "b": b.draw(st.integers(-ndim, ndim - 1))})
    if op == "broadcast_to":
        grown = tuple(b.draw(st.sampled_from([2, 3])) if n == 1 else n for n in shape)
        lead = tuple(b.draw(st.lists(st.integers(1, 3), max_size=1)))
        return Step(op, (k,), {"shape": lead + grown})
    if op == "squeeze":
        return Step(op, (k,))
    if op == "unsqueeze":
        return Step(op, (k,), {"axis": b.draw(st.integers(-ndim - 1, ndim))})
    if op == "flatten" and ndim:
        start = b.draw(st.integers(0, ndim - 1))
        return Step(op, (k,), {"start": start, "end": b.draw(st.integers(start, ndim - 1))})
    if op == "getitem" and ndim:
        return Step(op, (k,), {"index": _index(b, shape)})
    if op in ("concatenate", "stack"):
        same = [j for j in range(len(b.values)) if b.shape(j) == shape]
        others = b.draw(st.lists(st.sampled_from(same), min_size=0, max_size=2))
        if op == "concatenate":
            if not ndim:
                return None
            axis = b.draw(st.integers(-ndim, ndim - 1))
            fits = [j for j in range(len(b.values)) if len(b.shape(j)) == ndim and all(
                m == n for i, (m, n) in enumerate(zip(b.shape(j), shape)) if i != axis % ndim)]
            others += b.draw(st.lists(st.sampled_from(fits), max_size=1))
        else:
            axis = b.draw(st.integers(-ndim - 1, ndim))
        return Step(op, (k, *others), {"axis": axis})
    if op == "matmul" and ndim:
        inner = shape[-1]
        fits = [j for j in range(len(b.values)) if b.shape(j) and (
            b.shape(j)[-2] if len(b.shape(j)) > 1 else b.shape(j)[0]) == inner and (
            _broadcasts(shape[:-2], b.shape(j)[:-2]))]
        return Step(op, (k, b.pick(fits))) if fits else Step("matmul_T", (k,))
    if op in ("softmax", "log_softmax") and ndim:
        return Step(op, (k,), {"axis": b.draw(st.integers(-ndim, ndim - 1))})
    if op == "logsumexp":
        return Step(op, (k,), {"axis": b.axis_subset(ndim), "keepdims": b.draw(st.booleans())})
    if op in ("mse_loss", "bce_logits", "bce"):
        target = b.constant(shape)
        if op != "mse_loss":
            target = (target > 0).astype(np.float64)
        return Step(op, (k,), {"target": mg.tensor(target, dtype=np.float64)})
    if op == "cross_entropy" and ndim == 2:
        seed = b.draw(st.integers(0, 2**16))
        target = np.random.default_rng(seed).integers(0, shape[1], size=shape[0])
        return Step(op, (k,), {"target": mg.tensor(target)})
    return None


def _ties_far(x: np.ndarray, axis: Any, op: str) -> bool:
    """For max/min: every runner-up is either an exact tie or MARGIN away from the winner."""
    if x.size == 0:
        return False
    axes = None if axis is None or x.ndim == 0 else (axis if isinstance(axis, tuple) else (axis,))
    best = np.amax(x, axis=axes, keepdims=True) if "max" in op else np.amin(x, axes, keepdims=True)
    return _far_from(x - best, 0.0, exact_ok=True)  # the winner itself is at 0


def _index(b: Builder, shape: tuple[int, ...]) -> Any:
    kind = b.draw(st.sampled_from(["basic", "ints", "mask"]))
    if kind == "ints":
        picks = b.draw(st.lists(st.integers(-shape[0], shape[0] - 1), min_size=1, max_size=4))
        return np.array(picks)  # repeats allowed: their gradients must add up
    if kind == "mask":
        seed = b.draw(st.integers(0, 2**16))
        return np.random.default_rng(seed).random(shape[0]) > 0.4
    parts: list[Any] = []
    for n in shape:
        choice = b.draw(st.sampled_from(["all", "int", "slice", "reverse"]))
        if choice == "int":
            parts.append(b.draw(st.integers(-n, n - 1)))
        elif choice == "slice":
            start = b.draw(st.integers(0, n - 1))
            parts.append(slice(start, None, b.draw(st.sampled_from([1, 2]))))
        elif choice == "reverse":
            parts.append(slice(None, None, -1))
        else:
            parts.append(slice(None))
    if b.draw(st.booleans()):
        parts.insert(b.draw(st.integers(0, len(parts))), None)
    return tuple(parts)


OPS = [
    "neg", "exp", "tanh", "sigmoid", "clone", "double", "log", "sqrt", "relu", "abs", "clip",
    "add", "sub", "mul", "div", "pow", "pow_const", "rsub_const", "rdiv_const", "mul_const",
    "add_const", "maximum", "minimum", "where", "sum", "mean", "max", "min", "amax", "amin",
    "reshape",
    "permute", "swapaxes", "T", "broadcast_to", "squeeze", "unsqueeze", "flatten", "getitem",
    "concatenate", "stack", "matmul", "tied", "tied_maximum",
]
FUNCTIONAL_OPS = {
    "softmax": "softmax", "log_softmax": "log_softmax", "logsumexp": "logsumexp",
    "mse_loss": "mse_loss", "cross_entropy": "cross_entropy",
    "bce_logits": "binary_cross_entropy_with_logits", "bce": "binary_cross_entropy",
}
if F is not None:
    OPS += [op for op, name in FUNCTIONAL_OPS.items() if hasattr(F, name)]


@st.composite
def programs(draw: Any, max_steps: int = 30, max_size: int = 4) -> Program:
    """A random program over 1 to 3 inputs of broadcastable shapes."""
    ndim = draw(st.integers(0, 3))
    base = tuple(draw(st.integers(1, max_size)) for _ in range(ndim))
    shapes = []
    for _ in range(draw(st.integers(1, 3))):
        suffix = base[draw(st.integers(0, ndim)):]
        shapes.append(tuple(1 if draw(st.integers(0, 3)) == 0 else n for n in suffix))
    program = Program(seed=draw(st.integers(0, 2**32 - 1)), shapes=shapes, steps=[])
    b = Builder(draw, program)
    for _ in range(draw(st.integers(1, max_steps))):
        step = build_step(b, draw(st.sampled_from(OPS)))
        if step is not None:
            b.add(step)
    if not program.steps:
        b.add(Step("tanh", (0,)))
    # Return every value no later step used, so every step reaches an output.
    used = {a for step in program.steps for a in step.args}
    first = len(program.shapes)
    program.outputs = tuple(k for k in range(first, len(b.values)) if k not in used)
    return program
