"""Helpers for training loops, as torch.nn.utils: clipping gradients, and parameters as
one flat vector; rnn.py: padding sequences of different lengths into one batch.

    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)   # tame exploding gradients
    optimizer.step()

The clipping functions change each parameter's `.grad` in place, outside the graph
(under no_grad), as PyTorch's do.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from ... import missing
from ...dtypes import promote_types
from ...errors import ShapeError
from ...grad_mode import no_grad
from ...ops.indexing import concatenate
from ...tensor import Tensor
from . import rnn


def _grads(fn: str, parameters: Any) -> list[Tensor]:
    """The .grad of each parameter that has one (a single tensor counts as a list of one)."""
    params = [parameters] if isinstance(parameters, Tensor) else list(parameters)
    for p in params:
        if not isinstance(p, Tensor):
            raise TypeError(f"{fn}: expected tensors (e.g. model.parameters()), got "
                            f"{type(p).__name__}")
    return [p.grad for p in params if p.grad is not None]


def clip_grad_norm_(parameters: Any, max_norm: float, norm_type: float = 2.0,
                    error_if_nonfinite: bool = False, foreach: Any = None) -> Tensor:
    """Scale all the gradients together so that their total norm is at most `max_norm`.

    The total norm is the `norm_type` norm of all the gradients as one vector (the
    norm of each gradient's norm). Where it exceeds max_norm, every gradient is
    multiplied by max_norm / (total + 1e-6): the direction of the step is kept, only
    its length shrinks. Returns the total norm before clipping (a 0-d tensor).
    `foreach` is accepted and ignored (it chooses between PyTorch's kernels).
    """
    grads = _grads("clip_grad_norm_", parameters)
    p = float(norm_type)
    if not grads:
        return Tensor._make(np.zeros((), np.float32))
    dtype = grads[0].dtype
    for g in grads[1:]:
        dtype = promote_types(dtype, g.dtype)
    norms = [np.asarray(_vector_norm(g._data, p), dtype=dtype) for g in grads]
    total = np.asarray(_vector_norm(np.stack(norms), p), dtype=dtype)
    if error_if_nonfinite and not np.isfinite(total):
        raise RuntimeError(
            f"clip_grad_norm_: the total norm of order {p} of the gradients is {total}, so they "
            "cannot be clipped; find where the loss or a gradient overflows, or pass "
            "error_if_nonfinite=False to scale by it anyway (as PyTorch allows)")
    coefficient = min(float(max_norm) / (float(total) + 1e-6), 1.0) if np.isfinite(total) \
        else float(max_norm) / (float(total) + 1e-6)  # NaN or 0: the gradients become NaN or 0
    with no_grad():
        for g in grads:
            g.mul_(coefficient)
    return Tensor._make(total)


def _vector_norm(x: np.ndarray, p: float) -> Any:
    """The p-norm of all of x's elements (inf: the largest |x|)."""
    if p == math.inf:
        return np.abs(x).max(initial=0)
    if p == -math.inf:
        return np.abs(x).min()
    if p == 0:
        return np.count_nonzero(x)
    return (np.abs(x) ** p).sum() ** (1.0 / p)


def clip_grad_value_(parameters: Any, clip_value: float, foreach: Any = None) -> None:
    """Clamp every gradient element into [-clip_value, clip_value], in place."""
    value = float(clip_value)
    with no_grad():
        for g in _grads("clip_grad_value_", parameters):
            g.clamp_(-value, value)


def parameters_to_vector(parameters: Iterable[Tensor]) -> Tensor:
    """All the parameters, flattened and joined into one 1-D tensor (in the graph)."""
    return concatenate([p.reshape(-1) for p in parameters])


def vector_to_parameters(vec: Tensor, parameters: Iterable[Tensor]) -> None:
    """Copy consecutive slices of the 1-D `vec` into the parameters' values (outside the
    graph), the inverse of parameters_to_vector."""
    if not isinstance(vec, Tensor) or vec.ndim != 1:
        what = f"a tensor of {vec.ndim} axes" if isinstance(vec, Tensor) else type(vec).__name__
        raise TypeError(f"vector_to_parameters: expected a 1-D tensor, got {what}")
    params = list(parameters)
    needed = sum(p.numel() for p in params)
    if needed != vec.numel():
        raise ShapeError(f"vector_to_parameters: the vector has {vec.numel()} elements but "
                         f"the parameters hold {needed}")
    start = 0
    for p in params:  # each parameter's values become a view of its slice, as in PyTorch
        n = p.numel()
        p.data = vec.detach()[start:start + n].reshape(p.shape)
        start += n


__getattr__ = missing.module_getattr(__name__)
