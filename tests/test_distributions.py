"""minigrad.distributions: values against PyTorch 2.13 (literals), gradients in float64,
dtypes, and the sampling statistics of fixed seeds. The error paths are in
test_distributions_errors.py; the comparisons with torch itself on random
parameters in tests/parity/specs_distributions.py."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from op_strategies import FEW, check, seeds, shape_pairs

import minigrad as mg
import minigrad.functional as F
from minigrad.distributions import (
    Bernoulli,
    Categorical,
    Normal,
    OneHotCategorical,
    Uniform,
    kl_divergence,
)


def f64(values) -> mg.Tensor:
    return mg.tensor(values, dtype=np.float64)


def close(t: mg.Tensor, expected, **kw) -> None:
    np.testing.assert_allclose(t.numpy(), expected, rtol=kw.get("rtol", 1e-12), atol=1e-15)


# ---- values (PyTorch 2.13's, as literals) ---------------------------------------------------
def test_bernoulli_from_probs_matches_pytorch():
    b = Bernoulli(probs=f64([0.1, 0.5, 0.8]))
    y = f64([1.0, 0.0, 1.0])
    close(b.log_prob(y), [-2.3025850929940455, -0.6931471805599453, -0.2231435513142097])
    close(b.entropy(), [0.3250829733914482, 0.6931471805599453, 0.5004024235381879])
    close(b.mean, [0.1, 0.5, 0.8])
    close(b.variance, [0.09000000000000001, 0.25, 0.15999999999999998])
    close(b.stddev, [0.30000000000000004, 0.5, 0.39999999999999997])
    close(b.logits, [-2.197224577336219, 0.0, 1.3862943611198908])
    assert b.batch_shape == (3,) and b.event_shape == ()


def test_bernoulli_from_logits_matches_pytorch_and_stays_exact_at_extremes():
    b = Bernoulli(logits=f64([-3.0, 0.0, 2.5]))
    y = f64([1.0, 0.0, 1.0])
    close(b.log_prob(y), [-3.048587351573742, -0.6931471805599453, -0.07888973429254963])
    close(b.entropy(), [0.1908649711064423, 0.6931471805599453, 0.26853518434565826])
    close(b.probs, [0.04742587317756678, 0.5, 0.9241418199787566])
    close(b.variance, [0.04517665973091214, 0.25, 0.07010371654510807])
    extreme = Bernoulli(logits=f64([-40.0, 40.0]))
    close(extreme.log_prob(f64([1.0, 0.0])), [-40.0, -40.0])  # sigmoid(40) is 1.0 here
    close(extreme.entropy(), [0.0, 4.248354255291589e-18], rtol=1e-9)


def test_bernoulli_log_prob_is_minus_bce_with_logits_the_lecture_s_point():
    z = mg.tensor([-1.0, 0.5, 3.0])
    y = mg.tensor([0.0, 1.0, 1.0])
    nll = -Bernoulli(logits=z).log_prob(y).mean()
    assert nll.item() == pytest.approx(F.binary_cross_entropy_with_logits(z, y).item(), abs=1e-7)
    p = mg.tensor([0.3, 0.6])
    assert np.allclose(Bernoulli(probs=p).entropy().numpy(),
                       F.entropy(mg.stack([1 - p, p], axis=-1)).numpy())


def test_categorical_matches_pytorch():
    c = Categorical(probs=f64([[1.0, 2.0, 3.0, 4.0], [0.5, 0.0, 0.25, 0.25]]))  # normalised
    close(c.probs, [[0.1, 0.2, 0.3, 0.4], [0.5, 0.0, 0.25, 0.25]])
    close(c.log_prob(mg.tensor([3, 2])), [-0.916290731874155, -1.3862943611198906])
    close(c.entropy(), [1.2798542258336676, 1.0397207708399179])
    close(c.logits[1], [-0.6931471805599453, -36.04365338911715, -1.3862943611198906,
                        -1.3862943611198906])  # log of the clamped 0
    assert c.batch_shape == (2,) and c.event_shape == ()
    assert np.isnan(c.mean.numpy()).all() and c.mean.shape == (2,)
    np.testing.assert_array_equal(c.mode.numpy(), [3, 0])
    logits = Categorical(logits=f64([[2.0, -1.0, 0.5]]))
    close(logits.log_prob(mg.tensor([[0], [1], [2]])),
          [[-0.24131129665715711], [-3.241311296657157], [-1.7413112966571571]])
    close(logits.entropy(), [0.6215846046792746])
    close(logits.probs, [[0.7855970345892759, 0.039112573270687456, 0.1752903921400367]])


def test_categorical_entropy_in_nats_and_cross_entropy():
    die = Categorical(probs=mg.full((6,), 1 / 6, dtype=np.float64))
    assert die.entropy().item() == pytest.approx(np.log(6), abs=1e-15)
    scores = mg.tensor([[2.0, -1.0, 0.5], [0.0, 1.0, 0.0]])
    target = mg.tensor([0, 1])
    nll = -Categorical(logits=scores).log_prob(target).mean()
    assert nll.item() == pytest.approx(F.cross_entropy(scores, target).item(), abs=1e-7)


def test_one_hot_categorical_matches_pytorch():
    o = OneHotCategorical(probs=f64([0.2, 0.3, 0.5]))
    close(o.log_prob(f64([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])),
          [-0.6931471805599453, -1.6094379124341003])
    close(o.entropy(), 1.0296530140645737)
    close(o.variance, [0.16000000000000003, 0.21, 0.25])
    close(o.mean, [0.2, 0.3, 0.5])
    assert o.batch_shape == () and o.event_shape == (3,)
    np.testing.assert_array_equal(o.mode.numpy(), [0.0, 0.0, 1.0])


def test_normal_matches_pytorch():
    n = Normal(f64([0.0, 1.5]), f64([1.0, 0.3]))
    close(n.log_prob(f64([0.5, 2.0])), [-1.0439385332046727, -1.1038546177676254])
    close(n.entropy(), [1.4189385332046727, 0.21496572887873655])
    close(n.mean, [0.0, 1.5])
    close(n.variance, [1.0, 0.09])
    close(n.stddev, [1.0, 0.3])
    assert Normal(0.0, 1.0).batch_shape == () and n.batch_shape == (2,)
    assert Normal(mg.zeros(3), 1.0).batch_shape == (3,)


def test_uniform_matches_pytorch():
    u = Uniform(f64([0.0, -1.0]), f64([2.0, 3.0]))
    close(u.log_prob(f64([0.5, 3.0])), [-0.6931471805599453, -np.inf])  # high is excluded
    close(u.entropy(), [0.6931471805599453, 1.3862943611198906])
    close(u.mean, [1.0, 1.0])
    close(u.variance, [0.3333333333333333, 1.3333333333333333])
    close(u.stddev, [0.5773502691896258, 1.1547005383792517])
    unchecked = Uniform(0.0, 1.0, validate_args=False)
    close(unchecked.log_prob(mg.tensor([2.0, 1.0, 0.0])), [-np.inf, -np.inf, 0.0])
    assert np.isnan(u.mode.numpy()).all()


def test_kl_divergence_matches_pytorch():
    close(kl_divergence(Bernoulli(probs=f64([0.5, 0.2, 0.0, 1.0, 0.3])),
                        Bernoulli(probs=f64([0.9, 0.2, 0.5, 0.0, 1.0]))),
          [0.5108256237659907, 0.0, 0.6931471805599451, np.inf, np.inf])
    close(kl_divergence(Categorical(probs=f64([[0.2, 0.3, 0.5], [0.5, 0.5, 0.0],
                                               [0.5, 0.5, 0.0]])),
                        Categorical(probs=f64([[0.1, 0.6, 0.3], [0.25, 0.25, 0.5],
                                               [0.0, 0.5, 0.5]]))),
          [0.18609809382700085, 0.6931471805599453, np.inf])
    close(kl_divergence(Normal(f64([0.0, 1.0]), f64([1.0, 0.5])),
                        Normal(f64([1.0, -1.0]), f64([2.0, 0.5]))), [0.4431471805599453, 8.0])
    close(kl_divergence(Uniform(mg.zeros(2), mg.ones(2)),
                        Uniform(mg.tensor([-1.0, 0.5]), mg.tensor([2.0, 3.0]))),
          [1.0986123085021973, np.inf], rtol=1e-7)
    close(kl_divergence(Uniform(mg.zeros(1), mg.ones(1)),
                        Normal(mg.tensor([0.2]), mg.tensor([1.5]))), [1.362922191619873],
          rtol=1e-7)
    p = OneHotCategorical(probs=f64([0.2, 0.3, 0.5]))
    q = OneHotCategorical(probs=f64([0.1, 0.6, 0.3]))
    close(kl_divergence(p, q), 0.18609809382700085)
    assert kl_divergence(Normal(0.0, 1.0), Uniform(0.0, 1.0)).item() == np.inf


def test_kl_is_cross_entropy_minus_entropy():
    p, q = f64([0.2, 0.3, 0.5]), f64([0.1, 0.6, 0.3])
    kl = kl_divergence(Categorical(probs=p), Categorical(probs=q))
    expected = F.cross_entropy_between(p, q) - F.entropy(p)
    assert kl.item() == pytest.approx(expected.item(), abs=1e-15)


# ---- dtypes: float32 stays float32 ------------------------------------------------------------
def test_float32_parameters_give_float32_results():
    x = mg.tensor([0.2, 0.7])
    dists = [Bernoulli(probs=x), Bernoulli(logits=x), Normal(x, 1.0), Uniform(x, 2.0),
             Categorical(probs=x), OneHotCategorical(logits=x)]
    for d in dists:
        for t in (d.entropy(), d.mean, d.variance, d.sample((2,))):
            assert t.dtype in (np.float32, np.int64), (d, t.dtype)
    assert Normal(x, 1.0).rsample().dtype == np.float32
    assert Normal(x, 1.0).log_prob(mg.tensor([0.5, 1.0])).dtype == np.float32
    assert Bernoulli(0.3).probs.dtype == np.float32  # a Python number: the default dtype
    assert Categorical(probs=x).sample().dtype == np.int64
    assert kl_divergence(Normal(x, 1.0), Normal(0.0, 2.0)).dtype == np.float32


# ---- gradients (float64) -------------------------------------------------------------------
def _probs(rng, shape):
    return rng.uniform(0.1, 0.9, size=shape)


@FEW
@given(shape_pairs, seeds)
def test_bernoulli_log_prob_and_entropy_gradients(shapes, seed):
    (param_shape, value_shape), _ = shapes
    rng = np.random.default_rng(seed)
    y = f64(rng.integers(0, 2, size=value_shape).astype(float))
    check(lambda p: Bernoulli(probs=p).log_prob(y), _probs(rng, param_shape))
    check(lambda z: Bernoulli(logits=z).log_prob(y), rng.normal(size=param_shape))
    check(lambda p: Bernoulli(probs=p).entropy(), _probs(rng, param_shape))
    check(lambda z: Bernoulli(logits=z).entropy(), rng.normal(size=param_shape))


@FEW
@given(st.sampled_from([(3,), (2, 3), (2, 1, 4)]), seeds)
def test_categorical_log_prob_and_entropy_gradients(shape, seed):
    rng = np.random.default_rng(seed)
    value = mg.tensor(rng.integers(0, shape[-1], size=shape[:-1]))
    check(lambda p: Categorical(probs=p).log_prob(value), rng.uniform(0.2, 1.0, size=shape))
    check(lambda z: Categorical(logits=z).log_prob(value), rng.normal(size=shape))
    check(lambda p: Categorical(probs=p).entropy(), rng.uniform(0.2, 1.0, size=shape))
    check(lambda z: Categorical(logits=z).entropy(), rng.normal(size=shape))
    row = mg.tensor(np.eye(shape[-1])[value.numpy()])
    check(lambda z: OneHotCategorical(logits=z).log_prob(row), rng.normal(size=shape))


@FEW
@given(shape_pairs, seeds)
def test_normal_and_uniform_gradients(shapes, seed):
    (a, b), _ = shapes
    rng = np.random.default_rng(seed)
    x = f64(rng.normal(size=np.broadcast_shapes(a, b)) * 0.3 + 0.5)
    check(lambda m, s: Normal(m, s).log_prob(x), rng.normal(size=a), rng.uniform(0.5, 2, b))
    check(lambda s: Normal(0.0, s).entropy(), rng.uniform(0.5, 2, b))
    check(lambda lo, hi: Uniform(lo, hi).log_prob(x), rng.uniform(-2, -1, a),
          rng.uniform(2, 3, b))
    check(lambda lo, hi: Uniform(lo, hi).entropy(), rng.uniform(-2, -1, a), rng.uniform(2, 3, b))


@FEW
@given(shape_pairs, seeds)
def test_rsample_gradients_with_a_fixed_seed(shapes, seed):
    (a, b), _ = shapes

    def drawn(dist_type):
        def fn(x, y):
            mg.manual_seed(seed)  # the same noise at every point gradcheck tries
            return dist_type(x, y).rsample((2,))
        return fn

    rng = np.random.default_rng(seed)
    check(drawn(Normal), rng.normal(size=a), rng.uniform(0.5, 2, b))
    check(drawn(Uniform), rng.uniform(-2, -1, a), rng.uniform(1, 2, b))


def test_rsample_is_loc_plus_scale_times_noise():
    loc = mg.tensor([1.0, 2.0], requires_grad=True, dtype=np.float64)
    scale = mg.tensor([0.5, 3.0], requires_grad=True, dtype=np.float64)
    mg.manual_seed(3)
    x = Normal(loc, scale).rsample((4,))
    x.sum().backward()
    eps = (x.numpy() - loc.numpy()) / scale.numpy()
    close(loc.grad, [4.0, 4.0])
    close(scale.grad, eps.sum(0), rtol=1e-10)
    with mg.no_grad():
        assert not Normal(loc, scale).rsample().requires_grad
    assert not Normal(loc, scale).sample((3,)).requires_grad


@FEW
@given(st.sampled_from([(), (3,), (2, 3)]), seeds)
def test_kl_gradients(shape, seed):
    rng = np.random.default_rng(seed)
    check(lambda p, q: kl_divergence(Bernoulli(probs=p), Bernoulli(probs=q)),
          _probs(rng, shape), _probs(rng, shape))
    check(lambda p, q: kl_divergence(Bernoulli(logits=p), Bernoulli(logits=q)),
          rng.normal(size=shape), rng.normal(size=shape))
    check(lambda m1, s1, m2, s2: kl_divergence(Normal(m1, s1), Normal(m2, s2)),
          rng.normal(size=shape), rng.uniform(0.5, 2, shape), rng.normal(size=shape),
          rng.uniform(0.5, 2, shape))
    rows = shape + (3,)
    check(lambda p, q: kl_divergence(Categorical(logits=p), Categorical(logits=q)),
          rng.normal(size=rows), rng.normal(size=rows))
    check(lambda p, q: kl_divergence(Categorical(probs=p), Categorical(probs=q)),
          rng.uniform(0.2, 1, rows), rng.uniform(0.2, 1, rows))


def test_lazily_converted_parameters_stay_in_the_graph():
    z = mg.tensor([0.3, -1.2], requires_grad=True, dtype=np.float64)
    b = Bernoulli(logits=z)
    with mg.no_grad():
        p = b.probs  # computed on first use, inside the graph even under no_grad
    p.sum().backward()
    s = 1 / (1 + np.exp(-z.numpy()))
    close(z.grad, s * (1 - s), rtol=1e-12)
    assert b.probs is p  # kept


# ---- sampling: statistics of fixed seeds, shapes ---------------------------------------------
def test_bernoulli_and_categorical_frequencies():
    mg.manual_seed(0)
    coins = Bernoulli(probs=mg.tensor([0.1, 0.5, 0.9])).sample((20000,))
    assert coins.shape == (20000, 3) and set(np.unique(coins.numpy())) <= {0.0, 1.0}
    np.testing.assert_allclose(coins.numpy().mean(0), [0.1, 0.5, 0.9], atol=0.01)
    die = Categorical(probs=mg.tensor([[0.1, 0.2, 0.7, 0.0], [0.25, 0.25, 0.25, 0.25]]))
    draws = die.sample((20000,)).numpy()
    assert draws.shape == (20000, 2)
    np.testing.assert_allclose(np.bincount(draws[:, 0], minlength=4) / 20000,
                               [0.1, 0.2, 0.7, 0.0], atol=0.01)
    assert not (draws[:, 0] == 3).any()  # probability 0: never drawn
    np.testing.assert_allclose(np.bincount(draws[:, 1], minlength=4) / 20000, [0.25] * 4,
                               atol=0.01)
    rows = OneHotCategorical(probs=mg.tensor([0.3, 0.7])).sample((10000,)).numpy()
    assert rows.shape == (10000, 2) and (rows.sum(-1) == 1).all()
    np.testing.assert_allclose(rows.mean(0), [0.3, 0.7], atol=0.015)


def test_normal_and_uniform_moments():
    mg.manual_seed(1)
    x = Normal(mg.tensor([1.0, -2.0]), mg.tensor([0.5, 3.0])).sample((40000,)).numpy()
    np.testing.assert_allclose(x.mean(0), [1.0, -2.0], atol=0.04)
    np.testing.assert_allclose(x.std(0), [0.5, 3.0], rtol=0.02)
    u = Uniform(mg.tensor([0.0, -1.0]), mg.tensor([2.0, 3.0])).sample((40000,)).numpy()
    assert (u >= [0.0, -1.0]).all() and (u < [2.0, 3.0]).all()
    np.testing.assert_allclose(u.mean(0), [1.0, 1.0], atol=0.03)
    np.testing.assert_allclose(u.var(0), [1 / 3, 4 / 3], rtol=0.03)


def test_samples_follow_the_seed_and_the_shapes():
    d = Normal(mg.zeros(2, 3), 1.0)
    mg.manual_seed(5)
    a = d.sample((4,))
    mg.manual_seed(5)
    b = d.sample((4,))
    np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert a.shape == (4, 2, 3) and d.sample().shape == (2, 3)
    assert d.sample([2, 1]).shape == (2, 1, 2, 3)
    assert Bernoulli(0.5).sample().shape == ()


def test_expand_repeats_the_batch():
    b = Bernoulli(logits=mg.tensor([0.0, 2.0])).expand((3, 2))
    assert b.batch_shape == (3, 2) and b.sample().shape == (3, 2)
    assert b.log_prob(mg.tensor([1.0, 0.0])).shape == (3, 2)
    c = Categorical(probs=mg.tensor([0.2, 0.8])).expand((4,))
    assert c.batch_shape == (4,) and c.probs.shape == (4, 2) and c.sample((5,)).shape == (5, 4)
    o = OneHotCategorical(probs=mg.tensor([0.2, 0.8])).expand((4,))
    assert o.batch_shape == (4,) and o.sample().shape == (4, 2)
    n = Normal(0.0, 1.0).expand((2,))
    assert n.entropy().shape == (2,)


def test_enumerate_support_and_repr():
    np.testing.assert_array_equal(Bernoulli(probs=mg.tensor([0.1, 0.2])).enumerate_support()
                                  .numpy(), [[0.0, 0.0], [1.0, 1.0]])
    np.testing.assert_array_equal(Categorical(logits=mg.zeros(3)).enumerate_support().numpy(),
                                  [0, 1, 2])
    assert repr(Normal(0.0, 1.0)) == "Normal(loc: 0.0, scale: 1.0)"
    assert repr(Bernoulli(probs=mg.tensor([0.1, 0.2]))) == "Bernoulli(probs: (2,))"
