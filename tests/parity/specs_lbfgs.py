"""Specs of optim.LBFGS (minigrad/optim/lbfgs.py): the loss each step returns and both
parameters after it, on a least-squares fit with a quartic penalty (W of shape (k, m) and
b of shape (m,)) and on logistic regression (w of shape (k,) and a 0-d b), with and
without the strong-Wolfe line search, over settings drawn around torch's defaults; now
and then one that both must refuse.

Kept out of the draws, as deliberate differences listed on the PyTorch page:
* float32 (and float16): minigrad computes the method's scalars (t, ro, H_diag, the
  slopes) as Python floats, PyTorch in the parameters' dtype, so float32 runs agree to
  float32 rounding only, and a line search can branch differently; float64 here.
* history_size < 1: minigrad refuses it when the optimiser is made; PyTorch fails
  later with an IndexError, and only if a step stores a pair.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from parity_harness import Arr, Case, Spec
from parity_strategies import seeds, values

SPECS: list[Spec] = []


def _lbfgs(L, x, y, w0, b0, steps, kind, groups=1, **settings):
    """[loss, w, b] after each of `steps` steps (detached copies)."""
    w, b = L.nn.Parameter(w0.clone()), L.nn.Parameter(b0.clone())
    params = [w, b] if groups == 1 else [{"params": [w]}, {"params": [b]}]
    opt = L.optim.LBFGS(params, **settings)

    def closure():
        opt.zero_grad()
        z = x @ w + b
        if kind == "logistic":  # y in {0, 1}; mean(log(1 + e^z) - y z) + a small L2 term
            # (on b too: with labels all alike the minimum would otherwise be at infinity)
            loss = ((1 + z.exp()).log() - y * z).mean() + 0.05 * ((w**2).sum() + b**2)
        else:
            loss = ((z - y) ** 2).mean() + 0.05 * (w**4).sum()
        loss.backward()
        return loss

    out = []
    for _ in range(steps):
        loss = opt.step(closure)
        out.append([loss.detach().clone(), w.detach().clone(), b.detach().clone()])
    return out


@st.composite
def lbfgs_cases(draw) -> Case:
    kind = draw(st.sampled_from(["least_squares", "logistic"]))
    n, k = draw(st.integers(3, 8)), draw(st.integers(1, 4))
    m = draw(st.integers(1, 3))
    x = values(np.float64, (n, k), "normal", draw(seeds)) / 2
    if kind == "logistic":
        y = (values(np.float64, (n,), "normal", draw(seeds)) > 0).astype(np.float64)
        w0, b0 = np.zeros(k), np.zeros(())
    else:
        y = values(np.float64, (n, m), "normal", draw(seeds))
        w0 = values(np.float64, (k, m), "normal", draw(seeds)) / 4
        b0 = np.zeros(m)
    settings = {"line_search_fn": draw(st.sampled_from([None, "strong_wolfe"])),
                "history_size": draw(st.sampled_from([1, 2, 5, 100])),
                "max_iter": draw(st.sampled_from([1, 3, 10, 20])),
                "lr": draw(st.sampled_from([1, 1, 0.5, 0.1]))}
    if draw(st.booleans()):
        settings["max_eval"] = draw(st.integers(1, 15))
    if draw(st.booleans()):
        settings["tolerance_change"] = draw(st.sampled_from([1e-9, 1e-4, 1e-2]))
        settings["tolerance_grad"] = draw(st.sampled_from([1e-7, 1e-3]))
    bad = draw(st.sampled_from([None] * 8 + ["lr", "groups", "line_search"]))
    if bad == "lr":
        settings["lr"] = -1.0
    elif bad == "groups":
        settings["groups"] = 2  # PyTorch: no per-parameter options
    elif bad == "line_search":
        settings["line_search_fn"] = "backtracking"  # refused (PyTorch: at the first step)
    args = tuple(Arr(a, grad=False) for a in (x, y, w0, b0))
    return Case(args + (draw(st.integers(1, 3)), kind), settings, seed=draw(seeds))


# tol=100 (rtol 1e-8 in float64): PyTorch's `p.add_(d, alpha=t)` rounds p + t * d once (a
# fused multiply-add), numpy twice; over up to 60 iterations that last bit grows.
SPECS.append(Spec("optim.LBFGS", _lbfgs, lbfgs_cases(), tol=100))
