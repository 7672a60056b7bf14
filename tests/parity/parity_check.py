"""Compare minigrad's outcome with PyTorch's, and report (see parity_harness.py).

`check(spec, case)` is what the tests call: it skips (and counts) the cases a
known difference covers, runs the case in both libraries, and fails with a
report naming the op, the case and both results when anything differs.
"""

from __future__ import annotations

import collections
import os
from typing import Any

import known_differences
import numpy as np
from hypothesis import event
from hypothesis.control import currently_in_test_context
from parity_harness import MG, TORCH, Case, Outcome, Output, Spec, run

# Tolerances (rtol, atol) by dtype, for values and for gradients. float16 results
# should be float32 results rounded once (a few units in the last place).
VALUE_TOL = {"float16": (2e-3, 1e-5), "float32": (2e-5, 1e-6), "float64": (1e-10, 1e-12)}
GRAD_TOL = {"float16": (2e-2, 4e-3), "float32": (1e-4, 1e-5), "float64": (1e-9, 1e-11)}

# How many cases were compared, and skipped as which known difference (the
# summary at the end of the run prints them: nothing is skipped silently).
COUNTS: collections.Counter[str] = collections.Counter()


# ---- comparing ------------------------------------------------------------------------
Tolerances = dict[str, tuple[float, float]]


def _tolerance(table: Tolerances, *dtypes: np.dtype | None) -> tuple[float, float]:
    """The loosest tolerance among the float dtypes given (exact for ints and bools)."""
    found = [table[d.name] for d in dtypes if d is not None and d.name in table]
    if not found:
        return 0.0, 0.0
    return max(r for r, _ in found), max(a for _, a in found)


def _scale(expected: Any) -> float:
    """max(1, the largest finite |value|): sums of many terms get an absolute tolerance that
    grows with their size."""
    if not isinstance(expected, np.ndarray) or expected.dtype.kind != "f":
        return 1.0
    finite = np.abs(expected[np.isfinite(expected)])
    return max(1.0, float(finite.max())) if finite.size else 1.0


