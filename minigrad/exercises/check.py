"""`python -m minigrad check FILE`: run a learner's exercise file and say what is wrong.

For each case of the exercise (see `catalog`) the learner's op is applied to
float64 inputs, its backward is called with an incoming gradient g (random,
so that a forgotten g shows), and each returned gradient is compared with the
one minigrad's own op gives. The first wrong case is explained in words
(`diagnose`); a traceback is cut down to the learner's own lines.
"""

from __future__ import annotations

import importlib.util
import traceback
from pathlib import Path
from typing import Any

import numpy as np

from ..engine import sum_to_shape
from ..grad_mode import enable_grad
from ..tensor import Tensor
from .catalog import EXERCISES, Case, Exercise
from .diagnose import close, diagnose


class Problem(Exception):
    """What is wrong with one case, in words."""


def check_file(path: str | Path, out: Any = print) -> bool:
    """Check the exercise in `path`; report through `out` (one line per call). True if right."""
    path = Path(path)
    try:
        module = _load(path)
    except Problem as problem:
        out(str(problem))
        return False
    name = getattr(module, "EXERCISE", path.stem)
    exercise = EXERCISES.get(name)
    if exercise is None:
        out(f"{path}: which exercise is this? The file says EXERCISE = {name!r}; the exercises "
            f"are {', '.join(EXERCISES)} (python -m minigrad exercise list)")
        return False
    target = getattr(module, exercise.target, None)
    if target is None:
        out(f"{path}: exercise {name!r} needs a {'class' if exercise.kind == 'op' else 'function'}"
            f" named {exercise.target}, and the file has none")
        return False
    out(f"Exercise {name!r}: {exercise.title}")
    cases = exercise.cases(np.random.default_rng(0))
    for k, case in enumerate(cases, 1):
        try:
            run_case(exercise, target, case, np.random.default_rng(k), path)
        except Problem as problem:
            out(f"  case {k} of {len(cases)} ({case.label}): WRONG")
            out(f"    {problem}")
            out(f"Not yet: {k - 1} of {len(cases)} cases right. Fix it and run the check again.")
            return False
        out(f"  case {k} of {len(cases)} ({case.label}): right")
    out(f"All {len(cases)} cases right. Now compare with minigrad's own: {exercise.read_after}.")
    return True


