"""The two ways to start the backward pass: `loss.backward()` and `mg.grad()`.

Each checks what the user passed (the output's gradient, the inputs, the
flags, with errors that say what to do), then hands over to
`engine.run_backward`, which walks the graph.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .engine import run_backward
from .errors import BackwardError, shape_str
from .tensor import Tensor


def _as_grad(value: Any, like: Tensor, create_graph: bool, what: str) -> Any:
    """Check a user-given output gradient and convert it to the kind backward uses."""
    if isinstance(value, Tensor):
        grad = value if create_graph else value._data.copy()  # never alias the caller's data
    else:
        try:
            grad = np.array(value, dtype=like.dtype)  # a copy: .grad may be changed in place
        except (TypeError, ValueError):
            raise TypeError(
                f"{what}: the gradient must be a Tensor or numbers, got {type(value).__name__} "
                f"{value!r:.60}"
            ) from None
        if create_graph:
            grad = Tensor._make(grad)
    if grad.shape != like.shape:
        raise BackwardError(
            f"{what}: the gradient has shape {shape_str(grad.shape)} but the output has "
            f"shape {shape_str(like.shape)}; they must match"
        )
    return grad


def _default_grad(output: Tensor, create_graph: bool, what: str) -> Any:
    if output._data.size != 1:
        raise BackwardError(
            f"{what}: the output has shape {shape_str(output.shape)}, and a gradient can only "
            "be implied for a single number. Reduce it first (loss = y.sum() or y.mean()), "
            "or pass the gradient of the output explicitly: y.backward(gradient=...)"
        )
    data = output._data
    ones = np.array(1, dtype=data.dtype).reshape(data.shape)  # cheaper than np.ones_like
    return Tensor._make(ones) if create_graph else ones


def backward(
    tensor: Tensor,
    gradient: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
) -> None:
    """`tensor.backward(...)`: see `Tensor.backward`."""
    if not tensor.requires_grad:
        raise BackwardError(
            "backward(): this tensor does not require grad, so there is no graph to walk. "
            "Create the leaves with requires_grad=True (Tensor(data, requires_grad=True)) "
            "and compute the loss outside mg.no_grad()."
        )
    if gradient is None:
        grad = _default_grad(tensor, create_graph, "backward()")
    else:
        grad = _as_grad(gradient, tensor, create_graph, "backward()")
    if retain_graph is None:
        retain_graph = create_graph
    run_backward([tensor], [grad], retain_graph, create_graph)


def grad(
    outputs: Tensor | Sequence[Tensor],
    inputs: Tensor | Sequence[Tensor],
    grad_outputs: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    allow_unused: bool = False,
) -> tuple[Tensor | None, ...]:
    """Gradients of `outputs` with respect to `inputs`, returned rather than stored.

    Like `torch.autograd.grad`: `grad_outputs` gives the gradient of each
    output (needed for non-scalar outputs); with `create_graph=True` the
    result is itself differentiable (second derivatives, Hessian-vector
    products). Returns a tuple with one Tensor per input (an input listed
    twice gets its gradient twice; an unused one is an error, or None with
    `allow_unused=True`).

    Only the graph between the outputs and the inputs is run (and freed unless
    `retain_graph=True`); what lies below the inputs or beside them is left as
    it was. No leaf's `.grad` is touched; as in PyTorch, a tensor that called
    `retain_grad()` gets its gradient when the walk passes through it.
    """
    outputs = [outputs] if isinstance(outputs, Tensor) else list(outputs)
    inputs = [inputs] if isinstance(inputs, Tensor) else list(inputs)
    for t in list(outputs) + list(inputs):
        if not isinstance(t, Tensor):
            raise TypeError(f"mg.grad: expected Tensors, got {type(t).__name__}")
    if not inputs:
        raise BackwardError(
            "mg.grad: no inputs given; pass the tensors to differentiate with respect to, "
            "e.g. mg.grad(loss, [w, b])"
        )
    for i, t in enumerate(inputs):
        if not t.requires_grad:
            raise BackwardError(f"mg.grad: input {i} does not require grad, so it has no gradient")
    for i, t in enumerate(outputs):
        if not t.requires_grad:
            raise BackwardError(
                f"mg.grad: output {i} does not require grad: it does not depend on anything "
                "that requires grad (or was computed under mg.no_grad())"
            )
    if grad_outputs is None:
        grad_outputs = [None] * len(outputs)
    elif isinstance(grad_outputs, Tensor) or not isinstance(grad_outputs, (list, tuple)):
        grad_outputs = [grad_outputs]
    if len(grad_outputs) != len(outputs):
        raise BackwardError(
            f"mg.grad: {len(grad_outputs)} grad_outputs for {len(outputs)} outputs"
        )
    grads = [
        _default_grad(o, create_graph, "mg.grad")
        if g is None
        else _as_grad(g, o, create_graph, "mg.grad")
        for o, g in zip(outputs, grad_outputs)
    ]
    if retain_graph is None:
        retain_graph = create_graph
    found = run_backward(outputs, grads, retain_graph, create_graph, inputs=inputs)
    assert found is not None
    result: list[Tensor | None] = []
    for i, g in enumerate(found):
        if g is None:
            if not allow_unused:
                raise BackwardError(
                    f"mg.grad: input {i} is not used to compute the outputs, so it has no "
                    "gradient. Pass allow_unused=True to get None for it instead."
                )
            result.append(None)
        else:
            result.append(g if isinstance(g, Tensor) else Tensor._make(np.asarray(g)))
    return tuple(result)
