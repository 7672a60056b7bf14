"""Recurrent cells: one time step of an Elman RNN, an LSTM and a GRU, as PyTorch's.

A recurrent layer reads a sequence x_1, ..., x_L one step at a time and carries
a hidden state h from each step to the next: h_t = step(x_t, h_{t-1}). The
three steps below (`rnn_step`, `lstm_step`, `gru_step`) are the textbook
equations written with minigrad's differentiable ops (matmul, add, sigmoid,
tanh, mul), so backward needs nothing new: one step is a small graph, and a
sequence is that graph repeated, each step's h an input of the next
("backpropagation through time" is the ordinary backward pass over it).

The modules `RNNCell`, `LSTMCell` and `GRUCell` hold the weights and run one
step; `recurrent.py` runs the same steps over whole sequences (`RNN`, `LSTM`,
`GRU`). The weights are stacked as in PyTorch, one block of rows per gate:
`weight_ih` is (gates * hidden_size, input_size) and `weight_hh` is
(gates * hidden_size, hidden_size), with the gates in the order i, f, g, o for
an LSTM and r, z, n for a GRU; so a state_dict loads into either library.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..devices import check_device
from ..dtypes import default_float
from ..errors import DTypeError, ShapeError, shape_str
from ..tensor import Tensor
from . import init
from .module import Module, Parameter

State = tuple[Tensor, ...]  # (h,) for an RNN or a GRU, (h, c) for an LSTM


# ---- one time step: the equations -------------------------------------------------------
def _affine(x: Tensor, weight: Tensor, bias: Tensor | None) -> Tensor:
    """W x + b for each row x of `x`, as a Linear layer computes it: x @ W.T + b."""
    out = x @ weight.T
    return out if bias is None else out + bias


def rnn_step(x: Tensor, h: Tensor, weight_ih: Tensor, weight_hh: Tensor,
             bias_ih: Tensor | None, bias_hh: Tensor | None,
             nonlinearity: str = "tanh") -> Tensor:
    """The Elman RNN:  h' = tanh(W_ih x + b_ih + W_hh h + b_hh)   (or relu instead of tanh).

    x is (batch, input_size), h is (batch, hidden_size); returns h', like h.
    """
    pre = _affine(x, weight_ih, bias_ih) + _affine(h, weight_hh, bias_hh)
    return pre.tanh() if nonlinearity == "tanh" else pre.relu()


def lstm_step(x: Tensor, state: State, weight_ih: Tensor, weight_hh: Tensor,
              bias_ih: Tensor | None, bias_hh: Tensor | None) -> State:
    """The LSTM, with the cell state c as its memory:

        i  = sigmoid(W_ii x + b_ii + W_hi h + b_hi)     input gate: how much to write
        f  = sigmoid(W_if x + b_if + W_hf h + b_hf)     forget gate: how much to keep
        g  = tanh(W_ig x + b_ig + W_hg h + b_hg)        what to write
        o  = sigmoid(W_io x + b_io + W_ho h + b_ho)     output gate: how much to show
        c' = f * c + i * g
        h' = o * tanh(c')

    The four gates come from one product each with the stacked weights (rows
    i, f, g, o); `state` is (h, c), each (batch, hidden_size); returns (h', c').
    """
    h, c = state
    gates = _affine(x, weight_ih, bias_ih) + _affine(h, weight_hh, bias_hh)
    i, f, g, o = gates.chunk(4, dim=-1)
    i, f, g, o = i.sigmoid(), f.sigmoid(), g.tanh(), o.sigmoid()
    c_next = f * c + i * g
    return o * c_next.tanh(), c_next


def gru_step(x: Tensor, h: Tensor, weight_ih: Tensor, weight_hh: Tensor,
             bias_ih: Tensor | None, bias_hh: Tensor | None) -> Tensor:
    """The GRU:

        r  = sigmoid(W_ir x + b_ir + W_hr h + b_hr)     reset gate
        z  = sigmoid(W_iz x + b_iz + W_hz h + b_hz)     update gate
        n  = tanh(W_in x + b_in + r * (W_hn h + b_hn))  the candidate state
        h' = (1 - z) * n + z * h

    As in PyTorch, r multiplies W_hn h + b_hn, the bias included (some texts
    apply r to h before the product). Returns h', like h.
    """
    x_r, x_z, x_n = _affine(x, weight_ih, bias_ih).chunk(3, dim=-1)
    h_r, h_z, h_n = _affine(h, weight_hh, bias_hh).chunk(3, dim=-1)
    r = (x_r + h_r).sigmoid()
    z = (x_z + h_z).sigmoid()
    n = (x_n + r * h_n).tanh()
    return (1 - z) * n + z * h


# ---- the checks the cells and the layers share -----------------------------------------
def check_size(layer: str, name: str, n: Any) -> int:
    """A size argument (input_size, hidden_size, num_layers) as a positive int."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"{layer}: {name} should be of type int, got {type(n).__name__} {n!r}")
    if n <= 0:
        raise ValueError(f"{layer}: {name} must be greater than zero, got {n}")
    return int(n)


