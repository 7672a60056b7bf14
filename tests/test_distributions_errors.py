"""minigrad.distributions refuses what PyTorch refuses (validate_args=True, its default),
with a message naming the distribution, the argument and what would be right."""

from __future__ import annotations

import numpy as np
import pytest

import minigrad as mg
from minigrad.distributions import (
    Bernoulli,
    Categorical,
    Distribution,
    Normal,
    OneHotCategorical,
    Uniform,
    kl_divergence,
)
from minigrad.errors import DTypeError, ShapeError


@pytest.mark.parametrize(("make", "words"), [
    (lambda: Bernoulli(probs=mg.tensor([0.2, 1.3])), r"Bernoulli: the parameter probs .*"
                                                     r"must be in \[0.0, 1.0\].* holds 1.3"),
    (lambda: Bernoulli(probs=-0.1), r"Bernoulli: the parameter probs .*holds -0.1"),
    (lambda: Bernoulli(logits=mg.tensor([float("nan")])), r"Bernoulli: .*logits .*not NaN"),
    (lambda: Normal(0.0, -1.0), r"Normal: the parameter scale .*must be > 0.0.*holds -1.0"),
    (lambda: Normal(mg.zeros(2), mg.tensor([1.0, 0.0])), r"Normal: .*scale.* holds 0.0"),
    (lambda: Normal(float("nan"), 1.0), r"Normal: the parameter loc"),
    (lambda: Uniform(1.0, 0.0), r"Uniform: the parameter low .*less than"),
    (lambda: Uniform(mg.zeros(2), mg.tensor([1.0, 0.0])), r"Uniform: the parameter low"),
    (lambda: Categorical(probs=mg.tensor([0.5, -0.2, 0.7])), r"Categorical: .*probs .*>= 0"),
    (lambda: Categorical(probs=mg.zeros(3)), r"Categorical: the parameter probs"),  # 0 / 0: NaN
    (lambda: OneHotCategorical(logits=mg.tensor([float("nan"), 0.0])), r"Categorical: .*logits"),
])
def test_parameters_outside_their_constraint(make, words):
    with pytest.raises(ValueError, match=words):
        make()


def test_probs_or_logits_exactly_one():
    for cls in (Bernoulli, Categorical, OneHotCategorical):
        with pytest.raises(ValueError, match=f"{cls.__name__}: give either probs or logits"):
            cls()
        with pytest.raises(ValueError, match="not both"):
            cls(probs=mg.tensor([0.5, 0.5]), logits=mg.tensor([0.0, 0.0]))


def test_parameter_types_shapes_and_dtypes():
    with pytest.raises(ValueError, match="Normal: loc must be a number or a Tensor, got list"):
        Normal([0.0, 1.0], 1.0)
    with pytest.raises(DTypeError, match=r"Bernoulli: probs must hold floats, got dtype int64"):
        Bernoulli(probs=mg.tensor([0, 1]))
    with pytest.raises(ShapeError, match=r"Normal: the parameters do not broadcast together: "
                                         r"loc of shape \(2,\), scale of shape \(3,\)"):
        Normal(mg.zeros(2), mg.ones(3))
    with pytest.raises(ShapeError, match=r"Categorical: probs must have at least one axis"):
        Categorical(probs=mg.tensor(0.5))


def test_values_outside_the_support():
    coin = Bernoulli(probs=mg.tensor([0.3, 0.6]))
    with pytest.raises(ValueError, match=r"Bernoulli: the value .*must be 0 or 1 .*holds 0.5; "
                                         r"in Bernoulli\(probs: \(2,\)\)"):
        coin.log_prob(mg.tensor([0.5, 1.0]))
    with pytest.raises(ValueError, match=r"Categorical: the value .*from 0 to 1.*holds 2"):
        Categorical(probs=mg.tensor([0.3, 0.7])).log_prob(mg.tensor([2]))
    with pytest.raises(ValueError, match=r"Categorical: the value .*holds 0.5"):
        Categorical(probs=mg.tensor([0.3, 0.7])).log_prob(mg.tensor([0.5]))
    with pytest.raises(ValueError, match=r"Uniform: the value .*in \[0.0, 1.0\].*holds 2.0"):
        Uniform(0.0, 1.0).log_prob(mg.tensor(2.0))
    with pytest.raises(ValueError, match=r"Normal: the value"):
        Normal(0.0, 1.0).log_prob(mg.tensor(float("nan")))
    with pytest.raises(ValueError, match=r"OneHotCategorical: the value .*single 1"):
        OneHotCategorical(probs=mg.tensor([0.3, 0.7])).log_prob(mg.tensor([1.0, 1.0]))


