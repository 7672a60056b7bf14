"""What is wrong with a gradient, in words: the mistakes learners make most.

`diagnose(got, want, ...)` compares a learner's gradient with the right one
and returns None when they agree, else one sentence naming the likely slip:
a flipped sign, the incoming gradient g forgotten, a constant factor (often
the batch size), a transposed matrix, or, failing all those, where and by how
much the numbers differ. The sentence is English, or Korean with lang="ko"
(the words are in `messages`).
"""

from __future__ import annotations

import numpy as np

from .messages import say

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
    lang: str = "en",
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
        return say(lang, "sign", name=name)
    if want_without_g is not None and close(got, want_without_g):
        return say(lang, "no_g", name=name)
    if got.ndim == 2 and got.shape == want.shape[::-1] and close(got.T, want):
        return say(lang, "transposed", name=name, shape=want.shape)
    if got.shape == want.shape:
        ratio = _constant_ratio(got, want)
        if ratio is not None:
            hint = _ratio_hint(ratio, batch, summed, rows, lang)
            if got.size == 1:  # one number: its value says more than a ratio
                return say(lang, "one_value", name=name, got=got.item(), want=want.item(),
                           hint=hint or say(lang, "times_it", ratio=ratio))
            return say(lang, "times_everywhere", name=name, ratio=ratio, hint=hint)
    return _where(got, want, name, lang)


def _ratio_hint(ratio: float, batch: int | None, summed: int | None, rows: bool,
                lang: str) -> str:
    """The usual reason for a gradient that is a constant multiple of the right one."""
    if batch and batch > 1 and np.isclose(ratio, batch):
        what = say(lang, "the_batch_size" if rows else "the_number_of_terms")
        return say(lang, "batch", what=what, n=batch)
    if batch and batch > 1 and np.isclose(ratio, 1 / batch):
        return say(lang, "twice", n=batch)
    if summed and summed > 1 and np.isclose(ratio, 1 / summed):
        return say(lang, "not_a_mean", n=summed)
    square = summed is not None  # the squared error: the usual factor of 2 is the square's
    if np.isclose(ratio, 2):
        return say(lang, "two_square" if square else "two")
    if np.isclose(ratio, 0.5):
        return say(lang, "half_square" if square else "half")
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


def _where(got: np.ndarray, want: np.ndarray, name: str, lang: str) -> str:
    """The first wrong element, and how many are wrong."""
    if got.shape != want.shape:
        return say(lang, "shape", name=name, got=got.shape, want=want.shape)
    bad = ~np.isclose(got, want, rtol=RTOL, atol=ATOL)
    i = tuple(int(j) for j in np.argwhere(bad)[0])
    at = say(lang, "at_index", index=i) if i else ""
    return say(lang, "elements", name=name, bad=int(bad.sum()), size=bad.size, at=at,
               got=got[i], want=want[i])