def check_flag(layer: str, name: str, value: Any) -> bool:
    """bias and batch_first: True or False (PyTorch refuses 1 and 0 too)."""
    if not isinstance(value, bool):
        raise TypeError(f"{layer}: {name} should be of type bool, got {type(value).__name__} "
                        f"{value!r}")
    return value


def weight_dtype(layer: str, dtype: Any, device: Any) -> np.dtype:
    """The dtype of the weights (the default dtype, float32, unless told), on the CPU."""
    check_device(device, layer)
    dtype = np.dtype(default_float() if dtype is None else dtype)
    if dtype.kind != "f":
        raise DTypeError(f"{layer}: dtype must be floating (float32 or float64), got {dtype}")
    return dtype


def uniform_init(module: Module, hidden_size: int,
                 generator: np.random.Generator | None) -> None:
    """Every weight and bias uniform in [-1/sqrt(hidden_size), 1/sqrt(hidden_size)]."""
    bound = 1.0 / math.sqrt(hidden_size)
    for param in module.parameters():
        init.uniform_(param, -bound, bound, generator=generator)


def check_tensor(module: Module, what: str, value: Any, dtype: np.dtype) -> Tensor:
    """`value` is a Tensor of the weights' dtype (what names it in the message)."""
    if not isinstance(value, Tensor):
        raise TypeError(f"{module!r}: {what} must be a Tensor, got {type(value).__name__}; "
                        "wrap the data with mg.tensor(...)")
    if value.dtype != dtype:
        fix = "x.float()" if dtype == np.float32 else "x.double()"
        raise DTypeError(
            f"{module!r}: {what} has dtype {value.dtype} but the weights {dtype}; convert "
            f"it with {fix} (or the model with model.to({value.dtype.name}) if it is floating)"
        )
    return value


def check_features(module: Module, x: Tensor, input_size: int, layout: str) -> None:
    """The input's last axis holds input_size features."""
    if x.shape[-1] != input_size:
        raise ShapeError(
            f"{module!r}: the input has shape {shape_str(x.shape)}, but its last axis must be "
            f"input_size={input_size} (the input is {layout})"
        )


def check_state_shape(module: Module, what: str, h: Tensor, expected: tuple[int, ...],
                      layout: str) -> None:
    """A state given by the user (h_0, c_0, hx) has the shape the input asks for."""
    if h.shape != expected:
        raise ShapeError(f"{module!r}: {what} has shape {shape_str(h.shape)}, but this input "
                         f"needs {layout} = {shape_str(expected)}")


# ---- the cells --------------------------------------------------------------------------
class RNNCellBase(Module):
    """What the three cells share: the stacked weights, their initialisation, the checks."""

    gates = 1  # blocks of rows in the stacked weights

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, device: Any = None,
                 dtype: Any = None, generator: np.random.Generator | None = None) -> None:
        super().__init__()
        name = type(self).__name__
        self.input_size = check_size(name, "input_size", input_size)
        self.hidden_size = check_size(name, "hidden_size", hidden_size)
        self.bias = check_flag(name, "bias", bias)
        dtype = weight_dtype(name, dtype, device)
        rows = self.gates * self.hidden_size
        self.weight_ih = Parameter(np.empty((rows, self.input_size), dtype=dtype))
        self.weight_hh = Parameter(np.empty((rows, self.hidden_size), dtype=dtype))
        if bias:
            self.bias_ih = Parameter(np.empty(rows, dtype=dtype))
            self.bias_hh = Parameter(np.empty(rows, dtype=dtype))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters(generator)

    def reset_parameters(self, generator: np.random.Generator | None = None) -> None:
        """Draw new weights: all uniform in +-1/sqrt(hidden_size), as PyTorch does."""
        uniform_init(self, self.hidden_size, generator)

    def _weights(self) -> tuple[Tensor, Tensor, Tensor | None, Tensor | None]:
        return self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh

    def _prepare(self, input: Any, hx: Any, parts: int) -> tuple[Tensor, State, bool]:  # noqa: A002
        """The input as (batch, input_size), the state as a tuple of (batch, hidden_size),
        and whether the input had a batch axis."""
        dtype = self.weight_ih.dtype
        x = check_tensor(self, "the input", input, dtype)
        if x.ndim not in (1, 2):
            raise ShapeError(f"{self!r}: the input must be 1-D (input_size,) or 2-D (batch, "
                             f"input_size), got shape {shape_str(x.shape)}")
        check_features(self, x, self.input_size, "(batch, input_size) or (input_size,)")
        batched = x.ndim == 2
        x = x if batched else x.unsqueeze(0)
        shape = (x.shape[0], self.hidden_size)
        if hx is None:
            zeros = Tensor._make(np.zeros(shape, dtype=dtype))
            return x, (zeros,) * parts, batched
        names = ("hx",) if parts == 1 else ("hx[0] (h)", "hx[1] (c)")
        if parts == 2 and (not isinstance(hx, (tuple, list)) or len(hx) != 2):
            raise TypeError(f"{self!r}: hx must be a tuple (h, c) of two Tensors, got "
                            f"{type(hx).__name__}")
        states = []
        for what, h in zip(names, (hx,) if parts == 1 else hx):
            h = check_tensor(self, what, h, dtype)
            layout = "(batch, hidden_size)" if batched else "(hidden_size,)"
            check_state_shape(self, what, h, shape if batched else shape[1:], layout)
            states.append(h if batched else h.unsqueeze(0))
        return x, tuple(states), batched


