"""Recurrent layers over whole sequences: `RNN`, `LSTM` and `GRU`, as PyTorch's.

A layer runs its cell's step (cells.py) along the sequence, h_t = step(x_t,
h_{t-1}), starting from h_0 (zeros unless given). Stacked layers
(num_layers > 1) feed each layer's outputs h_1..h_L to the next as its
inputs, with dropout between them while training. A bidirectional layer runs
a second set of weights (named `..._reverse`) from the last step to the
first and puts the two outputs of each step side by side. The loop is plain
Python over the time steps: each step adds a few ops to the graph, and
backward goes back through all of them.

Shapes, as in PyTorch (L the sequence's length, N the batch, D = 2 if
bidirectional else 1, H = hidden_size):

    input     (L, N, input_size), or (N, L, input_size) with batch_first=True,
              or (L, input_size) for one unbatched sequence
    h_0, c_0  (D * num_layers, N, H), or (D * num_layers, H) when unbatched
    output    (L, N, D * H) (batch_first: (N, L, D * H); unbatched: (L, D * H)):
              the last layer's h_t for every t
    h_n, c_n  like h_0: every layer's (and direction's) state after its last step
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ..errors import ShapeError, shape_str, user_stacklevel
from ..functional.dropout import dropout as dropout_fn
from ..ops.indexing import concatenate, stack
from ..tensor import Tensor
from .cells import (
    State,
    check_features,
    check_flag,
    check_size,
    check_state_shape,
    check_tensor,
    gru_step,
    lstm_step,
    rnn_step,
    uniform_init,
    weight_dtype,
)
from .module import Module, Parameter

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


class RNNBase(Module):
    """What RNN, LSTM and GRU share: the weights of every layer and direction, the
    checks of the input and of h_0, and the loop over layers, directions and time.

    The parameters are named as in PyTorch: weight_ih_l{k}, weight_hh_l{k},
    bias_ih_l{k}, bias_hh_l{k} for layer k, with the suffix `_reverse` for the
    backward direction of a bidirectional layer.
    """

    def __init__(self, mode: str, input_size: int, hidden_size: int, num_layers: int = 1,
                 bias: bool = True, batch_first: bool = False, dropout: float = 0.0,
                 bidirectional: bool = False, proj_size: int = 0, device: Any = None,
                 dtype: Any = None, generator: np.random.Generator | None = None) -> None:
        super().__init__()
        name = "RNN" if mode.startswith("RNN") else mode
        self.mode = mode
        self.input_size = check_size(name, "input_size", input_size)
        self.hidden_size = check_size(name, "hidden_size", hidden_size)
        self.num_layers = check_size(name, "num_layers", num_layers)
        self.bias = check_flag(name, "bias", bias)
        self.batch_first = check_flag(name, "batch_first", batch_first)
        if isinstance(dropout, bool) or not isinstance(dropout, (int, float)) or not (
                0 <= dropout <= 1):
            raise ValueError(f"{name}: dropout should be a number in range [0, 1] (the "
                             f"probability of zeroing an element), got {dropout!r}")
        self.dropout = float(dropout)
        if dropout > 0 and num_layers == 1:
            warnings.warn(
                f"{name}: dropout acts between stacked layers (on the outputs of all but the "
                f"last), so with num_layers=1 it does nothing; got dropout={dropout} and "
                f"num_layers={num_layers}", UserWarning, stacklevel=user_stacklevel())
        self.bidirectional = bidirectional
        self.proj_size = _check_proj_size(name, proj_size, self.hidden_size)
        dtype = weight_dtype(name, dtype, device)
        gate_rows = _GATES[mode] * self.hidden_size
        directions = 2 if bidirectional else 1
        self._all_weights: list[list[str]] = []
        for layer in range(self.num_layers):
            layer_input = self.input_size if layer == 0 else self.hidden_size * directions
            for direction in range(directions):
                suffix = f"_l{layer}" + ("_reverse" if direction else "")
                shapes = {"weight_ih": (gate_rows, layer_input),
                          "weight_hh": (gate_rows, self.hidden_size)}
                if bias:
                    shapes.update(bias_ih=(gate_rows,), bias_hh=(gate_rows,))
                for kind, shape in shapes.items():
                    setattr(self, kind + suffix, Parameter(np.empty(shape, dtype=dtype)))
                self._all_weights.append([kind + suffix for kind in shapes])
        self.reset_parameters(generator)

    def reset_parameters(self, generator: np.random.Generator | None = None) -> None:
        """Draw new weights: all uniform in +-1/sqrt(hidden_size), as PyTorch does."""
        uniform_init(self, self.hidden_size, generator)

    @property
    def all_weights(self) -> list[list[Parameter]]:
        """The parameters of each layer and direction: [w_ih, w_hh, b_ih, b_hh] (or two)."""
        return [[getattr(self, name) for name in names] for names in self._all_weights]

    def flatten_parameters(self) -> None:
        """Nothing to do: PyTorch packs the weights for the GPU here; minigrad has none."""

    # ---- the step of each kind of layer (cells.py has the equations) ------------------
    def _step(self, x: Tensor, state: State, weights: list[Any]) -> State:
        if self.mode == "LSTM":
            return lstm_step(x, state, *weights)
        if self.mode == "GRU":
            return (gru_step(x, state[0], *weights),)
        nonlinearity = "tanh" if self.mode == "RNN_TANH" else "relu"
        return (rnn_step(x, state[0], *weights, nonlinearity=nonlinearity),)

    # ---- forward -----------------------------------------------------------------------
    def forward(self, input: Any, hx: Any = None) -> tuple[Tensor, Any]:  # noqa: A002
        """(output, h_n), or for an LSTM (output, (h_n, c_n)); the shapes are in the
        module's docstring."""
        x, batched = self._time_major(input)
        states = self._initial_states(hx, x.shape[1], batched)
        directions = 2 if self.bidirectional else 1
        inputs = x.unbind(0)  # one (N, features) tensor per time step
        finals: list[State] = []
        for layer in range(self.num_layers):
            if layer > 0 and self.training and self.dropout > 0:
                inputs = tuple(dropout_fn(x_t, self.dropout) for x_t in inputs)
            outputs = []
            for direction in range(directions):
                k = layer * directions + direction
                weights = self._weights(k)
                state, hs = states[k], []
                for x_t in (inputs if direction == 0 else reversed(inputs)):
                    state = self._step(x_t, state, weights)
                    hs.append(state[0])
                finals.append(state)
                outputs.append(hs if direction == 0 else hs[::-1])
            inputs = tuple(outputs[0]) if directions == 1 else tuple(
                concatenate(pair, axis=-1) for pair in zip(*outputs))
        output = stack(inputs, axis=1 if self.batch_first and batched else 0)
        h_n = tuple(stack([s[part] for s in finals], axis=0) for part in range(len(finals[0])))
        if not batched:
            output = output.squeeze(1)
            h_n = tuple(h.squeeze(1) for h in h_n)
        return output, (h_n if self.mode == "LSTM" else h_n[0])

    def _weights(self, k: int) -> list[Any]:
        """[w_ih, w_hh, b_ih, b_hh] of layer-and-direction number k (None for no bias)."""
        weights = [getattr(self, name) for name in self._all_weights[k]]
        return weights if self.bias else weights + [None, None]

    def _time_major(self, input: Any) -> tuple[Tensor, bool]:  # noqa: A002
        """The input as (L, N, input_size), and whether it had a batch axis."""
        x = check_tensor(self, "the input", input, self.weight_ih_l0.dtype)
        batch = "(batch, seq_len, input_size)" if self.batch_first else (
            "(seq_len, batch, input_size)")
        layout = f"{batch} or (seq_len, input_size)"
        if x.ndim not in (2, 3):
            raise ShapeError(f"{self!r}: the input must be 3-D {batch}, or 2-D (seq_len, "
                             f"input_size) for one unbatched sequence, got shape "
                             f"{shape_str(x.shape)}")
        check_features(self, x, self.input_size, layout)
        batched = x.ndim == 3
        if not batched:
            x = x.unsqueeze(1)
        elif self.batch_first:
            x = x.transpose(0, 1)
        if x.shape[0] == 0:
            raise ShapeError(f"{self!r}: the input has shape {shape_str(input.shape)}: a "
                             "sequence of length 0 (PyTorch refuses it too); give at least "
                             "one time step")
        return x, batched

    def _initial_states(self, hx: Any, batch: int, batched: bool) -> list[State]:
        """h_0 (and c_0) split into one state per layer and direction: zeros unless given."""
        dtype = self.weight_ih_l0.dtype
        count = self.num_layers * (2 if self.bidirectional else 1)
        parts = 2 if self.mode == "LSTM" else 1
        if hx is None:
            zeros = Tensor._make(np.zeros((batch, self.hidden_size), dtype=dtype))
            return [(zeros,) * parts] * count
        if parts == 2:
            if not isinstance(hx, (tuple, list)) or len(hx) != 2:
                raise TypeError(f"{self!r}: hx must be a tuple (h_0, c_0) of two Tensors, got "
                                f"{type(hx).__name__}")
            given, names = tuple(hx), ("h_0 (hx[0])", "c_0 (hx[1])")
        else:
            given, names = (hx,), ("h_0 (hx)",)
        shape = (count, batch, self.hidden_size) if batched else (count, self.hidden_size)
        layout = ("(num_layers * num_directions, batch, hidden_size)" if batched else
                  "(num_layers * num_directions, hidden_size) for an unbatched input")
        per_part = []
        for what, h in zip(names, given):
            h = check_tensor(self, what, h, dtype)
            check_state_shape(self, what, h, shape, layout)
            per_part.append((h if batched else h.unsqueeze(1)).unbind(0))
        return list(zip(*per_part))

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if self.batch_first is not False:
            s += f", batch_first={self.batch_first}"
        if self.dropout != 0:
            s += f", dropout={self.dropout}"
        if self.bidirectional is not False:
            s += f", bidirectional={self.bidirectional}"
        return s


