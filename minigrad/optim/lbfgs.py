"""L-BFGS: a quasi-Newton method. It remembers the last few steps and how the gradient
changed along them, and from these alone builds a curvature-aware direction, without
ever forming a matrix. Unlike the other optimisers, one `step` runs a whole small
optimisation (up to `max_iter` iterations), so it needs the loss again and again: it
takes a closure that recomputes it.

    def closure():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        return loss

    opt = optim.LBFGS(model.parameters(), line_search_fn="strong_wolfe")
    opt.step(closure)
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

from ..grad_mode import enable_grad, no_grad
from ..tensor import Tensor
from . import state as optim_state
from .line_search import strong_wolfe
from .optimizer import Optimizer

# What a step leaves in `state` (all of it on the first parameter, as PyTorch): the
# two counters, and what the next step continues from.
_COUNTERS = ("func_evals", "n_iter")
_STATE_KEYS = _COUNTERS + ("d", "t", "old_dirs", "old_stps", "ro", "H_diag",
                           "prev_flat_grad", "prev_loss")
_FLAT = ("d", "prev_flat_grad", "old_dirs", "old_stps")  # vectors over all parameters


def two_loop_direction(
    g: np.ndarray, ys: list[np.ndarray], ss: list[np.ndarray], rhos: list[float],
    h_diag: float,
) -> np.ndarray:
    """d = -H g, with H the L-BFGS approximation of the inverse Hessian.

    H is what BFGS would build from H0 = h_diag * I by one update per remembered pair
    (s_i, y_i), oldest first, with rho_i = 1 / (y_i . s_i):

        H <- (I - rho_i s_i y_i^T) H (I - rho_i y_i s_i^T) + rho_i s_i s_i^T

    The two loops apply those updates to the vector -g without forming any matrix
    (Nocedal & Wright, algorithm 7.4): newest to oldest, then oldest to newest.
    """
    q = -g
    alphas = [0.0] * len(ss)
    for i in reversed(range(len(ss))):
        alphas[i] = float(np.dot(ss[i], q)) * rhos[i]
        q = q - alphas[i] * ys[i]
    r = q * h_diag
    for i in range(len(ss)):
        beta = float(np.dot(ys[i], r)) * rhos[i]
        r = r + (alphas[i] - beta) * ss[i]
    return r


class LBFGS(Optimizer):
    """L-BFGS, as PyTorch runs it. All parameters together are one flat vector x, with
    the gradient g. One `step(closure)`:

        f, g = closure()                  (stop if max|g| <= tolerance_grad)
        repeat at most max_iter times:
            first iteration ever:  d = -g
            otherwise:             s = t * d,  y = g - g_prev      (the last step)
                                   if y . s > 1e-10: remember (s, y), forgetting the
                                       oldest beyond history_size; H_diag = y.s / y.y
                                   d = -H g                        (two_loop_direction)
            t = lr   (first iteration ever: lr * min(1, 1 / sum|g|))
            stop if g . d > -tolerance_change                      (d is not downhill)
            line_search_fn="strong_wolfe": t from the line search (line_search.py)
            x = x + t * d;  f, g = closure()   (without a line search, not after the
                                                last iteration: that one is not needed)
            stop after max_eval closure calls, or if max|g| <= tolerance_grad,
                 max|t * d| <= tolerance_change or |f - f_prev| < tolerance_change

    Returns what the closure returned first (the loss before the step). The state (the
    remembered pairs, the last d and t, ...) carries over to the next step and into
    `state_dict()`. Only one parameter group, as in PyTorch.
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1,
        max_iter: int = 20,
        max_eval: int | None = None,
        tolerance_grad: float = 1e-7,
        tolerance_change: float = 1e-9,
        history_size: int = 100,
        line_search_fn: str | None = None,
    ) -> None:
        if max_eval is None:
            max_eval = max_iter * 5 // 4
        defaults = dict(lr=lr, max_iter=max_iter, max_eval=max_eval,
                        tolerance_grad=tolerance_grad, tolerance_change=tolerance_change,
                        history_size=history_size, line_search_fn=line_search_fn)
        super().__init__(params, defaults)

    def add_param_group(self, group: dict[str, Any]) -> None:
        """Only the first group: L-BFGS treats all parameters as one vector."""
        if self.param_groups:
            raise ValueError(
                "LBFGS doesn't support per-parameter options (parameter groups): it treats "
                "all parameters as one vector; pass them all in one list"
            )
        super().add_param_group(group)

    def _check_settings(self, group: dict[str, Any]) -> None:
        super()._check_settings(group)
        if group["line_search_fn"] not in (None, "strong_wolfe"):
            raise ValueError(f"LBFGS: line_search_fn must be None or 'strong_wolfe', got "
                             f"{group['line_search_fn']!r}")
        size = group["history_size"]
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise ValueError(f"LBFGS: history_size must be a positive int (how many past "
                             f"steps to remember), got {size!r}")

    @property
    def _params(self) -> list[Tensor]:
        return self.param_groups[0]["params"]

    # ---- the parameters as one flat vector ---------------------------------------------
    def _flat_grad(self) -> np.ndarray:
        """All gradients, flattened and joined (zeros for a parameter without one)."""
        return np.concatenate([
            np.zeros(p._data.size, p._data.dtype) if p.grad is None else p.grad._data.ravel()
            for p in self._params
        ])

    def _move(self, t: float, d: np.ndarray) -> None:
        """x = x + t * d, in place (each parameter takes its slice of d)."""
        offset = 0
        with no_grad():
            for p in self._params:
                n = p._data.size
                p.add_(Tensor._make(d[offset:offset + n].reshape(p.shape)), alpha=t)
                offset += n

    def _evaluate(self, closure: Callable[[], Any]) -> tuple[Any, float]:
        """What the closure returns (with gradients recorded), and the loss as a float."""
        with enable_grad():
            result = closure()
        try:
            return result, float(result)
        except (TypeError, ValueError):
            raise TypeError(
                "LBFGS.step: the closure must return the loss (a one-element Tensor), got "
                f"{result!r:.60}; end it with `return loss`"
            ) from None

    def _loss_and_grad_at(
        self, closure: Callable[[], Any], x0: list[np.ndarray], t: float, d: np.ndarray
    ) -> tuple[float, np.ndarray]:
        """phi(t) for the line search: f and g at x0 + t * d; the parameters go back to x0."""
        self._move(t, d)
        loss = self._evaluate(closure)[1]
        g = self._flat_grad()
        with no_grad():
            for p, x in zip(self._params, x0):
                p.copy_(Tensor._make(x))
        return loss, g

    # ---- the step ----------------------------------------------------------------------
    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Run up to max_iter L-BFGS iterations; returns the closure's first result.

        `closure` must zero the gradients, compute the loss, call `backward()` and
        return the loss: L-BFGS calls it once per iteration (and more with a line
        search), so it cannot work from one gradient as the other optimisers do.
        """
        if closure is None or not callable(closure):
            raise TypeError(
                "LBFGS.step needs a closure that recomputes the loss: one step runs several "
                "iterations (and line-search trials), each needing the loss and gradient at "
                "new parameters. Pass a function that calls opt.zero_grad(), computes the "
                "loss, calls loss.backward() and returns the loss: opt.step(closure)"
            )
        group = self.param_groups[0]
        lr, max_iter, max_eval = group["lr"], group["max_iter"], group["max_eval"]
        tol_grad, tol_change = group["tolerance_grad"], group["tolerance_change"]
        state = self.state.setdefault(self._params[0], {})
        state.setdefault("func_evals", 0)
        state.setdefault("n_iter", 0)

        first, loss = self._evaluate(closure)
        g = self._flat_grad()
        if g.size == 0:  # (PyTorch fails here too, taking the max of no elements)
            shapes = [tuple(p.shape) for p in self._params]
            raise ValueError(f"LBFGS.step: the parameters (shapes {shapes}) have no "
                             "elements: there is nothing to optimise")
        evals = 1
        state["func_evals"] += 1
        if np.abs(g).max() <= tol_grad:
            return first  # already at a stationary point

        d, t = state.get("d"), state.get("t")
        old_dirs, old_stps, ro = state.get("old_dirs"), state.get("old_stps"), state.get("ro")
        h_diag = state.get("H_diag")
        prev_g, prev_loss = state.get("prev_flat_grad"), state.get("prev_loss")

        iteration = 0
        while iteration < max_iter:
            iteration += 1
            state["n_iter"] += 1

            # -- the direction
            if state["n_iter"] == 1:
                d = -g  # no history yet: steepest descent
                old_dirs, old_stps, ro, h_diag = [], [], [], 1.0
            else:
                y, s = g - prev_g, d * t
                ys = float(np.dot(y, s))
                if ys > 1e-10:  # only pairs with positive curvature keep H positive definite
                    while len(old_dirs) >= group["history_size"]:
                        del old_dirs[0], old_stps[0], ro[0]  # forget the oldest pair
                    old_dirs.append(y)
                    old_stps.append(s)
                    ro.append(1.0 / ys)
                    h_diag = ys / float(np.dot(y, y))  # H0's scale: y.s / y.y
                d = two_loop_direction(g, old_dirs, old_stps, ro, h_diag)
            prev_g, prev_loss = g, loss

            # -- the step length
            t = lr * min(1.0, 1.0 / float(np.abs(g).sum())) if state["n_iter"] == 1 else lr
            slope = float(np.dot(g, d))  # the loss's slope along d
            if slope > -tol_change:
                break  # d does not go downhill (any more)

            evals_now, converged = 0, False
            if group["line_search_fn"] == "strong_wolfe":
                x0 = [p._data.copy() for p in self._params]
                phi = functools.partial(self._loss_and_grad_at, closure, x0, d=d)  # phi(t)
                # (PyTorch's line search keeps its own tolerance_change, 1e-9)
                loss, g, t, evals_now = strong_wolfe(phi, d, t, loss, g, slope,
                                                     max_tries=max_eval - evals)
                self._move(t, d)
                converged = np.abs(g).max() <= tol_grad
            else:
                self._move(t, d)
                if iteration != max_iter:
                    loss = self._evaluate(closure)[1]
                    g = self._flat_grad()
                    converged = np.abs(g).max() <= tol_grad
                    evals_now = 1
            evals += evals_now
            state["func_evals"] += evals_now

            # -- stop?
            if iteration == max_iter or evals >= max_eval or converged:
                break
            if np.abs(d * t).max() <= tol_change or abs(loss - prev_loss) < tol_change:
                break  # no progress

        state.update(d=d, t=None if t is None else float(t), old_dirs=old_dirs,
                     old_stps=old_stps, ro=ro, H_diag=h_diag, prev_flat_grad=prev_g,
                     prev_loss=prev_loss)
        return first

    # ---- checkpoints -------------------------------------------------------------------
    def state_keys(self, group: Mapping[str, Any]) -> tuple[str, ...] | None:
        return None  # two layouts (see load_state_dict): checked there

    def state_shape(self, key: str, p: Tensor) -> tuple[int, ...] | None:
        """The flat vectors have one element per element of all parameters; the rest
        (counters, t, H_diag, ro, prev_loss) are numbers."""
        if key in _FLAT:
            return (sum(q._data.size for q in self._params),)
        return None

    def load_state_dict(self, state_dict: Mapping[str, Any]) -> None:
        """Restore `state_dict()`'s result: the counters alone (a step that stopped at
        once), or everything a step keeps. PyTorch's scratch list `al` is dropped."""
        saved = state_dict.get("state") if isinstance(state_dict, Mapping) else None
        for entry in saved.values() if isinstance(saved, Mapping) else ():
            keys = set(entry) - {"al"} if isinstance(entry, Mapping) else set()
            if keys and keys not in (set(_COUNTERS), set(_STATE_KEYS)):
                raise ValueError(
                    f"LBFGS.load_state_dict: the saved state holds {sorted(keys)}, but "
                    f"LBFGS keeps {sorted(_STATE_KEYS)}; was it saved from another optimiser?"
                )
        settings, state = optim_state.checked(self, state_dict)
        for p, entry in state.items():
            entry.pop("al", None)
            if entry and p is not self._params[0]:
                raise ValueError("LBFGS.load_state_dict: L-BFGS keeps its state on the first "
                                 "parameter (position 0), but the saved state is elsewhere")
        self.param_groups[0].update(settings[0])
        self.state = state
