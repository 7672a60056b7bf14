"""F.group_norm, F.instance_norm, nn.GroupNorm, nn.InstanceNorm1d/2d
(functional/group_norm.py, nn/group_norm.py).

Compositions of differentiable ops: gradchecked and gradgradchecked in float64 (weight
and bias there or not, sequences and images, batch of one), compared with literals from
PyTorch 2.13 (values and gradients), float32 kept, and every error.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from op_strategies import check, seeds

import minigrad as mg
import minigrad.functional as F
from minigrad import nn
from minigrad.errors import DTypeError, ShapeError

X = [[[1., 2.], [4., 0.], [-1., 3.], [2., 2.5]]]
X3 = [[[1., 2., 0.5], [4., 0., 1.]], [[-1., 3., 2.], [2., 2.5, -3.]]]


def test_group_norm_matches_torch_values_and_gradient():
    x = mg.tensor(X, dtype=mg.float64, requires_grad=True)
    w, b = mg.tensor([1., 2., -1., 0.5], dtype=mg.float64), mg.tensor([0., 1., .5, -1.],
                                                                        dtype=mg.float64)
    y = F.group_norm(x, 2, w, b)
    np.testing.assert_allclose(y.numpy(), [[[-0.5070913938, 0.1690304646],
                                            [4.0425483626, -1.3664265043],
                                            [2.1867571084, -0.3835394377],
                                            [-0.8795173494, -0.7188738153]]], atol=1e-9)
    (y ** 3).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [[[-6.4737474730, -22.4268855557],
                                                 [12.8320345412, 16.0685984875],
                                                 [-0.5086849882, -1.6997653314],
                                                 [1.8608270721, 0.3476232475]]], atol=1e-8)


def test_instance_norm_matches_torch_values_and_gradient():
    x = mg.tensor(X3, dtype=mg.float64, requires_grad=True)
    w, b = mg.tensor([2., -1.], dtype=mg.float64), mg.tensor([1., .5], dtype=mg.float64)
    y = F.instance_norm(x, weight=w, bias=b)
    np.testing.assert_allclose(y.numpy(), [[[0.4654843885, 3.6725780576, -1.1380624461],
                                            [-0.8728105700, 1.4805789785, 0.8922315914]],
                                           [[-1.7456211399, 2.9611579571, 1.7844631828],
                                            [-0.1040399599, -0.3053866132, 1.9094265732]]],
                               atol=1e-9)
    (y ** 3).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [[[-31.808680651, 10.604598995, 21.204081656],
                                                 [-0.28198404937, -0.84596685251,
                                                  1.1279509019]],
                                                [[2.2558723950, 6.7677348201, -9.0236072151],
                                                 [0.26694398387, -0.24267187596,
                                                  -0.024272107906]]], atol=1e-8)


@settings(max_examples=15, deadline=None)
@given(seeds, st.sampled_from([(2, 4, 3), (1, 4, 2, 2), (3, 2), (2, 6, 1)]),
       st.sampled_from([1, 2]), st.booleans(), st.booleans())
def test_group_norm_gradcheck(seed, shape, groups, with_w, with_b):
    rng = np.random.default_rng(seed)
    arrays = [rng.normal(size=shape)]
    c = shape[1]
    arrays += [rng.normal(size=c) for there in (with_w, with_b) if there]

    def fn(x, *rest):
        it = iter(rest)
        w = next(it) if with_w else None
        b = next(it) if with_b else None
        return F.group_norm(x, groups, w, b, eps=1e-3)
    check(fn, *arrays)


@settings(max_examples=15, deadline=None)
@given(seeds, st.sampled_from([(2, 3, 4), (1, 2, 2, 3), (2, 1, 2)]), st.booleans())
def test_instance_norm_gradcheck(seed, shape, affine):
    rng = np.random.default_rng(seed)
    arrays = [rng.normal(size=shape)]
    if affine:
        arrays += [rng.normal(size=shape[1]), rng.normal(size=shape[1])]
    check(lambda x, *wb: F.instance_norm(x, None, None, *wb, eps=1e-3), *arrays)


def test_instance_norm_is_group_norm_with_one_channel_per_group():
    x = mg.randn(2, 3, 5, dtype=mg.float64)
    np.testing.assert_allclose(F.instance_norm(x).numpy(), F.group_norm(x, 3).numpy(),
                               atol=1e-12)


def test_float32_stays_float32_and_float16_rounds_once():
    x = mg.randn(2, 4, 3)
    assert F.group_norm(x, 2).dtype == mg.float32
    assert F.instance_norm(x).dtype == mg.float32
    assert nn.GroupNorm(2, 4)(x).dtype == mg.float32
    assert nn.InstanceNorm1d(4, affine=True)(x).dtype == mg.float32
    h = x.to(mg.float16)
    assert F.group_norm(h, 2).dtype == mg.float16
    np.testing.assert_allclose(F.group_norm(h, 2).numpy(),
                               F.group_norm(h.to(mg.float32), 2).numpy(), atol=2e-3)


def test_empty_inputs_come_back_empty():
    assert F.group_norm(mg.zeros(0, 4, 2), 2).shape == (0, 4, 2)
    assert F.group_norm(mg.zeros(2, 4, 0), 2).shape == (2, 4, 0)
    assert F.instance_norm(mg.zeros(0, 3, 4)).shape == (0, 3, 4)


def test_modules_reprs_parameters_and_unbatched_inputs():
    gn = nn.GroupNorm(2, 4)
    assert repr(gn) == "GroupNorm(2, 4, eps=1e-05, affine=True, bias=True)"
    assert [name for name, _ in gn.named_parameters()] == ["weight", "bias"]
    assert repr(nn.GroupNorm(1, 3, affine=False)) == \
        "GroupNorm(1, 3, eps=1e-05, affine=False, bias=False)"
    assert list(nn.GroupNorm(1, 3, affine=False).parameters()) == []
    assert repr(nn.InstanceNorm1d(3)) == ("InstanceNorm1d(3, eps=1e-05, momentum=0.1, "
                                          "affine=False, bias=False, track_running_stats=False)")
    inorm = nn.InstanceNorm2d(3, affine=True, dtype=mg.float64)
    assert repr(inorm) == ("InstanceNorm2d(3, eps=1e-05, momentum=0.1, affine=True, "
                           "bias=True, track_running_stats=False)")
    assert inorm.state_dict().keys() == {"weight", "bias"}
    assert nn.InstanceNorm1d(3).state_dict() == {}
    x = mg.randn(3, 4, 5, dtype=mg.float64)
    np.testing.assert_allclose(inorm(x).numpy(), inorm(x.unsqueeze(0)).numpy()[0], atol=1e-12)
    seq = mg.randn(3, 6, dtype=mg.float64)
    np.testing.assert_allclose(nn.InstanceNorm1d(3)(seq).numpy(),
                               F.instance_norm(seq.unsqueeze(0)).numpy()[0], atol=1e-12)
    gn.weight.data = gn.weight.data * 2
    gn.reset_parameters()
    np.testing.assert_array_equal(gn.weight.numpy(), np.ones(4))
    inorm.reset_parameters()


def test_instance_norm_module_channel_mismatch():
    with pytest.raises(ValueError, match="dim=1 to match num_features"):
        nn.InstanceNorm1d(3, affine=True)(mg.randn(2, 4, 5))
    with pytest.warns(UserWarning, match="num_features"):
        nn.InstanceNorm1d(3)(mg.randn(2, 4, 5))


def test_errors():
    with pytest.raises(ValueError, match="divisible by num_groups=3"):
        F.group_norm(mg.randn(2, 4, 3), 3)
    with pytest.raises(ValueError, match="divisible"):
        F.group_norm(mg.randn(2, 4, 3), 0)
    with pytest.raises(TypeError, match="num_groups must be an int"):
        F.group_norm(mg.randn(2, 4, 3), 2.0)
    with pytest.raises(ShapeError, match="at least 2 axes"):
        F.group_norm(mg.randn(4), 2)
    with pytest.raises(DTypeError, match="floating-point"):
        F.group_norm(mg.ones(2, 4, dtype=mg.int64), 2)
    with pytest.raises(ShapeError, match=r"weight must have shape \(4,\)"):
        F.group_norm(mg.randn(2, 4), 2, mg.ones(3))
    with pytest.raises(DTypeError, match="bias has dtype float64"):
        F.group_norm(mg.randn(2, 4), 2, None, mg.zeros(4, dtype=mg.float64))
    with pytest.raises(TypeError, match="eps must be a number"):
        F.group_norm(mg.randn(2, 4), 2, eps="small")
    with pytest.raises(ValueError, match="more than 1 spatial element"):
        F.instance_norm(mg.randn(2, 3))
    with pytest.raises(ValueError, match="more than 1 spatial element"):
        F.instance_norm(mg.randn(2, 3, 1))
    with pytest.raises(NotImplementedError, match="running statistics"):
        F.instance_norm(mg.randn(2, 3, 4), mg.zeros(3), mg.ones(3))
    with pytest.raises(NotImplementedError, match="running statistics"):
        F.instance_norm(mg.randn(2, 3, 4), use_input_stats=False)
    with pytest.raises(TypeError, match="momentum must be a number"):
        F.instance_norm(mg.randn(2, 3, 4), momentum="fast")
    with pytest.raises(ValueError, match=r"num_channels \(4\) must be divisible by num_groups"):
        nn.GroupNorm(3, 4)
    with pytest.raises(ValueError, match="must be divisible"):
        nn.GroupNorm(0, 4)
    with pytest.raises(TypeError, match="num_channels must be an int"):
        nn.GroupNorm(2, 4.0)
    with pytest.raises(ValueError, match="num_groups must be >= 0"):
        nn.GroupNorm(-1, 4)
    with pytest.raises(DTypeError, match="dtype must be floating"):
        nn.GroupNorm(2, 4, dtype=mg.int64)
    with pytest.raises(DTypeError, match="dtype must be floating"):
        nn.InstanceNorm1d(2, dtype=mg.int64)
    with pytest.raises(NotImplementedError, match="track_running_stats=True"):
        nn.InstanceNorm2d(3, track_running_stats=True)
    with pytest.raises(TypeError, match="num_features must be an int"):
        nn.InstanceNorm1d("3")
    with pytest.raises(ValueError, match=r"expected 2D or 3D input \(got 4D input\)"):
        nn.InstanceNorm1d(3)(mg.randn(2, 3, 4, 5))
    with pytest.raises(ValueError, match=r"expected 3D or 4D input \(got 2D input\)"):
        nn.InstanceNorm2d(3)(mg.randn(3, 4))


def test_inputs_are_not_modified():
    data = np.array(X3)
    x = mg.tensor(data.copy())
    F.group_norm(x, 1)
    F.instance_norm(x)
    np.testing.assert_array_equal(x.numpy(), data)


def test_group_norm_refuses_one_value_per_group_as_torch():
    with pytest.raises(ValueError, match="more than 1 value per group"):
        F.group_norm(mg.randn(1, 2), 2)
    with pytest.raises(ValueError, match="more than 1 value per group"):
        F.group_norm(mg.randn(1, 2, 1), 2)
    assert F.group_norm(mg.randn(2, 2), 2).shape == (2, 2)  # 2 examples: allowed
    assert F.group_norm(mg.randn(1, 4), 2).shape == (1, 4)
