"""The autograd API and Tensor attributes answer as PyTorch 2.13 does (issue 12).

mg.grad runs only the part of the graph between its outputs and inputs;
`.data` and `.grad` check what is assigned; `t == None` is False; softmax
without a dim uses PyTorch's legacy dim and warns. Expected values are
literals taken from torch 2.13 (torch is not needed to run these tests).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import minigrad as mg
import minigrad.functional as F
from minigrad.errors import BackwardError, DTypeError, ShapeError
from minigrad.function import Function


def f64(values, requires_grad=True):
    return mg.Tensor(np.asarray(values, dtype=np.float64), requires_grad=requires_grad)


class Spy(Function):
    """y = x; counts how often its backward runs (in the list `calls`)."""

    def forward(self, x, calls):
        self.calls = calls
        return x.copy()

    def backward(self, g):
        self.calls.append(1)
        return g


# ---- mg.grad: which part of the graph runs ------------------------------------------------
def test_grad_does_not_run_or_free_the_graph_below_its_inputs():
    x = f64([1.0, 2.0])
    calls = []
    h = Spy.apply(x.exp(), calls=calls)
    loss = (h * h).sum()
    (gh,) = mg.grad(loss, h)
    np.testing.assert_allclose(gh.numpy(), [5.43656366, 14.7781122])  # torch: 2 e^x
    assert calls == [] and x.grad is None  # nothing below h ran
    h.sum().backward()  # so nothing below h was freed
    np.testing.assert_allclose(x.grad.numpy(), [2.71828183, 7.3890561])
    assert calls == [1]


def test_grad_skips_branches_that_lead_to_none_of_its_inputs():
    x, w = f64([1.0, 2.0]), f64([1.0, 2.0])
    calls = []
    b = Spy.apply(w.exp(), calls=calls)
    y = (x.exp() + b).sum()
    (gx,) = mg.grad(y, x)
    np.testing.assert_allclose(gx.numpy(), [2.71828183, 7.3890561])
    assert calls == []
    b.sum().backward()  # w's branch was neither run nor freed, as in torch
    np.testing.assert_allclose(w.grad.numpy(), [2.71828183, 7.3890561])


def test_grad_runs_through_an_input_that_has_another_input_below_it():
    x = f64([1.0, 2.0])
    h = x * 2
    gh, gx, gh2 = mg.grad((h * h).sum(), [h, x, h])
    assert gh.tolist() == [4.0, 8.0] and gx.tolist() == [8.0, 16.0] and gh2.tolist() == [4.0, 8.0]


def test_grad_of_the_same_input_twice():
    x = f64([1.0, 2.0])
    g1, g2 = mg.grad((x * x).sum(), [x, x])
    assert g1.tolist() == [2.0, 4.0] and g2.tolist() == [2.0, 4.0]
    g1.zero_()  # each result has memory of its own
    assert g2.tolist() == [2.0, 4.0]
    g1, g2 = mg.grad((x * x * x).sum(), [x, x], create_graph=True)
    assert g1.tolist() == [3.0, 12.0] and g1.requires_grad
    (gg,) = mg.grad(g2.sum(), x)
    assert gg.tolist() == [6.0, 12.0]


def test_grad_results_are_writeable_and_independent():
    x = f64([1.0, 2.0])
    h1, h2 = x * 2, x * 3
    g1, g2 = mg.grad((h1 + h2).sum(), [h1, h2])  # Add hands one array to both
    g1.zero_()
    assert g1.tolist() == [0.0, 0.0] and g2.tolist() == [1.0, 1.0]


# ---- mg.grad and .grad: only tensors that called retain_grad() on the way ------------------
def test_grad_fills_retained_grads_on_its_way_only():
    # torch.autograd.grad leaves the leaves' .grad alone but stores the gradient of a
    # tensor that called retain_grad() when its walk runs through that tensor.
    x, w = f64([1.0, 2.0]), f64([1.0, 2.0])
    a, b = x * 3, w * 3
    for t in (a, b):
        t.retain_grad()
    y = (a * a + b).sum()
    (gx,) = mg.grad(y, x, retain_graph=True)
    assert gx.tolist() == [18.0, 36.0]
    assert a.grad.tolist() == [6.0, 12.0]  # on the way from y to x
    assert b.grad is None and x.grad is None and w.grad is None  # beside the way; leaves
    y.backward()
    assert a.grad.tolist() == [12.0, 24.0]  # accumulated, as torch does
    assert x.grad.tolist() == [18.0, 36.0]


def test_grad_stores_the_gradient_of_a_retained_input_but_not_below_it():
    x = f64([1.0, 2.0])
    h = x * 3
    k = h * 1
    h.retain_grad()
    k.retain_grad()
    (gk,) = mg.grad((k * k).sum(), k)
    assert gk.tolist() == [6.0, 12.0] and k.grad.tolist() == [6.0, 12.0]
    assert h.grad is None  # below the input: not run
    gk.zero_()
    assert k.grad.tolist() == [6.0, 12.0]  # the result and .grad do not share memory


# ---- mg.grad: the other arguments -------------------------------------------------------------
def test_grad_frees_what_it_ran_unless_retain_graph():
    x = f64([1.0, 2.0])
    y = x.exp().sum()
    mg.grad(y, x)
    with pytest.raises(BackwardError, match="retain_graph=True"):
        mg.grad(y, x)
    y = x.exp().sum()
    mg.grad(y, x, retain_graph=True)
    (g,) = mg.grad(y, x)
    np.testing.assert_allclose(g.numpy(), [2.71828183, 7.3890561])


def test_grad_of_an_output_with_respect_to_itself():
    x = f64([1.0, 2.0])
    y = x * 2
    (g,) = mg.grad(y, y, grad_outputs=np.array([3.0, 4.0]))
    assert g.tolist() == [3.0, 4.0]
    (g,) = mg.grad(x, x, grad_outputs=np.array([5.0, 6.0]))
    assert g.tolist() == [5.0, 6.0]
    s = f64(2.0)
    assert mg.grad(s, s)[0].item() == 1.0
    with pytest.raises(BackwardError, match="single number"):
        mg.grad(x, x)  # torch: a gradient is implied only for scalar outputs


def test_grad_unused_inputs_and_no_inputs():
    x = f64([1.0])
    h = x * 2  # requires grad, but y does not use it
    y = (x * 3).sum()
    with pytest.raises(BackwardError, match="input 0 is not used.*allow_unused=True"):
        mg.grad(y, h, retain_graph=True)
    gh, gx = mg.grad(y, [h, x], allow_unused=True)
    assert gh is None and gx.tolist() == [3.0]
    with pytest.raises(BackwardError, match="no inputs given"):
        mg.grad(y, [])


def test_grad_outputs_may_be_none_for_scalar_outputs():
    x = f64([1.0, 2.0])
    a, b = (x * 2).sum(), (x * 3).sum()
    (g,) = mg.grad([a, b], x, grad_outputs=[None, mg.tensor(2.0, dtype=np.float64)])
    assert g.tolist() == [8.0, 8.0]


def test_backward_is_unchanged_by_a_retained_intermediate():
    x = f64([1.0, 2.0])
    h = x * 3
    h.retain_grad()
    (h * h).sum().backward()
    assert h.grad.tolist() == [6.0, 12.0] and x.grad.tolist() == [18.0, 36.0]


# ---- .data --------------------------------------------------------------------------------
def test_assigning_a_tensor_to_data_stores_its_array():
    w = mg.tensor([1.0, 2.0], requires_grad=True)
    (w * w).sum().backward()
    w.data = w.data - 0.5 * w.grad  # PyTorch code: the right side is a Tensor
    assert type(w.numpy()) is np.ndarray and w.numpy().dtype == np.float32
    assert w.tolist() == [0.0, 0.0]
    assert repr(w) == "Tensor([0., 0.], requires_grad=True)"
    assert w.requires_grad and w.grad_fn is None
    (w * 3).sum().backward()  # still a working leaf
    assert w.grad.tolist() == [5.0, 7.0]


def test_data_takes_arrays_and_numpy_scalars():
    w = mg.tensor(2.0, requires_grad=True)
    w.data = w.numpy() * 3  # numpy arithmetic on a 0-d array gives a numpy scalar
    assert type(w.numpy()) is np.ndarray and w.numpy().shape == () and w.item() == 6.0
    w.data = np.array([1.0, 2.0, 3.0])  # shape and (floating) dtype may change, as in torch
    assert w.shape == (3,) and w.dtype == np.float64 and w.requires_grad
    t = mg.tensor([1.0, 2.0])
    t.data = np.array([1, 2])  # no grad required: any real dtype
    assert t.dtype == np.int64


@pytest.mark.parametrize("value", [[1.0, 2.0], 1.0, None, "12"])
def test_data_refuses_what_is_not_an_array(value):
    w = mg.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(TypeError, match=r"t\.data = \.\.\.: expected a numpy array or a Tensor"):
        w.data = value
    assert w.tolist() == [1.0, 2.0]


def test_data_keeps_a_tensor_that_requires_grad_floating():
    w = mg.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(DTypeError, match="requires grad.*int64.*astype"):
        w.data = np.array([1, 2])
    with pytest.raises(DTypeError, match="requires grad"):
        w.data = mg.tensor([1, 2])
    with pytest.raises(DTypeError, match="real numbers"):
        w.data = np.array(["a", "b"])
    assert w.dtype == np.float32 and w.tolist() == [1.0, 2.0]


# ---- .grad --------------------------------------------------------------------------------
@pytest.mark.parametrize("value", [0.0, [0.0, 0.0], np.zeros(2, dtype=np.float32)])
def test_grad_refuses_what_is_not_a_tensor(value):
    a = mg.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(TypeError, match=r"Tensor or None.*t\.grad = None.*t\.grad\.zero_\(\)"):
        a.grad = value
    assert a.grad is None


def test_grad_must_have_the_tensors_shape_and_dtype():
    a = mg.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(ShapeError, match=r"shape \(3,\) for a tensor of shape \(2,\)"):
        a.grad = mg.zeros(3)
    with pytest.raises(DTypeError, match="dtype float64 for a tensor of dtype float32"):
        a.grad = mg.zeros(2, dtype=np.float64)
    with pytest.raises(DTypeError, match="dtype int64"):
        a.grad = mg.tensor([0, 0])
    assert a.grad is None


def test_an_assigned_grad_is_accumulated_into():
    a = mg.tensor([1.0, 2.0], requires_grad=True)
    a.grad = mg.tensor([10.0, 10.0])
    (a * a).sum().backward()
    assert a.grad.tolist() == [12.0, 14.0]
    a.grad = None
    (a * 3).sum().backward()
    assert a.grad.tolist() == [3.0, 3.0]


# ---- comparisons with None and other objects -----------------------------------------------
def test_comparing_with_none_answers_as_torch():
    t = mg.tensor([1.0, 2.0])
    assert (t == None) is False  # noqa: E711  (the point of the test)
    assert (t != None) is True  # noqa: E711
    assert (None == t) is False  # noqa: E711
    assert t not in [None]
    assert mg.tensor(1.0) in [None, "a", 1]  # only 1 compares (elementwise: True)
    assert [None, t].index(t) == 1
    with pytest.raises(TypeError, match="'<' not supported between instances of 'Tensor' and"):
        t < None  # noqa: B015


def test_comparing_with_objects_that_are_no_numbers():
    t = mg.tensor([1.0, 2.0])
    assert (t == "a") is False and (t != "a") is True
    assert (t == [1.0, 2.0]) is False  # torch: a list is no operand of ==
    assert (t == object()) is False
    with pytest.raises(TypeError, match="'>' not supported"):
        t > "a"  # noqa: B015
    with pytest.raises(TypeError, match="'<=' not supported"):
        t <= [1.0, 2.0]  # noqa: B015


def test_comparing_with_numbers_and_arrays_is_still_elementwise():
    t = mg.tensor([1.0, 2.0])
    assert (t == 1).tolist() == [True, False]
    assert (t != np.float32(2.0)).tolist() == [True, False]
    assert (t < np.array([2.0, 2.0])).tolist() == [True, False]
    assert (t >= mg.tensor([1.0, 3.0])).tolist() == [True, False]
    with pytest.raises(DTypeError, match="complex"):
        t == 1j  # noqa: B015  (minigrad has no complex dtype: a clear error)


# ---- softmax without a dim ------------------------------------------------------------------
SIGMOID_2 = 0.8807970779778823  # softmax([0, 2]) = [1 - s, s], s = sigmoid(2)


@pytest.mark.parametrize(
    "shape, dim", [((), 0), ((4,), 0), ((2, 3), 1), ((2, 3, 4), 0), ((2, 3, 4, 5), 1)]
)
@pytest.mark.parametrize("fn", [F.softmax, F.log_softmax])
def test_softmax_without_dim_uses_torchs_legacy_dim_and_warns(fn, shape, dim):
    x = np.arange(float(np.prod(shape))).reshape(shape) / 7
    with pytest.warns(UserWarning, match=f"no dim given, so dim={dim} is used.*dim=-1") as seen:
        implicit = fn(x)
    assert seen[0].filename == __file__  # the warning points at the caller's line
    np.testing.assert_array_equal(implicit.numpy(), fn(x, dim).numpy())


def test_softmax_without_dim_on_3d_input_is_over_axis_0():
    x = np.array([[[0.0, 0.0]], [[2.0, 2.0]]])  # (2, 1, 2): the two values along axis 0
    with pytest.warns(UserWarning, match="softmax: no dim given, so dim=0"):
        p = F.softmax(x)
    np.testing.assert_allclose(p.numpy()[:, 0, 0], [1 - SIGMOID_2, SIGMOID_2], rtol=1e-12)
    with pytest.warns(UserWarning, match="log_softmax: no dim given"):
        log_p = F.log_softmax(x, dim=None)
    np.testing.assert_allclose(log_p.numpy()[1, 0], np.log([SIGMOID_2] * 2), rtol=1e-12)


def test_softmax_with_a_dim_does_not_warn():
    x = np.zeros((2, 3, 4))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        F.softmax(x, -1), F.log_softmax(x, dim=2), F.softmax(x, axis=0)


def test_tensor_softmax_methods_require_the_dim():
    x = mg.zeros(2, 3)
    for call in (x.softmax, x.log_softmax):
        with pytest.raises(TypeError, match=r"\(\): say which axis.*required, as in PyTorch"):
            call()
        with pytest.raises(TypeError, match="required"):
            call(dim=None)
    np.testing.assert_allclose(x.softmax(1).numpy(), 1 / 3, rtol=1e-6)
    assert x.softmax(dim=0).tolist() == [[0.5] * 3] * 2
    np.testing.assert_allclose(x.log_softmax(-1).numpy(), np.log(1 / 3), rtol=1e-6)
