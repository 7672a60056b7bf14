"""Batch normalisation: F.batch_norm (functional/batch_norm.py), nn.BatchNorm1d and
nn.BatchNorm2d (nn/normalization.py), and the module buffers they keep their running
statistics in (nn/buffers.py, nn/module.py).

The training-mode op is checked in float64 (gradcheck and gradgradcheck) and against its
composition from primitive ops; outputs, gradients and the running statistics after a few
training steps are compared with literals taken from PyTorch 2.13; every error path is
tried. tests/parity compares them with torch itself.
"""

from __future__ import annotations

import copy

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from op_strategies import SOME, check, seeds

import minigrad as mg
import minigrad.nn.functional as F  # noqa: N812
from minigrad import nn
from minigrad.errors import DTypeError, ShapeError

SHAPES = st.sampled_from([(4, 3), (3, 2, 4), (2, 2, 3, 2), (5, 1)])


# ---- gradients ----------------------------------------------------------------------------
@SOME
@given(shape=SHAPES, seed=seeds, affine=st.booleans())
def test_training_mode_gradients(shape, seed, affine):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape)
    c = shape[1]
    if affine:
        check(lambda t, w, b: F.batch_norm(t, None, None, w, b, training=True), x,
              rng.uniform(0.5, 2, c), rng.standard_normal(c))
    else:
        check(lambda t: F.batch_norm(t, None, None, training=True, eps=1e-3), x)


@SOME
@given(shape=SHAPES, seed=seeds)
def test_evaluation_mode_gradients(shape, seed):
    rng = np.random.default_rng(seed)
    c = shape[1]
    mean = mg.tensor(rng.standard_normal(c))
    var = mg.tensor(rng.uniform(0.5, 2, c))
    check(lambda t, w, b: F.batch_norm(t, mean, var, w, b), rng.standard_normal(shape),
          rng.standard_normal(c), rng.standard_normal(c))


@SOME
@given(shape=SHAPES, seed=seeds)
def test_the_fused_op_equals_its_composition(shape, seed):
    x = np.random.default_rng(seed).standard_normal(shape)
    axes = (0, *range(2, len(shape)))
    g = np.random.default_rng(seed + 1).standard_normal(shape)
    grads = []
    for fused in (True, False):
        t = mg.tensor(x, requires_grad=True)
        if fused:
            y = F.batch_norm(t, None, None, training=True)
        else:
            centered = t - t.mean(axes, keepdims=True)
            y = centered / ((centered * centered).mean(axes, keepdims=True) + 1e-5).sqrt()
        (y * mg.tensor(g)).sum().backward()
        grads.append((y.numpy(), t.grad.numpy()))
    np.testing.assert_allclose(grads[0][0], grads[1][0], atol=1e-12)
    np.testing.assert_allclose(grads[0][1], grads[1][1], atol=1e-10)


# ---- as PyTorch ---------------------------------------------------------------------------
BATCHES = [[[1.0, -2.0], [3.0, 0.5], [-1.0, 4.0], [2.0, 2.0]],
           [[0.0, 1.0], [2.0, -1.0], [4.0, 3.0]],
           [[-3.0, 2.0], [1.0, 1.5]]]
TORCH = {  # momentum: running_mean, running_var after the three batches, then eval output
    0.1: ([0.18125001, 0.356125], [2.1252499, 1.6195625],
          [[-5.3643723, 1.6458603], [0.12324715, 1.4494158]]),
    None: ([0.74999988, 1.2916667], [4.9722223, 3.5069444],
           [[-4.3634543, 1.1891222], [-0.77576953, 1.0556241]]),
}


