"""bilinear: y = x1^T A x2 + b, as torch.nn.functional's (the function behind nn.Bilinear).

    F.bilinear(x1, x2, weight, bias)   # x1 (*, in1), x2 (*, in2), weight (out, in1, in2)

Each output k is the bilinear form y_k = sum_ij x1_i A_kij x2_j + b_k: a weighted sum
of the products of every feature of x1 with every feature of x2. It is one einsum
('...i,kij,...j->...k'), whose backward gives the three gradients:
dy_k/dx1_i = sum_j A_kij x2_j, dy_k/dx2_j = sum_i x1_i A_kij, dy_k/dA_kij = x1_i x2_j.
"""

from __future__ import annotations

from typing import Any

from ..errors import DTypeError, ShapeError, shape_str
from ..ops.arguments import as_tensor
from ..ops.einsum import einsum
from ..tensor import Tensor


def bilinear(input1: Any, input2: Any, weight: Any, bias: Any = None) -> Tensor:
    """x1^T A_k x2 + b_k for each output k: input1 (*, in1), input2 (*, in2) with the same
    batch axes *, weight (out, in1, in2), bias (out,) or None; the result is (*, out)."""
    fn = "bilinear"
    x1, x2, w = as_tensor(input1), as_tensor(input2), as_tensor(weight)
    b = None if bias is None else as_tensor(bias)
    tensors = [("input1", x1), ("input2", x2), ("weight", w)]
    if b is not None:
        tensors.append(("bias", b))
    if any(t.dtype.kind != "f" for _, t in tensors) or len({t.dtype for _, t in tensors}) > 1:
        listed = ", ".join(f"{n} {t.dtype}" for n, t in tensors)
        raise DTypeError(f"{fn}: all tensors must have the same floating-point dtype, got "
                         f"{listed}")
    shapes = (f"input1 {shape_str(x1.shape)}, input2 {shape_str(x2.shape)}, weight "
              f"{shape_str(w.shape)}" + ("" if b is None else f", bias {shape_str(b.shape)}"))
    if x1.ndim == 0 or x1.ndim != x2.ndim or x1.shape[:-1] != x2.shape[:-1]:
        raise ShapeError(f"{fn}: the inputs must be (*, in1) and (*, in2) with the same batch "
                         f"axes *, got {shapes}")
    if w.ndim != 3 or w.shape[1:] != (x1.shape[-1], x2.shape[-1]):
        raise ShapeError(f"{fn}: weight must be (out, in1, in2) = (out, {x1.shape[-1]}, "
                         f"{x2.shape[-1]}) for these inputs, got {shapes}")
    if b is not None and b.shape != w.shape[:1]:
        raise ShapeError(f"{fn}: bias must be (out,) = ({w.shape[0]},), got {shapes}")
    y = einsum("...i,kij,...j->...k", x1, w, x2)
    return y if b is None else y + b
