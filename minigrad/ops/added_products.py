"""Matrix products with a term added, and the other spellings of a product:
addmm, addmv, addbmm, baddbmm (beta * input + alpha * product), inner, vdot, ger,
chain_matmul.

All of them are composites of ops that already have their backward: the
products run MatMul (dA = G Bᵀ, dB = Aᵀ G, ops/linalg.py), the scaling runs Mul
and the sum runs Add, which also undoes the broadcasting of `input`. So

    z = beta * input + alpha * (mat1 @ mat2)
    dL/dinput = beta * G (summed back to input's shape),
    dL/dmat1 = alpha * G @ mat2ᵀ,  dL/dmat2 = alpha * mat1ᵀ @ G.

As in PyTorch, beta = 0 ignores input's values (a NaN there does not reach the
result; its gradient is 0), the three tensors need one dtype, integer
tensors take beta and alpha as whole numbers (0.5 counts as 0), and float16 is
computed in float32 and rounded once.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ..errors import DTypeError, ShapeError, shape_str
from ..tensor import Tensor
from .arguments import as_tensor
from .cast import cast
from .elementwise import where
from .linalg import MatMul
from .matrix_power import multi_dot
from .products import check_inner, outer, product_operands
from .reduce import sum as reduce_sum


def _scalar(op: str, name: str, value: Any) -> Any:
    if isinstance(value, Tensor) and value.ndim == 0:
        value = value.item()
    if not isinstance(value, (bool, int, float, np.integer, np.floating)):
        raise TypeError(f"{op}: {name} must be a number, got {value!r}")
    return value


def _added(op: str, input: Any, a: Tensor, b: Tensor, beta: Any, alpha: Any,  # noqa: A002
           summed: bool = False) -> Tensor:
    """beta * input + alpha * (a @ b) (with `summed`, the products summed over the batch),
    with PyTorch's rules for beta and alpha. float16 is computed in float32 and rounded
    once, as PyTorch does."""
    dtype = a.dtype
    if not isinstance(input, Tensor):
        raise TypeError(f"{op}: input must be a tensor, got {type(input).__name__}; wrap a "
                        f"number as in PyTorch: mg.tensor({input!r})")
    if input.dtype != dtype:
        raise DTypeError(f"{op}: input has dtype {input.dtype} but the matrices {dtype}; all "
                         "three need the same dtype, as in PyTorch: convert one, e.g. "
                         "input.float()")
    beta, alpha = _scalar(op, "beta", beta), _scalar(op, "alpha", alpha)
    if dtype.kind != "f":  # integer tensors: PyTorch takes the whole numbers of beta, alpha
        beta, alpha = int(beta), int(alpha)
    if dtype == np.float16:
        a, b, input = (cast(t, np.dtype(np.float32)) for t in (a, b, input))
    product = MatMul.apply(a, b)
    if summed:
        product = reduce_sum(product, 0)
        if product.dtype != a.dtype:  # integers sum to int64 in minigrad's sum: back to theirs
            product = Tensor._make(product._data.astype(a.dtype))
    try:
        if np.broadcast_shapes(input.shape, product.shape) != product.shape:
            raise ValueError
    except ValueError:
        raise ShapeError(f"{op}: input of shape {shape_str(input.shape)} does not broadcast "
                         f"to the product's shape {shape_str(product.shape)}") from None
    scaled = product if alpha == 1 else product * alpha
    if beta == 0:  # input's values are ignored (a NaN there too); its gradient is 0
        z = where(np.zeros((), dtype=bool), input, scaled)
    else:
        z = (input if beta == 1 else input * beta) + scaled
    return cast(z, dtype) if z.dtype != dtype else z


def _no_bool(op: str, a: Tensor) -> None:
    if a.dtype == np.bool_:
        raise DTypeError(f"{op}: bool tensors have no matrix product (PyTorch refuses too); "
                         "convert them first, e.g. a.long()")


def addmm(input: Any, mat1: Any, mat2: Any, *, beta: Any = 1, alpha: Any = 1) -> Tensor:  # noqa: A002
    """beta * input + alpha * (mat1 @ mat2): mat1 (n, m), mat2 (m, k), input broadcasting
    to (n, k) (a bias row, say)."""
    a, b = product_operands("addmm", mat1, mat2, (2, 2), "two matrices mat1 and mat2 (2 axes each)")
    check_inner("addmm", a, b, 1, 0)
    _no_bool("addmm", a)
    return _added("addmm", input, a, b, beta, alpha)


def addmv(input: Any, mat: Any, vec: Any, *, beta: Any = 1, alpha: Any = 1) -> Tensor:  # noqa: A002
    """beta * input + alpha * (mat @ vec): mat (n, m), vec (m,), input broadcasting to (n,)."""
    a, b = product_operands("addmv", mat, vec, (2, 1), "a matrix mat and a vector vec")
    check_inner("addmv", a, b, 1, 0)
    _no_bool("addmv", a)
    return _added("addmv", input, a, b, beta, alpha)


def baddbmm(input: Any, batch1: Any, batch2: Any, *, beta: Any = 1,  # noqa: A002
            alpha: Any = 1) -> Tensor:
    """beta * input + alpha * (batch1 @ batch2), batch by batch: batch1 (b, n, m),
    batch2 (b, m, k), input broadcasting to (b, n, k)."""
    a, b = _batches("baddbmm", batch1, batch2)
    return _added("baddbmm", input, a, b, beta, alpha)


def addbmm(input: Any, batch1: Any, batch2: Any, *, beta: Any = 1,  # noqa: A002
           alpha: Any = 1) -> Tensor:
    """beta * input + alpha * (the sum over the batch of batch1[i] @ batch2[i]):
    batch1 (b, n, m), batch2 (b, m, k), input broadcasting to (n, k)."""
    a, b = _batches("addbmm", batch1, batch2)
    return _added("addbmm", input, a, b, beta, alpha, summed=True)


def _batches(op: str, batch1: Any, batch2: Any) -> tuple[Tensor, Tensor]:
    a, b = product_operands(op, batch1, batch2, (3, 3), "two batches of matrices (3 axes each)")
    if a.shape[0] != b.shape[0]:
        raise ShapeError(f"{op}: the batch sizes differ: shapes {shape_str(a.shape)} and "
                         f"{shape_str(b.shape)} (no broadcasting, as in PyTorch)")
    check_inner(op, a, b, 2, 1)
    _no_bool(op, a)
    return a, b


def inner(input: Any, other: Any) -> Tensor:  # noqa: A002
    """The products of input and other summed over the last axis of each (for vectors, their
    dot product; a 0-d operand multiplies the other). The result has input's other axes,
    then other's."""
    a, b = as_tensor(input), as_tensor(other)
    if a.ndim == 0 or b.ndim == 0:
        return a * b  # (dtypes promoted, as PyTorch's mul)
    if a.dtype != b.dtype:
        raise DTypeError(f"inner: the operands have dtypes {a.dtype} and {b.dtype}; both need "
                         "the same dtype, as in PyTorch: convert one, e.g. b.double()")
    _no_bool("inner", a)
    if a.shape[-1] != b.shape[-1]:
        raise ShapeError(f"inner: the last axes of shapes {shape_str(a.shape)} and "
                         f"{shape_str(b.shape)} have different sizes ({a.shape[-1]} and "
                         f"{b.shape[-1]})")
    from .einsum import einsum  # (einsum's backward is another einsum)

    letters_a, letters_b = "abcdefgh"[:a.ndim - 1], "ijklmnop"[:b.ndim - 1]
    return einsum(f"{letters_a}z,{letters_b}z->{letters_a}{letters_b}", a, b)


