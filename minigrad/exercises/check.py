"""`python -m minigrad check FILE`: run a learner's exercise file and say what is wrong.

For each case of the exercise (see `catalog`) the learner's op is applied to
float64 inputs, its backward is called with an incoming gradient g (random,
so that a forgotten g shows), and each returned gradient is compared with the
one minigrad's own op gives. The first wrong case is explained in words
(`diagnose`); a traceback is cut down to the learner's own lines. The words
come from `messages`, in English or, with lang="ko", in Korean.
"""

from __future__ import annotations

import importlib.util
import traceback
from pathlib import Path
from typing import Any

import numpy as np

from ..engine import sum_to_shape
from ..grad_mode import enable_grad
from ..languages import check_lang
from ..tensor import Tensor
from .catalog import EXERCISES, Case, Exercise
from .diagnose import close, diagnose
from .messages import say


class Problem(Exception):
    """What is wrong with one case, in words."""


def check_file(path: str | Path, out: Any = print, lang: str = "en") -> bool:
    """Check the exercise in `path`; report through `out` (one line per call), in English
    or, with lang="ko", in Korean. True if right."""
    check_lang(lang, "check_file")
    path = Path(path)
    try:
        module = _load(path, lang)
    except Problem as problem:
        out(str(problem))
        return False
    name = getattr(module, "EXERCISE", path.stem)
    exercise = EXERCISES.get(name)
    if exercise is None:
        out(say(lang, "unknown_exercise", path=path, name=name, names=", ".join(EXERCISES)))
        return False
    target = getattr(module, exercise.target, None)
    if target is None:
        kind = say(lang, "class" if exercise.kind == "op" else "function")
        out(say(lang, "no_target", path=path, name=name, kind=kind, target=exercise.target))
        return False
    out(say(lang, "header", name=name, title=exercise.title(lang)))
    cases = exercise.cases(np.random.default_rng(0))

    def case_line(k: int, case: Case, verdict: str) -> str:
        return "  " + say(lang, "case", k=k, n=len(cases), label=case.describe(lang),
                          verdict=say(lang, verdict))

    for k, case in enumerate(cases, 1):
        try:
            run_case(exercise, target, case, np.random.default_rng(k), path, lang)
        except Problem as problem:
            out(case_line(k, case, "wrong"))
            out(f"    {problem}")
            out(say(lang, "not_yet", right=k - 1, n=len(cases)))
            return False
        out(case_line(k, case, "right"))
    out(say(lang, "all_right", n=len(cases), read_after=exercise.read_after(lang)))
    return True


