"""Specs of F.group_norm and F.instance_norm (functional/group_norm.py) with and without
weight and bias, and of nn.GroupNorm, nn.InstanceNorm1d and nn.InstanceNorm2d
(nn/group_norm.py): outputs, gradients of the input and the parameters, state_dict's
keys and the repr; unbatched inputs; and the errors PyTorch raises (channels not
divisible by the groups, one value per channel, wrong ranks, integer input)."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from parity_harness import Arr, Case, Spec
from parity_strategies import FLOATS, seeds, values

SPECS: list[Spec] = []


@st.composite
def functional_cases(draw, groups: bool) -> Case:
    # (float16 for group_norm only: PyTorch's instance_norm rounds float16 its own way,
    # off by a few units of the last place where x̂ w + b nearly cancels; minigrad computes
    # in float32 and rounds once, which the unit tests check)
    dtype = draw(st.sampled_from((FLOATS if groups else FLOATS[1:]) * 4 + (np.int64,)))
    channels = draw(st.sampled_from([4, 2, 6, 3]))
    ndim = draw(st.sampled_from([3, 4, 2, 3, 1]))
    # (no empty batch for instance_norm: PyTorch 2.13 raises IndexError on one with a
    # weight, a bug of its own; group_norm's empty batches are compared)
    n = draw(st.sampled_from([2, 3, 1, 0] if groups else [2, 3, 1]))
    # (two values per channel are avoided: x̂ = ±1 whatever they are, so the gradient is
    # 0 and both libraries give rounding noise)
    rest = tuple(draw(st.sampled_from([3, 4, 1])) for _ in range(ndim - 2))
    shape = (n, channels, *rest)[:ndim] if ndim > 1 else (channels,)
    x = Arr(values(dtype, shape, draw(st.sampled_from(["normal"] * 4 + ["ties"])),
                   draw(seeds)))
    p_dtype = dtype if np.dtype(dtype).kind == "f" else np.float32

    def maybe(flavor):
        if draw(st.booleans()):
            return None
        return Arr(values(p_dtype, (channels,), flavor, draw(seeds)))

    weight, bias = maybe("normal"), maybe("positive")
    kwargs = {"eps": draw(st.sampled_from([1e-5, 1e-3]))} if draw(st.booleans()) else {}
    if groups:
        g = draw(st.sampled_from([1, 2, 3, 2]))
        return Case((x, g, weight, bias), kwargs, seed=draw(seeds))
    return Case((x,), {"weight": weight, "bias": bias, **kwargs}, seed=draw(seeds))


SPECS += [
    Spec("F.group_norm", lambda L, x, g, w, b, **kw: L.F.group_norm(x, g, w, b, **kw),
         functional_cases(True), tol=10, grad_tol=10),
    Spec("F.instance_norm", lambda L, x, **kw: L.F.instance_norm(x, **kw),
         functional_cases(False), tol=10, grad_tol=10),
]


@st.composite
def module_cases(draw, name: str) -> Case:
    dtype = draw(st.sampled_from((np.float32, np.float64)))
    channels = draw(st.sampled_from([4, 2, 6]))
    if name == "GroupNorm":
        groups = draw(st.sampled_from([1, 2, 2, 4]))
        ndim = draw(st.sampled_from([3, 4]))  # (not 2 values a group: see above)
        settings = {"affine": draw(st.sampled_from([True, True, False])),
                    "eps": draw(st.sampled_from([1e-5, 1e-3]))}
        args = (groups, channels)
    else:
        base = 3 if name == "InstanceNorm1d" else 4
        ndim = draw(st.sampled_from([base, base, base - 1, base + 1]))  # unbatched, wrong
        settings = {"affine": draw(st.sampled_from([True, False])),
                    "eps": draw(st.sampled_from([1e-5, 1e-3]))}
        args = (channels,)
    feature = 1 if ndim >= 3 or name == "GroupNorm" else 0
    if name != "GroupNorm" and ndim == (2 if name == "InstanceNorm1d" else 3):
        feature = 0  # unbatched: (C, ...)
    shape = [draw(st.sampled_from([3, 4])) for _ in range(ndim)]
    shape[feature] = channels
    x = Arr(values(dtype, tuple(shape), "normal", draw(seeds)))
    weight = Arr(values(dtype, (channels,), "normal", draw(seeds)), grad=False)
    bias = Arr(values(dtype, (channels,), "normal", draw(seeds)), grad=False)
    return Case((args, x, weight, bias), settings, seed=draw(seeds))


def run(L, name, args, x, weight, shift, **settings):
    """nn.<name> with weight and bias set: repr, state_dict keys, output, gradients."""
    layer = getattr(L.nn, name)(*args, dtype=weight.dtype, **settings)
    with L.t.no_grad():
        if layer.weight is not None:
            layer.weight.copy_(weight)
        if layer.bias is not None:
            layer.bias.copy_(shift)
    y = layer(x)
    (y * y * y).sum().backward()  # (sum(y²) has gradient 0 in x, up to rounding, without bias)
    return [repr(layer), list(layer.state_dict()), y.detach(), x.grad,
            *[p.grad for p in layer.parameters()]]


SPECS += [
    Spec(f"nn.{name}", lambda L, *a, n=name, **kw: run(L, n, *a, **kw), module_cases(name),
         grads_out=True, tol=10)
    for name in ("GroupNorm", "InstanceNorm1d", "InstanceNorm2d")
]