def vdot(input: Any, other: Any) -> Tensor:  # noqa: A002
    """The dot product of two vectors (for real numbers the same as dot)."""
    a, b = product_operands("vdot", input, other, (1, 1), "two vectors (1 axis each)")
    check_inner("vdot", a, b, 0, 0)
    _no_bool("vdot", a)
    return MatMul.apply(a, b)


def ger(input: Any, vec2: Any) -> Tensor:  # noqa: A002
    """The outer product of two vectors: PyTorch's older name for outer."""
    return outer(input, vec2)


def chain_matmul(*matrices: Any, out: Any = None) -> Tensor:
    """The product of two or more matrices, in the cheapest order: PyTorch's deprecated
    name for minigrad.linalg.multi_dot (it warns, as PyTorch does); one matrix comes back
    as it is."""
    if out is not None:
        raise TypeError("chain_matmul: out= is not supported by minigrad")
    warnings.warn("torch.chain_matmul is deprecated and will be removed in a future PyTorch "
                  "release; use mg.linalg.multi_dot instead, which accepts a list of two or "
                  "more tensors", UserWarning, stacklevel=2)
    if not matrices:
        raise ValueError("chain_matmul: expected one or more matrices, got none")
    tensors = [as_tensor(m) for m in matrices]
    for i, t in enumerate(tensors):
        if t.ndim != 2:
            raise ShapeError(f"chain_matmul: matrix {i} has shape {shape_str(t.shape)}; every "
                             "argument must be a matrix (2 axes)")
    if len(tensors) == 1:
        return tensors[0]
    return multi_dot(tensors)
