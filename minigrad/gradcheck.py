"""Check analytic gradients against central differences.

For a function f and a small eps, df/dx_i ~ (f(x + eps e_i) - f(x - eps e_i)) / (2 eps).
`gradcheck` compares this with what backward computes, for every element of
every input that requires grad. Outputs are first reduced to one number with
fixed random weights, s = sum_k w_k * out_k, so one backward pass gives the
analytic gradient of s (a wrong Jacobian entry changes it unless that weight
happens to be 0, which random weights make vanishingly unlikely).

Use float64: in float32 the rounding error of the difference swamps it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .errors import GradcheckError
from .grad_mode import enable_grad, no_grad
from .gradients import grad
from .tensor import Tensor


def _as_tuple(value: Any) -> tuple[Any, ...]:
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


def _weighted_sum(outputs: Sequence[Any], weights: Sequence[np.ndarray]) -> Tensor:
    total: Any = None
    for out, w in zip(outputs, weights):
        if w is None or out is None:
            continue
        term = (out * Tensor._make(w)).sum()
        total = term if total is None else total + term
    return total if total is not None else Tensor._make(np.zeros(()))


def gradcheck(
    fn: Callable[..., Any],
    inputs: Any,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    seed: int = 0,
) -> bool:
    """True if backward agrees with central differences for `fn(*inputs)`.

    `inputs` is a Tensor or a tuple of them (other values are passed through);
    the float64 tensors with `requires_grad=True` are checked. On a mismatch,
    raises `GradcheckError` naming the input, the index, and the numerical and
    analytic values side by side.
    """
    inputs = _as_tuple(inputs)
    checked = [k for k, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad]
    if not checked:
        raise ValueError("gradcheck: no input has requires_grad=True, so there is nothing to check")
    for k in checked:
        if inputs[k].dtype != np.float64:
            raise TypeError(
                f"gradcheck: input {k} has dtype {inputs[k].dtype}; use float64 (x.double()) "
                "so that rounding does not swamp the finite differences"
            )
    with no_grad():
        outputs = _as_tuple(fn(*inputs))
    rng = np.random.default_rng(seed)
    weights = [
        rng.standard_normal(o.shape) if isinstance(o, Tensor) and o.dtype.kind == "f" else None
        for o in outputs
    ]

    with enable_grad():
        s = _weighted_sum(_as_tuple(fn(*inputs)), weights)
        wrt = [inputs[k] for k in checked]
        if s.requires_grad:
            analytic = grad(s, wrt, allow_unused=True)
        else:
            analytic = (None,) * len(wrt)

    for k, a in zip(checked, analytic):
        x = inputs[k]
        a_values = np.zeros(x.shape) if a is None else np.asarray(a._data, dtype=np.float64)
        numeric = np.zeros(x.shape)
        for i in np.ndindex(*x.shape):
            values = []
            for step in (eps, -eps):
                shifted = x._data.copy()
                shifted[i] += step
                args = list(inputs)
                args[k] = Tensor._make(shifted)
                with no_grad():
                    values.append(float(_weighted_sum(_as_tuple(fn(*args)), weights)._data))
            numeric[i] = (values[0] - values[1]) / (2 * eps)
        bad = ~np.isclose(a_values, numeric, atol=atol, rtol=rtol, equal_nan=False)
        if bad.any():
            rows = [
                f"  index {tuple(int(j) for j in i)}: numerical {numeric[i]:.8g}, "
                f"analytic {a_values[i]:.8g}, difference {a_values[i] - numeric[i]:.3g}"
                for i in map(tuple, np.argwhere(bad))  # argwhere, unlike nonzero, allows 0-d
            ][:8]
            raise GradcheckError(
                f"gradcheck: the gradient for input {k} (shape {x.shape}) disagrees with "
                f"central differences at {int(bad.sum())} of {x.numel()} positions "
                f"(atol={atol}, rtol={rtol}):\n" + "\n".join(rows)
            )
    return True


def gradgradcheck(
    fn: Callable[..., Any],
    inputs: Any,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    seed: int = 0,
) -> bool:
    """True if second derivatives (backward of backward) agree with central differences.

    Checks the gradient of `fn` (computed with `create_graph=True`, weighted
    by fixed random output gradients) with `gradcheck`: so every op's backward
    must itself be differentiable.
    """
    inputs = _as_tuple(inputs)
    checked = [k for k, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad]
    rng = np.random.default_rng(seed + 1)
    with no_grad():
        outputs = _as_tuple(fn(*inputs))
    weights = [
        rng.standard_normal(o.shape) if isinstance(o, Tensor) and o.dtype.kind == "f" else None
        for o in outputs
    ]

    def first_derivatives(*args: Any) -> tuple[Any, ...]:
        # gradcheck passes perturbed copies that do not require grad; they must.
        args = tuple(
            Tensor._make(a._data).requires_grad_() if k in checked and not a.requires_grad else a
            for k, a in enumerate(args)
        )
        with enable_grad():
            s = _weighted_sum(_as_tuple(fn(*args)), weights)
            if not s.requires_grad:
                return tuple(Tensor._make(np.zeros(args[k].shape)) for k in checked)
            grads = grad(s, [args[k] for k in checked], create_graph=True, allow_unused=True)
        return tuple(
            Tensor._make(np.zeros(args[k].shape)) if g is None else g
            for k, g in zip(checked, grads)
        )

    return gradcheck(first_derivatives, inputs, eps=eps, atol=atol, rtol=rtol, seed=seed + 2)