def values_differ(actual: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> bool:
    """True unless equal shapes and values: NaN where expected has NaN, infs equal."""
    if actual.shape != expected.shape:
        return True
    if expected.dtype.kind != "f" and actual.dtype.kind != "f":
        return not np.array_equal(actual, expected)
    a, e = actual.astype(np.float64), expected.astype(np.float64)
    return not np.allclose(a, e, rtol=rtol, atol=atol, equal_nan=True)


def compare_output(what: str, m: Output, t: Output, rtol: float, atol: float,
                   check_values: bool = True) -> list[str]:
    if m.kind != t.kind:
        return [f"{what}: minigrad gives a {m.kind}, torch a {t.kind}"]
    if m.kind not in ("tensor", "array"):
        same = m.value == t.value or (m.value != m.value and t.value != t.value)  # NaN
        if isinstance(m.value, float) and isinstance(t.value, float) and not same:
            same = bool(np.isclose(m.value, t.value, rtol=rtol or 1e-6, atol=atol))
        return [] if same else [f"{what}: {m.value!r} != torch's {t.value!r}"]
    problems = []
    if m.value.shape != t.value.shape:
        return [f"{what}: shape {m.value.shape} != torch's {t.value.shape}"]
    if m.dtype != t.dtype:
        problems.append(f"{what}: dtype {m.dtype} != torch's {t.dtype}")
    if check_values and values_differ(m.value, t.value, rtol, atol):
        problems.append(f"{what}: values differ")
    return problems


def compare(spec: Spec, m: Outcome, t: Outcome, inputs: tuple[np.dtype, ...] = ()) -> list[str]:
    """Every difference between minigrad's outcome `m` and torch's `t`, in words.

    Values are compared with the tolerance of the least precise float among the
    results and the `inputs` dtypes: with mixed inputs (float16 and float64), the
    order of the conversions may change the last digits of the less precise one.
    """
    if t.error is not None or m.error is not None:
        if t.error is not None and m.error is None:
            return [f"torch raises {type(t.error).__name__}, minigrad returns a result"]
        if m.error is not None and t.error is None:
            return [f"minigrad raises {type(m.error).__name__}, torch returns a result"]
        return []  # both raise: any exception type is fine
    if len(m.outputs) != len(t.outputs):
        return [f"minigrad returns {len(m.outputs)} value(s), torch {len(t.outputs)}"]
    problems = []
    for i, (mo, to) in enumerate(zip(m.outputs, t.outputs)):
        rtol, atol = _tolerance(GRAD_TOL if spec.grads_out else VALUE_TOL, mo.dtype, to.dtype,
                                *inputs)
        scaled = spec.sums or spec.grads_out
        rtol, atol = rtol * spec.tol, atol * spec.tol * (_scale(to.value) if scaled else 1)
        problems += compare_output(f"output {i}", mo, to, rtol, atol, spec.values)
        floating = mo.kind == to.kind == "tensor" and to.dtype.kind == "f"  # (torch may mark
        # an int tensor that had a float copied into it as requiring grad: nothing to compare)
        if floating and mo.requires_grad != to.requires_grad:
            problems.append(f"output {i}: requires_grad {mo.requires_grad} != torch's "
                            f"{to.requires_grad}")
    if m.backward_error is not None and t.backward_error is None:
        error = m.backward_error
        return problems + [f"backward: only minigrad raises {type(error).__name__}: {error}"]
    if t.backward_error is not None:
        # torch's backward has gaps of its own (a bool exponent, internal asserts): then the
        # gradients are not compared, and minigrad may give them or raise
        return problems
    for i, (mg_grad, t_grad) in enumerate(zip(m.grads, t.grads)):
        if (mg_grad is None) != (t_grad is None):
            problems.append(f"grad {i}: minigrad {'None' if mg_grad is None else 'a tensor'}, "
                            f"torch {'None' if t_grad is None else 'a tensor'}")
        elif mg_grad is not None and t_grad is not None:
            rtol, atol = _tolerance(GRAD_TOL, mg_grad.dtype, t_grad.dtype, *inputs)
            atol *= _scale(t_grad.value)  # sums of many terms (broadcasting, reductions)
            problems += compare_output(f"grad {i}", mg_grad, t_grad, rtol * spec.grad_tol,
                                       atol * spec.grad_tol, spec.values)
    for i, (a, b) in enumerate(zip(m.inputs_after, t.inputs_after)):
        if values_differ(a, b, *_tolerance(VALUE_TOL, a.dtype, b.dtype)):
            problems.append(f"input {i} afterwards: values differ (changed by one library only?)")
    return problems


def _show(outcome: Outcome) -> str:
    if outcome.error is not None:
        return f"raises {type(outcome.error).__name__}: {outcome.error}"
    lines = []
    for i, o in enumerate(outcome.outputs):
        if o.kind in ("tensor", "array"):
            body = np.array2string(o.value, separator=", ", threshold=100, floatmode="unique")
            grad = " requires_grad" if o.requires_grad else ""
            lines.append(f"output {i}: {o.kind} {o.dtype} {o.value.shape}{grad} {body}")
        else:
            lines.append(f"output {i}: {o.kind} {o.value!r}")
    if outcome.backward_error is not None:
        lines.append(f"backward raises {type(outcome.backward_error).__name__}: "
                     f"{outcome.backward_error}")
    for i, g in enumerate(outcome.grads):
        if g is None:
            lines.append(f"grad {i}: None")
        else:
            body = np.array2string(g.value, separator=", ", threshold=100, floatmode="unique")
            lines.append(f"grad {i}: {g.dtype} {g.value.shape} {body}")
    return "\n      ".join(lines)


def report(spec: Spec, case: Case, m: Outcome, t: Outcome, problems: list[str]) -> str:
    return (
        f"minigrad differs from PyTorch in {spec.name}\n"
        f"  case: {case!r}\n"
        f"  differences:\n    - " + "\n    - ".join(problems) + "\n"
        f"  minigrad: {_show(m)}\n"
        f"  torch:    {_show(t)}\n"
        "  (a deliberate difference belongs in tests/parity/known_differences.py "
        "and docs/guide/pytorch.md)"
    )


SURVEY = os.environ.get("MINIGRAD_PARITY_SURVEY")


def check(spec: Spec, case: Case) -> None:
    """Compare minigrad with PyTorch on one case; fail with a report on any difference."""
    known = known_differences.covering(spec.name, case)
    if known is not None:
        COUNTS[f"known difference {known.id}"] += 1
        if currently_in_test_context():  # hypothesis's statistics show it too
            event(f"skipped: known difference {known.id}")
        return
    COUNTS["compared"] += 1
    theirs = run(spec, case, TORCH)
    ours = run(spec, case, MG)
    problems = compare(spec, ours, theirs, tuple(a.value.dtype for a in case.arrays()))
    COUNTS[f"ran {spec.name}"] += 1
    if ours.error is not None and theirs.error is not None:
        COUNTS[f"raised {spec.name}"] += 1  # a spec whose every case raises tests nothing
    if not problems:
        return
    text = report(spec, case, ours, theirs, problems)
    if SURVEY:
        with open(SURVEY, "a") as f:
            f.write(text + "\n" + "=" * 80 + "\n")
        return
    raise AssertionError(text)
