"""Specs of the recurrent layers and cells (nn/recurrent.py, nn/cells.py): nn.RNN (tanh
and relu), nn.LSTM, nn.GRU, nn.RNNCell, nn.LSTMCell, nn.GRUCell.

Each case builds the module in both libraries with the same weights (drawn as
Arrs, copied in under no_grad), runs it on the input (and h_0, c_0 when
given), runs backward itself with fixed weights on every output, and returns
the outputs and every parameter's gradient; the input's and the states'
gradients are compared by the harness. The cases cover float32 and float64,
batched, batch_first and unbatched inputs, empty batches, one to two layers,
both directions, no biases, dropout in eval mode (and p = 1 while training,
which is not random), and the inputs both libraries refuse: a wrong number of
axes or features, a sequence of length 0, states of the wrong shape, mixed
dtypes. A third spec compares the constructors: the reprs, the parameters'
names and shapes, and the arguments both refuse.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from parity_harness import Arr, Case, Spec, weights_for
from parity_strategies import F32_64, seeds, values

SPECS: list[Spec] = []

_GATES = {"RNN": 1, "LSTM": 4, "GRU": 3}


def _weights(draw, dtype, kind: str, n_in: int, hidden: int, layers: int, directions: int,
             bias: bool) -> list[Arr]:
    """The parameters in PyTorch's order (layer, direction, w_ih, w_hh, b_ih, b_hh)."""
    rows = _GATES[kind] * hidden
    shapes = []
    for layer in range(layers):
        for _ in range(directions):
            shapes += [(rows, n_in if layer == 0 else hidden * directions), (rows, hidden)]
            shapes += [(rows,), (rows,)] if bias else []
    return [Arr(values(dtype, s, "normal", draw(seeds)) * 0.5, grad=False) for s in shapes]


def _wrong(draw, size: int) -> int:
    """Mostly the right size; now and then one that both libraries refuse."""
    return draw(st.sampled_from([size] * 9 + [size + 1]))


@st.composite
def layer_cases(draw, kind: str) -> Case:
    dtype = draw(st.sampled_from(F32_64))
    n_in, hidden = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    layers, directions = draw(st.integers(1, 2)), draw(st.sampled_from([1, 2]))
    bias, batch_first = draw(st.booleans()), draw(st.booleans())
    length = draw(st.sampled_from([1, 2, 3, 4] * 4 + [0]))
    batch = draw(st.sampled_from([2, 1, 3, 0, None]))  # None: one unbatched sequence
    ndim_wrong = draw(st.sampled_from([False] * 15 + [True]))
    if batch is None:
        shape = (length, _wrong(draw, n_in))
    else:
        shape = (batch, length) if batch_first else (length, batch)
        shape += (_wrong(draw, n_in),)
    if ndim_wrong:
        shape = shape + (1,) if batch is not None else shape[1:]
    x_dtype = dtype if draw(st.sampled_from([True] * 15 + [False])) else (
        np.float64 if dtype == np.float32 else np.float32)
    x = Arr(values(x_dtype, shape, "normal", draw(seeds)))
    states = None
    if draw(st.booleans()):
        count = _wrong(draw, layers * directions)
        state_shape = (count, hidden) if batch is None else (count, batch, hidden)
        states = [Arr(values(dtype, state_shape, "normal", draw(seeds)) * 0.5)
                  for _ in range(2 if kind == "LSTM" else 1)]
    config = {"input_size": n_in, "hidden_size": hidden, "num_layers": layers,
              "bidirectional": directions == 2, "bias": bias, "batch_first": batch_first}
    if kind == "RNN":
        config["nonlinearity"] = draw(st.sampled_from(["tanh", "relu"]))
    training = draw(st.booleans())
    if layers > 1:  # dropout between the layers: random unless p = 1 or not training
        config["dropout"] = draw(st.sampled_from([0.0, 0.5, 1.0] if not training else [0.0, 1.0]))
    weights = _weights(draw, dtype, kind, n_in, hidden, layers, directions, bias)
    return Case((x, weights, states), {"kind": kind, "training": training, **config},
                seed=draw(seeds))


def _fill(L, module, weights) -> None:
    with L.t.no_grad():
        for p, w in zip(module.parameters(), weights):
            p.copy_(w)


def _backward_all(L, outputs, seed: int) -> None:
    """backward of sum_k (output_k * fixed weights_k), the same in both libraries."""
    total = 0
    for k, y in enumerate(outputs):
        w = L.tensor(weights_for(tuple(y.shape), seed, k))
        total = total + (y * (w.to(y.dtype) if L.name == "torch" else w.astype(y.dtype))).sum()
    total.backward()


