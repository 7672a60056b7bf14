"""Tensor methods that reshape, pick, place and rearrange: x.reshape(...), x.permute(...),
x.gather(...), x.repeat(...), x.split(...), x.mm(...), x.masked_fill_(...), ...

Each method is the function of the same name in `minigrad.ops` applied to the
tensor (shape.py, gather.py, rearrange.py, masking.py, pieces.py, products.py); they
live here so that tensor.py stays about the data and the graph.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .errors import ShapeError, broadcasts_to, shape_str

# Bound by tensor.py at its bottom (`tensor_shape.ops = ops`), as in tensor_math.py:
# the ops import the Tensor, which is still being defined when this module is imported.
ops: Any = None


class ShapeMethods:
    """Mixed into Tensor."""

    __slots__ = ()

    # ---- moving values without changing them (ops/shape.py) and the matrix product ----
    def reshape(self, *shape: Any) -> Any:
        """Same data in a new shape: x.reshape(2, 3) or x.reshape((2, 3)); -1 is inferred."""
        return ops.reshape(self, shape[0] if len(shape) == 1 else shape)

    view = reshape  # PyTorch's name

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Any:
        """Axes start_dim..end_dim merged into one."""
        return ops.flatten(self, start_dim, end_dim)

    def squeeze(self, axis: Any = None, **torch_names: Any) -> Any:
        """Size-1 axes removed: all of them, or those in `axis` that have size 1."""
        return ops.squeeze(self, axis, **torch_names)

    def unsqueeze(self, axis: Any = None, **torch_names: Any) -> Any:
        """A new size-1 axis inserted at `axis` (or `dim=`)."""
        return ops.unsqueeze(self, axis, **torch_names)

    def transpose(self, *axes: Any, **names: Any) -> Any:
        """x.transpose(a, b) swaps two axes (as PyTorch); x.transpose((2, 0, 1)) permutes
        (as numpy); x.transpose() reverses all axes."""
        return ops.transpose(self, *axes, **names)

    def permute(self, *axes: Any) -> Any:
        """Axes reordered: x.permute(2, 0, 1) or x.permute((2, 0, 1))."""
        one = len(axes) == 1 and isinstance(axes[0], (tuple, list))
        return ops.permute(self, tuple(axes[0]) if one else axes)

    def swapaxes(self, axis1: int, axis2: int) -> Any:
        """Two axes exchanged."""
        return ops.swapaxes(self, axis1, axis2)

    def broadcast_to(self, *shape: Any) -> Any:
        """Repeated along axes of size 1 (and new leading axes) to `shape`:
        x.expand(2, 3) or x.expand((2, 3)); -1 keeps an axis's size."""
        return ops.broadcast_to(self, shape[0] if len(shape) == 1 else shape)

    expand = broadcast_to  # PyTorch's name

    def matmul(self, other: Any) -> Any:
        """Matrix product, as self @ other."""
        return ops.matmul(self, other)

    # ---- picking and placing with index tensors (ops/gather.py) -------------------------
    def gather(self, dim: int, index: Any) -> Any:
        """Values picked along `dim` by `index`: see minigrad.ops.gather.gather."""
        return ops.gather(self, dim, index)

    def scatter_add(self, dim: int, index: Any, src: Any) -> Any:
        """A copy with `src` added at the places `index` names along `dim`."""
        return ops.scatter_add(self, dim, index, src)

    def scatter(self, dim: int, index: Any, src: Any = None, *, value: Any = None) -> Any:
        """A copy with `src` (a tensor or a number) written at the places `index` names."""
        return ops.scatter(self, dim, index, src, value=value)

    def index_select(self, dim: int, index: Any) -> Any:
        """The slices along `dim` that the 1-d `index` names, in its order."""
        return ops.index_select(self, dim, index)

    def index_add(self, dim: int, index: Any, source: Any, *, alpha: Any = 1) -> Any:
        """A copy with alpha * source added at the slices `index` names along `dim`."""
        return ops.index_add(self, dim, index, source, alpha=alpha)

    # ---- rearranging (ops/rearrange.py) ---------------------------------------------------
    def repeat(self, *sizes: Any) -> Any:
        """Repeated sizes[i] times along axis i (numpy's tile): x.repeat(2, 3)."""
        return ops.repeat(self, *sizes)

    def tile(self, *dims: Any) -> Any:
        """Repeated dims[i] times along axis i, leading 1s filled in: x.tile((2, 3))."""
        one = len(dims) == 1 and isinstance(dims[0], (tuple, list))
        return ops.tile(self, dims[0] if one else dims)

    def flip(self, *dims: Any) -> Any:
        """The order reversed along the given axes: x.flip(0) or x.flip((0, 1))."""
        if not dims:
            raise TypeError("flip: say which axes to reverse, e.g. x.flip(0) or x.flip((0, 1)) "
                            "(as in PyTorch, there is no default)")
        one = len(dims) == 1 and isinstance(dims[0], (tuple, list))
        return ops.flip(self, dims[0] if one else dims)

    def roll(self, shifts: Any, dims: Any = None) -> Any:
        """Shifted cyclically by `shifts` along `dims` (the flattened tensor without dims)."""
        return ops.roll(self, shifts, dims)

    # ---- keeping some elements (ops/masking.py) -------------------------------------------
    def tril(self, diagonal: int = 0) -> Any:
        """The lower triangle of each matrix (the last two axes), the rest 0."""
        return ops.tril(self, diagonal)

    def triu(self, diagonal: int = 0) -> Any:
        """The upper triangle of each matrix (the last two axes), the rest 0."""
        return ops.triu(self, diagonal)

    def trace(self) -> Any:
        """The sum of the main diagonal of a 2-D tensor (see minigrad.ops.diagonal)."""
        return ops.trace(self)

    def diag(self, diagonal: int = 0) -> Any:
        """A vector laid on a diagonal of a square matrix, or a matrix's diagonal as 1-D."""
        return ops.diag(self, diagonal)

    def masked_fill(self, mask: Any, value: Any) -> Any:
        """A copy with `value` where the bool `mask` is True."""
        return ops.masked_fill(self, mask, value)

    def masked_fill_(self, mask: Any, value: Any) -> Any:
        """`value` written where the bool `mask` (broadcast to this tensor's shape) is True,
        in place: t[mask] = value, recorded in the graph the same way."""
        masking = ops.masking
        m = masking.bool_mask("masked_fill_", mask)
        value = masking.fill_value("masked_fill_", value)
        shape = self.shape  # type: ignore[attr-defined]
        if not broadcasts_to(m.shape, shape):
            raise ShapeError(f"masked_fill_: the mask's shape {shape_str(m.shape)} does not "
                             f"broadcast to this tensor's {shape_str(shape)} (in place, the "
                             "tensor keeps its shape)")
        return self._write("masked_fill_", np.broadcast_to(m, shape), value)  # type: ignore

    # ---- cutting into pieces (ops/pieces.py) ----------------------------------------------
    def split(self, split_size_or_sections: Any, dim: int = 0) -> Any:
        """Cut along `dim` into pieces of a size, or of the sizes in a list: a tuple of views."""
        return ops.split(self, split_size_or_sections, dim)

    def chunk(self, chunks: int, dim: int = 0) -> Any:
        """Cut along `dim` into `chunks` pieces of equal size (the last one smaller)."""
        return ops.chunk(self, chunks, dim)

    def unbind(self, dim: int = 0) -> Any:
        """The slices along `dim`, that axis removed: a tuple."""
        return ops.unbind(self, dim)

    # ---- products of fixed shapes (ops/products.py) ---------------------------------------
    def t(self) -> Any:
        """A matrix transposed; a vector or 0-d tensor as it is."""
        return ops.t(self)

    def mm(self, mat2: Any) -> Any:
        """Matrix product of two matrices."""
        return ops.mm(self, mat2)

    def bmm(self, mat2: Any) -> Any:
        """Matrix products of two batches of matrices (same batch size)."""
        return ops.bmm(self, mat2)

    def mv(self, vec: Any) -> Any:
        """A matrix times a vector."""
        return ops.mv(self, vec)

    def dot(self, other: Any) -> Any:
        """The dot product of two vectors."""
        return ops.dot(self, other)

    def outer(self, vec2: Any) -> Any:
        """The outer product of two vectors."""
        return ops.outer(self, vec2)

    def kron(self, other: Any) -> Any:
        """The Kronecker product: every element times the whole of other, as blocks."""
        return ops.kron(self, other)

    # ---- square matrices (ops/determinant.py, ops/inverse.py; also mg.linalg) ---------
    def det(self) -> Any:
        """The determinant of each matrix (the last two axes); see mg.linalg.det."""
        return ops.det(self)

    def slogdet(self) -> Any:
        """(sign, logabsdet) of each matrix's determinant; see mg.linalg.slogdet."""
        return ops.slogdet(self)

    def inverse(self) -> Any:
        """The inverse of each matrix; a singular one is an error (see mg.linalg.inv)."""
        return ops.inverse(self)

    def matrix_power(self, n: int) -> Any:
        """Each matrix to the n-th power (n < 0: of its inverse); see mg.linalg.matrix_power."""
        return ops.matrix_power(self, n)

    def matrix_exp(self) -> Any:
        """exp of each square matrix, sum_k A^k / k!; see mg.linalg.matrix_exp."""
        return ops.matrix_exp(self)

    def cholesky(self, upper: bool = False) -> Any:
        """L with A = L L^T for each positive-definite matrix; see mg.linalg.cholesky."""
        return ops.cholesky(self, upper)