@pytest.mark.parametrize("momentum", [0.1, None])
def test_batchnorm1d_steps_as_pytorch(momentum):
    bn = nn.BatchNorm1d(2, momentum=momentum)
    with mg.no_grad():
        bn.weight.copy_([2.0, 0.5])
        bn.bias.copy_([-1.0, 1.0])
    for k, batch in enumerate(BATCHES):
        x = mg.tensor(batch, requires_grad=True)
        y = bn(x)
        (y * mg.arange(y.numel()).reshape(y.shape)).sum().backward()
        if k == 0:  # the batch's own statistics, the biased variance
            np.testing.assert_allclose(y.numpy(), [[-1.33806086, 0.28658804],
                                                   [1.36642647, 0.85731763],
                                                   [-4.04254818, 1.65633893],
                                                   [0.01418281, 1.19975531]], rtol=1e-5)
            np.testing.assert_allclose(x.grad.numpy(), [[-4.09536648, -0.10856993],
                                                        [-1.08179617, -0.11303072],
                                                        [1.00452542, -0.30190924],
                                                        [4.17263699, 0.52350992]], rtol=1e-4)
            np.testing.assert_allclose(bn.weight.grad.numpy(), [-0.67612183, 7.07704639],
                                       rtol=1e-4)
            assert bn.bias.grad.tolist() == [12.0, 16.0]
    mean, var, out = TORCH[momentum]
    # the running variance moved towards the *unbiased* variance of each batch
    np.testing.assert_allclose(bn.running_mean.numpy(), mean, rtol=1e-5)
    np.testing.assert_allclose(bn.running_var.numpy(), var, rtol=1e-5)
    assert bn.num_batches_tracked.item() == 3 and bn.num_batches_tracked.dtype == np.int64
    bn.eval()
    np.testing.assert_allclose(bn(mg.tensor(BATCHES[2])).numpy(), out, rtol=1e-5)
    assert bn.num_batches_tracked.item() == 3  # eval changes no statistics


def test_three_axes_as_pytorch():
    x = mg.tensor([[[1.0, 2.0, 0.0], [3.0, -1.0, 2.0]], [[0.0, 4.0, 1.0], [1.0, 1.0, -2.0]]],
                  requires_grad=True)
    y = F.batch_norm(x, None, None, training=True)
    (y * mg.arange(12.0).reshape(2, 2, 3)).sum().backward()
    np.testing.assert_allclose(y.numpy()[0], [[-0.242535, 0.48507, -0.97014],
                                              [1.3728106, -0.98057896, 0.78446317]], rtol=1e-5)
    np.testing.assert_allclose(x.grad.numpy()[1], [[1.96881068, 1.15561342, 3.03882027],
                                                   [1.35772419, 1.94607151, 0.90515482]],
                               rtol=1e-4)


def test_functional_updates_the_statistics_in_place_and_never_the_input():
    x = mg.tensor([[1.0, 10.0], [3.0, 20.0], [5.0, 60.0]])
    before = x.numpy().copy()
    mean, var = mg.zeros(2), mg.ones(2)
    F.batch_norm(x, mean, var, training=True, momentum=0.5)
    np.testing.assert_allclose(mean.numpy(), [1.5, 15.0])  # (0 + 3) / 2, (0 + 30) / 2
    np.testing.assert_allclose(var.numpy(), [2.5, 350.5])  # (1 + 4) / 2, (1 + 700) / 2
    np.testing.assert_array_equal(x.numpy(), before)
    F.batch_norm(x, mean, var)  # evaluation: nothing is updated
    np.testing.assert_allclose(mean.numpy(), [1.5, 15.0])
    empty = F.batch_norm(mg.zeros(0, 2), mean, var, training=True)
    assert empty.shape == (0, 2) and mean.tolist() == [1.5, 15.0]


def test_dtypes():
    x = mg.randn(4, 3)
    assert F.batch_norm(x, None, None, training=True).dtype == np.float32
    assert nn.BatchNorm1d(3)(x).dtype == np.float32
    assert nn.BatchNorm1d(3, dtype=np.float64)(x.double()).dtype == np.float64
    half = nn.BatchNorm1d(3)(x.half())  # float32 statistics with float16 input, as PyTorch
    assert half.dtype == np.float16 and nn.BatchNorm1d(3).running_mean.dtype == np.float32


