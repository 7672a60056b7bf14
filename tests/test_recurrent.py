"""Recurrent layers and cells, as PyTorch's: nn.RNN, LSTM, GRU, RNNCell, LSTMCell, GRUCell.

These run without torch: values and gradients compared with literals read off
PyTorch 2.13 (weights filled by `fill`, inputs by `inputs`), float64 gradient
checks of the cells and of small layers, the constructor's arguments, names,
shapes, reprs, initialisation, dropout in eval and train, and every error.
test_recurrent_torch.py compares the same modules with PyTorch itself.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from test_errors import raises

import minigrad as mg
from minigrad import nn
from minigrad.errors import DTypeError, ShapeError
from minigrad.nn.cells import gru_step, lstm_step, rnn_step

LAYERS = ["RNN", "LSTM", "GRU"]
CELLS = ["RNNCell", "LSTMCell", "GRUCell"]


def fill(module: nn.Module) -> nn.Module:
    """Weights 0.5 sin(0.7 k + i) for the i-th parameter (as the torch literals were made)."""
    with mg.no_grad():
        for i, p in enumerate(module.parameters()):
            p.copy_(0.5 * np.sin(np.arange(p.numel()) * 0.7 + i).reshape(p.shape))
    return module


def inputs(*shape: int, scale: float = 1.0) -> mg.Tensor:
    return mg.tensor(scale * np.cos(np.arange(int(np.prod(shape))) * 0.9).reshape(shape),
                     requires_grad=True)


def close(t: mg.Tensor, literal) -> None:
    np.testing.assert_allclose(t.numpy(), np.array(literal), rtol=1e-6, atol=1e-7)


# ---- values and gradients: PyTorch 2.13's, as literals ---------------------------------
def test_rnn_cell_relu_and_tanh_match_pytorch() -> None:
    cell = fill(nn.RNNCell(2, 3, nonlinearity="relu", dtype=mg.float64))
    x, h = inputs(2, 2), inputs(2, 3, scale=0.5)
    y = cell(x, h)
    close(y, [[1.05154305, 0.68062166, 0.0], [0.0, 0.0, 0.0]])
    y.sum().backward()
    close(x.grad, [[0.49272486, 0.75371353], [0.0, 0.0]])
    cell = fill(nn.RNNCell(2, 3, dtype=mg.float64))
    close(cell(inputs(2, 2)), [[0.62026445, 0.61054294, -0.49684079],
                               [0.22981968, -0.50304769, -0.44869085]])  # h = 0


def test_lstm_cell_matches_pytorch() -> None:
    cell = fill(nn.LSTMCell(2, 3, dtype=mg.float64))
    x, h, c = inputs(2, 2), inputs(2, 3, scale=0.5), inputs(2, 3, scale=-0.3)
    h1, c1 = cell(x, (h, c))
    close(h1, [[0.37601197, 0.0914515, -7.469e-05], [-0.02598099, 0.1784914, 0.17873873]])
    close(c1, [[0.55566046, 0.14035195, -0.00025246], [-0.05919257, 0.46548554, 0.42739857]])
    (h1.sum() + c1.sum()).backward()
    close(cell.weight_hh.grad[0], [0.17696272, 0.12925496, -0.01627038])
    close(x.grad, [[-0.10231583, -0.27970893], [0.37318504, 0.03045045]])


def test_gru_cell_unbatched_matches_pytorch() -> None:
    cell = fill(nn.GRUCell(2, 3, dtype=mg.float64))
    y = cell(inputs(2), inputs(3, scale=0.5))
    close(y, [0.71277982, 0.18037494, -0.14167188])
    y.sum().backward()
    close(cell.bias_hh.grad, [0.04425964, 0.07483852, 0.00754496, -0.04612809, 0.03316321,
                              0.01471754, 0.23478771, 0.48593544, 0.13899499])


def test_bidirectional_gru_matches_pytorch() -> None:
    gru = fill(nn.GRU(2, 2, bidirectional=True, dtype=mg.float64))
    x = inputs(3, 1, 2)
    out, h_n = gru(x)
    close(out, [[[-0.47253691, 0.28414518, 0.17513157, -0.10810985]],
                [[-0.48264678, -0.25521434, 0.24234993, 0.08053586]],
                [[-0.43962909, -0.47756581, 0.11667286, 0.0744994]]])
    # h_n: the forward direction's last step, the backward direction's first
    close(h_n, [[[-0.43962909, -0.47756581]], [[0.17513157, -0.10810985]]])
    (out.sum() + h_n.sum()).backward()
    close(x.grad, [[[0.55188611, 0.73407383]], [[-0.90356268, -0.75956551]],
                   [[-0.81206332, -0.55026412]]])


def test_two_layer_lstm_batch_first_matches_pytorch() -> None:
    lstm = fill(nn.LSTM(2, 2, num_layers=2, batch_first=True, dtype=mg.float64))
    out, (h_n, c_n) = lstm(inputs(1, 3, 2))
    close(out, [[[0.01487659, -0.06808383], [0.04237213, -0.09614134],
                 [0.06612248, -0.10976216]]])
    close(h_n, [[[-0.21289366, -0.21119526]], [[0.06612248, -0.10976216]]])
    close(c_n, [[[-0.46343267, -0.28133399]], [[0.23425055, -0.43307081]]])


def test_unbatched_float32_rnn_matches_pytorch_and_stays_float32() -> None:
    rnn = fill(nn.RNN(2, 3))
    x = inputs(4, 2).detach().float()
    out, h_n = rnn(x)
    assert out.dtype == np.float32 and h_n.dtype == np.float32
    assert out.shape == (4, 3) and h_n.shape == (1, 3)
    np.testing.assert_allclose(out.numpy(), [
        [0.62026447, 0.61054295, -0.49684080], [0.55797958, -0.44978192, -0.73913717],
        [0.21596985, -0.07346486, -0.75920290], [0.56850088, 0.79727250, -0.70267200]],
        rtol=1e-5)
    np.testing.assert_array_equal(h_n.numpy()[0], out.numpy()[-1])


# ---- gradients against central differences (float64) ------------------------------------
def _params(rng, rows: int, n_in: int, hidden: int) -> list[mg.Tensor]:
    shapes = [(rows, n_in), (rows, hidden), (rows,), (rows,)]
    return [mg.tensor(rng.uniform(-0.8, 0.8, s), requires_grad=True) for s in shapes]


@pytest.mark.parametrize("nonlinearity", ["tanh", "relu"])
def test_rnn_step_gradcheck(nonlinearity: str) -> None:
    rng = np.random.default_rng(0)
    x, h = mg.tensor(rng.normal(size=(2, 3)), requires_grad=True), mg.tensor(
        rng.normal(size=(2, 4)), requires_grad=True)
    args = (x, h, *_params(rng, 4, 3, 4))
    step = lambda *a: rnn_step(*a, nonlinearity=nonlinearity)  # noqa: E731
    assert mg.gradcheck(step, args)
    assert mg.gradgradcheck(step, args)


def test_lstm_and_gru_steps_gradcheck() -> None:
    rng = np.random.default_rng(1)
    x = mg.tensor(rng.normal(size=(2, 3)), requires_grad=True)
    h, c = (mg.tensor(rng.normal(size=(2, 2)), requires_grad=True) for _ in range(2))
    lstm = (x, h, c, *_params(rng, 8, 3, 2))
    assert mg.gradcheck(lambda x, h, c, *w: lstm_step(x, (h, c), *w), lstm)
    assert mg.gradgradcheck(lambda x, h, c, *w: lstm_step(x, (h, c), *w), lstm)
    gru = (x, h, *_params(rng, 6, 3, 2))
    assert mg.gradcheck(gru_step, gru)
    assert mg.gradgradcheck(gru_step, gru)
    assert mg.gradcheck(gru_step, (x, h, *_params(rng, 6, 3, 2)[:2], None, None))  # no bias


@pytest.mark.parametrize("kind", LAYERS)
def test_layers_gradcheck_through_time_layers_and_directions(kind: str) -> None:
    mg.manual_seed(0)
    layer = getattr(nn, kind)(2, 2, num_layers=2, bidirectional=True, dtype=mg.float64)
    rng = np.random.default_rng(2)
    x = mg.tensor(rng.normal(size=(3, 1, 2)), requires_grad=True)
    h0 = mg.tensor(rng.normal(size=(4, 1, 2)), requires_grad=True)

    def run(x, h0):
        out, h_n = layer(x, (h0, h0 * 0.5) if kind == "LSTM" else h0)
        return (out, *h_n) if kind == "LSTM" else (out, h_n)

    assert mg.gradcheck(run, (x, h0))
    # and a parameter deep in the stack, by central differences on its values
    def loss():
        return sum((t * t).sum() for t in run(x, h0))

    loss().backward()
    w = layer.weight_hh_l1_reverse
    base, numeric = w.numpy().copy(), np.zeros(w.shape)
    for i in np.ndindex(*w.shape):
        values = []
        for step in (1e-6, -1e-6):
            with mg.no_grad():
                w.copy_(base + step * (np.indices(w.shape) == np.reshape(i, (-1, 1, 1))).all(0))
                values.append(loss().item())
        numeric[i] = (values[0] - values[1]) / 2e-6
    np.testing.assert_allclose(w.grad.numpy(), numeric, rtol=1e-5, atol=1e-8)


# ---- arguments, names, shapes, reprs ---------------------------------------------------
def test_parameter_names_shapes_and_state_dict_keys_are_pytorchs() -> None:
    lstm = nn.LSTM(3, 5, num_layers=2, bidirectional=True)
    shapes = {name: p.shape for name, p in lstm.named_parameters()}
    assert list(shapes) == [f"{kind}_l{k}{suffix}" for k in range(2) for suffix in ("", "_reverse")
                            for kind in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
    assert shapes["weight_ih_l0"] == (20, 3) and shapes["weight_ih_l1_reverse"] == (20, 10)
    assert shapes["weight_hh_l1"] == (20, 5) and shapes["bias_hh_l0_reverse"] == (20,)
    assert list(lstm.state_dict()) == list(shapes)
    assert [p.shape for p in nn.GRU(4, 2, bias=False).parameters()] == [(6, 4), (6, 2)]
    assert list(nn.GRU(4, 2, bias=False).state_dict()) == ["weight_ih_l0", "weight_hh_l0"]
    assert [len(ws) for ws in lstm.all_weights] == [4, 4, 4, 4]
    assert lstm.all_weights[1][0] is lstm.weight_ih_l0_reverse
    cell = nn.GRUCell(4, 2, bias=False)
    assert list(cell.state_dict()) == ["weight_ih", "weight_hh"] and cell.bias_ih is None
    assert [p.shape for p in nn.LSTMCell(4, 2).parameters()] == [(8, 4), (8, 2), (8,), (8,)]


def test_reprs_are_pytorchs() -> None:
    # each string read off PyTorch 2.13
    assert repr(nn.LSTM(10, 20, num_layers=2, batch_first=True)) == (
        "LSTM(10, 20, num_layers=2, batch_first=True)")
    assert repr(nn.RNN(3, 4, nonlinearity="relu")) == "RNN(3, 4)"  # PyTorch omits it too
    assert repr(nn.RNN(3, 4, 2, "relu", dropout=1)) == "RNN(3, 4, num_layers=2, dropout=1.0)"
    assert repr(nn.GRU(3, 4, bias=False, bidirectional=True, dropout=0.25, num_layers=2)) == (
        "GRU(3, 4, num_layers=2, bias=False, dropout=0.25, bidirectional=True)")
    assert repr(nn.RNNCell(3, 4, nonlinearity="relu")) == "RNNCell(3, 4, nonlinearity=relu)"
    assert repr(nn.LSTMCell(3, 4, bias=False)) == "LSTMCell(3, 4, bias=False)"
    assert repr(nn.GRUCell(3, 4)) == "GRUCell(3, 4)"
    assert repr(nn.Sequential(nn.LSTM(3, 4))) == "Sequential(\n  (0): LSTM(3, 4)\n)"


def test_attributes_are_pytorchs() -> None:
    rnn = nn.RNN(3, 4, 2, "relu", True, True, 0.5, True)  # PyTorch's positional order
    assert (rnn.input_size, rnn.hidden_size, rnn.num_layers, rnn.nonlinearity, rnn.bias,
            rnn.batch_first, rnn.dropout, rnn.bidirectional, rnn.mode) == (
        3, 4, 2, "relu", True, True, 0.5, True, "RNN_RELU")
    assert (nn.LSTM(3, 4).mode, nn.GRU(3, 4).mode, nn.LSTM(3, 4).proj_size) == ("LSTM", "GRU", 0)
    assert isinstance(nn.LSTM(3, 4).dropout, float)
    nn.LSTM(3, 4).flatten_parameters()  # a no-op, as on PyTorch's CPU


@pytest.mark.parametrize("kind", LAYERS)
@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_output_and_state_shapes(kind: str, batch_first: bool, bidirectional: bool) -> None:
    layer = getattr(nn, kind)(3, 4, num_layers=2, batch_first=batch_first,
                              bidirectional=bidirectional)
    d = 2 if bidirectional else 1
    x = mg.randn(2, 5, 3) if batch_first else mg.randn(5, 2, 3)
    out, state = layer(x)
    states = state if kind == "LSTM" else (state,)
    assert out.shape == ((2, 5, 4 * d) if batch_first else (5, 2, 4 * d))
    assert all(s.shape == (2 * d, 2, 4) for s in states)
    out, state = layer(mg.randn(5, 3))  # unbatched: batch_first does not apply
    states = state if kind == "LSTM" else (state,)
    assert out.shape == (5, 4 * d) and all(s.shape == (2 * d, 4) for s in states)
    out, _ = layer(mg.randn(0, 5, 3) if batch_first else mg.randn(5, 0, 3))  # empty batch
    assert out.shape == ((0, 5, 4 * d) if batch_first else (5, 0, 4 * d))


@pytest.mark.parametrize("kind", LAYERS + CELLS)
def test_float64_weights_and_dtype_argument(kind: str) -> None:
    module = getattr(nn, kind)(3, 2, dtype=mg.float64)
    assert all(p.dtype == np.float64 for p in module.parameters())
    x = mg.randn(4, 3, dtype=mg.float64)
    out = module(x)
    first = out[0] if isinstance(out, tuple) else out
    assert first.dtype == np.float64
    assert all(p.dtype == np.float32 for p in module.float().parameters())
    assert getattr(nn, kind)(3, 2, device="cpu").hidden_size == 2


def test_the_default_dtype_decides_the_weights_dtype() -> None:
    mg.set_default_dtype(mg.float64)  # (conftest sets float32 back after the test)
    gru, cell = nn.GRU(3, 2), nn.LSTMCell(3, 2)
    assert {p.dtype for p in [*gru.parameters(), *cell.parameters()]} == {np.dtype(np.float64)}
    out, h_n = gru(mg.randn(4, 3))
    assert out.dtype == h_n.dtype == np.float64


# ---- initialisation --------------------------------------------------------------------
@pytest.mark.parametrize("kind", LAYERS + CELLS)
def test_initialisation_is_uniform_in_one_over_sqrt_hidden_and_seeded(kind: str) -> None:
    make = getattr(nn, kind)
    mg.manual_seed(3)
    a = make(5, 16)
    mg.manual_seed(3)
    b = make(5, 16)
    values = np.concatenate([p.numpy().ravel() for p in a.parameters()])
    assert np.abs(values).max() <= 0.25 and np.abs(values).max() > 0.24  # 1/sqrt(16)
    assert abs(values.mean()) < 0.02 and values.std() > 0.13  # spread over the range
    for p, q in zip(a.parameters(), b.parameters()):
        np.testing.assert_array_equal(p.numpy(), q.numpy())
    c = make(5, 16, generator=np.random.default_rng(3))
    d = make(5, 16, generator=np.random.default_rng(3))
    for p, q in zip(c.parameters(), d.parameters()):
        np.testing.assert_array_equal(p.numpy(), q.numpy())


# ---- dropout between layers ------------------------------------------------------------
def test_dropout_acts_between_layers_only_while_training() -> None:
    mg.manual_seed(0)
    lstm = nn.LSTM(3, 4, num_layers=2, dropout=0.5)
    plain = nn.LSTM(3, 4, num_layers=2)
    plain.load_state_dict(lstm.state_dict())
    x = mg.randn(6, 2, 3)
    lstm.eval()
    np.testing.assert_array_equal(lstm(x)[0].numpy(), plain(x)[0].numpy())
    lstm.train()
    first, second = lstm(x)[0].numpy(), lstm(x)[0].numpy()
    assert not np.allclose(first, second)  # new masks each call
    assert not np.allclose(first, plain(x)[0].numpy())
    # the first layer's state is untouched by dropout, the last layer's is not
    np.testing.assert_array_equal(lstm(x)[1][0].numpy()[0], plain(x)[1][0].numpy()[0])


def test_dropout_of_one_gives_the_second_layer_zeros() -> None:
    gru = fill(nn.GRU(2, 3, num_layers=2, dropout=1.0, dtype=mg.float64))
    out, h_n = gru(inputs(4, 1, 2))
    # the second layer saw only zeros: rerun it on zeros by hand
    top = nn.GRU(3, 3, dtype=mg.float64)
    top.load_state_dict({k.replace("l1", "l0"): v for k, v in gru.state_dict().items()
                         if k.endswith("l1")})
    expected, _ = top(mg.zeros(4, 1, 3, dtype=mg.float64))
    np.testing.assert_allclose(out.numpy(), expected.numpy())
    gru.eval()
    assert not np.allclose(gru(inputs(4, 1, 2))[0].numpy(), expected.numpy())


def test_dropout_with_one_layer_warns_as_pytorch() -> None:
    with pytest.warns(UserWarning, match="num_layers=1") as record:
        nn.GRU(3, 4, dropout=0.2)
    assert record[0].filename == __file__
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nn.GRU(3, 4, num_layers=2, dropout=0.2)
        nn.GRU(3, 4, dropout=0.0)


# ---- errors ------------------------------------------------------------------------------
def test_constructor_errors() -> None:
    raises(TypeError, lambda: nn.LSTM(3.0, 4), "input_size", "int")
    raises(ValueError, lambda: nn.GRU(0, 4), "input_size", "greater than zero")
    raises(ValueError, lambda: nn.RNN(3, -1), "hidden_size")
    raises(ValueError, lambda: nn.LSTM(3, 4, 0), "num_layers")
    raises(TypeError, lambda: nn.LSTM(3, 4, bias=1), "bias", "bool")
    raises(TypeError, lambda: nn.GRU(3, 4, batch_first="yes"), "batch_first", "bool")
    for p in (1.5, -0.1, True, "0.5"):
        raises(ValueError, lambda p=p: nn.LSTM(3, 4, 2, dropout=p), "dropout", "[0, 1]")
    raises(ValueError, lambda: nn.RNN(3, 4, nonlinearity="sigmoid"), "'sigmoid'", "'tanh'")
    raises(ValueError, lambda: nn.RNNCell(3, 4, nonlinearity="gelu"), "'gelu'", "'relu'")
    raises(ValueError, lambda: nn.GRU(3, 4, proj_size=2), "proj_size", "only", "LSTM")
    raises(ValueError, lambda: nn.RNN(3, 4, proj_size=0), "proj_size", "LSTM")
    raises(TypeError, lambda: nn.GRU(3, 4, hiden_size=2), "hiden_size")
    raises(NotImplementedError, lambda: nn.LSTM(3, 4, proj_size=2), "proj_size=2",
           "not in minigrad", "nn.Linear")
    raises(ValueError, lambda: nn.LSTM(3, 4, proj_size=4), "smaller than hidden_size")
    raises(ValueError, lambda: nn.LSTM(3, 4, proj_size=-1), "proj_size")
    raises(DTypeError, lambda: nn.LSTM(3, 4, dtype=mg.int64), "floating")
    raises(RuntimeError, lambda: nn.GRUCell(3, 4, device="cuda"), "CPU")
    raises(TypeError, lambda: nn.LSTMCell(3, None), "hidden_size")


def test_layer_input_errors_name_the_layer_the_shape_and_the_rule() -> None:
    lstm = nn.LSTM(3, 4, num_layers=2)
    raises(ShapeError, lambda: lstm(mg.randn(5, 2, 3, 1)), "LSTM(3, 4, num_layers=2)",
           "3-D (seq_len, batch, input_size)", "2-D", "(5, 2, 3, 1)")
    raises(ShapeError, lambda: lstm(mg.randn(3)), "(3,)")
    raises(ShapeError, lambda: lstm(mg.randn(5, 2, 6)), "(5, 2, 6)", "input_size=3")
    raises(ShapeError, lambda: nn.GRU(3, 4, batch_first=True)(mg.randn(2, 5, 4)),
           "(2, 5, 4)", "input_size=3", "(batch, seq_len, input_size)")
    raises(ShapeError, lambda: lstm(mg.randn(0, 2, 3)), "length 0")
    raises(DTypeError, lambda: lstm(mg.randn(5, 2, 3, dtype=mg.float64)), "float64",
           "float32", "x.float()")
    raises(DTypeError, lambda: lstm(mg.ones(5, 2, 3, dtype=mg.int64)), "int64", "x.float()")
    raises(TypeError, lambda: lstm(np.zeros((5, 2, 3))), "Tensor", "mg.tensor")


def test_layer_state_errors() -> None:
    rnn = nn.RNN(3, 4, num_layers=2, bidirectional=True)
    x = mg.randn(5, 2, 3)
    raises(ShapeError, lambda: rnn(x, mg.zeros(4, 3, 4)), "h_0", "(4, 3, 4)", "(4, 2, 4)",
           "num_layers * num_directions, batch, hidden_size")
    raises(ShapeError, lambda: rnn(x, mg.zeros(4, 4)), "(4, 4)", "(4, 2, 4)")
    raises(ShapeError, lambda: rnn(mg.randn(5, 3), mg.zeros(4, 1, 4)), "(4, 1, 4)", "(4, 4)",
           "unbatched")
    raises(DTypeError, lambda: rnn(x, mg.zeros(4, 2, 4, dtype=mg.float64)), "h_0", "float64")
    lstm = nn.LSTM(3, 4)
    raises(TypeError, lambda: lstm(x, mg.zeros(1, 2, 4)), "(h_0, c_0)", "Tensor")
    raises(TypeError, lambda: lstm(x, (mg.zeros(1, 2, 4),)), "(h_0, c_0)")
    raises(ShapeError, lambda: lstm(x, (mg.zeros(1, 2, 4), mg.zeros(1, 2, 5))), "c_0",
           "(1, 2, 5)", "(1, 2, 4)")
    raises(TypeError, lambda: lstm(x, (mg.zeros(1, 2, 4), None)), "c_0", "Tensor")


def test_cell_errors() -> None:
    cell = nn.LSTMCell(3, 4)
    raises(ShapeError, lambda: cell(mg.randn(1, 2, 3)), "LSTMCell(3, 4)", "1-D", "2-D",
           "(1, 2, 3)")
    raises(ShapeError, lambda: cell(mg.tensor(1.0)), "()")
    raises(ShapeError, lambda: cell(mg.randn(2, 5)), "(2, 5)", "input_size=3")
    raises(TypeError, lambda: cell(mg.randn(2, 3), mg.zeros(2, 4)), "(h, c)")
    raises(ShapeError, lambda: cell(mg.randn(2, 3), (mg.zeros(2, 4), mg.zeros(3, 4))),
           "hx[1]", "(3, 4)", "(2, 4)")
    raises(ShapeError, lambda: cell(mg.randn(3), (mg.zeros(1, 4), mg.zeros(1, 4))),
           "(1, 4)", "(4,)")
    gru = nn.GRUCell(3, 4)
    raises(ShapeError, lambda: gru(mg.randn(2, 3), mg.zeros(2, 5)), "hx", "(2, 5)", "(2, 4)")
    raises(ShapeError, lambda: gru(mg.randn(2, 3), mg.zeros(4)), "(4,)", "(2, 4)")
    raises(DTypeError, lambda: gru(mg.randn(2, 3, dtype=mg.float64)), "float64")
    raises(DTypeError, lambda: gru(mg.randn(2, 3), mg.zeros(2, 4, dtype=mg.float64)), "hx")


def test_the_names_left_the_list_of_missing_ones() -> None:
    from minigrad import missing

    assert not {"RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell"} & missing._KNOWN[
        "minigrad.nn"]
    assert nn.LSTM is nn.recurrent.LSTM and nn.GRUCell is nn.cells.GRUCell


def test_a_recurrent_model_trains() -> None:
    """A char-level LSTM learns a short string (the loss falls far)."""
    mg.manual_seed(0)
    text = "hello hello hello"
    chars = sorted(set(text))
    ids = mg.tensor([chars.index(ch) for ch in text])
    onehot = mg.functional.one_hot(ids, len(chars)).float()
    lstm, head = nn.LSTM(len(chars), 16, batch_first=True), nn.Linear(16, len(chars))
    opt = mg.optim.Adam(list(lstm.parameters()) + list(head.parameters()), lr=0.05)
    losses = []
    for _ in range(40):
        out, _ = lstm(onehot[:-1].unsqueeze(0))
        loss = mg.functional.cross_entropy(head(out[0]), ids[1:])
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < 0.1 * losses[0]