def test_values_of_the_wrong_kind_or_shape():
    coin = Bernoulli(probs=mg.tensor([0.3, 0.6]))
    with pytest.raises(ValueError, match=r"Bernoulli.log_prob: the value must be a Tensor, got "
                                         r"float; e.g. mg.tensor\(1.0\)"):
        coin.log_prob(1.0)
    with pytest.raises(ShapeError, match=r"Bernoulli.log_prob: a value of shape \(3,\) does not"
                                         r" broadcast with batch_shape \+ event_shape = \(2,\)"):
        coin.log_prob(mg.tensor([1.0, 0.0, 1.0]))
    with pytest.raises(ShapeError, match=r"OneHotCategorical.log_prob: the value's last axes "
                                         r"must be the event shape \(2,\), got shape \(3,\)"):
        OneHotCategorical(probs=mg.tensor([0.3, 0.7])).log_prob(mg.tensor([0.0, 0.0, 1.0]))
    with pytest.raises(DTypeError, match=r"Bernoulli.log_prob: value must hold floats"):
        coin.log_prob(mg.tensor([1, 0]))  # torch refuses too (it cannot cast to Long)


def test_sample_shape_must_be_a_tuple():
    for bad in (5, (2.0,), (-1,), "ab"):
        with pytest.raises(TypeError, match=r"Normal: sample_shape must be a tuple of sizes.*"
                                            r"pass \(5,\)"):
            Normal(0.0, 1.0).sample(bad)


def test_rsample_only_where_torch_has_it():
    for d in (Bernoulli(0.5), Categorical(logits=mg.zeros(3))):
        with pytest.raises(NotImplementedError, match=f"{type(d).__name__} has no rsample"):
            d.rsample()
    assert Normal.has_rsample and Uniform.has_rsample and not Bernoulli.has_rsample


def test_kl_of_a_pair_without_a_formula():
    with pytest.raises(NotImplementedError, match="kl_divergence: no KL\\(p \\|\\| q\\) is "
                       "implemented for p of type Bernoulli and q of type Normal"):
        kl_divergence(Bernoulli(0.5), Normal(0.0, 1.0))
    with pytest.raises(NotImplementedError, match="Categorical and q of type OneHotCategorical"):
        kl_divergence(Categorical(logits=mg.zeros(2)), OneHotCategorical(logits=mg.zeros(2)))


def test_validate_args_false_skips_the_checks_as_in_torch():
    n = Normal(0.0, -1.0, validate_args=False)  # accepted, and gives NaN where torch does
    with np.errstate(invalid="ignore"):  # the log of a negative scale
        assert np.isnan(n.entropy().item())
    b = Bernoulli(probs=mg.tensor([0.3]), validate_args=False)
    assert b.log_prob(0.5).shape == (1,)  # a number is taken as a value when unchecked
    Distribution.set_default_validate_args(False)
    try:
        Uniform(1.0, 0.0)
    finally:
        Distribution.set_default_validate_args(True)
    with pytest.raises(ValueError):
        Uniform(1.0, 0.0)
    with pytest.raises(ValueError, match="set_default_validate_args: value must be True or"):
        Distribution.set_default_validate_args("yes")


def test_names_torch_has_and_minigrad_lacks():
    with pytest.raises(AttributeError, match="torch.distributions.Beta is a PyTorch name that "
                                             "minigrad does not have"):
        mg.distributions.Beta  # noqa: B018


def test_the_module_imports_first_in_a_fresh_interpreter():
    import subprocess
    import sys

    code = ("import minigrad.distributions as D; from minigrad.distributions import *; "
            "print(D.__name__, Bernoulli(0.5).entropy().item() > 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["minigrad.distributions", "True"]