# ---- the modules ---------------------------------------------------------------------------
def test_reprs_state_dict_and_buffers_as_pytorch():
    bn = nn.BatchNorm1d(3)
    assert repr(bn) == ("BatchNorm1d(3, eps=1e-05, momentum=0.1, affine=True, bias=True, "
                        "track_running_stats=True)")
    assert repr(nn.BatchNorm2d(4, eps=1e-3, momentum=None, affine=False,
                               track_running_stats=False)) == (
        "BatchNorm2d(4, eps=0.001, momentum=None, affine=False, bias=False, "
        "track_running_stats=False)")
    state = bn.state_dict()
    assert list(state) == ["weight", "bias", "running_mean", "running_var",
                           "num_batches_tracked"]
    assert state["num_batches_tracked"].shape == () and state["running_var"].tolist() == [1] * 3
    assert [n for n, _ in bn.named_buffers()] == ["running_mean", "running_var",
                                                  "num_batches_tracked"]
    assert [n for n, _ in bn.named_parameters()] == ["weight", "bias"]
    model = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
    assert list(model.state_dict())[2:] == ["1.weight", "1.bias", "1.running_mean",
                                            "1.running_var", "1.num_batches_tracked"]
    assert len(list(model.buffers())) == 3
    assert list(nn.BatchNorm1d(2, affine=False).state_dict()) == [
        "running_mean", "running_var", "num_batches_tracked"]
    assert list(nn.BatchNorm1d(2, track_running_stats=False).state_dict()) == ["weight", "bias"]
    assert nn.BatchNorm1d(2, bias=False).bias is None


def test_state_dict_round_trip_through_a_file(tmp_path):
    model = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
    for _ in range(2):
        model(mg.randn(5, 2))
    mg.save(model.state_dict(), tmp_path / "model.npz")
    fresh = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
    fresh.load_state_dict(mg.load(tmp_path / "model.npz"))
    assert fresh[1].num_batches_tracked.item() == 2
    np.testing.assert_array_equal(fresh[1].running_var.numpy(), model[1].running_var.numpy())
    x = mg.randn(4, 2)
    np.testing.assert_allclose(fresh.eval()(x).numpy(), model.eval()(x).numpy())
    with pytest.raises(ValueError, match="missing keys: '1.running_mean'"):
        fresh.load_state_dict({k: v for k, v in model.state_dict().items()
                               if k != "1.running_mean"})


def test_to_converts_floating_buffers_only():
    bn = nn.BatchNorm2d(2).double()
    assert bn.running_mean.dtype == np.float64 and bn.weight.dtype == np.float64
    assert bn.num_batches_tracked.dtype == np.int64
    bn(mg.randn(2, 2, 3, 3, dtype=np.float64))
    assert bn.num_batches_tracked.item() == 1


def test_eval_without_running_statistics_uses_the_batch():
    x = mg.tensor([[1.0], [3.0]])
    bn = nn.BatchNorm1d(1, track_running_stats=False).eval()
    assert bn.running_mean is None
    np.testing.assert_allclose(bn(x).numpy(), [[-0.999995], [0.999995]], rtol=1e-5)


def test_reset_and_copy():
    bn = nn.BatchNorm1d(2)
    bn(mg.tensor([[1.0, 2.0], [3.0, 5.0]]))
    twin = copy.deepcopy(bn)
    bn.reset_running_stats()
    assert bn.running_mean.tolist() == [0, 0] and bn.num_batches_tracked.item() == 0
    assert twin.running_mean.tolist() == pytest.approx([0.2, 0.35])  # its own buffers
    with mg.no_grad():
        bn.weight.mul_(3)
    bn.reset_parameters()
    assert bn.weight.tolist() == [1, 1]