class RNNCell(RNNCellBase):
    """One step of an Elman RNN:  h' = tanh(W_ih x + b_ih + W_hh h + b_hh).

    With nonlinearity='relu', relu replaces tanh. `cell(x, h)` takes x of shape
    (batch, input_size) or (input_size,) and h of shape (batch, hidden_size) or
    (hidden_size,) (zeros when not given), and returns h' like h. weight_ih is
    (hidden_size, input_size), weight_hh (hidden_size, hidden_size), the biases
    (hidden_size,); all start uniform in +-1/sqrt(hidden_size), as in PyTorch.
    """

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True,
                 nonlinearity: str = "tanh", device: Any = None, dtype: Any = None,
                 generator: np.random.Generator | None = None) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"RNNCell: unknown nonlinearity {nonlinearity!r}; select 'tanh' "
                             "or 'relu'")
        super().__init__(input_size, hidden_size, bias, device, dtype, generator)
        self.nonlinearity = nonlinearity

    def forward(self, input: Any, hx: Any = None) -> Tensor:  # noqa: A002
        """h' for the input x and the state h (see the class docstring)."""
        x, (h,), batched = self._prepare(input, hx, 1)
        h = rnn_step(x, h, *self._weights(), nonlinearity=self.nonlinearity)
        return h if batched else h.squeeze(0)

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        s += "" if self.bias else ", bias=False"
        return s + ("" if self.nonlinearity == "tanh" else f", nonlinearity={self.nonlinearity}")


class LSTMCell(RNNCellBase):
    """One step of an LSTM (the equations are in `lstm_step`).

    `cell(x, (h, c))` takes x of shape (batch, input_size) or (input_size,) and
    the state h, c of shape (batch, hidden_size) or (hidden_size,) (zeros when
    not given), and returns (h', c'). The weights stack the gates i, f, g, o:
    weight_ih is (4 * hidden_size, input_size), weight_hh (4 * hidden_size,
    hidden_size), the biases (4 * hidden_size,).
    """

    gates = 4

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, device: Any = None,
                 dtype: Any = None, generator: np.random.Generator | None = None) -> None:
        super().__init__(input_size, hidden_size, bias, device, dtype, generator)

    def forward(self, input: Any, hx: Any = None) -> State:  # noqa: A002
        """(h', c') for the input x and the state (h, c) (see `lstm_step`)."""
        x, state, batched = self._prepare(input, hx, 2)
        h, c = lstm_step(x, state, *self._weights())
        return (h, c) if batched else (h.squeeze(0), c.squeeze(0))

    def extra_repr(self) -> str:
        return f"{self.input_size}, {self.hidden_size}" + ("" if self.bias else ", bias=False")


class GRUCell(RNNCellBase):
    """One step of a GRU (the equations are in `gru_step`).

    `cell(x, h)` takes x of shape (batch, input_size) or (input_size,) and h of
    shape (batch, hidden_size) or (hidden_size,) (zeros when not given), and
    returns h' like h. The weights stack the gates r, z, n: weight_ih is
    (3 * hidden_size, input_size), weight_hh (3 * hidden_size, hidden_size).
    """

    gates = 3

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, device: Any = None,
                 dtype: Any = None, generator: np.random.Generator | None = None) -> None:
        super().__init__(input_size, hidden_size, bias, device, dtype, generator)

    def forward(self, input: Any, hx: Any = None) -> Tensor:  # noqa: A002
        """h' for the input x and the state h (see `gru_step`)."""
        x, (h,), batched = self._prepare(input, hx, 1)
        h = gru_step(x, h, *self._weights())
        return h if batched else h.squeeze(0)

    def extra_repr(self) -> str:
        return f"{self.input_size}, {self.hidden_size}" + ("" if self.bias else ", bias=False")