def _check_proj_size(name: str, proj_size: Any, hidden_size: int) -> int:
    """proj_size: 0 (no projection) is all minigrad has; PyTorch's checks come first."""
    if isinstance(proj_size, bool) or not isinstance(proj_size, (int, np.integer)):
        raise TypeError(f"{name}: proj_size should be of type int, got {proj_size!r}")
    if proj_size < 0:
        raise ValueError(f"{name}: proj_size should be a positive integer or zero to disable "
                         f"projections, got {proj_size}")
    if proj_size >= hidden_size and proj_size > 0:
        raise ValueError(f"{name}: proj_size has to be smaller than hidden_size, got "
                         f"proj_size={proj_size} and hidden_size={hidden_size}")
    if proj_size > 0:
        raise NotImplementedError(
            f"{name}: proj_size={proj_size} (an LSTM whose h is projected to a smaller size) "
            "is not in minigrad; use proj_size=0 and, if you need the smaller size, an "
            "nn.Linear(hidden_size, proj_size) on the output (see docs/guide/pytorch.md)")
    return 0


class RNN(RNNBase):
    """A multi-layer Elman RNN:  h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)  (see
    `cells.rnn_step`), or relu instead of tanh with nonlinearity='relu'.

    `rnn(input, h_0)` returns (output, h_n); the shapes are in `recurrent`'s
    docstring. weight_ih_l0 is (hidden_size, input_size), the deeper layers'
    weight_ih (hidden_size, D * hidden_size), weight_hh (hidden_size,
    hidden_size), the biases (hidden_size,); all start uniform in
    +-1/sqrt(hidden_size), as in PyTorch.

    >>> rnn = RNN(10, 20, 2)
    >>> output, h_n = rnn(mg.randn(5, 3, 10))   # (L, N, input_size)
    >>> output.shape, h_n.shape
    ((5, 3, 20), (2, 3, 20))
    """

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 nonlinearity: str = "tanh", bias: bool = True, batch_first: bool = False,
                 dropout: float = 0.0, bidirectional: bool = False, device: Any = None,
                 dtype: Any = None, *, generator: np.random.Generator | None = None,
                 **kwargs: Any) -> None:
        _refuse_proj_size("RNN", kwargs)
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"RNN: unknown nonlinearity {nonlinearity!r}; select 'tanh' or "
                             "'relu'")
        mode = "RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU"
        super().__init__(mode, input_size, hidden_size, num_layers, bias, batch_first, dropout,
                         bidirectional, 0, device, dtype, generator)
        self.nonlinearity = nonlinearity