# ---- buffers -------------------------------------------------------------------------------
def test_register_buffer_as_pytorch():
    class Counter(nn.Module):
        def __init__(self):
            super().__init__()
            self.register_buffer("count", mg.tensor(0))
            self.register_buffer("scratch", mg.zeros(2), persistent=False)
            self.register_buffer("nothing", None)

    m = Counter()
    assert list(m.state_dict()) == ["count"]  # not the non-persistent one, nor None
    assert [n for n, _ in m.named_buffers()] == ["count", "scratch"]
    m.count = mg.tensor(5)  # assigning to a buffer's name replaces the buffer
    assert m.state_dict()["count"].item() == 5 and list(m.parameters()) == []
    with pytest.raises(TypeError, match="buffer 'count'"):
        m.count = 3
    with pytest.raises(KeyError, match="already exists"):
        m.register_buffer("training", mg.zeros(1))
    with pytest.raises(KeyError, match="without '.'"):
        m.register_buffer("a.b", mg.zeros(1))
    with pytest.raises(TypeError, match="expected a Tensor or None"):
        m.register_buffer("c", np.zeros(1))
    del m.count
    assert list(m.state_dict()) == []


# ---- errors --------------------------------------------------------------------------------
def test_module_errors():
    with pytest.raises(ValueError, match=r"expected 2D or 3D input \(got 4D input\)"):
        nn.BatchNorm1d(3)(mg.ones(2, 3, 4, 5))
    with pytest.raises(ValueError, match=r"expected 4D input \(got 3D input\)"):
        nn.BatchNorm2d(3)(mg.ones(2, 3, 4))
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        nn.BatchNorm1d(3)(mg.ones(1, 3))
    assert nn.BatchNorm1d(3).eval()(mg.ones(1, 3)).shape == (1, 3)  # fine in eval mode
    with pytest.raises(ShapeError, match=r"running_mean should hold 3 values.*got shape \(4,\)"):
        nn.BatchNorm1d(4)(mg.ones(2, 3))
    with pytest.raises(DTypeError, match="one dtype"):
        nn.BatchNorm1d(3)(mg.ones(2, 3, dtype=np.float64))
    with pytest.raises(TypeError, match="num_features must be an int"):
        nn.BatchNorm1d(2.5)
    with pytest.raises(ValueError, match="num_features must be >= 0"):
        nn.BatchNorm1d(-1)
    with pytest.raises(DTypeError, match="dtype must be floating"):
        nn.BatchNorm1d(2, dtype=np.int64)


def test_functional_errors():
    x = mg.ones(4, 3)
    stats = mg.zeros(3), mg.ones(3)
    with pytest.raises(ValueError, match="both running_mean and running_var"):
        F.batch_norm(x, stats[0], None, training=True)
    with pytest.raises(ValueError, match="must be given in evaluation mode"):
        F.batch_norm(x, None, None)
    with pytest.raises(ValueError, match="eps must be positive in training"):
        F.batch_norm(x, None, None, training=True, eps=0.0)
    with pytest.raises(ValueError, match="eps must be >= 0"):
        F.batch_norm(x, *stats, eps=-1.0)
    with pytest.raises(ValueError, match="requires grad"):
        F.batch_norm(x, mg.zeros(3, requires_grad=True), stats[1])
    with pytest.raises(ShapeError, match="weight should hold 3 values"):
        F.batch_norm(x, *stats, weight=mg.ones(2))
    with pytest.raises(DTypeError, match="must be floating"):
        F.batch_norm(mg.ones(4, 3, dtype=np.int64), *stats)
    with pytest.raises(ShapeError, match=r"\(N, C, \.\.\.\)"):
        F.batch_norm(mg.ones(3), *stats)
    with pytest.raises(TypeError, match="running_var must be a Tensor"):
        F.batch_norm(x, stats[0], np.ones(3))
    with pytest.raises(TypeError, match="momentum must be a number"):
        F.batch_norm(x, *stats, training=True, momentum=None)