def _load(path: Path, lang: str) -> Any:
    """Run the learner's file as a module (its `if __name__ == "__main__":` part is skipped)."""
    if not path.is_file():
        raise Problem(say(lang, "no_file", path=path))
    spec = importlib.util.spec_from_file_location(f"exercise_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise Problem(say(lang, "not_python", path=path))
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as error:  # noqa: BLE001  (any error in the learner's file is reported)
        raise Problem(say(lang, "did_not_run", path=path,
                          error=_learner_lines(error, path, lang))) from None
    return module


def run_case(exercise: Exercise, target: Any, case: Case, rng: np.random.Generator,
             path: Path, lang: str = "en") -> None:
    """Raise Problem if the learner's answer is wrong on `case`."""
    if exercise.kind == "function":
        _check_function(target, case, path, lang)
        return
    tensors = [Tensor(a.copy(), requires_grad=d) for a, d in zip(case.arrays, case.differentiable)]
    with enable_grad():
        try:
            out = target.apply(*tensors, **case.params)
        except NotImplementedError:
            raise Problem(say(lang, "not_written", what="forward")) from None
        except Exception as error:  # noqa: BLE001
            raise Problem(say(lang, "failed", what="forward",
                              error=_learner_lines(error, path, lang))) from None
        want_out = exercise.reference(*[Tensor(a.copy(), requires_grad=d) for a, d in
                                        zip(case.arrays, case.differentiable)], **case.params)
    first = case.arrays[0]
    batch = {"rows": first.shape[0] if first.ndim else 1, "all": first.size}.get(
        exercise.mean_over or "")
    summed = first.size if exercise.sums else None
    if out.shape != want_out.shape:
        raise Problem(say(lang, "forward_gives", got=_show(out.numpy()),
                          want=_show(want_out.numpy())))
    if exercise.checks_forward and not close(out.numpy(), want_out.numpy()):
        mine = np.asarray(out.numpy(), dtype=np.float64)
        wrong = diagnose(mine, want_out.numpy(), exercise.output or say(lang, "the_output"),
                         batch=batch, summed=summed, rows=exercise.mean_over == "rows",
                         lang=lang)
        raise Problem(say(lang, "forward_wrong", wrong=wrong))
    if out.grad_fn is None:
        raise Problem(say(lang, "no_grad_fn"))
    g = rng.normal(size=out.shape) if out.ndim else np.array(0.7)  # not 1: a lost g shows
    got = _learner_backward(out.grad_fn, g, exercise, tensors, path, lang)
    want = _reference_grads(exercise, case, g)
    ones = _reference_grads(exercise, case, np.ones_like(g))
    names = [f"dL/d{name}" for name in exercise.inputs]
    for k, name in enumerate(names):
        if not case.differentiable[k]:
            continue
        mine = _fitted(got[k], case.arrays[k].shape, name, lang)
        if close(mine, want[k]):
            continue
        # Another input's right gradient: the two swapped, or each built from the wrong input
        for j, other in enumerate(names):
            if j != k and want[j] is not None and close(mine, want[j]):
                raise Problem(say(lang, "swapped", name=name, other=other,
                                  names=", ".join(names)))
        wrong = diagnose(mine, want[k], name, ones[k], batch, summed,
                         rows=exercise.mean_over == "rows", lang=lang)
        if wrong:
            raise Problem(wrong)


def _learner_backward(node: Any, g: np.ndarray, exercise: Exercise, inputs: list[Tensor],
                      path: Path, lang: str) -> tuple[Any, ...]:
    n = len(inputs)
    try:
        grads = node.backward(g)
    except NotImplementedError:
        raise Problem(say(lang, "not_written", what="backward")) from None
    except Exception as error:  # noqa: BLE001
        hint = ""
        if isinstance(error, NameError):
            hint = "\n    " + say(lang, "name_error")
        elif isinstance(error, ValueError):  # most often shapes that do not fit together
            shapes = ", ".join(f"{name} {t.shape}" for name, t in zip(exercise.inputs, inputs))
            hint = "\n    " + say(lang, "the_shapes", g=g.shape, shapes=shapes)
        raise Problem(say(lang, "failed", what="backward",
                          error=_learner_lines(error, path, lang)) + hint) from None
    wanted = ", ".join(f"dL/d{name}" for name in exercise.inputs)
    if isinstance(grads, list):
        raise Problem(say(lang, "returned_list", wanted=wanted))
    grads = grads if isinstance(grads, tuple) else (grads,)
    if len(grads) != n:
        raise Problem(say(lang, "returned_count", count=len(grads), n=n, wanted=wanted))
    return grads


def _fitted(g: Any, shape: tuple[int, ...], name: str, lang: str) -> np.ndarray:
    """The learner's gradient as an array in its input's shape (summed where it was broadcast,
    as minigrad's engine does)."""
    if g is None:
        raise Problem(say(lang, "grad_none", name=name))
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


def _check_function(target: Any, case: Case, path: Path, lang: str) -> None:
    """A plain numpy function (sum_to_shape): same result as minigrad's."""
    g, shape = case.arrays[0], case.params["shape"]
    try:
        got = target(g.copy(), shape)
    except NotImplementedError:
        raise Problem(say(lang, "not_written", what="sum_to_shape")) from None
    except Exception as error:  # noqa: BLE001
        raise Problem(say(lang, "it_failed", error=_learner_lines(error, path, lang))) from None
    got = np.asarray(got)
    if got.shape != tuple(shape):
        raise Problem(say(lang, "result_shape", got=got.shape, want=tuple(shape)))
    wrong = diagnose(got, sum_to_shape(g, shape), say(lang, "the_result"), lang=lang)
    if wrong:
        raise Problem(wrong)


def _show(a: np.ndarray) -> str:
    return np.array2string(np.asarray(a), precision=5, threshold=8)


def _learner_lines(error: BaseException, path: Path, lang: str) -> str:
    """`Type: message`, with the lines of the learner's file where it happened."""
    frames = [f for f in traceback.extract_tb(error.__traceback__)
              if Path(f.filename).resolve() == path.resolve()]
    where = "".join("\n      " + say(lang, "line", number=f.lineno, code=f.line)
                    for f in frames[-2:])
    return f"{type(error).__name__}: {error}{where}"
