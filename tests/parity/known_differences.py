"""The deliberate differences between minigrad and PyTorch: decisions, not bugs.

Each entry names the specs it concerns and the condition on the case; a case it
covers is counted (and shown in the run's summary) instead of compared. The
reason is one line; the page that explains it to users is docs/guide/pytorch.md
at `anchor`. Keep this list short: a difference that is not a decision is a bug
to fix, not an entry to add.

Where minigrad only accepts more than PyTorch and means what another PyTorch
spelling means (x.transpose((2, 0, 1)) is x.permute(2, 0, 1); an ndarray on the
left of an operator), the spec compares it with that spelling (`torch_call`)
instead, and its name says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

PAGE = "docs/guide/pytorch.md"


@dataclass(frozen=True)
class Known:
    id: str
    reason: str
    anchor: str  # the heading on PAGE that documents it
    specs: tuple[str, ...]
    when: Callable[[Any], bool] = lambda case: True
    # conditions for particular specs, where they differ from `when` (one decision, two ops)
    when_for: tuple[tuple[str, Callable[[Any], bool]], ...] = ()


def _zero_weight_mean(case: Any) -> bool:
    """A 'mean' of class-index losses whose counted targets all have weight 0 (0 / 0)."""
    x, y = (a.value for a in case.args)
    weight = case.kwargs.get("weight")
    if case.kwargs.get("reduction", "mean") != "mean" or y.dtype.kind not in "iu" or (
            weight is None or x.size == 0):
        return False
    kept = y[y != case.kwargs.get("ignore_index", -100)]
    in_range = ((kept >= 0) & (kept < weight.value.size)).all()  # else both raise
    return bool(kept.size and in_range and not weight.value[kept].any())


def _float16_bce_at_certainty(case: Any) -> bool:
    """float16 binary_cross_entropy with p = y = 0 or 1 somewhere."""
    p, y = (a.value for a in case.args)
    if p.dtype != np.float16 or p.shape != y.shape:
        return False
    return bool(((p == y) & ((p == 0) | (p == 1))).any())


def _has_infinite_score(case: Any) -> bool:
    return bool(np.isinf(case.args[0].value).any())


def _float16(case: Any) -> bool:
    return any(a.value.dtype == np.float16 for a in case.arrays())


def _loss_dtypes_differ(case: Any) -> bool:
    """Float arrays of two dtypes, with a float target (BCE, or class probabilities)."""
    floats = {a.value.dtype for a in case.arrays() if a.value.dtype.kind == "f"}
    return len(floats) > 1 and case.args[1].value.dtype.kind == "f"


def _out_of_range_bound(case: Any) -> bool:
    """An integer tensor clamped or written with a Python int outside its dtype's range."""
    x = case.args[0].value
    if x.dtype.kind not in "iu":
        return False
    info = np.iinfo(x.dtype)
    numbers = [v for v in (*case.args[1:], *case.kwargs.values())  # the bounds
               if isinstance(v, int) and not isinstance(v, bool)]
    return any(not info.min <= v <= info.max for v in numbers)


def _smallest_int_exponent(case: Any) -> bool:
    """An integer exponent at its dtype's minimum, where y - 1 wraps around in PyTorch."""
    y = case.args[1]
    y = y.value if hasattr(y, "value") else np.asarray(y)
    return y.dtype.kind == "i" and bool((y == np.iinfo(y.dtype).min).any())


def _overflowing_int_square(case: Any) -> bool:
    """atan2 with an integer operand whose square its dtype cannot hold, or a non-zero
    unsigned one (PyTorch's backward negates it in uint8)."""
    for a in case.arrays():
        v = a.value
        if v.dtype.kind == "u" and v.any():
            return True
        if v.dtype.kind in "iu" and (v.astype(np.float64) ** 2 > np.iinfo(v.dtype).max).any():
            return True
    return False


def _loss_shapes_differ(case: Any) -> bool:
    return case.args[0].value.shape != case.args[1].value.shape


