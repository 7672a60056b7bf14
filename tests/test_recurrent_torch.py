"""Recurrent layers and cells against PyTorch itself (tests marked `torch`: skipped
without torch, required under `make parity`).

minigrad's randomly initialised weights are copied into PyTorch's module through
the state_dict, and the outputs, the final states and every gradient (the
parameters', the input's, h_0's and c_0's) are compared, in float32 and
float64: batched, batch_first, unbatched, bidirectional, multi-layer, without
biases, with and without h_0, and dropout in eval mode and at p = 1 in training.
"""

from __future__ import annotations

import numpy as np
import pytest
from torch_or_skip import torch_or_skip

import minigrad as mg
from minigrad import nn

LAYERS = ["RNN", "LSTM", "GRU"]

pytestmark = pytest.mark.torch


def _torch():
    return torch_or_skip()


def _pair(kind: str, dtype, *args, **kwargs):
    """The minigrad module and PyTorch's, with minigrad's random weights in both."""
    torch = _torch()
    ours = getattr(nn, kind)(*args, dtype=dtype, **kwargs)
    theirs = getattr(torch.nn, kind)(*args, dtype=getattr(torch, np.dtype(dtype).name),
                                     **kwargs)
    theirs.load_state_dict({k: torch.from_numpy(v.numpy()) for k, v in ours.state_dict().items()})
    return ours, theirs


def _both(torch, array: np.ndarray):
    return (mg.tensor(array, requires_grad=True),
            torch.tensor(array, requires_grad=True))


def _flat(result) -> list:
    if isinstance(result, (tuple, list)):
        return [t for item in result for t in _flat(item)]
    return [result]


def _compare(torch, ours, theirs, our_out, their_out, leaves, dtype) -> None:
    """Outputs, then the gradients of a weighted sum of them, leaves and parameters."""
    tol = {"rtol": 1e-5, "atol": 1e-6} if dtype == np.float32 else {"rtol": 1e-10, "atol": 1e-12}
    our_out, their_out = _flat(our_out), _flat(their_out)
    assert [t.shape for t in our_out] == [tuple(t.shape) for t in their_out]
    rng = np.random.default_rng(0)
    ours_total, theirs_total = 0, 0
    for a, b in zip(our_out, their_out):
        assert a.dtype == np.dtype(dtype)
        np.testing.assert_allclose(a.numpy(), b.detach().numpy(), **tol)
        w = rng.standard_normal(a.shape).astype(dtype)
        ours_total = ours_total + (a * mg.tensor(w)).sum()
        theirs_total = theirs_total + (b * torch.from_numpy(w)).sum()
    ours_total.backward()
    theirs_total.backward()
    for a, b in leaves:
        np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), **tol)
    named = dict(theirs.named_parameters())
    for name, p in ours.named_parameters():
        np.testing.assert_allclose(p.grad.numpy(), named[name].grad.numpy(), **tol,
                                   err_msg=name)


LAYOUTS = [
    {},
    {"batch_first": True},
    {"bidirectional": True},
    {"num_layers": 3},
    {"num_layers": 2, "bidirectional": True, "batch_first": True},
    {"bias": False, "num_layers": 2},
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda kw: ",".join(kw) or "default")
@pytest.mark.parametrize("kind", ["RNN", "RNN-relu", "LSTM", "GRU"])
@pytest.mark.parametrize("h0", [False, True], ids=["no-h0", "h0"])
def test_layer_matches_pytorch(kind: str, layout: dict, dtype, h0: bool) -> None:
    torch = _torch()
    extra = {"nonlinearity": "relu"} if kind == "RNN-relu" else {}
    kind = kind.split("-")[0]
    mg.manual_seed(len(kind) + len(layout))
    ours, theirs = _pair(kind, dtype, 3, 4, **layout, **extra)
    rng = np.random.default_rng(1)
    batch_first = layout.get("batch_first", False)
    x = _both(torch, rng.standard_normal((2, 5, 3) if batch_first else (5, 2, 3)).astype(dtype))
    leaves = [x]
    hx = (None, None)
    if h0:
        count = layout.get("num_layers", 1) * (2 if layout.get("bidirectional") else 1)
        states = [_both(torch, rng.standard_normal((count, 2, 4)).astype(dtype))
                  for _ in range(2 if kind == "LSTM" else 1)]
        leaves += states
        hx = tuple(zip(*states)) if kind == "LSTM" else states[0]
    _compare(torch, ours, theirs, ours(x[0], hx[0]), theirs(x[1], hx[1]), leaves, dtype)


