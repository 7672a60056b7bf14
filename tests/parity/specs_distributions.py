"""Specs of minigrad.distributions (Bernoulli, Categorical, OneHotCategorical, Normal,
Uniform, kl_divergence) against torch.distributions: log_prob, entropy, mean and
variance on random parameters, their gradients with respect to the parameters, and
the parameters and values torch refuses (validate_args is on in both).

Left out of the draws, on purpose:
- float16: torch.distributions computes in float16 where minigrad computes float16
  in float32 (docs/guide/pytorch.md, "float16 is computed in float32");
- integer parameters: minigrad refuses them with a DTypeError, torch takes some and
  fails later, depending on the method (the PyTorch page lists this difference);
- sample and rsample: the random streams differ by design (numpy's generator); their
  statistics are tested in tests/test_distributions.py.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from parity_harness import Arr, Case, Spec
from parity_strategies import F32_64, broadcast_shapes, seeds, shapes, values

SPECS: list[Spec] = []

_FLOATS = st.sampled_from(F32_64)


def _arr(dtype, shape, flavor, seed, grad=True) -> Arr:
    return Arr(values(dtype, tuple(shape), flavor, seed), grad=grad)


def _category_arr(dtype, shape, flavor, seed) -> Arr:
    """Categorical parameters; logits up to +-50, not +-1e4: torch normalises logits as
    logits - logsumexp(logits), which in float32 at 1e4 is off by 1e-3 (an ulp of 1e4),
    where minigrad's log_softmax is exact (the PyTorch page lists this)."""
    a = values(dtype, tuple(shape), flavor, seed)
    return Arr(np.clip(a, -50, 50) if flavor == "logits" else a)


