"""Functions for backward formulas, written for either kind of value they meet.

A backward formula is written once and runs on two kinds of values:

* numpy arrays, in a normal backward pass (fast: nothing is recorded);
* Tensors, when `backward(create_graph=True)` or `mg.grad(..., create_graph=True)`
  records the backward pass itself, so that its result can be differentiated
  again (second derivatives, `mg.gradgradcheck`).

Operators and ndarray-style methods (`g * y`, `g.sum(axis=0, keepdims=True)`,
`g.reshape(shape)`, `a @ b`) already mean the same for both. A free function
does not: `np.exp` of a Tensor gives an array, which cuts the recorded graph,
and minigrad's `exp` of an array would record a graph nobody asked for. So the
few free functions backward formulas need are here, each written for both.

The naming rule: a function here is named after the minigrad op it applies to
a Tensor (`either.exp` is `ops.exp`, `either.index_add` is the `IndexAdd` op);
given arrays, it computes the same with numpy and returns an array. `raw` is
the one that goes the other way: the array behind either kind, for masks and
other constants that take no gradient. Backward formulas call the others
through the module (`either.exp(-x)`), so that a formula shows which exp it
means.

The ops are imported inside the Tensor branches: their modules import this one.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import BackwardError
from ..tensor import Tensor


def raw(value: Any) -> np.ndarray:
    """The array behind a Tensor, or the value itself as an array."""
    return value._data if isinstance(value, Tensor) else np.asarray(value)


def exp(value: Any) -> Any:
    """e ** value."""
    if isinstance(value, Tensor):
        from .elementwise import exp as op

        return op(value)
    return np.exp(value)


def log(value: Any) -> Any:
    """The natural log of value."""
    if isinstance(value, Tensor):
        from .elementwise import log as op

        return op(value)
    return np.log(value)


def log1p(value: Any) -> Any:
    """ln(1 + value), exact for a small value."""
    if isinstance(value, Tensor):
        from .math import log1p as op

        return op(value)
    return np.log1p(value)


def sqrt(value: Any) -> Any:
    """The square root of value (NaN below 0, also at -inf, as PyTorch)."""
    if isinstance(value, Tensor):
        from .elementwise import sqrt as op

        return op(value)
    return np.sqrt(value)


def sin(value: Any) -> Any:
    """sin(value)."""
    if isinstance(value, Tensor):
        from .math import sin as op

        return op(value)
    return np.sin(value)


def cos(value: Any) -> Any:
    """cos(value)."""
    if isinstance(value, Tensor):
        from .math import cos as op

        return op(value)
    return np.cos(value)


def tanh(value: Any) -> Any:
    """tanh(value)."""
    if isinstance(value, Tensor):
        from .activations import tanh as op

        return op(value)
    return np.tanh(value)


def erf(value: Any) -> Any:
    """The error function of value (for an array, Erf's own forward: numpy has no erf)."""
    if isinstance(value, Tensor):
        from .math import erf as op

        return op(value)
    from .math import Erf

    return Erf().forward(value)


def where(condition: np.ndarray, x: Any, y: Any) -> Any:
    """x where `condition` (a bool array, never differentiated) holds, else y."""
    if isinstance(x, Tensor) or isinstance(y, Tensor):
        from .elementwise import where as op

        return op(condition, x, y)
    return np.where(condition, x, y)


def masked(g: Any, mask: np.ndarray) -> Any:
    """g where `mask` (bools, a constant) holds, else 0: the backward of an op that passes
    its gradient on in some places and stops it in the others (relu, where, clip, ...).

    Not simply g * mask: an inf or NaN of g where the mask is False would give NaN
    (inf * 0), where PyTorch gives 0.
    """
    if mask is None:  # numpy would read None as False and quietly give zeros
        raise BackwardError("the mask this backward needs was freed by an earlier "
                            "backward(); pass retain_graph=True to keep it")
    if isinstance(g, Tensor):
        return where(mask, g, 0)
    product = g * mask
    return product if _all_finite(product) else np.where(mask, product, 0)


def weighted(g: Any, weights: np.ndarray) -> Any:
    """g * weights, with 0 (not NaN) where a weight is 0: see masked. For the shares of
    max and min (1, 1/2 on a tie, 0 for the side that lost)."""
    if isinstance(g, Tensor):
        return masked(g, weights != 0) * weights
    product = g * weights
    return product if _all_finite(product) else np.where(weights != 0, product, 0)


def _all_finite(product: np.ndarray) -> bool:
    """No inf or NaN in `product`: then g * mask is already right. Speed: the multiply is
    one fast pass (np.where takes about 4x as long on a (256, 256) array, relu's backward
    in `python -m bench mlp`), so the select, and the mask of stopped places it needs,
    are made only when the product holds an inf or NaN, which is rare."""
    return bool(np.isfinite(product).all())


def maximum(value: Any, floor: float) -> Any:
    """max(value, floor) elementwise, with the number `floor` in value's dtype."""
    floor_array = np.asarray(floor, dtype=value.dtype)
    if isinstance(value, Tensor):
        from .elementwise import maximum as op

        return op(value, floor_array)
    return np.maximum(value, floor_array)


def broadcast_to(value: Any, shape: tuple[int, ...]) -> Any:
    """value repeated to `shape`."""
    if isinstance(value, Tensor):
        from .shape import broadcast_to as op

        return op(value, shape)
    # A real array, not np.broadcast_to's read-only view: that call alone costs
    # more than a small op, and the gradient often ends up in a .grad anyway.
    out = np.empty(shape, dtype=value.dtype)
    out[...] = value
    return out


def sigmoid(value: Any) -> Any:
    """1 / (1 + e^-x); for an array in a form that never overflows."""
    if isinstance(value, Tensor):
        from .activations import sigmoid as op

        return op(value)
    e = np.exp(-np.abs(value))  # in (0, 1]
    return np.where(value >= 0, 1 / (1 + e), e / (1 + e))


def softplus(value: Any) -> Any:
    """log(1 + e^x) = max(x, 0) + log(1 + e^-|x|), a form that never overflows."""
    if isinstance(value, Tensor):
        from .activations import Softplus

        return Softplus.apply(value)
    result = np.log1p(np.exp(-np.abs(value)))
    result += np.maximum(value, 0)  # in place: one array less at the peak
    return result


def index_add(value: Any, shape: tuple[int, ...], index: tuple[Any, ...]) -> Any:
    """Zeros of `shape` with value added at `index`, adding up where an index repeats
    (the backward of x[index])."""
    if isinstance(value, Tensor):
        from .indexing import IndexAdd

        return IndexAdd.apply(value, shape=shape, index=index)
    out = np.zeros(shape, dtype=value.dtype)
    if _picks_once(index):
        out[index] = value  # plain assignment is enough, and faster
    else:
        np.add.at(out, index, value)  # repeated indices add up (masks among them too)
    return out


def _picks_once(index: tuple[Any, ...]) -> bool:
    """True when no element can be picked twice: no integer arrays (ints, slices and
    boolean masks pick each element at most once)."""
    return not any(isinstance(i, np.ndarray) and i.dtype != np.bool_ for i in index)


def sinh(value: Any) -> Any:
    """sinh(value)."""
    if isinstance(value, Tensor):
        from .trig import sinh as op

        return op(value)
    return np.sinh(value)


def cosh(value: Any) -> Any:
    """cosh(value)."""
    if isinstance(value, Tensor):
        from .trig import cosh as op

        return op(value)
    return np.cosh(value)


def diag(value: Any, diagonal: int, shape: tuple[int, ...] | None) -> Any:
    """The `diagonal`-th diagonal of a matrix as 1-D, or (shape given) a vector laid on
    that diagonal of a matrix of zeros of `shape`: each is the other's backward."""
    from .diagonal import Diag

    if isinstance(value, Tensor):
        return Diag.apply(value, diagonal=diagonal, shape=shape)
    return Diag().forward(value, diagonal=diagonal, shape=shape)


def conv(x: Any, w: Any, **params: Any) -> Any:
    """The convolution x ⋆ w, without a bias (the Conv op; its params are Conv's)."""
    return _apply_or_forward("Conv", x, w, params)


def conv_input_grad(g: Any, w: Any, **params: Any) -> Any:
    """The transposed convolution of g with w: dL/dx of a convolution (ConvInputGrad)."""
    return _apply_or_forward("ConvInputGrad", g, w, params)


def conv_weight_grad(x: Any, g: Any, **params: Any) -> Any:
    """The sum over x's windows of g times the window: dL/dW of a convolution
    (ConvWeightGrad)."""
    return _apply_or_forward("ConvWeightGrad", x, g, params)


def _apply_or_forward(name: str, a: Any, b: Any, params: dict[str, Any]) -> Any:
    """The convolution op `name` applied to Tensors (recorded), or its forward on arrays."""
    from . import convolution

    op = getattr(convolution, name)
    if isinstance(a, Tensor) or isinstance(b, Tensor):
        return op.apply(*(v if isinstance(v, Tensor) else Tensor._make(np.asarray(v))
                          for v in (a, b)), **params)
    return op().forward(a, b, **params)


def einsum(equation: str, *operands: Any) -> Any:
    """The contraction `equation` (a plain one: see ops/einsum.py) of the operands; arrays
    among Tensors (the ones vectors of Einsum's backward) are constants."""
    from .einsum import Einsum, contract

    if any(isinstance(v, Tensor) for v in operands):
        tensors = [v if isinstance(v, Tensor) else Tensor._make(v) for v in operands]
        return Einsum.apply(*tensors, equation=equation)
    return contract(equation, operands)


def inv(value: Any) -> Any:
    """The inverse of each matrix of value (..., n, n)."""
    if isinstance(value, Tensor):
        from .inverse import inv as op

        return op(value)
    return np.linalg.inv(value)


def solve(a: Any, b: Any) -> Any:
    """X with a X = b, for matrices a (..., n, n) and b (..., n, k): a^-1 b without
    forming the inverse."""
    if isinstance(a, Tensor) or isinstance(b, Tensor):
        from .inverse import Solve

        return Solve.apply(a, b)
    return np.linalg.solve(a, b)


def solve_triangular(a: Any, b: Any, upper: bool, unit: bool = False) -> Any:
    """X with a X = b for a triangular a (its upper triangle read when `upper`, its
    diagonal taken as ones when `unit`): substitution, no factorisation."""
    from .triangular import SolveTriangular, substitute

    if isinstance(a, Tensor) or isinstance(b, Tensor):
        a, b = (v if isinstance(v, Tensor) else Tensor._make(np.asarray(v)) for v in (a, b))
        return SolveTriangular.apply(a, b, upper=upper, unit=unit)
    return substitute(a, b, upper, unit)
