"""Convolution, as three ops that are each other's derivatives.

A convolution (PyTorch's, which is a cross-correlation: the kernel is not
flipped) slides a small kernel W over the input x and, at every position,
multiplies the window of x under it by W and adds everything up:

    y[n, o, p] = b[o] + Σ_c Σ_k W[o, c, k] x_pad[n, c, stride * p + dilation * k]

for every output position p and kernel offset k (each a pair (row, column)
in 2-d, one number in 1-d). x_pad is x with `padding` zeros around it. The
ops here work on any number d of spatial axes; conv1d and conv2d
(minigrad/functional/convolution.py) check the arguments and call them.

Forward is a plain im2col: `windows` gives, without copying, every window of
x_pad as one more set of axes (numpy's sliding_window_view), and one
tensordot multiplies them all by W at once (it copies the windows into one
matrix, the "im2col", and hands it to BLAS). Backward is the adjoint:

* `ConvInputGrad`, dL/dx: every output position sends G times W back to the
  window it read; windows overlap, so the contributions add up (`col2im`, one
  slice-add per kernel offset). This is the transposed convolution of G with W.
* `ConvWeightGrad`, dL/dW: each kernel weight met one value of x in every
  window, so its gradient is the sum over windows of G times x_window.

`ConvTranspose` is ConvInputGrad as an op of its own, plus a bias: PyTorch's
conv_transpose1d/2d/3d (minigrad/functional/conv_transpose.py), whose input
plays the part of G. Its `output_padding` makes the output longer than the
windows reach, so x_pad may hold more windows than g has positions (when
output_padding >= stride): the ops count only g's positions (`first`).

Each of the three is linear in each of its two inputs, so each one's
backward is made of the other two: that is what lets create_graph=True
record a backward pass through a convolution and differentiate it again.
`groups` splits the channels into that many independent convolutions.
In float16 the products are added up in float32; ConvInputGrad then rounds
each window's share to float16 before the overlapping ones add up, as
PyTorch's col2im does (conv_transpose's float16 results are PyTorch's, bit for
bit).
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from ..function import Function
from . import either

Pairs = tuple[tuple[int, int], ...]  # per spatial axis: zeros added (before, after)


def pad_spatial(x: np.ndarray, padding: Pairs, value: Any = 0) -> np.ndarray:
    """x with `value` added around its spatial axes (the ones after N and C)."""
    if not any(lo or hi for lo, hi in padding):
        return x
    return np.pad(x, ((0, 0), (0, 0), *padding), constant_values=value)


def windows(x_pad: np.ndarray, kernel: tuple[int, ...], stride: tuple[int, ...],
            dilation: tuple[int, ...]) -> np.ndarray:
    """Every window of x_pad (N, C, *spatial) a kernel of shape `kernel` reads: a view of
    shape (N, C, *out, *kernel), so that view[n, c, p, k] = x_pad[n, c, stride*p +
    dilation*k]. Nothing is copied."""
    d = len(kernel)
    spans = tuple(dl * (k - 1) + 1 for k, dl in zip(kernel, dilation))  # a window's extent
    view = np.lib.stride_tricks.sliding_window_view(x_pad, spans, axis=tuple(range(2, 2 + d)))
    every = (slice(None), slice(None))
    return view[every + tuple(slice(None, None, s) for s in stride)  # windows `stride` apart
                + tuple(slice(None, None, dl) for dl in dilation)]  # every dilation-th element


def first(a: Any, sizes: tuple[int, ...]) -> Any:
    """The first `sizes` positions of each spatial axis of a (an array or a Tensor): the
    windows that have a position in g, where x_pad holds more of them."""
    if tuple(a.shape[2:]) == tuple(sizes):
        return a
    return a[(slice(None), slice(None), *(slice(0, m) for m in sizes))]


def col2im(cols: np.ndarray, padded: tuple[int, ...], stride: tuple[int, ...],
           dilation: tuple[int, ...]) -> np.ndarray:
    """`windows`' adjoint: cols (N, C, *out, *kernel), a value for every element of every
    window, added into zeros of shape (N, C, *padded) at the places those windows read;
    where windows overlap, their values add up. One slice-add per kernel offset k: its
    elements in all windows, dilation*k onwards, every stride-th."""
    d = len(padded)
    out, kernel = cols.shape[2:2 + d], cols.shape[2 + d:]
    z = np.zeros(cols.shape[:2] + tuple(padded), dtype=cols.dtype)
    for k in itertools.product(*(range(size) for size in kernel)):
        where = tuple(slice(dl * j, dl * j + s * (m - 1) + 1, s)
                      for j, s, dl, m in zip(k, stride, dilation, out))
        z[(slice(None), slice(None), *where)] += cols[(Ellipsis, *k)]
    return z


def _in_float32(*arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """float16 is multiplied and added up in float32, as PyTorch (see the module's docstring)."""
    return tuple(a.astype(np.float32) if a.dtype == np.float16 else a for a in arrays)


def _group(a: np.ndarray, axis: int, groups: int, i: int) -> np.ndarray:
    """The i-th of `groups` equal parts of a along `axis`."""
    size = a.shape[axis] // groups
    return a[(slice(None),) * axis + (slice(i * size, (i + 1) * size),)]


class Conv(Function):
    """y = x ⋆ W + b: y[n, o, p] = b[o] + Σ_c Σ_k W[o, c, k] x_pad[n, c, stride*p + dilation*k].

    With G = dL/dy:
        dL/dW[o, c, k] = Σ_n Σ_p G[n, o, p] x_pad[n, c, stride*p + dilation*k]
                         (the sum over windows of G times x_window: ConvWeightGrad);
        dL/dx = the transposed convolution of G with W: each G[n, o, p] W[o, c, k] goes
                back to the element of x its window read there (ConvInputGrad);
        dL/db[o] = Σ_n Σ_p G[n, o, p], the sum of G over the batch and the positions.
    x is (N, C, *spatial), W is (O, C / groups, *kernel), b (when given) is (O,).
    """

    @property
    def chain(self) -> tuple[str, ...]:  # the chain rule for mg.explain (see Function.chain)
        entries = ("z = conv(x, W) + b: each window of x times W, summed, plus b",
                   "dL/dx = G convolved back with W (the transposed convolution)",
                   "dL/dW = sum over the windows of G times the window of x",
                   "dL/db = sum of G over the batch and the positions")
        return entries[:len(self.inputs) + 1]

    @property
    def name(self) -> str:  # as graphs and messages show it: Conv1d or Conv2d
        return f"Conv{len(self.params['stride'])}d"

    def forward(self, x: np.ndarray, w: np.ndarray, b: np.ndarray | None = None, *,
                stride: tuple[int, ...], padding: Pairs, dilation: tuple[int, ...],
                groups: int) -> np.ndarray:
        xs, ws = _in_float32(x, w)
        d = w.ndim - 2
        cols = windows(pad_spatial(xs, padding), w.shape[2:], stride, dilation)
        axes = ([1, *range(2 + d, 2 + 2 * d)], [1, *range(2, 2 + d)])  # c and the offsets k
        parts = [np.tensordot(_group(cols, 1, groups, i), _group(ws, 0, groups, i), axes)
                 for i in range(groups)]  # each (N, *out, O / groups)
        y = np.moveaxis(parts[0] if groups == 1 else np.concatenate(parts, -1), -1, 1)
        if b is not None:
            y = y + b.reshape((-1,) + (1,) * d)
        return np.ascontiguousarray(y, dtype=x.dtype)

    def backward(self, g: Any) -> tuple[Any, ...]:
        x, w, *b = self.saved_inputs()
        p = self.params
        need = self.needs_input_grad
        gx = either.conv_input_grad(g, w, input_size=tuple(x.shape[2:]), **p) if need[0] else None
        gw = either.conv_weight_grad(x, g, kernel_size=tuple(w.shape[2:]), **p) if need[1] else None
        if not b:
            return gx, gw
        gb = g.sum(axis=(0, *range(2, g.ndim))) if need[2] else None
        return gx, gw, gb


class ConvInputGrad(Function):
    """z = the transposed convolution of g with W: the gradient dL/dx of y = x ⋆ W when
    dL/dy = g (col2im).  z[n, c, stride*p + dilation*k] += Σ_o g[n, o, p] W[o, c, k].

    z is linear in g and in W. For H = dL/dz, the adjoints:
        dL/dg = H ⋆ W (Conv),   dL/dW = ConvWeightGrad(H, g).
    """

    chain = ("z = g convolved back with W (a transposed convolution)",
             "dL/dg = conv(H, W), the convolution of H with W",
             "dL/dW = sum over the windows of g times the window of H")

    def forward(self, g: np.ndarray, w: np.ndarray, *, input_size: tuple[int, ...],
                stride: tuple[int, ...], padding: Pairs, dilation: tuple[int, ...],
                groups: int) -> np.ndarray:
        gs, ws = _in_float32(g, w)
        d = w.ndim - 2
        padded = tuple(size + lo + hi for size, (lo, hi) in zip(input_size, padding))
        parts = []
        for i in range(groups):
            # cols[n, c, p, k] = Σ_o g[n, o, p] W[o, c, k]: what each window sends back
            cols = np.tensordot(_group(gs, 1, groups, i), _group(ws, 0, groups, i), ([1], [0]))
            cols = cols.astype(g.dtype, copy=False)  # float16: each share rounded, as PyTorch
            cols = np.moveaxis(cols, 1 + d, 1)  # (N, *out, C/groups, *kernel) -> (N, C/groups, ...)
            parts.append(col2im(cols, padded, stride, dilation))
        z = parts[0] if groups == 1 else np.concatenate(parts, 1)
        crop = tuple(slice(lo, lo + size) for size, (lo, _) in zip(input_size, padding))
        return np.ascontiguousarray(z[(slice(None), slice(None), *crop)], dtype=g.dtype)

    def backward(self, h: Any) -> tuple[Any, Any]:
        g, w = self.saved_inputs()[:2]
        p = {k: v for k, v in self.params.items() if k != "input_size"}
        gg = first(either.conv(h, w, **p), g.shape[2:]) if self.needs_input_grad[0] else None
        gw = either.conv_weight_grad(h, g, kernel_size=tuple(w.shape[2:]), **p) \
            if self.needs_input_grad[1] else None
        return gg, gw


class ConvWeightGrad(Function):
    """z = the gradient dL/dW of y = x ⋆ W when dL/dy = g: the sum over windows of g times
    x_window.   z[o, c, k] = Σ_n Σ_p g[n, o, p] x_pad[n, c, stride*p + dilation*k].

    z is linear in x and in g. For H = dL/dz (shaped like W), the adjoints:
        dL/dx = ConvInputGrad(g, H),   dL/dg = x ⋆ H (Conv).
    """

    chain = ("z = sum over the windows of g times the window of x",
             "dL/dx = g convolved back with H (the transposed convolution)",
             "dL/dg = conv(x, H), the convolution of x with H")

    def forward(self, x: np.ndarray, g: np.ndarray, *, kernel_size: tuple[int, ...],
                stride: tuple[int, ...], padding: Pairs, dilation: tuple[int, ...],
                groups: int) -> np.ndarray:
        xs, gs = _in_float32(x, g)
        d = len(kernel_size)
        cols = first(windows(pad_spatial(xs, padding), kernel_size, stride, dilation),
                     gs.shape[2:])
        positions = [0, *range(2, 2 + d)]  # n and the output positions p, in both
        parts = [np.tensordot(_group(gs, 1, groups, i), _group(cols, 1, groups, i),
                              (positions, positions))
                 for i in range(groups)]  # each (O / groups, C / groups, *kernel)
        z = parts[0] if groups == 1 else np.concatenate(parts, 0)
        return np.ascontiguousarray(z, dtype=x.dtype)

    def backward(self, h: Any) -> tuple[Any, Any]:
        x, g = self.saved_inputs()
        p = {k: v for k, v in self.params.items() if k != "kernel_size"}
        gx = either.conv_input_grad(g, h, input_size=tuple(x.shape[2:]), **p) \
            if self.needs_input_grad[0] else None
        gg = first(either.conv(x, h, **p), g.shape[2:]) if self.needs_input_grad[1] else None
        return gx, gg


class ConvTranspose(ConvInputGrad):
    """y = conv_transpose(x, W) + b, PyTorch's transposed convolution: ConvInputGrad with x
    as g, plus a bias.  y[n, o, stride*p + dilation*k - padding] += Σ_c x[n, c, p] W[c, o, k].

    W is (C, O / groups, *kernel), laid out as the weight of the convolution this one is the
    derivative of. With G = dL/dy, ConvInputGrad's adjoints, and for the bias:
        dL/dx = G ⋆ W (Conv),   dL/dW = ConvWeightGrad(G, x),   dL/db[o] = Σ_n Σ_p G[n, o, p].
    """

    @property
    def chain(self) -> tuple[str, ...]:  # the chain rule for mg.explain (see Function.chain)
        entries = ("z = conv_transpose(x, W) + b: x convolved back with W, plus b",
                   "dL/dx = conv(G, W), the convolution of G with W",
                   "dL/dW = sum over the windows of G times the matching x",
                   "dL/db = sum of G over the batch and the positions")
        return entries[:len(self.inputs) + 1]

    @property
    def name(self) -> str:  # as graphs and messages show it: ConvTranspose1d, 2d or 3d
        return f"ConvTranspose{len(self.params['stride'])}d"

    def forward(self, x: np.ndarray, w: np.ndarray,  # type: ignore[override]
                b: np.ndarray | None = None, **params: Any) -> np.ndarray:
        y = super().forward(x, w, **params)
        if b is None:
            return y
        d = w.ndim - 2
        return np.ascontiguousarray(y + b.reshape((-1,) + (1,) * d), dtype=y.dtype)

    def backward(self, g: Any) -> tuple[Any, ...]:
        gx, gw = super().backward(g)
        if len(self.inputs) == 2:
            return gx, gw
        gb = g.sum(axis=(0, *range(2, g.ndim))) if self.needs_input_grad[2] else None
        return gx, gw, gb