def _coins(dtype, shape, seed) -> Arr:
    """0/1 values, now and then a 0.5 (outside the support: both must refuse it)."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 2, size=shape).astype(dtype)
    if a.size and rng.random() < 0.1:
        a.flat[0] = 0.5
    return Arr(a, grad=False)


# ---- Bernoulli: probs (0 and 1 included) or logits (+-1e4 included) -------------------------
@st.composite
def bernoulli_cases(draw, logits: bool, value: bool) -> Case:
    dtype = draw(_FLOATS)
    param_shape, value_shape = draw(broadcast_shapes(2))
    flavor = draw(st.sampled_from(["logits", "normal"] if logits else ["probability"] * 5
                                  + ["normal"]))  # "normal": below 0 or above 1 now and then
    param = _arr(dtype, param_shape, flavor, draw(seeds))
    if not value:
        return Case((param,), seed=draw(seeds))
    value_dtype = draw(st.sampled_from([dtype, dtype, np.float64]))
    return Case((param, _coins(value_dtype, value_shape, draw(seeds))), seed=draw(seeds))


def _bernoulli(L, param, logits):
    D = L.t.distributions
    return D.Bernoulli(logits=param) if logits else D.Bernoulli(probs=param)


for _logits, _kind in ((False, "probs"), (True, "logits")):
    SPECS += [
        Spec(f"distributions.Bernoulli({_kind}).log_prob",
             lambda L, p, y, k=_logits: _bernoulli(L, p, k).log_prob(y),
             bernoulli_cases(_logits, True)),
        Spec(f"distributions.Bernoulli({_kind}).entropy",
             lambda L, p, k=_logits: _bernoulli(L, p, k).entropy(),
             bernoulli_cases(_logits, False)),
        Spec(f"distributions.Bernoulli({_kind}).mean/variance/stddev/logits/probs",
             lambda L, p, k=_logits: (lambda d: (d.mean, d.variance, d.stddev, d.logits,
                                                 d.probs))(_bernoulli(L, p, k)),
             bernoulli_cases(_logits, False)),
    ]


# ---- Categorical and OneHotCategorical: rows of k >= 1 outcomes -------------------------------
@st.composite
def categorical_cases(draw, logits: bool, value: bool, one_hot: bool = False) -> Case:
    dtype = draw(_FLOATS)
    # no empty batch: torch fails on one (it reshapes 0 elements to (0, -1)); minigrad does not
    batch = tuple(n or 1 for n in draw(shapes(max_dims=2)))
    k = draw(st.integers(1, 4))
    flavor = draw(st.sampled_from(["logits", "normal"] if logits else ["positive"] * 4
                                  + ["probability", "normal"]))
    param = _category_arr(dtype, batch + (k,), flavor, draw(seeds))
    if not value:
        return Case((param,), seed=draw(seeds))
    rng = np.random.default_rng(draw(seeds))
    value_batch = batch[draw(st.integers(0, len(batch))):]  # the trailing batch axes
    index = rng.integers(0, k + (1 if rng.random() < 0.1 else 0), size=value_batch)
    if one_hot:
        rows = np.eye(k + 1, dtype=dtype)[index][..., :k]  # index k: a row of zeros
        return Case((param, Arr(rows, grad=False)), seed=draw(seeds))
    return Case((param, Arr(index.astype(np.int64))), seed=draw(seeds))


def _categorical(L, param, logits, one_hot=False):
    D = L.t.distributions
    cls = D.OneHotCategorical if one_hot else D.Categorical
    return cls(logits=param) if logits else cls(probs=param)


for _logits, _kind in ((False, "probs"), (True, "logits")):
    SPECS += [
        Spec(f"distributions.Categorical({_kind}).log_prob",
             lambda L, p, v, k=_logits: _categorical(L, p, k).log_prob(v),
             categorical_cases(_logits, True)),
        Spec(f"distributions.Categorical({_kind}).entropy",
             lambda L, p, k=_logits: _categorical(L, p, k).entropy(),
             categorical_cases(_logits, False)),
        Spec(f"distributions.Categorical({_kind}).probs/logits",
             lambda L, p, k=_logits: (lambda d: (d.probs, d.logits))(_categorical(L, p, k)),
             categorical_cases(_logits, False)),
        Spec(f"distributions.OneHotCategorical({_kind}).log_prob",
             lambda L, p, v, k=_logits: _categorical(L, p, k, True).log_prob(v),
             categorical_cases(_logits, True, one_hot=True)),
        Spec(f"distributions.OneHotCategorical({_kind}).entropy/mean/variance",
             lambda L, p, k=_logits: (lambda d: (d.entropy(), d.mean, d.variance))(
                 _categorical(L, p, k, True)),
             categorical_cases(_logits, False, one_hot=True)),
    ]


# ---- Normal and Uniform: tensors and numbers, broadcasting, scale <= 0 and low >= high ----------
@st.composite
def two_parameter_cases(draw, uniform: bool, value: bool) -> Case:
    dtype = draw(_FLOATS)
    a_shape, b_shape, v_shape = draw(broadcast_shapes(3))
    first = _arr(dtype, a_shape, "normal", draw(seeds))
    second_flavor = draw(st.sampled_from(["positive"] * 5 + ["normal"]))
    second = _arr(dtype, b_shape, second_flavor, draw(seeds))
    if uniform and second_flavor == "positive":  # high = low + a width, broadcast
        second = Arr((first.value + second.value).astype(dtype))
    if draw(st.integers(0, 5)) == 0:  # a Python number for one of them
        first = float(first.value.reshape(-1)[0]) if first.value.size else 0.0
    args: tuple = (first, second)
    if value:
        v = values(draw(st.sampled_from([dtype, np.float64])), v_shape, "normal", draw(seeds))
        args += (Arr(v, grad=False),)
    return Case(args, seed=draw(seeds))


for _name in ("Normal", "Uniform"):
    _uniform = _name == "Uniform"
    SPECS += [
        Spec(f"distributions.{_name}.log_prob",
             lambda L, a, b, v, n=_name: getattr(L.t.distributions, n)(a, b).log_prob(v),
             two_parameter_cases(_uniform, True)),
        Spec(f"distributions.{_name}.entropy/mean/variance/stddev",
             lambda L, a, b, n=_name: (lambda d: (d.entropy(), d.mean, d.variance, d.stddev))(
                 getattr(L.t.distributions, n)(a, b)),
             two_parameter_cases(_uniform, False)),
    ]


# ---- kl_divergence: pairs of one family, broadcast batches ------------------------------------
@st.composite
def kl_cases(draw, family: str) -> Case:
    dtype = draw(_FLOATS)
    p_shape, q_shape = draw(broadcast_shapes(2, max_dims=2))
    if family in ("Bernoulli", "Categorical"):  # one shape: torch's t[q.probs == 0] = inf
        q_shape = p_shape  # raises IndexError for broadcast batches (minigrad broadcasts)
    if family == "Bernoulli":
        flavor = draw(st.sampled_from(["probability", "logits"]))
        return Case((flavor, _arr(dtype, p_shape, flavor, draw(seeds)),
                     _arr(dtype, q_shape, flavor, draw(seeds))), seed=draw(seeds))
    if family == "Categorical":
        flavor = draw(st.sampled_from(["probability", "positive", "logits"]))
        k = draw(st.integers(1, 4))
        p_shape = q_shape = tuple(n or 1 for n in p_shape)  # no empty batch (as above)
        return Case(("logits" if flavor == "logits" else "probability",
                     _category_arr(dtype, p_shape + (k,), flavor, draw(seeds)),
                     _category_arr(dtype, q_shape + (k,), flavor, draw(seeds))),
                    seed=draw(seeds))
    shapes4 = draw(broadcast_shapes(4, max_dims=2))
    arrays = [_arr(dtype, s, f, draw(seeds))
              for s, f in zip(shapes4, ["normal", "positive", "normal", "positive"])]
    if family.startswith("Uniform"):  # high = low + a width
        arrays[1] = Arr((arrays[0].value + arrays[1].value).astype(dtype))
    if family == "Uniform":  # q's too ("UniformNormal": q is a Normal(loc, scale))
        arrays[3] = Arr((arrays[2].value + arrays[3].value).astype(dtype))
    return Case(tuple(arrays), seed=draw(seeds))


def _kl_one_parameter(L, family, flavor, p, q):
    cls = getattr(L.t.distributions, family)
    key = "logits" if flavor == "logits" else "probs"
    return L.t.distributions.kl_divergence(cls(**{key: p}), cls(**{key: q}))


def _kl_two_parameters(L, family, a, b, c, d):
    cls = getattr(L.t.distributions, family)
    return L.t.distributions.kl_divergence(cls(a, b), cls(c, d))


SPECS += [
    Spec("distributions.kl_divergence(Bernoulli, Bernoulli)",
         lambda L, f, p, q: _kl_one_parameter(L, "Bernoulli", f, p, q), kl_cases("Bernoulli")),
    Spec("distributions.kl_divergence(Categorical, Categorical)",
         lambda L, f, p, q: _kl_one_parameter(L, "Categorical", f, p, q),
         kl_cases("Categorical"), sums=True),
    Spec("distributions.kl_divergence(Normal, Normal)",
         lambda L, *a: _kl_two_parameters(L, "Normal", *a), kl_cases("Normal")),
    Spec("distributions.kl_divergence(Uniform, Uniform)",
         lambda L, *a: _kl_two_parameters(L, "Uniform", *a), kl_cases("Uniform")),
    Spec("distributions.kl_divergence(Uniform, Normal)",
         lambda L, *a: L.t.distributions.kl_divergence(L.t.distributions.Uniform(a[0], a[1]),
                                                       L.t.distributions.Normal(a[2], a[3])),
         kl_cases("UniformNormal")),
]
