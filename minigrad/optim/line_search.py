"""The strong-Wolfe line search that `LBFGS(line_search_fn="strong_wolfe")` uses.

Along a search direction d from the point x, the loss is a function of one number,
the step length t:

    phi(t) = f(x + t * d),        phi'(t) = grad f(x + t * d) . d   (the slope along d)

A good step lowers the loss enough and leaves little slope behind. These are the
strong Wolfe conditions, with 0 < c1 < c2 < 1 (here c1 = 1e-4, c2 = 0.9):

    phi(t) <= phi(0) + c1 * t * phi'(0)          (sufficient decrease, "Armijo")
    |phi'(t)| <= c2 * |phi'(0)|                  (curvature: the slope has flattened)

The search has two phases (Nocedal & Wright, "Numerical Optimization", algorithms
3.5 and 3.6). First it *brackets*: it tries longer and longer steps until an
interval [t_lo, t_hi] must contain an acceptable step. Then it *zooms*: it shrinks
that interval, each time trying the minimiser of the cubic that fits phi and phi' at
the interval's two ends. The steps and their order are PyTorch's (which come from
minFunc and Torch7's lswolfe.lua), so minigrad's L-BFGS takes PyTorch's steps.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

# phi at step t: the loss and the (flat) gradient at x + t * d
Objective = Callable[[float], tuple[float, np.ndarray]]


def cubic_minimiser(
    t1: float, f1: float, g1: float, t2: float, f2: float, g2: float,
    bounds: tuple[float, float] | None = None,
) -> float:
    """The minimiser of the cubic through (t1, f1) and (t2, f2) with slopes g1 and g2,
    clamped to `bounds` (default: the interval between t1 and t2).

    With d1 = g1 + g2 - 3 (f1 - f2) / (t1 - t2) and d2 = sqrt(d1**2 - g1 g2), the
    cubic's minimiser, measured from the larger of the two points, is

        t = t2 - (t2 - t1) (g2 + d2 - d1) / (g2 - g1 + 2 d2)      (t1 <= t2)

    If d1**2 < g1 g2 the cubic has no minimiser; the middle of the bounds is taken.
    (min and max in this order, as PyTorch, so a NaN t stays NaN.)
    """
    low, high = bounds if bounds is not None else (min(t1, t2), max(t1, t2))
    d1 = g1 + g2 - 3 * (f1 - f2) / (t1 - t2)
    d2_squared = d1**2 - g1 * g2
    if d2_squared >= 0:  # (a NaN fails this test too, and takes the middle)
        d2 = math.sqrt(d2_squared)
        if t1 <= t2:
            t = t2 - (t2 - t1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
        else:
            t = t1 - (t1 - t2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
        return min(max(t, low), high)
    return (low + high) / 2.0


class _Point(NamedTuple):
    """One tried step: its length t, and phi(t), the gradient there, and phi'(t)."""

    t: float
    f: float
    g: np.ndarray
    slope: float


def strong_wolfe(
    phi: Objective, d: np.ndarray, t: float, f0: float, g0: np.ndarray, slope0: float,
    max_tries: int, tolerance_change: float = 1e-9, c1: float = 1e-4, c2: float = 0.9,
) -> tuple[float, np.ndarray, float, int]:
    """A step length along d meeting the strong Wolfe conditions, tried first at `t`.

    `phi(t)` returns the loss and flat gradient at x + t d; f0, g0 and slope0 are
    phi(0), the gradient at x and phi'(0) (negative: d goes downhill). After the first
    trial, at most `max_tries` more. Returns (loss, gradient, t, number of calls of
    phi) of the best step found: the acceptable one, or else the lowest point tried.
    """
    start = _Point(0, f0, g0, slope0)
    d_size = np.abs(d).max()  # how far a unit of t moves any element

    def too_high(p: _Point) -> bool:  # sufficient decrease fails (written so, as
        return p.f > f0 + c1 * p.t * slope0  # PyTorch, so that a NaN loss does not fail it)

    def flat(p: _Point) -> bool:
        return abs(p.slope) <= -c2 * slope0

    def evaluate(t: float) -> _Point:
        f, g = phi(t)
        return _Point(t, f, g, float(np.dot(g, d)))

    # ---- phase 1: bracket. Lengthen the step until [previous, new] holds a good one.
    new, previous = evaluate(t), start
    bracket: list[_Point] = []
    found = False
    tries = 0  # trials after the first
    while tries < max_tries:
        # (tries > 1: from the third trial on, as PyTorch counts)
        if too_high(new) or (tries > 1 and new.f >= previous.f):
            bracket = [previous, new]  # too far: the loss went up; a good step lies between
            break
        if flat(new):
            bracket, found = [new], True  # both conditions hold: done
            break
        if new.slope >= 0:
            bracket = [previous, new]  # the slope turned uphill: we stepped over a minimum
            break
        # still going down steeply: extrapolate, between 1.01x and 10x the current step
        t = cubic_minimiser(previous.t, previous.f, previous.slope, new.t, new.f, new.slope,
                            bounds=(new.t + 0.01 * (new.t - previous.t), new.t * 10))
        previous, new = new, evaluate(t)
        tries += 1
    if tries >= max_tries:  # out of trials (>=: also when max_tries was 0 or less)
        bracket = [start, new]

    # ---- phase 2: zoom. Shrink the bracket around a good step. `low` is the end with
    # the lower loss, `high` the other; each trial replaces one of them.
    low, high = (0, 1) if bracket[0].f <= bracket[-1].f else (1, 0)
    stuck = False  # the last trial was too close to an end of the bracket
    while not found and tries < max_tries:
        a, b = bracket
        if abs(b.t - a.t) * d_size < tolerance_change:
            break  # the bracket is too small to matter
        t = cubic_minimiser(a.t, a.f, a.slope, b.t, b.f, b.slope)
        # Keep trials away from the ends: a trial within 10% of the bracket's width of an
        # end (twice in a row, or at an end) moves to 10% inside that end instead.
        lo_t, hi_t = min(a.t, b.t), max(a.t, b.t)
        margin = 0.1 * (hi_t - lo_t)
        if min(hi_t - t, t - lo_t) < margin:
            if stuck or t >= hi_t or t <= lo_t:
                t = hi_t - margin if abs(t - hi_t) < abs(t - lo_t) else lo_t + margin
                stuck = False
            else:
                stuck = True
        else:
            stuck = False
        new = evaluate(t)
        tries += 1
        if too_high(new) or new.f >= bracket[low].f:
            bracket[high] = new  # not low enough: the new point closes the bracket in
            low, high = (0, 1) if bracket[0].f <= bracket[1].f else (1, 0)
        else:
            if flat(new):
                found = True
            elif new.slope * (bracket[high].t - bracket[low].t) >= 0:
                bracket[high] = bracket[low]  # the minimum is beyond low, away from high:
                # the old low end becomes the high end
            bracket[low] = new  # lower than low: the new point is the new low end

    best = bracket[low]
    return best.f, best.g, best.t, tries + 1