KNOWN: tuple[Known, ...] = (
    Known(
        "numpy-with-requires-grad",
        ".numpy() returns the shared array even when the tensor requires grad; PyTorch "
        "asks for .detach().numpy()",
        "numpy-shares-memory-even-with-requires_grad",
        ("Tensor.numpy", "np.asarray(x)"),
        lambda case: case.args[0].requires_grad,
    ),
    Known(
        "mean-over-zero-weight",
        "reduction='mean' over targets whose weights are all 0 is 0/0: the loss is NaN in "
        "both, minigrad warns and gives gradient 0 (PyTorch: NaN)",
        "a-mean-over-zero-weight-has-gradient-0",
        ("F.cross_entropy", "nn.CrossEntropyLoss", "F.nll_loss", "nn.NLLLoss"),
        _zero_weight_mean,
    ),
    Known(
        "kl_div-negative-target",
        "kl_div with a negative probability target raises (PyTorch: NaN in the loss)",
        "kl_div-refuses-a-negative-target",
        ("F.kl_div",),
        lambda case: not case.kwargs.get("log_target") and bool((case.args[1].value < 0).any()),
    ),
    Known(
        "float16-bce-at-certainty",
        "float16 binary_cross_entropy where p = y = 0 or 1: minigrad computes it in float32 "
        "(gradient 0, as PyTorch in float32); PyTorch's float16 kernel gives NaN",
        "binary_cross_entropy-in-float16-where-p-is-0-or-1",
        ("F.binary_cross_entropy", "nn.BCELoss"),
        _float16_bce_at_certainty,
    ),
    Known(
        "loss-shapes-differ",
        "mse_loss, l1_loss, smooth_l1_loss, huber_loss, kl_div, margin and Poisson losses "
        "raise for an input and a target of different shapes (PyTorch broadcasts them)",
        "a-loss-does-not-broadcast-its-input-against-its-target",
        ("F.mse_loss", "nn.MSELoss", "F.kl_div", "F.l1_loss", "nn.L1Loss", "F.smooth_l1_loss",
         "nn.SmoothL1Loss", "F.huber_loss", "nn.HuberLoss", "F.hinge_embedding_loss",
         "nn.HingeEmbeddingLoss", "F.soft_margin_loss", "nn.SoftMarginLoss",
         "F.multilabel_soft_margin_loss", "nn.MultiLabelSoftMarginLoss", "F.poisson_nll_loss",
         "nn.PoissonNLLLoss"),
        _loss_shapes_differ,
    ),
    Known(
        "bce-with-logits-limits",
        "BCE with logits at a score of +-inf gives the loss's limit (0 or inf); PyTorch's "
        "formula meets inf - inf and gives NaN",
        "binary_cross_entropy_with_logits-at-an-infinite-score-gives-the-limit",
        ("F.binary_cross_entropy_with_logits", "nn.BCEWithLogitsLoss"),
        _has_infinite_score,
    ),
    Known(
        "float16-computed-in-float32",
        "float16 BCE, softmax, log_softmax, logsumexp, pow, prod, cumprod, layer_norm, "
        "normalize, cosine_similarity: in float32, rounded once; PyTorch rounds on the way",
        "float16-is-computed-in-float32",
        ("F.binary_cross_entropy", "nn.BCELoss", "F.softmax", "Tensor.softmax",
         "F.softmax(no dim)", "F.log_softmax", "mg.softmax", "mg.log_softmax",
         "Tensor.log_softmax", "F.log_softmax(no dim)", "nn.Softmax", "nn.LogSoftmax",
         "F.logsumexp", "Tensor.logsumexp", "mg.pow", "a ** b", "Tensor.pow", "pow edges",
         "mg.logsumexp", "mg.prod", "Tensor.prod", "mg.cumprod", "Tensor.cumprod",
         "F.layer_norm", "nn.LayerNorm", "F.normalize", "F.cosine_similarity"),
        _float16,
    ),
    Known(
        "loss-dtypes-mixed",
        "mixed float dtypes in a loss compute in their promotion; torch keeps the target's "
        "(BCE with logits) or the input's dtype (huber_loss, whose backward raises)",
        "losses-with-mixed-float-dtypes-compute-in-their-promotion",
        ("F.binary_cross_entropy_with_logits", "nn.BCEWithLogitsLoss", "F.cross_entropy",
         "nn.CrossEntropyLoss", "F.huber_loss", "nn.HuberLoss"),
        _loss_dtypes_differ,
    ),
    Known(
        "out-of-range-integer-bounds",
        "an int clamp bound that an integer tensor's dtype cannot hold raises; PyTorch wraps "
        "it (uint8 clamp(min=-1) clamps to 255)",
        "integers-out-of-range-in-clamp-are-refused",
        ("mg.clamp", "mg.clip", "Tensor.clamp", "Tensor.clip", "mg.clamp(number bounds)",
         "Tensor.clamp_", "Tensor.clip_"),
        _out_of_range_bound,
    ),
    Known(
        "integer-wraparound-in-torch-gradients",
        "pow's gradient at y = the smallest int, atan2's with a uint8 or an int whose square "
        "overflows: PyTorch computes in the integer dtype, which wraps around",
        "the-gradient-of-x--y-at-the-smallest-integer-exponent",
        ("mg.pow", "a ** b", "Tensor.pow", "pow edges", "mg.atan2", "Tensor.atan2"),
        _smallest_int_exponent,
        (("mg.atan2", _overflowing_int_square), ("Tensor.atan2", _overflowing_int_square)),
    ),
)


def covering(spec_name: str, case: Any) -> Known | None:
    """The entry that covers this case of this spec, if any."""
    for known in KNOWN:
        when = dict(known.when_for).get(spec_name, known.when)
        if spec_name in known.specs and when(case):
            return known
    return None
