"""hardshrink and softshrink (ops/shrink.py): values and gradients as PyTorch 2.13 gives
them, at the kinks ±λ too, float64 gradient checks, dtypes and errors."""

from __future__ import annotations

import numpy as np
import pytest
from op_strategies import check

import minigrad as mg
import minigrad.nn.functional as F  # noqa: N812
from minigrad.errors import DTypeError

X = [-1.0, -0.5, -0.2, 0.0, 0.5, 0.7, np.nan, np.inf]


def value_and_grad(f, values, **kw):
    x = mg.tensor(values, requires_grad=True)
    y = f(x, **kw)
    (g,) = mg.grad(y.sum(), x)
    return y.numpy(), g.numpy()


def test_hardshrink_as_pytorch() -> None:
    y, g = value_and_grad(F.hardshrink, X)
    np.testing.assert_array_equal(y, np.array([-1, 0, 0, 0, 0, 0.7, np.nan, np.inf], np.float32))
    np.testing.assert_array_equal(g, [1, 0, 0, 0, 0, 1, 1, 1])  # 0 at ±λ; NaN passes
    y, _ = value_and_grad(F.hardshrink, X, lambd=-1.0)  # a negative λ keeps everything
    np.testing.assert_array_equal(y, np.array(X, np.float32))


def test_softshrink_as_pytorch() -> None:
    y, g = value_and_grad(F.softshrink, X)
    np.testing.assert_allclose(y, [-0.5, 0, 0, 0, 0, 0.2, np.nan, np.inf], rtol=1e-6)
    np.testing.assert_array_equal(g, [1, 0, 0, 0, 0, 1, 1, 1])


@pytest.mark.parametrize("f", [F.hardshrink, F.softshrink])
@pytest.mark.parametrize("shape", [(), (3,), (2, 3)])
def test_gradients_float64(f, shape) -> None:
    rng = np.random.default_rng(len(shape))
    # values kept away from the kinks at ±0.5, where the derivative jumps
    x = rng.choice([-1.0, 1.0], size=shape) * rng.choice([0.1, 0.3, 0.8, 1.7], size=shape)
    check(lambda t: f(t, lambd=0.5), x)


def test_dtypes_names_and_modules() -> None:
    for dtype in (mg.float16, mg.float32, mg.float64):
        assert F.softshrink(mg.ones(2, dtype=dtype)).dtype == dtype
        assert F.hardshrink(mg.ones(2, dtype=dtype)).dtype == dtype
    assert F.softshrink(mg.tensor([1.0], dtype=mg.float16)).numpy().tolist() == [0.5]
    assert repr(mg.nn.Hardshrink()) == "Hardshrink(0.5)" and repr(mg.nn.Softshrink(0.3)) == \
        "Softshrink(0.3)"
    x = mg.tensor([0.7, 0.2])
    assert mg.nn.Softshrink()(x).numpy().tolist() == pytest.approx([0.2, 0.0])
    assert x.hardshrink().numpy().tolist() == mg.hardshrink(x).numpy().tolist() == \
        pytest.approx([0.7, 0.0])
    assert x.numpy().tolist() == pytest.approx([0.7, 0.2])  # the input is not changed


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: F.hardshrink(mg.tensor([1, 2])), DTypeError, "hardshrink: needs a floating tensor"),
    (lambda: F.softshrink(mg.tensor([True])), DTypeError, "softshrink: needs a floating tensor"),
    (lambda: F.softshrink(mg.ones(1), -1), ValueError, "softshrink: lambd must be >= 0"),
    (lambda: F.hardshrink(mg.ones(1), "big"), TypeError, "hardshrink: lambd must be a number"),
])
def test_errors(call, error, message) -> None:
    with pytest.raises(error, match=message):
        call()
