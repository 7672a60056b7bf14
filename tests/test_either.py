"""ops.either: each backward helper gives numpy's answer for arrays and records the op
for Tensors, with the same values; and the module layout the reading guide promises."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest

import minigrad as mg
from minigrad.ops import either
from minigrad.ops.activations import Softplus

X = np.array([[-30.0, -1.5, 0.0], [0.25, 2.0, 40.0]])  # includes values where e^x overflows
POSITIVE = np.array([[0.5, 1.0, 3.0], [1e-3, 2.0, 7.0]])

# (name, the call on an array or a Tensor, the expected values for X / POSITIVE)
TWINS = [
    ("exp", lambda v: either.exp(v), np.exp(X)),
    ("log", lambda v: either.log(v), np.log(POSITIVE)),
    ("where", lambda v: either.where(X > 0, v, 0.0), np.where(X > 0, X, 0.0)),
    ("maximum", lambda v: either.maximum(v, 0.5), np.maximum(X, 0.5)),
    ("broadcast_to", lambda v: either.broadcast_to(v[:1], (3, 3)), np.tile(X[:1], (3, 1))),
    ("sigmoid", lambda v: either.sigmoid(v), 1 / (1 + np.exp(-X))),
    ("softplus", lambda v: either.softplus(v), np.logaddexp(0, X)),
]


def _input(name: str) -> np.ndarray:
    return POSITIVE if name == "log" else X


@pytest.mark.parametrize("name, call, expected", TWINS, ids=[t[0] for t in TWINS])
def test_an_array_gives_an_array_and_a_tensor_gives_a_recorded_tensor(name, call, expected):
    array = _input(name)
    with np.errstate(over="raise"):  # the stable forms never overflow
        from_array = call(array)
    assert isinstance(from_array, np.ndarray)
    np.testing.assert_allclose(from_array, expected, rtol=1e-12)

    t = mg.tensor(array, requires_grad=True)
    from_tensor = call(t)
    assert isinstance(from_tensor, mg.Tensor)
    assert from_tensor.grad_fn is not None  # recorded: differentiable again
    np.testing.assert_allclose(from_tensor.numpy(), expected, rtol=1e-12)
    assert from_tensor.dtype == from_array.dtype == np.float64


def test_maximum_keeps_a_float32_value_float32():
    v = np.array([1e-20, 0.5], dtype=np.float32)
    assert either.maximum(v, 1e-12).dtype == np.float32
    assert either.maximum(mg.tensor(v), 1e-12).dtype == np.float32
    assert either.maximum(np.float32(0.25), 1e-12).dtype == np.float32  # a numpy scalar too


def test_index_add_adds_up_repeated_indices_for_arrays_and_tensors():
    index = (np.array([0, 2, 0]),)
    g = np.array([1.0, 2.0, 3.0])
    np.testing.assert_array_equal(either.index_add(g, (4,), index), [4.0, 0.0, 2.0, 0.0])
    t = mg.tensor(g, requires_grad=True)
    out = either.index_add(t, (4,), index)
    assert out.grad_fn is not None
    (out * mg.tensor([1.0, 10.0, 100.0, 1000.0])).sum().backward()
    np.testing.assert_array_equal(t.grad.numpy(), [1.0, 100.0, 1.0])  # each value's place


def test_raw_gives_the_array_of_either_kind():
    t = mg.tensor([1.0, 2.0], requires_grad=True)
    assert either.raw(t) is t.numpy()
    np.testing.assert_array_equal(either.raw([1, 2]), np.array([1, 2]))


@pytest.mark.parametrize("shape", [(), (3,), (2, 4)])
def test_softplus_op_gradcheck_and_gradgradcheck(shape):
    rng = np.random.default_rng(1)
    x = mg.tensor(rng.standard_normal(shape) * 3, requires_grad=True)
    assert mg.gradcheck(Softplus.apply, (x,))
    assert mg.gradgradcheck(Softplus.apply, (x,))


def test_a_recorded_backward_through_the_twins_gives_second_derivatives():
    """d²/dx² of binary_cross_entropy_with_logits(x, y, pos_weight) is p(1 - p) l: the
    second derivative comes from either.sigmoid's Tensor branch."""
    x = mg.tensor([-2.0, 0.5, 3.0], requires_grad=True, dtype=np.float64)
    y = mg.tensor([0.0, 1.0, 1.0], dtype=np.float64)
    pw = mg.tensor([2.0, 2.0, 2.0], dtype=np.float64)
    loss = mg.functional.binary_cross_entropy_with_logits(x, y, pos_weight=pw, reduction="sum")
    (gx,) = mg.grad(loss, x, create_graph=True)
    (hx,) = mg.grad(gx.sum(), x)
    p = 1 / (1 + np.exp(-x.numpy()))
    np.testing.assert_allclose(hx.numpy(), p * (1 - p) * (1 + (2.0 - 1) * y.numpy()), rtol=1e-10)


PACKAGE = Path(mg.__file__).parent


def _relative_imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            yield node


def test_no_module_imports_another_modules_private_names():
    """Shared pieces have a public name in a module named for them (viz.picture, not
    dot._picture): what one module takes from another is part of the reading path."""
    private = [
        f"{path.relative_to(PACKAGE)}:{node.lineno} imports {alias.name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for node in _relative_imports(path)
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    ]
    assert not private, "\n".join(private)