def _load(path: Path) -> Any:
    """Run the learner's file as a module (its `if __name__ == "__main__":` part is skipped)."""
    if not path.is_file():
        raise Problem(f"{path}: no such file (python -m minigrad exercise start NAME makes one)")
    spec = importlib.util.spec_from_file_location(f"exercise_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise Problem(f"{path}: not a Python file")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as error:  # noqa: BLE001  (any error in the learner's file is reported)
        raise Problem(f"{path} did not run: {_learner_lines(error, path)}") from None
    return module


def run_case(exercise: Exercise, target: Any, case: Case, rng: np.random.Generator,
             path: Path) -> None:
    """Raise Problem if the learner's answer is wrong on `case`."""
    if exercise.kind == "function":
        _check_function(target, case, path)
        return
    tensors = [Tensor(a.copy(), requires_grad=d) for a, d in zip(case.arrays, case.differentiable)]
    with enable_grad():
        try:
            out = target.apply(*tensors, **case.params)
        except NotImplementedError:
            raise Problem("forward is not written yet: replace the `raise NotImplementedError` "
                          "line with your code") from None
        except Exception as error:  # noqa: BLE001
            raise Problem(f"forward failed: {_learner_lines(error, path)}") from None
        want_out = exercise.reference(*[Tensor(a.copy(), requires_grad=d) for a, d in
                                        zip(case.arrays, case.differentiable)], **case.params)
    first = case.arrays[0]
    batch = {"rows": first.shape[0] if first.ndim else 1, "all": first.size}.get(
        exercise.mean_over or "")
    summed = first.size if exercise.sums else None
    if out.shape != want_out.shape:
        raise Problem(f"forward gives {_show(out.numpy())}, the right value is "
                      f"{_show(want_out.numpy())}")
    if exercise.checks_forward and not close(out.numpy(), want_out.numpy()):
        mine = np.asarray(out.numpy(), dtype=np.float64)
        wrong = diagnose(mine, want_out.numpy(), exercise.output, batch=batch, summed=summed,
                         rows=exercise.mean_over == "rows")
        raise Problem(f"forward is wrong: {wrong}")
    if out.grad_fn is None:
        raise Problem("the output has no grad_fn: apply did not record the op (is it a Function?)")
    g = rng.normal(size=out.shape) if out.ndim else np.array(0.7)  # not 1: a lost g shows
    got = _learner_backward(out.grad_fn, g, exercise, tensors, path)
    want = _reference_grads(exercise, case, g)
    ones = _reference_grads(exercise, case, np.ones_like(g))
    names = [f"dL/d{name}" for name in exercise.inputs]
    for k, name in enumerate(names):
        if not case.differentiable[k]:
            continue
        mine = _fitted(got[k], case.arrays[k].shape, name)
        if close(mine, want[k]):
            continue
        # Another input's right gradient: the two swapped, or each built from the wrong input
        for j, other in enumerate(names):
            if j != k and want[j] is not None and close(mine, want[j]):
                raise Problem(f"{name} is the value {other} should have: are the two swapped? "
                              f"backward returns ({', '.join(names)}) in that order, and "
                              "each input's gradient is built from the other input")
        wrong = diagnose(mine, want[k], name, ones[k], batch, summed,
                         rows=exercise.mean_over == "rows")
        if wrong:
            raise Problem(wrong)


def _learner_backward(node: Any, g: np.ndarray, exercise: Exercise, inputs: list[Tensor],
                      path: Path) -> tuple[Any, ...]:
    n = len(inputs)
    try:
        grads = node.backward(g)
    except NotImplementedError:
        raise Problem("backward is not written yet: replace the `raise NotImplementedError` "
                      "line with your code") from None
    except Exception as error:  # noqa: BLE001
        hint = ""
        if isinstance(error, NameError):
            hint = ("\n    backward knows only g and what forward kept (the lines above yours): "
                    "forward's variables are not there")
        elif isinstance(error, ValueError):  # most often shapes that do not fit together
            shapes = ", ".join(f"{name} {t.shape}" for name, t in zip(exercise.inputs, inputs))
            hint = f"\n    the shapes: g {g.shape}; the inputs {shapes}"
        raise Problem(f"backward failed: {_learner_lines(error, path)}{hint}") from None
    wanted = ", ".join(f"dL/d{name}" for name in exercise.inputs)
    if isinstance(grads, list):
        raise Problem(f"backward returned a list; return a tuple, one gradient per input in "
                      f"their order: return {wanted}")
    grads = grads if isinstance(grads, tuple) else (grads,)
    if len(grads) != n:
        raise Problem(f"backward returned {len(grads)} gradient(s); it must return one per "
                      f"input ({n}), as a tuple, in the order of the inputs: return {wanted}")
    return grads


def _fitted(g: Any, shape: tuple[int, ...], name: str) -> np.ndarray:
    """The learner's gradient as an array in its input's shape (summed where it was broadcast,
    as minigrad's engine does)."""
    if g is None:
        raise Problem(f"{name} is None: return the gradient for this input")
    g = np.asarray(g.numpy() if isinstance(g, Tensor) else g, dtype=np.float64)
    if g.shape != shape:
        try:
            g = sum_to_shape(g, shape)
        except Exception:  # noqa: BLE001  (not a broadcast shape: diagnose says what it is)
            pass
    return g


def _reference_grads(exercise: Exercise, case: Case, g: np.ndarray) -> list[np.ndarray]:
    tensors = [Tensor(a.copy(), requires_grad=d) for a, d in zip(case.arrays, case.differentiable)]
    with enable_grad():
        (exercise.reference(*tensors, **case.params) * Tensor(g)).sum().backward()
    return [t.grad.numpy() if t.grad is not None else None for t in tensors]


def _check_function(target: Any, case: Case, path: Path) -> None:
    """A plain numpy function (sum_to_shape): same result as minigrad's."""
    g, shape = case.arrays[0], case.params["shape"]
    try:
        got = target(g.copy(), shape)
    except NotImplementedError:
        raise Problem("sum_to_shape is not written yet: replace the `raise NotImplementedError` "
                      "line with your code") from None
    except Exception as error:  # noqa: BLE001
        raise Problem(f"it failed: {_learner_lines(error, path)}") from None
    got = np.asarray(got)
    if got.shape != tuple(shape):
        axes = "the leading axes g has and the shape lacks, and the axes where the shape has 1"
        raise Problem(f"the result has shape {got.shape}, but it must have shape {tuple(shape)}: "
                      f"sum over {axes} (keep those size-1 axes)")
    wrong = diagnose(got, sum_to_shape(g, shape), "the result")
    if wrong:
        raise Problem(wrong)


def _show(a: np.ndarray) -> str:
    return np.array2string(np.asarray(a), precision=5, threshold=8)


def _learner_lines(error: BaseException, path: Path) -> str:
    """`Type: message`, with the lines of the learner's file where it happened."""
    frames = [f for f in traceback.extract_tb(error.__traceback__)
              if Path(f.filename).resolve() == path.resolve()]
    where = "".join(f"\n      line {f.lineno}: {f.line}" for f in frames[-2:])
    return f"{type(error).__name__}: {error}{where}"
