"""What is wrong with a gradient, in words: the mistakes learners make most.

`diagnose(got, want, ...)` compares a learner's gradient with the right one
and returns None when they agree, else one sentence naming the likely slip:
a flipped sign, the incoming gradient g forgotten, a constant factor (often
the batch size), a transposed matrix, or, failing all those, where and by how
much the numbers differ.
"""

from __future__ import annotations

import numpy as np

RTOL, ATOL = 1e-6, 1e-8


def close(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=RTOL, atol=ATOL))


def diagnose(
    got: np.ndarray,
    want: np.ndarray,
    name: str,
    want_without_g: np.ndarray | None = None,
    batch: int | None = None,
    summed: int | None = None,
    rows: bool = True,
) -> str | None:
    """None if `got` is right, else what seems wrong with it.

    `want_without_g` is the right answer for an incoming gradient of ones: a
    learner who forgot to multiply by g returns exactly that. `batch` is the
    number a mean divides by (the rows of a batch, or with `rows=False` all
    the terms); `summed` the number of terms a loss adds up without dividing
    (a learner's mean is then 1/summed of the right value).
    """
    if close(got, want):
        return None
    if close(got, -want):
        return f"{name} has the right size but the wrong sign: check the sign of each term"
    if want_without_g is not None and close(got, want_without_g):
        return (f"{name} is the local derivative alone: multiply it by g, the gradient that "
                f"arrives from above (the chain rule: {name} = g * the local derivative)")
    if got.ndim == 2 and got.shape == want.shape[::-1] and close(got.T, want):
        return f"{name} is transposed: its shape must be its input's shape {want.shape}"
    if got.shape == want.shape:
        ratio = _constant_ratio(got, want)
        if ratio is not None:
            hint = _ratio_hint(ratio, batch, summed, rows)
            if got.size == 1:  # one number: its value says more than a ratio
                return (f"{name} is {got.item():.6g}, the right value is {want.item():.6g}"
                        f"{hint or f' ({ratio:.4g} times it)'}")
            return f"{name} is {ratio:.4g} times the right value everywhere{hint}"
    return _where(got, want, name)


def _ratio_hint(ratio: float, batch: int | None, summed: int | None, rows: bool) -> str:
    """The usual reason for a gradient that is a constant multiple of the right one."""
    if batch and batch > 1 and np.isclose(ratio, batch):
        what = "the batch size" if rows else "the number of terms"
        return f" ({what}, N = {batch}: a mean divides by N, so does its gradient)"
    if batch and batch > 1 and np.isclose(ratio, 1 / batch):
        return f" (1/N, with N = {batch}: is the division by N done twice?)"
    if summed and summed > 1 and np.isclose(ratio, 1 / summed):
        return (f" (1/n, with n = {summed} terms: this loss is a sum of its terms, not a mean, "
                "so nothing divides by n)")
    square = summed is not None  # the squared error: the usual factor of 2 is the square's
    if np.isclose(ratio, 2):
        return (" (a factor of 2 too many: the 1/2 in front of the square cancels the 2 of "
                "its derivative)" if square else " (a factor of 2 too many)")
    if np.isclose(ratio, 0.5):
        return (" (half the right value: the 1/2 in front of the square already cancels the 2 "
                "of its derivative; do not halve again)" if square else " (half the right value)")
    return ""


def _constant_ratio(got: np.ndarray, want: np.ndarray) -> float | None:
    """got / want when it is the same number everywhere want is not 0 (and got is 0 where it is)."""
    nonzero = np.abs(want) > ATOL
    if not nonzero.any() or not np.allclose(got[~nonzero], 0, atol=ATOL):
        return None
    ratios = got[nonzero] / want[nonzero]
    if np.allclose(ratios, ratios.flat[0], rtol=1e-6):
        return float(ratios.flat[0])
    return None


def _where(got: np.ndarray, want: np.ndarray, name: str) -> str:
    """The first wrong element, and how many are wrong."""
    if got.shape != want.shape:
        return f"{name} has shape {got.shape}, but it must have shape {want.shape}"
    bad = ~np.isclose(got, want, rtol=RTOL, atol=ATOL)
    i = tuple(int(j) for j in np.argwhere(bad)[0])
    at = f" at index {i}" if i else ""
    return (f"{name} is wrong at {int(bad.sum())} of {bad.size} elements; the first{at}: "
            f"yours is {got[i]:.6g}, the right value is {want[i]:.6g}")