def layer(L, x, weights, states, kind, training, **config):
    """(output, h_n[, c_n]) and every parameter's gradient."""
    module = getattr(L.nn, kind)(dtype=weights[0].dtype, **config)
    _fill(L, module, weights)
    module.train(training)
    hx = None if states is None else (tuple(states) if kind == "LSTM" else states[0])
    output, state = module(x, hx)
    outputs = [output, *(state if kind == "LSTM" else (state,))]
    _backward_all(L, outputs, 7)
    return [y.detach() for y in outputs] + [p.grad for p in module.parameters()]


@st.composite
def cell_cases(draw, kind: str) -> Case:
    dtype = draw(st.sampled_from(F32_64))
    n_in, hidden = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    bias = draw(st.booleans())
    batch = draw(st.sampled_from([2, 1, 3, 0, None]))
    shape = (_wrong(draw, n_in),) if batch is None else (batch, _wrong(draw, n_in))
    if draw(st.sampled_from([False] * 15 + [True])):
        shape = (1,) + shape  # one axis too many: both refuse
    x_dtype = dtype if draw(st.sampled_from([True] * 15 + [False])) else (
        np.float64 if dtype == np.float32 else np.float32)
    x = Arr(values(x_dtype, shape, "normal", draw(seeds)))
    states = None
    if draw(st.booleans()):
        state_shape = (_wrong(draw, hidden),) if batch is None else (batch, _wrong(draw, hidden))
        states = [Arr(values(dtype, state_shape, "normal", draw(seeds)) * 0.5)
                  for _ in range(2 if kind == "LSTMCell" else 1)]
    config = {"input_size": n_in, "hidden_size": hidden, "bias": bias}
    if kind == "RNNCell":
        config["nonlinearity"] = draw(st.sampled_from(["tanh", "relu"]))
    weights = _weights(draw, dtype, kind[:-4], n_in, hidden, 1, 1, bias)
    return Case((x, weights, states), {"kind": kind, **config}, seed=draw(seeds))


def cell(L, x, weights, states, kind, **config):
    """h' (or h', c') and every parameter's gradient."""
    module = getattr(L.nn, kind)(dtype=weights[0].dtype, **config)
    _fill(L, module, weights)
    hx = None if states is None else (tuple(states) if kind == "LSTMCell" else states[0])
    result = module(x, hx)
    outputs = list(result) if kind == "LSTMCell" else [result]
    _backward_all(L, outputs, 11)
    return [y.detach() for y in outputs] + [p.grad for p in module.parameters()]


@st.composite
def constructor_cases(draw) -> Case:
    kind = draw(st.sampled_from(["RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell"]))
    if kind.endswith("Cell"):  # (PyTorch's cells accept a size 0 and bias=1: minigrad
        # refuses them, as its layers and PyTorch's do; see docs/guide/pytorch.md)
        sizes, flags = st.sampled_from([1, 2, 3, 5, 2.0]), st.booleans()
    else:
        sizes = st.sampled_from([1, 2, 3, 5] * 3 + [0, -1, 2.0])
        flags = st.sampled_from([True, False] * 4 + [1])
    kwargs = {"input_size": draw(sizes), "hidden_size": draw(sizes), "bias": draw(flags)}
    if not kind.endswith("Cell"):
        kwargs["num_layers"] = draw(st.sampled_from([1, 2, 3] * 3 + [0]))
        kwargs["batch_first"] = draw(st.sampled_from([True, False] * 4 + [0]))
        kwargs["dropout"] = draw(st.sampled_from([0.0, 0.0, 0.25, 1, 0.5, -0.1, 1.5, True]))
        kwargs["bidirectional"] = draw(st.booleans())
        if draw(st.sampled_from([False] * 5 + [True])):
            kwargs["proj_size"] = draw(st.sampled_from([0, -1]))  # RNN, GRU: refused
    if kind in ("RNN", "RNNCell"):
        kwargs["nonlinearity"] = draw(st.sampled_from(["tanh", "relu", "tanh", "relu", "sig"]))
    return Case((), {"kind": kind, **kwargs}, seed=draw(seeds))


def constructor(L, kind, **kwargs):
    """The repr, and each parameter's name and shape."""
    module = getattr(L.nn, kind)(**kwargs)
    if kind == "RNNCell":  # PyTorch refuses a wrong nonlinearity at the first call only
        module(L.tensor(np.zeros((1, kwargs["input_size"]), dtype=np.float32)))
    return [repr(module)] + [f"{name} {tuple(p.shape)}" for name, p in module.named_parameters()]


SPECS += [
    Spec(f"nn.{kind}", lambda L, *a, **kw: layer(L, *a, **kw), layer_cases(kind),
         grads_out=True, tol=10, grad_tol=10)
    for kind in ("RNN", "LSTM", "GRU")
] + [
    Spec(f"nn.{kind}", lambda L, *a, **kw: cell(L, *a, **kw), cell_cases(kind),
         grads_out=True, tol=10, grad_tol=10)
    for kind in ("RNNCell", "LSTMCell", "GRUCell")
] + [
    Spec("nn.RNN/LSTM/GRU and cells (constructors)", constructor, constructor_cases()),
]
