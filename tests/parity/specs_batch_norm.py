"""Specs of batch normalisation: F.batch_norm (training and evaluation, with and without
running statistics, weight and bias, and the errors PyTorch raises), and nn.BatchNorm1d /
nn.BatchNorm2d over a few training steps and then in eval mode: outputs, gradients of
the input and of weight and bias, the running statistics and num_batches_tracked after
each step, state_dict's keys and the repr."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from parity_harness import Arr, Case, Spec
from parity_strategies import FLOATS, seeds, values

SPECS: list[Spec] = []


def _input(draw, dtype, ndim: int, channels: int, rare_n: bool = False) -> np.ndarray:
    """(N, C, ...) values, N = 0 too; 1 value per channel is refused by training. With
    `rare_n` those two come seldom (a module's steps: one refusal ends them all)."""
    n = draw(st.sampled_from([4, 2, 3] * (5 if rare_n else 2) + [1, 0]))
    rest = tuple(draw(st.sampled_from([1, 2, 3])) for _ in range(ndim - 2))
    flavor = draw(st.sampled_from(["normal"] * 4 + ["ties"]))  # ties: constant channels too
    return values(dtype, (n, channels, *rest), flavor, draw(seeds))


@st.composite
def functional_cases(draw) -> Case:
    dtype = draw(st.sampled_from(FLOATS * 3 + (np.int64,)))
    channels = draw(st.sampled_from([3, 1, 2]))
    x = _input(draw, dtype, draw(st.sampled_from([2, 3, 4, 2, 1])), channels)
    # the statistics, weight and bias: the input's dtype (float32 with float16 input, as
    # PyTorch allows), now and then another (refused) or the wrong size (refused)
    p_dtype = np.float32 if dtype == np.float16 and draw(st.booleans()) else dtype
    if draw(st.sampled_from([False] * 9 + [True])):
        p_dtype = np.float64 if p_dtype != np.float64 else np.float32
    p_dtype = np.float32 if np.dtype(p_dtype).kind != "f" else p_dtype
    size = channels if draw(st.sampled_from([True] * 15 + [False])) else channels + 1

    def maybe(flavor, grad, none_too=True):
        if none_too and draw(st.sampled_from([False, False, True])):
            return None
        return Arr(values(p_dtype, (size,), flavor, draw(seeds)), grad=grad)

    # the running statistics: both, or neither (now and then one alone: refused)
    mean, var = maybe("normal", False), maybe("positive", False, none_too=False)
    if mean is None and draw(st.sampled_from([True] * 6 + [False])):
        var = None
    # (a bias unlike the weight: x̂ w + b = 0 for x̂ = -1 and w = b is a cancellation that
    # float16 rounds differently in the two libraries)
    weight, bias = maybe("normal", True), maybe("positive", True)
    kwargs = {"training": draw(st.booleans())}
    if draw(st.booleans()):
        kwargs["momentum"] = draw(st.sampled_from([0.1, 0.5, 1.0, 0.0]))
    if draw(st.booleans()):
        kwargs["eps"] = draw(st.sampled_from([1e-5, 1e-3, 0.1] * 3 + [0.0, -1.0]))  # <= 0:
        # refused (0 in training only)
    return Case((Arr(x), mean, var, weight, bias), kwargs, seed=draw(seeds))


SPECS.append(Spec("F.batch_norm", lambda L, x, m, v, w, b, **kw: L.F.batch_norm(
    x, m, v, w, b, **kw), functional_cases(), tol=10, grad_tol=10))


# ---- the modules: a few training steps, then eval ------------------------------------------
@st.composite
def module_cases(draw, ndims: tuple[int, ...]) -> Case:
    dtype = draw(st.sampled_from((np.float32, np.float64)))
    channels = draw(st.sampled_from([3, 2, 1]))
    ndim = draw(st.sampled_from(ndims * 6 + (ndims[0] + 2,)))  # rarely the wrong rank
    steps = draw(st.integers(1, 3))
    batches = [Arr(_input(draw, dtype, ndim, channels, rare_n=True)) for _ in range(steps)]
    weight = Arr(values(dtype, (channels,), "normal", draw(seeds)), grad=False)
    bias = Arr(values(dtype, (channels,), "normal", draw(seeds)), grad=False)
    settings = {"momentum": draw(st.sampled_from([0.1, None, 0.5])),
                "affine": draw(st.sampled_from([True, True, False])),
                "track_running_stats": draw(st.sampled_from([True, True, False])),
                "eps": draw(st.sampled_from([1e-5, 1e-3])),
                "bias": draw(st.sampled_from([True, True, False]))}
    return Case((batches, weight, bias), settings, seed=draw(seeds))


def _const(L, array, like):
    t = L.tensor(np.asarray(array))
    return t.to(like.dtype) if L.name == "torch" else t.astype(like.dtype)


def steps(L, name, batches, weight, shift, **settings):
    """nn.<name>: training steps on `batches` (each backward of a weighted sum), then the
    last batch in eval mode; every output, gradient and buffer along the way. (`shift`
    holds the values of the bias: `bias=` is one of the settings.)"""
    layer = getattr(L.nn, name)(weight.shape[0], dtype=weight.dtype, **settings)
    with L.t.no_grad():
        if layer.weight is not None:
            layer.weight.copy_(weight)
        if layer.bias is not None:
            layer.bias.copy_(shift)
    seen = [repr(layer), list(layer.state_dict()), [n for n, _ in layer.named_buffers()]]
    for k, x in enumerate(batches):
        y = layer(x)
        rng = np.random.default_rng(k)
        (y * _const(L, rng.choice([-1.0, 0.5, 2.0], size=tuple(y.shape)), y)).sum().backward()
        seen += [y.detach(), x.grad]
        seen += [p.grad.clone() for p in layer.parameters()]  # (torch adds into .grad)
        seen += [b.clone() for b in layer.buffers()]
    layer.eval()
    seen.append(layer(batches[-1].detach()))
    return seen


SPECS += [
    Spec("nn.BatchNorm1d", lambda L, *a, **kw: steps(L, "BatchNorm1d", *a, **kw),
         module_cases((2, 3)), grads_out=True, tol=10),
    Spec("nn.BatchNorm2d", lambda L, *a, **kw: steps(L, "BatchNorm2d", *a, **kw),
         module_cases((4,)), grads_out=True, tol=10),
]
