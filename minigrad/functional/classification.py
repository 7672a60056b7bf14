"""cross_entropy and nll_loss: the losses of a classifier with C classes.

The input holds one row of C scores per sample, in one of three layouts
(PyTorch's): (C,) for a single sample, (N, C) for a batch, and (N, C, d1, ...)
for a batch of images or sequences (one prediction per pixel or position).
The class axis is 0 for (C,) and 1 otherwise.

The target is either
* class indices: integers of the input's shape without the class axis
  ((), (N,) or (N, d1, ...)); a target equal to `ignore_index` is skipped;
* class probabilities: floats of the input's own shape (soft labels).

With class weights w, the 'mean' of PyTorch is a weighted mean: the sum of
w[y_n] * loss_n divided by the sum of w[y_n] over the targets not ignored.
For probability targets the 'mean' divides by the number of samples.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import ShapeError, shape_str
from ..function import Function
from ..ops.either import raw
from ..ops.elementwise import where
from ..tensor import Tensor
from .reduction import check_reduction, mean_scale, reduce_array, reduce_tensor, spread
from .softmax import LogSoftmax, Softmax, shift, softmax_and_log
from .validation import constant, float_input, float_target, promoted_floats


class CrossEntropy(Function):
    """Softmax cross-entropy between logits x and a target distribution q, in one op.

    With log p = log_softmax(x) along the class axis, each sample n has
        loss_n = -sum_c a_nc log p_nc,   a = ((1 - s) q + s / C) * factor
    where s is the label smoothing and `factor` the class weights w_c (for
    IndexCrossEntropy also 0 for an ignored target). Then the reduction ('mean'
    divides by the number of samples).

    Since d log p_nc / dx_nk = delta_ck - p_nk, the derivatives are
        dloss_n/dx_nk = p_nk * sum_c a_nc - a_nk
        dloss_n/dq_nc = -(1 - s) * factor_nc * log p_nc
    For a one-hot q (class y), no smoothing and no weights this is the famous
    p - onehot(y): the predicted probabilities minus the truth (IndexCrossEntropy).
    """

    def forward(
        self,
        x: np.ndarray,
        q: np.ndarray,
        weight: np.ndarray | None,
        reduction: str,
        label_smoothing: float,
    ) -> np.ndarray:
        c = self.class_axis = 0 if x.ndim == 1 else 1
        self.factor = along_classes(weight, x.ndim, c)
        samples = x.size // x.shape[c] if x.shape[c] else 0
        self.scale = mean_scale("cross_entropy", samples, x.dtype) if reduction == "mean" else None
        return self.soft_loss(x, q, samples == 0)

    def soft_loss(self, x: np.ndarray, q: np.ndarray, empty: bool) -> np.ndarray:
        """The reduced loss -sum_c a_nc log p_nc (forward, after the constants are set)."""
        c = self.class_axis
        p, log_p = softmax_and_log(x, (c,))
        self.saved = (p, log_p)
        a = self.coefficients(q)
        with np.errstate(invalid="ignore"):
            # A class with logit -inf has log p = -inf; with a = 0 it adds 0, not 0 * -inf = NaN.
            terms = np.where(a != 0, -a * log_p, 0)
        return reduce_array(terms.sum(axis=c), self.params["reduction"], self.scale, empty)

    def coefficients(self, q: Any) -> Any:
        """a = ((1 - s) q + s / C) * factor, for arrays and Tensors alike."""
        s = self.params["label_smoothing"]
        a = q * (1 - s) + s / q.shape[self.class_axis] if s else q
        return a if self.factor is None else a * self.factor

    def backward(self, g: Any) -> tuple[Any, Any]:
        x, q = self.saved_inputs()
        return self.soft_gradients(g, x, q)

    def soft_gradients(self, g: Any, x: Any, q: Any) -> tuple[Any, Any]:
        """dL/dx and dL/dq (None where not needed), from the formulas above."""
        c = self.class_axis
        if self.create_graph:
            # The backward pass is being recorded, so p and log p must be computed from
            # the Tensor x by ops (Softmax, LogSoftmax) for this gradient to be
            # differentiable again; the arrays saved by forward would be constants.
            p, log_p = Softmax.apply(x, axis=(c,)), LogSoftmax.apply(x, axis=(c,))
        else:
            p, log_p = self.saved
        shape = tuple(1 if i == c else n for i, n in enumerate(x.shape))
        g = spread(g, self.params["reduction"], shape, self.scale)
        gx = gq = None
        if self.needs_input_grad[0]:
            a = self.coefficients(q)
            gx = g * (p * a.sum(axis=c, keepdims=True) - a)
        if len(self.needs_input_grad) > 1 and self.needs_input_grad[1]:
            d_q = log_p * -(1 - self.params["label_smoothing"])
            gq = g * (d_q if self.factor is None else d_q * self.factor)
        return gx, gq


class IndexCrossEntropy(CrossEntropy):
    """Cross-entropy for class-index targets y: the lecture's key result, p - onehot(y).

    With p = softmax(x) along the class axis, sample n's loss is
        loss_n = -w_n log p_n,y_n
    where w_n is the weight of its class y_n (1 without weights, 0 when y_n is
    `ignore_index`). Since d(-log p_y)/dx_k = p_k - [k = y],
        dloss_n/dx_n = w_n (p_n - onehot(y_n)):
    the predicted probabilities minus the truth. The 'mean' divides by the
    number of samples N (with weights or ignored targets: by the sum of the
    w_n), so the gradient that reaches x is
        dL/dx_n = (p_n - onehot(y_n)) * w_n * g / N.
    With label smoothing the target is no longer one-hot; that case uses
    CrossEntropy's general formula with q = onehot(y). Shown as 'CrossEntropy'
    in graphs; the only input is x.
    """

    @property
    def name(self) -> str:
        return "CrossEntropy"

    def forward(  # type: ignore[override]
        self,
        x: np.ndarray,
        target: np.ndarray,
        weight: np.ndarray | None,
        ignore_index: int,
        reduction: str,
        label_smoothing: float,
    ) -> np.ndarray:
        c = self.class_axis = 0 if x.ndim == 1 else 1
        self.y, kept, w_n, divisor = target_weights(target, ignore_index, weight, x.dtype)
        # w_n with the class axis kept as size 1; None when every w_n is 1 (the usual case)
        self.w_n = None if w_n is None else np.expand_dims(w_n, c)
        self.scale = mean_scale("cross_entropy", divisor, x.dtype) if reduction == "mean" else None
        if label_smoothing:
            self.q = _one_hot(self.y, x.shape[c], c, x.dtype)
            kept_n = np.expand_dims(kept, c).astype(x.dtype)  # 0 removes an ignored target
            weights = along_classes(weight, x.ndim, c)
            self.factor = kept_n if weights is None else kept_n * weights
            return self.soft_loss(x, self.q, divisor == 0)
        with np.errstate(invalid="ignore"):  # NaN for a row with +inf or only -inf (shift)
            shifted = x - shift(x, (c,))
        x_y = at_target(shifted, self.y, c)  # x_y - max x, read before exp overwrites it
        e = np.exp(shifted, out=shifted)  # in place: shifted is not needed any more
        s = e.sum(axis=c, keepdims=True)
        self.saved = (e, s)  # p = e / s, formed in backward
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.log(s) - x_y  # -log p_y = log s - (x_y - max x)
            if self.w_n is not None:
                terms *= self.w_n
        if self.w_n is not None and not self.w_n.all():  # an ignored target adds 0, even
            terms = np.where(self.w_n != 0, terms, 0)  # where its log p is -inf
        return reduce_array(np.squeeze(terms, axis=c), reduction, self.scale, divisor == 0)

    def backward(self, g: Any) -> Any:
        (x,) = self.saved_inputs()  # arrays, or Tensors when the backward pass is recorded
        if self.params["label_smoothing"]:
            return self.soft_gradients(g, x, self.q)[0]
        c = self.class_axis
        # dL/dloss_n of each sample: g / N for the mean (g for 'sum', g's own entry for
        # 'none'), times the sample's weight w_n
        shape = tuple(1 if i == c else n for i, n in enumerate(x.shape))
        g_n = spread(g, self.params["reduction"], shape, self.scale)
        if self.w_n is not None:
            g_n = g_n * self.w_n
        if self.create_graph:  # recorded: p must come from the Tensor x (see CrossEntropy)
            p = Softmax.apply(x, axis=(c,))
            return (p - _one_hot(self.y, x.shape[c], c, x.dtype)) * g_n
        # The same formula on arrays, with the one-hot matrix never formed: subtracting
        # it changes only one entry per sample, so it is done in place on p.
        e, s = self.saved
        gx = e / s  # p = softmax(x)
        subtract_one_at_target(gx, self.y, c)  # p - onehot(y)
        gx *= g_n
        return gx


def along_classes(weight: np.ndarray | None, ndim: int, c: int) -> np.ndarray | None:
    """Class weights (C,) shaped to broadcast along the class axis of an ndim-D input."""
    return None if weight is None else weight.reshape([-1] + [1] * (ndim - c - 1))


def target_weights(
    y: np.ndarray, ignore_index: int, weight: np.ndarray | None, dtype: np.dtype
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, float]:
    """For class-index targets: (y with ignored targets set to class 0, the mask of the
    targets kept, each sample's weight w_n = weight[y_n] (1 without weights, 0 where
    ignored; None when every w_n is 1), the sum of the w_n: what 'mean' divides by)."""
    kept = y != ignore_index
    if kept.all():  # nothing ignored, the usual case: fewer passes
        if weight is None:
            return y, kept, None, float(y.size)
        w_n = weight[y]
        return y, kept, w_n, float(w_n.sum())
    y = np.where(kept, y, 0)  # a valid index where the target is ignored (its weight is 0)
    w_n = kept.astype(dtype) if weight is None else weight[y] * kept
    return y, kept, w_n, float(w_n.sum())


def _is_float_tensor(value: Any) -> bool:
    """A float target of class probabilities (cross_entropy's second kind of target)."""
    return isinstance(value, Tensor) and value.data.dtype.kind == "f"


def at_target(a: np.ndarray, index: np.ndarray, c: int) -> np.ndarray:
    """a at the target class of each sample, with the class axis kept as size 1."""
    if a.ndim == 2:  # (N, C), the usual batch: plain indexing is the fastest
        return a[np.arange(len(index)), index][:, None]
    return np.take_along_axis(a, np.expand_dims(index, c), c)


def subtract_one_at_target(a: np.ndarray, index: np.ndarray, c: int) -> None:
    """a - onehot(index), in place: a[n, y_n, ...] -= 1 for every sample."""
    if a.ndim == 2:  # (N, C), the usual batch: plain indexing is the fastest
        a[np.arange(len(index)), index] -= 1
    else:
        where_y = np.expand_dims(index, c)
        np.put_along_axis(a, where_y, np.take_along_axis(a, where_y, c) - 1, c)


# ---- argument checks ----------------------------------------------------------
def class_axis_of(fn: str, x: Tensor) -> int:
    """0 for an input (C,), 1 for (N, C, ...)."""
    if x.ndim == 0:
        raise ShapeError(
            f"{fn}: the input needs a class axis: shape (C,), (N, C) or (N, C, d1, ...), "
            "but it is a single number (shape ())"
        )
    return 0 if x.ndim == 1 else 1


def class_weights(fn: str, weight: Any, x: Tensor, class_axis: int) -> np.ndarray | None:
    """The per-class weights as a (C,) array of the input's dtype."""
    if weight is None:
        return None
    w = constant(fn, weight, "weight", x.dtype)
    num_classes = x.shape[class_axis]
    if w.shape != (num_classes,):
        raise ShapeError(
            f"{fn}: weight has shape {shape_str(w.shape)} but the input has {num_classes} "
            f"classes (shape {shape_str(x.shape)}); give one weight per class, shape "
            f"({num_classes},)"
        )
    return w


def is_probability_target(fn: str, target: Any, x: Tensor, class_axis: int) -> bool:
    """True for a float target of the input's shape; errors for other float targets."""
    dtype = target.dtype if isinstance(target, Tensor) else np.asarray(target).dtype
    if dtype.kind != "f":
        return False
    shape = np.shape(raw(target))
    samples = x.shape[:class_axis] + x.shape[class_axis + 1 :]
    if shape == x.shape:
        return True
    if shape == samples:
        raise TypeError(
            f"{fn}: the target holds floats ({dtype}) of shape {shape_str(shape)}, but class "
            "indices must be integers: use target.astype(np.int64). (Float targets are class "
            f"probabilities and must have the input's shape {shape_str(x.shape)}.)"
        )
    raise ShapeError(
        f"{fn}: a float target holds class probabilities and must have the input's shape "
        f"{shape_str(x.shape)}, but it has shape {shape_str(shape)} (for class indices, use "
        f"integers of shape {shape_str(samples)})"
    )


def index_target(fn: str, target: Any, x: Tensor, class_axis: int, ignore_index: int) -> Any:
    """The class-index target as an integer array, checked against the input."""
    y = np.asarray(raw(target))
    if y.dtype.kind not in "iu":
        raise TypeError(
            f"{fn}: class indices must be integers, got dtype {y.dtype}; use "
            "target.astype(np.int64)"
        )
    if y.dtype != np.int64:  # PyTorch's rule: int64, or uint8 for an input of 1 or 2 axes
        if y.dtype != np.uint8 or (x.ndim > 2 and x.numel()):
            allowed = "int64 (or uint8)" if x.ndim <= 2 else "int64 for an input of 3 or more axes"
            raise TypeError(
                f"{fn}: class indices must be {allowed}, as in PyTorch; got dtype {y.dtype}, "
                "use target.astype(np.int64)"
            )
        y = y.astype(np.int64)  # numpy would read uint8 indices as a mask
    samples = x.shape[:class_axis] + x.shape[class_axis + 1 :]
    if x.ndim >= 2 and (y.ndim == 0 or y.shape[0] != x.shape[0]):
        batch = "none (a single number)" if y.ndim == 0 else str(y.shape[0])
        raise ShapeError(
            f"{fn}: the input's batch size ({x.shape[0]}, shape {shape_str(x.shape)}) does not "
            f"match the target's batch size ({batch}, shape {shape_str(y.shape)}); give one "
            "target per sample"
        )
    if y.shape != samples:
        raise ShapeError(
            f"{fn}: for an input of shape {shape_str(x.shape)} the class-index target must have "
            f"shape {shape_str(samples)} (the input's shape without the class axis), got "
            f"{shape_str(y.shape)}"
        )
    num_classes = x.shape[class_axis]
    if y.size == 0 or 0 <= y.min() <= y.max() < num_classes:  # the usual case, checked fast
        return y
    bad = (y != ignore_index) & ((y < 0) | (y >= num_classes))
    if bad.any():
        raise IndexError(
            f"{fn}: target class index {y[bad].flat[0]} is out of range for {num_classes} "
            f"classes (valid: 0 to {num_classes - 1}, or ignore_index={ignore_index} to skip "
            "a target)"
        )
    return y


def check_ignore_index(fn: str, ignore_index: Any) -> int:
    """ignore_index as an int (a bool or anything else is refused)."""
    if isinstance(ignore_index, bool) or not isinstance(ignore_index, (int, np.integer)):
        raise TypeError(f"{fn}: ignore_index must be an int, got {ignore_index!r}")
    return int(ignore_index)


def index_parts(fn: str, target: Any, x: Tensor, weight: Any, ignore_index: Any) -> Any:
    """Shared by both losses for class indices: c, targets, kept mask, weights, divisor."""
    ignore_index = check_ignore_index(fn, ignore_index)
    c = class_axis_of(fn, x)
    w = class_weights(fn, weight, x, c)
    y = index_target(fn, target, x, c, ignore_index)
    safe_y, keep, w_n, divisor = target_weights(y, ignore_index, w, x.dtype)
    per_sample = np.ones(y.shape, dtype=x.dtype) if w_n is None else w_n
    return c, w, safe_y, keep, per_sample, divisor


def _one_hot(y: np.ndarray, num_classes: int, class_axis: int, dtype: np.dtype) -> np.ndarray:
    """1 at (n, y_n, ...) and 0 elsewhere, with the classes along `class_axis`."""
    classes = np.arange(num_classes).reshape([-1] + [1] * (y.ndim - class_axis))
    return (np.expand_dims(y, class_axis) == classes).astype(dtype)


# ---- the functions users call ---------------------------------------------------
@promoted_floats(("weight", 2), when=lambda target: not _is_float_tensor(target))
def cross_entropy(
    input: Any,
    target: Any,
    weight: Any = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Tensor:
    """Cross-entropy between softmax(input) and the target, as torch.nn.functional.

    input: logits of shape (C,), (N, C) or (N, C, d1, ...). target: class indices
    (integers, shape without the class axis) or class probabilities (floats, the
    input's shape). For one sample with true class y and p = softmax(input):
    loss = -w_y log p_y. `label_smoothing` s mixes the target with the uniform
    distribution: q = (1 - s) q + s / C. Fused: one op whose backward is
    (p - q) times weights (see `CrossEntropy`).
    """
    fn = "cross_entropy"
    x = float_input(fn, input)
    reduction = check_reduction(fn, reduction)
    if not isinstance(label_smoothing, (int, float)) or not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(
            f"{fn}: label_smoothing must be a number between 0.0 and 1.0, got {label_smoothing!r}"
        )
    c = class_axis_of(fn, x)
    options = {"reduction": reduction, "label_smoothing": float(label_smoothing)}
    if is_probability_target(fn, target, x, c):
        q = float_target(fn, target, x)
        w = class_weights(fn, weight, x, c)
        return CrossEntropy.apply(x, q, weight=w, **options)
    ignore_index = check_ignore_index(fn, ignore_index)
    w = class_weights(fn, weight, x, c)
    y = index_target(fn, target, x, c, ignore_index)
    return IndexCrossEntropy.apply(x, target=y, weight=w, ignore_index=ignore_index, **options)


@promoted_floats(("weight", 2))
def nll_loss(
    input: Any,
    target: Any,
    weight: Any = None,
    ignore_index: int = -100,
    reduction: str = "mean",
) -> Tensor:
    """Negative log-likelihood: -w_y * input[n, y_n] for log-probabilities `input`.

    input: log-probabilities (e.g. from log_softmax) of shape (C,), (N, C) or
    (N, C, d1, ...); target: class indices. nll_loss(log_softmax(x), y) equals
    cross_entropy(x, y). Composed from primitive ops: picking the true class is
    indexing, whose backward puts the gradient back at that class.
    """
    fn = "nll_loss"
    x = float_input(fn, input)
    reduction = check_reduction(fn, reduction)
    c = class_axis_of(fn, x)
    if np.asarray(raw(target)).dtype.kind == "f":
        index_target(fn, target, x, c, ignore_index)  # raises the float-indices error
    c, w, safe_y, keep, per_sample, divisor = index_parts(fn, target, x, weight, ignore_index)
    if c == 0:
        index: tuple[Any, ...] = (safe_y,)
    else:  # pick x[n, y[n, i, j], i, j] for every sample position (n, i, j)
        grids = np.indices(safe_y.shape, sparse=True)
        index = (grids[0], safe_y) + tuple(grids[1:])
    picked = where(keep, x[index], np.zeros((), dtype=x.dtype))  # ignored: 0, even if -inf
    loss = picked * -per_sample
    return reduce_tensor(fn, loss, reduction, divisor)
