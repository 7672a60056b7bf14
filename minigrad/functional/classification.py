"""cross_entropy and nll_loss: the losses of a classifier with C classes.

The names follow the tutorial: z the logits (the input), q = softmax(z) the
model's distribution, p the target's (the data's) distribution, y a class
index. The fused loss is the cross-entropy H(p, q) = -sum_c p_c log q_c.

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
The checks of the input, target and weights are in `class_targets.py`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..function import Function
from ..ops.either import raw
from ..ops.elementwise import where
from ..tensor import Tensor

# The checks live in class_targets.py; they stay importable from here (composed.py does).
from .class_targets import (  # noqa: F401
    check_ignore_index,
    class_axis_of,
    class_weights,
    index_parts,
    index_target,
    is_probability_target,
    target_weights,
)
from .reduction import check_reduction, mean_scale, reduce_array, reduce_tensor, spread
from .softmax import LogSoftmax, Softmax, shift, softmax_and_log
from .validation import float_input, float_target, promoted_floats


class CrossEntropy(Function):
    """Softmax cross-entropy between logits z and a target distribution p, in one op.

    With the model's q = softmax(z) along the class axis, each sample n has
        loss_n = -sum_c a_nc log q_nc,   a = ((1 - s) p + s / C) * factor
    where s is the label smoothing and `factor` the class weights w_c (for
    IndexCrossEntropy also 0 for an ignored target). Then the reduction ('mean'
    divides by the number of samples).

    Since d log q_nc / dz_nk = delta_ck - q_nk, the derivatives are
        dloss_n/dz_nk = q_nk * sum_c a_nc - a_nk
        dloss_n/dp_nc = -(1 - s) * factor_nc * log q_nc
    For a one-hot p (class y), no smoothing and no weights this is the famous
    q - onehot(y): the model's probabilities minus the data's (IndexCrossEntropy).
    """

    chain = (
        "loss = -sum(a * log q) per sample, q = softmax(z), a = p smoothed and weighted; "
        "then reduced",
        "dloss/dz = (q * sum(a) - a) / n",
        "dloss/dp = -(1 - s) * w * log(q) / n, s the label smoothing, w the class weight",
    )

    def forward(
        self,
        z: np.ndarray,
        p: np.ndarray,
        weight: np.ndarray | None,
        reduction: str,
        label_smoothing: float,
    ) -> np.ndarray:
        c = self.class_axis = 0 if z.ndim == 1 else 1
        self.factor = along_classes(weight, z.ndim, c)
        samples = z.size // z.shape[c] if z.shape[c] else 0
        self.scale = mean_scale("cross_entropy", samples, z.dtype) if reduction == "mean" else None
        return self.soft_loss(z, p, samples == 0)

    def soft_loss(self, z: np.ndarray, p: np.ndarray, empty: bool) -> np.ndarray:
        """The reduced loss -sum_c a_nc log q_nc (forward, after the constants are set)."""
        c = self.class_axis
        q, log_q = softmax_and_log(z, (c,))
        self.saved = (q, log_q)
        a = self.coefficients(p)
        with np.errstate(invalid="ignore"):
            # A class with logit -inf has log q = -inf; with a = 0 it adds 0, not 0 * -inf = NaN.
            terms = np.where(a != 0, -a * log_q, 0)
        return reduce_array(terms.sum(axis=c), self.params["reduction"], self.scale, empty)

    def coefficients(self, p: Any) -> Any:
        """a = ((1 - s) p + s / C) * factor, for arrays and Tensors alike."""
        s = self.params["label_smoothing"]
        a = p * (1 - s) + s / p.shape[self.class_axis] if s else p
        return a if self.factor is None else a * self.factor

    def backward(self, g: Any) -> tuple[Any, Any]:
        z, p = self.saved_inputs()
        return self.soft_gradients(g, z, p)

    def soft_gradients(self, g: Any, z: Any, p: Any) -> tuple[Any, Any]:
        """dL/dz and dL/dp (None where not needed), from the formulas above."""
        c = self.class_axis
        if self.create_graph:
            # The backward pass is being recorded, so q and log q must be computed from
            # the Tensor z by ops (Softmax, LogSoftmax) for this gradient to be
            # differentiable again; the arrays saved by forward would be constants.
            q, log_q = Softmax.apply(z, axis=(c,)), LogSoftmax.apply(z, axis=(c,))
        else:
            q, log_q = self.saved
        shape = tuple(1 if i == c else n for i, n in enumerate(z.shape))
        g = spread(g, self.params["reduction"], shape, self.scale)
        gz = gp = None
        if self.needs_input_grad[0]:
            a = self.coefficients(p)
            gz = g * (q * a.sum(axis=c, keepdims=True) - a)
        if len(self.needs_input_grad) > 1 and self.needs_input_grad[1]:
            d_p = log_q * -(1 - self.params["label_smoothing"])
            gp = g * (d_p if self.factor is None else d_p * self.factor)
        return gz, gp


class IndexCrossEntropy(CrossEntropy):
    """Cross-entropy for class-index targets y: the lecture's key result, q - onehot(y).

    With the model's q = softmax(z) along the class axis, sample n's loss is
        loss_n = -w_n log q_n,y_n
    where w_n is the weight of its class y_n (1 without weights, 0 when y_n is
    `ignore_index`). Since d(-log q_y)/dz_k = q_k - [k = y],
        dloss_n/dz_n = w_n (q_n - onehot(y_n)):
    the model's probabilities minus the data's. The 'mean' divides by the
    number of samples N (with weights or ignored targets: by the sum of the
    w_n), so the gradient that reaches z is
        dL/dz_n = (q_n - onehot(y_n)) * w_n * g / N.
    With label smoothing the target is no longer one-hot; that case uses
    CrossEntropy's general formula with p = onehot(y). Shown as 'CrossEntropy'
    in graphs; the only input is z.
    """

    @property
    def chain(self) -> tuple[str, ...]:  # the chain rule for mg.explain (see Function.chain)
        if self.params["label_smoothing"]:  # CrossEntropy's formula, with p = onehot(y)
            return ("loss = -sum(a * log q) per sample, q = softmax(z), a = onehot(y) smoothed "
                    "and weighted; then reduced", "dloss/dz = (q * sum(a) - a) / n")
        return ("loss = -w log q[y] per sample, q = softmax(z), w the class weight (1 if none); "
                "then reduced", "dloss/dz = w (q - onehot(y)) / n")

    @property
    def name(self) -> str:
        return "CrossEntropy"

    def forward(  # type: ignore[override]
        self,
        z: np.ndarray,
        target: np.ndarray,
        weight: np.ndarray | None,
        ignore_index: int,
        reduction: str,
        label_smoothing: float,
    ) -> np.ndarray:
        c = self.class_axis = 0 if z.ndim == 1 else 1
        self.y, kept, w_n, divisor = target_weights(target, ignore_index, weight, z.dtype)
        # w_n with the class axis kept as size 1; None when every w_n is 1 (the usual case)
        self.w_n = None if w_n is None else np.expand_dims(w_n, c)
        self.scale = mean_scale("cross_entropy", divisor, z.dtype) if reduction == "mean" else None
        if label_smoothing:
            self.p = _one_hot(self.y, z.shape[c], c, z.dtype)
            kept_n = np.expand_dims(kept, c).astype(z.dtype)  # 0 removes an ignored target
            weights = along_classes(weight, z.ndim, c)
            self.factor = kept_n if weights is None else kept_n * weights
            return self.soft_loss(z, self.p, divisor == 0)
        with np.errstate(invalid="ignore"):  # NaN for a row with +inf or only -inf (shift)
            shifted = z - shift(z, (c,))
        z_y = at_target(shifted, self.y, c)  # z_y - max z, read before exp overwrites it
        e = np.exp(shifted, out=shifted)  # in place: shifted is not needed any more
        s = e.sum(axis=c, keepdims=True)
        self.saved = (e, s)  # q = e / s, formed in backward
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.log(s) - z_y  # -log q_y = log s - (z_y - max z)
            if self.w_n is not None:
                terms *= self.w_n
        if self.w_n is not None and not self.w_n.all():  # an ignored target adds 0, even
            terms = np.where(self.w_n != 0, terms, 0)  # where its log q is -inf
        return reduce_array(np.squeeze(terms, axis=c), reduction, self.scale, divisor == 0)

    def backward(self, g: Any) -> Any:
        (z,) = self.saved_inputs()  # arrays, or Tensors when the backward pass is recorded
        if self.params["label_smoothing"]:
            return self.soft_gradients(g, z, self.p)[0]
        c = self.class_axis
        # dL/dloss_n of each sample: g / N for the mean (g for 'sum', g's own entry for
        # 'none'), times the sample's weight w_n
        shape = tuple(1 if i == c else n for i, n in enumerate(z.shape))
        g_n = spread(g, self.params["reduction"], shape, self.scale)
        if self.w_n is not None:
            g_n = g_n * self.w_n
        if self.create_graph:  # recorded: q must come from the Tensor z (see CrossEntropy)
            q = Softmax.apply(z, axis=(c,))
            return (q - _one_hot(self.y, z.shape[c], c, z.dtype)) * g_n
        # The same formula on arrays, with the one-hot matrix never formed: subtracting
        # it changes only one entry per sample, so it is done in place on q.
        e, s = self.saved
        gz = e / s  # q = softmax(z)
        subtract_one_at_target(gz, self.y, c)  # q - onehot(y)
        gz *= g_n
        return gz


def along_classes(weight: np.ndarray | None, ndim: int, c: int) -> np.ndarray | None:
    """Class weights (C,) shaped to broadcast along the class axis of an ndim-D input."""
    return None if weight is None else weight.reshape([-1] + [1] * (ndim - c - 1))


def _is_float_tensor(value: Any) -> bool:
    """A float target of class probabilities (cross_entropy's second kind of target)."""
    return isinstance(value, Tensor) and value._data.dtype.kind == "f"


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

    input: logits z of shape (C,), (N, C) or (N, C, d1, ...). target: class
    indices y (integers, shape without the class axis) or class probabilities p
    (floats, the input's shape). For one sample with true class y and the model's
    q = softmax(z): loss = -w_y log q_y. `label_smoothing` s mixes the target
    with the uniform distribution: p becomes (1 - s) p + s / C. Fused: one op
    whose backward is (q - p) times weights (see `CrossEntropy`).
    """
    fn = "cross_entropy"
    z = float_input(fn, input)  # the logits
    reduction = check_reduction(fn, reduction)
    if not isinstance(label_smoothing, (int, float)) or not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(
            f"{fn}: label_smoothing must be a number between 0.0 and 1.0, got {label_smoothing!r}"
        )
    c = class_axis_of(fn, z)
    options = {"reduction": reduction, "label_smoothing": float(label_smoothing)}
    if is_probability_target(fn, target, z, c):
        p = float_target(fn, target, z)  # the target distribution
        w = class_weights(fn, weight, z, c)
        return CrossEntropy.apply(z, p, weight=w, **options)
    ignore_index = check_ignore_index(fn, ignore_index)
    w = class_weights(fn, weight, z, c)
    y = index_target(fn, target, z, c, ignore_index)
    return IndexCrossEntropy.apply(z, target=y, weight=w, ignore_index=ignore_index, **options)


@promoted_floats(("weight", 2))
def nll_loss(
    input: Any,
    target: Any,
    weight: Any = None,
    ignore_index: int = -100,
    reduction: str = "mean",
) -> Tensor:
    """Negative log-likelihood: -w_y * input[n, y_n] for log-probabilities `input`.

    input: the model's log-probabilities log q (e.g. log_softmax(z)) of shape (C,),
    (N, C) or (N, C, d1, ...); target: class indices y. nll_loss(log_softmax(z), y)
    equals cross_entropy(z, y). Composed from primitive ops: picking the true class
    is indexing, whose backward puts the gradient back at that class.
    """
    fn = "nll_loss"
    log_q = float_input(fn, input)
    reduction = check_reduction(fn, reduction)
    c = class_axis_of(fn, log_q)
    if np.asarray(raw(target)).dtype.kind == "f":
        index_target(fn, target, log_q, c, ignore_index)  # raises the float-indices error
    c, w, safe_y, keep, per_sample, divisor = index_parts(fn, target, log_q, weight, ignore_index)
    if c == 0:
        index: tuple[Any, ...] = (safe_y,)
    else:  # pick log_q[n, y[n, i, j], i, j] for every sample position (n, i, j)
        grids = np.indices(safe_y.shape, sparse=True)
        index = (grids[0], safe_y) + tuple(grids[1:])
    picked = where(keep, log_q[index], np.zeros((), dtype=log_q.dtype))  # ignored: 0, even if -inf
    loss = picked * -per_sample
    return reduce_tensor(fn, loss, reduction, divisor)
