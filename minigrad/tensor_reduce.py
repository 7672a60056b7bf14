"""Tensor methods for statistics and ordering: x.var(), x.std(), x.prod(), x.cumsum(0),
x.norm(), x.any(), x.all(), x.sort(), x.argsort(), x.topk(k), x.median(), x.mode(),
x.unique(), x.nonzero(), x.quantile(q), x.nanquantile(q), x.bincount(), x.histc(); and
the softmax family:
x.softmax(dim), x.log_softmax(dim), x.logsumexp(dim).

Each method is the function of the same name in `minigrad.ops` applied to the
tensor (see ops/statistics.py, ops/cumulative.py, ops/ordering.py, ops/quantile.py);
they live here so that tensor.py stays about the data and the graph.
"""

from __future__ import annotations

from typing import Any

# Bound by tensor.py at its bottom (`tensor_reduce.ops = ops`), for the reason given in
# tensor_math.py: the ops import the Tensor, which is still being defined at import time.
ops: Any = None


class ReduceMethods:
    """Mixed into Tensor."""

    __slots__ = ()

    def var(self, dim: Any = None, unbiased: bool | None = None, keepdim: bool = False, *,
            correction: float | None = None, **numpy_names: Any) -> Any:
        """The variance over `dim`, divided by n - correction (1 by default; 0 with
        unbiased=False). See minigrad.ops.statistics.var."""
        return ops.var(self, dim, unbiased, keepdim, correction=correction, **numpy_names)

    def std(self, dim: Any = None, unbiased: bool | None = None, keepdim: bool = False, *,
            correction: float | None = None, **numpy_names: Any) -> Any:
        """The standard deviation over `dim` (arguments as `var`)."""
        return ops.std(self, dim, unbiased, keepdim, correction=correction, **numpy_names)

    def norm(self, p: Any = "fro", dim: Any = None, keepdim: bool = False,
             **numpy_names: Any) -> Any:
        """The vector p-norm over `dim` (p = 2 by default; 1, inf, -inf, 0, 'fro', ...)."""
        return ops.norm(self, p, dim, keepdim, **numpy_names)

    def prod(self, dim: Any = None, keepdim: bool = False, **numpy_names: Any) -> Any:
        """The product along `dim` (one int, or None for all); integers give int64."""
        return ops.prod(self, dim, keepdim, **numpy_names)

    def cumsum(self, dim: Any = None, **numpy_names: Any) -> Any:
        """Running totals along `dim` (required, as in PyTorch)."""
        return ops.cumsum(self, dim, **numpy_names)

    def cumprod(self, dim: Any = None, **numpy_names: Any) -> Any:
        """Running products along `dim` (required, as in PyTorch)."""
        return ops.cumprod(self, dim, **numpy_names)

    def any(self, dim: Any = None, keepdim: bool = False, **numpy_names: Any) -> Any:
        """True where any element over `dim` is nonzero (bool; no gradient)."""
        return ops.any(self, dim, keepdim, **numpy_names)

    def all(self, dim: Any = None, keepdim: bool = False, **numpy_names: Any) -> Any:
        """True where every element over `dim` is nonzero (bool; no gradient)."""
        return ops.all(self, dim, keepdim, **numpy_names)

    def sort(self, dim: int = -1, descending: bool = False, stable: bool = False,
             **numpy_names: Any) -> Any:
        """(values, indices) sorted along `dim`; always stable. See minigrad.ops.ordering."""
        return ops.sort(self, dim, descending, stable, **numpy_names)

    def argsort(self, dim: int = -1, descending: bool = False, stable: bool = False,
                **numpy_names: Any) -> Any:
        """The indices that sort along `dim` (int64, no gradient)."""
        return ops.argsort(self, dim, descending, stable, **numpy_names)

    def median(self, dim: Any = None, keepdim: bool = False, **numpy_names: Any) -> Any:
        """The lower middle value: x.median() of all; x.median(dim) -> (values, indices)."""
        return ops.median(self, dim, keepdim, **numpy_names)

    def nonzero(self, *, as_tuple: bool = False) -> Any:
        """The indices of the non-zero elements: see mg.nonzero."""
        return ops.nonzero(self, as_tuple=as_tuple)

    def argwhere(self) -> Any:
        """The (number of them, ndim) indices of the non-zero elements."""
        return ops.argwhere(self)

    def count_nonzero(self, dim: Any = None) -> Any:
        """The number of non-zero elements (int64), over all axes or over dim."""
        return ops.count_nonzero(self, dim)

    def unique(self, sorted: bool = True, return_inverse: bool = False,  # noqa: A002
               return_counts: bool = False, dim: Any = None) -> Any:
        """The distinct elements (or slices along dim), sorted: see mg.unique."""
        return ops.unique(self, sorted, return_inverse, return_counts, dim)

    def mode(self, dim: Any = -1, keepdim: bool = False, **numpy_names: Any) -> Any:
        """The most frequent value along dim (the last by default) -> (values, indices)."""
        return ops.mode(self, dim, keepdim, **numpy_names)

    def quantile(self, q: Any, dim: Any = None, keepdim: bool = False, *,
                 interpolation: str = "linear", **numpy_names: Any) -> Any:
        """The q-th quantiles along `dim` (all elements when None). See
        minigrad.ops.quantile.quantile."""
        return ops.quantile(self, q, dim, keepdim, interpolation=interpolation, **numpy_names)

    def nanquantile(self, q: Any, dim: Any = None, keepdim: bool = False, *,
                    interpolation: str = "linear", **numpy_names: Any) -> Any:
        """quantile with the NaNs left out (a slice of NaNs only gives NaN)."""
        return ops.nanquantile(self, q, dim, keepdim, interpolation=interpolation,
                               **numpy_names)

    def topk(self, k: int, dim: int = -1, largest: bool = True, sorted: bool = True,  # noqa: A002
             **numpy_names: Any) -> Any:
        """(values, indices) of the k largest (or smallest) along `dim`, in order."""
        return ops.topk(self, k, dim, largest, sorted, **numpy_names)

    # ---- the softmax family (minigrad.functional) ----------------------------------
    def softmax(self, axis: int | None = None, **torch_names: Any) -> Any:
        """exp(x) / sum(exp(x)) along `axis` (or `dim=`), which is required, as in PyTorch:
        x.softmax(-1). See minigrad.functional.softmax."""
        from . import functional

        return functional.softmax(self, _required_axis("softmax", axis, torch_names))

    def log_softmax(self, axis: int | None = None, **torch_names: Any) -> Any:
        """log(softmax(x)) along `axis` (or `dim=`, required as in PyTorch), computed
        stably: see minigrad.functional."""
        from . import functional

        return functional.log_softmax(self, _required_axis("log_softmax", axis, torch_names))

    def logsumexp(self, axis: Any = None, keepdims: bool = False, **torch_names: Any) -> Any:
        """log(sum(exp(x))) along `axis`, computed stably: see minigrad.functional."""
        from . import functional

        return functional.logsumexp(self, axis, keepdims, **torch_names)

    def bincount(self, weights: Any = None, minlength: int = 0) -> Any:
        """How often each whole number occurs: see minigrad.ops.counting.bincount."""
        return ops.counting.bincount(self, weights, minlength)

    def histc(self, bins: int = 100, min: float = 0, max: float = 0) -> Any:  # noqa: A002
        """A histogram of the values: see minigrad.ops.counting.histc."""
        return ops.counting.histc(self, bins, min, max)


def _required_axis(method: str, axis: Any, torch_names: dict[str, Any]) -> Any:
    """The axis of x.softmax(...) and x.log_softmax(...): PyTorch's methods have no default."""
    axis, _ = ops.arguments.torch_aliases(method, axis, False, torch_names)
    if axis is None:
        raise TypeError(
            f"x.{method}(): say which axis holds the classes, e.g. x.{method}(-1) or "
            f"x.{method}(dim=1); the axis is required, as in PyTorch"
        )
    return axis