@pytest.mark.parametrize("kind", LAYERS)
@pytest.mark.parametrize("h0", [False, True], ids=["no-h0", "h0"])
def test_unbatched_layer_matches_pytorch(kind: str, h0: bool) -> None:
    torch = _torch()
    ours, theirs = _pair(kind, np.float64, 3, 4, num_layers=2, bidirectional=True)
    rng = np.random.default_rng(2)
    x = _both(torch, rng.standard_normal((6, 3)))
    leaves, hx = [x], (None, None)
    if h0:
        states = [_both(torch, rng.standard_normal((4, 4))) for _ in range(
            2 if kind == "LSTM" else 1)]
        leaves += states
        hx = tuple(zip(*states)) if kind == "LSTM" else states[0]
    _compare(torch, ours, theirs, ours(x[0], hx[0]), theirs(x[1], hx[1]), leaves, np.float64)


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
@pytest.mark.parametrize("kind", ["RNNCell", "RNNCell-relu", "LSTMCell", "GRUCell"])
@pytest.mark.parametrize("shape", [(2, 3), (3,), (0, 3)], ids=["batched", "unbatched", "empty"])
@pytest.mark.parametrize("given", [False, True], ids=["no-hx", "hx"])
def test_cell_matches_pytorch(kind: str, dtype, shape: tuple, given: bool) -> None:
    torch = _torch()
    extra = {"nonlinearity": "relu"} if kind.endswith("relu") else {}
    kind = kind.split("-")[0]
    ours, theirs = _pair(kind, dtype, 3, 4, **extra)
    rng = np.random.default_rng(3)
    x = _both(torch, rng.standard_normal(shape).astype(dtype))
    leaves, hx = [x], (None, None)
    if given:
        states = [_both(torch, rng.standard_normal(shape[:-1] + (4,)).astype(dtype))
                  for _ in range(2 if kind == "LSTMCell" else 1)]
        leaves += states
        hx = tuple(zip(*states)) if kind == "LSTMCell" else states[0]
    _compare(torch, ours, theirs, ours(x[0], hx[0]), theirs(x[1], hx[1]), leaves, dtype)


def test_dropout_matches_pytorch_in_eval_and_at_one_in_train() -> None:
    torch = _torch()
    for training, p in ((False, 0.5), (True, 1.0)):
        ours, theirs = _pair("LSTM", np.float64, 3, 4, num_layers=3, dropout=p)
        ours.train(training)
        theirs.train(training)
        x = _both(torch, np.random.default_rng(4).standard_normal((5, 2, 3)))
        _compare(torch, ours, theirs, ours(x[0]), theirs(x[1]), [x], np.float64)


def test_a_pytorch_state_dict_loads_into_minigrad() -> None:
    torch = _torch()
    torch.manual_seed(0)
    theirs = torch.nn.GRU(3, 4, num_layers=2, bidirectional=True)
    ours = nn.GRU(3, 4, num_layers=2, bidirectional=True)
    ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    x = np.random.default_rng(5).standard_normal((4, 2, 3)).astype(np.float32)
    np.testing.assert_allclose(ours(mg.tensor(x))[0].numpy(),
                               theirs(torch.from_numpy(x))[0].detach().numpy(), rtol=1e-5,
                               atol=1e-6)
