"""Matrix multiplication, with numpy's rules for 1-D and batched operands."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import DTypeError, ShapeError, shape_str
from ..function import Function
from ..tensor import Tensor
from .arguments import as_tensor


class MatMul(Function):
    """Z = A @ B.   dL/dA = G @ B^T,   dL/dB = A^T @ G.

    A 1-D A is treated as a row (1, n) and a 1-D B as a column (n, 1), as
    np.matmul does. Leading (batch) axes broadcast: a gradient that comes back
    with more batch axes than its input is summed over them by the engine.
    """

    chain = ("Z = A @ B", "dL/dA = G @ B^T", "dL/dB = A^T @ G")

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return a @ b  # numpy checks the shapes; explain_error words its complaint

    def explain_error(self, error: Exception, inputs: Any) -> Exception:
        problem = matmul_error(*inputs) if len(inputs) == 2 else None
        return problem if problem is not None else super().explain_error(error, inputs)

    def backward(self, g: Any) -> tuple[Any, Any]:
        a, b = self.saved_inputs()
        need_a, need_b = self.needs_input_grad
        # The two everyday cases first, written as the textbook writes them.
        if a.ndim == 2 and b.ndim == 2:  # (n, m) @ (m, k): g is (n, k)
            return (g @ b.T if need_a else None), (a.T @ g if need_b else None)
        if a.ndim == 2 and b.ndim == 1:  # (n, m) @ (m,): g is (n,)
            outer = g.reshape(-1, 1) * b.reshape(1, -1) if need_a else None  # g b^T
            return outer, (g @ a if need_b else None)  # a^T g, written as g @ a
        a2 = a.reshape(1, -1) if a.ndim == 1 else a
        b2 = b.reshape(-1, 1) if b.ndim == 1 else b
        # Put back the axes matmul dropped for 1-D operands.
        kept = 2 - (a.ndim == 1) - (b.ndim == 1)  # matrix axes left in the output
        g2 = g.reshape(g.shape[: g.ndim - kept] + (a2.shape[-2], b2.shape[-1]))
        ga = gb = None
        if need_a:
            ga = g2 @ b2.swapaxes(-1, -2)  # (..., n, m)
            if a.ndim == 1:
                ga = ga[..., 0, :]  # drop the row axis a was given
        if need_b:
            gb = a2.swapaxes(-1, -2) @ g2  # (..., m, k)
            if b.ndim == 1:
                gb = gb[..., 0]  # drop the column axis b was given
        return ga, gb


def matmul(a: Any, b: Any) -> Tensor:
    """a @ b: matrix product of 1-D, 2-D or batched (..., n, m) tensors of one dtype."""
    a, b = as_tensor(a), as_tensor(b)
    if a._data.dtype != b._data.dtype:
        # PyTorch refuses too; numpy would quietly compute float32 @ float64 in float64.
        raise DTypeError(
            f"matmul: the operands have dtypes {a._data.dtype} and {b._data.dtype} (shapes "
            f"{shape_str(a.shape)} and {shape_str(b.shape)}); both sides need the same dtype: "
            "convert one, e.g. x.float() @ w or x @ w.double()"
        )
    return MatMul.apply(a, b)


def matmul_error(a: Tensor, b: Tensor) -> ShapeError | None:
    """What is wrong with the shapes of a @ b, in words (None if nothing is)."""
    if a.ndim == 0 or b.ndim == 0:
        return ShapeError(
            f"matmul: both operands need at least one axis, got shapes {shape_str(a.shape)} "
            f"and {shape_str(b.shape)}; to multiply by a number use *"
        )
    inner_a, inner_b = a.shape[-1], b.shape[-2] if b.ndim > 1 else b.shape[0]
    if inner_a != inner_b:
        hint = ""
        if b.ndim >= 2 and b.shape[-1] == inner_a:
            hint = "; did you mean a @ b.T?"
        elif a.ndim >= 2 and a.shape[-2] == inner_b:
            hint = "; did you mean a.T @ b?"
        return ShapeError(
            f"matmul of {shape_str(a.shape)} by {shape_str(b.shape)}: inner dimensions "
            f"{inner_a} and {inner_b} differ (the last axis of a must equal the "
            f"{'first' if b.ndim == 1 else 'second-to-last'} axis of b){hint}"
        )
    try:
        if a.ndim > 2 or b.ndim > 2:
            np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    except ValueError:
        return ShapeError(
            f"matmul: batch axes of {shape_str(a.shape)} and {shape_str(b.shape)} cannot be "
            "broadcast together"
        )
    return None
