"""Tensor methods for the products with an added term, the running extremes and the
two-operand math: x.addmm(m1, m2), x.lerp(end, w), x.cummax(0), x.diff(), x.rot90(), ...

Each method is the function of the same name in `minigrad.ops` applied to the tensor
(see tensor_math.py for why `ops` is bound at the bottom of tensor.py).
"""

from __future__ import annotations

from typing import Any

ops: Any = None


class MoreMathMethods:
    """Mixed into Tensor."""

    __slots__ = ()

    def addmm(self, mat1: Any, mat2: Any, *, beta: Any = 1, alpha: Any = 1) -> Any:
        """beta * self + alpha * (mat1 @ mat2) (see minigrad.ops.added_products)."""
        return ops.addmm(self, mat1, mat2, beta=beta, alpha=alpha)

    def addmv(self, mat: Any, vec: Any, *, beta: Any = 1, alpha: Any = 1) -> Any:
        """beta * self + alpha * (mat @ vec)."""
        return ops.addmv(self, mat, vec, beta=beta, alpha=alpha)

    def addbmm(self, batch1: Any, batch2: Any, *, beta: Any = 1, alpha: Any = 1) -> Any:
        """beta * self + alpha * (the sum over the batch of batch1[i] @ batch2[i])."""
        return ops.addbmm(self, batch1, batch2, beta=beta, alpha=alpha)

    def baddbmm(self, batch1: Any, batch2: Any, *, beta: Any = 1, alpha: Any = 1) -> Any:
        """beta * self + alpha * (batch1 @ batch2), batch by batch."""
        return ops.baddbmm(self, batch1, batch2, beta=beta, alpha=alpha)

    def inner(self, other: Any) -> Any:
        """Products summed over the last axis of self and of other."""
        return ops.inner(self, other)

    def vdot(self, other: Any) -> Any:
        """The dot product of two vectors."""
        return ops.vdot(self, other)

    def ger(self, vec2: Any) -> Any:
        """The outer product of two vectors (PyTorch's older name for outer)."""
        return ops.ger(self, vec2)

    def lerp(self, end: Any, weight: Any) -> Any:
        """self + weight * (end - self), broadcasting (see minigrad.ops.lerp_hypot)."""
        return ops.lerp(self, end, weight)

    def hypot(self, other: Any) -> Any:
        """sqrt(self² + other²), elementwise, broadcasting."""
        return ops.hypot(self, other)

    def logit(self, eps: Any = None) -> Any:
        """ln(p / (1 - p)), p clamped to [eps, 1 - eps] first if eps is given."""
        return ops.logit(self, eps)

    def xlogy(self, other: Any) -> Any:
        """self * ln(other), 0 where self is 0 (see minigrad.ops.log_terms)."""
        return ops.xlogy(self, other)

    def diff(self, n: int = 1, dim: int = -1, prepend: Any = None, append: Any = None) -> Any:
        """The n-th forward difference along dim (see minigrad.ops.differences)."""
        return ops.diff(self, n, dim, prepend, append)

    def cummax(self, dim: int) -> Any:
        """(values, indices) of the running maximum along dim (see minigrad.ops.running)."""
        return ops.cummax(self, dim)

    def cummin(self, dim: int) -> Any:
        """(values, indices) of the running minimum along dim."""
        return ops.cummin(self, dim)

    def logcumsumexp(self, dim: int) -> Any:
        """The running log-sum-exp along dim, without overflow."""
        return ops.logcumsumexp(self, dim)

    def renorm(self, p: Any, dim: int, maxnorm: Any) -> Any:
        """Slices along dim with a p-norm above maxnorm scaled down to it."""
        return ops.renorm(self, p, dim, maxnorm)

    def rot90(self, k: int = 1, dims: Any = (0, 1)) -> Any:
        """Turned k quarter turns in the plane of the axes dims."""
        return ops.rot90(self, k, dims)