class LSTM(RNNBase):
    """A multi-layer LSTM (the equations are in `cells.lstm_step`).

    `lstm(input, (h_0, c_0))` returns (output, (h_n, c_n)); the shapes are in
    `recurrent`'s docstring. The weights stack the gates i, f, g, o:
    weight_ih_l0 is (4 * hidden_size, input_size), weight_hh_l{k}
    (4 * hidden_size, hidden_size). proj_size > 0 is refused (not in minigrad).

    >>> lstm = LSTM(10, 20, num_layers=2, batch_first=True)
    >>> output, (h_n, c_n) = lstm(mg.randn(3, 5, 10))   # (N, L, input_size)
    >>> output.shape, h_n.shape, c_n.shape
    ((3, 5, 20), (2, 3, 20), (2, 3, 20))
    """

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 bias: bool = True, batch_first: bool = False, dropout: float = 0.0,
                 bidirectional: bool = False, proj_size: int = 0, device: Any = None,
                 dtype: Any = None, *, generator: np.random.Generator | None = None) -> None:
        super().__init__("LSTM", input_size, hidden_size, num_layers, bias, batch_first,
                         dropout, bidirectional, proj_size, device, dtype, generator)


class GRU(RNNBase):
    """A multi-layer GRU (the equations are in `cells.gru_step`).

    `gru(input, h_0)` returns (output, h_n); the shapes are in `recurrent`'s
    docstring. The weights stack the gates r, z, n: weight_ih_l0 is
    (3 * hidden_size, input_size), weight_hh_l{k} (3 * hidden_size, hidden_size).
    """

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 bias: bool = True, batch_first: bool = False, dropout: float = 0.0,
                 bidirectional: bool = False, device: Any = None, dtype: Any = None, *,
                 generator: np.random.Generator | None = None, **kwargs: Any) -> None:
        _refuse_proj_size("GRU", kwargs)
        super().__init__("GRU", input_size, hidden_size, num_layers, bias, batch_first,
                         dropout, bidirectional, 0, device, dtype, generator)


def _refuse_proj_size(name: str, kwargs: dict[str, Any]) -> None:
    """RNN and GRU take no proj_size (PyTorch's error), nor any other unknown argument."""
    if "proj_size" in kwargs:
        raise ValueError(f"{name}: the proj_size argument is only supported for LSTM, not RNN "
                         "or GRU")
    if kwargs:
        raise TypeError(f"{name}.__init__() got an unexpected keyword argument "
                        f"{next(iter(kwargs))!r}")
