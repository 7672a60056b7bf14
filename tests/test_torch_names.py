"""PyTorch's names that beginner code reaches for: torch.autograd (with its ctx-style
Function), torch.softmax, allclose/isclose/equal, isnan, x.long() and friends. Expected
values are PyTorch 2.13's."""

from __future__ import annotations

import numpy as np
import pytest

import minigrad as mg
from minigrad.errors import DTypeError


class Legendre3(mg.autograd.Function):
    """PyTorch tutorial style: P3(x) = (5x^3 - 3x) / 2, P3'(x) = 3/2 (5x^2 - 1)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return 0.5 * (5 * x**3 - 3 * x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * 1.5 * (5 * x**2 - 1)


class Scaled(mg.autograd.Function):
    """Non-tensor arguments, ctx attributes, and a None gradient for them."""

    @staticmethod
    def forward(ctx, x, k):
        ctx.k = k
        ctx.seen_needs = ctx.needs_input_grad
        return x * k

    @staticmethod
    def backward(ctx, g):
        return g * ctx.k, None


def test_a_pytorch_style_function_gives_the_tutorial_gradient():
    x = mg.tensor([-1.0, 0.5, 2.0], requires_grad=True)
    y = Legendre3.apply(x)
    assert y.grad_fn.name == "Legendre3"
    np.testing.assert_allclose(y.numpy(), [-1.0, -0.4375, 17.0])
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [6.0, 0.375, 28.5])


def test_a_pytorch_style_function_passes_gradcheck_and_gradgradcheck():
    x = mg.tensor([0.3, -1.2, 0.7], dtype=mg.float64, requires_grad=True)
    assert mg.gradcheck(Legendre3.apply, (x,))
    assert mg.gradgradcheck(Legendre3.apply, (x,))
    assert mg.gradcheck(lambda t: Scaled.apply(t, 2.5), (x,))


def test_non_tensor_arguments_and_wrong_backward_arity():
    x = mg.tensor([1.0, 2.0], requires_grad=True)
    y = Scaled.apply(x, 3.0)
    assert y.grad_fn.saved.seen_needs == (True, False)
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [3.0, 3.0])

    class Forgetful(Scaled):
        @staticmethod
        def backward(ctx, g):
            return g * ctx.k

    with pytest.raises(TypeError, match=r"Forgetful.backward returned 1 gradient\(s\); it "
                                         r"must return one per argument of forward \(2\)"):
        Forgetful.apply(mg.tensor([1.0], requires_grad=True), 2.0).sum().backward()
    with pytest.raises(TypeError, match="pass at least one Tensor"):
        Scaled.apply(1.0, 2.0)


def test_torch_autograd_names_are_minigrads():
    assert mg.autograd.grad is mg.grad and mg.autograd.no_grad is mg.no_grad
    x = mg.tensor(3.0, requires_grad=True)
    (g,) = mg.autograd.grad(x * x, [x])
    assert g.item() == 6.0


def test_top_level_softmax_needs_a_dim_as_in_torch():
    x = mg.tensor([[1.0, 2.0, 3.0]])
    np.testing.assert_allclose(mg.softmax(x, dim=1).numpy(), [[0.09003057, 0.24472848,
                                                              0.66524094]], rtol=1e-6)
    np.testing.assert_allclose(mg.log_softmax(x, 1).numpy(), [[-2.407606, -1.407606,
                                                              -0.407606]], rtol=1e-6)
    with pytest.raises(TypeError, match=r"the dim is required, as in torch.softmax"):
        mg.softmax(x)


def test_allclose_isclose_equal_as_in_torch():
    a = mg.tensor([1.0, 2.0, float("nan")])
    b = mg.tensor([1.0 + 1e-6, 2.1, float("nan")])
    assert mg.isclose(a, b).tolist() == [True, False, False]
    assert mg.isclose(a, b, equal_nan=True).tolist() == [True, False, True]
    assert not mg.allclose(a, b) and a[:1].allclose(b[:1])
    assert mg.equal(a[:2], mg.tensor([1.0, 2.0])) and not mg.equal(a[:2], a[:1])
    with pytest.raises(DTypeError, match="float32 and float64"):
        mg.allclose(a, b.double())


def test_dtype_shorthands_truncate_and_keep_the_tensor_when_nothing_changes():
    x = mg.tensor([-1.7, 0.0, 2.9])
    assert x.long().tolist() == [-1, 0, 2] and x.long().dtype == np.int64
    assert x.int().dtype == np.int32 and x.short().dtype == np.int16
    assert x.bool().tolist() == [True, False, True] and x.half().dtype == np.float16
    assert mg.tensor([300.0]).byte().dtype == np.uint8
    ints = mg.tensor([1, 2])
    assert ints.long() is ints  # already int64: the same tensor, as PyTorch


def test_isnan_isinf_isfinite():
    x = mg.tensor([1.0, float("nan"), float("inf"), -float("inf")])
    assert mg.isnan(x).tolist() == [False, True, False, False]
    assert x.isinf().tolist() == [False, False, True, True]
    assert mg.isfinite(x).tolist() == [True, False, False, False]
    assert mg.tensor([1, 2]).isnan().tolist() == [False, False]
    assert mg.is_tensor(x) and not mg.is_tensor(np.zeros(2)) and mg.numel(x) == 4


def test_data_is_a_tensor_outside_the_graph_sharing_memory_as_in_pytorch():
    w = mg.tensor([1.0, 2.0], requires_grad=True)
    d = w.data
    assert isinstance(d, mg.Tensor) and not d.requires_grad and d.grad_fn is None
    d.fill_(3.0)  # the old-style update: changes w, records nothing
    assert w.tolist() == [3.0, 3.0] and w.grad_fn is None
    (w * w).sum().backward()
    w.grad.data.zero_()  # the classic idiom of older tutorials
    assert w.grad.tolist() == [0.0, 0.0]
    w.data = w.data - 0.5 * mg.tensor([2.0, 4.0])  # assigning stores the values
    assert w.tolist() == [2.0, 1.0] and type(w.numpy()) is np.ndarray


def test_normal_and_uniform_fill_in_place_from_the_seeded_generator():
    mg.manual_seed(0)
    lin = mg.nn.Linear(3, 2)
    lin.weight.data.normal_(0, 0.01)  # d2l's initialisation
    lin.bias.data.fill_(0)
    w = lin.weight.numpy().copy()
    assert abs(w).max() < 0.05 and lin.bias.tolist() == [0.0, 0.0]
    mg.manual_seed(0)
    again = mg.nn.Linear(3, 2)
    again.weight.data.normal_(0, 0.01)
    np.testing.assert_array_equal(again.weight.numpy(), w)  # reproducible with manual_seed
    x = mg.zeros(1000).uniform_(-1, 2)
    assert x.dtype == np.float32 and -1 <= x.numpy().min() and x.numpy().max() < 2
    with pytest.raises(mg.errors.InplaceError, match="normal_: cannot change a leaf"):
        mg.tensor([1.0], requires_grad=True).normal_()
    with pytest.raises(ValueError, match="std must be >= 0"):
        mg.zeros(2).normal_(0, -1)


def test_method_spellings_of_the_operators():
    x = mg.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    assert x.add(1, alpha=2).tolist() == [[3.0, 4.0], [5.0, 6.0]]
    assert x.sub(x, alpha=0.5).tolist() == [[0.5, 1.0], [1.5, 2.0]]
    assert x.mul(2).div(4).neg().tolist() == [[-0.5, -1.0], [-1.5, -2.0]]
    assert x.gt(2).tolist() == [[False, False], [True, True]] and x.le(1).sum().item() == 1
    assert x.t().contiguous().view(-1).tolist() == [1.0, 3.0, 2.0, 4.0]
    assert x.view_as(mg.zeros(4)).shape == (4,) and x[0].expand_as(x).shape == (2, 2)
    assert x.type_as(mg.zeros(1, dtype=mg.float64)).dtype == np.float64
    x.add(x, alpha=3).sum().backward()
    assert x.grad.tolist() == [[4.0, 4.0], [4.0, 4.0]]
    with pytest.raises(DTypeError):
        x.sub(True, alpha=0.5)  # PyTorch refuses a bool in a subtraction, whatever alpha is


def test_a_pytorch_style_function_frees_its_inputs_after_backward():
    x = mg.tensor(np.ones(1000), requires_grad=True)
    y = Legendre3.apply(x * 2)
    node = y.grad_fn
    y.sum().backward()
    assert node.detached is None and node.freed  # a kept loss keeps no activation
    with pytest.raises(mg.errors.BackwardError, match="second time"):
        y.sum().backward()
