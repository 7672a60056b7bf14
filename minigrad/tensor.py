"""The Tensor: a numpy array that remembers how it was computed.

A tensor holds its values in `data` (an ndarray). When it is the result of an
op on tensors that require grad, `grad_fn` points to that op's node in the
graph; `backward()` walks the graph from here and leaves gradients in the
`.grad` of the leaves. The arithmetic below only converts operands and calls
the ops in `minigrad.ops`, where each forward sits beside its backward.
"""

from __future__ import annotations

import weakref
from operator import attrgetter
from typing import Any

import numpy as np

from .attributes import checked_data, checked_grad
from .conversions import ConversionMethods
from .dtypes import is_floating, to_array
from .errors import DTypeError, ShapeError, shape_str
from .inplace import InplaceMethods
from .tensor_math import MathMethods
from .tensor_math_more import MoreMathMethods
from .tensor_protocol import ProtocolMethods
from .tensor_reduce import ReduceMethods
from .tensor_shape import ShapeMethods
from .tensor_torch import TorchMethods
from .versions import UNCHANGED, Family, VersionCounter, link_shared_data

Axis = int | tuple[int, ...] | None

class Tensor(ConversionMethods, InplaceMethods, MathMethods, MoreMathMethods, ProtocolMethods,
             ReduceMethods, ShapeMethods, TorchMethods):
    """An n-dimensional array with automatic differentiation.

    >>> x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    >>> y = (x * x).sum()
    >>> y.backward()
    >>> x.grad
    Tensor([2., 4., 6.])

    dtypes follow PyTorch: the class called on Python data gives float32
    (`Tensor([0, 1])`, as `torch.Tensor`), `mg.tensor` infers (Python ints
    give int64, as `torch.tensor`), numpy arrays keep their dtype (and are
    copied). Only floating tensors can require grad.
    """

    __slots__ = ("_data", "_grad", "requires_grad", "grad_fn", "name", "_counter", "_family",
                 "__weakref__")
    # numpy defers to our operators, so `ndarray * tensor` gives a Tensor.
    __array_ufunc__ = None

    def __init__(
        self,
        data: Any,
        requires_grad: bool = False,
        dtype: Any = None,
        name: str | None = None,
    ) -> None:
        if isinstance(data, Tensor):
            data = data._data
        self._data: np.ndarray = to_array(data, dtype, infer=False)
        self._grad: Tensor | None = None
        self.grad_fn: Any = None
        self.name = name
        # Its own counter is made when first needed, shared with its views (minigrad.versions).
        self._counter: VersionCounter = UNCHANGED
        self._family: Family | None = None
        self.requires_grad = False
        if requires_grad:
            self.requires_grad_(True)

    @classmethod
    def _make(cls, data: Any) -> Tensor:
        """Wrap an op's result array: no copy and no checks (the hot path)."""
        t = cls.__new__(cls)
        t._data = data if type(data) is np.ndarray else np.asarray(data)  # the slot: no checks
        t._grad = None
        t.grad_fn = None
        t.name = None
        t._counter = UNCHANGED
        t._family = None
        t.requires_grad = False
        return t

    # ---- data and grad: checked when assigned -------------------------------
    @property
    def data(self) -> Tensor:
        """The values as a new Tensor outside the graph, sharing this tensor's memory, as
        in PyTorch: `w.data.normal_(0, 0.01)` or `w.grad.data.zero_()` change w's values
        without recording anything. (The numpy array itself is `w.numpy()`; minigrad's
        own code reads it from the slot `_data`.)

        Assigning replaces the values without recording anything in the graph,
        as `w.data = w.data - lr * w.grad` does in PyTorch: a Tensor gives its
        array (shared, not copied), an array is checked (real numbers, and
        floating while the tensor requires grad).
        """
        return Tensor._make(self._data)

    @data.setter
    def data(self, value: Any) -> None:
        self._data = checked_data(self, value)

    def _set_grad(self, value: Tensor | None) -> None:
        self._grad = checked_grad(self, value)

    # The attributes read on every op and every step. Each is read by `attrgetter`, a
    # getter written in C: a `def` under @property would cost a Python call each time,
    # and these are read about 25 times in a step of `python -m bench logreg`.
    grad = property(attrgetter("_grad"), _set_grad, doc=(
        """The gradient that backward accumulated here: None, or a Tensor of this shape and dtype.

        Only None (forget it) or such a Tensor can be assigned, as in PyTorch;
        to zero a gradient in place, call t.grad.zero_().
        """))
    shape = property(attrgetter("_data.shape"), doc="The shape of the data, a tuple of ints.")
    dtype = property(attrgetter("_data.dtype"), doc="The numpy dtype of the data.")
    ndim = property(attrgetter("_data.ndim"), doc="The number of axes.")
    _version = property(attrgetter("_counter.value"), doc=(
        "How many in-place changes this tensor's memory has had (counted with its views)."))

    @property
    def is_leaf(self) -> bool:
        """True for tensors made by the user rather than by an op on tensors requiring grad."""
        return self.grad_fn is None

    @property
    def T(self) -> Tensor:  # noqa: N802  (numpy's and PyTorch's name)
        """All axes reversed (the matrix transpose for 2-D tensors)."""
        ndim = self._data.ndim
        if ndim < 2:
            return self  # nothing to reverse
        # A valid order by construction: the op directly, without permute's checks
        # (nn.Linear takes weight.T on every forward).
        return S.Permute.apply(self, axes=tuple(range(ndim - 1, -1, -1)))

    @property
    def mT(self) -> Tensor:  # noqa: N802
        """The last two axes swapped (a batch of matrices, each transposed); a 0-d tensor
        is returned as it is, as in PyTorch."""
        if self._data.ndim < 2:
            if self._data.ndim == 0:
                return self
            raise ShapeError(
                f"mT: needs a matrix or a batch of matrices (2 or more axes), got a tensor of "
                f"shape {shape_str(self._data.shape)}; for one axis there is nothing to transpose"
            )
        return ops.swapaxes(self, -1, -2)

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Set whether gradients are tracked for this leaf; returns self."""
        if requires_grad and is_shared_constant(self):
            raise ValueError(
                "requires_grad_(): this is the shared tensor behind a Python number in an "
                "expression (like the 2 in x * 2), used by every graph; make a tensor of "
                "your own instead: mg.tensor(2.0, requires_grad=True)"
            )
        if requires_grad and not is_floating(self._data.dtype):
            raise DTypeError(
                f"only floating tensors can require grad, but this one has dtype "
                f"{self._data.dtype}; make it a float first, e.g. "
                "Tensor(data, dtype=np.float32, requires_grad=True) or x.astype(np.float32)"
            )
        if not requires_grad and self.grad_fn is not None:
            raise ValueError(
                "requires_grad_(False) works on leaves only; use .detach() to get a "
                "tensor without history"
            )
        self.requires_grad = bool(requires_grad)
        return self

    def retain_grad(self) -> None:
        """Keep `.grad` for this non-leaf tensor after backward (leaves keep it anyway)."""
        if not self.requires_grad:
            raise ValueError("retain_grad() on a tensor that does not require grad")
        if self.grad_fn is not None:
            self.grad_fn.retains_grad = True
            self.grad_fn.out_ref = weakref.ref(self)  # where the engine puts the gradient

    @property
    def retains_grad(self) -> bool:
        """True for a non-leaf that called `retain_grad()`."""
        return self.grad_fn is not None and self.grad_fn.retains_grad

    # ---- the backward pass --------------------------------------------------
    def backward(
        self,
        gradient: Any = None,
        retain_graph: bool | None = None,
        create_graph: bool = False,
    ) -> None:
        """Compute the gradient of this tensor w.r.t. every leaf it depends on.

        Gradients are added to the leaves' `.grad`. `gradient` is the gradient
        of some final loss w.r.t. this tensor (default 1, only for a single
        number). The graph's saved values, and the intermediate values the
        user does not hold, are freed afterwards unless `retain_graph=True`;
        `create_graph=True` records the backward pass so that the gradients
        can be differentiated again.
        """
        gradients.backward(self, gradient, retain_graph, create_graph)

    # ---- conversion ---------------------------------------------------------
    def detach(self) -> Tensor:
        """A tensor sharing this data but cut off from the graph (no grad_fn).

        In-place changes through either tensor count as changes of both, so
        backward still notices when a saved value was modified.
        """
        alias = Tensor._make(self._data)
        link_shared_data(self, alias)
        return alias

    def clone(self) -> Tensor:
        """A copy of the data that stays in the graph (its gradient flows back to self)."""
        return ops.clone(self)

    def astype(self, dtype: Any) -> Tensor:
        """This tensor converted to `dtype` (differentiable between float types)."""
        return ops.cast(self, np.dtype(dtype))

    def float(self) -> Tensor:
        """Converted to float32."""
        return self.astype(np.float32)

    def double(self) -> Tensor:
        """Converted to float64."""
        return self.astype(np.float64)

    # ---- operators: each is one op, with PyTorch's dtype rules (ops.promotion) --
    def _operand(self, other: Any) -> Tensor:
        """The other side of a binary operator as a Tensor of the dtype the pair computes in."""
        if isinstance(other, Tensor):
            return other
        return P.promote(self, other)[1]

    def __add__(self, other: Any) -> Tensor:
        return P.binary(E.Add, self, other)

    def __radd__(self, other: Any) -> Tensor:
        return P.binary(E.Add, other, self)

    def __sub__(self, other: Any) -> Tensor:
        return P.binary(E.Sub, self, other)

    def __rsub__(self, other: Any) -> Tensor:
        return P.binary(E.Sub, other, self)

    def __mul__(self, other: Any) -> Tensor:
        return P.binary(E.Mul, self, other)

    def __rmul__(self, other: Any) -> Tensor:
        return P.binary(E.Mul, other, self)

    def __truediv__(self, other: Any) -> Tensor:
        return P.binary(E.Div, self, other)

    def __rtruediv__(self, other: Any) -> Tensor:
        return P.binary(E.Div, other, self)

    def __pow__(self, other: Any) -> Tensor:
        return P.binary(E.Pow, self, other)

    def __rpow__(self, other: Any) -> Tensor:
        return P.binary(E.Pow, other, self)

    def __matmul__(self, other: Any) -> Tensor:
        return ops.matmul(self, other)

    def __rmatmul__(self, other: Any) -> Tensor:
        return ops.matmul(other, self)

    def __neg__(self) -> Tensor:
        return E.Neg.apply(self)

    def __pos__(self) -> Tensor:
        if self._data.dtype == np.bool_:
            raise DTypeError("+x: the + operator on a bool tensor is not supported (as in "
                             "PyTorch); convert first: x.astype(np.int64)")
        return self

    def __abs__(self) -> Tensor:
        return ops.abs(self)

    def __getitem__(self, index: Any) -> Tensor:
        return ops.getitem(self, index)

    # ---- math methods: the same ops as the functions in minigrad.ops -------
    def exp(self) -> Tensor:
        """e ** x, elementwise."""
        return ops.exp(self)

    def log(self) -> Tensor:
        """Natural logarithm, elementwise."""
        return ops.log(self)

    def sqrt(self) -> Tensor:
        """Square root, elementwise."""
        return ops.sqrt(self)

    def abs(self) -> Tensor:
        """|x|, elementwise."""
        return ops.abs(self)

    def relu(self) -> Tensor:
        """max(x, 0), elementwise."""
        return ops.relu(self)

    def sigmoid(self) -> Tensor:
        """1 / (1 + e ** -x), elementwise."""
        return ops.sigmoid(self)

    def tanh(self) -> Tensor:
        """Hyperbolic tangent, elementwise."""
        return ops.tanh(self)

    def clip(self, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002
        """Values limited to [min, max] (either may be None)."""
        return ops.clip(self, min, max)

    clamp = clip  # PyTorch's name

    def maximum(self, other: Any) -> Tensor:
        """Elementwise maximum with `other`."""
        return ops.maximum(self, other)

    def minimum(self, other: Any) -> Tensor:
        """Elementwise minimum with `other`."""
        return ops.minimum(self, other)

    def pow(self, exponent: Any) -> Tensor:
        """self ** exponent."""
        return ops.pow(self, exponent)

    def sum(self, axis: Axis = None, keepdims: bool = False, **torch_names: Any) -> Tensor:
        """Sum over `axis` (int, tuple or None for all); `dim`/`keepdim` also accepted."""
        return ops.sum(self, axis, keepdims, **torch_names)

    def mean(self, axis: Axis = None, keepdims: bool = False, **torch_names: Any) -> Tensor:
        """Mean over `axis` (int, tuple or None for all)."""
        return ops.mean(self, axis, keepdims, **torch_names)

    def max(self, axis: Any = None, keepdims: bool = False, **torch_names: Any) -> Any:
        """x.max(): the largest value; x.max(dim) -> (values, indices); x.max(other) is
        the elementwise maximum. As PyTorch: see minigrad.ops.reduce.max."""
        return ops.max(self, axis, keepdims, **torch_names)

    def min(self, axis: Any = None, keepdims: bool = False, **torch_names: Any) -> Any:
        """x.min(), x.min(dim) -> (values, indices), x.min(other): see `max`."""
        return ops.min(self, axis, keepdims, **torch_names)

    def amax(self, axis: Axis = None, keepdims: bool = False, **torch_names: Any) -> Tensor:
        """Largest value over `axis` (int, tuple, or None for all); ties share the gradient."""
        return ops.amax(self, axis, keepdims, **torch_names)

    def amin(self, axis: Axis = None, keepdims: bool = False, **torch_names: Any) -> Tensor:
        """Smallest value over `axis` (int, tuple, or None for all); ties share the gradient."""
        return ops.amin(self, axis, keepdims, **torch_names)

    def argmax(self, axis: int | None = None, keepdims: bool = False, **torch_names: Any) -> Tensor:
        """Index of the largest value, the first of ties (not differentiable)."""
        return ops.argmax(self, axis, keepdims, **torch_names)

    def argmin(self, axis: int | None = None, keepdims: bool = False, **torch_names: Any) -> Tensor:
        """Index of the smallest value, the first of ties (not differentiable)."""
        return ops.argmin(self, axis, keepdims, **torch_names)


# The ops need the Tensor class, so they are imported after it is defined;
# the methods above look them up when called.
from . import gradients, ops, tensor_math, tensor_math_more, tensor_reduce, tensor_shape  # noqa: E402
from .constants import is_shared_constant  # noqa: E402
from .ops import elementwise as E  # noqa: E402
from .ops import promotion as P  # noqa: E402
from .ops import shape as S  # noqa: E402

tensor_math.ops = ops  # the mixin's methods need the ops too: see tensor_math.py
tensor_math_more.ops = ops  # addmm, lerp, cummax, diff, ...: see tensor_math_more.py
tensor_shape.ops = ops  # gather, repeat, split, mm, ...: see tensor_shape.py
tensor_reduce.ops = ops  # var, std, prod, sort, topk, ...: see tensor_reduce.py
